//! The Totem wire format of corosync 1.4.10: every packet of the Single Ring
//! Protocol (types 0-5) and the redundant-ring test messages (types 6-7),
//! with explicit, bounds-checked encode and decode.
//!
//! All structures are packed. A sender writes every integer in its native
//! byte order and sets `endian_detector` to `0xff22`; a receiver that reads
//! anything else converts exactly the fields the original converts (see each
//! `decode`). Address bytes are never swapped and are kept verbatim, including
//! whatever the sender left in the unused bytes of an IPv4 address: ring ids
//! are compared byte for byte by every node.
//!
//! Decoders accept trailing bytes (secauth appends a type byte, and
//! retransmitted messages keep the length they were received with) but reject
//! anything shorter than the layout requires, and list lengths beyond the
//! original's fixed limits.

use std::cmp::Ordering;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::config::{INTERFACE_MAX, PROCESSOR_COUNT_MAX};

/// The value every sender writes into `endian_detector`, in its own order.
pub const ENDIAN_LOCAL: u16 = 0xff22;

/// `AF_INET` as Linux numbers it; the value travels on the wire.
pub const AF_INET: u16 = 2;
/// `AF_INET6` as Linux numbers it; the value travels on the wire.
pub const AF_INET6: u16 = 10;

/// `struct message_header`.
pub const MESSAGE_HEADER_LEN: usize = 8;
/// `struct totem_ip_address`.
pub const TOTEM_IP_ADDRESS_LEN: usize = 22;
/// `struct srp_addr` (always two interface slots).
pub const SRP_ADDR_LEN: usize = TOTEM_IP_ADDRESS_LEN * INTERFACE_MAX;
/// `struct memb_ring_id`.
pub const RING_ID_LEN: usize = 30;
/// `struct rtr_item`.
pub const RTR_ITEM_LEN: usize = RING_ID_LEN + 4;
/// `struct orf_token` without its retransmit list.
pub const ORF_TOKEN_LEN: usize = 70;
/// `struct mcast`.
pub const MCAST_HEADER_LEN: usize = 98;
/// `struct memb_merge_detect`.
pub const MERGE_DETECT_LEN: usize = 82;
/// `struct memb_join` without its lists.
pub const MEMB_JOIN_LEN: usize = 68;
/// `struct memb_commit_token` without its lists.
pub const COMMIT_TOKEN_LEN: usize = 54;
/// `struct memb_commit_token_memb_entry`.
pub const COMMIT_MEMB_ENTRY_LEN: usize = RING_ID_LEN + 12;
/// `struct token_hold_cancel`.
pub const TOKEN_HOLD_CANCEL_LEN: usize = 38;
/// The redundant-ring test message header.
pub const RING_TEST_LEN: usize = 12;
/// Most retransmit requests an ORF token carries.
pub const RETRANSMIT_ENTRIES_MAX: usize = 30;

/// Offsets inside an MCAST header that are written when the token holder
/// assigns the message its place in the ring order.
pub(crate) const MCAST_SEQ_OFFSET: usize = 52;
pub(crate) const MCAST_THIS_SEQNO_OFFSET: usize = 56;
pub(crate) const MCAST_RING_ID_OFFSET: usize = 60;

/// `enum message_type` of totemsrp.c plus the two totemrrp.c messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum MessageType {
    OrfToken = 0,
    Mcast = 1,
    MembMergeDetect = 2,
    MembJoin = 3,
    MembCommitToken = 4,
    TokenHoldCancel = 5,
    RingTestActive = 6,
    RingTestActivate = 7,
}

impl MessageType {
    pub fn from_u8(v: u8) -> Option<MessageType> {
        Some(match v {
            0 => MessageType::OrfToken,
            1 => MessageType::Mcast,
            2 => MessageType::MembMergeDetect,
            3 => MessageType::MembJoin,
            4 => MessageType::MembCommitToken,
            5 => MessageType::TokenHoldCancel,
            6 => MessageType::RingTestActive,
            7 => MessageType::RingTestActivate,
            _ => return None,
        })
    }
}

/// `encapsulated` of an MCAST: 1 for an old-ring message re-sent during
/// recovery inside a new-ring message, 2 for a normal message.
pub const MESSAGE_ENCAPSULATED: u8 = 1;
pub const MESSAGE_NOT_ENCAPSULATED: u8 = 2;

/// Why bytes could not be decoded. Decoding never panics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The buffer ends before the layout does.
    Truncated { needed: usize, got: usize },
    /// The first byte is not a known message type.
    UnknownType(u8),
    /// The message type is not the one the decoder handles.
    WrongType { expected: u8, got: u8 },
    /// A list length is negative or above the original's fixed limit.
    BadCount { field: &'static str, value: i64 },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Truncated { needed, got } => {
                write!(f, "truncated: need {needed} bytes, got {got}")
            }
            DecodeError::UnknownType(t) => write!(f, "unknown message type {t}"),
            DecodeError::WrongType { expected, got } => {
                write!(f, "message type {got}, expected {expected}")
            }
            DecodeError::BadCount { field, value } => write!(f, "bad {field} {value}"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// A node identifier (`unsigned int nodeid`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct NodeId(pub u32);

impl fmt::Debug for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NodeId({})", self.0)
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Bounds-checked reader that converts foreign-endian integers on request.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    swap: bool,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8], swap: bool) -> Reader<'a> {
        Reader { buf, pos: 0, swap }
    }

    fn take<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let end = self.pos.checked_add(N).ok_or(DecodeError::Truncated {
            needed: usize::MAX,
            got: self.buf.len(),
        })?;
        let slice = self.buf.get(self.pos..end).ok_or(DecodeError::Truncated {
            needed: end,
            got: self.buf.len(),
        })?;
        let mut out = [0u8; N];
        out.copy_from_slice(slice);
        self.pos = end;
        Ok(out)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take::<1>()?[0])
    }

    pub(crate) fn u16(&mut self) -> Result<u16, DecodeError> {
        let v = u16::from_ne_bytes(self.take()?);
        Ok(if self.swap { v.swap_bytes() } else { v })
    }

    pub(crate) fn u32(&mut self) -> Result<u32, DecodeError> {
        let v = u32::from_ne_bytes(self.take()?);
        Ok(if self.swap { v.swap_bytes() } else { v })
    }

    pub(crate) fn u64(&mut self) -> Result<u64, DecodeError> {
        let v = u64::from_ne_bytes(self.take()?);
        Ok(if self.swap { v.swap_bytes() } else { v })
    }

    pub(crate) fn i32(&mut self) -> Result<i32, DecodeError> {
        Ok(self.u32()? as i32)
    }

    pub(crate) fn bytes<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        self.take()
    }

    /// Reads the next fields without conversion, whatever the message's order.
    pub(crate) fn with_swap<T>(
        &mut self,
        swap: bool,
        f: impl FnOnce(&mut Reader<'a>) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        let saved = self.swap;
        self.swap = swap;
        let res = f(self);
        self.swap = saved;
        res
    }

    pub(crate) fn pos(&self) -> usize {
        self.pos
    }
}

fn need(buf: &[u8], len: usize) -> Result<(), DecodeError> {
    if buf.len() < len {
        Err(DecodeError::Truncated {
            needed: len,
            got: buf.len(),
        })
    } else {
        Ok(())
    }
}

fn put_u16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_ne_bytes());
}
fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_ne_bytes());
}
fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_ne_bytes());
}

/// Is the message in a byte order other than ours? Reads the raw detector.
pub fn is_foreign_endian(buf: &[u8]) -> bool {
    match buf.get(2..4) {
        Some(b) => u16::from_ne_bytes([b[0], b[1]]) != ENDIAN_LOCAL,
        None => false,
    }
}

/// `struct totem_ip_address`: node id, address family and 16 address bytes.
///
/// The derived equality compares every field (the original's `memcmp`);
/// [`TotemIpAddress::equal`] and [`TotemIpAddress::compare`] are the
/// original's `totemip_equal` and `totemip_compare`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TotemIpAddress {
    pub nodeid: NodeId,
    pub family: u16,
    pub addr: [u8; 16],
}

impl TotemIpAddress {
    /// The address of `ip` with `nodeid`; unused bytes are zero.
    pub fn from_ip(ip: IpAddr, nodeid: NodeId) -> TotemIpAddress {
        let mut addr = [0u8; 16];
        let family = match ip {
            IpAddr::V4(v4) => {
                addr[..4].copy_from_slice(&v4.octets());
                AF_INET
            }
            IpAddr::V6(v6) => {
                addr.copy_from_slice(&v6.octets());
                AF_INET6
            }
        };
        TotemIpAddress {
            nodeid,
            family,
            addr,
        }
    }

    /// The IP address, if the family is known.
    pub fn to_ip(&self) -> Option<IpAddr> {
        match self.family {
            AF_INET => Some(IpAddr::V4(Ipv4Addr::new(
                self.addr[0],
                self.addr[1],
                self.addr[2],
                self.addr[3],
            ))),
            AF_INET6 => Some(IpAddr::V6(Ipv6Addr::from(self.addr))),
            _ => None,
        }
    }

    /// `totemip_equal`: same family and same 4 (IPv4) or 16 (IPv6) address
    /// bytes; the node id is ignored. Families the original does not know are
    /// compared over all 16 bytes (the original would abort).
    pub fn equal(&self, other: &TotemIpAddress) -> bool {
        if self.family != other.family {
            return false;
        }
        match self.family {
            AF_INET => self.addr[..4] == other.addr[..4],
            _ => self.addr == other.addr,
        }
    }

    /// `totemip_compare`: IPv4 by numeric value, IPv6 bytewise; the family
    /// of `self` decides how many bytes are compared.
    pub fn compare(&self, other: &TotemIpAddress) -> Ordering {
        match self.family {
            AF_INET => self.addr[..4].cmp(&other.addr[..4]),
            _ => self.addr.cmp(&other.addr),
        }
    }

    /// Address text as `totemip_print` shows it.
    pub fn print(&self) -> String {
        match self.to_ip() {
            Some(ip) => ip.to_string(),
            None => "(null)".to_string(),
        }
    }

    pub(crate) fn decode(r: &mut Reader<'_>) -> Result<TotemIpAddress, DecodeError> {
        let nodeid = NodeId(r.u32()?);
        let family = r.u16()?;
        let addr = r.bytes::<16>()?;
        Ok(TotemIpAddress {
            nodeid,
            family,
            addr,
        })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        put_u32(out, self.nodeid.0);
        put_u16(out, self.family);
        out.extend_from_slice(&self.addr);
    }
}

impl fmt::Debug for TotemIpAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.nodeid.0, self.print())
    }
}

/// `struct srp_addr`: a processor's address on every ring.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SrpAddr {
    pub addr: [TotemIpAddress; INTERFACE_MAX],
}

impl SrpAddr {
    /// `srp_addr_equal`: only the ring-0 address counts.
    pub fn equal(&self, other: &SrpAddr) -> bool {
        self.addr[0].equal(&other.addr[0])
    }

    /// The node id of the ring-0 address.
    pub fn nodeid(&self) -> NodeId {
        self.addr[0].nodeid
    }

    pub(crate) fn decode(r: &mut Reader<'_>) -> Result<SrpAddr, DecodeError> {
        let a = TotemIpAddress::decode(r)?;
        let b = TotemIpAddress::decode(r)?;
        Ok(SrpAddr { addr: [a, b] })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        for a in &self.addr {
            a.encode(out);
        }
    }
}

impl fmt::Debug for SrpAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.addr[0])
    }
}

/// `struct memb_ring_id`: the representative's address and the ring
/// sequence number. Equality is the original's 30-byte `memcmp`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RingId {
    pub rep: TotemIpAddress,
    pub seq: u64,
}

impl RingId {
    /// The 30 bytes of this ring id in native order, as the original keeps
    /// it in memory and passes it to services.
    pub fn to_bytes(&self) -> [u8; RING_ID_LEN] {
        let mut v = Vec::with_capacity(RING_ID_LEN);
        self.encode(&mut v);
        let mut out = [0u8; RING_ID_LEN];
        out.copy_from_slice(&v);
        out
    }

    /// Decodes 30 native-order bytes.
    pub fn from_bytes(b: &[u8; RING_ID_LEN]) -> RingId {
        let mut r = Reader::new(b, false);
        // Infallible: the array has exactly the needed length.
        RingId::decode(&mut r).unwrap_or_default()
    }

    pub(crate) fn decode(r: &mut Reader<'_>) -> Result<RingId, DecodeError> {
        let rep = TotemIpAddress::decode(r)?;
        let seq = r.u64()?;
        Ok(RingId { rep, seq })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        self.rep.encode(out);
        put_u64(out, self.seq);
    }
}

impl fmt::Debug for RingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RingId({}:{})", self.rep.print(), self.seq)
    }
}

/// `struct message_header`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct MessageHeader {
    pub msg_type: u8,
    pub encapsulated: u8,
    pub endian_detector: u16,
    pub nodeid: NodeId,
}

impl MessageHeader {
    /// A header as a local sender builds it.
    pub fn new(msg_type: MessageType, encapsulated: u8, nodeid: NodeId) -> MessageHeader {
        MessageHeader {
            msg_type: msg_type as u8,
            encapsulated,
            endian_detector: ENDIAN_LOCAL,
            nodeid,
        }
    }

    /// Reads the header; when `swap` the node id is converted and the
    /// detector becomes local, as the original's converters do.
    pub(crate) fn decode(r: &mut Reader<'_>) -> Result<MessageHeader, DecodeError> {
        let msg_type = r.u8()?;
        let encapsulated = r.u8()?;
        let raw_detector = r.with_swap(false, |r| r.u16())?;
        let nodeid = NodeId(r.u32()?);
        Ok(MessageHeader {
            msg_type,
            encapsulated,
            endian_detector: if r.swap { ENDIAN_LOCAL } else { raw_detector },
            nodeid,
        })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.msg_type);
        out.push(self.encapsulated);
        put_u16(out, self.endian_detector);
        put_u32(out, self.nodeid.0);
    }

    /// Just the type byte of a buffer.
    pub fn peek_type(buf: &[u8]) -> Result<u8, DecodeError> {
        need(buf, MESSAGE_HEADER_LEN)?;
        Ok(buf[0])
    }
}

fn check_type(buf: &[u8], expected: MessageType, len: usize) -> Result<bool, DecodeError> {
    need(buf, len)?;
    if buf[0] != expected as u8 {
        return Err(DecodeError::WrongType {
            expected: expected as u8,
            got: buf[0],
        });
    }
    Ok(is_foreign_endian(buf))
}

/// `struct rtr_item`: a retransmit request.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct RtrItem {
    pub ring_id: RingId,
    pub seq: u32,
}

/// `struct orf_token`: the Ordering, Reliability and Flow control token.
///
/// The retransmit list is a fixed array so that passing the token around
/// needs no allocation.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct OrfToken {
    pub header: MessageHeader,
    pub seq: u32,
    pub token_seq: u32,
    pub aru: u32,
    pub aru_addr: NodeId,
    pub ring_id: RingId,
    pub backlog: u32,
    pub fcc: u32,
    pub retrans_flg: i32,
    rtr_list: [RtrItem; RETRANSMIT_ENTRIES_MAX],
    rtr_list_entries: usize,
}

impl Default for OrfToken {
    fn default() -> OrfToken {
        OrfToken {
            header: MessageHeader::default(),
            seq: 0,
            token_seq: 0,
            aru: 0,
            aru_addr: NodeId(0),
            ring_id: RingId::default(),
            backlog: 0,
            fcc: 0,
            retrans_flg: 0,
            rtr_list: [RtrItem::default(); RETRANSMIT_ENTRIES_MAX],
            rtr_list_entries: 0,
        }
    }
}

impl OrfToken {
    /// The retransmit requests carried.
    pub fn rtr_list(&self) -> &[RtrItem] {
        &self.rtr_list[..self.rtr_list_entries]
    }

    /// Appends a request; returns false when the list is full.
    pub fn rtr_push(&mut self, item: RtrItem) -> bool {
        if self.rtr_list_entries >= RETRANSMIT_ENTRIES_MAX {
            return false;
        }
        self.rtr_list[self.rtr_list_entries] = item;
        self.rtr_list_entries += 1;
        true
    }

    /// Removes the request at `index`, keeping the order of the others.
    pub fn rtr_remove(&mut self, index: usize) {
        if index < self.rtr_list_entries {
            self.rtr_list
                .copy_within(index + 1..self.rtr_list_entries, index);
            self.rtr_list_entries -= 1;
        }
    }

    /// Removes every retransmit request.
    pub fn rtr_clear(&mut self) {
        self.rtr_list_entries = 0;
    }

    /// Encoded length: 70 bytes plus 34 per retransmit request.
    pub fn encoded_len(&self) -> usize {
        ORF_TOKEN_LEN + RTR_ITEM_LEN * self.rtr_list_entries
    }

    /// Decodes a token into `self`, reusing its storage (no allocation).
    /// Every field is converted when the sender's byte order differs.
    pub fn decode_into(&mut self, buf: &[u8]) -> Result<(), DecodeError> {
        let swap = check_type(buf, MessageType::OrfToken, ORF_TOKEN_LEN)?;
        let mut r = Reader::new(buf, swap);
        let header = MessageHeader::decode(&mut r)?;
        let seq = r.u32()?;
        let token_seq = r.u32()?;
        let aru = r.u32()?;
        let aru_addr = NodeId(r.u32()?);
        let ring_id = RingId::decode(&mut r)?;
        let backlog = r.u32()?;
        let fcc = r.u32()?;
        let retrans_flg = r.i32()?;
        let entries = r.i32()?;
        if entries < 0 || entries as usize > RETRANSMIT_ENTRIES_MAX {
            return Err(DecodeError::BadCount {
                field: "rtr_list_entries",
                value: entries.into(),
            });
        }
        let entries = entries as usize;
        need(buf, ORF_TOKEN_LEN + RTR_ITEM_LEN * entries)?;
        for i in 0..entries {
            let ring_id = RingId::decode(&mut r)?;
            let seq = r.u32()?;
            self.rtr_list[i] = RtrItem { ring_id, seq };
        }
        self.header = header;
        self.seq = seq;
        self.token_seq = token_seq;
        self.aru = aru;
        self.aru_addr = aru_addr;
        self.ring_id = ring_id;
        self.backlog = backlog;
        self.fcc = fcc;
        self.retrans_flg = retrans_flg;
        self.rtr_list_entries = entries;
        Ok(())
    }

    pub fn decode(buf: &[u8]) -> Result<OrfToken, DecodeError> {
        let mut t = OrfToken::default();
        t.decode_into(buf)?;
        Ok(t)
    }

    /// Appends the encoded token to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.reserve(self.encoded_len());
        self.header.encode(out);
        put_u32(out, self.seq);
        put_u32(out, self.token_seq);
        put_u32(out, self.aru);
        put_u32(out, self.aru_addr.0);
        self.ring_id.encode(out);
        put_u32(out, self.backlog);
        put_u32(out, self.fcc);
        put_u32(out, self.retrans_flg as u32);
        put_u32(out, self.rtr_list_entries as u32);
        for item in self.rtr_list() {
            item.ring_id.encode(out);
            put_u32(out, item.seq);
        }
    }
}

/// The raw (unconverted) `token_seq` of an ORF token, as the redundant ring
/// layer reads it to recognise copies of one token.
pub fn orf_token_seq_raw(buf: &[u8]) -> Option<u32> {
    let b = buf.get(12..16)?;
    Some(u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
}

/// `struct mcast`: the header of a ring-ordered multicast. The payload
/// (a totempg frame, or for an encapsulated message a complete old-ring
/// MCAST) follows at byte 98.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct McastHeader {
    pub header: MessageHeader,
    pub system_from: SrpAddr,
    pub seq: u32,
    pub this_seqno: i32,
    pub ring_id: RingId,
    pub node_id: u32,
    pub guarantee: i32,
}

impl McastHeader {
    /// Decodes the header, converting every field of a foreign-endian one.
    /// Returns the header and whether conversion was required.
    pub fn decode(buf: &[u8]) -> Result<(McastHeader, bool), DecodeError> {
        let swap = check_type(buf, MessageType::Mcast, MCAST_HEADER_LEN)?;
        let mut r = Reader::new(buf, swap);
        let header = MessageHeader::decode(&mut r)?;
        let system_from = SrpAddr::decode(&mut r)?;
        let seq = r.u32()?;
        let this_seqno = r.i32()?;
        let ring_id = RingId::decode(&mut r)?;
        let node_id = r.u32()?;
        let guarantee = r.i32()?;
        Ok((
            McastHeader {
                header,
                system_from,
                seq,
                this_seqno,
                ring_id,
                node_id,
                guarantee,
            },
            swap,
        ))
    }

    pub fn encode(&self, out: &mut Vec<u8>) {
        self.header.encode(out);
        self.system_from.encode(out);
        put_u32(out, self.seq);
        put_u32(out, self.this_seqno as u32);
        self.ring_id.encode(out);
        put_u32(out, self.node_id);
        put_u32(out, self.guarantee as u32);
    }

    /// Writes `seq`, `this_seqno` and `ring_id` into an encoded local
    /// (native order) MCAST, as the token holder does before sending it.
    pub(crate) fn patch_order(buf: &mut [u8], seq: u32, this_seqno: i32, ring_id: &RingId) {
        if buf.len() < MCAST_HEADER_LEN {
            return;
        }
        buf[MCAST_SEQ_OFFSET..MCAST_SEQ_OFFSET + 4].copy_from_slice(&seq.to_ne_bytes());
        buf[MCAST_THIS_SEQNO_OFFSET..MCAST_THIS_SEQNO_OFFSET + 4]
            .copy_from_slice(&this_seqno.to_ne_bytes());
        let rid = ring_id.to_bytes();
        buf[MCAST_RING_ID_OFFSET..MCAST_RING_ID_OFFSET + RING_ID_LEN].copy_from_slice(&rid);
    }
}

/// `struct memb_merge_detect`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct MergeDetect {
    pub header: MessageHeader,
    pub system_from: SrpAddr,
    pub ring_id: RingId,
}

impl MergeDetect {
    pub fn decode(buf: &[u8]) -> Result<MergeDetect, DecodeError> {
        let swap = check_type(buf, MessageType::MembMergeDetect, MERGE_DETECT_LEN)?;
        let mut r = Reader::new(buf, swap);
        let header = MessageHeader::decode(&mut r)?;
        let system_from = SrpAddr::decode(&mut r)?;
        let ring_id = RingId::decode(&mut r)?;
        Ok(MergeDetect {
            header,
            system_from,
            ring_id,
        })
    }

    pub fn encode(&self, out: &mut Vec<u8>) {
        self.header.encode(out);
        self.system_from.encode(out);
        self.ring_id.encode(out);
    }
}

/// `struct memb_join` with its processor and failed lists. The leave
/// variant (orderly shutdown) has node id 0 in the header and in
/// `system_from.addr[0]`.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct MembJoin {
    pub header: MessageHeader,
    pub system_from: SrpAddr,
    pub ring_seq: u64,
    pub proc_list: Vec<SrpAddr>,
    pub failed_list: Vec<SrpAddr>,
}

fn list_count(v: u32, field: &'static str) -> Result<usize, DecodeError> {
    if v as usize > PROCESSOR_COUNT_MAX {
        return Err(DecodeError::BadCount {
            field,
            value: v.into(),
        });
    }
    Ok(v as usize)
}

impl MembJoin {
    pub fn decode(buf: &[u8]) -> Result<MembJoin, DecodeError> {
        let swap = check_type(buf, MessageType::MembJoin, MEMB_JOIN_LEN)?;
        let mut r = Reader::new(buf, swap);
        let header = MessageHeader::decode(&mut r)?;
        let system_from = SrpAddr::decode(&mut r)?;
        let procs = list_count(r.u32()?, "proc_list_entries")?;
        let failed = list_count(r.u32()?, "failed_list_entries")?;
        let ring_seq = r.u64()?;
        need(buf, MEMB_JOIN_LEN + SRP_ADDR_LEN * (procs + failed))?;
        let mut proc_list = Vec::with_capacity(procs);
        for _ in 0..procs {
            proc_list.push(SrpAddr::decode(&mut r)?);
        }
        let mut failed_list = Vec::with_capacity(failed);
        for _ in 0..failed {
            failed_list.push(SrpAddr::decode(&mut r)?);
        }
        Ok(MembJoin {
            header,
            system_from,
            ring_seq,
            proc_list,
            failed_list,
        })
    }

    pub fn encoded_len(&self) -> usize {
        MEMB_JOIN_LEN + SRP_ADDR_LEN * (self.proc_list.len() + self.failed_list.len())
    }

    pub fn encode(&self, out: &mut Vec<u8>) {
        out.reserve(self.encoded_len());
        self.header.encode(out);
        self.system_from.encode(out);
        put_u32(out, self.proc_list.len() as u32);
        put_u32(out, self.failed_list.len() as u32);
        put_u64(out, self.ring_seq);
        for a in self.proc_list.iter().chain(self.failed_list.iter()) {
            a.encode(out);
        }
    }
}

/// `struct memb_commit_token_memb_entry`: what each member writes into the
/// commit token on its first visit.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct CommitMembEntry {
    pub ring_id: RingId,
    pub aru: u32,
    pub high_delivered: u32,
    pub received_flg: u32,
}

/// `struct memb_commit_token` with its address list and member entries.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct CommitToken {
    pub header: MessageHeader,
    pub token_seq: u32,
    pub ring_id: RingId,
    pub retrans_flg: u32,
    pub memb_index: i32,
    pub addr: Vec<SrpAddr>,
    pub memb_list: Vec<CommitMembEntry>,
}

impl CommitToken {
    /// Decodes a commit token. Member entries of a foreign-endian token are
    /// converted only when their ring id's family is set, like the original;
    /// unset entries are kept as they are.
    pub fn decode(buf: &[u8]) -> Result<CommitToken, DecodeError> {
        let swap = check_type(buf, MessageType::MembCommitToken, COMMIT_TOKEN_LEN)?;
        let mut r = Reader::new(buf, swap);
        let header = MessageHeader::decode(&mut r)?;
        let token_seq = r.u32()?;
        let ring_id = RingId::decode(&mut r)?;
        let retrans_flg = r.u32()?;
        let memb_index = r.i32()?;
        let entries = r.i32()?;
        if entries < 0 || entries as usize > PROCESSOR_COUNT_MAX {
            return Err(DecodeError::BadCount {
                field: "addr_entries",
                value: entries.into(),
            });
        }
        let n = entries as usize;
        if memb_index < 0 || memb_index as usize > n {
            return Err(DecodeError::BadCount {
                field: "memb_index",
                value: memb_index.into(),
            });
        }
        need(
            buf,
            COMMIT_TOKEN_LEN + (SRP_ADDR_LEN + COMMIT_MEMB_ENTRY_LEN) * n,
        )?;
        let mut addr = Vec::with_capacity(n);
        for _ in 0..n {
            addr.push(SrpAddr::decode(&mut r)?);
        }
        let mut memb_list = Vec::with_capacity(n);
        for _ in 0..n {
            let start = r.pos();
            // The raw family decides whether the entry is converted.
            let raw_family = buf
                .get(start + 4..start + 6)
                .map(|b| u16::from_ne_bytes([b[0], b[1]]))
                .unwrap_or(0);
            let convert = swap && raw_family != 0;
            let entry = r.with_swap(convert, |r| {
                Ok(CommitMembEntry {
                    ring_id: RingId::decode(r)?,
                    aru: r.u32()?,
                    high_delivered: r.u32()?,
                    received_flg: r.u32()?,
                })
            })?;
            memb_list.push(entry);
        }
        Ok(CommitToken {
            header,
            token_seq,
            ring_id,
            retrans_flg,
            memb_index,
            addr,
            memb_list,
        })
    }

    pub fn encoded_len(&self) -> usize {
        COMMIT_TOKEN_LEN + (SRP_ADDR_LEN + COMMIT_MEMB_ENTRY_LEN) * self.addr.len()
    }

    pub fn encode(&self, out: &mut Vec<u8>) {
        out.reserve(self.encoded_len());
        self.header.encode(out);
        put_u32(out, self.token_seq);
        self.ring_id.encode(out);
        put_u32(out, self.retrans_flg);
        put_u32(out, self.memb_index as u32);
        put_u32(out, self.addr.len() as u32);
        for a in &self.addr {
            a.encode(out);
        }
        for (i, _) in self.addr.iter().enumerate() {
            let e = self.memb_list.get(i).copied().unwrap_or_default();
            e.ring_id.encode(out);
            put_u32(out, e.aru);
            put_u32(out, e.high_delivered);
            put_u32(out, e.received_flg);
        }
    }
}

/// `struct token_hold_cancel`. The original never converts it: the ring id
/// is read in the receiver's order whatever the sender's.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct TokenHoldCancel {
    pub header: MessageHeader,
    pub ring_id: RingId,
}

impl TokenHoldCancel {
    pub fn decode(buf: &[u8]) -> Result<TokenHoldCancel, DecodeError> {
        check_type(buf, MessageType::TokenHoldCancel, TOKEN_HOLD_CANCEL_LEN)?;
        let mut r = Reader::new(buf, false);
        let header = MessageHeader::decode(&mut r)?;
        let ring_id = RingId::decode(&mut r)?;
        Ok(TokenHoldCancel { header, ring_id })
    }

    pub fn encode(&self, out: &mut Vec<u8>) {
        self.header.encode(out);
        self.ring_id.encode(out);
    }
}

/// The redundant-ring test message (types 6 and 7).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct RingTest {
    pub msg_type: u8,
    pub encapsulated: u8,
    pub endian_detector: u16,
    pub ring_number: i32,
    pub nodeid_activator: NodeId,
}

impl RingTest {
    pub fn new(msg_type: MessageType, ring_number: i32, activator: NodeId) -> RingTest {
        RingTest {
            msg_type: msg_type as u8,
            encapsulated: 0,
            endian_detector: ENDIAN_LOCAL,
            ring_number,
            nodeid_activator: activator,
        }
    }

    pub fn decode(buf: &[u8]) -> Result<RingTest, DecodeError> {
        need(buf, RING_TEST_LEN)?;
        if buf[0] != MessageType::RingTestActive as u8
            && buf[0] != MessageType::RingTestActivate as u8
        {
            return Err(DecodeError::WrongType {
                expected: MessageType::RingTestActive as u8,
                got: buf[0],
            });
        }
        let swap = is_foreign_endian(buf);
        let mut r = Reader::new(buf, swap);
        let msg_type = r.u8()?;
        let encapsulated = r.u8()?;
        let raw = r.with_swap(false, |r| r.u16())?;
        let ring_number = r.i32()?;
        let nodeid_activator = NodeId(r.u32()?);
        Ok(RingTest {
            msg_type,
            encapsulated,
            endian_detector: if swap { ENDIAN_LOCAL } else { raw },
            ring_number,
            nodeid_activator,
        })
    }

    pub fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.msg_type);
        out.push(self.encapsulated);
        put_u16(out, self.endian_detector);
        put_u32(out, self.ring_number as u32);
        put_u32(out, self.nodeid_activator.0);
    }
}

/// Any decoded totem packet, for diagnostics and fuzzing.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Packet {
    OrfToken(Box<OrfToken>),
    /// The MCAST header and the payload that follows it.
    Mcast {
        header: McastHeader,
        endian_conversion_required: bool,
        payload_len: usize,
    },
    MergeDetect(MergeDetect),
    MembJoin(MembJoin),
    CommitToken(CommitToken),
    TokenHoldCancel(TokenHoldCancel),
    RingTest(RingTest),
}

impl Packet {
    /// Decodes any totem packet.
    pub fn decode(buf: &[u8]) -> Result<Packet, DecodeError> {
        let t = MessageHeader::peek_type(buf)?;
        match MessageType::from_u8(t) {
            Some(MessageType::OrfToken) => Ok(Packet::OrfToken(Box::new(OrfToken::decode(buf)?))),
            Some(MessageType::Mcast) => {
                let (header, endian) = McastHeader::decode(buf)?;
                Ok(Packet::Mcast {
                    header,
                    endian_conversion_required: endian,
                    payload_len: buf.len() - MCAST_HEADER_LEN,
                })
            }
            Some(MessageType::MembMergeDetect) => {
                Ok(Packet::MergeDetect(MergeDetect::decode(buf)?))
            }
            Some(MessageType::MembJoin) => Ok(Packet::MembJoin(MembJoin::decode(buf)?)),
            Some(MessageType::MembCommitToken) => {
                Ok(Packet::CommitToken(CommitToken::decode(buf)?))
            }
            Some(MessageType::TokenHoldCancel) => {
                Ok(Packet::TokenHoldCancel(TokenHoldCancel::decode(buf)?))
            }
            Some(MessageType::RingTestActive) | Some(MessageType::RingTestActivate) => {
                Ok(Packet::RingTest(RingTest::decode(buf)?))
            }
            None => Err(DecodeError::UnknownType(t)),
        }
    }

    /// Encodes the packet in local byte order; for an MCAST only the
    /// header (the payload is not kept by [`Packet::decode`]).
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Packet::OrfToken(t) => t.encode(out),
            Packet::Mcast { header, .. } => header.encode(out),
            Packet::MergeDetect(m) => m.encode(out),
            Packet::MembJoin(j) => j.encode(out),
            Packet::CommitToken(c) => c.encode(out),
            Packet::TokenHoldCancel(h) => h.encode(out),
            Packet::RingTest(r) => r.encode(out),
        }
    }
}

/// The node id the original derives from an IPv4 address when `nodeid` is
/// not configured: the four address bytes read as a little-endian number,
/// optionally with bit 31 cleared.
pub fn derive_nodeid_v4(ip: Ipv4Addr, clear_node_high_bit: bool) -> NodeId {
    let mut v = u32::from_le_bytes(ip.octets());
    if clear_node_high_bit {
        v &= 0x7fff_ffff;
    }
    NodeId(v)
}

/// Sequence-number comparisons of the original's sort queue, including its
/// rollover adjustment: when either value is above 2^31 both are shifted
/// down by 0x10000 before comparing.
pub(crate) fn sq_lt_compare(a: u32, b: u32) -> bool {
    const POINT: u32 = 0x8000_0000;
    const ADJ: u32 = 0x10000;
    if a > POINT || b > POINT {
        a.wrapping_sub(ADJ) < b.wrapping_sub(ADJ)
    } else {
        a < b
    }
}

pub(crate) fn sq_lte_compare(a: u32, b: u32) -> bool {
    const POINT: u32 = 0x8000_0000;
    const ADJ: u32 = 0x10000;
    if a > POINT || b > POINT {
        a.wrapping_sub(ADJ) <= b.wrapping_sub(ADJ)
    } else {
        a <= b
    }
}

#[cfg(test)]
mod tests;
