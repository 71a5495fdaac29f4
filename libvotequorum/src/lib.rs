//! `libvotequorum.so.4`: the votequorum API of `corosync/votequorum.h`:
//! votes, expected votes, the quorum device and change notifications.

use std::ffi::{CStr, c_char, c_void};

use capi::HandleDb;
use coroipcc::instance::{self, Instance};
use corosync_wire::CsError;
use corosync_wire::ipc::{ResponseHeader, ServiceId};
use corosync_wire::votequorum::{self as wire, Callback, MAX_QDISK_NAME_LEN, req};

pub type VotequorumHandle = u64;

/// `votequorum_node_t`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VotequorumNode {
    pub nodeid: u32,
    pub state: u32,
}

/// `struct votequorum_info` (28 bytes).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct VotequorumInfo {
    pub node_id: u32,
    pub node_votes: u32,
    pub node_expected_votes: u32,
    pub highest_expected: u32,
    pub total_votes: u32,
    pub quorum: u32,
    pub flags: u32,
}

/// `struct votequorum_qdisk_info` (264 bytes).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct VotequorumQdiskInfo {
    pub votes: u32,
    pub state: u32,
    pub name: [u8; MAX_QDISK_NAME_LEN],
}

pub type NotifyFn = unsafe extern "C" fn(
    handle: VotequorumHandle,
    context: u64,
    quorate: u32,
    node_list_entries: u32,
    node_list: *mut VotequorumNode,
);

pub type ExpectedVotesFn =
    unsafe extern "C" fn(handle: VotequorumHandle, context: u64, expected_votes: u32);

/// `votequorum_callbacks_t`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct VotequorumCallbacks {
    pub votequorum_notify_fn: Option<NotifyFn>,
    pub votequorum_expectedvotes_notify_fn: Option<ExpectedVotesFn>,
}

pub use coroipcc::instance::{CS_DISPATCH_ALL, CS_DISPATCH_ONE};
pub const CS_DISPATCH_BLOCKING: i32 = 3;

pub type VqInst = Instance<VotequorumCallbacks>;

static INSTANCES: HandleDb<VqInst> = HandleDb::new();

fn header_error(buf: &[u8]) -> CsError {
    match ResponseHeader::decode(&corosync_wire::bytes::Reader::new(buf)) {
        Ok(h) => h.error,
        Err(_) => CsError::LIBRARY,
    }
}

/// A request answered with the 24-byte status reply.
fn status(inst: &VqInst, req: &[u8]) -> CsError {
    let mut resp = [0u8; wire::size::STATUS_RESPONSE];
    match inst.conn.send_recv(&[req], &mut resp) {
        Ok(()) => header_error(&resp),
        Err(e) => e,
    }
}

fn dispatch(inst: &VqInst, handle: VotequorumHandle, flags: i32) -> CsError {
    inst.dispatch(flags, false, |buf| {
        match wire::decode_callback(buf) {
            Ok(Some(Callback::Notification {
                quorate,
                context,
                nodes,
            })) => {
                if let Some(f) = inst.callbacks.votequorum_notify_fn {
                    let mut list: Vec<VotequorumNode> = nodes
                        .iter()
                        .map(|&(nodeid, state)| VotequorumNode { nodeid, state })
                        .collect();
                    // SAFETY: calling the application's callback with a
                    // pointer to a list that outlives the call.
                    unsafe {
                        f(
                            handle,
                            context,
                            quorate,
                            list.len() as u32,
                            list.as_mut_ptr(),
                        )
                    };
                }
            }
            Ok(Some(Callback::ExpectedVotes { context, expected })) => {
                if let Some(f) = inst.callbacks.votequorum_expectedvotes_notify_fn {
                    // SAFETY: calling the application's callback.
                    unsafe { f(handle, context, expected) };
                }
            }
            Ok(None) | Err(_) => return Err(CsError::LIBRARY),
        }
        Ok(())
    })
}

fn with_inst(handle: VotequorumHandle, f: impl FnOnce(&VqInst) -> CsError) -> CsError {
    match INSTANCES.get(handle) {
        Ok(inst) => f(&inst),
        Err(e) => e,
    }
}

capi::export! {
    fn votequorum_initialize(handle: *mut u64, callbacks: *const VotequorumCallbacks) -> CsError [CsError::LIBRARY] {
        let callbacks = if callbacks.is_null() {
            VotequorumCallbacks { votequorum_notify_fn: None, votequorum_expectedvotes_notify_fn: None }
        } else {
            // SAFETY: the caller passes readable callbacks.
            unsafe { *callbacks }
        };
        // SAFETY: the caller's handle storage (checked there).
        unsafe { instance::initialize(&INSTANCES, handle, ServiceId::VOTEQUORUM.0, callbacks) }
    }

    fn votequorum_finalize(handle: u64) -> CsError [CsError::LIBRARY] {
        instance::finalize(&INSTANCES, handle)
    }

    fn votequorum_fd_get(handle: u64, fd: *mut i32) -> CsError [CsError::LIBRARY] {
        // SAFETY: the caller's storage (checked there).
        unsafe { instance::fd_get(&INSTANCES, handle, fd) }
    }

    fn votequorum_context_get(handle: u64, context: *mut *mut c_void) -> CsError [CsError::LIBRARY] {
        // SAFETY: the caller's storage (checked there).
        unsafe { instance::context_get(&INSTANCES, handle, context.cast()) }
    }

    fn votequorum_context_set(handle: u64, context: *mut c_void) -> CsError [CsError::LIBRARY] {
        instance::context_set(&INSTANCES, handle, context)
    }

    fn votequorum_getinfo(handle: VotequorumHandle, nodeid: u32, info: *mut VotequorumInfo) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| {
            if info.is_null() {
                return CsError::INVALID_PARAM;
            }
            let mut resp = [0u8; wire::size::GETINFO_RESPONSE];
            if let Err(e) = inst
                .conn
                .send_recv(&[&wire::encode_one_arg(req::GETINFO, nodeid)], &mut resp)
            {
                return e;
            }
            match wire::decode_getinfo_response(&resp) {
                Ok((e, i)) => {
                    let out = VotequorumInfo {
                        node_id: i.nodeid,
                        node_votes: i.votes,
                        node_expected_votes: i.expected_votes,
                        highest_expected: i.highest_expected,
                        total_votes: i.total_votes,
                        quorum: i.quorum,
                        flags: i.flags,
                    };
                    // SAFETY: checked non-null; caller-provided storage.
                    unsafe { *info = out };
                    e
                }
                Err(_) => CsError::LIBRARY,
            }
        })
    }

    fn votequorum_setexpected(handle: VotequorumHandle, expected_votes: u32) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| {
            status(inst, &wire::encode_one_arg(req::SETEXPECTED, expected_votes))
        })
    }

    fn votequorum_setvotes(handle: VotequorumHandle, nodeid: u32, votes: u32) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| status(inst, &wire::encode_setvotes(nodeid, votes)))
    }

    fn votequorum_qdisk_register(handle: VotequorumHandle, name: *const c_char, votes: u32) -> CsError [CsError::LIBRARY] {
        if name.is_null() {
            return CsError::INVALID_PARAM;
        }
        // SAFETY: the caller passes a NUL-terminated string.
        let name = unsafe { CStr::from_ptr(name) }.to_bytes();
        if name.len() > MAX_QDISK_NAME_LEN {
            return CsError::INVALID_PARAM;
        }
        with_inst(handle, |inst| status(inst, &wire::encode_qdisk_register(name, votes)))
    }

    fn votequorum_qdisk_unregister(handle: VotequorumHandle) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| status(inst, &wire::encode_general(req::QDISK_UNREGISTER)))
    }

    fn votequorum_qdisk_poll(handle: VotequorumHandle, state: u32) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| status(inst, &wire::encode_one_arg(req::QDISK_POLL, state)))
    }

    fn votequorum_qdisk_getinfo(handle: VotequorumHandle, qinfo: *mut VotequorumQdiskInfo) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| {
            if qinfo.is_null() {
                return CsError::INVALID_PARAM;
            }
            let mut resp = [0u8; wire::size::QDISK_GETINFO_RESPONSE];
            if let Err(e) = inst
                .conn
                .send_recv(&[&wire::encode_general(req::QDISK_GETINFO)], &mut resp)
            {
                return e;
            }
            match wire::decode_qdisk_getinfo_response(&resp) {
                Ok((e, votes, state, raw)) => {
                    // up to the first zero, terminated (the name field can
                    // hold 254 characters and the zero)
                    let end = raw.iter().position(|&c| c == 0).unwrap_or(MAX_QDISK_NAME_LEN - 1);
                    let mut name = [0u8; MAX_QDISK_NAME_LEN];
                    name[..end].copy_from_slice(&raw[..end]);
                    // SAFETY: checked non-null; caller-provided storage.
                    unsafe {
                        (*qinfo).votes = votes;
                        (*qinfo).state = state;
                        (*qinfo).name = name;
                    }
                    e
                }
                Err(_) => CsError::LIBRARY,
            }
        })
    }

    fn votequorum_setstate(handle: VotequorumHandle) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| status(inst, &wire::encode_general(req::SETSTATE)))
    }

    fn votequorum_leaving(handle: VotequorumHandle) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| status(inst, &wire::encode_general(req::LEAVING)))
    }

    fn votequorum_trackstart(handle: VotequorumHandle, context: u64, flags: u32) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| status(inst, &wire::encode_trackstart(context, flags)))
    }

    fn votequorum_trackstop(handle: VotequorumHandle) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| status(inst, &wire::encode_general(req::TRACKSTOP)))
    }

    fn votequorum_dispatch(handle: VotequorumHandle, dispatch_types: i32) -> CsError [CsError::LIBRARY] {
        if !(CS_DISPATCH_ONE..=CS_DISPATCH_BLOCKING).contains(&dispatch_types) {
            return CsError::INVALID_PARAM;
        }
        with_inst(handle, |inst| dispatch(inst, handle, dispatch_types))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn layouts_match_the_header() {
        assert_eq!(size_of::<VotequorumInfo>(), 28);
        assert_eq!(size_of::<VotequorumQdiskInfo>(), 264);
        assert_eq!(offset_of!(VotequorumQdiskInfo, name), 8);
        assert_eq!(size_of::<VotequorumNode>(), 8);
        assert_eq!(size_of::<VotequorumCallbacks>(), 16);
    }

    #[test]
    fn bad_arguments_are_refused() {
        let long = std::ffi::CString::new(vec![b'q'; 256]).unwrap();
        // SAFETY: plain calls; the string is valid and NUL-terminated.
        unsafe {
            assert_eq!(votequorum_finalize(777), CsError::BAD_HANDLE);
            assert_eq!(votequorum_setvotes(777, 0, 1), CsError::BAD_HANDLE);
            assert_eq!(votequorum_dispatch(777, 0), CsError::INVALID_PARAM);
            assert_eq!(
                votequorum_qdisk_register(777, long.as_ptr(), 1),
                CsError::INVALID_PARAM
            );
        }
    }
}
