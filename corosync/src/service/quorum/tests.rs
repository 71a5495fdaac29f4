//! The quorum engine and the votequorum arithmetic, driven through a
//! recording [`Api`].

use super::*;
use crate::service::ConfchgKind;
use crate::service::testkit::Recorder;
use crate::service::votequorum::{Config, VoteQuorum, state};
use corosync_wire::bytes::Reader;
use corosync_wire::exec::ExecHeader;
use corosync_wire::votequorum as vq;

fn error_of(resp: &[u8]) -> CsError {
    ResponseHeader::decode(&Reader::new(resp)).unwrap().error
}

const C1: ConnId = ConnId(1);
const C2: ConnId = ConnId(2);

#[test]
fn without_provider_always_quorate_and_trackers_get_nothing() {
    let mut q = Quorum::new(false);
    let mut api = Recorder::default();
    q.lib_request(
        &mut api,
        C1,
        wire::req::GETQUORATE,
        &wire::encode_request(0),
    );
    assert_eq!(
        wire::decode_getquorate_response(&api.responses[0].1).unwrap(),
        (CsError::OK, 1)
    );
    q.lib_request(
        &mut api,
        C1,
        wire::req::TRACKSTART,
        &wire::encode_trackstart(TRACK_CHANGES),
    );
    assert_eq!(api.dispatched.len(), 1);
    let n = wire::decode_notification(&api.dispatched[0].1).unwrap();
    assert_eq!((n.quorate, n.view.len()), (1, 0));
}

#[test]
fn provider_reports_drive_notifications_and_log_lines() {
    let mut q = Quorum::new(true);
    let mut api = Recorder::default();
    assert!(!q.quorate());
    q.lib_request(
        &mut api,
        C1,
        wire::req::TRACKSTART,
        &wire::encode_trackstart(TRACK_CHANGES_ONLY),
    );
    q.lib_request(
        &mut api,
        C2,
        wire::req::TRACKSTART,
        &wire::encode_trackstart(TRACK_CURRENT),
    );
    assert_eq!(api.dispatched.len(), 1, "CURRENT sends one status");
    api.dispatched.clear();
    let ring = RingId {
        rep_nodeid: 1,
        seq: 8,
    };
    q.quorum_changed(&mut api, &[1, 2], true, ring);
    assert!(
        api.logs
            .iter()
            .any(|l| l.starts_with("This node is within the primary"))
    );
    assert!(api.logs.iter().any(|l| l == "Members[2]: 1 2"));
    assert_eq!(api.dispatched.len(), 1, "only the CHANGES_ONLY tracker");
    assert_eq!(api.dispatched[0].0, C1);
    let n = wire::decode_notification(&api.dispatched[0].1).unwrap();
    assert_eq!((n.quorate, n.ring_seq, n.view), (1, 8, vec![1, 2]));
    api.logs.clear();
    q.quorum_changed(&mut api, &[1], false, ring);
    assert!(
        api.logs
            .iter()
            .any(|l| l.starts_with("This node is within the non-primary"))
    );
    q.lib_request(&mut api, C1, wire::req::TRACKSTOP, &wire::encode_request(2));
    api.dispatched.clear();
    q.quorum_changed(&mut api, &[1], true, ring);
    assert!(api.dispatched.is_empty());
}

#[test]
fn long_member_lists_continue_on_more_lines() {
    let view: Vec<NodeId> = (0..20).map(|i| 1_000_000_000 + i).collect();
    let lines = Quorum::view_lines(&view);
    assert!(lines.len() > 1);
    assert!(lines[0].ends_with('\\'));
    assert!(lines.iter().all(|l| l.starts_with("Members[20]:")));
    assert!(!lines.last().unwrap().ends_with('\\'));
}

#[test]
fn short_trackstart_is_refused() {
    let mut q = Quorum::new(true);
    let mut api = Recorder::default();
    q.lib_request(
        &mut api,
        C1,
        wire::req::TRACKSTART,
        &wire::encode_request(1),
    );
    assert_eq!(error_of(&api.responses[0].1), CsError::INVALID_PARAM);
}

// ---- votequorum -------------------------------------------------------------

fn vq_node(nodeid: NodeId, config: Config) -> (VoteQuorum, Recorder) {
    let mut v = VoteQuorum::new(config);
    let mut api = Recorder {
        nodeid,
        ..Default::default()
    };
    v.exec_init(&mut api);
    (v, api)
}

/// Delivers every node's queued multicasts to every node, in one agreed
/// order, as a ring would.
fn ring(nodes: &mut [(VoteQuorum, Recorder)]) {
    loop {
        let mut msgs = Vec::new();
        for (_, api) in nodes.iter_mut() {
            let from = api.nodeid;
            for m in api.mcasts.drain(..) {
                msgs.push((from, m));
            }
        }
        if msgs.is_empty() {
            return;
        }
        for (from, m) in msgs {
            let h = ExecHeader::decode(&m, false).unwrap();
            for (v, api) in nodes.iter_mut() {
                v.exec_message(api, from, h.function, &m, false);
            }
        }
    }
}

fn confchg(nodes: &mut [(VoteQuorum, Recorder)], members: &[NodeId], left: &[NodeId], seq: u64) {
    let r = RingId {
        rep_nodeid: members[0],
        seq,
    };
    for (v, api) in nodes.iter_mut() {
        if members.contains(&api.nodeid) {
            v.confchg(api, ConfchgKind::Regular, members, left, &[], r);
        }
    }
    ring(nodes);
}

fn getinfo(v: &mut VoteQuorum, api: &mut Recorder, nodeid: i32) -> (CsError, vq::Info) {
    api.responses.clear();
    v.lib_request(
        api,
        C1,
        vq::req::GETINFO,
        &vq::encode_one_arg(vq::req::GETINFO, nodeid as u32),
    );
    vq::decode_getinfo_response(&api.responses[0].1).unwrap()
}

fn expected(e: u32) -> Config {
    Config {
        expected_votes: e,
        ..Default::default()
    }
}

#[test]
fn default_expected_votes_keep_a_single_node_inquorate() {
    let (v, api) = vq_node(1, Config::default());
    assert_eq!(v.quorum(), 513);
    assert!(!v.is_quorate());
    assert!(!api.reports.last().unwrap().1);
    assert_eq!(api.mcasts.len(), 1, "nodeinfo at init");
}

#[test]
fn three_nodes_gain_and_lose_quorum() {
    let mut nodes: Vec<_> = (1..=3).map(|i| vq_node(i, expected(3))).collect();
    for i in 0..3 {
        ring(&mut nodes[i..i + 1]);
    }
    for (v, _) in &nodes {
        assert_eq!(v.quorum(), 2);
        assert!(!v.is_quorate(), "one vote of three");
    }
    confchg(&mut nodes[..2], &[1, 2], &[], 4);
    assert!(nodes[0].0.is_quorate() && nodes[1].0.is_quorate());
    assert!(!nodes[2].0.is_quorate());
    confchg(&mut nodes, &[1, 2, 3], &[], 8);
    let (v0, a0) = &mut nodes[0];
    let (e, info) = getinfo(v0, a0, 0);
    assert_eq!(e, CsError::OK);
    assert_eq!(
        (
            info.nodeid,
            info.total_votes,
            info.quorum,
            info.highest_expected
        ),
        (1, 3, 2, 3)
    );
    assert_ne!(info.flags & vq::info_flag::QUORATE, 0);
    // nodes 2 and 3 fail: node 1 alone keeps quorum 2 and loses quorum
    confchg(&mut nodes[..1], &[1], &[2, 3], 12);
    assert!(!nodes[0].0.is_quorate());
    assert_eq!(nodes[0].0.quorum(), 2);
    let r = nodes[0].1.reports.last().unwrap().clone();
    assert_eq!((r.0, r.1), (vec![1], false));
    let states: Vec<u32> = nodes[0].0.nodes().iter().map(|n| n.state).collect();
    assert_eq!(states, vec![state::MEMBER, state::DEAD, state::DEAD]);
}

#[test]
fn two_node_mode_keeps_quorum_with_one_node() {
    let cfg = Config {
        expected_votes: 2,
        two_node: true,
        ..Default::default()
    };
    let mut nodes: Vec<_> = (1..=2).map(|i| vq_node(i, cfg)).collect();
    ring(&mut nodes);
    assert!(nodes[0].0.is_quorate());
    confchg(&mut nodes, &[1, 2], &[], 4);
    confchg(&mut nodes[..1], &[1], &[2], 8);
    assert!(nodes[0].0.is_quorate());
    assert_eq!(nodes[0].0.quorum(), 1);
    let (v0, a0) = &mut nodes[0];
    let (_, info) = getinfo(v0, a0, 0);
    assert_ne!(info.flags & vq::info_flag::TWONODE, 0);
}

#[test]
fn set_expected_and_votes_reconfigure_every_node() {
    let mut nodes: Vec<_> = (1..=3).map(|i| vq_node(i, expected(3))).collect();
    confchg(&mut nodes, &[1, 2, 3], &[], 4);
    let (v, api) = &mut nodes[0];
    api.responses.clear();
    v.lib_request(
        api,
        C1,
        vq::req::TRACKSTART,
        &vq::encode_trackstart(99, TRACK_CHANGES),
    );
    v.lib_request(api, C1, vq::req::SETVOTES, &vq::encode_setvotes(2, 3));
    assert_eq!(error_of(&api.responses[1].1), CsError::OK);
    ring(&mut nodes);
    for (v, api) in nodes.iter_mut() {
        let (_, info) = getinfo(v, api, 2);
        assert_eq!((info.nodeid, info.total_votes), (2, 5));
        assert_eq!(v.quorum(), 3);
    }
    // the tracker saw the expected votes rise to 5 and new notifications
    let (_, api) = &nodes[0];
    let ev: Vec<_> = api
        .dispatched
        .iter()
        .filter_map(|(_, b)| match vq::decode_callback(b).unwrap() {
            Some(vq::Callback::ExpectedVotes { context, expected }) => Some((context, expected)),
            _ => None,
        })
        .collect();
    assert_eq!(ev.last(), Some(&(99, 5)));
    // lowering expected votes below the total is refused
    let (v, api) = &mut nodes[1];
    api.responses.clear();
    v.lib_request(
        api,
        C1,
        vq::req::SETEXPECTED,
        &vq::encode_one_arg(vq::req::SETEXPECTED, 12),
    );
    assert_eq!(error_of(&api.responses[0].1), CsError::INVALID_PARAM);
    // unknown node
    api.responses.clear();
    v.lib_request(api, C1, vq::req::SETVOTES, &vq::encode_setvotes(77, 1));
    assert_eq!(error_of(&api.responses[0].1), CsError::NAME_NOT_FOUND);
}

#[test]
fn quorum_device_votes_while_polled() {
    let (mut v, mut api) = vq_node(1, expected(3));
    let mut one = [(v, api)];
    ring(&mut one);
    [(v, api)] = one;
    assert!(!v.is_quorate());
    v.lib_request(
        &mut api,
        C1,
        vq::req::QDISK_POLL,
        &vq::encode_one_arg(vq::req::QDISK_POLL, 1),
    );
    assert_eq!(
        error_of(api.responses.last().unwrap().1.as_slice()),
        CsError::NOT_EXIST
    );
    v.lib_request(
        &mut api,
        C1,
        vq::req::QDISK_REGISTER,
        &vq::encode_qdisk_register(b"qd", 2),
    );
    assert_eq!(error_of(&api.responses.last().unwrap().1), CsError::OK);
    v.lib_request(
        &mut api,
        C1,
        vq::req::QDISK_REGISTER,
        &vq::encode_qdisk_register(b"qd", 2),
    );
    assert_eq!(error_of(&api.responses.last().unwrap().1), CsError::EXIST);
    api.now = 5_000_000_000;
    v.lib_request(
        &mut api,
        C1,
        vq::req::QDISK_POLL,
        &vq::encode_one_arg(vq::req::QDISK_POLL, 1),
    );
    assert!(v.is_quorate(), "1 + 2 device votes reach quorum 2");
    v.lib_request(
        &mut api,
        C1,
        vq::req::QDISK_GETINFO,
        &vq::encode_general(vq::req::QDISK_GETINFO),
    );
    let (e, votes, st, name) =
        vq::decode_qdisk_getinfo_response(&api.responses.last().unwrap().1).unwrap();
    assert_eq!(
        (e, votes, st, &name[..3]),
        (CsError::OK, 2, 1, &b"qd\0"[..])
    );
    // no poll for longer than quorumdev_poll: the device is lost
    v.timer_tick(&mut api, 15_000_000_000);
    assert!(v.is_quorate(), "poll period not yet over");
    v.timer_tick(&mut api, 30_000_000_000);
    assert!(!v.is_quorate());
    assert!(
        api.logs
            .iter()
            .any(|l| l == "lost contact with quorum device\n")
    );
    v.lib_request(
        &mut api,
        C1,
        vq::req::QDISK_UNREGISTER,
        &vq::encode_general(vq::req::QDISK_UNREGISTER),
    );
    assert_eq!(error_of(&api.responses.last().unwrap().1), CsError::OK);
    v.lib_request(
        &mut api,
        C1,
        vq::req::QDISK_GETINFO,
        &vq::encode_general(vq::req::QDISK_GETINFO),
    );
    assert_eq!(
        error_of(&api.responses.last().unwrap().1),
        CsError::NOT_EXIST
    );
}

#[test]
fn leaving_node_lowers_quorum_when_it_goes() {
    let mut nodes: Vec<_> = (1..=3).map(|i| vq_node(i, expected(3))).collect();
    confchg(&mut nodes, &[1, 2, 3], &[], 4);
    let (v, api) = &mut nodes[2];
    v.lib_request(
        api,
        C1,
        vq::req::LEAVING,
        &vq::encode_general(vq::req::LEAVING),
    );
    ring(&mut nodes);
    confchg(&mut nodes[..2], &[1, 2], &[3], 8);
    // a leaving node's departure recalculates from the current nodes
    assert_eq!(nodes[0].0.quorum(), 2);
    assert!(nodes[0].0.is_quorate());
    let (v, api) = &mut nodes[0];
    v.lib_request(
        api,
        C1,
        vq::req::TRACKSTOP,
        &vq::encode_general(vq::req::TRACKSTOP),
    );
    assert_eq!(
        error_of(&api.responses.last().unwrap().1),
        CsError::NOT_EXIST
    );
}

#[test]
fn killnode_for_us_is_fatal_and_short_messages_are_ignored() {
    let (mut v, mut api) = vq_node(5, expected(1));
    let k = vq::KillNode {
        reason: 3,
        nodeid: 5,
    }
    .encode();
    v.exec_message(&mut api, 2, vq::exec_fn::KILLNODE, &k, false);
    assert_eq!(api.fatal, Some(1));
    assert!(
        api.logs
            .iter()
            .any(|l| l.contains("we rejoined the cluster"))
    );
    let n = vq::NodeInfo::default().encode();
    v.exec_message(&mut api, 2, vq::exec_fn::NODEINFO, &n[..30], false);
    v.exec_message(&mut api, 2, vq::exec_fn::RECONFIGURE, &n[..20], false);
    assert_eq!(v.nodes().len(), 1);
    v.lib_request(&mut api, C1, vq::req::GETINFO, &vq::encode_general(0));
    assert_eq!(
        error_of(&api.responses.last().unwrap().1),
        CsError::INVALID_PARAM
    );
}

/// Arbitrary bytes as every library request and executive message, before
/// and after initialisation: answers or silence, never a panic.
#[test]
fn hostile_messages_never_panic() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for init in [false, true] {
        let mut v = VoteQuorum::new(expected(2));
        let mut q = Quorum::new(true);
        let mut api = Recorder {
            nodeid: 3,
            ..Default::default()
        };
        if init {
            v.exec_init(&mut api);
        }
        for _ in 0..20_000 {
            let len = (rnd() % 320) as usize;
            let mut msg: Vec<u8> = (0..len).map(|_| rnd() as u8).collect();
            if len >= 16 && rnd() % 2 == 0 {
                msg[0..4].copy_from_slice(&(len as i32).to_ne_bytes());
            }
            let id = (rnd() % 11) as i32;
            api.responses.clear();
            v.lib_request(&mut api, C1, id, &msg);
            assert_eq!(api.responses.len(), 1, "one answer to request {id}");
            q.lib_request(&mut api, C2, id % 3, &msg);
            let f = (rnd() % 3) as u16;
            v.exec_message(&mut api, (rnd() % 5) as u32, f, &msg, rnd() % 2 == 0);
            if rnd() % 100 == 0 {
                v.timer_tick(&mut api, rnd());
            }
            api.dispatched.clear();
            api.mcasts.clear();
            api.logs.clear();
        }
    }
}

#[test]
fn testquorum_follows_the_quorate_key() {
    let mut api = Recorder::default();
    let root = objdb::ObjectHandle::ROOT;
    let h = api.objdb.object_create(root, b"quorum").unwrap();
    api.objdb
        .object_key_create_string(h, b"provider", b"testquorum")
        .unwrap();
    let mut q = Quorum::new_test(&api.objdb);
    assert!(!q.quorate());
    q.exec_init(&mut api);
    notify(&mut q, &mut api);
    assert!(api.reports.is_empty(), "no key yet");
    api.objdb
        .object_key_create_string(h, b"quorate", b"1")
        .unwrap();
    notify(&mut q, &mut api);
    assert_eq!(api.reports, vec![(vec![], true, 0)]);
    q.quorum_changed(
        &mut api,
        &[],
        true,
        RingId {
            rep_nodeid: 0,
            seq: 0,
        },
    );
    assert!(q.quorate());
    assert!(
        api.logs
            .iter()
            .any(|l| l == "quorum callback: quorate = 1\n")
    );
    notify(&mut q, &mut api);
    assert_eq!(api.reports.len(), 1, "unchanged key, no report");
    api.objdb.object_key_delete(h, b"quorate").unwrap();
    api.objdb
        .object_key_create_string(h, b"quorate", b"0")
        .unwrap();
    notify(&mut q, &mut api);
    assert!(!api.reports.last().unwrap().1);
    assert_eq!(super::atoi(b" 12abc"), 12);
    assert_eq!(super::atoi(b"x"), 0);
}

#[test]
fn changed_quorum_keys_are_reread_and_announced() {
    let mut api = Recorder {
        nodeid: 4,
        ..Default::default()
    };
    let h = api
        .objdb
        .object_create(objdb::ObjectHandle::ROOT, b"quorum")
        .unwrap();
    api.objdb
        .object_key_create_string(h, b"expected_votes", b"3")
        .unwrap();
    let mut v = VoteQuorum::new(Config::read(&api.objdb));
    v.exec_init(&mut api);
    api.mcasts.clear();
    notify(&mut v, &mut api);
    assert!(api.mcasts.is_empty(), "nothing changed");
    api.objdb
        .object_key_create_string(h, b"votes", b"2")
        .unwrap();
    notify(&mut v, &mut api);
    assert_eq!(api.mcasts.len(), 1);
    let r = vq::Reconfigure::decode(&api.mcasts[0], false).unwrap();
    assert_eq!(
        (r.param, r.nodeid, r.value),
        (vq::reconfig::NODE_VOTES, 4, 2)
    );
    notify(&mut v, &mut api);
    assert_eq!(api.mcasts.len(), 1, "announced once");
    // a reload that changes the object is followed too
    api.objdb.object_key_replace(h, b"votes", b"3").unwrap();
    api.objdb.reload_notify(objdb::ReloadPhase::End, false);
    notify(&mut v, &mut api);
    assert_eq!(api.mcasts.len(), 2);
    // nothing is polled: a timer tick alone notices nothing
    api.objdb.object_key_replace(h, b"votes", b"1").unwrap();
    let _ = api.objdb.take_notifications();
    v.timer_tick(&mut api, 4);
    assert_eq!(api.mcasts.len(), 2, "no polling");
}

/// Hands the engines' tracker notifications to `s`, as the executive does.
fn notify(s: &mut dyn Service, api: &mut Recorder) {
    for n in api
        .objdb
        .take_notifications_of(crate::service::ENGINE_TRACKER_OWNER)
    {
        s.objdb_notify(api, &n);
    }
}

/// Three YKD engines: primary with all, a lone node of three is not, two
/// of three are again.
#[test]
fn ykd_primary_component_follows_majorities() {
    use crate::service::ykd::Ykd;
    let mut nodes: Vec<(Ykd, Recorder)> = (1..=3)
        .map(|i| {
            (
                Ykd::new(),
                Recorder {
                    nodeid: i,
                    ..Default::default()
                },
            )
        })
        .collect();
    let run = |nodes: &mut Vec<(Ykd, Recorder)>, members: &[NodeId], seq: u64| {
        let ring = RingId {
            rep_nodeid: members[0],
            seq,
        };
        for (y, api) in nodes.iter_mut() {
            if members.contains(&api.nodeid) {
                y.confchg(api, members, ring);
            }
        }
        loop {
            let mut msgs = Vec::new();
            for (_, api) in nodes.iter_mut() {
                if members.contains(&api.nodeid) {
                    let from = api.nodeid;
                    msgs.extend(api.mcasts.drain(..).map(|m| (from, m)));
                }
            }
            if msgs.is_empty() {
                break;
            }
            for (from, m) in msgs {
                for (y, api) in nodes.iter_mut() {
                    if members.contains(&api.nodeid) {
                        y.deliver(api, from, &m, false);
                    }
                }
            }
        }
    };
    let primary = |api: &Recorder| api.reports.last().map(|r| r.1).unwrap_or(false);
    run(&mut nodes, &[1, 2, 3], 4);
    assert!(nodes.iter().all(|(_, a)| primary(a)));
    run(&mut nodes, &[1], 8);
    assert!(!primary(&nodes[0].1), "one of three");
    run(&mut nodes, &[1, 2], 12);
    assert!(primary(&nodes[0].1) && primary(&nodes[1].1));
    // a short or foreign message changes nothing
    let (y, api) = &mut nodes[0];
    y.deliver(api, 2, &[1, 2], false);
    y.deliver(api, 9, &[0; 8856], false);
}
