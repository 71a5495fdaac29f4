//! The closed process group engine (service 8): the cluster-wide list of
//! processes per group, join/leave/mcast, and the downlist/joinlist
//! synchronisation after every configuration change.
//!
//! Orders that clients can observe (the process list, the order in which
//! stored joinlist entries are replayed, the iteration order) follow the
//! original engine so callbacks arrive in the same order.

use std::collections::HashMap;

use corosync_wire::cpg::{
    self, CpgAddress, CpgName, LibRequest, exec as cpg_exec, iteration_type, reason, reply,
};
use corosync_wire::ipc::ServiceId;
use corosync_wire::{CsError, exec::make_id};

use super::{Api, ConnId, FlowControl, NodeId, Retry, RingId, Service, SyncMode};
use crate::log::Level;

/// State of one client connection (the original's `enum cpd_state`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CpdState {
    Unjoined,
    LeaveStarted,
    JoinStarted,
    JoinCompleted,
}

#[derive(Debug)]
struct Cpd {
    conn: ConnId,
    group: CpgName,
    pid: u32,
    state: CpdState,
    flags: u32,
    initial_totem_conf_sent: bool,
    iterations: Vec<u64>,
}

/// A process known to be in a group somewhere in the cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ProcessInfo {
    nodeid: NodeId,
    pid: u32,
    group: CpgName,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DownlistState {
    None,
    WaitingForMessages,
    Applying,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SyncState {
    Downlist,
    Joinlist,
}

#[derive(Clone, Debug)]
struct DownlistMsg {
    sender: NodeId,
    old_members: u32,
    left_nodes: Vec<NodeId>,
}

#[derive(Clone, Copy, Debug)]
struct JoinlistMsg {
    sender: NodeId,
    pid: u32,
    group: CpgName,
}

struct IterationInstance {
    owner: ConnId,
    items: Vec<ProcessInfo>,
    next: usize,
}

const LIB_HANDLERS: [FlowControl; 9] = [
    FlowControl::Required,    // join
    FlowControl::Required,    // leave
    FlowControl::Required,    // mcast
    FlowControl::NotRequired, // membership
    FlowControl::NotRequired, // local get
    FlowControl::NotRequired, // iteration initialize
    FlowControl::NotRequired, // iteration next
    FlowControl::NotRequired, // iteration finalize
    FlowControl::Required,    // finalize
];

/// The CPG engine.
pub struct Cpg {
    /// Client connections, newest first (the original adds at the head).
    cpds: Vec<Cpd>,
    /// Kept sorted by node id, then pid.
    process_info: Vec<ProcessInfo>,
    my_member_list: Vec<NodeId>,
    my_old_member_list: Vec<NodeId>,
    last_sync_ring_id: RingId,
    sync_state: SyncState,
    downlist_state: DownlistState,
    /// Left nodes computed at sync init, sent in our DOWNLIST.
    downlist_left: Vec<NodeId>,
    /// Received downlists, newest first.
    downlist_messages: Vec<DownlistMsg>,
    /// Received joinlist entries, newest first.
    joinlist_messages: Vec<JoinlistMsg>,
    iterations: HashMap<u64, IterationInstance>,
    iteration_seq: u32,
    iteration_check: u64,
}

impl Default for Cpg {
    fn default() -> Self {
        Self::new(0x9e37_79b9_7f4a_7c15)
    }
}

impl Cpg {
    /// A new engine; `seed` randomises iteration handles.
    pub fn new(seed: u64) -> Cpg {
        Cpg {
            cpds: Vec::new(),
            process_info: Vec::new(),
            my_member_list: Vec::new(),
            my_old_member_list: Vec::new(),
            last_sync_ring_id: RingId {
                rep_nodeid: 0,
                seq: 0,
            },
            sync_state: SyncState::Downlist,
            downlist_state: DownlistState::None,
            downlist_left: Vec::new(),
            downlist_messages: Vec::new(),
            joinlist_messages: Vec::new(),
            iterations: HashMap::new(),
            iteration_seq: 0,
            iteration_check: seed | 1,
        }
    }

    fn cpd(&mut self, conn: ConnId) -> Option<&mut Cpd> {
        self.cpds.iter_mut().find(|c| c.conn == conn)
    }

    fn process_find(&self, group: &CpgName, pid: u32, nodeid: NodeId) -> bool {
        self.process_info
            .iter()
            .any(|p| p.pid == pid && p.nodeid == nodeid && p.group == *group)
    }

    /// Sends a CONFCHG callback for `group` to the local members, after a
    /// process joined (`joined`) or left (`left`). Also moves the local
    /// joiner to JOIN_COMPLETED and the local leaver back to UNJOINED.
    fn notify_lib_joinlist(
        &mut self,
        api: &mut dyn Api,
        group: &CpgName,
        joined: Option<CpgAddress>,
        left: Option<CpgAddress>,
    ) {
        let members: Vec<CpgAddress> = self
            .process_info
            .iter()
            .filter(|p| p.group == *group)
            .filter(|p| !left.is_some_and(|l| l.nodeid == p.nodeid && l.pid == p.pid))
            .map(|p| CpgAddress {
                nodeid: p.nodeid,
                pid: p.pid,
                reason: 0,
            })
            .collect();
        let left_list: Vec<CpgAddress> = left.into_iter().collect();
        let joined_list: Vec<CpgAddress> = joined.into_iter().collect();
        let msg = reply::confchg(group, &members, &left_list, &joined_list);
        let me = api.nodeid();
        for cpd in self.cpds.iter_mut().filter(|c| c.group == *group) {
            if let Some(j) = joined
                && j.pid == cpd.pid
                && j.nodeid == me
            {
                cpd.state = CpdState::JoinCompleted;
            }
            if matches!(cpd.state, CpdState::JoinCompleted | CpdState::LeaveStarted) {
                api.dispatch(cpd.conn, &[&msg]);
            }
            if let Some(l) = left
                && l.pid == cpd.pid
                && l.nodeid == me
                && l.reason == reason::LEAVE
            {
                cpd.pid = 0;
                cpd.group = CpgName::empty();
                cpd.state = CpdState::Unjoined;
            }
        }
        let old = self.my_old_member_list.clone();
        for cpd in self.cpds.iter_mut() {
            if cpd.flags & cpg::MODEL_V1_DELIVER_INITIAL_TOTEM_CONF != 0
                && !cpd.initial_totem_conf_sent
            {
                cpd.initial_totem_conf_sent = true;
                let m = reply::totem_confchg(
                    self.last_sync_ring_id.rep_nodeid,
                    self.last_sync_ring_id.seq,
                    &old,
                );
                api.dispatch(cpd.conn, &[&m]);
            }
        }
    }

    fn do_proc_join(
        &mut self,
        api: &mut dyn Api,
        group: &CpgName,
        pid: u32,
        nodeid: NodeId,
        why: u32,
    ) {
        if self.process_find(group, pid, nodeid) {
            return;
        }
        let pi = ProcessInfo {
            nodeid,
            pid,
            group: *group,
        };
        let at = self
            .process_info
            .iter()
            .position(|e| e.nodeid > nodeid || (e.nodeid == nodeid && e.pid > pid))
            .unwrap_or(self.process_info.len());
        self.process_info.insert(at, pi);
        self.notify_lib_joinlist(
            api,
            group,
            Some(CpgAddress {
                nodeid,
                pid,
                reason: why,
            }),
            None,
        );
    }

    fn do_proc_leave(
        &mut self,
        api: &mut dyn Api,
        group: &CpgName,
        pid: u32,
        nodeid: NodeId,
        why: u32,
    ) {
        self.notify_lib_joinlist(
            api,
            group,
            None,
            Some(CpgAddress {
                nodeid,
                pid,
                reason: why,
            }),
        );
        self.process_info
            .retain(|p| !(p.pid == pid && p.nodeid == nodeid && p.group == *group));
    }

    fn joinleave_send(
        api: &mut dyn Api,
        pid: u32,
        group: &CpgName,
        function: u16,
        why: u32,
    ) -> Result<(), super::QueueFull> {
        let m = cpg_exec::ProcJoinLeave {
            group: *group,
            pid,
            reason: why,
        }
        .encode(function);
        api.mcast(&[&m])
    }

    fn totem_membership_to_all(&self, api: &mut dyn Api) {
        let m = reply::totem_confchg(
            self.last_sync_ring_id.rep_nodeid,
            self.last_sync_ring_id.seq,
            &self.my_member_list,
        );
        for cpd in &self.cpds {
            api.dispatch(cpd.conn, &[&m]);
        }
    }

    fn downlist_choose(&self, api: &mut dyn Api) -> Option<DownlistMsg> {
        let me = api.nodeid();
        let mut best: Option<&DownlistMsg> = None;
        for cmp in &self.downlist_messages {
            api.log(
                Level::Debug,
                format_args!(
                    "comparing: sender {}; members(old:{} left:{})",
                    api.ifaces_print(cmp.sender),
                    cmp.old_members,
                    cmp.left_nodes.len()
                ),
            );
            if cmp.left_nodes.contains(&me) {
                api.log(
                    Level::Debug,
                    format_args!("Ignoring this entry because I'm in the left list\n"),
                );
                continue;
            }
            let Some(b) = best else {
                best = Some(cmp);
                continue;
            };
            let best_members = b.old_members.wrapping_sub(b.left_nodes.len() as u32);
            let cmp_members = cmp.old_members.wrapping_sub(cmp.left_nodes.len() as u32);
            if cmp_members > best_members
                || (cmp_members == best_members
                    && (cmp.old_members > b.old_members
                        || (cmp.old_members == b.old_members && cmp.sender < b.sender)))
            {
                best = Some(cmp);
            }
        }
        best.cloned()
    }

    fn downlist_master_choose_and_send(&mut self, api: &mut dyn Api) {
        self.downlist_state = DownlistState::Applying;
        let Some(chosen) = self.downlist_choose(api) else {
            api.log(Level::Info, format_args!("NO chosen downlist"));
            return;
        };
        api.log(
            Level::Info,
            format_args!(
                "chosen downlist: sender {}; members(old:{} left:{})",
                api.ifaces_print(chosen.sender),
                chosen.old_members,
                chosen.left_nodes.len()
            ),
        );
        let mut i = 0;
        while i < self.process_info.len() {
            let pi = self.process_info[i];
            if chosen.left_nodes.contains(&pi.nodeid) {
                self.notify_lib_joinlist(
                    api,
                    &pi.group,
                    None,
                    Some(CpgAddress {
                        nodeid: pi.nodeid,
                        pid: pi.pid,
                        reason: reason::NODEDOWN,
                    }),
                );
                self.process_info.remove(i);
            } else {
                i += 1;
            }
        }
    }

    fn joinlist_inform_clients(&mut self, api: &mut dyn Api) {
        let me = api.nodeid();
        let msgs = self.joinlist_messages.clone();
        for (i, m) in msgs.iter().enumerate() {
            api.log(
                Level::Debug,
                format_args!(
                    "joinlist_messages[{i}] group:{}, ip:{}, pid:{}",
                    m.group.printable(),
                    api.ifaces_print(m.sender),
                    m.pid
                ),
            );
            if m.sender == me {
                continue;
            }
            self.do_proc_join(api, &m.group, m.pid, m.sender, reason::NODEUP);
        }
        // Remove processes of other nodes that no joinlist confirmed (they
        // left while we were apart).
        let mut i = 0;
        while i < self.process_info.len() {
            let pi = self.process_info[i];
            let confirmed = pi.nodeid == me
                || msgs.iter().any(|m| {
                    m.sender != me
                        && m.sender == pi.nodeid
                        && m.pid == pi.pid
                        && m.group == pi.group
                });
            if confirmed {
                i += 1;
            } else {
                self.do_proc_leave(api, &pi.group, pi.pid, pi.nodeid, reason::PROCDOWN);
            }
        }
    }

    fn send_downlist(&self, api: &mut dyn Api) -> Result<(), super::QueueFull> {
        let m = cpg_exec::Downlist {
            old_members: self.my_old_member_list.len() as u32,
            left_nodes: self.downlist_left.clone(),
        }
        .encode();
        api.mcast(&[&m])
    }

    fn send_joinlist(&self, api: &mut dyn Api) -> Result<(), super::QueueFull> {
        let me = api.nodeid();
        let entries: Vec<(u32, CpgName)> = self
            .process_info
            .iter()
            .filter(|p| p.nodeid == me)
            .map(|p| (p.pid, p.group))
            .collect();
        if entries.is_empty() {
            return Ok(());
        }
        api.mcast(&[&cpg_exec::joinlist(&entries)])
    }

    fn next_iteration_handle(&mut self) -> u64 {
        self.iteration_seq = self.iteration_seq.wrapping_add(1);
        self.iteration_check ^= self.iteration_check << 13;
        self.iteration_check ^= self.iteration_check >> 7;
        self.iteration_check ^= self.iteration_check << 17;
        ((self.iteration_check >> 32) << 32) | self.iteration_seq as u64
    }

    /// Builds the items of an iteration in the original's order: groups in
    /// reverse order of first appearance; within a group the first process
    /// first, then the others newest first.
    fn iteration_items(&self, kind: u32, group: &CpgName) -> Vec<ProcessInfo> {
        let mut items: Vec<ProcessInfo> = Vec::new();
        for pi in &self.process_info {
            if kind == iteration_type::NAME_ONLY && items.iter().any(|i| i.group == pi.group) {
                continue;
            }
            if kind == iteration_type::ONE_GROUP && pi.group != *group {
                continue;
            }
            let mut new = *pi;
            if kind == iteration_type::NAME_ONLY {
                new.pid = 0;
                new.nodeid = 0;
            }
            match items.iter().position(|i| i.group == pi.group) {
                Some(first) => items.insert(first + 1, new),
                None => items.insert(0, new),
            }
        }
        items
    }

    fn lib_join(&mut self, api: &mut dyn Api, conn: ConnId, group: CpgName, pid: u32, flags: u32) {
        let me = api.nodeid();
        let error = if self.cpds.iter().any(|c| c.pid == pid && c.group == group) {
            CsError::EXIST
        } else if self
            .process_info
            .iter()
            .any(|p| p.nodeid == me && p.pid == pid && p.group == group)
        {
            CsError::TRY_AGAIN
        } else if !group.is_valid() {
            CsError::NAME_TOO_LONG
        } else {
            match self.cpd(conn).map(|c| c.state) {
                Some(CpdState::Unjoined) => {
                    match Self::joinleave_send(api, pid, &group, cpg_exec::PROCJOIN, reason::JOIN) {
                        Ok(()) => {
                            let cpd = self.cpd(conn).expect("looked up above");
                            cpd.state = CpdState::JoinStarted;
                            cpd.pid = pid;
                            cpd.flags = flags;
                            cpd.group = group;
                            CsError::OK
                        }
                        Err(_) => CsError::TRY_AGAIN,
                    }
                }
                Some(CpdState::LeaveStarted) => CsError::BUSY,
                Some(CpdState::JoinStarted | CpdState::JoinCompleted) => CsError::EXIST,
                None => CsError::LIBRARY,
            }
        };
        api.respond(conn, &reply::simple(cpg::res::JOIN, error));
    }

    /// Leaves the group this connection joined. The original took group
    /// and pid from the request, which let one client make another local
    /// process leave; for a correct client they are the same.
    fn lib_leave(&mut self, api: &mut dyn Api, conn: ConnId) {
        api.log(
            Level::Debug,
            format_args!("got leave request on {}\n", conn.0),
        );
        let (group, pid) = match self.cpd(conn) {
            Some(c) => (c.group, c.pid),
            None => (CpgName::empty(), 0),
        };
        let error = match self.cpd(conn).map(|c| c.state) {
            Some(CpdState::Unjoined | CpdState::LeaveStarted) => CsError::NOT_EXIST,
            Some(CpdState::JoinStarted) => CsError::BUSY,
            Some(CpdState::JoinCompleted) => {
                match Self::joinleave_send(api, pid, &group, cpg_exec::PROCLEAVE, reason::LEAVE) {
                    Ok(()) => {
                        self.cpd(conn).expect("looked up above").state = CpdState::LeaveStarted;
                        CsError::OK
                    }
                    Err(_) => CsError::TRY_AGAIN,
                }
            }
            None => CsError::LIBRARY,
        };
        api.respond(conn, &reply::simple(cpg::res::LEAVE, error));
    }

    fn lib_mcast(&mut self, api: &mut dyn Api, conn: ConnId, data: &[u8]) {
        let Some(cpd) = self.cpds.iter().find(|c| c.conn == conn) else {
            api.respond(conn, &reply::simple(cpg::res::MCAST, CsError::LIBRARY));
            return;
        };
        let error = match cpd.state {
            CpdState::Unjoined | CpdState::LeaveStarted => CsError::NOT_EXIST,
            CpdState::JoinStarted | CpdState::JoinCompleted => {
                let header =
                    cpg_exec::mcast_header(&cpd.group, data.len(), cpd.pid, api.nodeid(), conn.0);
                match api.mcast(&[&header, data]) {
                    Ok(()) => CsError::OK,
                    Err(_) => CsError::TRY_AGAIN,
                }
            }
        };
        api.respond(conn, &reply::simple(cpg::res::MCAST, error));
    }

    fn lib_iteration_initialize(
        &mut self,
        api: &mut dyn Api,
        conn: ConnId,
        group: CpgName,
        kind: u32,
    ) {
        api.log(Level::Debug, format_args!("cpg iteration initialize\n"));
        let items = self.iteration_items(kind, &group);
        let handle = self.next_iteration_handle();
        self.iterations.insert(
            handle,
            IterationInstance {
                owner: conn,
                items,
                next: 0,
            },
        );
        if let Some(cpd) = self.cpd(conn) {
            cpd.iterations.push(handle);
        }
        api.respond(conn, &reply::iteration_initialize(CsError::OK, handle));
    }

    fn lib_iteration_next(&mut self, api: &mut dyn Api, conn: ConnId, handle: u64) {
        api.log(Level::Debug, format_args!("cpg iteration next\n"));
        let r = match self.iterations.get_mut(&handle) {
            None => reply::iteration_next(CsError::LIBRARY, None),
            Some(it) => match it.items.get(it.next) {
                None => reply::iteration_next(CsError::NO_SECTIONS, None),
                Some(pi) => {
                    it.next += 1;
                    reply::iteration_next(CsError::OK, Some((&pi.group, pi.nodeid, pi.pid)))
                }
            },
        };
        api.respond(conn, &r);
    }

    fn lib_iteration_finalize(&mut self, api: &mut dyn Api, conn: ConnId, handle: u64) {
        api.log(Level::Debug, format_args!("cpg iteration finalize\n"));
        let error = match self.iterations.remove(&handle) {
            Some(it) => {
                if let Some(cpd) = self.cpd(it.owner) {
                    cpd.iterations.retain(|&h| h != handle);
                }
                CsError::OK
            }
            None => CsError::LIBRARY,
        };
        api.respond(conn, &reply::simple(cpg::res::ITERATION_FINALIZE, error));
    }

    /// Members of `group` as (nodeid, pid), for tools and tests.
    pub fn members(&self, group: &CpgName) -> Vec<(NodeId, u32)> {
        self.process_info
            .iter()
            .filter(|p| p.group == *group)
            .map(|p| (p.nodeid, p.pid))
            .collect()
    }
}

impl Service for Cpg {
    fn id(&self) -> ServiceId {
        ServiceId::CPG
    }

    fn name(&self) -> &'static str {
        "corosync cluster closed process group service v1.01"
    }

    fn lib_handlers(&self) -> &'static [FlowControl] {
        &LIB_HANDLERS
    }

    fn allow_inquorate(&self) -> bool {
        true
    }

    fn lib_init(&mut self, api: &mut dyn Api, conn: ConnId) {
        self.cpds.insert(
            0,
            Cpd {
                conn,
                group: CpgName::empty(),
                pid: 0,
                state: CpdState::Unjoined,
                flags: 0,
                initial_totem_conf_sent: false,
                iterations: Vec::new(),
            },
        );
        api.log(Level::Debug, format_args!("lib_init_fn: conn={}\n", conn.0));
    }

    fn lib_exit(&mut self, api: &mut dyn Api, conn: ConnId) -> Result<(), Retry> {
        api.log(Level::Debug, format_args!("exit_fn for conn={}\n", conn.0));
        let Some(at) = self.cpds.iter().position(|c| c.conn == conn) else {
            return Ok(());
        };
        let (group, pid) = (self.cpds[at].group, self.cpds[at].pid);
        if group.length() > 0 {
            Self::joinleave_send(api, pid, &group, cpg_exec::PROCLEAVE, reason::PROCDOWN)
                .map_err(|_| Retry)?;
        }
        let cpd = self.cpds.remove(at);
        for h in cpd.iterations {
            self.iterations.remove(&h);
        }
        Ok(())
    }

    fn lib_request(&mut self, api: &mut dyn Api, conn: ConnId, id: i32, msg: &[u8]) {
        let req = match LibRequest::decode(id, msg) {
            Ok(r) => r,
            Err(_) => {
                let res_id = match id {
                    cpg::req::ITERATION_INITIALIZE => cpg::res::ITERATION_INITIALIZE,
                    cpg::req::ITERATION_NEXT => cpg::res::ITERATION_NEXT,
                    cpg::req::ITERATION_FINALIZE => cpg::res::ITERATION_FINALIZE,
                    cpg::req::FINALIZE => cpg::res::FINALIZE,
                    cpg::req::LOCAL_GET => cpg::res::LOCAL_GET,
                    cpg::req::MEMBERSHIP => cpg::res::MEMBERSHIP,
                    other => other,
                };
                api.respond(conn, &reply::simple(res_id, CsError::INVALID_PARAM));
                return;
            }
        };
        match req {
            LibRequest::Join { group, pid, flags } => self.lib_join(api, conn, group, pid, flags),
            LibRequest::Leave { .. } => self.lib_leave(api, conn),
            LibRequest::Mcast { data, .. } => self.lib_mcast(api, conn, data),
            LibRequest::Membership { group } => {
                let list = self.members(&group);
                api.respond(conn, &reply::membership(&list));
            }
            LibRequest::LocalGet => api.respond(conn, &reply::local_get(api.nodeid())),
            LibRequest::IterationInitialize {
                group,
                iteration_type,
            } => self.lib_iteration_initialize(api, conn, group, iteration_type),
            LibRequest::IterationNext { handle } => self.lib_iteration_next(api, conn, handle),
            LibRequest::IterationFinalize { handle } => {
                self.lib_iteration_finalize(api, conn, handle)
            }
            LibRequest::Finalize => {
                api.log(
                    Level::Debug,
                    format_args!("cpg finalize for conn={}\n", conn.0),
                );
                api.respond(conn, &reply::simple(cpg::res::FINALIZE, CsError::OK));
            }
        }
    }

    fn exec_handler_count(&self) -> u16 {
        6
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
            cpg_exec::PROCJOIN => {
                let Ok(m) = cpg_exec::ProcJoinLeave::decode(msg, swap) else {
                    return;
                };
                api.log(
                    Level::Debug,
                    format_args!(
                        "got procjoin message from cluster node 0x{nodeid:x} ({}) for pid {}",
                        api.ifaces_print(nodeid),
                        m.pid
                    ),
                );
                self.do_proc_join(api, &m.group, m.pid, nodeid, reason::JOIN);
            }
            cpg_exec::PROCLEAVE => {
                let Ok(m) = cpg_exec::ProcJoinLeave::decode(msg, swap) else {
                    return;
                };
                api.log(
                    Level::Debug,
                    format_args!(
                        "got procleave message from cluster node 0x{nodeid:x} ({}) for pid {}",
                        api.ifaces_print(nodeid),
                        m.pid
                    ),
                );
                self.do_proc_leave(api, &m.group, m.pid, nodeid, m.reason);
            }
            cpg_exec::JOINLIST => {
                let Ok(entries) = cpg_exec::decode_joinlist(msg, swap) else {
                    return;
                };
                api.log(
                    Level::Debug,
                    format_args!("got joinlist message from node 0x{nodeid:x}"),
                );
                for (pid, group) in entries {
                    self.joinlist_messages.insert(
                        0,
                        JoinlistMsg {
                            sender: nodeid,
                            pid,
                            group,
                        },
                    );
                }
            }
            cpg_exec::MCAST => {
                let Ok(m) = cpg_exec::Mcast::decode(msg, swap) else {
                    return;
                };
                let mut header: Option<[u8; cpg::size::DELIVER_CALLBACK]> = None;
                let mut known = false;
                for cpd in &self.cpds {
                    if !matches!(cpd.state, CpdState::LeaveStarted | CpdState::JoinCompleted)
                        || cpd.group != m.group
                    {
                        continue;
                    }
                    if !known {
                        known = self
                            .process_info
                            .iter()
                            .any(|p| p.nodeid == nodeid && p.group == m.group);
                        if !known {
                            return;
                        }
                    }
                    let h = header.get_or_insert_with(|| {
                        reply::deliver_header(&m.group, m.data.len(), nodeid, m.pid)
                    });
                    api.dispatch(cpd.conn, &[h, m.data]);
                }
            }
            cpg_exec::DOWNLIST_OLD => {
                api.log(
                    Level::Warning,
                    format_args!("downlist OLD from node 0x{nodeid:x}"),
                );
            }
            cpg_exec::DOWNLIST => {
                let Ok(d) = cpg_exec::Downlist::decode(msg, swap) else {
                    return;
                };
                if self.downlist_state != DownlistState::WaitingForMessages {
                    let state = match self.downlist_state {
                        DownlistState::None => 0,
                        DownlistState::WaitingForMessages => 1,
                        DownlistState::Applying => 2,
                    };
                    api.log(
                        Level::Warning,
                        format_args!(
                            "downlist left_list: {} received in state {}",
                            d.left_nodes.len(),
                            state
                        ),
                    );
                    return;
                }
                self.downlist_messages.insert(
                    0,
                    DownlistMsg {
                        sender: nodeid,
                        old_members: d.old_members,
                        left_nodes: d.left_nodes,
                    },
                );
                let all_in = self
                    .my_member_list
                    .iter()
                    .all(|m| self.downlist_messages.iter().any(|d| d.sender == *m));
                if all_in {
                    self.downlist_master_choose_and_send(api);
                }
            }
            _ => {}
        }
    }

    fn sync_mode(&self) -> SyncMode {
        SyncMode::V1ApiV2
    }

    fn sync_init(
        &mut self,
        _api: &mut dyn Api,
        trans: &[NodeId],
        members: &[NodeId],
        ring: RingId,
    ) {
        self.sync_state = SyncState::Downlist;
        self.my_member_list = members.to_vec();
        self.last_sync_ring_id = ring;
        self.downlist_state = DownlistState::WaitingForMessages;
        self.downlist_left = self
            .my_old_member_list
            .iter()
            .copied()
            .filter(|n| !trans.contains(n))
            .collect();
    }

    fn sync_process(&mut self, api: &mut dyn Api) -> bool {
        if self.sync_state == SyncState::Downlist {
            if self.send_downlist(api).is_err() {
                return false;
            }
            self.sync_state = SyncState::Joinlist;
        }
        self.send_joinlist(api).is_ok()
    }

    fn sync_activate(&mut self, api: &mut dyn Api) {
        self.my_old_member_list = self.my_member_list.clone();
        if self.downlist_state == DownlistState::WaitingForMessages {
            self.downlist_master_choose_and_send(api);
        }
        self.joinlist_inform_clients(api);
        self.downlist_messages.clear();
        self.downlist_state = DownlistState::None;
        self.joinlist_messages.clear();
        self.totem_membership_to_all(api);
    }

    fn sync_abort(&mut self, _api: &mut dyn Api) {
        self.downlist_state = DownlistState::None;
        self.downlist_messages.clear();
        self.joinlist_messages.clear();
    }

    /// Every local process's leave has been delivered.
    fn quiescent(&self, me: NodeId) -> bool {
        !self.process_info.iter().any(|p| p.nodeid == me)
    }
}

/// The executive message id of a CPG function, for tests and tools.
pub fn exec_id(function: u16) -> i32 {
    make_id(ServiceId::CPG, function)
}

#[cfg(test)]
mod tests;
