//! Replays files through a target body: `cargo run -p fuzz-harness
//! --example replay -- TARGET FILE...` (the panic message names the
//! failed check).

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().expect("usage: replay TARGET FILE...");
    let t = fuzz_harness::target(&name).unwrap_or_else(|| panic!("no target {name}"));
    for f in args {
        let data = std::fs::read(&f).unwrap_or_else(|e| panic!("{f}: {e}"));
        eprintln!("{f}: {} bytes", data.len());
        (t.body)(&data);
    }
}
