//! The corosync executive as a library: the binary in `main.rs` is a thin
//! wrapper, and tests and fuzz targets drive the same code.

pub mod blackbox;
pub mod daemon;
pub mod eventloop;
pub mod exec;
pub mod ipc;
pub mod log;
pub mod net;
pub mod paths;
pub mod ringid;
pub mod runtime;
pub mod service;
pub mod signals;
pub mod startup;
pub mod sync;
pub mod totemglue;

pub use startup::run;
