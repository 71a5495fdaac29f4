//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use objdb::{ObjDb, ObjectHandle, c_str};

/// The object database printed the way `corosync-objctl -a` prints it:
/// `path.key=value` for every key, and the bare path of an object with
/// neither keys nor children.
pub fn objctl_dump(db: &ObjDb) -> String {
    let mut out = String::new();
    dump_object(db, ObjectHandle::ROOT, None, &mut out);
    out
}

fn dump_object(db: &ObjDb, handle: ObjectHandle, path: Option<&str>, out: &mut String) {
    let mut printed = 0;
    for key in db.object_key_iter(handle).unwrap() {
        if let Some(path) = path {
            out.push_str(path);
            out.push('.');
        }
        out.push_str(&String::from_utf8_lossy(key.name));
        out.push('=');
        out.push_str(&String::from_utf8_lossy(c_str(key.value)));
        out.push('\n');
        printed += 1;
    }
    for &child in db.object_children(handle).unwrap() {
        let name = String::from_utf8_lossy(db.object_name_get(child).unwrap()).into_owned();
        let child_path = match path {
            Some(p) => format!("{p}.{name}"),
            None => name,
        };
        dump_object(db, child, Some(&child_path), out);
        printed += 1;
    }
    if printed == 0
        && let Some(path) = path
    {
        out.push_str(path);
        out.push('\n');
    }
}

pub fn data_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

pub fn data(name: &str) -> Vec<u8> {
    std::fs::read(data_path(name)).unwrap()
}

/// A fresh empty directory under the system temporary directory.
pub fn temp_dir(tag: &str) -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir =
        std::env::temp_dir().join(format!("coroconfig-test-{}-{tag}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
