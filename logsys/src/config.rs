//! What the `logging {}` section decides: per-logger destinations, filters
//! and debug, and the one line format shared by all.

use std::path::PathBuf;

use crate::level::{Facility, Level};

/// The format of the original's system declaration: program name,
/// subsystem padded to six, message.
pub const DEFAULT_FORMAT: &str = "%p [%6s] %b";

/// `debug:` of a logger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DebugMode {
    #[default]
    Off,
    /// Debug messages are printed and every other filter is bypassed.
    On,
    /// As `On`, and `TRACE1` records are printed too.
    Trace,
}

impl DebugMode {
    pub fn is_on(self) -> bool {
        self != DebugMode::Off
    }
}

/// The settings of one logger (the system's or one subsystem's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggerSettings {
    /// `to_stderr` (on by default, as the original's system declaration).
    pub to_stderr: bool,
    /// `to_logfile` (or the obsolete `to_file`).
    pub to_logfile: bool,
    /// `to_syslog`.
    pub to_syslog: bool,
    /// `logfile`: opened when the configuration is applied, even if
    /// `to_logfile` is off, as the original does.
    pub logfile: Option<PathBuf>,
    /// `logfile_priority`: the filter for the log file *and* stderr.
    pub logfile_priority: Level,
    /// `syslog_facility`.
    pub syslog_facility: Facility,
    /// `syslog_priority` (or the obsolete `syslog_level`).
    pub syslog_priority: Level,
    /// `debug`.
    pub debug: DebugMode,
}

impl Default for LoggerSettings {
    /// The original's `LOGSYS_DECLARE_SYSTEM` in main.c: stderr on,
    /// priorities info, facility daemon, no file, no syslog.
    fn default() -> Self {
        LoggerSettings {
            to_stderr: true,
            to_logfile: false,
            to_syslog: false,
            logfile: None,
            logfile_priority: Level::Info,
            syslog_facility: Facility::DAEMON,
            syslog_priority: Level::Info,
            debug: DebugMode::Off,
        }
    }
}

impl LoggerSettings {
    /// The highest (least severe) level a message may have to be queued at
    /// all: the original drops a message when no target's priority admits
    /// it, and drops debug messages unless debug is on.
    pub fn queue_threshold(&self) -> Level {
        if self.debug.is_on() {
            return Level::Debug;
        }
        self.syslog_priority
            .max(self.logfile_priority)
            .min(Level::Info)
    }
}

/// The whole logging configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggingConfig {
    /// The line format (`%t`, `%p`, `%s`, `%n`, `%f`, `%l`, `%b`; a number
    /// after `%` pads or cuts to that width). See [`LogFormat`].
    pub format: String,
    /// The system logger; also what every subsystem without its own entry
    /// uses.
    pub system: LoggerSettings,
    /// Subsystems with their own settings (`logger_subsys`), each complete.
    pub subsystems: Vec<(String, LoggerSettings)>,
}

impl Default for LoggingConfig {
    fn default() -> Self {
        LoggingConfig {
            format: DEFAULT_FORMAT.to_string(),
            system: LoggerSettings::default(),
            subsystems: Vec::new(),
        }
    }
}

impl LoggingConfig {
    /// The settings a subsystem of that name gets.
    pub fn settings_for(&self, subsys: &str) -> &LoggerSettings {
        self.subsystems
            .iter()
            .find(|(name, _)| name == subsys)
            .map(|(_, s)| s)
            .unwrap_or(&self.system)
    }

    /// The settings entry of a subsystem, created from the system settings
    /// if it has none yet (what `_logsys_subsys_create` does).
    pub fn subsys_entry(&mut self, subsys: &str) -> &mut LoggerSettings {
        let pos = match self.subsystems.iter().position(|(name, _)| name == subsys) {
            Some(pos) => pos,
            None => {
                self.subsystems
                    .push((subsys.to_string(), self.system.clone()));
                self.subsystems.len() - 1
            }
        };
        &mut self.subsystems[pos].1
    }

    /// Apply a change to the system logger and every subsystem entry (a
    /// setting given without a subsystem applies to all loggers).
    pub fn for_all(&mut self, mut change: impl FnMut(&mut LoggerSettings)) {
        change(&mut self.system);
        for (_, settings) in &mut self.subsystems {
            change(settings);
        }
    }
}

/// Builds the line format from the `timestamp`, `fileline` and
/// `function_name` switches the way the original edits its format string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogFormat(String);

impl Default for LogFormat {
    fn default() -> Self {
        LogFormat(DEFAULT_FORMAT.to_string())
    }
}

impl LogFormat {
    pub fn new(format: &str) -> LogFormat {
        LogFormat(format.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// Insert `entry` after the first `after`, or at the front when `after`
    /// is `None`. Does nothing and answers false when `entry` is already in
    /// the format or `after` is not (the original's `insert_into_buffer`).
    pub fn insert(&mut self, entry: &str, after: Option<&str>) -> bool {
        if self.0.contains(entry) {
            return false;
        }
        match after {
            None => {
                self.0.insert_str(0, entry);
                true
            }
            Some(after) => match self.0.find(after) {
                Some(pos) if !after.is_empty() => {
                    self.0.insert_str(pos + after.len(), entry);
                    true
                }
                _ => false,
            },
        }
    }

    /// `fileline: on`: ` %f:%l` after the subsystem, else `%f:%l` in front.
    pub fn add_fileline(&mut self) {
        if !self.insert(" %f:%l", Some("s]")) {
            self.insert("%f:%l", None);
        }
    }

    /// `function_name: on`: `%n:` after the file name, else ` %n` after the
    /// subsystem.
    pub fn add_function_name(&mut self) {
        if !self.insert("%n:", Some("f:")) {
            self.insert(" %n", Some("s]"));
        }
    }

    /// `timestamp: on`: `%t ` in front.
    pub fn add_timestamp(&mut self) {
        self.insert("%t ", None);
    }

    /// The format for the three switches, applied in the original's order.
    pub fn from_switches(timestamp: bool, fileline: bool, function_name: bool) -> LogFormat {
        let mut format = LogFormat::default();
        if fileline {
            format.add_fileline();
        }
        if function_name {
            format.add_function_name();
        }
        if timestamp {
            format.add_timestamp();
        }
        format
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_switches_edit_the_default_like_the_original() {
        let f = |t, l, n| LogFormat::from_switches(t, l, n).into_string();
        assert_eq!(f(false, false, false), "%p [%6s] %b");
        assert_eq!(f(true, false, false), "%t %p [%6s] %b");
        assert_eq!(f(false, true, false), "%p [%6s] %f:%l %b");
        assert_eq!(f(false, false, true), "%p [%6s] %n %b");
        assert_eq!(f(false, true, true), "%p [%6s] %f:%n:%l %b");
        assert_eq!(f(true, true, true), "%t %p [%6s] %f:%n:%l %b");
    }

    #[test]
    fn format_insert_is_idempotent() {
        let mut f = LogFormat::default();
        f.add_timestamp();
        f.add_timestamp();
        assert_eq!(f.as_str(), "%t %p [%6s] %b");
        f.add_fileline();
        f.add_fileline();
        assert_eq!(f.as_str(), "%t %p [%6s] %f:%l %b");
    }

    #[test]
    fn fileline_without_subsystem_bracket_goes_in_front() {
        let mut f = LogFormat::new("%b");
        f.add_fileline();
        assert_eq!(f.as_str(), "%f:%l%b");
    }

    #[test]
    fn queue_threshold_follows_the_enqueue_filter() {
        let mut s = LoggerSettings::default();
        assert_eq!(s.queue_threshold(), Level::Info);
        s.logfile_priority = Level::Debug;
        s.syslog_priority = Level::Debug;
        // Debug messages still need debug on.
        assert_eq!(s.queue_threshold(), Level::Info);
        s.logfile_priority = Level::Error;
        s.syslog_priority = Level::Warning;
        assert_eq!(s.queue_threshold(), Level::Warning);
        s.debug = DebugMode::On;
        assert_eq!(s.queue_threshold(), Level::Debug);
    }

    #[test]
    fn subsys_entry_starts_from_system_settings() {
        let mut c = LoggingConfig::default();
        c.system.to_syslog = true;
        c.subsys_entry("CPG").debug = DebugMode::On;
        assert!(c.settings_for("CPG").to_syslog);
        assert_eq!(c.settings_for("CPG").debug, DebugMode::On);
        assert_eq!(c.settings_for("TOTEM").debug, DebugMode::Off);
        c.for_all(|s| s.to_syslog = false);
        assert!(!c.settings_for("CPG").to_syslog);
    }
}
