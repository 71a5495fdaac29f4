//! The cfg engine driven through a recording [`Api`].

use super::*;
use crate::service::testkit::Recorder;
use corosync_wire::cfg::{encode, req, response};
use corosync_wire::exec::ExecHeader;

fn deliver_all(cfg: &mut Cfg, api: &mut Recorder) {
    while !api.mcasts.is_empty() {
        let m = api.mcasts.remove(0);
        let h = ExecHeader::decode(&m, false).unwrap();
        assert_eq!(h.service, ServiceId::CFG);
        let me = api.nodeid;
        cfg.exec_message(api, me, h.function, &m, false);
    }
}

fn setup(n: u64) -> (Cfg, Recorder) {
    let mut cfg = Cfg::new();
    let mut api = Recorder {
        nodeid: 5,
        ..Default::default()
    };
    for i in 1..=n {
        cfg.lib_init(&mut api, ConnId(i));
    }
    (cfg, api)
}

fn last_error(api: &Recorder, conn: ConnId) -> CsError {
    let (_, m) = api
        .responses
        .iter()
        .rev()
        .find(|(c, _)| *c == conn)
        .unwrap();
    response::error(m)
}

#[test]
fn queries() {
    let (mut cfg, mut api) = setup(1);
    cfg.lib_request(
        &mut api,
        ConnId(1),
        req::LOCAL_GET,
        &encode::simple(req::LOCAL_GET),
    );
    assert_eq!(
        response::u32_at_24(&api.responses[0].1).unwrap(),
        (CsError::OK, 5)
    );
    cfg.lib_request(
        &mut api,
        ConnId(1),
        req::RINGSTATUSGET,
        &encode::simple(req::RINGSTATUSGET),
    );
    let r = response::ringstatus(&api.responses[1].1).unwrap();
    assert_eq!(r[0].1, b"ring 0 active with no faults");
    let m = encode::with_u32(req::GET_NODE_ADDRS, 0);
    cfg.lib_request(&mut api, ConnId(1), req::GET_NODE_ADDRS, &m);
    let (e, fam, l) = response::node_addrs(&api.responses[2].1).unwrap();
    assert_eq!((e, fam, l.len()), (CsError::OK, 2, 1));
    let m = encode::with_u32(req::GET_NODE_ADDRS, 99);
    cfg.lib_request(&mut api, ConnId(1), req::GET_NODE_ADDRS, &m);
    assert_eq!(last_error(&api, ConnId(1)), CsError::NOT_EXIST);
    // a truncated request is refused, not a crash
    cfg.lib_request(&mut api, ConnId(1), req::GET_NODE_ADDRS, &m[..16]);
    assert_eq!(last_error(&api, ConnId(1)), CsError::INVALID_PARAM);
}

#[test]
fn reenable_answers_when_the_message_returns() {
    let (mut cfg, mut api) = setup(1);
    cfg.lib_request(
        &mut api,
        ConnId(1),
        req::RINGREENABLE,
        &encode::simple(req::RINGREENABLE),
    );
    assert!(api.responses.is_empty());
    deliver_all(&mut cfg, &mut api);
    assert_eq!(api.reenabled, 1);
    assert_eq!(last_error(&api, ConnId(1)), CsError::OK);
}

#[test]
fn shutdown_without_trackers_goes_down() {
    let (mut cfg, mut api) = setup(1);
    let m = encode::with_u32(req::TRYSHUTDOWN, shutdown_flag::REQUEST);
    cfg.lib_request(&mut api, ConnId(1), req::TRYSHUTDOWN, &m);
    assert_eq!(last_error(&api, ConnId(1)), CsError::OK);
    deliver_all(&mut cfg, &mut api);
    assert!(api.shutdown);
}

#[test]
fn shutdown_refused_by_a_tracker_then_accepted() {
    let (mut cfg, mut api) = setup(2);
    let t = encode::statetrack(0, 0);
    cfg.lib_request(&mut api, ConnId(2), req::STATETRACKSTART, &t);
    let m = encode::with_u32(req::TRYSHUTDOWN, shutdown_flag::REQUEST);
    cfg.lib_request(&mut api, ConnId(1), req::TRYSHUTDOWN, &m);
    assert_eq!(api.dispatched.len(), 1);
    assert_eq!(api.dispatched[0].0, ConnId(2));
    assert_eq!(
        response::callback(&api.dispatched[0].1).unwrap(),
        (res::TESTSHUTDOWN, 0)
    );
    // a second request while one runs
    cfg.lib_request(&mut api, ConnId(2), req::TRYSHUTDOWN, &m);
    assert_eq!(last_error(&api, ConnId(2)), CsError::EXIST);
    let no = encode::with_u32(req::REPLYTOSHUTDOWN, 0);
    cfg.lib_request(&mut api, ConnId(2), req::REPLYTOSHUTDOWN, &no);
    assert_eq!(last_error(&api, ConnId(1)), CsError::BUSY);
    assert!(api.mcasts.is_empty());
    // REGARDLESS goes down despite a no
    let m = encode::with_u32(req::TRYSHUTDOWN, shutdown_flag::REGARDLESS);
    cfg.lib_request(&mut api, ConnId(1), req::TRYSHUTDOWN, &m);
    cfg.lib_request(&mut api, ConnId(2), req::REPLYTOSHUTDOWN, &no);
    assert_eq!(last_error(&api, ConnId(1)), CsError::OK);
    deliver_all(&mut cfg, &mut api);
    assert!(api.shutdown);
}

#[test]
fn shutdown_timeout_counts_silence_as_no() {
    let (mut cfg, mut api) = setup(2);
    cfg.lib_request(
        &mut api,
        ConnId(2),
        req::STATETRACKSTART,
        &encode::statetrack(0, 0),
    );
    let m = encode::with_u32(req::TRYSHUTDOWN, shutdown_flag::REQUEST);
    cfg.lib_request(&mut api, ConnId(1), req::TRYSHUTDOWN, &m);
    assert!(cfg.timer_deadline().is_some());
    cfg.timer_expired(&mut api);
    assert_eq!(last_error(&api, ConnId(1)), CsError::BUSY);
    assert!(cfg.timer_deadline().is_none());
    // the timeout notice reaches only trackers that once asked for a
    // shutdown themselves (as the original's bookkeeping has it)
    assert_eq!(api.dispatched.len(), 1);
    let m = encode::with_u32(req::TRYSHUTDOWN, shutdown_flag::REQUEST);
    cfg.lib_request(&mut api, ConnId(2), req::TRYSHUTDOWN, &m);
    // 2 asks; nobody else tracks: down at once
    assert_eq!(last_error(&api, ConnId(2)), CsError::OK);
    let (mut cfg, mut api) = setup(3);
    let t = encode::statetrack(0, 0);
    cfg.lib_request(&mut api, ConnId(2), req::STATETRACKSTART, &t);
    cfg.lib_request(&mut api, ConnId(3), req::STATETRACKSTART, &t);
    cfg.lib_request(&mut api, ConnId(2), req::TRYSHUTDOWN, &m);
    assert_eq!(api.dispatched.len(), 1);
    cfg.timer_expired(&mut api);
    assert_eq!(last_error(&api, ConnId(2)), CsError::BUSY);
    let (c, cb) = api.dispatched.last().unwrap();
    assert_eq!((*c, response::error(cb)), (ConnId(2), CsError::TIMEOUT));
    assert_eq!(api.dispatched.len(), 2);
}

#[test]
fn tracker_leaving_counts_as_yes() {
    let (mut cfg, mut api) = setup(2);
    cfg.lib_request(
        &mut api,
        ConnId(2),
        req::STATETRACKSTART,
        &encode::statetrack(0, 0),
    );
    let m = encode::with_u32(req::TRYSHUTDOWN, shutdown_flag::REQUEST);
    cfg.lib_request(&mut api, ConnId(1), req::TRYSHUTDOWN, &m);
    cfg.lib_exit(&mut api, ConnId(2)).unwrap();
    assert_eq!(last_error(&api, ConnId(1)), CsError::OK);
}

#[test]
fn reply_without_shutdown_is_refused() {
    let (mut cfg, mut api) = setup(1);
    let yes = encode::with_u32(req::REPLYTOSHUTDOWN, 1);
    cfg.lib_request(&mut api, ConnId(1), req::REPLYTOSHUTDOWN, &yes);
    assert_eq!(last_error(&api, ConnId(1)), CsError::ACCESS);
}

#[test]
fn killnode_kills_only_the_target() {
    let (mut cfg, mut api) = setup(1);
    cfg.lib_request(
        &mut api,
        ConnId(1),
        req::KILLNODE,
        &encode::killnode(9, b"x"),
    );
    assert_eq!(last_error(&api, ConnId(1)), CsError::OK);
    deliver_all(&mut cfg, &mut api);
    assert!(!api.killed);
    cfg.lib_request(
        &mut api,
        ConnId(1),
        req::KILLNODE,
        &encode::killnode(5, b"bye"),
    );
    deliver_all(&mut cfg, &mut api);
    assert!(api.killed);
    assert!(api.logs.iter().any(|l| l == "Killed by node 5: bye\n"));
}
