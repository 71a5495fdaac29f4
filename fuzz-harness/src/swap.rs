//! Byte-order conversion of the fields a decoder reads, done by hand from
//! the documented layouts, so that "decode foreign bytes with swap" can be
//! compared with "swap the bytes, decode natively".

/// Reverses the `n`-byte integer at `off` when it lies inside `buf`.
pub fn swap_at(buf: &mut [u8], off: usize, n: usize) {
    if let Some(s) = off.checked_add(n).and_then(|end| buf.get_mut(off..end)) {
        s.reverse();
    }
}

pub fn swap32(buf: &mut [u8], off: usize) {
    swap_at(buf, off, 4);
}

pub fn swap16(buf: &mut [u8], off: usize) {
    swap_at(buf, off, 2);
}

pub fn swap64(buf: &mut [u8], off: usize) {
    swap_at(buf, off, 8);
}

pub fn u32_at(buf: &[u8], off: usize) -> Option<u32> {
    let b = buf.get(off..off.checked_add(4)?)?;
    Some(u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
}

/// The executive header: size at 0, id at 8.
pub fn exec_header(msg: &[u8]) -> Vec<u8> {
    let mut b = msg.to_vec();
    swap32(&mut b, 0);
    swap32(&mut b, 8);
    b
}

/// CPG PROCJOIN/PROCLEAVE and MCAST: name length at 16, then the u32s at
/// 152 and 160 (pid/reason, or msglen/pid), and the source node id at 168.
pub fn cpg_procjoin_or_mcast(msg: &[u8]) -> Vec<u8> {
    let mut b = exec_header(msg);
    for off in [16, 152, 160, 168] {
        swap32(&mut b, off);
    }
    b
}

/// CPG JOINLIST: the size at 0 and, per 144-byte entry from 24, the pid at
/// 0 and the name length at 8.
pub fn cpg_joinlist(msg: &[u8]) -> Vec<u8> {
    let mut b = exec_header(msg);
    let mut off = 24;
    while off < b.len() {
        swap32(&mut b, off);
        swap32(&mut b, off + 8);
        off += 144;
    }
    b
}

/// CPG DOWNLIST: old_members at 16, left_nodes at 24, node ids from 32.
pub fn cpg_downlist(msg: &[u8]) -> Vec<u8> {
    let mut b = exec_header(msg);
    swap32(&mut b, 16);
    swap32(&mut b, 24);
    let mut off = 32;
    while off + 4 <= b.len() {
        swap32(&mut b, off);
        off += 4;
    }
    b
}

/// A totem `memb_ring_id` at `off`: node id, family, 16 address bytes
/// (never swapped), sequence.
fn totem_ring_id(b: &mut [u8], off: usize) {
    swap32(b, off);
    swap16(b, off + 4);
    swap64(b, off + 22);
}

/// A totem `totem_ip_address` at `off`.
fn totem_ip(b: &mut [u8], off: usize) {
    swap32(b, off);
    swap16(b, off + 4);
}

/// A totem `srp_addr` (two addresses) at `off`.
fn totem_srp_addr(b: &mut [u8], off: usize) {
    totem_ip(b, off);
    totem_ip(b, off + 22);
}

/// Converts a native-order totem packet to the foreign byte order,
/// following the packed layouts of totemsrp.c and totemrrp.c (the type byte
/// decides the layout; list counts are read in native order before they are
/// swapped). The endian detector is swapped too, so the result announces
/// the foreign order. Commit-token member entries whose address family is 0
/// stay as they are: the original's receiver converts only entries with a
/// family set. TOKEN_HOLD_CANCEL, which the original never converts, only
/// gets its detector swapped. Unknown types are returned unchanged.
pub fn totem_packet_to_foreign(msg: &[u8]) -> Vec<u8> {
    let mut b = msg.to_vec();
    let Some(&kind) = b.first() else {
        return b;
    };
    if kind > 7 {
        return b;
    }
    swap16(&mut b, 2);
    if kind == 6 || kind == 7 {
        swap32(&mut b, 4);
        swap32(&mut b, 8);
        return b;
    }
    if kind == 5 {
        return b;
    }
    swap32(&mut b, 4);
    match kind {
        0 => {
            // seq, token_seq, aru, aru_addr, ring_id, backlog, fcc,
            // retrans_flg, rtr_list_entries, then rtr items
            for off in [8, 12, 16, 20] {
                swap32(&mut b, off);
            }
            totem_ring_id(&mut b, 24);
            for off in [54, 58, 62] {
                swap32(&mut b, off);
            }
            let entries = u32_at(&b, 66).unwrap_or(0).min(64) as usize;
            swap32(&mut b, 66);
            for i in 0..entries {
                let off = 70 + 34 * i;
                totem_ring_id(&mut b, off);
                swap32(&mut b, off + 30);
            }
        }
        1 => {
            totem_srp_addr(&mut b, 8);
            swap32(&mut b, 52);
            swap32(&mut b, 56);
            totem_ring_id(&mut b, 60);
            swap32(&mut b, 90);
            swap32(&mut b, 94);
        }
        2 => {
            totem_srp_addr(&mut b, 8);
            totem_ring_id(&mut b, 52);
        }
        3 => {
            totem_srp_addr(&mut b, 8);
            let procs = u32_at(&b, 52).unwrap_or(0).min(1024) as usize;
            let failed = u32_at(&b, 56).unwrap_or(0).min(1024) as usize;
            swap32(&mut b, 52);
            swap32(&mut b, 56);
            swap64(&mut b, 60);
            for i in 0..procs + failed {
                totem_srp_addr(&mut b, 68 + 44 * i);
            }
        }
        4 => {
            swap32(&mut b, 8);
            totem_ring_id(&mut b, 12);
            swap32(&mut b, 42);
            swap32(&mut b, 46);
            let n = u32_at(&b, 50).unwrap_or(0).min(1024) as usize;
            swap32(&mut b, 50);
            for i in 0..n {
                totem_srp_addr(&mut b, 54 + 44 * i);
            }
            let memb = 54 + 44 * n;
            for i in 0..n {
                let off = memb + 42 * i;
                let family = b
                    .get(off + 4..off + 6)
                    .map_or(0, |f| u16::from_ne_bytes([f[0], f[1]]));
                if family == 0 {
                    continue;
                }
                totem_ring_id(&mut b, off);
                swap32(&mut b, off + 30);
                swap32(&mut b, off + 34);
                swap32(&mut b, off + 38);
            }
        }
        _ => {}
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swapping_twice_is_the_identity() {
        let msg: Vec<u8> = (0..400u32).map(|i| (i * 7) as u8).collect();
        assert_eq!(cpg_joinlist(&cpg_joinlist(&msg)), msg);
        assert_eq!(cpg_downlist(&cpg_downlist(&msg)), msg);
        let mut t = msg.clone();
        t[0] = 1;
        assert_eq!(totem_packet_to_foreign(&totem_packet_to_foreign(&t)), t);
    }

    #[test]
    fn out_of_range_fields_are_left_alone() {
        let mut b = vec![1u8, 2, 3];
        swap32(&mut b, 0);
        swap32(&mut b, usize::MAX - 1);
        assert_eq!(b, [1, 2, 3]);
    }
}
