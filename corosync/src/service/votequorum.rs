//! The votequorum engine (`corosync_votequorum`, service 15): the quorum
//! provider that counts votes. Every node multicasts its votes and expected
//! votes (nodeinfo) after each configuration change; each node computes
//! quorum from the members it has heard of. A quorum device registered by a
//! local client adds its votes while it keeps polling.
//!
//! The arithmetic, the node list order (a quorum device sits at its head)
//! and the messages follow the 1.4 engine, including its quirks, so that
//! mixed rings compute the same numbers.

use corosync_wire::CsError;
use corosync_wire::ipc::ServiceId;
use corosync_wire::votequorum::{
    self as wire, KillNode, NodeInfo, Reconfigure, exec_fn, info_flag, reconfig, req,
};

use crate::log::Level;
use crate::service::quorum::{TRACK_CHANGES, TRACK_CHANGES_ONLY, TRACK_CURRENT};
use crate::service::{Api, ConfchgKind, ConnId, FlowControl, NodeId, RingId, Service};

pub const DEFAULT_EXPECTED: u32 = 1024;
pub const DEFAULT_QDEV_POLL: u32 = 10000;
pub const DEFAULT_LEAVE_TMO: u32 = 10000;

/// Node flags (also carried in nodeinfo).
pub mod node_flag {
    pub const BEENDOWN: u32 = 1;
    pub const SEESDISALLOWED: u32 = 8;
    pub const HASSTATE: u32 = 16;
    pub const QDISK: u32 = 32;
    pub const REMOVED: u32 = 64;
    pub const US: u32 = 128;
}

/// Node states (`NODESTATE_*` of votequorum.h).
pub mod state {
    pub const JOINING: u32 = 1;
    pub const MEMBER: u32 = 2;
    pub const DEAD: u32 = 3;
    pub const LEAVING: u32 = 4;
    pub const DISALLOWED: u32 = 5;
}

pub const REASON_KILL_REJECTED: u32 = 1;
pub const REASON_KILL_APPLICATION: u32 = 2;
pub const REASON_KILL_REJOIN: u32 = 3;

const NODEID_US: i32 = 0;
const NODEID_QDEVICE: i32 = -1;

const HANDLERS: &[FlowControl] = &[FlowControl::NotRequired; 11];

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Node {
    pub node_id: i32,
    pub flags: u32,
    pub expected_votes: u32,
    pub votes: u32,
    pub state: u32,
    /// Quorum device only: monotonic ns of the last positive poll.
    pub last_hello: u64,
    pub qdevice: bool,
}

/// The `quorum { }` settings the engine reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    pub expected_votes: u32,
    pub votes: u32,
    pub quorumdev_poll: u32,
    pub leaving_timeout: u32,
    pub disallowed: bool,
    pub two_node: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            expected_votes: DEFAULT_EXPECTED,
            votes: 1,
            quorumdev_poll: DEFAULT_QDEV_POLL,
            leaving_timeout: DEFAULT_LEAVE_TMO,
            disallowed: false,
            two_node: false,
        }
    }
}

/// C `atoi`: optional blanks and sign, then digits; 0 when none.
fn atoi(s: &[u8]) -> u32 {
    let mut i = 0;
    while i < s.len() && (s[i] == b' ' || (b'\t'..=b'\r').contains(&s[i])) {
        i += 1;
    }
    let mut neg = false;
    if i < s.len() && (s[i] == b'-' || s[i] == b'+') {
        neg = s[i] == b'-';
        i += 1;
    }
    let mut v: i64 = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        v = (v * 10 + (s[i] - b'0') as i64).min(i64::from(u32::MAX) + 1);
        i += 1;
    }
    let v = if neg { -v } else { v };
    v as i32 as u32
}

impl Config {
    /// Reads the first `quorum` object of the object database.
    pub fn read(objdb: &objdb::ObjDb) -> Config {
        let mut c = Config::default();
        let Some(h) = objdb
            .object_find_first(objdb::ObjectHandle::ROOT, b"quorum")
            .ok()
            .flatten()
        else {
            return c;
        };
        let get = |k: &[u8], d: u32| objdb.key_get_str(h, k).map_or(d, atoi);
        c.expected_votes = get(b"expected_votes", DEFAULT_EXPECTED);
        c.votes = get(b"votes", 1);
        c.quorumdev_poll = get(b"quorumdev_poll", DEFAULT_QDEV_POLL);
        c.leaving_timeout = get(b"leaving_timeout", DEFAULT_LEAVE_TMO);
        c.disallowed = get(b"disallowed", 0) != 0;
        c.two_node = get(b"two_node", 0) != 0;
        c
    }
}

pub struct VoteQuorum {
    nodes: Vec<Node>,
    /// The 1.4 engine keeps the disallowed and two_node features in one
    /// bit: the last of the two keys read decides (two_node).
    feature: bool,
    quorum: u32,
    cluster_is_quorate: bool,
    first_trans: bool,
    quorumdev_poll: u32,
    leaving_timeout: u32,
    qdevice_name: Vec<u8>,
    qdevice_timer: Option<u64>,
    leaving_timer: Option<u64>,
    quorum_members: Vec<NodeId>,
    quorum_ring: RingId,
    /// (connection, context), newest first.
    trackers: Vec<(ConnId, u64)>,
    config: Config,
    /// Our tracker on the `quorum` object (re-registered after a reload).
    tracker: Option<objdb::TrackerId>,
}

fn status(api: &mut dyn Api, conn: ConnId, e: CsError) {
    api.respond(conn, &wire::encode_status(e));
}

impl VoteQuorum {
    pub fn new(config: Config) -> VoteQuorum {
        VoteQuorum {
            // this node until exec_init learns its id: the list is never
            // empty
            nodes: vec![Node {
                flags: node_flag::US,
                state: state::MEMBER,
                expected_votes: config.expected_votes,
                votes: config.votes,
                ..Default::default()
            }],
            feature: false,
            quorum: 0,
            cluster_is_quorate: false,
            first_trans: true,
            quorumdev_poll: DEFAULT_QDEV_POLL,
            leaving_timeout: DEFAULT_LEAVE_TMO,
            qdevice_name: Vec::new(),
            qdevice_timer: None,
            leaving_timer: None,
            quorum_members: Vec::new(),
            quorum_ring: RingId {
                rep_nodeid: 0,
                seq: 0,
            },
            trackers: Vec::new(),
            config,
            tracker: None,
        }
    }

    // ---- node list ----------------------------------------------------------

    fn us(&self) -> usize {
        self.nodes
            .iter()
            .position(|n| n.flags & node_flag::US != 0)
            .unwrap_or(0)
    }

    fn qdevice(&self) -> Option<usize> {
        self.nodes.iter().position(|n| n.qdevice)
    }

    fn find(&self, nodeid: i32) -> Option<usize> {
        match nodeid {
            NODEID_US => Some(self.us()),
            NODEID_QDEVICE => self.qdevice(),
            _ => self
                .nodes
                .iter()
                .position(|n| !n.qdevice && n.node_id == nodeid),
        }
    }

    /// Inserts before the first node with a larger id (signed, as the
    /// original compares).
    fn add_ordered(&mut self, node: Node) -> usize {
        let at = self
            .nodes
            .iter()
            .position(|n| node.node_id < n.node_id)
            .unwrap_or(self.nodes.len());
        self.nodes.insert(at, node);
        at
    }

    fn have_disallowed(&self) -> bool {
        self.nodes.iter().any(|n| n.state == state::DISALLOWED)
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn quorum(&self) -> u32 {
        self.quorum
    }

    pub fn is_quorate(&self) -> bool {
        self.cluster_is_quorate
    }

    // ---- arithmetic ---------------------------------------------------------

    /// Quorum from the member nodes: the larger of half the highest expected
    /// votes and half the total votes, plus one. Returns (quorum, total
    /// votes). With `max_expected` every member's expected votes are set to
    /// it (as the original does, also when only validating).
    pub fn calculate_quorum(&mut self, allow_decrease: bool, max_expected: u32) -> (u32, u32) {
        let mut total_votes: u32 = 0;
        let mut highest_expected: u32 = 0;
        let mut total_nodes = 0;
        for n in self.nodes.iter_mut() {
            if n.state == state::MEMBER {
                if max_expected != 0 {
                    n.expected_votes = max_expected;
                } else {
                    highest_expected = highest_expected.max(n.expected_votes);
                }
                total_votes = total_votes.wrapping_add(n.votes);
                total_nodes += 1;
            }
        }
        if let Some(q) = self.qdevice()
            && self.nodes[q].state == state::MEMBER
        {
            total_votes = total_votes.wrapping_add(self.nodes[q].votes);
        }
        if max_expected > 0 {
            highest_expected = max_expected;
        }
        let q1 = highest_expected.wrapping_add(2) / 2;
        let q2 = total_votes.wrapping_add(2) / 2;
        let mut newquorum = q1.max(q2);
        if !allow_decrease {
            newquorum = newquorum.max(self.quorum);
        }
        if self.feature && total_nodes <= 2 {
            newquorum = 1;
        }
        (newquorum, total_votes)
    }

    fn recalculate_quorum(&mut self, api: &mut dyn Api, allow_decrease: bool, by_current: bool) {
        let mut total_votes: u32 = 0;
        let mut members = 0u32;
        for n in &self.nodes {
            if n.state == state::MEMBER {
                if by_current {
                    members += 1;
                }
                total_votes = total_votes.wrapping_add(n.votes);
            }
        }
        let us = self.us();
        api.log(
            Level::Debug,
            format_args!(
                "total_votes={}, expected_votes={}\n",
                total_votes as i32, self.nodes[us].expected_votes as i32
            ),
        );
        if total_votes > self.nodes[us].expected_votes {
            self.nodes[us].expected_votes = total_votes;
            self.send_expectedvotes_notification(api);
        }
        let (q, total) = self.calculate_quorum(allow_decrease, members);
        self.quorum = q;
        self.set_quorate(api, total);
        self.send_quorum_notification(api, None);
    }

    fn set_quorate(&mut self, api: &mut dyn Api, total_votes: u32) {
        let quorate = self.quorum <= total_votes;
        if self.cluster_is_quorate && !quorate {
            api.log(
                Level::Info,
                format_args!("quorum lost, blocking activity\n"),
            );
        }
        if !self.cluster_is_quorate && quorate {
            api.log(
                Level::Info,
                format_args!("quorum regained, resuming activity\n"),
            );
            let disallowed: Vec<i32> = self
                .nodes
                .iter()
                .filter(|n| n.state == state::DISALLOWED)
                .map(|n| n.node_id)
                .collect();
            for id in disallowed {
                self.send_killnode(api, id as u32, REASON_KILL_REJOIN);
            }
        }
        self.cluster_is_quorate = quorate;
        api.set_quorum(&self.quorum_members, quorate, self.quorum_ring);
    }

    // ---- notifications ------------------------------------------------------

    fn notification_nodes(&self) -> Vec<(u32, u32)> {
        let mut list: Vec<(u32, u32)> = self
            .nodes
            .iter()
            .map(|n| (n.node_id as u32, n.state))
            .collect();
        if let Some(q) = self.qdevice() {
            list.push((0, self.nodes[q].state | 0x80));
        }
        list
    }

    fn send_quorum_notification(&self, api: &mut dyn Api, to: Option<(ConnId, u64)>) {
        let nodes = self.notification_nodes();
        match to {
            Some((conn, context)) => {
                let b = wire::encode_notification(self.cluster_is_quorate, context, &nodes);
                api.dispatch(conn, &[&b]);
            }
            None => {
                for (conn, context) in &self.trackers {
                    let b = wire::encode_notification(self.cluster_is_quorate, *context, &nodes);
                    api.dispatch(*conn, &[&b]);
                }
            }
        }
    }

    fn send_expectedvotes_notification(&self, api: &mut dyn Api) {
        api.log(
            Level::Debug,
            format_args!("Sending expected votes callback\n"),
        );
        let expected = self.nodes[self.us()].expected_votes;
        for (conn, context) in &self.trackers {
            let b = wire::encode_expectedvotes_notification(*context, expected);
            api.dispatch(*conn, &[&b]);
        }
    }

    // ---- executive messages -------------------------------------------------

    fn send_nodeinfo(&self, api: &mut dyn Api) {
        let us = &self.nodes[self.us()];
        let mut flags = us.flags;
        if self.have_disallowed() {
            flags |= node_flag::SEESDISALLOWED;
        }
        let m = NodeInfo {
            first_trans: self.first_trans as u32,
            votes: us.votes,
            expected_votes: us.expected_votes,
            major_version: wire::MAJOR_VERSION,
            minor_version: wire::MINOR_VERSION,
            patch_version: wire::PATCH_VERSION,
            config_version: 0,
            flags,
        }
        .encode();
        if api.mcast(&[&m]).is_err() {
            api.log(
                Level::Warning,
                format_args!("could not queue the nodeinfo message\n"),
            );
        }
    }

    fn send_reconfigure(&self, api: &mut dyn Api, param: u32, nodeid: u32, value: u32) {
        let m = Reconfigure {
            param,
            nodeid,
            value,
        }
        .encode();
        let _ = api.mcast(&[&m]);
    }

    fn send_killnode(&self, api: &mut dyn Api, nodeid: u32, reason: u32) {
        let m = KillNode { reason, nodeid }.encode();
        let _ = api.mcast(&[&m]);
    }

    fn nodeinfo(&mut self, api: &mut dyn Api, nodeid: NodeId, msg: &[u8], swap: bool) {
        let Ok(info) = NodeInfo::decode(msg, swap) else {
            api.log(
                Level::Warning,
                format_args!("short nodeinfo message from node {nodeid} ignored\n"),
            );
            return;
        };
        api.log(
            Level::Debug,
            format_args!("got nodeinfo message from cluster node {nodeid}\n"),
        );
        let (idx, new_node) = match self.find(nodeid as i32) {
            Some(i) => (i, false),
            None => (
                self.add_ordered(Node {
                    node_id: nodeid as i32,
                    ..Default::default()
                }),
                true,
            ),
        };
        if info.flags & node_flag::SEESDISALLOWED != 0 && !self.have_disallowed() {
            api.log(
                Level::Crit,
                format_args!("Joined a cluster with disallowed nodes. must die"),
            );
            api.fatal_error(2, file!(), line!());
            return;
        }
        let us_hasstate = self.nodes[self.us()].flags & node_flag::HASSTATE != 0;
        let quorate = self.cluster_is_quorate;
        let feature = self.feature;
        let n = &mut self.nodes[idx];
        let (old_votes, old_expected, old_state) = (n.votes, n.expected_votes, n.state);
        n.votes = info.votes;
        n.expected_votes = info.expected_votes;
        n.state = state::MEMBER;
        let mut kill = false;
        let mut crit = None;
        if feature
            && info.flags & node_flag::HASSTATE != 0
            && (n.flags & node_flag::BEENDOWN != 0
                || (info.first_trans != 0 && n.flags & node_flag::US == 0 && us_hasstate))
            && n.state != state::DISALLOWED
        {
            n.state = state::DISALLOWED;
            if quorate {
                kill = true;
                crit = Some(format!(
                    "Killing node {} because it has rejoined the cluster with existing state",
                    n.node_id
                ));
            } else {
                crit = Some(format!(
                    "Node {} not joined to quorum because it has existing state",
                    n.node_id
                ));
            }
        }
        n.flags &= !node_flag::BEENDOWN;
        let changed =
            old_votes != n.votes || old_expected != n.expected_votes || old_state != n.state;
        api.log(
            Level::Debug,
            format_args!(
                "nodeinfo message: votes: {}, expected:{}\n",
                info.votes as i32, info.expected_votes as i32
            ),
        );
        if let Some(c) = crit {
            api.log(Level::Crit, format_args!("{c}"));
        }
        if kill {
            self.send_killnode(api, nodeid, REASON_KILL_REJOIN);
        }
        if new_node || info.first_trans != 0 || changed {
            self.recalculate_quorum(api, false, false);
        }
    }

    fn reconfigure(&mut self, api: &mut dyn Api, nodeid: NodeId, msg: &[u8], swap: bool) {
        let Ok(r) = Reconfigure::decode(msg, swap) else {
            return;
        };
        api.log(
            Level::Debug,
            format_args!("got reconfigure message from cluster node {nodeid}\n"),
        );
        let Some(idx) = self.find(r.nodeid as i32) else {
            return;
        };
        match r.param {
            reconfig::EXPECTED_VOTES => {
                for n in self.nodes.iter_mut() {
                    if n.state == state::MEMBER && n.expected_votes > r.value {
                        n.expected_votes = r.value;
                    }
                }
                self.send_expectedvotes_notification(api);
                self.recalculate_quorum(api, true, false);
            }
            reconfig::NODE_VOTES => {
                self.nodes[idx].votes = r.value;
                self.recalculate_quorum(api, true, false);
            }
            reconfig::LEAVING => {
                let n = &mut self.nodes[idx];
                if r.value == 1 && n.state == state::MEMBER {
                    n.state = state::LEAVING;
                }
                if r.value == 0 && n.state == state::LEAVING {
                    n.state = state::MEMBER;
                }
            }
            _ => {}
        }
    }

    fn killnode(&mut self, api: &mut dyn Api, nodeid: NodeId, msg: &[u8], swap: bool) {
        let Ok(k) = KillNode::decode(msg, swap) else {
            return;
        };
        if k.nodeid == api.nodeid() {
            let reason = match k.reason {
                REASON_KILL_REJECTED => "our membership application was rejected".to_string(),
                REASON_KILL_APPLICATION => "we were killed by an application request".to_string(),
                REASON_KILL_REJOIN => "we rejoined the cluster without a full restart".to_string(),
                r => format!("we got kill message number {}", r as i32),
            };
            api.log(
                Level::Crit,
                format_args!("Killed by node {}: {}\n", nodeid as i32, reason),
            );
            api.fatal_error(1, file!(), line!());
        }
    }

    // ---- configuration --------------------------------------------------------

    /// `read_quorum_config`: this node's votes and expected votes, the
    /// timers and the two_node feature from `c`.
    fn apply_config(&mut self, api: &mut dyn Api, c: Config) {
        api.log(Level::Info, format_args!("Reading configuration\n"));
        let us = self.us();
        self.nodes[us].expected_votes = c.expected_votes;
        self.nodes[us].votes = c.votes;
        self.quorumdev_poll = c.quorumdev_poll;
        self.leaving_timeout = c.leaving_timeout;
        self.feature = c.two_node;
        if self.feature && self.nodes.len() > 2 {
            api.log(
                Level::Warning,
                format_args!(
                    "quorum.two_node was set but there are more than 2 nodes in the cluster. It will be ignored."
                ),
            );
            self.feature = false;
        }
    }

    /// The `quorum { }` keys changed: apply them and tell the cluster about
    /// new votes or expected votes of this node.
    /// (Re-)registers the tracker on the current `quorum` object.
    fn track_quorum_object(&mut self, api: &mut dyn Api) {
        let db = api.objdb();
        if let Some(t) = self.tracker.take() {
            let _ = db.object_track_stop(t);
        }
        if let Ok(Some(h)) = db.object_find_first(objdb::ObjectHandle::ROOT, b"quorum") {
            self.tracker = crate::service::track_keys(db, h, objdb::TrackDepth::One);
        }
    }

    fn reread_config(&mut self, api: &mut dyn Api, c: Config) {
        let us = self.us();
        let (old_votes, old_expected) = (self.nodes[us].votes, self.nodes[us].expected_votes);
        self.apply_config(api, c);
        let me = self.nodes[us].node_id as u32;
        if old_votes != self.nodes[us].votes {
            let v = self.nodes[us].votes;
            self.send_reconfigure(api, reconfig::NODE_VOTES, me, v);
        }
        if old_expected != self.nodes[us].expected_votes {
            let e = self.nodes[us].expected_votes;
            self.send_reconfigure(api, reconfig::EXPECTED_VOTES, me, e);
        }
    }

    // ---- library requests ---------------------------------------------------

    fn getinfo(&mut self, api: &mut dyn Api, conn: ConnId, msg: &[u8]) {
        let nodeid = match wire::decode_arg(msg, 16, "getinfo") {
            Ok(n) => n as i32,
            Err(_) => {
                let b = wire::encode_getinfo_response(CsError::INVALID_PARAM, &Default::default());
                api.respond(conn, &b);
                return;
            }
        };
        api.log(
            Level::Debug,
            format_args!("got getinfo request on {} for node {}\n", conn.0, nodeid),
        );
        let mut info = wire::Info::default();
        let error = match self.find(nodeid) {
            Some(idx) => {
                let mut highest = 0;
                let mut total: u32 = 0;
                for n in &self.nodes {
                    if n.state == state::MEMBER {
                        highest = highest.max(n.expected_votes);
                        total = total.wrapping_add(n.votes);
                    }
                }
                if let Some(q) = self.qdevice()
                    && self.nodes[q].state == state::MEMBER
                {
                    total = total.wrapping_add(self.nodes[q].votes);
                }
                let us = &self.nodes[self.us()];
                info.votes = us.votes;
                info.expected_votes = us.expected_votes;
                info.highest_expected = highest;
                info.quorum = self.quorum;
                info.total_votes = total;
                info.nodeid = self.nodes[idx].node_id as u32;
                if us.flags & node_flag::HASSTATE != 0 {
                    info.flags |= info_flag::HASSTATE;
                }
                if self.feature {
                    info.flags |= info_flag::TWONODE;
                }
                if self.cluster_is_quorate {
                    info.flags |= info_flag::QUORATE;
                }
                if us.flags & node_flag::SEESDISALLOWED != 0 {
                    info.flags |= info_flag::DISALLOWED;
                }
                CsError::OK
            }
            None => CsError::NOT_EXIST,
        };
        api.respond(conn, &wire::encode_getinfo_response(error, &info));
        api.log(
            Level::Debug,
            format_args!("getinfo response error: {}\n", error.0),
        );
    }

    fn setexpected(&mut self, api: &mut dyn Api, conn: ConnId, msg: &[u8]) {
        let Ok(expected) = wire::decode_arg(msg, 16, "setexpected") else {
            return status(api, conn, CsError::INVALID_PARAM);
        };
        if self.feature && self.have_disallowed() {
            return status(api, conn, CsError::EXIST);
        }
        let (newquorum, total) = self.calculate_quorum(true, expected);
        if newquorum < total / 2 || newquorum > total {
            return status(api, conn, CsError::INVALID_PARAM);
        }
        let me = self.nodes[self.us()].node_id as u32;
        self.send_reconfigure(api, reconfig::EXPECTED_VOTES, me, expected);
        status(api, conn, CsError::OK);
    }

    fn setvotes(&mut self, api: &mut dyn Api, conn: ConnId, msg: &[u8]) {
        let (Ok(votes), Ok(nodeid)) = (
            wire::decode_arg(msg, 16, "setvotes"),
            wire::decode_arg(msg, 20, "setvotes"),
        ) else {
            return status(api, conn, CsError::INVALID_PARAM);
        };
        let Some(idx) = self.find(nodeid as i32) else {
            return status(api, conn, CsError::NAME_NOT_FOUND);
        };
        let saved = self.nodes[idx].votes;
        self.nodes[idx].votes = votes;
        let (newquorum, total) = self.calculate_quorum(true, 0);
        if newquorum < total / 2 || newquorum > total {
            self.nodes[idx].votes = saved;
            return status(api, conn, CsError::INVALID_PARAM);
        }
        let nodeid = if nodeid == 0 { api.nodeid() } else { nodeid };
        self.send_reconfigure(api, reconfig::NODE_VOTES, nodeid, votes);
        status(api, conn, CsError::OK);
    }

    fn leaving(&mut self, api: &mut dyn Api, conn: ConnId) {
        let me = self.nodes[self.us()].node_id as u32;
        self.send_reconfigure(api, reconfig::LEAVING, me, 1);
        if self.leaving_timeout != 0 {
            self.leaving_timer = Some(
                api.now_ns()
                    .saturating_add(u64::from(self.leaving_timeout) * 1_000_000),
            );
        }
        status(api, conn, CsError::OK);
    }

    fn qdisk_register(&mut self, api: &mut dyn Api, conn: ConnId, msg: &[u8]) {
        let Ok((votes, name)) = wire::decode_qdisk_register(msg) else {
            return status(api, conn, CsError::INVALID_PARAM);
        };
        if self.qdevice().is_some() {
            return status(api, conn, CsError::EXIST);
        }
        self.qdevice_name = name;
        self.nodes.insert(
            0,
            Node {
                node_id: 0,
                state: state::DEAD,
                votes,
                qdevice: true,
                ..Default::default()
            },
        );
        status(api, conn, CsError::OK);
    }

    fn qdisk_unregister(&mut self, api: &mut dyn Api, conn: ConnId) {
        match self.qdevice() {
            Some(q) => {
                self.nodes.remove(q);
                self.qdevice_timer = None;
                self.recalculate_quorum(api, false, false);
                status(api, conn, CsError::OK);
            }
            None => status(api, conn, CsError::NOT_EXIST),
        }
    }

    fn qdisk_poll(&mut self, api: &mut dyn Api, conn: ConnId, msg: &[u8]) {
        let Ok(st) = wire::decode_arg(msg, 16, "qdisk poll") else {
            return status(api, conn, CsError::INVALID_PARAM);
        };
        let Some(q) = self.qdevice() else {
            return status(api, conn, CsError::NOT_EXIST);
        };
        if st != 0 {
            let now = api.now_ns();
            self.nodes[q].last_hello = now;
            if self.nodes[q].state == state::DEAD {
                self.nodes[q].state = state::MEMBER;
                self.recalculate_quorum(api, false, false);
                self.qdevice_timer =
                    Some(now.saturating_add(u64::from(self.quorumdev_poll) * 1_000_000));
            }
        } else if self.nodes[q].state == state::MEMBER {
            self.nodes[q].state = state::DEAD;
            self.recalculate_quorum(api, false, false);
            self.qdevice_timer = None;
        }
        status(api, conn, CsError::OK);
    }

    fn qdisk_getinfo(&mut self, api: &mut dyn Api, conn: ConnId) {
        let b = match self.qdevice() {
            Some(q) => {
                let n = &self.nodes[q];
                api.log(
                    Level::Debug,
                    format_args!("got qdisk_getinfo state {}\n", n.state),
                );
                wire::encode_qdisk_getinfo_response(
                    CsError::OK,
                    n.votes,
                    (n.state == state::MEMBER) as u32,
                    &self.qdevice_name,
                )
            }
            None => wire::encode_qdisk_getinfo_response(CsError::NOT_EXIST, 0, 0, &[]),
        };
        api.respond(conn, &b);
    }

    fn trackstart(&mut self, api: &mut dyn Api, conn: ConnId, msg: &[u8]) {
        let Ok((context, flags)) = wire::decode_trackstart(msg) else {
            return status(api, conn, CsError::INVALID_PARAM);
        };
        if flags & (TRACK_CURRENT | TRACK_CHANGES) != 0 {
            api.log(
                Level::Debug,
                format_args!("sending initial status to {}\n", conn.0),
            );
            self.send_quorum_notification(api, Some((conn, context)));
        }
        if flags & (TRACK_CHANGES | TRACK_CHANGES_ONLY) != 0 {
            self.trackers.retain(|(c, _)| *c != conn);
            self.trackers.insert(0, (conn, context));
        }
        status(api, conn, CsError::OK);
    }

    fn trackstop(&mut self, api: &mut dyn Api, conn: ConnId) {
        let before = self.trackers.len();
        self.trackers.retain(|(c, _)| *c != conn);
        let e = if self.trackers.len() < before {
            CsError::OK
        } else {
            CsError::NOT_EXIST
        };
        status(api, conn, e);
    }
}

impl Service for VoteQuorum {
    fn id(&self) -> ServiceId {
        ServiceId::VOTEQUORUM
    }

    fn name(&self) -> &'static str {
        "corosync votes quorum service v0.91"
    }

    fn lib_handlers(&self) -> &'static [FlowControl] {
        HANDLERS
    }

    fn allow_inquorate(&self) -> bool {
        true
    }

    fn exec_init(&mut self, api: &mut dyn Api) {
        let nodeid = api.nodeid();
        self.nodes.clear();
        self.add_ordered(Node {
            node_id: nodeid as i32,
            flags: node_flag::US,
            state: state::MEMBER,
            expected_votes: DEFAULT_EXPECTED,
            votes: 1,
            ..Default::default()
        });
        let c = self.config;
        self.apply_config(api, c);
        self.recalculate_quorum(api, false, false);
        self.send_nodeinfo(api);
        // key changes of quorum { } and configuration reloads are
        // followed, as the original registers for both
        self.track_quorum_object(api);
        let _ = api.objdb().object_track_start(
            objdb::ObjectHandle::ROOT,
            objdb::TrackSpec::reload(crate::service::ENGINE_TRACKER_OWNER),
        );
    }

    fn objdb_notify(&mut self, api: &mut dyn Api, note: &objdb::Notification) {
        match note.event {
            objdb::ChangeEvent::KeyChanged { .. } if Some(note.tracker) == self.tracker => {}
            objdb::ChangeEvent::Reload {
                phase: objdb::ReloadPhase::End,
                ..
            } => self.track_quorum_object(api),
            _ => return,
        }
        let c = Config::read(api.objdb());
        if c != self.config {
            self.config = c;
            self.reread_config(api, c);
        }
    }

    fn lib_exit(&mut self, _api: &mut dyn Api, conn: ConnId) -> Result<(), crate::service::Retry> {
        self.trackers.retain(|(c, _)| *c != conn);
        Ok(())
    }

    fn lib_request(&mut self, api: &mut dyn Api, conn: ConnId, id: i32, msg: &[u8]) {
        match id {
            req::GETINFO => self.getinfo(api, conn, msg),
            req::SETEXPECTED => self.setexpected(api, conn, msg),
            req::SETVOTES => self.setvotes(api, conn, msg),
            req::QDISK_REGISTER => self.qdisk_register(api, conn, msg),
            req::QDISK_UNREGISTER => self.qdisk_unregister(api, conn),
            req::QDISK_POLL => self.qdisk_poll(api, conn, msg),
            req::QDISK_GETINFO => self.qdisk_getinfo(api, conn),
            req::SETSTATE => {
                let us = self.us();
                self.nodes[us].flags |= node_flag::HASSTATE;
                status(api, conn, CsError::OK);
            }
            req::LEAVING => self.leaving(api, conn),
            req::TRACKSTART => self.trackstart(api, conn, msg),
            _ => self.trackstop(api, conn),
        }
    }

    fn exec_handler_count(&self) -> u16 {
        3
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
            exec_fn::NODEINFO => self.nodeinfo(api, nodeid, msg, swap),
            exec_fn::RECONFIGURE => self.reconfigure(api, nodeid, msg, swap),
            exec_fn::KILLNODE => self.killnode(api, nodeid, msg, swap),
            _ => {}
        }
    }

    fn confchg(
        &mut self,
        api: &mut dyn Api,
        _kind: ConfchgKind,
        members: &[NodeId],
        left: &[NodeId],
        _joined: &[NodeId],
        ring: RingId,
    ) {
        if members.len() > 1 {
            self.first_trans = false;
        }
        let mut leaving = false;
        for id in left {
            if let Some(i) = self.find(*id as i32) {
                let n = &mut self.nodes[i];
                if n.state == state::LEAVING {
                    leaving = true;
                }
                n.state = state::DEAD;
                n.flags |= node_flag::BEENDOWN;
            }
        }
        if !members.is_empty() {
            self.quorum_members = members.to_vec();
            if self.qdevice().is_some() {
                self.quorum_members.push(0);
            }
            self.send_nodeinfo(api);
        }
        if !left.is_empty() {
            self.recalculate_quorum(api, leaving, leaving);
        }
        self.quorum_ring = ring;
    }

    fn timer_tick(&mut self, api: &mut dyn Api, now_ns: u64) {
        if let Some(t) = self.leaving_timer
            && now_ns >= t
        {
            self.leaving_timer = None;
            let us = self.us();
            if self.nodes[us].state == state::LEAVING {
                self.nodes[us].state = state::MEMBER;
            }
            let me = self.nodes[us].node_id as u32;
            self.send_reconfigure(api, reconfig::LEAVING, me, 0);
        }
        if let Some(t) = self.qdevice_timer
            && now_ns >= t
        {
            self.qdevice_timer = None;
            let Some(q) = self.qdevice() else { return };
            if self.nodes[q].state == state::DEAD {
                return;
            }
            let poll_s = u64::from(self.quorumdev_poll / 1000);
            if (self.nodes[q].last_hello / 1_000_000_000).saturating_add(poll_s)
                < now_ns / 1_000_000_000
            {
                self.nodes[q].state = state::DEAD;
                api.log(
                    Level::Info,
                    format_args!("lost contact with quorum device\n"),
                );
                self.recalculate_quorum(api, false, false);
            } else {
                self.qdevice_timer =
                    Some(now_ns.saturating_add(u64::from(self.quorumdev_poll) * 1_000_000));
            }
        }
    }
}
