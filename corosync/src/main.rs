//! The corosync executive.

fn main() {
    std::process::exit(corosync_exec::run(std::env::args().collect()));
}
