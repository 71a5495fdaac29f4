//! The quorum service engine (`corosync_quorum`, service 12): tells
//! clients whether this node is quorate and notifies trackers of every
//! quorum view the provider reports. Without a provider the node is always
//! quorate and the view stays empty.

use std::collections::BTreeMap;

use corosync_wire::CsError;
use corosync_wire::ipc::{ResponseHeader, ServiceId};
use corosync_wire::quorum::{self as wire, res};

use crate::log::Level;
use crate::service::{Api, ConnId, FlowControl, NodeId, RingId, Service};

/// `CS_TRACK_*` flags.
pub const TRACK_CURRENT: u32 = 1;
pub const TRACK_CHANGES: u32 = 2;
pub const TRACK_CHANGES_ONLY: u32 = 4;

const HANDLERS: &[FlowControl] = &[
    FlowControl::NotRequired,
    FlowControl::NotRequired,
    FlowControl::NotRequired,
];

/// The width of one "Members[n]:" log line's list (the original's buffer).
const VIEW_LINE: usize = 63;

pub struct Quorum {
    /// Whether a provider reports quorum (otherwise always quorate).
    provider: bool,
    quorate: bool,
    view: Vec<NodeId>,
    ring_seq: u64,
    /// Tracking connections in notification order.
    trackers: Vec<ConnId>,
    tracking: BTreeMap<ConnId, u32>,
    /// The `testquorum` provider: the last `quorum.quorate` value seen.
    test: Option<Option<Vec<u8>>>,
    /// The YKD provider.
    ykd: Option<super::ykd::Ykd>,
}

/// The value of `quorum.quorate` in the object database.
fn quorate_key(objdb: &objdb::ObjDb) -> Option<Vec<u8>> {
    let h = objdb
        .object_find_first(objdb::ObjectHandle::ROOT, b"quorum")
        .ok()
        .flatten()?;
    objdb.key_get_str(h, b"quorate").map(<[u8]>::to_vec)
}

/// C `atoi` for the testquorum key.
fn atoi(s: &[u8]) -> i32 {
    let t = String::from_utf8_lossy(s);
    let t = t.trim_start();
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut v: i64 = 0;
    for c in digits.bytes().take_while(u8::is_ascii_digit) {
        v = (v * 10 + i64::from(c - b'0')).min(1 << 32);
    }
    (if neg { -v } else { v }) as i32
}

impl Quorum {
    /// `provider`: a quorum provider was loaded; the node starts inquorate
    /// until it reports.
    pub fn new(provider: bool) -> Quorum {
        Quorum {
            provider,
            quorate: !provider,
            view: Vec::new(),
            ring_seq: 0,
            trackers: Vec::new(),
            tracking: BTreeMap::new(),
            test: None,
            ykd: None,
        }
    }

    /// The engine with the YKD provider (dynamic linear voting).
    pub fn new_ykd() -> Quorum {
        let mut q = Quorum::new(true);
        q.ykd = Some(super::ykd::Ykd::new());
        q
    }

    /// The engine with the `testquorum` provider: the node is inquorate
    /// until the key `quorum.quorate` changes; its new value (as a number)
    /// is then the quorate state. A tracker on the `quorum` object reports
    /// the changes.
    pub fn new_test(objdb: &objdb::ObjDb) -> Quorum {
        let mut q = Quorum::new(true);
        q.test = Some(quorate_key(objdb));
        q
    }

    pub fn quorate(&self) -> bool {
        self.quorate
    }

    fn notification(&self) -> Vec<u8> {
        wire::encode_notification(self.quorate, self.ring_seq, &self.view)
    }

    /// The "Members[n]: a b c" lines, continued with a backslash when the
    /// list is longer than one line holds.
    pub fn view_lines(view: &[NodeId]) -> Vec<String> {
        let total = view.len();
        let mut lines = Vec::new();
        let mut i = 0;
        loop {
            let mut buf = String::new();
            while i < total {
                let item = format!(" {}", view[i] as i32);
                if buf.len() + item.len() > VIEW_LINE {
                    break;
                }
                buf.push_str(&item);
                i += 1;
            }
            let cont = if i < total { "\\" } else { "" };
            lines.push(format!("Members[{total}]:{buf}{cont}"));
            if i == total {
                break;
            }
        }
        lines
    }
}

impl Service for Quorum {
    fn id(&self) -> ServiceId {
        ServiceId::QUORUM
    }

    fn name(&self) -> &'static str {
        "corosync cluster quorum service v0.1"
    }

    fn lib_handlers(&self) -> &'static [FlowControl] {
        HANDLERS
    }

    fn allow_inquorate(&self) -> bool {
        true
    }

    fn lib_init(&mut self, api: &mut dyn Api, conn: ConnId) {
        api.log(Level::Debug, format_args!("lib_init_fn: conn={}\n", conn.0));
    }

    fn lib_exit(&mut self, api: &mut dyn Api, conn: ConnId) -> Result<(), crate::service::Retry> {
        api.log(Level::Debug, format_args!("lib_exit_fn: conn={}\n", conn.0));
        if self.tracking.remove(&conn).is_some() {
            self.trackers.retain(|c| *c != conn);
        }
        Ok(())
    }

    fn lib_request(&mut self, api: &mut dyn Api, conn: ConnId, id: i32, msg: &[u8]) {
        match id {
            wire::req::GETQUORATE => {
                api.log(
                    Level::Debug,
                    format_args!("got quorate request on {}\n", conn.0),
                );
                api.respond(conn, &wire::encode_getquorate_response(self.quorate));
            }
            wire::req::TRACKSTART => {
                api.log(
                    Level::Debug,
                    format_args!("got trackstart request on {}\n", conn.0),
                );
                let Ok(flags) = wire::decode_trackstart(msg) else {
                    let r = ResponseHeader::new(
                        ResponseHeader::SIZE,
                        res::TRACKSTART,
                        CsError::INVALID_PARAM,
                    );
                    api.respond(conn, &r.to_bytes());
                    return;
                };
                if flags & (TRACK_CURRENT | TRACK_CHANGES) != 0 {
                    api.log(
                        Level::Debug,
                        format_args!("sending initial status to {}\n", conn.0),
                    );
                    let n = self.notification();
                    api.dispatch(conn, &[&n]);
                }
                if flags & (TRACK_CHANGES | TRACK_CHANGES_ONLY) != 0
                    && self.tracking.insert(conn, flags).is_none()
                {
                    // newest tracker first, as the original's list
                    self.trackers.insert(0, conn);
                }
                let r = ResponseHeader::new(ResponseHeader::SIZE, res::TRACKSTART, CsError::OK);
                api.respond(conn, &r.to_bytes());
            }
            _ => {
                api.log(
                    Level::Debug,
                    format_args!("got trackstop request on {}\n", conn.0),
                );
                if self.tracking.remove(&conn).is_some() {
                    self.trackers.retain(|c| *c != conn);
                }
                // The original answers OK whether or not tracking was on.
                let r = ResponseHeader::new(ResponseHeader::SIZE, res::TRACKSTOP, CsError::OK);
                api.respond(conn, &r.to_bytes());
            }
        }
    }

    fn quorum_changed(
        &mut self,
        api: &mut dyn Api,
        members: &[NodeId],
        quorate: bool,
        ring: RingId,
    ) {
        if !self.provider {
            return;
        }
        if self.test.is_some() {
            api.log(
                Level::Debug,
                format_args!("quorum callback: quorate = {}\n", quorate as i32),
            );
        }
        let old = self.quorate;
        self.quorate = quorate;
        if quorate && !old {
            api.log(
                Level::Notice,
                format_args!(
                    "This node is within the primary component and will provide service.\n"
                ),
            );
        } else if !quorate && old {
            api.log(
                Level::Notice,
                format_args!(
                    "This node is within the non-primary component and will NOT provide any services.\n"
                ),
            );
        }
        self.view = members.to_vec();
        self.ring_seq = ring.seq;
        for line in Self::view_lines(members) {
            api.log(Level::Notice, format_args!("{line}"));
        }
        let n = self.notification();
        api.log(
            Level::Debug,
            format_args!(
                "sending quorum notification to (nil), length = {}\n",
                n.len()
            ),
        );
        for c in &self.trackers {
            api.dispatch(*c, &[&n]);
        }
    }

    fn confchg(
        &mut self,
        api: &mut dyn Api,
        kind: crate::service::ConfchgKind,
        members: &[NodeId],
        _left: &[NodeId],
        _joined: &[NodeId],
        ring: RingId,
    ) {
        if kind == crate::service::ConfchgKind::Regular
            && let Some(y) = &mut self.ykd
        {
            y.confchg(api, members, ring);
        }
    }

    fn group_message(
        &mut self,
        api: &mut dyn Api,
        group: &[u8],
        nodeid: NodeId,
        msg: &[u8],
        swap: bool,
    ) {
        if group == super::ykd::GROUP
            && let Some(y) = &mut self.ykd
        {
            y.deliver(api, nodeid, msg, swap);
        }
    }

    fn timer_tick(&mut self, api: &mut dyn Api, _now_ns: u64) {
        if let Some(y) = &mut self.ykd {
            y.flush(api);
        }
    }

    fn exec_init(&mut self, api: &mut dyn Api) {
        if self.test.is_some() {
            let db = api.objdb();
            if let Ok(Some(h)) = db.object_find_first(objdb::ObjectHandle::ROOT, b"quorum") {
                let _ = crate::service::track_keys(db, h, objdb::TrackDepth::One);
            }
        }
    }

    fn objdb_notify(&mut self, api: &mut dyn Api, note: &objdb::Notification) {
        if !matches!(note.event, objdb::ChangeEvent::KeyChanged { .. }) {
            return;
        }
        let Some(last) = &self.test else {
            return;
        };
        let now = quorate_key(api.objdb());
        if &now == last {
            return;
        }
        self.test = Some(now.clone());
        if let Some(v) = now {
            let ring = RingId {
                rep_nodeid: 0,
                seq: 0,
            };
            api.set_quorum(&[], atoi(&v) != 0, ring);
        }
    }
}

/// The engines `corosync_quorum` brings: itself and the provider named by
/// `quorum { provider: ... }`; whether a provider is loaded. An unknown
/// provider stops the executive (the original cannot load it either).
pub fn engines(objdb: &objdb::ObjDb) -> Result<(Vec<Box<dyn Service>>, bool), i32> {
    let provider = objdb
        .object_find_first(objdb::ObjectHandle::ROOT, b"quorum")
        .ok()
        .flatten()
        .and_then(|h| objdb.key_get_str(h, b"provider"))
        .map(|p| String::from_utf8_lossy(p).into_owned());
    let Some(provider) = provider else {
        return Ok((vec![Box::new(Quorum::new(false))], false));
    };
    match provider.as_str() {
        "corosync_votequorum" => {
            crate::log_printf!(QUORUM, Notice, "Using quorum provider {provider}\n");
            let config = super::votequorum::Config::read(objdb);
            Ok((
                vec![
                    Box::new(Quorum::new(true)),
                    Box::new(super::votequorum::VoteQuorum::new(config)),
                ],
                true,
            ))
        }
        "corosync_quorum_ykd" => {
            crate::log_printf!(QUORUM, Notice, "Using quorum provider {provider}\n");
            Ok((vec![Box::new(Quorum::new_ykd())], true))
        }
        "testquorum" => {
            crate::log_printf!(QUORUM, Notice, "Using quorum provider {provider}\n");
            Ok((vec![Box::new(Quorum::new_test(objdb))], true))
        }
        _ => {
            crate::log_printf!(QUORUM, Notice, "Couldn't load quorum provider {provider}\n");
            crate::log_printf!(
                SERV,
                Error,
                "Corosync Cluster Engine could not initialise the quorum service."
            );
            Err(crate::startup::exit::INIT_SERVICES)
        }
    }
}

#[cfg(test)]
mod tests;
