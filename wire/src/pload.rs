//! The profile loading protocol (service 13): one library request that
//! makes every node multicast a number of fixed-size messages, and the two
//! executive messages (`START`, `MCAST`).
//!
//! The executive never answers the library's start request.

use crate::bytes::{Reader, Writer};
use crate::error::DecodeError;
use crate::exec::make_id;
use crate::ipc::{RequestHeader, ServiceId};

/// Request ids.
pub mod req {
    pub const START: i32 = 0;
}

/// Executive message function ids.
pub mod exec_fn {
    pub const START: u16 = 0;
    pub const MCAST: u16 = 1;
}

pub mod size {
    /// `req_lib_pload_start`: msg_code 16, msg_size 20, msg_count 24, time_interval 28.
    pub const START_REQUEST: usize = 32;
    /// `res_lib_pload_start`: header and a 1024-entry dataset (never sent).
    pub const START_RESPONSE: usize = 24 + 4096;
    /// `req_exec_pload_start`: msg_code 16, msg_count 20, msg_size 24, time_interval 28.
    pub const EXEC_START: usize = 32;
    /// `req_exec_pload_mcast`: msg_code at 16 (24 bytes with padding).
    pub const EXEC_MCAST: usize = 24;
}

/// The library's start request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Start {
    pub msg_code: u32,
    pub msg_size: u32,
    pub msg_count: u32,
    pub time_interval: u32,
}

impl Start {
    pub fn encode_request(&self) -> [u8; size::START_REQUEST] {
        let mut b = [0u8; size::START_REQUEST];
        let mut w = Writer::new(&mut b);
        RequestHeader {
            size: size::START_REQUEST as i32,
            id: req::START,
        }
        .encode(&mut w);
        w.u32(16, self.msg_code);
        w.u32(20, self.msg_size);
        w.u32(24, self.msg_count);
        w.u32(28, self.time_interval);
        b
    }

    pub fn decode_request(buf: &[u8]) -> Result<Start, DecodeError> {
        let r = Reader::new(buf);
        r.require(size::START_REQUEST, "pload start request")?;
        Ok(Start {
            msg_code: r.u32(16)?,
            msg_size: r.u32(20)?,
            msg_count: r.u32(24)?,
            time_interval: r.u32(28)?,
        })
    }

    /// The executive message (note the count and size fields trade places
    /// relative to the library request).
    pub fn encode_exec(&self) -> [u8; size::EXEC_START] {
        let mut b = [0u8; size::EXEC_START];
        let mut w = Writer::new(&mut b);
        RequestHeader {
            size: size::EXEC_START as i32,
            id: make_id(ServiceId::PLOAD, exec_fn::START),
        }
        .encode(&mut w);
        w.u32(16, self.msg_code);
        w.u32(20, self.msg_count);
        w.u32(24, self.msg_size);
        w.u32(28, self.time_interval);
        b
    }

    /// Decodes the executive message. Its fields are never byte-swapped
    /// (the protocol defines no conversion for them).
    pub fn decode_exec(buf: &[u8]) -> Result<Start, DecodeError> {
        let r = Reader::new(buf);
        r.require(size::EXEC_START, "pload exec start")?;
        Ok(Start {
            msg_code: r.u32(16)?,
            msg_count: r.u32(20)?,
            msg_size: r.u32(24)?,
            time_interval: r.u32(28)?,
        })
    }
}

/// The fixed part of a load message of `msg_size` bytes in all. The header
/// claims `24 + msg_size` bytes while `max(24, msg_size)` are sent (zeros
/// after the fixed part), as every node of the cluster does.
pub fn mcast_header(msg_code: u32, msg_size: u32) -> [u8; size::EXEC_MCAST] {
    let mut b = [0u8; size::EXEC_MCAST];
    let mut w = Writer::new(&mut b);
    RequestHeader {
        size: (size::EXEC_MCAST as u32).wrapping_add(msg_size) as i32,
        id: make_id(ServiceId::PLOAD, exec_fn::MCAST),
    }
    .encode(&mut w);
    w.u32(16, msg_code);
    b
}

/// Bytes of zero padding that follow [`mcast_header`].
pub fn mcast_padding(msg_size: u32) -> usize {
    (msg_size as usize).saturating_sub(size::EXEC_MCAST)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_request_and_exec_message() {
        let s = Start {
            msg_code: 1,
            msg_size: 300,
            msg_count: 1500000,
            time_interval: 0,
        };
        let req = s.encode_request();
        assert_eq!(Start::decode_request(&req).unwrap(), s);
        let ex = s.encode_exec();
        assert_eq!(u32::from_ne_bytes(ex[20..24].try_into().unwrap()), 1500000);
        assert_eq!(i32::from_ne_bytes(ex[8..12].try_into().unwrap()), 13 << 16);
        assert_eq!(Start::decode_exec(&ex).unwrap(), s);
        assert!(Start::decode_exec(&ex[..31]).is_err());
    }

    #[test]
    fn mcast_sizes() {
        let h = mcast_header(9, 300);
        assert_eq!(i32::from_ne_bytes(h[0..4].try_into().unwrap()), 324);
        assert_eq!(mcast_padding(300), 276);
        assert_eq!(mcast_padding(10), 0);
    }
}
