//! One client connection to the executive: the socket, the four shared
//! memory buffers and the request/response and dispatch paths.

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::Mutex;
use std::time::Duration;

use coroipc::control::{Wait, ring_free};
use coroipc::{ControlBuffer, Mapping, abstract_address};
use corosync_wire::bytes::{Reader, align8};
use corosync_wire::ipc::control::Semaphore;
use corosync_wire::ipc::{
    CONTROL_SIZE, ResponseHeader, SETUP_RESPONSE_SIZE, SetupRequest, decode_setup_response,
    zero_copy,
};
use corosync_wire::{CsError, CsResult};

/// How long a waiting client sleeps before checking that the executive is
/// still there (the original's `IPC_SEMWAIT_TIMEOUT`).
const SEMWAIT_TIMEOUT: Duration = Duration::from_secs(2);

/// The longest spin for a response before sleeping, in microseconds
/// (`$COROSYNC_IPC_CLIENT_SPIN_US`, 0 disables); the spin adapts within it.
fn response_spin_max() -> u32 {
    static MAX: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *MAX.get_or_init(|| coroipc::spin::max_from_env("COROSYNC_IPC_CLIENT_SPIN_US", 50))
}

fn errno() -> i32 {
    coroipc::errno()
}

/// A zero-copy buffer mapped on behalf of the application.
struct ZeroCopy {
    map: Mapping,
}

/// An open connection to one service of the executive.
pub struct Connection {
    sock: OwnedFd,
    app_fd: OwnedFd,
    control: ControlBuffer,
    request: Mapping,
    response: Mapping,
    dispatch: Mapping,
    dispatch_size: u32,
    /// One request at a time per connection.
    request_lock: Mutex<()>,
    /// Serialises the dispatch path of this library's own callers, and
    /// holds the notification bytes already read but not yet consumed.
    dispatch_lock: Mutex<u32>,
    zero_copy: Mutex<Vec<ZeroCopy>>,
    response_spin: coroipc::spin::AdaptiveSpin,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("fd", &self.sock.as_raw_fd())
            .finish()
    }
}

fn unix_socket() -> CsResult<OwnedFd> {
    // SAFETY: plain socket creation.
    let fd = unsafe { libc::socket(libc::AF_UNIX, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(CsError::LIBRARY);
    }
    // SAFETY: `fd` is a fresh descriptor we own.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

fn send_all(fd: RawFd, mut buf: &[u8]) -> CsResult<()> {
    while !buf.is_empty() {
        // SAFETY: sending from a valid buffer on our socket.
        let n = unsafe { libc::send(fd, buf.as_ptr().cast(), buf.len(), libc::MSG_NOSIGNAL) };
        if n < 0 {
            match errno() {
                libc::EINTR => return Err(CsError::TRY_AGAIN),
                libc::EAGAIN => continue,
                _ => return Err(CsError::LIBRARY),
            }
        }
        buf = &buf[n as usize..];
    }
    Ok(())
}

fn recv_all(fd: RawFd, buf: &mut [u8]) -> CsResult<()> {
    let mut done = 0;
    while done < buf.len() {
        // SAFETY: receiving into the unfilled tail of a valid buffer.
        let n = unsafe {
            libc::recv(
                fd,
                buf[done..].as_mut_ptr().cast(),
                buf.len() - done,
                libc::MSG_NOSIGNAL | libc::MSG_WAITALL,
            )
        };
        if n < 0 {
            match errno() {
                libc::EINTR => return Err(CsError::TRY_AGAIN),
                libc::EAGAIN => continue,
                _ => return Err(CsError::LIBRARY),
            }
        }
        if n == 0 {
            return Err(CsError::LIBRARY);
        }
        done += n as usize;
    }
    Ok(())
}

/// poll(2) on one descriptor; returns revents, 0 on timeout.
fn poll_one(fd: RawFd, events: i16, timeout_ms: i32) -> Result<i16, i32> {
    let mut p = libc::pollfd {
        fd,
        events,
        revents: 0,
    };
    // SAFETY: polling one valid pollfd.
    let n = unsafe { libc::poll(&mut p, 1, timeout_ms) };
    if n < 0 {
        return Err(errno());
    }
    Ok(if n == 0 { 0 } else { p.revents })
}

const POLL_ERRORS: i16 = libc::POLLERR | libc::POLLHUP | libc::POLLNVAL;

struct Cleanup(Vec<Vec<u8>>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for p in &self.0 {
            if let Ok(c) = std::ffi::CString::new(p.clone()) {
                // SAFETY: removing a file name this connection created; the
                // server removes it first on success, so ENOENT is normal.
                unsafe { libc::unlink(c.as_ptr()) };
            }
        }
    }
}

impl Connection {
    /// Connects to `service` over the abstract socket `socket_name` with
    /// buffers of the given sizes.
    pub fn connect(
        socket_name: &str,
        service: u32,
        request_size: usize,
        response_size: usize,
        dispatch_size: usize,
    ) -> CsResult<Connection> {
        if request_size == 0
            || response_size < ResponseHeader::SIZE
            || dispatch_size == 0
            || dispatch_size > u32::MAX as usize / 2
        {
            return Err(CsError::INVALID_PARAM);
        }
        let sock = unix_socket()?;
        // SAFETY: duplicating a descriptor we own.
        let dup = unsafe { libc::fcntl(sock.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 0) };
        if dup < 0 {
            return Err(CsError::LIBRARY);
        }
        // SAFETY: `dup` is a fresh descriptor we own.
        let app_fd = unsafe { OwnedFd::from_raw_fd(dup) };

        let addr = abstract_address(socket_name).ok_or(CsError::INVALID_PARAM)?;
        // SAFETY: connecting with a fully initialised sockaddr_un; the
        // length is the whole structure, as the original uses.
        let r = unsafe {
            libc::connect(
                sock.as_raw_fd(),
                (&addr as *const libc::sockaddr_un).cast(),
                std::mem::size_of::<libc::sockaddr_un>() as libc::socklen_t,
            )
        };
        if r != 0 {
            return Err(CsError::TRY_AGAIN);
        }

        let mut cleanup = Cleanup(Vec::new());
        let mut make = |prefix: &str, size: usize, ring: bool| -> CsResult<Mapping> {
            let (path, map) = Mapping::create(prefix, size, ring).map_err(|_| CsError::LIBRARY)?;
            cleanup.0.push(path);
            Ok(map)
        };
        let control = make("control_buffer", CONTROL_SIZE, false)?;
        let request = make("request_buffer", request_size, false)?;
        let response = make("response_buffer", response_size, false)?;
        let dispatch = make("dispatch_buffer", dispatch_size, true)?;
        let control = ControlBuffer::new(control).map_err(|_| CsError::LIBRARY)?;
        control.init_semaphores().map_err(|_| CsError::LIBRARY)?;

        let setup = SetupRequest {
            service,
            semkey: 0,
            control_file: cleanup.0[0].clone(),
            request_file: cleanup.0[1].clone(),
            response_file: cleanup.0[2].clone(),
            dispatch_file: cleanup.0[3].clone(),
            control_size: CONTROL_SIZE as u64,
            request_size: request_size as u64,
            response_size: response_size as u64,
            dispatch_size: dispatch_size as u64,
        }
        .encode()
        .map_err(|_| CsError::LIBRARY)?;
        send_all(sock.as_raw_fd(), &setup)?;
        let mut reply = [0u8; SETUP_RESPONSE_SIZE];
        recv_all(sock.as_raw_fd(), &mut reply)?;
        decode_setup_response(&reply)
            .map_err(|_| CsError::LIBRARY)?
            .into_result()?;
        drop(cleanup);

        Ok(Connection {
            sock,
            app_fd,
            control,
            request,
            response,
            dispatch,
            dispatch_size: dispatch_size as u32,
            request_lock: Mutex::new(()),
            dispatch_lock: Mutex::new(0),
            zero_copy: Mutex::new(Vec::new()),
            response_spin: coroipc::spin::AdaptiveSpin::new(response_spin_max()),
        })
    }

    /// Shuts the socket down: the executive sees the disconnect and any
    /// thread of ours waiting on this connection wakes up with an error.
    pub fn shutdown(&self) {
        // SAFETY: shutting down our own socket.
        unsafe { libc::shutdown(self.sock.as_raw_fd(), libc::SHUT_RDWR) };
    }

    /// The descriptor applications poll for callbacks (a duplicate of the
    /// connection socket, as the original hands out).
    pub fn fd(&self) -> RawFd {
        self.app_fd.as_raw_fd()
    }

    /// The executive's flow-control flag: 1 while it holds callbacks that
    /// did not fit in the dispatch ring.
    pub fn flow_control_state(&self) -> u32 {
        self.control.flow_control_enabled()
    }

    /// Waits for `s` the way the original does when it has a socket to
    /// watch: sleep in slices, and give up when the executive is gone.
    fn wait_from_server(&self, s: Semaphore, spin: Duration) -> CsResult<()> {
        if self.control.ipc_closed() {
            return Err(CsError::LIBRARY);
        }
        if !self.control.spin_wait(s, spin) {
            loop {
                match self.control.wait_timeout(s, SEMWAIT_TIMEOUT) {
                    Wait::Acquired => break,
                    Wait::TimedOut => match poll_one(self.sock.as_raw_fd(), 0, 0) {
                        Ok(rev) if rev & POLL_ERRORS != 0 => return Err(CsError::LIBRARY),
                        Ok(_) => continue,
                        Err(libc::EINTR) => continue,
                        Err(_) => return Err(CsError::LIBRARY),
                    },
                    Wait::Failed(_) => return Err(CsError::LIBRARY),
                }
            }
        }
        if self.control.ipc_closed() {
            return Err(CsError::LIBRARY);
        }
        Ok(())
    }

    /// Waits for the response, spinning first as far as that paid off
    /// lately.
    fn wait_response(&self) -> CsResult<()> {
        let spin = self.response_spin.budget();
        if !spin.is_zero() {
            let caught = self.control.spin_wait(Semaphore::Response, spin);
            self.response_spin.record(spin, caught);
            if caught {
                return if self.control.ipc_closed() {
                    Err(CsError::LIBRARY)
                } else {
                    Ok(())
                };
            }
        }
        self.wait_from_server(Semaphore::Response, Duration::ZERO)
    }

    fn send_request(&self, iov: &[&[u8]]) -> CsResult<()> {
        let total: usize = iov.iter().map(|b| b.len()).sum();
        if total > self.request.len() {
            return Err(CsError::INVALID_PARAM);
        }
        let mut off = 0;
        for part in iov {
            if !self.request.write(off, part) {
                return Err(CsError::INVALID_PARAM);
            }
            off += part.len();
        }
        self.control
            .post(Semaphore::Request)
            .map_err(|_| CsError::LIBRARY)?;
        self.control
            .post(Semaphore::RequestOrFlushOrExit)
            .map_err(|_| CsError::LIBRARY)
    }

    fn response_header(&self) -> CsResult<ResponseHeader> {
        let mut h = [0u8; ResponseHeader::SIZE];
        if !self.response.read(0, &mut h) {
            return Err(CsError::LIBRARY);
        }
        ResponseHeader::decode(&Reader::new(&h)).map_err(|_| CsError::LIBRARY)
    }

    /// Sends one request (the concatenation of `iov`) and copies the first
    /// `resp.len()` bytes of the response into `resp`. A response whose
    /// header says TRY_AGAIN is returned as that error, uncopied.
    pub fn send_recv(&self, iov: &[&[u8]], resp: &mut [u8]) -> CsResult<()> {
        let _g = self.request_lock.lock().unwrap_or_else(|p| p.into_inner());
        self.send_request(iov)?;
        self.wait_response()?;
        if self.response_header()?.error == CsError::TRY_AGAIN {
            return Err(CsError::TRY_AGAIN);
        }
        let n = resp.len().min(self.response.len());
        if !self.response.read(0, &mut resp[..n]) {
            return Err(CsError::LIBRARY);
        }
        Ok(())
    }

    /// Sends one request and hands the whole response (as long as its
    /// header says, bounded by the buffer) to `f`.
    pub fn send_recv_with<R>(&self, iov: &[&[u8]], f: impl FnOnce(&[u8]) -> R) -> CsResult<R> {
        let _g = self.request_lock.lock().unwrap_or_else(|p| p.into_inner());
        self.send_request(iov)?;
        self.wait_response()?;
        let h = self.response_header()?;
        let n = (h.size.max(ResponseHeader::SIZE as i32) as usize).min(self.response.len());
        let mut buf = vec![0u8; n];
        if !self.response.read(0, &mut buf) {
            return Err(CsError::LIBRARY);
        }
        Ok(f(&buf))
    }

    /// Sends a request without taking the request lock and returns the
    /// address of the response buffer (the C API's "in buf" variant).
    pub fn send_recv_in_buf(&self, iov: &[&[u8]]) -> CsResult<*mut u8> {
        let _g = self.request_lock.lock().unwrap_or_else(|p| p.into_inner());
        self.send_request(iov)?;
        self.wait_response()?;
        Ok(self.response.as_ptr())
    }

    /// Waits up to `timeout_ms` (-1: forever, 0: not at all) for a
    /// callback and returns the ring offset of its first byte. TRY_AGAIN
    /// when none arrived in time.
    pub fn dispatch_get(&self, timeout_ms: i32) -> CsResult<usize> {
        if self.control.ipc_closed() {
            return Err(CsError::IN_SHUTDOWN);
        }
        self.ask_for_flush();
        match poll_one(self.sock.as_raw_fd(), libc::POLLIN, timeout_ms) {
            Err(libc::EINTR) => return Err(CsError::TRY_AGAIN),
            Err(_) => return Err(CsError::LIBRARY),
            Ok(0) => return Err(CsError::TRY_AGAIN),
            Ok(rev) if rev & POLL_ERRORS != 0 => return Err(CsError::LIBRARY),
            Ok(_) => {}
        }
        let mut b = [0u8; 1];
        recv_all(self.sock.as_raw_fd(), &mut b)?;
        self.ask_for_flush();
        Ok(self.control.read_index() as usize % self.dispatch_size as usize)
    }

    /// When callbacks are queued in the executive and our ring has room,
    /// wake its connection thread so it moves them into the ring.
    fn ask_for_flush(&self) {
        let free = ring_free(
            self.dispatch_size,
            self.control.read_index(),
            self.control.write_index(),
        );
        if free > self.dispatch_size / 2 && self.control.flow_control_enabled() != 0 {
            let _ = self.control.post(Semaphore::RequestOrFlushOrExit);
        }
    }

    /// The size field of the callback at ring offset `off`, checked.
    fn record_size(&self, off: usize) -> CsResult<usize> {
        let mut h = [0u8; ResponseHeader::SIZE];
        if !self.dispatch.read(off, &mut h) {
            return Err(CsError::LIBRARY);
        }
        let size = i32::from_ne_bytes([h[0], h[1], h[2], h[3]]);
        if size < ResponseHeader::SIZE as i32 || size as u32 > self.dispatch_size {
            return Err(CsError::LIBRARY);
        }
        Ok(size as usize)
    }

    /// Releases the callback returned by the last `dispatch_get`.
    pub fn dispatch_put(&self) -> CsResult<()> {
        if let Err(e) = self.wait_from_server(Semaphore::Dispatch, Duration::ZERO) {
            if self.control.ipc_closed() {
                self.drain_socket();
                return Err(CsError::IN_SHUTDOWN);
            }
            return Err(e);
        }
        let read = self.control.read_index() as usize % self.dispatch_size as usize;
        let size = self.record_size(read)?;
        let next = (read + align8(size)) % self.dispatch_size as usize;
        self.control.set_read_index(next as u32);
        Ok(())
    }

    fn drain_socket(&self) {
        let mut b = [0u8; 64];
        loop {
            match poll_one(self.sock.as_raw_fd(), libc::POLLIN, 0) {
                Ok(rev) if rev & libc::POLLIN != 0 && rev & POLL_ERRORS == 0 => {
                    // SAFETY: receiving into a local buffer.
                    let n = unsafe {
                        libc::recv(
                            self.sock.as_raw_fd(),
                            b.as_mut_ptr().cast(),
                            b.len(),
                            libc::MSG_DONTWAIT,
                        )
                    };
                    if n <= 0 {
                        return;
                    }
                }
                _ => return,
            }
        }
    }

    /// Reads every notification byte waiting on the socket (at least one,
    /// waiting up to `timeout_ms` for it); returns how many.
    fn notifications(&self, timeout_ms: i32) -> CsResult<u32> {
        if self.control.ipc_closed() {
            return Err(CsError::IN_SHUTDOWN);
        }
        self.ask_for_flush();
        match poll_one(self.sock.as_raw_fd(), libc::POLLIN, timeout_ms) {
            Err(libc::EINTR) => return Err(CsError::TRY_AGAIN),
            Err(_) => return Err(CsError::LIBRARY),
            Ok(0) => return Err(CsError::TRY_AGAIN),
            Ok(rev) if rev & POLL_ERRORS != 0 => return Err(CsError::LIBRARY),
            Ok(_) => {}
        }
        let mut b = [0u8; 256];
        loop {
            // SAFETY: a non-blocking receive into a local buffer.
            let n = unsafe {
                libc::recv(
                    self.sock.as_raw_fd(),
                    b.as_mut_ptr().cast(),
                    b.len(),
                    libc::MSG_DONTWAIT,
                )
            };
            if n > 0 {
                return Ok(n as u32);
            }
            if n == 0 {
                return Err(CsError::LIBRARY);
            }
            match errno() {
                libc::EINTR => continue,
                libc::EAGAIN => return Err(CsError::TRY_AGAIN),
                _ => return Err(CsError::LIBRARY),
            }
        }
    }

    /// Receives one callback into `buf` (replacing its contents). Returns
    /// false when none arrived within `timeout_ms`.
    ///
    /// With `bulk`, every notification byte waiting is read at once and the
    /// callbacks they announce are handed out by later calls without
    /// touching the socket; the caller must then keep calling (with a zero
    /// timeout) until false, or the descriptor would not show readable for
    /// callbacks already announced. Without `bulk` exactly one byte is read
    /// per callback, as the original library does.
    pub fn dispatch_recv(&self, timeout_ms: i32, buf: &mut Vec<u8>, bulk: bool) -> CsResult<bool> {
        let mut credit = self.dispatch_lock.lock().unwrap_or_else(|p| p.into_inner());
        let off = if *credit > 0 {
            *credit -= 1;
            self.control.read_index() as usize % self.dispatch_size as usize
        } else if bulk {
            match self.notifications(timeout_ms) {
                Ok(n) => {
                    *credit = n - 1;
                    self.control.read_index() as usize % self.dispatch_size as usize
                }
                Err(CsError::TRY_AGAIN) => return Ok(false),
                Err(e) => return Err(e),
            }
        } else {
            match self.dispatch_get(timeout_ms) {
                Ok(off) => off,
                Err(CsError::TRY_AGAIN) => return Ok(false),
                Err(e) => return Err(e),
            }
        };
        // The record becomes readable once the DISPATCH semaphore is
        // posted; wait for it before copying.
        if let Err(e) = self.wait_from_server(Semaphore::Dispatch, Duration::from_micros(50)) {
            if self.control.ipc_closed() {
                self.drain_socket();
                return Err(CsError::IN_SHUTDOWN);
            }
            return Err(e);
        }
        let size = self.record_size(off)?;
        if !self.dispatch.read_to_vec(off, size, buf) {
            return Err(CsError::LIBRARY);
        }
        let next = (off + align8(size)) % self.dispatch_size as usize;
        self.control.set_read_index(next as u32);
        Ok(true)
    }

    /// Address of ring offset `off` (for the C API's dispatch_get).
    pub fn dispatch_ptr(&self, off: usize) -> *mut u8 {
        // The offset comes from `dispatch_get`, which keeps it below the
        // ring size; the ring is mapped twice, so the record is contiguous.
        self.dispatch.as_ptr().wrapping_add(off)
    }

    /// Maps a zero-copy buffer of `size + header_size` usable bytes and
    /// registers it with the executive. Returns the address after the
    /// zero-copy header (where the caller's request header goes).
    pub fn zcb_alloc(&self, size: usize, header_size: usize) -> CsResult<*mut u8> {
        let map_size = size
            .checked_add(header_size)
            .and_then(|n| n.checked_add(zero_copy::ZC_HEADER_SIZE))
            .ok_or(CsError::INVALID_PARAM)?;
        let (path, map) = Mapping::create("corosync_zerocopy", map_size, false)
            .map_err(|_| CsError::NO_MEMORY)?;
        let _cleanup = Cleanup(vec![path.clone()]);
        let req = zero_copy::AllocRequest {
            map_size: map_size as u64,
            path,
        }
        .encode()
        .map_err(|_| CsError::LIBRARY)?;
        let mut resp = [0u8; ResponseHeader::SIZE];
        self.send_recv(&[&req], &mut resp)?;
        // The original executive leaves the error field of this reply
        // unset; only the codes an executive really sends count as errors.
        let error = ResponseHeader::decode(&Reader::new(&resp))
            .map(|h| h.error)
            .unwrap_or(CsError::OK);
        if matches!(
            error,
            CsError::LIBRARY | CsError::INVALID_PARAM | CsError::NO_MEMORY
        ) {
            return Err(error);
        }
        map.write(
            zero_copy::ZC_HEADER_MAP_SIZE,
            &(map_size as i32).to_ne_bytes(),
        );
        let user = map.as_ptr().wrapping_add(zero_copy::ZC_HEADER_SIZE);
        self.zero_copy
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(ZeroCopy { map });
        Ok(user)
    }

    fn zcb_find<R>(&self, user: *mut u8, f: impl FnOnce(&Mapping) -> R) -> CsResult<R> {
        let g = self.zero_copy.lock().unwrap_or_else(|p| p.into_inner());
        g.iter()
            .find(|z| z.map.as_ptr().wrapping_add(zero_copy::ZC_HEADER_SIZE) == user)
            .map(|z| f(&z.map))
            .ok_or(CsError::INVALID_PARAM)
    }

    fn zcb_server_address(map: &Mapping) -> u64 {
        let mut b = [0u8; 8];
        map.read(zero_copy::ZC_HEADER_SERVER_ADDRESS, &mut b);
        u64::from_ne_bytes(b)
    }

    /// Unregisters and unmaps a buffer returned by `zcb_alloc`.
    pub fn zcb_free(&self, user: *mut u8) -> CsResult<()> {
        let (map_size, server_address) =
            self.zcb_find(user, |m| (m.len() as u64, Self::zcb_server_address(m)))?;
        let req = zero_copy::FreeRequest {
            map_size,
            server_address,
        }
        .encode();
        let mut resp = [0u8; ResponseHeader::SIZE];
        let r = self.send_recv(&[&req], &mut resp);
        let mut g = self.zero_copy.lock().unwrap_or_else(|p| p.into_inner());
        g.retain(|z| z.map.as_ptr().wrapping_add(zero_copy::ZC_HEADER_SIZE) != user);
        r
    }

    /// Asks the executive to process the request already written at
    /// `user` (a buffer from `zcb_alloc`), and copies the response.
    pub fn zcb_send_recv(&self, user: *mut u8, resp: &mut [u8]) -> CsResult<()> {
        let server_address = self.zcb_find(user, Self::zcb_server_address)?;
        let req = zero_copy::ExecuteRequest { server_address }.encode();
        self.send_recv(&[&req], resp)
    }

    /// The size of the zero-copy buffer at `user` (the mapped file).
    pub fn zcb_len(&self, user: *mut u8) -> CsResult<usize> {
        self.zcb_find(user, |m| m.len() - zero_copy::ZC_HEADER_SIZE)
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        // SAFETY: shutting down our own socket so the executive sees the
        // disconnect even if the application keeps the duplicate open.
        unsafe { libc::shutdown(self.sock.as_raw_fd(), libc::SHUT_RDWR) };
    }
}
