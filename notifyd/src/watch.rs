//! The event loop: confdb change tracking, quorum tracking, and the
//! notifications made of them.
//!
//! The library callbacks only record what arrived; the records are turned
//! into notifications after the dispatch call returns, where the lookups
//! they need (parent object, object names, the member's address) are made.

use std::cell::RefCell;
use std::ffi::{CStr, c_char, c_int, c_void};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use corosync_wire::CsError;

use crate::args::Opts;
use crate::log;

const CS_OK: i32 = 1;
const CS_ERR_TRY_AGAIN: i32 = 6;
const OBJECT_PARENT_HANDLE: u64 = 0xFFFF_FFFF_0000_0000;
const TRACK_DEPTH_ONE: u32 = 0;
const TRACK_DEPTH_RECURSIVE: u32 = 1;
const CS_TRACK_CHANGES: u32 = 2;
const CS_DISPATCH_ONE: i32 = 1;
const NAME_MAX: usize = 256;

enum Event {
    KeyChange {
        object: u64,
        object_name: Vec<u8>,
        key_name: Vec<u8>,
        value: Vec<u8>,
    },
    ObjectCreate {
        parent: u64,
        object: u64,
        name: Vec<u8>,
    },
    ObjectDelete {
        parent: u64,
        name: Vec<u8>,
    },
    Quorum(u32),
}

thread_local! {
    static EVENTS: RefCell<Vec<Event>> = const { RefCell::new(Vec::new()) };
}

static STOP: AtomicBool = AtomicBool::new(false);

fn push(e: Event) {
    EVENTS.with(|q| q.borrow_mut().push(e));
}

/// # Safety
/// `p` must be readable for `len` bytes when not null.
unsafe fn bytes(p: *const c_void, len: usize) -> Vec<u8> {
    if p.is_null() || len == 0 {
        return Vec::new();
    }
    // SAFETY: guaranteed by the caller (the library passes its own buffer
    // with its length).
    unsafe { std::slice::from_raw_parts(p.cast::<u8>(), len) }.to_vec()
}

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn key_changed(
    _handle: u64,
    _change_type: u32,
    parent: u64,
    _object: u64,
    object_name: *const c_void,
    object_name_len: usize,
    key_name: *const c_void,
    key_name_len: usize,
    key_value: *const c_void,
    key_value_len: usize,
) {
    // SAFETY: the library passes each buffer with its length.
    let (object_name, key_name, value) = unsafe {
        (
            bytes(object_name, object_name_len),
            bytes(key_name, key_name_len),
            bytes(key_value, key_value_len),
        )
    };
    // The object whose key changed arrives in the parent argument.
    push(Event::KeyChange {
        object: parent,
        object_name,
        key_name,
        value,
    });
}

unsafe extern "C" fn object_created(
    _handle: u64,
    parent: u64,
    object: u64,
    name: *const c_void,
    name_len: usize,
) {
    // SAFETY: the library passes the name with its length.
    let name = unsafe { bytes(name, name_len) };
    push(Event::ObjectCreate {
        parent,
        object,
        name,
    });
}

unsafe extern "C" fn object_deleted(_handle: u64, parent: u64, name: *const c_void, len: usize) {
    // SAFETY: the library passes the name with its length.
    let name = unsafe { bytes(name, len) };
    push(Event::ObjectDelete { parent, name });
}

unsafe extern "C" fn quorum_notify(
    _handle: u64,
    quorate: u32,
    _ring_seq: u64,
    _entries: u32,
    _list: *mut u32,
) {
    push(Event::Quorum(quorate));
}

extern "C" fn on_signal(_sig: c_int) {
    STOP.store(true, Ordering::SeqCst);
}

/// The confdb connection and the few calls made on it.
struct Confdb(u64);

impl Confdb {
    fn parent(&self, object: u64) -> Result<u64, i32> {
        let mut p = 0u64;
        // SAFETY: valid out-pointer.
        let e = unsafe { confdb::confdb_object_parent_get(self.0, object, &mut p) };
        ok(e).map(|()| p)
    }

    fn name(&self, object: u64) -> Result<Vec<u8>, i32> {
        let mut buf = [0u8; NAME_MAX + 1];
        let mut len = 0usize;
        // SAFETY: a buffer larger than any object name (256 bytes).
        let e = unsafe {
            confdb::confdb_object_name_get(self.0, object, buf.as_mut_ptr().cast(), &mut len)
        };
        ok(e)?;
        Ok(buf[..len.min(NAME_MAX)].to_vec())
    }

    fn key(&self, object: u64, key: &CStr) -> Result<Vec<u8>, i32> {
        let mut buf = vec![0u8; 64 * 1024];
        let mut len = 0usize;
        let mut ty: c_int = 0;
        // SAFETY: a C string key and a buffer larger than any value the
        // reply can carry.
        let e = unsafe {
            confdb::confdb_key_get_typed(
                self.0,
                object,
                key.as_ptr(),
                buf.as_mut_ptr().cast(),
                &mut len,
                &mut ty,
            )
        };
        ok(e)?;
        buf.truncate(len.min(buf.len()));
        Ok(buf)
    }

    /// Walks a dotted path from the root.
    fn find_path(&self, path: &str) -> Result<u64, i32> {
        let mut parent = OBJECT_PARENT_HANDLE;
        for part in path.split('.').filter(|s| !s.is_empty()) {
            // SAFETY: plain call with our handle.
            let e = unsafe { confdb::confdb_object_find_start(self.0, parent) };
            if e.0 != CS_OK {
                log::err(&format!("Could not start object_find {}\n", e.0));
                std::process::exit(1);
            }
            let mut h = 0u64;
            // SAFETY: name readable for its length; valid out-pointer.
            let e = unsafe {
                confdb::confdb_object_find(self.0, parent, part.as_ptr().cast(), part.len(), &mut h)
            };
            ok(e)?;
            // SAFETY: plain call with our handle.
            let _ = unsafe { confdb::confdb_object_find_destroy(self.0, parent) };
            parent = h;
        }
        Ok(parent)
    }
}

fn ok(e: CsError) -> Result<(), i32> {
    if e.0 == CS_OK { Ok(()) } else { Err(e.0) }
}

fn cut_nul(b: &[u8]) -> &[u8] {
    &b[..b.iter().position(|&c| c == 0).unwrap_or(b.len())]
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(cut_nul(b)).into_owned()
}

/// The address out of a member's `ip` key, "r(0) ip(192.168.1.1) ": the
/// last character is dropped, then what lies between the last '(' and the
/// ')' after it.
pub fn member_ip(raw: &[u8]) -> String {
    let mut s = cut_nul(raw).to_vec();
    s.pop();
    let s = String::from_utf8_lossy(&s).into_owned();
    let inner = match s.rfind('(') {
        Some(i) => &s[i + 1..],
        None => &s[..],
    };
    match inner.rfind(')') {
        Some(j) => inner[..j].to_string(),
        None => inner.to_string(),
    }
}

/// The host name of an address (getnameinfo(3); the numeric form when the
/// address has no name); None when the address cannot be parsed or looked
/// up, after logging why.
fn host_name(ip: &str) -> Option<String> {
    let addr: std::net::IpAddr = match ip.parse() {
        Ok(a) => a,
        Err(_) => return None,
    };
    let sa: std::net::SocketAddr = (addr, 0).into();
    let mut host = [0 as c_char; 1025];
    let (storage, len) = sockaddr(&sa);
    // SAFETY: a valid sockaddr of `len` bytes and a host buffer with its
    // size.
    let rc = unsafe {
        libc::getnameinfo(
            (&storage as *const libc::sockaddr_storage).cast(),
            len,
            host.as_mut_ptr(),
            host.len() as libc::socklen_t,
            std::ptr::null_mut(),
            0,
            0,
        )
    };
    if rc != 0 {
        // SAFETY: gai_strerror returns a static C string.
        let why = unsafe { CStr::from_ptr(libc::gai_strerror(rc)) };
        log::err(&format!(
            "error looking up {ip} : {}\n",
            why.to_string_lossy()
        ));
        return None;
    }
    // SAFETY: getnameinfo wrote a NUL-terminated string.
    Some(
        unsafe { CStr::from_ptr(host.as_ptr()) }
            .to_string_lossy()
            .into_owned(),
    )
}

fn sockaddr(sa: &std::net::SocketAddr) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: all-zero sockaddr_storage is valid.
    let mut st: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    match sa {
        std::net::SocketAddr::V4(v4) => {
            // SAFETY: sockaddr_storage is large and aligned enough for a
            // sockaddr_in.
            let s = unsafe {
                &mut *(&mut st as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in>()
            };
            s.sin_family = libc::AF_INET as libc::sa_family_t;
            s.sin_addr.s_addr = u32::from_ne_bytes(v4.ip().octets());
            (
                st,
                std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
            )
        }
        std::net::SocketAddr::V6(v6) => {
            // SAFETY: as above, for sockaddr_in6.
            let s = unsafe {
                &mut *(&mut st as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in6>()
            };
            s.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            s.sin6_addr.s6_addr = v6.ip().octets();
            (
                st,
                std::mem::size_of::<libc::sockaddr_in6>() as libc::socklen_t,
            )
        }
    }
}

/// The notifiers enabled on the command line (this build: syslog only).
struct Notifiers {
    syslog: bool,
    local: Option<(String, u32)>,
    quorate: u32,
}

impl Notifiers {
    fn node_membership(&self, name: &str, nodeid: u32, state: &str, ip: &str) {
        if self.syslog {
            log::notice(&format!("{name}[{}] ip:{ip} {state}\n", nodeid as i32));
        }
    }

    fn node_quorum(&mut self, state: &str) {
        let (name, nodeid) = self.local_node();
        if self.syslog {
            if state == "quorate" {
                log::notice(&format!("{name}[{}] is now {state}\n", nodeid as i32));
            } else {
                log::notice(&format!("{name}[{}] has lost quorum\n", nodeid as i32));
            }
        }
    }

    fn application(&mut self, app: &str, state: &str) {
        let (name, nodeid) = self.local_node();
        if self.syslog {
            let dir = if state == "connected" { "to" } else { "from" };
            log::err(&format!(
                "{name}[{}] {app} is now {state} {dir} corosync\n",
                nodeid as i32
            ));
        }
    }

    /// The local node id (asked of cfg once it is known) and host name;
    /// "localhost" and 0 while cfg cannot tell.
    fn local_node(&mut self) -> (String, u32) {
        if let Some(l) = &self.local {
            return l.clone();
        }
        let mut h = 0u64;
        // SAFETY: valid out-pointer; no callbacks wanted.
        let e = unsafe { cfg::corosync_cfg_initialize(&mut h, std::ptr::null()) };
        if e.0 != CS_OK {
            log::err(&format!(
                "Failed to initialize the cfg API. Error {}\n",
                e.0
            ));
            std::process::exit(1);
        }
        let mut nodeid = 0u32;
        // SAFETY: valid out-pointer.
        let e = unsafe { cfg::corosync_cfg_local_get(h, &mut nodeid) };
        // SAFETY: plain call with our handle.
        let _ = unsafe { cfg::corosync_cfg_finalize(h) };
        if e.0 != CS_OK || nodeid == 0 {
            return ("localhost".to_string(), 0);
        }
        let l = (hostname(), nodeid);
        self.local = Some(l.clone());
        l
    }
}

fn hostname() -> String {
    let mut buf = [0 as c_char; NAME_MAX];
    // SAFETY: buffer with its length; terminated below in any case.
    unsafe { libc::gethostname(buf.as_mut_ptr(), buf.len() - 1) };
    buf[NAME_MAX - 1] = 0;
    // SAFETY: NUL-terminated above.
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

fn handle(db: &Confdb, n: &mut Notifiers, e: Event) {
    match e {
        Event::KeyChange {
            object,
            object_name,
            key_name,
            value,
        } => {
            let Ok(parent) = db.parent(object) else {
                return;
            };
            let Ok(pname) = db.name(parent) else { return };
            if pname != b"members" || !key_name.starts_with(b"status") {
                return;
            }
            let nodeid = text(&object_name).trim().parse::<i64>().unwrap_or(0) as u32;
            let state = text(&value);
            let Ok(raw) = db.key(object, c"ip") else {
                return;
            };
            let ip = member_ip(&raw);
            let name = host_name(&ip).unwrap_or_else(|| ip.clone());
            n.node_membership(&name, nodeid, &state, &ip);
        }
        Event::ObjectCreate {
            parent,
            object,
            name,
        } => {
            // The connections object may arrive in either handle argument
            // (the executive's notification has them in swapped order).
            let is_conn = |h: u64| db.name(h).is_ok_and(|s| s == b"connections");
            if is_conn(object) || is_conn(parent) {
                n.application(&text(&name), "connected");
            }
        }
        Event::ObjectDelete { parent, name } => {
            if db.name(parent).is_ok_and(|s| s == b"connections") {
                n.application(&text(&name), "disconnected");
            }
        }
        Event::Quorum(q) => {
            if q == n.quorate {
                return;
            }
            n.quorate = q;
            n.node_quorum(if q != 0 { "quorate" } else { "not quorate" });
        }
    }
}

pub fn run(opts: &Opts) -> ExitCode {
    let callbacks = confdb::Callbacks {
        object_create: Some(object_created),
        object_delete: Some(object_deleted),
        key_change: Some(key_changed),
        reload: None,
    };
    let mut h = 0u64;
    // SAFETY: valid out-pointer and callbacks structure.
    let e = unsafe { confdb::confdb_initialize(&mut h, &callbacks) };
    if e.0 != CS_OK {
        log::err(&format!(
            "Failed to initialize the objdb API. Error {}\n",
            e.0
        ));
        return ExitCode::FAILURE;
    }
    let db = Confdb(h);
    let mut confdb_fd: c_int = -1;
    // SAFETY: valid out-pointer.
    let _ = unsafe { confdb::confdb_fd_get(db.0, &mut confdb_fd) };

    let track = |path: &str, depth: u32, what: &str| -> Result<(), ()> {
        let obj = db.find_path(path).map_err(|e| {
            log::err(&format!("Failed to find the {what}. Error {e}\n"));
        })?;
        // SAFETY: plain call with our handle.
        let e = unsafe { confdb::confdb_track_changes(db.0, obj, depth) };
        ok(e).map_err(|e| {
            log::err(&format!("Failed to track the {what}. Error {e}\n"));
        })
    };
    if track(
        "runtime.connections.",
        TRACK_DEPTH_ONE,
        "connections object",
    )
    .is_err()
        || track(
            "runtime.totem.pg.mrp.srp.members.",
            TRACK_DEPTH_RECURSIVE,
            "object",
        )
        .is_err()
    {
        return ExitCode::FAILURE;
    }

    let qcb = quorum::QuorumCallbacks {
        quorum_notify_fn: Some(quorum_notify),
    };
    let mut qh = 0u64;
    let mut quorum_fd: c_int = -1;
    // SAFETY: valid out-pointer and callbacks structure.
    let e = unsafe { quorum::quorum_initialize(&mut qh, &qcb) };
    let have_quorum = e.0 == CS_OK;
    if have_quorum {
        // SAFETY: valid out-pointer; plain calls with our handle.
        unsafe {
            let _ = quorum::quorum_fd_get(qh, &mut quorum_fd);
            let _ = quorum::quorum_trackstart(qh, CS_TRACK_CHANGES);
        }
    } else {
        log::err("Could not connect to corosync(quorum)");
    }

    for sig in [libc::SIGINT, libc::SIGQUIT, libc::SIGTERM] {
        // SAFETY: the handler only stores to an atomic. No SA_RESTART, so
        // poll(2) returns EINTR and the loop sees the flag.
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_signal as extern "C" fn(c_int) as usize;
            libc::sigemptyset(&mut sa.sa_mask);
            libc::sigaction(sig, &sa, std::ptr::null_mut());
        }
    }

    let mut n = Notifiers {
        syslog: opts.log,
        local: None,
        quorate: 0,
    };
    let mut code = ExitCode::SUCCESS;
    while !STOP.load(Ordering::SeqCst) {
        let mut fds = vec![libc::pollfd {
            fd: confdb_fd,
            events: libc::POLLIN,
            revents: 0,
        }];
        if have_quorum {
            fds.push(libc::pollfd {
                fd: quorum_fd,
                events: libc::POLLIN,
                revents: 0,
            });
        }
        // SAFETY: a valid array of pollfd with its length.
        let r = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, -1) };
        if r < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            log::err(&format!("poll failed: {}", std::io::Error::last_os_error()));
            code = ExitCode::FAILURE;
            break;
        }
        let mut lost = false;
        if fds[0].revents != 0 {
            // SAFETY: plain call with our handle.
            let e = unsafe { confdb::confdb_dispatch(db.0, CS_DISPATCH_ONE) };
            lost |= e.0 != CS_OK && e.0 != CS_ERR_TRY_AGAIN;
        }
        if have_quorum && fds[1].revents != 0 {
            // SAFETY: plain call with our handle.
            let e = unsafe { quorum::quorum_dispatch(qh, CS_DISPATCH_ONE) };
            lost |= e.0 != CS_OK && e.0 != CS_ERR_TRY_AGAIN;
        }
        let events = EVENTS.with(|q| std::mem::take(&mut *q.borrow_mut()));
        for e in events {
            handle(&db, &mut n, e);
        }
        if lost {
            log::err("Lost the connection to corosync, exiting.");
            code = ExitCode::FAILURE;
            break;
        }
    }

    // SAFETY: plain calls with our handles.
    unsafe {
        if have_quorum {
            let _ = quorum::quorum_finalize(qh);
        }
        let _ = confdb::confdb_stop_track_changes(db.0);
        let _ = confdb::confdb_finalize(db.0);
    }
    code
}

#[cfg(test)]
mod tests {
    use super::member_ip;

    #[test]
    fn ip_of_member_key() {
        assert_eq!(member_ip(b"r(0) ip(10.0.0.2) "), "10.0.0.2");
        assert_eq!(member_ip(b"r(0) ip(10.0.0.2) \0"), "10.0.0.2");
        assert_eq!(
            member_ip(b"r(0) ip(10.0.0.2) r(1) ip(10.1.0.2) "),
            "10.1.0.2"
        );
        assert_eq!(member_ip(b"r(0) ip(fe80::1) "), "fe80::1");
        assert_eq!(member_ip(b""), "");
        assert_eq!(member_ip(b"garbage"), "garbag");
    }
}
