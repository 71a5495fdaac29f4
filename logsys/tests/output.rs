//! Golden output of the logging system: the lines the original writes for
//! the same configuration, byte for byte.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

use logsys::format::format_timestamp;
use logsys::{
    CaptureOutput, DebugMode, Facility, Level, LogFormat, LoggingConfig, Logsys, LogsysOptions,
    Record, RecordKind, Site, Subsys, log_printf_to,
};

fn capture() -> (Logsys, CaptureOutput) {
    capture_with_limit(logsys::DEFAULT_QUEUE_LIMIT_BYTES)
}

fn capture_with_limit(limit: usize) -> (Logsys, CaptureOutput) {
    let out = CaptureOutput::new();
    let logsys = Logsys::new(LogsysOptions {
        system_name: "corosync".into(),
        queue_limit_bytes: limit,
        output: Box::new(out.clone()),
        flight_recorder_bytes: Some(0),
    });
    (logsys, out)
}

fn temp_path(tag: &str) -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("logsys-test-{}-{tag}-{n}", std::process::id()))
}

fn record(subsys: Subsys, level: Level, time: SystemTime, message: &str) -> Record {
    Record {
        site: Site {
            subsys,
            level,
            kind: RecordKind::Log,
            file: "exec/totemsrp.rs",
            function: "memb_state_operational_enter",
            line: 1880,
        },
        time,
        message: message.to_string(),
    }
}

#[test]
fn default_config_prints_info_and_above_to_stderr() {
    let (logsys, out) = capture();
    log_printf_to!(
        &logsys,
        Subsys::MAIN,
        Level::Notice,
        "Corosync Cluster Engine ('{}'): started and ready to provide service.",
        "1.4.10"
    );
    log_printf_to!(
        &logsys,
        Subsys::MAIN,
        Level::Info,
        "Corosync built-in features:"
    );
    log_printf_to!(&logsys, Subsys::TOTEM, Level::Debug, "hidden");
    log_printf_to!(
        &logsys,
        Subsys::SERV,
        Level::Notice,
        "Service engine loaded: {}\n",
        "corosync profile loading service"
    );
    logsys.flush();
    assert_eq!(
        out.stderr(),
        "corosync [MAIN  ] Corosync Cluster Engine ('1.4.10'): started and ready to provide service.\n\
         corosync [MAIN  ] Corosync built-in features:\n\
         corosync [SERV  ] Service engine loaded: corosync profile loading service\n"
    );
    assert!(out.syslog_lines().is_empty());
}

#[test]
fn filtered_level_is_not_even_formatted() {
    struct Bomb;
    impl std::fmt::Display for Bomb {
        fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            panic!("formatted a filtered message")
        }
    }
    // without a flight recorder (which keeps every message, as the
    // original's does)
    let logsys = Logsys::new(LogsysOptions {
        output: Box::new(CaptureOutput::new()),
        flight_recorder_bytes: None,
        ..LogsysOptions::default()
    });
    assert!(!logsys.enabled(Subsys::TOTEM, Level::Debug));
    log_printf_to!(&logsys, Subsys::TOTEM, Level::Debug, "{}", Bomb);
}

#[test]
fn timestamp_line_matches_original_layout() {
    let (logsys, out) = capture();
    let config = LoggingConfig {
        format: LogFormat::from_switches(true, false, false).into_string(),
        ..LoggingConfig::default()
    };
    logsys.apply_config(&config).unwrap();
    let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_000_000);
    logsys.log_record(record(
        Subsys::TOTEM,
        Level::Notice,
        t,
        "A processor joined or left the membership and a new membership was formed.",
    ));
    logsys.flush();
    let stamp = format_timestamp(t);
    assert_eq!(
        out.stderr(),
        format!(
            "{stamp} corosync [TOTEM ] A processor joined or left the membership and a new membership was formed.\n"
        )
    );
    // "Nov 22 03:58:11": month, two-digit day, time.
    let b = stamp.as_bytes();
    assert_eq!(b.len(), 15);
    assert!(b[..3].iter().all(u8::is_ascii_alphabetic));
    assert_eq!((b[3], b[6], b[9], b[12]), (b' ', b' ', b':', b':'));
}

#[test]
fn fileline_and_function_name_use_the_call_site() {
    let (logsys, out) = capture();
    let config = LoggingConfig {
        format: LogFormat::from_switches(false, true, true).into_string(),
        ..LoggingConfig::default()
    };
    logsys.apply_config(&config).unwrap();
    let line = line!() + 1;
    log_printf_to!(
        &logsys,
        Subsys::MAIN,
        Level::Notice,
        "Successfully read main configuration file '{}'.",
        "/etc/corosync/corosync.conf"
    );
    logsys.flush();
    assert_eq!(
        out.stderr(),
        format!(
            "corosync [MAIN  ] output.rs:fileline_and_function_name_use_the_call_site:{line} Successfully read main configuration file '/etc/corosync/corosync.conf'.\n"
        )
    );
}

#[test]
fn function_name_alone_follows_the_subsystem() {
    let (logsys, out) = capture();
    let config = LoggingConfig {
        format: LogFormat::from_switches(false, false, true).into_string(),
        ..LoggingConfig::default()
    };
    logsys.apply_config(&config).unwrap();
    logsys.log_record(record(Subsys::TOTEM, Level::Notice, SystemTime::now(), "m"));
    logsys.flush();
    assert_eq!(
        out.stderr(),
        "corosync [TOTEM ] memb_state_operational_enter m\n"
    );
}

#[test]
fn system_logger_prints_as_corosy() {
    let (logsys, out) = capture();
    log_printf_to!(
        &logsys,
        Subsys::SYSTEM,
        Level::Warning,
        "Warning: the to_file config paramater has been obsoleted. See corosync.conf man page to_logfile directive."
    );
    logsys.flush();
    assert_eq!(
        out.stderr(),
        "corosync [corosy] Warning: the to_file config paramater has been obsoleted. See corosync.conf man page to_logfile directive.\n"
    );
}

#[test]
fn syslog_gets_level_ored_with_facility_and_no_program_name() {
    let (logsys, out) = capture();
    let mut config = LoggingConfig {
        format: LogFormat::from_switches(true, false, false).into_string(),
        ..LoggingConfig::default()
    };
    config.system.to_syslog = true;
    config.system.to_stderr = false;
    config.system.syslog_facility = Facility::LOCAL3;
    config.system.syslog_priority = Level::Notice;
    logsys.apply_config(&config).unwrap();
    log_printf_to!(&logsys, Subsys::CPG, Level::Error, "e");
    log_printf_to!(
        &logsys,
        Subsys::CPG,
        Level::Info,
        "filtered by syslog_priority"
    );
    logsys.flush();
    let lines = out.syslog_lines();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].priority, libc::LOG_ERR | libc::LOG_LOCAL3);
    assert_eq!(lines[0].message, b"  [CPG   ] e");
    assert_eq!(out.stderr(), "");
    // The syslog identity is reopened with the new facility.
    assert_eq!(
        out.syslog_opens(),
        vec![
            ("corosync".to_string(), Facility::DAEMON),
            ("corosync".to_string(), Facility::LOCAL3)
        ]
    );
}

#[test]
fn logfile_priority_filters_file_and_stderr() {
    let (logsys, out) = capture();
    let path = temp_path("prio.log");
    let mut config = LoggingConfig::default();
    config.system.to_logfile = true;
    config.system.logfile = Some(path.clone());
    config.system.logfile_priority = Level::Notice;
    logsys.apply_config(&config).unwrap();
    log_printf_to!(
        &logsys,
        Subsys::MAIN,
        Level::Info,
        "Corosync built-in features:"
    );
    log_printf_to!(
        &logsys,
        Subsys::TOTEM,
        Level::Notice,
        "Initializing transport (UDP/IP Multicast)."
    );
    logsys.flush();
    let expected = "corosync [TOTEM ] Initializing transport (UDP/IP Multicast).\n";
    assert_eq!(out.stderr(), expected);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn logfile_is_appended_not_truncated() {
    let path = temp_path("append.log");
    std::fs::write(&path, "old line\n").unwrap();
    let (logsys, _out) = capture();
    let mut config = LoggingConfig::default();
    config.system.to_logfile = true;
    config.system.logfile = Some(path.clone());
    logsys.apply_config(&config).unwrap();
    log_printf_to!(&logsys, Subsys::MAIN, Level::Notice, "new");
    logsys.flush();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "old line\ncorosync [MAIN  ] new\n"
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn unopenable_logfile_is_an_error_with_the_original_text() {
    let (logsys, _out) = capture();
    let mut config = LoggingConfig::default();
    config.system.logfile = Some("/nonexistent-dir/x.log".into());
    let err = logsys.apply_config(&config).unwrap_err();
    assert_eq!(
        err.message(),
        "Can't open logfile '/nonexistent-dir/x.log' for reason: No such file or directory (2)."
    );
    // Nothing changed.
    assert_eq!(logsys.config(), LoggingConfig::default());
}

#[test]
fn subsystem_debug_override_applies_to_that_subsystem_only() {
    let (logsys, out) = capture();
    let mut config = LoggingConfig::default();
    config.subsys_entry("CPG").debug = DebugMode::On;
    logsys.apply_config(&config).unwrap();
    log_printf_to!(
        &logsys,
        Subsys::CPG,
        Level::Debug,
        "comparing: sender r(0) ip(127.0.0.1) ; members(old:0 left:0)"
    );
    log_printf_to!(&logsys, Subsys::TOTEM, Level::Debug, "hidden");
    logsys.flush();
    assert_eq!(
        out.stderr(),
        "corosync [CPG   ] comparing: sender r(0) ip(127.0.0.1) ; members(old:0 left:0)\n"
    );
}

#[test]
fn debug_bypasses_priority_filters() {
    let (logsys, out) = capture();
    let mut config = LoggingConfig::default();
    config.system.logfile_priority = Level::Error;
    config.system.debug = DebugMode::On;
    logsys.apply_config(&config).unwrap();
    log_printf_to!(&logsys, Subsys::MAIN, Level::Info, "i");
    log_printf_to!(&logsys, Subsys::MAIN, Level::Debug, "d");
    logsys.flush();
    assert_eq!(out.stderr(), "corosync [MAIN  ] i\ncorosync [MAIN  ] d\n");
}

#[test]
fn trace_one_needs_debug_trace() {
    let (logsys, out) = capture();
    let mut config = LoggingConfig::default();
    config.system.debug = DebugMode::On;
    logsys.apply_config(&config).unwrap();
    let mut trace = record(Subsys::SYNC, Level::Debug, SystemTime::now(), "t1");
    trace.site.kind = RecordKind::Trace(1);
    logsys.log_record(trace.clone());
    logsys.flush();
    assert_eq!(out.stderr(), "");
    config.system.debug = DebugMode::Trace;
    logsys.apply_config(&config).unwrap();
    logsys.log_record(trace.clone());
    let mut trace2 = trace.clone();
    trace2.site.kind = RecordKind::Trace(2);
    logsys.log_record(trace2);
    logsys.flush();
    assert_eq!(out.stderr(), "corosync [SYNC  ] t1\n");
}

#[test]
fn background_mode_stops_stderr() {
    let (logsys, out) = capture();
    logsys.set_foreground(false);
    log_printf_to!(&logsys, Subsys::MAIN, Level::Error, "gone");
    logsys.flush();
    logsys.set_foreground(true);
    log_printf_to!(&logsys, Subsys::MAIN, Level::Error, "seen");
    logsys.flush();
    assert_eq!(out.stderr(), "corosync [MAIN  ] seen\n");
}

#[test]
fn full_queue_drops_and_reports_the_count() {
    let (logsys, out) = capture_with_limit(1000);
    for i in 0..100 {
        log_printf_to!(&logsys, Subsys::MAIN, Level::Notice, "message {i}");
    }
    let kept = out.stderr();
    assert_eq!(kept, "", "nothing written before flush without a writer");
    logsys.flush();
    let text = out.stderr();
    let lines: Vec<&str> = text.lines().collect();
    let dropped = logsys.dropped_total();
    assert!(dropped > 0);
    assert_eq!(
        lines[0],
        format!("corosync [MAIN  ] {dropped} messages lost")
    );
    assert_eq!(lines[1], "corosync [MAIN  ] message 0");
    assert_eq!(lines.len() as u64, 1 + 100 - dropped);
}

#[test]
fn writer_thread_writes_in_the_background() {
    let (logsys, out) = capture();
    logsys.start_writer().unwrap();
    logsys.start_writer().unwrap();
    assert!(logsys.writer_running());
    for i in 0..50 {
        log_printf_to!(&logsys, Subsys::TOTEM, Level::Notice, "n{i}");
    }
    logsys.flush();
    assert_eq!(out.stderr().lines().count(), 50);
    logsys.shutdown();
    assert!(!logsys.writer_running());
    log_printf_to!(&logsys, Subsys::TOTEM, Level::Notice, "after");
    logsys.flush();
    assert_eq!(out.stderr().lines().count(), 51);
}

#[test]
fn stderr_failure_reports_an_emergency_elsewhere_and_stops_stderr() {
    let (logsys, out) = capture();
    let mut config = LoggingConfig::default();
    config.system.to_syslog = true;
    logsys.apply_config(&config).unwrap();
    out.fail_stderr();
    log_printf_to!(&logsys, Subsys::IPC, Level::Notice, "first");
    log_printf_to!(&logsys, Subsys::IPC, Level::Notice, "second");
    logsys.flush();
    let messages: Vec<String> = out
        .syslog_lines()
        .into_iter()
        .map(|l| String::from_utf8(l.message).unwrap())
        .collect();
    assert_eq!(
        messages,
        vec![
            " [IPC   ] first",
            " [IPC   ] LOGSYS EMERGENCY: IPC Unable to write to STDERR.",
            " [IPC   ] second"
        ]
    );
}

#[test]
fn dynamic_subsystem_gets_its_configured_settings() {
    let (logsys, out) = capture();
    let mut config = LoggingConfig::default();
    config.subsys_entry("pcmk").debug = DebugMode::On;
    logsys.apply_config(&config).unwrap();
    let pcmk = logsys.subsys_lookup("pcmk").unwrap();
    assert_eq!(logsys.subsys_create("pcmk").unwrap(), pcmk);
    let other = logsys.subsys_create("WD").unwrap();
    log_printf_to!(&logsys, pcmk, Level::Debug, "d");
    log_printf_to!(&logsys, other, Level::Debug, "hidden");
    logsys.flush();
    assert_eq!(out.stderr(), "corosync [pcmk  ] d\n");
    assert_eq!(logsys.subsys_name(other).as_deref(), Some("WD"));
}

#[test]
fn subsystem_table_is_bounded() {
    let (logsys, _out) = capture();
    let mut made = 0;
    let err = loop {
        match logsys.subsys_create(&format!("S{made}")) {
            Ok(_) => made += 1,
            Err(e) => break e,
        }
    };
    assert_eq!(made, 64 - 23);
    assert_eq!(err.message(), "unable to create new logging subsystem");
    assert!(logsys.subsys_create(&"x".repeat(64)).is_err());
}

#[test]
fn two_loggers_share_one_logfile() {
    let (logsys, _out) = capture();
    let path = temp_path("shared.log");
    let mut config = LoggingConfig::default();
    config.system.to_logfile = true;
    config.system.logfile = Some(path.clone());
    config.subsys_entry("CPG").debug = DebugMode::On;
    logsys.apply_config(&config).unwrap();
    log_printf_to!(&logsys, Subsys::MAIN, Level::Notice, "a");
    log_printf_to!(&logsys, Subsys::CPG, Level::Debug, "b");
    logsys.flush();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "corosync [MAIN  ] a\ncorosync [CPG   ] b\n"
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn flight_recorder_keeps_what_the_filters_drop() {
    let (logsys, out) = capture();
    log_printf_to!(&logsys, Subsys::TOTEM, Level::Notice, "printed {}", 1);
    log_printf_to!(&logsys, Subsys::TOTEM, Level::Debug, "only recorded {}", 2);
    logsys.flush();
    assert_eq!(out.stderr(), "corosync [TOTEM ] printed 1\n");
    let mut dump = Vec::new();
    logsys.flight_recorder().unwrap().store(&mut dump).unwrap();
    let (records, err) = logsys::flight::Dump::parse(&dump).unwrap().replay();
    assert_eq!(err, None);
    let texts: Vec<_> = records
        .iter()
        .map(|r| {
            (
                r.arg_str(0).unwrap().to_vec(),
                r.arg_str(3).unwrap().to_vec(),
                logsys::flight::decode_level(r.ident),
            )
        })
        .collect();
    assert_eq!(
        texts,
        vec![
            (b"TOTEM".to_vec(), b"printed 1".to_vec(), 5),
            (b"TOTEM".to_vec(), b"only recorded 2".to_vec(), 7),
        ]
    );
    assert_eq!(records[1].arg_str(1), Some(&b"output.rs"[..]));
}

#[test]
fn without_a_recorder_filtered_messages_cost_nothing() {
    let out = CaptureOutput::new();
    let logsys = Logsys::new(LogsysOptions {
        output: Box::new(out.clone()),
        flight_recorder_bytes: None,
        ..LogsysOptions::default()
    });
    assert!(!logsys.recording());
    assert!(logsys.flight_recorder().is_none());
    log_printf_to!(&logsys, Subsys::TOTEM, Level::Debug, "dropped");
    logsys.flush();
    assert_eq!(out.stderr(), "");
}
