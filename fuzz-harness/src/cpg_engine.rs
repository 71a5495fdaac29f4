//! The CPG engine (`corosync_exec::service::cpg::Cpg`) driven as the
//! executive drives it, by a sequence of operations decoded from the fuzz
//! input: client connections come and go and send requests (well-formed
//! or not), executive messages arrive from any node in either byte order
//! (the engine's own multicasts looped back, replayed as another node's,
//! forged from templates, or raw), and synchronisations start, run,
//! finish or are aborted at any point.
//!
//! After every step the harness checks what a client or a peer relies on:
//! every library request gets exactly one well-formed response, to the
//! right connection, with the response id of that request; responses are
//! only sent while a request is handled; callbacks go only to open
//! connections and decode with `cpg::Callback::decode`; a confchg callback
//! names exactly one process that changed, lists members in (node id, pid)
//! order without duplicates, includes the joiner and excludes the leaver;
//! every multicast is a well-formed CPG executive message; the process
//! list of every group stays sorted and duplicate-free.

use std::collections::VecDeque;

use corosync_exec::log::Level;
use corosync_exec::service::cpg::Cpg;
use corosync_exec::service::{Api, ConnId, NodeId, QueueFull, RingId, Service};
use corosync_wire::bytes::Reader;
use corosync_wire::cpg::{self, Callback, CpgAddress, CpgName, encode, exec as cx, reason};
use corosync_wire::exec::ExecHeader;
use corosync_wire::ipc::{ResponseHeader, ServiceId};

use crate::input::Input;
use crate::swap;

/// This node.
pub const ME: NodeId = 1;
/// Node ids an operation can name (index by a byte).
const NODES: [NodeId; 6] = [ME, 2, 3, 4, 0, u32::MAX];
/// Most connections open at once.
const MAX_CONNS: usize = 8;
/// Most multicasts waiting for delivery (older ones are lost, as totem
/// would lose them on a configuration change).
const MAX_PENDING: usize = 64;

/// Group names an operation can name (index by a byte); the last ones are
/// the longest valid name and an invalid length with valid bytes.
pub fn group(sel: u8) -> CpgName {
    let long = [b'x'; cpg::MAX_NAME_LENGTH];
    match sel % 7 {
        0 => CpgName::new(b"a").expect("short name"),
        1 => CpgName::new(b"b").expect("short name"),
        2 => CpgName::new(b"GROUP").expect("short name"),
        3 => CpgName::new(b"").expect("empty name"),
        4 => CpgName::new(&long).expect("128 bytes is allowed"),
        5 => CpgName::from_raw(129, long),
        _ => CpgName::from_raw(u32::MAX, long),
    }
}

fn node(sel: u8) -> NodeId {
    NODES[usize::from(sel) % NODES.len()]
}

/// One operation of the engine script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    Init,
    Exit {
        conn: u8,
    },
    Join {
        conn: u8,
        group: u8,
        pid: u8,
        flags: u8,
    },
    Leave {
        conn: u8,
        group: u8,
        pid: u8,
    },
    Mcast {
        conn: u8,
        payload: Vec<u8>,
    },
    /// 0 membership, 1 local get, 2 iteration initialize, 3 iteration
    /// next, 4 iteration finalize, 5 finalize.
    Query {
        conn: u8,
        kind: u8,
        arg: u8,
    },
    /// Any request id (byte b < 12 means id b - 1, otherwise `id`), any body.
    Raw {
        conn: u8,
        id_sel: u8,
        id: u32,
        body: Vec<u8>,
    },
    /// Delivers the oldest pending multicast from this node.
    Deliver,
    /// Delivers the oldest pending multicast as sent by another node,
    /// optionally converted to the foreign byte order.
    DeliverAs {
        node: u8,
        foreign: bool,
    },
    /// Loses the oldest pending multicast.
    Drop,
    /// A CPG executive message built from a template (function < 6) or raw
    /// bytes after a header, with byte patches, from `node`.
    Exec {
        node: u8,
        function: u8,
        foreign: bool,
        group: u8,
        a: u32,
        b: u32,
        patches: Vec<(u16, u8)>,
        body: Vec<u8>,
    },
    SyncInit {
        trans: Vec<u8>,
        members: Vec<u8>,
        seq: u8,
    },
    SyncProcess,
    SyncActivate,
    SyncAbort,
    ToggleQueueFull,
}

impl Op {
    pub const KINDS: u8 = 17;

    pub fn decode(inp: &mut Input<'_>) -> Op {
        match inp.u8() % Self::KINDS {
            0 => Op::Init,
            1 => Op::Exit { conn: inp.u8() },
            2 => Op::Join {
                conn: inp.u8(),
                group: inp.u8(),
                pid: inp.u8(),
                flags: inp.u8(),
            },
            3 => Op::Leave {
                conn: inp.u8(),
                group: inp.u8(),
                pid: inp.u8(),
            },
            4 => Op::Mcast {
                conn: inp.u8(),
                payload: inp.blob(255).to_vec(),
            },
            5 => Op::Query {
                conn: inp.u8(),
                kind: inp.u8(),
                arg: inp.u8(),
            },
            6 => Op::Raw {
                conn: inp.u8(),
                id_sel: inp.u8(),
                id: inp.u32(),
                body: inp.blob(400).to_vec(),
            },
            7 => Op::Deliver,
            8 => Op::DeliverAs {
                node: inp.u8(),
                foreign: inp.bool(),
            },
            9 => Op::Drop,
            10 => {
                let node = inp.u8();
                let function = inp.u8();
                let foreign = inp.bool();
                let group = inp.u8();
                let a = inp.interesting_u32();
                let b = inp.interesting_u32();
                let n = usize::from(inp.u8() % 8);
                let patches = (0..n).map(|_| (inp.u16(), inp.u8())).collect();
                let body = inp.blob(300).to_vec();
                Op::Exec {
                    node,
                    function,
                    foreign,
                    group,
                    a,
                    b,
                    patches,
                    body,
                }
            }
            11 => Op::SyncInit {
                trans: inp.blob(8).to_vec(),
                members: inp.blob(8).to_vec(),
                seq: inp.u8(),
            },
            12 => Op::SyncProcess,
            13 => Op::SyncActivate,
            14 => Op::SyncAbort,
            15 => Op::ToggleQueueFull,
            _ => Op::Deliver,
        }
    }

    /// The bytes [`Op::decode`] reads back as this operation (for seeds).
    pub fn encode(&self, out: &mut Vec<u8>) {
        fn blob(out: &mut Vec<u8>, b: &[u8], wide: bool) {
            if wide {
                out.extend_from_slice(&(b.len() as u16).to_le_bytes());
            } else {
                out.push(b.len() as u8);
            }
            out.extend_from_slice(b);
        }
        fn word(out: &mut Vec<u8>, v: u32) {
            // the "any value" branch of interesting_u32
            out.push(0xff);
            out.extend_from_slice(&v.to_le_bytes());
        }
        match self {
            Op::Init => out.push(0),
            Op::Exit { conn } => out.extend_from_slice(&[1, *conn]),
            Op::Join {
                conn,
                group,
                pid,
                flags,
            } => out.extend_from_slice(&[2, *conn, *group, *pid, *flags]),
            Op::Leave { conn, group, pid } => out.extend_from_slice(&[3, *conn, *group, *pid]),
            Op::Mcast { conn, payload } => {
                out.extend_from_slice(&[4, *conn]);
                blob(out, payload, false);
            }
            Op::Query { conn, kind, arg } => out.extend_from_slice(&[5, *conn, *kind, *arg]),
            Op::Raw {
                conn,
                id_sel,
                id,
                body,
            } => {
                out.extend_from_slice(&[6, *conn, *id_sel]);
                out.extend_from_slice(&id.to_le_bytes());
                blob(out, body, true);
            }
            Op::Deliver => out.push(7),
            Op::DeliverAs { node, foreign } => {
                out.extend_from_slice(&[8, *node, u8::from(*foreign)])
            }
            Op::Drop => out.push(9),
            Op::Exec {
                node,
                function,
                foreign,
                group,
                a,
                b,
                patches,
                body,
            } => {
                out.extend_from_slice(&[10, *node, *function, u8::from(*foreign), *group]);
                word(out, *a);
                word(out, *b);
                out.push(patches.len() as u8);
                for (off, v) in patches {
                    out.extend_from_slice(&off.to_le_bytes());
                    out.push(*v);
                }
                blob(out, body, true);
            }
            Op::SyncInit {
                trans,
                members,
                seq,
            } => {
                out.push(11);
                blob(out, trans, false);
                blob(out, members, false);
                out.push(*seq);
            }
            Op::SyncProcess => out.push(12),
            Op::SyncActivate => out.push(13),
            Op::SyncAbort => out.push(14),
            Op::ToggleQueueFull => out.push(15),
        }
    }
}

/// Encodes a script (for seeds and tests).
pub fn script(ops: &[Op]) -> Vec<u8> {
    let mut out = Vec::new();
    for op in ops {
        op.encode(&mut out);
    }
    out
}

/// The executive as the engine sees it, recording everything.
#[derive(Default)]
struct Recorder {
    responses: Vec<(ConnId, Vec<u8>)>,
    dispatched: Vec<(ConnId, Vec<u8>)>,
    mcasts: Vec<Vec<u8>>,
    queue_full: bool,
    objdb: objdb::ObjDb,
}

impl Api for Recorder {
    fn nodeid(&self) -> NodeId {
        ME
    }
    fn ifaces_print(&self, nodeid: NodeId) -> String {
        format!("r(0) ip(10.0.0.{nodeid}) ")
    }
    fn respond(&mut self, conn: ConnId, msg: &[u8]) {
        self.responses.push((conn, msg.to_vec()));
    }
    fn dispatch(&mut self, conn: ConnId, iov: &[&[u8]]) {
        self.dispatched.push((conn, iov.concat()));
    }
    fn mcast(&mut self, iov: &[&[u8]]) -> Result<(), QueueFull> {
        if self.queue_full {
            return Err(QueueFull);
        }
        self.mcasts.push(iov.concat());
        Ok(())
    }
    fn log(&mut self, _level: Level, text: std::fmt::Arguments<'_>) {
        // Formatting runs the engine's Display code paths too.
        let _ = text.to_string();
    }
    fn objdb(&mut self) -> &mut objdb::ObjDb {
        &mut self.objdb
    }
}

/// What a run reached, so tests can tell a vacuous harness from a real one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    pub requests: usize,
    pub ok_joins: usize,
    pub deliver_callbacks: usize,
    pub confchg_callbacks: usize,
    pub totem_confchg_callbacks: usize,
    pub nodedown_or_procdown: usize,
    pub exec_messages: usize,
    pub mcasts: usize,
}

struct World {
    cpg: Cpg,
    api: Recorder,
    /// Open connections (lib_init done, lib_exit not yet successful).
    conns: Vec<ConnId>,
    /// Connections whose lib_exit asked to be retried: no more requests.
    closing: Vec<ConnId>,
    next_conn: u64,
    pending: VecDeque<Vec<u8>>,
    handles: Vec<u64>,
    cov: Coverage,
}

/// The response id the original answers each request id with.
fn response_id(req: i32) -> i32 {
    match req {
        cpg::req::LOCAL_GET => cpg::res::LOCAL_GET,
        cpg::req::ITERATION_INITIALIZE => cpg::res::ITERATION_INITIALIZE,
        cpg::req::ITERATION_NEXT => cpg::res::ITERATION_NEXT,
        cpg::req::ITERATION_FINALIZE => cpg::res::ITERATION_FINALIZE,
        cpg::req::FINALIZE => cpg::res::FINALIZE,
        other => other,
    }
}

fn decode_u32(b: &[u8], off: usize) -> u32 {
    swap::u32_at(b, off).unwrap_or(0)
}

impl World {
    fn new() -> World {
        World {
            cpg: Cpg::new(0x1234_5678),
            api: Recorder::default(),
            conns: Vec::new(),
            closing: Vec::new(),
            next_conn: 1,
            pending: VecDeque::new(),
            handles: Vec::new(),
            cov: Coverage::default(),
        }
    }

    fn conn(&self, sel: u8) -> Option<ConnId> {
        if self.conns.is_empty() {
            None
        } else {
            Some(self.conns[usize::from(sel) % self.conns.len()])
        }
    }

    /// Sends one library request and checks its single response.
    fn request(&mut self, conn: ConnId, id: i32, msg: &[u8]) {
        self.cov.requests += 1;
        self.cpg.lib_request(&mut self.api, conn, id, msg);
        let responses = std::mem::take(&mut self.api.responses);
        assert_eq!(
            responses.len(),
            1,
            "request id {id} ({} bytes) got {} responses",
            msg.len(),
            responses.len()
        );
        let (to, r) = &responses[0];
        assert_eq!(*to, conn, "response went to another connection");
        let h = ResponseHeader::decode(&Reader::new(r)).expect("response has a header");
        assert_eq!(h.size as usize, r.len(), "response size field");
        assert_eq!(h.id, response_id(id), "response id for request {id}");
        assert_ne!(
            h.error.name(),
            "CS_ERR_UNKNOWN",
            "undefined error {:?}",
            h.error
        );
        match id {
            cpg::req::JOIN if h.error.is_ok() => self.cov.ok_joins += 1,
            cpg::req::MEMBERSHIP if h.error.is_ok() => {
                assert_eq!(r.len(), cpg::size::MEMBERSHIP_RESPONSE);
                let (_, list) = cpg::response::membership(r).expect("membership decodes");
                assert!(list.windows(2).all(|w| w[0] < w[1]), "membership order");
            }
            cpg::req::LOCAL_GET if h.error.is_ok() => {
                assert_eq!(cpg::response::local_get(r).map(|x| x.1), Ok(ME));
            }
            cpg::req::ITERATION_INITIALIZE if h.error.is_ok() => {
                let (_, handle) = cpg::response::iteration_initialize(r).expect("decodes");
                self.handles.push(handle);
                if self.handles.len() > 16 {
                    self.handles.remove(0);
                }
            }
            cpg::req::ITERATION_NEXT if h.error.is_ok() => {
                assert_eq!(r.len(), cpg::size::ITERATION_NEXT_RESPONSE);
                let (_, g, _, _) = cpg::response::iteration_next(r).expect("decodes");
                assert!(g.is_valid(), "iteration returned an invalid name");
            }
            _ => {}
        }
    }

    /// Checks callbacks and multicasts produced by the last step.
    fn settle(&mut self) {
        assert!(
            self.api.responses.is_empty(),
            "a response was sent outside request handling"
        );
        for (conn, msg) in std::mem::take(&mut self.api.dispatched) {
            assert!(
                self.conns.contains(&conn) || self.closing.contains(&conn),
                "callback to a connection that is not open"
            );
            let h = ResponseHeader::decode(&Reader::new(&msg)).expect("callback header");
            assert_eq!(h.size as usize, msg.len(), "callback size field");
            assert!(
                crate::wire::check_callback(&msg),
                "dispatched message is not a CPG callback"
            );
            match Callback::decode(&msg).ok().flatten() {
                Some(Callback::Deliver { .. }) => self.cov.deliver_callbacks += 1,
                Some(Callback::TotemConfchg { .. }) => self.cov.totem_confchg_callbacks += 1,
                Some(Callback::Confchg {
                    group,
                    members,
                    left,
                    joined,
                }) => {
                    self.cov.confchg_callbacks += 1;
                    check_confchg(&group, &members, &left, &joined);
                    if left
                        .iter()
                        .any(|l| l.reason == reason::NODEDOWN || l.reason == reason::PROCDOWN)
                    {
                        self.cov.nodedown_or_procdown += 1;
                    }
                }
                None => unreachable!("checked above"),
            }
        }
        for m in std::mem::take(&mut self.api.mcasts) {
            self.cov.mcasts += 1;
            check_own_mcast(&m);
            self.pending.push_back(m);
            if self.pending.len() > MAX_PENDING {
                self.pending.pop_front();
            }
        }
        for sel in 0..7 {
            let g = group(sel);
            let m = self.cpg.members(&g);
            assert!(
                m.windows(2).all(|w| w[0] < w[1]),
                "process list of {g:?} not sorted or has duplicates: {m:?}"
            );
        }
    }

    /// Delivers an executive message the way the executive does: decode
    /// the framing, cut to the claimed size, drop other services.
    fn exec(&mut self, nodeid: NodeId, msg: &[u8], swap: bool) {
        let Ok(h) = ExecHeader::decode(msg, swap) else {
            return;
        };
        if h.service != ServiceId::CPG || h.function >= self.cpg.exec_handler_count() {
            return;
        }
        self.cov.exec_messages += 1;
        let msg = &msg[..h.size as usize];
        self.cpg
            .exec_message(&mut self.api, nodeid, h.function, msg, swap);
    }

    fn step(&mut self, op: Op) {
        match op {
            Op::Init => {
                if self.conns.len() + self.closing.len() < MAX_CONNS {
                    let c = ConnId(self.next_conn);
                    self.next_conn += 1;
                    self.cpg.lib_init(&mut self.api, c);
                    self.conns.push(c);
                }
            }
            Op::Exit { conn } => {
                // Retry a closing connection first, as the executive does.
                let c = if !self.closing.is_empty() {
                    Some(self.closing[usize::from(conn) % self.closing.len()])
                } else {
                    self.conn(conn)
                };
                if let Some(c) = c {
                    self.conns.retain(|&x| x != c);
                    match self.cpg.lib_exit(&mut self.api, c) {
                        Ok(()) => self.closing.retain(|&x| x != c),
                        Err(_) => {
                            assert!(self.api.queue_full, "lib_exit retried with room in totem");
                            if !self.closing.contains(&c) {
                                self.closing.push(c);
                            }
                        }
                    }
                }
            }
            Op::Join {
                conn,
                group: g,
                pid,
                flags,
            } => {
                if let Some(c) = self.conn(conn) {
                    let m = encode::join(&group(g), u32::from(pid), u32::from(flags & 1));
                    self.request(c, cpg::req::JOIN, &m);
                }
            }
            Op::Leave {
                conn,
                group: g,
                pid,
            } => {
                if let Some(c) = self.conn(conn) {
                    let m = encode::leave(&group(g), u32::from(pid));
                    self.request(c, cpg::req::LEAVE, &m);
                }
            }
            Op::Mcast { conn, payload } => {
                if let Some(c) = self.conn(conn) {
                    let mut m = encode::mcast_header(0, payload.len()).to_vec();
                    m.extend_from_slice(&payload);
                    self.request(c, cpg::req::MCAST, &m);
                }
            }
            Op::Query { conn, kind, arg } => {
                let Some(c) = self.conn(conn) else {
                    return;
                };
                let handle = if self.handles.is_empty() || arg >= 0xf0 {
                    u64::from(arg) << 32 | 1
                } else {
                    self.handles[usize::from(arg) % self.handles.len()]
                };
                match kind % 6 {
                    0 => self.request(c, cpg::req::MEMBERSHIP, &encode::membership(&group(arg))),
                    1 => self.request(c, cpg::req::LOCAL_GET, &encode::local_get()),
                    2 => self.request(
                        c,
                        cpg::req::ITERATION_INITIALIZE,
                        &encode::iteration_initialize(Some(&group(arg >> 2)), u32::from(arg % 4)),
                    ),
                    3 => self.request(c, cpg::req::ITERATION_NEXT, &encode::iteration_next(handle)),
                    4 => self.request(
                        c,
                        cpg::req::ITERATION_FINALIZE,
                        &encode::iteration_finalize(handle),
                    ),
                    _ => self.request(c, cpg::req::FINALIZE, &encode::finalize()),
                }
            }
            Op::Raw {
                conn,
                id_sel,
                id,
                body,
            } => {
                let Some(c) = self.conn(conn) else {
                    return;
                };
                let id = if id_sel < 12 {
                    i32::from(id_sel) - 1
                } else {
                    id as i32
                };
                // The executive answers ids out of range itself; the engine
                // is only given the ones it declared.
                let in_range = id >= 0 && (id as usize) < self.cpg.lib_handlers().len();
                if in_range {
                    self.request(c, id, &body);
                }
            }
            Op::Deliver => {
                if let Some(m) = self.pending.pop_front() {
                    self.exec(ME, &m, false);
                }
            }
            Op::DeliverAs { node: n, foreign } => {
                if let Some(m) = self.pending.pop_front() {
                    let m = if foreign { to_foreign(&m) } else { m };
                    self.exec(node(n), &m, foreign);
                }
            }
            Op::Drop => {
                self.pending.pop_front();
            }
            Op::Exec {
                node: n,
                function,
                foreign,
                group: g,
                a,
                b,
                patches,
                body,
            } => {
                let mut m = exec_template(n, function, g, a, b, &body);
                for (off, v) in patches {
                    if let Some(slot) = m.get_mut(usize::from(off)) {
                        *slot = v;
                    }
                }
                let m = if foreign { to_foreign(&m) } else { m };
                self.exec(node(n), &m, foreign);
            }
            Op::SyncInit {
                trans,
                members,
                seq,
            } => {
                let trans: Vec<NodeId> = trans.iter().map(|&b| node(b)).collect();
                let members: Vec<NodeId> = members.iter().map(|&b| node(b)).collect();
                let ring = RingId {
                    rep_nodeid: members.first().copied().unwrap_or(ME),
                    seq: u64::from(seq) * 4,
                };
                self.cpg.sync_init(&mut self.api, &trans, &members, ring);
            }
            Op::SyncProcess => {
                let _ = self.cpg.sync_process(&mut self.api);
            }
            Op::SyncActivate => self.cpg.sync_activate(&mut self.api),
            Op::SyncAbort => self.cpg.sync_abort(&mut self.api),
            Op::ToggleQueueFull => self.api.queue_full = !self.api.queue_full,
        }
        self.settle();
    }
}

fn check_confchg(
    group: &CpgName,
    members: &[CpgAddress],
    left: &[CpgAddress],
    joined: &[CpgAddress],
) {
    assert!(group.is_valid(), "confchg for an invalid group name");
    assert_eq!(
        left.len() + joined.len(),
        1,
        "a confchg callback names exactly one process that changed"
    );
    let key = |a: &CpgAddress| (a.nodeid, a.pid);
    assert!(
        members.windows(2).all(|w| key(&w[0]) < key(&w[1])),
        "confchg member list not in (nodeid, pid) order: {members:?}"
    );
    for j in joined {
        assert!(
            members.iter().any(|m| key(m) == key(j)),
            "joined process missing from the member list"
        );
        assert!(
            j.reason == reason::JOIN || j.reason == reason::NODEUP,
            "joined with reason {}",
            j.reason
        );
    }
    for l in left {
        assert!(
            !members.iter().any(|m| key(m) == key(l)),
            "left process still in the member list"
        );
    }
}

/// Every multicast the engine sends must be a CPG executive message its
/// peers can decode. The one exception mirrors the original: a LEAVE
/// request carries the group name the client sent, and a client that lies
/// about the name's length gets a PROCLEAVE that peers drop.
fn check_own_mcast(m: &[u8]) {
    let h = ExecHeader::decode(m, false).expect("own multicast has a valid header");
    assert_eq!(h.size as usize, m.len(), "own multicast size field");
    assert_eq!(h.service, ServiceId::CPG);
    let ok = match h.function {
        cx::PROCJOIN => cx::ProcJoinLeave::decode(m, false).is_ok(),
        cx::PROCLEAVE => {
            cx::ProcJoinLeave::decode(m, false).is_ok()
                || decode_u32(m, 16) as usize > cpg::MAX_NAME_LENGTH
        }
        cx::JOINLIST => cx::decode_joinlist(m, false).is_ok_and(|e| !e.is_empty()),
        cx::MCAST => cx::Mcast::decode(m, false).is_ok(),
        cx::DOWNLIST => m.len() == cx::DOWNLIST_SIZE && cx::Downlist::decode(m, false).is_ok(),
        _ => false,
    };
    assert!(ok, "own multicast function {} does not decode", h.function);
}

/// Converts one of the engine's own messages to the foreign byte order.
fn to_foreign(m: &[u8]) -> Vec<u8> {
    let function = ExecHeader::decode(m, false).map_or(0, |h| h.function);
    match function {
        cx::JOINLIST => swap::cpg_joinlist(m),
        cx::DOWNLIST | cx::DOWNLIST_OLD => swap::cpg_downlist(m),
        _ => swap::cpg_procjoin_or_mcast(m),
    }
}

/// An executive message of `function` built from the op's fields; after
/// function 5 the body follows a bare header.
fn exec_template(n: u8, function: u8, g: u8, a: u32, b: u32, body: &[u8]) -> Vec<u8> {
    let name = group(g);
    let header = |f: u16, size: usize| {
        let mut v = vec![0u8; size];
        v[0..4].copy_from_slice(&(size as u32).to_ne_bytes());
        v[8..12].copy_from_slice(&corosync_exec::service::cpg::exec_id(f).to_ne_bytes());
        v
    };
    if function >= 0xf0 {
        let mut v = header((a & 0xffff) as u16, 16 + body.len());
        v[16..].copy_from_slice(body);
        return v;
    }
    match function % 8 {
        f @ (0 | 1) => cx::ProcJoinLeave {
            group: name,
            pid: a,
            reason: b,
        }
        .encode(u16::from(f))
        .to_vec(),
        2 => {
            let n = (a % 5) as usize;
            let entries: Vec<(u32, CpgName)> = (0..n)
                .map(|i| (b.wrapping_add(i as u32), group(g.wrapping_add(i as u8))))
                .collect();
            cx::joinlist(&entries)
        }
        3 => {
            let mut v = cx::mcast_header(&name, body.len(), a, node(n), 0).to_vec();
            v.extend_from_slice(body);
            v
        }
        4 => header(cx::DOWNLIST_OLD, cx::DOWNLIST_OLD_SIZE),
        5 => cx::Downlist {
            old_members: a % 16,
            left_nodes: body.iter().take(16).map(|&x| node(x)).collect(),
        }
        .encode(),
        f => {
            let mut v = header(u16::from(f), 16 + body.len());
            v[16..].copy_from_slice(body);
            v
        }
    }
}

/// Runs a script and returns what it reached.
pub fn run(data: &[u8]) -> Coverage {
    let mut inp = Input::new(data);
    let mut w = World::new();
    let mut steps = 0;
    while !inp.is_empty() && steps < 2000 {
        let op = Op::decode(&mut inp);
        w.step(op);
        steps += 1;
    }
    // Closing every connection must finish once totem has room again.
    w.api.queue_full = false;
    for c in w.conns.clone().into_iter().chain(w.closing.clone()) {
        w.conns.retain(|&x| x != c);
        w.closing.retain(|&x| x != c);
        assert!(
            w.cpg.lib_exit(&mut w.api, c).is_ok(),
            "lib_exit must succeed when totem has room"
        );
        w.settle();
    }
    w.cov
}

/// The fuzz body.
pub fn cpg_engine(data: &[u8]) {
    run(data);
}
