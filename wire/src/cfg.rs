//! The configuration service (service 7, `corosync_cfg`): library requests
//! and replies of `corosync/cfg.h` and the executive messages between
//! hosts. Layouts are the `aligned(8)` structures of LP64 Linux.

use crate::bytes::{Reader, Writer};
use crate::error::{CsError, DecodeError};
use crate::exec::make_id;
use crate::ipc::{RequestHeader, ResponseHeader, ServiceId};

/// Library request ids.
pub mod req {
    pub const RINGSTATUSGET: i32 = 0;
    pub const RINGREENABLE: i32 = 1;
    pub const STATETRACKSTART: i32 = 2;
    pub const STATETRACKSTOP: i32 = 3;
    pub const ADMINISTRATIVESTATESET: i32 = 4;
    pub const ADMINISTRATIVESTATEGET: i32 = 5;
    pub const SERVICELOAD: i32 = 6;
    pub const SERVICEUNLOAD: i32 = 7;
    pub const KILLNODE: i32 = 8;
    pub const TRYSHUTDOWN: i32 = 9;
    pub const REPLYTOSHUTDOWN: i32 = 10;
    pub const GET_NODE_ADDRS: i32 = 11;
    pub const LOCAL_GET: i32 = 12;
    pub const CRYPTO_SET: i32 = 13;
}

/// Reply and callback ids (their numbering differs from the requests').
pub mod res {
    pub const RINGSTATUSGET: i32 = 0;
    pub const RINGREENABLE: i32 = 1;
    pub const STATETRACKSTART: i32 = 2;
    pub const STATETRACKSTOP: i32 = 3;
    pub const SERVICELOAD: i32 = 6;
    pub const SERVICEUNLOAD: i32 = 7;
    pub const KILLNODE: i32 = 8;
    pub const TRYSHUTDOWN: i32 = 9;
    /// The shutdown question sent to tracking clients (a callback).
    pub const TESTSHUTDOWN: i32 = 10;
    pub const GET_NODE_ADDRS: i32 = 11;
    pub const LOCAL_GET: i32 = 12;
    pub const REPLYTOSHUTDOWN: i32 = 13;
    pub const CRYPTO_SET: i32 = 14;
}

/// Executive message functions.
pub mod exec {
    pub const RINGREENABLE: u16 = 0;
    pub const KILLNODE: u16 = 1;
    pub const SHUTDOWN: u16 = 2;
    pub const CRYPTO_SET: u16 = 3;
    pub const COUNT: u16 = 4;
}

/// `corosync_cfg_shutdown_flags_t`.
pub mod shutdown_flag {
    pub const REQUEST: u32 = 0;
    pub const REGARDLESS: u32 = 1;
    pub const IMMEDIATE: u32 = 2;
}

/// Most rings a status reply carries, and the field widths.
pub const RING_MAX: usize = 16;
pub const RING_NAME_LEN: usize = 128;
pub const RING_STATUS_LEN: usize = 512;
/// Bytes of one address in a node-address reply.
pub const ADDR_LEN: usize = 16;
/// `cs_name_t`/`mar_name_t` value bytes.
pub const NAME_MAX: usize = 256;

/// Sizes of the structures.
pub mod size {
    pub const RINGSTATUSGET_RESPONSE: usize = 10272;
    pub const SERVICE_REQUEST: usize = 288;
    pub const KILLNODE_REQUEST: usize = 288;
    pub const TRYSHUTDOWN_REQUEST: usize = 24;
    pub const REPLYTOSHUTDOWN_REQUEST: usize = 24;
    pub const TESTSHUTDOWN: usize = 32;
    pub const GET_NODE_ADDRS_REQUEST: usize = 24;
    pub const GET_NODE_ADDRS_RESPONSE: usize = 32;
    pub const LOCAL_GET_RESPONSE: usize = 32;
    pub const CRYPTO_SET_REQUEST: usize = 32;
    pub const STATETRACK_REQUEST: usize = 32;
    pub const SIMPLE_REQUEST: usize = 16;
    pub const SIMPLE_RESPONSE: usize = 24;
    pub const EXEC_RINGREENABLE: usize = 32;
    pub const EXEC_KILLNODE: usize = 288;
    pub const EXEC_CRYPTO_SET: usize = 24;
    pub const EXEC_SHUTDOWN: usize = 16;
}

const RING_NAME_OFF: usize = 32;
const RING_STATUS_OFF: usize = RING_NAME_OFF + RING_MAX * RING_NAME_LEN;

fn cstr(b: &[u8]) -> &[u8] {
    let n = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    &b[..n]
}

fn header(buf: &mut [u8], id: i32, size: usize) {
    let mut w = Writer::new(buf);
    RequestHeader {
        size: size as i32,
        id,
    }
    .encode(&mut w);
}

fn resp_header(buf: &mut [u8], id: i32, size: usize, error: CsError) {
    let mut w = Writer::new(buf);
    ResponseHeader::new(size, id, error).encode(&mut w);
}

/// A decoded library request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LibRequest {
    RingStatusGet,
    RingReenable,
    StateTrackStart,
    StateTrackStop,
    AdministrativeStateSet,
    AdministrativeStateGet,
    ServiceLoad { name: Vec<u8>, ver: u32 },
    ServiceUnload { name: Vec<u8>, ver: u32 },
    KillNode { nodeid: u32, reason: Vec<u8> },
    TryShutdown { flags: u32 },
    ReplyToShutdown { response: u32 },
    GetNodeAddrs { nodeid: u32 },
    LocalGet,
    CryptoSet { kind: u32 },
}

impl LibRequest {
    /// Decodes request `id`; the body must be as long as the structure.
    pub fn decode(id: i32, msg: &[u8]) -> Result<LibRequest, DecodeError> {
        let r = Reader::new(msg);
        Ok(match id {
            req::RINGSTATUSGET => LibRequest::RingStatusGet,
            req::RINGREENABLE => LibRequest::RingReenable,
            req::STATETRACKSTART => LibRequest::StateTrackStart,
            req::STATETRACKSTOP => LibRequest::StateTrackStop,
            req::ADMINISTRATIVESTATESET => LibRequest::AdministrativeStateSet,
            req::ADMINISTRATIVESTATEGET => LibRequest::AdministrativeStateGet,
            req::SERVICELOAD | req::SERVICEUNLOAD => {
                r.require(size::SERVICE_REQUEST, "cfg service request")?;
                let name = cstr(r.slice(24, 256)?).to_vec();
                let ver = r.u32(280)?;
                if id == req::SERVICELOAD {
                    LibRequest::ServiceLoad { name, ver }
                } else {
                    LibRequest::ServiceUnload { name, ver }
                }
            }
            req::KILLNODE => {
                r.require(size::KILLNODE_REQUEST, "cfg killnode")?;
                let nodeid = r.u32(16)?;
                let len = (r.u16(24)? as usize).min(NAME_MAX);
                let reason = cstr(r.slice(26, len)?).to_vec();
                LibRequest::KillNode { nodeid, reason }
            }
            req::TRYSHUTDOWN => {
                r.require(size::TRYSHUTDOWN_REQUEST, "cfg tryshutdown")?;
                LibRequest::TryShutdown { flags: r.u32(16)? }
            }
            req::REPLYTOSHUTDOWN => {
                r.require(size::REPLYTOSHUTDOWN_REQUEST, "cfg replytoshutdown")?;
                LibRequest::ReplyToShutdown {
                    response: r.u32(16)?,
                }
            }
            req::GET_NODE_ADDRS => {
                r.require(size::GET_NODE_ADDRS_REQUEST, "cfg get_node_addrs")?;
                LibRequest::GetNodeAddrs { nodeid: r.u32(16)? }
            }
            req::LOCAL_GET => LibRequest::LocalGet,
            req::CRYPTO_SET => {
                r.require(size::CRYPTO_SET_REQUEST, "cfg crypto_set")?;
                LibRequest::CryptoSet { kind: r.u32(24)? }
            }
            _ => {
                return Err(DecodeError::BadLength {
                    what: "cfg request id",
                    value: id as u64,
                });
            }
        })
    }
}

/// Client-side encoders.
pub mod encode {
    use super::*;

    pub fn simple(id: i32) -> [u8; size::SIMPLE_REQUEST] {
        let mut b = [0u8; size::SIMPLE_REQUEST];
        header(&mut b, id, size::SIMPLE_REQUEST);
        b
    }

    /// Service load/unload: the header is a 24-byte response header.
    pub fn service(id: i32, name: &[u8], ver: u32) -> [u8; size::SERVICE_REQUEST] {
        let mut b = [0u8; size::SERVICE_REQUEST];
        resp_header(&mut b, id, size::SERVICE_REQUEST, CsError::OK);
        let n = name.len().min(255);
        b[24..24 + n].copy_from_slice(&name[..n]);
        Writer::new(&mut b).u32(280, ver);
        b
    }

    /// `reason` must be shorter than 256 bytes (checked by the caller).
    pub fn killnode(nodeid: u32, reason: &[u8]) -> [u8; size::KILLNODE_REQUEST] {
        let mut b = [0u8; size::KILLNODE_REQUEST];
        header(&mut b, req::KILLNODE, size::KILLNODE_REQUEST);
        let n = reason.len().min(NAME_MAX - 1);
        let mut w = Writer::new(&mut b);
        w.u32(16, nodeid);
        w.u16(24, (n + 1) as u16);
        w.put(26, &reason[..n]);
        b
    }

    pub fn with_u32(id: i32, v: u32) -> [u8; 24] {
        let mut b = [0u8; 24];
        header(&mut b, id, 24);
        Writer::new(&mut b).u32(16, v);
        b
    }

    pub fn crypto_set(kind: u32) -> [u8; size::CRYPTO_SET_REQUEST] {
        let mut b = [0u8; size::CRYPTO_SET_REQUEST];
        resp_header(
            &mut b,
            req::CRYPTO_SET,
            size::CRYPTO_SET_REQUEST,
            CsError::OK,
        );
        Writer::new(&mut b).u32(24, kind);
        b
    }

    pub fn statetrack(flags: u8, buffer_address: u64) -> [u8; size::STATETRACK_REQUEST] {
        let mut b = [0u8; size::STATETRACK_REQUEST];
        header(&mut b, req::STATETRACKSTART, size::STATETRACK_REQUEST);
        b[16] = flags;
        Writer::new(&mut b).u64(24, buffer_address);
        b
    }
}

/// Executive-side encoders of replies and callbacks.
pub mod reply {
    use super::*;

    pub fn simple(id: i32, error: CsError) -> [u8; size::SIMPLE_RESPONSE] {
        ResponseHeader::new(size::SIMPLE_RESPONSE, id, error).to_bytes()
    }

    /// The ring status reply: (address text, status text) per ring.
    pub fn ringstatus(rings: &[(String, String)]) -> Vec<u8> {
        let mut b = vec![0u8; size::RINGSTATUSGET_RESPONSE];
        resp_header(
            &mut b,
            res::RINGSTATUSGET,
            size::RINGSTATUSGET_RESPONSE,
            CsError::OK,
        );
        let n = rings.len().min(RING_MAX);
        Writer::new(&mut b).u32(24, n as u32);
        for (i, (name, status)) in rings.iter().take(n).enumerate() {
            let nb = name.as_bytes();
            let nl = nb.len().min(RING_NAME_LEN - 1);
            let o = RING_NAME_OFF + i * RING_NAME_LEN;
            b[o..o + nl].copy_from_slice(&nb[..nl]);
            let sb = status.as_bytes();
            let sl = sb.len().min(RING_STATUS_LEN - 1);
            let o = RING_STATUS_OFF + i * RING_STATUS_LEN;
            b[o..o + sl].copy_from_slice(&sb[..sl]);
        }
        b
    }

    pub fn testshutdown(error: CsError, flags: u32) -> [u8; size::TESTSHUTDOWN] {
        let mut b = [0u8; size::TESTSHUTDOWN];
        resp_header(&mut b, res::TESTSHUTDOWN, size::TESTSHUTDOWN, error);
        Writer::new(&mut b).u32(24, flags);
        b
    }

    /// Node addresses: `family` (AF_INET/AF_INET6) and 16 bytes each.
    /// No address means CS_ERR_NOT_EXIST.
    pub fn node_addrs(family: u32, addrs: &[[u8; ADDR_LEN]]) -> Vec<u8> {
        let total = size::GET_NODE_ADDRS_RESPONSE + addrs.len() * ADDR_LEN;
        let mut b = vec![0u8; total];
        let error = if addrs.is_empty() {
            CsError::NOT_EXIST
        } else {
            CsError::OK
        };
        resp_header(&mut b, res::GET_NODE_ADDRS, total, error);
        let mut w = Writer::new(&mut b);
        w.u32(24, if addrs.is_empty() { 0 } else { family });
        w.u32(28, addrs.len() as u32);
        for (i, a) in addrs.iter().enumerate() {
            w.put(32 + i * ADDR_LEN, a);
        }
        b
    }

    pub fn local_get(nodeid: u32) -> [u8; size::LOCAL_GET_RESPONSE] {
        let mut b = [0u8; size::LOCAL_GET_RESPONSE];
        resp_header(
            &mut b,
            res::LOCAL_GET,
            size::LOCAL_GET_RESPONSE,
            CsError::OK,
        );
        Writer::new(&mut b).u32(24, nodeid);
        b
    }
}

/// Client-side decoders.
pub mod response {
    use super::*;

    pub fn error(msg: &[u8]) -> CsError {
        match ResponseHeader::decode(&Reader::new(msg)) {
            Ok(h) => h.error,
            Err(_) => CsError::LIBRARY,
        }
    }

    /// (address, status) of one ring.
    pub type Ring = (Vec<u8>, Vec<u8>);

    /// (address, status) per ring.
    pub fn ringstatus(msg: &[u8]) -> Result<Vec<Ring>, DecodeError> {
        let r = Reader::new(msg);
        r.require(size::RINGSTATUSGET_RESPONSE, "cfg ring status")?;
        let n = (r.u32(24)? as usize).min(RING_MAX);
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let name = cstr(r.slice(RING_NAME_OFF + i * RING_NAME_LEN, RING_NAME_LEN)?);
            let st = cstr(r.slice(RING_STATUS_OFF + i * RING_STATUS_LEN, RING_STATUS_LEN)?);
            out.push((name.to_vec(), st.to_vec()));
        }
        Ok(out)
    }

    /// (error, family, addresses).
    pub type NodeAddrs = (CsError, u32, Vec<[u8; ADDR_LEN]>);

    pub fn node_addrs(msg: &[u8]) -> Result<NodeAddrs, DecodeError> {
        let r = Reader::new(msg);
        r.require(size::GET_NODE_ADDRS_RESPONSE, "cfg node addrs")?;
        let h = ResponseHeader::decode(&r)?;
        let family = r.u32(24)?;
        let n = r.u32(28)? as usize;
        let mut out = Vec::new();
        for i in 0..n {
            let s = r.slice(32 + i * ADDR_LEN, ADDR_LEN)?;
            let mut a = [0u8; ADDR_LEN];
            a.copy_from_slice(s);
            out.push(a);
        }
        Ok((h.error, family, out))
    }

    pub fn u32_at_24(msg: &[u8]) -> Result<(CsError, u32), DecodeError> {
        let r = Reader::new(msg);
        r.require(32, "cfg reply")?;
        let h = ResponseHeader::decode(&r)?;
        Ok((h.error, r.u32(24)?))
    }

    /// Callback id and (for a shutdown question) its flags.
    pub fn callback(msg: &[u8]) -> Result<(i32, u32), DecodeError> {
        let r = Reader::new(msg);
        let h = ResponseHeader::decode(&r)?;
        let flags = if h.id == res::TESTSHUTDOWN {
            r.u32(24)?
        } else {
            0
        };
        Ok((h.id, flags))
    }
}

/// Executive messages.
pub mod exec_msg {
    use super::*;

    pub fn ringreenable(source_nodeid: u32, source_conn: u64) -> [u8; size::EXEC_RINGREENABLE] {
        let mut b = [0u8; size::EXEC_RINGREENABLE];
        header(
            &mut b,
            make_id(ServiceId::CFG, exec::RINGREENABLE),
            size::EXEC_RINGREENABLE,
        );
        let mut w = Writer::new(&mut b);
        w.u32(16, source_nodeid);
        w.u64(24, source_conn);
        b
    }

    /// (source nodeid, source connection).
    pub fn decode_ringreenable(msg: &[u8], swap: bool) -> Result<(u32, u64), DecodeError> {
        let r = Reader::with_swap(msg, swap);
        r.require(size::EXEC_RINGREENABLE, "cfg exec ringreenable")?;
        Ok((r.u32(16)?, r.u64(24)?))
    }

    /// `reason` is the raw `mar_name_t` value (length counts the NUL).
    pub fn killnode(nodeid: u32, reason: &[u8]) -> [u8; size::EXEC_KILLNODE] {
        let mut b = [0u8; size::EXEC_KILLNODE];
        header(
            &mut b,
            make_id(ServiceId::CFG, exec::KILLNODE),
            size::EXEC_KILLNODE,
        );
        let n = reason.len().min(NAME_MAX - 1);
        let mut w = Writer::new(&mut b);
        w.u32(16, nodeid);
        w.u16(24, (n + 1) as u16);
        w.put(26, &reason[..n]);
        b
    }

    /// (target nodeid, reason text).
    pub fn decode_killnode(msg: &[u8], swap: bool) -> Result<(u32, Vec<u8>), DecodeError> {
        let r = Reader::with_swap(msg, swap);
        r.require(size::EXEC_KILLNODE, "cfg exec killnode")?;
        let len = (r.u16(24)? as usize).min(NAME_MAX);
        Ok((r.u32(16)?, cstr(r.slice(26, len)?).to_vec()))
    }

    pub fn shutdown() -> [u8; size::EXEC_SHUTDOWN] {
        let mut b = [0u8; size::EXEC_SHUTDOWN];
        header(
            &mut b,
            make_id(ServiceId::CFG, exec::SHUTDOWN),
            size::EXEC_SHUTDOWN,
        );
        b
    }

    pub fn crypto_set(kind: u32) -> [u8; size::EXEC_CRYPTO_SET] {
        let mut b = [0u8; size::EXEC_CRYPTO_SET];
        header(
            &mut b,
            make_id(ServiceId::CFG, exec::CRYPTO_SET),
            size::EXEC_CRYPTO_SET,
        );
        Writer::new(&mut b).u32(16, kind);
        b
    }

    pub fn decode_crypto_set(msg: &[u8], swap: bool) -> Result<u32, DecodeError> {
        let r = Reader::with_swap(msg, swap);
        r.require(size::EXEC_CRYPTO_SET, "cfg exec crypto_set")?;
        r.u32(16)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ringstatus_round_trip() {
        let b = reply::ringstatus(&[
            ("10.0.0.1".into(), "ring 0 active with no faults".into()),
            (
                "10.1.0.1".into(),
                "Marking ringid 1 interface 10.1.0.1 FAULTY".into(),
            ),
        ]);
        assert_eq!(b.len(), 10272);
        let r = response::ringstatus(&b).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].0, b"10.1.0.1");
        assert_eq!(r[0].1, b"ring 0 active with no faults");
    }

    #[test]
    fn killnode_round_trip_and_short_messages_refused() {
        let m = encode::killnode(7, b"because");
        match LibRequest::decode(req::KILLNODE, &m).unwrap() {
            LibRequest::KillNode { nodeid, reason } => {
                assert_eq!(nodeid, 7);
                assert_eq!(reason, b"because");
            }
            _ => panic!(),
        }
        assert!(LibRequest::decode(req::KILLNODE, &m[..100]).is_err());
        let e = exec_msg::killnode(3, b"x");
        assert_eq!(
            exec_msg::decode_killnode(&e, false).unwrap(),
            (3, b"x".to_vec())
        );
        // a hostile length is clamped to the field
        let mut bad = e;
        bad[24] = 0xff;
        bad[25] = 0xff;
        assert!(exec_msg::decode_killnode(&bad, false).is_ok());
    }

    #[test]
    fn node_addrs_round_trip() {
        let mut a = [0u8; 16];
        a[..4].copy_from_slice(&[10, 0, 0, 1]);
        let b = reply::node_addrs(2, &[a]);
        let (e, fam, l) = response::node_addrs(&b).unwrap();
        assert_eq!((e, fam, l), (CsError::OK, 2, vec![a]));
        let (e, _, l) = response::node_addrs(&reply::node_addrs(2, &[])).unwrap();
        assert_eq!((e, l.len()), (CsError::NOT_EXIST, 0));
    }
}
