//! corosync-keygen: write the cluster authentication key.

use std::io::Write;
use std::path::Path;

fn main() {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = writeln!(out, "Corosync Cluster Engine Authentication key generator.");
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        let _ = writeln!(
            out,
            "Error: Authorization key must be generated as root user."
        );
        let _ = out.flush();
        // the status is errno, which nothing has set at this point
        std::process::exit(0);
    }
    let dir = corosync_tools::corosysconfdir();
    if let Err(f) = corosync_tools::keygen::generate(&dir, Path::new("/dev/random"), &mut out) {
        let _ = out.flush();
        eprintln!("{}", f.message());
        std::process::exit(f.status());
    }
}
