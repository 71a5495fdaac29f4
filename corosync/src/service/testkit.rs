//! The recording [`Api`] the engines' unit tests drive them through: it
//! keeps what an engine sends and logs, and answers with fixed values.

use super::{Api, ConnId, NodeId, QueueFull, RingId};
use crate::log::Level;

#[derive(Default)]
pub(crate) struct Recorder {
    pub nodeid: NodeId,
    pub responses: Vec<(ConnId, Vec<u8>)>,
    pub dispatched: Vec<(ConnId, Vec<u8>)>,
    /// Executive messages, of the main group and of others (ykd).
    pub mcasts: Vec<Vec<u8>>,
    /// Multicasts are refused while set (totem's queue is full).
    pub queue_full: bool,
    pub logs: Vec<String>,
    pub objdb: objdb::ObjDb,
    /// Quorum views a provider reported: members, quorate, ring seq.
    pub reports: Vec<(Vec<NodeId>, bool, u64)>,
    pub now: u64,
    pub fatal: Option<i32>,
    pub reenabled: u32,
    pub shutdown: bool,
    pub killed: bool,
}

impl Api for Recorder {
    fn nodeid(&self) -> NodeId {
        self.nodeid
    }
    fn ifaces_print(&self, nodeid: NodeId) -> String {
        format!("r(0) ip(node{nodeid}) ")
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
    fn mcast_group(&mut self, _group: &'static [u8], iov: &[&[u8]]) -> Result<(), QueueFull> {
        self.mcast(iov)
    }
    fn log(&mut self, _level: Level, text: std::fmt::Arguments<'_>) {
        self.logs.push(text.to_string());
    }
    fn objdb(&mut self) -> &mut objdb::ObjDb {
        &mut self.objdb
    }
    fn ring_status(&self) -> Vec<(String, String)> {
        vec![("10.0.0.1".into(), "ring 0 active with no faults".into())]
    }
    fn ring_reenable(&mut self) {
        self.reenabled += 1;
    }
    fn node_addrs(&self, nodeid: NodeId) -> Vec<(u32, [u8; 16])> {
        if nodeid == self.nodeid {
            vec![(2, [10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])]
        } else {
            Vec::new()
        }
    }
    fn shutdown_request(&mut self) {
        self.shutdown = true;
    }
    fn fatal_exit(&mut self, _at: &str) {
        self.killed = true;
    }
    fn set_quorum(&mut self, members: &[NodeId], quorate: bool, ring: RingId) {
        self.reports.push((members.to_vec(), quorate, ring.seq));
    }
    fn now_ns(&self) -> u64 {
        self.now
    }
    fn fatal_error(&mut self, status: i32, _file: &str, _line: u32) {
        self.fatal = Some(status);
    }
}
