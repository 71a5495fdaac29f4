//! `libquorum.so.4`: the quorum API of `corosync/quorum.h`: whether the
//! cluster is quorate and notifications of quorum views.

use std::ffi::c_void;

use capi::HandleDb;
use coroipcc::instance::{self, Instance};
use corosync_wire::CsError;
use corosync_wire::ipc::{ResponseHeader, ServiceId};
use corosync_wire::quorum as wire;

pub type QuorumHandle = u64;

pub type NotifyFn = unsafe extern "C" fn(
    handle: QuorumHandle,
    quorate: u32,
    ring_seq: u64,
    view_list_entries: u32,
    view_list: *mut u32,
);

/// `quorum_callbacks_t`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct QuorumCallbacks {
    pub quorum_notify_fn: Option<NotifyFn>,
}

pub use coroipcc::instance::{CS_DISPATCH_ALL, CS_DISPATCH_ONE};
pub const CS_DISPATCH_BLOCKING: i32 = 3;

pub type QuorumInst = Instance<QuorumCallbacks>;

static INSTANCES: HandleDb<QuorumInst> = HandleDb::new();

fn header_error(buf: &[u8]) -> CsError {
    match ResponseHeader::decode(&corosync_wire::bytes::Reader::new(buf)) {
        Ok(h) => h.error,
        Err(_) => CsError::LIBRARY,
    }
}

fn simple(inst: &QuorumInst, req: &[u8]) -> CsError {
    let mut resp = [0u8; ResponseHeader::SIZE];
    match inst.conn.send_recv(&[req], &mut resp) {
        Ok(()) => header_error(&resp),
        Err(e) => e,
    }
}

fn dispatch(inst: &QuorumInst, handle: QuorumHandle, flags: i32) -> CsError {
    inst.dispatch(flags, false, |buf| {
        let id = match ResponseHeader::decode(&corosync_wire::bytes::Reader::new(buf)) {
            Ok(h) => h.id,
            Err(_) => return Err(CsError::LIBRARY),
        };
        if id != wire::res::NOTIFICATION {
            return Err(CsError::LIBRARY);
        }
        if let Some(f) = inst.callbacks.quorum_notify_fn {
            let Ok(n) = wire::decode_notification(buf) else {
                return Err(CsError::LIBRARY);
            };
            let mut view = n.view;
            // SAFETY: calling the application's callback with a pointer
            // to a list that outlives the call.
            unsafe {
                f(
                    handle,
                    n.quorate,
                    n.ring_seq,
                    view.len() as u32,
                    view.as_mut_ptr(),
                )
            };
        }
        Ok(())
    })
}

capi::export! {
    fn quorum_initialize(handle: *mut u64, callbacks: *const QuorumCallbacks) -> CsError [CsError::LIBRARY] {
        let callbacks = if callbacks.is_null() {
            QuorumCallbacks { quorum_notify_fn: None }
        } else {
            // SAFETY: the caller passes readable callbacks.
            unsafe { *callbacks }
        };
        // SAFETY: the caller's handle storage (checked there).
        unsafe { instance::initialize(&INSTANCES, handle, ServiceId::QUORUM.0, callbacks) }
    }

    fn quorum_finalize(handle: u64) -> CsError [CsError::LIBRARY] {
        instance::finalize(&INSTANCES, handle)
    }

    fn quorum_fd_get(handle: u64, fd: *mut i32) -> CsError [CsError::LIBRARY] {
        // SAFETY: the caller's storage (checked there).
        unsafe { instance::fd_get(&INSTANCES, handle, fd) }
    }

    fn quorum_context_get(handle: u64, context: *mut *const c_void) -> CsError [CsError::LIBRARY] {
        // SAFETY: the caller's storage (checked there).
        unsafe { instance::context_get(&INSTANCES, handle, context.cast()) }
    }

    fn quorum_context_set(handle: u64, context: *const c_void) -> CsError [CsError::LIBRARY] {
        instance::context_set(&INSTANCES, handle, context.cast_mut())
    }

    fn quorum_getquorate(handle: QuorumHandle, quorate: *mut i32) -> CsError [CsError::LIBRARY] {
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        if quorate.is_null() {
            return CsError::INVALID_PARAM;
        }
        let mut resp = [0u8; wire::size::GETQUORATE_RESPONSE];
        if let Err(e) = inst
            .conn
            .send_recv(&[&wire::encode_request(wire::req::GETQUORATE)], &mut resp)
        {
            return e;
        }
        match wire::decode_getquorate_response(&resp) {
            Ok((e, q)) => {
                // SAFETY: checked non-null; caller-provided storage.
                unsafe { *quorate = q as i32 };
                e
            }
            Err(_) => CsError::LIBRARY,
        }
    }

    fn quorum_trackstart(handle: QuorumHandle, flags: u32) -> CsError [CsError::LIBRARY] {
        match INSTANCES.get(handle) {
            Ok(inst) => simple(&inst, &wire::encode_trackstart(flags)),
            Err(e) => e,
        }
    }

    fn quorum_trackstop(handle: QuorumHandle) -> CsError [CsError::LIBRARY] {
        match INSTANCES.get(handle) {
            Ok(inst) => simple(&inst, &wire::encode_request(wire::req::TRACKSTOP)),
            Err(e) => e,
        }
    }

    fn quorum_dispatch(handle: QuorumHandle, dispatch_types: i32) -> CsError [CsError::LIBRARY] {
        if !(CS_DISPATCH_ONE..=CS_DISPATCH_BLOCKING).contains(&dispatch_types) {
            return CsError::INVALID_PARAM;
        }
        match INSTANCES.get(handle) {
            Ok(inst) => dispatch(&inst, handle, dispatch_types),
            Err(e) => e,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_handles_and_flags_are_refused() {
        // SAFETY: plain calls with values, no pointers dereferenced.
        unsafe {
            assert_eq!(quorum_finalize(12345), CsError::BAD_HANDLE);
            assert_eq!(quorum_trackstop(12345), CsError::BAD_HANDLE);
            assert_eq!(quorum_dispatch(12345, 9), CsError::INVALID_PARAM);
            assert_eq!(quorum_dispatch(12345, 1), CsError::BAD_HANDLE);
            assert_eq!(
                quorum_initialize(std::ptr::null_mut(), std::ptr::null()),
                CsError::INVALID_PARAM
            );
        }
        assert_eq!(std::mem::size_of::<QuorumCallbacks>(), 8);
    }
}
