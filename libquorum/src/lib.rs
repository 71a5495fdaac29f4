//! `libquorum.so.4`: the quorum API of `corosync/quorum.h`: whether the
//! cluster is quorate and notifications of quorum views.

use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use capi::HandleDb;
use coroipcc::Connection;
use corosync_wire::CsError;
use corosync_wire::ipc::{DEFAULT_BUFFER_SIZE, ResponseHeader, SOCKET_NAME, ServiceId};
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

pub const CS_DISPATCH_ONE: i32 = 1;
pub const CS_DISPATCH_ALL: i32 = 2;
pub const CS_DISPATCH_BLOCKING: i32 = 3;

pub struct QuorumInst {
    conn: Connection,
    callbacks: QuorumCallbacks,
    context: AtomicUsize,
    finalized: AtomicBool,
}

static INSTANCES: HandleDb<QuorumInst> = HandleDb::new();

fn header_error(buf: &[u8]) -> CsError {
    match ResponseHeader::decode(&corosync_wire::bytes::Reader::new(buf)) {
        Ok(h) => h.error,
        Err(_) => CsError::LIBRARY,
    }
}

impl QuorumInst {
    fn simple(&self, req: &[u8]) -> CsError {
        let mut resp = [0u8; ResponseHeader::SIZE];
        match self.conn.send_recv(&[req], &mut resp) {
            Ok(()) => header_error(&resp),
            Err(e) => e,
        }
    }

    fn dispatch(&self, handle: QuorumHandle, flags: i32) -> CsError {
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
            let id = match ResponseHeader::decode(&corosync_wire::bytes::Reader::new(&buf)) {
                Ok(h) => h.id,
                Err(_) => return CsError::LIBRARY,
            };
            if id != wire::res::NOTIFICATION {
                return CsError::LIBRARY;
            }
            if let Some(f) = self.callbacks.quorum_notify_fn {
                let Ok(n) = wire::decode_notification(&buf) else {
                    return CsError::LIBRARY;
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
            if flags == CS_DISPATCH_ONE {
                return CsError::OK;
            }
        }
    }
}

capi::export! {
    fn quorum_initialize(handle: *mut QuorumHandle, callbacks: *const QuorumCallbacks) -> CsError [CsError::LIBRARY] {
        if handle.is_null() {
            return CsError::INVALID_PARAM;
        }
        let callbacks = if callbacks.is_null() {
            QuorumCallbacks { quorum_notify_fn: None }
        } else {
            // SAFETY: the caller passes a readable quorum_callbacks_t.
            unsafe { *callbacks }
        };
        let conn = match Connection::connect(
            SOCKET_NAME,
            ServiceId::QUORUM.0,
            DEFAULT_BUFFER_SIZE,
            DEFAULT_BUFFER_SIZE,
            DEFAULT_BUFFER_SIZE,
        ) {
            Ok(c) => c,
            Err(e) => return e,
        };
        let h = INSTANCES.create(QuorumInst {
            conn,
            callbacks,
            context: AtomicUsize::new(0),
            finalized: AtomicBool::new(false),
        });
        // SAFETY: checked non-null; the caller provides the storage.
        unsafe { *handle = h };
        CsError::OK
    }

    fn quorum_finalize(handle: QuorumHandle) -> CsError [CsError::LIBRARY] {
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

    fn quorum_fd_get(handle: QuorumHandle, fd: *mut i32) -> CsError [CsError::LIBRARY] {
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        if fd.is_null() {
            return CsError::INVALID_PARAM;
        }
        // SAFETY: checked non-null; caller-provided storage.
        unsafe { *fd = inst.conn.fd() };
        CsError::OK
    }

    fn quorum_context_get(handle: QuorumHandle, context: *mut *const c_void) -> CsError [CsError::LIBRARY] {
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        if context.is_null() {
            return CsError::INVALID_PARAM;
        }
        // SAFETY: checked non-null; caller-provided storage.
        unsafe { *context = inst.context.load(Ordering::Acquire) as *const c_void };
        CsError::OK
    }

    fn quorum_context_set(handle: QuorumHandle, context: *const c_void) -> CsError [CsError::LIBRARY] {
        match INSTANCES.get(handle) {
            Ok(inst) => {
                inst.context.store(context as usize, Ordering::Release);
                CsError::OK
            }
            Err(e) => e,
        }
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
            Ok(inst) => inst.simple(&wire::encode_trackstart(flags)),
            Err(e) => e,
        }
    }

    fn quorum_trackstop(handle: QuorumHandle) -> CsError [CsError::LIBRARY] {
        match INSTANCES.get(handle) {
            Ok(inst) => inst.simple(&wire::encode_request(wire::req::TRACKSTOP)),
            Err(e) => e,
        }
    }

    fn quorum_dispatch(handle: QuorumHandle, dispatch_types: i32) -> CsError [CsError::LIBRARY] {
        if !(CS_DISPATCH_ONE..=CS_DISPATCH_BLOCKING).contains(&dispatch_types) {
            return CsError::INVALID_PARAM;
        }
        match INSTANCES.get(handle) {
            Ok(inst) => inst.dispatch(handle, dispatch_types),
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
