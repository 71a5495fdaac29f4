//! Logging for the executive, with the original logsys semantics: named
//! subsystems (`[TOTEM ]`), per-subsystem destinations (stderr, a log file,
//! syslog), priority filters and debug switches from `logging {}`, and the
//! original's line format byte for byte.
//!
//! ```
//! use logsys::{CaptureOutput, Level, Logsys, LogsysOptions, Subsys, log_printf_to};
//!
//! let out = CaptureOutput::new();
//! let logsys = Logsys::new(LogsysOptions {
//!     output: Box::new(out.clone()),
//!     ..LogsysOptions::default()
//! });
//! log_printf_to!(&logsys, Subsys::TOTEM, Level::Notice, "The network interface [{}] is now up.", "127.0.0.1");
//! log_printf_to!(&logsys, Subsys::TOTEM, Level::Debug, "not printed: debug is off");
//! logsys.flush();
//! assert_eq!(out.stderr(), "corosync [TOTEM ] The network interface [127.0.0.1] is now up.\n");
//! ```
//!
//! The executive uses the process-wide instance through [`log_printf!`]:
//! configure it with [`Logsys::apply_config`] (the config crate builds the
//! [`LoggingConfig`] from `logging {}`), then [`Logsys::start_writer`].

// Unsafe code is allowed only for the two libc syslog calls in output.rs.
#![deny(unsafe_code)]

mod config;
mod core;
pub mod flight;
pub mod format;
mod level;
mod output;
mod record;
mod subsys;

use std::sync::OnceLock;

pub use crate::config::{DEFAULT_FORMAT, DebugMode, LogFormat, LoggerSettings, LoggingConfig};
pub use crate::core::{DEFAULT_QUEUE_LIMIT_BYTES, Logsys, LogsysError, LogsysOptions};
pub use crate::level::{Facility, Level, facility_id_get, priority_id_get};
pub use crate::output::{CaptureOutput, Output, SyslogLine, SystemOutput};
pub use crate::record::{Record, RecordKind, Site};
pub use crate::subsys::{MAX_SUBSYS_COUNT, MAX_SUBSYS_NAMELEN, Subsys};

static GLOBAL: OnceLock<Logsys> = OnceLock::new();

/// The process-wide logging system that [`log_printf!`] writes to. Made
/// with the defaults on first use unless [`install_global`] came first.
pub fn global() -> &'static Logsys {
    GLOBAL.get_or_init(|| Logsys::new(LogsysOptions::default()))
}

/// Make `logsys` the process-wide instance. Fails (handing it back) if the
/// global instance exists already.
pub fn install_global(logsys: Logsys) -> Result<(), Box<Logsys>> {
    GLOBAL.set(logsys).map_err(Box::new)
}

/// The name of the enclosing function, for `%n`.
#[macro_export]
macro_rules! function_name {
    () => {{
        fn __logsys_here() {}
        $crate::format::short_function_name(::core::any::type_name_of_val(&__logsys_here))
    }};
}

/// Log a message through the process-wide logging system:
/// `log_printf!(Subsys::TOTEM, Level::Notice, "token lost after {} ms", ms)`.
/// When the level is filtered out for the subsystem and there is no flight
/// recorder this costs one atomic load; the arguments are not even
/// formatted. With a flight recorder (the default) every message is kept
/// there, as the original keeps them.
#[macro_export]
macro_rules! log_printf {
    ($subsys:expr, $level:expr, $($arg:tt)+) => {
        $crate::log_printf_to!($crate::global(), $subsys, $level, $($arg)+)
    };
}

/// [`log_printf!`] to a given [`Logsys`].
#[macro_export]
macro_rules! log_printf_to {
    ($logsys:expr, $subsys:expr, $level:expr, $($arg:tt)+) => {{
        let __logsys: &$crate::Logsys = $logsys;
        let __subsys: $crate::Subsys = $subsys;
        let __level: $crate::Level = $level;
        if __logsys.enabled(__subsys, __level) || __logsys.recording() {
            __logsys.log(
                $crate::Site {
                    subsys: __subsys,
                    level: __level,
                    kind: $crate::RecordKind::Log,
                    file: ::core::file!(),
                    function: $crate::function_name!(),
                    line: ::core::line!(),
                },
                ::core::format_args!($($arg)+),
            );
        }
    }};
}

/// A trace point (`TRACE1`..`TRACE8`) at debug level; only trace 1 is
/// printed, and only for a subsystem with `debug: trace`.
#[macro_export]
macro_rules! log_trace {
    ($subsys:expr, $n:expr, $($arg:tt)+) => {{
        let __logsys: &$crate::Logsys = $crate::global();
        let __subsys: $crate::Subsys = $subsys;
        if __logsys.enabled(__subsys, $crate::Level::Debug) || __logsys.recording() {
            __logsys.log(
                $crate::Site {
                    subsys: __subsys,
                    level: $crate::Level::Debug,
                    kind: $crate::RecordKind::Trace($n),
                    file: ::core::file!(),
                    function: $crate::function_name!(),
                    line: ::core::line!(),
                },
                ::core::format_args!($($arg)+),
            );
        }
    }};
}

/// `LOGSYS_PERROR`: the message followed by `: <strerror> (<errno>)`.
/// `log_perror!(Subsys::MAIN, Level::Error, &err, "Could not bind to {}", addr)`.
#[macro_export]
macro_rules! log_perror {
    ($subsys:expr, $level:expr, $err:expr, $($arg:tt)+) => {{
        let __err: &::std::io::Error = $err;
        $crate::log_printf!(
            $subsys,
            $level,
            "{}: {} ({})",
            ::core::format_args!($($arg)+),
            $crate::format::error_text(__err),
            __err.raw_os_error().unwrap_or(0)
        )
    }};
}
