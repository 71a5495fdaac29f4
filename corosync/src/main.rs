//! The corosync executive.

pub mod eventloop;
pub mod ipc;
pub mod log;
pub mod service;
pub mod sync;

fn main() {}
