//! Installation paths compiled into the executive (a distribution build
//! sets them through the environment of the build).

/// `LOCALSTATEDIR`: run files, ring-id files.
pub const LOCALSTATEDIR: &str = match option_env!("COROSYNC_LOCALSTATEDIR") {
    Some(d) => d,
    None => "/var",
};

/// `SYSCONFDIR`: corosync.conf and its directories.
pub const SYSCONFDIR: &str = match option_env!("COROSYNC_SYSCONFDIR") {
    Some(d) => d,
    None => "/etc",
};

/// The pid lock file.
pub fn lock_file() -> String {
    format!("{LOCALSTATEDIR}/run/corosync.pid")
}
