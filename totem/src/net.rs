//! totemnet/totemudp/totemudpu without sockets: where each datagram goes on
//! an interface, secauth on the way out and in, and udpu's member
//! bookkeeping (which members are in the ring, the periodic send to all
//! configured members for merge detection).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use crate::config::{INTERFACE_MAX, TotemConfig, Transport};
use crate::crypto::{CryptoError, SECURITY_HEADER_LEN, SecAuth};
use crate::event::Dest;
use crate::packet::TotemIpAddress;

#[derive(Clone, Debug)]
struct Member {
    ip: TotemIpAddress,
    sock: SocketAddr,
    active: bool,
    /// A member of the ring being recovered (see [`Net::recovery_ring`]).
    recovering: bool,
    /// This node: listed (and marked) like the others, never sent to.
    local: bool,
}

#[derive(Debug)]
pub(crate) struct NetIface {
    pub(crate) my_addr: TotemIpAddress,
    port: u16,
    mcast: SocketAddr,
    token_target: Option<TotemIpAddress>,
    members: Vec<Member>,
    all_dests: Arc<[SocketAddr]>,
    active_dests: Arc<[SocketAddr]>,
    send_merge_detect_message: bool,
    merge_detect_messages_sent_before_timeout: u32,
}

impl NetIface {
    fn rebuild_active(&mut self) {
        self.active_dests = self
            .members
            .iter()
            .filter(|m| (m.active || m.recovering) && !m.local)
            .map(|m| m.sock)
            .collect();
    }
}

/// Where a token goes on one interface.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TokenRoute {
    /// The next member is this node: loop it back internally.
    Local,
    Remote(SocketAddr),
    /// No target set yet.
    Unset,
}

#[derive(Debug)]
pub(crate) struct Net {
    transport: Transport,
    pub(crate) ifaces: Vec<NetIface>,
    secauth: Option<SecAuth>,
}

impl Net {
    /// Builds the per-interface state. `my_addrs` are this node's ring
    /// addresses (with node ids). `logs` receives the lines the original
    /// prints when the transport starts, `member_logs` those it prints when
    /// the interface comes up.
    pub(crate) fn new(
        config: &TotemConfig,
        my_addrs: &[TotemIpAddress],
        secauth: Option<SecAuth>,
        logs: &mut Vec<String>,
        member_logs: &mut Vec<String>,
    ) -> Net {
        let transport = config.transport;
        let name = match transport {
            Transport::Udp => "UDP/IP Multicast",
            Transport::Udpu => "UDP/IP Unicast",
        };
        let mut ifaces = Vec::new();
        for (i, ic) in config.interfaces.iter().enumerate().take(INTERFACE_MAX) {
            logs.push(format!("Initializing transport ({name})."));
            // The original sets up its crypto state whether secauth is on
            // or not.
            logs.push(
                "Initializing transmit/receive security: libtomcrypt SOBER128/SHA1HMAC (mode 0)."
                    .to_string(),
            );
            if config.crypto_accept == crate::config::CryptoAccept::New {
                logs.push(
                    "Initializing transmit/receive security: NSS AES128CBC/SHA1HMAC (mode 1)."
                        .to_string(),
                );
            }
            let my_addr = my_addrs.get(i).copied().unwrap_or_default();
            let mcast_ip = ic.mcastaddr.unwrap_or(match my_addr.to_ip() {
                Some(IpAddr::V6(_)) => IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED),
                _ => IpAddr::V4(std::net::Ipv4Addr::new(255, 255, 255, 255)),
            });
            let mut members = Vec::new();
            if transport == Transport::Udpu {
                for m in &ic.members {
                    member_logs.push(format!("adding new UDPU member {{{m}}}"));
                    let ip = TotemIpAddress::from_ip(*m, Default::default());
                    members.push(Member {
                        ip,
                        sock: SocketAddr::new(*m, ic.mcastport),
                        active: false,
                        recovering: false,
                        // Our own copy is delivered internally.
                        local: ip.equal(&my_addr),
                    });
                }
            }
            let all_dests: Arc<[SocketAddr]> = members
                .iter()
                .filter(|m| !m.local)
                .map(|m| m.sock)
                .collect();
            ifaces.push(NetIface {
                my_addr,
                port: ic.mcastport,
                mcast: SocketAddr::new(mcast_ip, ic.mcastport),
                token_target: None,
                members,
                all_dests,
                active_dests: Arc::from(Vec::new()),
                send_merge_detect_message: false,
                merge_detect_messages_sent_before_timeout: 0,
            });
        }
        Net {
            transport,
            ifaces,
            secauth,
        }
    }

    pub(crate) fn transport(&self) -> Transport {
        self.transport
    }

    pub(crate) fn secauth(&self) -> bool {
        self.secauth.is_some()
    }

    pub(crate) fn token_target_set(&mut self, iface: usize, target: &TotemIpAddress) {
        if let Some(i) = self.ifaces.get_mut(iface) {
            i.token_target = Some(*target);
        }
    }

    pub(crate) fn token_route(&self, iface: usize) -> TokenRoute {
        let Some(i) = self.ifaces.get(iface) else {
            return TokenRoute::Unset;
        };
        match i.token_target {
            None => TokenRoute::Unset,
            Some(t) if t.equal(&i.my_addr) => TokenRoute::Local,
            Some(t) => match t.to_ip() {
                Some(ip) => TokenRoute::Remote(SocketAddr::new(ip, i.port)),
                None => TokenRoute::Unset,
            },
        }
    }

    /// The destination of a multicast on `iface`; `only_active` for
    /// ordered data (udpu then sends only to members of the ring, except
    /// once per merge period). `None` when there is nobody to send to.
    pub(crate) fn mcast_dest(&mut self, iface: usize, only_active: bool) -> Option<Dest> {
        let transport = self.transport;
        let i = self.ifaces.get_mut(iface)?;
        match transport {
            Transport::Udp => Some(Dest::Multicast(i.mcast)),
            Transport::Udpu => {
                let all = !only_active || i.send_merge_detect_message;
                let dests = if all {
                    i.merge_detect_messages_sent_before_timeout += 1;
                    i.send_merge_detect_message = false;
                    i.all_dests.clone()
                } else {
                    i.active_dests.clone()
                };
                if dests.is_empty() {
                    None
                } else {
                    Some(Dest::Members(dests))
                }
            }
        }
    }

    /// `totemudpu_member_set_active`. Returns a debug log line.
    pub(crate) fn member_set_active(
        &mut self,
        iface: usize,
        ip: &TotemIpAddress,
        active: bool,
    ) -> Option<String> {
        if self.transport != Transport::Udpu {
            return None;
        }
        let i = self.ifaces.get_mut(iface)?;
        let word = if active { "active" } else { "inactive" };
        if let Some(m) = i.members.iter_mut().find(|m| ip.compare(&m.ip).is_eq()) {
            m.active = active;
            let line = format!("Marking UDPU member {} {}", m.ip.print(), word);
            i.rebuild_active();
            Some(line)
        } else {
            Some(format!(
                "Can't find UDPU member {} (should be marked as {})",
                ip.print(),
                word
            ))
        }
    }

    /// Deviation from the original: udpu sends ordered data only to the
    /// members marked active by configuration changes, so in RECOVERY a
    /// processor that is joining does not get the old ring's messages
    /// retransmitted to it (except one datagram per merge-detect period),
    /// and recovery can crawl for minutes after a merge with backlog. The
    /// members of the new ring are added to the data destinations for the
    /// length of RECOVERY. Those processors are members of the ring the
    /// messages carry, so originals accept them as they would on UDP
    /// multicast.
    pub(crate) fn recovery_ring(
        &mut self,
        iface: usize,
        members: Option<&[crate::packet::SrpAddr]>,
    ) {
        if self.transport != Transport::Udpu {
            return;
        }
        let Some(i) = self.ifaces.get_mut(iface) else {
            return;
        };
        for m in &mut i.members {
            m.recovering =
                members.is_some_and(|list| list.iter().any(|a| a.addr[iface].equal(&m.ip)));
        }
        i.rebuild_active();
    }

    /// The udpu merge-detect period expired on `iface`.
    pub(crate) fn udpu_merge_detect_timeout(&mut self, iface: usize) {
        if let Some(i) = self.ifaces.get_mut(iface) {
            if i.merge_detect_messages_sent_before_timeout == 0 {
                i.send_merge_detect_message = true;
            }
            i.merge_detect_messages_sent_before_timeout = 0;
        }
    }

    /// Builds the payload for `plain`: encrypted with secauth, a copy
    /// otherwise. `out` is cleared first.
    pub(crate) fn seal(&mut self, plain: &[u8], out: &mut Vec<u8>) {
        match &mut self.secauth {
            Some(sa) => sa.encrypt(plain, out),
            None => {
                out.clear();
                out.extend_from_slice(plain);
            }
        }
    }

    /// Checks and decrypts a received datagram in place; returns where the
    /// totem message lies in `buf`.
    pub(crate) fn open(&self, buf: &mut [u8]) -> Result<std::ops::Range<usize>, CryptoError> {
        match &self.secauth {
            Some(sa) => {
                let end = sa.decrypt_in_place(buf)?;
                Ok(SECURITY_HEADER_LEN..end)
            }
            None => Ok(0..buf.len()),
        }
    }

    /// `totemnet_iface_print`.
    pub(crate) fn iface_print(&self, iface: usize) -> String {
        self.ifaces
            .get(iface)
            .map(|i| i.my_addr.print())
            .unwrap_or_default()
    }
}
