//! [`Totem`]: totempg over totemsrp over the redundant-ring and transport
//! send path, driven by the host.
//!
//! The host owns the sockets and the clock. It feeds every received
//! datagram to [`Totem::handle_datagram`], calls [`Totem::handle_timeout`]
//! when [`Totem::poll_timeout`] says so, and after every call drains
//! [`Totem::poll_transmit`] (datagrams to send) and [`Totem::poll_event`]
//! (deliveries, configuration changes, ring-seq persistence, token
//! callbacks, log records).

use std::collections::VecDeque;
use std::net::{IpAddr, SocketAddr};

use crate::config::{FRAME_SIZE_MAX, INTERFACE_MAX, RrpMode, TotemConfig, Transport};
use crate::crypto::{CryptoError, SecAuth};
use crate::event::{ConfChg, DeliveryTrace, Dest, Event, GroupHandle, Transmit};
use crate::log::{LOG_LEVEL_SECURITY, LogLevel, tlog};
use crate::net::{Net, TokenRoute};
use crate::packet::{
    AF_INET, AF_INET6, MessageType, NodeId, RingId, SrpAddr, TotemIpAddress, derive_nodeid_v4,
    orf_token_seq_raw,
};
use crate::pg::{Pg, PgError, PgStats};
use crate::pool::BufPool;
use crate::rng::Rng;
use crate::rrp::{Rrp, RrpAction, RrpRecv};
use crate::srp::{
    ConfigurationType, MembState, SendQueues, Srp, SrpIo, SrpStats, TokenCallbackId,
    TokenCallbackType,
};
use crate::time::Time;
use crate::timers::{TimerId, Timers};

/// Delivery guarantee requested for a message (`TOTEMPG_AGREED` /
/// `TOTEMPG_SAFE`). Carried in the MCAST header; receivers do not use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Guarantee {
    #[default]
    Agreed = 0,
    Safe = 1,
}

/// Why [`Totem::new`] refused a configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// No `interface {}` section.
    NoInterfaces,
    /// More interfaces than the rrp mode allows (1 for none, 2 otherwise).
    TooManyInterfaces { count: usize, mode: RrpMode },
    /// One bound address is needed per interface.
    BoundAddrCount { expected: usize, got: usize },
    /// Not all bound addresses are of the same IP family.
    FamilyMismatch,
    /// An IPv6 ring requires `nodeid` in the configuration.
    Ipv6RequiresNodeId,
    /// udp needs a multicast address (or `broadcast: yes`).
    NoMulticastAddress { iface: usize },
    /// secauth is on but there is no key.
    MissingKey,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NoInterfaces => f.write_str("No interfaces defined"),
            Error::TooManyInterfaces { count, mode } => write!(
                f,
                "{count} is too many configured interfaces for the rrp_mode setting {mode:?}."
            ),
            Error::BoundAddrCount { expected, got } => {
                write!(f, "expected {expected} bound addresses, got {got}")
            }
            Error::FamilyMismatch => {
                f.write_str("Not all bind address belong to the same IP family")
            }
            Error::Ipv6RequiresNodeId => {
                f.write_str("An IPV6 network requires that a node ID be specified.")
            }
            Error::NoMulticastAddress { iface } => {
                write!(f, "No multicast address specified (interface {iface})")
            }
            Error::MissingKey => f.write_str("secauth is on but no private key was given"),
        }
    }
}

impl std::error::Error for Error {}

/// Counters of the whole stack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stats {
    /// `runtime.totem.pg.mrp.srp.*`.
    pub srp: SrpStats,
    /// `runtime.totem.pg.msg_reserved` and `msg_queue_avail`.
    pub pg: PgStats,
    /// Datagrams dropped because they failed secauth.
    pub rx_auth_failed: u64,
    /// Datagrams dropped because they were too short or too long.
    pub rx_bad_length: u64,
}

/// What totemsrp produced for the host, in order. Frames are unpacked by
/// totempg only when the host consumes them, so that a `trans_ack` the host
/// issues after a delivery takes effect exactly there, as it does when the
/// original's sync engine calls it from inside the delivery callback.
enum Pending {
    Frame {
        nodeid: NodeId,
        data: Vec<u8>,
        endian: bool,
    },
    ConfChg(ConfChg),
    /// `waiting_trans_ack` changes here.
    WaitingTransAck(bool),
    Event(Event),
}

/// Everything totemsrp talks to: totempg, the ring and transport layers,
/// timers, buffers and the host-facing queues.
struct Io {
    now: Time,
    timers: Timers,
    pool: BufPool,
    rng: Rng,
    log_level: LogLevel,
    events: VecDeque<Pending>,
    ready: VecDeque<Event>,
    transmits: VecDeque<Transmit>,
    loopback: VecDeque<(usize, Vec<u8>)>,
    delayed: VecDeque<(Time, Vec<u8>)>,
    pg: Pg,
    rrp: Rrp,
    net: Net,
    rrp_actions: Vec<RrpAction>,
    rrp_token_expired_timeout: u32,
    rrp_problem_count_timeout: u32,
    rrp_autorecovery_check_timeout: u32,
    merge_timeout: u32,
    rx_auth_failed: u64,
    rx_bad_length: u64,
    trace: Option<Vec<DeliveryTrace>>,
}

/// FNV-1a over the part of a totempg frame its header accounts for, to
/// identify frames in the delivery trace. (Received with secauth, a frame
/// keeps the sender's trailing crypto-type byte, as in the original; the
/// local copy has none.)
fn digest(data: &[u8], swap: bool) -> u64 {
    let rd = |off: usize| {
        data.get(off..off + 2).map(|b| {
            let v = u16::from_ne_bytes([b[0], b[1]]);
            usize::from(if swap { v.swap_bytes() } else { v })
        })
    };
    let used = rd(6).and_then(|count| {
        (0..count)
            .map(|i| rd(8 + 2 * i))
            .sum::<Option<usize>>()
            .map(|sum| 8 + 2 * count + sum)
    });
    let data = &data[..used.unwrap_or(data.len()).min(data.len())];
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl Io {
    fn push_transmit(&mut self, iface: usize, dest: Dest, plain: &[u8]) {
        let mut payload = self.pool.take();
        self.net.seal(plain, &mut payload);
        self.transmits.push_back(Transmit {
            iface,
            dest,
            payload,
        });
    }

    fn token_send_on(&mut self, iface: usize, msg: &[u8]) {
        match self.net.token_route(iface) {
            TokenRoute::Local => {
                let copy = self.pool.copy_of(msg);
                self.loopback.push_back((iface, copy));
            }
            TokenRoute::Remote(addr) => self.push_transmit(iface, Dest::Unicast(addr), msg),
            TokenRoute::Unset => {}
        }
    }

    fn flush_send_now(&mut self, msg: &[u8]) {
        let ifaces = self.rrp.mcast_ifaces();
        for iface in ifaces.iter() {
            if let Some(dest) = self.net.mcast_dest(iface, false) {
                self.push_transmit(iface, dest, msg);
            }
            let copy = self.pool.copy_of(msg);
            self.loopback.push_back((iface, copy));
        }
    }

    fn apply_rrp_actions(&mut self, now: Time) -> Vec<Vec<u8>> {
        let mut to_srp = Vec::new();
        let actions = std::mem::take(&mut self.rrp_actions);
        for a in actions {
            match a {
                RrpAction::TokenSendOn(iface, bytes) => self.token_send_on(iface, &bytes),
                RrpAction::DeliverToken(bytes) => to_srp.push(bytes),
                RrpAction::ArmTestRing(i) => self.timers.arm(
                    TimerId::RrpTestRing(i as u8),
                    now.plus_millis(u64::from(self.rrp_autorecovery_check_timeout)),
                ),
                RrpAction::ArmTokenExpired => self.timers.arm(
                    TimerId::RrpTokenExpired,
                    now.plus_millis(u64::from(self.rrp_token_expired_timeout)),
                ),
                RrpAction::CancelTokenExpired => self.timers.cancel(TimerId::RrpTokenExpired),
                RrpAction::ArmProblemDecrementer => self.timers.arm(
                    TimerId::RrpProblemDecrementer,
                    now.plus_millis(u64::from(self.rrp_problem_count_timeout)),
                ),
                RrpAction::CancelProblemDecrementer => {
                    self.timers.cancel(TimerId::RrpProblemDecrementer)
                }
                RrpAction::Log(level, text) => {
                    if level <= self.log_level {
                        self.events
                            .push_back(Pending::Event(Event::Log { level, text }));
                    }
                }
            }
        }
        to_srp
    }
}

impl SrpIo for Io {
    fn log_enabled(&self, level: LogLevel) -> bool {
        level <= self.log_level
    }

    fn log(&mut self, level: LogLevel, text: String) {
        self.events
            .push_back(Pending::Event(Event::Log { level, text }));
    }

    fn timers(&mut self) -> &mut Timers {
        &mut self.timers
    }

    fn pool(&mut self) -> &mut BufPool {
        &mut self.pool
    }

    fn random_below(&mut self, bound: u64) -> u64 {
        self.rng.below(bound)
    }

    fn token_send(&mut self, _now: Time, msg: &[u8]) {
        let ifaces = self.rrp.token_ifaces();
        for iface in ifaces.iter() {
            self.token_send_on(iface, msg);
        }
    }

    fn mcast_flush_send(&mut self, now: Time, msg: &[u8], delay_us: u64) {
        if delay_us > 0 {
            let at = now.plus_micros(delay_us);
            let copy = self.pool.copy_of(msg);
            let pos = self
                .delayed
                .iter()
                .position(|(t, _)| *t > at)
                .unwrap_or(self.delayed.len());
            self.delayed.insert(pos, (at, copy));
        } else {
            self.flush_send_now(msg);
        }
    }

    fn mcast_noflush_send(&mut self, _now: Time, msg: &[u8]) {
        let Some(ifaces) = self.rrp.mcast_noflush_ifaces() else {
            return;
        };
        for iface in ifaces.iter() {
            if let Some(dest) = self.net.mcast_dest(iface, true) {
                self.push_transmit(iface, dest, msg);
            }
            let mut actions = std::mem::take(&mut self.rrp_actions);
            self.rrp.own_mcast_looped(iface, &mut actions);
            self.rrp_actions = actions;
        }
    }

    fn token_target_set(&mut self, iface: usize, target: &TotemIpAddress) {
        self.net.token_target_set(iface, target);
    }

    fn processor_count_set(&mut self, count: usize) {
        self.rrp.processor_count_set(count);
    }

    fn iface_check(&mut self, _now: Time) {}

    fn recovery_ring(&mut self, members: Option<&[SrpAddr]>) {
        let ifaces = if self.rrp.mode() == RrpMode::None {
            1
        } else {
            self.rrp.iface_count()
        };
        for iface in 0..ifaces {
            self.net.recovery_ring(iface, members);
        }
    }

    fn membership_changed(
        &mut self,
        _kind: ConfigurationType,
        _members: &[SrpAddr],
        left: &[SrpAddr],
        joined: &[SrpAddr],
    ) {
        let ifaces = if self.rrp.mode() == RrpMode::None {
            1
        } else {
            self.rrp.iface_count()
        };
        for iface in 0..ifaces {
            for (list, active, what) in [(left, false, "left"), (joined, true, "join")] {
                for a in list {
                    let addr = a.addr[iface];
                    if addr.family != AF_INET && addr.family != AF_INET6 {
                        tlog!(
                            self,
                            LogLevel::Error,
                            "Membership {what} list contains incorrect address. This is sign of misconfiguration between nodes!"
                        );
                    } else if let Some(line) = self.net.member_set_active(iface, &addr, active) {
                        tlog!(self, LogLevel::Debug, "{line}");
                    }
                }
            }
        }
    }

    fn deliver(
        &mut self,
        nodeid: NodeId,
        msg: &[u8],
        endian_conversion_required: bool,
        origin: (&RingId, u32),
    ) {
        if let Some(t) = self.trace.as_mut() {
            t.push(DeliveryTrace::Frame {
                nodeid,
                ring_seq: origin.0.seq,
                rep: origin.0.rep.nodeid,
                seq: origin.1,
                digest: digest(msg, endian_conversion_required),
            });
        }
        let data = self.pool.copy_of(msg);
        self.events.push_back(Pending::Frame {
            nodeid,
            data,
            endian: endian_conversion_required,
        });
    }

    fn confchg(
        &mut self,
        kind: ConfigurationType,
        members: &[NodeId],
        left: &[NodeId],
        joined: &[NodeId],
        ring_id: &RingId,
    ) {
        if let Some(t) = self.trace.as_mut() {
            t.push(DeliveryTrace::Config {
                kind,
                members: members.to_vec(),
                ring_id: *ring_id,
            });
        }
        self.events.push_back(Pending::ConfChg(ConfChg {
            kind,
            members: members.to_vec(),
            left: left.to_vec(),
            joined: joined.to_vec(),
            ring_id: *ring_id,
        }));
    }

    fn waiting_trans_ack_changed(&mut self, waiting: bool) {
        self.events.push_back(Pending::WaitingTransAck(waiting));
    }

    fn store_ring_id(&mut self, ring_id: &RingId) {
        self.events
            .push_back(Pending::Event(Event::StoreRingSeq(ring_id.seq)));
    }

    fn pg_token_received(&mut self, queues: &mut SendQueues) {
        self.pg.token_received(queues, &mut self.pool);
    }

    fn token_callback(&mut self, id: TokenCallbackId, _kind: TokenCallbackType) {
        self.events
            .push_back(Pending::Event(Event::TokenCallback(id)));
    }
}

/// The Totem stack of one node.
///
/// # Driving it
///
/// * **Datagram** received on interface `iface` (ring number): call
///   [`Totem::handle_datagram`]. Read all datagrams that are ready before
///   running timers (the original does: its pause detection relies on it).
/// * **Timer**: when [`Totem::poll_timeout`] is due (it can return a time
///   in the past: work is waiting), call [`Totem::handle_timeout`].
/// * **After every call** (datagram, timeout, `mcast`, `leave`, ...): send
///   everything [`Totem::poll_transmit`] yields, then handle everything
///   [`Totem::poll_event`] yields, one event at a time; return buffers with
///   [`Totem::recycle`].
/// * **Sending** a [`Transmit`]: `Dest::Multicast` to the ring's multicast
///   (or broadcast) address, `Dest::Unicast` to the next member (the
///   token), `Dest::Members` the same payload to each listed udpu member.
///   Never to ourselves: our own multicasts and tokens are looped back
///   internally. Send failures are not reported back (the protocol
///   retransmits).
/// * **[`Event::StoreRingSeq`]**: write the sequence to the ringid file
///   (`ringid_<ring 0 address>`) before going on, and pass it to
///   [`Totem::new`] after a restart.
/// * **[`Event::ConfChg`]**: transitional then regular; after the regular
///   one the stack waits for [`Totem::trans_ack`] (call it when the
///   services are synchronised, typically from inside the handling of the
///   last sync message: it applies from the next event on). Messages
///   multicast while waiting go to the separate queue the original uses
///   for sync traffic; those still queued when `trans_ack` comes are sent
///   only after the next configuration change (as in the original), so
///   refuse other traffic meanwhile ([`Totem::waiting_trans_ack`]).
/// * **Orderly shutdown**: [`Totem::leave`], send the transmits, drop it.
pub struct Totem {
    srp: Srp,
    io: Io,
}

impl std::fmt::Debug for Totem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Totem")
            .field("nodeid", &self.my_nodeid())
            .field("state", &self.srp.state())
            .field("ring_id", self.srp.ring_id())
            .finish()
    }
}

fn my_address(config: &TotemConfig, ip: IpAddr) -> Result<TotemIpAddress, Error> {
    let nodeid = if config.node_id != 0 {
        NodeId(config.node_id)
    } else {
        match ip {
            IpAddr::V4(v4) => derive_nodeid_v4(v4, config.clear_node_high_bit),
            IpAddr::V6(_) => return Err(Error::Ipv6RequiresNodeId),
        }
    };
    Ok(TotemIpAddress::from_ip(ip, nodeid))
}

impl Totem {
    /// Creates the stack and enters GATHER at once (the original does so
    /// when the interfaces come up).
    ///
    /// * `bound_addrs`: the local address of each interface (ring), as the
    ///   host bound it.
    /// * `ring_seq`: the sequence read from the ringid file, 0 if none.
    /// * `rng_seed`: seeds the `send_join` delays and the secauth salt
    ///   generator; pass OS randomness in production.
    pub fn new(
        config: &TotemConfig,
        bound_addrs: &[IpAddr],
        ring_seq: u64,
        rng_seed: u64,
        now: Time,
    ) -> Result<Totem, Error> {
        let n = config.interfaces.len();
        if n == 0 {
            return Err(Error::NoInterfaces);
        }
        let max = if config.rrp_mode == RrpMode::None {
            1
        } else {
            INTERFACE_MAX
        };
        if n > max {
            return Err(Error::TooManyInterfaces {
                count: n,
                mode: config.rrp_mode,
            });
        }
        if bound_addrs.len() != n {
            return Err(Error::BoundAddrCount {
                expected: n,
                got: bound_addrs.len(),
            });
        }
        if bound_addrs
            .iter()
            .any(|a| a.is_ipv4() != bound_addrs[0].is_ipv4())
        {
            return Err(Error::FamilyMismatch);
        }
        if config.transport == Transport::Udp && !config.broadcast {
            for (i, ic) in config.interfaces.iter().enumerate() {
                if ic.mcastaddr.is_none() {
                    return Err(Error::NoMulticastAddress { iface: i });
                }
            }
        }
        if config.secauth && config.private_key.is_empty() {
            return Err(Error::MissingKey);
        }

        let mut my_id = SrpAddr::default();
        let mut my_addrs = Vec::with_capacity(n);
        for (i, ip) in bound_addrs.iter().enumerate() {
            let a = my_address(config, *ip)?;
            my_id.addr[i] = a;
            my_addrs.push(a);
        }

        let mut rng = Rng::new(rng_seed);
        let secauth = if config.secauth {
            Some(SecAuth::new(
                &config.private_key,
                config.crypto_type,
                config.crypto_accept,
                rng.next_u64(),
            ))
        } else {
            None
        };
        let mut setup_logs = Vec::new();
        let mut member_logs = Vec::new();
        let net = Net::new(
            config,
            &my_addrs,
            secauth,
            &mut setup_logs,
            &mut member_logs,
        );
        let names: [String; INTERFACE_MAX] = std::array::from_fn(|i| net.iface_print(i));
        let rrp = Rrp::new(config, my_id.addr[0].nodeid, names);

        let net_mtu = Pg::adjusted_net_mtu(config, bound_addrs[0].is_ipv6());
        let queue_size = (crate::config::MESSAGE_SIZE_MAX / net_mtu.max(1)).max(3);
        let pg = Pg::new(net_mtu, queue_size.saturating_sub(2));

        let mut io = Io {
            now,
            timers: Timers::new(),
            pool: BufPool::new(4096),
            rng,
            log_level: LogLevel::Debug,
            events: VecDeque::new(),
            ready: VecDeque::new(),
            transmits: VecDeque::new(),
            loopback: VecDeque::new(),
            delayed: VecDeque::new(),
            pg,
            rrp,
            net,
            rrp_actions: Vec::new(),
            rrp_token_expired_timeout: config.rrp_token_expired_timeout,
            rrp_problem_count_timeout: config.rrp_problem_count_timeout,
            rrp_autorecovery_check_timeout: config.rrp_autorecovery_check_timeout,
            merge_timeout: config.merge_timeout,
            rx_auth_failed: 0,
            rx_bad_length: 0,
            trace: None,
        };
        let mut srp = Srp::new(config, my_id, queue_size, ring_seq, now, &mut io);
        for line in setup_logs {
            tlog!(io, LogLevel::Notice, "{line}");
        }
        if config.transport == Transport::Udpu {
            for i in 0..n {
                io.timers.arm(
                    TimerId::UdpuMergeDetect(i as u8),
                    now.plus_millis(2 * u64::from(config.merge_timeout)),
                );
            }
        }
        // The interfaces come up: the first reports the ring id, each adds
        // its udpu members, then the node gathers.
        for (i, a) in my_addrs.iter().enumerate() {
            tlog!(
                io,
                LogLevel::Notice,
                "The network interface [{}] is now up.",
                a.print()
            );
            if i == 0 {
                srp.ring_id_loaded(&mut io);
            }
            if i + 1 == my_addrs.len() {
                for line in &member_logs {
                    tlog!(io, LogLevel::Notice, "{line}");
                }
            }
        }
        srp.start(&mut io, now);
        let mut t = Totem { srp, io };
        t.pump(now);
        Ok(t)
    }

    // ------------------------------------------------------------------
    // Input
    // ------------------------------------------------------------------

    /// A datagram arrived on interface `iface` (ring number) from `from`.
    pub fn handle_datagram(&mut self, now: Time, iface: usize, from: SocketAddr, data: &[u8]) {
        let _ = from;
        self.io.now = now;
        if self.srp.is_shut_down() {
            return;
        }
        if data.len() > FRAME_SIZE_MAX {
            self.io.rx_bad_length += 1;
            tlog!(
                self.io,
                LOG_LEVEL_SECURITY,
                "Received message is too long...  ignoring {}.",
                data.len()
            );
            return;
        }
        let mut buf = self.io.pool.copy_of(data);
        match self.io.net.open(&mut buf) {
            Ok(range) => {
                self.receive(now, iface, &buf[range]);
            }
            Err(CryptoError::TooShort(n)) => {
                self.io.rx_bad_length += 1;
                tlog!(
                    self.io,
                    LOG_LEVEL_SECURITY,
                    "Received message is too short...  ignoring {}.",
                    n
                );
            }
            Err(CryptoError::BadDigest) => {
                self.io.rx_auth_failed += 1;
                tlog!(
                    self.io,
                    LOG_LEVEL_SECURITY,
                    "Received message has invalid digest... ignoring."
                );
                tlog!(self.io, LOG_LEVEL_SECURITY, "Invalid packet data");
            }
        }
        self.io.pool.put(buf);
        self.pump(now);
    }

    /// `rrp_deliver_fn`: one authenticated totem message from `iface`.
    fn receive(&mut self, now: Time, iface: usize, msg: &[u8]) {
        if iface >= self.io.rrp.iface_count() {
            return;
        }
        let msg_type = msg.first().copied();
        let deliver = match msg_type {
            Some(t)
                if t == MessageType::RingTestActive as u8
                    || t == MessageType::RingTestActivate as u8 =>
            {
                let mut actions = std::mem::take(&mut self.io.rrp_actions);
                self.io.rrp.ring_test_recv(iface, msg, &mut actions);
                self.io.rrp_actions = actions;
                false
            }
            Some(0) if msg.len() >= 16 => {
                let seq = orf_token_seq_raw(msg).unwrap_or(0);
                let mut actions = std::mem::take(&mut self.io.rrp_actions);
                let r = self.io.rrp.token_recv(iface, msg, seq, &mut actions);
                self.io.rrp_actions = actions;
                r == RrpRecv::Deliver
            }
            _ => {
                let mut actions = std::mem::take(&mut self.io.rrp_actions);
                let r = self.io.rrp.mcast_recv(iface, &mut actions);
                self.io.rrp_actions = actions;
                r == RrpRecv::Deliver
            }
        };
        if deliver {
            self.srp.handle_message(&mut self.io, now, msg);
        }
        self.run_rrp_actions(now);
    }

    fn run_rrp_actions(&mut self, now: Time) {
        while !self.io.rrp_actions.is_empty() {
            let tokens = self.io.apply_rrp_actions(now);
            for t in tokens {
                self.srp.handle_message(&mut self.io, now, &t);
            }
        }
    }

    /// Runs expired timers, our own looped-back datagrams and delayed
    /// sends. Call it when [`Totem::poll_timeout`] is due (it is harmless
    /// to call early).
    pub fn handle_timeout(&mut self, now: Time) {
        self.io.now = now;
        if self.srp.is_shut_down() {
            return;
        }
        // Our own datagrams "arrived" before any timer expires.
        let n = self.io.loopback.len();
        for _ in 0..n {
            let Some((iface, msg)) = self.io.loopback.pop_front() else {
                break;
            };
            self.receive(now, iface, &msg);
            self.io.pool.put(msg);
        }
        while self.io.delayed.front().is_some_and(|(t, _)| *t <= now) {
            if let Some((_, msg)) = self.io.delayed.pop_front() {
                self.io.flush_send_now(&msg);
                self.io.pool.put(msg);
            }
        }
        let mark = self.io.timers.mark();
        while let Some(id) = self.io.timers.pop_expired(now, mark) {
            self.fire(now, id);
        }
        self.pump(now);
    }

    fn fire(&mut self, now: Time, id: TimerId) {
        match id {
            TimerId::RrpTokenExpired => {
                let mut a = std::mem::take(&mut self.io.rrp_actions);
                self.io.rrp.token_expired(&mut a);
                self.io.rrp_actions = a;
                self.run_rrp_actions(now);
            }
            TimerId::RrpProblemDecrementer => {
                let mut a = std::mem::take(&mut self.io.rrp_actions);
                self.io.rrp.problem_decrement(&mut a);
                self.io.rrp_actions = a;
                self.run_rrp_actions(now);
            }
            TimerId::RrpTestRing(i) => {
                let mut a = std::mem::take(&mut self.io.rrp_actions);
                self.io.rrp.test_ring(usize::from(i), &mut a);
                self.io.rrp_actions = a;
                self.run_rrp_actions(now);
            }
            TimerId::UdpuMergeDetect(i) => {
                self.io.net.udpu_merge_detect_timeout(usize::from(i));
                self.io.timers.arm(
                    TimerId::UdpuMergeDetect(i),
                    now.plus_millis(2 * u64::from(self.io.merge_timeout)),
                );
            }
            _ => self.srp.handle_timer(&mut self.io, now, id),
        }
    }

    /// Settles internal work that does not need the host.
    fn pump(&mut self, now: Time) {
        self.run_rrp_actions(now);
    }

    // ------------------------------------------------------------------
    // Output
    // ------------------------------------------------------------------

    /// The next datagram to send.
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.io.transmits.pop_front()
    }

    /// The next event for the host. Handle each event before polling the
    /// next one: a [`Totem::trans_ack`] called after a delivery applies from
    /// the next delivery on.
    pub fn poll_event(&mut self) -> Option<Event> {
        loop {
            if let Some(e) = self.io.ready.pop_front() {
                return Some(e);
            }
            match self.io.events.pop_front()? {
                Pending::Frame {
                    nodeid,
                    data,
                    endian,
                } => {
                    let level = self.io.log_level;
                    self.io.pg.trace = LogLevel::Trace <= level;
                    let ready = &mut self.io.ready;
                    let mut log = |l: LogLevel, text: String| {
                        if l <= level {
                            ready.push_back(Event::Log { level: l, text });
                        }
                    };
                    let mut out = VecDeque::new();
                    self.io.pg.deliver(
                        nodeid,
                        &data,
                        endian,
                        &mut out,
                        &mut self.io.pool,
                        &mut log,
                    );
                    self.io.ready.append(&mut out);
                    self.io.pool.put(data);
                }
                Pending::ConfChg(cc) => {
                    self.io.pg.confchg_left(&cc.left);
                    return Some(Event::ConfChg(cc));
                }
                Pending::WaitingTransAck(w) => {
                    self.srp.apply_waiting_trans_ack(w);
                    self.io.pg.set_send_waiting(w);
                    let stale = self.io.pg.set_assembly_waiting(w);
                    self.trace_incomplete(stale);
                }
                Pending::Event(e) => return Some(e),
            }
        }
    }

    /// When [`Totem::handle_timeout`] should be called next. A deadline at
    /// or before the last `now` means "immediately" (our own looped-back
    /// datagrams are waiting).
    pub fn poll_timeout(&self) -> Option<Time> {
        if self.srp.is_shut_down() {
            return None;
        }
        let mut t = self.io.timers.earliest();
        if let Some((d, _)) = self.io.delayed.front() {
            t = Some(t.map_or(*d, |x| x.min(*d)));
        }
        if !self.io.loopback.is_empty() {
            t = Some(t.map_or(self.io.now, |x| x.min(self.io.now)));
        }
        t
    }

    /// Gives a delivered or transmitted buffer back for reuse.
    pub fn recycle(&mut self, buf: Vec<u8>) {
        self.io.pool.put(buf);
    }

    // ------------------------------------------------------------------
    // Process groups
    // ------------------------------------------------------------------

    /// `totempg_groups_initialize`: a new local group instance.
    pub fn groups_initialize(&mut self) -> GroupHandle {
        self.io.pg.groups_initialize()
    }

    /// `totempg_groups_join`: the instance receives messages sent to any of
    /// `groups`.
    pub fn join_groups(&mut self, handle: GroupHandle, groups: &[&[u8]]) -> Result<(), PgError> {
        self.io.pg.groups_join(handle, groups)
    }

    /// A new group instance joined to `groups`.
    pub fn join(&mut self, groups: &[&[u8]]) -> GroupHandle {
        let h = self.groups_initialize();
        // Cannot fail for a fresh handle unless a name exceeds 65535 bytes.
        let _ = self.join_groups(h, groups);
        h
    }

    /// `totempg_groups_mcast_groups`: multicast the concatenation of `iov`
    /// to `groups`. Messages are sent in the order they are accepted.
    pub fn mcast(
        &mut self,
        now: Time,
        groups: &[&[u8]],
        iov: &[&[u8]],
        guarantee: Guarantee,
    ) -> Result<(), PgError> {
        self.io.now = now;
        if self.srp.is_shut_down() {
            return Err(PgError::QueueFull);
        }
        self.srp.event_signal(&mut self.io, now);
        let Totem { srp, io } = self;
        let r = io
            .pg
            .mcast_groups(&mut srp.queues, &mut io.pool, groups, iov, guarantee as i32);
        self.pump(now);
        r
    }

    /// `totempg_groups_mcast_joined`: multicast to the groups `handle`
    /// joined.
    pub fn mcast_joined(
        &mut self,
        now: Time,
        handle: GroupHandle,
        iov: &[&[u8]],
        guarantee: Guarantee,
    ) -> Result<(), PgError> {
        self.io.now = now;
        if self.srp.is_shut_down() {
            return Err(PgError::QueueFull);
        }
        self.srp.event_signal(&mut self.io, now);
        let Totem { srp, io } = self;
        let r = io
            .pg
            .mcast_joined(&mut srp.queues, &mut io.pool, handle, iov, guarantee as i32);
        self.pump(now);
        r
    }

    /// `totempg_groups_joined_reserve`: reserve room for a message of
    /// `iov` to the groups of `handle`. `Ok(0)`: no room now (answer
    /// `CS_ERR_TRY_AGAIN`); `Err(TooLarge)`: never. Release the count
    /// with [`Totem::joined_release`] after sending.
    pub fn joined_reserve(&mut self, handle: GroupHandle, iov: &[&[u8]]) -> Result<u32, PgError> {
        let avail = self.srp.avail();
        self.io.pg.joined_reserve(avail, handle, iov)
    }

    /// `totempg_groups_joined_release`.
    pub fn joined_release(&mut self, count: u32) {
        self.io.pg.joined_release(count);
    }

    /// `totempg_groups_send_ok_groups`: would a message of this size fit?
    pub fn send_ok(&mut self, groups: &[&[u8]], iov: &[&[u8]]) -> bool {
        let avail = self.srp.avail();
        self.io.pg.send_ok_groups(avail, groups, iov)
    }

    /// `totemsrp_avail`: free entries in the new-message queue.
    pub fn avail(&self) -> usize {
        self.srp.avail()
    }

    /// Largest message [`Totem::joined_reserve`] accepts.
    pub fn message_size_limit(&self) -> usize {
        self.io.pg.size_limit()
    }

    /// `totempg_trans_ack`: synchronisation after the last configuration
    /// change is complete; normal traffic queued meanwhile may go.
    pub fn trans_ack(&mut self) {
        // Takes effect at the point of the delivery stream the host has
        // reached, like the original's sync engine calling it from inside
        // a delivery: frames not consumed yet come after it.
        self.srp.trans_ack();
        self.io.pg.set_send_waiting(false);
        let stale = self.io.pg.set_assembly_waiting(false);
        self.trace_incomplete(stale);
        if LogLevel::Debug <= self.io.log_level {
            self.io.ready.push_front(Event::Log {
                level: LogLevel::Debug,
                text: "waiting_trans_ack changed to 0".to_string(),
            });
        }
    }

    fn trace_incomplete(&mut self, stale: Vec<NodeId>) {
        if let Some(t) = self.io.trace.as_mut() {
            t.extend(
                stale
                    .into_iter()
                    .map(|nodeid| DeliveryTrace::IncompleteAssembly { nodeid }),
            );
        }
    }

    /// Orderly shutdown: multicasts the leave message. Afterwards all input
    /// is ignored; drain the transmits and drop the instance.
    pub fn leave(&mut self, now: Time) {
        self.io.now = now;
        self.srp.leave(&mut self.io, now);
        // The leave message goes out at once, even with send_join.
        while let Some((_, msg)) = self.io.delayed.pop_front() {
            self.io.flush_send_now(&msg);
            self.io.pool.put(msg);
        }
        self.io.loopback.clear();
        self.io.timers = Timers::new();
    }

    /// `totempg_callback_token_create`: fire [`Event::TokenCallback`] when
    /// the token is next received or sent; once, or on every visit until
    /// destroyed when `persistent`.
    pub fn token_callback_create(
        &mut self,
        now: Time,
        kind: TokenCallbackType,
        persistent: bool,
    ) -> TokenCallbackId {
        self.io.now = now;
        let id = self
            .srp
            .callback_token_create(&mut self.io, now, kind, persistent);
        self.pump(now);
        id
    }

    /// `totempg_callback_token_destroy`.
    pub fn token_callback_destroy(&mut self, id: TokenCallbackId) -> bool {
        self.srp.callback_token_destroy(id)
    }

    /// `totempg_ring_reenable`: clear the faulty state of every ring.
    pub fn ring_reenable(&mut self) {
        let n = self.io.rrp.iface_count();
        self.io.rrp.ring_reenable(n);
    }

    /// Sets the most verbose level of log events produced.
    pub fn set_log_level(&mut self, level: LogLevel) {
        self.io.log_level = level;
    }

    // ------------------------------------------------------------------
    // Queries
    // ------------------------------------------------------------------

    /// `totempg_my_nodeid_get`.
    pub fn my_nodeid(&self) -> NodeId {
        self.srp.my_id().addr[0].nodeid
    }

    /// This node's addresses on every ring.
    pub fn my_id(&self) -> SrpAddr {
        *self.srp.my_id()
    }

    /// The ring this node is on (or forming).
    pub fn ring_id(&self) -> RingId {
        *self.srp.ring_id()
    }

    /// The membership state.
    pub fn state(&self) -> MembState {
        self.srp.state()
    }

    /// Members of the current regular configuration.
    pub fn members(&self) -> Vec<NodeId> {
        self.srp.member_nodeids()
    }

    /// `totempg_ifaces_get`: the ring addresses of a current or just-left
    /// member.
    pub fn ifaces_get(&self, nodeid: NodeId) -> Option<Vec<TotemIpAddress>> {
        let n = self.io.rrp.iface_count();
        self.srp
            .members()
            .iter()
            .chain(self.srp.left_members().iter())
            .find(|a| a.addr[0].nodeid == nodeid)
            .map(|a| a.addr[..n].to_vec())
    }

    /// `totempg_ifaces_print`.
    pub fn ifaces_print(&self, nodeid: NodeId) -> String {
        match self.ifaces_get(nodeid) {
            None => "no interface found for nodeid".to_string(),
            Some(addrs) => addrs
                .iter()
                .enumerate()
                .map(|(i, a)| format!("r({}) ip({}) ", i, a.print()))
                .collect(),
        }
    }

    /// Status text of every ring ("ring 0 active with no faults", ...).
    pub fn ring_status(&self) -> Vec<String> {
        self.io.rrp.status()
    }

    /// The processor and failed lists of the membership protocol (the
    /// content of our JOIN messages), for diagnostics.
    pub fn gather_lists(&self) -> (Vec<SrpAddr>, Vec<SrpAddr>) {
        let (p, f) = self.srp.gather_lists();
        (p.to_vec(), f.to_vec())
    }

    /// Lengths of the internal queues (loopback, delayed, transmits,
    /// events), for diagnostics.
    pub fn queue_lens(&self) -> [usize; 4] {
        [
            self.io.loopback.len(),
            self.io.delayed.len(),
            self.io.transmits.len(),
            self.io.events.len(),
        ]
    }

    /// Starts recording the ordered stream totemsrp delivers (frames and
    /// configuration changes), for tests and diagnostics.
    pub fn enable_delivery_trace(&mut self) {
        if self.io.trace.is_none() {
            self.io.trace = Some(Vec::new());
        }
    }

    /// Takes what was recorded since the last call.
    pub fn take_delivery_trace(&mut self) -> Vec<DeliveryTrace> {
        self.io
            .trace
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// The armed timers and their deadlines, for diagnostics.
    pub fn timer_deadlines(&self) -> Vec<(String, Time)> {
        self.io
            .timers
            .armed()
            .into_iter()
            .map(|(id, t)| (format!("{id:?}"), t))
            .collect()
    }

    /// All counters.
    pub fn stats(&self) -> Stats {
        Stats {
            srp: self.srp.stats(),
            pg: self.io.pg.stats(),
            rx_auth_failed: self.io.rx_auth_failed,
            rx_bad_length: self.io.rx_bad_length,
        }
    }

    /// Whether secauth protects the datagrams.
    pub fn secauth(&self) -> bool {
        self.io.net.secauth()
    }

    /// The transport in use.
    pub fn transport(&self) -> Transport {
        self.io.net.transport()
    }

    /// (aru, high delivered, high seq received), for diagnostics.
    pub fn sequence_state(&self) -> (u32, u32, u32) {
        self.srp.sequence_state()
    }

    /// True between a configuration change and [`Totem::trans_ack`]: new
    /// messages wait in a separate queue (the executive refuses
    /// flow-controlled client traffic meanwhile).
    pub fn waiting_trans_ack(&self) -> bool {
        self.srp.queues.waiting_trans_ack
    }

    /// Messages queued for ordering (both new-message queues), not yet
    /// multicast: the local backlog.
    pub fn queued_messages(&self) -> usize {
        self.srp.queues.new.len() + self.srp.queues.new_trans.len()
    }

    /// Bytes packed but not yet queued (they go with the next token).
    pub fn pending_bytes(&self) -> usize {
        self.io.pg.pending_bytes()
    }
}
