//! The executive's side of totem: the sans-IO core, the sockets of each
//! ring, the clock, the ring-id file, and the translation of the core's
//! events into what the executive acts on.

use std::collections::VecDeque;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::os::fd::RawFd;
use std::path::PathBuf;
use std::time::Instant;

use totem::config::{TotemConfig, Transport};
use totem::{
    Dest, Event, GroupHandle, Guarantee, LogLevel, PgError, Time, TokenCallbackType, Totem,
};

use crate::log::{Level, Subsys};
use crate::net::{self, Ring};
use crate::service::{NodeId, QueueFull};
use crate::sync::{GROUP_V1, GROUP_V2, RawRingId};

/// Whether a request of a given size may be sent now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reserve {
    Ok,
    /// No room now: TRY_AGAIN.
    Full,
    /// Can never be sent.
    TooBig,
}

/// An ordered message for one of our groups.
pub struct Delivery {
    pub group: &'static [u8],
    pub nodeid: NodeId,
    pub data: Vec<u8>,
    pub swap: bool,
}

/// What the ordering layer tells the executive.
pub enum GlueEvent {
    Deliver(Delivery),
    ConfChg {
        transitional: bool,
        members: Vec<NodeId>,
        left: Vec<NodeId>,
        joined: Vec<NodeId>,
        ring: RawRingId,
    },
    /// We sent the token on.
    TokenSent,
}

/// The groups the executive joins, in the order the original registers
/// them.
/// "ykd" carries the YKD quorum provider's messages (the original joins
/// it when that provider is loaded; joining is local to this node).
const GROUPS: [&[u8]; 4] = [
    corosync_wire::exec::GROUP_MAIN,
    GROUP_V1,
    GROUP_V2,
    crate::service::ykd::GROUP,
];

/// How long a token passed to ourselves may wait for a client request to
/// carry it before the main loop does.
const LOOPBACK_DELAY: std::time::Duration = std::time::Duration::from_millis(1);

/// Slices of this stand in for a request when only its length matters
/// (reservation counts bytes).
static ZEROS: [u8; 65536] = [0u8; 65536];

pub struct Glue {
    totem: Totem,
    rings: Vec<Ring>,
    bound: Vec<IpAddr>,
    epoch: Instant,
    groups: Vec<(GroupHandle, &'static [u8])>,
    main_group: GroupHandle,
    ringid_file: PathBuf,
    events: VecDeque<GlueEvent>,
    /// Kept between reads (taken while in use).
    recv_batch: Option<net::RecvBatch>,
    /// The token address of each ring (local address and port).
    self_addrs: Vec<std::net::SocketAddr>,
    /// Datagrams addressed to ourselves (the token of a one-node ring),
    /// handed back to the protocol without a trip through the kernel.
    loopback: VecDeque<(usize, std::net::SocketAddr, Vec<u8>)>,
    loopback_enabled: bool,
    /// When the oldest datagram to ourselves was queued.
    loopback_since: Option<Instant>,
    /// Datagrams the kernel refused (full socket buffer): totem
    /// retransmits, this only counts.
    pub send_failures: u64,
    /// `crypto_accept: new` was configured (cfg crypto_set is allowed).
    crypto_accept_new: bool,
}

/// The ring-id file name uses the ring 0 address as the original prints it.
fn address_text(a: &IpAddr) -> String {
    a.to_string()
}

fn os_seed() -> u64 {
    let mut b = [0u8; 8];
    // SAFETY: getrandom fills the local buffer.
    let n = unsafe { libc::getrandom(b.as_mut_ptr().cast(), 8, 0) };
    if n == 8 {
        u64::from_ne_bytes(b)
    } else {
        std::process::id() as u64 ^ Instant::now().elapsed().as_nanos() as u64
    }
}

/// Why the ordering layer could not start.
#[derive(Debug)]
pub struct GlueError(pub String);

impl std::fmt::Display for GlueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Glue {
    /// Chooses the local address of each ring, opens its sockets, loads the
    /// ring id and starts the protocol.
    pub fn start(config: &TotemConfig) -> Result<Glue, GlueError> {
        let ifaces = net::interface_addresses();
        let mut bound = Vec::new();
        for i in &config.interfaces {
            let a = match net::bind_address(i.bindnetaddr, &ifaces) {
                Some(a) => a,
                None => {
                    crate::log_printf!(TOTEM, Notice, "The network interface is down.");
                    if i.bindnetaddr.is_ipv4() {
                        IpAddr::V4(Ipv4Addr::LOCALHOST)
                    } else {
                        IpAddr::V6(Ipv6Addr::LOCALHOST)
                    }
                }
            };
            bound.push(a);
        }
        let mut rings = Vec::new();
        for (i, iface) in config.interfaces.iter().enumerate() {
            let r = match config.transport {
                Transport::Udp => {
                    let group = iface.mcastaddr.ok_or_else(|| {
                        GlueError(format!("No multicast address specified for interface {i}"))
                    })?;
                    Ring::multicast(
                        bound[i],
                        group,
                        iface.mcastport,
                        iface.ttl,
                        config.broadcast,
                    )
                }
                Transport::Udpu => Ring::unicast(bound[i], iface.mcastport),
            };
            rings.push(r.map_err(|e| {
                GlueError(format!(
                    "Unable to open the totem sockets of ring {i} on {}:{}: {e}",
                    bound[i], iface.mcastport
                ))
            })?);
        }
        let dir = crate::ringid::run_dir();
        let ringid_file = crate::ringid::file_name(&dir, &address_text(&bound[0]));
        let seq = crate::ringid::load_or_create(&ringid_file).map_err(|e| {
            GlueError(format!(
                "Couldn't create ringid file '{}': {e}",
                ringid_file.display()
            ))
        })?;
        let epoch = Instant::now();
        let mut totem = Totem::new(config, &bound, seq, os_seed(), Time::ZERO)
            .map_err(|e| GlueError(e.to_string()))?;
        let groups: Vec<(GroupHandle, &'static [u8])> =
            GROUPS.iter().map(|g| (totem.join(&[*g]), *g)).collect();
        let main_group = groups[0].0;
        totem.token_callback_create(Time::ZERO, TokenCallbackType::Sent, true);
        let self_addrs = bound
            .iter()
            .zip(&config.interfaces)
            .map(|(a, i)| std::net::SocketAddr::new(*a, i.mcastport))
            .collect();
        let mut glue = Glue {
            totem,
            rings,
            self_addrs,
            loopback: VecDeque::new(),
            loopback_enabled: std::env::var_os("COROSYNC_NO_LOOPBACK").is_none(),
            loopback_since: None,
            bound,
            epoch,
            groups,
            main_group,
            ringid_file,
            events: VecDeque::new(),
            recv_batch: Some(net::RecvBatch::new()),
            send_failures: 0,
            crypto_accept_new: config.crypto_accept == totem::config::CryptoAccept::New,
        };
        glue.collect();
        Ok(glue)
    }

    fn now(&self) -> Time {
        Time::from_micros(self.epoch.elapsed().as_micros() as u64)
    }

    pub fn nodeid(&self) -> NodeId {
        self.totem.my_nodeid().0
    }

    pub fn ifaces_print(&self, nodeid: NodeId) -> String {
        self.totem.ifaces_print(totem::NodeId(nodeid))
    }

    /// Each local ring: (address text, RRP status text). The addresses are
    /// those of our entry in the member list, else the bound ones.
    pub fn ring_status(&self) -> Vec<(String, String)> {
        let me = self.totem.my_nodeid();
        let names: Vec<String> = match self.totem.ifaces_get(me) {
            Some(list) => list.iter().map(|a| a.print()).collect(),
            None => self.bound.iter().map(address_text).collect(),
        };
        let status = self.totem.ring_status();
        names
            .into_iter()
            .zip(status)
            .take(self.bound.len())
            .collect()
    }

    /// Clears the faulty state of every ring.
    pub fn ring_reenable(&mut self) {
        self.totem.ring_reenable();
        self.collect();
    }

    /// (family, address bytes) of each ring of `nodeid`.
    pub fn node_addrs(&self, nodeid: NodeId) -> Vec<(u32, [u8; 16])> {
        self.totem
            .ifaces_get(totem::NodeId(nodeid))
            .unwrap_or_default()
            .iter()
            .map(|a| (a.family as u32, a.addr))
            .collect()
    }

    /// `totem_crypto_set`: refused when only the old format is accepted;
    /// types 0 (SOBER) and 1 (NSS) are valid, as the original logs them.
    pub fn crypto_set(&mut self, kind: u32) -> bool {
        if !self.crypto_accept_new {
            return false;
        }
        let text = match kind {
            0 => "libtomcrypt SOBER128/SHA1HMAC (mode 0)",
            1 => "NSS AES128CBC/SHA1HMAC (mode 1)",
            _ => return false,
        };
        crate::log_printf!(TOTEM, Notice, "Transmit security set to: {text}");
        true
    }

    /// Ring 0's local address as text, and whether it is IPv6.
    pub fn my_address(&self) -> (String, bool) {
        (address_text(&self.bound[0]), self.bound[0].is_ipv6())
    }

    pub fn totem(&self) -> &Totem {
        &self.totem
    }

    /// Multicasts the concatenation of `iov` to `group` (agreed order).
    pub fn mcast(&mut self, group: &'static [u8], iov: &[&[u8]]) -> Result<(), QueueFull> {
        let now = self.now();
        let r = self.totem.mcast(now, &[group], iov, Guarantee::Agreed);
        self.collect();
        r.map_err(|_| QueueFull)
    }

    /// Free entries in the new-message queue.
    pub fn avail(&self) -> usize {
        self.totem.avail()
    }

    /// Whether a request of `size` bytes fits in the new-message queue.
    /// Reserves nothing: the executive lock is held until the handler ran.
    pub fn reserve(&mut self, size: usize) -> Reserve {
        if size > totem::config::MESSAGE_SIZE_MAX {
            return Reserve::TooBig;
        }
        let mut parts: Vec<&[u8]> = Vec::with_capacity(size / ZEROS.len() + 1);
        let mut left = size;
        while left > 0 {
            let n = left.min(ZEROS.len());
            parts.push(&ZEROS[..n]);
            left -= n;
        }
        match self.totem.joined_reserve(self.main_group, &parts) {
            Ok(0) => Reserve::Full,
            Ok(n) => {
                self.totem.joined_release(n);
                Reserve::Ok
            }
            Err(PgError::TooLarge) => Reserve::TooBig,
            Err(_) => Reserve::Full,
        }
    }

    pub fn trans_ack(&mut self) {
        self.totem.trans_ack();
        self.collect();
    }

    /// Orderly shutdown: the leave message goes out.
    pub fn leave(&mut self) {
        let now = self.now();
        self.totem.leave(now);
        self.collect();
        self.flush_transmits();
    }

    /// Descriptors to watch for datagrams (index = position in the list).
    pub fn recv_fds(&self) -> Vec<RawFd> {
        self.rings.iter().flat_map(|r| r.recv_fds()).collect()
    }

    /// Reads every datagram waiting on `fd` into the protocol.
    pub fn readable(&mut self, fd: RawFd) {
        let Some(iface) = self.rings.iter().position(|r| r.recv_fds().contains(&fd)) else {
            return;
        };
        let mut batch = self.recv_batch.take().unwrap_or_default();
        for _ in 0..8 {
            let Some(sock) = self.rings[iface].socket(fd) else {
                break;
            };
            let n = sock.recv_batch(&mut batch);
            for i in 0..n {
                let Some((data, from)) = batch.get(i) else {
                    continue;
                };
                let now = self.now();
                self.totem.handle_datagram(now, iface, from, data);
                self.collect();
                self.flush_transmits();
            }
            if n < net::BATCH {
                break;
            }
        }
        self.recv_batch = Some(batch);
    }

    /// Runs the protocol's timers that are due.
    pub fn timeout(&mut self, _now: Instant) {
        let now = self.now();
        if self.totem.poll_timeout().is_some_and(|t| t <= now) {
            self.totem.handle_timeout(now);
            self.collect();
        }
    }

    /// The next protocol deadline.
    ///
    /// A token a one-node ring passed to itself is due shortly after it was
    /// queued: while clients send, their own requests carry it round (one
    /// visit per request); when they stop, the main loop finishes the idle
    /// rotations until the protocol holds the token.
    pub fn next_deadline(&self) -> Option<Instant> {
        let proto = self
            .totem
            .poll_timeout()
            .map(|t| self.epoch + std::time::Duration::from_micros(t.as_micros()));
        let lb = self.loopback_since.map(|t| t + LOOPBACK_DELAY);
        match (proto, lb) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Sends every datagram the protocol produced.
    pub fn flush_transmits(&mut self) {
        // consecutive multicasts of one ring go out in one system call;
        // anything else (a token) first sends what was gathered, so the
        // order of the protocol's datagrams is kept
        let mut gathered: Vec<Vec<u8>> = Vec::new();
        let mut gathered_iface = 0;
        while let Some(t) = self.totem.poll_transmit() {
            if let Dest::Multicast(_) = t.dest {
                if !gathered.is_empty() && gathered_iface != t.iface {
                    self.send_gathered(gathered_iface, &mut gathered);
                }
                gathered_iface = t.iface;
                gathered.push(t.payload);
                continue;
            }
            self.send_gathered(gathered_iface, &mut gathered);
            if let Dest::Unicast(to) = t.dest
                && self.loopback_enabled
                && self.self_addrs.get(t.iface) == Some(&to)
            {
                if self.loopback.is_empty() {
                    self.loopback_since = Some(Instant::now());
                }
                self.loopback.push_back((t.iface, to, t.payload));
                continue;
            }
            if let Some(ring) = self.rings.get(t.iface) {
                let ok = match &t.dest {
                    Dest::Multicast(_) => ring.send_multicast(&t.payload),
                    Dest::Unicast(to) => ring.send_unicast(&t.payload, *to),
                    Dest::Members(list) => ring.send_members(&t.payload, list) == 0,
                };
                if !ok {
                    self.send_failures += 1;
                }
            }
            self.totem.recycle(t.payload);
        }
        self.send_gathered(gathered_iface, &mut gathered);
    }

    fn send_gathered(&mut self, iface: usize, gathered: &mut Vec<Vec<u8>>) {
        if gathered.is_empty() {
            return;
        }
        if let Some(ring) = self.rings.get(iface) {
            let refs: Vec<&[u8]> = gathered.iter().map(|p| p.as_slice()).collect();
            self.send_failures += ring.send_multicast_many(&refs) as u64;
        }
        for p in gathered.drain(..) {
            self.totem.recycle(p);
        }
    }

    /// Whether datagrams to ourselves wait to be handed back.
    pub fn loopback_pending(&self) -> bool {
        !self.loopback.is_empty()
    }

    /// Hands datagrams we sent to ourselves back to the protocol, at most
    /// `max` of them (a one-node ring passes its token to itself).
    pub fn process_loopback(&mut self, max: usize) {
        for _ in 0..max {
            let Some((iface, from, data)) = self.loopback.pop_front() else {
                break;
            };
            self.loopback_since = (!self.loopback.is_empty()).then(Instant::now);
            let now = self.now();
            self.totem.handle_datagram(now, iface, from, &data);
            self.totem.recycle(data);
            self.collect();
        }
    }

    /// Moves the protocol's events into our queue, handling the ones the
    /// executive does not need to see (logging, ring-id persistence).
    fn collect(&mut self) {
        while let Some(ev) = self.totem.poll_event() {
            match ev {
                Event::Deliver {
                    group,
                    nodeid,
                    data,
                    endian_conversion_required,
                } => {
                    let Some(&(_, name)) = self.groups.iter().find(|(h, _)| *h == group) else {
                        self.totem.recycle(data);
                        continue;
                    };
                    self.events.push_back(GlueEvent::Deliver(Delivery {
                        group: name,
                        nodeid: nodeid.0,
                        data,
                        swap: endian_conversion_required,
                    }));
                }
                Event::ConfChg(c) => {
                    self.events.push_back(GlueEvent::ConfChg {
                        transitional: c.kind == totem::ConfigurationType::Transitional,
                        members: c.members.iter().map(|n| n.0).collect(),
                        left: c.left.iter().map(|n| n.0).collect(),
                        joined: c.joined.iter().map(|n| n.0).collect(),
                        ring: RawRingId(c.ring_id.to_bytes()),
                    });
                }
                Event::StoreRingSeq(seq) => {
                    crate::log_printf!(TOTEM, Debug, "Storing new sequence id for ring {seq:x}");
                    if let Err(e) = crate::ringid::store(&self.ringid_file, seq) {
                        crate::log_printf!(
                            TOTEM,
                            Error,
                            "Couldn't store new ring id {seq:x} to stable storage: {e}"
                        );
                    }
                }
                Event::TokenCallback(_) => self.events.push_back(GlueEvent::TokenSent),
                Event::Log { level, text } => {
                    let level = match level {
                        LogLevel::Error => Level::Error,
                        LogLevel::Warning => Level::Warning,
                        LogLevel::Notice => Level::Notice,
                        LogLevel::Debug | LogLevel::Trace => Level::Debug,
                    };
                    crate::log::emit(Subsys::TOTEM, level, format_args!("{text}"));
                }
            }
        }
    }

    /// The next event for the executive.
    pub fn next_event(&mut self) -> Option<GlueEvent> {
        if self.events.is_empty() {
            self.collect();
        }
        self.events.pop_front()
    }

    /// Gives a delivered buffer back for reuse.
    pub fn recycle(&mut self, buf: Vec<u8>) {
        self.totem.recycle(buf);
    }
}
