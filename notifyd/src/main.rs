//! corosync-notifyd: turns cluster events into notifications.
//!
//! The daemon watches three things through the client libraries:
//! - the object database's `runtime.totem.pg.mrp.srp.members` tree
//!   (recursively): a change of a member's `status` key is a node
//!   joining or leaving;
//! - `runtime.connections` (its direct children): an object created or
//!   removed there is an application connecting or disconnecting;
//! - the quorum service (track changes): the local node gaining or losing
//!   quorum.
//!
//! Each event goes to every enabled notifier. This build has the syslog
//! notifier (`-l`, and `-o` which also copies to standard error through
//! `LOG_PERROR`); SNMP traps (`-s`, `-m`) and DBus signals (`-d`) are not
//! built in, and asking for them ends the daemon with a message saying so.

mod args;
mod log;
mod watch;

use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    let opts = match args::parse(&argv) {
        Ok(o) => o,
        Err(msg) => {
            if let Some(m) = msg {
                eprintln!("{m}");
            }
            eprint!("{}", args::USAGE);
            return ExitCode::FAILURE;
        }
    };
    log::open(opts.stdout);
    if let Err(msg) = args::check(&opts) {
        log::err(msg);
        return ExitCode::FAILURE;
    }
    if let Some(msg) = args::warning(&opts) {
        log::err(msg);
    }
    if !opts.foreground {
        // SAFETY: plain libc call; no other threads exist yet.
        if unsafe { libc::daemon(0, 0) } < 0 {
            eprintln!("daemon() failed: {}", std::io::Error::last_os_error());
            return ExitCode::FAILURE;
        }
    }
    watch::run(&opts)
}
