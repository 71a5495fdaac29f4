//! Set operations on processor lists, with the original's semantics:
//! membership is decided by the ring-0 address only (`srp_addr_equal`),
//! lists keep insertion order and never hold more than
//! `PROCESSOR_COUNT_MAX` entries.

use crate::config::PROCESSOR_COUNT_MAX;
use crate::packet::{RingId, SrpAddr};

/// Is `a` in `list`?
pub(crate) fn contains(list: &[SrpAddr], a: &SrpAddr) -> bool {
    list.iter().any(|x| x.equal(a))
}

/// `memb_set_subset`: every entry of `subset` is in `fullset` (false when
/// `subset` is the longer list, even if it holds duplicates).
pub(crate) fn subset(subset: &[SrpAddr], fullset: &[SrpAddr]) -> bool {
    if subset.len() > fullset.len() {
        return false;
    }
    subset.iter().all(|a| contains(fullset, a))
}

/// `memb_set_equal`: same length and every entry of `b` is in `a`.
pub(crate) fn equal(a: &[SrpAddr], b: &[SrpAddr]) -> bool {
    a.len() == b.len() && b.iter().all(|x| contains(a, x))
}

/// `memb_set_merge`: appends the entries of `subset` missing from
/// `fullset`.
pub(crate) fn merge(subset: &[SrpAddr], fullset: &mut Vec<SrpAddr>) {
    for a in subset {
        if !contains(fullset, a) && fullset.len() < PROCESSOR_COUNT_MAX {
            fullset.push(*a);
        }
    }
}

/// `memb_set_subtract`: the entries of `one` not in `two`, in order.
pub(crate) fn subtract(one: &[SrpAddr], two: &[SrpAddr]) -> Vec<SrpAddr> {
    one.iter().filter(|a| !contains(two, a)).copied().collect()
}

/// `memb_set_and_with_ring_id`: for every entry of `set2` (in its order),
/// the matching entry of `set1` when the ring id recorded for it equals
/// `old_ring_id`.
pub(crate) fn and_with_ring_id(
    set1: &[SrpAddr],
    set1_ring_ids: &[RingId],
    set2: &[SrpAddr],
    old_ring_id: &RingId,
) -> Vec<SrpAddr> {
    let mut out = Vec::new();
    for b in set2 {
        if let Some(j) = set1.iter().position(|a| a.equal(b))
            && set1_ring_ids.get(j) == Some(old_ring_id)
        {
            out.push(set1[j]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::{NodeId, TotemIpAddress};
    use std::net::{IpAddr, Ipv4Addr};

    fn a(n: u8) -> SrpAddr {
        let mut s = SrpAddr::default();
        s.addr[0] =
            TotemIpAddress::from_ip(IpAddr::V4(Ipv4Addr::new(10, 0, 0, n)), NodeId(n as u32));
        s
    }

    #[test]
    fn set_semantics_follow_the_original() {
        let l = vec![a(1), a(2), a(3)];
        assert!(contains(&l, &a(2)));
        assert!(subset(&[a(3), a(1)], &l));
        assert!(!subset(&[a(4)], &l));
        assert!(!subset(&[a(1), a(1), a(1), a(1)], &l));
        assert!(equal(&[a(3), a(2), a(1)], &l));
        assert!(!equal(&[a(3), a(2)], &l));
        let mut m = vec![a(1)];
        merge(&[a(2), a(1), a(3)], &mut m);
        assert_eq!(m, vec![a(1), a(2), a(3)]);
        assert_eq!(subtract(&l, &[a(2)]), vec![a(1), a(3)]);
        // The node id does not take part in membership tests.
        let mut other = a(2);
        other.addr[0].nodeid = NodeId(0);
        assert!(contains(&l, &other));
        let old = RingId::default();
        let newer = RingId {
            seq: 4,
            ..RingId::default()
        };
        let trans = and_with_ring_id(&l, &[old, newer, old], &[a(3), a(2), a(9)], &old);
        assert_eq!(trans, vec![a(3)]);
    }
}
