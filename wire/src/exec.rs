//! The executive message layer: every service's messages between hosts
//! travel in totempg group "a", each starting with a 16-byte request header
//! whose id is `(service << 16) | function`.

use crate::bytes::Reader;
use crate::error::DecodeError;
use crate::ipc::{RequestHeader, ServiceId};

/// The totempg group every service engine shares.
pub const GROUP_MAIN: &[u8] = b"a";

/// Builds the header id of an executive message.
pub const fn make_id(service: ServiceId, function: u16) -> i32 {
    ((service.0 << 16) | function as u32) as i32
}

/// The decoded framing of one executive message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExecHeader {
    /// Total length claimed by the sender.
    pub size: u32,
    pub service: ServiceId,
    pub function: u16,
}

impl ExecHeader {
    /// Decodes the framing, byte-swapping when totem reported a
    /// foreign-endian sender. The claimed size must fit in the delivered
    /// bytes; services still check their own minimum lengths.
    pub fn decode(buf: &[u8], swap: bool) -> Result<ExecHeader, DecodeError> {
        let r = Reader::with_swap(buf, swap);
        let h = RequestHeader::decode(&r)?;
        let size = h.size as u32;
        if (size as usize) < RequestHeader::SIZE || size as usize > buf.len() {
            return Err(DecodeError::BadLength {
                what: "exec message size",
                value: size as u64,
            });
        }
        let id = h.id as u32;
        Ok(ExecHeader {
            size,
            service: ServiceId(id >> 16),
            function: (id & 0xffff) as u16,
        })
    }
}

impl ExecHeader {
    /// Decodes the framing without trusting the claimed size: for the
    /// services whose senders put a size in the header that differs from
    /// what they send. `size` becomes the delivered length.
    pub fn decode_unchecked_size(buf: &[u8], swap: bool) -> Result<ExecHeader, DecodeError> {
        let r = Reader::with_swap(buf, swap);
        let h = RequestHeader::decode(&r)?;
        let id = h.id as u32;
        Ok(ExecHeader {
            size: buf.len() as u32,
            service: ServiceId(id >> 16),
            function: (id & 0xffff) as u16,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_packs_service_and_function() {
        assert_eq!(make_id(ServiceId::CPG, 3), 0x0008_0003);
        let mut b = [0u8; 16];
        b[0..4].copy_from_slice(&16i32.to_ne_bytes());
        b[8..12].copy_from_slice(&make_id(ServiceId::CPG, 5).to_ne_bytes());
        let h = ExecHeader::decode(&b, false).unwrap();
        assert_eq!(h.service, ServiceId::CPG);
        assert_eq!(h.function, 5);
    }

    #[test]
    fn size_larger_than_delivered_bytes_is_refused() {
        let mut b = [0u8; 16];
        b[0..4].copy_from_slice(&17i32.to_ne_bytes());
        assert!(ExecHeader::decode(&b, false).is_err());
    }

    #[test]
    fn unchecked_size_takes_the_delivered_length() {
        let mut b = [0u8; 24];
        b[0..4].copy_from_slice(&324i32.to_ne_bytes());
        b[8..12].copy_from_slice(&make_id(ServiceId::PLOAD, 1).to_ne_bytes());
        let h = ExecHeader::decode_unchecked_size(&b, false).unwrap();
        assert_eq!((h.service, h.function, h.size), (ServiceId::PLOAD, 1, 24));
        assert!(ExecHeader::decode_unchecked_size(&b[..15], false).is_err());
    }

    #[test]
    fn foreign_endian_header_is_swapped() {
        let mut b = [0u8; 16];
        b[0..4].copy_from_slice(&16i32.swap_bytes().to_ne_bytes());
        b[8..12].copy_from_slice(&make_id(ServiceId::CPG, 1).swap_bytes().to_ne_bytes());
        let h = ExecHeader::decode(&b, true).unwrap();
        assert_eq!((h.service, h.function, h.size), (ServiceId::CPG, 1, 16));
    }
}
