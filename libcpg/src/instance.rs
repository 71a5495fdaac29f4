//! One `cpg_handle_t`: its connection, callbacks and context, and the
//! request and dispatch logic behind the C functions.

use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use coroipcc::Connection;
use corosync_wire::cpg::{self, Callback, CpgName as WireName, encode, response};
use corosync_wire::ipc::{DEFAULT_BUFFER_SIZE, ResponseHeader, SOCKET_NAME, ServiceId};
use corosync_wire::{CsError, CsResult};

use crate::ffi::{
    ConfchgFn, CpgAddressC, CpgHandle, CpgName, CpgRingId, DeliverFn, TotemConfchgFn,
};

/// The callbacks of model v1.
#[derive(Clone, Copy, Default)]
pub struct Model {
    pub deliver: Option<DeliverFn>,
    pub confchg: Option<ConfchgFn>,
    pub totem_confchg: Option<TotemConfchgFn>,
    pub flags: u32,
}

pub struct CpgInst {
    pub conn: Connection,
    pub model: Model,
    context: AtomicUsize,
    finalized: AtomicBool,
    pub iterations: Mutex<Vec<u64>>,
}

/// One `cpg_iteration_handle_t`.
pub struct Iteration {
    pub inst: Arc<CpgInst>,
    pub executive_handle: u64,
}

fn header_error(buf: &[u8]) -> CsError {
    if buf.len() < ResponseHeader::SIZE {
        return CsError::LIBRARY;
    }
    CsError(i32::from_ne_bytes([buf[16], buf[17], buf[18], buf[19]]))
}

impl CpgInst {
    pub fn connect(model: Model, context: *mut c_void) -> CsResult<CpgInst> {
        let conn = Connection::connect(
            SOCKET_NAME,
            ServiceId::CPG.0,
            DEFAULT_BUFFER_SIZE,
            DEFAULT_BUFFER_SIZE,
            DEFAULT_BUFFER_SIZE,
        )?;
        Ok(CpgInst {
            conn,
            model,
            context: AtomicUsize::new(context as usize),
            finalized: AtomicBool::new(false),
            iterations: Mutex::new(Vec::new()),
        })
    }

    pub fn context(&self) -> *mut c_void {
        self.context.load(Ordering::Acquire) as *mut c_void
    }

    pub fn set_context(&self, c: *mut c_void) {
        self.context.store(c as usize, Ordering::Release)
    }

    /// Marks the instance finalized; false if another thread already did.
    pub fn begin_finalize(&self) -> bool {
        !self.finalized.swap(true, Ordering::AcqRel)
    }

    pub fn is_finalized(&self) -> bool {
        self.finalized.load(Ordering::Acquire)
    }

    /// Sends the finalize request and closes the connection, so that a
    /// thread blocked in dispatch wakes up.
    pub fn finalize(&self) -> CsResult<()> {
        let mut resp = [0u8; cpg::size::SIMPLE_RESPONSE];
        let r = self.conn.send_recv(&[&encode::finalize()], &mut resp);
        self.conn.shutdown();
        r
    }

    /// Sends a request with a header-only reply; retries while the
    /// executive answers BUSY (as the original's join and leave do).
    fn simple_request_retry_busy(&self, req: &[u8]) -> CsResult<()> {
        let mut resp = [0u8; cpg::size::SIMPLE_RESPONSE];
        loop {
            self.conn.send_recv(&[req], &mut resp)?;
            let e = header_error(&resp);
            if e != CsError::BUSY {
                return e.into_result();
            }
        }
    }

    pub fn join(&self, group: &WireName) -> CsResult<()> {
        let req = encode::join(group, std::process::id(), self.model.flags);
        self.simple_request_retry_busy(&req)
    }

    pub fn leave(&self, group: &WireName) -> CsResult<()> {
        let req = encode::leave(group, std::process::id());
        self.simple_request_retry_busy(&req)
    }

    pub fn mcast(&self, guarantee: u32, parts: &[&[u8]]) -> CsResult<()> {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        let header = encode::mcast_header(guarantee, len);
        let mut iov: Vec<&[u8]> = Vec::with_capacity(parts.len() + 1);
        iov.push(&header);
        iov.extend_from_slice(parts);
        let mut resp = [0u8; cpg::size::SIMPLE_RESPONSE];
        self.conn.send_recv(&iov, &mut resp)?;
        header_error(&resp).into_result()
    }

    pub fn membership(&self, group: &WireName) -> CsResult<Vec<(u32, u32)>> {
        let req = encode::membership(group);
        loop {
            let (e, list) = self
                .conn
                .send_recv_with(&[&req], response::membership)?
                .map_err(|_| CsError::LIBRARY)?;
            if e == CsError::BUSY {
                continue;
            }
            e.into_result()?;
            return Ok(list);
        }
    }

    pub fn local_get(&self) -> CsResult<u32> {
        let mut resp = [0u8; cpg::size::LOCAL_GET_RESPONSE];
        self.conn.send_recv(&[&encode::local_get()], &mut resp)?;
        let (e, nodeid) = response::local_get(&resp).map_err(|_| CsError::LIBRARY)?;
        e.into_result()?;
        Ok(nodeid)
    }

    pub fn iteration_initialize(&self, group: Option<&WireName>, kind: u32) -> CsResult<u64> {
        let req = encode::iteration_initialize(group, kind);
        let mut resp = [0u8; cpg::size::ITERATION_INITIALIZE_RESPONSE];
        self.conn.send_recv(&[&req], &mut resp)?;
        let (e, handle) = response::iteration_initialize(&resp).map_err(|_| CsError::LIBRARY)?;
        e.into_result()?;
        Ok(handle)
    }

    pub fn iteration_next(&self, executive_handle: u64) -> CsResult<(WireName, u32, u32)> {
        let req = encode::iteration_next(executive_handle);
        let (e, group, nodeid, pid) = self
            .conn
            .send_recv_with(&[&req], response::iteration_next)?
            .map_err(|_| CsError::LIBRARY)?;
        e.into_result()?;
        Ok((group, nodeid, pid))
    }

    pub fn iteration_finalize(&self, executive_handle: u64) -> CsResult<()> {
        let req = encode::iteration_finalize(executive_handle);
        let mut resp = [0u8; cpg::size::SIMPLE_RESPONSE];
        self.conn.send_recv(&[&req], &mut resp)?;
        header_error(&resp).into_result()
    }

    /// Dispatches callbacks as `cpg_dispatch` does. No lock is held while a
    /// callback runs, so callbacks may call back into the library
    /// (including `cpg_finalize`).
    pub fn dispatch(&self, handle: CpgHandle, flags: i32) -> CsError {
        // CS_DISPATCH_ALL drains everything before returning and
        // CS_DISPATCH_BLOCKING never returns on its own, so both may read
        // all waiting notifications at once; CS_DISPATCH_ONE reads one.
        let bulk = flags != crate::ffi::CS_DISPATCH_ONE;
        coroipcc::instance::dispatch_loop(
            &self.conn,
            || self.is_finalized(),
            flags,
            bulk,
            |buf| {
                match Callback::decode(buf) {
                    Ok(Some(Callback::Deliver {
                        group,
                        nodeid,
                        pid,
                        data,
                    })) => {
                        // The message is passed in place: our copy of the
                        // record, which the callback may modify.
                        let len = data.len();
                        let start = cpg::size::DELIVER_CALLBACK;
                        self.deliver(handle, &group, nodeid, pid, &mut buf[start..start + len]);
                    }
                    Ok(Some(cb)) => self.invoke(handle, cb),
                    Ok(None) | Err(_) => return Err(CsError::LIBRARY),
                }
                Ok(())
            },
        )
    }

    fn deliver(&self, handle: CpgHandle, group: &WireName, nodeid: u32, pid: u32, msg: &mut [u8]) {
        if let Some(f) = self.model.deliver {
            let name = CpgName::from_wire(group);
            // SAFETY: calling the application's callback with pointers to
            // locals that outlive the call.
            unsafe {
                f(
                    handle,
                    &name,
                    nodeid,
                    pid,
                    msg.as_mut_ptr().cast(),
                    msg.len(),
                )
            };
        }
    }

    fn invoke(&self, handle: CpgHandle, cb: Callback<'_>) {
        match cb {
            Callback::Deliver { .. } => {}
            Callback::Confchg {
                group,
                members,
                left,
                joined,
            } => {
                if let Some(f) = self.model.confchg {
                    let name = CpgName::from_wire(&group);
                    let m: Vec<CpgAddressC> = members.iter().map(Into::into).collect();
                    let l: Vec<CpgAddressC> = left.iter().map(Into::into).collect();
                    let j: Vec<CpgAddressC> = joined.iter().map(Into::into).collect();
                    // SAFETY: calling the application's callback with
                    // pointers to locals that outlive the call.
                    unsafe {
                        f(
                            handle,
                            &name,
                            m.as_ptr(),
                            m.len(),
                            l.as_ptr(),
                            l.len(),
                            j.as_ptr(),
                            j.len(),
                        )
                    };
                }
            }
            Callback::TotemConfchg {
                ring_nodeid,
                ring_seq,
                members,
            } => {
                if let Some(f) = self.model.totem_confchg {
                    let ring = CpgRingId {
                        nodeid: ring_nodeid,
                        seq: ring_seq,
                    };
                    // SAFETY: calling the application's callback with a
                    // pointer to a local that outlives the call.
                    unsafe { f(handle, ring, members.len() as u32, members.as_ptr()) };
                }
            }
        }
    }
}

impl coroipcc::instance::ClientHandle for CpgInst {
    fn connection(&self) -> &Connection {
        &self.conn
    }
    fn context_ptr(&self) -> *mut c_void {
        self.context()
    }
    fn set_context_ptr(&self, context: *mut c_void) {
        self.set_context(context)
    }
}
