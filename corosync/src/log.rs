//! Logging goes through logsys with the original's subsystem names.

pub use logsys::{Level, Subsys};

/// Logs `args` for `subsys` at `level` through the process-wide logsys.
pub fn emit(subsys: Subsys, level: Level, args: std::fmt::Arguments<'_>) {
    logsys::log_printf!(subsys, level, "{}", args);
}

/// `log_printf!(SUBSYS, Level, "format", args...)`, e.g.
/// `log_printf!(TOTEM, Notice, "The network interface [{}] is now up.", a)`.
#[macro_export]
macro_rules! log_printf {
    ($subsys:ident, $level:ident, $($arg:tt)*) => {
        ::logsys::log_printf!(::logsys::Subsys::$subsys, ::logsys::Level::$level, $($arg)*)
    };
}
