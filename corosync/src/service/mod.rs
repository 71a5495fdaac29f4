//! Service engines: the shape of the original `corosync_service_engine`
//! as a trait, and what the executive offers them ([`Api`]).
//!
//! An engine is a state machine. It never touches sockets or shared
//! memory: replies, callbacks and multicasts go through the [`Api`], so the
//! engines are tested with a recording implementation of it.

pub mod cfg;
pub mod confdb;
pub mod cpg;
pub mod evs;
pub mod pload;
pub mod quorum;
#[cfg(test)]
pub(crate) mod testkit;
pub mod votequorum;
pub mod ykd;

use corosync_wire::ipc::ServiceId;

/// Identifies one client connection in the executive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnId(pub u64);

/// A totem node id.
pub type NodeId = u32;

/// A ring id as services see it: the representative's node id and the
/// sequence number, plus the 30 raw bytes for byte-exact comparisons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RingId {
    pub rep_nodeid: NodeId,
    pub seq: u64,
}

/// Whether a library request may be refused with TRY_AGAIN while totem is
/// congested or a synchronisation is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowControl {
    Required,
    NotRequired,
}

/// How an engine takes part in the synchronisation after a
/// configuration change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMode {
    /// No synchronisation.
    None,
    /// Sync v1, init receives the member list.
    V1,
    /// Sync v1, init receives the transitional and the member list.
    V1ApiV2,
    /// Sync v2.
    V2,
}

/// A configuration change as totem reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfchgKind {
    Transitional,
    Regular,
}

/// The totem multicast queue has no room for the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueFull;

/// The engine cannot finish `lib_exit` now (it could not multicast);
/// the executive calls it again later.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retry;

/// What the executive offers an engine while it handles an event.
pub trait Api {
    /// This node's id.
    fn nodeid(&self) -> NodeId;
    /// The interface addresses of `nodeid` as the original prints them,
    /// e.g. `r(0) ip(10.0.0.1) `.
    fn ifaces_print(&self, nodeid: NodeId) -> String;
    /// Sends the reply to the request being handled on `conn`.
    fn respond(&mut self, conn: ConnId, msg: &[u8]);
    /// Queues a callback for `conn` (the concatenation of `iov`).
    fn dispatch(&mut self, conn: ConnId, iov: &[&[u8]]);
    /// Multicasts an executive message in group "a", agreed order.
    fn mcast(&mut self, iov: &[&[u8]]) -> Result<(), QueueFull>;
    /// Logs a line under this engine's subsystem.
    fn log(&mut self, level: crate::log::Level, text: std::fmt::Arguments<'_>);
    /// The object database: the loaded configuration and the runtime tree.
    fn objdb(&mut self) -> &mut objdb::ObjDb;

    // ---- for the cfg engine (defaults: an executive without rings) ----
    /// Each local ring: (address as text, RRP status text).
    fn ring_status(&self) -> Vec<(String, String)> {
        Vec::new()
    }
    /// Clears the faulty state of every local ring.
    fn ring_reenable(&mut self) {}
    /// The ring addresses of a current or just-left member as
    /// (family AF_INET/AF_INET6, 16 address bytes); empty when unknown.
    fn node_addrs(&self, _nodeid: NodeId) -> Vec<(u32, [u8; 16])> {
        Vec::new()
    }
    /// Whether the transmit security may be switched to `kind`.
    fn crypto_set(&mut self, _kind: u32) -> bool {
        false
    }
    /// Asks for an orderly shutdown of the executive (after this event).
    fn shutdown_request(&mut self) {}
    /// Asks for an engine to be loaded or unloaded (cfg); the executive
    /// carries it out after this event, as the original schedules it.
    fn service_op(&mut self, _op: ServiceOp) {}
    /// Ends the process at once, as the original's fatal error exit does
    /// (status -1); `at` names the place for the log line.
    fn fatal_exit(&mut self, at: &str) {
        let _ = at;
    }
    /// Quorum provider: reports the quorum view (`set_quorum` of the
    /// original's provider interface). The executive applies it after the
    /// current event: the quorate flag and every engine's
    /// [`Service::quorum_changed`].
    fn set_quorum(&mut self, _members: &[NodeId], _quorate: bool, _ring: RingId) {}
    /// Multicasts in another totempg group the executive joined (the YKD
    /// provider's "ykd"), agreed order.
    fn mcast_group(&mut self, _group: &'static [u8], _iov: &[&[u8]]) -> Result<(), QueueFull> {
        Err(QueueFull)
    }
    /// Monotonic clock in nanoseconds (timers of the engines).
    fn now_ns(&self) -> u64 {
        0
    }
    /// Ends the executive with `status` after logging where
    /// (`fatal_error` of the original's API).
    fn fatal_error(&mut self, _status: i32, _file: &str, _line: u32) {}
    /// `object_reload_config`: reload notifications around the loaders'
    /// reload; the error text on failure.
    fn config_reload(&mut self, _flush: bool) -> Result<(), String> {
        Err("configuration reload is not available here".to_string())
    }
    /// `object_write_config`: the loaders write the database back.
    fn config_write(&mut self) -> Result<(), String> {
        Err("configuration write is not available here".to_string())
    }
}

/// One service engine.
pub trait Service: Send {
    fn id(&self) -> ServiceId;
    /// The engine name printed when it is loaded.
    fn name(&self) -> &'static str;
    /// Flow-control class of each library request id; the length is the
    /// number of library functions.
    fn lib_handlers(&self) -> &'static [FlowControl];
    /// Whether library requests are served while the node is inquorate.
    fn allow_inquorate(&self) -> bool {
        false
    }
    /// Whether the engine accepts client connections.
    fn accepts_clients(&self) -> bool {
        !self.lib_handlers().is_empty()
    }
    fn lib_init(&mut self, _api: &mut dyn Api, _conn: ConnId) {}
    fn lib_exit(&mut self, _api: &mut dyn Api, _conn: ConnId) -> Result<(), Retry> {
        Ok(())
    }
    /// Handles library request `id` (already checked to be in range) with
    /// the whole message `msg`. Must answer with `api.respond`.
    fn lib_request(&mut self, api: &mut dyn Api, conn: ConnId, id: i32, msg: &[u8]);
    /// Handles executive message `function` from `nodeid`; `swap` when the
    /// sender's byte order differs from ours.
    fn exec_message(
        &mut self,
        _api: &mut dyn Api,
        _nodeid: NodeId,
        _function: u16,
        _msg: &[u8],
        _swap: bool,
    ) {
    }
    /// Number of executive functions; messages beyond are dropped.
    fn exec_handler_count(&self) -> u16 {
        0
    }
    fn confchg(
        &mut self,
        _api: &mut dyn Api,
        _kind: ConfchgKind,
        _members: &[NodeId],
        _left: &[NodeId],
        _joined: &[NodeId],
        _ring: RingId,
    ) {
    }
    fn sync_mode(&self) -> SyncMode {
        SyncMode::None
    }
    fn sync_init(
        &mut self,
        _api: &mut dyn Api,
        _trans: &[NodeId],
        _members: &[NodeId],
        _ring: RingId,
    ) {
    }
    /// Returns true when this engine's part of the synchronisation is done;
    /// false asks to be called again after the next token.
    fn sync_process(&mut self, _api: &mut dyn Api) -> bool {
        true
    }
    fn sync_activate(&mut self, _api: &mut dyn Api) {}
    fn sync_abort(&mut self, _api: &mut dyn Api) {}
    /// Whether the executive checks the size an executive message claims
    /// in its header against the delivered length (and cuts it there).
    /// Engines whose senders claim other sizes answer false and get the
    /// whole delivered message.
    fn exec_header_size_checked(&self) -> bool {
        true
    }
    /// Whether the engine has work to continue when totem next sends the
    /// token (the original's scheduled work, e.g. multicasting until
    /// totem's queue is full).
    fn wants_token(&self) -> bool {
        false
    }
    /// Called after each token sent while [`Service::wants_token`].
    fn token_sent(&mut self, _api: &mut dyn Api) {}
    /// After all clients were disconnected at shutdown: whether the engine
    /// has nothing of this node left to announce to the cluster.
    fn quiescent(&self, _me: NodeId) -> bool {
        true
    }
    /// When the engine's timer (if any) is due.
    fn timer_deadline(&self) -> Option<std::time::Instant> {
        None
    }
    /// Called once the time given by [`Service::timer_deadline`] passed.
    fn timer_expired(&mut self, _api: &mut dyn Api) {}
    /// Called once after all engines were created, before totem runs
    /// (`exec_init_fn`).
    fn exec_init(&mut self, _api: &mut dyn Api) {}
    /// The quorum provider reported a quorum view (the original's internal
    /// quorum callbacks; the quorum engine notifies its clients here).
    fn quorum_changed(
        &mut self,
        _api: &mut dyn Api,
        _members: &[NodeId],
        _quorate: bool,
        _ring: RingId,
    ) {
    }
    /// Called about ten times a second with the monotonic time; engines
    /// with timers check them here.
    fn timer_tick(&mut self, _api: &mut dyn Api, _now_ns: u64) {}
    /// A message of totempg group `group` other than the executive's own
    /// ("ykd"), for the engine that serves it.
    fn group_message(
        &mut self,
        _api: &mut dyn Api,
        _group: &[u8],
        _nodeid: NodeId,
        _msg: &[u8],
        _swap: bool,
    ) {
    }
    /// A change tracker this engine registered (owner = a connection id)
    /// has a notification from the object database.
    fn objdb_notify(&mut self, _api: &mut dyn Api, _note: &objdb::Notification) {}
}

/// Owner of the object-database trackers engines register for themselves
/// (as the original's engines call `object_track_start`): their
/// notifications go to every engine's [`Service::objdb_notify`], the
/// clients' ones to confdb.
pub const ENGINE_TRACKER_OWNER: u64 = u64::MAX - 0xe9e;

/// Registers an engine's tracker for key changes on `handle`.
pub fn track_keys(
    objdb: &mut objdb::ObjDb,
    handle: objdb::ObjectHandle,
    depth: objdb::TrackDepth,
) -> Option<objdb::TrackerId> {
    objdb
        .object_track_start(
            handle,
            objdb::TrackSpec::key_changes(depth, ENGINE_TRACKER_OWNER),
        )
        .ok()
}

/// A run-time change of the loaded engines (`corosync_cfg_service_load`
/// and `_unload`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServiceOp {
    Load { name: Vec<u8>, ver: u32 },
    Unload { name: Vec<u8>, ver: u32 },
}
