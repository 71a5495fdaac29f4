//! The C types of `corosync/cpg.h`, with the original layouts.

use std::ffi::c_void;

use corosync_wire::cpg::{CpgAddress, CpgName as WireName, MAX_NAME_LENGTH};

pub type CpgHandle = u64;

/// `struct cpg_name` (132 bytes).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct CpgName {
    pub length: u32,
    pub value: [u8; MAX_NAME_LENGTH],
}

impl CpgName {
    pub fn from_wire(n: &WireName) -> CpgName {
        CpgName {
            length: n.length(),
            value: *n.raw_value(),
        }
    }

    pub fn to_wire(&self) -> WireName {
        WireName::from_raw(self.length, self.value)
    }
}

/// `struct cpg_address` (12 bytes).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CpgAddressC {
    pub nodeid: u32,
    pub pid: u32,
    pub reason: u32,
}

impl From<&CpgAddress> for CpgAddressC {
    fn from(a: &CpgAddress) -> CpgAddressC {
        CpgAddressC {
            nodeid: a.nodeid,
            pid: a.pid,
            reason: a.reason,
        }
    }
}

/// `struct cpg_ring_id` (16 bytes).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CpgRingId {
    pub nodeid: u32,
    pub seq: u64,
}

/// `struct cpg_iteration_description_t` (140 bytes).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct CpgIterationDescription {
    pub group: CpgName,
    pub nodeid: u32,
    pub pid: u32,
}

pub type DeliverFn = unsafe extern "C" fn(
    handle: CpgHandle,
    group_name: *const CpgName,
    nodeid: u32,
    pid: u32,
    msg: *mut c_void,
    msg_len: usize,
);

pub type ConfchgFn = unsafe extern "C" fn(
    handle: CpgHandle,
    group_name: *const CpgName,
    member_list: *const CpgAddressC,
    member_list_entries: usize,
    left_list: *const CpgAddressC,
    left_list_entries: usize,
    joined_list: *const CpgAddressC,
    joined_list_entries: usize,
);

pub type TotemConfchgFn = unsafe extern "C" fn(
    handle: CpgHandle,
    ring_id: CpgRingId,
    member_list_entries: u32,
    member_list: *const u32,
);

/// `cpg_callbacks_t`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct CpgCallbacks {
    pub deliver: Option<DeliverFn>,
    pub confchg: Option<ConfchgFn>,
}

/// `cpg_model_data_t`: only the model field.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct CpgModelData {
    pub model: i32,
}

/// `cpg_model_v1_data_t` (40 bytes).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct CpgModelV1Data {
    pub model: i32,
    pub deliver: Option<DeliverFn>,
    pub confchg: Option<ConfchgFn>,
    pub totem_confchg: Option<TotemConfchgFn>,
    pub flags: u32,
}

pub const CPG_MODEL_V1: i32 = 1;

pub const CS_DISPATCH_ONE: i32 = 1;
pub const CS_DISPATCH_ALL: i32 = 2;

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn layouts_match_the_header() {
        assert_eq!(size_of::<CpgName>(), 132);
        assert_eq!(size_of::<CpgAddressC>(), 12);
        assert_eq!(size_of::<CpgRingId>(), 16);
        assert_eq!(offset_of!(CpgRingId, seq), 8);
        assert_eq!(size_of::<CpgIterationDescription>(), 140);
        assert_eq!(size_of::<CpgCallbacks>(), 16);
        assert_eq!(size_of::<CpgModelV1Data>(), 40);
        assert_eq!(offset_of!(CpgModelV1Data, deliver), 8);
        assert_eq!(offset_of!(CpgModelV1Data, totem_confchg), 24);
        assert_eq!(offset_of!(CpgModelV1Data, flags), 32);
    }
}
