//! Syslog priorities and facilities, and the names corosync.conf uses for
//! them (`logsys_priority_id_get`, `logsys_facility_id_get`).

use std::fmt;

/// A message's priority: the `LOGSYS_LEVEL_*` values, which are syslog's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Level {
    Emerg = 0,
    Alert = 1,
    Crit = 2,
    Error = 3,
    Warning = 4,
    Notice = 5,
    Info = 6,
    Debug = 7,
}

impl Level {
    /// The syslog priority number.
    pub fn as_raw(self) -> u8 {
        self as u8
    }

    pub fn from_raw(raw: u8) -> Option<Level> {
        Some(match raw {
            0 => Level::Emerg,
            1 => Level::Alert,
            2 => Level::Crit,
            3 => Level::Error,
            4 => Level::Warning,
            5 => Level::Notice,
            6 => Level::Info,
            7 => Level::Debug,
            _ => return None,
        })
    }

    /// The canonical name (`logsys_priority_name_get`): the first name in the
    /// original's table with this value.
    pub fn name(self) -> &'static str {
        match self {
            Level::Emerg => "emerg",
            Level::Alert => "alert",
            Level::Crit => "crit",
            Level::Error => "err",
            Level::Warning => "warning",
            Level::Notice => "notice",
            Level::Info => "info",
            Level::Debug => "debug",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The priority names accepted in `syslog_priority`, `logfile_priority` and
/// `syslog_level`, matched without regard to case.
const PRIORITY_NAMES: [(&str, Level); 9] = [
    ("alert", Level::Alert),
    ("crit", Level::Crit),
    ("debug", Level::Debug),
    ("emerg", Level::Emerg),
    ("err", Level::Error),
    ("error", Level::Error),
    ("info", Level::Info),
    ("notice", Level::Notice),
    ("warning", Level::Warning),
];

/// `logsys_priority_id_get`.
pub fn priority_id_get(name: &str) -> Option<Level> {
    PRIORITY_NAMES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, level)| level)
}

/// A syslog facility, as the value `openlog`/`syslog` take (already shifted:
/// `LOG_DAEMON` is 24).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Facility(i32);

impl Facility {
    pub const KERN: Facility = Facility(libc::LOG_KERN);
    pub const USER: Facility = Facility(libc::LOG_USER);
    pub const MAIL: Facility = Facility(libc::LOG_MAIL);
    pub const DAEMON: Facility = Facility(libc::LOG_DAEMON);
    pub const AUTH: Facility = Facility(libc::LOG_AUTH);
    pub const SYSLOG: Facility = Facility(libc::LOG_SYSLOG);
    pub const LPR: Facility = Facility(libc::LOG_LPR);
    pub const NEWS: Facility = Facility(libc::LOG_NEWS);
    pub const UUCP: Facility = Facility(libc::LOG_UUCP);
    pub const CRON: Facility = Facility(libc::LOG_CRON);
    pub const LOCAL0: Facility = Facility(libc::LOG_LOCAL0);
    pub const LOCAL1: Facility = Facility(libc::LOG_LOCAL1);
    pub const LOCAL2: Facility = Facility(libc::LOG_LOCAL2);
    pub const LOCAL3: Facility = Facility(libc::LOG_LOCAL3);
    pub const LOCAL4: Facility = Facility(libc::LOG_LOCAL4);
    pub const LOCAL5: Facility = Facility(libc::LOG_LOCAL5);
    pub const LOCAL6: Facility = Facility(libc::LOG_LOCAL6);
    pub const LOCAL7: Facility = Facility(libc::LOG_LOCAL7);

    pub fn as_raw(self) -> i32 {
        self.0
    }

    /// The facility with that `openlog` value, if it is one.
    pub fn from_raw(raw: i32) -> Option<Facility> {
        FACILITY_NAMES
            .iter()
            .find(|(_, f)| f.0 == raw)
            .map(|&(_, f)| f)
    }

    /// `logsys_facility_name_get`.
    pub fn name(self) -> Option<&'static str> {
        FACILITY_NAMES
            .iter()
            .find(|(_, f)| *f == self)
            .map(|&(n, _)| n)
    }
}

const FACILITY_NAMES: [(&str, Facility); 18] = [
    ("auth", Facility::AUTH),
    ("cron", Facility::CRON),
    ("daemon", Facility::DAEMON),
    ("kern", Facility::KERN),
    ("lpr", Facility::LPR),
    ("mail", Facility::MAIL),
    ("news", Facility::NEWS),
    ("syslog", Facility::SYSLOG),
    ("user", Facility::USER),
    ("uucp", Facility::UUCP),
    ("local0", Facility::LOCAL0),
    ("local1", Facility::LOCAL1),
    ("local2", Facility::LOCAL2),
    ("local3", Facility::LOCAL3),
    ("local4", Facility::LOCAL4),
    ("local5", Facility::LOCAL5),
    ("local6", Facility::LOCAL6),
    ("local7", Facility::LOCAL7),
];

/// `logsys_facility_id_get`.
pub fn facility_id_get(name: &str) -> Option<Facility> {
    FACILITY_NAMES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, f)| f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_names_are_case_insensitive_and_include_error_alias() {
        assert_eq!(priority_id_get("ERROR"), Some(Level::Error));
        assert_eq!(priority_id_get("err"), Some(Level::Error));
        assert_eq!(priority_id_get("Notice"), Some(Level::Notice));
        assert_eq!(priority_id_get("warn"), None);
        assert_eq!(priority_id_get(""), None);
    }

    #[test]
    fn facility_names_map_to_syslog_values() {
        assert_eq!(
            facility_id_get("daemon").map(Facility::as_raw),
            Some(3 << 3)
        );
        assert_eq!(
            facility_id_get("LOCAL7").map(Facility::as_raw),
            Some(23 << 3)
        );
        assert_eq!(facility_id_get("kern").map(Facility::as_raw), Some(0));
        assert_eq!(facility_id_get("local8"), None);
        assert_eq!(Facility::USER.name(), Some("user"));
    }

    #[test]
    fn levels_are_syslog_priorities() {
        assert_eq!(Level::Emerg.as_raw(), 0);
        assert_eq!(Level::Error.as_raw(), libc::LOG_ERR as u8);
        assert_eq!(Level::Debug.as_raw(), 7);
        assert!(Level::Debug > Level::Info);
        for raw in 0..8 {
            assert_eq!(Level::from_raw(raw).map(Level::as_raw), Some(raw));
        }
        assert_eq!(Level::from_raw(8), None);
    }
}
