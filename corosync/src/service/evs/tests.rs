//! The EVS engine driven through a recording [`Api`].

use super::*;
use crate::service::testkit::Recorder;
use corosync_wire::bytes::Reader;
use corosync_wire::evs::{Callback, decode_membership_get, encode, req};
use corosync_wire::exec::ExecHeader;
use corosync_wire::ipc::ResponseHeader;

fn last_error(api: &Recorder) -> (i32, CsError) {
    let h = ResponseHeader::decode(&Reader::new(&api.responses.last().unwrap().1)).unwrap();
    (h.id, h.error)
}

fn deliver_all(evs: &mut Evs, api: &mut Recorder, from: NodeId) {
    for m in std::mem::take(&mut api.mcasts) {
        let h = ExecHeader::decode(&m, false).unwrap();
        assert_eq!(h.service, ServiceId::EVS);
        evs.exec_message(api, from, h.function, &m, false);
    }
}

fn g(name: &str) -> EvsGroup {
    EvsGroup::from_name(name.as_bytes())
}

const RING: RingId = RingId {
    rep_nodeid: 1,
    seq: 4,
};

#[test]
fn new_client_gets_the_last_configuration() {
    let mut evs = Evs::new();
    let mut api = Recorder {
        nodeid: 1,
        ..Default::default()
    };
    evs.confchg(&mut api, ConfchgKind::Regular, &[1, 2], &[], &[2], RING);
    evs.lib_init(&mut api, ConnId(7));
    let (c, m) = api.dispatched.last().unwrap();
    assert_eq!(*c, ConnId(7));
    assert_eq!(
        Callback::decode(m).unwrap(),
        Some(Callback::Confchg {
            members: vec![1, 2],
            left: vec![],
            joined: vec![2]
        })
    );
    evs.lib_request(
        &mut api,
        ConnId(7),
        req::MEMBERSHIP_GET,
        &encode::membership_get(),
    );
    let r = &api.responses.last().unwrap().1;
    assert_eq!(
        decode_membership_get(r).unwrap(),
        (CsError::OK, 1, vec![1, 2])
    );
}

#[test]
fn delivery_follows_group_membership() {
    let mut evs = Evs::new();
    let mut api = Recorder {
        nodeid: 1,
        ..Default::default()
    };
    let (a, b) = (ConnId(1), ConnId(2));
    evs.lib_init(&mut api, a);
    evs.lib_init(&mut api, b);
    api.dispatched.clear();
    evs.lib_request(&mut api, a, req::JOIN, &encode::join(&[g("x"), g("y")]));
    assert_eq!(last_error(&api), (res::JOIN, CsError::OK));
    evs.lib_request(&mut api, b, req::JOIN, &encode::join(&[g("y")]));
    let mut m = encode::mcast_joined_header(2, 3).to_vec();
    m.extend_from_slice(b"one");
    evs.lib_request(&mut api, a, req::MCAST_JOINED, &m);
    assert_eq!(last_error(&api), (res::MCAST_JOINED, CsError::OK));
    let mut m = encode::mcast_groups_header(2, &[g("x")], 3);
    m.extend_from_slice(b"two");
    evs.lib_request(&mut api, b, req::MCAST_GROUPS, &m);
    deliver_all(&mut evs, &mut api, 3);
    let got: Vec<(ConnId, Callback<'_>)> = api
        .dispatched
        .iter()
        .map(|(c, m)| (*c, Callback::decode(m).unwrap().unwrap()))
        .collect();
    // newest connection first, and b is not in x
    assert_eq!(
        got,
        vec![
            (
                b,
                Callback::Deliver {
                    nodeid: 3,
                    msg: b"one"
                }
            ),
            (
                a,
                Callback::Deliver {
                    nodeid: 3,
                    msg: b"one"
                }
            ),
            (
                a,
                Callback::Deliver {
                    nodeid: 3,
                    msg: b"two"
                }
            ),
        ]
    );
}

#[test]
fn leave_and_errors() {
    let mut evs = Evs::new();
    let mut api = Recorder::default();
    let a = ConnId(1);
    evs.lib_init(&mut api, a);
    evs.lib_request(&mut api, a, req::JOIN, &encode::join(&[g("x"), g("x")]));
    evs.lib_request(&mut api, a, req::LEAVE, &encode::leave(&[g("x")]));
    assert_eq!(last_error(&api), (res::LEAVE, CsError::OK));
    evs.lib_request(&mut api, a, req::LEAVE, &encode::leave(&[g("x"), g("z")]));
    assert_eq!(last_error(&api), (res::LEAVE, CsError::NOT_EXIST));
    let many: Vec<EvsGroup> = (0..51).map(|i| g(&format!("g{i}"))).collect();
    evs.lib_request(&mut api, a, req::JOIN, &encode::join(&many));
    assert_eq!(last_error(&api), (res::JOIN, CsError::TOO_MANY_GROUPS));
    // a truncated request gets an error reply, not a crash
    let m = encode::join(&[g("x")]);
    evs.lib_request(&mut api, a, req::JOIN, &m[..40]);
    assert_eq!(last_error(&api), (res::JOIN, CsError::INVALID_PARAM));
    api.queue_full = true;
    let m = encode::mcast_joined_header(2, 0);
    evs.lib_request(&mut api, a, req::MCAST_JOINED, &m);
    assert_eq!(last_error(&api), (res::MCAST_JOINED, CsError::TRY_AGAIN));
    // malformed executive messages are dropped
    evs.exec_message(&mut api, 2, 0, &[0u8; 20], false);
    let mut bad = ExecMcast::encode_header(&[g("x")], 100);
    bad.extend_from_slice(b"short");
    evs.exec_message(&mut api, 2, 0, &bad, false);
    assert!(
        api.dispatched
            .iter()
            .all(|(_, m)| { !matches!(Callback::decode(m), Ok(Some(Callback::Deliver { .. }))) })
    );
    evs.lib_exit(&mut api, a).unwrap();
    assert!(evs.pds.is_empty());
}
