//! The configuration engine (service 7, `corosync_cfg`): ring status and
//! re-enabling, node addresses, the local node id, killing a node, and the
//! negotiated shutdown in which tracking clients are asked for consent.
//!
//! Shutdown negotiation: a `try_shutdown` with flag REQUEST or REGARDLESS
//! asks every other tracking client (a TESTSHUTDOWN callback) and answers
//! the caller once all replied or the timeout (`cfg { shutdown_timeout }`,
//! seconds, default 5) passed; REQUEST needs every answer to be yes,
//! REGARDLESS goes down anyway. IMMEDIATE asks nobody. Going down means a
//! SHUTDOWN executive message: each node logs it, the sender shuts down.

use std::time::{Duration, Instant};

use corosync_wire::CsError;
use corosync_wire::cfg::{self, LibRequest, exec, exec_msg, reply, res, shutdown_flag};
use corosync_wire::ipc::ServiceId;

use super::{Api, ConnId, FlowControl, NodeId, Retry, Service, SyncMode};
use crate::log::Level;

const DEFAULT_SHUTDOWN_TIMEOUT: u64 = 5;

const LIB_HANDLERS: [FlowControl; 14] = [
    FlowControl::Required,    // ring status get
    FlowControl::Required,    // ring reenable
    FlowControl::Required,    // state track start
    FlowControl::Required,    // state track stop
    FlowControl::NotRequired, // administrative state set
    FlowControl::NotRequired, // administrative state get
    FlowControl::NotRequired, // service load
    FlowControl::NotRequired, // service unload
    FlowControl::NotRequired, // kill node
    FlowControl::NotRequired, // try shutdown
    FlowControl::NotRequired, // reply to shutdown
    FlowControl::NotRequired, // get node addrs
    FlowControl::NotRequired, // local get
    FlowControl::NotRequired, // crypto set
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reply {
    Unknown,
    Yes,
    No,
}

#[derive(Debug)]
struct Info {
    conn: ConnId,
    /// On the tracker list (state_track called).
    tracking: bool,
    reply: Reply,
    /// This connection once started a shutdown request. The original
    /// records the connection only then, and its broadcast of the shutdown
    /// question skips the entries whose recorded connection equals the one
    /// to exclude: so the timeout notice (which excludes "none") reaches
    /// only trackers that once asked for a shutdown themselves.
    requested: bool,
}

/// The cfg engine.
#[derive(Default)]
pub struct Cfg {
    infos: Vec<Info>,
    /// Tracking connections, newest first.
    trackers: Vec<ConnId>,
    shutdown_con: Option<ConnId>,
    shutdown_flags: u32,
    shutdown_yes: i32,
    shutdown_no: i32,
    shutdown_expected: i32,
    timer: Option<Instant>,
}

impl Cfg {
    pub fn new() -> Cfg {
        Cfg::default()
    }

    fn info(&mut self, conn: ConnId) -> Option<&mut Info> {
        self.infos.iter_mut().find(|i| i.conn == conn)
    }

    fn send_shutdown(api: &mut dyn Api) -> bool {
        api.mcast(&[&exec_msg::shutdown()]).is_ok()
    }

    /// The shutdown question (or its cancellation by timeout) to one
    /// tracker or to all but `exclude`.
    fn send_test_shutdown(
        &self,
        api: &mut dyn Api,
        only: Option<ConnId>,
        exclude: Option<ConnId>,
        status: CsError,
    ) {
        let msg = reply::testshutdown(status, self.shutdown_flags);
        match only {
            Some(c) => api.dispatch(c, &[&msg]),
            None => {
                for &c in &self.trackers {
                    let recorded = self
                        .infos
                        .iter()
                        .find(|i| i.conn == c)
                        .and_then(|i| i.requested.then_some(c));
                    if recorded != exclude {
                        api.dispatch(c, &[&msg]);
                    }
                }
            }
        }
    }

    fn check_shutdown_status(&mut self, api: &mut dyn Api) {
        let Some(con) = self.shutdown_con else {
            return;
        };
        if self.shutdown_yes + self.shutdown_no < self.shutdown_expected {
            return;
        }
        self.timer = None;
        let error = if self.shutdown_yes >= self.shutdown_expected
            || self.shutdown_flags == shutdown_flag::REGARDLESS
        {
            if Self::send_shutdown(api) {
                CsError::OK
            } else {
                CsError::TRY_AGAIN
            }
        } else {
            CsError::BUSY
        };
        api.respond(con, &reply::simple(res::TRYSHUTDOWN, error));
        self.shutdown_con = None;
        api.log(
            Level::Debug,
            format_args!(
                "shutdown decision is: (yes count: {}, no count: {}) flags={:x}\n",
                self.shutdown_yes, self.shutdown_no, self.shutdown_flags
            ),
        );
    }

    /// A tracker leaves (stop or disconnect): it counts as a yes.
    fn remove_from_shutdown(&mut self, api: &mut dyn Api, conn: ConnId) {
        if self.shutdown_con == Some(conn) {
            self.shutdown_con = None;
            self.timer = None;
        }
        let active = self.shutdown_con.is_some();
        let Some(info) = self.info(conn) else {
            return;
        };
        if !info.tracking {
            return;
        }
        info.tracking = false;
        let old = info.reply;
        info.reply = Reply::Yes;
        self.trackers.retain(|&c| c != conn);
        if active {
            match old {
                Reply::Yes => self.shutdown_yes -= 1,
                Reply::No => self.shutdown_no -= 1,
                Reply::Unknown => {}
            }
        }
        self.shutdown_yes += 1;
        self.check_shutdown_status(api);
    }

    fn shutdown_timeout(api: &mut dyn Api) -> u64 {
        let db = api.objdb();
        let Ok(Some(h)) = db.object_find_first(objdb::OBJECT_PARENT_HANDLE, b"cfg") else {
            return DEFAULT_SHUTDOWN_TIMEOUT;
        };
        match db.key_get_str(h, b"shutdown_timeout") {
            Some(v) => atoi(v),
            None => DEFAULT_SHUTDOWN_TIMEOUT,
        }
    }

    fn try_shutdown(&mut self, api: &mut dyn Api, conn: ConnId, flags: u32) {
        if flags == shutdown_flag::IMMEDIATE {
            let e = if Self::send_shutdown(api) {
                CsError::OK
            } else {
                CsError::TRY_AGAIN
            };
            api.respond(conn, &reply::simple(res::TRYSHUTDOWN, e));
            return;
        }
        if self.shutdown_con.is_some() {
            api.respond(conn, &reply::simple(res::TRYSHUTDOWN, CsError::EXIST));
            return;
        }
        if let Some(i) = self.info(conn) {
            i.requested = true;
        }
        self.shutdown_con = Some(conn);
        self.shutdown_flags = flags;
        self.shutdown_yes = 0;
        self.shutdown_no = 0;
        self.shutdown_expected = 0;
        let trackers = self.trackers.clone();
        for c in trackers {
            if c != conn
                && let Some(i) = self.info(c)
            {
                i.reply = Reply::Unknown;
                self.shutdown_expected += 1;
            }
        }
        if self.shutdown_expected == 0 {
            let e = if Self::send_shutdown(api) {
                CsError::OK
            } else {
                self.shutdown_con = None;
                CsError::TRY_AGAIN
            };
            api.respond(conn, &reply::simple(res::TRYSHUTDOWN, e));
            // as the original, the session stays open after a successful
            // multicast: the node is going down anyway
            return;
        }
        let secs = Self::shutdown_timeout(api);
        self.timer = Some(Instant::now() + Duration::from_secs(secs));
        self.send_test_shutdown(api, None, Some(conn), CsError::OK);
    }

    fn reply_to_shutdown(&mut self, api: &mut dyn Api, conn: ConnId, yes: bool) {
        let status = if self.shutdown_con.is_none() {
            CsError::ACCESS
        } else {
            if yes {
                self.shutdown_yes += 1;
            } else {
                self.shutdown_no += 1;
            }
            if let Some(i) = self.info(conn) {
                i.reply = if yes { Reply::Yes } else { Reply::No };
            }
            self.check_shutdown_status(api);
            CsError::OK
        };
        api.respond(conn, &reply::simple(res::REPLYTOSHUTDOWN, status));
    }

    fn state_track(&mut self, api: &mut dyn Api, conn: ConnId) {
        let in_progress = self.shutdown_con.is_some();
        let newcomer = match self.info(conn) {
            Some(i) if !i.tracking => {
                i.tracking = true;
                if in_progress {
                    i.reply = Reply::Unknown;
                }
                true
            }
            _ => false,
        };
        if newcomer {
            self.trackers.insert(0, conn);
            if in_progress {
                self.shutdown_expected += 1;
                self.send_test_shutdown(api, Some(conn), None, CsError::OK);
            }
        }
        api.respond(conn, &reply::simple(res::STATETRACKSTART, CsError::OK));
    }

    fn node_addrs(api: &mut dyn Api, nodeid: u32) -> Vec<u8> {
        let nodeid = if nodeid == 0 { api.nodeid() } else { nodeid };
        let list = api.node_addrs(nodeid);
        let family = list.first().map(|a| a.0).unwrap_or(0);
        let addrs: Vec<[u8; cfg::ADDR_LEN]> = list.iter().map(|a| a.1).collect();
        reply::node_addrs(family, &addrs)
    }
}

/// C `atoi`: leading blanks, optional sign, digits; 0 otherwise. A
/// negative timeout wraps as the original's unsigned arithmetic would make
/// it huge; we cap it at a day instead.
fn atoi(v: &[u8]) -> u64 {
    let s = String::from_utf8_lossy(v);
    let t = s.trim_start();
    let (neg, digits) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let d: String = digits.chars().take_while(|c| c.is_ascii_digit()).collect();
    let n: u64 = d.parse().unwrap_or(0);
    if neg && n != 0 { 86_400 } else { n.min(86_400) }
}

impl Service for Cfg {
    fn id(&self) -> ServiceId {
        ServiceId::CFG
    }

    fn name(&self) -> &'static str {
        "corosync configuration service"
    }

    fn lib_handlers(&self) -> &'static [FlowControl] {
        &LIB_HANDLERS
    }

    fn allow_inquorate(&self) -> bool {
        true
    }

    fn lib_init(&mut self, _api: &mut dyn Api, conn: ConnId) {
        self.infos.push(Info {
            conn,
            tracking: false,
            reply: Reply::Unknown,
            requested: false,
        });
    }

    fn lib_exit(&mut self, api: &mut dyn Api, conn: ConnId) -> Result<(), Retry> {
        self.remove_from_shutdown(api, conn);
        self.infos.retain(|i| i.conn != conn);
        Ok(())
    }

    fn lib_request(&mut self, api: &mut dyn Api, conn: ConnId, id: i32, msg: &[u8]) {
        let req = match LibRequest::decode(id, msg) {
            Ok(r) => r,
            Err(e) => {
                api.log(Level::Debug, format_args!("invalid cfg request: {e}"));
                api.respond(conn, &reply::simple(0, CsError::INVALID_PARAM));
                return;
            }
        };
        match req {
            LibRequest::RingStatusGet => {
                let rings = api.ring_status();
                api.respond(conn, &reply::ringstatus(&rings));
            }
            LibRequest::RingReenable => {
                let me = api.nodeid();
                let m = exec_msg::ringreenable(me, conn.0);
                if api.mcast(&[&m]).is_err() {
                    api.respond(conn, &reply::simple(res::RINGREENABLE, CsError::TRY_AGAIN));
                }
                // otherwise answered when the message comes back
            }
            LibRequest::StateTrackStart => self.state_track(api, conn),
            LibRequest::StateTrackStop => {
                self.remove_from_shutdown(api, conn);
                // The original sends no reply here (its client would wait
                // for ever); we answer so that the caller returns.
                api.respond(conn, &reply::simple(res::STATETRACKSTOP, CsError::OK));
            }
            // Administrative state requests do nothing and get no reply in
            // the original either (no library function sends them).
            LibRequest::AdministrativeStateSet | LibRequest::AdministrativeStateGet => {}
            LibRequest::ServiceLoad { name, ver } => {
                // The original answers CS_OK whatever the outcome (with the
                // unload reply id); the load itself happens after this
                // request and logs its failure.
                api.service_op(crate::service::ServiceOp::Load { name, ver });
                api.respond(conn, &reply::simple(res::SERVICEUNLOAD, CsError::OK));
            }
            LibRequest::ServiceUnload { name, ver } => {
                api.service_op(crate::service::ServiceOp::Unload { name, ver });
                api.respond(conn, &reply::simple(res::SERVICEUNLOAD, CsError::OK));
            }
            LibRequest::KillNode { nodeid, reason } => {
                let m = exec_msg::killnode(nodeid, &reason);
                let e = if api.mcast(&[&m]).is_ok() {
                    CsError::OK
                } else {
                    CsError::TRY_AGAIN
                };
                api.respond(conn, &reply::simple(res::KILLNODE, e));
            }
            LibRequest::TryShutdown { flags } => self.try_shutdown(api, conn, flags),
            LibRequest::ReplyToShutdown { response } => {
                self.reply_to_shutdown(api, conn, response != 0)
            }
            LibRequest::GetNodeAddrs { nodeid } => {
                let r = Self::node_addrs(api, nodeid);
                api.respond(conn, &r);
            }
            LibRequest::LocalGet => {
                let me = api.nodeid();
                api.respond(conn, &reply::local_get(me));
            }
            LibRequest::CryptoSet { kind } => {
                let e = if api.crypto_set(kind) {
                    if api.mcast(&[&exec_msg::crypto_set(kind)]).is_ok() {
                        CsError::OK
                    } else {
                        CsError::TRY_AGAIN
                    }
                } else {
                    CsError::INVALID_PARAM
                };
                api.respond(conn, &reply::simple(res::CRYPTO_SET, e));
            }
        }
    }

    fn exec_handler_count(&self) -> u16 {
        exec::COUNT
    }

    fn exec_message(
        &mut self,
        api: &mut dyn Api,
        nodeid: NodeId,
        function: u16,
        msg: &[u8],
        swap: bool,
    ) {
        match function {
            exec::RINGREENABLE => {
                let Ok((src_node, src_conn)) = exec_msg::decode_ringreenable(msg, swap) else {
                    return;
                };
                api.ring_reenable();
                if src_node == api.nodeid() {
                    api.respond(
                        ConnId(src_conn),
                        &reply::simple(res::RINGREENABLE, CsError::OK),
                    );
                }
            }
            exec::KILLNODE => {
                let Ok((target, reason)) = exec_msg::decode_killnode(msg, swap) else {
                    return;
                };
                let me = api.nodeid();
                let reason = String::from_utf8_lossy(&reason).into_owned();
                api.log(
                    Level::Debug,
                    format_args!("request to kill node {target}(us={me}): {reason}\n"),
                );
                if target == me {
                    api.log(
                        Level::Notice,
                        format_args!("Killed by node {nodeid}: {reason}\n"),
                    );
                    api.fatal_exit(concat!(file!(), ":", line!()));
                }
            }
            exec::SHUTDOWN => {
                api.log(
                    Level::Notice,
                    format_args!("Node {nodeid} was shut down by sysadmin\n"),
                );
                if nodeid == api.nodeid() {
                    api.shutdown_request();
                }
            }
            exec::CRYPTO_SET => {
                let Ok(kind) = exec_msg::decode_crypto_set(msg, swap) else {
                    return;
                };
                api.log(
                    Level::Notice,
                    format_args!("Node {nodeid} requested set crypto to {kind}\n"),
                );
                api.crypto_set(kind);
            }
            _ => {}
        }
    }

    /// The original declares sync v1 without any sync function, which
    /// both synchronisations skip: the same as taking no part.
    fn sync_mode(&self) -> SyncMode {
        SyncMode::None
    }

    fn timer_deadline(&self) -> Option<Instant> {
        if self.shutdown_con.is_some() {
            self.timer
        } else {
            None
        }
    }

    fn timer_expired(&mut self, api: &mut dyn Api) {
        self.timer = None;
        if self.shutdown_con.is_none() {
            return;
        }
        // the undecided count as no
        self.shutdown_no = self.shutdown_expected;
        self.check_shutdown_status(api);
        self.send_test_shutdown(api, None, None, CsError::TIMEOUT);
    }
}

#[cfg(test)]
mod tests;
