//! `libsam.so.4`: the simple availability manager of `corosync/sam.h`.
//!
//! `sam_register` forks: the child returns and runs the application, the
//! parent stays behind as its watchdog. The child reports over a pipe, one
//! byte per command (start, stop, health check). While checking is started
//! the parent expects a byte every `time_interval` milliseconds; when one
//! is missing it sends the warning signal, and when the next one is
//! missing too it sends SIGKILL. When the child dies (or was killed) after
//! `sam_start`, the recovery policy applies: RESTART forks a new child
//! (which returns from `sam_register` again with the next instance id),
//! QUIT makes the parent exit with the child's exit status. A child that
//! ends while checking is stopped makes the parent exit the same way.
//!
//! This is the 1.4 library: no quorum policy, no stored data, no
//! "mark failed" (those came with later versions of the API).

use std::sync::{Mutex, MutexGuard};

use corosync_wire::CsError;

/// `sam_hc_callback_t`: returns 0 when the application is healthy.
pub type HcCallback = unsafe extern "C" fn() -> i32;

pub const SAM_RECOVERY_POLICY_QUIT: i32 = 1;
pub const SAM_RECOVERY_POLICY_RESTART: i32 = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    NotInitialized,
    Initialized,
    Registered,
    Started,
    Finalized,
}

/// Commands on the pipes (one byte each).
const CMD_START: u8 = 0;
const CMD_STOP: u8 = 1;
const CMD_HB: u8 = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ParentAction {
    Error,
    Recovery,
    Quit,
}

struct State {
    time_interval: i32,
    recovery_policy: i32,
    status: Status,
    instance_id: u32,
    parent_fd: i32,
    warn_signal: i32,
    hc_callback: Option<HcCallback>,
    cb_wpipe_fd: i32,
    cb_registered: bool,
}

static STATE: Mutex<State> = Mutex::new(State {
    time_interval: 0,
    recovery_policy: 0,
    status: Status::NotInitialized,
    instance_id: 0,
    parent_fd: -1,
    warn_signal: libc::SIGTERM,
    hc_callback: None,
    cb_wpipe_fd: -1,
    cb_registered: false,
});

fn state() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|p| p.into_inner())
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// Writes one command byte, retrying on EINTR/EAGAIN.
fn write_cmd(fd: i32, cmd: u8) -> Result<(), ()> {
    loop {
        // SAFETY: writing one byte from a local to a descriptor we own.
        let r = unsafe { libc::write(fd, (&cmd as *const u8).cast(), 1) };
        if r == 1 {
            return Ok(());
        }
        if r == -1 && !matches!(errno(), libc::EINTR | libc::EAGAIN) {
            return Err(());
        }
    }
}

/// Reads one byte: Some(Some(b)), Some(None) at end of file, None on a
/// retryable error, Err on a real error.
fn read_cmd(fd: i32) -> Result<Option<Option<u8>>, ()> {
    let mut b = 0u8;
    // SAFETY: reading one byte into a local from a descriptor we own.
    let r = unsafe { libc::read(fd, (&mut b as *mut u8).cast(), 1) };
    match r {
        1 => Ok(Some(Some(b))),
        0 => Ok(Some(None)),
        _ if matches!(errno(), libc::EINTR | libc::EAGAIN) => Ok(None),
        _ => Err(()),
    }
}

/// poll(2) on one descriptor for input: -1 error, 0 timeout, >0 ready.
fn poll_in(fd: i32, timeout_ms: i32) -> i32 {
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one pollfd on the stack.
    unsafe { libc::poll(&mut p, 1, timeout_ms) }
}

fn close(fd: i32) {
    // SAFETY: closing a descriptor this library created.
    unsafe { libc::close(fd) };
}

/// The watchdog loop of the parent for one child.
fn parent_handler(
    pipe_fd: i32,
    child: libc::pid_t,
    time_interval: i32,
    warn_signal: i32,
) -> ParentAction {
    let mut started = false;
    let mut term_sent = false;
    loop {
        let timeout = if started && time_interval != 0 {
            time_interval
        } else {
            -1
        };
        let r = poll_in(pipe_fd, timeout);
        if r == -1 {
            if errno() != libc::EINTR {
                return ParentAction::Error;
            }
            continue;
        }
        if r == 0 {
            if !started {
                return ParentAction::Quit;
            }
            if !term_sent {
                // SAFETY: signalling our own child.
                unsafe { libc::kill(child, warn_signal) };
                term_sent = true;
            } else {
                // SAFETY: as above.
                unsafe { libc::kill(child, libc::SIGKILL) };
                return ParentAction::Recovery;
            }
            continue;
        }
        match read_cmd(pipe_fd) {
            Err(()) => return ParentAction::Error,
            Ok(None) => continue,
            Ok(Some(None)) => {
                return if started {
                    ParentAction::Recovery
                } else {
                    ParentAction::Quit
                };
            }
            Ok(Some(Some(cmd))) => {
                if !started && cmd == CMD_START {
                    started = true;
                } else if started && cmd == CMD_STOP {
                    started = false;
                }
            }
        }
    }
}

/// The event-driven checker: while started, sends a health check every
/// quarter interval and asks the callback every fourth time; once the
/// callback reports a failure it stops sending.
fn hc_callback_thread(rpipe: i32, time_interval: i32) {
    #[derive(PartialEq)]
    enum S {
        Stopped,
        Running,
        Failed,
    }
    let mut s = S::Stopped;
    let mut counter = 0;
    let quarter = time_interval >> 2;
    loop {
        let timeout = if s == S::Running { quarter } else { -1 };
        let r = poll_in(rpipe, timeout);
        if r == 0 {
            if hc_send() == CsError::OK {
                counter += 1;
            }
            if counter >= 4 {
                // the lock is not held while the callback runs; no
                // callback (unregistered with NULL): nothing to ask
                let cb = state().hc_callback;
                if let Some(cb) = cb {
                    // SAFETY: the application's callback, registered
                    // through sam_hc_callback_register.
                    let unhealthy = unsafe { cb() } != 0;
                    if unhealthy {
                        s = S::Failed;
                    }
                }
                counter = 0;
            }
        } else if r > 0 {
            match read_cmd(rpipe) {
                Ok(Some(Some(cmd))) => {
                    if s == S::Stopped && cmd == CMD_START {
                        s = S::Running;
                    } else if s == S::Running && cmd == CMD_STOP {
                        s = S::Stopped;
                    }
                }
                Ok(Some(None)) | Err(()) => return,
                Ok(None) => {}
            }
        }
    }
}

fn hc_send() -> CsError {
    let st = state();
    if st.status != Status::Started {
        return CsError::BAD_HANDLE;
    }
    if write_cmd(st.parent_fd, CMD_HB).is_err() {
        return CsError::LIBRARY;
    }
    CsError::OK
}

fn send_command(st: &State, cmd: u8) -> Result<(), CsError> {
    write_cmd(st.parent_fd, cmd).map_err(|_| CsError::LIBRARY)?;
    if st.hc_callback.is_some() {
        write_cmd(st.cb_wpipe_fd, cmd).map_err(|_| CsError::LIBRARY)?;
    }
    Ok(())
}

fn stop(st: &mut State) -> CsError {
    if st.status != Status::Started {
        return CsError::BAD_HANDLE;
    }
    if let Err(e) = send_command(st, CMD_STOP) {
        return e;
    }
    st.status = Status::Registered;
    CsError::OK
}

fn register(instance_id: *mut u32) -> CsError {
    let (policy, time_interval, warn_signal) = {
        let st = state();
        if st.status != Status::Initialized {
            return CsError::BAD_HANDLE;
        }
        (st.recovery_policy, st.time_interval, st.warn_signal)
    };
    loop {
        let mut fds = [0i32; 2];
        // SAFETY: pipe fills the two-element array.
        if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
            return CsError::LIBRARY;
        }
        let id = {
            let mut st = state();
            st.instance_id = st.instance_id.wrapping_add(1);
            st.instance_id
        };
        // SAFETY: fork as the API promises; no lock of ours is held.
        let pid = unsafe { libc::fork() };
        if pid == -1 {
            let mut st = state();
            st.instance_id = st.instance_id.wrapping_sub(1);
            close(fds[0]);
            close(fds[1]);
            return CsError::LIBRARY;
        }
        if pid == 0 {
            close(fds[0]);
            let mut st = state();
            st.parent_fd = fds[1];
            st.status = Status::Registered;
            if !instance_id.is_null() {
                // SAFETY: checked non-null; caller-provided storage.
                unsafe { *instance_id = id };
            }
            return CsError::OK;
        }
        close(fds[1]);
        let action = parent_handler(fds[0], pid, time_interval, warn_signal);
        close(fds[0]);
        if action == ParentAction::Error {
            return CsError::LIBRARY;
        }
        let mut status = 0;
        // SAFETY: reaping our own child.
        while unsafe { libc::waitpid(pid, &mut status, 0) } == -1 && errno() == libc::EINTR {}
        let action = if action == ParentAction::Recovery && policy == SAM_RECOVERY_POLICY_QUIT {
            ParentAction::Quit
        } else {
            action
        };
        if action == ParentAction::Quit {
            // SAFETY: ending the watchdog process as the API documents,
            // with the child's exit status (atexit handlers run).
            unsafe { libc::exit(libc::WEXITSTATUS(status)) };
        }
    }
}

fn callback_register(cb: Option<HcCallback>) -> CsError {
    let mut st = state();
    if st.status != Status::Registered {
        return CsError::BAD_HANDLE;
    }
    if st.time_interval == 0 {
        return CsError::INVALID_PARAM;
    }
    if st.cb_registered {
        st.hc_callback = cb;
        return CsError::OK;
    }
    if cb.is_none() {
        return CsError::INVALID_PARAM;
    }
    let mut fds = [0i32; 2];
    // SAFETY: pipe fills the two-element array.
    if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
        return CsError::LIBRARY;
    }
    let (rpipe, interval) = (fds[0], st.time_interval);
    let spawned = std::thread::Builder::new()
        .name("sam-hc".into())
        .stack_size(64 * 1024)
        .spawn(move || hc_callback_thread(rpipe, interval));
    if spawned.is_err() {
        close(fds[0]);
        close(fds[1]);
        return CsError::LIBRARY;
    }
    st.cb_wpipe_fd = fds[1];
    st.cb_registered = true;
    st.hc_callback = cb;
    CsError::OK
}

capi::export! {
    fn sam_initialize(time_interval: i32, recovery_policy: i32) -> CsError [CsError::LIBRARY] {
        let mut st = state();
        if st.status != Status::NotInitialized {
            return CsError::BAD_HANDLE;
        }
        if recovery_policy != SAM_RECOVERY_POLICY_QUIT && recovery_policy != SAM_RECOVERY_POLICY_RESTART {
            return CsError::INVALID_PARAM;
        }
        st.recovery_policy = recovery_policy;
        st.time_interval = time_interval;
        st.status = Status::Initialized;
        st.warn_signal = libc::SIGTERM;
        CsError::OK
    }

    fn sam_finalize() -> CsError [CsError::LIBRARY] {
        let mut st = state();
        if !matches!(st.status, Status::Initialized | Status::Registered | Status::Started) {
            return CsError::BAD_HANDLE;
        }
        if st.status == Status::Started && stop(&mut st) != CsError::OK {
            // the original reports success even then, and stays started
            return CsError::OK;
        }
        st.status = Status::Finalized;
        CsError::OK
    }

    fn sam_start() -> CsError [CsError::LIBRARY] {
        let mut st = state();
        if st.status != Status::Registered {
            return CsError::BAD_HANDLE;
        }
        if let Err(e) = send_command(&st, CMD_START) {
            return e;
        }
        st.status = Status::Started;
        CsError::OK
    }

    fn sam_stop() -> CsError [CsError::LIBRARY] {
        stop(&mut state())
    }

    fn sam_warn_signal_set(warn_signal: i32) -> CsError [CsError::LIBRARY] {
        let mut st = state();
        if !matches!(st.status, Status::Initialized | Status::Registered | Status::Started) {
            return CsError::BAD_HANDLE;
        }
        st.warn_signal = warn_signal;
        CsError::OK
    }

    fn sam_register(instance_id: *mut u32) -> CsError [CsError::LIBRARY] {
        register(instance_id)
    }

    fn sam_hc_send() -> CsError [CsError::LIBRARY] {
        hc_send()
    }

    fn sam_hc_callback_register(cb: Option<HcCallback>) -> CsError [CsError::LIBRARY] {
        callback_register(cb)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // One test: the library state is process-wide.
    #[test]
    fn state_machine_before_register() {
        // SAFETY: our exported functions, no pointers involved.
        unsafe {
            assert_eq!(sam_start(), CsError::BAD_HANDLE);
            assert_eq!(sam_hc_send(), CsError::BAD_HANDLE);
            assert_eq!(sam_finalize(), CsError::BAD_HANDLE);
            assert_eq!(sam_warn_signal_set(9), CsError::BAD_HANDLE);
            assert_eq!(sam_initialize(0, 3), CsError::INVALID_PARAM);
            assert_eq!(sam_initialize(100, SAM_RECOVERY_POLICY_QUIT), CsError::OK);
            assert_eq!(
                sam_initialize(100, SAM_RECOVERY_POLICY_QUIT),
                CsError::BAD_HANDLE
            );
            assert_eq!(sam_warn_signal_set(9), CsError::OK);
            assert_eq!(sam_start(), CsError::BAD_HANDLE);
            assert_eq!(sam_hc_callback_register(None), CsError::BAD_HANDLE);
            assert_eq!(sam_finalize(), CsError::OK);
            assert_eq!(sam_register(std::ptr::null_mut()), CsError::BAD_HANDLE);
        }
    }
}
