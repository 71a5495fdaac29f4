//! Totem: every packet decoder in both byte orders, and the whole stack
//! (secauth, redundant ring, SRP, totempg) of one to three nodes on a
//! simulated network that the fuzz input controls and attacks.
//!
//! [`totem_packets`] checks, besides "never panics", that the generic
//! decoder agrees with the per-type decoders, that accepted packets
//! re-encode to the same value, and that a native packet converted by hand
//! to the foreign byte order decodes to the same value (the bug class of
//! CVE-2025-30472 lives in foreign-endian handling).
//!
//! [`totem_engine`] runs real nodes. The input schedules time, delivery,
//! loss, duplication and reordering, and an attacker that knows the key:
//! it mutates queued datagrams (decrypting and re-encrypting them),
//! converts them to the foreign byte order, forges packets of every type
//! from templates that use the victim's current ring id, or sends raw
//! bytes, authenticated or not. Checked after every step: no panic, every
//! datagram sent fits the frame limit, configuration changes are well
//! formed (no duplicate members, joined members listed, left ones not),
//! and the persisted ring sequence never goes backwards.

use std::collections::VecDeque;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use totem::config::{
    CryptoAccept, CryptoType, FRAME_SIZE_MAX, InterfaceConfig, PRIVATE_KEY_LEN, RrpMode,
    TotemConfig, Transport,
};
use totem::crypto::SecAuth;
use totem::packet::{
    CommitMembEntry, CommitToken, McastHeader, MembJoin, MergeDetect, MessageHeader, MessageType,
    OrfToken, Packet, RingTest, RtrItem, TokenHoldCancel, is_foreign_endian,
};
use totem::{ConfigurationType, Dest, Event, Guarantee, NodeId, RingId, SrpAddr, Time, Totem};

use crate::input::Input;
use crate::swap;

// ---------------------------------------------------------------------------
// packets

/// The per-type decoder for `buf[0]`, normalised for comparison.
fn decode_as_type(buf: &[u8]) -> Option<Result<Packet, totem::packet::DecodeError>> {
    let t = *buf.first()?;
    Some(match MessageType::from_u8(t)? {
        MessageType::OrfToken => OrfToken::decode(buf).map(|p| Packet::OrfToken(Box::new(p))),
        MessageType::Mcast => McastHeader::decode(buf).map(|(h, e)| Packet::Mcast {
            header: h,
            endian_conversion_required: e,
            payload_len: buf.len() - totem::packet::MCAST_HEADER_LEN,
        }),
        MessageType::MembMergeDetect => MergeDetect::decode(buf).map(Packet::MergeDetect),
        MessageType::MembJoin => MembJoin::decode(buf).map(Packet::MembJoin),
        MessageType::MembCommitToken => CommitToken::decode(buf).map(Packet::CommitToken),
        MessageType::TokenHoldCancel => TokenHoldCancel::decode(buf).map(Packet::TokenHoldCancel),
        MessageType::RingTestActive | MessageType::RingTestActivate => {
            RingTest::decode(buf).map(Packet::RingTest)
        }
    })
}

/// Encodes a decoded packet again (the MCAST payload is not part of it).
fn encode_packet(p: &Packet) -> Vec<u8> {
    let mut out = Vec::new();
    match p {
        Packet::OrfToken(t) => t.encode(&mut out),
        Packet::Mcast { header, .. } => header.encode(&mut out),
        Packet::MergeDetect(m) => m.encode(&mut out),
        Packet::MembJoin(j) => j.encode(&mut out),
        Packet::CommitToken(c) => c.encode(&mut out),
        Packet::TokenHoldCancel(t) => t.encode(&mut out),
        Packet::RingTest(r) => r.encode(&mut out),
    }
    out
}

/// Forgets what differs legitimately between a native and a foreign
/// decode of the same packet.
fn normalise(p: Packet) -> Packet {
    match p {
        Packet::Mcast {
            header,
            payload_len,
            ..
        } => Packet::Mcast {
            header,
            endian_conversion_required: false,
            payload_len,
        },
        other => other,
    }
}

/// Checks every decoder on one buffer.
pub fn check_packet(buf: &[u8]) {
    let generic = Packet::decode(buf);
    // The generic decoder is the per-type decoder of the type byte.
    match decode_as_type(buf) {
        Some(specific) => assert_eq!(
            generic.as_ref().ok(),
            specific.as_ref().ok(),
            "generic and per-type decoders differ"
        ),
        None => assert!(generic.is_err(), "a packet of unknown type was accepted"),
    }
    // Every per-type decoder refuses a buffer of another type.
    for t in 0..8u8 {
        if buf.first() != Some(&t) && buf.len() > 1 {
            let mut other = buf.to_vec();
            other[0] = t;
            let _ = decode_as_type(&other);
        }
    }
    let Ok(p) = generic else {
        return;
    };
    // Re-encoding gives the same packet.
    let mut again = encode_packet(&p);
    if let Packet::Mcast { payload_len, .. } = &p {
        again.extend(std::iter::repeat_n(0u8, *payload_len));
    }
    assert_eq!(
        Packet::decode(&again).map(normalise),
        Ok(normalise(p.clone())),
        "re-encoded packet decodes differently"
    );
    // A native packet converted to the foreign order decodes the same.
    if !is_foreign_endian(buf) && buf[0] != MessageType::TokenHoldCancel as u8 {
        let foreign = swap::totem_packet_to_foreign(buf);
        assert_eq!(
            Packet::decode(&foreign).map(normalise),
            Ok(normalise(p)),
            "foreign-endian packet decodes differently"
        );
    }
}

/// The packet body: the first byte may force the type byte and the
/// endian detector, the rest is the packet.
pub fn totem_packets(data: &[u8]) {
    let mut inp = Input::new(data);
    let sel = inp.u8();
    let mut buf = inp.rest().to_vec();
    if sel & 1 != 0 && !buf.is_empty() {
        buf[0] = (sel >> 1) % 9;
    }
    if buf.len() >= 4 {
        match (sel >> 5) & 3 {
            1 => buf[2..4].copy_from_slice(&0xff22u16.to_ne_bytes()),
            2 => buf[2..4].copy_from_slice(&0x22ffu16.to_ne_bytes()),
            _ => {}
        }
    }
    check_packet(&buf);
    // Whatever was accepted natively must also be accepted converted.
    if !buf.is_empty() && buf[0] <= 7 && !is_foreign_endian(&buf) {
        check_packet(&swap::totem_packet_to_foreign(&buf));
    }
}

// ---------------------------------------------------------------------------
// the stack

const PORT: u16 = 5405;

fn key() -> Vec<u8> {
    (0..PRIVATE_KEY_LEN).map(|i| (i * 37 + 11) as u8).collect()
}

fn addr(node: usize, iface: usize) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(10, 0, iface as u8, node as u8 + 1))
}

/// The simulated cluster's shape, from the first input byte.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub nodes: usize,
    pub secauth: bool,
    pub rrp: RrpMode,
    pub transport: Transport,
}

impl Shape {
    pub fn from_byte(b: u8) -> Shape {
        Shape {
            secauth: b & 1 != 0,
            nodes: 1 + usize::from((b >> 1) % 3),
            rrp: match (b >> 3) & 3 {
                1 => RrpMode::Passive,
                2 => RrpMode::Active,
                _ => RrpMode::None,
            },
            transport: if b & 0x20 != 0 {
                Transport::Udp
            } else {
                Transport::Udpu
            },
        }
    }

    pub fn to_byte(self) -> u8 {
        u8::from(self.secauth)
            | (((self.nodes as u8).saturating_sub(1) % 3) << 1)
            | (match self.rrp {
                RrpMode::None => 0,
                RrpMode::Passive => 1,
                RrpMode::Active => 2,
            } << 3)
            | if self.transport == Transport::Udp {
                0x20
            } else {
                0
            }
    }

    fn ifaces(&self) -> usize {
        if self.rrp == RrpMode::None { 1 } else { 2 }
    }

    fn config(&self) -> TotemConfig {
        let interfaces = (0..self.ifaces())
            .map(|i| InterfaceConfig {
                ringnumber: i as u8,
                bindnetaddr: addr(0, i),
                mcastaddr: Some(IpAddr::V4(Ipv4Addr::new(239, 192, i as u8, 1))),
                mcastport: PORT,
                ttl: 1,
                members: (0..self.nodes).map(|n| addr(n, i)).collect(),
            })
            .collect();
        let mut c = TotemConfig::with_interfaces(interfaces);
        c.transport = self.transport;
        c.rrp_mode = self.rrp;
        c.secauth = self.secauth;
        c.private_key = if self.secauth { key() } else { Vec::new() };
        c
    }
}

/// What a run reached.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reached {
    pub regular_confchgs: usize,
    pub full_rings: usize,
    pub deliveries: usize,
    pub datagrams: usize,
    pub forged: usize,
}

struct Node {
    totem: Totem,
    last_seq: u64,
    members: Vec<NodeId>,
}

struct Cluster {
    shape: Shape,
    nodes: Vec<Node>,
    /// (to, iface, from address, payload)
    queue: VecDeque<(usize, usize, SocketAddr, Vec<u8>)>,
    now: Time,
    /// The attacker's own secauth instance (it knows the key).
    attacker: SecAuth,
    reached: Reached,
}

const MAX_QUEUE: usize = 512;

impl Cluster {
    fn new(shape: Shape) -> Cluster {
        let nodes = (0..shape.nodes)
            .map(|n| {
                let bound: Vec<IpAddr> = (0..shape.ifaces()).map(|i| addr(n, i)).collect();
                let config = shape.config();
                let totem = Totem::new(&config, &bound, 0, n as u64 + 1, Time::ZERO)
                    .expect("the simulated configuration is valid");
                Node {
                    totem,
                    last_seq: 0,
                    members: Vec::new(),
                }
            })
            .collect();
        let mut c = Cluster {
            shape,
            nodes,
            queue: VecDeque::new(),
            now: Time::ZERO,
            attacker: SecAuth::new(&key(), CryptoType::Sober, CryptoAccept::Old, 99),
            reached: Reached::default(),
        };
        for n in &mut c.nodes {
            n.totem.join(&[b"a"]);
        }
        c.settle();
        c
    }

    fn node_of(&self, ip: IpAddr) -> Option<usize> {
        (0..self.nodes.len()).find(|&n| (0..self.shape.ifaces()).any(|i| addr(n, i) == ip))
    }

    /// Collects transmits and events of every node and checks them.
    fn settle(&mut self) {
        for i in 0..self.nodes.len() {
            while let Some(tx) = self.nodes[i].totem.poll_transmit() {
                assert!(
                    tx.payload.len() <= FRAME_SIZE_MAX,
                    "datagram of {} bytes",
                    tx.payload.len()
                );
                assert!(
                    tx.iface < self.shape.ifaces(),
                    "datagram on iface {}",
                    tx.iface
                );
                self.reached.datagrams += 1;
                let targets: Vec<usize> = match &tx.dest {
                    Dest::Multicast(_) => (0..self.nodes.len()).filter(|&j| j != i).collect(),
                    Dest::Unicast(a) => self.node_of(a.ip()).into_iter().collect(),
                    Dest::Members(list) => {
                        list.iter().filter_map(|a| self.node_of(a.ip())).collect()
                    }
                };
                let from = SocketAddr::new(addr(i, tx.iface), PORT);
                for j in targets {
                    self.queue
                        .push_back((j, tx.iface, from, tx.payload.clone()));
                }
                self.nodes[i].totem.recycle(tx.payload);
            }
            while self.queue.len() > MAX_QUEUE {
                self.queue.pop_front();
            }
            let mut regular = false;
            while let Some(ev) = self.nodes[i].totem.poll_event() {
                match ev {
                    Event::Deliver { data, .. } => {
                        self.reached.deliveries += 1;
                        self.nodes[i].totem.recycle(data);
                    }
                    Event::ConfChg(cc) => {
                        check_confchg(&cc.members, &cc.left, &cc.joined);
                        if cc.kind == ConfigurationType::Regular {
                            regular = true;
                            self.reached.regular_confchgs += 1;
                            if cc.members.len() == self.nodes.len() {
                                self.reached.full_rings += 1;
                            }
                            self.nodes[i].members = cc.members.clone();
                        }
                    }
                    Event::StoreRingSeq(seq) => {
                        assert!(
                            seq >= self.nodes[i].last_seq,
                            "ring sequence went back from {} to {seq}",
                            self.nodes[i].last_seq
                        );
                        self.nodes[i].last_seq = seq;
                    }
                    Event::TokenCallback(_) | Event::Log { .. } => {}
                }
            }
            if regular {
                // No sync layer here: release the queue at once.
                self.nodes[i].totem.trans_ack();
            }
        }
    }

    fn advance(&mut self, ms: u64) {
        self.now = self.now.plus_micros(ms * 1000 + 1);
        for _ in 0..8 {
            let mut any = false;
            for n in &mut self.nodes {
                if n.totem.poll_timeout().is_some_and(|t| t <= self.now) {
                    n.totem.handle_timeout(self.now);
                    any = true;
                }
            }
            self.settle();
            if !any {
                break;
            }
        }
    }

    fn receive(&mut self, to: usize, iface: usize, from: SocketAddr, payload: &[u8]) {
        let now = self.now;
        self.nodes[to]
            .totem
            .handle_datagram(now, iface, from, payload);
        self.settle();
    }

    fn deliver_next(&mut self) {
        if let Some((to, iface, from, p)) = self.queue.pop_front() {
            self.receive(to, iface, from, &p);
        }
    }

    /// The plain totem message of a datagram (the attacker knows the key).
    fn open(&self, payload: &[u8]) -> Option<Vec<u8>> {
        if !self.shape.secauth {
            return Some(payload.to_vec());
        }
        let mut b = payload.to_vec();
        self.attacker.decrypt_in_place(&mut b).ok()?;
        // the trailing crypto type byte stays with the original too
        b.pop();
        Some(b.split_off(totem::crypto::SECURITY_HEADER_LEN))
    }

    fn seal(&mut self, plain: &[u8], authentic: bool) -> Vec<u8> {
        if !self.shape.secauth || !authentic {
            return plain.to_vec();
        }
        let mut out = Vec::new();
        self.attacker.encrypt(plain, &mut out);
        out
    }

    fn step(&mut self, inp: &mut Input<'_>) {
        match inp.u8() % 12 {
            0 => {
                let ms = u64::from(inp.u8()) * 4;
                self.advance(ms);
            }
            1..=3 => {
                for _ in 0..1 + inp.u8() % 16 {
                    self.deliver_next();
                }
            }
            4 => {
                self.queue.pop_front();
            }
            5 => {
                if let Some(front) = self.queue.front().cloned() {
                    self.queue.push_back(front);
                    self.deliver_next();
                }
            }
            6 => {
                if let Some(front) = self.queue.pop_front() {
                    self.queue.push_back(front);
                }
            }
            7 => {
                // mutate the next datagram's plaintext, then deliver it
                let Some((to, iface, from, p)) = self.queue.pop_front() else {
                    return;
                };
                let Some(mut plain) = self.open(&p) else {
                    return;
                };
                for _ in 0..1 + inp.u8() % 4 {
                    let off = inp.u16() as usize;
                    let v = inp.u8();
                    if !plain.is_empty() {
                        let at = off % plain.len();
                        plain[at] = v;
                    }
                }
                match inp.u8() % 4 {
                    0 => {
                        let n = inp.u16() as usize;
                        plain.truncate(n % (plain.len() + 1));
                    }
                    1 => plain.extend_from_slice(inp.blob(64)),
                    _ => {}
                }
                self.reached.forged += 1;
                let sealed = self.seal(&plain, true);
                self.receive(to, iface, from, &sealed);
            }
            8 => {
                // the next datagram in the foreign byte order
                let Some((to, iface, from, p)) = self.queue.pop_front() else {
                    return;
                };
                let Some(plain) = self.open(&p) else {
                    return;
                };
                let foreign = swap::totem_packet_to_foreign(&plain);
                let sealed = self.seal(&foreign, true);
                self.reached.forged += 1;
                self.receive(to, iface, from, &sealed);
            }
            9 => self.forge(inp),
            10 => {
                let n = inp.below(self.nodes.len());
                let payload = inp.blob(1200).to_vec();
                let now = self.now;
                let _ = self.nodes[n]
                    .totem
                    .mcast(now, &[b"a"], &[&payload], Guarantee::Agreed);
                self.settle();
            }
            _ => {
                // raw bytes, authenticated or not
                let to = inp.below(self.nodes.len());
                let iface = inp.below(self.shape.ifaces() + 1);
                let authentic = inp.bool();
                let raw = inp.blob(1500).to_vec();
                let sealed = self.seal(&raw, authentic);
                self.reached.forged += 1;
                let from = SocketAddr::new(IpAddr::V4(Ipv4Addr::new(10, 9, 9, 9)), PORT);
                self.receive(to, iface, from, &sealed);
            }
        }
    }

    /// A packet of any type built from fields the input chooses, around
    /// the victim's current ring id and the members' addresses.
    fn forge(&mut self, inp: &mut Input<'_>) {
        let to = inp.below(self.nodes.len());
        let iface = inp.below(self.shape.ifaces());
        let kind = inp.u8();
        let foreign = inp.bool();
        let victim_ring = self.nodes[to].totem.ring_id();
        let ids: Vec<SrpAddr> = self.nodes.iter().map(|n| n.totem.my_id()).collect();
        let pick_addr = |inp: &mut Input<'_>| -> SrpAddr {
            let s = inp.u8();
            if usize::from(s) < ids.len() * 32 {
                ids[usize::from(s) % ids.len()]
            } else {
                let mut a = SrpAddr::default();
                a.addr[0] = totem::TotemIpAddress::from_ip(
                    IpAddr::V4(Ipv4Addr::new(10, 0, 0, s)),
                    NodeId(u32::from(s)),
                );
                a
            }
        };
        let sender = pick_addr(inp);
        let ring = {
            let d = inp.u8();
            let mut r = victim_ring;
            match d % 4 {
                0 => {}
                1 => r.seq = r.seq.wrapping_add(u64::from(d >> 2)),
                2 => r.seq = u64::from(inp.u32()) << 2,
                _ => r = RingId::default(),
            }
            r
        };
        let header = |t: MessageType, enc: u8| MessageHeader::new(t, enc, sender.nodeid());
        let mut out = Vec::new();
        match kind % 8 {
            0 => {
                let mut t = OrfToken::default();
                t.header = header(MessageType::OrfToken, 0);
                t.seq = inp.interesting_u32();
                t.token_seq = inp.interesting_u32();
                t.aru = inp.interesting_u32();
                t.aru_addr = NodeId(inp.u32());
                t.ring_id = ring;
                t.backlog = inp.interesting_u32();
                t.fcc = inp.interesting_u32();
                t.retrans_flg = i32::from(inp.bool());
                for _ in 0..inp.u8() % 31 {
                    t.rtr_push(RtrItem {
                        ring_id: ring,
                        seq: inp.interesting_u32(),
                    });
                }
                t.encode(&mut out);
            }
            1 => {
                McastHeader {
                    header: header(MessageType::Mcast, 1 + u8::from(inp.bool())),
                    system_from: sender,
                    seq: inp.interesting_u32(),
                    this_seqno: inp.interesting_u32() as i32,
                    ring_id: ring,
                    node_id: sender.nodeid().0,
                    guarantee: 0,
                }
                .encode(&mut out);
                // a totempg frame: whatever the input says
                out.extend_from_slice(inp.blob(1200));
            }
            2 => MergeDetect {
                header: header(MessageType::MembMergeDetect, 0),
                system_from: sender,
                ring_id: ring,
            }
            .encode(&mut out),
            3 => {
                let procs = (0..inp.u8() % 6).map(|_| pick_addr(inp)).collect();
                let failed = (0..inp.u8() % 4).map(|_| pick_addr(inp)).collect();
                MembJoin {
                    header: header(MessageType::MembJoin, 0),
                    system_from: sender,
                    ring_seq: ring.seq,
                    proc_list: procs,
                    failed_list: failed,
                }
                .encode(&mut out);
            }
            4 => {
                let n = 1 + usize::from(inp.u8() % 4);
                let addr: Vec<SrpAddr> = (0..n).map(|_| pick_addr(inp)).collect();
                let memb_list = (0..n)
                    .map(|_| CommitMembEntry {
                        ring_id: ring,
                        aru: inp.interesting_u32(),
                        high_delivered: inp.interesting_u32(),
                        received_flg: u32::from(inp.bool()),
                    })
                    .collect();
                CommitToken {
                    header: header(MessageType::MembCommitToken, 0),
                    token_seq: inp.interesting_u32(),
                    ring_id: ring,
                    retrans_flg: u32::from(inp.bool()),
                    memb_index: i32::from(inp.u8()) % (n as i32 + 1),
                    addr,
                    memb_list,
                }
                .encode(&mut out);
            }
            5 => TokenHoldCancel {
                header: header(MessageType::TokenHoldCancel, 0),
                ring_id: ring,
            }
            .encode(&mut out),
            6 | 7 => {
                let t = if kind % 8 == 6 {
                    MessageType::RingTestActive
                } else {
                    MessageType::RingTestActivate
                };
                RingTest::new(t, inp.u8() as i8 as i32, NodeId(inp.u32())).encode(&mut out);
            }
            _ => unreachable!(),
        }
        let plain = if foreign {
            swap::totem_packet_to_foreign(&out)
        } else {
            out
        };
        let sealed = self.seal(&plain, true);
        self.reached.forged += 1;
        let from = SocketAddr::new(addr(to, iface), PORT);
        self.receive(to, iface, from, &sealed);
    }
}

fn check_confchg(members: &[NodeId], left: &[NodeId], joined: &[NodeId]) {
    let mut sorted = members.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), members.len(), "duplicate members {members:?}");
    for j in joined {
        assert!(
            members.contains(j),
            "joined {j:?} not among members {members:?}"
        );
    }
    for l in left {
        assert!(
            !members.contains(l),
            "left {l:?} still among members {members:?}"
        );
    }
}

/// Runs a script; returns what it reached.
pub fn run(data: &[u8]) -> Reached {
    let mut inp = Input::new(data);
    let shape = Shape::from_byte(inp.u8());
    let mut c = Cluster::new(shape);
    let mut steps = 0;
    while !inp.is_empty() && steps < 600 {
        c.step(&mut inp);
        steps += 1;
    }
    c.reached
}

/// Runs an honest cluster (no attacker) for `ms` of virtual time in 5 ms
/// ticks, delivering everything; for tests of the harness itself.
pub fn run_honest(shape: Shape, ms: u64, messages: usize) -> Reached {
    let mut c = Cluster::new(shape);
    let mut sent = 0;
    for tick in 0..ms / 5 {
        c.advance(5);
        while !c.queue.is_empty() {
            c.deliver_next();
        }
        if tick > ms / 10 && sent < messages {
            let n = sent % c.nodes.len();
            let now = c.now;
            if c.nodes[n]
                .totem
                .mcast(now, &[b"a"], &[b"hello"], Guarantee::Agreed)
                .is_ok()
            {
                sent += 1;
            }
            c.settle();
        }
    }
    c.reached
}

/// The engine body.
pub fn totem_engine(data: &[u8]) {
    run(data);
}
