use super::*;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Datagrams of the original (tests/data/udp_plain.txt), little-endian.
fn captured() -> Vec<Vec<u8>> {
    let path = format!("{}/tests/data/udp_plain.txt", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path)
        .expect("capture")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| unhex(l.split(' ').nth(3).expect("hex")))
        .collect()
}

fn first_of_type(t: u8) -> Vec<u8> {
    captured()
        .into_iter()
        .find(|b| b[0] == t)
        .expect("captured type")
}

fn ip(s: &str) -> TotemIpAddress {
    let a: Ipv4Addr = s.parse().expect("ip");
    TotemIpAddress::from_ip(IpAddr::V4(a), derive_nodeid_v4(a, false))
}

// ----------------------------------------------------------------------
// Golden bytes
// ----------------------------------------------------------------------

#[test]
fn golden_join_of_the_original() {
    // 10.0.0.1's first JOIN of the capture: alone.
    let b = first_of_type(MessageType::MembJoin as u8);
    assert_eq!(b.len(), MEMB_JOIN_LEN + SRP_ADDR_LEN);
    assert_eq!(&b[..8], &[3, 0, 0x22, 0xff, 0x0a, 0, 0, 1]);
    let j = MembJoin::decode(&b).expect("join");
    assert_eq!(j.header.nodeid, NodeId(0x0100_000a));
    assert!(j.system_from.addr[0].equal(&ip("10.0.0.1")));
    assert_eq!(j.system_from.addr[0].family, AF_INET);
    assert_eq!(j.system_from.addr[1], TotemIpAddress::default());
    assert_eq!(j.proc_list.len(), 1);
    assert!(j.failed_list.is_empty());
    // It had formed a ring of its own (sequence 4) before the capture.
    assert_eq!(j.ring_seq, 4);
    // Our encoder writes the same bytes (its junk after the address
    // included, since it is part of the decoded address).
    let mut again = Vec::new();
    j.encode(&mut again);
    assert_eq!(again, b);
}

#[test]
fn golden_layouts_built_by_hand() {
    let a = ip("10.0.0.1");
    let rid = RingId {
        rep: a,
        seq: 0x0102_0304_0506_0708,
    };
    let mut rid_bytes = Vec::new();
    rid_bytes.extend_from_slice(&0x0100_000au32.to_ne_bytes());
    rid_bytes.extend_from_slice(&AF_INET.to_ne_bytes());
    rid_bytes.extend_from_slice(&[10, 0, 0, 1]);
    rid_bytes.extend_from_slice(&[0; 12]);
    rid_bytes.extend_from_slice(&0x0102_0304_0506_0708u64.to_ne_bytes());
    assert_eq!(rid.to_bytes().to_vec(), rid_bytes);
    assert_eq!(RingId::from_bytes(&rid.to_bytes()), rid);

    let hold = TokenHoldCancel {
        header: MessageHeader::new(MessageType::TokenHoldCancel, 0, NodeId(0x0100_000a)),
        ring_id: rid,
    };
    let mut b = Vec::new();
    hold.encode(&mut b);
    let mut want = vec![5, 0];
    want.extend_from_slice(&ENDIAN_LOCAL.to_ne_bytes());
    want.extend_from_slice(&0x0100_000au32.to_ne_bytes());
    want.extend_from_slice(&rid_bytes);
    assert_eq!(b, want);
    assert_eq!(b.len(), TOKEN_HOLD_CANCEL_LEN);

    let test = RingTest::new(MessageType::RingTestActivate, 1, NodeId(7));
    let mut b = Vec::new();
    test.encode(&mut b);
    let mut want = vec![7, 0];
    want.extend_from_slice(&ENDIAN_LOCAL.to_ne_bytes());
    want.extend_from_slice(&1i32.to_ne_bytes());
    want.extend_from_slice(&7u32.to_ne_bytes());
    assert_eq!(b, want);
    assert_eq!(RingTest::decode(&b), Ok(test));

    let mut tok = OrfToken {
        header: MessageHeader::new(MessageType::OrfToken, 0, NodeId(0x0100_000a)),
        seq: 1,
        token_seq: 2,
        aru: 3,
        aru_addr: NodeId(4),
        ring_id: rid,
        backlog: 5,
        fcc: 6,
        retrans_flg: 1,
        ..OrfToken::default()
    };
    assert!(tok.rtr_push(RtrItem {
        ring_id: rid,
        seq: 9
    }));
    let mut b = Vec::new();
    tok.encode(&mut b);
    assert_eq!(b.len(), ORF_TOKEN_LEN + RTR_ITEM_LEN);
    let mut want = vec![0, 0];
    want.extend_from_slice(&ENDIAN_LOCAL.to_ne_bytes());
    want.extend_from_slice(&0x0100_000au32.to_ne_bytes());
    for v in [1u32, 2, 3, 4] {
        want.extend_from_slice(&v.to_ne_bytes());
    }
    want.extend_from_slice(&rid_bytes);
    for v in [5u32, 6, 1, 1] {
        want.extend_from_slice(&v.to_ne_bytes());
    }
    want.extend_from_slice(&rid_bytes);
    want.extend_from_slice(&9u32.to_ne_bytes());
    assert_eq!(b, want);
    assert_eq!(OrfToken::decode(&b).expect("token"), tok);
}

#[test]
fn captured_tokens_and_commit_tokens_decode_to_sensible_values() {
    let caps = captured();
    let ct = caps
        .iter()
        .find(|b| b[0] == MessageType::MembCommitToken as u8)
        .expect("commit token");
    let c = CommitToken::decode(ct).expect("commit token");
    assert_eq!(c.addr.len(), 2);
    assert!(c.addr[0].addr[0].equal(&ip("10.0.0.1")));
    assert!(c.addr[1].addr[0].equal(&ip("10.0.0.2")));
    assert!(c.ring_id.rep.equal(&ip("10.0.0.1")));
    assert_eq!(c.ring_id.seq % 4, 0, "ring sequences advance by 4");
    assert!((0..=2).contains(&c.memb_index));
    let t = caps
        .iter()
        .find(|b| b[0] == 0)
        .map(|b| OrfToken::decode(b).expect("token"))
        .expect("token");
    assert_eq!(t.ring_id, c.ring_id, "the first token is on the new ring");
    assert!(t.rtr_list().is_empty());
}

// ----------------------------------------------------------------------
// Foreign byte order
// ----------------------------------------------------------------------

/// Swaps the fields the original's converters swap, turning a
/// little-endian datagram into what a big-endian sender would have sent.
fn to_foreign(b: &[u8]) -> Vec<u8> {
    let mut o = b.to_vec();
    let sw = |o: &mut Vec<u8>, off: usize, w: usize| o[off..off + w].reverse();
    let addr = |o: &mut Vec<u8>, off: usize| {
        sw(o, off, 4);
        sw(o, off + 4, 2);
    };
    let srp = |o: &mut Vec<u8>, off: usize| {
        addr(o, off);
        addr(o, off + TOTEM_IP_ADDRESS_LEN);
    };
    let ring = |o: &mut Vec<u8>, off: usize| {
        addr(o, off);
        sw(o, off + TOTEM_IP_ADDRESS_LEN, 8);
    };
    let u32_at = |o: &[u8], off: usize| u32::from_le_bytes(o[off..off + 4].try_into().expect("4"));
    sw(&mut o, 2, 2);
    sw(&mut o, 4, 4);
    match b[0] {
        0 => {
            for off in [8, 12, 16, 20] {
                sw(&mut o, off, 4);
            }
            ring(&mut o, 24);
            let n = u32_at(b, 66) as usize;
            for off in [54, 58, 62, 66] {
                sw(&mut o, off, 4);
            }
            for i in 0..n {
                ring(&mut o, 70 + i * RTR_ITEM_LEN);
                sw(&mut o, 70 + i * RTR_ITEM_LEN + RING_ID_LEN, 4);
            }
        }
        1 => {
            srp(&mut o, 8);
            sw(&mut o, 52, 4);
            sw(&mut o, 56, 4);
            ring(&mut o, 60);
            sw(&mut o, 90, 4);
            sw(&mut o, 94, 4);
        }
        2 => {
            srp(&mut o, 8);
            ring(&mut o, 52);
        }
        3 => {
            srp(&mut o, 8);
            let n = (u32_at(b, 52) + u32_at(b, 56)) as usize;
            sw(&mut o, 52, 4);
            sw(&mut o, 56, 4);
            sw(&mut o, 60, 8);
            for i in 0..n {
                srp(&mut o, 68 + i * SRP_ADDR_LEN);
            }
        }
        4 => {
            let n = u32_at(b, 50) as usize;
            sw(&mut o, 8, 4);
            ring(&mut o, 12);
            for off in [42, 46, 50] {
                sw(&mut o, off, 4);
            }
            for i in 0..n {
                srp(&mut o, 54 + i * SRP_ADDR_LEN);
            }
            let base = 54 + n * SRP_ADDR_LEN;
            for i in 0..n {
                let e = base + i * COMMIT_MEMB_ENTRY_LEN;
                if b[e + 4] != 0 || b[e + 5] != 0 {
                    ring(&mut o, e);
                    for k in 0..3 {
                        sw(&mut o, e + RING_ID_LEN + 4 * k, 4);
                    }
                }
            }
        }
        5 => {
            // Never converted by the original: only the header swaps.
            ring(&mut o, 8);
        }
        _ => unreachable!(),
    }
    o
}

#[test]
fn foreign_endian_packets_decode_to_the_same_values() {
    let mut seen = [0usize; 6];
    for b in captured() {
        let native = Packet::decode(&b).expect("native");
        let foreign_bytes = to_foreign(&b);
        assert!(is_foreign_endian(&foreign_bytes));
        let foreign = Packet::decode(&foreign_bytes).expect("foreign");
        seen[usize::from(b[0])] += 1;
        match (&native, &foreign) {
            (
                Packet::Mcast {
                    header: h1,
                    endian_conversion_required: false,
                    payload_len: l1,
                },
                Packet::Mcast {
                    header: h2,
                    endian_conversion_required: true,
                    payload_len: l2,
                },
            ) => {
                assert_eq!((h1, l1), (h2, l2));
            }
            (Packet::TokenHoldCancel(h1), Packet::TokenHoldCancel(h2)) => {
                // Nothing is converted, the header neither (the ring id
                // is compared raw with our own, so a foreign one never
                // matches).
                assert_ne!(h1.ring_id, h2.ring_id);
                assert_eq!(h2.ring_id.to_bytes()[..], foreign_bytes[8..38]);
                assert_eq!(h2.header.nodeid.0.to_ne_bytes()[..], foreign_bytes[4..8]);
            }
            _ => assert_eq!(native, foreign),
        }
    }
    assert!(seen.iter().all(|&n| n > 0), "{seen:?}");
}

#[test]
fn unset_commit_token_entries_are_not_converted() {
    // A commit token in flight: the second member's entry is still
    // zero; a foreign-endian sender's zero entry stays zero.
    let caps = captured();
    let ct = caps
        .iter()
        .find(|b| b[0] == MessageType::MembCommitToken as u8)
        .expect("commit token");
    let mut c = CommitToken::decode(ct).expect("commit token");
    c.memb_list[1] = CommitMembEntry::default();
    c.memb_list[1].aru = 0x0100_0000; // junk that must survive unconverted
    c.memb_list[1].ring_id.seq = 0;
    let mut b = Vec::new();
    c.encode(&mut b);
    let foreign = to_foreign(&b);
    let d = CommitToken::decode(&foreign).expect("foreign");
    assert_eq!(d.memb_list[0], c.memb_list[0]);
    assert_eq!(d.memb_list[1], c.memb_list[1]);
}

// ----------------------------------------------------------------------
// Robustness
// ----------------------------------------------------------------------

#[test]
fn truncated_packets_are_refused() {
    for b in captured() {
        for cut in 0..b.len() {
            let short = &b[..cut];
            let res = Packet::decode(short);
            let complete = match b[0] {
                1 => cut >= MCAST_HEADER_LEN,
                _ => false,
            };
            if !complete {
                assert!(res.is_err(), "type {} cut at {cut} of {}", b[0], b.len());
            }
        }
    }
}

#[test]
fn bad_counts_are_refused() {
    let mut j = first_of_type(MessageType::MembJoin as u8);
    j[52..56].copy_from_slice(&(PROCESSOR_COUNT_MAX as u32 + 1).to_ne_bytes());
    assert!(matches!(
        MembJoin::decode(&j),
        Err(DecodeError::BadCount { .. })
    ));
    let mut c = first_of_type(MessageType::MembCommitToken as u8);
    c[46..50].copy_from_slice(&5i32.to_ne_bytes()); // memb_index > entries
    assert!(matches!(
        CommitToken::decode(&c),
        Err(DecodeError::BadCount { .. })
    ));
    c[46..50].copy_from_slice(&(-1i32).to_ne_bytes());
    assert!(CommitToken::decode(&c).is_err());
    let mut t = first_of_type(0);
    t[66..70].copy_from_slice(&31u32.to_ne_bytes()); // over RETRANSMIT_ENTRIES_MAX
    assert!(OrfToken::decode(&t).is_err());
    assert_eq!(Packet::decode(&[9; 40]), Err(DecodeError::UnknownType(9)));
}

#[test]
fn arbitrary_bytes_never_panic() {
    let caps = captured();
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for round in 0..20_000 {
        let mut b = if round % 2 == 0 {
            caps[(next() as usize) % caps.len()].clone()
        } else {
            let len = (next() % 300) as usize;
            (0..len).map(|_| next() as u8).collect()
        };
        // Mutate a few bytes, keep a plausible type most of the time.
        for _ in 0..(next() % 6) {
            if !b.is_empty() {
                let i = (next() as usize) % b.len();
                b[i] = next() as u8;
            }
        }
        if !b.is_empty() && round % 3 == 0 {
            b[0] = (next() % 8) as u8;
        }
        let _ = Packet::decode(&b);
        let _ = orf_token_seq_raw(&b);
    }
}

#[test]
fn nodeid_derivation() {
    let a: Ipv4Addr = "10.0.0.1".parse().expect("ip");
    assert_eq!(derive_nodeid_v4(a, false), NodeId(0x0100_000a));
    let b: Ipv4Addr = "192.168.1.200".parse().expect("ip");
    assert_eq!(derive_nodeid_v4(b, false), NodeId(0xc801_a8c0));
    assert_eq!(derive_nodeid_v4(b, true), NodeId(0x4801_a8c0));
}

#[test]
fn sequence_comparisons_wrap() {
    assert!(sq_lt_compare(1, 2));
    assert!(!sq_lt_compare(2, 2));
    assert!(sq_lte_compare(2, 2));
    assert!(sq_lt_compare(0xffff_fff0, 5));
    assert!(!sq_lt_compare(5, 0xffff_fff0));
}
