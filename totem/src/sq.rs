//! The sort queue: a circular window of messages indexed by ring sequence
//! number, with per-slot "in use" marks and miss counters (the original's
//! `struct sq`). The window rules, including the rollover adjustment near
//! 2^32, are kept so that retransmission and delivery decisions match.

use crate::pool::BufPool;

/// Window size of the regular and recovery sort queues.
pub(crate) const QUEUE_RTR_ITEMS_SIZE_MAX: u32 = 16384;

const ADJUST_ROLLOVER_POINT: u32 = 0x8000_0000;
const ADJUST_ROLLOVER_VALUE: u32 = 0x10000;

#[derive(Debug)]
pub(crate) struct SortQueue {
    head: u32,
    head_seqid: u32,
    size: u32,
    inuse: Vec<u32>,
    miss: Vec<u32>,
    items: Vec<Option<Vec<u8>>>,
}

impl SortQueue {
    pub(crate) fn new(size: u32, head_seqid: u32) -> SortQueue {
        let n = size as usize;
        SortQueue {
            head: 0,
            head_seqid,
            size,
            inuse: vec![0; n],
            miss: vec![0; n],
            items: (0..n).map(|_| None).collect(),
        }
    }

    fn pos(&self, seq: u32) -> usize {
        (self.head.wrapping_sub(self.head_seqid).wrapping_add(seq) % self.size) as usize
    }

    /// Empties the queue; the next expected sequence number is
    /// `head_seqid`.
    pub(crate) fn reinit(&mut self, head_seqid: u32, pool: &mut BufPool) {
        self.head = 0;
        self.head_seqid = head_seqid;
        for v in self.inuse.iter_mut() {
            *v = 0;
        }
        for v in self.miss.iter_mut() {
            *v = 0;
        }
        for it in self.items.iter_mut() {
            if let Some(b) = it.take() {
                pool.put(b);
            }
        }
    }

    /// `sq_in_range`: is `seq` inside the current window?
    pub(crate) fn in_range(&self, seq: u32) -> bool {
        if self.head_seqid > ADJUST_ROLLOVER_POINT {
            let s = seq.wrapping_sub(ADJUST_ROLLOVER_VALUE);
            let h = self.head_seqid.wrapping_sub(ADJUST_ROLLOVER_VALUE);
            !(s < h || s >= h.wrapping_add(self.size))
        } else {
            !(seq < self.head_seqid || seq >= self.head_seqid.wrapping_add(self.size))
        }
    }

    /// `sq_item_inuse`.
    pub(crate) fn inuse(&self, seq: u32) -> bool {
        self.inuse[self.pos(seq)] != 0
    }

    /// `sq_item_miss_count`: counts one more miss and returns the total.
    pub(crate) fn miss_count(&mut self, seq: u32) -> u32 {
        let p = self.pos(seq);
        self.miss[p] = self.miss[p].wrapping_add(1);
        self.miss[p]
    }

    /// `sq_item_add`: stores a message at `seq`; returns a buffer that was
    /// displaced, for recycling.
    pub(crate) fn add(&mut self, seq: u32, msg: Vec<u8>) -> Option<Vec<u8>> {
        let p = self.pos(seq);
        self.inuse[p] = if seq == 0 { 1 } else { seq };
        self.miss[p] = 0;
        self.items[p].replace(msg)
    }

    /// `sq_item_get`: the message at `seq`, if in the window and present.
    pub(crate) fn get(&self, seq: u32) -> Option<&[u8]> {
        if !self.in_range(seq) {
            return None;
        }
        let p = self.pos(seq);
        if self.inuse[p] == 0 {
            return None;
        }
        self.items[p].as_deref()
    }

    /// `sq_items_release`: everything up to and including `seqid` is
    /// released and the window moves on.
    pub(crate) fn release(&mut self, seqid: u32, pool: &mut BufPool) {
        let oldhead = self.head;
        let count = seqid.wrapping_sub(self.head_seqid).wrapping_add(1);
        self.head = oldhead.wrapping_add(count) % self.size;
        let count = u64::from(count).min(u64::from(self.size)) as usize;
        let size = self.size as usize;
        let old = oldhead as usize;
        if old + count > size {
            // Wrapping release: the original clears the in-use marks only.
            for p in (old..size).chain(0..self.head as usize) {
                self.inuse[p] = 0;
                if let Some(b) = self.items[p].take() {
                    pool.put(b);
                }
            }
        } else {
            for p in old..old + count {
                self.inuse[p] = 0;
                self.miss[p] = 0;
                if let Some(b) = self.items[p].take() {
                    pool.put(b);
                }
            }
        }
        self.head_seqid = seqid.wrapping_add(1);
    }

    /// Makes this queue the window of `src` without its messages: in-use
    /// marks and miss counters only. The original copies the recovery queue
    /// into the regular one and keeps both pointing at the same messages;
    /// afterwards only the marks of the copy left behind are ever consulted.
    pub(crate) fn copy_marks_from(&mut self, src: &SortQueue, pool: &mut BufPool) {
        self.head = src.head;
        self.head_seqid = src.head_seqid;
        self.size = src.size;
        self.inuse.clone_from(&src.inuse);
        self.miss.clone_from(&src.miss);
        for it in self.items.iter_mut() {
            if let Some(b) = it.take() {
                pool.put(b);
            }
        }
        self.items.resize_with(src.items.len(), || None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_add_get_release() {
        let mut pool = BufPool::new(8);
        let mut q = SortQueue::new(16, 0);
        assert!(q.in_range(0));
        assert!(q.in_range(15));
        assert!(!q.in_range(16));
        assert!(q.get(3).is_none());
        q.add(3, b"three".to_vec());
        assert!(q.inuse(3));
        assert_eq!(q.get(3), Some(&b"three"[..]));
        assert_eq!(q.miss_count(4), 1);
        assert_eq!(q.miss_count(4), 2);
        q.release(3, &mut pool);
        assert!(!q.in_range(3));
        assert!(q.in_range(4));
        assert!(q.in_range(19));
        assert!(!q.in_range(20));
        assert!(!q.inuse(4));
        // Release cleared the miss counters of released slots only.
        assert_eq!(q.miss_count(4), 3);
        q.add(19, b"x".to_vec());
        assert_eq!(q.get(19), Some(&b"x"[..]));
    }

    #[test]
    fn wrapping_release_keeps_miss_counters_like_the_original() {
        let mut pool = BufPool::new(8);
        let mut q = SortQueue::new(8, 0);
        q.release(5, &mut pool);
        // head is at 6; seq 7 sits at position 7, seq 9 at position 1.
        q.miss_count(9);
        q.add(7, vec![7]);
        q.release(10, &mut pool);
        assert!(!q.inuse(7));
        // Position 1 (seq 9) wrapped: its miss counter survived, now seq 17.
        assert_eq!(q.miss_count(17), 2);
    }

    #[test]
    fn rollover_window() {
        let q = SortQueue::new(16384, 0xffff_ff00);
        assert!(q.in_range(0xffff_ff00));
        assert!(q.in_range(5));
        assert!(!q.in_range(0xffff_fe00));
    }

    #[test]
    fn copy_marks_only() {
        let mut pool = BufPool::new(8);
        let mut a = SortQueue::new(8, 0);
        a.add(1, vec![1]);
        let mut b = SortQueue::new(8, 0);
        b.add(2, vec![2]);
        b.copy_marks_from(&a, &mut pool);
        assert!(b.inuse(1));
        assert!(!b.inuse(2));
        assert!(b.get(1).is_none());
    }
}
