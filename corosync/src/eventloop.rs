//! A small epoll wrapper for the main loop.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

use crate::service::ConnId;

/// What a registered descriptor is, packed into the epoll user data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    /// The IPC listening socket.
    Listener,
    /// A connection still sending its setup request.
    Pending(u64),
    /// An established client connection.
    Conn(ConnId),
    /// A totem socket: interface index and socket kind.
    Net(u32),
    /// The eventfd other threads write to wake the main loop.
    Wake,
    /// The signalfd.
    Signal,
}

const KIND_SHIFT: u32 = 56;

impl Token {
    pub fn encode(self) -> u64 {
        match self {
            Token::Listener => 1 << KIND_SHIFT,
            Token::Pending(n) => (2 << KIND_SHIFT) | (n & 0x00ff_ffff_ffff_ffff),
            Token::Conn(c) => (3 << KIND_SHIFT) | (c.0 & 0x00ff_ffff_ffff_ffff),
            Token::Net(n) => (4 << KIND_SHIFT) | n as u64,
            Token::Wake => 5 << KIND_SHIFT,
            Token::Signal => 6 << KIND_SHIFT,
        }
    }

    pub fn decode(v: u64) -> Option<Token> {
        let low = v & 0x00ff_ffff_ffff_ffff;
        Some(match v >> KIND_SHIFT {
            1 => Token::Listener,
            2 => Token::Pending(low),
            3 => Token::Conn(ConnId(low)),
            4 => Token::Net(low as u32),
            5 => Token::Wake,
            6 => Token::Signal,
            _ => return None,
        })
    }
}

pub struct Epoll {
    fd: OwnedFd,
}

pub const IN: u32 = libc::EPOLLIN as u32;
pub const OUT: u32 = libc::EPOLLOUT as u32;
pub const ERR: u32 = (libc::EPOLLERR | libc::EPOLLHUP | libc::EPOLLRDHUP) as u32;

impl Epoll {
    pub fn new() -> io::Result<Epoll> {
        // SAFETY: creating an epoll instance.
        let fd = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: a fresh descriptor we own.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        Ok(Epoll { fd })
    }

    pub fn raw(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    fn ctl(&self, op: i32, fd: RawFd, events: u32, token: Token) -> io::Result<()> {
        let mut ev = libc::epoll_event {
            events,
            u64: token.encode(),
        };
        // SAFETY: a valid epoll_event for our epoll instance.
        if unsafe { libc::epoll_ctl(self.fd.as_raw_fd(), op, fd, &mut ev) } == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }

    pub fn add(&self, fd: RawFd, events: u32, token: Token) -> io::Result<()> {
        self.ctl(libc::EPOLL_CTL_ADD, fd, events, token)
    }

    pub fn modify(&self, fd: RawFd, events: u32, token: Token) -> io::Result<()> {
        self.ctl(libc::EPOLL_CTL_MOD, fd, events, token)
    }

    pub fn delete(&self, fd: RawFd) {
        let mut ev = libc::epoll_event { events: 0, u64: 0 };
        // SAFETY: removing a descriptor from our epoll instance.
        unsafe { libc::epoll_ctl(self.fd.as_raw_fd(), libc::EPOLL_CTL_DEL, fd, &mut ev) };
    }

    /// Waits up to `timeout_ms` (-1: forever) and fills `out`.
    pub fn wait(&self, out: &mut Vec<(Token, u32)>, timeout_ms: i32) -> io::Result<()> {
        let mut evs = [libc::epoll_event { events: 0, u64: 0 }; 64];
        // SAFETY: waiting into a local array of the given length.
        let n = unsafe {
            libc::epoll_wait(
                self.fd.as_raw_fd(),
                evs.as_mut_ptr(),
                evs.len() as i32,
                timeout_ms,
            )
        };
        out.clear();
        if n < 0 {
            let e = io::Error::last_os_error();
            if e.raw_os_error() == Some(libc::EINTR) {
                return Ok(());
            }
            return Err(e);
        }
        for ev in &evs[..n as usize] {
            let (data, events) = (ev.u64, ev.events);
            if let Some(t) = Token::decode(data) {
                out.push((t, events));
            }
        }
        Ok(())
    }
}

/// An eventfd used to wake the main loop from other threads.
pub struct Waker {
    fd: OwnedFd,
}

impl Waker {
    pub fn new() -> io::Result<Waker> {
        // SAFETY: creating an eventfd.
        let fd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: a fresh descriptor we own.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        Ok(Waker { fd })
    }

    pub fn raw(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    pub fn wake(&self) {
        let one: u64 = 1;
        // SAFETY: writing 8 bytes to our eventfd.
        unsafe { libc::write(self.fd.as_raw_fd(), (&one as *const u64).cast(), 8) };
    }

    pub fn drain(&self) {
        let mut v: u64 = 0;
        // SAFETY: reading 8 bytes from our eventfd into a local.
        unsafe { libc::read(self.fd.as_raw_fd(), (&mut v as *mut u64).cast(), 8) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip() {
        for t in [
            Token::Listener,
            Token::Pending(42),
            Token::Conn(ConnId(7)),
            Token::Net(3),
            Token::Wake,
            Token::Signal,
        ] {
            assert_eq!(Token::decode(t.encode()), Some(t));
        }
        assert_eq!(Token::decode(0), None);
    }
}
