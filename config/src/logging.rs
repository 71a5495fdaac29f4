//! `logging {}` to a [`LoggingConfig`], as mainconfig.c reads it: the format
//! switches at top level, the settings at top level for every logger, then
//! `logger_subsys` and `logging_daemon` sections for single subsystems.

use logsys::{
    DebugMode, Level, LogFormat, LoggerSettings, LoggingConfig, Logsys, Subsys, facility_id_get,
    priority_id_get,
};
use objdb::{ObjDb, ObjectHandle, Origin};

use crate::cstr::text;
use crate::error::{ConfigError, ConfigErrorKind, ConfigWarning};

/// The first top-level `logging {}` section (`logging_handle_find`).
pub fn find_logging_object(objdb: &ObjDb) -> Option<ObjectHandle> {
    objdb
        .object_find_first(ObjectHandle::ROOT, b"logging")
        .ok()
        .flatten()
}

/// The error the original reports for a bad `logging {}` value:
/// `parse error in config: <reason>.`
fn logging_error(reason: &str, origin: Option<&Origin>) -> ConfigError {
    let message = if reason.ends_with('.') {
        format!("parse error in config: {reason}")
    } else {
        format!("parse error in config: {reason}.")
    };
    ConfigError::new(ConfigErrorKind::Logging, message).at(origin)
}

struct Section<'a> {
    objdb: &'a ObjDb,
    handle: ObjectHandle,
}

impl Section<'_> {
    fn get(&self, key: &str) -> Option<&[u8]> {
        self.objdb.key_get_str(self.handle, key.as_bytes())
    }

    fn origin(&self, key: &str) -> Option<&Origin> {
        self.objdb
            .key_origin(self.handle, key.as_bytes())
            .or_else(|| self.objdb.object_origin(self.handle))
    }
}

fn on_off(section: &Section<'_>, key: &str) -> Result<Option<bool>, ConfigError> {
    match section.get(key) {
        None => Ok(None),
        Some(b"on") => Ok(Some(true)),
        Some(b"off") => Ok(Some(false)),
        Some(_) => Err(logging_error(
            &format!("unknown value for {key}"),
            section.origin(key),
        )),
    }
}

/// The top-level switches that edit the line format.
fn format_set(section: &Section<'_>) -> Result<String, ConfigError> {
    let mut format = LogFormat::default();
    if on_off(section, "fileline")? == Some(true) {
        format.add_fileline();
    }
    if on_off(section, "function_name")? == Some(true) {
        format.add_function_name();
    }
    if on_off(section, "timestamp")? == Some(true) {
        format.add_timestamp();
    }
    Ok(format.into_string())
}

/// Which loggers a section configures.
enum Target<'a> {
    /// Every logger (the top-level section, `logging_daemon` without
    /// `subsys`).
    All,
    One(&'a str),
}

#[derive(Clone, Copy)]
enum Destination {
    Logfile,
    Stderr,
    Syslog,
}

fn destination_flag(settings: &mut LoggerSettings, which: Destination) -> &mut bool {
    match which {
        Destination::Logfile => &mut settings.to_logfile,
        Destination::Stderr => &mut settings.to_stderr,
        Destination::Syslog => &mut settings.to_syslog,
    }
}

fn apply(config: &mut LoggingConfig, target: &Target<'_>, change: impl Fn(&mut LoggerSettings)) {
    match target {
        Target::All => config.for_all(change),
        Target::One(name) => change(config.subsys_entry(name)),
    }
}

/// A destination switch. Given for all loggers, the original sets every
/// logger's whole output mode to the system logger's mode with this switch
/// changed; for one logger only that switch changes.
fn set_destination(config: &mut LoggingConfig, target: &Target<'_>, which: Destination, on: bool) {
    match target {
        Target::All => {
            let mut mode = config.system.clone();
            *destination_flag(&mut mode, which) = on;
            config.for_all(|s| {
                s.to_logfile = mode.to_logfile;
                s.to_stderr = mode.to_stderr;
                s.to_syslog = mode.to_syslog;
            });
        }
        Target::One(name) => *destination_flag(config.subsys_entry(name), which) = on,
    }
}

fn obsolete_warning(key: &str, replacement: &str, origin: Option<&Origin>) -> ConfigWarning {
    ConfigWarning {
        subsys: Subsys::SYSTEM,
        level: Level::Warning,
        message: format!(
            "Warning: the {key} config paramater has been obsoleted. See corosync.conf man page {replacement} directive."
        ),
        origin: origin.cloned(),
    }
}

/// `corosync_main_config_set`: one section's settings, in the original's
/// order of keys.
fn config_set(
    config: &mut LoggingConfig,
    section: &Section<'_>,
    target: Target<'_>,
    warnings: &mut Vec<ConfigWarning>,
) -> Result<(), ConfigError> {
    let destinations = [
        ("to_logfile", Destination::Logfile, None),
        ("to_stderr", Destination::Stderr, None),
        ("to_syslog", Destination::Syslog, None),
        ("to_file", Destination::Logfile, Some("to_logfile")),
    ];
    for (key, which, replacement) in destinations {
        let Some(value) = section.get(key) else {
            continue;
        };
        if let Some(replacement) = replacement {
            warnings.push(obsolete_warning(key, replacement, section.origin(key)));
        }
        let on = match value {
            b"yes" | b"on" => true,
            b"no" | b"off" => false,
            _ => {
                return Err(logging_error(
                    &format!("unknown value for {key}"),
                    section.origin(key),
                ));
            }
        };
        set_destination(config, &target, which, on);
    }

    if let Some(value) = section.get("syslog_facility") {
        let facility = facility_id_get(&text(value)).ok_or_else(|| {
            logging_error(
                "unknown syslog facility specified",
                section.origin("syslog_facility"),
            )
        })?;
        apply(config, &target, |s| s.syslog_facility = facility);
    }
    if let Some(value) = section.get("syslog_level") {
        warnings.push(obsolete_warning(
            "syslog_level",
            "syslog_priority",
            section.origin("syslog_level"),
        ));
        let level = priority_id_get(&text(value)).ok_or_else(|| {
            logging_error(
                "unknown syslog level specified",
                section.origin("syslog_level"),
            )
        })?;
        apply(config, &target, |s| s.syslog_priority = level);
    }
    if let Some(value) = section.get("syslog_priority") {
        let level = priority_id_get(&text(value)).ok_or_else(|| {
            logging_error(
                "unknown syslog priority specified",
                section.origin("syslog_priority"),
            )
        })?;
        apply(config, &target, |s| s.syslog_priority = level);
    }
    if let Some(value) = section.get("logfile") {
        let path = std::path::PathBuf::from(text(value));
        apply(config, &target, |s| s.logfile = Some(path.clone()));
    }
    if let Some(value) = section.get("logfile_priority") {
        let level = priority_id_get(&text(value)).ok_or_else(|| {
            logging_error(
                "unknown logfile priority specified",
                section.origin("logfile_priority"),
            )
        })?;
        apply(config, &target, |s| s.logfile_priority = level);
    }
    if let Some(value) = section.get("debug") {
        let debug = match value {
            b"trace" => DebugMode::Trace,
            b"on" => DebugMode::On,
            b"off" => DebugMode::Off,
            _ => {
                return Err(logging_error(
                    "unknown value for debug",
                    section.origin("debug"),
                ));
            }
        };
        apply(config, &target, |s| s.debug = debug);
    }
    Ok(())
}

/// The logging configuration and the warnings to log about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggingRead {
    pub config: LoggingConfig,
    pub warnings: Vec<ConfigWarning>,
}

/// `corosync_main_config_read_logging`: the first `logging {}` section into
/// a [`LoggingConfig`] (the defaults when there is none).
pub fn read_logging_config(objdb: &ObjDb) -> Result<LoggingRead, ConfigError> {
    let mut config = LoggingConfig::default();
    let mut warnings = Vec::new();
    let Some(logging) = find_logging_object(objdb) else {
        return Ok(LoggingRead { config, warnings });
    };
    let top = Section {
        objdb,
        handle: logging,
    };
    config.format = format_set(&top)?;
    config_set(&mut config, &top, Target::All, &mut warnings)?;

    for handle in objdb
        .object_find(logging, b"logger_subsys")
        .unwrap_or_default()
    {
        let section = Section { objdb, handle };
        let Some(subsys) = section.get("subsys").map(text) else {
            return Err(logging_error(
                "subsys required for logger directive",
                objdb.object_origin(handle),
            ));
        };
        check_subsys_name(&subsys, &section)?;
        config_set(&mut config, &section, Target::One(&subsys), &mut warnings)?;
    }

    for handle in objdb
        .object_find(logging, b"logging_daemon")
        .unwrap_or_default()
    {
        let section = Section { objdb, handle };
        let Some(name) = section.get("name") else {
            return Err(logging_error(
                "name required for logging_daemon directive",
                objdb.object_origin(handle),
            ));
        };
        if name != b"corosync" {
            continue;
        }
        match section.get("subsys").map(text) {
            Some(subsys) => {
                check_subsys_name(&subsys, &section)?;
                config_set(&mut config, &section, Target::One(&subsys), &mut warnings)?;
            }
            None => config_set(&mut config, &section, Target::All, &mut warnings)?,
        }
    }
    Ok(LoggingRead { config, warnings })
}

fn check_subsys_name(name: &str, section: &Section<'_>) -> Result<(), ConfigError> {
    if name.len() >= logsys::MAX_SUBSYS_NAMELEN {
        return Err(logging_error(
            "unable to create new logging subsystem",
            section.origin("subsys"),
        ));
    }
    Ok(())
}

/// Read `logging {}` and put it in force in `logsys`; errors (an unknown
/// value, a log file that cannot be opened) come back worded as the
/// original's `parse error in config: ...`.
pub fn apply_logging_config(objdb: &ObjDb, logsys: &Logsys) -> Result<LoggingRead, ConfigError> {
    let read = read_logging_config(objdb)?;
    logsys.apply_config(&read.config).map_err(|e| {
        let origin = find_logging_object(objdb).and_then(|h| {
            objdb
                .key_origin(h, b"logfile")
                .or_else(|| objdb.object_origin(h))
                .cloned()
        });
        logging_error(e.message(), origin.as_ref())
    })?;
    Ok(read)
}
