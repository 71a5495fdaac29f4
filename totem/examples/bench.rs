//! Throughput of the core alone: N nodes connected by an instant in-memory
//! network, each multicasting as fast as flow control lets it.
//!
//! ```text
//! cargo run --release --example bench -- [nodes] [messages] [size]
//! ```

use std::collections::VecDeque;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Instant;

use totem::config::{InterfaceConfig, TotemConfig, Transport};
use totem::{Dest, Event, Guarantee, Time, Totem};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let nodes: usize = args.next().map_or(Ok(1), |a| a.parse())?;
    let total: u64 = args.next().map_or(Ok(1_000_000), |a| a.parse())?;
    let size: usize = args.next().map_or(Ok(100), |a| a.parse())?;

    let ip = |i: usize| IpAddr::V4(Ipv4Addr::new(10, 0, 0, i as u8 + 1));
    let mut config = TotemConfig::with_interfaces(vec![InterfaceConfig {
        ringnumber: 0,
        bindnetaddr: ip(0),
        mcastaddr: None,
        mcastport: 5405,
        ttl: 1,
        members: (0..nodes).map(ip).collect(),
    }]);
    config.transport = Transport::Udpu;
    config.secauth = false;

    let mut now = Time::from_millis(1);
    let mut t: Vec<Totem> = (0..nodes)
        .map(|i| Totem::new(&config, &[ip(i)], 0, i as u64 + 1, now))
        .collect::<Result<_, _>>()?;
    for tt in t.iter_mut() {
        tt.join(&[b"a"]);
    }
    let mut net: VecDeque<(usize, SocketAddr, Vec<u8>)> = VecDeque::new();
    let payload = vec![0x5au8; size];
    let mut delivered = vec![0u64; nodes];
    let mut sent = 0u64;
    let mut start = None;
    let mut configured = 0;

    loop {
        // Application: fill the queue while it accepts.
        if configured == nodes {
            for tt in t.iter_mut() {
                while sent < total
                    && tt
                        .mcast(now, &[b"a"], &[&payload], Guarantee::Agreed)
                        .is_ok()
                {
                    sent += 1;
                }
            }
        }
        for i in 0..nodes {
            if t[i].poll_timeout().is_some_and(|d| d <= now) {
                t[i].handle_timeout(now);
            }
            while let Some(tx) = t[i].poll_transmit() {
                let from = SocketAddr::new(ip(i), 5405);
                match &tx.dest {
                    Dest::Unicast(a) => {
                        let j = usize::from(match a.ip() {
                            IpAddr::V4(v) => v.octets()[3],
                            IpAddr::V6(_) => 1,
                        }) - 1;
                        net.push_back((j, from, tx.payload.clone()));
                    }
                    Dest::Members(list) => {
                        for a in list.iter() {
                            let j = usize::from(match a.ip() {
                                IpAddr::V4(v) => v.octets()[3],
                                IpAddr::V6(_) => 1,
                            }) - 1;
                            net.push_back((j, from, tx.payload.clone()));
                        }
                    }
                    Dest::Multicast(_) => {}
                }
                t[i].recycle(tx.payload);
            }
            while let Some(ev) = t[i].poll_event() {
                match ev {
                    Event::Deliver { data, .. } => {
                        delivered[i] += 1;
                        t[i].recycle(data);
                    }
                    Event::ConfChg(c) if c.kind == totem::ConfigurationType::Regular => {
                        t[i].trans_ack();
                        if c.members.len() == nodes {
                            configured += 1;
                            if configured == nodes {
                                start = Some(Instant::now());
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        while let Some((j, from, data)) = net.pop_front() {
            t[j].handle_datagram(now, 0, from, &data);
        }
        if delivered.iter().all(|&d| d >= total) {
            break;
        }
        now = now.plus_micros(10);
    }
    let secs = start.map_or(0.0, |s| s.elapsed().as_secs_f64());
    println!(
        "{nodes} node(s), {total} messages of {size} bytes: {:.2} s, {:.0} messages/s delivered per node",
        secs,
        total as f64 / secs
    );
    Ok(())
}
