//! Signals arrive through a signalfd read by the main loop. They are
//! blocked in every thread (the mask is set before any thread starts), so
//! no handler runs in the middle of protocol work.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

const HANDLED: [libc::c_int; 4] = [libc::SIGTERM, libc::SIGINT, libc::SIGQUIT, libc::SIGUSR2];

fn mask() -> libc::sigset_t {
    // SAFETY: sigset_t is plain data initialised by sigemptyset.
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: operating on our local set.
    unsafe {
        libc::sigemptyset(&mut set);
        for s in HANDLED {
            libc::sigaddset(&mut set, s);
        }
    }
    set
}

/// Blocks the handled signals in the calling thread (and every thread it
/// starts later) and ignores SIGPIPE.
pub fn block() {
    let set = mask();
    // SAFETY: changing this thread's signal mask with a valid set; setting
    // SIGPIPE to ignored.
    unsafe {
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
}

pub struct Signals {
    fd: OwnedFd,
}

impl Signals {
    pub fn new() -> io::Result<Signals> {
        let set = mask();
        // SAFETY: creating a signalfd for our set.
        let fd = unsafe { libc::signalfd(-1, &set, libc::SFD_NONBLOCK | libc::SFD_CLOEXEC) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: a fresh descriptor we own.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        Ok(Signals { fd })
    }

    pub fn fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    /// Reads pending signals; true if one of them asks the executive to
    /// stop. SIGUSR2 writes the flight recorder dump (`corosync-blackbox`).
    pub fn take_termination(&self) -> bool {
        let mut stop = false;
        loop {
            // SAFETY: signalfd_siginfo is plain data.
            let mut info: libc::signalfd_siginfo = unsafe { std::mem::zeroed() };
            let sz = std::mem::size_of::<libc::signalfd_siginfo>();
            // SAFETY: reading one record into our local.
            let n = unsafe {
                libc::read(
                    self.fd.as_raw_fd(),
                    (&mut info as *mut libc::signalfd_siginfo).cast(),
                    sz,
                )
            };
            if n != sz as isize {
                return stop;
            }
            match info.ssi_signo as libc::c_int {
                libc::SIGTERM | libc::SIGINT | libc::SIGQUIT => stop = true,
                libc::SIGUSR2 => crate::blackbox::store(),
                _ => {}
            }
        }
    }
}
