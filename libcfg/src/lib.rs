//! `libcfg.so.4`: the configuration API of `corosync/cfg.h` (ring status
//! and re-enabling, shutdown negotiation, node addresses, killing a node).
//!
//! Which replies' error codes reach the caller follows the original
//! library: some functions return only the transport result.

use std::ffi::{CStr, c_char};

use capi::HandleDb;
use coroipcc::instance::{self, Instance};
use corosync_wire::cfg::{self, encode, req, res, response};
use corosync_wire::ipc::ServiceId;
use corosync_wire::{CsError, CsResult};

pub type CfgHandle = u64;

pub type StateTrackFn = unsafe extern "C" fn(buffer: *mut libc::c_void, error: CsError);
pub type ShutdownFn = unsafe extern "C" fn(handle: CfgHandle, flags: u32);

/// `corosync_cfg_callbacks_t`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct CfgCallbacks {
    pub state_track: Option<StateTrackFn>,
    pub shutdown: Option<ShutdownFn>,
}

/// `corosync_cfg_node_address_t` (32 bytes).
#[repr(C)]
pub struct NodeAddress {
    pub address_length: i32,
    pub address: [u8; 28],
}

pub type CfgInst = Instance<CfgCallbacks>;

static INSTANCES: HandleDb<CfgInst> = HandleDb::new();

fn status(r: CsResult<()>) -> CsError {
    match r {
        Ok(()) => CsError::OK,
        Err(e) => e,
    }
}

/// Sends `msg`, returns the reply's header error (or the transport's).
fn call(inst: &CfgInst, msg: &[u8], resp_len: usize) -> CsResult<Vec<u8>> {
    let mut resp = vec![0u8; resp_len];
    inst.conn.send_recv(&[msg], &mut resp)?;
    Ok(resp)
}

fn call_error(inst: &CfgInst, msg: &[u8]) -> CsError {
    match call(inst, msg, cfg::size::SIMPLE_RESPONSE) {
        Ok(r) => response::error(&r),
        Err(e) => e,
    }
}

/// Only the transport result counts (as the original for these calls).
fn call_transport(inst: &CfgInst, msg: &[u8]) -> CsError {
    status(call(inst, msg, cfg::size::SIMPLE_RESPONSE).map(|_| ()))
}

fn dispatch(inst: &CfgInst, handle: CfgHandle, flags: i32) -> CsError {
    inst.dispatch(flags, false, |buf| {
        match response::callback(buf) {
            Ok((res::TESTSHUTDOWN, flags)) => {
                if let Some(f) = inst.callbacks.shutdown {
                    // SAFETY: calling the application's callback.
                    unsafe { f(handle, flags) };
                }
            }
            _ => return Err(CsError::LIBRARY),
        }
        Ok(())
    })
}

/// The library's calls for Rust programs (corosync-cfgtool): the same
/// requests and the same error rules as the C functions.
pub struct Client {
    inst: CfgInst,
}

impl Client {
    pub fn connect() -> CsResult<Client> {
        Ok(Client {
            inst: Instance::connect(ServiceId::CFG.0, CfgCallbacks::default())?,
        })
    }

    fn check(e: CsError) -> CsResult<()> {
        e.into_result()
    }

    pub fn local_get(&self) -> CsResult<u32> {
        let r = call(
            &self.inst,
            &encode::simple(req::LOCAL_GET),
            cfg::size::LOCAL_GET_RESPONSE,
        )?;
        let (e, id) = response::u32_at_24(&r).map_err(|_| CsError::LIBRARY)?;
        e.into_result()?;
        Ok(id)
    }

    /// (address, status) of each local ring.
    #[allow(clippy::type_complexity)]
    pub fn ring_status(&self) -> CsResult<Vec<(Vec<u8>, Vec<u8>)>> {
        let r = call(
            &self.inst,
            &encode::simple(req::RINGSTATUSGET),
            cfg::size::RINGSTATUSGET_RESPONSE,
        )?;
        response::ringstatus(&r).map_err(|_| CsError::LIBRARY)
    }

    pub fn ring_reenable(&self) -> CsResult<()> {
        Self::check(call_transport(
            &self.inst,
            &encode::simple(req::RINGREENABLE),
        ))
    }

    pub fn service_load(&self, name: &[u8], ver: u32) -> CsResult<()> {
        Self::check(call_transport(
            &self.inst,
            &encode::service(req::SERVICELOAD, name, ver),
        ))
    }

    pub fn service_unload(&self, name: &[u8], ver: u32) -> CsResult<()> {
        Self::check(call_transport(
            &self.inst,
            &encode::service(req::SERVICEUNLOAD, name, ver),
        ))
    }

    pub fn kill_node(&self, nodeid: u32, reason: &[u8]) -> CsResult<()> {
        if reason.len() >= cfg::NAME_MAX {
            return Err(CsError::NAME_TOO_LONG);
        }
        Self::check(call_error(&self.inst, &encode::killnode(nodeid, reason)))
    }

    pub fn try_shutdown(&self, flags: u32) -> CsResult<()> {
        Self::check(call_error(
            &self.inst,
            &encode::with_u32(req::TRYSHUTDOWN, flags),
        ))
    }

    /// (family, addresses): the 16 raw bytes of each ring address.
    #[allow(clippy::type_complexity)]
    pub fn node_addrs(&self, nodeid: u32) -> CsResult<(u32, Vec<[u8; cfg::ADDR_LEN]>)> {
        let req = encode::with_u32(req::GET_NODE_ADDRS, nodeid);
        let (_e, fam, list) = self
            .inst
            .conn
            .send_recv_with(&[&req], response::node_addrs)?
            .map_err(|_| CsError::LIBRARY)?;
        Ok((fam, list))
    }

    pub fn crypto_set(&self, kind: u32) -> CsResult<()> {
        Self::check(call_error(&self.inst, &encode::crypto_set(kind)))
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.inst.conn.shutdown();
    }
}

/// Copies `s` into a malloc'ed C string the caller frees.
fn c_strdup(s: &[u8]) -> *mut c_char {
    // SAFETY: allocating len+1 bytes and filling them.
    unsafe {
        let p = libc::malloc(s.len() + 1) as *mut u8;
        if p.is_null() {
            return std::ptr::null_mut();
        }
        std::ptr::copy_nonoverlapping(s.as_ptr(), p, s.len());
        *p.add(s.len()) = 0;
        p.cast()
    }
}

/// A malloc'ed array of C strings; on failure everything is freed.
fn c_string_array(items: &[&[u8]]) -> Option<*mut *mut c_char> {
    let n = items.len().max(1);
    // SAFETY: allocating an array of pointers, zero-filled.
    let arr = unsafe { libc::calloc(n, std::mem::size_of::<*mut c_char>()) } as *mut *mut c_char;
    if arr.is_null() {
        return None;
    }
    for (i, s) in items.iter().enumerate() {
        let p = c_strdup(s);
        if p.is_null() {
            // SAFETY: freeing what we allocated above.
            unsafe {
                for j in 0..i {
                    libc::free((*arr.add(j)).cast());
                }
                libc::free(arr.cast());
            }
            return None;
        }
        // SAFETY: i < n, inside the array.
        unsafe { *arr.add(i) = p };
    }
    Some(arr)
}

/// Reads a C string argument.
///
/// # Safety
/// `p` must be null or a NUL-terminated string.
unsafe fn c_str<'a>(p: *const c_char) -> Option<&'a [u8]> {
    if p.is_null() {
        None
    } else {
        // SAFETY: promised by the caller.
        Some(unsafe { CStr::from_ptr(p) }.to_bytes())
    }
}

fn with_inst(handle: CfgHandle, f: impl FnOnce(&CfgInst) -> CsError) -> CsError {
    match INSTANCES.get(handle) {
        Ok(i) => f(&i),
        Err(e) => e,
    }
}

capi::export! {
    fn corosync_cfg_initialize(handle: *mut CfgHandle, callbacks: *const CfgCallbacks) -> CsError [CsError::LIBRARY] {
        let callbacks = if callbacks.is_null() {
            CfgCallbacks::default()
        } else {
            // SAFETY: the caller passes a readable corosync_cfg_callbacks_t.
            unsafe { *callbacks }
        };
        // SAFETY: the caller's handle storage (checked there).
        unsafe { instance::initialize(&INSTANCES, handle, ServiceId::CFG.0, callbacks) }
    }

    fn corosync_cfg_fd_get(handle: CfgHandle, fd: *mut i32) -> CsError [CsError::LIBRARY] {
        // SAFETY: the caller's storage (checked there).
        unsafe { instance::fd_get(&INSTANCES, handle, fd) }
    }

    fn corosync_cfg_dispatch(handle: CfgHandle, flags: i32) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |i| dispatch(i, handle, flags))
    }

    fn corosync_cfg_finalize(handle: CfgHandle) -> CsError [CsError::LIBRARY] {
        instance::finalize(&INSTANCES, handle)
    }

    fn corosync_cfg_ring_status_get(
        handle: CfgHandle,
        interface_names: *mut *mut *mut c_char,
        status: *mut *mut *mut c_char,
        interface_count: *mut u32,
    ) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |i| {
            if interface_names.is_null() || status.is_null() || interface_count.is_null() {
                return CsError::INVALID_PARAM;
            }
            let resp = match call(i,
                &encode::simple(req::RINGSTATUSGET),
                cfg::size::RINGSTATUSGET_RESPONSE,
            ) {
                Ok(r) => r,
                Err(e) => return e,
            };
            let Ok(rings) = response::ringstatus(&resp) else {
                return CsError::LIBRARY;
            };
            let names: Vec<&[u8]> = rings.iter().map(|r| r.0.as_slice()).collect();
            let stats: Vec<&[u8]> = rings.iter().map(|r| r.1.as_slice()).collect();
            let Some(n) = c_string_array(&names) else {
                return CsError::NO_MEMORY;
            };
            let Some(s) = c_string_array(&stats) else {
                // SAFETY: freeing the array just built.
                unsafe {
                    for j in 0..names.len() {
                        libc::free((*n.add(j)).cast());
                    }
                    libc::free(n.cast());
                }
                return CsError::NO_MEMORY;
            };
            // SAFETY: checked non-null; caller-provided storage.
            unsafe {
                *interface_count = rings.len() as u32;
                *interface_names = n;
                *status = s;
            }
            CsError::OK
        })
    }

    fn corosync_cfg_ring_reenable(handle: CfgHandle) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |i| call_transport(i, &encode::simple(req::RINGREENABLE)))
    }

    fn corosync_cfg_service_load(handle: CfgHandle, name: *const c_char, ver: u32) -> CsError [CsError::LIBRARY] {
        // SAFETY: the caller passes a C string.
        let Some(name) = (unsafe { c_str(name) }) else {
            return CsError::INVALID_PARAM;
        };
        with_inst(handle, |i| call_transport(i, &encode::service(req::SERVICELOAD, name, ver)))
    }

    fn corosync_cfg_service_unload(handle: CfgHandle, name: *const c_char, ver: u32) -> CsError [CsError::LIBRARY] {
        // SAFETY: the caller passes a C string.
        let Some(name) = (unsafe { c_str(name) }) else {
            return CsError::INVALID_PARAM;
        };
        with_inst(handle, |i| call_transport(i, &encode::service(req::SERVICEUNLOAD, name, ver)))
    }

    fn corosync_cfg_kill_node(handle: CfgHandle, nodeid: u32, reason: *const c_char) -> CsError [CsError::LIBRARY] {
        // SAFETY: the caller passes a C string.
        let Some(reason) = (unsafe { c_str(reason) }) else {
            return CsError::INVALID_PARAM;
        };
        if reason.len() >= cfg::NAME_MAX {
            return CsError::NAME_TOO_LONG;
        }
        with_inst(handle, |i| call_error(i, &encode::killnode(nodeid, reason)))
    }

    fn corosync_cfg_try_shutdown(handle: CfgHandle, flags: u32) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |i| call_error(i, &encode::with_u32(req::TRYSHUTDOWN, flags)))
    }

    fn corosync_cfg_replyto_shutdown(handle: CfgHandle, flags: u32) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |i| call_transport(i, &encode::with_u32(req::REPLYTOSHUTDOWN, flags)))
    }

    fn corosync_cfg_state_track(handle: CfgHandle, flags: u8, buffer: *const libc::c_void) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |i| call_error(i, &encode::statetrack(flags, buffer as u64)))
    }

    fn corosync_cfg_state_track_stop(handle: CfgHandle) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |i| call_error(i, &encode::simple(req::STATETRACKSTOP)))
    }

    fn corosync_cfg_get_node_addrs(
        handle: CfgHandle,
        nodeid: i32,
        max_addrs: usize,
        num_addrs: *mut i32,
        addrs: *mut NodeAddress,
    ) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |i| {
            let req = encode::with_u32(req::GET_NODE_ADDRS, nodeid as u32);
            let decoded = match i.conn.send_recv_with(&[&req], response::node_addrs) {
                Ok(Ok(d)) => d,
                Ok(Err(_)) => return CsError::LIBRARY,
                Err(e) => return e,
            };
            let (error, family, list) = decoded;
            let (af, len) = match family as i32 {
                libc::AF_INET => (libc::AF_INET, std::mem::size_of::<libc::sockaddr_in>()),
                libc::AF_INET6 => (libc::AF_INET6, std::mem::size_of::<libc::sockaddr_in6>()),
                _ => (0, 0),
            };
            if !list.is_empty() && max_addrs > 0 && addrs.is_null() {
                return CsError::INVALID_PARAM;
            }
            for (k, a) in list.iter().enumerate().take(max_addrs) {
                // SAFETY: the caller provides max_addrs entries.
                let slot = unsafe { &mut *addrs.add(k) };
                slot.address_length = len as i32;
                if af == libc::AF_INET {
                    slot.address[0..2].copy_from_slice(&(af as u16).to_ne_bytes());
                    slot.address[4..8].copy_from_slice(&a[..4]);
                } else if af == libc::AF_INET6 {
                    slot.address[0..2].copy_from_slice(&(af as u16).to_ne_bytes());
                    slot.address[8..24].copy_from_slice(a);
                }
            }
            if !num_addrs.is_null() {
                // SAFETY: checked non-null; caller-provided storage.
                unsafe { *num_addrs = list.len() as i32 };
            }
            // The reply's error is left in errno; the call itself succeeded.
            // SAFETY: writing this thread's errno.
            unsafe { *libc::__errno_location() = error.0 };
            CsError::OK
        })
    }

    fn corosync_cfg_local_get(handle: CfgHandle, local_nodeid: *mut u32) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |i| {
            let resp = match call(i, &encode::simple(req::LOCAL_GET), cfg::size::LOCAL_GET_RESPONSE) {
                Ok(r) => r,
                Err(e) => return e,
            };
            let Ok((e, id)) = response::u32_at_24(&resp) else {
                return CsError::LIBRARY;
            };
            if e != CsError::OK {
                return e;
            }
            if local_nodeid.is_null() {
                return CsError::INVALID_PARAM;
            }
            // SAFETY: checked non-null; caller-provided storage.
            unsafe { *local_nodeid = id };
            CsError::OK
        })
    }

    fn corosync_cfg_crypto_set(handle: CfgHandle, kind: u32) -> CsError [CsError::LIBRARY] {
        with_inst(handle, |i| call_error(i, &encode::crypto_set(kind)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_match_the_header() {
        assert_eq!(std::mem::size_of::<NodeAddress>(), 32);
        assert_eq!(std::mem::size_of::<CfgCallbacks>(), 16);
    }

    #[test]
    fn bad_handles_are_refused() {
        // SAFETY: plain calls with an unknown handle.
        unsafe {
            assert_eq!(corosync_cfg_ring_reenable(12345), CsError::BAD_HANDLE);
            assert_eq!(corosync_cfg_finalize(12345), CsError::BAD_HANDLE);
            let mut id = 0u32;
            assert_eq!(corosync_cfg_local_get(0, &mut id), CsError::BAD_HANDLE);
        }
    }
}
