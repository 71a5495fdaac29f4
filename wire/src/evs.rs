//! The extended virtual synchrony protocol (service 0): client requests,
//! responses and callbacks over coroipc, and the one executive message
//! (`MCAST`) that carries a message to every node.
//!
//! Layouts are those of LP64 Linux with the 8-byte aligned IPC headers;
//! `size_t` fields are 8 bytes. The library's requests start with a
//! 24-byte *response* header (the request header plus 8 unused bytes), so
//! their fields sit at 24.

use crate::bytes::{Reader, Writer};
use crate::error::{CsError, DecodeError};
use crate::exec::make_id;
use crate::ipc::{RequestHeader, ResponseHeader, ServiceId};

/// Size of the membership arrays in replies and callbacks.
pub const PROCESSOR_COUNT_MAX: usize = 384;
/// Most groups one join request may carry.
pub const JOIN_GROUPS_MAX: u64 = 50;

/// `struct evs_group`: a 32-byte key compared bytewise.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct EvsGroup(pub [u8; 32]);

impl EvsGroup {
    pub const SIZE: usize = 32;

    /// A group from a name (truncated to 32 bytes, zero padded).
    pub fn from_name(name: &[u8]) -> EvsGroup {
        let mut k = [0u8; 32];
        let n = name.len().min(32);
        k[..n].copy_from_slice(&name[..n]);
        EvsGroup(k)
    }
}

impl std::fmt::Debug for EvsGroup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let end = self.0.iter().position(|&c| c == 0).unwrap_or(32);
        write!(f, "EvsGroup({:?})", String::from_utf8_lossy(&self.0[..end]))
    }
}

/// Request ids (`header.id` from the library).
pub mod req {
    pub const JOIN: i32 = 0;
    pub const LEAVE: i32 = 1;
    pub const MCAST_JOINED: i32 = 2;
    pub const MCAST_GROUPS: i32 = 3;
    pub const MEMBERSHIP_GET: i32 = 4;
}

/// Response and callback ids (`header.id` from the executive).
pub mod res {
    pub const DELIVER_CALLBACK: i32 = 0;
    pub const CONFCHG_CALLBACK: i32 = 1;
    pub const JOIN: i32 = 2;
    pub const LEAVE: i32 = 3;
    pub const MCAST_JOINED: i32 = 4;
    pub const MCAST_GROUPS: i32 = 5;
    pub const MEMBERSHIP_GET: i32 = 6;
}

/// Executive message function ids.
pub mod exec_fn {
    pub const MCAST: u16 = 0;
}

/// Sizes and offsets of the fixed parts.
pub mod size {
    /// `req_lib_evs_join` / `req_lib_evs_leave`: group_entries at 24, groups at 32.
    pub const JOIN: usize = 32;
    /// `req_lib_evs_mcast_joined`: guarantee at 24, msg_len at 32, msg at 40.
    pub const MCAST_JOINED: usize = 40;
    /// `req_lib_evs_mcast_groups`: guarantee 24, msg_len 32, group_entries 40, groups 48.
    pub const MCAST_GROUPS: usize = 48;
    /// `req_lib_evs_membership_get`: the bare request header.
    pub const MEMBERSHIP_GET: usize = 16;
    /// Header-only responses.
    pub const SIMPLE_RESPONSE: usize = 24;
    /// `res_lib_evs_membership_get`: local_nodeid 24, member_list 28, entries 1568.
    pub const MEMBERSHIP_GET_RESPONSE: usize = 1576;
    /// `res_evs_deliver_callback`: local_nodeid 24, msglen 32, msg 40.
    pub const DELIVER_CALLBACK: usize = 40;
    /// `res_evs_confchg_callback`: three counts at 24, 32, 40 and three
    /// 384-entry lists at 48, 1584, 3120.
    pub const CONFCHG_CALLBACK: usize = 4656;
    /// `req_exec_evs_mcast`: group_entries 16, msg_len 24, groups 32.
    pub const EXEC_MCAST: usize = 32;
}

fn bad_len(what: &'static str, value: u64) -> DecodeError {
    DecodeError::BadLength { what, value }
}

fn groups_at(r: &Reader<'_>, off: usize, count: u64) -> Result<Vec<EvsGroup>, DecodeError> {
    let n = usize::try_from(count).map_err(|_| bad_len("group entries", count))?;
    let bytes = n
        .checked_mul(EvsGroup::SIZE)
        .ok_or(bad_len("group entries", count))?;
    let s = r.slice(off, bytes)?;
    Ok(s.chunks_exact(EvsGroup::SIZE)
        .map(|c| {
            let mut k = [0u8; 32];
            k.copy_from_slice(c);
            EvsGroup(k)
        })
        .collect())
}

fn put_groups(out: &mut Vec<u8>, groups: &[EvsGroup]) {
    for g in groups {
        out.extend_from_slice(&g.0);
    }
}

/// A library request as the executive decodes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LibRequest<'a> {
    Join(Vec<EvsGroup>),
    /// A join naming more than [`JOIN_GROUPS_MAX`] groups (not read).
    JoinTooMany,
    Leave(Vec<EvsGroup>),
    McastJoined {
        guarantee: u32,
        msg: &'a [u8],
    },
    McastGroups {
        guarantee: u32,
        groups: Vec<EvsGroup>,
        msg: &'a [u8],
    },
    MembershipGet,
}

impl<'a> LibRequest<'a> {
    /// Decodes request `id`; counts and lengths must fit in `msg`.
    pub fn decode(id: i32, msg: &'a [u8]) -> Result<LibRequest<'a>, DecodeError> {
        let r = Reader::new(msg);
        match id {
            req::JOIN | req::LEAVE => {
                r.require(size::JOIN, "evs join/leave")?;
                let n = r.u64(24)?;
                // the join handler refuses more than 50 groups with its own
                // error; do not read them at all
                if id == req::JOIN && n > JOIN_GROUPS_MAX {
                    return Ok(LibRequest::JoinTooMany);
                }
                let g = groups_at(&r, size::JOIN, n)?;
                Ok(if id == req::JOIN {
                    LibRequest::Join(g)
                } else {
                    LibRequest::Leave(g)
                })
            }
            req::MCAST_JOINED => {
                r.require(size::MCAST_JOINED, "evs mcast joined")?;
                let guarantee = r.u32(24)?;
                let len = r.u64(32)?;
                let len = usize::try_from(len).map_err(|_| bad_len("msg_len", len))?;
                let msg = r.slice(size::MCAST_JOINED, len)?;
                Ok(LibRequest::McastJoined { guarantee, msg })
            }
            req::MCAST_GROUPS => {
                r.require(size::MCAST_GROUPS, "evs mcast groups")?;
                let guarantee = r.u32(24)?;
                let len = r.u64(32)?;
                let n = r.u64(40)?;
                let groups = groups_at(&r, size::MCAST_GROUPS, n)?;
                let len = usize::try_from(len).map_err(|_| bad_len("msg_len", len))?;
                let msg = r.slice(size::MCAST_GROUPS + groups.len() * EvsGroup::SIZE, len)?;
                Ok(LibRequest::McastGroups {
                    guarantee,
                    groups,
                    msg,
                })
            }
            req::MEMBERSHIP_GET => Ok(LibRequest::MembershipGet),
            _ => Err(DecodeError::BadValue {
                what: "evs request id",
                value: id as u64,
            }),
        }
    }
}

/// Encoders of the library's requests.
pub mod encode {
    use super::*;

    fn request_head(out: &mut Vec<u8>, size: usize, id: i32) {
        out.extend_from_slice(&ResponseHeader::new(size, id, CsError(0)).to_bytes());
        // the library's header has no error value
        out[16..20].fill(0);
    }

    fn join_leave(id: i32, groups: &[EvsGroup]) -> Vec<u8> {
        let size = size::JOIN + groups.len() * EvsGroup::SIZE;
        let mut out = Vec::with_capacity(size);
        request_head(&mut out, size, id);
        out.extend_from_slice(&(groups.len() as u64).to_ne_bytes());
        put_groups(&mut out, groups);
        out
    }

    pub fn join(groups: &[EvsGroup]) -> Vec<u8> {
        join_leave(req::JOIN, groups)
    }

    pub fn leave(groups: &[EvsGroup]) -> Vec<u8> {
        join_leave(req::LEAVE, groups)
    }

    /// The fixed part of an mcast-joined request for `msg_len` bytes.
    pub fn mcast_joined_header(guarantee: u32, msg_len: usize) -> [u8; size::MCAST_JOINED] {
        let mut b = [0u8; size::MCAST_JOINED];
        let mut w = Writer::new(&mut b);
        w.i32(0, (size::MCAST_JOINED + msg_len) as i32);
        w.i32(8, req::MCAST_JOINED);
        w.u32(24, guarantee);
        w.u64(32, msg_len as u64);
        b
    }

    /// The fixed part and the groups of an mcast-groups request.
    pub fn mcast_groups_header(guarantee: u32, groups: &[EvsGroup], msg_len: usize) -> Vec<u8> {
        let mut b = [0u8; size::MCAST_GROUPS];
        let mut w = Writer::new(&mut b);
        let total = size::MCAST_GROUPS + groups.len() * EvsGroup::SIZE + msg_len;
        w.i32(0, total as i32);
        w.i32(8, req::MCAST_GROUPS);
        w.u32(24, guarantee);
        w.u64(32, msg_len as u64);
        w.u64(40, groups.len() as u64);
        let mut out = b.to_vec();
        put_groups(&mut out, groups);
        out
    }

    pub fn membership_get() -> [u8; size::MEMBERSHIP_GET] {
        RequestHeader {
            size: size::MEMBERSHIP_GET as i32,
            id: req::MEMBERSHIP_GET,
        }
        .to_bytes()
    }
}

/// Encoders of the executive's replies and callbacks.
pub mod reply {
    use super::*;

    pub fn simple(id: i32, error: CsError) -> [u8; size::SIMPLE_RESPONSE] {
        ResponseHeader::new(size::SIMPLE_RESPONSE, id, error).to_bytes()
    }

    pub fn membership_get(local_nodeid: u32, members: &[u32]) -> Vec<u8> {
        let mut b = vec![0u8; size::MEMBERSHIP_GET_RESPONSE];
        let mut w = Writer::new(&mut b);
        ResponseHeader::new(
            size::MEMBERSHIP_GET_RESPONSE,
            res::MEMBERSHIP_GET,
            CsError::OK,
        )
        .encode(&mut w);
        w.u32(24, local_nodeid);
        let n = members.len().min(PROCESSOR_COUNT_MAX);
        for (i, m) in members[..n].iter().enumerate() {
            w.u32(28 + 4 * i, *m);
        }
        w.u64(1568, n as u64);
        b
    }

    /// The fixed part of a deliver callback; the message follows it.
    pub fn deliver_header(nodeid: u32, msg_len: usize) -> [u8; size::DELIVER_CALLBACK] {
        let mut b = [0u8; size::DELIVER_CALLBACK];
        let mut w = Writer::new(&mut b);
        ResponseHeader::new(
            size::DELIVER_CALLBACK + msg_len,
            res::DELIVER_CALLBACK,
            CsError::OK,
        )
        .encode(&mut w);
        w.u32(24, nodeid);
        w.u64(32, msg_len as u64);
        b
    }

    pub fn confchg(members: &[u32], left: &[u32], joined: &[u32]) -> Vec<u8> {
        let mut b = vec![0u8; size::CONFCHG_CALLBACK];
        let mut w = Writer::new(&mut b);
        ResponseHeader::new(size::CONFCHG_CALLBACK, res::CONFCHG_CALLBACK, CsError::OK)
            .encode(&mut w);
        for (k, (list, base)) in [(members, 48usize), (left, 1584), (joined, 3120)]
            .into_iter()
            .enumerate()
        {
            let n = list.len().min(PROCESSOR_COUNT_MAX);
            w.u64(24 + 8 * k, n as u64);
            for (i, m) in list[..n].iter().enumerate() {
                w.u32(base + 4 * i, *m);
            }
        }
        b
    }
}

/// A callback as the library decodes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callback<'a> {
    Deliver {
        nodeid: u32,
        msg: &'a [u8],
    },
    Confchg {
        members: Vec<u32>,
        left: Vec<u32>,
        joined: Vec<u32>,
    },
}

fn u32_list(r: &Reader<'_>, base: usize, count: u64) -> Result<Vec<u32>, DecodeError> {
    if count > PROCESSOR_COUNT_MAX as u64 {
        return Err(bad_len("member list entries", count));
    }
    (0..count as usize).map(|i| r.u32(base + 4 * i)).collect()
}

impl<'a> Callback<'a> {
    /// Decodes one dispatch record; `Ok(None)` for an unknown id.
    pub fn decode(buf: &'a [u8]) -> Result<Option<Callback<'a>>, DecodeError> {
        let r = Reader::new(buf);
        let h = ResponseHeader::decode(&r)?;
        match h.id {
            res::DELIVER_CALLBACK => {
                r.require(size::DELIVER_CALLBACK, "evs deliver callback")?;
                let nodeid = r.u32(24)?;
                let len = r.u64(32)?;
                let len = usize::try_from(len).map_err(|_| bad_len("msglen", len))?;
                let msg = r.slice(size::DELIVER_CALLBACK, len)?;
                Ok(Some(Callback::Deliver { nodeid, msg }))
            }
            res::CONFCHG_CALLBACK => {
                r.require(size::CONFCHG_CALLBACK, "evs confchg callback")?;
                Ok(Some(Callback::Confchg {
                    members: u32_list(&r, 48, r.u64(24)?)?,
                    left: u32_list(&r, 1584, r.u64(32)?)?,
                    joined: u32_list(&r, 3120, r.u64(40)?)?,
                }))
            }
            _ => Ok(None),
        }
    }
}

/// Decodes a membership-get reply: error, local node id, member list.
pub fn decode_membership_get(buf: &[u8]) -> Result<(CsError, u32, Vec<u32>), DecodeError> {
    let r = Reader::new(buf);
    let h = ResponseHeader::decode(&r)?;
    if h.error != CsError::OK {
        return Ok((h.error, 0, Vec::new()));
    }
    r.require(size::MEMBERSHIP_GET_RESPONSE, "evs membership reply")?;
    let n = r.u64(1568)?;
    Ok((h.error, r.u32(24)?, u32_list(&r, 28, n)?))
}

/// The executive message `MCAST`: the groups it is addressed to and the
/// message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecMcast<'a> {
    pub groups: Vec<EvsGroup>,
    pub msg: &'a [u8],
}

impl<'a> ExecMcast<'a> {
    /// The fixed part and the group list; the message follows.
    pub fn encode_header(groups: &[EvsGroup], msg_len: usize) -> Vec<u8> {
        let total = size::EXEC_MCAST + groups.len() * EvsGroup::SIZE + msg_len;
        let mut b = [0u8; size::EXEC_MCAST];
        let mut w = Writer::new(&mut b);
        w.i32(0, total as i32);
        w.i32(8, make_id(ServiceId::EVS, exec_fn::MCAST));
        w.u64(16, groups.len() as u64);
        w.u64(24, msg_len as u64);
        let mut out = Vec::with_capacity(size::EXEC_MCAST + groups.len() * EvsGroup::SIZE);
        out.extend_from_slice(&b);
        put_groups(&mut out, groups);
        out
    }

    /// Decodes a message from `swap`ped or native byte order. The counts
    /// are 64-bit; a foreign-endian sender's are swapped as 64-bit values.
    pub fn decode(buf: &'a [u8], swap: bool) -> Result<ExecMcast<'a>, DecodeError> {
        let r = Reader::with_swap(buf, swap);
        r.require(size::EXEC_MCAST, "evs exec mcast")?;
        let n = r.u64(16)?;
        let len = r.u64(24)?;
        let groups = groups_at(&r, size::EXEC_MCAST, n)?;
        let len = usize::try_from(len).map_err(|_| bad_len("msg_len", len))?;
        let msg = r.slice(size::EXEC_MCAST + groups.len() * EvsGroup::SIZE, len)?;
        Ok(ExecMcast { groups, msg })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_roundtrip_and_limits() {
        let g = [EvsGroup::from_name(b"a"), EvsGroup::from_name(b"b")];
        let m = encode::join(&g);
        assert_eq!(m.len(), 32 + 64);
        assert_eq!(
            LibRequest::decode(req::JOIN, &m).unwrap(),
            LibRequest::Join(g.to_vec())
        );
        // a count that overruns the message is refused
        let mut bad = m.clone();
        bad[24..32].copy_from_slice(&3u64.to_ne_bytes());
        assert!(LibRequest::decode(req::LEAVE, &bad).is_err());
        let mut huge = m;
        huge[24..32].copy_from_slice(&u64::MAX.to_ne_bytes());
        assert!(LibRequest::decode(req::LEAVE, &huge).is_err());
        assert_eq!(
            LibRequest::decode(req::JOIN, &huge),
            Ok(LibRequest::JoinTooMany)
        );
    }

    #[test]
    fn mcast_requests_roundtrip() {
        let mut m = encode::mcast_joined_header(2, 5).to_vec();
        m.extend_from_slice(b"hello");
        assert_eq!(
            LibRequest::decode(req::MCAST_JOINED, &m).unwrap(),
            LibRequest::McastJoined {
                guarantee: 2,
                msg: b"hello"
            }
        );
        let g = [EvsGroup::from_name(b"x")];
        let mut m = encode::mcast_groups_header(1, &g, 3);
        m.extend_from_slice(b"abc");
        assert_eq!(i32::from_ne_bytes(m[0..4].try_into().unwrap()), 48 + 32 + 3);
        assert_eq!(
            LibRequest::decode(req::MCAST_GROUPS, &m).unwrap(),
            LibRequest::McastGroups {
                guarantee: 1,
                groups: g.to_vec(),
                msg: b"abc"
            }
        );
        assert!(LibRequest::decode(req::MCAST_GROUPS, &m[..60]).is_err());
    }

    #[test]
    fn exec_mcast_layout() {
        let g = [EvsGroup::from_name(b"grp")];
        let mut m = ExecMcast::encode_header(&g, 4);
        m.extend_from_slice(b"data");
        assert_eq!(m.len(), 32 + 32 + 4);
        assert_eq!(i32::from_ne_bytes(m[0..4].try_into().unwrap()), 68);
        assert_eq!(i32::from_ne_bytes(m[8..12].try_into().unwrap()), 0);
        assert_eq!(&m[32..35], b"grp");
        let d = ExecMcast::decode(&m, false).unwrap();
        assert_eq!(d.groups, g.to_vec());
        assert_eq!(d.msg, b"data");
        let mut sw = m.clone();
        sw[16..24].copy_from_slice(&1u64.swap_bytes().to_ne_bytes());
        sw[24..32].copy_from_slice(&4u64.swap_bytes().to_ne_bytes());
        assert_eq!(ExecMcast::decode(&sw, true).unwrap().msg, b"data");
        assert!(ExecMcast::decode(&m[..40], false).is_err());
    }

    #[test]
    fn callbacks_roundtrip() {
        let c = reply::confchg(&[1, 2, 3], &[4], &[]);
        assert_eq!(c.len(), 4656);
        assert_eq!(
            Callback::decode(&c).unwrap(),
            Some(Callback::Confchg {
                members: vec![1, 2, 3],
                left: vec![4],
                joined: vec![]
            })
        );
        let mut d = reply::deliver_header(7, 2).to_vec();
        d.extend_from_slice(b"hi");
        assert_eq!(
            Callback::decode(&d).unwrap(),
            Some(Callback::Deliver {
                nodeid: 7,
                msg: b"hi"
            })
        );
        let mut bad = c;
        bad[24..32].copy_from_slice(&385u64.to_ne_bytes());
        assert!(Callback::decode(&bad).is_err());
        let m = reply::membership_get(5, &[5, 6]);
        assert_eq!(
            decode_membership_get(&m).unwrap(),
            (CsError::OK, 5, vec![5, 6])
        );
    }
}
