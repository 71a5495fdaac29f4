//! The synchronisation that follows every configuration change, as
//! corosync 1.4 runs it: sync v1 (totempg group "sync", one barrier per
//! engine phase, including the compatibility phases for engines that are
//! not loaded) followed by sync v2 (group "syncv2": service list exchange,
//! then per engine init/process/barrier/activate). With `compatibility:
//! none` only sync v2 runs.
//!
//! Barrier messages carry no engine id, so every node must walk the same
//! phases; the phase list below follows the original's, dummy engines
//! and their traffic included.

use corosync_wire::bytes::{Reader, Writer};
use corosync_wire::exec::make_id;
use corosync_wire::ipc::{RequestHeader, ServiceId};

use crate::log::Level;
use crate::service::{NodeId, QueueFull, RingId, SyncMode};

/// The 30 bytes of a totem ring id, kept exactly as totem gave them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RawRingId(pub [u8; 30]);

impl std::fmt::Debug for RawRingId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let r = self.ring();
        write!(f, "RawRingId({}.{})", r.rep_nodeid, r.seq)
    }
}

impl RawRingId {
    pub const ZERO: RawRingId = RawRingId([0u8; 30]);

    /// The representative's node id and the sequence number.
    pub fn ring(&self) -> RingId {
        let r = Reader::new(&self.0);
        RingId {
            rep_nodeid: r.u32(0).unwrap_or(0),
            seq: r.u64(22).unwrap_or(0),
        }
    }

    /// Reads a ring id from a message, converting a foreign-endian one to
    /// our byte order (node id, family and sequence; never the address).
    fn decode(msg: &[u8], off: usize, swap: bool) -> Option<RawRingId> {
        let mut b: [u8; 30] = msg.get(off..off + 30)?.try_into().ok()?;
        if swap {
            b[0..4].reverse();
            b[4..6].reverse();
            b[22..30].reverse();
        }
        Some(RawRingId(b))
    }
}

/// `compatibility` in corosync.conf.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compatibility {
    /// Sync v1 then v2 (the default).
    Whitetank,
    /// Sync v2 only.
    None,
}

/// What the synchronisation needs from the executive.
pub trait SyncHost {
    fn nodeid(&self) -> NodeId;
    /// Multicasts `msg` in totempg group `group` (agreed order).
    fn mcast_group(&mut self, group: &'static [u8], msg: &[u8]) -> Result<(), QueueFull>;
    /// The sync mode of the loaded engine `id`, None when not loaded.
    fn engine_sync_mode(&self, id: u32) -> Option<SyncMode>;
    fn engine_name(&self, id: u32) -> String;
    fn engine_init(&mut self, id: u32, trans: &[NodeId], members: &[NodeId], ring: RingId);
    /// True when the engine is done.
    fn engine_process(&mut self, id: u32) -> bool;
    fn engine_activate(&mut self, id: u32);
    fn engine_abort(&mut self, id: u32);
    /// The text of our ring 0 address and whether it is IPv6.
    fn my_address(&self) -> (String, bool);
    /// Boot time in nanoseconds since the epoch (CLM NODEJOIN).
    fn boot_timestamp(&self) -> u64;
    /// All engines finished: service may resume.
    fn completed(&mut self);
    fn log(&mut self, subsys: crate::log::Subsys, level: Level, text: std::fmt::Arguments<'_>);
}

pub const GROUP_V1: &[u8] = b"sync";
pub const GROUP_V2: &[u8] = b"syncv2";

const V2_BARRIER: i32 = 0;
const V2_SERVICE_BUILD: i32 = 1;
const V2_MEMB_DETERMINE: i32 = 2;
const BARRIER_SIZE: usize = 48;
const SERVICE_BUILD_SIZE: usize = 568;
const SERVICE_LIST_MAX: usize = 128;

fn ring_message(id: i32, ring: &RawRingId) -> [u8; BARRIER_SIZE] {
    let mut b = [0u8; BARRIER_SIZE];
    let mut w = Writer::new(&mut b);
    RequestHeader {
        size: BARRIER_SIZE as i32,
        id,
    }
    .encode(&mut w);
    w.put(16, &ring.0);
    b
}

/// An engine phase of sync v1 or v2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Engine {
    /// A loaded engine; `apiv2` when its init takes the transitional list.
    Loaded { id: u32, apiv2: bool },
    /// Stand-in for CLM when openais is not loaded: sends NODEJOIN.
    DummyClm,
    /// Stand-in for EVT: exchanges CHANCMD counts.
    DummyEvt,
    /// A stand-in that does nothing (AMF, CKPT, CPG, or an engine only
    /// another node has).
    Noop,
}

/// What to do on the next token sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum V1Work {
    None,
    SendBarrier,
    Process,
}

struct V1 {
    ring: Option<RawRingId>,
    deliver_ring: RawRingId,
    processing: bool,
    recovery_index: u32,
    current: Option<(Engine, &'static str)>,
    /// The engine whose phase runs; activate is cleared on abort.
    activate_pending: bool,
    barrier: Vec<(NodeId, bool)>,
    members: Vec<NodeId>,
    trans: Vec<NodeId>,
    work: V1Work,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum V2State {
    ServiceListBuild,
    Process,
    Barrier,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum V2Step {
    Init,
    Process,
    Activate,
}

struct V2Entry {
    id: u32,
    engine: Engine,
    step: V2Step,
    name: String,
}

struct V2 {
    state: V2State,
    ring: RawRingId,
    /// False after an abort: no message matches until the next start (the
    /// original kept matching the all-zero ring id).
    ring_valid: bool,
    determine_ring: RawRingId,
    determine: bool,
    determine_list: Vec<NodeId>,
    processors: Vec<(NodeId, bool)>,
    members: Vec<NodeId>,
    trans: Vec<NodeId>,
    services: Vec<V2Entry>,
    index: usize,
    /// The scheduled work (schedwrk) runs on every token sent.
    work: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EvtState {
    PartOne,
    PartTwo,
    PartThree,
    PartFour,
    Done,
}

struct EvtCompat {
    state: EvtState,
    checked_in: usize,
    member_entries: usize,
}

/// The synchronisation state machine.
pub struct Sync {
    compat: Compatibility,
    v1: V1,
    v2: V2,
    evt: EvtCompat,
}

const EVT_OPEN_COUNT_DONE: u32 = 7;
const EVT_CONF_DONE: u32 = 5;
const EVT_CHANCMD: u16 = 1;
const CLM_NODEJOIN_SIZE: usize = 392;

impl Sync {
    pub fn new(compat: Compatibility) -> Sync {
        Sync {
            compat,
            v1: V1 {
                ring: None,
                deliver_ring: RawRingId::ZERO,
                processing: false,
                recovery_index: 0,
                current: None,
                activate_pending: false,
                barrier: Vec::new(),
                members: Vec::new(),
                trans: Vec::new(),
                work: V1Work::None,
            },
            v2: V2 {
                state: V2State::Barrier,
                ring: RawRingId::ZERO,
                ring_valid: false,
                determine_ring: RawRingId::ZERO,
                determine: false,
                determine_list: Vec::new(),
                processors: Vec::new(),
                members: Vec::new(),
                trans: Vec::new(),
                services: Vec::new(),
                index: 0,
                work: false,
            },
            evt: EvtCompat {
                state: EvtState::Done,
                checked_in: 0,
                member_entries: 0,
            },
        }
    }

    pub fn compatibility(&self) -> Compatibility {
        self.compat
    }

    /// Whether anything waits for the next token sent.
    pub fn wants_token(&self) -> bool {
        self.v1.work != V1Work::None || self.v2.work
    }

    // ---- engine lookup, as the original's callback retrieval -----------

    /// The sync v1 engine at `id`: Some((engine, has_init, name)) or None
    /// for the end of the list.
    fn v1_engine(host: &dyn SyncHost, id: u32) -> Option<(Engine, bool, &'static str)> {
        match host.engine_sync_mode(id) {
            Some(SyncMode::V1) => {
                return Some((Engine::Loaded { id, apiv2: false }, true, "service"));
            }
            Some(SyncMode::V1ApiV2) => {
                return Some((Engine::Loaded { id, apiv2: true }, true, "service"));
            }
            _ => {}
        }
        Self::compat_engine(id)
    }

    /// The original's table of stand-ins for engines that are not loaded.
    fn compat_engine(id: u32) -> Option<(Engine, bool, &'static str)> {
        match ServiceId(id) {
            ServiceId::EVS
            | ServiceId::LCK
            | ServiceId::MSG
            | ServiceId::CFG
            | ServiceId::CONFDB => Some((Engine::Noop, false, "")),
            ServiceId::CLM => Some((Engine::DummyClm, true, "dummy CLM service")),
            ServiceId::AMF => Some((Engine::Noop, true, "dummy AMF service")),
            ServiceId::CKPT => Some((Engine::Noop, true, "dummy CKPT service")),
            ServiceId::EVT => Some((Engine::DummyEvt, true, "dummy EVT service")),
            ServiceId::CPG => Some((Engine::Noop, true, "dummy CPG service")),
            _ => None,
        }
    }

    fn engine_init(
        &mut self,
        host: &mut dyn SyncHost,
        engine: Engine,
        trans: &[NodeId],
        members: &[NodeId],
        ring: RingId,
    ) {
        match engine {
            Engine::Loaded { id, apiv2 } => {
                if apiv2 {
                    host.engine_init(id, trans, members, ring)
                } else {
                    host.engine_init(id, &[], members, ring)
                }
            }
            Engine::DummyEvt => {
                self.evt.member_entries = members.len();
                self.evt.checked_in = 0;
                self.evt.state = EvtState::PartOne;
            }
            Engine::DummyClm | Engine::Noop => {}
        }
    }

    fn engine_process(&mut self, host: &mut dyn SyncHost, engine: Engine) -> bool {
        match engine {
            Engine::Loaded { id, .. } => host.engine_process(id),
            Engine::DummyClm => Self::clm_nodejoin_send(host).is_ok(),
            Engine::DummyEvt => self.evt_process(host),
            Engine::Noop => true,
        }
    }

    fn engine_activate(host: &mut dyn SyncHost, engine: Engine) {
        if let Engine::Loaded { id, .. } = engine {
            host.engine_activate(id)
        }
    }

    fn engine_abort(host: &mut dyn SyncHost, engine: Engine) {
        if let Engine::Loaded { id, .. } = engine {
            host.engine_abort(id)
        }
    }

    // ---- the compatibility engines --------------------------------------

    fn clm_nodejoin_send(host: &mut dyn SyncHost) -> Result<(), QueueFull> {
        let mut b = [0u8; CLM_NODEJOIN_SIZE];
        let (addr, v6) = host.my_address();
        let addr = addr.as_bytes();
        let alen = addr.len().min(63);
        let mut w = Writer::new(&mut b);
        RequestHeader {
            size: CLM_NODEJOIN_SIZE as i32,
            id: make_id(ServiceId::CLM, 0),
        }
        .encode(&mut w);
        w.u32(16, host.nodeid());
        w.u16(24, alen as u16);
        w.u32(32, if v6 { 2 } else { 1 });
        w.put(40, &addr[..alen]);
        w.u16(104, alen as u16);
        w.put(112, &addr[..alen]);
        w.u32(368, 1);
        w.u64(376, host.boot_timestamp());
        w.u64(384, 0);
        host.mcast_group(corosync_wire::exec::GROUP_MAIN, &b)
    }

    fn evt_chancmd(host: &mut dyn SyncHost, op: u32) -> Result<(), QueueFull> {
        let mut b = [0u8; 24];
        let mut w = Writer::new(&mut b);
        RequestHeader {
            size: 24,
            id: make_id(ServiceId::EVT, EVT_CHANCMD),
        }
        .encode(&mut w);
        w.u32(16, op);
        host.mcast_group(corosync_wire::exec::GROUP_MAIN, &b)
    }

    fn evt_process(&mut self, host: &mut dyn SyncHost) -> bool {
        if self.evt.state == EvtState::PartOne {
            if Self::evt_chancmd(host, EVT_OPEN_COUNT_DONE).is_err() {
                return false;
            }
            self.evt.state = EvtState::PartTwo;
        }
        if self.evt.state == EvtState::PartThree {
            if Self::evt_chancmd(host, EVT_CONF_DONE).is_err() {
                return false;
            }
            self.evt.state = EvtState::PartFour;
        }
        self.evt.state == EvtState::Done
    }

    /// An EVT executive message while the EVT engine is not loaded.
    pub fn evt_compat_deliver(&mut self, function: u16, msg: &[u8], swap: bool) {
        if function != EVT_CHANCMD {
            return;
        }
        let Ok(op) = Reader::with_swap(msg, swap).u32(16) else {
            return;
        };
        let done = match op {
            EVT_OPEN_COUNT_DONE => EvtState::PartThree,
            EVT_CONF_DONE => EvtState::Done,
            _ => return,
        };
        self.evt.checked_in += 1;
        if self.evt.checked_in == self.evt.member_entries {
            self.evt.state = done;
            self.evt.checked_in = 0;
        }
    }

    // ---- configuration changes ------------------------------------------

    /// A configuration change, after the executive told the engines.
    /// `sync_was_running` is whether the previous synchronisation had not
    /// completed yet.
    pub fn confchg(
        &mut self,
        host: &mut dyn SyncHost,
        transitional: bool,
        members: &[NodeId],
        ring: RawRingId,
        sync_was_running: bool,
    ) {
        if sync_was_running {
            self.v2_abort(host);
        }
        match self.compat {
            Compatibility::None => {
                if transitional {
                    host.log(
                        crate::log::Subsys::SYNCV2,
                        Level::Debug,
                        format_args!("saving transitional configuration\n"),
                    );
                    self.v2.trans = members.to_vec();
                } else {
                    self.v2_start(host, members, ring);
                }
            }
            Compatibility::Whitetank => self.v1_confchg(host, transitional, members, ring),
        }
    }

    fn v1_confchg(
        &mut self,
        host: &mut dyn SyncHost,
        transitional: bool,
        members: &[NodeId],
        ring: RawRingId,
    ) {
        self.v1.ring = Some(ring);
        if transitional {
            self.v1.trans = members.to_vec();
            return;
        }
        self.v1.members = members.to_vec();
        // sync v2 forgets the senders it recorded for the old ring
        self.v2.determine_list.clear();
        self.v2.determine_ring = RawRingId::ZERO;
        if self.v1.processing
            && self.v1.activate_pending
            && let Some((e, _)) = self.v1.current
        {
            Self::engine_abort(host, e);
        }
        self.v1.activate_pending = false;
        // tell sync v2 which nodes run it
        self.v2.determine_ring = ring;
        let _ = host.mcast_group(GROUP_V2, &ring_message(V2_MEMB_DETERMINE, &ring));
        host.log(
            crate::log::Subsys::SYNC,
            Level::Debug,
            format_args!("This node is within the primary component and will provide service.\n"),
        );
        self.v1.processing = true;
        self.v1.recovery_index = 0;
        self.v1.barrier = members.iter().map(|&n| (n, false)).collect();
        self.v1.work = V1Work::SendBarrier;
    }

    /// The local node sent the token: run the waiting work.
    pub fn token_sent(&mut self, host: &mut dyn SyncHost) {
        match self.v1.work {
            V1Work::None => {}
            V1Work::SendBarrier => {
                if let Some(ring) = self.v1.ring
                    && host.mcast_group(GROUP_V1, &ring_message(0, &ring)).is_ok()
                {
                    self.v1.work = V1Work::None;
                }
            }
            V1Work::Process => {
                if Some(self.v1.deliver_ring) == self.v1.ring {
                    let done = match self.v1.current {
                        Some((e, _)) => self.engine_process(host, e),
                        None => true,
                    };
                    if done {
                        self.v1.work = V1Work::SendBarrier;
                    }
                }
            }
        }
        if self.v2.work {
            self.v2_work(host);
        }
    }

    /// A message in group "sync" (the v1 barrier).
    pub fn deliver_v1(&mut self, host: &mut dyn SyncHost, nodeid: NodeId, msg: &[u8], swap: bool) {
        let Some(ring) = RawRingId::decode(msg, 16, swap) else {
            return;
        };
        host.log(
            crate::log::Subsys::SYNC,
            Level::Debug,
            format_args!("confchg entries {}\n", self.v1.barrier.len()),
        );
        let Some(my_ring) = self.v1.ring else {
            host.log(
                crate::log::Subsys::SYNC,
                Level::Debug,
                format_args!("Initial sync was not yet proceed. Ignoring sync msg\n"),
            );
            return;
        };
        self.v1.deliver_ring = ring;
        if ring != my_ring {
            return;
        }
        if let Some(b) = self.v1.barrier.iter_mut().find(|b| b.0 == nodeid) {
            b.1 = true;
            host.log(
                crate::log::Subsys::SYNC,
                Level::Debug,
                format_args!("Barrier Start Received From {nodeid}\n"),
            );
        }
        if !self.v1.barrier.iter().all(|b| b.1) {
            return;
        }
        host.log(
            crate::log::Subsys::SYNC,
            Level::Debug,
            format_args!("Synchronization barrier completed\n"),
        );
        if self.v1.activate_pending
            && let Some((e, name)) = self.v1.current
        {
            Self::engine_activate(host, e);
            host.log(
                crate::log::Subsys::SYNC,
                Level::Debug,
                format_args!("Committing synchronization for ({name})\n"),
            );
        }
        for b in &mut self.v1.barrier {
            b.1 = false;
        }
        self.v1_load_next(host);
        if self.v1.processing {
            if let Some((e, name)) = self.v1.current {
                host.log(
                    crate::log::Subsys::SYNC,
                    Level::Debug,
                    format_args!("Synchronization actions starting for ({name})\n"),
                );
                let (trans, members) = (self.v1.trans.clone(), self.v1.members.clone());
                self.engine_init(host, e, &trans, &members, ring.ring());
                self.v1.work = V1Work::Process;
            }
        } else {
            let members = self.v1.members.clone();
            self.v2_start(host, &members, my_ring);
        }
    }

    /// Advances to the next v1 engine that has an init; at the end of the
    /// list v1 is over.
    fn v1_load_next(&mut self, host: &mut dyn SyncHost) {
        loop {
            let Some((engine, has_init, name)) = Self::v1_engine(host, self.v1.recovery_index)
            else {
                self.v1.processing = false;
                self.v1.current = None;
                self.v1.activate_pending = false;
                return;
            };
            self.v1.recovery_index += 1;
            if has_init {
                let name = if let Engine::Loaded { id, .. } = engine {
                    // engine names live as long as the engines
                    leak_name(host.engine_name(id))
                } else {
                    name
                };
                self.v1.current = Some((engine, name));
                self.v1.activate_pending = true;
                return;
            }
        }
    }

    // ---- sync v2 ----------------------------------------------------------

    fn v2_engine(&self, host: &dyn SyncHost, id: u32) -> Option<(Engine, String)> {
        if self.compat == Compatibility::None
            && (id == ServiceId::CLM.0 || id == ServiceId::EVT.0)
            && host.engine_sync_mode(id).is_none()
        {
            let (e, _, name) = Self::compat_engine(id)?;
            return Some((e, name.to_string()));
        }
        let mode = host.engine_sync_mode(id)?;
        match (self.compat, mode) {
            (_, SyncMode::None) => None,
            (Compatibility::Whitetank, m) if m != SyncMode::V2 => None,
            (_, m) => Some((
                Engine::Loaded {
                    id,
                    apiv2: m == SyncMode::V1ApiV2,
                },
                host.engine_name(id),
            )),
        }
    }

    fn v2_start(&mut self, host: &mut dyn SyncHost, members: &[NodeId], ring: RawRingId) {
        self.v2.ring = ring;
        self.v2.ring_valid = true;
        let list = if self.v2.determine {
            self.v2.determine = false;
            self.v2.determine_list.clone()
        } else {
            members.to_vec()
        };
        self.v2.state = V2State::ServiceListBuild;
        self.v2.processors = list.iter().map(|&n| (n, false)).collect();
        self.v2.members = list;
        self.v2.index = 0;
        self.v2.services.clear();
        for id in 0..64u32 {
            if let Some((engine, name)) = self.v2_engine(host, id) {
                self.v2.services.push(V2Entry {
                    id,
                    engine,
                    step: V2Step::Init,
                    name,
                });
            }
        }
        let mut b = [0u8; SERVICE_BUILD_SIZE];
        let mut w = Writer::new(&mut b);
        RequestHeader {
            size: SERVICE_BUILD_SIZE as i32,
            id: V2_SERVICE_BUILD,
        }
        .encode(&mut w);
        w.put(16, &self.v2.ring.0);
        w.i32(48, self.v2.services.len() as i32);
        for (i, s) in self.v2.services.iter().enumerate() {
            w.i32(56 + 4 * i, s.id as i32);
        }
        let _ = host.mcast_group(GROUP_V2, &b);
    }

    fn v2_abort(&mut self, host: &mut dyn SyncHost) {
        if self.v2.state == V2State::Process {
            self.v2.work = false;
            if let Some(s) = self.v2.services.get(self.v2.index) {
                Self::engine_abort(host, s.engine);
            }
        }
        self.v2.ring = RawRingId::ZERO;
        self.v2.ring_valid = false;
    }

    /// A message in group "syncv2". These are never byte-swapped by the
    /// original, so a foreign-endian sender's ring id never matches.
    pub fn deliver_v2(&mut self, host: &mut dyn SyncHost, nodeid: NodeId, msg: &[u8]) {
        let r = Reader::new(msg);
        let Ok(header) = RequestHeader::decode(&r) else {
            return;
        };
        let Some(ring) = RawRingId::decode(msg, 16, false) else {
            return;
        };
        match header.id {
            V2_BARRIER => self.v2_barrier(host, nodeid, ring),
            V2_SERVICE_BUILD => self.v2_service_build(host, nodeid, ring, &r),
            V2_MEMB_DETERMINE => {
                if ring != self.v2.determine_ring {
                    return;
                }
                self.v2.determine = true;
                if !self.v2.determine_list.contains(&nodeid) {
                    self.v2.determine_list.push(nodeid);
                }
            }
            _ => {}
        }
    }

    fn v2_service_build(
        &mut self,
        host: &mut dyn SyncHost,
        nodeid: NodeId,
        ring: RawRingId,
        r: &Reader<'_>,
    ) {
        if !self.v2.ring_valid || ring != self.v2.ring {
            return;
        }
        let n = r.i32(48).unwrap_or(0).clamp(0, SERVICE_LIST_MAX as i32) as usize;
        let mut added = false;
        for i in 0..n {
            let Ok(id) = r.i32(56 + 4 * i) else {
                break;
            };
            if id < 0 || self.v2.services.iter().any(|s| s.id == id as u32) {
                continue;
            }
            if self.v2.services.len() >= SERVICE_LIST_MAX {
                break;
            }
            self.v2.services.push(V2Entry {
                id: id as u32,
                engine: Engine::Noop,
                step: V2Step::Init,
                name: format!("External Service (id = {id})\n"),
            });
            added = true;
        }
        if added {
            self.v2.services.sort_by_key(|s| s.id);
        }
        for p in &mut self.v2.processors {
            if p.0 == nodeid {
                p.1 = true;
            }
        }
        if self.v2.processors.iter().all(|p| p.1) {
            self.v2_process_enter(host);
        }
    }

    fn v2_process_enter(&mut self, host: &mut dyn SyncHost) {
        self.v2.state = V2State::Process;
        if self.v2.services.is_empty() {
            self.v2.state = V2State::ServiceListBuild;
            self.v2.determine_list.clear();
            host.completed();
            return;
        }
        for p in &mut self.v2.processors {
            p.1 = false;
        }
        self.v2.work = true;
    }

    /// The scheduled work of sync v2: init then process the current engine
    /// until it is done, then send the barrier.
    fn v2_work(&mut self, host: &mut dyn SyncHost) {
        let idx = self.v2.index;
        let Some(entry) = self.v2.services.get(idx) else {
            self.v2.work = false;
            return;
        };
        let engine = entry.engine;
        if entry.step == V2Step::Init {
            self.v2.services[idx].step = V2Step::Process;
            let apiv2 = matches!(engine, Engine::Loaded { apiv2: true, .. });
            if apiv2 {
                let members = self.v2.members.clone();
                self.v2.trans.retain(|t| members.contains(t));
                let trans = self.v2.trans.clone();
                self.engine_init(host, engine, &trans, &members, self.v2.ring.ring());
            } else {
                let members = self.v2.members.clone();
                self.engine_init(host, engine, &[], &members, self.v2.ring.ring());
            }
        }
        if self.v2.services[idx].step == V2Step::Process && self.engine_process(host, engine) {
            self.v2.work = false;
            self.v2.state = V2State::Barrier;
            let _ = host.mcast_group(GROUP_V2, &ring_message(V2_BARRIER, &self.v2.ring));
        }
    }

    fn v2_barrier(&mut self, host: &mut dyn SyncHost, nodeid: NodeId, ring: RawRingId) {
        if !self.v2.ring_valid || ring != self.v2.ring {
            return;
        }
        for p in &mut self.v2.processors {
            if p.0 == nodeid {
                p.1 = true;
            }
        }
        if !self.v2.processors.iter().all(|p| p.1) {
            return;
        }
        let idx = self.v2.index;
        if let Some(s) = self.v2.services.get_mut(idx) {
            host.log(
                crate::log::Subsys::SYNCV2,
                Level::Debug,
                format_args!("Committing synchronization for {}\n", s.name),
            );
            s.step = V2Step::Activate;
            let e = s.engine;
            Self::engine_activate(host, e);
        }
        self.v2.index += 1;
        if self.v2.index >= self.v2.services.len() {
            self.v2.determine_list.clear();
            host.completed();
        } else {
            self.v2_process_enter(host);
        }
    }
}

/// Engine names are static strings in practice; the few owned ones are
/// interned so phase names can be kept without lifetimes.
fn leak_name(s: String) -> &'static str {
    use std::collections::HashSet;
    use std::sync::Mutex;
    static NAMES: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut g = NAMES.lock().unwrap_or_else(|p| p.into_inner());
    let set = g.get_or_insert_with(HashSet::new);
    if let Some(n) = set.get(s.as_str()) {
        return n;
    }
    let leaked: &'static str = Box::leak(s.into_boxed_str());
    set.insert(leaked);
    leaked
}

#[cfg(test)]
mod tests;
