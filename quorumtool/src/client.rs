//! The client requests the tool makes: quorum and votequorum through
//! their wire modules, and the few confdb and cfg requests it needs
//! (object find, key get, node addresses) with their LP64 layouts.

use coroipcc::Connection;
use corosync_wire::bytes::{Reader, Writer};
use corosync_wire::ipc::{
    DEFAULT_BUFFER_SIZE, RequestHeader, ResponseHeader, SOCKET_NAME, ServiceId,
};
use corosync_wire::quorum::{self as q, Notification};
use corosync_wire::votequorum::{self as vq, Info};
use corosync_wire::{CsError, CsResult};

/// The root object of the object database.
pub const OBJECT_PARENT_HANDLE: u64 = 0xFFFF_FFFF_0000_0000;

fn connect(service: ServiceId) -> CsResult<Connection> {
    Connection::connect(
        SOCKET_NAME,
        service.0,
        DEFAULT_BUFFER_SIZE,
        DEFAULT_BUFFER_SIZE,
        DEFAULT_BUFFER_SIZE,
    )
}

fn header_error(b: &[u8]) -> CsError {
    ResponseHeader::decode(&Reader::new(b))
        .map(|h| h.error)
        .unwrap_or(CsError::LIBRARY)
}

pub struct Quorum(Connection);

impl Quorum {
    pub fn connect() -> CsResult<Quorum> {
        connect(ServiceId::QUORUM).map(Quorum)
    }

    pub fn getquorate(&self) -> CsResult<u32> {
        let mut resp = [0u8; q::size::GETQUORATE_RESPONSE];
        self.0
            .send_recv(&[&q::encode_request(q::req::GETQUORATE)], &mut resp)?;
        let (e, v) = q::decode_getquorate_response(&resp).map_err(|_| CsError::LIBRARY)?;
        e.into_result()?;
        Ok(v)
    }

    /// Track-current and the notification it brings.
    pub fn current_view(&self) -> CsResult<Notification> {
        let mut resp = [0u8; ResponseHeader::SIZE];
        self.0.send_recv(&[&q::encode_trackstart(1)], &mut resp)?;
        header_error(&resp).into_result()?;
        let mut buf = Vec::new();
        loop {
            if self.0.dispatch_recv(-1, &mut buf, false)?
                && let Ok(n) = q::decode_notification(&buf)
            {
                return Ok(n);
            }
        }
    }
}

pub struct Votequorum(Connection);

impl Votequorum {
    pub fn connect() -> CsResult<Votequorum> {
        connect(ServiceId::VOTEQUORUM).map(Votequorum)
    }

    pub fn getinfo(&self, nodeid: u32) -> CsResult<Info> {
        let mut resp = [0u8; vq::size::GETINFO_RESPONSE];
        self.0
            .send_recv(&[&vq::encode_one_arg(vq::req::GETINFO, nodeid)], &mut resp)?;
        let (e, i) = vq::decode_getinfo_response(&resp).map_err(|_| CsError::LIBRARY)?;
        e.into_result()?;
        Ok(i)
    }

    fn status(&self, req: &[u8]) -> CsResult<()> {
        let mut resp = [0u8; vq::size::STATUS_RESPONSE];
        self.0.send_recv(&[req], &mut resp)?;
        header_error(&resp).into_result()
    }

    pub fn setvotes(&self, nodeid: u32, votes: u32) -> CsResult<()> {
        self.status(&vq::encode_setvotes(nodeid, votes))
    }

    pub fn setexpected(&self, expected: u32) -> CsResult<()> {
        self.status(&vq::encode_one_arg(vq::req::SETEXPECTED, expected))
    }
}

/// `mar_name_t`: a 16-bit length at 0, 256 bytes from 8.
const NAME_SIZE: usize = 264;
const NAME_MAX: usize = 256;

fn put_name(w: &mut Writer<'_>, off: usize, name: &[u8]) {
    let n = name.len().min(NAME_MAX);
    w.u16(off, n as u16);
    w.put(off + 8, &name[..n]);
}

pub struct Confdb(Connection);

impl Confdb {
    const OBJECT_FIND: i32 = 2;
    const KEY_GET: i32 = 4;
    const OBJECT_FIND_DESTROY: i32 = 14;

    pub fn connect() -> CsResult<Confdb> {
        connect(ServiceId::CONFDB).map(Confdb)
    }

    /// The first child object of `parent` named `name`.
    pub fn object_find_first(&self, parent: u64, name: &[u8]) -> CsResult<u64> {
        // parent at 16, name at 24, find handle at 288
        let size = 24 + NAME_SIZE + 8;
        let mut req = vec![0u8; size];
        let mut w = Writer::new(&mut req);
        RequestHeader {
            size: size as i32,
            id: Self::OBJECT_FIND,
        }
        .encode(&mut w);
        w.u64(16, parent);
        put_name(&mut w, 24, name);
        let mut resp = [0u8; 40];
        self.0.send_recv(&[&req], &mut resp)?;
        let r = Reader::new(&resp);
        let found = header_error(&resp)
            .into_result()
            .and_then(|()| r.u64(24).map_err(|_| CsError::LIBRARY));
        if let Ok(find) = r.u64(32)
            && find != 0
        {
            let mut d = [0u8; 24];
            let mut w = Writer::new(&mut d);
            RequestHeader {
                size: 24,
                id: Self::OBJECT_FIND_DESTROY,
            }
            .encode(&mut w);
            w.u64(16, find);
            let mut resp = [0u8; ResponseHeader::SIZE];
            let _ = self.0.send_recv(&[&d], &mut resp);
        }
        found
    }

    /// The value of key `key` of `object`.
    pub fn key_get(&self, object: u64, key: &[u8]) -> CsResult<Vec<u8>> {
        let size = 24 + NAME_SIZE;
        let mut req = vec![0u8; size];
        let mut w = Writer::new(&mut req);
        RequestHeader {
            size: size as i32,
            id: Self::KEY_GET,
        }
        .encode(&mut w);
        w.u64(16, object);
        put_name(&mut w, 24, key);
        let mut resp = vec![0u8; 24 + NAME_SIZE];
        self.0.send_recv(&[&req], &mut resp)?;
        header_error(&resp).into_result()?;
        let r = Reader::new(&resp);
        let len = (r.u16(24).map_err(|_| CsError::LIBRARY)? as usize).min(NAME_MAX);
        Ok(resp[32..32 + len].to_vec())
    }
}

pub struct Cfg(Connection);

impl Cfg {
    const GET_NODE_ADDRS: i32 = 11;
    const ADDRLEN: usize = 16;

    pub fn connect() -> CsResult<Cfg> {
        connect(ServiceId::CFG).map(Cfg)
    }

    /// (family, first address bytes) of `nodeid`.
    fn first_addr(&self, nodeid: u32) -> CsResult<(u32, [u8; 16])> {
        let mut req = [0u8; 24];
        let mut w = Writer::new(&mut req);
        RequestHeader {
            size: 24,
            id: Self::GET_NODE_ADDRS,
        }
        .encode(&mut w);
        w.u32(16, nodeid);
        self.0.send_recv_with(&[&req], |b| {
            header_error(b).into_result()?;
            let r = Reader::new(b);
            let family = r.u32(24).map_err(|_| CsError::LIBRARY)?;
            let n = r.u32(28).map_err(|_| CsError::LIBRARY)?;
            if n == 0 {
                return Err(CsError::NOT_EXIST);
            }
            let a = r.slice(32, Self::ADDRLEN).map_err(|_| CsError::LIBRARY)?;
            let mut out = [0u8; 16];
            out.copy_from_slice(a);
            Ok((family, out))
        })?
    }

    /// The first address of `nodeid` as a host name (or numeric with
    /// `numeric`); empty when it cannot be had.
    pub fn node_name(&self, nodeid: u32, numeric: bool) -> String {
        let Ok((family, addr)) = self.first_addr(nodeid) else {
            return String::new();
        };
        let ip: std::net::IpAddr = if family == libc::AF_INET6 as u32 {
            std::net::Ipv6Addr::from(addr).into()
        } else {
            std::net::Ipv4Addr::new(addr[0], addr[1], addr[2], addr[3]).into()
        };
        if numeric {
            return ip.to_string();
        }
        resolve(ip).unwrap_or_default()
    }
}

/// getnameinfo(3) without NI_NUMERICHOST: the host name, or the numeric
/// form when the address has none.
fn resolve(ip: std::net::IpAddr) -> Option<String> {
    let mut host = [0 as libc::c_char; 1025];
    let rc = match ip {
        std::net::IpAddr::V4(v4) => {
            // SAFETY: an all-zero sockaddr_in is valid; fields set below.
            let mut sa: libc::sockaddr_in = unsafe { std::mem::zeroed() };
            sa.sin_family = libc::AF_INET as libc::sa_family_t;
            sa.sin_addr.s_addr = u32::from_ne_bytes(v4.octets());
            // SAFETY: passing a valid sockaddr_in with its size and a
            // buffer with its length.
            unsafe {
                libc::getnameinfo(
                    (&sa as *const libc::sockaddr_in).cast(),
                    std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
                    host.as_mut_ptr(),
                    46,
                    std::ptr::null_mut(),
                    0,
                    0,
                )
            }
        }
        std::net::IpAddr::V6(v6) => {
            // SAFETY: an all-zero sockaddr_in6 is valid; fields set below.
            let mut sa: libc::sockaddr_in6 = unsafe { std::mem::zeroed() };
            sa.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sa.sin6_addr.s6_addr = v6.octets();
            // SAFETY: as above, for sockaddr_in6.
            unsafe {
                libc::getnameinfo(
                    (&sa as *const libc::sockaddr_in6).cast(),
                    std::mem::size_of::<libc::sockaddr_in6>() as libc::socklen_t,
                    host.as_mut_ptr(),
                    46,
                    std::ptr::null_mut(),
                    0,
                    0,
                )
            }
        }
    };
    if rc != 0 {
        return None;
    }
    // SAFETY: getnameinfo wrote a NUL-terminated string into host.
    let s = unsafe { std::ffi::CStr::from_ptr(host.as_ptr()) };
    Some(s.to_string_lossy().into_owned())
}
