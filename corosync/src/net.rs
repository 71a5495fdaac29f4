//! The totem sockets: UDP multicast (`transport: udp`) and UDP unicast
//! (`transport: udpu`), per ring, bound as the original binds them; and
//! the choice of the local address from `bindnetaddr`.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

/// Socket buffer sizes: generous, so a burst of frames is not dropped by
/// the kernel before the main loop reads it.
const SOCKET_BUFFER: libc::c_int = 4 * 1024 * 1024;

/// Largest datagram read (frames are at most 10000 bytes plus security
/// overhead).
pub const RECV_BUFFER: usize = 65536;

fn errno() -> i32 {
    io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn sockaddr(addr: SocketAddr) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: sockaddr_storage is plain data; all zero is valid.
    let mut ss: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    match addr {
        SocketAddr::V4(a) => {
            // SAFETY: sockaddr_storage is large and aligned enough for a
            // sockaddr_in.
            let sin = unsafe {
                &mut *(&mut ss as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in>()
            };
            sin.sin_family = libc::AF_INET as libc::sa_family_t;
            sin.sin_port = a.port().to_be();
            sin.sin_addr.s_addr = u32::from_ne_bytes(a.ip().octets());
            (
                ss,
                std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
            )
        }
        SocketAddr::V6(a) => {
            // SAFETY: as above, for a sockaddr_in6.
            let sin6 = unsafe {
                &mut *(&mut ss as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in6>()
            };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_port = a.port().to_be();
            sin6.sin6_addr.s6_addr = a.ip().octets();
            sin6.sin6_scope_id = a.scope_id();
            (
                ss,
                std::mem::size_of::<libc::sockaddr_in6>() as libc::socklen_t,
            )
        }
    }
}

fn from_sockaddr(ss: &libc::sockaddr_storage) -> Option<SocketAddr> {
    match ss.ss_family as i32 {
        libc::AF_INET => {
            // SAFETY: the family says the storage holds a sockaddr_in.
            let sin =
                unsafe { &*(ss as *const libc::sockaddr_storage).cast::<libc::sockaddr_in>() };
            Some(SocketAddr::new(
                IpAddr::V4(Ipv4Addr::from(sin.sin_addr.s_addr.to_ne_bytes())),
                u16::from_be(sin.sin_port),
            ))
        }
        libc::AF_INET6 => {
            // SAFETY: the family says the storage holds a sockaddr_in6.
            let sin6 =
                unsafe { &*(ss as *const libc::sockaddr_storage).cast::<libc::sockaddr_in6>() };
            Some(SocketAddr::new(
                IpAddr::V6(Ipv6Addr::from(sin6.sin6_addr.s6_addr)),
                u16::from_be(sin6.sin6_port),
            ))
        }
        _ => None,
    }
}

fn setsockopt_int(fd: RawFd, level: i32, name: i32, v: libc::c_int) -> io::Result<()> {
    // SAFETY: setting an integer option on our socket.
    let r = unsafe {
        libc::setsockopt(
            fd,
            level,
            name,
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

/// A non-blocking UDP socket.
pub struct Udp {
    fd: OwnedFd,
}

impl Udp {
    fn new(family: IpAddr) -> io::Result<Udp> {
        let domain = if family.is_ipv4() {
            libc::AF_INET
        } else {
            libc::AF_INET6
        };
        // SAFETY: plain socket creation.
        let fd = unsafe {
            libc::socket(
                domain,
                libc::SOCK_DGRAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
                0,
            )
        };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: a fresh descriptor we own.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        let _ = setsockopt_int(
            fd.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVBUF,
            SOCKET_BUFFER,
        );
        let _ = setsockopt_int(
            fd.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_SNDBUF,
            SOCKET_BUFFER,
        );
        Ok(Udp { fd })
    }

    fn bind(&self, addr: SocketAddr, reuse: bool) -> io::Result<()> {
        if reuse {
            setsockopt_int(self.fd.as_raw_fd(), libc::SOL_SOCKET, libc::SO_REUSEADDR, 1)?;
        }
        let (ss, len) = sockaddr(addr);
        // SAFETY: binding with a valid address of the given length.
        let r = unsafe {
            libc::bind(
                self.fd.as_raw_fd(),
                (&ss as *const libc::sockaddr_storage).cast(),
                len,
            )
        };
        if r == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }

    pub fn fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    /// Sends one datagram; a full socket buffer or an unreachable peer
    /// is not an error for totem (it retransmits), so only the count of
    /// failures is reported.
    pub fn send_to(&self, data: &[u8], to: SocketAddr) -> bool {
        let (ss, len) = sockaddr(to);
        // SAFETY: sending a valid buffer to a valid address.
        let n = unsafe {
            libc::sendto(
                self.fd.as_raw_fd(),
                data.as_ptr().cast(),
                data.len(),
                libc::MSG_NOSIGNAL,
                (&ss as *const libc::sockaddr_storage).cast(),
                len,
            )
        };
        n == data.len() as isize
    }

    /// Receives one datagram into `buf`; None when nothing is waiting.
    pub fn recv_from(&self, buf: &mut [u8]) -> Option<(usize, Option<SocketAddr>)> {
        loop {
            // SAFETY: sockaddr_storage is plain data.
            let mut ss: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
            let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            // SAFETY: receiving into our buffer and address storage.
            let n = unsafe {
                libc::recvfrom(
                    self.fd.as_raw_fd(),
                    buf.as_mut_ptr().cast(),
                    buf.len(),
                    libc::MSG_DONTWAIT,
                    (&mut ss as *mut libc::sockaddr_storage).cast(),
                    &mut len,
                )
            };
            if n < 0 {
                match errno() {
                    libc::EINTR => continue,
                    _ => return None,
                }
            }
            return Some((n as usize, from_sockaddr(&ss)));
        }
    }
}

/// Buffers for reading many datagrams with one `recvmmsg`.
pub struct RecvBatch {
    bufs: Vec<Vec<u8>>,
    addrs: Vec<libc::sockaddr_storage>,
    lens: Vec<usize>,
    truncated: Vec<bool>,
}

/// Datagrams per `recvmmsg`.
pub const BATCH: usize = 32;
/// Size of each receive buffer: a frame plus security overhead, with room
/// to spare; longer datagrams are dropped.
pub const BATCH_BUF: usize = 16 * 1024;

impl Default for RecvBatch {
    fn default() -> Self {
        Self::new()
    }
}

impl RecvBatch {
    pub fn new() -> RecvBatch {
        RecvBatch {
            bufs: (0..BATCH).map(|_| vec![0u8; BATCH_BUF]).collect(),
            // SAFETY: sockaddr_storage is plain data; all zero is valid.
            addrs: (0..BATCH).map(|_| unsafe { std::mem::zeroed() }).collect(),
            lens: vec![0; BATCH],
            truncated: vec![false; BATCH],
        }
    }

    /// Datagram `i` of the last receive: (bytes, sender), None when it was
    /// truncated or had no address.
    pub fn get(&self, i: usize) -> Option<(&[u8], SocketAddr)> {
        if self.truncated[i] {
            return None;
        }
        let from = from_sockaddr(&self.addrs[i])?;
        Some((&self.bufs[i][..self.lens[i]], from))
    }
}

/// One header of a `recvmmsg`/`sendmmsg` batch: one buffer, one address
/// slot. The pointers are stored, not used: the caller keeps both alive
/// for the system call.
fn mmsghdr(
    addr: &mut libc::sockaddr_storage,
    addr_len: libc::socklen_t,
    iov: &mut libc::iovec,
) -> libc::mmsghdr {
    // SAFETY: msghdr is plain data; zero is a valid value.
    let mut h: libc::msghdr = unsafe { std::mem::zeroed() };
    h.msg_name = (addr as *mut libc::sockaddr_storage).cast();
    h.msg_namelen = addr_len;
    h.msg_iov = iov;
    h.msg_iovlen = 1;
    libc::mmsghdr {
        msg_hdr: h,
        msg_len: 0,
    }
}

impl Udp {
    /// Receives up to [`BATCH`] waiting datagrams with one system call;
    /// returns how many.
    pub fn recv_batch(&self, batch: &mut RecvBatch) -> usize {
        let mut iovs: Vec<libc::iovec> = batch
            .bufs
            .iter_mut()
            .map(|b| libc::iovec {
                iov_base: b.as_mut_ptr().cast(),
                iov_len: b.len(),
            })
            .collect();
        let mut hdrs: Vec<libc::mmsghdr> = iovs
            .iter_mut()
            .zip(batch.addrs.iter_mut())
            .map(|(iov, addr)| {
                let len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
                mmsghdr(addr, len, iov)
            })
            .collect();
        loop {
            // SAFETY: every header points at one of our buffers and address
            // slots, which outlive the call.
            let n = unsafe {
                libc::recvmmsg(
                    self.fd.as_raw_fd(),
                    hdrs.as_mut_ptr(),
                    hdrs.len() as u32,
                    libc::MSG_DONTWAIT,
                    std::ptr::null_mut(),
                )
            };
            if n < 0 {
                if errno() == libc::EINTR {
                    continue;
                }
                return 0;
            }
            let n = n as usize;
            for (i, h) in hdrs.iter().take(n).enumerate() {
                batch.lens[i] = h.msg_len as usize;
                batch.truncated[i] = h.msg_hdr.msg_flags & libc::MSG_TRUNC != 0;
            }
            return n;
        }
    }

    /// Sends several datagrams to one address with one system call; returns
    /// how many could not be sent.
    pub fn send_many_to(&self, datas: &[&[u8]], to: SocketAddr) -> usize {
        let pairs: Vec<(&[u8], SocketAddr)> = datas.iter().map(|d| (*d, to)).collect();
        self.send_pairs(&pairs)
    }

    /// Sends one datagram to each address with one system call; returns
    /// how many could not be sent.
    pub fn send_to_many(&self, data: &[u8], to: &[SocketAddr]) -> usize {
        let pairs: Vec<(&[u8], SocketAddr)> = to.iter().map(|a| (data, *a)).collect();
        self.send_pairs(&pairs)
    }

    /// Sends each (datagram, address) pair, `BATCH` per system call; what
    /// the batch call did not take is retried one by one, so one
    /// unreachable peer does not hold back the others. Returns how many
    /// could not be sent.
    fn send_pairs(&self, pairs: &[(&[u8], SocketAddr)]) -> usize {
        let mut failed = 0;
        for chunk in pairs.chunks(BATCH) {
            let mut addrs: Vec<(libc::sockaddr_storage, libc::socklen_t)> =
                chunk.iter().map(|(_, a)| sockaddr(*a)).collect();
            let mut iovs: Vec<libc::iovec> = chunk
                .iter()
                .map(|(d, _)| libc::iovec {
                    iov_base: d.as_ptr() as *mut libc::c_void,
                    iov_len: d.len(),
                })
                .collect();
            let mut hdrs: Vec<libc::mmsghdr> = addrs
                .iter_mut()
                .zip(iovs.iter_mut())
                .map(|((ss, len), iov)| mmsghdr(ss, *len, iov))
                .collect();
            // SAFETY: each header points at one payload and one address
            // slot, all alive for the call; payloads are only read.
            let n = unsafe {
                libc::sendmmsg(
                    self.fd.as_raw_fd(),
                    hdrs.as_mut_ptr(),
                    hdrs.len() as u32,
                    libc::MSG_NOSIGNAL,
                )
            };
            let sent = if n < 0 { 0 } else { n as usize };
            for (d, a) in &chunk[sent..] {
                if !self.send_to(d, *a) {
                    failed += 1;
                }
            }
        }
        failed
    }
}

/// The sockets of one ring.
pub enum Ring {
    Multicast {
        /// Bound to the group address and port; receives multicasts.
        mcast_recv: Udp,
        /// Bound to `local:port-1`; sends multicasts and tokens.
        mcast_send: Udp,
        /// Bound to `local:port`; receives tokens.
        token: Udp,
        group: SocketAddr,
    },
    Unicast {
        /// Bound to `local:port`; receives everything, sends tokens.
        token: Udp,
        /// Sends to the members.
        send: Udp,
    },
}

impl Ring {
    /// Multicast sockets for one ring, as totemudp sets them up.
    pub fn multicast(
        local: IpAddr,
        group: IpAddr,
        port: u16,
        ttl: u8,
        broadcast: bool,
    ) -> io::Result<Ring> {
        let mcast_recv = Udp::new(local)?;
        mcast_recv.bind(SocketAddr::new(group, port), true)?;
        let mcast_send = Udp::new(local)?;
        mcast_send.bind(SocketAddr::new(local, port.wrapping_sub(1)), true)?;
        let token = Udp::new(local)?;
        token.bind(SocketAddr::new(local, port), true)?;
        if broadcast {
            setsockopt_int(mcast_recv.fd(), libc::SOL_SOCKET, libc::SO_BROADCAST, 1)?;
            setsockopt_int(mcast_send.fd(), libc::SOL_SOCKET, libc::SO_BROADCAST, 1)?;
        } else {
            match (group, local) {
                (IpAddr::V4(g), IpAddr::V4(l)) => {
                    let mreq = libc::ip_mreq {
                        imr_multiaddr: libc::in_addr {
                            s_addr: u32::from_ne_bytes(g.octets()),
                        },
                        imr_interface: libc::in_addr {
                            s_addr: u32::from_ne_bytes(l.octets()),
                        },
                    };
                    // SAFETY: joining a group with a valid ip_mreq.
                    let r = unsafe {
                        libc::setsockopt(
                            mcast_recv.fd(),
                            libc::IPPROTO_IP,
                            libc::IP_ADD_MEMBERSHIP,
                            (&mreq as *const libc::ip_mreq).cast(),
                            std::mem::size_of::<libc::ip_mreq>() as libc::socklen_t,
                        )
                    };
                    if r != 0 {
                        return Err(io::Error::last_os_error());
                    }
                    setsockopt_int(
                        mcast_send.fd(),
                        libc::IPPROTO_IP,
                        libc::IP_MULTICAST_LOOP,
                        0,
                    )?;
                    setsockopt_int(
                        mcast_send.fd(),
                        libc::IPPROTO_IP,
                        libc::IP_MULTICAST_TTL,
                        ttl as i32,
                    )?;
                    let ifaddr = libc::in_addr {
                        s_addr: u32::from_ne_bytes(l.octets()),
                    };
                    // SAFETY: selecting the outgoing interface with an in_addr.
                    let r = unsafe {
                        libc::setsockopt(
                            mcast_send.fd(),
                            libc::IPPROTO_IP,
                            libc::IP_MULTICAST_IF,
                            (&ifaddr as *const libc::in_addr).cast(),
                            std::mem::size_of::<libc::in_addr>() as libc::socklen_t,
                        )
                    };
                    if r != 0 {
                        return Err(io::Error::last_os_error());
                    }
                }
                (IpAddr::V6(g), IpAddr::V6(l)) => {
                    let index = interface_index(IpAddr::V6(l)).unwrap_or(0);
                    let mreq = libc::ipv6_mreq {
                        ipv6mr_multiaddr: libc::in6_addr {
                            s6_addr: g.octets(),
                        },
                        ipv6mr_interface: index,
                    };
                    // SAFETY: joining a group with a valid ipv6_mreq.
                    let r = unsafe {
                        libc::setsockopt(
                            mcast_recv.fd(),
                            libc::IPPROTO_IPV6,
                            libc::IPV6_ADD_MEMBERSHIP,
                            (&mreq as *const libc::ipv6_mreq).cast(),
                            std::mem::size_of::<libc::ipv6_mreq>() as libc::socklen_t,
                        )
                    };
                    if r != 0 {
                        return Err(io::Error::last_os_error());
                    }
                    setsockopt_int(
                        mcast_send.fd(),
                        libc::IPPROTO_IPV6,
                        libc::IPV6_MULTICAST_LOOP,
                        0,
                    )?;
                    setsockopt_int(
                        mcast_send.fd(),
                        libc::IPPROTO_IPV6,
                        libc::IPV6_MULTICAST_HOPS,
                        ttl as i32,
                    )?;
                    setsockopt_int(
                        mcast_send.fd(),
                        libc::IPPROTO_IPV6,
                        libc::IPV6_MULTICAST_IF,
                        index as i32,
                    )?;
                }
                _ => return Err(io::Error::from_raw_os_error(libc::EAFNOSUPPORT)),
            }
        }
        Ok(Ring::Multicast {
            mcast_recv,
            mcast_send,
            token,
            group: SocketAddr::new(group, port),
        })
    }

    /// Unicast sockets for one ring, as totemudpu sets them up.
    pub fn unicast(local: IpAddr, port: u16) -> io::Result<Ring> {
        let token = Udp::new(local)?;
        token.bind(SocketAddr::new(local, port), true)?;
        let send = Udp::new(local)?;
        send.bind(SocketAddr::new(local, 0), false)?;
        Ok(Ring::Unicast { token, send })
    }

    /// Descriptors to watch for input.
    pub fn recv_fds(&self) -> Vec<RawFd> {
        match self {
            Ring::Multicast {
                mcast_recv, token, ..
            } => vec![mcast_recv.fd(), token.fd()],
            Ring::Unicast { token, .. } => vec![token.fd()],
        }
    }

    /// The socket behind a descriptor returned by `recv_fds`.
    pub fn socket(&self, fd: RawFd) -> Option<&Udp> {
        match self {
            Ring::Multicast {
                mcast_recv, token, ..
            } => [mcast_recv, token].into_iter().find(|s| s.fd() == fd),
            Ring::Unicast { token, .. } => (token.fd() == fd).then_some(token),
        }
    }

    /// Multicasts several datagrams, in order, with as few system calls as
    /// possible; returns how many failed.
    pub fn send_multicast_many(&self, datas: &[&[u8]]) -> usize {
        match self {
            Ring::Multicast {
                mcast_send, group, ..
            } => mcast_send.send_many_to(datas, *group),
            Ring::Unicast { .. } => datas.len(),
        }
    }

    pub fn send_multicast(&self, data: &[u8]) -> bool {
        match self {
            Ring::Multicast {
                mcast_send, group, ..
            } => mcast_send.send_to(data, *group),
            Ring::Unicast { .. } => false,
        }
    }

    pub fn send_unicast(&self, data: &[u8], to: SocketAddr) -> bool {
        match self {
            Ring::Multicast { mcast_send, .. } => mcast_send.send_to(data, to),
            Ring::Unicast { token, .. } => token.send_to(data, to),
        }
    }

    /// udpu's "multicast": one datagram per member.
    pub fn send_members(&self, data: &[u8], to: &[SocketAddr]) -> usize {
        match self {
            Ring::Unicast { send, .. } => send.send_to_many(data, to),
            Ring::Multicast { mcast_send, .. } => mcast_send.send_to_many(data, to),
        }
    }
}

/// One address of a local interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IfAddr {
    pub addr: IpAddr,
    pub netmask: IpAddr,
    pub index: u32,
}

/// The addresses of the host's interfaces (getifaddrs).
pub fn interface_addresses() -> Vec<IfAddr> {
    let mut out = Vec::new();
    let mut head: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs allocates a list we free below.
    if unsafe { libc::getifaddrs(&mut head) } != 0 {
        return out;
    }
    let mut p = head;
    while !p.is_null() {
        // SAFETY: walking the list getifaddrs returned; each node is valid
        // until freeifaddrs.
        let ifa = unsafe { &*p };
        if !ifa.ifa_addr.is_null() && !ifa.ifa_netmask.is_null() {
            // SAFETY: the kernel filled these with sockaddrs of the family
            // they announce; sockaddr_storage is large enough to copy into.
            let (a, m) = unsafe {
                let mut a: libc::sockaddr_storage = std::mem::zeroed();
                let mut m: libc::sockaddr_storage = std::mem::zeroed();
                let fam = (*ifa.ifa_addr).sa_family as i32;
                let sz = if fam == libc::AF_INET6 {
                    std::mem::size_of::<libc::sockaddr_in6>()
                } else {
                    std::mem::size_of::<libc::sockaddr_in>()
                };
                if fam == libc::AF_INET || fam == libc::AF_INET6 {
                    std::ptr::copy_nonoverlapping(
                        ifa.ifa_addr.cast::<u8>(),
                        (&mut a as *mut libc::sockaddr_storage).cast::<u8>(),
                        sz,
                    );
                    std::ptr::copy_nonoverlapping(
                        ifa.ifa_netmask.cast::<u8>(),
                        (&mut m as *mut libc::sockaddr_storage).cast::<u8>(),
                        sz,
                    );
                    m.ss_family = a.ss_family;
                }
                (a, m)
            };
            // SAFETY: ifa_name is a NUL-terminated interface name.
            let index = unsafe { libc::if_nametoindex(ifa.ifa_name) };
            if let (Some(a), Some(m)) = (from_sockaddr(&a), from_sockaddr(&m)) {
                out.push(IfAddr {
                    addr: a.ip(),
                    netmask: m.ip(),
                    index,
                });
            }
        }
        p = ifa.ifa_next;
    }
    // SAFETY: freeing the list from getifaddrs.
    unsafe { libc::freeifaddrs(head) };
    out
}

fn interface_index(addr: IpAddr) -> Option<u32> {
    interface_addresses()
        .into_iter()
        .find(|i| i.addr == addr)
        .map(|i| i.index)
}

fn masked(a: IpAddr, m: IpAddr) -> Option<Vec<u8>> {
    match (a, m) {
        (IpAddr::V4(a), IpAddr::V4(m)) => Some(
            a.octets()
                .iter()
                .zip(m.octets())
                .map(|(x, y)| x & y)
                .collect(),
        ),
        (IpAddr::V6(a), IpAddr::V6(m)) => Some(
            a.octets()
                .iter()
                .zip(m.octets())
                .map(|(x, y)| x & y)
                .collect(),
        ),
        _ => None,
    }
}

/// The local address `bindnetaddr` selects: an interface address equal to
/// it, or on the same network. None when no interface matches (the
/// original then waits for the interface, running on loopback).
pub fn bind_address(bindnet: IpAddr, ifaces: &[IfAddr]) -> Option<IpAddr> {
    if let Some(i) = ifaces.iter().find(|i| i.addr == bindnet) {
        return Some(i.addr);
    }
    ifaces
        .iter()
        .find(|i| {
            let (Some(a), Some(b)) = (masked(i.addr, i.netmask), masked(bindnet, i.netmask)) else {
                return false;
            };
            a == b
        })
        .map(|i| i.addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iface(a: &str, m: &str) -> IfAddr {
        IfAddr {
            addr: a.parse().unwrap(),
            netmask: m.parse().unwrap(),
            index: 1,
        }
    }

    #[test]
    fn bindnetaddr_selects_the_interface_on_that_network() {
        let ifs = [
            iface("127.0.0.1", "255.0.0.0"),
            iface("192.168.122.17", "255.255.255.0"),
            iface("fe80::1", "ffff:ffff:ffff:ffff::"),
        ];
        assert_eq!(
            bind_address("192.168.122.0".parse().unwrap(), &ifs),
            Some("192.168.122.17".parse().unwrap())
        );
        assert_eq!(
            bind_address("127.0.0.1".parse().unwrap(), &ifs),
            Some("127.0.0.1".parse().unwrap())
        );
        assert_eq!(bind_address("10.1.2.0".parse().unwrap(), &ifs), None);
        assert_eq!(
            bind_address("fe80::".parse().unwrap(), &ifs),
            Some("fe80::1".parse().unwrap())
        );
    }

    #[test]
    fn loopback_unicast_ring_round_trip() {
        let r = Ring::unicast("127.0.0.1".parse().unwrap(), 0).unwrap();
        let fd = r.recv_fds()[0];
        // find our bound port
        let sock = r.socket(fd).unwrap();
        // SAFETY: sockaddr_storage is plain data.
        let mut ss: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
        let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        // SAFETY: getsockname writes into our storage.
        unsafe {
            libc::getsockname(
                sock.fd(),
                (&mut ss as *mut libc::sockaddr_storage).cast(),
                &mut len,
            )
        };
        let me = from_sockaddr(&ss).unwrap();
        assert_eq!(r.send_members(b"hello", &[me]), 0);
        let mut buf = [0u8; 64];
        let mut got = None;
        for _ in 0..100 {
            if let Some(x) = sock.recv_from(&mut buf) {
                got = Some(x);
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let (n, _from) = got.unwrap();
        assert_eq!(&buf[..n], b"hello");
    }
}
