//! The main loop: one thread owns the sockets and timers, takes the
//! executive lock for every event, and hands client requests over to the
//! per-connection workers.

use std::collections::HashMap;
use std::os::fd::{AsRawFd, RawFd};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use corosync_wire::CsError;

use crate::eventloop::{self, Epoll, Token, Waker};
use crate::exec::Executive;
use crate::ipc::listener::{Listener, Pending, SetupRead, send_setup_reply};
use crate::ipc::worker::{self, Server};
use crate::ipc::{ConnShared, Credentials};
use crate::service::ConnId;

/// How long a client may take to send its setup request.
const SETUP_TIMEOUT: Duration = Duration::from_secs(10);

/// What the main loop and the workers share.
pub struct Shared {
    pub exec: Mutex<Executive>,
    pub waker: Waker,
    /// When the main loop will wake up on its own; a worker that moves a
    /// deadline earlier wakes it.
    pub main_deadline: Mutex<Option<Instant>>,
    /// Wakes workers that refused a request for want of queue room.
    pub room: Room,
}

/// Workers that answered TRY_AGAIN because the new-message queue was full
/// wait here, without the executive lock, until the queue has more free
/// entries than when they refused (or a short time passed), instead of
/// taking the client's immediate retry at once: a client retrying in a
/// loop would otherwise hold the lock thousands of times a second while
/// the main loop needs it to move the token that frees the queue.
#[derive(Default)]
pub struct Room {
    state: Mutex<RoomState>,
    cv: std::sync::Condvar,
}

struct RoomState {
    generation: u64,
    waiters: usize,
    /// Notify once the queue has more free entries than this (the smallest
    /// count a waiter waits beyond; `usize::MAX` when nobody waits).
    above: usize,
}

impl Default for RoomState {
    fn default() -> RoomState {
        RoomState {
            generation: 0,
            waiters: 0,
            above: usize::MAX,
        }
    }
}

/// The longest a worker waits for queue room before taking the next
/// request, in microseconds (`$COROSYNC_IPC_ROOM_WAIT_US`, 0 disables).
fn room_wait() -> Duration {
    static US: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    Duration::from_micros(*US.get_or_init(|| {
        std::env::var("COROSYNC_IPC_ROOM_WAIT_US")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(5000)
            .min(100_000)
    }))
}

impl Room {
    fn state(&self) -> MutexGuard<'_, RoomState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until the queue has more than `free` entries (as reported by
    /// [`Room::update`]) or the room wait passed.
    fn wait_above(&self, free: usize) {
        let wait = room_wait();
        if wait.is_zero() {
            return;
        }
        let mut st = self.state();
        let start = st.generation;
        st.waiters += 1;
        st.above = st.above.min(free);
        let deadline = Instant::now() + wait;
        while st.generation == start {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            st = match self.cv.wait_timeout(st, deadline - now) {
                Ok((g, _)) => g,
                Err(p) => p.into_inner().0,
            };
        }
        st.waiters -= 1;
        if st.waiters == 0 {
            st.above = usize::MAX;
        }
    }

    /// The main loop reports the queue's free entries after its work.
    fn update(&self, free: usize) {
        let mut st = self.state();
        if st.waiters > 0 && free > st.above {
            st.generation += 1;
            st.above = usize::MAX;
            self.cv.notify_all();
        }
    }
}

impl Shared {
    pub fn lock(&self) -> MutexGuard<'_, Executive> {
        self.exec.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// After a worker changed the executive: wake the main loop if it now
    /// has something to do earlier than it planned.
    fn after_worker(&self, exec: &Executive) {
        let planned = *self.main_deadline.lock().unwrap_or_else(|p| p.into_inner());
        let wanted = exec.glue.next_deadline();
        let earlier = match (wanted, planned) {
            (Some(w), Some(p)) => w < p,
            (Some(_), None) => true,
            _ => false,
        };
        if earlier || !exec.closed.is_empty() {
            self.waker.wake();
        }
    }
}

impl Server for Shared {
    fn wakeup(&self, conn: &Arc<ConnShared>, buf: &mut Vec<u8>) -> bool {
        let refused = {
            let mut exec = self.lock();
            exec.refused_full = None;
            exec.wakeup(conn, buf);
            let refused = exec.refused_full.take();
            exec.pump();
            self.after_worker(&exec);
            // this session's own token visit (a one-node ring) may have
            // made room already
            let free = exec.glue.avail();
            self.room.update(free);
            refused.filter(|&r| free <= r)
        };
        match refused {
            Some(free) => {
                self.room.wait_above(free);
                true
            }
            None => false,
        }
    }

    fn worker_stopped(&self, conn: &Arc<ConnShared>) {
        let mut exec = self.lock();
        exec.connection_lost(conn.id);
        exec.pump();
        self.after_worker(&exec);
    }
}

/// The main loop's own state (not shared with workers).
pub struct MainLoop {
    pub shared: Arc<Shared>,
    epoll: Epoll,
    listener: Listener,
    pending: HashMap<u64, Pending>,
    next_pending: u64,
    /// Descriptors of established connections, for removal from epoll.
    conn_fds: HashMap<ConnId, RawFd>,
    /// Totem socket descriptors by their token id.
    net_fds: Vec<RawFd>,
    signal: crate::signals::Signals,
    pub exit_requested: bool,
}

impl MainLoop {
    pub fn new(shared: Arc<Shared>, listener: Listener) -> std::io::Result<MainLoop> {
        let epoll = Epoll::new()?;
        epoll.add(listener.fd(), eventloop::IN, Token::Listener)?;
        epoll.add(shared.waker.raw(), eventloop::IN, Token::Wake)?;
        let signal = crate::signals::Signals::new()?;
        epoll.add(signal.fd(), eventloop::IN, Token::Signal)?;
        let net_fds = {
            let mut exec = shared.lock();
            exec.ipc.epoll = Some(epoll.raw());
            exec.glue.recv_fds()
        };
        for (i, fd) in net_fds.iter().enumerate() {
            epoll.add(*fd, eventloop::IN, Token::Net(i as u32))?;
        }
        Ok(MainLoop {
            shared,
            epoll,
            listener,
            pending: HashMap::new(),
            next_pending: 1,
            conn_fds: HashMap::new(),
            net_fds,
            signal,
            exit_requested: false,
        })
    }

    /// Runs until a termination signal.
    pub fn run(&mut self) {
        let mut events = Vec::with_capacity(64);
        while !self.exit_requested {
            self.run_once(&mut events, None);
        }
    }

    /// Waits for events once (at most `cap`) and handles them.
    fn run_once(&mut self, events: &mut Vec<(Token, u32)>, cap: Option<Duration>) {
        {
            let timeout = {
                let exec = self.shared.lock();
                let deadline = exec.glue.next_deadline();
                let pending_deadline = self.pending.values().map(|p| p.since + SETUP_TIMEOUT).min();
                // a lib_exit that could not multicast is retried soon even
                // when no token circulates
                let retry_deadline = exec
                    .exits_pending()
                    .then(|| Instant::now() + Duration::from_millis(50));
                let service_deadline = exec.service_deadline();
                let stats_deadline = Some(exec.runtime.next_refresh());
                let d = [
                    deadline,
                    pending_deadline,
                    retry_deadline,
                    service_deadline,
                    stats_deadline,
                ]
                .into_iter()
                .flatten()
                .min();
                *self
                    .shared
                    .main_deadline
                    .lock()
                    .unwrap_or_else(|p| p.into_inner()) = d;
                let d = match (d, cap) {
                    (Some(d), Some(c)) => Some(d.min(Instant::now() + c)),
                    (None, Some(c)) => Some(Instant::now() + c),
                    (d, None) => d,
                };
                match d {
                    None => -1,
                    Some(t) => {
                        let now = Instant::now();
                        if t <= now {
                            0
                        } else {
                            // round up so we never wake before the deadline
                            ((t - now).as_micros().div_ceil(1000)).min(i32::MAX as u128) as i32
                        }
                    }
                }
            };
            if let Err(e) = self.epoll.wait(events, timeout) {
                crate::log_printf!(MAIN, Error, "epoll_wait failed: {e}");
                std::thread::sleep(Duration::from_millis(10));
                return;
            }
            for &(token, ev) in events.iter() {
                match token {
                    Token::Listener => self.accept(),
                    Token::Pending(n) => self.pending_readable(n),
                    Token::Conn(id) => self.conn_event(id, ev),
                    Token::Net(i) => {
                        if let Some(&fd) = self.net_fds.get(i as usize) {
                            let mut exec = self.shared.lock();
                            exec.glue.readable(fd);
                            exec.pump();
                        }
                    }
                    Token::Wake => self.shared.waker.drain(),
                    Token::Signal => {
                        if self.signal.take_termination() {
                            self.exit_requested = true;
                        }
                    }
                }
            }
            {
                let mut exec = self.shared.lock();
                exec.glue.timeout(Instant::now());
                exec.run_service_timers(Instant::now());
                if exec.shutdown_requested {
                    self.exit_requested = true;
                }
                if exec.exits_pending() {
                    exec.retry_exits();
                }
                exec.runtime_timer();
                exec.pump();
                self.shared.room.update(exec.glue.avail());
                for id in std::mem::take(&mut exec.closed) {
                    self.conn_fds.remove(&id);
                }
            }
            self.expire_pending();
        }
    }

    fn accept(&mut self) {
        loop {
            match self.listener.accept() {
                Ok(Some(fd)) => {
                    let n = self.next_pending;
                    self.next_pending += 1;
                    if self
                        .epoll
                        .add(
                            fd.as_raw_fd(),
                            eventloop::IN | eventloop::ERR,
                            Token::Pending(n),
                        )
                        .is_ok()
                    {
                        self.pending.insert(n, Pending::new(fd));
                    }
                }
                Ok(None) => return,
                Err(e) => {
                    crate::log_printf!(IPC, Error, "Could not accept Library connection: {e}");
                    return;
                }
            }
        }
    }

    fn expire_pending(&mut self) {
        let now = Instant::now();
        let late: Vec<u64> = self
            .pending
            .iter()
            .filter(|(_, p)| now - p.since > SETUP_TIMEOUT)
            .map(|(n, _)| *n)
            .collect();
        for n in late {
            if let Some(p) = self.pending.remove(&n) {
                self.epoll.delete(p.fd.as_raw_fd());
                crate::log_printf!(
                    IPC,
                    Debug,
                    "dropping a connection that sent no setup request"
                );
            }
        }
    }

    fn pending_readable(&mut self, n: u64) {
        let Some(p) = self.pending.get_mut(&n) else {
            return;
        };
        let outcome = {
            let exec = self.shared.lock();
            p.read(|uid, gid| exec.access_allowed(&Credentials { pid: 0, uid, gid }))
        };
        match outcome {
            SetupRead::More => {}
            SetupRead::Drop(why) => {
                let p = self.pending.remove(&n).expect("present");
                self.epoll.delete(p.fd.as_raw_fd());
                crate::log_printf!(IPC, Debug, "{why}");
            }
            SetupRead::Refused(e) => {
                let p = self.pending.remove(&n).expect("present");
                self.epoll.delete(p.fd.as_raw_fd());
                crate::log_printf!(IPC, Error, "Invalid IPC credentials.\n");
                send_setup_reply(p.fd.as_raw_fd(), e);
            }
            SetupRead::Complete(req, creds) => {
                let p = self.pending.remove(&n).expect("present");
                self.epoll.delete(p.fd.as_raw_fd());
                self.establish(p, req, creds);
            }
        }
    }

    fn establish(&mut self, p: Pending, req: corosync_wire::ipc::SetupRequest, creds: Credentials) {
        let peer_euid = p.peer_euid();
        let recv_retries = p.recv_retries;
        let mut exec = self.shared.lock();
        if !exec.service_accepts(req.service) {
            send_setup_reply(p.fd.as_raw_fd(), CsError::NOT_EXIST);
            return;
        }
        let id = exec.ipc.allocate_id();
        let fd = p.fd.as_raw_fd();
        match exec.ipc.establish(id, p.fd, &req, creds, peer_euid) {
            Err((sock, refused)) => {
                crate::log_printf!(IPC, Warning, "IPC setup refused: {}", refused.why);
                send_setup_reply(sock.as_raw_fd(), refused.error);
            }
            Ok(shared) => {
                let send_retries = send_setup_reply(fd, CsError::OK);
                if let Some(stats) = exec.ipc.stats_mut(id) {
                    stats.send_retry_count += send_retries;
                    stats.recv_retry_count += recv_retries;
                }
                exec.connection_established(id);
                exec.pump();
                if self
                    .epoll
                    .add(fd, eventloop::IN | eventloop::ERR, Token::Conn(id))
                    .is_err()
                    || worker::spawn(Arc::clone(&self.shared), shared).is_err()
                {
                    exec.connection_lost(id);
                    exec.pump();
                    return;
                }
                self.conn_fds.insert(id, fd);
            }
        }
    }

    fn conn_event(&mut self, id: ConnId, ev: u32) {
        let Some(&fd) = self.conn_fds.get(&id) else {
            return;
        };
        if ev & eventloop::ERR != 0 {
            self.epoll.delete(fd);
            let mut exec = self.shared.lock();
            exec.connection_lost(id);
            exec.pump();
            return;
        }
        if ev & eventloop::IN != 0 {
            // Bytes from a client after setup carry nothing on Linux; read
            // and ignore them. EOF means the client is gone.
            let mut b = [0u8; 64];
            let n = loop {
                // SAFETY: receiving into a local buffer from our socket.
                let n =
                    unsafe { libc::recv(fd, b.as_mut_ptr().cast(), b.len(), libc::MSG_DONTWAIT) };
                if n < 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
                    if let Some(stats) = self.shared.lock().ipc.stats_mut(id) {
                        stats.recv_retry_count += 1;
                    }
                    continue;
                }
                break n;
            };
            if n == 0 {
                self.epoll.delete(fd);
                let mut exec = self.shared.lock();
                exec.connection_lost(id);
                exec.pump();
                return;
            }
        }
        if ev & eventloop::OUT != 0 {
            let mut exec = self.shared.lock();
            exec.ipc.retry_notify(id);
        }
    }

    /// Orderly shutdown, as the original unloads its engines: every client
    /// is disconnected and the engines announce it to the cluster (a CPG
    /// member leaves with CPG_REASON_PROCDOWN); once that went round the
    /// ring (or after two seconds), totem leaves the ring.
    pub fn shutdown(&mut self) {
        let start = Instant::now();
        let mut events = Vec::with_capacity(64);
        while start.elapsed() < Duration::from_secs(1) && self.shared.lock().responses_unread() {
            self.run_once(&mut events, Some(Duration::from_millis(5)));
        }
        {
            let mut exec = self.shared.lock();
            for id in exec.ipc.ids() {
                exec.connection_lost(id);
            }
            exec.pump();
        }
        let start = Instant::now();
        let mut events = Vec::with_capacity(64);
        while start.elapsed() < Duration::from_secs(2) {
            let done = {
                let exec = self.shared.lock();
                !exec.exits_pending() && exec.services_quiescent()
            };
            if done {
                break;
            }
            self.run_once(&mut events, Some(Duration::from_millis(20)));
        }
        let mut exec = self.shared.lock();
        exec.glue.leave();
        exec.pump();
    }
}
