//! Fuzz bodies: one public function per fuzz target, each taking
//! arbitrary bytes. The same bodies run under libFuzzer (the cargo-fuzz
//! crate in `fuzz/`, one target per body) and deterministically under
//! `cargo test -p fuzz-harness` over the seed corpus in `fuzz/seeds/` plus
//! pseudo-random and mutated inputs.
//!
//! The property under test is that no input makes the code under test
//! panic (overflow, out-of-bounds, `unwrap`, unbounded recursion); each
//! body also asserts what the code promises for the inputs it accepts, so
//! a body panics only when the code under test misbehaves.
#![forbid(unsafe_code)]

pub mod config;
pub mod cpg_engine;
pub mod input;
pub mod rng;
pub mod seeds;
pub mod swap;
pub mod sync;
pub mod totem;
pub mod wire;

pub use config::config_parser;
pub use cpg_engine::cpg_engine;
pub use sync::{sync_cluster, sync_messages};
pub use totem::{totem_engine, totem_packets};
pub use wire::{cpg_callback, cpg_exec_messages, cpg_lib_request, ipc_request, ipc_setup_request};

/// A fuzz target: its name (the cargo-fuzz target and seed directory) and
/// body.
#[derive(Clone, Copy)]
pub struct Target {
    pub name: &'static str,
    pub body: fn(&[u8]),
    /// Longest input worth trying.
    pub max_len: usize,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// Every target, in the order the smoke run takes them.
pub const TARGETS: &[Target] = &[
    Target {
        name: "ipc_setup_request",
        body: ipc_setup_request,
        max_len: 17_000,
    },
    Target {
        name: "ipc_request",
        body: ipc_request,
        max_len: 512,
    },
    Target {
        name: "cpg_lib_request",
        body: cpg_lib_request,
        max_len: 1024,
    },
    Target {
        name: "cpg_callback",
        body: cpg_callback,
        max_len: 10_000,
    },
    Target {
        name: "cpg_exec_messages",
        body: cpg_exec_messages,
        max_len: 4096,
    },
    Target {
        name: "cpg_engine",
        body: cpg_engine,
        max_len: 4096,
    },
    Target {
        name: "sync_messages",
        body: sync_messages,
        max_len: 4096,
    },
    Target {
        name: "sync_cluster",
        body: sync_cluster,
        max_len: 1024,
    },
    Target {
        name: "config_parser",
        body: config_parser,
        max_len: 8192,
    },
    Target {
        name: "totem_packets",
        body: totem_packets,
        max_len: 4096,
    },
    Target {
        name: "totem_engine",
        body: totem_engine,
        max_len: 8192,
    },
];

/// The target called `name`.
pub fn target(name: &str) -> Option<Target> {
    TARGETS.iter().copied().find(|t| t.name == name)
}
