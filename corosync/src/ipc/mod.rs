//! The coroipc server: the listening socket, connection setup with
//! credential checks, the per-connection shared memory, replies, the
//! dispatch ring with its overflow queue and flow-control flag, zero-copy
//! buffers and teardown.
//!
//! Everything here runs with the executive lock held, except the blocking
//! wait of each connection's worker thread (see [`worker`]).

pub mod listener;
pub mod worker;

use std::collections::{HashMap, VecDeque};
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use coroipc::control::ring_free;
use coroipc::shm::OpenPolicy;
use coroipc::{ControlBuffer, Mapping};
use corosync_wire::CsError;
use corosync_wire::bytes::align8;
use corosync_wire::ipc::control::Semaphore;
use corosync_wire::ipc::{ResponseHeader, ServiceId, SetupRequest};

use crate::service::ConnId;

/// Bytes kept free in every dispatch ring (8-byte alignment plus one).
const RING_SLACK: u32 = 9;

/// Largest buffer a client may ask for (each of request, response and
/// dispatch). The original libraries use 1 MiB.
pub const MAX_BUFFER_SIZE: u64 = 64 * 1024 * 1024;

/// Callbacks a client may leave unread in the executive (beyond its
/// dispatch ring) before it is disconnected, in bytes. The original let
/// this grow without bound, until the node ran out of memory.
pub const MAX_OUTQ_BYTES: usize = 32 * 1024 * 1024;

/// Credentials of a client, from `SCM_CREDENTIALS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Credentials {
    pub pid: u32,
    pub uid: u32,
    pub gid: u32,
}

/// What a connection shares with its worker thread.
pub struct ConnShared {
    pub id: ConnId,
    pub sock: OwnedFd,
    pub control: ControlBuffer,
    pub request: Mapping,
    pub response: Mapping,
    pub dispatch: Mapping,
    pub dispatch_size: u32,
    /// Set when the connection is being torn down; the worker stops.
    pub exiting: AtomicBool,
}

impl ConnShared {
    /// Whether the client shrank one of its files under us (its pages now
    /// read as zeros): the connection must be dropped.
    pub fn faulted(&self) -> bool {
        self.control.mapping().faulted()
            || self.request.faulted()
            || self.response.faulted()
            || self.dispatch.faulted()
    }

    /// Copies `msg` to the response buffer and wakes the client.
    pub fn respond(&self, msg: &[u8]) {
        let n = msg.len().min(self.response.len());
        self.response.write(0, &msg[..n]);
        let _ = self.control.post(Semaphore::Response);
    }
}

/// A zero-copy buffer the client mapped and registered.
pub struct ZeroCopyBuffer {
    pub token: u64,
    pub map: Mapping,
}

/// One client connection after a successful setup.
pub struct ServerConn {
    pub shared: Arc<ConnShared>,
    pub service: ServiceId,
    pub creds: Credentials,
    outq: VecDeque<Vec<u8>>,
    outq_bytes: usize,
    /// Notification bytes owed to the client (one per record written to
    /// its ring): sent in one write when the executive finishes an event,
    /// or later when the socket had no room.
    owed_notify: u32,
    /// Waiting for the socket to become writable.
    notify_blocked: bool,
    /// lib_exit still has to run (or be retried).
    pub exit_pending: bool,
    pub zero_copy: Vec<ZeroCopyBuffer>,
    next_zero_copy: u64,
    pub stats: ConnStats,
}

/// Counters kept per connection.
#[derive(Clone, Copy, Debug, Default)]
pub struct ConnStats {
    pub requests: u64,
    pub responses: u64,
    pub dispatched: u64,
    pub overload: u64,
    pub invalid_request: u64,
    pub queued: u64,
    pub flow_control_count: u64,
    /// Setup reply sends retried (interrupted or socket full).
    pub send_retry_count: u64,
    /// Socket receives retried after an interruption (setup request and
    /// later bytes).
    pub recv_retry_count: u64,
}

/// The table of client connections.
pub struct Ipc {
    conns: HashMap<ConnId, ServerConn>,
    next_id: u64,
    /// Allowed uids and gids besides root (`uidgid {}` sections).
    pub uidgid: Vec<(Option<u32>, Option<u32>)>,
    /// The main loop's epoll descriptor: a connection whose notification
    /// bytes did not fit is watched for writability.
    pub epoll: Option<RawFd>,
    /// Connections owed notification bytes.
    notify_dirty: Vec<ConnId>,
}

impl Default for Ipc {
    fn default() -> Self {
        Self::new()
    }
}

/// Why a setup request was refused.
#[derive(Debug)]
pub struct SetupRefused {
    pub error: CsError,
    pub why: String,
}

impl Ipc {
    pub fn new() -> Ipc {
        Ipc {
            conns: HashMap::new(),
            next_id: 1,
            uidgid: Vec::new(),
            epoll: None,
            notify_dirty: Vec::new(),
        }
    }

    /// The original's access rule: root user or group, or a configured
    /// uid or gid.
    pub fn security_valid(&self, uid: u32, gid: u32) -> bool {
        if uid == 0 || gid == 0 {
            return true;
        }
        self.uidgid
            .iter()
            .any(|(u, g)| *u == Some(uid) || *g == Some(gid))
    }

    pub fn allocate_id(&mut self) -> ConnId {
        let id = ConnId(self.next_id);
        self.next_id += 1;
        id
    }

    /// Maps the client's files and registers the connection. The caller
    /// has checked the credentials and that the service exists.
    pub fn establish(
        &mut self,
        id: ConnId,
        sock: OwnedFd,
        setup: &SetupRequest,
        creds: Credentials,
        peer_euid: Option<u32>,
    ) -> Result<Arc<ConnShared>, (OwnedFd, SetupRefused)> {
        let refuse = |sock, why: String| {
            Err((
                sock,
                SetupRefused {
                    error: CsError::LIBRARY,
                    why,
                },
            ))
        };
        for (what, size) in [
            ("request", setup.request_size),
            ("response", setup.response_size),
            ("dispatch", setup.dispatch_size),
            ("control", setup.control_size),
        ] {
            if size == 0 || size > MAX_BUFFER_SIZE {
                return refuse(sock, format!("bad {what} buffer size {size}"));
            }
        }
        if (setup.control_size as usize) < corosync_wire::ipc::control::STRUCT_SIZE
            || (setup.response_size as usize) < ResponseHeader::SIZE
        {
            return refuse(sock, "buffers too small".into());
        }
        let mut policy = OpenPolicy::for_client(creds.uid);
        let open = |path: &[u8], size: u64, ring: bool, policy: &OpenPolicy| {
            Mapping::open_client_file(path, size as usize, ring, policy)
        };
        // Files are owned by the client's effective uid; credentials carry
        // the real one. Accept either.
        let try_open = |path: &[u8], size: u64, ring: bool, policy: &mut OpenPolicy| {
            let first = open(path, size, ring, policy);
            match (first, peer_euid) {
                (Ok(m), _) => Ok(m),
                (Err(e), Some(euid)) if euid != creds.uid => {
                    policy.owner_uid = Some(euid);
                    open(path, size, ring, policy).map_err(|_| e)
                }
                (Err(e), _) => Err(e),
            }
        };
        let control = match try_open(&setup.control_file, setup.control_size, false, &mut policy) {
            Ok(m) => m,
            Err(e) => return refuse(sock, format!("control buffer: {e}")),
        };
        let control = match ControlBuffer::new(control) {
            Ok(c) => c,
            Err(e) => return refuse(sock, format!("control buffer: {e}")),
        };
        let request = match try_open(&setup.request_file, setup.request_size, false, &mut policy) {
            Ok(m) => m,
            Err(e) => return refuse(sock, format!("request buffer: {e}")),
        };
        let response = match try_open(
            &setup.response_file,
            setup.response_size,
            false,
            &mut policy,
        ) {
            Ok(m) => m,
            Err(e) => return refuse(sock, format!("response buffer: {e}")),
        };
        let dispatch = match try_open(&setup.dispatch_file, setup.dispatch_size, true, &mut policy)
        {
            Ok(m) => m,
            Err(e) => return refuse(sock, format!("dispatch buffer: {e}")),
        };
        let shared = Arc::new(ConnShared {
            id,
            sock,
            control,
            request,
            response,
            dispatch,
            dispatch_size: setup.dispatch_size as u32,
            exiting: AtomicBool::new(false),
        });
        self.conns.insert(
            id,
            ServerConn {
                shared: Arc::clone(&shared),
                service: ServiceId(setup.service),
                creds,
                outq: VecDeque::new(),
                outq_bytes: 0,
                owed_notify: 0,
                notify_blocked: false,
                exit_pending: false,
                zero_copy: Vec::new(),
                next_zero_copy: 1,
                stats: ConnStats::default(),
            },
        );
        Ok(shared)
    }

    pub fn get(&self, id: ConnId) -> Option<&ServerConn> {
        self.conns.get(&id)
    }

    pub fn get_mut(&mut self, id: ConnId) -> Option<&mut ServerConn> {
        self.conns.get_mut(&id)
    }

    pub fn stats_mut(&mut self, id: ConnId) -> Option<&mut ConnStats> {
        self.conns.get_mut(&id).map(|c| &mut c.stats)
    }

    pub fn ids(&self) -> Vec<ConnId> {
        self.conns.keys().copied().collect()
    }

    pub fn len(&self) -> usize {
        self.conns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.conns.is_empty()
    }

    /// Sends the reply of the request being handled.
    pub fn respond(&mut self, id: ConnId, msg: &[u8]) {
        if let Some(c) = self.conns.get_mut(&id) {
            c.stats.responses += 1;
            c.shared.respond(msg);
        }
    }

    /// Queues a callback (the concatenation of `iov`) for a client: into
    /// its dispatch ring when it fits and nothing is waiting before it,
    /// else into the overflow queue with flow control raised. A client
    /// that lets the queue grow past [`MAX_OUTQ_BYTES`] is disconnected.
    pub fn dispatch(&mut self, id: ConnId, iov: &[&[u8]]) {
        let Some(c) = self.conns.get_mut(&id) else {
            return;
        };
        if c.exit_pending || c.shared.exiting.load(Ordering::Acquire) {
            return;
        }
        let len: usize = iov.iter().map(|p| p.len()).sum();
        if c.outq.is_empty() && (len as u64) <= c.ring_space() as u64 {
            c.ring_write(iov, len);
            if c.shared.faulted() {
                c.shared.exiting.store(true, Ordering::Release);
                // SAFETY: shutting down the client's socket; the main loop
                // sees the hang-up and tears the connection down.
                unsafe { libc::shutdown(c.shared.sock.as_raw_fd(), libc::SHUT_RDWR) };
                return;
            }
            if c.notify() {
                self.notify_dirty.push(id);
            }
            c.stats.dispatched += 1;
            return;
        }
        if c.outq_bytes + len > MAX_OUTQ_BYTES {
            crate::log_printf!(
                IPC,
                Warning,
                "client pid {} does not read its callbacks; disconnecting it",
                c.creds.pid
            );
            c.shared.exiting.store(true, Ordering::Release);
            // SAFETY: shutting down the client's socket: the main loop then
            // sees the hang-up and tears the connection down.
            unsafe { libc::shutdown(c.shared.sock.as_raw_fd(), libc::SHUT_RDWR) };
            return;
        }
        if c.shared.control.flow_control_enabled() == 0 {
            c.stats.flow_control_count += 1;
            crate::log_printf!(IPC, Debug, "Enabling flow control for {}", c.creds.pid);
        }
        c.shared.control.set_flow_control_enabled(1);
        c.outq.push_back(iov.concat());
        c.outq_bytes += len;
        c.stats.queued += 1;
    }

    /// Moves queued callbacks into the ring as space allows; lowers the
    /// flow-control flag once the queue is empty.
    pub fn flush(&mut self, id: ConnId) {
        let Some(c) = self.conns.get_mut(&id) else {
            return;
        };
        let mut dirty = false;
        while let Some(front) = c.outq.front() {
            let len = front.len();
            if (len as u64) >= c.ring_space() as u64 {
                break;
            }
            let msg = c.outq.pop_front().expect("front checked");
            c.outq_bytes -= len;
            c.ring_write(&[&msg], len);
            dirty |= c.notify();
            c.stats.dispatched += 1;
        }
        if c.outq.is_empty() && c.shared.control.flow_control_enabled() != 0 {
            crate::log_printf!(IPC, Debug, "Disabling flow control for {}", c.creds.pid);
            c.shared.control.set_flow_control_enabled(0);
        }
        if dirty {
            self.notify_dirty.push(id);
        }
    }

    /// Sends the notification bytes owed to every client, one write per
    /// client. Called when the executive finishes an event.
    pub fn send_notifications(&mut self) {
        let epoll = self.epoll;
        for id in std::mem::take(&mut self.notify_dirty) {
            let Some(c) = self.conns.get_mut(&id) else {
                continue;
            };
            if c.notify_blocked {
                continue;
            }
            c.send_owed();
            if c.owed_notify > 0 {
                c.notify_blocked = true;
                set_pollout(epoll, c.shared.sock.as_raw_fd(), id, true);
            }
        }
    }

    /// Sends notification bytes that did not fit before; stops watching
    /// for writability once all went out.
    pub fn retry_notify(&mut self, id: ConnId) {
        let epoll = self.epoll;
        let Some(c) = self.conns.get_mut(&id) else {
            return;
        };
        c.send_owed();
        if c.owed_notify == 0 {
            c.notify_blocked = false;
            set_pollout(epoll, c.shared.sock.as_raw_fd(), id, false);
        }
    }

    /// Removes the connection; the caller has called the service's
    /// lib_exit. Wakes a client still waiting on us.
    pub fn remove(&mut self, id: ConnId) -> Option<ServerConn> {
        let mut c = self.conns.remove(&id)?;
        if c.outq_bytes > 1024 * 1024 {
            c.outq.clear();
            c.outq_bytes = 0;
            // give a large overflow queue's memory back to the system
            // SAFETY: malloc_trim only releases free heap memory.
            unsafe { libc::malloc_trim(0) };
        }
        // Leave the poll set now, while the socket is certainly still open:
        // once the last reference drops, its number may be reused at once.
        if let Some(ep) = self.epoll {
            let mut ev = libc::epoll_event { events: 0, u64: 0 };
            // SAFETY: removing our own open socket from our epoll set.
            unsafe { libc::epoll_ctl(ep, libc::EPOLL_CTL_DEL, c.shared.sock.as_raw_fd(), &mut ev) };
        }
        c.shared.exiting.store(true, Ordering::Release);
        c.shared.control.set_ipc_closed();
        let _ = c.shared.control.post_wake(Semaphore::Response);
        let _ = c.shared.control.post_wake(Semaphore::Dispatch);
        // Wake the worker so it notices `exiting`.
        let _ = c.shared.control.post_wake(Semaphore::RequestOrFlushOrExit);
        Some(c)
    }

    /// Registers a zero-copy buffer and returns the token the client uses
    /// to name it.
    pub fn zero_copy_add(&mut self, id: ConnId, map: Mapping) -> Option<u64> {
        let c = self.conns.get_mut(&id)?;
        let token = c.next_zero_copy;
        c.next_zero_copy += 1;
        c.zero_copy.push(ZeroCopyBuffer { token, map });
        Some(token)
    }

    pub fn zero_copy_remove(&mut self, id: ConnId, token: u64) -> bool {
        let Some(c) = self.conns.get_mut(&id) else {
            return false;
        };
        let before = c.zero_copy.len();
        c.zero_copy.retain(|z| z.token != token);
        before != c.zero_copy.len()
    }
}

/// Watches a connection socket for input only, or also for output.
fn set_pollout(epoll: Option<RawFd>, fd: RawFd, id: ConnId, on: bool) {
    let Some(ep) = epoll else {
        return;
    };
    let events = libc::EPOLLIN | libc::EPOLLRDHUP | if on { libc::EPOLLOUT } else { 0 };
    let mut ev = libc::epoll_event {
        events: events as u32,
        u64: crate::eventloop::Token::Conn(id).encode(),
    };
    // SAFETY: modifying the registration of a descriptor we own in our
    // epoll set.
    unsafe { libc::epoll_ctl(ep, libc::EPOLL_CTL_MOD, fd, &mut ev) };
}

impl ServerConn {
    /// Free bytes in the dispatch ring, minus the original's slack.
    fn ring_space(&self) -> u32 {
        let ctl = &self.shared.control;
        let size = self.shared.dispatch_size;
        let read = ctl.read_index() % size;
        let write = ctl.write_index() % size;
        ring_free(size, read, write).saturating_sub(RING_SLACK)
    }

    /// Writes one record at the write index and advances it to the next
    /// 8-byte boundary. The ring is mapped twice, so the record may cross
    /// its end.
    fn ring_write(&mut self, iov: &[&[u8]], len: usize) {
        let ctl = &self.shared.control;
        let size = self.shared.dispatch_size as usize;
        let start = ctl.write_index() as usize % size;
        let mut off = start;
        for part in iov {
            self.shared.dispatch.write(off, part);
            off += part.len();
        }
        ctl.set_write_index(((start + align8(len)) % size) as u32);
    }

    /// Tells the client one more record is there: the DISPATCH semaphore
    /// now, and one byte on the socket, owed until the executive finishes
    /// the event (clients read one byte per record, whatever their value).
    /// Returns true when the connection must be put on the dirty list.
    fn notify(&mut self) -> bool {
        self.owed_notify += 1;
        let _ = self.shared.control.post(Semaphore::Dispatch);
        self.owed_notify == 1 && !self.notify_blocked
    }

    /// Writes as many owed notification bytes as the socket takes.
    fn send_owed(&mut self) {
        const ONES: [u8; 256] = [1u8; 256];
        while self.owed_notify > 0 {
            let n = (self.owed_notify as usize).min(ONES.len());
            // SAFETY: a non-blocking send from a constant buffer on our
            // socket.
            let sent = unsafe {
                libc::send(
                    self.shared.sock.as_raw_fd(),
                    ONES.as_ptr().cast(),
                    n,
                    libc::MSG_NOSIGNAL | libc::MSG_DONTWAIT,
                )
            };
            if sent <= 0 {
                return;
            }
            self.owed_notify -= sent as u32;
        }
    }

    pub fn outq_len(&self) -> usize {
        self.outq.len()
    }
}
