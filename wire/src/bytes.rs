//! Bounds-checked access to native-endian integers at fixed offsets.
//!
//! Client IPC is always in the host's byte order. Executive messages are in
//! the sender's byte order; a receiver that learned from totem that the
//! sender's order differs reads them through a [`Reader`] with `swap` set.

use crate::error::DecodeError;

/// A read-only view over untrusted bytes.
#[derive(Clone, Copy, Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
    swap: bool,
}

impl<'a> Reader<'a> {
    /// Reads in the host's byte order.
    pub fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf, swap: false }
    }

    /// Reads in the foreign byte order when `swap` is set.
    pub fn with_swap(buf: &'a [u8], swap: bool) -> Reader<'a> {
        Reader { buf, swap }
    }

    pub fn len(&self) -> usize {
        self.buf.len()
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    pub fn bytes(&self) -> &'a [u8] {
        self.buf
    }

    pub fn swapped(&self) -> bool {
        self.swap
    }

    /// Fails unless at least `need` bytes are present.
    pub fn require(&self, need: usize, what: &'static str) -> Result<(), DecodeError> {
        if self.buf.len() < need {
            Err(DecodeError::Truncated {
                what,
                need,
                have: self.buf.len(),
            })
        } else {
            Ok(())
        }
    }

    pub fn slice(&self, off: usize, len: usize) -> Result<&'a [u8], DecodeError> {
        let end = off.checked_add(len).ok_or(DecodeError::Truncated {
            what: "field",
            need: usize::MAX,
            have: self.buf.len(),
        })?;
        self.buf.get(off..end).ok_or(DecodeError::Truncated {
            what: "field",
            need: end,
            have: self.buf.len(),
        })
    }

    fn array<const N: usize>(&self, off: usize) -> Result<[u8; N], DecodeError> {
        let s = self.slice(off, N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    pub fn u8(&self, off: usize) -> Result<u8, DecodeError> {
        Ok(self.array::<1>(off)?[0])
    }

    pub fn u16(&self, off: usize) -> Result<u16, DecodeError> {
        let v = u16::from_ne_bytes(self.array(off)?);
        Ok(if self.swap { v.swap_bytes() } else { v })
    }

    pub fn u32(&self, off: usize) -> Result<u32, DecodeError> {
        let v = u32::from_ne_bytes(self.array(off)?);
        Ok(if self.swap { v.swap_bytes() } else { v })
    }

    pub fn i32(&self, off: usize) -> Result<i32, DecodeError> {
        Ok(self.u32(off)? as i32)
    }

    pub fn u64(&self, off: usize) -> Result<u64, DecodeError> {
        let v = u64::from_ne_bytes(self.array(off)?);
        Ok(if self.swap { v.swap_bytes() } else { v })
    }
}

/// Writes native-endian integers at fixed offsets of a zeroed buffer.
#[derive(Debug)]
pub struct Writer<'a> {
    buf: &'a mut [u8],
}

impl<'a> Writer<'a> {
    pub fn new(buf: &'a mut [u8]) -> Writer<'a> {
        Writer { buf }
    }

    /// Panics only on a programming error (offset outside a buffer this
    /// crate sized itself); never on received data.
    pub fn put(&mut self, off: usize, bytes: &[u8]) {
        self.buf[off..off + bytes.len()].copy_from_slice(bytes);
    }

    pub fn u16(&mut self, off: usize, v: u16) {
        self.put(off, &v.to_ne_bytes());
    }

    pub fn u32(&mut self, off: usize, v: u32) {
        self.put(off, &v.to_ne_bytes());
    }

    pub fn i32(&mut self, off: usize, v: i32) {
        self.put(off, &v.to_ne_bytes());
    }

    pub fn u64(&mut self, off: usize, v: u64) {
        self.put(off, &v.to_ne_bytes());
    }
}

/// Rounds up to the next multiple of 8, the alignment of every IPC record.
pub const fn align8(n: usize) -> usize {
    (n + 7) & !7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_native_and_swapped_integers() {
        let b = 0x1122_3344u32.to_ne_bytes();
        assert_eq!(Reader::new(&b).u32(0).unwrap(), 0x1122_3344);
        assert_eq!(Reader::with_swap(&b, true).u32(0).unwrap(), 0x4433_2211);
    }

    #[test]
    fn out_of_bounds_read_is_an_error_not_a_panic() {
        let b = [0u8; 3];
        assert!(Reader::new(&b).u32(0).is_err());
        assert!(Reader::new(&b).u32(usize::MAX - 1).is_err());
        assert!(Reader::new(&b).slice(2, usize::MAX).is_err());
    }

    #[test]
    fn align8_rounds_up() {
        assert_eq!(align8(0), 0);
        assert_eq!(align8(1), 8);
        assert_eq!(align8(24), 24);
        assert_eq!(align8(185), 192);
    }
}
