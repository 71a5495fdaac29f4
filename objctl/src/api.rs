//! A safe face on the libconfdb calls the tool makes. Errors are the raw
//! `cs_error_t` numbers the tool prints.

use std::ffi::{CString, c_char, c_int, c_void};

use confdb as lib;

pub type Res<T> = Result<T, i32>;

pub const OK: i32 = 1;
pub const ROOT: u64 = 0xFFFF_FFFF_0000_0000;
pub const TRACK_DEPTH_RECURSIVE: u32 = 1;
pub const VALUETYPE_STRING: c_int = 8;
const DISPATCH_ALL: c_int = 2;
const NAME_BUF: usize = 4096;

fn check(e: corosync_wire::CsError) -> Res<()> {
    if e.0 == OK { Ok(()) } else { Err(e.0) }
}

fn cstring(b: &[u8]) -> CString {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    // Cannot fail: cut at the first NUL.
    CString::new(&b[..end]).unwrap_or_default()
}

/// One confdb connection (or standalone database).
pub struct Confdb(u64);

impl Confdb {
    pub fn initialize(cb: &lib::Callbacks) -> Res<Confdb> {
        let mut h = 0u64;
        // SAFETY: valid out-pointer and callbacks structure.
        check(unsafe { lib::confdb_initialize(&mut h, cb) })?;
        Ok(Confdb(h))
    }

    pub fn finalize(&self) -> Res<()> {
        // SAFETY: plain call with our handle.
        check(unsafe { lib::confdb_finalize(self.0) })
    }

    pub fn fd(&self) -> Res<c_int> {
        let mut fd = -1;
        // SAFETY: valid out-pointer.
        check(unsafe { lib::confdb_fd_get(self.0, &mut fd) })?;
        Ok(fd)
    }

    pub fn dispatch_all(&self) -> Res<()> {
        // SAFETY: plain call with our handle.
        check(unsafe { lib::confdb_dispatch(self.0, DISPATCH_ALL) })
    }

    pub fn track(&self, object: u64, depth: u32) -> Res<()> {
        // SAFETY: plain call with our handle.
        check(unsafe { lib::confdb_track_changes(self.0, object, depth) })
    }

    pub fn stop_track(&self) -> Res<()> {
        // SAFETY: plain call with our handle.
        check(unsafe { lib::confdb_stop_track_changes(self.0) })
    }

    pub fn find_start(&self, parent: u64) -> Res<()> {
        // SAFETY: plain call with our handle.
        check(unsafe { lib::confdb_object_find_start(self.0, parent) })
    }

    /// The handle the library reports comes back even on failure, as the
    /// original tool goes on with it.
    pub fn find(&self, parent: u64, name: &[u8]) -> (Res<()>, u64) {
        let mut h = 0u64;
        // SAFETY: name is readable for its length; valid out-pointer.
        let e = unsafe {
            lib::confdb_object_find(self.0, parent, name.as_ptr().cast(), name.len(), &mut h)
        };
        (check(e), h)
    }

    pub fn create(&self, parent: u64, name: &[u8]) -> (Res<()>, u64) {
        let mut h = 0u64;
        // SAFETY: as above.
        let e = unsafe {
            lib::confdb_object_create(self.0, parent, name.as_ptr().cast(), name.len(), &mut h)
        };
        (check(e), h)
    }

    pub fn destroy(&self, object: u64) -> Res<()> {
        // SAFETY: plain call with our handle.
        check(unsafe { lib::confdb_object_destroy(self.0, object) })
    }

    pub fn key_iter_start(&self, object: u64) -> Res<()> {
        // SAFETY: plain call with our handle.
        check(unsafe { lib::confdb_key_iter_start(self.0, object) })
    }

    /// The next key: name, value and type.
    pub fn key_iter_typed2(&self, object: u64) -> Res<(Vec<u8>, Vec<u8>, c_int)> {
        let mut name = vec![0u8; NAME_BUF];
        let mut value: *mut c_void = std::ptr::null_mut();
        let (mut len, mut ty) = (0usize, 0 as c_int);
        // SAFETY: a 4096-byte name buffer; the library allocates the value.
        let e = unsafe {
            lib::confdb_key_iter_typed2(
                self.0,
                object,
                name.as_mut_ptr().cast::<c_char>(),
                &mut value,
                &mut len,
                &mut ty,
            )
        };
        let v = if value.is_null() {
            Vec::new()
        } else {
            // SAFETY: the library filled `len` bytes of a malloc'd block
            // that we now own and free.
            let v = unsafe { std::slice::from_raw_parts(value.cast::<u8>(), len) }.to_vec();
            // SAFETY: as above.
            unsafe { libc::free(value) };
            v
        };
        check(e)?;
        let end = name.iter().position(|&c| c == 0).unwrap_or(name.len());
        name.truncate(end);
        Ok((name, v, ty))
    }

    pub fn object_iter_start(&self, object: u64) -> Res<()> {
        // SAFETY: plain call with our handle.
        check(unsafe { lib::confdb_object_iter_start(self.0, object) })
    }

    pub fn object_iter(&self, parent: u64) -> Res<(u64, Vec<u8>)> {
        let mut name = vec![0u8; NAME_BUF];
        let (mut h, mut len) = (0u64, 0usize);
        // SAFETY: a 4096-byte buffer for a name of at most 256 bytes.
        let e = unsafe {
            lib::confdb_object_iter(self.0, parent, &mut h, name.as_mut_ptr().cast(), &mut len)
        };
        check(e)?;
        name.truncate(len.min(NAME_BUF));
        Ok((h, name))
    }

    /// The current value of a key (copied into a 4096-byte buffer, as the
    /// tool does).
    pub fn key_get_typed2(&self, object: u64, key: &[u8]) -> Res<Vec<u8>> {
        let key = cstring(key);
        let mut buf = vec![0u8; NAME_BUF.max(64 * 1024)];
        let mut p: *mut c_void = buf.as_mut_ptr().cast();
        let (mut len, mut ty) = (0usize, 0 as c_int);
        // SAFETY: a C string key and a buffer larger than any value the
        // executive's reply can carry.
        let e = unsafe {
            lib::confdb_key_get_typed2(self.0, object, key.as_ptr(), &mut p, &mut len, &mut ty)
        };
        check(e)?;
        buf.truncate(len.min(buf.len()));
        Ok(buf)
    }

    pub fn key_replace(&self, object: u64, key: &[u8], old: &[u8], new: &[u8]) -> Res<()> {
        // SAFETY: every buffer is readable for the length passed.
        check(unsafe {
            lib::confdb_key_replace(
                self.0,
                object,
                key.as_ptr().cast(),
                key.len(),
                old.as_ptr().cast(),
                old.len(),
                new.as_ptr().cast(),
                new.len(),
            )
        })
    }

    pub fn key_create_typed(&self, object: u64, key: &[u8], value: &[u8], ty: c_int) -> Res<()> {
        let key = cstring(key);
        // SAFETY: a C string key and a readable value.
        check(unsafe {
            lib::confdb_key_create_typed(
                self.0,
                object,
                key.as_ptr(),
                value.as_ptr().cast(),
                value.len(),
                ty,
            )
        })
    }

    pub fn key_delete(&self, object: u64, key: &[u8], value: &[u8]) -> Res<()> {
        // SAFETY: readable buffers of these lengths.
        check(unsafe {
            lib::confdb_key_delete(
                self.0,
                object,
                key.as_ptr().cast(),
                key.len(),
                value.as_ptr().cast(),
                value.len(),
            )
        })
    }
}
