//! Where lines go: stderr and syslog through an [`Output`] (so tests can
//! capture them), log files directly.

use std::ffi::CString;
use std::io::{self, Write};
use std::sync::{Arc, Mutex, PoisonError};

use crate::level::Facility;

/// The process-wide destinations. The writer thread is the only caller once
/// it runs.
pub trait Output: Send {
    /// Write one complete line (ending in `\n`) to standard error.
    fn write_stderr(&mut self, line: &[u8]) -> io::Result<()>;
    /// Hand one message to syslog; `priority` is the level ORed with the
    /// facility, as `syslog(3)` takes it.
    fn syslog(&mut self, priority: i32, message: &[u8]);
    /// (Re)open the syslog connection with this identity and default
    /// facility (`openlog(ident, LOG_CONS|LOG_PID, facility)`).
    fn syslog_open(&mut self, ident: &str, facility: Facility);
}

/// The real destinations: file descriptor 2 and the C library's syslog.
#[derive(Debug, Default)]
pub struct SystemOutput {
    /// `openlog` keeps the pointer it is given, so the identity must live as
    /// long as the connection; the previous one is kept until the next
    /// `openlog` has replaced it.
    ident: Option<CString>,
}

impl SystemOutput {
    pub fn new() -> SystemOutput {
        SystemOutput { ident: None }
    }
}

/// A C string of `bytes` up to the first NUL (C would stop there anyway).
fn c_string(bytes: &[u8]) -> CString {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    // Cannot fail: the slice holds no NUL.
    CString::new(&bytes[..end]).unwrap_or_default()
}

impl Output for SystemOutput {
    fn write_stderr(&mut self, line: &[u8]) -> io::Result<()> {
        io::stderr().lock().write_all(line)
    }

    #[allow(unsafe_code)]
    fn syslog(&mut self, priority: i32, message: &[u8]) {
        let message = c_string(message);
        // SAFETY: the format is a NUL-terminated literal with one `%s`,
        // matched by `message`, a valid NUL-terminated string that outlives
        // the call. syslog(3) is thread-safe.
        unsafe {
            libc::syslog(priority, c"%s".as_ptr(), message.as_ptr());
        }
    }

    #[allow(unsafe_code)]
    fn syslog_open(&mut self, ident: &str, facility: Facility) {
        let ident = c_string(ident.as_bytes());
        // SAFETY: closelog has no preconditions. openlog keeps the `ident`
        // pointer; the CString it points to is stored in `self.ident` below
        // and only dropped after a later openlog has replaced it.
        unsafe {
            libc::closelog();
            libc::openlog(
                ident.as_ptr(),
                libc::LOG_CONS | libc::LOG_PID,
                facility.as_raw(),
            );
        }
        self.ident = Some(ident);
    }
}

/// One captured syslog call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyslogLine {
    pub priority: i32,
    pub message: Vec<u8>,
}

#[derive(Debug, Default)]
struct Captured {
    stderr: Vec<u8>,
    syslog: Vec<SyslogLine>,
    syslog_opens: Vec<(String, Facility)>,
    fail_stderr: bool,
}

/// An [`Output`] that keeps everything in memory, for tests of the
/// executive's logging as well as this crate's. Clones share the capture.
#[derive(Clone, Debug, Default)]
pub struct CaptureOutput {
    inner: Arc<Mutex<Captured>>,
}

impl CaptureOutput {
    pub fn new() -> CaptureOutput {
        CaptureOutput::default()
    }

    fn with<T>(&self, f: impl FnOnce(&mut Captured) -> T) -> T {
        let mut guard = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut guard)
    }

    /// Everything written to "stderr" so far.
    pub fn stderr(&self) -> String {
        self.with(|c| String::from_utf8_lossy(&c.stderr).into_owned())
    }

    /// Every syslog call so far.
    pub fn syslog_lines(&self) -> Vec<SyslogLine> {
        self.with(|c| c.syslog.clone())
    }

    /// Every `openlog` so far.
    pub fn syslog_opens(&self) -> Vec<(String, Facility)> {
        self.with(|c| c.syslog_opens.clone())
    }

    /// Make stderr writes fail from now on (a closed or full stderr).
    pub fn fail_stderr(&self) {
        self.with(|c| c.fail_stderr = true);
    }
}

impl Output for CaptureOutput {
    fn write_stderr(&mut self, line: &[u8]) -> io::Result<()> {
        self.with(|c| {
            if c.fail_stderr {
                Err(io::Error::from_raw_os_error(libc::EPIPE))
            } else {
                c.stderr.extend_from_slice(line);
                Ok(())
            }
        })
    }

    fn syslog(&mut self, priority: i32, message: &[u8]) {
        self.with(|c| {
            c.syslog.push(SyslogLine {
                priority,
                message: message.to_vec(),
            })
        });
    }

    fn syslog_open(&mut self, ident: &str, facility: Facility) {
        self.with(|c| c.syslog_opens.push((ident.to_string(), facility)));
    }
}

/// `strerror` text of an I/O error.
pub(crate) fn strerror(err: &io::Error) -> String {
    crate::format::error_text(err)
}
