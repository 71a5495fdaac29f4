//! The confdb engine driven through a recording [`Api`].

use super::*;
use crate::service::testkit::Recorder;
use corosync_wire::confdb::{MAX_NAME_LENGTH, response_error};

const C1: ConnId = ConnId(1);
const C2: ConnId = ConnId(2);

fn call(e: &mut Confdb, api: &mut Recorder, conn: ConnId, m: Msg) -> Vec<u8> {
    let id = Reader::new(&m.0).i32(8).unwrap();
    e.lib_request(api, conn, id, &m.0);
    let notes = api.objdb.take_notifications();
    for n in &notes {
        e.objdb_notify(api, n);
    }
    api.responses.pop().unwrap().1
}

fn create(e: &mut Confdb, api: &mut Recorder, parent: u64, name: &[u8]) -> u64 {
    let mut m = Msg::request(l::OBJECT_CREATE_REQ, req::OBJECT_CREATE);
    m.u64(16, parent).name(24, name);
    let r = call(e, api, C1, m);
    assert_eq!(response_error(&r), CsError::OK);
    Reader::new(&r).u64(24).unwrap()
}

#[test]
fn objects_keys_and_iteration() {
    let (mut e, mut api) = (Confdb::new(), Recorder::default());
    let root = ObjectHandle::ROOT.as_raw();
    let a = create(&mut e, &mut api, root, b"alpha");
    let b = create(&mut e, &mut api, root, b"beta");

    let mut m = Msg::request(l::KEY_CREATE_TYPED2_REQ, req::KEY_CREATE_TYPED2);
    m.u64(16, a).name(24, b"count\0").u32(288, 3).u32(296, 4);
    m.bytes(l::KEY_CREATE_TYPED2_VALUE, &7u32.to_ne_bytes());
    m.0.resize(l::KEY_CREATE_TYPED2_REQ + 4, 0);
    m.fix_size();
    assert_eq!(response_error(&call(&mut e, &mut api, C1, m)), CsError::OK);

    let mut m = Msg::request(l::KEY_GET_REQ, req::KEY_INCREMENT);
    m.u64(16, a).name(24, b"count");
    let r = call(&mut e, &mut api, C1, m);
    assert_eq!(Reader::new(&r).u32(24).unwrap(), 8);

    // object iteration over the root: alpha then beta then ACCESS
    let mut find = 0;
    let mut seen = Vec::new();
    loop {
        let mut m = Msg::request(l::ITER_REQ, req::OBJECT_ITER);
        m.u64(16, root).u64(24, find);
        let r = call(&mut e, &mut api, C1, m);
        if response_error(&r) != CsError::OK {
            assert_eq!(response_error(&r), CsError::ACCESS);
            break;
        }
        let rd = Reader::new(&r);
        find = rd.u64(296).unwrap();
        seen.push((read_name(&rd, 24).unwrap().to_vec(), rd.u64(288).unwrap()));
    }
    assert_eq!(seen, vec![(b"alpha".to_vec(), a), (b"beta".to_vec(), b)]);
    assert!(e.finds.get(&C1).is_none_or(|s| s.is_empty()));

    // typed2 key iteration
    let mut m = Msg::request(l::ITER_REQ, req::KEY_ITER_TYPED2);
    m.u64(16, a).u64(24, 0);
    let r = call(&mut e, &mut api, C1, m);
    let rd = Reader::new(&r);
    assert_eq!(read_name(&rd, 24).unwrap(), b"count");
    assert_eq!(rd.u32(288).unwrap(), 3);
    assert_eq!(rd.u32(296).unwrap(), 4);
    assert_eq!(rd.u32(304).unwrap(), 8);

    // parent get answers with the object-create id
    let mut m = Msg::request(l::HANDLE_REQ, req::OBJECT_PARENT_GET);
    m.u64(16, a);
    let r = call(&mut e, &mut api, C1, m);
    assert_eq!(Reader::new(&r).i32(8).unwrap(), res::OBJECT_CREATE);
    assert_eq!(Reader::new(&r).u64(24).unwrap(), root);
}

#[test]
fn errors_and_long_values() {
    let (mut e, mut api) = (Confdb::new(), Recorder::default());
    let root = ObjectHandle::ROOT.as_raw();
    let a = create(&mut e, &mut api, root, b"alpha");
    let mut m = Msg::request(l::HANDLE_REQ, req::OBJECT_DESTROY);
    m.u64(16, 12345);
    assert_eq!(
        response_error(&call(&mut e, &mut api, C1, m)),
        CsError::ACCESS
    );

    let long = vec![b'x'; MAX_NAME_LENGTH + 10];
    let mut m = Msg::request(l::KEY_CREATE_TYPED2_REQ, req::KEY_CREATE_TYPED2);
    m.u64(16, a)
        .name(24, b"big")
        .u32(288, 9)
        .u32(296, long.len() as u32);
    m.bytes(l::KEY_CREATE_TYPED2_VALUE, &long);
    m.fix_size();
    assert_eq!(response_error(&call(&mut e, &mut api, C1, m)), CsError::OK);
    let mut m = Msg::request(l::KEY_GET_REQ, req::KEY_GET);
    m.u64(16, a).name(24, b"big");
    assert_eq!(
        response_error(&call(&mut e, &mut api, C1, m)),
        CsError::TOO_BIG
    );
    let mut m = Msg::request(l::KEY_GET_REQ, req::KEY_GET_TYPED2);
    m.u64(16, a).name(24, b"big");
    let r = call(&mut e, &mut api, C1, m);
    assert_eq!(r.len(), l::KEY_GET_TYPED2_RES + long.len());

    // a typed2 value length beyond the message is refused
    let mut m = Msg::request(l::KEY_CREATE_TYPED2_REQ, req::KEY_CREATE_TYPED2);
    m.u64(16, a).name(24, b"k").u32(288, 9).u32(296, 100_000);
    assert_eq!(
        response_error(&call(&mut e, &mut api, C1, m)),
        CsError::ACCESS
    );
    // a truncated request is refused
    e.lib_request(&mut api, C1, req::KEY_GET, &[0u8; 20]);
    let r = api.responses.pop().unwrap().1;
    assert_eq!(response_error(&r), CsError::INVALID_PARAM);
}

#[test]
fn tracking_goes_to_the_tracking_connection() {
    let (mut e, mut api) = (Confdb::new(), Recorder::default());
    let root = ObjectHandle::ROOT.as_raw();
    let a = create(&mut e, &mut api, root, b"alpha");
    let mut m = Msg::request(l::TRACK_START_REQ, req::TRACK_START);
    m.u64(16, a).u32(24, 1);
    assert_eq!(response_error(&call(&mut e, &mut api, C2, m)), CsError::OK);

    let mut m = Msg::request(l::KEY_CREATE_REQ, req::KEY_CREATE);
    m.u64(16, a).name(24, b"k").name(288, b"v");
    call(&mut e, &mut api, C1, m);
    create(&mut e, &mut api, a, b"child");
    assert_eq!(api.dispatched.len(), 2);
    let (to, cb) = &api.dispatched[0];
    assert_eq!(*to, C2);
    let rd = Reader::new(cb);
    assert_eq!(rd.i32(8).unwrap(), res::KEY_CHANGE_CALLBACK2);
    assert_eq!(rd.u64(40).unwrap(), a);
    assert_eq!(read_name(&rd, 312).unwrap(), b"k");
    assert_eq!(rd.u32(576).unwrap(), 1);
    assert_eq!(
        Reader::new(&api.dispatched[1].1).i32(8).unwrap(),
        res::OBJECT_CREATE_CALLBACK
    );

    // the tracker goes with the connection
    e.lib_exit(&mut api, C2).unwrap();
    create(&mut e, &mut api, a, b"child2");
    assert_eq!(api.dispatched.len(), 2);
}

/// Requests of every id with random contents and lengths (truncated,
/// lying length fields, bogus handles) never panic and are always
/// answered exactly once.
#[test]
fn hostile_requests_are_answered() {
    let (mut e, mut api) = (Confdb::new(), Recorder::default());
    let root = ObjectHandle::ROOT.as_raw();
    let a = create(&mut e, &mut api, root, b"alpha");
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..20_000 {
        let id = (next() % (req::COUNT as u64)) as i32;
        let len = (next() % 900) as usize;
        let mut msg: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        if msg.len() >= 24 && round % 2 == 0 {
            // a real handle, so the handlers get past the lookup
            let h = if round % 4 == 0 { a } else { root };
            msg[16..24].copy_from_slice(&h.to_ne_bytes());
        }
        let before = api.responses.len();
        e.lib_request(&mut api, C1, id, &msg);
        assert_eq!(
            api.responses.len(),
            before + 1,
            "request id {id}, {len} bytes"
        );
        let notes = api.objdb.take_notifications();
        for n in &notes {
            e.objdb_notify(&mut api, n);
        }
        api.responses.clear();
    }
    e.lib_exit(&mut api, C1).unwrap();
}
