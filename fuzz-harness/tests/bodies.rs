//! Every fuzz body, run deterministically on stable: (a) over the
//! committed seed corpus in `fuzz/seeds/<target>/` (regression inputs for
//! past crashes live there too), and (b) over pseudo-random and mutated
//! inputs from a fixed-seed generator. `FUZZ_HARNESS_SCALE=N` multiplies
//! the number of generated inputs.
//!
//! A failing input is written to `$CARGO_TARGET_TMPDIR/<target>-crash-*`
//! so it can be replayed with `cargo +nightly fuzz run <target> FILE` or
//! added to the seeds.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use fuzz_harness::rng::Rng;
use fuzz_harness::{Target, target};

fn seed_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/seeds")
        .join(name)
}

fn seeds(name: &str) -> Vec<(String, Vec<u8>)> {
    let dir = seed_dir(name);
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let p = e.expect("dir entry").path();
            let bytes = std::fs::read(&p).expect("seed readable");
            (
                p.file_name().expect("name").to_string_lossy().into_owned(),
                bytes,
            )
        })
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no seeds for {name}");
    v
}

/// Runs the body; on a panic saves the input and fails with its name.
fn run_one(t: Target, label: &str, input: &[u8]) {
    let r = catch_unwind(AssertUnwindSafe(|| (t.body)(input)));
    if let Err(e) = r {
        let msg = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "{}-crash-{}",
            t.name,
            label.replace('/', "_")
        ));
        let _ = std::fs::write(&file, input);
        panic!(
            "{} panicked on {label} ({} bytes, saved to {}): {msg}",
            t.name,
            input.len(),
            file.display()
        );
    }
}

fn scale() -> usize {
    std::env::var("FUZZ_HARNESS_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
}

fn name_seed(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

fn check_seeds(name: &str) {
    let t = target(name).expect("known target");
    for (file, bytes) in seeds(name) {
        run_one(t, &file, &bytes);
    }
}

/// `iterations` inputs: a quarter pure random (mostly short), the rest
/// one seed mutated, sometimes spliced with another.
fn check_generated(name: &str, iterations: usize) {
    let t = target(name).expect("known target");
    let corpus = seeds(name);
    let mut rng = Rng::new(name_seed(name));
    for i in 0..iterations * scale() {
        let input = if rng.chance(4) {
            let len = if rng.chance(4) {
                rng.below(t.max_len + 1)
            } else {
                rng.below(64)
            };
            rng.bytes(len)
        } else {
            let mut base = corpus[rng.below(corpus.len())].1.clone();
            let other = &corpus[rng.below(corpus.len())].1;
            rng.mutate(&mut base, other, t.max_len);
            if rng.chance(3) {
                let again = base.clone();
                rng.mutate(&mut base, &again, t.max_len);
            }
            base
        };
        run_one(t, &format!("generated-{i}"), &input);
    }
}

macro_rules! target_tests {
    ($($name:ident: $iters:expr;)*) => {
        $(
            mod $name {
                #[test]
                fn seed_corpus() {
                    super::check_seeds(stringify!($name));
                }
                #[test]
                fn random_and_mutated_inputs() {
                    super::check_generated(stringify!($name), $iters);
                }
            }
        )*

        #[test]
        fn every_target_is_tested_here() {
            let here = [$(stringify!($name)),*];
            for t in fuzz_harness::TARGETS {
                assert!(here.contains(&t.name), "target {} has no tests", t.name);
            }
        }
    };
}

target_tests! {
    ipc_setup_request: 600;
    ipc_request: 8000;
    cpg_lib_request: 8000;
    cpg_callback: 8000;
    cpg_exec_messages: 8000;
    cpg_engine: 3000;
    sync_messages: 3000;
    sync_cluster: 2000;
    config_parser: 3000;
    totem_packets: 8000;
    totem_engine: 150;
}

// ---- the harness reaches what it claims to check --------------------------

#[test]
fn cpg_engine_seeds_reach_deliveries_confchgs_and_nodedown() {
    let mut total = fuzz_harness::cpg_engine::Coverage::default();
    for (_, s) in seeds("cpg_engine") {
        let c = fuzz_harness::cpg_engine::run(&s);
        total.ok_joins += c.ok_joins;
        total.deliver_callbacks += c.deliver_callbacks;
        total.confchg_callbacks += c.confchg_callbacks;
        total.totem_confchg_callbacks += c.totem_confchg_callbacks;
        total.nodedown_or_procdown += c.nodedown_or_procdown;
    }
    assert!(total.ok_joins >= 3, "{total:?}");
    assert!(total.deliver_callbacks >= 2, "{total:?}");
    assert!(total.confchg_callbacks >= 4, "{total:?}");
    assert!(total.totem_confchg_callbacks >= 1, "{total:?}");
    assert!(total.nodedown_or_procdown >= 1, "{total:?}");
}

#[test]
fn honest_totem_clusters_form_a_ring_and_deliver() {
    use fuzz_harness::totem::{Shape, run_honest};
    use totem::config::{RrpMode, Transport};
    for shape in [
        Shape {
            nodes: 3,
            secauth: false,
            rrp: RrpMode::None,
            transport: Transport::Udpu,
        },
        Shape {
            nodes: 2,
            secauth: true,
            rrp: RrpMode::Passive,
            transport: Transport::Udp,
        },
    ] {
        let r = run_honest(shape, 4000, 6);
        assert!(r.full_rings >= shape.nodes, "{shape:?}: {r:?}");
        assert!(r.deliveries >= 6 * shape.nodes, "{shape:?}: {r:?}");
    }
}

#[test]
fn totem_engine_seeds_form_rings() {
    let mut full = 0;
    for (name, s) in seeds("totem_engine") {
        let r = fuzz_harness::totem::run(&s);
        if name.ends_with("form-ring") {
            assert!(r.full_rings > 0, "{name}: {r:?}");
            full += 1;
        }
    }
    assert!(full >= 4);
}

#[test]
fn sync_cluster_seeds_complete() {
    for (name, s) in seeds("sync_cluster") {
        assert!(fuzz_harness::sync::run_cluster(&s) > 0, "{name}");
    }
}

#[test]
fn the_loopback_configurations_start_totem() {
    for (name, s) in seeds("config_parser") {
        if name.ends_with("loopback") {
            assert!(fuzz_harness::config::run(&s), "{name}");
        }
    }
}
