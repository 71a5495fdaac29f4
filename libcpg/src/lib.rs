//! `libcpg.so.4`: the closed process group API of `corosync/cpg.h`.
//!
//! Argument checks happen in the original's order and return its error
//! codes; the protocol work is in [`instance`] and the client core.

pub mod ffi;
pub mod instance;

use std::ffi::c_void;
use std::sync::Arc;

use capi::HandleDb;
use corosync_wire::CsError;
use corosync_wire::cpg::{MAX_NAME_LENGTH, MEMBERS_MAX, iteration_type};

use ffi::{
    CPG_MODEL_V1, CpgAddressC, CpgCallbacks, CpgHandle, CpgIterationDescription, CpgModelData,
    CpgModelV1Data, CpgName,
};
use instance::{CpgInst, Iteration, Model};

static INSTANCES: HandleDb<CpgInst> = HandleDb::new();
static ITERATIONS: HandleDb<Iteration> = HandleDb::new();

/// The request header of an mcast sits in front of every zero-copy buffer.
const ZCB_HEADER: usize = corosync_wire::cpg::size::MCAST;

fn to_status(r: Result<(), CsError>) -> CsError {
    match r {
        Ok(()) => CsError::OK,
        Err(e) => e,
    }
}

/// Reads a caller's `struct cpg_name`.
///
/// # Safety
/// `p` must be null or point to a readable `struct cpg_name`.
unsafe fn read_name(p: *const CpgName) -> Option<CpgName> {
    if p.is_null() {
        None
    } else {
        // SAFETY: promised by the caller.
        Some(unsafe { *p })
    }
}

fn model_initialize(
    handle: *mut CpgHandle,
    model: i32,
    data: Option<Model>,
    context: *mut c_void,
) -> CsError {
    if model != CPG_MODEL_V1 {
        return CsError::INVALID_PARAM;
    }
    if handle.is_null() {
        return CsError::INVALID_PARAM;
    }
    let model = data.unwrap_or_default();
    if model.flags & !corosync_wire::cpg::MODEL_V1_DELIVER_INITIAL_TOTEM_CONF != 0 {
        return CsError::INVALID_PARAM;
    }
    match CpgInst::connect(model, context) {
        Ok(inst) => {
            let h = INSTANCES.create(inst);
            // SAFETY: checked non-null; the caller provides the storage.
            unsafe { *handle = h };
            CsError::OK
        }
        Err(e) => e,
    }
}

fn finalize_iterations(inst: &CpgInst) {
    let list = std::mem::take(&mut *inst.iterations.lock().unwrap_or_else(|p| p.into_inner()));
    for h in list {
        let _ = ITERATIONS.destroy(h);
    }
}

capi::export! {
    /// Connects with the deliver and confchg callbacks of `callbacks`.
    fn cpg_initialize(handle: *mut CpgHandle, callbacks: *const CpgCallbacks) -> CsError [CsError::LIBRARY] {
        let data = if callbacks.is_null() {
            Model::default()
        } else {
            // SAFETY: the caller passes a readable cpg_callbacks_t.
            let cb = unsafe { *callbacks };
            Model {
                deliver: cb.deliver,
                confchg: cb.confchg,
                totem_confchg: None,
                flags: 0,
            }
        };
        model_initialize(handle, CPG_MODEL_V1, Some(data), std::ptr::null_mut())
    }

    fn cpg_model_initialize(
        handle: *mut CpgHandle,
        model: i32,
        model_data: *const CpgModelData,
        context: *mut c_void,
    ) -> CsError [CsError::LIBRARY] {
        let data = if model_data.is_null() || model != CPG_MODEL_V1 {
            None
        } else {
            // SAFETY: with model V1 the caller passes a cpg_model_v1_data_t.
            let v1 = unsafe { *(model_data as *const CpgModelV1Data) };
            Some(Model {
                deliver: v1.deliver,
                confchg: v1.confchg,
                totem_confchg: v1.totem_confchg,
                flags: v1.flags,
            })
        };
        model_initialize(handle, model, data, context)
    }

    fn cpg_finalize(handle: CpgHandle) -> CsError [CsError::LIBRARY] {
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        if !inst.begin_finalize() {
            return CsError::BAD_HANDLE;
        }
        let r = inst.finalize();
        finalize_iterations(&inst);
        let _ = INSTANCES.destroy(handle);
        to_status(r)
    }

    fn cpg_fd_get(handle: CpgHandle, fd: *mut i32) -> CsError [CsError::LIBRARY] {
        // SAFETY: the caller's storage (checked there).
        unsafe { coroipcc::instance::fd_get(&INSTANCES, handle, fd) }
    }

    fn cpg_context_get(handle: CpgHandle, context: *mut *mut c_void) -> CsError [CsError::LIBRARY] {
        // SAFETY: the caller's storage (checked there).
        unsafe { coroipcc::instance::context_get(&INSTANCES, handle, context) }
    }

    fn cpg_context_set(handle: CpgHandle, context: *mut c_void) -> CsError [CsError::LIBRARY] {
        coroipcc::instance::context_set(&INSTANCES, handle, context)
    }

    fn cpg_dispatch(handle: CpgHandle, dispatch_types: i32) -> CsError [CsError::LIBRARY] {
        match INSTANCES.get(handle) {
            Ok(inst) => inst.dispatch(handle, dispatch_types),
            Err(e) => e,
        }
    }

    fn cpg_join(handle: CpgHandle, group: *const CpgName) -> CsError [CsError::LIBRARY] {
        // SAFETY: the caller passes a readable struct cpg_name.
        let name = match unsafe { read_name(group) } {
            Some(n) => n,
            None => return CsError::INVALID_PARAM,
        };
        if name.length as usize > MAX_NAME_LENGTH {
            return CsError::NAME_TOO_LONG;
        }
        match INSTANCES.get(handle) {
            Ok(inst) => to_status(inst.join(&name.to_wire())),
            Err(e) => e,
        }
    }

    fn cpg_leave(handle: CpgHandle, group: *const CpgName) -> CsError [CsError::LIBRARY] {
        // SAFETY: the caller passes a readable struct cpg_name.
        let name = match unsafe { read_name(group) } {
            Some(n) => n,
            None => return CsError::INVALID_PARAM,
        };
        if name.length as usize > MAX_NAME_LENGTH {
            return CsError::NAME_TOO_LONG;
        }
        match INSTANCES.get(handle) {
            Ok(inst) => to_status(inst.leave(&name.to_wire())),
            Err(e) => e,
        }
    }

    fn cpg_mcast_joined(
        handle: CpgHandle,
        guarantee: u32,
        iovec: *const libc::iovec,
        iov_len: u32,
    ) -> CsError [CsError::LIBRARY] {
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        if iov_len > 0 && iovec.is_null() {
            return CsError::INVALID_PARAM;
        }
        let iov: &[libc::iovec] = if iov_len == 0 {
            &[]
        } else {
            // SAFETY: the caller passes `iov_len` iovecs.
            unsafe { std::slice::from_raw_parts(iovec, iov_len as usize) }
        };
        let mut parts: Vec<&[u8]> = Vec::with_capacity(iov.len());
        for v in iov {
            if v.iov_len == 0 {
                continue;
            }
            if v.iov_base.is_null() {
                return CsError::INVALID_PARAM;
            }
            // SAFETY: each iovec describes `iov_len` readable bytes.
            parts.push(unsafe { std::slice::from_raw_parts(v.iov_base as *const u8, v.iov_len) });
        }
        to_status(inst.mcast(guarantee, &parts))
    }

    /// Lists the members of `group_name`. At most `CPG_MEMBERS_MAX` entries
    /// are written, the size the header tells callers to provide.
    fn cpg_membership_get(
        handle: CpgHandle,
        group_name: *mut CpgName,
        member_list: *mut CpgAddressC,
        member_list_entries: *mut i32,
    ) -> CsError [CsError::LIBRARY] {
        // SAFETY: the caller passes a readable struct cpg_name.
        let name = match unsafe { read_name(group_name) } {
            Some(n) => n,
            None => return CsError::INVALID_PARAM,
        };
        if name.length as usize > MAX_NAME_LENGTH {
            return CsError::NAME_TOO_LONG;
        }
        if member_list.is_null() || member_list_entries.is_null() {
            return CsError::INVALID_PARAM;
        }
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        match inst.membership(&name.to_wire()) {
            Ok(list) => {
                let n = list.len().min(MEMBERS_MAX);
                for (i, (nodeid, pid)) in list.iter().take(n).enumerate() {
                    // SAFETY: the caller provides CPG_MEMBERS_MAX entries.
                    unsafe {
                        *member_list.add(i) = CpgAddressC {
                            nodeid: *nodeid,
                            pid: *pid,
                            reason: 0,
                        }
                    };
                }
                // SAFETY: checked non-null; caller-provided storage.
                unsafe { *member_list_entries = n as i32 };
                CsError::OK
            }
            Err(e) => e,
        }
    }

    fn cpg_local_get(handle: CpgHandle, local_nodeid: *mut u32) -> CsError [CsError::LIBRARY] {
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        if local_nodeid.is_null() {
            return CsError::INVALID_PARAM;
        }
        match inst.local_get() {
            Ok(id) => {
                // SAFETY: checked non-null; caller-provided storage.
                unsafe { *local_nodeid = id };
                CsError::OK
            }
            Err(e) => e,
        }
    }

    fn cpg_flow_control_state_get(handle: CpgHandle, state: *mut u32) -> CsError [CsError::LIBRARY] {
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        if state.is_null() {
            return CsError::INVALID_PARAM;
        }
        // SAFETY: checked non-null; caller-provided storage.
        unsafe { *state = inst.conn.flow_control_state() };
        CsError::OK
    }

    /// Maps a zero-copy buffer of `size` bytes for `cpg_zcb_mcast_joined`.
    fn cpg_zcb_alloc(handle: CpgHandle, size: usize, buffer: *mut *mut c_void) -> CsError [CsError::LIBRARY] {
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        if buffer.is_null() {
            return CsError::INVALID_PARAM;
        }
        match inst.conn.zcb_alloc(size, ZCB_HEADER) {
            Ok(p) => {
                // SAFETY: checked non-null; the payload area starts after
                // the mcast header inside the buffer just mapped.
                unsafe { *buffer = p.wrapping_add(ZCB_HEADER).cast() };
                CsError::OK
            }
            Err(e) => {
                // SAFETY: checked non-null.
                unsafe { *buffer = std::ptr::null_mut() };
                e
            }
        }
    }

    fn cpg_zcb_free(handle: CpgHandle, buffer: *mut c_void) -> CsError [CsError::LIBRARY] {
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        to_status(inst.conn.zcb_free(buffer.cast::<u8>().wrapping_sub(ZCB_HEADER)))
    }

    fn cpg_zcb_mcast_joined(
        handle: CpgHandle,
        guarantee: u32,
        msg: *mut c_void,
        msg_len: usize,
    ) -> CsError [CsError::LIBRARY] {
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        let start = msg.cast::<u8>().wrapping_sub(ZCB_HEADER);
        let capacity = match inst.conn.zcb_len(start) {
            Ok(n) => n,
            Err(e) => return e,
        };
        if msg_len > capacity - ZCB_HEADER {
            return CsError::INVALID_PARAM;
        }
        let header = corosync_wire::cpg::encode::mcast_header(guarantee, msg_len);
        // SAFETY: `start` is the beginning of a zero-copy buffer this
        // connection mapped (checked by zcb_len), with room for the header.
        unsafe { std::ptr::copy_nonoverlapping(header.as_ptr(), start, header.len()) };
        let mut resp = [0u8; corosync_wire::cpg::size::SIMPLE_RESPONSE];
        match inst.conn.zcb_send_recv(start, &mut resp) {
            Ok(()) => CsError(i32::from_ne_bytes([resp[16], resp[17], resp[18], resp[19]])),
            Err(e) => e,
        }
    }

    fn cpg_iteration_initialize(
        handle: CpgHandle,
        iteration_kind: u32,
        group: *const CpgName,
        iteration_handle: *mut u64,
    ) -> CsError [CsError::LIBRARY] {
        // SAFETY: the caller passes null or a readable struct cpg_name.
        let name = unsafe { read_name(group) };
        if let Some(n) = &name
            && n.length as usize > MAX_NAME_LENGTH {
                return CsError::NAME_TOO_LONG;
            }
        if iteration_handle.is_null() {
            return CsError::INVALID_PARAM;
        }
        if (iteration_kind == iteration_type::ONE_GROUP) != name.is_some() {
            return CsError::INVALID_PARAM;
        }
        if !matches!(
            iteration_kind,
            iteration_type::NAME_ONLY | iteration_type::ONE_GROUP | iteration_type::ALL
        ) {
            return CsError::INVALID_PARAM;
        }
        let inst = match INSTANCES.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        let wire = name.map(|n| n.to_wire());
        match inst.iteration_initialize(wire.as_ref(), iteration_kind) {
            Ok(executive_handle) => {
                let h = ITERATIONS.create(Iteration {
                    inst: Arc::clone(&inst),
                    executive_handle,
                });
                inst.iterations.lock().unwrap_or_else(|p| p.into_inner()).push(h);
                // SAFETY: checked non-null; caller-provided storage.
                unsafe { *iteration_handle = h };
                CsError::OK
            }
            Err(e) => e,
        }
    }

    fn cpg_iteration_next(
        handle: u64,
        description: *mut CpgIterationDescription,
    ) -> CsError [CsError::LIBRARY] {
        if description.is_null() {
            return CsError::INVALID_PARAM;
        }
        let it = match ITERATIONS.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        match it.inst.iteration_next(it.executive_handle) {
            Ok((group, nodeid, pid)) => {
                // SAFETY: checked non-null; caller-provided storage.
                unsafe {
                    *description = CpgIterationDescription {
                        group: CpgName::from_wire(&group),
                        nodeid,
                        pid,
                    }
                };
                CsError::OK
            }
            Err(e) => e,
        }
    }

    fn cpg_iteration_finalize(handle: u64) -> CsError [CsError::LIBRARY] {
        let it = match ITERATIONS.get(handle) {
            Ok(i) => i,
            Err(e) => return e,
        };
        let r = it.inst.iteration_finalize(it.executive_handle);
        if r.is_ok() || r == Err(CsError::LIBRARY) {
            let _ = ITERATIONS.destroy(handle);
            it.inst
                .iterations
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .retain(|&h| h != handle);
        }
        to_status(r)
    }
}
