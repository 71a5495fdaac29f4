//! A minimal host for the sans-IO core: real UDP sockets, the system
//! clock, one ring. Used to run a node of ours next to original corosync
//! 1.4.10 processes (see the report of the totem crate); also a reference
//! for how the executive drives [`Totem`].
//!
//! ```text
//! udp_host --addr 10.0.0.2 [--transport udp|udpu] [--members 10.0.0.1,10.0.0.2]
//!          [--mcast 239.192.7.7] [--port 5405] [--key FILE] [--seconds 10]
//!          [--send-every-ms 0] [--payload 100] [--drop-percent 0] [--debug]
//! ```
//!
//! `--drop-percent` discards that share of received and of sent datagrams
//! (a lossy network without netem).
//!
//! With `--key` secauth is on (the file holds the raw key, like
//! `/etc/corosync/authkey`). Events are printed on standard output.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use totem::config::{InterfaceConfig, TotemConfig, Transport};
use totem::{Dest, Event, Guarantee, LogLevel, Time, Totem};

struct Args {
    addr: IpAddr,
    transport: Transport,
    members: Vec<IpAddr>,
    mcast: IpAddr,
    port: u16,
    key: Option<Vec<u8>>,
    seconds: u64,
    send_every_ms: u64,
    payload: usize,
    drop_percent: u64,
    debug: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        addr: IpAddr::V4(Ipv4Addr::LOCALHOST),
        transport: Transport::Udp,
        members: Vec::new(),
        mcast: IpAddr::V4(Ipv4Addr::new(239, 192, 7, 7)),
        port: 5405,
        key: None,
        seconds: 10,
        send_every_ms: 0,
        payload: 100,
        drop_percent: 0,
        debug: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        let bad = |e: &dyn std::fmt::Display| format!("{flag}: {e}");
        match flag.as_str() {
            "--addr" => a.addr = value()?.parse().map_err(|e| bad(&e))?,
            "--transport" => {
                a.transport = match value()?.as_str() {
                    "udp" => Transport::Udp,
                    "udpu" => Transport::Udpu,
                    other => return Err(format!("unknown transport {other}")),
                }
            }
            "--members" => {
                a.members = value()?
                    .split(',')
                    .map(|m| m.parse().map_err(|e| bad(&e)))
                    .collect::<Result<_, _>>()?
            }
            "--mcast" => a.mcast = value()?.parse().map_err(|e| bad(&e))?,
            "--port" => a.port = value()?.parse().map_err(|e| bad(&e))?,
            "--key" => a.key = Some(std::fs::read(value()?).map_err(|e| bad(&e))?),
            "--seconds" => a.seconds = value()?.parse().map_err(|e| bad(&e))?,
            "--send-every-ms" => a.send_every_ms = value()?.parse().map_err(|e| bad(&e))?,
            "--payload" => a.payload = value()?.parse().map_err(|e| bad(&e))?,
            "--drop-percent" => a.drop_percent = value()?.parse().map_err(|e| bad(&e))?,
            "--debug" => a.debug = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = parse_args()?;
    let mut config = TotemConfig::with_interfaces(vec![InterfaceConfig {
        ringnumber: 0,
        bindnetaddr: args.addr,
        mcastaddr: Some(args.mcast),
        mcastport: args.port,
        ttl: 1,
        members: args.members.clone(),
    }]);
    config.transport = args.transport;
    config.secauth = args.key.is_some();
    config.private_key = args.key.clone().unwrap_or_default();

    // udp: one socket on the port receives both the multicast and the
    // unicast token; udpu: the local address and port.
    let socket = match args.transport {
        Transport::Udp => UdpSocket::bind(SocketAddr::new(
            IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            args.port,
        ))?,
        Transport::Udpu => UdpSocket::bind(SocketAddr::new(args.addr, args.port))?,
    };
    if let (Transport::Udp, IpAddr::V4(group), IpAddr::V4(local)) =
        (args.transport, args.mcast, args.addr)
    {
        socket.join_multicast_v4(&group, &local)?;
        // Our own multicasts are delivered by the core, not looped back.
        socket.set_multicast_loop_v4(false)?;
        socket.set_multicast_ttl_v4(1)?;
    }

    let start = Instant::now();
    let now = || Time::from_micros(start.elapsed().as_micros() as u64);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1);
    let mut t = Totem::new(&config, &[args.addr], 0, seed, now())?;
    t.set_log_level(if args.debug {
        LogLevel::Debug
    } else {
        LogLevel::Notice
    });
    // The groups the executive joins, and one of our own.
    let groups = t.join(&[b"a", b"sync", b"syncv2", b"udp_host"]);

    let mut buf = vec![0u8; 70_000];
    let deadline = Duration::from_secs(args.seconds);
    let mut next_send = Duration::ZERO;
    let mut sent = 0u64;
    let mut delivered = 0u64;
    let mut leaving = false;
    let mut lossy = Lossy {
        state: seed | 1,
        percent: args.drop_percent,
    };
    loop {
        drain(
            &mut t,
            &socket,
            &mut delivered,
            groups,
            args.debug,
            &mut lossy,
        );
        let elapsed = start.elapsed();
        if elapsed >= deadline {
            if leaving {
                break;
            }
            // Orderly shutdown: the leave JOIN, then a moment to send it.
            t.leave(now());
            leaving = true;
            continue;
        }
        if args.send_every_ms > 0
            && elapsed >= next_send
            && t.state() == totem::MembState::Operational
        {
            next_send = elapsed + Duration::from_millis(args.send_every_ms);
            let mut msg = format!("udp_host {} #{sent} ", args.addr).into_bytes();
            msg.resize(args.payload.max(msg.len()), b'.');
            if t.mcast(now(), &[b"udp_host"], &[&msg], Guarantee::Agreed)
                .is_ok()
            {
                sent += 1;
            }
            continue;
        }
        let mut wait = Duration::from_millis(50);
        if let Some(at) = t.poll_timeout() {
            let at = Duration::from_micros(at.as_micros());
            wait = wait.min(at.saturating_sub(start.elapsed()));
        }
        if args.send_every_ms > 0 {
            wait = wait.min(next_send.saturating_sub(start.elapsed()));
        }
        socket.set_read_timeout(Some(wait.max(Duration::from_micros(100))))?;
        match socket.recv_from(&mut buf) {
            Ok((n, from)) => {
                if !lossy.drop() {
                    t.handle_datagram(now(), 0, from, &buf[..n]);
                }
            }
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(e) => return Err(e.into()),
        }
        if t.poll_timeout().is_some_and(|at| at <= now()) {
            t.handle_timeout(now());
        }
    }
    let s = t.stats();
    println!(
        "done: sent {sent} delivered {delivered} ring {:?} members {:?} mcast_tx {} mcast_retx {} mcast_rx {} rx_auth_failed {}",
        t.ring_id(),
        t.members(),
        s.srp.mcast_tx,
        s.srp.mcast_retx,
        s.srp.mcast_rx,
        s.rx_auth_failed
    );
    Ok(())
}

/// Drops a share of datagrams.
struct Lossy {
    state: u64,
    percent: u64,
}

impl Lossy {
    fn drop(&mut self) -> bool {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state % 100 < self.percent
    }
}

/// Sends what the core queued and handles its events; called after every
/// input.
fn drain(
    t: &mut Totem,
    socket: &UdpSocket,
    delivered: &mut u64,
    mine: totem::GroupHandle,
    debug: bool,
    lossy: &mut Lossy,
) {
    while let Some(tx) = t.poll_transmit() {
        if lossy.drop() {
            t.recycle(tx.payload);
            continue;
        }
        let result = match &tx.dest {
            Dest::Multicast(to) | Dest::Unicast(to) => socket.send_to(&tx.payload, to).map(|_| ()),
            Dest::Members(list) => list
                .iter()
                .try_for_each(|to| socket.send_to(&tx.payload, to).map(|_| ())),
        };
        if let Err(e) = result {
            eprintln!("send failed (non-critical): {e}");
        }
        t.recycle(tx.payload);
    }
    while let Some(ev) = t.poll_event() {
        match ev {
            Event::Deliver {
                group,
                nodeid,
                data,
                ..
            } => {
                *delivered += 1;
                if debug || group == mine && *delivered % 1000 == 1 {
                    println!("deliver from {nodeid} ({} bytes)", data.len());
                }
                t.recycle(data);
            }
            Event::ConfChg(c) => {
                println!(
                    "confchg {:?} ring {:?} members {:?} left {:?} joined {:?}",
                    c.kind, c.ring_id, c.members, c.left, c.joined
                );
                if c.kind == totem::ConfigurationType::Regular {
                    // No services to synchronise here.
                    t.trans_ack();
                }
            }
            Event::StoreRingSeq(seq) => println!("store ring seq {seq}"),
            Event::TokenCallback(_) => {}
            Event::Log { level, text } => println!("[TOTEM ] {level} {text}"),
        }
    }
}
