//! A free list of byte buffers, so that the hot path (queueing, sending,
//! storing and delivering messages) reuses allocations.

/// Buffers larger than this are not kept (a reassembled 1 MiB message
/// should not pin its memory).
const KEEP_CAPACITY_MAX: usize = 64 * 1024;

#[derive(Debug, Default)]
pub(crate) struct BufPool {
    bufs: Vec<Vec<u8>>,
    max: usize,
}

impl BufPool {
    pub(crate) fn new(max: usize) -> BufPool {
        BufPool {
            bufs: Vec::new(),
            max,
        }
    }

    /// An empty buffer, recycled when one is available.
    pub(crate) fn take(&mut self) -> Vec<u8> {
        self.bufs.pop().unwrap_or_default()
    }

    /// A buffer holding a copy of `data`.
    pub(crate) fn copy_of(&mut self, data: &[u8]) -> Vec<u8> {
        let mut b = self.take();
        b.extend_from_slice(data);
        b
    }

    /// Returns a buffer for reuse.
    pub(crate) fn put(&mut self, mut buf: Vec<u8>) {
        if self.bufs.len() < self.max && buf.capacity() <= KEEP_CAPACITY_MAX && buf.capacity() > 0 {
            buf.clear();
            self.bufs.push(buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recycles_up_to_the_limit() {
        let mut p = BufPool::new(1);
        let b = p.copy_of(b"abc");
        assert_eq!(b, b"abc");
        let cap = b.capacity();
        p.put(b);
        p.put(vec![1, 2]);
        let again = p.take();
        assert!(again.is_empty());
        assert_eq!(again.capacity(), cap);
        assert!(p.take().is_empty());
        p.put(Vec::with_capacity(KEEP_CAPACITY_MAX + 1));
        assert_eq!(p.take().capacity(), 0);
    }
}
