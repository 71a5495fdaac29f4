//! syslog(3) with the daemon facility, the pid in each line and, for
//! `-o`, a copy on standard error (`LOG_PERROR`).

use std::ffi::CString;

pub fn open(copy_to_stderr: bool) {
    let mut opt = libc::LOG_PID;
    if copy_to_stderr {
        opt |= libc::LOG_PERROR;
    }
    // SAFETY: a NULL ident makes the C library use the program name.
    unsafe { libc::openlog(std::ptr::null(), opt, libc::LOG_DAEMON) };
}

pub fn log(priority: libc::c_int, msg: &str) {
    // Cut at a NUL the way a C string would end.
    let msg = msg.split('\0').next().unwrap_or_default();
    let Ok(c) = CString::new(msg) else { return };
    // SAFETY: a constant "%s" format with one C string argument.
    unsafe { libc::syslog(priority, c"%s".as_ptr(), c.as_ptr()) };
}

pub fn err(msg: &str) {
    log(libc::LOG_ERR, msg);
}

pub fn notice(msg: &str) {
    log(libc::LOG_NOTICE, msg);
}
