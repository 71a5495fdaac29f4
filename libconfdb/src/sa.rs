//! The standalone mode: with `COROSYNC_DEFAULT_CONFIG_IFACE` set, the
//! library loads the configuration into an object database of its own
//! (with the loaders that variable names) and serves every call from it,
//! without an executive. The `confdb_sa_*` functions are the entry points,
//! exported as the 1.4 library exports them; like the originals they return
//! 0 on success and -1 on failure.

use std::ffi::{CStr, c_char, c_int, c_void};
use std::sync::Mutex;

use coroconfig::{ChainOutcome, LoaderRegistry, ParserPaths, config_iface_from_env};
use corosync_wire::CsError;
use objdb::{FindHandle, ObjDb, ObjectHandle, ValueType};

struct SaState {
    db: ObjDb,
    loaders: LoaderRegistry,
    chain: ChainOutcome,
}

static SA: Mutex<Option<SaState>> = Mutex::new(None);

fn with_db<R>(f: impl FnOnce(&mut SaState) -> Option<R>) -> Option<R> {
    let mut g = SA.lock().unwrap_or_else(|p| p.into_inner());
    f(g.as_mut()?)
}

/// Runs `f` on the standalone database; -1 when it fails or none is
/// loaded.
fn run(f: impl FnOnce(&mut SaState) -> Option<()>) -> c_int {
    if with_db(f).is_some() { 0 } else { -1 }
}

/// # Safety
/// `p` must be null or valid for `len` bytes.
unsafe fn bytes<'a>(p: *const c_void, len: usize) -> &'a [u8] {
    if p.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: promised by the caller.
        unsafe { std::slice::from_raw_parts(p.cast(), len) }
    }
}

/// # Safety
/// `p` must be null or a NUL-terminated string.
unsafe fn cstr<'a>(p: *const c_char) -> &'a [u8] {
    if p.is_null() {
        &[]
    } else {
        // SAFETY: promised by the caller.
        unsafe { CStr::from_ptr(p) }.to_bytes()
    }
}

/// # Safety
/// `dst` must be writable for `src.len()` bytes.
unsafe fn copy_out(dst: *mut c_void, src: &[u8]) {
    if !dst.is_null() && !src.is_empty() {
        // SAFETY: promised by the caller.
        unsafe { std::ptr::copy_nonoverlapping(src.as_ptr(), dst.cast::<u8>(), src.len()) };
    }
}

/// # Safety
/// `p` must be null or writable.
unsafe fn store<T>(p: *mut T, v: T) {
    if !p.is_null() {
        // SAFETY: promised by the caller.
        unsafe { p.write(v) };
    }
}

/// Copies `src` into `*value`, allocating `len + 1` bytes with malloc when
/// `*value` is null (the caller frees it), as the 1.4 library does.
///
/// # Safety
/// `value` must be writable; `*value` null or writable for `src.len()`.
pub(crate) unsafe fn copy_alloc(value: *mut *mut c_void, src: &[u8]) -> Result<(), CsError> {
    if value.is_null() {
        return Err(CsError::INVALID_PARAM);
    }
    // SAFETY: promised by the caller.
    let mut dst = unsafe { *value };
    if dst.is_null() {
        // SAFETY: plain allocation, handed to the caller.
        dst = unsafe { libc::malloc(src.len() + 1) };
        if dst.is_null() {
            return Err(CsError::NO_MEMORY);
        }
        // SAFETY: promised by the caller.
        unsafe { *value = dst };
    }
    // SAFETY: dst holds at least src.len() bytes.
    unsafe { copy_out(dst, src) };
    Ok(())
}

/// Copies `text` NUL-terminated into a caller's buffer of `len` bytes.
///
/// # Safety
/// `buf` must be null or writable for `len` bytes.
pub(crate) unsafe fn copy_text(buf: *mut c_char, len: usize, text: &[u8]) {
    if buf.is_null() || len == 0 {
        return;
    }
    let n = text.len().min(len - 1);
    // SAFETY: n + 1 <= len bytes are written.
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), n);
        *buf.add(n) = 0;
    }
}

fn load() -> Option<SaState> {
    let mut db = ObjDb::new();
    let mut loaders = LoaderRegistry::with_defaults(ParserPaths::from_env());
    let chain = loaders.load_chain(&config_iface_from_env(), &mut db).ok()?;
    Some(SaState { db, loaders, chain })
}

capi::export! {
    /// Loads the configuration; `CS_OK` (1) or -1, as the original.
    fn confdb_sa_init() -> c_int [-1] {
        match load() {
            Some(s) => {
                *SA.lock().unwrap_or_else(|p| p.into_inner()) = Some(s);
                CsError::OK.0
            }
            None => -1,
        }
    }

    fn confdb_sa_object_create(
        parent: u64,
        name: *const c_void,
        name_len: usize,
        object: *mut u64,
    ) -> c_int [-1] {
        // SAFETY: the caller passes name_len readable bytes.
        let name = unsafe { bytes(name, name_len) };
        run(|s| {
            let h = s.db.object_create(ObjectHandle::from_raw(parent), name).ok()?;
            // SAFETY: caller-provided storage.
            unsafe { store(object, h.as_raw()) };
            Some(())
        })
    }

    fn confdb_sa_object_destroy(object: u64) -> c_int [-1] {
        run(|s| s.db.object_destroy(ObjectHandle::from_raw(object)).ok())
    }

    fn confdb_sa_object_parent_get(object: u64, parent: *mut u64) -> c_int [-1] {
        run(|s| {
            let p = s.db.object_parent_get(ObjectHandle::from_raw(object)).ok()?;
            // SAFETY: caller-provided storage.
            unsafe { store(parent, p.as_raw()) };
            Some(())
        })
    }

    fn confdb_sa_object_name_get(object: u64, name: *mut c_char, name_len: *mut usize) -> c_int [-1] {
        run(|s| {
            let n = s.db.object_name_get(ObjectHandle::from_raw(object)).ok()?;
            // SAFETY: the caller's buffer holds an object name.
            unsafe {
                copy_out(name.cast(), n);
                store(name_len, n.len());
            }
            Some(())
        })
    }

    fn confdb_sa_key_create(
        parent: u64,
        key: *const c_void,
        key_len: usize,
        value: *const c_void,
        value_len: usize,
    ) -> c_int [-1] {
        // SAFETY: the caller passes readable buffers of these lengths.
        let (key, value) = unsafe { (bytes(key, key_len), bytes(value, value_len)) };
        run(|s| s.db.object_key_create(ObjectHandle::from_raw(parent), key, value).ok())
    }

    fn confdb_sa_key_create_typed(
        parent: u64,
        key: *const c_char,
        value: *const c_void,
        value_len: usize,
        ty: c_int,
    ) -> c_int [-1] {
        // SAFETY: a C string and value_len readable bytes.
        let (key, value) = unsafe { (cstr(key), bytes(value, value_len)) };
        let Some(ty) = ValueType::from_raw(ty as u32) else {
            return -1;
        };
        run(|s| s.db.object_key_create_typed(ObjectHandle::from_raw(parent), key, value, ty).ok())
    }

    fn confdb_sa_key_delete(
        parent: u64,
        key: *const c_void,
        key_len: usize,
        _value: *const c_void,
        _value_len: usize,
    ) -> c_int [-1] {
        // SAFETY: key_len readable bytes.
        let key = unsafe { bytes(key, key_len) };
        run(|s| s.db.object_key_delete(ObjectHandle::from_raw(parent), key).ok())
    }

    fn confdb_sa_key_get(
        parent: u64,
        key: *const c_void,
        key_len: usize,
        value: *mut c_void,
        value_len: *mut usize,
    ) -> c_int [-1] {
        // SAFETY: key_len readable bytes.
        let key = unsafe { bytes(key, key_len) };
        run(|s| {
            let v = s.db.object_key_get(ObjectHandle::from_raw(parent), key).ok()?;
            // SAFETY: the caller's buffer holds the value.
            unsafe {
                store(value_len, v.len());
                copy_out(value, v);
            }
            Some(())
        })
    }

    fn confdb_sa_key_get_typed(
        parent: u64,
        key: *const c_char,
        value: *mut *mut c_void,
        value_len: *mut usize,
        ty: *mut c_int,
    ) -> c_int [-1] {
        // SAFETY: a C string.
        let key = unsafe { cstr(key) };
        let got = with_db(|s| {
            let kv = s.db.object_key_get_typed(ObjectHandle::from_raw(parent), key).ok()?;
            Some((kv.value.to_vec(), kv.ty))
        });
        let Some((v, t)) = got else {
            return -1;
        };
        // SAFETY: caller-provided storage.
        unsafe {
            store(value_len, v.len());
            store(ty, t.as_raw() as c_int);
            match copy_alloc(value, &v) {
                Ok(()) => 0,
                Err(e) => e.0,
            }
        }
    }

    fn confdb_sa_key_replace(
        parent: u64,
        key: *const c_void,
        key_len: usize,
        _old: *const c_void,
        _old_len: usize,
        new: *const c_void,
        new_len: usize,
    ) -> c_int [-1] {
        // SAFETY: readable buffers of these lengths.
        let (key, new) = unsafe { (bytes(key, key_len), bytes(new, new_len)) };
        run(|s| s.db.object_key_replace(ObjectHandle::from_raw(parent), key, new).ok())
    }

    fn confdb_sa_key_increment(parent: u64, key: *const c_void, key_len: usize, value: *mut u32) -> c_int [-1] {
        // SAFETY: key_len readable bytes.
        let key = unsafe { bytes(key, key_len) };
        run(|s| {
            let v = s.db.object_key_increment(ObjectHandle::from_raw(parent), key).ok()?;
            // SAFETY: caller-provided storage.
            unsafe { store(value, v) };
            Some(())
        })
    }

    fn confdb_sa_key_decrement(parent: u64, key: *const c_void, key_len: usize, value: *mut u32) -> c_int [-1] {
        // SAFETY: key_len readable bytes.
        let key = unsafe { bytes(key, key_len) };
        run(|s| {
            let v = s.db.object_key_decrement(ObjectHandle::from_raw(parent), key).ok()?;
            // SAFETY: caller-provided storage.
            unsafe { store(value, v) };
            Some(())
        })
    }

    fn confdb_sa_object_find(
        parent: u64,
        find: *mut u64,
        object: *mut u64,
        name: *const c_void,
        name_len: usize,
    ) -> c_int [-1] {
        // SAFETY: name_len readable bytes.
        let name = unsafe { bytes(name, name_len) };
        if find.is_null() {
            return -1;
        }
        run(|s| {
            // SAFETY: checked non-null; caller-provided storage.
            let mut f = unsafe { *find };
            if f == 0 {
                f = s.db.object_find_create(ObjectHandle::from_raw(parent), name).ok()?.as_raw();
                // SAFETY: as above.
                unsafe { *find = f };
            }
            let h = s.db.object_find_next(FindHandle::from_raw(f)).ok()??;
            // SAFETY: caller-provided storage.
            unsafe { store(object, h.as_raw()) };
            Some(())
        })
    }

    fn confdb_sa_object_iter(
        parent: u64,
        find: *mut u64,
        object: *mut u64,
        name: *const c_void,
        name_len: usize,
        found: *mut c_void,
        found_len: *mut usize,
    ) -> c_int [-1] {
        // SAFETY: name_len readable bytes.
        let name = unsafe { bytes(name, name_len) };
        if find.is_null() {
            return -1;
        }
        run(|s| {
            // SAFETY: checked non-null; caller-provided storage.
            let mut f = unsafe { *find };
            if f == 0 {
                f = s.db.object_find_create(ObjectHandle::from_raw(parent), name).ok()?.as_raw();
                // SAFETY: as above.
                unsafe { *find = f };
            }
            let h = s.db.object_find_next(FindHandle::from_raw(f)).ok()??;
            let n = s.db.object_name_get(h).ok()?;
            // SAFETY: caller-provided storage for a handle and a name.
            unsafe {
                store(object, h.as_raw());
                copy_out(found, n);
                store(found_len, n.len());
            }
            Some(())
        })
    }

    fn confdb_sa_key_iter(
        parent: u64,
        pos: u64,
        key: *mut c_void,
        key_len: *mut usize,
        value: *mut c_void,
        value_len: *mut usize,
    ) -> c_int [-1] {
        run(|s| {
            let k = s.db.object_key_iter_from(ObjectHandle::from_raw(parent), pos).ok()??;
            // SAFETY: caller buffers sized for a key name and value.
            unsafe {
                copy_out(key, k.name);
                store(key_len, k.name.len());
                copy_out(value, k.value);
                store(value_len, k.value.len());
            }
            Some(())
        })
    }

    fn confdb_sa_key_iter_typed(
        parent: u64,
        pos: u64,
        key: *mut c_char,
        value: *mut *mut c_void,
        value_len: *mut usize,
        ty: *mut c_int,
    ) -> c_int [-1] {
        let got = with_db(|s| {
            let k = s.db.object_key_iter_from(ObjectHandle::from_raw(parent), pos).ok()??;
            Some((k.name.to_vec(), k.value.to_vec(), k.ty))
        });
        let Some((name, v, t)) = got else {
            return -1;
        };
        // SAFETY: caller buffers sized for a key name (plus NUL) and value.
        unsafe {
            copy_out(key.cast(), &name);
            if !key.is_null() {
                *key.add(name.len()) = 0;
            }
            store(value_len, v.len());
            store(ty, t.as_raw() as c_int);
            match copy_alloc(value, &v) {
                Ok(()) => 0,
                Err(e) => e.0,
            }
        }
    }

    fn confdb_sa_find_destroy(find: u64) -> c_int [-1] {
        run(|s| s.db.object_find_destroy(FindHandle::from_raw(find)).ok())
    }

    fn confdb_sa_write(error_text: *mut c_char, errbuf_len: usize) -> c_int [-1] {
        let r = with_db(|s| Some(s.loaders.write_chain(&s.chain, &s.db).map_err(|e| e.to_string())));
        let text = match &r {
            Some(Ok(())) => String::new(),
            Some(Err(e)) => e.clone(),
            None => return -1,
        };
        // SAFETY: the caller's buffer of errbuf_len bytes.
        unsafe { copy_text(error_text, errbuf_len, text.as_bytes()) };
        if r == Some(Ok(())) { 0 } else { -1 }
    }

    fn confdb_sa_reload(flush: c_int, error_text: *mut c_char, errbuf_len: usize) -> c_int [-1] {
        let r = with_db(|s| {
            let r = s.loaders.reload_chain(&s.chain, &mut s.db, flush != 0).map_err(|e| e.to_string());
            // nobody can track changes in standalone mode
            let _ = s.db.take_notifications();
            Some(r)
        });
        let text = match &r {
            Some(Ok(())) => String::new(),
            Some(Err(e)) => e.clone(),
            None => return -1,
        };
        // SAFETY: the caller's buffer of errbuf_len bytes.
        unsafe { copy_text(error_text, errbuf_len, text.as_bytes()) };
        if r == Some(Ok(())) { 0 } else { -1 }
    }
}

/// The loader the original links into this library for its standalone
/// mode; exported from here so that components loaded into a standalone
/// program find `lcr_component_register`.
pub use lcr::{lcr_component_register, lcr_ifact_reference, lcr_ifact_release};

/// No configuration module of the component ABI is loaded in standalone
/// mode (the configuration is read by the built-in parser), so the list
/// is empty.
static NO_CONFIG_MODULES: [usize; 1] = [0];

capi::export! {
    /// `main_get_config_modules`: the configuration modules the standalone
    /// mode loaded (`struct config_iface_ver0 **`) and their number.
    fn main_get_config_modules(modules: *mut *const c_void, num: *mut c_int) {
        if !modules.is_null() {
            // SAFETY: the caller's out pointer; the list is a static.
            unsafe { *modules = NO_CONFIG_MODULES.as_ptr().cast() };
        }
        if !num.is_null() {
            // SAFETY: the caller's out pointer.
            unsafe { *num = 0 };
        }
    }
}
