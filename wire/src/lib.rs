//! Every message that crosses a process or host boundary in the corosync
//! 1.4 client protocol (coroipc) and the executive message layer, as Rust
//! types with explicit encode and decode.
//!
//! Untrusted bytes are decoded with bounds checks, never cast. The layouts
//! are the original's `aligned(8)` structures on LP64 Linux; offsets are
//! written out as constants next to each type.
#![forbid(unsafe_code)]

pub mod bytes;
pub mod cfg;
pub mod confdb;
pub mod cpg;
pub mod error;
pub mod evs;
pub mod exec;
pub mod ipc;
pub mod pload;
pub mod quorum;
pub mod votequorum;

pub use error::{CsError, CsResult, DecodeError};
