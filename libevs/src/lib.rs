//! `libevs.so.4`: the extended virtual synchrony API of `corosync/evs.h`.
//!
//! Each handle owns one connection to service 0. Groups are 32-byte keys;
//! a client receives every message sent to a group it joined, in the
//! agreed order, and every configuration change of the ring.

use std::ffi::c_void;

use capi::HandleDb;
use coroipcc::instance::{self, Instance};
use corosync_wire::evs::{Callback, EvsGroup, decode_membership_get, encode, size as evs_size};
use corosync_wire::ipc::ServiceId;
use corosync_wire::{CsError, CsResult};

pub type EvsHandle = u64;

/// `struct evs_ring_id` (16 bytes).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct EvsRingId {
    pub nodeid: u32,
    pub seq: u64,
}

pub type DeliverFn =
    unsafe extern "C" fn(handle: u64, nodeid: u32, msg: *const c_void, msg_len: usize);

pub type ConfchgFn = unsafe extern "C" fn(
    handle: u64,
    member_list: *const u32,
    member_list_entries: usize,
    left_list: *const u32,
    left_list_entries: usize,
    joined_list: *const u32,
    joined_list_entries: usize,
    ring_id: *const EvsRingId,
);

/// `evs_callbacks_t`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct EvsCallbacks {
    pub deliver: Option<DeliverFn>,
    pub confchg: Option<ConfchgFn>,
}

pub use coroipcc::instance::{CS_DISPATCH_ALL, CS_DISPATCH_ONE};

/// One `evs_handle_t`.
pub type EvsInst = Instance<EvsCallbacks>;

static INSTANCES: HandleDb<EvsInst> = HandleDb::new();

fn header_error(buf: &[u8]) -> CsError {
    if buf.len() < 20 {
        return CsError::LIBRARY;
    }
    CsError(i32::from_ne_bytes([buf[16], buf[17], buf[18], buf[19]]))
}

fn status(r: CsResult<()>) -> CsError {
    match r {
        Ok(()) => CsError::OK,
        Err(e) => e,
    }
}

fn simple(inst: &EvsInst, iov: &[&[u8]]) -> CsResult<()> {
    let mut resp = [0u8; evs_size::SIMPLE_RESPONSE];
    inst.conn.send_recv(iov, &mut resp)?;
    header_error(&resp).into_result()
}

fn dispatch(inst: &EvsInst, handle: EvsHandle, flags: i32) -> CsError {
    let callbacks = inst.callbacks;
    inst.dispatch(flags, flags != CS_DISPATCH_ONE, |buf| {
        match Callback::decode(buf) {
            Ok(Some(Callback::Deliver { nodeid, msg })) => {
                if let Some(f) = callbacks.deliver {
                    // SAFETY: the application's callback with a pointer
                    // into our copy of the record, valid for the call.
                    unsafe { f(handle, nodeid, msg.as_ptr().cast(), msg.len()) };
                }
            }
            Ok(Some(Callback::Confchg {
                members,
                left,
                joined,
            })) => {
                if let Some(f) = callbacks.confchg {
                    // SAFETY: the application's callback with pointers
                    // to locals that outlive the call; no ring id, as
                    // the protocol carries none.
                    unsafe {
                        f(
                            handle,
                            members.as_ptr(),
                            members.len(),
                            left.as_ptr(),
                            left.len(),
                            joined.as_ptr(),
                            joined.len(),
                            std::ptr::null(),
                        )
                    };
                }
            }
            Ok(None) | Err(_) => return Err(CsError::LIBRARY),
        }
        Ok(())
    })
}

/// Reads `count` caller groups.
///
/// # Safety
/// `groups` must point to `count` readable `struct evs_group` when
/// `count > 0`.
unsafe fn read_groups(groups: *const EvsGroup, count: usize) -> Option<Vec<EvsGroup>> {
    if count == 0 {
        return Some(Vec::new());
    }
    if groups.is_null() {
        return None;
    }
    // SAFETY: promised by the caller; EvsGroup is 32 plain bytes.
    Some(unsafe { std::slice::from_raw_parts(groups, count) }.to_vec())
}

/// Borrows the caller's iovecs as byte slices.
///
/// # Safety
/// `iovec` must point to `iov_len` iovecs that each describe readable
/// memory.
unsafe fn read_iov<'a>(iovec: *const libc::iovec, iov_len: u32) -> Option<Vec<&'a [u8]>> {
    if iov_len == 0 {
        return Some(Vec::new());
    }
    if iovec.is_null() {
        return None;
    }
    // SAFETY: promised by the caller.
    let iov = unsafe { std::slice::from_raw_parts(iovec, iov_len as usize) };
    let mut parts = Vec::with_capacity(iov.len());
    for v in iov {
        if v.iov_len == 0 {
            continue;
        }
        if v.iov_base.is_null() {
            return None;
        }
        // SAFETY: each iovec describes `iov_len` readable bytes.
        parts.push(unsafe { std::slice::from_raw_parts(v.iov_base as *const u8, v.iov_len) });
    }
    Some(parts)
}

capi::export! {
    fn evs_initialize(handle: *mut EvsHandle, callbacks: *const EvsCallbacks) -> CsError [CsError::LIBRARY] {
        let callbacks = if callbacks.is_null() {
            EvsCallbacks::default()
        } else {
            // SAFETY: the caller passes a readable evs_callbacks_t.
            unsafe { *callbacks }
        };
        // SAFETY: the caller's handle storage (checked there).
        unsafe { instance::initialize(&INSTANCES, handle, ServiceId::EVS.0, callbacks) }
    }

    fn evs_finalize(handle: EvsHandle) -> CsError [CsError::LIBRARY] {
        instance::finalize(&INSTANCES, handle)
    }

    fn evs_fd_get(handle: EvsHandle, fd: *mut i32) -> CsError [CsError::LIBRARY] {
        // SAFETY: the caller's storage (checked there).
        unsafe { instance::fd_get(&INSTANCES, handle, fd) }
    }

    fn evs_context_get(handle: EvsHandle, context: *mut *mut c_void) -> CsError [CsError::LIBRARY] {
        // SAFETY: the caller's storage (checked there).
        unsafe { instance::context_get(&INSTANCES, handle, context) }
    }

    fn evs_context_set(handle: EvsHandle, context: *mut c_void) -> CsError [CsError::LIBRARY] {
        instance::context_set(&INSTANCES, handle, context)
    }

    fn evs_dispatch(handle: EvsHandle, dispatch_types: i32) -> CsError [CsError::LIBRARY] {
        match INSTANCES.get(handle) {
            Ok(inst) => dispatch(&inst, handle, dispatch_types),
            Err(e) => e,
        }
    }

    fn evs_join(handle: EvsHandle, groups: *const EvsGroup, group_cnt: usize) -> CsError [CsError::LIBRARY] {
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        // SAFETY: the caller passes `group_cnt` groups.
        let Some(g) = (unsafe { read_groups(groups, group_cnt) }) else {
            return CsError::INVALID_PARAM;
        };
        status(simple(&inst, &[&encode::join(&g)]))
    }

    fn evs_leave(handle: EvsHandle, groups: *const EvsGroup, group_cnt: usize) -> CsError [CsError::LIBRARY] {
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        // SAFETY: the caller passes `group_cnt` groups.
        let Some(g) = (unsafe { read_groups(groups, group_cnt) }) else {
            return CsError::INVALID_PARAM;
        };
        status(simple(&inst, &[&encode::leave(&g)]))
    }

    fn evs_mcast_joined(
        handle: EvsHandle,
        guarantee: u32,
        iovec: *const libc::iovec,
        iov_len: u32,
    ) -> CsError [CsError::LIBRARY] {
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        // SAFETY: the caller passes `iov_len` iovecs.
        let Some(parts) = (unsafe { read_iov(iovec, iov_len) }) else {
            return CsError::INVALID_PARAM;
        };
        let len: usize = parts.iter().map(|p| p.len()).sum();
        let head = encode::mcast_joined_header(guarantee, len);
        let mut iov: Vec<&[u8]> = Vec::with_capacity(parts.len() + 1);
        iov.push(&head);
        iov.extend_from_slice(&parts);
        status(simple(&inst, &iov))
    }

    fn evs_mcast_groups(
        handle: EvsHandle,
        guarantee: u32,
        groups: *const EvsGroup,
        group_cnt: usize,
        iovec: *const libc::iovec,
        iov_len: u32,
    ) -> CsError [CsError::LIBRARY] {
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        // SAFETY: the caller passes `group_cnt` groups.
        let Some(g) = (unsafe { read_groups(groups, group_cnt) }) else {
            return CsError::INVALID_PARAM;
        };
        // SAFETY: the caller passes `iov_len` iovecs.
        let Some(parts) = (unsafe { read_iov(iovec, iov_len) }) else {
            return CsError::INVALID_PARAM;
        };
        let len: usize = parts.iter().map(|p| p.len()).sum();
        let head = encode::mcast_groups_header(guarantee, &g, len);
        let mut iov: Vec<&[u8]> = Vec::with_capacity(parts.len() + 1);
        iov.push(&head);
        iov.extend_from_slice(&parts);
        status(simple(&inst, &iov))
    }

    /// Writes at most `*member_list_entries` members and stores the number
    /// written there.
    fn evs_membership_get(
        handle: EvsHandle,
        local_nodeid: *mut u32,
        member_list: *mut u32,
        member_list_entries: *mut usize,
    ) -> CsError [CsError::LIBRARY] {
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        if member_list_entries.is_null() {
            return CsError::INVALID_PARAM;
        }
        let r = inst
            .conn
            .send_recv_with(&[&encode::membership_get()], decode_membership_get);
        let (error, nodeid, members) = match r {
            Ok(Ok(v)) => v,
            Ok(Err(_)) => return CsError::LIBRARY,
            Err(e) => return e,
        };
        if !local_nodeid.is_null() {
            // SAFETY: checked non-null; caller-provided storage.
            unsafe { *local_nodeid = nodeid };
        }
        // SAFETY: checked non-null; caller-provided storage.
        let want = unsafe { *member_list_entries };
        let n = want.min(members.len());
        // SAFETY: as above.
        unsafe { *member_list_entries = n };
        if !member_list.is_null() && n > 0 {
            // SAFETY: the caller provides room for `want >= n` entries.
            unsafe { std::ptr::copy_nonoverlapping(members.as_ptr(), member_list, n) };
        }
        error
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn layouts_match_the_header() {
        assert_eq!(size_of::<EvsGroup>(), 32);
        assert_eq!(size_of::<EvsRingId>(), 16);
        assert_eq!(offset_of!(EvsRingId, seq), 8);
        assert_eq!(size_of::<EvsCallbacks>(), 16);
    }

    #[test]
    fn bad_handles_are_refused() {
        // SAFETY: calling our exported functions with a handle never created.
        unsafe {
            assert_eq!(evs_finalize(12345), CsError::BAD_HANDLE);
            assert_eq!(evs_dispatch(12345, 1), CsError::BAD_HANDLE);
            assert_eq!(evs_join(12345, std::ptr::null(), 0), CsError::BAD_HANDLE);
        }
    }
}
