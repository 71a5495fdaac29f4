//! Differential replay: our core takes the place of 10.0.0.2 in the
//! captured udp session (tests/data/udp_plain.txt) and is fed what the
//! original at 10.0.0.1 sent, at the captured times. Everything the
//! original 10.0.0.2 sent until its executive's first multicast (joins,
//! commit tokens, ORF tokens) must come out of ours, in the same order and
//! byte for byte (but for the bytes the original never initialises in its
//! own address).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use totem::config::{InterfaceConfig, TotemConfig, Transport};
use totem::{Dest, Event, Time, Totem};

struct Captured {
    time_us: u64,
    from: IpAddr,
    to: IpAddr,
    bytes: Vec<u8>,
}

fn load() -> Vec<Captured> {
    let path = format!("{}/tests/data/udp_plain.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("capture");
    // The text file keeps the capture order but not the times; the
    // first packets were sent in a burst, so the index is a good enough
    // clock for the membership phase (timers there are tens of ms).
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split(' ').collect();
        let index: u64 = f[0].parse().expect("index");
        let ip = |s: &str| -> IpAddr {
            s.rsplit_once(':')
                .expect("addr:port")
                .0
                .parse()
                .expect("ip")
        };
        let hex = f[3];
        out.push(Captured {
            time_us: index * 100,
            from: ip(f[1]),
            to: ip(f[2]),
            bytes: (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
                .collect(),
        });
    }
    out
}

/// The original leaves the bytes after an IPv4 address in its own
/// `totem_ip_address` uninitialised; zero them where 10.0.0.2's address
/// (node id, family, address) appears.
fn normalize(mut b: Vec<u8>) -> Vec<u8> {
    // totempg's frame header has a 16-bit field the original never sets
    // (after the MCAST header, or after the two of a retransmission
    // encapsulated in recovery).
    // The MCAST header's `node_id` is never set either.
    if b.first() == Some(&1) {
        let at = if b[1] == 1 { 98 + 98 + 2 } else { 98 + 2 };
        if b.len() >= at + 2 {
            b[at..at + 2].fill(0);
        }
        b[90..94].fill(0);
        if b[1] == 1 && b.len() >= 98 + 94 {
            b[98 + 90..98 + 94].fill(0);
        }
    }
    let pat = [0x0a, 0, 0, 2, 2, 0, 0x0a, 0, 0, 2];
    let mut i = 0;
    while i + 22 <= b.len() {
        if b[i..i + 10] == pat {
            b[i + 10..i + 22].fill(0);
            i += 22;
        } else {
            i += 1;
        }
    }
    b
}

#[test]
fn membership_formation_matches_the_original_byte_for_byte() {
    let a: IpAddr = Ipv4Addr::new(10, 0, 0, 1).into();
    let b: IpAddr = Ipv4Addr::new(10, 0, 0, 2).into();
    let caps = load();
    // The original 10.0.0.2's datagrams up to its first multicast of data
    // (from then on its executive's sync traffic decides).
    let first_b = caps.iter().position(|c| c.from == b).expect("b");
    let theirs: Vec<&Captured> = caps[first_b..]
        .iter()
        .filter(|c| c.from == b)
        .take_while(|c| c.bytes[0] != 1)
        .collect();
    assert!(theirs.len() >= 8, "{}", theirs.len());

    let mut cfg = TotemConfig::with_interfaces(vec![InterfaceConfig {
        ringnumber: 0,
        bindnetaddr: b,
        mcastaddr: Some(Ipv4Addr::new(239, 192, 7, 7).into()),
        mcastport: 5405,
        ttl: 1,
        members: Vec::new(),
    }]);
    cfg.transport = Transport::Udp;
    cfg.secauth = false;
    let start = Time::from_micros(caps[first_b].time_us);
    let mut t = Totem::new(&cfg, &[b], 0, 1, start).expect("config");
    t.join(&[b"a"]);
    if std::env::var("REPLAY_DEBUG").is_ok() {
        t.set_log_level(totem::LogLevel::Trace);
    }

    let mut ours: Vec<(Dest, Vec<u8>)> = Vec::new();
    let collect = |t: &mut Totem, now: Time, ours: &mut Vec<(Dest, Vec<u8>)>| loop {
        while let Some(tx) = t.poll_transmit() {
            if std::env::var("REPLAY_DEBUG").is_ok() {
                eprintln!(
                    "{now:?} send type {} len {}",
                    tx.payload[0],
                    tx.payload.len()
                );
            }
            ours.push((tx.dest, tx.payload));
        }
        let mut any = false;
        while let Some(ev) = t.poll_event() {
            any = true;
            match ev {
                Event::Deliver { data, .. } => t.recycle(data),
                Event::Log { text, .. } if std::env::var("REPLAY_DEBUG").is_ok() => {
                    eprintln!("{now:?} log {text}")
                }
                _ => {}
            }
        }
        if t.poll_timeout().is_some_and(|d| d <= now) {
            t.handle_timeout(now);
        } else if !any {
            break;
        }
    };
    // Only the transmits of the start: the original processed its first
    // datagram from 10.0.0.1 (in flight already) before the loopback of
    // its own first JOIN, because its event loop started after both had
    // arrived and polls the network socket first. Our loopback waits for
    // `handle_timeout`, so the same happens here.
    while let Some(tx) = t.poll_transmit() {
        ours.push((tx.dest, tx.payload));
    }
    for c in caps[first_b..].iter().filter(|c| c.from == a) {
        if ours.len() >= theirs.len() {
            break;
        }
        let now = Time::from_micros(c.time_us);
        if ours.len() > 1 && t.poll_timeout().is_some_and(|d| d <= now) {
            t.handle_timeout(now);
        }
        if std::env::var("REPLAY_DEBUG").is_ok() {
            eprintln!("{now:?} recv type {} len {}", c.bytes[0], c.bytes.len());
        }
        t.handle_datagram(now, 0, SocketAddr::new(a, 5404), &c.bytes);
        collect(&mut t, now, &mut ours);
    }
    assert!(
        ours.len() >= theirs.len(),
        "{} of {}",
        ours.len(),
        theirs.len()
    );
    for (i, (c, (dest, payload))) in theirs.iter().zip(&ours).enumerate() {
        let want_dest = if c.to == a {
            Dest::Unicast(SocketAddr::new(a, 5405))
        } else {
            Dest::Multicast(SocketAddr::new(c.to, 5405))
        };
        assert_eq!(*dest, want_dest, "datagram {i}");
        let (mine, orig) = (normalize(payload.clone()), normalize(c.bytes.clone()));
        assert!(
            mine == orig,
            "datagram {i} (type {}): ours {:02x?}\n theirs {:02x?}",
            c.bytes[0],
            mine,
            orig
        );
    }
}

/// A message of a totempg frame: group names and payload.
struct PgMessage {
    groups: Vec<Vec<u8>>,
    payload: Vec<u8>,
}

fn split_message(m: &[u8]) -> PgMessage {
    let count = usize::from(u16::from_le_bytes([m[0], m[1]]));
    let mut off = 2 + 2 * count;
    let mut groups = Vec::new();
    for i in 0..count {
        let l = usize::from(u16::from_le_bytes([m[2 + 2 * i], m[3 + 2 * i]]));
        groups.push(m[off..off + l].to_vec());
        off += l;
    }
    PgMessage {
        groups,
        payload: m[off..].to_vec(),
    }
}

#[test]
fn ordering_and_packing_match_the_original_with_its_traffic() {
    // As above, but ours is also handed the messages the original
    // 10.0.0.2's executive multicast (taken from its frames), each just
    // before the token visit that first sent it. Its tokens (seq, aru,
    // fcc, backlog, retransmit lists) and MCASTs must then come out the
    // same.
    let a: IpAddr = Ipv4Addr::new(10, 0, 0, 1).into();
    let b: IpAddr = Ipv4Addr::new(10, 0, 0, 2).into();
    let caps = load();
    let first_b = caps.iter().position(|c| c.from == b).expect("b");
    let caps = &caps[first_b..];

    // b's frames in capture order (first transmission of each), the
    // messages they carry, and for each message the position of the
    // datagram from 10.0.0.1 after which its first frame was sent.
    let mut seen = std::collections::BTreeSet::new();
    let mut partial: Option<(Vec<u8>, usize)> = None;
    let mut schedule: std::collections::BTreeMap<usize, Vec<PgMessage>> = Default::default();
    let mut last_a = 0;
    for (pos, c) in caps.iter().enumerate() {
        if c.from == a {
            last_a = pos;
            continue;
        }
        if c.bytes[0] != 1 || c.bytes[1] != 2 {
            continue;
        }
        let seq = u32::from_le_bytes(c.bytes[52..56].try_into().expect("seq"));
        let ring = u64::from_le_bytes(c.bytes[78..86].try_into().expect("ring"));
        if !seen.insert((ring, seq)) {
            continue;
        }
        let fr = &c.bytes[98..];
        let count = usize::from(u16::from_le_bytes([fr[6], fr[7]]));
        let mut off = 8 + 2 * count;
        for i in 0..count {
            let l = usize::from(u16::from_le_bytes([fr[8 + 2 * i], fr[9 + 2 * i]]));
            let part = &fr[off..off + l];
            off += l;
            let (mut m, start) = if i == 0 {
                partial.take().unwrap_or((Vec::new(), last_a))
            } else {
                (Vec::new(), last_a)
            };
            m.extend_from_slice(part);
            if i == count - 1 && fr[4] != 0 {
                partial = Some((m, start));
            } else {
                schedule.entry(start).or_default().push(split_message(&m));
            }
        }
    }

    let mut cfg = TotemConfig::with_interfaces(vec![InterfaceConfig {
        ringnumber: 0,
        bindnetaddr: b,
        mcastaddr: Some(Ipv4Addr::new(239, 192, 7, 7).into()),
        mcastport: 5405,
        ttl: 1,
        members: Vec::new(),
    }]);
    cfg.transport = Transport::Udp;
    cfg.secauth = false;
    let start = Time::from_micros(caps[0].time_us);
    let mut t = Totem::new(&cfg, &[b], 0, 1, start).expect("config");
    t.join(&[b"a", b"sync", b"syncv2"]);
    let mut ours: Vec<Vec<u8>> = Vec::new();
    while let Some(tx) = t.poll_transmit() {
        ours.push(tx.payload);
    }
    let drain = |t: &mut Totem, now: Time, ours: &mut Vec<Vec<u8>>| loop {
        while let Some(tx) = t.poll_transmit() {
            ours.push(tx.payload);
        }
        let mut any = false;
        while let Some(ev) = t.poll_event() {
            any = true;
            if let Event::Deliver { data, .. } = ev {
                t.recycle(data);
            }
        }
        if t.poll_timeout().is_some_and(|d| d <= now) {
            t.handle_timeout(now);
        } else if !any {
            break;
        }
    };
    let theirs: Vec<&Captured> = caps.iter().filter(|c| c.from == b).collect();
    let mut matched = 0;
    'replay: for (pos, c) in caps.iter().enumerate() {
        if c.from != a {
            continue;
        }
        let now = Time::from_micros(c.time_us);
        if let Some(msgs) = schedule.get(&pos) {
            for m in msgs {
                let groups: Vec<&[u8]> = m.groups.iter().map(|g| g.as_slice()).collect();
                t.mcast(now, &groups, &[&m.payload], totem::Guarantee::Agreed)
                    .expect("mcast");
            }
        }
        // (Not before the first: see the test above.)
        if pos > 1 && t.poll_timeout().is_some_and(|d| d <= now) {
            t.handle_timeout(now);
        }
        t.handle_datagram(now, 0, SocketAddr::new(a, 5404), &c.bytes);
        drain(&mut t, now, &mut ours);
        while matched < ours.len() && matched < theirs.len() {
            let (mine, orig) = (
                normalize(ours[matched].clone()),
                normalize(theirs[matched].bytes.clone()),
            );
            if mine != orig {
                let from = matched.saturating_sub(6);
                for (k, their) in theirs.iter().enumerate().skip(from).take(10) {
                    let d = |x: &[u8]| {
                        if x[0] == 0 {
                            format!(
                                "tok seq {:x} token_seq {:x} aru {:x} rtr {}",
                                u32::from_le_bytes(x[8..12].try_into().expect("4 bytes")),
                                u32::from_le_bytes(x[12..16].try_into().expect("4 bytes")),
                                u32::from_le_bytes(x[16..20].try_into().expect("4 bytes")),
                                u32::from_le_bytes(x[66..70].try_into().expect("4 bytes"))
                            )
                        } else {
                            format!("type {} len {}", x[0], x.len())
                        }
                    };
                    eprintln!(
                        "{k}: theirs {} | ours {}",
                        d(&their.bytes),
                        ours.get(k).map_or(String::new(), |o| d(o))
                    );
                }
                eprintln!(
                    "first difference at datagram {matched} (type {}):\n ours   {:02x?}\n theirs {:02x?}",
                    orig[0],
                    &mine[..mine.len().min(120)],
                    &orig[..orig.len().min(120)]
                );
                break 'replay;
            }
            matched += 1;
        }
    }
    // The original's executive later queues cpgbench messages from a
    // token callback in the middle of a token visit (after totempg's
    // flush); a host of ours gets token callbacks as events, after the
    // visit, so the packing differs from there on (datagram 215).
    eprintln!("{matched} datagrams of {} identical", theirs.len());
    assert!(matched >= 215, "only {matched} datagrams identical");
}
