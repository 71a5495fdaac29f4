//! The loader chain, the corosync.conf loader's files (main file, uidgid.d,
//! service.d) and the built-in default.

mod common;

use std::path::Path;

use common::{objctl_dump, temp_dir};
use coroconfig::{
    BUILTIN_DEFAULT_NAME, ConfigError, ConfigErrorKind, ConfigLoader, CorosyncParser,
    DEFAULT_CONFIG_IFACE, LoadOutcome, LoaderRegistry, ParserPaths,
};
use objdb::{ChangeEvent, ObjDb, ObjectHandle, ReloadPhase, TrackSpec};

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

fn registry(dir: &Path) -> LoaderRegistry {
    LoaderRegistry::with_defaults(ParserPaths::in_dir(dir))
}

/// A loader that adds one key and records that it ran.
struct Marker {
    name: &'static str,
    fail: bool,
    reloads: bool,
}

impl ConfigLoader for Marker {
    fn name(&self) -> &str {
        self.name
    }

    fn read_config(&mut self, objdb: &mut ObjDb) -> Result<LoadOutcome, ConfigError> {
        if self.fail {
            return Err(ConfigError::new(
                ConfigErrorKind::Loader,
                format!("{} failed", self.name),
            ));
        }
        objdb
            .object_key_create_string(ObjectHandle::ROOT, self.name.as_bytes(), b"ran")
            .unwrap();
        Ok(LoadOutcome {
            message: format!("{} loaded", self.name),
            builtin_default: false,
        })
    }

    fn reload_config(&mut self, _objdb: &mut ObjDb, _flush: bool) -> Result<(), ConfigError> {
        if self.fail {
            Err(ConfigError::new(ConfigErrorKind::Loader, "reload failed"))
        } else {
            Ok(())
        }
    }

    fn can_reload(&self) -> bool {
        self.reloads
    }
}

#[test]
fn default_chain_reads_the_main_file() {
    let dir = temp_dir("main");
    write(&dir.join("corosync.conf"), "totem {\n\tversion: 2\n}\n");
    let mut db = ObjDb::new();
    let chain = registry(&dir)
        .load_chain(DEFAULT_CONFIG_IFACE, &mut db)
        .unwrap();
    assert!(!chain.builtin_default);
    assert_eq!(chain.loaded.len(), 1);
    assert_eq!(chain.loaded[0].name, "corosync_parser");
    assert_eq!(
        chain.loaded[0].message,
        format!(
            "Successfully read main configuration file '{}'.",
            dir.join("corosync.conf").display()
        )
    );
    assert_eq!(objctl_dump(&db), "totem.version=2\n");
}

#[test]
fn unknown_loader_is_refused_with_the_original_message() {
    let dir = temp_dir("unknown");
    let mut db = ObjDb::new();
    let err = registry(&dir)
        .load_chain("corosync_parser:openaisserviceenablestable", &mut db)
        .unwrap_err();
    assert_eq!(err.kind(), ConfigErrorKind::UnknownLoader);
    assert_eq!(
        err.to_string(),
        "Corosync Executive couldn't open configuration component 'openaisserviceenablestable'"
    );
    assert_eq!(err.exit_code(), 8);
}

#[test]
fn loaders_run_in_list_order_and_empty_names_are_skipped() {
    let dir = temp_dir("order");
    write(&dir.join("corosync.conf"), "");
    let mut reg = registry(&dir);
    reg.register(Box::new(Marker {
        name: "xmlconfig",
        fail: false,
        reloads: false,
    }));
    reg.register(Box::new(Marker {
        name: "cmanpreconfig",
        fail: false,
        reloads: false,
    }));
    let mut db = ObjDb::new();
    let chain = reg
        .load_chain("::xmlconfig::cmanpreconfig:corosync_parser:", &mut db)
        .unwrap();
    let names: Vec<&str> = chain.loaded.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, vec!["xmlconfig", "cmanpreconfig", "corosync_parser"]);
    assert_eq!(objctl_dump(&db), "xmlconfig=ran\ncmanpreconfig=ran\n");
    assert_eq!(
        reg.names(),
        vec!["corosync_parser", "xmlconfig", "cmanpreconfig"]
    );
}

#[test]
fn empty_loader_list_runs_nothing() {
    let dir = temp_dir("none");
    let mut db = ObjDb::new();
    let chain = registry(&dir).load_chain(":", &mut db).unwrap();
    assert!(chain.loaded.is_empty());
}

#[test]
fn failing_loader_stops_the_chain() {
    let dir = temp_dir("fail");
    let mut reg = registry(&dir);
    reg.register(Box::new(Marker {
        name: "ldapconfig",
        fail: true,
        reloads: false,
    }));
    let mut db = ObjDb::new();
    let err = reg
        .load_chain("ldapconfig:corosync_parser", &mut db)
        .unwrap_err();
    assert_eq!(err.message(), "ldapconfig failed");
    assert_eq!(db.object_count(), 1);
}

#[test]
fn missing_default_file_falls_back_to_the_builtin_default() {
    let dir = temp_dir("builtin");
    let mut db = ObjDb::new();
    let chain = registry(&dir)
        .load_chain(DEFAULT_CONFIG_IFACE, &mut db)
        .unwrap();
    assert!(chain.builtin_default);
    assert!(
        chain.loaded[0]
            .message
            .contains("built-in default configuration")
    );
    let totem = db.lookup_path(&["totem"]).unwrap();
    assert_eq!(db.key_get_str(totem, b"transport"), Some(&b"udpu"[..]));
    assert_eq!(
        db.object_origin(totem).unwrap().file.as_ref(),
        BUILTIN_DEFAULT_NAME
    );
    let logging = db.lookup_path(&["logging"]).unwrap();
    assert_eq!(db.key_get_str(logging, b"timestamp"), Some(&b"on"[..]));
}

#[test]
fn missing_explicit_file_is_an_error() {
    let dir = temp_dir("explicit");
    let paths = ParserPaths {
        main_config: Some(dir.join("missing.conf")),
        ..ParserPaths::in_dir(&dir)
    };
    let mut db = ObjDb::new();
    let err = CorosyncParser::new(paths).read_config(&mut db).unwrap_err();
    assert_eq!(err.kind(), ConfigErrorKind::Read);
    assert_eq!(
        err.message(),
        format!(
            "Can't read file {} reason = (No such file or directory)",
            dir.join("missing.conf").display()
        )
    );
}

#[test]
fn builtin_default_can_be_disabled() {
    let dir = temp_dir("nobuiltin");
    let paths = ParserPaths {
        builtin_default: false,
        ..ParserPaths::in_dir(&dir)
    };
    let mut db = ObjDb::new();
    assert!(CorosyncParser::new(paths).read_config(&mut db).is_err());
}

#[test]
fn parse_errors_name_the_file_and_line() {
    let dir = temp_dir("perr");
    write(&dir.join("corosync.conf"), "totem {\n\tversion: 2\n}\n}\n");
    let mut db = ObjDb::new();
    let err = registry(&dir)
        .load_chain(DEFAULT_CONFIG_IFACE, &mut db)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "parser error: Unexpected closing brace at {}:4",
            dir.join("corosync.conf").display()
        )
    );
}

#[test]
fn uidgid_files_are_read_in_name_order() {
    let dir = temp_dir("uidgid");
    write(&dir.join("corosync.conf"), "uidgid {\n\tuid: 0\n}\n");
    write(
        &dir.join("uidgid.d/20-pacemaker"),
        "uidgid {\n\tuid: hacluster\n\tgid: haclient\n}\n",
    );
    write(
        &dir.join("uidgid.d/10-qdisk"),
        "# comment\nuidgid {\n\tgid: disk\n}\n",
    );
    std::fs::create_dir_all(dir.join("uidgid.d/subdir")).unwrap();
    write(
        &dir.join("uidgid.d/subdir/ignored"),
        "uidgid {\n\tuid: nobody\n}\n",
    );
    let mut db = ObjDb::new();
    registry(&dir)
        .load_chain(DEFAULT_CONFIG_IFACE, &mut db)
        .unwrap();
    assert_eq!(
        objctl_dump(&db),
        "uidgid.uid=0\nuidgid.gid=disk\nuidgid.uid=hacluster\nuidgid.gid=haclient\n"
    );
}

#[test]
fn uidgid_files_may_hold_only_uidgid_sections() {
    let cases = [
        (
            "totem {\n}\n",
            "uidgid: Can't add subsection different than uidgid",
            1,
        ),
        (
            "uidgid {\n\tuid: a\n\tsub {\n\t}\n}\n",
            "uidgid: Can't add second level subsection",
            3,
        ),
        (
            "uidgid {\n\tuser: a\n}\n",
            "uidgid: Only uid and gid are allowed items",
            2,
        ),
        ("uid: 5\n", "", 0),
        (
            "gid: 5\nother: 1\n",
            "uidgid: Only uid and gid are allowed items",
            2,
        ),
    ];
    for (text, message, line) in cases {
        let dir = temp_dir("uidgid-bad");
        write(&dir.join("corosync.conf"), "");
        let file = dir.join("uidgid.d/bad");
        write(&file, text);
        let mut db = ObjDb::new();
        let result = registry(&dir).load_chain(DEFAULT_CONFIG_IFACE, &mut db);
        if message.is_empty() {
            assert!(result.is_ok(), "{text}");
            continue;
        }
        let err = result.unwrap_err();
        assert_eq!(err.kind(), ConfigErrorKind::Parse);
        assert_eq!(
            err.to_string(),
            format!("{message} at {}:{line}", file.display())
        );
    }
}

#[test]
fn service_files_are_read_without_restriction() {
    let dir = temp_dir("service");
    write(&dir.join("corosync.conf"), "");
    write(
        &dir.join("service.d/pcmk"),
        "service {\n\tname: pacemaker\n\tver: 1\n}\n",
    );
    let mut db = ObjDb::new();
    registry(&dir)
        .load_chain(DEFAULT_CONFIG_IFACE, &mut db)
        .unwrap();
    assert_eq!(objctl_dump(&db), "service.name=pacemaker\nservice.ver=1\n");
}

#[test]
fn broken_service_file_fails_the_load() {
    let dir = temp_dir("service-bad");
    write(&dir.join("corosync.conf"), "");
    write(&dir.join("service.d/x"), "service {\n");
    let mut db = ObjDb::new();
    let err = registry(&dir)
        .load_chain(DEFAULT_CONFIG_IFACE, &mut db)
        .unwrap_err();
    assert_eq!(err.message(), "parser error: Missing closing brace");
}

#[test]
fn reload_notifies_start_and_end_or_failed() {
    let dir = temp_dir("reload");
    write(&dir.join("corosync.conf"), "");
    let mut reg = registry(&dir);
    reg.register(Box::new(Marker {
        name: "xmlconfig",
        fail: false,
        reloads: true,
    }));
    let mut db = ObjDb::new();
    let chain = reg
        .load_chain("corosync_parser:xmlconfig", &mut db)
        .unwrap();
    db.object_track_start(ObjectHandle::ROOT, TrackSpec::reload(1))
        .unwrap();
    reg.reload_chain(&chain, &mut db, true).unwrap();
    let phases: Vec<ReloadPhase> = db
        .take_notifications()
        .into_iter()
        .map(|n| match n.event {
            ChangeEvent::Reload { phase, flush } => {
                assert!(flush);
                phase
            }
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(phases, vec![ReloadPhase::Start, ReloadPhase::End]);

    let mut reg = registry(&dir);
    reg.register(Box::new(Marker {
        name: "xmlconfig",
        fail: true,
        reloads: true,
    }));
    assert!(reg.reload_chain(&chain, &mut db, false).is_err());
    let phases: Vec<_> = db
        .take_notifications()
        .into_iter()
        .map(|n| n.event)
        .collect();
    assert_eq!(
        phases,
        vec![
            ChangeEvent::Reload {
                phase: ReloadPhase::Start,
                flush: false
            },
            ChangeEvent::Reload {
                phase: ReloadPhase::Failed,
                flush: false
            }
        ]
    );
}

#[test]
fn golden_two_ring_example_loads() {
    let mut db = ObjDb::new();
    let paths = ParserPaths {
        main_config: Some(common::data_path("two-rings.conf")),
        ..ParserPaths::in_dir(&temp_dir("golden"))
    };
    CorosyncParser::new(paths).read_config(&mut db).unwrap();
    assert_eq!(
        objctl_dump(&db),
        String::from_utf8(common::data("two-rings.objctl")).unwrap()
    );
}
