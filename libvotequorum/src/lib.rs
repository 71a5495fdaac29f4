//! `libvotequorum.so.4`: the votequorum API of `corosync/votequorum.h`:
//! votes, expected votes, the quorum device and change notifications.

use std::ffi::{CStr, c_char, c_void};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use capi::HandleDb;
use coroipcc::Connection;
use corosync_wire::CsError;
use corosync_wire::ipc::{DEFAULT_BUFFER_SIZE, ResponseHeader, SOCKET_NAME, ServiceId};
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

pub const CS_DISPATCH_ONE: i32 = 1;
pub const CS_DISPATCH_ALL: i32 = 2;
pub const CS_DISPATCH_BLOCKING: i32 = 3;

pub struct VqInst {
    conn: Connection,
    callbacks: VotequorumCallbacks,
    context: AtomicUsize,
    finalized: AtomicBool,
}

static INSTANCES: HandleDb<VqInst> = HandleDb::new();

fn header_error(buf: &[u8]) -> CsError {
    match ResponseHeader::decode(&corosync_wire::bytes::Reader::new(buf)) {
        Ok(h) => h.error,
        Err(_) => CsError::LIBRARY,
    }
}

impl VqInst {
    /// A request answered with the 24-byte status reply.
    fn status(&self, req: &[u8]) -> CsError {
        let mut resp = [0u8; wire::size::STATUS_RESPONSE];
        match self.conn.send_recv(&[req], &mut resp) {
            Ok(()) => header_error(&resp),
            Err(e) => e,
        }
    }

    fn dispatch(&self, handle: VotequorumHandle, flags: i32) -> CsError {
        let timeout = if flags == CS_DISPATCH_ALL { 0 } else { -1 };
        let mut buf = Vec::new();
        loop {
            if self.finalized.load(Ordering::Acquire) {
                return CsError::OK;
            }
            match self.conn.dispatch_recv(timeout, &mut buf, false) {
                Ok(true) => {}
                Ok(false) => {
                    if flags == CS_DISPATCH_ALL {
                        return CsError::OK;
                    }
                    continue;
                }
                Err(CsError::BAD_HANDLE) => return CsError::OK,
                Err(e) => {
                    return if self.finalized.load(Ordering::Acquire) {
                        CsError::OK
                    } else {
                        e
                    };
                }
            }
            match wire::decode_callback(&buf) {
                Ok(Some(Callback::Notification {
                    quorate,
                    context,
                    nodes,
                })) => {
                    if let Some(f) = self.callbacks.votequorum_notify_fn {
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
                    if let Some(f) = self.callbacks.votequorum_expectedvotes_notify_fn {
                        // SAFETY: calling the application's callback.
                        unsafe { f(handle, context, expected) };
                    }
                }
                Ok(None) | Err(_) => return CsError::LIBRARY,
            }
            if flags == CS_DISPATCH_ONE {
                return CsError::OK;
            }
        }
    }
}

fn with_inst(handle: VotequorumHandle, f: impl FnOnce(&VqInst) -> CsError) -> CsError {
    match INSTANCES.get(handle) {
        Ok(inst) => f(&inst),
        Err(e) => e,
    }
}

capi::export! {
    fn votequorum_initialize(handle: *mut VotequorumHandle, callbacks: *const VotequorumCallbacks) -> CsError [CsError::LIBRARY] {
        if handle.is_null() {
            return CsError::INVALID_PARAM;
        }
        let callbacks = if callbacks.is_null() {
            VotequorumCallbacks {
                votequorum_notify_fn: None,
                votequorum_expectedvotes_notify_fn: None,
            }
        } else {
            // SAFETY: the caller passes a readable votequorum_callbacks_t.
            unsafe { *callbacks }
        };
        let conn = match Connection::connect(
            SOCKET_NAME,
            ServiceId::VOTEQUORUM.0,
            DEFAULT_BUFFER_SIZE,
            DEFAULT_BUFFER_SIZE,
            DEFAULT_BUFFER_SIZE,
        ) {
            Ok(c) => c,
            Err(e) => return e,
        };
        let h = INSTANCES.create(VqInst {
            conn,
            callbacks,
            context: AtomicUsize::new(0),
            finalized: AtomicBool::new(false),
        });
        // SAFETY: checked non-null; the caller provides the storage.
        unsafe { *handle = h };
        CsError::OK
    }

    fn votequorum_finalize(handle: VotequorumHandle) -> CsError [CsError::LIBRARY] {
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        if inst.finalized.swap(true, Ordering::AcqRel) {
            return CsError::BAD_HANDLE;
        }
        inst.conn.shutdown();
        let _ = INSTANCES.destroy(handle);
        CsError::OK
    }

    fn votequorum_fd_get(handle: VotequorumHandle, fd: *mut i32) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| {
            if fd.is_null() {
                return CsError::INVALID_PARAM;
            }
            // SAFETY: checked non-null; caller-provided storage.
            unsafe { *fd = inst.conn.fd() };
            CsError::OK
        })
    }

    fn votequorum_context_get(handle: VotequorumHandle, context: *mut *mut c_void) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| {
            if context.is_null() {
                return CsError::INVALID_PARAM;
            }
            // SAFETY: checked non-null; caller-provided storage.
            unsafe { *context = inst.context.load(Ordering::Acquire) as *mut c_void };
            CsError::OK
        })
    }

    fn votequorum_context_set(handle: VotequorumHandle, context: *mut c_void) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| {
            inst.context.store(context as usize, Ordering::Release);
            CsError::OK
        })
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
            inst.status(&wire::encode_one_arg(req::SETEXPECTED, expected_votes))
        })
    }

    fn votequorum_setvotes(handle: VotequorumHandle, nodeid: u32, votes: u32) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| inst.status(&wire::encode_setvotes(nodeid, votes)))
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
        with_inst(handle, |inst| inst.status(&wire::encode_qdisk_register(name, votes)))
    }

    fn votequorum_qdisk_unregister(handle: VotequorumHandle) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| inst.status(&wire::encode_general(req::QDISK_UNREGISTER)))
    }

    fn votequorum_qdisk_poll(handle: VotequorumHandle, state: u32) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| inst.status(&wire::encode_one_arg(req::QDISK_POLL, state)))
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
        with_inst(handle, |inst| inst.status(&wire::encode_general(req::SETSTATE)))
    }

    fn votequorum_leaving(handle: VotequorumHandle) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| inst.status(&wire::encode_general(req::LEAVING)))
    }

    fn votequorum_trackstart(handle: VotequorumHandle, context: u64, flags: u32) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| inst.status(&wire::encode_trackstart(context, flags)))
    }

    fn votequorum_trackstop(handle: VotequorumHandle) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |inst| inst.status(&wire::encode_general(req::TRACKSTOP)))
    }

    fn votequorum_dispatch(handle: VotequorumHandle, dispatch_types: i32) -> CsError [CsError::LIBRARY] {
        if !(CS_DISPATCH_ONE..=CS_DISPATCH_BLOCKING).contains(&dispatch_types) {
            return CsError::INVALID_PARAM;
        }
        with_inst(handle, |inst| inst.dispatch(handle, dispatch_types))
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
