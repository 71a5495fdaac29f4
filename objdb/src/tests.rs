use crate::*;

const ROOT: ObjectHandle = ObjectHandle::ROOT;

fn db_with(path: &[&[u8]]) -> (ObjDb, Vec<ObjectHandle>) {
    let mut db = ObjDb::new();
    let mut handles = Vec::new();
    let mut parent = ROOT;
    for name in path {
        parent = db.object_create(parent, name).unwrap();
        handles.push(parent);
    }
    (db, handles)
}

#[test]
fn root_is_object_parent_handle_named_parent() {
    let db = ObjDb::new();
    assert_eq!(ROOT.as_raw(), 0xFFFF_FFFF_0000_0000);
    assert_eq!(OBJECT_PARENT_HANDLE, ROOT);
    assert_eq!(db.object_name_get(ROOT).unwrap(), b"parent");
    assert_eq!(db.object_parent_get(ROOT).unwrap().as_raw(), 0);
}

#[test]
fn children_keep_creation_order_and_duplicate_names() {
    let mut db = ObjDb::new();
    let a = db.object_create(ROOT, b"service").unwrap();
    let b = db.object_create(ROOT, b"totem").unwrap();
    let c = db.object_create(ROOT, b"service").unwrap();
    assert_eq!(db.object_children(ROOT).unwrap(), &[a, b, c]);
    assert_eq!(db.object_find(ROOT, b"service").unwrap(), vec![a, c]);
    assert_eq!(db.object_find(ROOT, b"").unwrap(), vec![a, b, c]);
    assert_eq!(db.object_find_first(ROOT, b"service").unwrap(), Some(a));
    assert_eq!(db.object_find(ROOT, b"nothing").unwrap(), vec![]);
    assert_eq!(db.object_parent_get(b).unwrap(), ROOT);
}

#[test]
fn destroyed_handle_is_stale_even_after_slot_reuse() {
    let mut db = ObjDb::new();
    let a = db.object_create(ROOT, b"a").unwrap();
    db.object_destroy(a).unwrap();
    let b = db.object_create(ROOT, b"b").unwrap();
    assert_ne!(a, b);
    assert_eq!(
        db.object_name_get(a),
        Err(ObjdbError::BadHandle(a.as_raw()))
    );
    assert_eq!(db.object_name_get(b).unwrap(), b"b");
    assert!(db.object_create(a, b"child").is_err());
    assert!(db.object_key_create(a, b"k", b"v").is_err());
}

#[test]
fn forged_wildcard_handle_does_not_reach_other_objects() {
    let mut db = ObjDb::new();
    let a = db.object_create(ROOT, b"a").unwrap();
    let forged = ObjectHandle::from_raw(0xFFFF_FFFF_0000_0000 | (a.as_raw() & 0xFFFF_FFFF));
    assert!(db.object_name_get(forged).is_err());
}

#[test]
fn destroy_is_recursive() {
    let (mut db, h) = db_with(&[b"a", b"b", b"c"]);
    db.object_key_create(h[2], b"k", b"v").unwrap();
    db.object_destroy(h[0]).unwrap();
    for handle in &h {
        assert!(!db.object_valid(*handle));
    }
    assert_eq!(db.object_count(), 1);
    assert_eq!(db.object_children(ROOT).unwrap(), &[]);
    assert_eq!(db.object_find(ROOT, b"a").unwrap(), vec![]);
}

#[test]
fn root_cannot_be_destroyed() {
    let mut db = ObjDb::new();
    assert_eq!(db.object_destroy(ROOT), Err(ObjdbError::RootNotDestroyable));
}

#[test]
fn very_deep_tree_is_destroyed_without_recursion() {
    let mut db = ObjDb::new();
    let top = db.object_create(ROOT, b"x").unwrap();
    let mut cur = top;
    for _ in 0..200_000 {
        cur = db.object_create(cur, b"x").unwrap();
    }
    db.object_track_start(cur, TrackSpec::all(TrackDepth::One, 1))
        .unwrap();
    db.object_destroy(top).unwrap();
    assert_eq!(db.object_count(), 1);
    assert_eq!(db.take_notifications().len(), 1);
}

#[test]
fn find_iteration_skips_objects_destroyed_meanwhile() {
    let mut db = ObjDb::new();
    let a = db.object_create(ROOT, b"member").unwrap();
    let b = db.object_create(ROOT, b"member").unwrap();
    let c = db.object_create(ROOT, b"member").unwrap();
    let find = db.object_find_create(ROOT, b"member").unwrap();
    assert_eq!(db.object_find_next(find).unwrap(), Some(a));
    db.object_destroy(b).unwrap();
    let d = db.object_create(ROOT, b"member").unwrap();
    assert_eq!(db.object_find_next(find).unwrap(), Some(c));
    // Created after the find started: not part of it.
    assert_ne!(d, c);
    assert_eq!(db.object_find_next(find).unwrap(), None);
    assert_eq!(db.object_find_next(find).unwrap(), None);
    db.object_find_destroy(find).unwrap();
    assert!(db.object_find_next(find).is_err());
    assert!(db.object_find_destroy(find).is_err());
}

#[test]
fn find_on_bad_parent_fails() {
    let mut db = ObjDb::new();
    assert!(
        db.object_find_create(ObjectHandle::from_raw(7), b"x")
            .is_err()
    );
    assert!(db.object_find_next(FindHandle::from_raw(12345)).is_err());
}

#[test]
fn lookup_path_takes_first_match_per_level() {
    let mut db = ObjDb::new();
    let t = db.object_create(ROOT, b"totem").unwrap();
    let i0 = db.object_create(t, b"interface").unwrap();
    let _i1 = db.object_create(t, b"interface").unwrap();
    assert_eq!(db.lookup_path(&["totem", "interface"]), Some(i0));
    assert_eq!(db.lookup_path(&["totem", "member"]), None);
    assert_eq!(db.lookup_path::<&str>(&[]), Some(ROOT));
}

#[test]
fn key_create_get_replace_delete() {
    let (mut db, h) = db_with(&[b"totem"]);
    let t = h[0];
    db.object_key_create_string(t, b"token", b"1000").unwrap();
    let kv = db.object_key_get_typed(t, b"token").unwrap();
    assert_eq!(kv.value, b"1000\0");
    assert_eq!(kv.ty, ValueType::String);
    assert_eq!(kv.c_str(), b"1000");

    db.object_key_replace(t, b"token", b"5000\0").unwrap();
    assert_eq!(db.object_key_get(t, b"token").unwrap(), b"5000\0");
    assert_eq!(
        db.object_key_replace(t, b"nope", b"x"),
        Err(ObjdbError::KeyNotFound(b"nope".to_vec()))
    );

    db.object_key_delete(t, b"token").unwrap();
    assert!(db.object_key_get(t, b"token").is_err());
    assert_eq!(
        db.object_key_delete(t, b"token"),
        Err(ObjdbError::KeyNotFound(b"token".to_vec()))
    );
}

#[test]
fn recreating_a_key_overwrites_it_in_place() {
    let (mut db, h) = db_with(&[b"s"]);
    db.object_key_create(h[0], b"a", b"1").unwrap();
    db.object_key_create(h[0], b"b", b"2").unwrap();
    db.object_key_create_typed(h[0], b"a", &7u32.to_ne_bytes(), ValueType::UInt32)
        .unwrap();
    let keys: Vec<_> = db.object_key_iter(h[0]).unwrap().collect();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0].name, b"a");
    assert_eq!(keys[0].ty, ValueType::UInt32);
    assert_eq!(db.object_key_get_value::<u32>(h[0], b"a").unwrap(), 7);
}

#[test]
fn replace_keeps_the_declared_type() {
    let (mut db, h) = db_with(&[b"s"]);
    db.object_key_create_value(h[0], b"n", 5u32).unwrap();
    db.object_key_replace(h[0], b"n", b"xy").unwrap();
    let kv = db.object_key_get_typed(h[0], b"n").unwrap();
    assert_eq!((kv.value, kv.ty), (&b"xy"[..], ValueType::UInt32));
    // And an integer step on the now short value is refused, not a overread.
    assert!(db.object_key_increment(h[0], b"n").is_err());
}

#[test]
fn typed_value_must_match_type_size() {
    let (mut db, h) = db_with(&[b"s"]);
    assert_eq!(
        db.object_key_create_typed(h[0], b"x", b"abc", ValueType::UInt32),
        Err(ObjdbError::ValueSizeMismatch {
            ty: ValueType::UInt32,
            expected: 4,
            actual: 3
        })
    );
    db.object_key_create_typed(h[0], b"x", b"", ValueType::String)
        .unwrap();
    db.object_key_create_typed(h[0], b"y", &[0; 8], ValueType::Double)
        .unwrap();
    assert!(
        db.object_key_create_typed(ObjectHandle::from_raw(3), b"x", &[0; 2], ValueType::Int16)
            .is_err()
    );
}

#[test]
fn key_names_end_at_nul() {
    let (mut db, h) = db_with(&[b"s"]);
    db.object_key_create(h[0], b"name\0junk", b"v").unwrap();
    assert_eq!(db.object_key_get(h[0], b"name").unwrap(), b"v");
    assert_eq!(db.object_key_get(h[0], b"name\0").unwrap(), b"v");
    let keys: Vec<_> = db
        .object_key_iter(h[0])
        .unwrap()
        .map(|k| k.name.to_vec())
        .collect();
    assert_eq!(keys, vec![b"name".to_vec()]);
}

#[test]
fn key_iter_from_pages_through_keys() {
    let (mut db, h) = db_with(&[b"s"]);
    for k in [&b"a"[..], b"b", b"c"] {
        db.object_key_create(h[0], k, k).unwrap();
    }
    assert_eq!(
        db.object_key_iter_from(h[0], 1).unwrap().unwrap().name,
        b"b"
    );
    assert_eq!(db.object_key_iter_from(h[0], 3).unwrap(), None);
    assert_eq!(db.object_key_iter_from(h[0], u64::MAX).unwrap(), None);
    db.object_key_delete(h[0], b"a").unwrap();
    assert_eq!(
        db.object_key_iter_from(h[0], 0).unwrap().unwrap().name,
        b"b"
    );
}

#[test]
fn increment_and_decrement_wrap_per_type() {
    let (mut db, h) = db_with(&[b"s"]);
    let o = h[0];
    db.object_key_create_value(o, b"u16", u16::MAX).unwrap();
    assert_eq!(db.object_key_increment(o, b"u16").unwrap(), 0);
    db.object_key_create_value(o, b"i16", 0i16).unwrap();
    assert_eq!(db.object_key_decrement(o, b"i16").unwrap(), 0xFFFF_FFFF);
    assert_eq!(db.object_key_get_value::<i16>(o, b"i16").unwrap(), -1);
    db.object_key_create_value(o, b"u64", 0x1_0000_0000u64)
        .unwrap();
    assert_eq!(db.object_key_increment(o, b"u64").unwrap(), 1);
    assert_eq!(
        db.object_key_get_value::<u64>(o, b"u64").unwrap(),
        0x1_0000_0001
    );
    db.object_key_create(o, b"any", &41i32.to_ne_bytes())
        .unwrap();
    assert_eq!(db.object_key_increment(o, b"any").unwrap(), 42);
    db.object_key_create(o, b"any8", &[0; 8]).unwrap();
    assert!(db.object_key_increment(o, b"any8").is_err());
    db.object_key_create_string(o, b"str", b"1").unwrap();
    assert_eq!(
        db.object_key_increment(o, b"str"),
        Err(ObjdbError::NotAnInteger(b"str".to_vec()))
    );
    db.object_key_create_value(o, b"f", 1.5f32).unwrap();
    assert!(db.object_key_increment(o, b"f").is_err());
    assert!(db.object_key_increment(o, b"missing").is_err());
}

// ----- tracking ------------------------------------------------------------

fn events(db: &mut ObjDb) -> Vec<(u64, ChangeEvent)> {
    db.take_notifications()
        .into_iter()
        .map(|n| (n.owner, n.event))
        .collect()
}

#[test]
fn one_level_tracker_sees_children_not_grandchildren() {
    let (mut db, h) = db_with(&[b"top"]);
    db.object_track_start(h[0], TrackSpec::all(TrackDepth::One, 1))
        .unwrap();
    let child = db.object_create(h[0], b"child").unwrap();
    let _grandchild = db.object_create(child, b"gc").unwrap();
    assert_eq!(
        events(&mut db),
        vec![(
            1,
            ChangeEvent::ObjectCreated {
                parent: h[0],
                object: child,
                name: b"child".to_vec()
            }
        )]
    );
}

#[test]
fn recursive_tracker_sees_everything_below() {
    let (mut db, h) = db_with(&[b"top"]);
    db.object_track_start(h[0], TrackSpec::all(TrackDepth::Recursive, 2))
        .unwrap();
    let child = db.object_create(h[0], b"child").unwrap();
    let gc = db.object_create(child, b"gc").unwrap();
    db.object_key_create(gc, b"k", b"v").unwrap();
    let ev = events(&mut db);
    assert_eq!(ev.len(), 3);
    assert_eq!(
        ev[1].1,
        ChangeEvent::ObjectCreated {
            parent: child,
            object: gc,
            name: b"gc".to_vec()
        }
    );
    // The parent reported with a key change is the tracked object's parent,
    // as in the original (here the root), not the changed object's.
    assert_eq!(
        ev[2].1,
        ChangeEvent::KeyChanged {
            change: KeyChangeType::Created,
            parent: ROOT,
            object: gc,
            object_name: b"gc".to_vec(),
            key_name: b"k".to_vec(),
            value: b"v".to_vec()
        }
    );
}

#[test]
fn key_changes_report_created_replaced_deleted() {
    let (mut db, h) = db_with(&[b"totem"]);
    let t = h[0];
    db.object_track_start(t, TrackSpec::key_changes(TrackDepth::One, 9))
        .unwrap();
    db.object_key_create(t, b"token", b"1").unwrap();
    db.object_key_replace(t, b"token", b"1").unwrap(); // unchanged: silent
    db.object_key_replace(t, b"token", b"2").unwrap();
    db.object_key_delete(t, b"token").unwrap();
    let kinds: Vec<_> = events(&mut db)
        .into_iter()
        .map(|(_, e)| match e {
            ChangeEvent::KeyChanged { change, value, .. } => (change, value),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            (KeyChangeType::Created, b"1".to_vec()),
            (KeyChangeType::Replaced, b"2".to_vec()),
            (KeyChangeType::Deleted, vec![]),
        ]
    );
}

#[test]
fn increment_is_reported_as_replaced_with_new_value() {
    let (mut db, h) = db_with(&[b"s"]);
    db.object_key_create_value(h[0], b"n", 1u32).unwrap();
    db.object_track_start(h[0], TrackSpec::key_changes(TrackDepth::One, 1))
        .unwrap();
    db.object_key_increment(h[0], b"n").unwrap();
    match &events(&mut db)[..] {
        [(_, ChangeEvent::KeyChanged { change, value, .. })] => {
            assert_eq!(*change, KeyChangeType::Replaced);
            assert_eq!(value, &2u32.to_ne_bytes().to_vec());
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn destroy_notifies_descendant_trackers_then_parent() {
    let (mut db, h) = db_with(&[b"a", b"b", b"c"]);
    let (a, b, c) = (h[0], h[1], h[2]);
    db.object_track_start(c, TrackSpec::all(TrackDepth::One, 30))
        .unwrap();
    db.object_track_start(b, TrackSpec::all(TrackDepth::One, 20))
        .unwrap();
    db.object_track_start(a, TrackSpec::all(TrackDepth::One, 10))
        .unwrap();
    db.object_destroy(b).unwrap();
    assert_eq!(
        events(&mut db),
        vec![
            // b's own one-level tracker is not told b goes; its child's is.
            (
                30,
                ChangeEvent::ObjectDestroyed {
                    parent: b,
                    name: b"c".to_vec()
                }
            ),
            (
                10,
                ChangeEvent::ObjectDestroyed {
                    parent: a,
                    name: b"b".to_vec()
                }
            ),
        ]
    );
    // Trackers of destroyed objects are gone.
    assert_eq!(db.object_track_stop_owner(30), 0);
    assert_eq!(db.object_track_stop_owner(20), 0);
    assert_eq!(db.object_track_stop_owner(10), 1);
}

#[test]
fn recursive_tracker_on_destroyed_object_hears_of_it() {
    let (mut db, h) = db_with(&[b"a", b"b"]);
    db.object_track_start(h[1], TrackSpec::all(TrackDepth::Recursive, 5))
        .unwrap();
    db.object_destroy(h[1]).unwrap();
    assert_eq!(
        events(&mut db),
        vec![(
            5,
            ChangeEvent::ObjectDestroyed {
                parent: h[0],
                name: b"b".to_vec()
            }
        )]
    );
}

#[test]
fn root_trackers_hear_keys_on_root_and_reloads_only() {
    let mut db = ObjDb::new();
    db.object_track_start(ROOT, TrackSpec::all(TrackDepth::Recursive, 1))
        .unwrap();
    let top = db.object_create(ROOT, b"top").unwrap();
    db.object_key_create(top, b"k", b"v").unwrap();
    db.object_destroy(top).unwrap();
    assert!(!db.has_notifications());
    db.object_key_create(ROOT, b"compatibility", b"none\0")
        .unwrap();
    db.reload_notify(ReloadPhase::Start, true);
    let ev = events(&mut db);
    assert_eq!(ev.len(), 2);
    assert!(matches!(
        ev[0].1,
        ChangeEvent::KeyChanged {
            change: KeyChangeType::Created,
            ..
        }
    ));
    assert_eq!(
        ev[1].1,
        ChangeEvent::Reload {
            phase: ReloadPhase::Start,
            flush: true
        }
    );
}

#[test]
fn reload_goes_only_to_trackers_that_asked() {
    let (mut db, h) = db_with(&[b"totem"]);
    db.object_track_start(ROOT, TrackSpec::key_changes(TrackDepth::One, 1))
        .unwrap();
    db.object_track_start(ROOT, TrackSpec::reload(2)).unwrap();
    db.object_track_start(h[0], TrackSpec::reload(3)).unwrap();
    db.reload_notify(ReloadPhase::End, false);
    let owners: Vec<u64> = events(&mut db).into_iter().map(|(o, _)| o).collect();
    assert_eq!(owners, vec![2]);
}

#[test]
fn newest_tracker_is_notified_first() {
    let (mut db, h) = db_with(&[b"s"]);
    db.object_track_start(h[0], TrackSpec::key_changes(TrackDepth::One, 1))
        .unwrap();
    db.object_track_start(h[0], TrackSpec::key_changes(TrackDepth::One, 2))
        .unwrap();
    db.object_key_create(h[0], b"k", b"v").unwrap();
    let owners: Vec<u64> = events(&mut db).into_iter().map(|(o, _)| o).collect();
    assert_eq!(owners, vec![2, 1]);
}

#[test]
fn track_stop_silences_a_tracker() {
    let (mut db, h) = db_with(&[b"s"]);
    let id = db
        .object_track_start(h[0], TrackSpec::all(TrackDepth::One, 1))
        .unwrap();
    db.object_track_stop(id).unwrap();
    assert_eq!(
        db.object_track_stop(id),
        Err(ObjdbError::BadTracker(id.as_raw()))
    );
    db.object_key_create(h[0], b"k", b"v").unwrap();
    assert!(!db.has_notifications());
    assert!(
        db.object_track_start(ObjectHandle::from_raw(99), TrackSpec::reload(1))
            .is_err()
    );
}

#[test]
fn trackers_filter_by_event_kind() {
    let (mut db, h) = db_with(&[b"s"]);
    db.object_track_start(h[0], TrackSpec::key_changes(TrackDepth::Recursive, 1))
        .unwrap();
    let c = db.object_create(h[0], b"c").unwrap();
    db.object_destroy(c).unwrap();
    assert!(!db.has_notifications());
}

#[test]
fn origins_are_kept_until_the_value_changes() {
    let (mut db, h) = db_with(&[b"totem"]);
    let origin = Origin::new("corosync.conf".into(), 3);
    db.set_object_origin(h[0], origin.clone()).unwrap();
    db.object_key_create_string(h[0], b"token", b"1").unwrap();
    db.set_key_origin(h[0], b"token", Origin::new("corosync.conf".into(), 4))
        .unwrap();
    assert_eq!(db.object_origin(h[0]), Some(&origin));
    assert_eq!(
        db.key_origin(h[0], b"token").unwrap().to_string(),
        "corosync.conf:4"
    );
    db.object_key_replace(h[0], b"token", b"2\0").unwrap();
    assert_eq!(db.key_origin(h[0], b"token"), None);
}

#[test]
fn dump_prints_config_syntax() {
    let mut db = ObjDb::new();
    db.object_key_create_string(ROOT, b"compatibility", b"whitetank")
        .unwrap();
    let t = db.object_create(ROOT, b"totem").unwrap();
    db.object_key_create_string(t, b"version", b"2").unwrap();
    let i = db.object_create(t, b"interface").unwrap();
    db.object_key_create_value(i, b"ringnumber", 0u16).unwrap();
    assert_eq!(
        db.object_dump(ROOT).unwrap(),
        "compatibility: whitetank\ntotem {\n    version: 2\n    interface {\n        ringnumber: 0\n    }\n}\n"
    );
    assert_eq!(
        db.object_dump(i).unwrap(),
        "interface {\n    ringnumber: 0\n}\n"
    );
}

#[test]
fn value_type_numbers_match_objdb_h() {
    assert_eq!(ValueType::Int16.as_raw(), 0);
    assert_eq!(ValueType::Double.as_raw(), 7);
    assert_eq!(ValueType::String.as_raw(), 8);
    assert_eq!(ValueType::Any.as_raw(), 9);
    assert_eq!(ValueType::from_raw(10), None);
    for raw in 0..10 {
        assert_eq!(ValueType::from_raw(raw).unwrap().as_raw(), raw);
    }
    assert_eq!(TrackDepth::Recursive as u32, 1);
    assert_eq!(KeyChangeType::Deleted as u32, 2);
    assert_eq!(ReloadPhase::Failed as u32, 2);
}
