//! The extended virtual synchrony engine (service 0, `corosync_evs`):
//! clients join groups (32-byte keys), multicast to the groups they joined
//! or to any list of groups, and receive every message addressed to a group
//! they are in, in the agreed order, plus every configuration change.
//!
//! The engine keeps no cluster-wide state: group membership is local to
//! each connection and the filtering happens where a message is delivered.

use corosync_wire::CsError;
use corosync_wire::evs::{EvsGroup, ExecMcast, LibRequest, exec_fn, reply, res};
use corosync_wire::ipc::ServiceId;

use super::{Api, ConfchgKind, ConnId, FlowControl, NodeId, RingId, Service};
use crate::log::Level;

const LIB_HANDLERS: [FlowControl; 5] = [
    FlowControl::NotRequired, // join
    FlowControl::NotRequired, // leave
    FlowControl::Required,    // mcast joined
    FlowControl::Required,    // mcast groups
    FlowControl::NotRequired, // membership get
];

/// One client connection and the groups it joined (duplicates allowed,
/// in joining order).
struct EvsPd {
    conn: ConnId,
    groups: Vec<EvsGroup>,
}

/// The EVS engine.
#[derive(Default)]
pub struct Evs {
    /// Connections, newest first (deliveries go out in this order).
    pds: Vec<EvsPd>,
    /// The last configuration change, as sent to every new client.
    last_confchg: Option<Vec<u8>>,
    /// The member list of the last configuration change.
    members: Vec<NodeId>,
}

impl Evs {
    pub fn new() -> Evs {
        Evs::default()
    }

    fn pd(&mut self, conn: ConnId) -> Option<&mut EvsPd> {
        self.pds.iter_mut().find(|p| p.conn == conn)
    }

    fn confchg_msg(&self) -> Vec<u8> {
        match &self.last_confchg {
            Some(m) => m.clone(),
            None => reply::confchg(&[], &[], &[]),
        }
    }

    fn join(&mut self, conn: ConnId, groups: Vec<EvsGroup>) -> CsError {
        match self.pd(conn) {
            Some(pd) => {
                pd.groups.extend(groups);
                CsError::OK
            }
            None => CsError::BAD_HANDLE,
        }
    }

    /// Removes one entry per requested group, in request order; stops at
    /// the first group the connection is not in (earlier removals stay).
    fn leave(&mut self, conn: ConnId, groups: &[EvsGroup]) -> CsError {
        let Some(pd) = self.pd(conn) else {
            return CsError::BAD_HANDLE;
        };
        for g in groups {
            match pd.groups.iter().position(|x| x == g) {
                Some(i) => {
                    pd.groups.remove(i);
                }
                None => return CsError::NOT_EXIST,
            }
        }
        CsError::OK
    }

    fn mcast(api: &mut dyn Api, groups: &[EvsGroup], msg: &[u8]) -> CsError {
        let head = ExecMcast::encode_header(groups, msg.len());
        match api.mcast(&[&head, msg]) {
            Ok(()) => CsError::OK,
            Err(_) => CsError::TRY_AGAIN,
        }
    }
}

impl Service for Evs {
    fn id(&self) -> ServiceId {
        ServiceId::EVS
    }

    fn name(&self) -> &'static str {
        "corosync extended virtual synchrony service"
    }

    fn lib_handlers(&self) -> &'static [FlowControl] {
        &LIB_HANDLERS
    }

    fn lib_init(&mut self, api: &mut dyn Api, conn: ConnId) {
        api.log(
            Level::Debug,
            format_args!("Got request to initalize evs service.\n"),
        );
        self.pds.insert(
            0,
            EvsPd {
                conn,
                groups: Vec::new(),
            },
        );
        let m = self.confchg_msg();
        api.dispatch(conn, &[&m]);
    }

    fn lib_exit(&mut self, _api: &mut dyn Api, conn: ConnId) -> Result<(), super::Retry> {
        self.pds.retain(|p| p.conn != conn);
        Ok(())
    }

    fn lib_request(&mut self, api: &mut dyn Api, conn: ConnId, id: i32, msg: &[u8]) {
        let (res_id, error) = match LibRequest::decode(id, msg) {
            Ok(LibRequest::Join(groups)) => (res::JOIN, self.join(conn, groups)),
            Ok(LibRequest::JoinTooMany) => (res::JOIN, CsError::TOO_MANY_GROUPS),
            Ok(LibRequest::Leave(groups)) => (res::LEAVE, self.leave(conn, &groups)),
            Ok(LibRequest::McastJoined { msg, .. }) => {
                let groups = self
                    .pds
                    .iter()
                    .find(|p| p.conn == conn)
                    .map(|p| p.groups.as_slice())
                    .unwrap_or(&[]);
                (res::MCAST_JOINED, Self::mcast(api, groups, msg))
            }
            Ok(LibRequest::McastGroups { groups, msg, .. }) => {
                (res::MCAST_GROUPS, Self::mcast(api, &groups, msg))
            }
            Ok(LibRequest::MembershipGet) => {
                let m = reply::membership_get(api.nodeid(), &self.members);
                api.respond(conn, &m);
                return;
            }
            Err(e) => {
                api.log(
                    Level::Debug,
                    format_args!("refused malformed request {id}: {e}"),
                );
                let res_id = match id {
                    corosync_wire::evs::req::JOIN => res::JOIN,
                    corosync_wire::evs::req::LEAVE => res::LEAVE,
                    corosync_wire::evs::req::MCAST_JOINED => res::MCAST_JOINED,
                    corosync_wire::evs::req::MCAST_GROUPS => res::MCAST_GROUPS,
                    _ => res::MEMBERSHIP_GET,
                };
                (res_id, CsError::INVALID_PARAM)
            }
        };
        api.respond(conn, &reply::simple(res_id, error));
    }

    fn exec_handler_count(&self) -> u16 {
        1
    }

    fn exec_message(
        &mut self,
        api: &mut dyn Api,
        nodeid: NodeId,
        function: u16,
        msg: &[u8],
        swap: bool,
    ) {
        if function != exec_fn::MCAST {
            return;
        }
        let m = match ExecMcast::decode(msg, swap) {
            Ok(m) => m,
            Err(e) => {
                api.log(
                    Level::Debug,
                    format_args!("dropped malformed message from node {nodeid}: {e}"),
                );
                return;
            }
        };
        let head = reply::deliver_header(nodeid, m.msg.len());
        for pd in &self.pds {
            if pd.groups.iter().any(|g| m.groups.contains(g)) {
                api.dispatch(pd.conn, &[&head, m.msg]);
            }
        }
    }

    fn confchg(
        &mut self,
        api: &mut dyn Api,
        _kind: ConfchgKind,
        members: &[NodeId],
        left: &[NodeId],
        joined: &[NodeId],
        _ring: RingId,
    ) {
        let m = reply::confchg(members, left, joined);
        for pd in &self.pds {
            api.dispatch(pd.conn, &[&m]);
        }
        self.members = members.to_vec();
        self.last_confchg = Some(m);
    }
}

#[cfg(test)]
mod tests;
