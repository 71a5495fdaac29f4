//! The `runtime` tree of the object database, which tools read through
//! confdb: `runtime.connections` (one object per client connection with
//! its counters), `runtime.totem.pg` with the ordering layer's counters and
//! `runtime.totem.pg.mrp.srp.members` (one object per node ever seen). Also
//! the configuration loaders, kept for confdb's reload and write requests.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use coroconfig::{ChainOutcome, LoaderRegistry};
use objdb::{ObjDb, ObjectHandle, TypedValue, ValueType};

use crate::service::ConnId;

/// How often the totem counters are copied into the tree (the original's
/// stats timer period).
pub const REFRESH: Duration = Duration::from_millis(1500);

static LOADERS: Mutex<Option<(LoaderRegistry, ChainOutcome)>> = Mutex::new(None);

/// Keeps the loaders that read the configuration, for reload and write.
pub fn set_loaders(loaders: LoaderRegistry, chain: ChainOutcome) {
    *LOADERS.lock().unwrap_or_else(|p| p.into_inner()) = Some((loaders, chain));
}

/// `object_reload_config`.
pub fn config_reload(objdb: &mut ObjDb, flush: bool) -> Result<(), String> {
    let mut g = LOADERS.lock().unwrap_or_else(|p| p.into_inner());
    match g.as_mut() {
        Some((loaders, chain)) => loaders
            .reload_chain(chain, objdb, flush)
            .map_err(|e| e.to_string()),
        None => {
            objdb.reload_notify(objdb::ReloadPhase::Start, flush);
            objdb.reload_notify(objdb::ReloadPhase::End, flush);
            Ok(())
        }
    }
}

/// `object_write_config`.
pub fn config_write(objdb: &mut ObjDb) -> Result<(), String> {
    let mut g = LOADERS.lock().unwrap_or_else(|p| p.into_inner());
    match g.as_mut() {
        Some((loaders, chain)) => loaders.write_chain(chain, objdb).map_err(|e| e.to_string()),
        None => Ok(()),
    }
}

/// The short service names used in connection object names.
fn short_service_name(id: u32) -> String {
    const NAMES: [&str; 18] = [
        "EVS",
        "CLM",
        "AMF",
        "CKPT",
        "EVT",
        "LCK",
        "MSG",
        "CFG",
        "CPG",
        "CMAN",
        "PCMK",
        "CONFDB",
        "QUORUM",
        "PLOAD",
        "TMR",
        "VOTEQUORUM",
        "NTF",
        "AMF",
    ];
    NAMES
        .get(id as usize)
        .map(|s| s.to_string())
        .unwrap_or_else(|| id.to_string())
}

/// The command name of a process, as `/proc/PID/stat` gives it.
fn pid_name(pid: u32) -> Option<String> {
    let stat = std::fs::read(format!("/proc/{pid}/stat")).ok()?;
    let stat = &stat[..stat.len().min(255)];
    let open = stat.iter().rposition(|&b| b == b'(')?;
    let close = stat.iter().rposition(|&b| b == b')')?;
    if close <= open || stat.get(close + 1) != Some(&b' ') {
        return None;
    }
    Some(String::from_utf8_lossy(&stat[open + 1..close]).into_owned())
}

/// Counter keys of a connection object, in creation order, with types.
const CONN_KEYS: [(&str, ValueType); 13] = [
    ("service_id", ValueType::UInt32),
    ("client_pid", ValueType::Int32),
    ("responses", ValueType::UInt64),
    ("dispatched", ValueType::UInt64),
    ("requests", ValueType::Int64),
    ("sem_retry_count", ValueType::UInt64),
    ("send_retry_count", ValueType::UInt64),
    ("recv_retry_count", ValueType::UInt64),
    ("flow_control", ValueType::UInt32),
    ("flow_control_count", ValueType::UInt64),
    ("queue_size", ValueType::UInt64),
    ("invalid_request", ValueType::UInt64),
    ("overload", ValueType::UInt64),
];

/// The 64-bit counters of `runtime.totem.pg.mrp.srp`, in creation order.
const SRP_U64: [&str; 22] = [
    "orf_token_tx",
    "orf_token_rx",
    "memb_merge_detect_tx",
    "memb_merge_detect_rx",
    "memb_join_tx",
    "memb_join_rx",
    "mcast_tx",
    "mcast_retx",
    "mcast_rx",
    "memb_commit_token_tx",
    "memb_commit_token_rx",
    "token_hold_cancel_tx",
    "token_hold_cancel_rx",
    "operational_entered",
    "operational_token_lost",
    "gather_entered",
    "gather_token_lost",
    "commit_entered",
    "commit_token_lost",
    "recovery_entered",
    "recovery_token_lost",
    "consensus_timeouts",
];

/// Limits above which the stack is said to be unable to form a cluster.
const MAX_NO_CONT_GATHER: u32 = 3;
const MAX_NO_CONT_SENDMSG_FAILURES: u32 = 30;

/// `runtime.services.<name>.<fn>` objects by (service id, function), for
/// the tx and rx counters; reached from the engines' multicast path too.
static SERVICE_STATS: Mutex<BTreeMap<(u32, u16), ObjectHandle>> = Mutex::new(BTreeMap::new());

fn count(db: &mut ObjDb, service: u32, function: u16, key: &[u8]) {
    let h = SERVICE_STATS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&(service, function))
        .copied();
    if let Some(h) = h {
        let _ = db.object_key_increment(h, key);
    }
}

/// An executive message is being multicast: the first part starts with its
/// header (`id` = service << 16 | function at offset 4).
pub fn count_tx(db: &mut ObjDb, first: &[u8]) {
    if let Some(id) = first.get(4..8) {
        let id = u32::from_ne_bytes([id[0], id[1], id[2], id[3]]);
        count(db, id >> 16, (id & 0xffff) as u16, b"tx");
    }
}

/// An executive message was delivered to its engine.
pub fn count_rx(db: &mut ObjDb, service: u32, function: u16) {
    count(db, service, function, b"rx");
}

/// One loaded service engine as the runtime tree records it.
#[derive(Clone, Debug)]
pub struct LoadedService {
    /// The name it was loaded by (`corosync_cpg`).
    pub name: String,
    pub ver: u32,
    pub id: u32,
    pub exec_functions: u16,
}

/// Handles into the runtime tree.
#[derive(Debug)]
pub struct Runtime {
    services: Option<ObjectHandle>,
    connections: Option<ObjectHandle>,
    pg: Option<ObjectHandle>,
    srp: Option<ObjectHandle>,
    members: Option<ObjectHandle>,
    conns: BTreeMap<ConnId, ObjectHandle>,
    last_refresh: Option<Instant>,
}

fn zero<T: TypedValue + Default>(db: &mut ObjDb, h: ObjectHandle, key: &str) {
    let _ = db.object_key_create_value(h, key.as_bytes(), T::default());
}

fn set<T: TypedValue>(db: &mut ObjDb, h: ObjectHandle, key: &str, v: T) {
    let _ = db.object_key_replace(h, key.as_bytes(), &v.to_native_bytes());
}

impl Runtime {
    /// Creates `runtime`, `runtime.connections` and the totem subtree.
    pub fn create(db: &mut ObjDb) -> Runtime {
        let mut rt = Runtime {
            services: None,
            connections: None,
            pg: None,
            srp: None,
            members: None,
            conns: BTreeMap::new(),
            last_refresh: None,
        };
        // one `runtime` object, whoever creates it first
        let existing = db
            .object_find_first(ObjectHandle::ROOT, b"runtime")
            .ok()
            .flatten();
        let Some(runtime) =
            existing.or_else(|| db.object_create(ObjectHandle::ROOT, b"runtime").ok())
        else {
            return rt;
        };
        rt.services = db.object_create(runtime, b"services").ok();
        if let Ok(c) = db.object_create(runtime, b"connections") {
            zero::<u64>(db, c, "active");
            zero::<u64>(db, c, "closed");
            rt.connections = Some(c);
        }
        let Ok(totem) = db.object_create(runtime, b"totem") else {
            return rt;
        };
        let Some((pg, srp)) = db.object_create(totem, b"pg").ok().and_then(|pg| {
            let mrp = db.object_create(pg, b"mrp").ok()?;
            let srp = db.object_create(mrp, b"srp").ok()?;
            Some((pg, srp))
        }) else {
            return rt;
        };
        zero::<u32>(db, pg, "msg_reserved");
        zero::<u32>(db, pg, "msg_queue_avail");
        rt.members = db.object_create(srp, b"members").ok();
        for k in SRP_U64 {
            zero::<u64>(db, srp, k);
        }
        for k in ["mtt_rx_token", "avg_token_workload", "avg_backlog_calc"] {
            zero::<u32>(db, srp, k);
        }
        zero::<u64>(db, srp, "rx_msg_dropped");
        for k in [
            "continuous_gather",
            "continuous_sendmsg_failures",
            "firewall_enabled_or_nic_failure",
        ] {
            zero::<u32>(db, srp, k);
        }
        rt.pg = Some(pg);
        rt.srp = Some(srp);
        rt
    }

    /// Records the loaded engines: `runtime.services.<suffix>` with the
    /// service id and tx/rx counters per executive function, and one
    /// `internal_configuration.service` object each.
    pub fn services_loaded(&mut self, db: &mut ObjDb, list: &[LoadedService]) {
        let internal = match db.object_find_first(ObjectHandle::ROOT, b"internal_configuration") {
            Ok(Some(h)) => Some(h),
            _ => db
                .object_create(ObjectHandle::ROOT, b"internal_configuration")
                .ok(),
        };
        let mut table = SERVICE_STATS
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        for svc in list {
            if let Some(ic) = internal
                && let Ok(h) = db.object_create(ic, b"service")
            {
                let _ = db.object_key_create_string(h, b"name", svc.name.as_bytes());
                let _ = db.object_key_create_value(h, b"ver", svc.ver);
                let _ = db.object_key_create_value(h, b"service_id", svc.id as u16);
            }
            let Some(parent) = self.services else {
                continue;
            };
            let suffix = svc.name.rsplit('_').next().unwrap_or(&svc.name);
            let Ok(h) = db.object_create(parent, suffix.as_bytes()) else {
                continue;
            };
            let _ = db.object_key_create_value(h, b"service_id", svc.id as i16);
            for f in 0..svc.exec_functions {
                if let Ok(fh) = db.object_create(h, f.to_string().as_bytes()) {
                    zero::<u64>(db, fh, "tx");
                    zero::<u64>(db, fh, "rx");
                    table.insert((svc.id, f), fh);
                }
            }
        }
        *SERVICE_STATS.lock().unwrap_or_else(|p| p.into_inner()) = table;
    }

    /// The service id of the engine loaded as `name` version `ver`, from
    /// its `internal_configuration.service` object.
    pub fn loaded_service_id(db: &ObjDb, name: &[u8], ver: u32) -> Option<u32> {
        let ic = db
            .object_find_first(ObjectHandle::ROOT, b"internal_configuration")
            .ok()??;
        db.object_find(ic, b"service")
            .ok()?
            .into_iter()
            .filter(|&h| {
                db.key_get_str(h, b"name") == Some(name)
                    && db.object_key_get_value::<u32>(h, b"ver").ok() == Some(ver)
            })
            .find_map(|h| db.object_key_get_value::<u16>(h, b"service_id").ok())
            .map(u32::from)
    }

    /// An engine was unloaded: its `runtime.services.<suffix>` and
    /// `internal_configuration.service` objects go.
    pub fn service_unloaded(&mut self, db: &mut ObjDb, name: &str, id: u32) {
        if let Ok(Some(ic)) = db.object_find_first(ObjectHandle::ROOT, b"internal_configuration") {
            let gone: Vec<ObjectHandle> = db
                .object_find(ic, b"service")
                .unwrap_or_default()
                .into_iter()
                .filter(|&h| {
                    db.object_key_get_value::<u16>(h, b"service_id")
                        .ok()
                        .map(u32::from)
                        == Some(id)
                })
                .collect();
            for h in gone {
                let _ = db.object_destroy(h);
            }
        }
        if let Some(parent) = self.services {
            let suffix = name.rsplit('_').next().unwrap_or(name);
            if let Ok(Some(h)) = db.object_find_first(parent, suffix.as_bytes()) {
                let _ = db.object_destroy(h);
            }
        }
        SERVICE_STATS
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|(sid, _), _| *sid != id);
    }

    /// A client connection finished its setup.
    pub fn connection_created(
        &mut self,
        db: &mut ObjDb,
        id: ConnId,
        service: u32,
        pid: u32,
        fd: i32,
    ) {
        let Some(parent) = self.connections else {
            return;
        };
        let svc = short_service_name(service);
        let name = if pid > 0 {
            match pid_name(pid) {
                Some(p) => format!("{p}:{svc}:{pid}:{fd}"),
                None => format!("proc:{svc}:{pid}:{fd}"),
            }
        } else {
            format!("proc:{svc}:pid:{fd}")
        };
        let _ = db.object_key_increment(parent, b"active");
        let Ok(h) = db.object_create(parent, name.as_bytes()) else {
            return;
        };
        for (key, ty) in CONN_KEYS {
            let v: Vec<u8> = match key {
                "service_id" => service.to_native_bytes(),
                "client_pid" => (pid as i32).to_native_bytes(),
                _ => vec![0; ty.fixed_size().unwrap_or(0)],
            };
            let _ = db.object_key_create_typed(h, key.as_bytes(), &v, ty);
        }
        self.conns.insert(id, h);
    }

    /// Copies a connection's counters into its object.
    pub fn connection_update(&mut self, db: &mut ObjDb, id: ConnId, s: &crate::ipc::ConnStats) {
        let Some(&h) = self.conns.get(&id) else {
            return;
        };
        set(db, h, "responses", s.responses);
        set(db, h, "dispatched", s.dispatched);
        set(db, h, "requests", s.requests as i64);
        set(db, h, "queue_size", s.queued);
        set(db, h, "flow_control_count", s.flow_control_count);
        set(db, h, "send_retry_count", s.send_retry_count);
        set(db, h, "recv_retry_count", s.recv_retry_count);
        set(db, h, "invalid_request", s.invalid_request);
        set(db, h, "overload", s.overload);
    }

    /// A client connection is gone.
    pub fn connection_destroyed(&mut self, db: &mut ObjDb, id: ConnId) {
        let Some(h) = self.conns.remove(&id) else {
            return;
        };
        let _ = db.object_destroy(h);
        if let Some(parent) = self.connections {
            let _ = db.object_key_increment(parent, b"closed");
            let _ = db.object_key_decrement(parent, b"active");
        }
    }

    /// Nodes left and joined (every configuration change, transitional
    /// included): `members.<nodeid>` keeps ip, join_count and status.
    pub fn members_changed(
        &mut self,
        db: &mut ObjDb,
        left: &[u32],
        joined: &[u32],
        ifaces: &dyn Fn(u32) -> String,
    ) {
        let Some(members) = self.members else {
            return;
        };
        for &n in left {
            if let Ok(Some(h)) = db.object_find_first(members, n.to_string().as_bytes()) {
                let _ = db.object_key_replace(h, b"status", b"left");
            }
        }
        for &n in joined {
            // Joined nodes are named with a signed conversion, as in 1.4.
            let name = (n as i32).to_string();
            match db.object_find_first(members, name.as_bytes()) {
                Ok(Some(h)) => {
                    let _ = db.object_key_increment(h, b"join_count");
                    let _ = db.object_key_replace(h, b"status", b"joined");
                }
                _ => {
                    let Ok(h) = db.object_create(members, name.as_bytes()) else {
                        continue;
                    };
                    let ip = ifaces(n);
                    let _ = db.object_key_create_typed(h, b"ip", ip.as_bytes(), ValueType::String);
                    let _ = db.object_key_create_value(h, b"join_count", 1u32);
                    let _ = db.object_key_create_typed(h, b"status", b"joined", ValueType::String);
                }
            }
        }
    }

    /// When the counters are next due (now, before the first refresh).
    pub fn next_refresh(&self) -> Instant {
        match self.last_refresh {
            Some(t) => t + REFRESH,
            None => Instant::now(),
        }
    }

    /// Whether the counters are due for a refresh.
    pub fn due(&self, now: Instant) -> bool {
        self.last_refresh
            .is_none_or(|t| now.duration_since(t) >= REFRESH)
    }

    /// Copies the totem counters into the tree.
    pub fn refresh_totem(&mut self, db: &mut ObjDb, stats: &totem::Stats, now: Instant) {
        self.last_refresh = Some(now);
        let (Some(pg), Some(srp)) = (self.pg, self.srp) else {
            return;
        };
        set(db, pg, "msg_reserved", stats.pg.msg_reserved);
        set(db, pg, "msg_queue_avail", stats.pg.msg_queue_avail);
        let s = &stats.srp;
        let values = [
            s.orf_token_tx,
            s.orf_token_rx,
            s.memb_merge_detect_tx,
            s.memb_merge_detect_rx,
            s.memb_join_tx,
            s.memb_join_rx,
            s.mcast_tx,
            s.mcast_retx,
            s.mcast_rx,
            s.memb_commit_token_tx,
            s.memb_commit_token_rx,
            s.token_hold_cancel_tx,
            s.token_hold_cancel_rx,
            s.operational_entered,
            s.operational_token_lost,
            s.gather_entered,
            s.gather_token_lost,
            s.commit_entered,
            s.commit_token_lost,
            s.recovery_entered,
            s.recovery_token_lost,
            s.consensus_timeouts,
        ];
        for (k, v) in SRP_U64.iter().zip(values) {
            set(db, srp, k, v);
        }
        set(db, srp, "rx_msg_dropped", s.rx_msg_dropped);
        set(db, srp, "continuous_gather", s.continuous_gather);
        set(
            db,
            srp,
            "continuous_sendmsg_failures",
            s.continuous_sendmsg_failures,
        );
        let failure = u32::from(
            s.continuous_gather > MAX_NO_CONT_GATHER
                || s.continuous_sendmsg_failures > MAX_NO_CONT_SENDMSG_FAILURES,
        );
        set(db, srp, "firewall_enabled_or_nic_failure", failure);
        if let Some((mtt, work, backlog)) = token_averages(s) {
            set(db, srp, "mtt_rx_token", mtt);
            set(db, srp, "avg_token_workload", work);
            set(db, srp, "avg_backlog_calc", backlog);
        }
    }
}

/// Mean token rotation time, hold time and backlog over the recorded
/// token history, newest to oldest, skipping tokens that were not ours.
fn token_averages(s: &totem::srp::SrpStats) -> Option<(u32, u32, u32)> {
    let n = s.token.len();
    if n == 0 {
        return None;
    }
    let (mut mtt, mut hold, mut backlog, mut count) = (0u32, 0u32, 0u32, 0u32);
    let mut t = s.latest_token % n;
    for _ in 0..n {
        let prev = if t == 0 { n - 1 } else { t - 1 };
        if prev == s.earliest_token {
            break;
        }
        let (cur, p) = (&s.token[t], &s.token[prev]);
        let rx_delta = cur.rx.wrapping_sub(p.rx);
        if cur.tx != 0 || rx_delta > 0 {
            mtt = mtt.wrapping_add(rx_delta);
            hold = hold.wrapping_add(cur.tx.wrapping_sub(cur.rx));
            backlog = backlog.wrapping_add(cur.backlog_calc as u32);
            count += 1;
        }
        t = prev;
    }
    (count > 0).then(|| (mtt / count, hold / count, backlog / count))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_u64(db: &ObjDb, h: ObjectHandle, k: &str) -> u64 {
        db.object_key_get_value::<u64>(h, k.as_bytes()).unwrap()
    }

    #[test]
    fn tree_members_and_connections() {
        let mut db = ObjDb::new();
        let mut rt = Runtime::create(&mut db);
        let srp = db
            .lookup_path(&["runtime", "totem", "pg", "mrp", "srp"])
            .unwrap();
        assert_eq!(db.object_key_count(srp).unwrap(), 29);
        let conns = db.lookup_path(&["runtime", "connections"]).unwrap();

        rt.connection_created(&mut db, ConnId(7), 11, 0, 9);
        let c = db
            .object_find_first(conns, b"proc:CONFDB:pid:9")
            .unwrap()
            .unwrap();
        assert_eq!(key_u64(&db, conns, "active"), 1);
        assert_eq!(db.object_key_count(c).unwrap(), 13);
        let stats = crate::ipc::ConnStats {
            requests: 3,
            responses: 2,
            ..Default::default()
        };
        rt.connection_update(&mut db, ConnId(7), &stats);
        assert_eq!(db.object_key_get_value::<i64>(c, b"requests").unwrap(), 3);
        assert_eq!(key_u64(&db, c, "responses"), 2);
        rt.connection_destroyed(&mut db, ConnId(7));
        assert!(!db.object_valid(c));
        assert_eq!(key_u64(&db, conns, "active"), 0);
        assert_eq!(key_u64(&db, conns, "closed"), 1);

        let ifaces = |n: u32| format!("r(0) ip(10.0.0.{n}) ");
        rt.members_changed(&mut db, &[], &[1, 2], &ifaces);
        rt.members_changed(&mut db, &[2], &[], &ifaces);
        rt.members_changed(&mut db, &[], &[2], &ifaces);
        let members = db
            .lookup_path(&["runtime", "totem", "pg", "mrp", "srp", "members"])
            .unwrap();
        let two = db.object_find_first(members, b"2").unwrap().unwrap();
        assert_eq!(db.key_get_str(two, b"status"), Some(&b"joined"[..]));
        assert_eq!(
            db.object_key_get_value::<u32>(two, b"join_count").unwrap(),
            2
        );
        assert_eq!(db.key_get_str(two, b"ip"), Some(&b"r(0) ip(10.0.0.2) "[..]));

        rt.services_loaded(
            &mut db,
            &[LoadedService {
                name: "corosync_cpg".into(),
                ver: 0,
                id: 8,
                exec_functions: 2,
            }],
        );
        let one = db
            .lookup_path(&["runtime", "services", "cpg", "1"])
            .unwrap();
        count_rx(&mut db, 8, 1);
        count_tx(&mut db, &[0, 0, 0, 0, 1, 0, 8, 0]);
        assert_eq!(key_u64(&db, one, "rx"), 1);
        assert_eq!(key_u64(&db, one, "tx"), 1);
    }
}
