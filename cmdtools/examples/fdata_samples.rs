//! Writes flight data dumps for the replay comparisons in
//! compat-tests/tools: `fdata_samples DIR` makes DIR/wrapped/fdata (a ring
//! that wrapped round several times, records crossing its end, every
//! record kind), DIR/truncated/fdata (the same, cut short), DIR/empty/fdata
//! (no bytes at all), DIR/headless/fdata (the magic number and nothing
//! else) and DIR/missing (no fdata). Every byte is the same on every run:
//! the golden replay outputs in compat-tests/tools/golden depend on it.

use logsys::flight::{FlightRecorder, RecordFields, encode_ident};
use logsys::{Level, RecordKind};

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: fdata_samples DIR"));
    let rec = FlightRecorder::new(0);
    let kinds = [
        RecordKind::Log,
        RecordKind::Enter,
        RecordKind::Leave,
        RecordKind::Trace(1),
        RecordKind::Trace(4),
        RecordKind::Trace(8),
    ];
    for i in 0..30_000u32 {
        let kind = kinds[(i % kinds.len() as u32) as usize];
        let text = format!("message {i} {}", "x".repeat((i % 37) as usize));
        rec.record(&RecordFields {
            args: &[],
            ident: encode_ident(Level::Debug, i % 5, kind),
            line: i % 1000,
            time: 1_700_000_000 + u64::from(i),
            subsys: ["MAIN", "TOTEM", "CPG", "SERV", "SYNC"][(i % 5) as usize],
            file: "sample.rs",
            function: "sample_function",
            message: Some(text.as_bytes()),
        });
    }
    let mut bytes = Vec::new();
    rec.store(&mut bytes).expect("dump");
    for (name, data) in [
        ("wrapped", &bytes[..]),
        ("truncated", &bytes[..bytes.len() / 2]),
        ("empty", &bytes[..0]),
        ("headless", &bytes[..4]),
    ] {
        let d = dir.join(name);
        std::fs::create_dir_all(&d).expect("mkdir");
        std::fs::write(d.join("fdata"), data).expect("write");
    }
    std::fs::create_dir_all(dir.join("missing")).expect("mkdir");
}
