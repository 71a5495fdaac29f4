//! Deterministic simulation of several Totem nodes on a simulated network
//! in virtual time, with seeded loss, duplication, reordering, partitions,
//! crashes and restarts, plus checkers for the virtual synchrony
//! properties.

#![allow(dead_code)]

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use totem::config::{InterfaceConfig, RrpMode, TotemConfig, Transport};
use totem::{ConfigurationType, Dest, Event, Guarantee, NodeId, RingId, Time, Totem};

/// A small deterministic generator for the simulation's own choices.
#[derive(Clone, Debug)]
pub struct SimRng(u64);

impl SimRng {
    pub fn new(seed: u64) -> SimRng {
        SimRng(seed ^ 0x5851_f42d_4c95_7f2d)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    /// True with probability `p` (parts per million).
    pub fn chance(&mut self, ppm: u64) -> bool {
        self.below(1_000_000) < ppm
    }
}

/// Network behaviour.
#[derive(Clone, Debug)]
pub struct NetParams {
    /// Base one-way latency, microseconds.
    pub latency_us: u64,
    /// Extra random delay (reordering), microseconds.
    pub jitter_us: u64,
    /// Loss probability, ppm.
    pub loss_ppm: u64,
    /// Duplication probability, ppm.
    pub dup_ppm: u64,
    /// Datagrams a node can have queued (its socket buffer): more are
    /// dropped, which is what damps storms on a real network.
    pub rx_queue_limit: usize,
}

impl Default for NetParams {
    fn default() -> NetParams {
        NetParams {
            latency_us: 100,
            jitter_us: 0,
            loss_ppm: 0,
            dup_ppm: 0,
            rx_queue_limit: 256,
        }
    }
}

/// A message the test application sent: (sender index, incarnation,
/// counter).
pub type MsgId = (usize, u32, u64);

/// What one node observed, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Obs {
    Deliver {
        from: NodeId,
        id: MsgId,
    },
    /// A delivered message whose payload is not one the application sent.
    Corrupt {
        from: NodeId,
        at: Time,
    },
    ConfChg {
        kind: ConfigurationType,
        members: Vec<NodeId>,
        left: Vec<NodeId>,
        joined: Vec<NodeId>,
        ring_id: RingId,
    },
}

pub struct SimNode {
    pub ip: IpAddr,
    /// The address on the second ring (redundant ring configurations).
    pub ip2: IpAddr,
    pub totem: Option<Totem>,
    pub incarnation: u32,
    pub stored_seq: u64,
    /// Observations per incarnation.
    pub obs: Vec<Vec<Obs>>,
    /// The totemsrp-level delivery stream per incarnation.
    pub frames: Vec<Vec<totem::DeliveryTrace>>,
    pub sent: u64,
    pub sent_ids: Vec<(MsgId, Time)>,
    pub group: Option<totem::GroupHandle>,
    pub pending_trans_ack: Option<Time>,
    pub msgs_per_tick: u64,
    pub next_send: Time,
    pub logs: Vec<String>,
    /// Sync emulation: ring seq and members of the configuration being
    /// synchronised, and the members whose barrier arrived.
    pub sync: Option<(u64, Vec<NodeId>, BTreeSet<NodeId>)>,
    pub barrier_to_send: Option<u64>,
}

/// Counter bit marking a sync barrier message (carries the ring seq).
pub const BARRIER: u64 = 1 << 63;

#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct InFlight {
    at: Time,
    seq: u64,
    to: usize,
    iface: usize,
    from: SocketAddr,
    data: Vec<u8>,
}

pub struct Sim {
    pub now: Time,
    pub rng: SimRng,
    pub net: NetParams,
    pub nodes: Vec<SimNode>,
    pub config: TotemConfig,
    flight: BinaryHeap<Reverse<InFlight>>,
    queued_to: Vec<usize>,
    seq: u64,
    /// `blocked[a][b]`: datagrams from a to b are dropped.
    pub blocked: Vec<Vec<bool>>,
    /// Rings (interfaces) whose network is down.
    pub ring_down: Vec<bool>,
    pub trans_ack_delay_us: u64,
    pub send_interval_us: u64,
    pub keep_logs: bool,
    pub payload_pad: usize,
    /// Emulate the executive's sync: after a regular configuration, each
    /// node multicasts a barrier and calls trans_ack once it delivered the
    /// barriers of all members; the application only sends outside sync.
    pub sync_mode: bool,
    pub counters: [u64; 4],
}

pub fn node_ip(i: usize) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(10, 0, 0, (i + 1) as u8))
}

/// A node's address on the second ring.
pub fn node_ip2(i: usize) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(10, 0, 1, (i + 1) as u8))
}

/// Two rings (redundant ring protocol in `mode`).
pub fn rrp_config(n: usize, transport: Transport, mode: RrpMode) -> TotemConfig {
    let mut c = base_config(n, transport);
    c.interfaces.push(InterfaceConfig {
        ringnumber: 1,
        bindnetaddr: IpAddr::V4(Ipv4Addr::new(10, 0, 1, 0)),
        mcastaddr: Some(IpAddr::V4(Ipv4Addr::new(239, 192, 0, 2))),
        mcastport: 5407,
        ttl: 1,
        members: (0..n).map(node_ip2).collect(),
    });
    c.rrp_mode = mode;
    c
}

pub fn base_config(n: usize, transport: Transport) -> TotemConfig {
    let members: Vec<IpAddr> = (0..n).map(node_ip).collect();
    let iface = InterfaceConfig {
        ringnumber: 0,
        bindnetaddr: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 0)),
        mcastaddr: Some(IpAddr::V4(Ipv4Addr::new(239, 192, 0, 1))),
        mcastport: 5405,
        ttl: 1,
        members,
    };
    let mut c = TotemConfig::with_interfaces(vec![iface]);
    c.transport = transport;
    c.secauth = false;
    c.rrp_mode = RrpMode::None;
    c
}

impl Sim {
    pub fn new(seed: u64, n: usize, config: TotemConfig, net: NetParams) -> Sim {
        let mut sim = Sim {
            now: Time::from_millis(1),
            rng: SimRng::new(seed),
            net,
            nodes: Vec::new(),
            config,
            flight: BinaryHeap::new(),
            queued_to: vec![0; n],
            seq: 0,
            blocked: vec![vec![false; n]; n],
            ring_down: vec![false; 2],
            trans_ack_delay_us: 0,
            send_interval_us: 0,
            keep_logs: false,
            payload_pad: 0,
            sync_mode: false,
            counters: [0; 4],
        };
        for i in 0..n {
            sim.nodes.push(SimNode {
                ip: node_ip(i),
                ip2: node_ip2(i),
                totem: None,
                incarnation: 0,
                stored_seq: 0,
                obs: Vec::new(),
                frames: Vec::new(),
                sent: 0,
                sent_ids: Vec::new(),
                group: None,
                pending_trans_ack: None,
                msgs_per_tick: 1,
                next_send: Time::ZERO,
                logs: Vec::new(),
                sync: None,
                barrier_to_send: None,
            });
        }
        sim
    }

    pub fn start(&mut self, i: usize) {
        let seed = self.rng.next();
        let node = &mut self.nodes[i];
        let bound = [node.ip, node.ip2];
        let rings = self.config.interfaces.len().clamp(1, 2);
        let mut t = Totem::new(
            &self.config,
            &bound[..rings],
            node.stored_seq,
            seed,
            self.now,
        )
        .expect("config");
        t.set_log_level(if self.keep_logs {
            if std::env::var("TOTEM_SIM_TRACE_LOG").is_ok() {
                totem::LogLevel::Trace
            } else {
                totem::LogLevel::Debug
            }
        } else {
            totem::LogLevel::Error
        });
        node.group = Some(t.join(&[b"a"]));
        t.enable_delivery_trace();
        node.totem = Some(t);
        node.incarnation += 1;
        node.obs.push(Vec::new());
        node.frames.push(Vec::new());
        node.sent = 0;
        node.pending_trans_ack = None;
        node.sync = None;
        node.barrier_to_send = None;
        self.drain(i);
    }

    pub fn start_all(&mut self) {
        for i in 0..self.nodes.len() {
            self.start(i);
        }
    }

    /// Hands node `to` a datagram from an outsider right now.
    pub fn inject(&mut self, to: usize, iface: usize, data: &[u8]) {
        let now = self.now;
        if let Some(t) = self.nodes[to].totem.as_mut() {
            let from = SocketAddr::new(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 99)), 5404);
            t.handle_datagram(now, iface, from, data);
        }
        self.drain(to);
    }

    /// Crash: the node disappears without a word.
    pub fn crash(&mut self, i: usize) {
        self.nodes[i].totem = None;
    }

    /// Orderly shutdown.
    pub fn shutdown(&mut self, i: usize) {
        if let Some(t) = self.nodes[i].totem.as_mut() {
            t.leave(self.now);
        }
        self.drain(i);
        self.nodes[i].totem = None;
    }

    pub fn is_up(&self, i: usize) -> bool {
        self.nodes[i].totem.is_some()
    }

    pub fn partition(&mut self, groups: &[Vec<usize>]) {
        let n = self.nodes.len();
        for a in 0..n {
            for b in 0..n {
                let same = groups.iter().any(|g| g.contains(&a) && g.contains(&b));
                self.blocked[a][b] = !same;
            }
        }
    }

    pub fn heal(&mut self) {
        for row in self.blocked.iter_mut() {
            for x in row.iter_mut() {
                *x = false;
            }
        }
    }

    fn node_of(&self, ip: IpAddr) -> Option<usize> {
        self.nodes.iter().position(|n| n.ip == ip || n.ip2 == ip)
    }

    fn send_to(&mut self, from: usize, to: usize, iface: usize, data: &[u8]) {
        if self.blocked[from][to] || self.ring_down.get(iface).copied().unwrap_or(false) {
            return;
        }
        if self.rng.chance(self.net.loss_ppm) {
            return;
        }
        let copies = if self.rng.chance(self.net.dup_ppm) {
            2
        } else {
            1
        };
        for _ in 0..copies {
            if self.queued_to[to] >= self.net.rx_queue_limit {
                return;
            }
            self.queued_to[to] += 1;
            let delay = self.net.latency_us + self.rng.below(self.net.jitter_us + 1);
            self.seq += 1;
            self.flight.push(Reverse(InFlight {
                at: self.now.plus_micros(delay),
                seq: self.seq,
                to,
                iface,
                from: SocketAddr::new(self.nodes[from].ip, 5404),
                data: data.to_vec(),
            }));
        }
    }

    /// Moves a node's transmits into the network and records its events.
    pub fn drain(&mut self, i: usize) {
        loop {
            let Some(t) = self.nodes[i].totem.as_mut() else {
                return;
            };
            let Some(tx) = t.poll_transmit() else { break };
            let targets: Vec<usize> = match &tx.dest {
                Dest::Multicast(_) => (0..self.nodes.len()).filter(|&j| j != i).collect(),
                Dest::Unicast(a) => self.node_of(a.ip()).into_iter().collect(),
                Dest::Members(list) => list.iter().filter_map(|a| self.node_of(a.ip())).collect(),
            };
            for j in targets {
                assert_ne!(j, i, "a node sent a datagram to itself");
                self.send_to(i, j, tx.iface, &tx.payload);
            }
            if let Some(t) = self.nodes[i].totem.as_mut() {
                t.recycle(tx.payload);
            }
        }
        loop {
            let now = self.now;
            let delay = self.trans_ack_delay_us;
            let keep_logs = self.keep_logs;
            let sync_mode = self.sync_mode;
            let node = &mut self.nodes[i];
            let Some(t) = node.totem.as_mut() else { return };
            let Some(ev) = t.poll_event() else { break };
            let obs = node.obs.last_mut().expect("started");
            match ev {
                Event::Deliver { nodeid, data, .. } => {
                    let Some(id) = decode_payload(&data) else {
                        if keep_logs && std::env::var("TOTEM_SIM_LIVE_LOG").is_ok() {
                            eprintln!("{now:?} n{i} CORRUPT from {}", nodeid.0 >> 24);
                        }
                        obs.push(Obs::Corrupt {
                            from: nodeid,
                            at: now,
                        });
                        t.recycle(data);
                        continue;
                    };
                    if keep_logs && std::env::var("TOTEM_SIM_LIVE_LOG").is_ok() {
                        eprintln!("{now:?} n{i} DELIVER from {} {:?}", nodeid.0 >> 24, id);
                    }
                    obs.push(Obs::Deliver { from: nodeid, id });
                    t.recycle(data);
                    if id.2 & BARRIER != 0
                        && let Some((seq, members, got)) = node.sync.as_mut()
                        && *seq == id.2 & !BARRIER
                    {
                        got.insert(nodeid);
                        if members.iter().all(|m| got.contains(m)) {
                            node.sync = None;
                            // Like the sync engine: acknowledge from
                            // inside the delivery, before the next.
                            t.trans_ack();
                        }
                    }
                }
                Event::ConfChg(cc) => {
                    if keep_logs && std::env::var("TOTEM_SIM_LIVE_LOG").is_ok() {
                        eprintln!(
                            "{now:?} n{i} CONFCHG {:?} ring {} members {:?} left {:?} joined {:?}",
                            cc.kind,
                            cc.ring_id.seq,
                            cc.members.iter().map(|m| m.0 >> 24).collect::<Vec<_>>(),
                            cc.left.iter().map(|m| m.0 >> 24).collect::<Vec<_>>(),
                            cc.joined.iter().map(|m| m.0 >> 24).collect::<Vec<_>>()
                        );
                    }
                    if cc.kind == ConfigurationType::Regular {
                        if sync_mode {
                            node.sync = Some((cc.ring_id.seq, cc.members.clone(), BTreeSet::new()));
                            node.barrier_to_send = Some(cc.ring_id.seq);
                            node.pending_trans_ack = None;
                        } else {
                            node.pending_trans_ack = Some(now.plus_micros(delay));
                        }
                    }
                    obs.push(Obs::ConfChg {
                        kind: cc.kind,
                        members: cc.members,
                        left: cc.left,
                        joined: cc.joined,
                        ring_id: cc.ring_id,
                    });
                }
                Event::StoreRingSeq(s) => node.stored_seq = s,
                Event::TokenCallback(_) => {}
                Event::Log { level, text } => {
                    if keep_logs {
                        if std::env::var("TOTEM_SIM_LIVE_LOG").is_ok() {
                            eprintln!("{now:?} n{i} {level} {text}");
                        } else {
                            node.logs.push(format!("{now:?} {level} {text}"));
                        }
                    }
                }
            }
        }
        {
            let node = &mut self.nodes[i];
            if let Some(t) = node.totem.as_mut() {
                let tr = t.take_delivery_trace();
                node.frames.last_mut().expect("started").extend(tr);
            }
        }
        if let Some(seq) = self.nodes[i].barrier_to_send {
            let node = &mut self.nodes[i];
            let id = (i, node.incarnation, BARRIER | seq);
            let payload = encode_payload(id, 0);
            let now = self.now;
            if let Some(t) = node.totem.as_mut()
                && t.mcast(now, &[b"a"], &[&payload], Guarantee::Agreed)
                    .is_ok()
            {
                node.barrier_to_send = None;
                self.drain(i);
            }
        }
    }

    /// The next instant anything happens.
    fn next_time(&self) -> Option<Time> {
        let mut t = self.flight.peek().map(|Reverse(f)| f.at);
        for n in &self.nodes {
            if let Some(tt) = n.totem.as_ref().and_then(|t| t.poll_timeout()) {
                t = Some(t.map_or(tt, |x: Time| x.min(tt)));
            }
            if n.totem.is_some() {
                if let Some(a) = n.pending_trans_ack {
                    t = Some(t.map_or(a, |x: Time| x.min(a)));
                }
                if n.barrier_to_send.is_some() {
                    let a = self.now.plus_millis(1);
                    t = Some(t.map_or(a, |x: Time| x.min(a)));
                }
                if self.send_interval_us > 0 {
                    let s = n.next_send;
                    t = Some(t.map_or(s, |x: Time| x.min(s)));
                }
            }
        }
        t
    }

    /// Runs until `until`.
    pub fn run_until(&mut self, until: Time) {
        let mut steps_at_now = 0u64;
        while let Some(t) = self.next_time() {
            if t > until {
                break;
            }
            if t > self.now {
                self.now = t;
                steps_at_now = 0;
            }
            steps_at_now += 1;
            if steps_at_now > 100_000 {
                let states: Vec<String> = self
                    .nodes
                    .iter()
                    .map(|n| match &n.totem {
                        Some(t) => format!(
                            "{:?} {:?} to={:?} pending={}",
                            t.state(),
                            t.ring_id(),
                            t.poll_timeout(),
                            t.pending_bytes()
                        ),
                        None => "down".into(),
                    })
                    .collect();
                panic!(
                    "livelock at {:?}: {} in flight, nodes {states:#?}",
                    self.now,
                    self.flight.len()
                );
            }
            self.step();
        }
        if self.now < until {
            self.now = until;
        }
    }

    pub fn run_for_ms(&mut self, ms: u64) {
        let until = self.now.plus_millis(ms);
        if std::env::var("TOTEM_SIM_TRACE").is_ok() {
            let step_us: u64 = std::env::var("TOTEM_SIM_TRACE")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(100_000);
            while self.now < until {
                let step = self.now.plus_micros(step_us).min(until);
                self.run_until(step);
                eprintln!("{:?} {}", self.now, self.describe());
            }
        } else {
            self.run_until(until);
        }
    }

    fn step(&mut self) {
        self.counters[2] += 1;
        let now = self.now;
        // Datagrams due now.
        while self.flight.peek().is_some_and(|Reverse(f)| f.at <= now) {
            let Reverse(f) = self.flight.pop().expect("peeked");
            self.queued_to[f.to] -= 1;
            self.counters[0] += 1;
            if let Some(t) = self.nodes[f.to].totem.as_mut() {
                t.handle_datagram(now, f.iface, f.from, &f.data);
                self.drain(f.to);
            }
        }
        for i in 0..self.nodes.len() {
            let Some(t) = self.nodes[i].totem.as_mut() else {
                continue;
            };
            if t.poll_timeout().is_some_and(|d| d <= now) {
                self.counters[1] += 1;
                t.handle_timeout(now);
                self.drain(i);
            }
            if self.nodes[i].pending_trans_ack.is_some_and(|a| a <= now) {
                self.nodes[i].pending_trans_ack = None;
                if let Some(t) = self.nodes[i].totem.as_mut() {
                    t.trans_ack();
                }
                self.drain(i);
            }
            if self.nodes[i].barrier_to_send.is_some() {
                self.drain(i);
            }
            if self.send_interval_us > 0 && self.nodes[i].next_send <= now {
                self.nodes[i].next_send = now.plus_micros(self.send_interval_us);
                for _ in 0..self.nodes[i].msgs_per_tick {
                    self.app_send(i);
                }
            }
        }
    }

    /// The test application multicasts one message (if the queue has room).
    pub fn app_send(&mut self, i: usize) -> bool {
        let now = self.now;
        let pad = self.payload_pad;
        let node = &mut self.nodes[i];
        let Some(t) = node.totem.as_mut() else {
            return false;
        };
        if self.sync_mode && t.waiting_trans_ack() {
            return false;
        }
        let id = (i, node.incarnation, node.sent);
        let payload = encode_payload(id, pad);
        let ok = t
            .mcast(now, &[b"a"], &[&payload], Guarantee::Agreed)
            .is_ok();
        if ok {
            node.sent += 1;
            node.sent_ids.push((id, now));
        }
        self.drain(i);
        ok
    }

    /// Node indexes that are up.
    pub fn up_nodes(&self) -> Vec<usize> {
        (0..self.nodes.len()).filter(|&i| self.is_up(i)).collect()
    }

    /// Do all up nodes share one operational ring containing all of them?
    /// Runs until no node has messages waiting to be sent or delivered
    /// (at most `max_ms`); true when drained.
    pub fn run_until_drained(&mut self, max_ms: u64) -> bool {
        let mut waited = 0;
        loop {
            let busy = self.up_nodes().iter().any(|&i| {
                let t = self.nodes[i].totem.as_ref().expect("up");
                let (aru, delivered, high) = t.sequence_state();
                t.queued_messages() > 0 || t.pending_bytes() > 0 || aru != high || delivered != high
            });
            if !busy {
                return true;
            }
            if waited >= max_ms {
                if self.keep_logs {
                    for &i in &self.up_nodes() {
                        let t = self.nodes[i].totem.as_ref().expect("up");
                        eprintln!(
                            "node {i}: queued {} pending {} seq {:?} state {:?} avail {} waiting {} sync {:?}",
                            t.queued_messages(),
                            t.pending_bytes(),
                            t.sequence_state(),
                            t.state(),
                            t.avail(),
                            t.waiting_trans_ack(),
                            self.nodes[i].sync
                        );
                    }
                }
                return false;
            }
            self.run_for_ms(100);
            waited += 100;
        }
    }

    pub fn converged(&self) -> bool {
        let up = self.up_nodes();
        if up.is_empty() {
            return true;
        }
        let rid = self.nodes[up[0]].totem.as_ref().expect("up").ring_id();
        let mut ids: Vec<NodeId> = up
            .iter()
            .map(|&i| self.nodes[i].totem.as_ref().expect("up").my_nodeid())
            .collect();
        ids.sort();
        up.iter().all(|&i| {
            let t = self.nodes[i].totem.as_ref().expect("up");
            let mut m = t.members();
            m.sort();
            t.state() == totem::MembState::Operational && t.ring_id() == rid && m == ids
        })
    }

    pub fn describe(&self) -> String {
        let mut out = format!("{} in flight {:?}; ", self.flight.len(), self.counters);
        for (i, n) in self.nodes.iter().enumerate() {
            match &n.totem {
                Some(t) => out.push_str(&format!(
                    "[{i}: {:?} ring {} members {:?} avail {} gathers {} joins {}/{} lists {:?}/{:?} q {:?} obs {} to {:?} seq {:?}] ",
                    t.state(),
                    t.ring_id().seq,
                    t.members(),
                    t.avail(),
                    t.stats().srp.gather_entered,
                    t.stats().srp.memb_join_tx,
                    t.stats().srp.memb_join_rx,
                    t.gather_lists().0.iter().map(|a| a.nodeid().0 >> 24).collect::<Vec<_>>(),
                    t.gather_lists().1.iter().map(|a| a.nodeid().0 >> 24).collect::<Vec<_>>(),
                    t.queue_lens(),
                    n.obs.iter().map(|o| o.len()).sum::<usize>(),
                    t.timer_deadlines(),
                    t.sequence_state(),
                )),
                None => out.push_str(&format!("[{i}: down] ")),
            }
        }
        out
    }

    pub fn dump_logs(&self) {
        for (i, n) in self.nodes.iter().enumerate() {
            eprintln!("==== node {i} ====");
            for l in &n.logs {
                eprintln!("{l}");
            }
        }
    }
}

pub fn encode_payload(id: MsgId, pad: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(20 + pad);
    v.extend_from_slice(&(id.0 as u32).to_le_bytes());
    v.extend_from_slice(&id.1.to_le_bytes());
    v.extend_from_slice(&id.2.to_le_bytes());
    for k in 0..pad {
        v.push((k as u8) ^ (id.2 as u8));
    }
    v
}

/// The message id of a payload, if it is one the application built.
pub fn decode_payload(d: &[u8]) -> Option<MsgId> {
    if d.len() < 16 {
        return None;
    }
    let s = u32::from_le_bytes(d[0..4].try_into().ok()?) as usize;
    let inc = u32::from_le_bytes(d[4..8].try_into().ok()?);
    let c = u64::from_le_bytes(d[8..16].try_into().ok()?);
    for (k, b) in d[16..].iter().enumerate() {
        if *b != (k as u8) ^ (c as u8) {
            return None;
        }
    }
    if s >= 64 {
        return None;
    }
    Some((s, inc, c))
}

/// A configuration as one node saw it: regular or transitional, ring id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConfKey {
    pub transitional: bool,
    pub ring: (u64, [u8; 30]),
}

/// Something delivered: an application message (sender index,
/// incarnation, counter) or a totemsrp frame (node id, digest, 0).
pub type ItemId = (u64, u64, u64);

/// One step of a delivery stream.
#[derive(Clone, Debug)]
pub enum Step {
    Item(ItemId),
    Conf { key: ConfKey, members: Vec<NodeId> },
}

fn key(kind: ConfigurationType, ring_id: &RingId) -> ConfKey {
    ConfKey {
        transitional: kind == ConfigurationType::Transitional,
        ring: (ring_id.seq, ring_id.to_bytes()),
    }
}

/// The application-level stream of one incarnation (corrupt payloads are
/// left out; they are counted separately).
pub fn message_steps(obs: &[Obs]) -> Vec<Step> {
    obs.iter()
        .filter_map(|o| match o {
            Obs::Deliver { id, .. } => Some(Step::Item((id.0 as u64, u64::from(id.1), id.2))),
            Obs::Corrupt { .. } => None,
            Obs::ConfChg {
                kind,
                members,
                ring_id,
                ..
            } => Some(Step::Conf {
                key: key(*kind, ring_id),
                members: members.clone(),
            }),
        })
        .collect()
}

/// The totemsrp-level stream of one incarnation.
pub fn frame_steps(frames: &[totem::DeliveryTrace]) -> Vec<Step> {
    frames
        .iter()
        .filter_map(|f| match f {
            totem::DeliveryTrace::Frame {
                nodeid,
                ring_seq,
                rep,
                seq,
                digest: _,
            } => Some(Step::Item((
                u64::from(nodeid.0),
                (*ring_seq << 32) | u64::from(rep.0 >> 24),
                u64::from(*seq),
            ))),
            totem::DeliveryTrace::Config {
                kind,
                members,
                ring_id,
            } => Some(Step::Conf {
                key: key(*kind, ring_id),
                members: members.clone(),
            }),
            totem::DeliveryTrace::IncompleteAssembly { .. } => None,
        })
        .collect()
}

/// Deliveries of one incarnation split by configuration.
#[derive(Debug, Default)]
pub struct History {
    pub configs: Vec<(ConfKey, Vec<NodeId>, Vec<ItemId>)>,
}

pub fn history(steps: &[Step]) -> Result<History, String> {
    let mut h = History::default();
    for s in steps {
        match s {
            Step::Conf { key, members } => h.configs.push((*key, members.clone(), Vec::new())),
            Step::Item(id) => match h.configs.last_mut() {
                Some(last) => last.2.push(*id),
                None => return Err(format!("delivery of {id:?} before any configuration")),
            },
        }
    }
    Ok(h)
}

/// Which properties to check.
#[derive(Clone, Copy, Debug)]
pub struct Checks {
    pub total_order: bool,
    pub evs: bool,
}

/// Checks the virtual synchrony properties over labelled streams.
pub fn check_streams(streams: &[(String, Vec<Step>)], checks: Checks) -> Result<(), String> {
    let mut histories = Vec::new();
    for (label, steps) in streams {
        histories.push((
            label.clone(),
            history(steps).map_err(|e| format!("{label}: {e}"))?,
        ));
    }

    // No duplicates.
    for (label, h) in &histories {
        let mut seen = BTreeSet::new();
        for (_, _, items) in &h.configs {
            for m in items {
                if !seen.insert(*m) {
                    return Err(format!("{label}: duplicate delivery of {m:?}"));
                }
            }
        }
    }

    // Ring ids strictly increase (regular configurations).
    for (label, h) in &histories {
        let mut last = None;
        for (k, _, _) in &h.configs {
            if k.transitional {
                continue;
            }
            if let Some(prev) = last
                && k.ring.0 <= prev
            {
                return Err(format!("{label}: ring seq {} after {prev}", k.ring.0));
            }
            last = Some(k.ring.0);
        }
    }

    // Membership agreement: a regular configuration has one member list.
    let mut members_of: BTreeMap<ConfKey, (Vec<NodeId>, String)> = BTreeMap::new();
    for (label, h) in &histories {
        for (k, m, _) in &h.configs {
            if k.transitional {
                continue;
            }
            if let Some((prev, who)) = members_of.get(k) {
                if prev != m {
                    return Err(format!(
                        "ring {}: {who} has members {prev:?}, {label} has {m:?}",
                        k.ring.0
                    ));
                }
            } else {
                members_of.insert(*k, (m.clone(), label.clone()));
            }
        }
    }

    // Total order: what two nodes both delivered in one configuration they
    // delivered in the same relative order.
    if checks.total_order {
        let mut by_conf: BTreeMap<ConfKey, Vec<(&String, &Vec<ItemId>)>> = BTreeMap::new();
        for (label, h) in &histories {
            for (k, _, items) in &h.configs {
                by_conf.entry(*k).or_default().push((label, items));
            }
        }
        for (k, list) in &by_conf {
            for a in 0..list.len() {
                for b in a + 1..list.len() {
                    let sa: BTreeSet<ItemId> = list[a].1.iter().copied().collect();
                    let sb: BTreeSet<ItemId> = list[b].1.iter().copied().collect();
                    let fa: Vec<ItemId> = list[a]
                        .1
                        .iter()
                        .filter(|m| sb.contains(m))
                        .copied()
                        .collect();
                    let fb: Vec<ItemId> = list[b]
                        .1
                        .iter()
                        .filter(|m| sa.contains(m))
                        .copied()
                        .collect();
                    if fa != fb {
                        return Err(format!(
                            "configuration {:?} ring {}: {} and {} disagree on the order",
                            k.transitional, k.ring.0, list[a].0, list[b].0
                        ));
                    }
                }
            }
        }
    }

    // Extended virtual synchrony: two nodes that were in regular
    // configuration C and both install the same next regular configuration
    // delivered the same messages in C and in the transitional
    // configuration between.
    if checks.evs {
        for x in 0..histories.len() {
            for y in x + 1..histories.len() {
                let hx = &histories[x].1;
                let hy = &histories[y].1;
                for (ix, (kx, _, _)) in hx.configs.iter().enumerate() {
                    if kx.transitional {
                        continue;
                    }
                    let Some(iy) = hy.configs.iter().position(|(k, _, _)| k == kx) else {
                        continue;
                    };
                    let next_x = hx.configs[ix + 1..]
                        .iter()
                        .position(|(k, _, _)| !k.transitional);
                    let next_y = hy.configs[iy + 1..]
                        .iter()
                        .position(|(k, _, _)| !k.transitional);
                    let (Some(nx), Some(ny)) = (next_x, next_y) else {
                        continue;
                    };
                    let nx = ix + 1 + nx;
                    let ny = iy + 1 + ny;
                    if hx.configs[nx].0 != hy.configs[ny].0 {
                        continue;
                    }
                    let set = |h: &History, from: usize, to: usize| -> BTreeSet<ItemId> {
                        h.configs[from..to]
                            .iter()
                            .flat_map(|(_, _, m)| m.iter().copied())
                            .collect()
                    };
                    let dx = set(hx, ix, nx);
                    let dy = set(hy, iy, ny);
                    if dx != dy {
                        let only_x: Vec<_> = dx.difference(&dy).take(5).collect();
                        let only_y: Vec<_> = dy.difference(&dx).take(5).collect();
                        return Err(format!(
                            "EVS: {} and {} moved together from ring {} to {} but delivered different sets (only first: {only_x:?}, only second: {only_y:?})",
                            histories[x].0, histories[y].0, kx.ring.0, hx.configs[nx].0.ring.0
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

fn streams(sim: &Sim, frames: bool) -> Vec<(String, Vec<Step>)> {
    let mut out = Vec::new();
    for (i, n) in sim.nodes.iter().enumerate() {
        if frames {
            for (inc, f) in n.frames.iter().enumerate() {
                out.push((format!("node {i}/{}", inc + 1), frame_steps(f)));
            }
        } else {
            for (inc, o) in n.obs.iter().enumerate() {
                out.push((format!("node {i}/{}", inc + 1), message_steps(o)));
            }
        }
    }
    out
}

/// The totemsrp guarantees, checked on the frame stream: no duplicates,
/// increasing ring ids, membership agreement, total order, extended
/// virtual synchrony.
pub fn check_frames(sim: &Sim) -> Result<(), String> {
    // A frame has the same content everywhere.
    let mut content: HashMap<(u32, u64, u32, u32), (u64, usize)> = HashMap::new();
    for (i, n) in sim.nodes.iter().enumerate() {
        for f in n.frames.iter().flatten() {
            if let totem::DeliveryTrace::Frame {
                nodeid,
                ring_seq,
                rep,
                seq,
                digest,
            } = f
            {
                let k = (nodeid.0, *ring_seq, rep.0, *seq);
                if let Some((d, who)) = content.get(&k) {
                    if d != digest {
                        return Err(format!(
                            "frame {k:?} differs between node {who} and node {i}"
                        ));
                    }
                } else {
                    content.insert(k, (*digest, i));
                }
            }
        }
    }
    check_streams(
        &streams(sim, true),
        Checks {
            total_order: true,
            evs: true,
        },
    )
}

/// Application-level checks that totempg keeps whatever happens: sender
/// identity, no duplicates, per-sender FIFO, total order. (Extended virtual
/// synchrony is not kept by the original's reassembly across configuration
/// changes; see [`check_messages_evs`].)
pub fn check_messages(sim: &Sim) -> Result<(), String> {
    for (i, n) in sim.nodes.iter().enumerate() {
        for (inc, obs) in n.obs.iter().enumerate() {
            let mut last: HashMap<(usize, u32), u64> = HashMap::new();
            for o in obs {
                if let Obs::Deliver { from, id } = o {
                    let IpAddr::V4(v4) = sim.nodes.get(id.0).map(|n| n.ip).unwrap_or(node_ip(0))
                    else {
                        unreachable!()
                    };
                    let nid = NodeId(u32::from_le_bytes(v4.octets()));
                    if *from != nid {
                        return Err(format!(
                            "node {i}/{}: message {id:?} attributed to {from}",
                            inc + 1
                        ));
                    }
                    if id.2 & BARRIER == 0
                        && let Some(prev) = last.insert((id.0, id.1), id.2)
                        && prev >= id.2
                    {
                        return Err(format!(
                            "node {i}/{}: {id:?} delivered after counter {prev}",
                            inc + 1
                        ));
                    }
                }
            }
        }
    }
    check_streams(
        &streams(sim, false),
        Checks {
            total_order: true,
            evs: false,
        },
    )
}

/// Extended virtual synchrony at the application level.
pub fn check_messages_evs(sim: &Sim) -> Result<(), String> {
    check_streams(
        &streams(sim, false),
        Checks {
            total_order: false,
            evs: true,
        },
    )
}

/// Whether node `i`'s incarnation `inc` left a partly reassembled message
/// of `from` behind at a switch of totempg's reassembly sets.
pub fn had_incomplete_assembly(sim: &Sim, i: usize, inc: usize, from: NodeId) -> bool {
    sim.nodes[i].frames.get(inc).is_some_and(|t| {
        t.iter().any(
            |f| matches!(f, totem::DeliveryTrace::IncompleteAssembly { nodeid } if *nodeid == from),
        )
    })
}

/// Deliveries of payloads the application never sent, at or after
/// `since`: (node, incarnation, sender).
pub fn corrupt_deliveries(sim: &Sim, since: Time) -> Vec<(usize, usize, NodeId)> {
    let mut out = Vec::new();
    for (i, n) in sim.nodes.iter().enumerate() {
        for (inc, obs) in n.obs.iter().enumerate() {
            for o in obs {
                if let Obs::Corrupt { from, at } = o
                    && *at >= since
                {
                    out.push((i, inc, *from));
                }
            }
        }
    }
    out
}

/// Self delivery: every message node `i` sent at or after `since` in its
/// current incarnation was delivered to it. (Across configuration changes
/// the original's totempg may drop a message whose fragments straddle a
/// gap of the old ring; only a stable period is checked.)
pub fn check_self_delivery(sim: &Sim, i: usize, since: Time) -> Result<(), String> {
    let n = &sim.nodes[i];
    let Some(obs) = n.obs.last() else {
        return Ok(());
    };
    let delivered: BTreeSet<MsgId> = obs
        .iter()
        .filter_map(|o| match o {
            Obs::Deliver { id, .. } => Some(*id),
            _ => None,
        })
        .collect();
    let inc = n.incarnation;
    for (id, _) in n
        .sent_ids
        .iter()
        .filter(|(id, at)| id.1 == inc && *at >= since)
    {
        if !delivered.contains(id) {
            return Err(format!("node {i}: own message {id:?} never delivered"));
        }
    }
    Ok(())
}
