//! The shared parts of the coroipc transport, used by the client libraries
//! and by the executive: shared-memory files, the double-mapped dispatch
//! ring, the control buffer and its process-shared semaphores.
//!
//! The semaphores live inside the control buffer and are glibc `sem_t`s,
//! operated through the host's libc so that original C clients and servers
//! interoperate with ours.

pub mod control;
pub mod shm;

pub use control::ControlBuffer;
pub use shm::{Mapping, ShmError};

/// Returns the calling thread's errno.
pub fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}
