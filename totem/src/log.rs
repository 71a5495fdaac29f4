//! Log records. The executive prints them with subsystem `TOTEM` and the
//! original's texts, so administrators' greps keep working.

use std::fmt;

/// Severity of a log record, most severe first. The original's "security"
/// level is printed as a warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogLevel {
    Error,
    Warning,
    Notice,
    Debug,
    /// The original's TRACE1 records (one or more per message).
    Trace,
}

impl fmt::Display for LogLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            LogLevel::Error => "error",
            LogLevel::Warning => "warning",
            LogLevel::Notice => "notice",
            LogLevel::Debug => "debug",
            LogLevel::Trace => "trace",
        };
        f.write_str(s)
    }
}

/// The level the original uses for security-related drops.
pub const LOG_LEVEL_SECURITY: LogLevel = LogLevel::Warning;

/// Logs through anything with `log_enabled` and `log` methods, formatting
/// the text only when the level is enabled.
macro_rules! tlog {
    ($io:expr, $level:expr, $($arg:tt)*) => {{
        let level = $level;
        if $io.log_enabled(level) {
            $io.log(level, format!($($arg)*));
        }
    }};
}
pub(crate) use tlog;
