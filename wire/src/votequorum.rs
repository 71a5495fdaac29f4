//! The votequorum service (`corosync/ipc_votequorum.h`, service 15):
//! library requests and replies, callbacks, and the three executive
//! messages nodes exchange. Layouts are LP64 with the original's
//! alignment; the executive messages are byte-exact between hosts.

use crate::CsError;
use crate::bytes::{Reader, Writer};
use crate::error::DecodeError;
use crate::exec::make_id;
use crate::ipc::{RequestHeader, ResponseHeader, ServiceId};

pub const MAX_QDISK_NAME_LEN: usize = 255;

pub mod req {
    pub const GETINFO: i32 = 0;
    pub const SETEXPECTED: i32 = 1;
    pub const SETVOTES: i32 = 2;
    pub const QDISK_REGISTER: i32 = 3;
    pub const QDISK_UNREGISTER: i32 = 4;
    pub const QDISK_POLL: i32 = 5;
    pub const QDISK_GETINFO: i32 = 6;
    pub const SETSTATE: i32 = 7;
    pub const LEAVING: i32 = 8;
    pub const TRACKSTART: i32 = 9;
    pub const TRACKSTOP: i32 = 10;
}

pub mod res {
    pub const STATUS: i32 = 0;
    pub const GETINFO: i32 = 1;
    pub const QDISK_GETINFO: i32 = 2;
    pub const TRACKSTART: i32 = 3;
    pub const NOTIFICATION: i32 = 4;
    pub const EXPECTEDVOTES_NOTIFICATION: i32 = 5;
}

/// `flags` of the getinfo reply.
pub mod info_flag {
    pub const HASSTATE: u32 = 1;
    pub const DISALLOWED: u32 = 2;
    pub const TWONODE: u32 = 4;
    pub const QUORATE: u32 = 8;
}

pub mod size {
    /// Requests with one 32-bit argument at 16 (setexpected, getinfo,
    /// qdisk_poll) and setvotes (votes at 16, nodeid at 20).
    pub const ONE_ARG_REQUEST: usize = 24;
    /// `req_lib_votequorum_qdisk_register`: votes at 16, name at 20.
    pub const QDISK_REGISTER_REQUEST: usize = 280;
    /// `req_lib_votequorum_trackstart`: context at 16, flags at 24.
    pub const TRACKSTART_REQUEST: usize = 32;
    pub const STATUS_RESPONSE: usize = 24;
    /// `res_lib_votequorum_getinfo`: seven 32-bit fields from 24.
    pub const GETINFO_RESPONSE: usize = 56;
    /// `res_lib_votequorum_qdisk_getinfo`: votes 24, state 28, name 32.
    pub const QDISK_GETINFO_RESPONSE: usize = 288;
    /// `res_lib_votequorum_notification` without its list: quorate 24,
    /// context 32, entries 40, list of (nodeid, state) from 48.
    pub const NOTIFICATION: usize = 48;
    pub const EXPECTEDVOTES_NOTIFICATION: usize = 40;
    /// Executive messages.
    pub const EXEC_NODEINFO: usize = 48;
    pub const EXEC_RECONFIGURE: usize = 32;
    pub const EXEC_KILLNODE: usize = 24;
}

fn request(size: usize, id: i32) -> Vec<u8> {
    let mut b = vec![0u8; size];
    RequestHeader {
        size: size as i32,
        id,
    }
    .encode(&mut Writer::new(&mut b));
    b
}

/// A header-only request (unregister, setstate, leaving, trackstop).
pub fn encode_general(id: i32) -> Vec<u8> {
    request(RequestHeader::SIZE, id)
}

/// getinfo, setexpected, qdisk_poll: one 32-bit argument.
pub fn encode_one_arg(id: i32, arg: u32) -> Vec<u8> {
    let mut b = request(size::ONE_ARG_REQUEST, id);
    Writer::new(&mut b).u32(16, arg);
    b
}

pub fn encode_setvotes(nodeid: u32, votes: u32) -> Vec<u8> {
    let mut b = request(size::ONE_ARG_REQUEST, req::SETVOTES);
    let mut w = Writer::new(&mut b);
    w.u32(16, votes);
    w.u32(20, nodeid);
    b
}

/// `name` is cut to 255 bytes; its terminating zero then falls in the
/// structure's padding.
pub fn encode_qdisk_register(name: &[u8], votes: u32) -> Vec<u8> {
    let mut b = request(size::QDISK_REGISTER_REQUEST, req::QDISK_REGISTER);
    let mut w = Writer::new(&mut b);
    w.u32(16, votes);
    let n = name.len().min(MAX_QDISK_NAME_LEN);
    w.put(20, &name[..n]);
    b
}

pub fn encode_trackstart(context: u64, flags: u32) -> Vec<u8> {
    let mut b = request(size::TRACKSTART_REQUEST, req::TRACKSTART);
    let mut w = Writer::new(&mut b);
    w.u64(16, context);
    w.u32(24, flags);
    b
}

/// The 32-bit argument at offset 16 of a request.
pub fn decode_arg(msg: &[u8], off: usize, what: &'static str) -> Result<u32, DecodeError> {
    let r = Reader::new(msg);
    r.require(off + 4, what)?;
    r.u32(off)
}

/// (votes, name up to its first zero)
pub fn decode_qdisk_register(msg: &[u8]) -> Result<(u32, Vec<u8>), DecodeError> {
    let r = Reader::new(msg);
    r.require(size::QDISK_REGISTER_REQUEST, "qdisk register")?;
    let raw = r.slice(20, MAX_QDISK_NAME_LEN)?;
    let end = raw.iter().position(|&c| c == 0).unwrap_or(raw.len());
    Ok((r.u32(16)?, raw[..end].to_vec()))
}

/// (context, flags)
pub fn decode_trackstart(msg: &[u8]) -> Result<(u64, u32), DecodeError> {
    let r = Reader::new(msg);
    r.require(size::TRACKSTART_REQUEST, "votequorum trackstart")?;
    Ok((r.u64(16)?, r.u32(24)?))
}

pub fn encode_status(error: CsError) -> [u8; size::STATUS_RESPONSE] {
    ResponseHeader::new(size::STATUS_RESPONSE, res::STATUS, error).to_bytes()
}

/// The getinfo reply (`struct votequorum_info` in the library).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Info {
    pub nodeid: u32,
    pub votes: u32,
    pub expected_votes: u32,
    pub highest_expected: u32,
    pub total_votes: u32,
    pub quorum: u32,
    pub flags: u32,
}

pub fn encode_getinfo_response(error: CsError, i: &Info) -> [u8; size::GETINFO_RESPONSE] {
    let mut b = [0u8; size::GETINFO_RESPONSE];
    let mut w = Writer::new(&mut b);
    ResponseHeader::new(size::GETINFO_RESPONSE, res::GETINFO, error).encode(&mut w);
    for (k, v) in [
        i.nodeid,
        i.votes,
        i.expected_votes,
        i.highest_expected,
        i.total_votes,
        i.quorum,
        i.flags,
    ]
    .into_iter()
    .enumerate()
    {
        w.u32(24 + 4 * k, v);
    }
    b
}

pub fn decode_getinfo_response(b: &[u8]) -> Result<(CsError, Info), DecodeError> {
    let r = Reader::new(b);
    let h = ResponseHeader::decode(&r)?;
    r.require(size::GETINFO_RESPONSE, "getinfo response")?;
    Ok((
        h.error,
        Info {
            nodeid: r.u32(24)?,
            votes: r.u32(28)?,
            expected_votes: r.u32(32)?,
            highest_expected: r.u32(36)?,
            total_votes: r.u32(40)?,
            quorum: r.u32(44)?,
            flags: r.u32(48)?,
        },
    ))
}

/// The qdisk getinfo reply; the original labels it with the getinfo id.
pub fn encode_qdisk_getinfo_response(
    error: CsError,
    votes: u32,
    state: u32,
    name: &[u8],
) -> [u8; size::QDISK_GETINFO_RESPONSE] {
    let mut b = [0u8; size::QDISK_GETINFO_RESPONSE];
    let mut w = Writer::new(&mut b);
    ResponseHeader::new(size::QDISK_GETINFO_RESPONSE, res::GETINFO, error).encode(&mut w);
    w.u32(24, votes);
    w.u32(28, state);
    let n = name.len().min(MAX_QDISK_NAME_LEN - 1);
    w.put(32, &name[..n]);
    b
}

/// (error, votes, state, the 255 name bytes)
pub fn decode_qdisk_getinfo_response(
    b: &[u8],
) -> Result<(CsError, u32, u32, [u8; MAX_QDISK_NAME_LEN]), DecodeError> {
    let r = Reader::new(b);
    let h = ResponseHeader::decode(&r)?;
    r.require(size::QDISK_GETINFO_RESPONSE, "qdisk getinfo response")?;
    let mut name = [0u8; MAX_QDISK_NAME_LEN];
    name.copy_from_slice(r.slice(32, MAX_QDISK_NAME_LEN)?);
    Ok((h.error, r.u32(24)?, r.u32(28)?, name))
}

pub fn encode_notification(quorate: bool, context: u64, nodes: &[(u32, u32)]) -> Vec<u8> {
    let total = size::NOTIFICATION + 8 * nodes.len();
    let mut b = vec![0u8; total];
    let mut w = Writer::new(&mut b);
    ResponseHeader::new(total, res::NOTIFICATION, CsError::OK).encode(&mut w);
    w.u32(24, quorate as u32);
    w.u64(32, context);
    w.u32(40, nodes.len() as u32);
    for (i, (id, st)) in nodes.iter().enumerate() {
        w.u32(48 + 8 * i, *id);
        w.u32(52 + 8 * i, *st);
    }
    b
}

pub fn encode_expectedvotes_notification(
    context: u64,
    expected: u32,
) -> [u8; size::EXPECTEDVOTES_NOTIFICATION] {
    let mut b = [0u8; size::EXPECTEDVOTES_NOTIFICATION];
    let mut w = Writer::new(&mut b);
    ResponseHeader::new(
        size::EXPECTEDVOTES_NOTIFICATION,
        res::EXPECTEDVOTES_NOTIFICATION,
        CsError::OK,
    )
    .encode(&mut w);
    w.u64(24, context);
    w.u32(32, expected);
    b
}

/// A callback the library hands to the application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callback {
    Notification {
        quorate: u32,
        context: u64,
        nodes: Vec<(u32, u32)>,
    },
    ExpectedVotes {
        context: u64,
        expected: u32,
    },
}

/// Decodes a callback; `Ok(None)` for an id the library does not know.
pub fn decode_callback(b: &[u8]) -> Result<Option<Callback>, DecodeError> {
    let r = Reader::new(b);
    let h = ResponseHeader::decode(&r)?;
    match h.id {
        res::NOTIFICATION => {
            r.require(size::NOTIFICATION, "votequorum notification")?;
            let n = r.u32(40)? as usize;
            let need = n
                .checked_mul(8)
                .and_then(|x| x.checked_add(size::NOTIFICATION))
                .ok_or(DecodeError::BadLength {
                    what: "votequorum node list",
                    value: n as u64,
                })?;
            r.require(need, "votequorum node list")?;
            let nodes = (0..n)
                .map(|i| Ok((r.u32(48 + 8 * i)?, r.u32(52 + 8 * i)?)))
                .collect::<Result<Vec<_>, DecodeError>>()?;
            Ok(Some(Callback::Notification {
                quorate: r.u32(24)?,
                context: r.u64(32)?,
                nodes,
            }))
        }
        res::EXPECTEDVOTES_NOTIFICATION => {
            r.require(
                size::EXPECTEDVOTES_NOTIFICATION,
                "expected votes notification",
            )?;
            Ok(Some(Callback::ExpectedVotes {
                context: r.u64(24)?,
                expected: r.u32(32)?,
            }))
        }
        _ => Ok(None),
    }
}

// ---- executive messages ---------------------------------------------------

pub mod exec_fn {
    pub const NODEINFO: u16 = 0;
    pub const RECONFIGURE: u16 = 1;
    pub const KILLNODE: u16 = 2;
}

/// `param` of a reconfigure message.
pub mod reconfig {
    pub const EXPECTED_VOTES: u32 = 1;
    pub const NODE_VOTES: u32 = 2;
    pub const LEAVING: u32 = 3;
}

/// Version numbers carried in nodeinfo.
pub const MAJOR_VERSION: u32 = 7;
pub const MINOR_VERSION: u32 = 0;
pub const PATCH_VERSION: u32 = 0;

/// `req_exec_quorum_nodeinfo` (packed, 48 bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NodeInfo {
    pub first_trans: u32,
    pub votes: u32,
    pub expected_votes: u32,
    pub major_version: u32,
    pub minor_version: u32,
    pub patch_version: u32,
    pub config_version: u32,
    pub flags: u32,
}

fn exec_header(size: usize, function: u16) -> Vec<u8> {
    request(size, make_id(ServiceId::VOTEQUORUM, function))
}

impl NodeInfo {
    pub fn encode(&self) -> Vec<u8> {
        let mut b = exec_header(size::EXEC_NODEINFO, exec_fn::NODEINFO);
        let mut w = Writer::new(&mut b);
        for (k, v) in [
            self.first_trans,
            self.votes,
            self.expected_votes,
            self.major_version,
            self.minor_version,
            self.patch_version,
            self.config_version,
            self.flags,
        ]
        .into_iter()
        .enumerate()
        {
            w.u32(16 + 4 * k, v);
        }
        b
    }

    /// Foreign-endian senders: every field but `first_trans` is swapped,
    /// as the original's converter does.
    pub fn decode(msg: &[u8], swap: bool) -> Result<NodeInfo, DecodeError> {
        let r = Reader::with_swap(msg, swap);
        let raw = Reader::new(msg);
        r.require(size::EXEC_NODEINFO, "votequorum nodeinfo")?;
        Ok(NodeInfo {
            first_trans: raw.u32(16)?,
            votes: r.u32(20)?,
            expected_votes: r.u32(24)?,
            major_version: r.u32(28)?,
            minor_version: r.u32(32)?,
            patch_version: r.u32(36)?,
            config_version: r.u32(40)?,
            flags: r.u32(44)?,
        })
    }
}

/// `req_exec_quorum_reconfigure` (32 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reconfigure {
    pub param: u32,
    pub nodeid: u32,
    pub value: u32,
}

impl Reconfigure {
    pub fn encode(&self) -> Vec<u8> {
        let mut b = exec_header(size::EXEC_RECONFIGURE, exec_fn::RECONFIGURE);
        let mut w = Writer::new(&mut b);
        w.u32(16, self.param);
        w.u32(20, self.nodeid);
        w.u32(24, self.value);
        b
    }

    /// `param` is not converted for foreign-endian senders (as in the
    /// original); nodeid and value are.
    pub fn decode(msg: &[u8], swap: bool) -> Result<Reconfigure, DecodeError> {
        let r = Reader::with_swap(msg, swap);
        let raw = Reader::new(msg);
        r.require(size::EXEC_RECONFIGURE - 4, "votequorum reconfigure")?;
        Ok(Reconfigure {
            param: raw.u32(16)?,
            nodeid: r.u32(20)?,
            value: r.u32(24)?,
        })
    }
}

/// `req_exec_quorum_killnode` (24 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KillNode {
    pub reason: u32,
    pub nodeid: u32,
}

impl KillNode {
    pub fn encode(&self) -> Vec<u8> {
        let mut b = exec_header(size::EXEC_KILLNODE, exec_fn::KILLNODE);
        let mut w = Writer::new(&mut b);
        w.u32(16, self.reason);
        w.u32(20, self.nodeid);
        b
    }

    /// A foreign-endian reason is converted as a 16-bit value (the
    /// original's converter does so).
    pub fn decode(msg: &[u8], swap: bool) -> Result<KillNode, DecodeError> {
        let r = Reader::with_swap(msg, swap);
        let raw = Reader::new(msg);
        r.require(size::EXEC_KILLNODE, "votequorum killnode")?;
        let reason = raw.u32(16)?;
        let reason = if swap {
            ((reason & 0xff) << 8) | ((reason & 0xff00) >> 8)
        } else {
            reason
        };
        Ok(KillNode {
            reason,
            nodeid: r.u32(20)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_messages_have_the_original_sizes_and_ids() {
        let n = NodeInfo {
            votes: 2,
            expected_votes: 3,
            flags: 128,
            ..Default::default()
        }
        .encode();
        assert_eq!(n.len(), 48);
        assert_eq!(
            i32::from_ne_bytes(n[8..12].try_into().unwrap()),
            0x000f_0000
        );
        assert_eq!(u32::from_ne_bytes(n[44..48].try_into().unwrap()), 128);
        let r = Reconfigure {
            param: 2,
            nodeid: 5,
            value: 7,
        };
        let b = r.encode();
        assert_eq!(b.len(), 32);
        assert_eq!(Reconfigure::decode(&b, false).unwrap(), r);
        let k = KillNode {
            reason: 3,
            nodeid: 9,
        };
        assert_eq!(k.encode().len(), 24);
        assert_eq!(KillNode::decode(&k.encode(), false).unwrap(), k);
    }

    #[test]
    fn foreign_endian_nodeinfo_keeps_first_trans() {
        let mut b = NodeInfo::default().encode();
        b[16..20].copy_from_slice(&1u32.to_ne_bytes());
        b[20..24].copy_from_slice(&1u32.swap_bytes().to_ne_bytes());
        let n = NodeInfo::decode(&b, true).unwrap();
        assert_eq!((n.first_trans, n.votes), (1, 1));
        assert!(NodeInfo::decode(&b[..40], false).is_err());
    }

    #[test]
    fn callbacks_round_trip() {
        let b = encode_notification(true, 77, &[(1, 2), (2, 3)]);
        assert_eq!(b.len(), 64);
        assert_eq!(
            decode_callback(&b).unwrap(),
            Some(Callback::Notification {
                quorate: 1,
                context: 77,
                nodes: vec![(1, 2), (2, 3)]
            })
        );
        let e = encode_expectedvotes_notification(5, 9);
        assert_eq!(
            decode_callback(&e).unwrap(),
            Some(Callback::ExpectedVotes {
                context: 5,
                expected: 9
            })
        );
        let mut bad = b.clone();
        bad[40..44].copy_from_slice(&u32::MAX.to_ne_bytes());
        assert!(decode_callback(&bad).is_err());
    }

    #[test]
    fn qdisk_register_name_is_terminated() {
        let long = vec![b'x'; 400];
        let b = encode_qdisk_register(&long, 1);
        assert_eq!(b.len(), 280);
        let (v, n) = decode_qdisk_register(&b).unwrap();
        assert_eq!((v, n.len()), (1, 255));
    }
}
