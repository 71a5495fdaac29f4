//! Logging for the executive. Until the logsys crate is wired in, lines go
//! to stderr in the original's format.

use std::fmt;

/// Syslog-style levels, as logsys numbers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
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

/// Logs one line for `subsys`.
pub fn emit(subsys: &str, level: Level, args: fmt::Arguments<'_>) {
    if level > Level::Info {
        return;
    }
    let text = args.to_string();
    eprintln!("corosync [{subsys:<6}] {}", text.trim_end_matches('\n'));
}

/// `log_printf!(SUBSYS, Level, "format", args...)`
#[macro_export]
macro_rules! log_printf {
    ($subsys:expr, $level:ident, $($arg:tt)*) => {
        $crate::log::emit($subsys, $crate::log::Level::$level, format_args!($($arg)*))
    };
}
