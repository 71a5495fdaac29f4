//! `libpload.so.4`: the client of the profile loading service (13). One
//! request starts the load on every node; the executive never answers it,
//! so `pload_start` returns only when the connection fails.

use std::sync::atomic::{AtomicBool, Ordering};

use capi::HandleDb;
use coroipcc::Connection;
use corosync_wire::ipc::{DEFAULT_BUFFER_SIZE, SOCKET_NAME, ServiceId};
use corosync_wire::pload::{Start, size};
use corosync_wire::{CsError, CsResult};

pub type PloadHandle = u64;

/// One `pload_handle_t`.
pub struct PloadInst {
    conn: Connection,
    finalized: AtomicBool,
}

static INSTANCES: HandleDb<PloadInst> = HandleDb::new();

impl PloadInst {
    pub fn connect() -> CsResult<PloadInst> {
        Ok(PloadInst {
            conn: Connection::connect(
                SOCKET_NAME,
                ServiceId::PLOAD.0,
                DEFAULT_BUFFER_SIZE,
                DEFAULT_BUFFER_SIZE,
                DEFAULT_BUFFER_SIZE,
            )?,
            finalized: AtomicBool::new(false),
        })
    }

    /// Sends the start request and waits for the (never sent) answer.
    pub fn start(&self, code: u32, msg_count: u32, msg_size: u32) -> CsError {
        let req = Start {
            msg_code: code,
            msg_size,
            msg_count,
            time_interval: 0,
        }
        .encode_request();
        let mut resp = vec![0u8; size::START_RESPONSE];
        match self.conn.send_recv(&[&req], &mut resp) {
            Ok(()) => CsError(i32::from_ne_bytes([resp[16], resp[17], resp[18], resp[19]])),
            Err(e) => e,
        }
    }
}

fn code(e: CsError) -> u32 {
    e.0 as u32
}

capi::export! {
    fn pload_initialize(handle: *mut PloadHandle, _callbacks: *const libc::c_void) -> u32 [code(CsError::LIBRARY)] {
        if handle.is_null() {
            return code(CsError::INVALID_PARAM);
        }
        match PloadInst::connect() {
            Ok(inst) => {
                let h = INSTANCES.create(inst);
                // SAFETY: checked non-null; caller-provided storage.
                unsafe { *handle = h };
                code(CsError::OK)
            }
            Err(e) => code(e),
        }
    }

    fn pload_finalize(handle: PloadHandle) -> u32 [code(CsError::LIBRARY)] {
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return code(e),
        };
        if inst.finalized.swap(true, Ordering::AcqRel) {
            return code(CsError::BAD_HANDLE);
        }
        inst.conn.shutdown();
        let _ = INSTANCES.destroy(handle);
        code(CsError::OK)
    }

    fn pload_fd_get(handle: PloadHandle, fd: *mut i32) -> u32 [code(CsError::LIBRARY)] {
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return code(e),
        };
        if fd.is_null() {
            return code(CsError::INVALID_PARAM);
        }
        // SAFETY: checked non-null; caller-provided storage.
        unsafe { *fd = inst.conn.fd() };
        code(CsError::OK)
    }

    fn pload_start(handle: PloadHandle, code_: u32, msg_count: u32, msg_size: u32) -> u32 [code(CsError::LIBRARY)] {
        match INSTANCES.get(handle) {
            Ok(inst) => code(inst.start(code_, msg_count, msg_size)),
            Err(e) => code(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_handles_are_refused() {
        // SAFETY: our exported functions with a handle never created.
        unsafe {
            assert_eq!(pload_finalize(99), 9);
            assert_eq!(pload_start(99, 0, 1, 1), 9);
        }
    }
}
