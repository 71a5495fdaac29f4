//! corosync.conf: the parser, every reader of the parsed object database,
//! and totem started on any configuration the readers accept.
//!
//! Checked: no panic anywhere; parsing is deterministic; a parse error
//! names a line of the file; a totem configuration the reader accepted is
//! one `Totem::new` takes or refuses with an error, and a totem started on
//! it survives its first timers.

use std::net::IpAddr;
use std::path::PathBuf;

use coroconfig::{
    AuthkeyPaths, NumericResolver, TotemEnv, UserDb, parse_bytes, read_aisexec, read_compatibility,
    read_logging_config, read_main_config, read_services, read_totem_config, read_uidgid,
    totem_handle_find, totem_volatile_config_read,
};
use objdb::ObjectHandle;
use totem::{Time, Totem};

/// Users and groups without asking the system.
struct FakeUsers;

impl UserDb for FakeUsers {
    fn uid_by_name(&self, name: &[u8]) -> Result<Option<u32>, String> {
        Ok(match name {
            b"root" => Some(0),
            b"nobody" => Some(65534),
            b"broken" => return Err("lookup failed".to_string()),
            _ => None,
        })
    }

    fn gid_by_name(&self, name: &[u8]) -> Result<Option<u32>, String> {
        Ok(match name {
            b"root" => Some(0),
            b"haclient" => Some(189),
            _ => None,
        })
    }
}

/// Parses and reads a configuration; returns whether totem accepted it
/// (for tests).
pub fn run(data: &[u8]) -> bool {
    let parsed = parse_bytes(data, "corosync.conf");
    let again = parse_bytes(data, "corosync.conf");
    let mut db = match (parsed, again) {
        (Ok(a), Ok(b)) => {
            if data.len() <= 8192 {
                let da = a.object_dump(ObjectHandle::ROOT).expect("root dumps");
                let db = b.object_dump(ObjectHandle::ROOT).expect("root dumps");
                assert_eq!(da, db, "parsing is not deterministic");
            }
            a
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.message(), b.message(), "parsing is not deterministic");
            if let Some(o) = a.origin() {
                let lines = data.iter().filter(|&&c| c == b'\n').count() + 1;
                assert!(
                    (o.line as usize) >= 1 && (o.line as usize) <= lines,
                    "error at line {} of a {lines}-line file",
                    o.line
                );
            }
            return false;
        }
        _ => panic!("parsing is not deterministic"),
    };

    let _ = read_main_config(&db, &FakeUsers);
    let _ = read_uidgid(&db, &FakeUsers);
    let _ = read_logging_config(&db);
    let _ = read_aisexec(&db);
    let _ = read_compatibility(&db);
    let _ = read_services(&db);

    // Never read a file the input names.
    if let Some(h) = totem_handle_find(&db) {
        let _ = db.object_key_delete(h, b"keyfile");
    }
    let env = TotemEnv {
        authkey: AuthkeyPaths {
            env_file: None,
            default_file: PathBuf::from("/nonexistent/corosync-fuzz/authkey"),
        },
        resolver: &NumericResolver,
    };
    let Ok(read) = read_totem_config(&db, &env) else {
        return false;
    };
    let mut config = read.config.clone();
    totem_volatile_config_read(&db, read.totem_handle, &mut config);

    let bound: Vec<IpAddr> = config.interfaces.iter().map(|i| i.bindnetaddr).collect();
    let Ok(mut t) = Totem::new(&config, &bound, 4, 1, Time::ZERO) else {
        return false;
    };
    let mut now = Time::ZERO;
    for _ in 0..50 {
        while t.poll_transmit().is_some() {}
        while t.poll_event().is_some() {}
        match t.poll_timeout() {
            Some(next) => {
                now = now.max(next);
                t.handle_timeout(now);
            }
            None => break,
        }
    }
    true
}

/// The fuzz body.
pub fn config_parser(data: &[u8]) {
    run(data);
}
