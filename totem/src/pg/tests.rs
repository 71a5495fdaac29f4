use super::*;
use crate::packet::{MCAST_HEADER_LEN, SrpAddr};

const MTU: usize = 1374; // 1500 - UDP/IP - MCAST header, as the original's

fn pg() -> Pg {
    Pg::new(MTU, 1000)
}

fn queues() -> SendQueues {
    SendQueues::new(1000, SrpAddr::default())
}

fn deliver_all(pg: &mut Pg, nodeid: NodeId, frame: &[u8], endian: bool) -> Vec<Event> {
    let mut events = VecDeque::new();
    let mut pool = BufPool::default();
    pg.deliver(
        nodeid,
        frame,
        endian,
        &mut events,
        &mut pool,
        &mut |_, _| {},
    );
    events.into_iter().collect()
}

fn delivered(events: &[Event]) -> Vec<(GroupHandle, Vec<u8>)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Deliver { group, data, .. } => Some((*group, data.clone())),
            _ => None,
        })
        .collect()
}

/// Frames (without the MCAST header) queued so far.
fn queued(q: &mut SendQueues) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while let Some(m) = q.new_trans.pop_front() {
        out.push(m[MCAST_HEADER_LEN..].to_vec());
    }
    while let Some(m) = q.new.pop_front() {
        out.push(m[MCAST_HEADER_LEN..].to_vec());
    }
    out
}

#[test]
fn group_header_layout() {
    let h = Pg::group_header(&[b"a", b"sync"]).expect("header");
    let mut want = Vec::new();
    for v in [2u16, 1, 4] {
        want.extend_from_slice(&v.to_ne_bytes());
    }
    assert_eq!(h, want);
}

#[test]
fn small_messages_are_packed_and_flushed_on_token() {
    let mut p = pg();
    let mut q = queues();
    let mut pool = BufPool::default();
    p.mcast_groups(&mut q, &mut pool, &[b"a"], &[b"hello"], 0)
        .expect("mcast");
    p.mcast_groups(&mut q, &mut pool, &[b"a"], &[b"wor", b"ld!"], 0)
        .expect("mcast");
    assert!(queued(&mut q).is_empty(), "packed, not yet queued");
    assert_eq!(p.pending_bytes(), 2 * (4 + 1) + 5 + 6);
    p.token_received(&mut q, &mut pool);
    let f = queued(&mut q);
    assert_eq!(f.len(), 1);
    // header: version 0, reserved 0, fragmented 0, continuation 0,
    // msg_count 2, lengths 10 and 11; then the two messages with their
    // group headers.
    let mut want = Vec::new();
    want.extend_from_slice(&0u16.to_ne_bytes());
    want.extend_from_slice(&0u16.to_ne_bytes());
    want.extend_from_slice(&[0, 0]);
    want.extend_from_slice(&2u16.to_ne_bytes());
    want.extend_from_slice(&10u16.to_ne_bytes());
    want.extend_from_slice(&11u16.to_ne_bytes());
    for body in [&b"hello"[..], b"world!"] {
        want.extend_from_slice(&1u16.to_ne_bytes());
        want.extend_from_slice(&1u16.to_ne_bytes());
        want.push(b'a');
        want.extend_from_slice(body);
    }
    assert_eq!(f[0], want);

    // Delivered to the instances that joined "a", in order.
    let mut r = pg();
    let a = r.groups_initialize();
    r.groups_join(a, &[b"a"]).expect("join");
    let other = r.groups_initialize();
    r.groups_join(other, &[b"b"]).expect("join");
    let got = delivered(&deliver_all(&mut r, NodeId(7), &f[0], false));
    assert_eq!(got, vec![(a, b"hello".to_vec()), (a, b"world!".to_vec())]);
}

#[test]
fn large_message_is_fragmented_and_reassembled() {
    let mut p = pg();
    let mut q = queues();
    let mut pool = BufPool::default();
    let big: Vec<u8> = (0..5000u32).map(|i| (i * 7) as u8).collect();
    p.mcast_groups(&mut q, &mut pool, &[b"a"], &[&big], 0)
        .expect("mcast");
    p.token_received(&mut q, &mut pool);
    let f = queued(&mut q);
    assert_eq!(f.len(), 4);
    for (i, fr) in f.iter().enumerate() {
        let (frag, cont) = (fr[4], fr[5]);
        let want = match i {
            0 => (1, 0),
            1 => (2, 1),
            2 => (3, 2),
            _ => (0, 3),
        };
        assert_eq!((frag, cont), want, "frame {i}");
        if i < 3 {
            assert_eq!(fr.len(), MTU, "full frames use the whole MTU");
        }
    }
    let mut r = pg();
    let h = r.groups_initialize();
    r.groups_join(h, &[b"a"]).expect("join");
    let mut got = Vec::new();
    for fr in &f {
        got.extend(delivered(&deliver_all(&mut r, NodeId(1), fr, false)));
    }
    assert_eq!(got, vec![(h, big)]);
}

#[test]
fn lost_start_of_message_is_thrown_away() {
    let mut p = pg();
    let mut q = queues();
    let mut pool = BufPool::default();
    let big = vec![9u8; 3000];
    p.mcast_groups(&mut q, &mut pool, &[b"a"], &[&big], 0)
        .expect("mcast");
    p.mcast_groups(&mut q, &mut pool, &[b"a"], &[b"after"], 0)
        .expect("mcast");
    p.token_received(&mut q, &mut pool);
    p.mcast_groups(&mut q, &mut pool, &[b"a"], &[b"next"], 0)
        .expect("mcast");
    p.token_received(&mut q, &mut pool);
    let f = queued(&mut q);
    assert_eq!(f.len(), 4);

    let mut r = pg();
    let h = r.groups_initialize();
    r.groups_join(h, &[b"a"]).expect("join");
    // The receiver first sees the second fragment (it joined late): it
    // cannot continue anything, so it discards until a frame that starts
    // a message; the original then drops that frame's messages too.
    let mut got = Vec::new();
    for fr in &f[1..] {
        got.extend(delivered(&deliver_all(&mut r, NodeId(1), fr, false)));
    }
    assert_eq!(got, vec![(h, b"next".to_vec())]);
}

#[test]
fn foreign_endian_frames_are_converted() {
    let mut p = pg();
    let mut q = queues();
    let mut pool = BufPool::default();
    p.mcast_groups(&mut q, &mut pool, &[b"a", b"bb"], &[b"xyz"], 0)
        .expect("mcast");
    p.token_received(&mut q, &mut pool);
    let mut f = queued(&mut q).remove(0);
    // Swap every 16-bit count and length as a foreign sender wrote them.
    let swap16 = |b: &mut [u8], off: usize| b.swap(off, off + 1);
    swap16(&mut f, 6);
    swap16(&mut f, 8);
    let base = 10;
    for off in [0, 2, 4] {
        swap16(&mut f, base + off);
    }
    let mut r = pg();
    let h = r.groups_initialize();
    r.groups_join(h, &[b"bb"]).expect("join");
    let ev = deliver_all(&mut r, NodeId(3), &f, true);
    match &ev[..] {
        [
            Event::Deliver {
                group,
                nodeid,
                data,
                endian_conversion_required: true,
            },
        ] => {
            assert_eq!(
                (*group, *nodeid, data.as_slice()),
                (h, NodeId(3), &b"xyz"[..])
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn garbage_frames_do_not_panic() {
    let mut r = pg();
    let h = r.groups_initialize();
    r.groups_join(h, &[b"a"]).expect("join");
    let mut x = 0x1234_5678u32;
    for len in 0..600 {
        let mut f = vec![0u8; len % 80 + len / 10];
        for b in f.iter_mut() {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            *b = x as u8;
        }
        if f.len() > 8 && len % 3 == 0 {
            f[6] = 1;
            f[7] = 0;
        }
        let _ = deliver_all(&mut r, NodeId(len as u32 % 4), &f, len % 2 == 0);
    }
}

#[test]
fn reserve_and_size_limit_follow_the_original() {
    let mut p = pg();
    let h = p.groups_initialize();
    p.groups_join(h, &[b"a"]).expect("join");
    let unit = MTU - TOTEMPG_FRAME_HEADER_LEN - 16;
    assert_eq!(p.size_limit(), 999 * unit);
    // One unit, and one more per started unit of payload.
    // The count starts at one, as the original's.
    assert_eq!(p.joined_reserve(100, h, &[&[0u8; 10]]), Ok(1));
    assert_eq!(p.joined_reserve(100, h, &[&vec![0u8; unit]]), Ok(2));
    assert_eq!(p.stats().msg_reserved, 4);
    // Not enough room (avail less the reservations, this one included,
    // must exceed its count): refused and not counted.
    assert_eq!(p.joined_reserve(6, h, &[&[0u8; 10]]), Ok(0));
    assert_eq!(p.stats().msg_reserved, 4);
    assert_eq!(p.joined_reserve(7, h, &[&[0u8; 10]]), Ok(1));
    p.joined_release(4);
    assert_eq!(p.stats().msg_reserved, 1);
    assert_eq!(
        p.joined_reserve(100, h, &[&vec![0u8; 999 * unit]]),
        Err(PgError::TooLarge)
    );
}

// ----------------------------------------------------------------------
// Against frames of the original (tests/data/udp_plain.txt)
// ----------------------------------------------------------------------

struct CapturedFrame {
    seq: u32,
    nodeid: u32,
    frame: Vec<u8>,
}

/// Node 10.0.0.2's MCASTs of the first two-node ring, in order.
fn captured_frames() -> Vec<CapturedFrame> {
    let path = format!("{}/tests/data/udp_plain.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("capture");
    let mut out: Vec<(u64, CapturedFrame)> = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let hex = line.split(' ').nth(3).expect("hex");
        let b: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
            .collect();
        // Not encapsulated MCASTs from 10.0.0.2.
        if b[0] != 1 || b[1] != 2 {
            continue;
        }
        let (h, _) = crate::packet::McastHeader::decode(&b).expect("mcast");
        if h.header.nodeid.0 != 0x0200_000a
            || out
                .iter()
                .any(|(r, f)| *r == h.ring_id.seq && f.seq == h.seq)
        {
            continue;
        }
        out.push((
            h.ring_id.seq,
            CapturedFrame {
                seq: h.seq,
                nodeid: h.header.nodeid.0,
                frame: b[MCAST_HEADER_LEN..].to_vec(),
            },
        ));
    }
    // The ring with the most traffic.
    let ring = out
        .iter()
        .map(|(r, _)| *r)
        .max_by_key(|r| out.iter().filter(|(x, _)| x == r).count())
        .expect("frames");
    let mut out: Vec<CapturedFrame> = out
        .into_iter()
        .filter(|(r, _)| *r == ring)
        .map(|(_, f)| f)
        .collect();
    out.sort_by_key(|f| f.seq);
    out
}

/// The whole messages (group header included) in a run of frames of one
/// sender, and for each frame the index of the last message that ends in
/// it (if any).
fn messages_of(frames: &[CapturedFrame]) -> (Vec<Vec<u8>>, Vec<Option<usize>>) {
    let mut msgs = Vec::new();
    let mut ends = Vec::new();
    let mut partial: Option<Vec<u8>> = None;
    for f in frames {
        let fr = &f.frame;
        let count = usize::from(u16::from_ne_bytes([fr[6], fr[7]]));
        let fragmented = fr[4];
        let mut off = 8 + 2 * count;
        let mut last_end = None;
        for i in 0..count {
            let l = usize::from(u16::from_ne_bytes([fr[8 + 2 * i], fr[9 + 2 * i]]));
            let part = &fr[off..off + l];
            off += l;
            let mut m = if i == 0 {
                partial.take().unwrap_or_default()
            } else {
                Vec::new()
            };
            m.extend_from_slice(part);
            if i == count - 1 && fragmented != 0 {
                partial = Some(m);
            } else {
                msgs.push(m);
                last_end = Some(msgs.len() - 1);
            }
        }
        ends.push(last_end);
    }
    (msgs, ends)
}

#[test]
fn captured_frames_of_the_original_reassemble() {
    let frames = captured_frames();
    assert!(frames.len() > 50, "{}", frames.len());
    assert!(frames.iter().any(|f| f.frame[4] != 0), "fragmented frames");
    let mut r = pg();
    let h = r.groups_initialize();
    r.groups_join(h, &[b"a", b"sync", b"syncv2"]).expect("join");
    let mut got = Vec::new();
    for f in &frames {
        got.extend(delivered(&deliver_all(
            &mut r,
            NodeId(f.nodeid),
            &f.frame,
            false,
        )));
    }
    // Each message is an executive message: its header's size field is
    // its length.
    assert!(got.len() > 40, "{}", got.len());
    for (_, m) in &got {
        let size = i32::from_ne_bytes([m[0], m[1], m[2], m[3]]);
        assert_eq!(size as usize, m.len());
    }
    let (msgs, _) = messages_of(&frames);
    assert_eq!(msgs.len(), got.len());
}

#[test]
fn packing_reproduces_the_original_frames() {
    // Node 10.0.0.2 packed these messages while cpgbench ran; give ours
    // the same messages with the token arriving where the original's
    // did (after the message a short frame ends with) and compare.
    let frames = captured_frames();
    let (msgs, ends) = messages_of(&frames);
    // Start at a frame that starts cleanly.
    let start = frames
        .iter()
        .position(|f| f.frame[5] == 0 && f.frame.len() > 1000)
        .expect("start");
    let first_msg = ends[..start]
        .iter()
        .rev()
        .find_map(|e| *e)
        .map_or(0, |e| e + 1);
    let mut p = pg();
    p.set_send_waiting(false);
    let mut q = queues();
    q.waiting_trans_ack = false;
    let mut pool = BufPool::default();
    let mut next = start;
    let mut compared = 0;
    for (mi, m) in msgs.iter().enumerate().skip(first_msg) {
        p.mcast_msg(&mut q, &mut pool, &[m.as_slice()], 0)
            .expect("mcast");
        let flush = frames
            .get(next + frames_ready(&q))
            .is_some_and(|f| f.frame[4] == 0 && ends[next + frames_ready(&q)] == Some(mi));
        if flush {
            p.token_received(&mut q, &mut pool);
        }
        for ours in queued(&mut q) {
            let theirs = &frames[next].frame;
            assert_eq!(ours.len(), theirs.len(), "frame seq {}", frames[next].seq);
            let count = usize::from(u16::from_ne_bytes([ours[6], ours[7]]));
            let used: usize = 8
                + 2 * count
                + (0..count)
                    .map(|i| usize::from(u16::from_ne_bytes([ours[8 + 2 * i], ours[9 + 2 * i]])))
                    .sum::<usize>();
            // Bytes 2 and 3 (the header's `type`) are never set by the
            // original: whatever its stack held.
            assert!(
                ours[..2] == theirs[..2] && ours[4..used] == theirs[4..used],
                "frame seq {}: header {:02x?} vs {:02x?}",
                frames[next].seq,
                &ours[..16],
                &theirs[..16]
            );
            next += 1;
            compared += 1;
        }
        if next >= frames.len() {
            break;
        }
    }
    assert!(compared > 40, "{compared}");
}

fn frames_ready(q: &SendQueues) -> usize {
    q.new.len() + q.new_trans.len()
}
