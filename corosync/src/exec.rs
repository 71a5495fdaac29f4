//! The executive's protocol state behind one lock: the ordering layer,
//! the client connections, the service engines and the synchronisation.
//! The main loop and the per-connection workers take the lock, feed one
//! event in, and let [`Executive::pump`] carry out what follows.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use coroipc::Mapping;
use coroipc::shm::OpenPolicy;
use corosync_wire::CsError;
use corosync_wire::bytes::Reader;
use corosync_wire::exec::{ExecHeader, GROUP_MAIN};
use corosync_wire::ipc::control::Semaphore;
use corosync_wire::ipc::{RequestHeader, ResponseHeader, ServiceId, zero_copy};

use crate::ipc::{ConnShared, Credentials, Ipc};
use crate::log::Level;
use crate::service::{
    Api, ConfchgKind, ConnId, FlowControl, NodeId, QueueFull, RingId, Service, SyncMode,
};
use crate::sync::{Compatibility, GROUP_V1, GROUP_V2, RawRingId, Sync, SyncHost};
use crate::totemglue::{Delivery, Glue, GlueEvent, Reserve};

/// The engines, indexed by service id.
pub struct Services {
    slots: Vec<Option<Box<dyn Service>>>,
}

impl Default for Services {
    fn default() -> Self {
        Self::new()
    }
}

impl Services {
    pub fn new() -> Services {
        Services {
            slots: (0..ServiceId::MAX).map(|_| None).collect(),
        }
    }

    pub fn add(&mut self, s: Box<dyn Service>) {
        let id = s.id().0 as usize;
        if id < self.slots.len() {
            self.slots[id] = Some(s);
        }
    }

    pub fn get(&self, id: ServiceId) -> Option<&dyn Service> {
        self.slots.get(id.0 as usize)?.as_deref()
    }

    pub fn get_mut(&mut self, id: ServiceId) -> Option<&mut Box<dyn Service>> {
        self.slots.get_mut(id.0 as usize)?.as_mut()
    }

    pub fn remove(&mut self, id: ServiceId) -> Option<Box<dyn Service>> {
        self.slots.get_mut(id.0 as usize)?.take()
    }

    pub fn loaded(&self) -> impl Iterator<Item = &dyn Service> {
        self.slots.iter().filter_map(|s| s.as_deref())
    }

    fn ids(&self) -> Vec<ServiceId> {
        self.loaded().map(|s| s.id()).collect()
    }
}

/// What engines see of the executive while they handle an event.
struct Ctx<'a> {
    ipc: &'a mut Ipc,
    glue: &'a mut Glue,
    objdb: &'a mut objdb::ObjDb,
    subsys: crate::log::Subsys,
    /// Set by an engine asking for an orderly shutdown (cfg).
    shutdown_requested: &'a mut bool,
    quorum: &'a mut Vec<QuorumReport>,
    service_ops: &'a mut Vec<crate::service::ServiceOp>,
}

/// A quorum view a provider reported, applied after the event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuorumReport {
    pub members: Vec<NodeId>,
    pub quorate: bool,
    pub ring: RingId,
}

/// Admission of a library request (`sending_allowed` of the original):
/// an inquorate node serves only engines that allow it; flow-controlled
/// requests also need room in totem's queue and no synchronisation
/// running. Refused requests are answered CS_ERR_TRY_AGAIN.
pub fn sending_allowed(
    quorate: bool,
    allow_inquorate: bool,
    flow: FlowControl,
    reserved: bool,
    sync_in_process: bool,
) -> bool {
    (quorate || allow_inquorate)
        && (flow == FlowControl::NotRequired || (reserved && !sync_in_process))
}

/// Monotonic nanoseconds.
pub fn monotonic_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime fills the timespec we pass.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

impl Api for Ctx<'_> {
    fn nodeid(&self) -> NodeId {
        self.glue.nodeid()
    }

    fn ifaces_print(&self, nodeid: NodeId) -> String {
        self.glue.ifaces_print(nodeid)
    }

    fn respond(&mut self, conn: ConnId, msg: &[u8]) {
        // a request that set runtime.blackbox.* is answered after the
        // dump, as the original's tracker callback runs before its reply
        crate::blackbox::objdb_poll(self.objdb);
        self.ipc.respond(conn, msg);
    }

    fn dispatch(&mut self, conn: ConnId, iov: &[&[u8]]) {
        self.ipc.dispatch(conn, iov);
    }

    fn mcast(&mut self, iov: &[&[u8]]) -> Result<(), QueueFull> {
        if let Some(first) = iov.first() {
            crate::runtime::count_tx(self.objdb, first);
        }
        self.glue.mcast(GROUP_MAIN, iov)
    }

    fn log(&mut self, level: Level, text: std::fmt::Arguments<'_>) {
        crate::log::emit(self.subsys, level, text);
    }

    fn objdb(&mut self) -> &mut objdb::ObjDb {
        self.objdb
    }

    fn ring_status(&self) -> Vec<(String, String)> {
        self.glue.ring_status()
    }

    fn ring_reenable(&mut self) {
        self.glue.ring_reenable();
    }

    fn node_addrs(&self, nodeid: NodeId) -> Vec<(u32, [u8; 16])> {
        self.glue.node_addrs(nodeid)
    }

    fn crypto_set(&mut self, kind: u32) -> bool {
        self.glue.crypto_set(kind)
    }

    fn shutdown_request(&mut self) {
        *self.shutdown_requested = true;
    }

    fn service_op(&mut self, op: crate::service::ServiceOp) {
        self.service_ops.push(op);
    }

    fn fatal_exit(&mut self, at: &str) {
        crate::log_printf!(
            MAIN,
            Error,
            "Corosync Cluster Engine exiting with status -1 at {at}.\n"
        );
        logsys::global().shutdown();
        std::process::exit(255);
    }

    fn set_quorum(&mut self, members: &[NodeId], quorate: bool, ring: RingId) {
        self.quorum.push(QuorumReport {
            members: members.to_vec(),
            quorate,
            ring,
        });
    }

    fn now_ns(&self) -> u64 {
        monotonic_ns()
    }

    fn mcast_group(&mut self, group: &'static [u8], iov: &[&[u8]]) -> Result<(), QueueFull> {
        self.glue.mcast(group, iov)
    }

    fn fatal_error(&mut self, status: i32, file: &str, line: u32) {
        crate::log_printf!(
            MAIN,
            Error,
            "Corosync Cluster Engine exiting with status {status} at {file}:{line}.\n"
        );
        logsys::global().shutdown();
        std::process::exit(status);
    }

    fn config_reload(&mut self, flush: bool) -> Result<(), String> {
        crate::runtime::config_reload(self.objdb, flush)
    }

    fn config_write(&mut self) -> Result<(), String> {
        crate::runtime::config_write(self.objdb)
    }
}

fn subsys_of(id: ServiceId) -> crate::log::Subsys {
    use crate::log::Subsys;
    match id {
        ServiceId::CPG => Subsys::CPG,
        ServiceId::EVS => Subsys::EVS,
        ServiceId::CFG => Subsys::CFG,
        ServiceId::CONFDB => Subsys::CONFDB,
        ServiceId::QUORUM => Subsys::QUORUM,
        ServiceId::VOTEQUORUM => Subsys::VOTEQ,
        ServiceId::PLOAD => Subsys::PLOAD,
        _ => Subsys::SERV,
    }
}

/// The synchronisation's view of the executive.
struct SyncCtx<'a> {
    services: &'a mut Services,
    ipc: &'a mut Ipc,
    glue: &'a mut Glue,
    objdb: &'a mut objdb::ObjDb,
    sync_in_process: &'a mut bool,
    boot_timestamp: u64,
    shutdown_requested: &'a mut bool,
    quorum: &'a mut Vec<QuorumReport>,
    service_ops: &'a mut Vec<crate::service::ServiceOp>,
}

impl SyncCtx<'_> {
    fn with_engine<R>(
        &mut self,
        id: u32,
        f: impl FnOnce(&mut dyn Service, &mut Ctx<'_>) -> R,
    ) -> Option<R> {
        let sid = ServiceId(id);
        let svc = self.services.get_mut(sid)?;
        let mut ctx = Ctx {
            ipc: self.ipc,
            glue: self.glue,
            objdb: self.objdb,
            subsys: subsys_of(sid),
            shutdown_requested: self.shutdown_requested,
            quorum: self.quorum,
            service_ops: self.service_ops,
        };
        Some(f(svc.as_mut(), &mut ctx))
    }
}

impl SyncHost for SyncCtx<'_> {
    fn nodeid(&self) -> NodeId {
        self.glue.nodeid()
    }

    fn mcast_group(&mut self, group: &'static [u8], msg: &[u8]) -> Result<(), QueueFull> {
        self.glue.mcast(group, &[msg])
    }

    fn engine_sync_mode(&self, id: u32) -> Option<SyncMode> {
        self.services.get(ServiceId(id)).map(|s| s.sync_mode())
    }

    fn engine_name(&self, id: u32) -> String {
        self.services
            .get(ServiceId(id))
            .map(|s| s.name().to_string())
            .unwrap_or_default()
    }

    fn engine_init(&mut self, id: u32, trans: &[NodeId], members: &[NodeId], ring: RingId) {
        self.with_engine(id, |s, c| s.sync_init(c, trans, members, ring));
    }

    fn engine_process(&mut self, id: u32) -> bool {
        self.with_engine(id, |s, c| s.sync_process(c))
            .unwrap_or(true)
    }

    fn engine_activate(&mut self, id: u32) {
        self.with_engine(id, |s, c| s.sync_activate(c));
    }

    fn engine_abort(&mut self, id: u32) {
        self.with_engine(id, |s, c| s.sync_abort(c));
    }

    fn my_address(&self) -> (String, bool) {
        self.glue.my_address()
    }

    fn boot_timestamp(&self) -> u64 {
        self.boot_timestamp
    }

    fn completed(&mut self) {
        crate::log_printf!(
            MAIN,
            Notice,
            "Completed service synchronization, ready to provide service.\n"
        );
        *self.sync_in_process = false;
        self.glue.trans_ack();
    }

    fn log(&mut self, subsys: crate::log::Subsys, level: Level, text: std::fmt::Arguments<'_>) {
        crate::log::emit(subsys, level, text);
    }
}

/// The protocol state of the executive.
pub struct Executive {
    /// Set by the last request refused because the new-message queue was
    /// full: the queue's free entries at that moment. The worker that
    /// answered waits for room before it takes the client's retry.
    pub refused_full: Option<usize>,
    pub glue: Glue,
    pub ipc: Ipc,
    pub services: Services,
    /// The configuration and runtime object database engines read and
    /// write (confdb serves it to clients).
    pub objdb: objdb::ObjDb,
    pub sync: Sync,
    /// From each configuration change until the synchronisation ends,
    /// flow-controlled requests are answered TRY_AGAIN.
    pub sync_in_process: bool,
    /// Without a quorum provider the node is always quorate.
    pub quorate: bool,
    /// Quorum views reported during the current event.
    quorum_reports: Vec<QuorumReport>,
    last_tick: u64,
    /// Connections whose lib_exit asked to be called again.
    exit_retry: Vec<ConnId>,
    /// Engine loads and unloads asked for during the current event.
    service_ops: Vec<crate::service::ServiceOp>,
    /// Engines being unloaded: they take no new clients and go once their
    /// clients' departures are announced.
    unloading: Vec<(ServiceId, String)>,
    boot_timestamp: u64,
    /// Connections that finished tearing down since the main loop last
    /// looked (their sockets leave the poll set).
    pub closed: Vec<ConnId>,
    /// An engine asked for an orderly shutdown (cfg); the main loop stops.
    pub shutdown_requested: bool,
    /// The `runtime` tree of the object database.
    pub runtime: crate::runtime::Runtime,
}

fn boot_time_ns() -> u64 {
    // SAFETY: sysinfo fills the structure we pass.
    let mut si: libc::sysinfo = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    unsafe { libc::sysinfo(&mut si) };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    now.saturating_sub(si.uptime as u64) * 1_000_000_000
}

impl Executive {
    pub fn new(
        glue: Glue,
        services: Services,
        compat: Compatibility,
        mut objdb: objdb::ObjDb,
    ) -> Executive {
        let runtime = crate::runtime::Runtime::create(&mut objdb);
        Executive {
            refused_full: None,
            runtime,
            glue,
            ipc: Ipc::new(),
            services,
            objdb,
            sync: Sync::new(compat),
            sync_in_process: true,
            quorate: true,
            quorum_reports: Vec::new(),
            last_tick: 0,
            exit_retry: Vec::new(),
            service_ops: Vec::new(),
            unloading: Vec::new(),
            boot_timestamp: boot_time_ns(),
            closed: Vec::new(),
            shutdown_requested: false,
        }
    }

    fn ctx(&mut self, subsys: crate::log::Subsys) -> (&mut Services, Ctx<'_>) {
        (
            &mut self.services,
            Ctx {
                ipc: &mut self.ipc,
                glue: &mut self.glue,
                objdb: &mut self.objdb,
                subsys,
                shutdown_requested: &mut self.shutdown_requested,
                quorum: &mut self.quorum_reports,
                service_ops: &mut self.service_ops,
            },
        )
    }

    fn sync_ctx(&mut self) -> (&mut Sync, SyncCtx<'_>) {
        (
            &mut self.sync,
            SyncCtx {
                services: &mut self.services,
                ipc: &mut self.ipc,
                glue: &mut self.glue,
                objdb: &mut self.objdb,
                sync_in_process: &mut self.sync_in_process,
                boot_timestamp: self.boot_timestamp,
                shutdown_requested: &mut self.shutdown_requested,
                quorum: &mut self.quorum_reports,
                service_ops: &mut self.service_ops,
            },
        )
    }

    // ---- client connections ---------------------------------------------

    /// Whether `service` accepts client connections.
    pub fn service_accepts(&self, service: u32) -> bool {
        service < ServiceId::MAX
            && !self.unloading.iter().any(|(id, _)| id.0 == service)
            && self
                .services
                .get(ServiceId(service))
                .is_some_and(|s| s.accepts_clients())
    }

    /// A connection finished its setup: tell its engine.
    pub fn connection_established(&mut self, id: ConnId) {
        let Some(service) = self.ipc.get(id).map(|c| c.service) else {
            return;
        };
        if let Some(c) = self.ipc.get(id) {
            use std::os::fd::AsRawFd;
            let (pid, fd) = (c.creds.pid, c.shared.sock.as_raw_fd());
            self.runtime
                .connection_created(&mut self.objdb, id, service.0, pid, fd);
        }
        let (services, mut ctx) = self.ctx(subsys_of(service));
        if let Some(s) = services.get_mut(service) {
            s.lib_init(&mut ctx, id);
        }
        self.route_objdb_notifications();
    }

    /// The runtime counters' timer: every 1.5 s the connection and totem
    /// counters are copied into the object database (trackers of
    /// `runtime` hear about the changes), as the original's stats timer.
    pub fn runtime_timer(&mut self) {
        if self.runtime.due(std::time::Instant::now()) {
            self.refresh_runtime();
            self.route_objdb_notifications();
        }
    }

    /// Copies the connection counters into the runtime tree, and the totem
    /// counters when they are due (confdb readers see them at most 1.5 s
    /// old, as the original's stats timer keeps them).
    fn refresh_runtime(&mut self) {
        for id in self.ipc.ids() {
            if let Some(c) = self.ipc.get(id) {
                let stats = c.stats;
                self.runtime.connection_update(&mut self.objdb, id, &stats);
            }
        }
        let now = std::time::Instant::now();
        if !self.runtime.due(now) {
            return;
        }
        let stats = self.glue.totem().stats();
        self.runtime.refresh_totem(&mut self.objdb, &stats, now);
    }

    /// The client went away (or must be dropped): stop its worker and run
    /// its engine's lib_exit, retrying later if the engine asks to.
    pub fn connection_lost(&mut self, id: ConnId) {
        let Some(c) = self.ipc.get_mut(id) else {
            return;
        };
        if c.exit_pending {
            return;
        }
        c.exit_pending = true;
        c.shared.exiting.store(true, Ordering::Release);
        let _ = c.shared.control.post_wake(Semaphore::RequestOrFlushOrExit);
        self.try_exit(id);
    }

    fn try_exit(&mut self, id: ConnId) {
        let Some(service) = self.ipc.get(id).map(|c| c.service) else {
            return;
        };
        let (services, mut ctx) = self.ctx(subsys_of(service));
        let done = match services.get_mut(service) {
            Some(s) => s.lib_exit(&mut ctx, id).is_ok(),
            None => true,
        };
        if done {
            self.exit_retry.retain(|&c| c != id);
            if self.ipc.remove(id).is_some() {
                self.closed.push(id);
            }
            self.runtime.connection_destroyed(&mut self.objdb, id);
            self.route_objdb_notifications();
        } else if !self.exit_retry.contains(&id) {
            self.exit_retry.push(id);
        }
    }

    /// Whether every engine has announced the departure of this node's
    /// clients (see [`Service::quiescent`]).
    pub fn services_quiescent(&self) -> bool {
        let me = self.glue.nodeid();
        self.services.loaded().all(|s| s.quiescent(me))
    }

    /// Whether a client has not yet taken a reply the executive posted
    /// (its response semaphore is still up). At shutdown the executive
    /// waits for these, so that the reply to the request that caused the
    /// shutdown (cfg try_shutdown) is read before the connection closes.
    pub fn responses_unread(&self) -> bool {
        self.ipc.ids().into_iter().any(|id| {
            self.ipc
                .get(id)
                .is_some_and(|c| c.shared.control.get_value(Semaphore::Response) > 0)
        })
    }

    /// Whether some lib_exit waits to be retried.
    pub fn exits_pending(&self) -> bool {
        !self.exit_retry.is_empty()
    }

    /// Retries the lib_exit calls that could not finish.
    pub fn retry_exits(&mut self) {
        for id in self.exit_retry.clone() {
            self.try_exit(id);
        }
        self.finish_unloads();
    }

    /// Carries out the engine loads and unloads asked for (cfg).
    fn run_service_ops(&mut self) {
        for op in std::mem::take(&mut self.service_ops) {
            match op {
                crate::service::ServiceOp::Unload { name, ver } => self.service_unload(&name, ver),
                crate::service::ServiceOp::Load { name, ver } => self.service_load(&name, ver),
            }
        }
    }

    /// `service_unlink_and_exit`: the engine loaded under `name` and `ver`
    /// stops taking clients; its clients are disconnected (their departure
    /// announced as for any client that goes), then it is removed.
    fn service_unload(&mut self, name: &[u8], ver: u32) {
        let Some(id) = crate::runtime::Runtime::loaded_service_id(&self.objdb, name, ver) else {
            return;
        };
        let sid = ServiceId(id);
        if self.services.get(sid).is_none() || self.unloading.iter().any(|(u, _)| *u == sid) {
            return;
        }
        self.unloading
            .push((sid, String::from_utf8_lossy(name).into_owned()));
        for conn in self.ipc.ids() {
            if self.ipc.get(conn).is_some_and(|c| c.service == sid) {
                self.connection_lost(conn);
            }
        }
        self.finish_unloads();
    }

    /// Removes the engines being unloaded whose clients are all gone.
    fn finish_unloads(&mut self) {
        if self.unloading.is_empty() {
            return;
        }
        let busy: Vec<ServiceId> = self
            .ipc
            .ids()
            .into_iter()
            .filter_map(|c| self.ipc.get(c).map(|c| c.service))
            .collect();
        let (done, wait): (Vec<_>, Vec<_>) = std::mem::take(&mut self.unloading)
            .into_iter()
            .partition(|(sid, _)| !busy.contains(sid));
        self.unloading = wait;
        for (sid, name) in done {
            if let Some(s) = self.services.remove(sid) {
                crate::log_printf!(SERV, Notice, "Service engine unloaded: {}\n", s.name());
            }
            self.runtime.service_unloaded(&mut self.objdb, &name, sid.0);
        }
        self.route_objdb_notifications();
    }

    /// `corosync_service_link_and_init` at run time: a built-in engine that
    /// is not running is started; anything else is logged as a failure,
    /// as the original logs what it cannot load.
    fn service_load(&mut self, name: &[u8], ver: u32) {
        let text = String::from_utf8_lossy(name).into_owned();
        let engine = crate::startup::make_engine(&text)
            .filter(|e| self.services.get(e.id()).is_none() && ver == 0);
        let Some(engine) = engine else {
            crate::log_printf!(SERV, Error, "Service failed to load '{}'.\n", text);
            return;
        };
        let sid = engine.id();
        let loaded = crate::runtime::LoadedService {
            name: text,
            ver,
            id: sid.0,
            exec_functions: engine.exec_handler_count(),
        };
        self.services.add(engine);
        self.runtime.services_loaded(&mut self.objdb, &[loaded]);
        let (services, mut ctx) = self.ctx(subsys_of(sid));
        if let Some(s) = services.get_mut(sid) {
            s.exec_init(&mut ctx);
            crate::log_printf!(SERV, Notice, "Service engine loaded: {}\n", s.name());
        }
        self.apply_quorum();
        self.route_objdb_notifications();
    }

    /// A worker woke up: flush queued callbacks, then handle the request
    /// waiting in the request buffer, if any.
    pub fn wakeup(&mut self, conn: &Arc<ConnShared>, buf: &mut Vec<u8>) {
        let id = conn.id;
        match self.ipc.get(id) {
            Some(c) if !c.exit_pending => {}
            _ => return,
        }
        self.wakeup_inner(conn, buf);
        if conn.faulted()
            || self
                .ipc
                .get(id)
                .is_some_and(|c| c.zero_copy.iter().any(|z| z.map.faulted()))
        {
            crate::log_printf!(
                IPC,
                Warning,
                "a client shrank its shared memory; disconnecting it"
            );
            self.connection_lost(id);
        }
    }

    fn wakeup_inner(&mut self, conn: &Arc<ConnShared>, buf: &mut Vec<u8>) {
        let id = conn.id;
        self.ipc.flush(id);
        if !conn.control.try_wait(Semaphore::Request) {
            return;
        }
        let mut head = [0u8; RequestHeader::SIZE];
        if !conn.request.read(0, &mut head) {
            self.reply_error(id, CsError::INVALID_PARAM);
            return;
        }
        let Ok(h) = RequestHeader::decode(&Reader::new(&head)) else {
            self.reply_error(id, CsError::INVALID_PARAM);
            return;
        };
        match h.id {
            zero_copy::ALLOC_HEADER => self.zero_copy_alloc(conn),
            zero_copy::FREE_HEADER => self.zero_copy_free(conn),
            zero_copy::EXECUTE_HEADER => {
                if self.zero_copy_read(conn, buf) {
                    self.request(id, buf);
                } else {
                    self.reply_error(id, CsError::INVALID_PARAM);
                }
            }
            _ => {
                let size = h.size;
                if size < RequestHeader::SIZE as i32 || size as usize > conn.request.len() {
                    self.invalid_request(id);
                    return;
                }
                // Admission needs only the header: a refused request (the
                // usual TRY_AGAIN while the new-message queue is full, which
                // a client retries at once) is answered without copying its
                // body, and the lock is released sooner.
                if !self.admit(id, &h) {
                    return;
                }
                conn.request.read_to_vec(0, size as usize, buf);
                self.dispatch_request(id, h.id, buf);
            }
        }
    }

    fn invalid_request(&mut self, id: ConnId) {
        if let Some(c) = self.ipc.get_mut(id) {
            c.stats.invalid_request += 1;
        }
        self.reply_error(id, CsError::INVALID_PARAM);
    }

    /// The 24-byte reply with id 0 the original sends for refused requests.
    fn reply_error(&mut self, id: ConnId, error: CsError) {
        let r = ResponseHeader::new(ResponseHeader::SIZE, 0, error).to_bytes();
        self.ipc.respond(id, &r);
    }

    /// Admission control, then the engine's handler.
    fn request(&mut self, id: ConnId, msg: &[u8]) {
        let Ok(h) = RequestHeader::decode(&Reader::new(msg)) else {
            self.invalid_request(id);
            return;
        };
        if self.admit(id, &h) {
            self.dispatch_request(id, h.id, msg);
        }
    }

    /// Admission control on a request's header: answers the refusals
    /// itself and says whether the engine's handler may run.
    fn admit(&mut self, id: ConnId, h: &RequestHeader) -> bool {
        let Some(service) = self.ipc.get(id).map(|c| c.service) else {
            return false;
        };
        let Some(svc) = self.services.get(service) else {
            self.reply_error(id, CsError::NOT_EXIST);
            return false;
        };
        let handlers = svc.lib_handlers();
        if h.id < 0 || h.id as usize >= handlers.len() {
            self.invalid_request(id);
            return false;
        }
        let flow = handlers[h.id as usize];
        let inquorate_ok = svc.allow_inquorate();
        let reserve = self.glue.reserve(h.size as usize);
        if reserve == Reserve::TooBig {
            self.invalid_request(id);
            return false;
        }
        let allowed = sending_allowed(
            self.quorate,
            inquorate_ok,
            flow,
            reserve == Reserve::Ok,
            self.sync_in_process,
        );
        if !allowed {
            if let Some(c) = self.ipc.get_mut(id) {
                c.stats.overload += 1;
            }
            if reserve == Reserve::Full && flow == FlowControl::Required {
                self.refused_full = Some(self.glue.avail());
            }
            self.reply_error(id, CsError::TRY_AGAIN);
            return false;
        }
        true
    }

    /// Runs the engine's handler for an admitted request.
    fn dispatch_request(&mut self, id: ConnId, handler: i32, msg: &[u8]) {
        let Some(service) = self.ipc.get(id).map(|c| c.service) else {
            return;
        };
        if let Some(c) = self.ipc.get_mut(id) {
            c.stats.requests += 1;
        }
        if service == ServiceId::CONFDB {
            self.refresh_runtime();
        }
        let (services, mut ctx) = self.ctx(subsys_of(service));
        if let Some(s) = services.get_mut(service) {
            s.lib_request(&mut ctx, id, handler, msg);
        }
        self.run_service_ops();
        self.apply_quorum();
        self.route_objdb_notifications();
    }

    // ---- quorum -----------------------------------------------------------

    /// Runs every engine's `exec_init` in load order.
    pub fn exec_init(&mut self) {
        for sid in self.services.ids() {
            let (services, mut ctx) = self.ctx(subsys_of(sid));
            if let Some(s) = services.get_mut(sid) {
                s.exec_init(&mut ctx);
            }
        }
        self.apply_quorum();
    }

    /// Applies the quorum views reported since the last call: the quorate
    /// flag that admits requests, then every engine's `quorum_changed`.
    fn apply_quorum(&mut self) {
        while !self.quorum_reports.is_empty() {
            let reports = std::mem::take(&mut self.quorum_reports);
            for r in reports {
                self.quorate = r.quorate;
                for sid in self.services.ids() {
                    let (services, mut ctx) = self.ctx(subsys_of(sid));
                    if let Some(s) = services.get_mut(sid) {
                        s.quorum_changed(&mut ctx, &r.members, r.quorate, r.ring);
                    }
                }
            }
        }
    }

    /// Engine timers, at most ten times a second.
    fn timer_tick(&mut self) {
        let now = monotonic_ns();
        if now.saturating_sub(self.last_tick) < 100_000_000 {
            return;
        }
        self.last_tick = now;
        for sid in self.services.ids() {
            let (services, mut ctx) = self.ctx(subsys_of(sid));
            if let Some(s) = services.get_mut(sid) {
                s.timer_tick(&mut ctx, now);
            }
        }
    }

    /// Hands the object database's queued tracker notifications to the
    /// confdb engine, which owns every client tracker (owner = connection).
    pub fn route_objdb_notifications(&mut self) {
        if !self.objdb.has_notifications() {
            return;
        }
        // the executive's own tracker (flight-recorder requests) first
        crate::blackbox::objdb_poll(&mut self.objdb);
        // then the engines' own trackers (quorum keys)
        let engine_notes = self
            .objdb
            .take_notifications_of(crate::service::ENGINE_TRACKER_OWNER);
        if !engine_notes.is_empty() {
            for sid in self.services.ids() {
                if sid == ServiceId::CONFDB {
                    continue;
                }
                let (services, mut ctx) = self.ctx(subsys_of(sid));
                if let Some(s) = services.get_mut(sid) {
                    for n in &engine_notes {
                        s.objdb_notify(&mut ctx, n);
                    }
                }
            }
            self.apply_quorum();
        }
        let notes = self.objdb.take_notifications();
        let (services, mut ctx) = self.ctx(subsys_of(ServiceId::CONFDB));
        if let Some(s) = services.get_mut(ServiceId::CONFDB) {
            for n in &notes {
                s.objdb_notify(&mut ctx, n);
            }
        }
    }

    fn zero_copy_policy(&self, id: ConnId) -> OpenPolicy {
        let uid = self.ipc.get(id).map(|c| c.creds.uid).unwrap_or(u32::MAX);
        OpenPolicy::for_client(uid)
    }

    fn zero_copy_alloc(&mut self, conn: &Arc<ConnShared>) {
        let id = conn.id;
        let mut b = vec![0u8; zero_copy::AllocRequest::SIZE];
        let req = if conn.request.read(0, &mut b) {
            zero_copy::AllocRequest::decode(&b).ok()
        } else {
            None
        };
        let error = match req {
            Some(r)
                if r.map_size >= zero_copy::ZC_HEADER_SIZE as u64
                    && r.map_size <= crate::ipc::MAX_BUFFER_SIZE =>
            {
                let policy = self.zero_copy_policy(id);
                match Mapping::open_zero_copy_file(&r.path, r.map_size as usize, &policy) {
                    Ok(map) => {
                        let token_slot = map.as_ptr();
                        match self.ipc.zero_copy_add(id, map) {
                            Some(token) => {
                                let m = self
                                    .ipc
                                    .get(id)
                                    .and_then(|c| c.zero_copy.iter().find(|z| z.token == token))
                                    .map(|z| &z.map);
                                if let Some(m) = m {
                                    debug_assert_eq!(m.as_ptr(), token_slot);
                                    m.write(
                                        zero_copy::ZC_HEADER_SERVER_ADDRESS,
                                        &token.to_ne_bytes(),
                                    );
                                }
                                CsError::OK
                            }
                            None => CsError::LIBRARY,
                        }
                    }
                    Err(e) => {
                        crate::log_printf!(IPC, Warning, "zero-copy buffer refused: {e}");
                        CsError::LIBRARY
                    }
                }
            }
            _ => CsError::INVALID_PARAM,
        };
        self.reply_error(id, error);
    }

    fn zero_copy_free(&mut self, conn: &Arc<ConnShared>) {
        let mut b = [0u8; zero_copy::FreeRequest::SIZE];
        let error = if conn.request.read(0, &mut b) {
            match zero_copy::FreeRequest::decode(&b) {
                Ok(r) if self.ipc.zero_copy_remove(conn.id, r.server_address) => CsError::OK,
                _ => CsError::INVALID_PARAM,
            }
        } else {
            CsError::INVALID_PARAM
        };
        self.reply_error(conn.id, error);
    }

    /// Copies the request a zero-copy execute names into `buf`.
    fn zero_copy_read(&mut self, conn: &Arc<ConnShared>, buf: &mut Vec<u8>) -> bool {
        let mut b = [0u8; zero_copy::ExecuteRequest::SIZE];
        if !conn.request.read(0, &mut b) {
            return false;
        }
        let Ok(r) = zero_copy::ExecuteRequest::decode(&b) else {
            return false;
        };
        let Some(c) = self.ipc.get(conn.id) else {
            return false;
        };
        let Some(z) = c.zero_copy.iter().find(|z| z.token == r.server_address) else {
            return false;
        };
        let start = zero_copy::ZC_HEADER_SIZE;
        let mut head = [0u8; RequestHeader::SIZE];
        if !z.map.read(start, &mut head) {
            return false;
        }
        let Ok(h) = RequestHeader::decode(&Reader::new(&head)) else {
            return false;
        };
        if h.size < RequestHeader::SIZE as i32 || start + h.size as usize > z.map.len() {
            return false;
        }
        buf.clear();
        buf.resize(h.size as usize, 0);
        z.map.read(start, buf)
    }

    // ---- totem events -----------------------------------------------------

    /// Carries out everything the ordering layer has for us: datagrams go
    /// out, deliveries and configuration changes go to the engines, the
    /// synchronisation runs on tokens. Repeats until nothing is left.
    pub fn pump(&mut self) {
        // A one-node ring passes the token to itself: one visit per lock
        // session (it delivers what was just queued); further visits wait
        // for the main loop, which sees the loopback queue as a due
        // deadline and takes them one per session, so that client requests
        // interleave with an idle ring's rotations.
        let mut loopback_budget = 1;
        loop {
            self.glue.flush_transmits();
            let Some(ev) = self.glue.next_event() else {
                if loopback_budget > 0 && self.glue.loopback_pending() {
                    loopback_budget -= 1;
                    self.glue.process_loopback(1);
                    continue;
                }
                if !self.service_ops.is_empty() {
                    self.run_service_ops();
                }
                self.route_objdb_notifications();
                self.ipc.send_notifications();
                crate::blackbox::objdb_poll(&mut self.objdb);
                break;
            };
            match ev {
                GlueEvent::Deliver(d) => self.deliver(d),
                GlueEvent::ConfChg {
                    transitional,
                    members,
                    left,
                    joined,
                    ring,
                } => self.confchg(transitional, &members, &left, &joined, ring),
                GlueEvent::TokenSent => {
                    if self.sync.wants_token() {
                        let (sync, mut host) = self.sync_ctx();
                        sync.token_sent(&mut host);
                    }
                    if !self.exit_retry.is_empty() {
                        self.retry_exits();
                    }
                    if self.services.loaded().any(|s| s.wants_token()) {
                        for sid in self.services.ids() {
                            let (services, mut ctx) = self.ctx(subsys_of(sid));
                            if let Some(s) = services.get_mut(sid)
                                && s.wants_token()
                            {
                                s.token_sent(&mut ctx);
                            }
                        }
                    }
                    self.timer_tick();
                }
            }
            self.apply_quorum();
        }
    }

    fn deliver(&mut self, d: Delivery) {
        self.deliver_one(&d);
        self.glue.recycle(d.data);
    }

    fn deliver_one(&mut self, d: &Delivery) {
        match d.group {
            g if g == GROUP_MAIN => self.exec_message(d.nodeid, &d.data, d.swap),
            g if g == GROUP_V1 => {
                let (sync, mut host) = self.sync_ctx();
                sync.deliver_v1(&mut host, d.nodeid, &d.data, d.swap);
            }
            g if g == GROUP_V2 => {
                let (sync, mut host) = self.sync_ctx();
                sync.deliver_v2(&mut host, d.nodeid, &d.data);
            }
            g if g == crate::service::ykd::GROUP => {
                let (services, mut ctx) = self.ctx(crate::log::Subsys::YKD);
                if let Some(s) = services.get_mut(ServiceId::QUORUM) {
                    s.group_message(&mut ctx, g, d.nodeid, &d.data, d.swap);
                }
            }
            _ => {}
        }
    }

    fn exec_message(&mut self, nodeid: NodeId, msg: &[u8], swap: bool) {
        let h = match ExecHeader::decode(msg, swap) {
            Ok(h) => h,
            Err(_) => match ExecHeader::decode_unchecked_size(msg, swap) {
                // engines whose senders claim other sizes get what arrived
                Ok(h)
                    if self
                        .services
                        .get(h.service)
                        .is_some_and(|s| !s.exec_header_size_checked()) =>
                {
                    h
                }
                _ => {
                    crate::log_printf!(MAIN, Debug, "dropped malformed message from node {nodeid}");
                    return;
                }
            },
        };
        let msg = &msg[..h.size as usize];
        if h.service.0 >= ServiceId::MAX {
            return;
        }
        let (services, mut ctx) = self.ctx(subsys_of(h.service));
        match services.get_mut(h.service) {
            Some(s) => {
                if h.function < s.exec_handler_count() {
                    crate::runtime::count_rx(ctx.objdb, h.service.0, h.function);
                    s.exec_message(&mut ctx, nodeid, h.function, msg, swap);
                } else {
                    crate::log_printf!(
                        MAIN,
                        Warning,
                        "Invalid function {} from node {} for service {}",
                        h.function,
                        nodeid,
                        h.service.0
                    );
                }
            }
            None if h.service == ServiceId::EVT => {
                self.sync.evt_compat_deliver(h.function, msg, swap);
            }
            None => {}
        }
    }

    fn confchg(
        &mut self,
        transitional: bool,
        members: &[NodeId],
        left: &[NodeId],
        joined: &[NodeId],
        ring: RawRingId,
    ) {
        let was_running = self.sync_in_process;
        self.sync_in_process = true;
        {
            let glue = &self.glue;
            self.runtime
                .members_changed(&mut self.objdb, left, joined, &|n| glue.ifaces_print(n));
        }
        let kind = if transitional {
            ConfchgKind::Transitional
        } else {
            ConfchgKind::Regular
        };
        for sid in self.services.ids() {
            let (services, mut ctx) = self.ctx(subsys_of(sid));
            if let Some(s) = services.get_mut(sid) {
                s.confchg(&mut ctx, kind, members, left, joined, ring.ring());
            }
        }
        let (sync, mut host) = self.sync_ctx();
        sync.confchg(&mut host, transitional, members, ring, was_running);
    }

    /// Credentials-based access rule for new connections.
    pub fn access_allowed(&self, creds: &Credentials) -> bool {
        self.ipc.security_valid(creds.uid, creds.gid)
    }

    /// Logs the "Service engine loaded" lines, as the original prints them
    /// once totem is up.
    pub fn log_services_loaded(&self) {
        for s in self.services.loaded() {
            crate::log_printf!(SERV, Notice, "Service engine loaded: {}\n", s.name());
        }
    }

    pub fn log_services_unloaded(&self) {
        crate::log_printf!(SERV, Notice, "Unloading all Corosync service engines.\n");
        for s in self.services.loaded() {
            crate::log_printf!(SERV, Notice, "Service engine unloaded: {}\n", s.name());
        }
    }

    /// The earliest engine timer.
    pub fn service_deadline(&self) -> Option<std::time::Instant> {
        self.services
            .loaded()
            .filter_map(|s| s.timer_deadline())
            .min()
    }

    /// Runs the engine timers that are due.
    pub fn run_service_timers(&mut self, now: std::time::Instant) {
        for sid in self.services.ids() {
            let due = self
                .services
                .get(sid)
                .and_then(|s| s.timer_deadline())
                .is_some_and(|t| t <= now);
            if due {
                let (services, mut ctx) = self.ctx(subsys_of(sid));
                if let Some(s) = services.get_mut(sid) {
                    s.timer_expired(&mut ctx);
                }
            }
        }
    }

    /// Sync mode check used by tests.
    pub fn compatibility(&self) -> Compatibility {
        self.sync.compatibility()
    }
}

#[cfg(test)]
mod admission_tests {
    use super::*;

    #[test]
    fn inquorate_nodes_serve_only_engines_that_allow_it() {
        use FlowControl::{NotRequired, Required};
        // quorate: flow control decides
        assert!(sending_allowed(true, false, NotRequired, false, true));
        assert!(sending_allowed(true, false, Required, true, false));
        assert!(!sending_allowed(true, false, Required, false, false));
        assert!(!sending_allowed(true, false, Required, true, true));
        // inquorate: refused unless the engine allows inquorate nodes,
        // whatever the flow control
        assert!(!sending_allowed(false, false, NotRequired, true, false));
        assert!(!sending_allowed(false, false, Required, true, false));
        assert!(sending_allowed(false, true, NotRequired, false, true));
        assert!(sending_allowed(false, true, Required, true, false));
    }
}
