//! Writes the seed corpus to `fuzz/seeds/<target>/<name>` (run from the
//! workspace: `cargo run -p fuzz-harness --example write-seeds`). Existing
//! files of the same name are replaced; others (crash regressions) stay.

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds");
    for (target, seeds) in fuzz_harness::seeds::all() {
        let dir = root.join(target);
        std::fs::create_dir_all(&dir)?;
        for (name, bytes) in seeds {
            std::fs::write(dir.join(name), bytes)?;
        }
    }
    println!("seeds written to {}", root.display());
    Ok(())
}
