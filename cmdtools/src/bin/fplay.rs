//! corosync-fplay: replay the executive's flight data
//! (`$COROSYNC_RUN_DIR/fdata`, else `LOCALSTATEDIR/lib/corosync/fdata`).

use std::io::{Read, Write};

fn main() {
    let path = corosync_tools::run_dir().join("fdata");
    let mut bytes = Vec::new();
    let read = std::fs::File::open(&path).and_then(|mut f| f.read_to_end(&mut bytes));
    if let Err(e) = read {
        let text = e.to_string();
        let text = text.split(" (os error").next().unwrap_or(&text).to_string();
        eprintln!("failed to open {}: {}", path.display(), text);
        std::process::exit(1);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let status = corosync_tools::fplay::replay(&bytes, &mut out, &mut std::io::stderr());
    let _ = out.flush();
    std::process::exit(status);
}
