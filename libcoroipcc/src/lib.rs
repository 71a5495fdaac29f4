//! The client core of coroipc, and `libcoroipcc.so.4` itself.
//!
//! [`Connection`] is what every client library of this project uses to
//! talk to the executive. The `coroipcc_*` functions below export the same
//! core under the original C names, with the original's handles and
//! return codes, for programs that call libcoroipcc directly.

pub mod client;
pub mod instance;

use std::collections::HashMap;
use std::ffi::CStr;
use std::sync::{Arc, Mutex};

use capi::{Handle, HandleDb};
use corosync_wire::CsError;

pub use client::Connection;

static CONNECTIONS: HandleDb<Connection> = HandleDb::new();

/// Connections kept alive between a `*_get` and its `*_put`, as the
/// original holds a handle reference across the pair.
static PINS: Mutex<Option<HashMap<Handle, Vec<Arc<Connection>>>>> = Mutex::new(None);

fn pin(handle: Handle, c: Arc<Connection>) {
    let mut g = PINS.lock().unwrap_or_else(|p| p.into_inner());
    g.get_or_insert_with(HashMap::new)
        .entry(handle)
        .or_default()
        .push(c);
}

fn unpin(handle: Handle) {
    let mut g = PINS.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(m) = g.as_mut()
        && let Some(v) = m.get_mut(&handle)
    {
        v.pop();
        if v.is_empty() {
            m.remove(&handle);
        }
    }
}

/// Collects a C iovec array into slices.
///
/// # Safety
/// `iov` must point to `n` valid iovecs whose buffers are readable.
unsafe fn iovecs<'a>(iov: *const libc::iovec, n: u32) -> Result<Vec<&'a [u8]>, CsError> {
    if n == 0 {
        return Ok(Vec::new());
    }
    if iov.is_null() {
        return Err(CsError::INVALID_PARAM);
    }
    // SAFETY: the caller promises `n` valid iovecs at `iov`.
    let v = unsafe { std::slice::from_raw_parts(iov, n as usize) };
    v.iter()
        .map(|e| {
            if e.iov_len == 0 {
                Ok(&[][..])
            } else if e.iov_base.is_null() {
                Err(CsError::INVALID_PARAM)
            } else {
                // SAFETY: the caller promises each buffer is readable for
                // `iov_len` bytes.
                Ok(unsafe { std::slice::from_raw_parts(e.iov_base as *const u8, e.iov_len) })
            }
        })
        .collect()
}

capi::export! {
    /// Connects to `service` of the executive listening on `socket_name`.
    fn coroipcc_service_connect(
        socket_name: *const libc::c_char,
        service: libc::c_uint,
        request_size: libc::size_t,
        response_size: libc::size_t,
        dispatch_size: libc::size_t,
        handle: *mut u64,
    ) -> CsError [CsError::LIBRARY] {
        if socket_name.is_null() || handle.is_null() {
            return CsError::INVALID_PARAM;
        }
        // SAFETY: the caller passes a NUL-terminated socket name.
        let name = match unsafe { CStr::from_ptr(socket_name) }.to_str() {
            Ok(n) => n,
            Err(_) => return CsError::INVALID_PARAM,
        };
        match Connection::connect(name, service, request_size, response_size, dispatch_size) {
            Ok(c) => {
                let h = CONNECTIONS.create(c);
                // SAFETY: checked non-null; the caller provides the storage.
                unsafe { *handle = h };
                CsError::OK
            }
            Err(e) => e,
        }
    }

    fn coroipcc_service_disconnect(handle: u64) -> CsError [CsError::LIBRARY] {
        match CONNECTIONS.destroy(handle) {
            Ok(_) => CsError::OK,
            Err(e) => e,
        }
    }

    fn coroipcc_fd_get(handle: u64, fd: *mut libc::c_int) -> CsError [CsError::LIBRARY] {
        let c = match CONNECTIONS.get(handle) {
            Ok(c) => c,
            Err(e) => return e,
        };
        if fd.is_null() {
            return CsError::INVALID_PARAM;
        }
        // SAFETY: checked non-null; caller-provided storage.
        unsafe { *fd = c.fd() };
        CsError::OK
    }

    fn coroipcc_dispatch_flow_control_get(
        handle: u64,
        flow_control_state: *mut libc::c_uint,
    ) -> CsError [CsError::LIBRARY] {
        let c = match CONNECTIONS.get(handle) {
            Ok(c) => c,
            Err(e) => return e,
        };
        if flow_control_state.is_null() {
            return CsError::INVALID_PARAM;
        }
        // SAFETY: checked non-null; caller-provided storage.
        unsafe { *flow_control_state = c.flow_control_state() };
        CsError::OK
    }

    /// Waits for a callback and points `buf` at it in the dispatch ring;
    /// the caller releases it with `coroipcc_dispatch_put`.
    fn coroipcc_dispatch_get(
        handle: u64,
        buf: *mut *mut libc::c_void,
        timeout: libc::c_int,
    ) -> CsError [CsError::LIBRARY] {
        let c = match CONNECTIONS.get(handle) {
            Ok(c) => c,
            Err(e) => return e,
        };
        if buf.is_null() {
            return CsError::INVALID_PARAM;
        }
        // SAFETY: checked non-null; caller-provided storage.
        unsafe { *buf = std::ptr::null_mut() };
        match c.dispatch_get(timeout) {
            Ok(off) => {
                // SAFETY: as above.
                unsafe { *buf = c.dispatch_ptr(off).cast() };
                pin(handle, c);
                CsError::OK
            }
            Err(e) => e,
        }
    }

    fn coroipcc_dispatch_put(handle: u64) -> CsError [CsError::LIBRARY] {
        let c = match CONNECTIONS.get(handle) {
            Ok(c) => c,
            Err(e) => {
                unpin(handle);
                return e;
            }
        };
        let r = c.dispatch_put();
        unpin(handle);
        match r {
            Ok(()) => CsError::OK,
            Err(e) => e,
        }
    }

    fn coroipcc_msg_send_reply_receive(
        handle: u64,
        iov: *const libc::iovec,
        iov_len: libc::c_uint,
        res_msg: *mut libc::c_void,
        res_len: libc::size_t,
    ) -> CsError [CsError::LIBRARY] {
        let c = match CONNECTIONS.get(handle) {
            Ok(c) => c,
            Err(e) => return e,
        };
        // SAFETY: the caller passes `iov_len` valid iovecs.
        let parts = match unsafe { iovecs(iov, iov_len) } {
            Ok(p) => p,
            Err(e) => return e,
        };
        if res_len > 0 && res_msg.is_null() {
            return CsError::INVALID_PARAM;
        }
        let resp: &mut [u8] = if res_len == 0 {
            &mut []
        } else {
            // SAFETY: the caller provides `res_len` writable bytes.
            unsafe { std::slice::from_raw_parts_mut(res_msg.cast::<u8>(), res_len) }
        };
        match c.send_recv(&parts, resp) {
            Ok(()) => CsError::OK,
            Err(e) => e,
        }
    }

    /// Like `coroipcc_msg_send_reply_receive`, but leaves the response in
    /// the shared response buffer until `..._in_buf_put`.
    fn coroipcc_msg_send_reply_receive_in_buf_get(
        handle: u64,
        iov: *const libc::iovec,
        iov_len: libc::c_uint,
        res_msg: *mut *mut libc::c_void,
    ) -> CsError [CsError::LIBRARY] {
        let c = match CONNECTIONS.get(handle) {
            Ok(c) => c,
            Err(e) => return e,
        };
        if res_msg.is_null() {
            return CsError::INVALID_PARAM;
        }
        // SAFETY: the caller passes `iov_len` valid iovecs.
        let parts = match unsafe { iovecs(iov, iov_len) } {
            Ok(p) => p,
            Err(e) => return e,
        };
        match c.send_recv_in_buf(&parts) {
            Ok(p) => {
                // SAFETY: checked non-null; caller-provided storage.
                unsafe { *res_msg = p.cast() };
                pin(handle, c);
                CsError::OK
            }
            Err(e) => e,
        }
    }

    fn coroipcc_msg_send_reply_receive_in_buf_put(handle: u64) -> CsError [CsError::LIBRARY] {
        let r = CONNECTIONS.get(handle).map(|_| ());
        unpin(handle);
        match r {
            Ok(()) => CsError::OK,
            Err(e) => e,
        }
    }

    /// Maps a zero-copy buffer: `size` bytes of payload after a request
    /// header of `header_size` bytes.
    fn coroipcc_zcb_alloc(
        handle: u64,
        buffer: *mut *mut libc::c_void,
        size: libc::size_t,
        header_size: libc::size_t,
    ) -> CsError [CsError::LIBRARY] {
        let c = match CONNECTIONS.get(handle) {
            Ok(c) => c,
            Err(e) => return e,
        };
        if buffer.is_null() {
            return CsError::INVALID_PARAM;
        }
        match c.zcb_alloc(size, header_size) {
            Ok(p) => {
                // SAFETY: checked non-null; caller-provided storage.
                unsafe { *buffer = p.cast() };
                CsError::OK
            }
            Err(e) => e,
        }
    }

    fn coroipcc_zcb_free(handle: u64, buffer: *mut libc::c_void) -> CsError [CsError::LIBRARY] {
        let c = match CONNECTIONS.get(handle) {
            Ok(c) => c,
            Err(e) => return e,
        };
        match c.zcb_free(buffer.cast()) {
            Ok(()) => CsError::OK,
            Err(e) => e,
        }
    }

    fn coroipcc_zcb_msg_send_reply_receive(
        handle: u64,
        msg: *mut libc::c_void,
        res_msg: *mut libc::c_void,
        res_len: libc::size_t,
    ) -> CsError [CsError::LIBRARY] {
        let c = match CONNECTIONS.get(handle) {
            Ok(c) => c,
            Err(e) => return e,
        };
        if res_len > 0 && res_msg.is_null() {
            return CsError::INVALID_PARAM;
        }
        let resp: &mut [u8] = if res_len == 0 {
            &mut []
        } else {
            // SAFETY: the caller provides `res_len` writable bytes.
            unsafe { std::slice::from_raw_parts_mut(res_msg.cast::<u8>(), res_len) }
        };
        match c.zcb_send_recv(msg.cast(), resp) {
            Ok(()) => CsError::OK,
            Err(e) => e,
        }
    }

    /// Exported by the original as an internal helper; nothing outside the
    /// library has a valid argument for it, so it does nothing here.
    fn ipc_hdb_destructor(_context: *mut libc::c_void) {}
}
