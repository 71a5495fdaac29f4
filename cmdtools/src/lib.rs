//! Shared pieces of the administration tools.

pub mod fplay;
pub mod keygen;

/// `$COROSYNC_RUN_DIR`, else `LOCALSTATEDIR/lib/corosync`: where the
/// executive keeps its state and writes its flight data.
pub fn run_dir() -> std::path::PathBuf {
    match std::env::var_os("COROSYNC_RUN_DIR") {
        Some(d) if !d.is_empty() => std::path::PathBuf::from(d),
        _ => std::path::PathBuf::from(LOCALSTATEDIR).join("lib/corosync"),
    }
}

/// `LOCALSTATEDIR` of the installation.
pub const LOCALSTATEDIR: &str = match option_env!("COROSYNC_LOCALSTATEDIR") {
    Some(d) => d,
    None => "/var",
};

/// `SYSCONFDIR` of the installation.
pub const SYSCONFDIR: &str = match option_env!("COROSYNC_SYSCONFDIR") {
    Some(d) => d,
    None => "/etc",
};

/// `SYSCONFDIR/corosync`: where the authentication key lives.
pub fn corosysconfdir() -> std::path::PathBuf {
    std::path::Path::new(SYSCONFDIR).join("corosync")
}
