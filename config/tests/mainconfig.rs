//! `logging {}`, `uidgid {}`, `aisexec {}`, `compatibility` and the service
//! list, with the original's error texts.

mod common;

use std::path::PathBuf;

use common::temp_dir;
use coroconfig::{
    AuthkeyPaths, ConfigErrorKind, DEFAULT_SERVICES, NumericResolver, SyncMode, TotemEnv, UidGid,
    UserDb, apply_logging_config, parse_bytes, parse_str, read_aisexec, read_compatibility,
    read_logging_config, read_main_config, read_services, read_totem_config, read_uidgid,
    uidgid_allows,
};
use logsys::{
    CaptureOutput, DebugMode, Facility, Level, LoggingConfig, Logsys, LogsysOptions, Subsys,
    log_printf_to,
};
use totem::config::RrpMode;

fn logging(text: &str) -> LoggingConfig {
    let db = parse_str(&format!("logging {{\n{text}}}\n"), "corosync.conf").unwrap();
    read_logging_config(&db).unwrap().config
}

fn logging_error(text: &str) -> String {
    let db = parse_str(&format!("logging {{\n{text}}}\n"), "corosync.conf").unwrap();
    read_logging_config(&db).unwrap_err().to_string()
}

#[test]
fn no_logging_section_gives_the_defaults() {
    let db = parse_str("totem {\n}\n", "c").unwrap();
    let read = read_logging_config(&db).unwrap();
    assert_eq!(read.config, LoggingConfig::default());
    assert!(read.warnings.is_empty());
}

#[test]
fn format_switches() {
    assert_eq!(logging("\ttimestamp: on\n").format, "%t %p [%6s] %b");
    assert_eq!(
        logging("\tfileline: on\n\tfunction_name: on\n").format,
        "%p [%6s] %f:%n:%l %b"
    );
    assert_eq!(
        logging("\ttimestamp: off\n\tfileline: off\n").format,
        "%p [%6s] %b"
    );
}

#[test]
fn top_level_settings_apply_to_every_logger() {
    let c = logging(
        "\tto_syslog: yes\n\tto_stderr: no\n\tto_logfile: on\n\tlogfile: /var/log/cluster/corosync.log\n\tsyslog_facility: LOCAL5\n\tsyslog_priority: warning\n\tlogfile_priority: err\n\tdebug: on\n",
    );
    let s = &c.system;
    assert!(s.to_syslog && !s.to_stderr && s.to_logfile);
    assert_eq!(
        s.logfile,
        Some(PathBuf::from("/var/log/cluster/corosync.log"))
    );
    assert_eq!(s.syslog_facility, Facility::LOCAL5);
    assert_eq!(s.syslog_priority, Level::Warning);
    assert_eq!(s.logfile_priority, Level::Error);
    assert_eq!(s.debug, DebugMode::On);
    assert_eq!(c.settings_for("TOTEM"), s);
}

#[test]
fn logger_subsys_overrides_one_subsystem() {
    let c = logging(
        "\tto_syslog: yes\n\tlogger_subsys {\n\t\tsubsys: CPG\n\t\tdebug: trace\n\t\tto_syslog: no\n\t}\n",
    );
    assert!(c.system.to_syslog);
    let cpg = c.settings_for("CPG");
    assert_eq!(cpg.debug, DebugMode::Trace);
    assert!(!cpg.to_syslog);
    assert!(cpg.to_stderr);
}

#[test]
fn logging_daemon_for_corosync_applies_like_logger_subsys() {
    let c = logging(
        "\tlogging_daemon {\n\t\tname: corosync\n\t\tsubsys: QUORUM\n\t\tdebug: on\n\t}\n\tlogging_daemon {\n\t\tname: qdiskd\n\t\tdebug: on\n\t}\n",
    );
    assert_eq!(c.settings_for("QUORUM").debug, DebugMode::On);
    assert_eq!(c.system.debug, DebugMode::Off);
    let c = logging(
        "\tlogger_subsys {\n\t\tsubsys: CPG\n\t\tto_syslog: yes\n\t}\n\tlogging_daemon {\n\t\tname: corosync\n\t\tto_stderr: no\n\t}\n",
    );
    // Without a subsystem it sets every logger's outputs to the system's:
    // CPG loses its own syslog switch, as in the original.
    assert!(!c.settings_for("CPG").to_stderr);
    assert!(!c.settings_for("CPG").to_syslog);
}

#[test]
fn obsolete_keys_still_work_with_a_warning() {
    let db = parse_str(
        "logging {\n\tto_file: yes\n\tsyslog_level: debug\n}\n",
        "corosync.conf",
    )
    .unwrap();
    let read = read_logging_config(&db).unwrap();
    assert!(read.config.system.to_logfile);
    assert_eq!(read.config.system.syslog_priority, Level::Debug);
    let texts: Vec<String> = read.warnings.iter().map(|w| w.message.clone()).collect();
    assert_eq!(
        texts,
        vec![
            "Warning: the to_file config paramater has been obsoleted. See corosync.conf man page to_logfile directive.",
            "Warning: the syslog_level config paramater has been obsoleted. See corosync.conf man page syslog_priority directive."
        ]
    );
    assert_eq!(read.warnings[0].subsys, Subsys::SYSTEM);
    assert_eq!(read.warnings[0].level, Level::Warning);
    assert_eq!(read.warnings[1].origin.as_ref().unwrap().line, 3);
}

#[test]
fn logging_errors_have_the_original_texts_and_lines() {
    let cases = [
        (
            "\tto_stderr: maybe\n",
            "parse error in config: unknown value for to_stderr. at corosync.conf:2",
        ),
        (
            "\tto_logfile: 1\n",
            "parse error in config: unknown value for to_logfile. at corosync.conf:2",
        ),
        (
            "\tto_syslog: true\n",
            "parse error in config: unknown value for to_syslog. at corosync.conf:2",
        ),
        (
            "\tdebug: maybe\n",
            "parse error in config: unknown value for debug. at corosync.conf:2",
        ),
        (
            "\ttimestamp: yes\n",
            "parse error in config: unknown value for timestamp. at corosync.conf:2",
        ),
        (
            "\tfileline: maybe\n",
            "parse error in config: unknown value for fileline. at corosync.conf:2",
        ),
        (
            "\tfunction_name: x\n",
            "parse error in config: unknown value for function_name. at corosync.conf:2",
        ),
        (
            "\tsyslog_facility: foo\n",
            "parse error in config: unknown syslog facility specified. at corosync.conf:2",
        ),
        (
            "\tsyslog_priority: foo\n",
            "parse error in config: unknown syslog priority specified. at corosync.conf:2",
        ),
        (
            "\tsyslog_level: foo\n",
            "parse error in config: unknown syslog level specified. at corosync.conf:2",
        ),
        (
            "\tlogfile_priority: foo\n",
            "parse error in config: unknown logfile priority specified. at corosync.conf:2",
        ),
        (
            "\n\tlogger_subsys {\n\t\tdebug: on\n\t}\n",
            "parse error in config: subsys required for logger directive. at corosync.conf:3",
        ),
        (
            "\tlogging_daemon {\n\t\tsubsys: X\n\t}\n",
            "parse error in config: name required for logging_daemon directive. at corosync.conf:2",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(logging_error(text), expected, "{text}");
    }
}

#[test]
fn format_errors_come_before_setting_errors() {
    assert_eq!(
        logging_error("\tto_stderr: maybe\n\ttimestamp: maybe\n"),
        "parse error in config: unknown value for timestamp. at corosync.conf:3"
    );
}

#[test]
fn applied_logging_writes_the_configured_lines() {
    let db = parse_str(
        "logging {\n\tfileline: on\n\tlogger_subsys {\n\t\tsubsys: CPG\n\t\tdebug: on\n\t}\n}\n",
        "c",
    )
    .unwrap();
    let out = CaptureOutput::new();
    let logsys = Logsys::new(LogsysOptions {
        output: Box::new(out.clone()),
        ..LogsysOptions::default()
    });
    apply_logging_config(&db, &logsys).unwrap();
    let line = line!() + 1;
    log_printf_to!(&logsys, Subsys::CPG, Level::Debug, "downlist");
    log_printf_to!(&logsys, Subsys::TOTEM, Level::Debug, "hidden");
    logsys.flush();
    assert_eq!(
        out.stderr(),
        format!("corosync [CPG   ] mainconfig.rs:{line} downlist\n")
    );
}

#[test]
fn unopenable_logfile_fails_with_the_original_text() {
    let db = parse_str(
        "logging {\n\tlogfile: /nonexistent-dir/corosync.log\n}\n",
        "c.conf",
    )
    .unwrap();
    let logsys = Logsys::new(LogsysOptions {
        output: Box::new(CaptureOutput::new()),
        ..LogsysOptions::default()
    });
    let err = apply_logging_config(&db, &logsys).unwrap_err();
    assert_eq!(err.kind(), ConfigErrorKind::Logging);
    assert_eq!(
        err.to_string(),
        "parse error in config: Can't open logfile '/nonexistent-dir/corosync.log' for reason: No such file or directory (2). at c.conf:2"
    );
}

// ----- uidgid -----------------------------------------------------------------

struct Users;

impl UserDb for Users {
    fn uid_by_name(&self, name: &[u8]) -> Result<Option<u32>, String> {
        Ok(match name {
            b"hacluster" => Some(189),
            b"broken" => return Err("Input/output error".into()),
            _ => None,
        })
    }

    fn gid_by_name(&self, name: &[u8]) -> Result<Option<u32>, String> {
        Ok((name == b"haclient").then_some(189))
    }
}

fn uidgid(text: &str) -> Result<Vec<UidGid>, coroconfig::ConfigError> {
    read_uidgid(&parse_str(text, "c").unwrap(), &Users)
}

#[test]
fn uidgid_names_and_numbers() {
    let list = uidgid("uidgid {\n\tuid: hacluster\n\tgid: haclient\n}\nuidgid {\n\tuid: 1001\n}\nuidgid {\n\tgid: 17\n}\n").unwrap();
    assert_eq!(
        list,
        vec![
            UidGid {
                uid: Some(189),
                gid: Some(189)
            },
            UidGid {
                uid: Some(1001),
                gid: None
            },
            UidGid {
                uid: None,
                gid: Some(17)
            },
        ]
    );
    assert!(uidgid_allows(&list, 189, 500));
    assert!(uidgid_allows(&list, 500, 17));
    assert!(uidgid_allows(&list, 0, 500));
    assert!(!uidgid_allows(&list, 500, 500));
}

#[test]
fn uidgid_numeric_edge_cases() {
    // An empty value is the number 0, as strtol makes it; 4294967295 is -1,
    // "not given", so an entry with only that is dropped.
    assert_eq!(
        uidgid("uidgid {\n\tuid:\n}\n").unwrap(),
        vec![UidGid {
            uid: Some(0),
            gid: None
        }]
    );
    assert_eq!(uidgid("uidgid {\n\tuid: 4294967295\n}\n").unwrap(), vec![]);
    assert_eq!(uidgid("uidgid {\n}\n").unwrap(), vec![]);
}

#[test]
fn unknown_user_and_group_exit_like_the_original() {
    let err = uidgid("uidgid {\n\tuid: nosuchuser\n}\n").unwrap_err();
    assert_eq!(err.kind(), ConfigErrorKind::Uid);
    assert_eq!(err.exit_code(), 1);
    assert_eq!(
        err.to_string(),
        "The 'nosuchuser' user is not found in /etc/passwd, please read the documentation. at c:2"
    );
    let err = uidgid("uidgid {\n\tgid: nosuchgroup\n}\n").unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert_eq!(
        err.message(),
        "The 'nosuchgroup' group is not found in /etc/group, please read the documentation."
    );
    let err = uidgid("uidgid {\n\tuid: broken\n}\n").unwrap_err();
    assert_eq!(err.message(), "getpwnam_r(): Input/output error");
}

#[test]
fn system_user_database_knows_root() {
    let list = read_uidgid(
        &parse_str("uidgid {\n\tuid: root\n\tgid: root\n}\n", "c").unwrap(),
        &coroconfig::SystemUserDb,
    )
    .unwrap();
    assert_eq!(
        list,
        vec![UidGid {
            uid: Some(0),
            gid: Some(0)
        }]
    );
}

// ----- aisexec, compatibility, services -----------------------------------

#[test]
fn aisexec_section() {
    let db = parse_str("aisexec {\n\tuser: root\n\tgroup: root\n}\n", "c").unwrap();
    let a = read_aisexec(&db);
    assert_eq!(
        (a.user.as_deref(), a.group.as_deref(), a.default_services),
        (Some("root"), Some("root"), true)
    );
    assert!(read_aisexec(&parse_str("", "c").unwrap()).default_services);
}

#[test]
fn compatibility_values() {
    let read = |t: &str| read_compatibility(&parse_str(t, "c").unwrap());
    assert_eq!(read("").unwrap(), SyncMode::V1);
    assert_eq!(read("compatibility: whitetank\n").unwrap(), SyncMode::V1);
    assert_eq!(read("compatibility: none\n").unwrap(), SyncMode::V2);
    let err = read("\ncompatibility: openais\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Invalid compatibility option 'openais' specified, must be none or whitetank. at c:2"
    );
}

#[test]
fn configured_services_come_before_the_defaults() {
    let db = parse_str(
        "service {\n\tname: pacemaker\n\tver: 1\n}\nservice {\n\tname: openais_ckpt\n}\n",
        "c",
    )
    .unwrap();
    let services = read_services(&db).unwrap();
    let names: Vec<(&str, u32)> = services.iter().map(|s| (s.name.as_str(), s.ver)).collect();
    let mut expected = vec![("pacemaker", 1), ("openais_ckpt", 0)];
    expected.extend(DEFAULT_SERVICES);
    assert_eq!(names, expected);
    assert_eq!(
        DEFAULT_SERVICES.map(|(n, _)| n),
        [
            "corosync_evs",
            "corosync_cfg",
            "corosync_cpg",
            "corosync_confdb",
            "corosync_pload",
            "corosync_quorum"
        ]
    );
}

#[test]
fn default_services_can_be_switched_off() {
    let db = parse_str(
        "aisexec {\n\tdefaultservices: no\n}\nservice {\n\tname: corosync_cpg\n}\n",
        "c",
    )
    .unwrap();
    let services = read_services(&db).unwrap();
    assert_eq!(services.len(), 1);
    assert_eq!(services[0].name, "corosync_cpg");
}

#[test]
fn service_without_name_is_an_error() {
    let err = read_services(&parse_str("\nservice {\n\tver: 0\n}\n", "c").unwrap()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Service section defined in config file without name key at c:2"
    );
}

#[test]
fn main_config_reads_logging_uidgid_and_aisexec() {
    let db = parse_str(
        "logging {\n\tdebug: on\n}\nuidgid {\n\tuid: 5\n}\naisexec {\n\tuser: root\n}\n",
        "c",
    )
    .unwrap();
    let main = read_main_config(&db, &Users).unwrap();
    assert_eq!(main.logging.system.debug, DebugMode::On);
    assert_eq!(
        main.uidgid,
        vec![UidGid {
            uid: Some(5),
            gid: None
        }]
    );
    assert_eq!(main.aisexec.user.as_deref(), Some("root"));
}

// ----- the golden two-ring file -----------------------------------------------

#[test]
fn two_ring_example_reads_like_the_original() {
    let db = parse_bytes(&common::data("two-rings.conf"), "two-rings.conf").unwrap();
    let env = TotemEnv {
        authkey: AuthkeyPaths {
            env_file: None,
            default_file: temp_dir("nokey").join("authkey"),
        },
        resolver: &NumericResolver,
    };
    let c = read_totem_config(&db, &env).unwrap().config;
    // The original logs: Token Timeout (3000 ms) retransmit timeout (294 ms),
    // token hold (225 ms) retransmits before loss (10 retrans), join (60 ms)
    // consensus (3600 ms) merge (200 ms), RRP token expired timeout (294 ms),
    // RRP mode set to passive.
    assert_eq!(
        (
            c.token_timeout,
            c.token_retransmit_timeout,
            c.token_hold_timeout,
            c.token_retransmits_before_loss_const,
            c.join_timeout,
            c.consensus_timeout,
            c.merge_timeout,
            c.rrp_token_expired_timeout,
            c.rrp_mode
        ),
        (3000, 294, 225, 10, 60, 3600, 200, 294, RrpMode::Passive)
    );
    assert_eq!(c.interfaces.len(), 2);
    assert_eq!(read_compatibility(&db).unwrap(), SyncMode::V2);
    let logging = read_logging_config(&db).unwrap().config;
    assert_eq!(logging.format, "%t %p [%6s] %b");
    assert_eq!(logging.system.syslog_facility, Facility::LOCAL4);
    assert_eq!(logging.settings_for("CPG").debug, DebugMode::On);
    let main = read_main_config(&db, &Users).unwrap();
    assert_eq!(
        main.uidgid,
        vec![UidGid {
            uid: Some(0),
            gid: Some(0)
        }]
    );
}

#[test]
fn authkey_paths_default_to_etc_corosync() {
    assert_eq!(
        AuthkeyPaths::standard().default_file,
        PathBuf::from("/etc/corosync/authkey")
    );
}

#[test]
fn syslog_lines_match_what_the_original_sent() {
    // Captured from the original on /dev/log with this configuration:
    // <157>... corosync[pid]:   [MAIN  ] Successfully read main configuration file '...'.
    // <158>... corosync[pid]:   [MAIN  ] Corosync built-in features:
    // <175>... corosync[pid]:   [CPG   ] comparing: sender r(0) ip(127.0.0.1) ; members(old:0 left:0)
    let db = parse_str(
        "logging {\n\tto_syslog: yes\n\tto_stderr: no\n\ttimestamp: on\n\tsyslog_facility: local3\n\tlogger_subsys {\n\t\tsubsys: CPG\n\t\tsyslog_facility: local5\n\t\tdebug: on\n\t}\n}\n",
        "sys.conf",
    )
    .unwrap();
    let out = CaptureOutput::new();
    let logsys = Logsys::new(LogsysOptions {
        output: Box::new(out.clone()),
        ..LogsysOptions::default()
    });
    apply_logging_config(&db, &logsys).unwrap();
    log_printf_to!(
        &logsys,
        Subsys::MAIN,
        Level::Notice,
        "Successfully read main configuration file '{}'.",
        "/tmp/cfgeng/sys.conf"
    );
    log_printf_to!(
        &logsys,
        Subsys::MAIN,
        Level::Info,
        "Corosync built-in features:"
    );
    log_printf_to!(
        &logsys,
        Subsys::MAIN,
        Level::Debug,
        "not sent: debug is off for MAIN"
    );
    log_printf_to!(
        &logsys,
        Subsys::CPG,
        Level::Debug,
        "comparing: sender r(0) ip(127.0.0.1) ; members(old:0 left:0)"
    );
    logsys.flush();
    let lines: Vec<(i32, String)> = out
        .syslog_lines()
        .into_iter()
        .map(|l| (l.priority, String::from_utf8(l.message).unwrap()))
        .collect();
    assert_eq!(
        lines,
        vec![
            (
                157,
                "  [MAIN  ] Successfully read main configuration file '/tmp/cfgeng/sys.conf'."
                    .to_string()
            ),
            (158, "  [MAIN  ] Corosync built-in features:".to_string()),
            (
                175,
                "  [CPG   ] comparing: sender r(0) ip(127.0.0.1) ; members(old:0 left:0)"
                    .to_string()
            ),
        ]
    );
    assert_eq!(out.stderr(), "");
    assert_eq!(out.syslog_opens().last().unwrap().1, Facility::LOCAL3);
}

/// Structured random configurations: every reader must answer (Ok or Err)
/// on whatever the parser can produce, never panic.
#[test]
fn readers_never_panic_on_odd_values() {
    const KEYS: [&str; 16] = [
        "token",
        "hold",
        "consensus",
        "join",
        "netmtu",
        "threads",
        "rrp_mode",
        "version",
        "secauth",
        "transport",
        "max_messages",
        "nodeid",
        "key",
        "mcastport",
        "ttl",
        "ringnumber",
    ];
    const VALUES: [&str; 12] = [
        "0",
        "-1",
        "2",
        "30",
        "4294967295",
        "99999999999999999999",
        "",
        "on",
        "off",
        "udpu",
        "passive",
        "x\u{7f}",
    ];
    const LOGKEYS: [&str; 8] = [
        "debug",
        "to_syslog",
        "syslog_facility",
        "logfile_priority",
        "timestamp",
        "subsys",
        "name",
        "fileline",
    ];
    let mut state: u64 = 0x1234_5678_9ABC_DEF1;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let env = TotemEnv {
        authkey: AuthkeyPaths {
            env_file: None,
            default_file: PathBuf::from("/nonexistent/authkey"),
        },
        resolver: &NumericResolver,
    };
    for _ in 0..2000 {
        let mut text = String::from("totem {\n");
        for _ in 0..next(6) {
            text.push_str(&format!(
                "{}: {}\n",
                KEYS[next(KEYS.len())],
                VALUES[next(VALUES.len())]
            ));
        }
        for _ in 0..next(3) {
            text.push_str("interface {\n");
            for _ in 0..next(5) {
                let key = [
                    "ringnumber",
                    "bindnetaddr",
                    "mcastaddr",
                    "mcastport",
                    "ttl",
                    "broadcast",
                ][next(6)];
                let value = [
                    "0",
                    "1",
                    "127.0.0.1",
                    "239.1.1.1",
                    "::1",
                    "ff05::1",
                    "yes",
                    "70000",
                ][next(8)];
                text.push_str(&format!("{key}: {value}\n"));
            }
            text.push_str("}\n");
        }
        text.push_str("}\nlogging {\n");
        for _ in 0..next(4) {
            text.push_str(&format!(
                "{}: {}\n",
                LOGKEYS[next(LOGKEYS.len())],
                ["on", "trace", "local9", "err", "CPG", "corosync"][next(6)]
            ));
        }
        if next(2) == 0 {
            text.push_str("logger_subsys {\nsubsys: CPG\ndebug: on\n}\n");
        }
        text.push_str("}\nuidgid {\nuid: 7\n}\nservice {\nname: x\nver: -3\n}\n");
        let db = parse_str(&text, "gen").unwrap();
        let _ = read_totem_config(&db, &env);
        let _ = read_logging_config(&db);
        let _ = read_main_config(&db, &Users);
        let _ = read_compatibility(&db);
        let _ = read_services(&db);
    }
}

#[test]
fn documented_but_unread_keys_are_ignored() {
    // corosync.conf(5) documents `tags`, but 1.4.10 never reads it.
    assert_eq!(
        logging("\ttags: enter|leave|trace1\n"),
        LoggingConfig::default()
    );
}
