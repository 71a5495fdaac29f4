//! Protection of the executive against clients that shrink their shared
//! memory files after setup.
//!
//! A client keeps a descriptor of each file it created; if it truncates
//! one, the executive's next access to a page beyond the new end raises
//! SIGBUS, which would kill the whole node. Server-side mappings are
//! registered here; the SIGBUS handler replaces the faulting page of a
//! registered mapping with a private zero page (so the access completes)
//! and marks the mapping, and the executive then drops that client.
//!
//! The handler only touches atomics and calls mmap, sigaction and raise.

use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

const SLOTS: usize = 16384;

struct Slot {
    start: AtomicUsize,
    len: AtomicUsize,
    hit: AtomicBool,
}

#[allow(clippy::declare_interior_mutable_const)]
const EMPTY: Slot = Slot {
    start: AtomicUsize::new(0),
    len: AtomicUsize::new(0),
    hit: AtomicBool::new(false),
};

static TABLE: [Slot; SLOTS] = [EMPTY; SLOTS];
static PAGE: AtomicUsize = AtomicUsize::new(4096);
static INSTALL: Once = Once::new();

/// A registered mapping; unregistered when dropped.
#[derive(Debug)]
pub struct Guard {
    slot: usize,
}

impl Guard {
    /// Whether the client truncated the file under this mapping.
    pub fn faulted(&self) -> bool {
        TABLE[self.slot].hit.load(Ordering::Acquire)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let s = &TABLE[self.slot];
        s.len.store(0, Ordering::Release);
        s.hit.store(false, Ordering::Release);
        s.start.store(0, Ordering::Release);
    }
}

extern "C" fn on_sigbus(sig: libc::c_int, info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    // SAFETY: the kernel passes a valid siginfo for SA_SIGINFO handlers.
    let addr = unsafe { (*info).si_addr() } as usize;
    let page = PAGE.load(Ordering::Relaxed);
    for s in TABLE.iter() {
        let start = s.start.load(Ordering::Acquire);
        if start == 0 {
            continue;
        }
        let len = s.len.load(Ordering::Acquire);
        if addr >= start && addr - start < len {
            let base = addr & !(page - 1);
            // SAFETY: replacing one page inside a mapping this process
            // owns (registered above) with private anonymous memory; the
            // faulting access then completes on the zero page.
            let p = unsafe {
                libc::mmap(
                    base as *mut libc::c_void,
                    page,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_FIXED | libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                    -1,
                    0,
                )
            };
            if p != libc::MAP_FAILED {
                s.hit.store(true, Ordering::Release);
                return;
            }
            break;
        }
    }
    // Not ours: die as the default action would.
    // SAFETY: restoring the default disposition and re-raising.
    unsafe {
        libc::signal(sig, libc::SIG_DFL);
        libc::raise(sig);
    }
}

fn install() {
    INSTALL.call_once(|| {
        // SAFETY: sysconf has no preconditions.
        let p = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        if p > 0 {
            PAGE.store(p as usize, Ordering::Relaxed);
        }
        // SAFETY: installing a SA_SIGINFO handler with an empty mask.
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_sigbus
                as extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void)
                as usize;
            sa.sa_flags = libc::SA_SIGINFO | libc::SA_NODEFER;
            libc::sigemptyset(&mut sa.sa_mask);
            libc::sigaction(libc::SIGBUS, &sa, std::ptr::null_mut());
        }
    });
}

/// Registers `[addr, addr + len)`; None when the table is full (the
/// mapping then works unprotected).
pub fn protect(addr: *mut u8, len: usize) -> Option<Guard> {
    install();
    for (i, s) in TABLE.iter().enumerate() {
        if s.start
            .compare_exchange(0, usize::MAX, Ordering::AcqRel, Ordering::Relaxed)
            .is_ok()
        {
            s.hit.store(false, Ordering::Release);
            s.len.store(len, Ordering::Release);
            s.start.store(addr as usize, Ordering::Release);
            return Some(Guard { slot: i });
        }
    }
    None
}
