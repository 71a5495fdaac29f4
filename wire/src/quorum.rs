//! The quorum service (`corosync/ipc_quorum.h`, service 12): library
//! requests, replies and the notification callback. Layouts are the
//! `aligned(8)` structures on LP64.

use crate::CsError;
use crate::bytes::{Reader, Writer};
use crate::error::DecodeError;
use crate::ipc::{RequestHeader, ResponseHeader};

/// Library request ids.
pub mod req {
    pub const GETQUORATE: i32 = 0;
    pub const TRACKSTART: i32 = 1;
    pub const TRACKSTOP: i32 = 2;
}

/// Reply and callback ids.
pub mod res {
    pub const GETQUORATE: i32 = 0;
    pub const TRACKSTART: i32 = 1;
    pub const TRACKSTOP: i32 = 2;
    pub const NOTIFICATION: i32 = 3;
}

/// Message sizes.
pub mod size {
    /// `req_lib_quorum_trackstart`: header, `track_flags` at 16.
    pub const TRACKSTART_REQUEST: usize = 24;
    /// `res_lib_quorum_getquorate`: header, `quorate` at 24.
    pub const GETQUORATE_RESPONSE: usize = 32;
    /// `res_lib_quorum_notification` without its list: `quorate` at 24,
    /// `ring_seq` at 32, `view_list_entries` at 40, the list at 44.
    pub const NOTIFICATION: usize = 48;
    pub const NOTIFICATION_LIST: usize = 44;
}

/// A bare request (getquorate, trackstop).
pub fn encode_request(id: i32) -> [u8; RequestHeader::SIZE] {
    RequestHeader {
        size: RequestHeader::SIZE as i32,
        id,
    }
    .to_bytes()
}

pub fn encode_trackstart(flags: u32) -> [u8; size::TRACKSTART_REQUEST] {
    let mut b = [0u8; size::TRACKSTART_REQUEST];
    let mut w = Writer::new(&mut b);
    RequestHeader {
        size: size::TRACKSTART_REQUEST as i32,
        id: req::TRACKSTART,
    }
    .encode(&mut w);
    w.u32(16, flags);
    b
}

/// The track flags of a trackstart request.
pub fn decode_trackstart(msg: &[u8]) -> Result<u32, DecodeError> {
    let r = Reader::new(msg);
    r.require(size::TRACKSTART_REQUEST, "quorum trackstart")?;
    r.u32(16)
}

pub fn encode_getquorate_response(quorate: bool) -> [u8; size::GETQUORATE_RESPONSE] {
    let mut b = [0u8; size::GETQUORATE_RESPONSE];
    let mut w = Writer::new(&mut b);
    ResponseHeader::new(size::GETQUORATE_RESPONSE, res::GETQUORATE, CsError::OK).encode(&mut w);
    w.u32(24, quorate as u32);
    b
}

/// (error, quorate)
pub fn decode_getquorate_response(b: &[u8]) -> Result<(CsError, u32), DecodeError> {
    let r = Reader::new(b);
    let h = ResponseHeader::decode(&r)?;
    r.require(size::GETQUORATE_RESPONSE, "getquorate response")?;
    Ok((h.error, r.u32(24)?))
}

/// The notification callback: the view list follows the fixed part at
/// offset 44; the total size is 48 plus four bytes per member.
pub fn encode_notification(quorate: bool, ring_seq: u64, view: &[u32]) -> Vec<u8> {
    let total = size::NOTIFICATION + 4 * view.len();
    let mut b = vec![0u8; total];
    let mut w = Writer::new(&mut b);
    ResponseHeader::new(total, res::NOTIFICATION, CsError::OK).encode(&mut w);
    w.i32(24, quorate as i32);
    w.u64(32, ring_seq);
    w.u32(40, view.len() as u32);
    for (i, n) in view.iter().enumerate() {
        w.u32(size::NOTIFICATION_LIST + 4 * i, *n);
    }
    b
}

/// A decoded notification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    pub quorate: u32,
    pub ring_seq: u64,
    pub view: Vec<u32>,
}

pub fn decode_notification(b: &[u8]) -> Result<Notification, DecodeError> {
    let r = Reader::new(b);
    r.require(size::NOTIFICATION, "quorum notification")?;
    let n = r.u32(40)? as usize;
    let need = n
        .checked_mul(4)
        .and_then(|x| x.checked_add(size::NOTIFICATION_LIST))
        .ok_or(DecodeError::BadLength {
            what: "quorum view list",
            value: n as u64,
        })?;
    r.require(need, "quorum view list")?;
    let view = (0..n)
        .map(|i| r.u32(size::NOTIFICATION_LIST + 4 * i))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Notification {
        quorate: r.i32(24)? as u32,
        ring_seq: r.u64(32)?,
        view,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notification_round_trip_and_size() {
        let b = encode_notification(true, 0x1234, &[1, 2, 3]);
        assert_eq!(b.len(), 48 + 12);
        assert_eq!(i32::from_ne_bytes(b[0..4].try_into().unwrap()), 60);
        let n = decode_notification(&b).unwrap();
        assert_eq!(n.quorate, 1);
        assert_eq!(n.ring_seq, 0x1234);
        assert_eq!(n.view, vec![1, 2, 3]);
    }

    #[test]
    fn truncated_notification_is_refused() {
        let mut b = encode_notification(false, 1, &[1, 2]);
        b[40..44].copy_from_slice(&1000u32.to_ne_bytes());
        assert!(decode_notification(&b).is_err());
        assert!(decode_notification(&b[..20]).is_err());
    }

    #[test]
    fn trackstart_layout() {
        let b = encode_trackstart(4);
        assert_eq!(b.len(), 24);
        assert_eq!(decode_trackstart(&b).unwrap(), 4);
        assert!(decode_trackstart(&b[..20]).is_err());
    }
}
