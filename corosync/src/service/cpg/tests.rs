//! The CPG engine driven through a recording [`Api`]: requests in,
//! replies, callbacks and multicasts out.

use super::*;
use crate::service::testkit::Recorder;
use corosync_wire::cpg::{Callback, encode};
use corosync_wire::exec::ExecHeader;
use corosync_wire::ipc::ResponseHeader;

fn error_of(resp: &[u8]) -> CsError {
    ResponseHeader::decode(&corosync_wire::bytes::Reader::new(resp))
        .unwrap()
        .error
}

/// Delivers every queued multicast back to the engine, as a one-node ring
/// would (sender = this node).
fn deliver_all(cpg: &mut Cpg, api: &mut Recorder) {
    while !api.mcasts.is_empty() {
        let m = api.mcasts.remove(0);
        let h = ExecHeader::decode(&m, false).unwrap();
        assert_eq!(h.service, ServiceId::CPG);
        let me = api.nodeid;
        cpg.exec_message(api, me, h.function, &m, false);
    }
}

fn group(name: &str) -> CpgName {
    CpgName::new(name.as_bytes()).unwrap()
}

fn callbacks_for(api: &Recorder, conn: ConnId) -> Vec<Callback<'_>> {
    api.dispatched
        .iter()
        .filter(|(c, _)| *c == conn)
        .map(|(_, m)| Callback::decode(m).unwrap().unwrap())
        .collect()
}

fn one_node() -> (Cpg, Recorder) {
    let mut cpg = Cpg::new(1);
    let mut api = Recorder {
        nodeid: 7,
        ..Default::default()
    };
    cpg.sync_init(
        &mut api,
        &[],
        &[7],
        RingId {
            rep_nodeid: 7,
            seq: 4,
        },
    );
    assert!(cpg.sync_process(&mut api));
    deliver_all(&mut cpg, &mut api);
    cpg.sync_activate(&mut api);
    (cpg, api)
}

fn join(cpg: &mut Cpg, api: &mut Recorder, conn: ConnId, g: &str, pid: u32) -> CsError {
    api.responses.clear();
    cpg.lib_request(api, conn, cpg::req::JOIN, &encode::join(&group(g), pid, 0));
    error_of(&api.responses.last().unwrap().1)
}

#[test]
fn join_is_acknowledged_then_confirmed_by_its_own_procjoin() {
    let (mut cpg, mut api) = one_node();
    let c = ConnId(1);
    cpg.lib_init(&mut api, c);
    assert_eq!(join(&mut cpg, &mut api, c, "g", 100), CsError::OK);
    assert_eq!(api.mcasts.len(), 1);
    // before delivery: no callback, state JOIN_STARTED -> second join EXIST
    assert!(callbacks_for(&api, c).is_empty());
    assert_eq!(join(&mut cpg, &mut api, c, "g", 100), CsError::EXIST);
    deliver_all(&mut cpg, &mut api);
    let cbs = callbacks_for(&api, c);
    assert_eq!(cbs.len(), 1);
    match &cbs[0] {
        Callback::Confchg {
            members,
            joined,
            left,
            ..
        } => {
            assert_eq!(members.len(), 1);
            assert_eq!(
                (joined[0].nodeid, joined[0].pid, joined[0].reason),
                (7, 100, reason::JOIN)
            );
            assert!(left.is_empty());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn mcast_needs_a_join_and_is_delivered_to_group_members_only() {
    let (mut cpg, mut api) = one_node();
    let (a, b) = (ConnId(1), ConnId(2));
    cpg.lib_init(&mut api, a);
    cpg.lib_init(&mut api, b);
    let mut req = encode::mcast_header(2, 3).to_vec();
    req.extend_from_slice(b"abc");
    cpg.lib_request(&mut api, a, cpg::req::MCAST, &req);
    assert_eq!(
        error_of(&api.responses.last().unwrap().1),
        CsError::NOT_EXIST
    );
    join(&mut cpg, &mut api, a, "g", 1);
    join(&mut cpg, &mut api, b, "other", 2);
    deliver_all(&mut cpg, &mut api);
    api.dispatched.clear();
    cpg.lib_request(&mut api, a, cpg::req::MCAST, &req);
    assert_eq!(error_of(&api.responses.last().unwrap().1), CsError::OK);
    deliver_all(&mut cpg, &mut api);
    let got = callbacks_for(&api, a);
    assert_eq!(
        got,
        vec![Callback::Deliver {
            group: group("g"),
            nodeid: 7,
            pid: 1,
            data: b"abc"
        }]
    );
    assert!(callbacks_for(&api, b).is_empty());
}

#[test]
fn full_totem_queue_makes_join_and_mcast_try_again() {
    let (mut cpg, mut api) = one_node();
    let c = ConnId(1);
    cpg.lib_init(&mut api, c);
    api.queue_full = true;
    assert_eq!(join(&mut cpg, &mut api, c, "g", 1), CsError::TRY_AGAIN);
    api.queue_full = false;
    // state restored: the join can be retried
    assert_eq!(join(&mut cpg, &mut api, c, "g", 1), CsError::OK);
}

#[test]
fn leave_state_machine_matches_the_original() {
    let (mut cpg, mut api) = one_node();
    let c = ConnId(1);
    cpg.lib_init(&mut api, c);
    let leave = encode::leave(&group("g"), 1);
    cpg.lib_request(&mut api, c, cpg::req::LEAVE, &leave);
    assert_eq!(
        error_of(&api.responses.last().unwrap().1),
        CsError::NOT_EXIST
    );
    join(&mut cpg, &mut api, c, "g", 1);
    cpg.lib_request(&mut api, c, cpg::req::LEAVE, &leave);
    assert_eq!(error_of(&api.responses.last().unwrap().1), CsError::BUSY);
    deliver_all(&mut cpg, &mut api);
    cpg.lib_request(&mut api, c, cpg::req::LEAVE, &leave);
    assert_eq!(error_of(&api.responses.last().unwrap().1), CsError::OK);
    // join while the leave is in flight
    assert_eq!(join(&mut cpg, &mut api, c, "g2", 1), CsError::BUSY);
    api.dispatched.clear();
    deliver_all(&mut cpg, &mut api);
    match &callbacks_for(&api, c)[0] {
        Callback::Confchg { left, members, .. } => {
            assert_eq!(left[0].reason, reason::LEAVE);
            assert!(members.is_empty());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(join(&mut cpg, &mut api, c, "g2", 1), CsError::OK);
}

#[test]
fn exit_of_a_joined_client_sends_procleave_with_procdown() {
    let (mut cpg, mut api) = one_node();
    let (a, b) = (ConnId(1), ConnId(2));
    cpg.lib_init(&mut api, a);
    cpg.lib_init(&mut api, b);
    join(&mut cpg, &mut api, a, "g", 1);
    join(&mut cpg, &mut api, b, "g", 2);
    deliver_all(&mut cpg, &mut api);
    api.queue_full = true;
    assert_eq!(cpg.lib_exit(&mut api, a), Err(Retry));
    api.queue_full = false;
    assert_eq!(cpg.lib_exit(&mut api, a), Ok(()));
    api.dispatched.clear();
    deliver_all(&mut cpg, &mut api);
    match &callbacks_for(&api, b)[0] {
        Callback::Confchg { left, members, .. } => {
            assert_eq!((left[0].pid, left[0].reason), (1, reason::PROCDOWN));
            assert_eq!(members.len(), 1);
        }
        other => panic!("{other:?}"),
    }
    assert!(callbacks_for(&api, a).is_empty());
}

#[test]
fn same_pid_and_group_on_another_connection_is_refused() {
    let (mut cpg, mut api) = one_node();
    let (a, b) = (ConnId(1), ConnId(2));
    cpg.lib_init(&mut api, a);
    cpg.lib_init(&mut api, b);
    join(&mut cpg, &mut api, a, "g", 1);
    assert_eq!(join(&mut cpg, &mut api, b, "g", 1), CsError::EXIST);
}

#[test]
fn too_long_group_name_is_refused() {
    let (mut cpg, mut api) = one_node();
    let c = ConnId(1);
    cpg.lib_init(&mut api, c);
    let mut raw = [b'x'; 128];
    raw[0] = b'y';
    let name = CpgName::from_raw(129, raw);
    cpg.lib_request(&mut api, c, cpg::req::JOIN, &encode::join(&name, 1, 0));
    assert_eq!(error_of(&api.responses[0].1), CsError::NAME_TOO_LONG);
}

#[test]
fn node_down_removes_its_processes_with_reason_nodedown() {
    let mut cpg = Cpg::new(1);
    let mut api = Recorder {
        nodeid: 1,
        ..Default::default()
    };
    // ring of nodes 1 and 2
    cpg.sync_init(
        &mut api,
        &[],
        &[1, 2],
        RingId {
            rep_nodeid: 1,
            seq: 4,
        },
    );
    assert!(cpg.sync_process(&mut api));
    cpg.sync_activate(&mut api);
    let c = ConnId(1);
    cpg.lib_init(&mut api, c);
    join(&mut cpg, &mut api, c, "g", 10);
    deliver_all(&mut cpg, &mut api);
    // node 2's process joins
    let pj = cpg_exec::ProcJoinLeave {
        group: group("g"),
        pid: 20,
        reason: reason::JOIN,
    }
    .encode(cpg_exec::PROCJOIN);
    cpg.exec_message(&mut api, 2, cpg_exec::PROCJOIN, &pj, false);
    assert_eq!(cpg.members(&group("g")), vec![(1, 10), (2, 20)]);
    // node 2 fails: new ring {1}
    api.dispatched.clear();
    cpg.sync_init(
        &mut api,
        &[1],
        &[1],
        RingId {
            rep_nodeid: 1,
            seq: 8,
        },
    );
    assert!(cpg.sync_process(&mut api));
    deliver_all(&mut cpg, &mut api);
    let cbs = callbacks_for(&api, c);
    match &cbs[0] {
        Callback::Confchg { left, members, .. } => {
            assert_eq!((left[0].nodeid, left[0].reason), (2, reason::NODEDOWN));
            assert_eq!(members.len(), 1);
        }
        other => panic!("{other:?}"),
    }
    cpg.sync_activate(&mut api);
    assert!(matches!(
        callbacks_for(&api, c).last().unwrap(),
        Callback::TotemConfchg { ring_seq: 8, .. }
    ));
}

#[test]
fn joinlist_from_a_new_node_adds_its_processes_with_nodeup() {
    let (mut cpg, mut api) = one_node();
    let c = ConnId(1);
    cpg.lib_init(&mut api, c);
    join(&mut cpg, &mut api, c, "g", 10);
    deliver_all(&mut cpg, &mut api);
    api.dispatched.clear();
    cpg.sync_init(
        &mut api,
        &[7],
        &[7, 9],
        RingId {
            rep_nodeid: 7,
            seq: 8,
        },
    );
    assert!(cpg.sync_process(&mut api));
    deliver_all(&mut cpg, &mut api);
    let jl = cpg_exec::joinlist(&[(30, group("g")), (31, group("h"))]);
    cpg.exec_message(&mut api, 9, cpg_exec::JOINLIST, &jl, false);
    let dl = cpg_exec::Downlist {
        old_members: 1,
        left_nodes: vec![],
    }
    .encode();
    cpg.exec_message(&mut api, 9, cpg_exec::DOWNLIST, &dl, false);
    cpg.sync_activate(&mut api);
    let cbs = callbacks_for(&api, c);
    match &cbs[0] {
        Callback::Confchg {
            joined, members, ..
        } => {
            assert_eq!(
                (joined[0].nodeid, joined[0].pid, joined[0].reason),
                (9, 30, reason::NODEUP)
            );
            assert_eq!(members.len(), 2);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(cpg.members(&group("h")), vec![(9, 31)]);
}

#[test]
fn downlist_from_a_node_that_lists_us_is_ignored() {
    let mut cpg = Cpg::new(1);
    let mut api = Recorder {
        nodeid: 1,
        ..Default::default()
    };
    cpg.sync_init(
        &mut api,
        &[],
        &[1, 2],
        RingId {
            rep_nodeid: 1,
            seq: 4,
        },
    );
    cpg.sync_process(&mut api);
    cpg.sync_activate(&mut api);
    cpg.sync_init(
        &mut api,
        &[1, 2],
        &[1, 2],
        RingId {
            rep_nodeid: 1,
            seq: 8,
        },
    );
    let bad = cpg_exec::Downlist {
        old_members: 5,
        left_nodes: vec![1],
    }
    .encode();
    let good = cpg_exec::Downlist {
        old_members: 2,
        left_nodes: vec![],
    }
    .encode();
    cpg.exec_message(&mut api, 2, cpg_exec::DOWNLIST, &bad, false);
    cpg.exec_message(&mut api, 1, cpg_exec::DOWNLIST, &good, false);
    assert!(
        api.logs
            .iter()
            .any(|l| l.contains("chosen downlist: sender r(0) ip(node1)"))
    );
}

#[test]
fn iteration_lists_groups_in_the_original_order() {
    let (mut cpg, mut api) = one_node();
    for (i, (g, pid)) in [("A", 1), ("A", 2), ("A", 3), ("B", 4)].iter().enumerate() {
        let c = ConnId(i as u64 + 1);
        cpg.lib_init(&mut api, c);
        join(&mut cpg, &mut api, c, g, *pid);
    }
    deliver_all(&mut cpg, &mut api);
    let c = ConnId(1);
    let init = encode::iteration_initialize(None, iteration_type::ALL);
    cpg.lib_request(&mut api, c, cpg::req::ITERATION_INITIALIZE, &init);
    let (e, h) =
        corosync_wire::cpg::response::iteration_initialize(&api.responses.last().unwrap().1)
            .unwrap();
    assert_eq!(e, CsError::OK);
    let mut seen = Vec::new();
    loop {
        cpg.lib_request(
            &mut api,
            c,
            cpg::req::ITERATION_NEXT,
            &encode::iteration_next(h),
        );
        let (e, g, _n, pid) =
            corosync_wire::cpg::response::iteration_next(&api.responses.last().unwrap().1).unwrap();
        if e == CsError::NO_SECTIONS {
            break;
        }
        assert_eq!(e, CsError::OK);
        seen.push((String::from_utf8_lossy(g.as_bytes()).into_owned(), pid));
    }
    assert_eq!(
        seen,
        vec![
            ("B".into(), 4),
            ("A".into(), 1),
            ("A".into(), 3),
            ("A".into(), 2)
        ]
    );
    cpg.lib_request(
        &mut api,
        c,
        cpg::req::ITERATION_FINALIZE,
        &encode::iteration_finalize(h),
    );
    assert_eq!(error_of(&api.responses.last().unwrap().1), CsError::OK);
    cpg.lib_request(
        &mut api,
        c,
        cpg::req::ITERATION_NEXT,
        &encode::iteration_next(h),
    );
    assert_eq!(error_of(&api.responses.last().unwrap().1), CsError::LIBRARY);
}

#[test]
fn malformed_requests_get_invalid_param() {
    let (mut cpg, mut api) = one_node();
    let c = ConnId(1);
    cpg.lib_init(&mut api, c);
    cpg.lib_request(&mut api, c, cpg::req::JOIN, &[0u8; 20]);
    assert_eq!(error_of(&api.responses[0].1), CsError::INVALID_PARAM);
}

#[test]
fn hostile_exec_messages_change_nothing() {
    let (mut cpg, mut api) = one_node();
    let before = cpg.process_info.clone();
    for f in 0..8u16 {
        for len in [0usize, 1, 16, 100, 167, 183] {
            cpg.exec_message(&mut api, 3, f, &vec![0xffu8; len], false);
            cpg.exec_message(&mut api, 3, f, &vec![0xffu8; len], true);
        }
    }
    assert_eq!(cpg.process_info, before);
}

#[test]
fn initial_totem_conf_is_sent_once_after_join() {
    let (mut cpg, mut api) = one_node();
    let c = ConnId(1);
    cpg.lib_init(&mut api, c);
    api.responses.clear();
    cpg.lib_request(
        &mut api,
        c,
        cpg::req::JOIN,
        &encode::join(&group("g"), 5, cpg::MODEL_V1_DELIVER_INITIAL_TOTEM_CONF),
    );
    deliver_all(&mut cpg, &mut api);
    let cbs = callbacks_for(&api, c);
    assert!(matches!(cbs[0], Callback::Confchg { .. }));
    assert!(matches!(cbs[1], Callback::TotemConfchg { ring_seq: 4, .. }));
    assert_eq!(cbs.len(), 2);
}
