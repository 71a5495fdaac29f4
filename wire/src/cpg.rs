//! The closed process group protocol: client requests, responses and
//! callbacks (service 8 over coroipc), and the CPG executive messages.

use crate::bytes::{Reader, Writer, align8};
use crate::error::{CsError, DecodeError};
use crate::ipc::{RequestHeader, ResponseHeader};

/// Longest group name (`CPG_MAX_NAME_LENGTH`).
pub const MAX_NAME_LENGTH: usize = 128;
/// Size of the membership array in replies and downlists.
pub const PROCESSOR_COUNT_MAX: usize = 384;
/// Entries a `cpg_membership_get` reply can carry (`CPG_MEMBERS_MAX`).
pub const MEMBERS_MAX: usize = 128;

/// `mar_cpg_name_t`: `u32 length` at 0, `char value[128]` at 8 (136 bytes).
#[derive(Clone, Copy)]
pub struct CpgName {
    length: u32,
    value: [u8; MAX_NAME_LENGTH],
}

impl CpgName {
    pub const WIRE_SIZE: usize = 136;

    /// A name from bytes; longer than 128 bytes is refused.
    pub fn new(name: &[u8]) -> Result<CpgName, DecodeError> {
        if name.len() > MAX_NAME_LENGTH {
            return Err(DecodeError::BadLength {
                what: "group name",
                value: name.len() as u64,
            });
        }
        let mut value = [0u8; MAX_NAME_LENGTH];
        value[..name.len()].copy_from_slice(name);
        Ok(CpgName {
            length: name.len() as u32,
            value,
        })
    }

    /// A name exactly as a C caller filled `struct cpg_name`: the length may
    /// claim more than 128 bytes (the caller then gets NAME_TOO_LONG).
    pub fn from_raw(length: u32, value: [u8; MAX_NAME_LENGTH]) -> CpgName {
        CpgName { length, value }
    }

    pub fn empty() -> CpgName {
        CpgName {
            length: 0,
            value: [0u8; MAX_NAME_LENGTH],
        }
    }

    /// The length field as received (may exceed 128 in hostile input).
    pub fn length(&self) -> u32 {
        self.length
    }

    pub fn is_valid(&self) -> bool {
        self.length as usize <= MAX_NAME_LENGTH
    }

    /// The name bytes (at most 128).
    pub fn as_bytes(&self) -> &[u8] {
        &self.value[..(self.length as usize).min(MAX_NAME_LENGTH)]
    }

    /// All 128 value bytes, as forwarded verbatim.
    pub fn raw_value(&self) -> &[u8; MAX_NAME_LENGTH] {
        &self.value
    }

    fn decode_at(r: &Reader<'_>, off: usize) -> Result<CpgName, DecodeError> {
        let length = r.u32(off)?;
        let mut value = [0u8; MAX_NAME_LENGTH];
        value.copy_from_slice(r.slice(off + 8, MAX_NAME_LENGTH)?);
        Ok(CpgName { length, value })
    }

    fn encode_at(&self, w: &mut Writer<'_>, off: usize) {
        w.u32(off, self.length);
        w.put(off + 8, &self.value);
    }
}

/// Names compare as the original does: equal lengths and equal bytes.
impl PartialEq for CpgName {
    fn eq(&self, other: &CpgName) -> bool {
        self.length == other.length && self.as_bytes() == other.as_bytes()
    }
}

impl Eq for CpgName {}

impl std::hash::Hash for CpgName {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.length.hash(state);
        self.as_bytes().hash(state);
    }
}

impl std::fmt::Debug for CpgName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CpgName(\"{}\")", self.printable())
    }
}

impl CpgName {
    /// The name as the original's log lines print it: printable ASCII as
    /// is, backslash doubled, anything else as `\xNN`.
    pub fn printable(&self) -> String {
        let mut s = String::new();
        for &c in self.as_bytes() {
            if c == b'\\' {
                s.push_str("\\\\");
            } else if (b' '..0x7f).contains(&c) {
                s.push(c as char);
            } else {
                s.push_str(&format!("\\x{c:02X}"));
            }
        }
        s
    }
}

/// Why a process joined or left a group (`cpg_reason_t`).
pub mod reason {
    pub const JOIN: u32 = 1;
    pub const LEAVE: u32 = 2;
    pub const NODEDOWN: u32 = 3;
    pub const NODEUP: u32 = 4;
    pub const PROCDOWN: u32 = 5;
}

/// `mar_cpg_address_t`: nodeid at 0, pid at 8, reason at 16 (24 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CpgAddress {
    pub nodeid: u32,
    pub pid: u32,
    pub reason: u32,
}

impl CpgAddress {
    pub const WIRE_SIZE: usize = 24;

    fn decode_at(r: &Reader<'_>, off: usize) -> Result<CpgAddress, DecodeError> {
        Ok(CpgAddress {
            nodeid: r.u32(off)?,
            pid: r.u32(off + 8)?,
            reason: r.u32(off + 16)?,
        })
    }

    fn encode_at(&self, w: &mut Writer<'_>, off: usize) {
        w.u32(off, self.nodeid);
        w.u32(off + 8, self.pid);
        w.u32(off + 16, self.reason);
    }
}

/// `cpg_iteration_type_t`.
pub mod iteration_type {
    pub const NAME_ONLY: u32 = 1;
    pub const ONE_GROUP: u32 = 2;
    pub const ALL: u32 = 3;
}

/// Flag of `cpg_model_v1_data_t`.
pub const MODEL_V1_DELIVER_INITIAL_TOTEM_CONF: u32 = 1;

/// Request ids (`header.id` from the library).
pub mod req {
    pub const JOIN: i32 = 0;
    pub const LEAVE: i32 = 1;
    pub const MCAST: i32 = 2;
    pub const MEMBERSHIP: i32 = 3;
    pub const LOCAL_GET: i32 = 4;
    pub const ITERATION_INITIALIZE: i32 = 5;
    pub const ITERATION_NEXT: i32 = 6;
    pub const ITERATION_FINALIZE: i32 = 7;
    pub const FINALIZE: i32 = 8;
    /// Number of library functions.
    pub const COUNT: i32 = 9;
}

/// Response and callback ids (`header.id` from the executive).
pub mod res {
    pub const JOIN: i32 = 0;
    pub const LEAVE: i32 = 1;
    pub const MCAST: i32 = 2;
    pub const MEMBERSHIP: i32 = 3;
    pub const CONFCHG_CALLBACK: i32 = 4;
    pub const DELIVER_CALLBACK: i32 = 5;
    pub const FLOW_CONTROL_STATE_SET: i32 = 6;
    pub const LOCAL_GET: i32 = 7;
    pub const FLOWCONTROL_CALLBACK: i32 = 8;
    pub const ITERATION_INITIALIZE: i32 = 9;
    pub const ITERATION_NEXT: i32 = 10;
    pub const ITERATION_FINALIZE: i32 = 11;
    pub const FINALIZE: i32 = 12;
    pub const TOTEM_CONFCHG_CALLBACK: i32 = 13;
}

/// Sizes of the fixed-layout requests.
pub mod size {
    pub const JOIN: usize = 168;
    pub const LEAVE: usize = 160;
    /// Header of an mcast request; the payload follows at this offset.
    pub const MCAST: usize = 40;
    pub const MEMBERSHIP: usize = 152;
    pub const LOCAL_GET: usize = 16;
    pub const ITERATION_INITIALIZE: usize = 160;
    pub const ITERATION_NEXT: usize = 24;
    pub const ITERATION_FINALIZE: usize = 24;
    pub const FINALIZE: usize = 16;
    /// Response with just a header.
    pub const SIMPLE_RESPONSE: usize = 24;
    pub const LOCAL_GET_RESPONSE: usize = 32;
    pub const MEMBERSHIP_RESPONSE: usize = 32 + 24 * super::PROCESSOR_COUNT_MAX;
    pub const ITERATION_INITIALIZE_RESPONSE: usize = 32;
    pub const ITERATION_NEXT_RESPONSE: usize = 168;
    /// Header of a deliver callback; the payload follows at this offset.
    pub const DELIVER_CALLBACK: usize = 184;
    /// Header of a confchg callback; the address lists follow.
    pub const CONFCHG_CALLBACK: usize = 184;
    /// `sizeof` of the totem confchg callback; its member array starts at 44.
    pub const TOTEM_CONFCHG_CALLBACK: usize = 48;
}

/// A request from the library, decoded from the request buffer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LibRequest<'a> {
    Join {
        group: CpgName,
        pid: u32,
        flags: u32,
    },
    Leave {
        group: CpgName,
        pid: u32,
    },
    Mcast {
        guarantee: u32,
        data: &'a [u8],
    },
    Membership {
        group: CpgName,
    },
    LocalGet,
    IterationInitialize {
        group: CpgName,
        iteration_type: u32,
    },
    IterationNext {
        handle: u64,
    },
    IterationFinalize {
        handle: u64,
    },
    Finalize,
}

impl<'a> LibRequest<'a> {
    /// Decodes `msg` (the whole request, `header.size` bytes) for request
    /// id `id`. Unknown ids and short messages are errors.
    pub fn decode(id: i32, msg: &'a [u8]) -> Result<LibRequest<'a>, DecodeError> {
        let r = Reader::new(msg);
        match id {
            req::JOIN => {
                r.require(size::JOIN, "cpg join")?;
                Ok(LibRequest::Join {
                    group: CpgName::decode_at(&r, 16)?,
                    pid: r.u32(152)?,
                    flags: r.u32(160)?,
                })
            }
            req::LEAVE => {
                r.require(size::LEAVE, "cpg leave")?;
                Ok(LibRequest::Leave {
                    group: CpgName::decode_at(&r, 16)?,
                    pid: r.u32(152)?,
                })
            }
            req::MCAST => {
                r.require(size::MCAST, "cpg mcast")?;
                let msglen = r.u32(32)? as usize;
                Ok(LibRequest::Mcast {
                    guarantee: r.u32(24)?,
                    data: r.slice(size::MCAST, msglen)?,
                })
            }
            req::MEMBERSHIP => {
                r.require(size::MEMBERSHIP, "cpg membership")?;
                Ok(LibRequest::Membership {
                    group: CpgName::decode_at(&r, 16)?,
                })
            }
            req::LOCAL_GET => {
                r.require(size::LOCAL_GET, "cpg local get")?;
                Ok(LibRequest::LocalGet)
            }
            req::ITERATION_INITIALIZE => {
                r.require(size::ITERATION_INITIALIZE, "cpg iteration initialize")?;
                Ok(LibRequest::IterationInitialize {
                    group: CpgName::decode_at(&r, 16)?,
                    iteration_type: r.u32(152)?,
                })
            }
            req::ITERATION_NEXT => {
                r.require(size::ITERATION_NEXT, "cpg iteration next")?;
                Ok(LibRequest::IterationNext { handle: r.u64(16)? })
            }
            req::ITERATION_FINALIZE => {
                r.require(size::ITERATION_FINALIZE, "cpg iteration finalize")?;
                Ok(LibRequest::IterationFinalize { handle: r.u64(16)? })
            }
            req::FINALIZE => {
                r.require(size::FINALIZE, "cpg finalize")?;
                Ok(LibRequest::Finalize)
            }
            other => Err(DecodeError::BadValue {
                what: "cpg request id",
                value: other as u32 as u64,
            }),
        }
    }
}

fn header(buf: &mut [u8], id: i32) {
    let size = buf.len();
    RequestHeader {
        size: size as i32,
        id,
    }
    .encode(&mut Writer::new(buf));
}

/// Client-side encoders of the fixed-size requests.
pub mod encode {
    use super::*;

    pub fn join(group: &CpgName, pid: u32, flags: u32) -> [u8; size::JOIN] {
        let mut b = [0u8; size::JOIN];
        header(&mut b, req::JOIN);
        let mut w = Writer::new(&mut b);
        group.encode_at(&mut w, 16);
        w.u32(152, pid);
        w.u32(160, flags);
        b
    }

    pub fn leave(group: &CpgName, pid: u32) -> [u8; size::LEAVE] {
        let mut b = [0u8; size::LEAVE];
        header(&mut b, req::LEAVE);
        let mut w = Writer::new(&mut b);
        group.encode_at(&mut w, 16);
        w.u32(152, pid);
        b
    }

    /// The 40-byte header that precedes the payload of an mcast request.
    pub fn mcast_header(guarantee: u32, msglen: usize) -> [u8; size::MCAST] {
        let mut b = [0u8; size::MCAST];
        let mut w = Writer::new(&mut b);
        ResponseHeader::new(size::MCAST + msglen, req::MCAST, CsError(0)).encode(&mut w);
        w.u32(24, guarantee);
        w.u32(32, msglen as u32);
        b
    }

    pub fn membership(group: &CpgName) -> [u8; size::MEMBERSHIP] {
        let mut b = [0u8; size::MEMBERSHIP];
        header(&mut b, req::MEMBERSHIP);
        group.encode_at(&mut Writer::new(&mut b), 16);
        b
    }

    pub fn local_get() -> [u8; size::LOCAL_GET] {
        let mut b = [0u8; size::LOCAL_GET];
        header(&mut b, req::LOCAL_GET);
        b
    }

    pub fn iteration_initialize(
        group: Option<&CpgName>,
        iteration_type: u32,
    ) -> [u8; size::ITERATION_INITIALIZE] {
        let mut b = [0u8; size::ITERATION_INITIALIZE];
        header(&mut b, req::ITERATION_INITIALIZE);
        let mut w = Writer::new(&mut b);
        if let Some(g) = group {
            g.encode_at(&mut w, 16);
        }
        w.u32(152, iteration_type);
        b
    }

    pub fn iteration_next(handle: u64) -> [u8; size::ITERATION_NEXT] {
        let mut b = [0u8; size::ITERATION_NEXT];
        header(&mut b, req::ITERATION_NEXT);
        Writer::new(&mut b).u64(16, handle);
        b
    }

    pub fn iteration_finalize(handle: u64) -> [u8; size::ITERATION_FINALIZE] {
        let mut b = [0u8; size::ITERATION_FINALIZE];
        header(&mut b, req::ITERATION_FINALIZE);
        Writer::new(&mut b).u64(16, handle);
        b
    }

    pub fn finalize() -> [u8; size::FINALIZE] {
        let mut b = [0u8; size::FINALIZE];
        header(&mut b, req::FINALIZE);
        b
    }
}

/// Server-side encoders of responses and callbacks.
pub mod reply {
    use super::*;

    /// A response that is only a header (join, leave, mcast, finalize,
    /// iteration finalize, and every TRY_AGAIN or error reply).
    pub fn simple(id: i32, error: CsError) -> [u8; size::SIMPLE_RESPONSE] {
        ResponseHeader::new(size::SIMPLE_RESPONSE, id, error).to_bytes()
    }

    pub fn local_get(nodeid: u32) -> [u8; size::LOCAL_GET_RESPONSE] {
        let mut b = [0u8; size::LOCAL_GET_RESPONSE];
        let mut w = Writer::new(&mut b);
        ResponseHeader::new(size::LOCAL_GET_RESPONSE, res::LOCAL_GET, CsError::OK).encode(&mut w);
        w.u32(24, nodeid);
        b
    }

    /// The membership reply is always sent full size. At most
    /// `PROCESSOR_COUNT_MAX` entries fit; extra members are not listed.
    pub fn membership(members: &[(u32, u32)]) -> Vec<u8> {
        let mut b = vec![0u8; size::MEMBERSHIP_RESPONSE];
        let mut w = Writer::new(&mut b);
        ResponseHeader::new(size::MEMBERSHIP_RESPONSE, res::MEMBERSHIP, CsError::OK).encode(&mut w);
        let n = members.len().min(PROCESSOR_COUNT_MAX);
        w.u32(24, n as u32);
        for (i, &(nodeid, pid)) in members.iter().take(n).enumerate() {
            CpgAddress {
                nodeid,
                pid,
                reason: 0,
            }
            .encode_at(&mut w, 32 + i * CpgAddress::WIRE_SIZE);
        }
        b
    }

    pub fn iteration_initialize(
        error: CsError,
        handle: u64,
    ) -> [u8; size::ITERATION_INITIALIZE_RESPONSE] {
        let mut b = [0u8; size::ITERATION_INITIALIZE_RESPONSE];
        let mut w = Writer::new(&mut b);
        ResponseHeader::new(
            size::ITERATION_INITIALIZE_RESPONSE,
            res::ITERATION_INITIALIZE,
            error,
        )
        .encode(&mut w);
        w.u64(24, handle);
        b
    }

    pub fn iteration_next(
        error: CsError,
        item: Option<(&CpgName, u32, u32)>,
    ) -> [u8; size::ITERATION_NEXT_RESPONSE] {
        let mut b = [0u8; size::ITERATION_NEXT_RESPONSE];
        let mut w = Writer::new(&mut b);
        ResponseHeader::new(size::ITERATION_NEXT_RESPONSE, res::ITERATION_NEXT, error)
            .encode(&mut w);
        if let Some((group, nodeid, pid)) = item {
            group.encode_at(&mut w, 24);
            w.u32(160, nodeid);
            w.u32(164, pid);
        }
        b
    }

    /// The 184-byte header of a deliver callback; the payload follows.
    pub fn deliver_header(
        group: &CpgName,
        msglen: usize,
        nodeid: u32,
        pid: u32,
    ) -> [u8; size::DELIVER_CALLBACK] {
        let mut b = [0u8; size::DELIVER_CALLBACK];
        let mut w = Writer::new(&mut b);
        ResponseHeader::new(
            size::DELIVER_CALLBACK + msglen,
            res::DELIVER_CALLBACK,
            CsError::OK,
        )
        .encode(&mut w);
        group.encode_at(&mut w, 24);
        w.u32(160, msglen as u32);
        w.u32(168, nodeid);
        w.u32(176, pid);
        b
    }

    /// A confchg callback: member, left and joined lists in that order.
    pub fn confchg(
        group: &CpgName,
        members: &[CpgAddress],
        left: &[CpgAddress],
        joined: &[CpgAddress],
    ) -> Vec<u8> {
        let n = members.len() + left.len() + joined.len();
        let total = size::CONFCHG_CALLBACK + n * CpgAddress::WIRE_SIZE;
        let mut b = vec![0u8; total];
        let mut w = Writer::new(&mut b);
        ResponseHeader::new(total, res::CONFCHG_CALLBACK, CsError::OK).encode(&mut w);
        group.encode_at(&mut w, 24);
        w.u32(160, members.len() as u32);
        w.u32(168, joined.len() as u32);
        w.u32(176, left.len() as u32);
        for (i, a) in members.iter().chain(left).chain(joined).enumerate() {
            a.encode_at(&mut w, size::CONFCHG_CALLBACK + i * CpgAddress::WIRE_SIZE);
        }
        b
    }

    /// A totem confchg callback: ring id at 24, count at 40, node ids from
    /// 44; `header.size` is 48 + 4n as the original computes it.
    pub fn totem_confchg(ring_nodeid: u32, ring_seq: u64, members: &[u32]) -> Vec<u8> {
        let total = size::TOTEM_CONFCHG_CALLBACK + 4 * members.len();
        let mut b = vec![0u8; total];
        let mut w = Writer::new(&mut b);
        ResponseHeader::new(total, res::TOTEM_CONFCHG_CALLBACK, CsError::OK).encode(&mut w);
        w.u32(24, ring_nodeid);
        w.u64(32, ring_seq);
        w.u32(40, members.len() as u32);
        for (i, m) in members.iter().enumerate() {
            w.u32(44 + 4 * i, *m);
        }
        b
    }
}

/// A callback read from the dispatch ring by the library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callback<'a> {
    Deliver {
        group: CpgName,
        nodeid: u32,
        pid: u32,
        data: &'a [u8],
    },
    Confchg {
        group: CpgName,
        members: Vec<CpgAddress>,
        left: Vec<CpgAddress>,
        joined: Vec<CpgAddress>,
    },
    TotemConfchg {
        ring_nodeid: u32,
        ring_seq: u64,
        members: Vec<u32>,
    },
}

impl<'a> Callback<'a> {
    /// Decodes one dispatch message. `Ok(None)` for an id this library does
    /// not handle (the caller reports it as the original does).
    pub fn decode(msg: &'a [u8]) -> Result<Option<Callback<'a>>, DecodeError> {
        let r = Reader::new(msg);
        let h = ResponseHeader::decode(&r)?;
        match h.id {
            res::DELIVER_CALLBACK => {
                r.require(size::DELIVER_CALLBACK, "deliver callback")?;
                let msglen = r.u32(160)? as usize;
                Ok(Some(Callback::Deliver {
                    group: CpgName::decode_at(&r, 24)?,
                    nodeid: r.u32(168)?,
                    pid: r.u32(176)?,
                    data: r.slice(size::DELIVER_CALLBACK, msglen)?,
                }))
            }
            res::CONFCHG_CALLBACK => {
                r.require(size::CONFCHG_CALLBACK, "confchg callback")?;
                let m = r.u32(160)? as usize;
                let j = r.u32(168)? as usize;
                let l = r.u32(176)? as usize;
                let limit = PROCESSOR_COUNT_MAX * 8;
                if m > limit || j > limit || l > limit {
                    return Err(DecodeError::BadLength {
                        what: "confchg list",
                        value: (m + j + l) as u64,
                    });
                }
                let list = |start: usize, n: usize| -> Result<Vec<CpgAddress>, DecodeError> {
                    (0..n)
                        .map(|i| {
                            CpgAddress::decode_at(
                                &r,
                                size::CONFCHG_CALLBACK + (start + i) * CpgAddress::WIRE_SIZE,
                            )
                        })
                        .collect()
                };
                Ok(Some(Callback::Confchg {
                    group: CpgName::decode_at(&r, 24)?,
                    members: list(0, m)?,
                    left: list(m, l)?,
                    joined: list(m + l, j)?,
                }))
            }
            res::TOTEM_CONFCHG_CALLBACK => {
                r.require(44, "totem confchg callback")?;
                let n = r.u32(40)? as usize;
                if n > PROCESSOR_COUNT_MAX * 8 {
                    return Err(DecodeError::BadLength {
                        what: "totem member list",
                        value: n as u64,
                    });
                }
                let members = (0..n)
                    .map(|i| r.u32(44 + 4 * i))
                    .collect::<Result<Vec<u32>, DecodeError>>()?;
                Ok(Some(Callback::TotemConfchg {
                    ring_nodeid: r.u32(24)?,
                    ring_seq: r.u64(32)?,
                    members,
                }))
            }
            _ => Ok(None),
        }
    }
}

/// Client-side decoders of the responses that carry data.
pub mod response {
    use super::*;

    pub fn local_get(msg: &[u8]) -> Result<(CsError, u32), DecodeError> {
        let r = Reader::new(msg);
        r.require(size::LOCAL_GET_RESPONSE, "local get response")?;
        Ok((ResponseHeader::decode(&r)?.error, r.u32(24)?))
    }

    /// Error, and the (nodeid, pid) list.
    pub fn membership(msg: &[u8]) -> Result<(CsError, Vec<(u32, u32)>), DecodeError> {
        let r = Reader::new(msg);
        let h = ResponseHeader::decode(&r)?;
        let n = (r.u32(24)? as usize).min(PROCESSOR_COUNT_MAX);
        let mut v = Vec::with_capacity(n);
        for i in 0..n {
            let a = CpgAddress::decode_at(&r, 32 + i * CpgAddress::WIRE_SIZE)?;
            v.push((a.nodeid, a.pid));
        }
        Ok((h.error, v))
    }

    pub fn iteration_initialize(msg: &[u8]) -> Result<(CsError, u64), DecodeError> {
        let r = Reader::new(msg);
        r.require(
            size::ITERATION_INITIALIZE_RESPONSE,
            "iteration initialize response",
        )?;
        Ok((ResponseHeader::decode(&r)?.error, r.u64(24)?))
    }

    /// Error, group, nodeid, pid.
    pub fn iteration_next(msg: &[u8]) -> Result<(CsError, CpgName, u32, u32), DecodeError> {
        let r = Reader::new(msg);
        r.require(size::ITERATION_NEXT_RESPONSE, "iteration next response")?;
        Ok((
            ResponseHeader::decode(&r)?.error,
            CpgName::decode_at(&r, 24)?,
            r.u32(160)?,
            r.u32(164)?,
        ))
    }
}

/// CPG executive messages (service 8 in group "a").
pub mod exec {
    use super::*;
    use crate::exec::make_id;
    use crate::ipc::{MESSAGE_SOURCE_SIZE, ServiceId};

    pub const PROCJOIN: u16 = 0;
    pub const PROCLEAVE: u16 = 1;
    pub const JOINLIST: u16 = 2;
    pub const MCAST: u16 = 3;
    pub const DOWNLIST_OLD: u16 = 4;
    pub const DOWNLIST: u16 = 5;

    pub const PROCJOIN_SIZE: usize = 168;
    pub const MCAST_HEADER_SIZE: usize = 184;
    pub const JOINLIST_HEADER_SIZE: usize = 24;
    pub const JOINLIST_ENTRY_SIZE: usize = 144;
    pub const DOWNLIST_SIZE: usize = 32 + 4 * PROCESSOR_COUNT_MAX;
    pub const DOWNLIST_OLD_SIZE: usize = 24 + 4 * PROCESSOR_COUNT_MAX;

    /// PROCJOIN and PROCLEAVE share this layout.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct ProcJoinLeave {
        pub group: CpgName,
        pub pid: u32,
        pub reason: u32,
    }

    impl ProcJoinLeave {
        pub fn encode(&self, function: u16) -> [u8; PROCJOIN_SIZE] {
            let mut b = [0u8; PROCJOIN_SIZE];
            let mut w = Writer::new(&mut b);
            RequestHeader {
                size: PROCJOIN_SIZE as i32,
                id: make_id(ServiceId::CPG, function),
            }
            .encode(&mut w);
            self.group.encode_at(&mut w, 16);
            w.u32(152, self.pid);
            w.u32(160, self.reason);
            b
        }

        pub fn decode(msg: &[u8], swap: bool) -> Result<ProcJoinLeave, DecodeError> {
            let r = Reader::with_swap(msg, swap);
            r.require(PROCJOIN_SIZE, "cpg procjoin")?;
            let group = CpgName::decode_at(&r, 16)?;
            if !group.is_valid() {
                return Err(DecodeError::BadLength {
                    what: "group name",
                    value: group.length() as u64,
                });
            }
            Ok(ProcJoinLeave {
                group,
                pid: r.u32(152)?,
                reason: r.u32(160)?,
            })
        }
    }

    /// The 184-byte header of an executive mcast; the payload follows.
    pub fn mcast_header(
        group: &CpgName,
        msglen: usize,
        pid: u32,
        source_nodeid: u32,
        source_conn: u64,
    ) -> [u8; MCAST_HEADER_SIZE] {
        let mut b = [0u8; MCAST_HEADER_SIZE];
        let mut w = Writer::new(&mut b);
        RequestHeader {
            size: (MCAST_HEADER_SIZE + msglen) as i32,
            id: make_id(ServiceId::CPG, MCAST),
        }
        .encode(&mut w);
        group.encode_at(&mut w, 16);
        w.u32(152, msglen as u32);
        w.u32(160, pid);
        w.u32(168, source_nodeid);
        w.u64(168 + 8, source_conn);
        debug_assert_eq!(168 + MESSAGE_SOURCE_SIZE, MCAST_HEADER_SIZE);
        b
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Mcast<'a> {
        pub group: CpgName,
        pub pid: u32,
        pub data: &'a [u8],
    }

    impl<'a> Mcast<'a> {
        pub fn decode(msg: &'a [u8], swap: bool) -> Result<Mcast<'a>, DecodeError> {
            let r = Reader::with_swap(msg, swap);
            r.require(MCAST_HEADER_SIZE, "cpg mcast")?;
            let group = CpgName::decode_at(&r, 16)?;
            if !group.is_valid() {
                return Err(DecodeError::BadLength {
                    what: "group name",
                    value: group.length() as u64,
                });
            }
            let msglen = r.u32(152)? as usize;
            Ok(Mcast {
                group,
                pid: r.u32(160)?,
                data: r.slice(MCAST_HEADER_SIZE, msglen)?,
            })
        }
    }

    /// Encodes a JOINLIST of (pid, group) entries (24-byte response-style
    /// header). The original never sends an empty one.
    pub fn joinlist(entries: &[(u32, CpgName)]) -> Vec<u8> {
        let total = JOINLIST_HEADER_SIZE + JOINLIST_ENTRY_SIZE * entries.len();
        let mut b = vec![0u8; total];
        let mut w = Writer::new(&mut b);
        ResponseHeader::new(total, make_id(ServiceId::CPG, JOINLIST), CsError(0)).encode(&mut w);
        for (i, (pid, group)) in entries.iter().enumerate() {
            let off = JOINLIST_HEADER_SIZE + i * JOINLIST_ENTRY_SIZE;
            w.u32(off, *pid);
            group.encode_at(&mut w, off + 8);
        }
        b
    }

    pub fn decode_joinlist(msg: &[u8], swap: bool) -> Result<Vec<(u32, CpgName)>, DecodeError> {
        let r = Reader::with_swap(msg, swap);
        r.require(JOINLIST_HEADER_SIZE, "cpg joinlist")?;
        let size = r.u32(0)? as usize;
        if size > msg.len() || size < JOINLIST_HEADER_SIZE {
            return Err(DecodeError::BadLength {
                what: "cpg joinlist size",
                value: size as u64,
            });
        }
        let n = (size - JOINLIST_HEADER_SIZE) / JOINLIST_ENTRY_SIZE;
        let mut v = Vec::with_capacity(n);
        for i in 0..n {
            let off = JOINLIST_HEADER_SIZE + i * JOINLIST_ENTRY_SIZE;
            let group = CpgName::decode_at(&r, off + 8)?;
            if !group.is_valid() {
                return Err(DecodeError::BadLength {
                    what: "group name",
                    value: group.length() as u64,
                });
            }
            v.push((r.u32(off)?, group));
        }
        Ok(v)
    }

    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Downlist {
        pub old_members: u32,
        pub left_nodes: Vec<u32>,
    }

    impl Downlist {
        /// Always the full 1568 bytes, as the original sends it.
        pub fn encode(&self) -> Vec<u8> {
            let mut b = vec![0u8; DOWNLIST_SIZE];
            let mut w = Writer::new(&mut b);
            RequestHeader {
                size: DOWNLIST_SIZE as i32,
                id: make_id(ServiceId::CPG, DOWNLIST),
            }
            .encode(&mut w);
            let n = self.left_nodes.len().min(PROCESSOR_COUNT_MAX);
            w.u32(16, self.old_members);
            w.u32(24, n as u32);
            for (i, id) in self.left_nodes.iter().take(n).enumerate() {
                w.u32(32 + 4 * i, *id);
            }
            b
        }

        /// Receivers only read `left_nodes` entries, so shorter messages
        /// (e.g. from small-footprint builds) are accepted.
        pub fn decode(msg: &[u8], swap: bool) -> Result<Downlist, DecodeError> {
            let r = Reader::with_swap(msg, swap);
            r.require(32, "cpg downlist")?;
            let n = r.u32(24)? as usize;
            if n > PROCESSOR_COUNT_MAX {
                return Err(DecodeError::BadLength {
                    what: "downlist left_nodes",
                    value: n as u64,
                });
            }
            let left_nodes = (0..n)
                .map(|i| r.u32(32 + 4 * i))
                .collect::<Result<Vec<u32>, DecodeError>>()?;
            Ok(Downlist {
                old_members: r.u32(16)?,
                left_nodes,
            })
        }
    }
}

/// Rounds an IPC record length up to the ring's 8-byte alignment.
pub fn ring_len(n: usize) -> usize {
    align8(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_by_length_and_bytes_only() {
        let a = CpgName::new(b"GROUP").unwrap();
        let mut raw = [0xAAu8; MAX_NAME_LENGTH];
        raw[..5].copy_from_slice(b"GROUP");
        let b = CpgName::from_raw(5, raw);
        assert_eq!(a, b);
        assert_ne!(a, CpgName::new(b"GROUP\0").unwrap());
        assert!(CpgName::new(&[0u8; 129]).is_err());
    }

    #[test]
    fn hostile_name_length_never_reads_past_the_value() {
        let n = CpgName::from_raw(u32::MAX, [1u8; MAX_NAME_LENGTH]);
        assert_eq!(n.as_bytes().len(), 128);
        assert!(!n.is_valid());
    }

    #[test]
    fn printable_escapes_like_the_original() {
        let n = CpgName::new(b"a\\b\x01").unwrap();
        assert_eq!(n.printable(), "a\\\\b\\x01");
    }

    #[test]
    fn join_request_round_trips_at_original_offsets() {
        let g = CpgName::new(b"GROUP").unwrap();
        let b = encode::join(&g, 4242, 1);
        assert_eq!(i32::from_ne_bytes(b[0..4].try_into().unwrap()), 168);
        assert_eq!(u32::from_ne_bytes(b[16..20].try_into().unwrap()), 5);
        assert_eq!(&b[24..29], b"GROUP");
        assert_eq!(
            LibRequest::decode(req::JOIN, &b).unwrap(),
            LibRequest::Join {
                group: g,
                pid: 4242,
                flags: 1
            }
        );
    }

    #[test]
    fn mcast_request_payload_follows_a_response_sized_header() {
        let h = encode::mcast_header(0, 5);
        let mut m = h.to_vec();
        m.extend_from_slice(b"hello");
        assert_eq!(i32::from_ne_bytes(m[0..4].try_into().unwrap()), 45);
        match LibRequest::decode(req::MCAST, &m).unwrap() {
            LibRequest::Mcast { data, .. } => assert_eq!(data, b"hello"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn mcast_with_msglen_beyond_message_is_refused() {
        let h = encode::mcast_header(0, 100);
        assert!(LibRequest::decode(req::MCAST, &h).is_err());
    }

    #[test]
    fn unknown_request_id_is_refused() {
        assert!(LibRequest::decode(9, &[0u8; 200]).is_err());
        assert!(LibRequest::decode(-3, &[0u8; 200]).is_err());
    }

    #[test]
    fn short_requests_are_refused() {
        for id in 0..req::COUNT {
            assert!(LibRequest::decode(id, &[0u8; 15]).is_err(), "id {id}");
        }
    }

    #[test]
    fn confchg_callback_lists_members_left_then_joined() {
        let g = CpgName::new(b"g").unwrap();
        let a = |n| CpgAddress {
            nodeid: n,
            pid: n + 100,
            reason: 1,
        };
        let b = reply::confchg(&g, &[a(1), a(2)], &[a(3)], &[a(4)]);
        assert_eq!(b.len(), 184 + 4 * 24);
        assert_eq!(u32::from_ne_bytes(b[160..164].try_into().unwrap()), 2);
        assert_eq!(u32::from_ne_bytes(b[168..172].try_into().unwrap()), 1);
        assert_eq!(u32::from_ne_bytes(b[176..180].try_into().unwrap()), 1);
        assert_eq!(
            u32::from_ne_bytes(b[184 + 48..188 + 48].try_into().unwrap()),
            3
        );
        match Callback::decode(&b).unwrap().unwrap() {
            Callback::Confchg {
                members,
                left,
                joined,
                ..
            } => {
                assert_eq!(members, vec![a(1), a(2)]);
                assert_eq!(left, vec![a(3)]);
                assert_eq!(joined, vec![a(4)]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn totem_confchg_members_start_at_44() {
        let b = reply::totem_confchg(7, 12, &[1, 2, 3]);
        assert_eq!(i32::from_ne_bytes(b[0..4].try_into().unwrap()), 60);
        assert_eq!(b.len(), 60);
        assert_eq!(u32::from_ne_bytes(b[44..48].try_into().unwrap()), 1);
        assert_eq!(
            Callback::decode(&b).unwrap().unwrap(),
            Callback::TotemConfchg {
                ring_nodeid: 7,
                ring_seq: 12,
                members: vec![1, 2, 3]
            }
        );
    }

    #[test]
    fn deliver_callback_round_trips() {
        let g = CpgName::new(b"grp").unwrap();
        let mut b = reply::deliver_header(&g, 3, 9, 10).to_vec();
        b.extend_from_slice(b"xyz");
        assert_eq!(
            Callback::decode(&b).unwrap().unwrap(),
            Callback::Deliver {
                group: g,
                nodeid: 9,
                pid: 10,
                data: b"xyz"
            }
        );
    }

    #[test]
    fn exec_messages_round_trip_and_swap() {
        let g = CpgName::new(b"grp").unwrap();
        let pj = exec::ProcJoinLeave {
            group: g,
            pid: 77,
            reason: reason::JOIN,
        };
        let b = pj.encode(exec::PROCJOIN);
        assert_eq!(exec::ProcJoinLeave::decode(&b, false).unwrap(), pj);
        let mut sw = b;
        for off in [16usize, 152, 160] {
            let v = u32::from_ne_bytes(sw[off..off + 4].try_into().unwrap()).swap_bytes();
            sw[off..off + 4].copy_from_slice(&v.to_ne_bytes());
        }
        assert_eq!(exec::ProcJoinLeave::decode(&sw, true).unwrap(), pj);

        let jl = exec::joinlist(&[(1, g), (2, g)]);
        assert_eq!(jl.len(), 24 + 2 * 144);
        assert_eq!(
            exec::decode_joinlist(&jl, false).unwrap(),
            vec![(1, g), (2, g)]
        );

        let dl = exec::Downlist {
            old_members: 3,
            left_nodes: vec![5, 6],
        };
        let e = dl.encode();
        assert_eq!(e.len(), 1568);
        assert_eq!(exec::Downlist::decode(&e, false).unwrap(), dl);

        let mut m = exec::mcast_header(&g, 2, 55, 1, 0).to_vec();
        m.extend_from_slice(b"hi");
        let d = exec::Mcast::decode(&m, false).unwrap();
        assert_eq!((d.pid, d.data), (55, &b"hi"[..]));
    }

    #[test]
    fn hostile_exec_messages_are_refused() {
        let mut dl = exec::Downlist {
            old_members: 1,
            left_nodes: vec![],
        }
        .encode();
        dl[24..28].copy_from_slice(&10_000u32.to_ne_bytes());
        assert!(exec::Downlist::decode(&dl, false).is_err());
        let mut jl = exec::joinlist(&[(1, CpgName::new(b"g").unwrap())]);
        jl[0..4].copy_from_slice(&100_000u32.to_ne_bytes());
        assert!(exec::decode_joinlist(&jl, false).is_err());
        let mut m = exec::mcast_header(&CpgName::new(b"g").unwrap(), 2, 1, 1, 0).to_vec();
        assert!(exec::Mcast::decode(&m, false).is_err());
        m.extend_from_slice(b"ok");
        m[16..20].copy_from_slice(&500u32.to_ne_bytes());
        assert!(exec::Mcast::decode(&m, false).is_err());
    }
}
