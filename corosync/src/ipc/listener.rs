//! The listening socket and the reading of setup requests.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::time::Instant;

use corosync_wire::ipc::SetupRequest;

use super::Credentials;

fn errno() -> i32 {
    io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn set_passcred(fd: RawFd, on: bool) -> io::Result<()> {
    let v: libc::c_int = on as libc::c_int;
    // SAFETY: setting an integer socket option on our socket.
    let r = unsafe {
        libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_PASSCRED,
            (&v as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// The abstract socket clients connect to.
pub struct Listener {
    fd: OwnedFd,
}

impl Listener {
    /// Binds `name` in the abstract namespace with the whole zero-padded
    /// `sun_path`, as original clients expect.
    pub fn bind(name: &str) -> io::Result<Listener> {
        // SAFETY: plain socket creation.
        let fd = unsafe {
            libc::socket(
                libc::AF_UNIX,
                libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
                0,
            )
        };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` is a fresh descriptor we own.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        let addr = coroipc::abstract_address(name)
            .ok_or_else(|| io::Error::from_raw_os_error(libc::ENAMETOOLONG))?;
        // SAFETY: binding with a fully initialised sockaddr_un of the
        // length the original uses.
        let r = unsafe {
            libc::bind(
                fd.as_raw_fd(),
                (&addr as *const libc::sockaddr_un).cast(),
                std::mem::size_of::<libc::sockaddr_un>() as libc::socklen_t,
            )
        };
        if r != 0 {
            return Err(io::Error::last_os_error());
        }
        set_passcred(fd.as_raw_fd(), true)?;
        // SAFETY: listening on our bound socket.
        if unsafe { libc::listen(fd.as_raw_fd(), 128) } != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(Listener { fd })
    }

    pub fn fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    /// Accepts one pending connection, if any.
    pub fn accept(&self) -> io::Result<Option<OwnedFd>> {
        loop {
            // SAFETY: accepting on our listening socket; peer address not
            // wanted.
            let fd = unsafe {
                libc::accept4(
                    self.fd.as_raw_fd(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
                )
            };
            if fd >= 0 {
                // SAFETY: a fresh descriptor we own.
                let fd = unsafe { OwnedFd::from_raw_fd(fd) };
                set_passcred(fd.as_raw_fd(), true)?;
                return Ok(Some(fd));
            }
            match errno() {
                libc::EINTR => continue,
                libc::EAGAIN => return Ok(None),
                _ => return Err(io::Error::last_os_error()),
            }
        }
    }
}

/// Outcome of reading more of a setup request.
#[derive(Debug)]
pub enum SetupRead {
    /// Not all bytes yet.
    More,
    /// The whole request arrived with acceptable credentials.
    Complete(SetupRequest, Credentials),
    /// The credentials are not allowed: reply with this error, then close.
    Refused(corosync_wire::CsError),
    /// Close without a reply (no credentials, malformed request, EOF).
    Drop(String),
}

/// A connection whose setup request is still arriving.
pub struct Pending {
    pub fd: OwnedFd,
    buf: Vec<u8>,
    got: usize,
    creds: Option<Credentials>,
    pub since: Instant,
    /// Interrupted receives of the setup request
    /// (`runtime.connections.*.recv_retry_count`).
    pub recv_retries: u64,
}

impl Pending {
    pub fn new(fd: OwnedFd) -> Pending {
        Pending {
            fd,
            buf: vec![0u8; SetupRequest::SIZE],
            got: 0,
            creds: None,
            since: Instant::now(),
            recv_retries: 0,
        }
    }

    /// Reads what is available; `allowed(uid, gid)` is the access rule.
    pub fn read(&mut self, allowed: impl Fn(u32, u32) -> bool) -> SetupRead {
        loop {
            let mut iov = libc::iovec {
                iov_base: self.buf[self.got..].as_mut_ptr().cast(),
                iov_len: self.buf.len() - self.got,
            };
            let mut cmsg = [0u64; 8];
            // SAFETY: msghdr is plain data; zero is a valid value.
            let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
            msg.msg_iov = &mut iov;
            msg.msg_iovlen = 1;
            msg.msg_control = cmsg.as_mut_ptr().cast();
            msg.msg_controllen = std::mem::size_of_val(&cmsg);
            // SAFETY: receiving into our buffer with a valid msghdr whose
            // control buffer is large enough for one ucred.
            let n = unsafe { libc::recvmsg(self.fd.as_raw_fd(), &mut msg, libc::MSG_NOSIGNAL) };
            if n < 0 {
                match errno() {
                    libc::EINTR => {
                        self.recv_retries += 1;
                        continue;
                    }
                    libc::EAGAIN => return SetupRead::More,
                    e => {
                        return SetupRead::Drop(format!(
                            "recvmsg: {}",
                            io::Error::from_raw_os_error(e)
                        ));
                    }
                }
            }
            if n == 0 {
                return SetupRead::Drop("connection closed during setup".into());
            }
            self.got += n as usize;
            // SAFETY: walking the control messages the kernel wrote into
            // our buffer, with the libc helpers and the length it reported.
            unsafe {
                let mut c = libc::CMSG_FIRSTHDR(&msg);
                while !c.is_null() {
                    if (*c).cmsg_level == libc::SOL_SOCKET
                        && (*c).cmsg_type == libc::SCM_CREDENTIALS
                    {
                        let cred =
                            std::ptr::read_unaligned(libc::CMSG_DATA(c) as *const libc::ucred);
                        self.creds = Some(Credentials {
                            pid: cred.pid as u32,
                            uid: cred.uid,
                            gid: cred.gid,
                        });
                        break;
                    }
                    c = libc::CMSG_NXTHDR(&msg, c);
                }
            }
            match self.creds {
                None => {
                    return SetupRead::Drop(
                        "Platform should support credentials, but no credentials found!".into(),
                    );
                }
                Some(c) if !allowed(c.uid, c.gid) => {
                    return SetupRead::Refused(corosync_wire::CsError::SECURITY);
                }
                Some(_) => {}
            }
            if self.got == self.buf.len() {
                let _ = set_passcred(self.fd.as_raw_fd(), false);
                return match SetupRequest::decode(&self.buf) {
                    Ok(req) => SetupRead::Complete(req, self.creds.expect("checked above")),
                    Err(e) => SetupRead::Drop(format!("malformed setup request: {e}")),
                };
            }
        }
    }

    /// The client's effective uid at connect time (`SO_PEERCRED`).
    pub fn peer_euid(&self) -> Option<u32> {
        // SAFETY: ucred is plain data.
        let mut cred: libc::ucred = unsafe { std::mem::zeroed() };
        let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
        // SAFETY: getsockopt writes at most `len` bytes into `cred`.
        let r = unsafe {
            libc::getsockopt(
                self.fd.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_PEERCRED,
                (&mut cred as *mut libc::ucred).cast(),
                &mut len,
            )
        };
        (r == 0).then_some(cred.uid)
    }
}

/// Sends the 8-byte setup reply (best effort; the socket is ours and
/// nearly empty, so a short write means the client is gone).
/// Sends the setup reply; returns how many times the send had to be
/// retried (interrupted, or the socket buffer full: then it waits up to a
/// second in all for room).
pub fn send_setup_reply(fd: RawFd, error: corosync_wire::CsError) -> u64 {
    let b = corosync_wire::ipc::encode_setup_response(error);
    let mut sent = 0usize;
    let mut retries = 0u64;
    let deadline = Instant::now() + std::time::Duration::from_secs(1);
    while sent < b.len() {
        // SAFETY: sending from a local buffer on our socket.
        let n = unsafe {
            libc::send(
                fd,
                b[sent..].as_ptr().cast(),
                b.len() - sent,
                libc::MSG_NOSIGNAL | libc::MSG_DONTWAIT,
            )
        };
        if n >= 0 {
            sent += n as usize;
            continue;
        }
        match errno() {
            libc::EINTR => retries += 1,
            libc::EAGAIN if Instant::now() < deadline => {
                retries += 1;
                let mut pfd = libc::pollfd {
                    fd,
                    events: libc::POLLOUT,
                    revents: 0,
                };
                // SAFETY: polling one descriptor we own, for 10 ms at most.
                unsafe { libc::poll(&mut pfd, 1, 10) };
            }
            _ => break,
        }
    }
    retries
}
