//! The control buffer: ring indices, flags and the four process-shared
//! semaphores, at the offsets of the original `struct control_buffer`.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
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

const ALL_SEMAPHORES: [Semaphore; 4] = [
    Semaphore::RequestOrFlushOrExit,
    Semaphore::Request,
    Semaphore::Response,
    Semaphore::Dispatch,
];

/// glibc's `SEM_VALUE_MAX`.
const SEM_VALUE_MAX: u32 = i32::MAX as u32;
/// Offset of the `private` word inside a glibc semaphore.
const SEM_PRIVATE_OFFSET: usize = 8;
/// What glibc's `sem_init(sem, 1, _)` stores in that word: the flag it
/// XORs into its futex operations, so that a process-shared semaphore is
/// waited on and woken with shared (not process-private) futexes. A 0
/// there makes glibc peers sleep on private futexes nobody else can wake.
const SEM_PRIVATE_SHARED: u32 = 128;

/// FUTEX_WAIT on a shared (not process-private) futex. Returns the errno
/// on failure (EAGAIN when the value already differed, ETIMEDOUT, EINTR).
fn futex_wait(word: &AtomicU32, expected: u32, timeout: Option<Duration>) -> Result<(), i32> {
    let ts = timeout.map(|t| libc::timespec {
        tv_sec: t.as_secs() as libc::time_t,
        tv_nsec: t.subsec_nanos() as libc::c_long,
    });
    let tsp = ts
        .as_ref()
        .map_or(std::ptr::null(), |t| t as *const libc::timespec);
    // SAFETY: a futex wait on a 4-byte aligned word of our shared mapping,
    // with a valid (or null) relative timeout.
    let r = unsafe {
        libc::syscall(
            libc::SYS_futex,
            word.as_ptr(),
            libc::FUTEX_WAIT,
            expected,
            tsp,
            std::ptr::null::<u32>(),
            0u32,
        )
    };
    if r == 0 { Ok(()) } else { Err(crate::errno()) }
}

/// FUTEX_WAKE of up to `n` sleepers on a shared futex.
fn futex_wake(word: &AtomicU32, n: i32) {
    // SAFETY: a futex wake on a 4-byte aligned word of our shared mapping.
    unsafe {
        libc::syscall(
            libc::SYS_futex,
            word.as_ptr(),
            libc::FUTEX_WAKE,
            n,
            std::ptr::null::<libc::timespec>(),
            std::ptr::null::<u32>(),
            0u32,
        )
    };
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

    /// The 64-bit word of a glibc semaphore: the count in the low 32 bits,
    /// the number of sleeping waiters in the high 32 bits.
    fn sem_data(&self, s: Semaphore) -> &AtomicU64 {
        self.map
            .atomic_u64(s.offset())
            .expect("semaphore inside the checked structure")
    }

    /// The 32-bit count, which futex waits and wakes address.
    fn sem_value_word(&self, s: Semaphore) -> &AtomicU32 {
        let off = if cfg!(target_endian = "little") { 0 } else { 4 };
        self.field(s.offset() + off)
    }

    /// Initialises the four semaphores as glibc's `sem_init(sem, 1, 0)`
    /// does (count 0, no waiters, shared futexes). Done by the client
    /// before it sends the setup request.
    pub fn init_semaphores(&self) -> Result<(), i32> {
        for s in ALL_SEMAPHORES {
            self.sem_data(s).store(0, Ordering::Release);
            self.field(s.offset() + SEM_PRIVATE_OFFSET)
                .store(SEM_PRIVATE_SHARED, Ordering::Release);
        }
        Ok(())
    }

    /// Nothing to release: glibc's `sem_destroy` does nothing either.
    pub fn destroy_semaphores(&self) {}

    /// Increments the count and wakes a sleeper, as `sem_post` does. The
    /// semaphores are shared with another process, so they are operated
    /// with raw futex calls rather than glibc's `sem_*`: glibc aborts the
    /// whole process when the peer scribbles over a semaphore.
    pub fn post(&self, s: Semaphore) -> Result<(), i32> {
        self.post_inner(s, false)
    }

    /// Like [`ControlBuffer::post`], but always issues the wake-up, even if
    /// the waiter count (which the peer can overwrite) says nobody sleeps.
    pub fn post_wake(&self, s: Semaphore) -> Result<(), i32> {
        self.post_inner(s, true)
    }

    fn post_inner(&self, s: Semaphore, force_wake: bool) -> Result<(), i32> {
        let w = self.sem_data(s);
        let mut d = w.load(Ordering::Relaxed);
        loop {
            if d as u32 >= SEM_VALUE_MAX {
                return Err(libc::EOVERFLOW);
            }
            match w.compare_exchange_weak(d, d + 1, Ordering::Release, Ordering::Relaxed) {
                Ok(_) => break,
                Err(now) => d = now,
            }
        }
        if force_wake || d >> 32 > 0 {
            futex_wake(self.sem_value_word(s), 1);
        }
        Ok(())
    }

    /// Decrements without blocking; true when it did.
    pub fn try_wait(&self, s: Semaphore) -> bool {
        let w = self.sem_data(s);
        let mut d = w.load(Ordering::Relaxed);
        while d as u32 > 0 {
            match w.compare_exchange_weak(d, d - 1, Ordering::Acquire, Ordering::Relaxed) {
                Ok(_) => return true,
                Err(now) => d = now,
            }
        }
        false
    }

    /// Blocks until the semaphore can be decremented.
    pub fn wait(&self, s: Semaphore) -> Wait {
        self.wait_inner(s, None)
    }

    /// Waits at most `timeout`.
    pub fn wait_timeout(&self, s: Semaphore, timeout: Duration) -> Wait {
        self.wait_inner(s, Some(Instant::now() + timeout))
    }

    fn wait_inner(&self, s: Semaphore, deadline: Option<Instant>) -> Wait {
        if self.try_wait(s) {
            return Wait::Acquired;
        }
        let w = self.sem_data(s);
        // register as a sleeper, as glibc's slow path does
        w.fetch_add(1 << 32, Ordering::Relaxed);
        let result = loop {
            let d = w.load(Ordering::Acquire);
            if d as u32 > 0 {
                // take a token and unregister in one step
                if w.compare_exchange_weak(
                    d,
                    d - 1 - (1 << 32),
                    Ordering::Acquire,
                    Ordering::Relaxed,
                )
                .is_ok()
                {
                    return Wait::Acquired;
                }
                continue;
            }
            let remaining = match deadline {
                None => None,
                Some(t) => {
                    let now = Instant::now();
                    if now >= t {
                        break Wait::TimedOut;
                    }
                    Some(t - now)
                }
            };
            match futex_wait(self.sem_value_word(s), 0, remaining) {
                Ok(()) | Err(libc::EAGAIN) | Err(libc::EINTR) => continue,
                Err(libc::ETIMEDOUT) => break Wait::TimedOut,
                Err(e) => break Wait::Failed(e),
            }
        };
        w.fetch_sub(1 << 32, Ordering::Relaxed);
        result
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
        self.sem_data(s).load(Ordering::Relaxed) as u32 as i32
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
    fn our_semaphores_interoperate_with_glibc_ones() {
        let (path, a) = Mapping::create("coroipc_test_glibc", 8192, false).unwrap();
        let a = ControlBuffer::new(a).unwrap();
        // SAFETY: getuid has no preconditions.
        let uid = unsafe { libc::getuid() };
        let b =
            Mapping::open_client_file(&path, 8192, false, &crate::shm::OpenPolicy::for_client(uid))
                .unwrap();
        let b = std::sync::Arc::new(ControlBuffer::new(b).unwrap());
        let sem = |c: &ControlBuffer, s: Semaphore| -> usize {
            c.mapping().as_ptr() as usize + s.offset()
        };
        // glibc initialises, we wait, glibc posts from another thread
        // SAFETY: initialising semaphore storage in the test's mapping.
        unsafe { libc::sem_init(sem(&a, Semaphore::Request) as *mut libc::sem_t, 1, 0) };
        let post_addr = sem(&a, Semaphore::Request);
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            // SAFETY: posting a semaphore initialised above; the mapping
            // outlives the thread (joined below).
            unsafe { libc::sem_post(post_addr as *mut libc::sem_t) };
        });
        assert_eq!(
            b.wait_timeout(Semaphore::Request, Duration::from_secs(5)),
            Wait::Acquired
        );
        t.join().unwrap();
        // glibc waits (timed), we post from another thread
        let b2 = std::sync::Arc::clone(&b);
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            b2.post(Semaphore::Request).unwrap();
        });
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: reading the clock into a local.
        unsafe { libc::clock_gettime(libc::CLOCK_REALTIME, &mut ts) };
        ts.tv_sec += 5;
        // SAFETY: a timed wait on the semaphore initialised above.
        let r =
            unsafe { libc::sem_timedwait(sem(&a, Semaphore::Request) as *mut libc::sem_t, &ts) };
        assert_eq!(r, 0);
        t.join().unwrap();
    }

    #[test]
    fn initialised_semaphores_are_byte_identical_to_glibc_shared_ones() {
        let (_path, a) = Mapping::create("coroipc_test_initbytes", 8192, false).unwrap();
        let a = ControlBuffer::new(a).unwrap();
        assert!(a.mapping().write(0, &[0xa5; 256]));
        a.init_semaphores().unwrap();
        for s in ALL_SEMAPHORES {
            let mut glibc = [0xa5u8; 32];
            // SAFETY: sem_init on a local 32-byte buffer (sizeof(sem_t)).
            let r = unsafe { libc::sem_init(glibc.as_mut_ptr() as *mut libc::sem_t, 1, 0) };
            assert_eq!(r, 0);
            let mut ours = [0u8; 12];
            assert!(a.mapping().read(s.offset(), &mut ours));
            assert_eq!(ours, glibc[..12], "semaphore {s:?}");
        }
    }

    #[test]
    fn scribbled_semaphore_fails_the_wait_instead_of_aborting() {
        let (path, a) = Mapping::create("coroipc_test_scribble", 8192, false).unwrap();
        let a = ControlBuffer::new(a).unwrap();
        a.init_semaphores().unwrap();
        let _ = std::fs::remove_file(crate::shm::display_path(&path));
        // the peer overwrites the private flag and the waiter count
        a.mapping()
            .write(Semaphore::Dispatch.offset() + 8, &[0xff; 8]);
        a.mapping()
            .write(Semaphore::Dispatch.offset() + 4, &[0xff; 4]);
        a.post(Semaphore::Dispatch).unwrap();
        assert!(a.try_wait(Semaphore::Dispatch));
        assert_eq!(
            a.wait_timeout(Semaphore::Dispatch, Duration::from_millis(20)),
            Wait::TimedOut
        );
        a.post_wake(Semaphore::Dispatch).unwrap();
        assert_eq!(a.wait(Semaphore::Dispatch), Wait::Acquired);
    }

    #[test]
    fn ring_free_space_matches_the_original_formula() {
        assert_eq!(ring_free(1024, 0, 0), 1024);
        assert_eq!(ring_free(1024, 0, 1000), 24);
        assert_eq!(ring_free(1024, 512, 8), 504);
    }
}
