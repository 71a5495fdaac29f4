//! The control buffer: ring indices, flags and the four process-shared
//! semaphores, at the offsets of the original `struct control_buffer`.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use corosync_wire::ipc::control::{self, Semaphore};

use crate::shm::{Mapping, ShmError};

/// Result of waiting on a semaphore.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// The semaphore was decremented.
    Acquired,
    /// The timeout expired first.
    TimedOut,
    /// The wait failed for another reason (errno).
    Failed(i32),
}

/// The control buffer of one connection.
#[derive(Debug)]
pub struct ControlBuffer {
    map: Mapping,
}

impl ControlBuffer {
    /// Wraps a mapping, which must hold at least the original structure.
    pub fn new(map: Mapping) -> Result<ControlBuffer, ShmError> {
        if map.len() < control::STRUCT_SIZE {
            return Err(ShmError::Refused("control buffer too small"));
        }
        Ok(ControlBuffer { map })
    }

    pub fn mapping(&self) -> &Mapping {
        &self.map
    }

    fn field(&self, off: usize) -> &AtomicU32 {
        // The constructor guaranteed the structure fits, and every offset
        // used here is a 4-aligned constant inside it.
        self.map
            .atomic_u32(off)
            .expect("control buffer field inside the checked structure")
    }

    fn sem(&self, s: Semaphore) -> *mut libc::sem_t {
        // Offsets are constants inside the structure checked at creation.
        // SAFETY: the offset is within the mapping (see above).
        unsafe { self.map.as_ptr().add(s.offset()).cast::<libc::sem_t>() }
    }

    /// Initialises the four semaphores (process shared, value 0). Done by
    /// the client before it sends the setup request.
    pub fn init_semaphores(&self) -> Result<(), i32> {
        for s in [
            Semaphore::RequestOrFlushOrExit,
            Semaphore::Request,
            Semaphore::Response,
            Semaphore::Dispatch,
        ] {
            // SAFETY: the semaphore storage is 32 properly aligned bytes in
            // our shared mapping; pshared=1 because another process uses it.
            if unsafe { libc::sem_init(self.sem(s), 1, 0) } != 0 {
                return Err(crate::errno());
            }
        }
        Ok(())
    }

    /// Destroys the semaphores. Done by the side that tears down last.
    pub fn destroy_semaphores(&self) {
        for s in [
            Semaphore::RequestOrFlushOrExit,
            Semaphore::Request,
            Semaphore::Response,
            Semaphore::Dispatch,
        ] {
            // SAFETY: destroying semaphore storage inside our mapping; glibc
            // sem_destroy only validates it.
            unsafe { libc::sem_destroy(self.sem(s)) };
        }
    }

    pub fn post(&self, s: Semaphore) -> Result<(), i32> {
        // SAFETY: the pointer addresses semaphore storage in our mapping.
        if unsafe { libc::sem_post(self.sem(s)) } == 0 {
            Ok(())
        } else {
            Err(crate::errno())
        }
    }

    /// Decrements without blocking; true when it did.
    pub fn try_wait(&self, s: Semaphore) -> bool {
        // SAFETY: the pointer addresses semaphore storage in our mapping.
        unsafe { libc::sem_trywait(self.sem(s)) == 0 }
    }

    /// Blocks until the semaphore can be decremented (retrying on EINTR).
    pub fn wait(&self, s: Semaphore) -> Wait {
        loop {
            // SAFETY: the pointer addresses semaphore storage in our mapping.
            if unsafe { libc::sem_wait(self.sem(s)) } == 0 {
                return Wait::Acquired;
            }
            let e = crate::errno();
            if e != libc::EINTR {
                return Wait::Failed(e);
            }
        }
    }

    /// Waits at most `timeout` (retrying on EINTR).
    pub fn wait_timeout(&self, s: Semaphore, timeout: Duration) -> Wait {
        let mut now = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime writes into `now`.
        unsafe { libc::clock_gettime(libc::CLOCK_REALTIME, &mut now) };
        let mut deadline = libc::timespec {
            tv_sec: now.tv_sec + timeout.as_secs() as libc::time_t,
            tv_nsec: now.tv_nsec + timeout.subsec_nanos() as libc::c_long,
        };
        if deadline.tv_nsec >= 1_000_000_000 {
            deadline.tv_sec += 1;
            deadline.tv_nsec -= 1_000_000_000;
        }
        loop {
            // SAFETY: the pointer addresses semaphore storage in our
            // mapping; `deadline` is a valid timespec.
            if unsafe { libc::sem_timedwait(self.sem(s), &deadline) } == 0 {
                return Wait::Acquired;
            }
            match crate::errno() {
                libc::EINTR => continue,
                libc::ETIMEDOUT => return Wait::TimedOut,
                e => return Wait::Failed(e),
            }
        }
    }

    /// Spins on `try_wait` for up to `spin`, yielding the CPU between
    /// attempts; true when acquired. Used before a blocking wait to avoid
    /// the cost of a sleep/wake-up when the peer answers quickly.
    pub fn spin_wait(&self, s: Semaphore, spin: Duration) -> bool {
        if self.try_wait(s) {
            return true;
        }
        if spin.is_zero() {
            return false;
        }
        let start = Instant::now();
        let mut n: u32 = 0;
        loop {
            for _ in 0..64 {
                std::hint::spin_loop();
            }
            if self.try_wait(s) {
                return true;
            }
            n = n.wrapping_add(1);
            if n.is_multiple_of(16) && start.elapsed() >= spin {
                return false;
            }
        }
    }

    pub fn get_value(&self, s: Semaphore) -> i32 {
        let mut v: libc::c_int = 0;
        // SAFETY: the pointer addresses semaphore storage in our mapping.
        unsafe { libc::sem_getvalue(self.sem(s), &mut v) };
        v
    }

    pub fn read_index(&self) -> u32 {
        self.field(control::READ).load(Ordering::Acquire)
    }

    pub fn set_read_index(&self, v: u32) {
        self.field(control::READ).store(v, Ordering::Release)
    }

    pub fn write_index(&self) -> u32 {
        self.field(control::WRITE).load(Ordering::Acquire)
    }

    pub fn set_write_index(&self, v: u32) {
        self.field(control::WRITE).store(v, Ordering::Release)
    }

    pub fn flow_control_enabled(&self) -> u32 {
        self.field(control::FLOW_CONTROL_ENABLED)
            .load(Ordering::Acquire)
    }

    pub fn set_flow_control_enabled(&self, v: u32) {
        self.field(control::FLOW_CONTROL_ENABLED)
            .store(v, Ordering::Release)
    }

    pub fn ipc_closed(&self) -> bool {
        self.field(control::IPC_CLOSED).load(Ordering::Acquire) != 0
    }

    pub fn set_ipc_closed(&self) {
        self.field(control::IPC_CLOSED).store(1, Ordering::Release)
    }
}

/// Bytes the writer may still put in a ring of `size` bytes, as the
/// client computes it (no slack).
pub fn ring_free(size: u32, read: u32, write: u32) -> u32 {
    if read <= write {
        size.wrapping_sub(write).wrapping_add(read)
    } else {
        read - write
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semaphores_work_across_two_mappings_of_one_file() {
        let (path, a) = Mapping::create("coroipc_test_ctl", 8192, false).unwrap();
        let a = ControlBuffer::new(a).unwrap();
        a.init_semaphores().unwrap();
        // SAFETY: getuid has no preconditions.
        let uid = unsafe { libc::getuid() };
        let b =
            Mapping::open_client_file(&path, 8192, false, &crate::shm::OpenPolicy::for_client(uid))
                .unwrap();
        let b = ControlBuffer::new(b).unwrap();
        b.post(Semaphore::Request).unwrap();
        assert_eq!(a.get_value(Semaphore::Request), 1);
        assert_eq!(a.wait(Semaphore::Request), Wait::Acquired);
        assert_eq!(
            a.wait_timeout(Semaphore::Response, Duration::from_millis(10)),
            Wait::TimedOut
        );
        b.set_write_index(64);
        assert_eq!(a.write_index(), 64);
        assert!(!a.spin_wait(Semaphore::Dispatch, Duration::from_micros(50)));
        b.post(Semaphore::Dispatch).unwrap();
        assert!(a.spin_wait(Semaphore::Dispatch, Duration::from_micros(50)));
        b.set_ipc_closed();
        assert!(a.ipc_closed());
        a.destroy_semaphores();
    }

    #[test]
    fn ring_free_space_matches_the_original_formula() {
        assert_eq!(ring_free(1024, 0, 0), 1024);
        assert_eq!(ring_free(1024, 0, 1000), 24);
        assert_eq!(ring_free(1024, 512, 8), 504);
    }
}
