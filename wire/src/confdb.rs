//! The confdb client protocol (`ipc_confdb.h`): library request and
//! response ids, the fixed layouts of every message (LP64, `aligned(8)`
//! members) and helpers to build and read them.
//!
//! Names and values travel in a `mar_name_t`: a 16-bit length at offset 0
//! and 256 value bytes at offset 8 (264 bytes in all). The "2" variants
//! carry values of any length after a fixed part; their `size` is the size
//! of the fixed structure plus the value length.

use crate::bytes::Reader;
use crate::error::{CsError, DecodeError};
use crate::ipc::{RequestHeader, ResponseHeader};

/// `CS_MAX_NAME_LENGTH`: the value capacity of a `mar_name_t`.
pub const MAX_NAME_LENGTH: usize = 256;
/// `sizeof(mar_name_t)`.
pub const NAME_SIZE: usize = 264;

/// `enum req_confdb_types`.
pub mod req {
    pub const OBJECT_CREATE: i32 = 0;
    pub const OBJECT_DESTROY: i32 = 1;
    pub const OBJECT_FIND: i32 = 2;
    pub const KEY_CREATE: i32 = 3;
    pub const KEY_GET: i32 = 4;
    pub const KEY_REPLACE: i32 = 5;
    pub const KEY_DELETE: i32 = 6;
    pub const OBJECT_ITER: i32 = 7;
    pub const OBJECT_PARENT_GET: i32 = 8;
    pub const KEY_ITER: i32 = 9;
    pub const TRACK_START: i32 = 10;
    pub const TRACK_STOP: i32 = 11;
    pub const WRITE: i32 = 12;
    pub const RELOAD: i32 = 13;
    pub const OBJECT_FIND_DESTROY: i32 = 14;
    pub const KEY_INCREMENT: i32 = 15;
    pub const KEY_DECREMENT: i32 = 16;
    pub const KEY_CREATE_TYPED: i32 = 17;
    pub const KEY_GET_TYPED: i32 = 18;
    pub const KEY_ITER_TYPED: i32 = 19;
    pub const OBJECT_NAME_GET: i32 = 20;
    pub const KEY_ITER_TYPED2: i32 = 21;
    pub const KEY_REPLACE2: i32 = 22;
    pub const KEY_GET_TYPED2: i32 = 23;
    pub const KEY_CREATE_TYPED2: i32 = 24;
    /// Number of library functions.
    pub const COUNT: usize = 25;
}

/// `enum res_confdb_types`.
pub mod res {
    pub const OBJECT_CREATE: i32 = 0;
    pub const OBJECT_DESTROY: i32 = 1;
    pub const OBJECT_FIND: i32 = 2;
    pub const KEY_CREATE: i32 = 3;
    pub const KEY_GET: i32 = 4;
    pub const KEY_REPLACE: i32 = 5;
    pub const KEY_DELETE: i32 = 6;
    pub const OBJECT_ITER: i32 = 7;
    pub const OBJECT_PARENT_GET: i32 = 8;
    pub const KEY_ITER: i32 = 9;
    pub const TRACK_START: i32 = 10;
    pub const TRACK_STOP: i32 = 11;
    pub const KEY_CHANGE_CALLBACK: i32 = 12;
    pub const OBJECT_CREATE_CALLBACK: i32 = 13;
    pub const OBJECT_DESTROY_CALLBACK: i32 = 14;
    pub const WRITE: i32 = 15;
    pub const RELOAD: i32 = 16;
    pub const OBJECT_FIND_DESTROY: i32 = 17;
    pub const KEY_INCREMENT: i32 = 18;
    pub const KEY_DECREMENT: i32 = 19;
    pub const KEY_GET_TYPED: i32 = 20;
    pub const KEY_ITER_TYPED: i32 = 21;
    pub const RELOAD_CALLBACK: i32 = 22;
    pub const OBJECT_NAME_GET: i32 = 23;
    pub const KEY_ITER_TYPED2: i32 = 24;
    pub const KEY_GET_TYPED2: i32 = 25;
    pub const KEY_CHANGE_CALLBACK2: i32 = 26;
}

/// Structure sizes and field offsets.
pub mod layout {
    /// `req_lib_confdb_object_create`: parent handle @16, name @24.
    pub const OBJECT_CREATE_REQ: usize = 288;
    /// `res_lib_confdb_object_create`, `res_lib_confdb_object_parent_get`:
    /// handle @24.
    pub const HANDLE_RES: usize = 32;
    /// Requests with one handle @16 (destroy, parent get, name get, find
    /// destroy).
    pub const HANDLE_REQ: usize = 24;
    /// `req_lib_confdb_key_create` / `_key_delete`: handle @16, key @24,
    /// value @288.
    pub const KEY_CREATE_REQ: usize = 552;
    /// `req_lib_confdb_key_create_typed`: as above plus type @552.
    pub const KEY_CREATE_TYPED_REQ: usize = 560;
    /// `req_lib_confdb_key_create_typed2`: handle @16, key @24, type @288,
    /// value length @296, value @304.
    pub const KEY_CREATE_TYPED2_REQ: usize = 312;
    pub const KEY_CREATE_TYPED2_VALUE: usize = 304;
    /// `req_lib_confdb_key_replace`: handle @16, key @24, old @288, new @552.
    pub const KEY_REPLACE_REQ: usize = 816;
    /// `req_lib_confdb_key_replace2`: handle @16, key @24, length @288,
    /// value @296.
    pub const KEY_REPLACE2_REQ: usize = 304;
    pub const KEY_REPLACE2_VALUE: usize = 296;
    /// `req_lib_confdb_object_find`: parent @16, name @24, find handle @288.
    pub const OBJECT_FIND_REQ: usize = 296;
    /// `res_lib_confdb_object_find`: object @24, find handle @32.
    pub const OBJECT_FIND_RES: usize = 40;
    /// `req_lib_confdb_object_iter`: parent @16, find handle @24. Also
    /// `req_lib_confdb_key_iter` (parent @16, next entry @24).
    pub const ITER_REQ: usize = 32;
    /// `res_lib_confdb_object_iter`: name @24, object @288, find @296.
    pub const OBJECT_ITER_RES: usize = 304;
    /// `res_lib_confdb_key_iter`: key @24, value @288.
    pub const KEY_ITER_RES: usize = 552;
    /// `res_lib_confdb_key_iter_typed`: plus type @552.
    pub const KEY_ITER_TYPED_RES: usize = 560;
    /// `res_lib_confdb_key_iter_typed2`: key @24, type @288, length @296,
    /// value @304.
    pub const KEY_ITER_TYPED2_RES: usize = 312;
    pub const KEY_ITER_TYPED2_VALUE: usize = 304;
    /// `req_lib_confdb_key_get`: handle @16, key @24.
    pub const KEY_GET_REQ: usize = 288;
    /// `res_lib_confdb_key_get`, `res_lib_confdb_write`,
    /// `res_lib_confdb_reload`, `res_lib_confdb_object_name_get`: name @24.
    pub const NAME_RES: usize = 288;
    /// `res_lib_confdb_key_get_typed`: value @24, type @288.
    pub const KEY_GET_TYPED_RES: usize = 296;
    /// `res_lib_confdb_key_get_typed2`: type @24, length @32, value @40.
    pub const KEY_GET_TYPED2_RES: usize = 48;
    pub const KEY_GET_TYPED2_VALUE: usize = 40;
    /// `res_lib_confdb_key_incdec`: value @24.
    pub const INCDEC_RES: usize = 32;
    /// `req_lib_confdb_reload` (a response header!): flush @24.
    pub const RELOAD_REQ: usize = 32;
    /// `res_lib_confdb_key_change_callback2`: change type @24, parent @32,
    /// object @40, object name @48, key name @312, length @576, value @584.
    pub const KEY_CHANGE_CB2: usize = 592;
    pub const KEY_CHANGE_CB2_VALUE: usize = 584;
    /// `res_lib_confdb_key_change_callback`: ... key value (a name) @576.
    pub const KEY_CHANGE_CB: usize = 840;
    /// `res_lib_confdb_object_create_callback`: parent @24, object @32,
    /// name @40.
    pub const OBJECT_CREATE_CB: usize = 304;
    /// `res_lib_confdb_object_destroy_callback`: parent @24, name @32.
    pub const OBJECT_DESTROY_CB: usize = 296;
    /// `res_lib_confdb_reload_callback`: type @24.
    pub const RELOAD_CB: usize = 32;
    /// `req_lib_confdb_object_track_start`: handle @16, flags @24.
    pub const TRACK_START_REQ: usize = 32;
}

/// A message under construction: zero-filled, fixed size, with the header
/// already in place.
#[derive(Clone, Debug)]
pub struct Msg(pub Vec<u8>);

impl Msg {
    /// A request of `size` bytes with id `id`.
    pub fn request(size: usize, id: i32) -> Msg {
        let mut m = Msg(vec![0; size]);
        m.0[..RequestHeader::SIZE].copy_from_slice(
            &RequestHeader {
                size: size as i32,
                id,
            }
            .to_bytes(),
        );
        m
    }

    /// A response (or callback) of `size` bytes.
    pub fn response(size: usize, id: i32, error: CsError) -> Msg {
        let mut m = Msg(vec![0; size]);
        m.0[..ResponseHeader::SIZE]
            .copy_from_slice(&ResponseHeader::new(size, id, error).to_bytes());
        m
    }

    fn ensure(&mut self, end: usize) {
        if self.0.len() < end {
            self.0.resize(end, 0);
        }
    }

    pub fn u32(&mut self, off: usize, v: u32) -> &mut Msg {
        self.ensure(off + 4);
        self.0[off..off + 4].copy_from_slice(&v.to_ne_bytes());
        self
    }

    pub fn i32(&mut self, off: usize, v: i32) -> &mut Msg {
        self.u32(off, v as u32)
    }

    pub fn u64(&mut self, off: usize, v: u64) -> &mut Msg {
        self.ensure(off + 8);
        self.0[off..off + 8].copy_from_slice(&v.to_ne_bytes());
        self
    }

    /// A `mar_name_t` at `off`; at most 256 bytes of `v` fit.
    pub fn name(&mut self, off: usize, v: &[u8]) -> &mut Msg {
        let n = v.len().min(MAX_NAME_LENGTH);
        self.ensure(off + NAME_SIZE);
        self.0[off..off + 2].copy_from_slice(&(n as u16).to_ne_bytes());
        self.0[off + 8..off + 8 + n].copy_from_slice(&v[..n]);
        self
    }

    /// A `mar_name_t` whose length field says `len` while only the bytes
    /// that fit are copied (the original sends key lengths like that).
    pub fn name_len(&mut self, off: usize, v: &[u8], len: u16) -> &mut Msg {
        self.name(off, v);
        self.0[off..off + 2].copy_from_slice(&len.to_ne_bytes());
        self
    }

    /// Raw bytes at `off`, growing the message.
    pub fn bytes(&mut self, off: usize, v: &[u8]) -> &mut Msg {
        self.ensure(off + v.len());
        self.0[off..off + v.len()].copy_from_slice(v);
        self
    }

    /// Sets the header's size field to the current length.
    pub fn fix_size(&mut self) -> &mut Msg {
        let n = self.0.len() as i32;
        self.0[..4].copy_from_slice(&n.to_ne_bytes());
        self
    }

    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }
}

/// Reads the `mar_name_t` at `off`: the bytes its length names, bounded by
/// the 256 value bytes (a longer length is clamped, never trusted).
pub fn read_name<'a>(r: &Reader<'a>, off: usize) -> Result<&'a [u8], DecodeError> {
    let len = (r.u16(off)? as usize).min(MAX_NAME_LENGTH);
    r.slice(off + 8, len)
}

/// The raw length field of the `mar_name_t` at `off`.
pub fn name_length(r: &Reader<'_>, off: usize) -> Result<u16, DecodeError> {
    r.u16(off)
}

/// The error field of a response header.
pub fn response_error(b: &[u8]) -> CsError {
    if b.len() < ResponseHeader::SIZE {
        return CsError::LIBRARY;
    }
    CsError(i32::from_ne_bytes([b[16], b[17], b[18], b[19]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_clamp() {
        let mut m = Msg::request(layout::OBJECT_CREATE_REQ, req::OBJECT_CREATE);
        m.u64(16, 7).name(24, b"totem");
        let r = Reader::new(&m.0);
        assert_eq!(r.u64(16).unwrap(), 7);
        assert_eq!(read_name(&r, 24).unwrap(), b"totem");
        let mut bad = m.clone();
        bad.0[24..26].copy_from_slice(&1000u16.to_ne_bytes());
        let r = Reader::new(&bad.0);
        assert_eq!(read_name(&r, 24).unwrap().len(), MAX_NAME_LENGTH);
    }

    #[test]
    fn typed2_messages_grow() {
        let mut m = Msg::response(layout::KEY_GET_TYPED2_RES, res::KEY_GET_TYPED2, CsError::OK);
        m.bytes(layout::KEY_GET_TYPED2_VALUE, &[1; 100]);
        m.0.resize(layout::KEY_GET_TYPED2_RES + 100, 0);
        m.fix_size();
        assert_eq!(Reader::new(&m.0).i32(0).unwrap(), 148);
        assert_eq!(response_error(&m.0), CsError::OK);
    }
}
