//! The shared parts of the coroipc transport, used by the client libraries
//! and by the executive: shared-memory files, the double-mapped dispatch
//! ring, the control buffer and its process-shared semaphores.
//!
//! The semaphores live inside the control buffer and are glibc `sem_t`s,
//! operated through the host's libc so that original C clients and servers
//! interoperate with ours.

pub mod control;
pub mod shm;
pub mod sigbus;
pub mod spin;

pub use control::ControlBuffer;
pub use shm::{Mapping, ShmError};

/// Returns the calling thread's errno.
pub fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// The abstract-namespace address of `name`, zero padded to the full
/// `sun_path` as the original binds and connects it.
pub fn abstract_address(name: &str) -> Option<libc::sockaddr_un> {
    // SAFETY: sockaddr_un is plain data; all zero is a valid value.
    let mut addr: libc::sockaddr_un = unsafe { std::mem::zeroed() };
    addr.sun_family = libc::AF_UNIX as libc::sa_family_t;
    let bytes = name.as_bytes();
    if bytes.len() + 1 > addr.sun_path.len() {
        return None;
    }
    for (i, b) in bytes.iter().enumerate() {
        addr.sun_path[i + 1] = *b as libc::c_char;
    }
    Some(addr)
}
