//! Datagrams captured between two original corosync 1.4.10 processes
//! (udp multicast, udpu, and udp with secauth and the key 0, 1, ..., 127)
//! while they formed a ring, ran cpgbench and shut down. See
//! `tests/data/*.txt`.

use totem::config::{CryptoAccept, CryptoType};
use totem::crypto::{SECURITY_HEADER_LEN, SecAuth};
use totem::packet::{MCAST_HEADER_LEN, MessageType, Packet};

struct Captured {
    index: usize,
    from: String,
    bytes: Vec<u8>,
}

fn load(name: &str) -> Vec<Captured> {
    let path = format!("{}/tests/data/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("capture file");
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split(' ').collect();
        assert_eq!(f.len(), 4, "{line}");
        let hex = f[3];
        let bytes = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
            .collect();
        out.push(Captured {
            index: f[0].parse().expect("index"),
            from: f[1].split(':').next().expect("source").to_string(),
            bytes,
        });
    }
    assert!(out.len() > 100, "{name}: {} datagrams", out.len());
    out
}

fn key() -> Vec<u8> {
    (0..128u8).collect()
}

/// Decodes every datagram and encodes it again: the original's layouts,
/// byte for byte (captured on a little-endian host).
fn decode_and_reencode(name: &str) -> [usize; 8] {
    let mut seen = [0usize; 8];
    for c in load(name) {
        let p = Packet::decode(&c.bytes)
            .unwrap_or_else(|e| panic!("{name} #{}: {e} ({:02x?})", c.index, &c.bytes[..8]));
        seen[c.bytes[0] as usize] += 1;
        let mut again = Vec::new();
        p.encode(&mut again);
        if cfg!(target_endian = "little") {
            match &p {
                Packet::Mcast { payload_len, .. } => {
                    assert_eq!(
                        again[..],
                        c.bytes[..MCAST_HEADER_LEN],
                        "{name} #{}",
                        c.index
                    );
                    assert_eq!(*payload_len, c.bytes.len() - MCAST_HEADER_LEN);
                }
                _ => assert_eq!(again, c.bytes, "{name} #{}", c.index),
            }
        }
        // The sender's node id is its IPv4 address read little-endian.
        let nodeid = u32::from_le_bytes(c.bytes[4..8].try_into().expect("4 bytes"));
        let ip = std::net::Ipv4Addr::from(nodeid.to_le_bytes());
        if c.bytes[0] != MessageType::MembJoin as u8 || nodeid != 0 {
            assert_eq!(ip.to_string(), c.from, "{name} #{}", c.index);
        }
    }
    seen
}

#[test]
fn udp_capture_decodes_and_reencodes_exactly() {
    let seen = decode_and_reencode("udp_plain");
    // token, mcast, merge detect, join, commit token, hold cancel
    for t in 0..6 {
        assert!(seen[t] > 0, "type {t} missing: {seen:?}");
    }
}

#[test]
fn udpu_capture_decodes_and_reencodes_exactly() {
    let seen = decode_and_reencode("udpu_plain");
    for t in 0..6 {
        assert!(seen[t] > 0, "type {t} missing: {seen:?}");
    }
}

#[test]
fn leave_messages_of_the_original() {
    // 10.0.0.2 shuts down first (leaving 10.0.0.1), then 10.0.0.1 alone.
    let caps = load("udp_plain");
    let joins: Vec<_> = caps
        .iter()
        .filter_map(|c| match Packet::decode(&c.bytes) {
            Ok(Packet::MembJoin(j)) if j.header.nodeid.0 == 0 => Some((c, j)),
            _ => None,
        })
        .collect();
    assert_eq!(joins.len(), 2);
    let ip = |a: &totem::TotemIpAddress| a.to_ip().expect("address").to_string();
    for ((c, j), (me, others)) in joins.iter().zip([("10.0.0.2", 1), ("10.0.0.1", 0)]) {
        assert_eq!(c.from, me);
        // The sender is named by address only: node id 0 in the header
        // and in system_from, itself in the failed list, the others as
        // processors.
        assert_eq!(j.system_from.addr[0].nodeid.0, 0);
        assert_eq!(ip(&j.system_from.addr[0]), me);
        assert_eq!(j.proc_list.len(), others);
        assert_eq!(j.failed_list.len(), 1);
        assert_eq!(ip(&j.failed_list[0].addr[0]), me);
        assert_ne!(j.failed_list[0].addr[0].nodeid.0, 0);
    }
}

#[test]
fn secauth_capture_verifies_decrypts_and_reencrypts_exactly() {
    let caps = load("udp_secauth");
    let sa = SecAuth::new(&key(), CryptoType::Sober, CryptoAccept::Old, 1);
    let wrong = SecAuth::new(&[7u8; 128], CryptoType::Sober, CryptoAccept::Old, 1);
    let mut types = [0usize; 8];
    for c in &caps {
        let wire = &c.bytes;
        assert_eq!(*wire.last().expect("bytes"), 0, "#{}: type byte", c.index);
        let mut buf = wire.clone();
        sa.decrypt_in_place(&mut buf)
            .unwrap_or_else(|e| panic!("#{}: {e}", c.index));
        // The plaintext (without the type byte) is a valid totem packet.
        let plain = &buf[SECURITY_HEADER_LEN..buf.len() - 1];
        let p = Packet::decode(plain).unwrap_or_else(|e| panic!("#{}: {e}", c.index));
        types[plain[0] as usize] += 1;
        if let Packet::Mcast { payload_len, .. } = p {
            assert_eq!(payload_len, plain.len() - MCAST_HEADER_LEN);
        }
        // Encrypting the plaintext with the datagram's salt gives the
        // datagram: stream cipher, key schedule and HMAC are the
        // original's.
        let salt: [u8; 16] = wire[20..36].try_into().expect("salt");
        let mut again = Vec::new();
        sa.encrypt_with_salt(plain, &salt, &mut again);
        again.push(0);
        assert_eq!(&again, wire, "#{}", c.index);
        // Another key, a flipped bit anywhere, or a cut are refused.
        let mut other = wire.clone();
        assert!(wrong.decrypt_in_place(&mut other).is_err());
        for pos in [0, 19, 20, 35, 36, wire.len() / 2, wire.len() - 2] {
            let mut forged = wire.clone();
            forged[pos] ^= 0x10;
            assert!(
                sa.decrypt_in_place(&mut forged).is_err(),
                "#{} bit at {pos}",
                c.index
            );
        }
        let mut cut = wire[..wire.len() - 3].to_vec();
        assert!(sa.decrypt_in_place(&mut cut).is_err());
    }
    assert!(types[0] > 0 && types[1] > 0 && types[3] > 0, "{types:?}");
}
