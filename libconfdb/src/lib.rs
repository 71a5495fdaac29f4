//! `libconfdb.so.4`: the configuration database API of
//! `corosync/confdb.h`. Clients talk to the executive's confdb engine, or,
//! when `COROSYNC_DEFAULT_CONFIG_IFACE` is set, to an object database the
//! library loads itself ([`sa`]).
//!
//! Iterations keep their state here, one context per (kind, object) as the
//! 1.4 library does, so callers can walk trees recursively.

pub mod sa;

use std::collections::HashMap;
use std::ffi::{CStr, c_char, c_int, c_void};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use capi::HandleDb;
use coroipcc::Connection;
use coroipcc::instance;
use corosync_wire::bytes::Reader;
use corosync_wire::confdb::{MAX_NAME_LENGTH, Msg, layout as l, read_name, req, res};
use corosync_wire::ipc::{DEFAULT_BUFFER_SIZE, SOCKET_NAME, ServiceId};
use corosync_wire::{CsError, CsResult};

/// Calls a standalone entry point with the caller's arguments.
macro_rules! sa_call {
    ($e:expr) => {
        // SAFETY: the caller's pointers are passed on unchanged; the C API
        // promises the same of them on both paths.
        unsafe { $e }
    };
}

pub type ConfdbHandle = u64;

pub type KeyChangeFn = unsafe extern "C" fn(
    handle: ConfdbHandle,
    change_type: u32,
    parent: u64,
    object: u64,
    object_name: *const c_void,
    object_name_len: usize,
    key_name: *const c_void,
    key_name_len: usize,
    key_value: *const c_void,
    key_value_len: usize,
);
pub type ObjectCreateFn = unsafe extern "C" fn(
    handle: ConfdbHandle,
    parent: u64,
    object: u64,
    name: *const c_void,
    name_len: usize,
);
pub type ObjectDeleteFn =
    unsafe extern "C" fn(handle: ConfdbHandle, parent: u64, name: *const c_void, name_len: usize);
pub type ReloadFn = unsafe extern "C" fn(handle: ConfdbHandle, kind: u32);

/// `confdb_callbacks_t`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct Callbacks {
    pub object_create: Option<ObjectCreateFn>,
    pub object_delete: Option<ObjectDeleteFn>,
    pub key_change: Option<KeyChangeFn>,
    pub reload: Option<ReloadFn>,
}

#[derive(Clone, Copy, Default)]
struct IterContext {
    find_handle: u64,
    next_entry: u64,
}

#[derive(Default)]
struct Iters {
    find: HashMap<u64, IterContext>,
    object: HashMap<u64, IterContext>,
    key: HashMap<u64, IterContext>,
}

pub struct Inst {
    conn: Option<Connection>,
    callbacks: Callbacks,
    context: AtomicUsize,
    finalized: AtomicBool,
    iters: Mutex<Iters>,
}

static INSTANCES: HandleDb<Inst> = HandleDb::new();

impl Inst {
    fn standalone(&self) -> bool {
        self.conn.is_none()
    }

    fn iters(&self) -> std::sync::MutexGuard<'_, Iters> {
        self.iters.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// One request, the whole reply.
    fn call(&self, m: &Msg) -> CsResult<Vec<u8>> {
        match &self.conn {
            Some(c) => c.send_recv_with(&[&m.0], |b| b.to_vec()),
            None => Err(CsError::LIBRARY),
        }
    }

    /// Sends `m`; a reply with CS_OK is read by `take`, whose error is then
    /// the result. The outer error is the transport's (callers return it
    /// at once), the inner one the reply's.
    fn call_then(&self, m: &Msg, take: impl FnOnce(Reader<'_>) -> CsError) -> CsResult<CsError> {
        let b = self.call(m)?;
        let e = corosync_wire::confdb::response_error(&b);
        Ok(if e == CsError::OK {
            take(Reader::new(&b))
        } else {
            e
        })
    }

    fn find_destroy(&self, find: u64) -> CsError {
        if find == 0 {
            return CsError::OK;
        }
        if self.standalone() {
            return sa_status(sa_call!(sa::confdb_sa_find_destroy(find)));
        }
        let mut m = Msg::request(l::HANDLE_REQ, req::OBJECT_FIND_DESTROY);
        m.u64(16, find);
        status(self.call(&m))
    }
}

fn status(r: CsResult<Vec<u8>>) -> CsError {
    match r {
        Ok(b) => corosync_wire::confdb::response_error(&b),
        Err(e) => e,
    }
}

fn sa_status(r: c_int) -> CsError {
    if r == 0 { CsError::OK } else { CsError::ACCESS }
}

fn get(handle: ConfdbHandle) -> Result<Arc<Inst>, CsError> {
    INSTANCES.get(handle)
}

/// # Safety
/// `p` must be null or readable for `len` bytes.
unsafe fn input<'a>(p: *const c_void, len: usize) -> &'a [u8] {
    if p.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: promised by the caller.
        unsafe { std::slice::from_raw_parts(p.cast(), len) }
    }
}

/// # Safety
/// `p` must be null or a C string.
unsafe fn c_string<'a>(p: *const c_char) -> &'a [u8] {
    if p.is_null() {
        &[]
    } else {
        // SAFETY: promised by the caller.
        unsafe { CStr::from_ptr(p) }.to_bytes()
    }
}

/// # Safety
/// `p` must be null or writable.
unsafe fn put<T>(p: *mut T, v: T) {
    if !p.is_null() {
        // SAFETY: promised by the caller.
        unsafe { p.write(v) };
    }
}

/// # Safety
/// `dst` must be null or writable for `src.len()` bytes.
unsafe fn put_bytes(dst: *mut c_void, src: &[u8]) {
    if !dst.is_null() && !src.is_empty() {
        // SAFETY: promised by the caller.
        unsafe { std::ptr::copy_nonoverlapping(src.as_ptr(), dst.cast::<u8>(), src.len()) };
    }
}

/// A key name as the library sends typed requests: with its NUL, the
/// length counting it.
fn key_with_nul(key: &[u8]) -> Vec<u8> {
    let mut k = key[..key.len().min(MAX_NAME_LENGTH - 1)].to_vec();
    k.push(0);
    k
}

fn read_error_text(b: &[u8], text: *mut c_char, len: usize) {
    let r = Reader::new(b);
    let n = r.u16(24).unwrap_or(0) as usize;
    if n == 0 || text.is_null() || len == 0 {
        return;
    }
    let t = read_name(&r, 24).unwrap_or(&[]);
    let n = t.len().min(len);
    // SAFETY: the caller's buffer holds len bytes; n <= len and the last
    // byte is set to NUL.
    unsafe {
        std::ptr::copy_nonoverlapping(t.as_ptr(), text.cast::<u8>(), n);
        *text.add(len - 1) = 0;
    }
}

impl Inst {
    fn dispatch(&self, handle: ConfdbHandle, flags: i32) -> CsError {
        let Some(conn) = &self.conn else {
            return CsError::NOT_SUPPORTED;
        };
        let finalized = || self.finalized.load(Ordering::Acquire);
        instance::dispatch_loop(conn, finalized, flags, false, |buf| {
            if self.invoke(handle, buf) {
                Ok(())
            } else {
                Err(CsError::LIBRARY)
            }
        })
    }

    /// Calls the application's callback for one record; false for a record
    /// of an unknown kind.
    fn invoke(&self, handle: ConfdbHandle, b: &[u8]) -> bool {
        let r = Reader::new(b);
        let Ok(id) = r.i32(8) else {
            return false;
        };
        let cb = self.callbacks;
        match id {
            res::KEY_CHANGE_CALLBACK | res::KEY_CHANGE_CALLBACK2 => {
                let Some(f) = cb.key_change else {
                    return true;
                };
                let (Ok(ct), Ok(parent), Ok(object), Ok(oname), Ok(kname)) = (
                    r.u64(24),
                    r.u64(32),
                    r.u64(40),
                    read_name(&r, 48),
                    read_name(&r, 312),
                ) else {
                    return false;
                };
                let value: &[u8] = if id == res::KEY_CHANGE_CALLBACK2 {
                    let n = r.u32(576).unwrap_or(0) as usize;
                    r.slice(l::KEY_CHANGE_CB2_VALUE, n).unwrap_or(&[])
                } else {
                    read_name(&r, 576).unwrap_or(&[])
                };
                // The object handle goes where the prototype names the
                // parent and the other way round, as 1.4 delivers them.
                // SAFETY: the application's callback, with pointers into
                // our copy of the record that outlive the call.
                unsafe {
                    f(
                        handle,
                        ct as u32,
                        object,
                        parent,
                        oname.as_ptr().cast(),
                        oname.len(),
                        kname.as_ptr().cast(),
                        kname.len(),
                        value.as_ptr().cast(),
                        value.len(),
                    )
                };
            }
            res::OBJECT_CREATE_CALLBACK => {
                let Some(f) = cb.object_create else {
                    return true;
                };
                let (Ok(parent), Ok(object), Ok(name)) = (r.u64(24), r.u64(32), read_name(&r, 40))
                else {
                    return false;
                };
                // SAFETY: as above.
                unsafe { f(handle, object, parent, name.as_ptr().cast(), name.len()) };
            }
            res::OBJECT_DESTROY_CALLBACK => {
                let Some(f) = cb.object_delete else {
                    return true;
                };
                let (Ok(parent), Ok(name)) = (r.u64(24), read_name(&r, 32)) else {
                    return false;
                };
                // SAFETY: as above.
                unsafe { f(handle, parent, name.as_ptr().cast(), name.len()) };
            }
            res::RELOAD_CALLBACK => {
                if let (Some(f), Ok(t)) = (cb.reload, r.u32(24)) {
                    // SAFETY: the application's callback.
                    unsafe { f(handle, t) };
                }
            }
            _ => return false,
        }
        true
    }
}

/// Which iteration list a context lives in.
#[derive(Clone, Copy)]
enum Kind {
    Find,
    Object,
    Key,
}

fn contexts(it: &mut Iters, k: Kind) -> &mut HashMap<u64, IterContext> {
    match k {
        Kind::Find => &mut it.find,
        Kind::Object => &mut it.object,
        Kind::Key => &mut it.key,
    }
}

/// `*_start`: a fresh context for `object` (an open find is destroyed).
fn iter_start(handle: ConfdbHandle, object: u64, kind: Kind) -> CsError {
    let inst = match get(handle) {
        Ok(i) => i,
        Err(e) => return e,
    };
    let old = {
        let mut it = inst.iters();
        let ctx = contexts(&mut it, kind).entry(object).or_default();
        let old = ctx.find_handle;
        *ctx = IterContext::default();
        old
    };
    if !matches!(kind, Kind::Key) {
        let _ = inst.find_destroy(old);
    }
    CsError::OK
}

/// `*_destroy`: ends the context of `object`.
fn iter_destroy(handle: ConfdbHandle, object: u64, kind: Kind) -> CsError {
    let inst = match get(handle) {
        Ok(i) => i,
        Err(e) => return e,
    };
    let Some(ctx) = contexts(&mut inst.iters(), kind).get(&object).copied() else {
        return CsError::LIBRARY;
    };
    let e = inst.find_destroy(ctx.find_handle);
    if e == CsError::OK {
        contexts(&mut inst.iters(), kind).remove(&object);
    }
    e
}

fn context_of(inst: &Inst, object: u64, kind: Kind) -> Option<IterContext> {
    contexts(&mut inst.iters(), kind).get(&object).copied()
}

fn set_context(inst: &Inst, object: u64, kind: Kind, f: impl FnOnce(&mut IterContext)) {
    if let Some(c) = contexts(&mut inst.iters(), kind).get_mut(&object) {
        f(c);
    }
}

macro_rules! inst {
    ($h:expr) => {
        match get($h) {
            Ok(i) => i,
            Err(e) => return e,
        }
    };
}

capi::export! {
    fn confdb_initialize(handle: *mut ConfdbHandle, callbacks: *const Callbacks) -> CsError [CsError::LIBRARY] {
        if handle.is_null() {
            return CsError::INVALID_PARAM;
        }
        let conn = if std::env::var_os("COROSYNC_DEFAULT_CONFIG_IFACE").is_some() {
            let e = sa_call!(sa::confdb_sa_init());
            if e != CsError::OK.0 {
                return CsError(e);
            }
            None
        } else {
            match Connection::connect(
                SOCKET_NAME,
                ServiceId::CONFDB.0,
                DEFAULT_BUFFER_SIZE,
                DEFAULT_BUFFER_SIZE,
                DEFAULT_BUFFER_SIZE,
            ) {
                Ok(c) => Some(c),
                Err(e) => return e,
            }
        };
        let callbacks = if callbacks.is_null() {
            Callbacks::default()
        } else {
            // SAFETY: the caller passes a readable confdb_callbacks_t.
            unsafe { *callbacks }
        };
        let h = INSTANCES.create(Inst {
            conn,
            callbacks,
            context: AtomicUsize::new(0),
            finalized: AtomicBool::new(false),
            iters: Mutex::new(Iters::default()),
        });
        // SAFETY: checked non-null; caller-provided storage.
        unsafe { *handle = h };
        CsError::OK
    }

    fn confdb_finalize(handle: ConfdbHandle) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        if inst.finalized.swap(true, Ordering::AcqRel) {
            return CsError::BAD_HANDLE;
        }
        let finds: Vec<u64> = {
            let mut it = inst.iters();
            let all = std::mem::take(&mut *it);
            all.find.values().chain(all.object.values()).chain(all.key.values())
                .map(|c| c.find_handle).collect()
        };
        for f in finds {
            let _ = inst.find_destroy(f);
        }
        if let Some(c) = &inst.conn {
            c.shutdown();
        }
        let _ = INSTANCES.destroy(handle);
        CsError::OK
    }

    fn confdb_fd_get(handle: ConfdbHandle, fd: *mut c_int) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        let Some(c) = &inst.conn else {
            return CsError::BAD_HANDLE;
        };
        if fd.is_null() {
            return CsError::INVALID_PARAM;
        }
        // SAFETY: checked non-null; caller-provided storage.
        unsafe { *fd = c.fd() };
        CsError::OK
    }

    fn confdb_context_get(handle: ConfdbHandle, context: *mut *const c_void) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        // SAFETY: caller-provided storage.
        unsafe { put(context, inst.context.load(Ordering::Acquire) as *const c_void) };
        CsError::OK
    }

    fn confdb_context_set(handle: ConfdbHandle, context: *const c_void) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        inst.context.store(context as usize, Ordering::Release);
        CsError::OK
    }

    fn confdb_dispatch(handle: ConfdbHandle, dispatch_types: c_int) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        inst.dispatch(handle, dispatch_types)
    }

    fn confdb_object_create(
        handle: ConfdbHandle,
        parent: u64,
        name: *const c_void,
        name_len: usize,
        object: *mut u64,
    ) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        if inst.standalone() {
            return sa_status(sa_call!(sa::confdb_sa_object_create(parent, name, name_len, object)));
        }
        let mut m = Msg::request(l::OBJECT_CREATE_REQ, req::OBJECT_CREATE);
        // SAFETY: the caller passes name_len readable bytes.
        m.u64(16, parent).name(24, unsafe { input(name, name_len) });
        match inst.call(&m) {
            Ok(b) => {
                // SAFETY: caller-provided storage.
                unsafe { put(object, Reader::new(&b).u64(24).unwrap_or(0)) };
                corosync_wire::confdb::response_error(&b)
            }
            Err(e) => e,
        }
    }

    fn confdb_object_destroy(handle: ConfdbHandle, object: u64) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        if inst.standalone() {
            return sa_status(sa_call!(sa::confdb_sa_object_destroy(object)));
        }
        let mut m = Msg::request(l::HANDLE_REQ, req::OBJECT_DESTROY);
        m.u64(16, object);
        status(inst.call(&m))
    }

    fn confdb_object_parent_get(handle: ConfdbHandle, object: u64, parent: *mut u64) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        if inst.standalone() {
            return sa_status(sa_call!(sa::confdb_sa_object_parent_get(object, parent)));
        }
        let mut m = Msg::request(l::HANDLE_REQ, req::OBJECT_PARENT_GET);
        m.u64(16, object);
        match inst.call(&m) {
            Ok(b) => {
                // SAFETY: caller-provided storage.
                unsafe { put(parent, Reader::new(&b).u64(24).unwrap_or(0)) };
                corosync_wire::confdb::response_error(&b)
            }
            Err(e) => e,
        }
    }

    fn confdb_object_name_get(
        handle: ConfdbHandle,
        object: u64,
        name: *mut c_char,
        name_len: *mut usize,
    ) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        if inst.standalone() {
            return sa_status(sa_call!(sa::confdb_sa_object_name_get(object, name, name_len)));
        }
        let mut m = Msg::request(l::HANDLE_REQ, req::OBJECT_NAME_GET);
        m.u64(16, object);
        match inst.call_then(&m, |r| {
            let n = read_name(&r, 24).unwrap_or(&[]);
            // SAFETY: the caller's buffer holds an object name.
            unsafe {
                put(name_len, n.len());
                put_bytes(name.cast(), n);
            }
            CsError::OK
        }) {
            Ok(e) => e,
            Err(e) => e,
        }
    }

    fn confdb_object_find_destroy(handle: ConfdbHandle, parent: u64) -> CsError [CsError::LIBRARY] {
        iter_destroy(handle, parent, Kind::Find)
    }

    fn confdb_object_iter_destroy(handle: ConfdbHandle, parent: u64) -> CsError [CsError::LIBRARY] {
        iter_destroy(handle, parent, Kind::Object)
    }

    fn confdb_key_create(
        handle: ConfdbHandle,
        parent: u64,
        key: *const c_void,
        key_len: usize,
        value: *const c_void,
        value_len: usize,
    ) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        if inst.standalone() {
            return sa_status(sa_call!(sa::confdb_sa_key_create(parent, key, key_len, value, value_len)));
        }
        let mut m = Msg::request(l::KEY_CREATE_REQ, req::KEY_CREATE);
        // SAFETY: readable buffers of these lengths.
        let (k, v) = unsafe { (input(key, key_len), input(value, value_len)) };
        m.u64(16, parent).name(24, k).name(288, v);
        status(inst.call(&m))
    }

    fn confdb_key_create_typed(
        handle: ConfdbHandle,
        parent: u64,
        key: *const c_char,
        value: *const c_void,
        value_len: usize,
        ty: c_int,
    ) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        if inst.standalone() {
            return sa_status(sa_call!(sa::confdb_sa_key_create_typed(parent, key, value, value_len, ty)));
        }
        // SAFETY: a C string and value_len readable bytes.
        let (k, v) = unsafe { (c_string(key), input(value, value_len)) };
        let mut m = Msg::request(l::KEY_CREATE_TYPED2_REQ, req::KEY_CREATE_TYPED2);
        m.u64(16, parent)
            .name(24, &key_with_nul(k))
            .i32(288, ty)
            .u32(296, v.len() as u32)
            .bytes(l::KEY_CREATE_TYPED2_VALUE, v);
        m.0.resize(l::KEY_CREATE_TYPED2_REQ + v.len(), 0);
        m.fix_size();
        status(inst.call(&m))
    }

    fn confdb_key_delete(
        handle: ConfdbHandle,
        parent: u64,
        key: *const c_void,
        key_len: usize,
        value: *const c_void,
        value_len: usize,
    ) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        if inst.standalone() {
            return sa_status(sa_call!(sa::confdb_sa_key_delete(parent, key, key_len, value, value_len)));
        }
        // SAFETY: readable buffers of these lengths.
        let (k, v) = unsafe { (input(key, key_len), input(value, value_len)) };
        let mut m = Msg::request(l::KEY_CREATE_REQ, req::KEY_DELETE);
        m.u64(16, parent).name(24, k).name(288, v);
        status(inst.call(&m))
    }

    fn confdb_key_get(
        handle: ConfdbHandle,
        parent: u64,
        key: *const c_void,
        key_len: usize,
        value: *mut c_void,
        value_len: *mut usize,
    ) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        if inst.standalone() {
            return sa_status(sa_call!(sa::confdb_sa_key_get(parent, key, key_len, value, value_len)));
        }
        let mut m = Msg::request(l::KEY_GET_REQ, req::KEY_GET);
        // SAFETY: key_len readable bytes.
        m.u64(16, parent).name(24, unsafe { input(key, key_len) });
        match inst.call_then(&m, |r| {
            let v = read_name(&r, 24).unwrap_or(&[]);
            // SAFETY: the caller's buffer holds a value.
            unsafe {
                put(value_len, v.len());
                put_bytes(value, v);
            }
            CsError::OK
        }) {
            Ok(e) => e,
            Err(e) => e,
        }
    }

    fn confdb_key_get_typed(
        handle: ConfdbHandle,
        parent: u64,
        key: *const c_char,
        value: *mut c_void,
        value_len: *mut usize,
        ty: *mut c_int,
    ) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        if inst.standalone() {
            let mut v = value;
            return sa_status(sa_call!(sa::confdb_sa_key_get_typed(parent, key, &mut v, value_len, ty)));
        }
        let mut m = Msg::request(l::KEY_GET_REQ, req::KEY_GET_TYPED);
        // SAFETY: a C string.
        m.u64(16, parent).name(24, &key_with_nul(unsafe { c_string(key) }));
        match inst.call_then(&m, |r| {
            let v = read_name(&r, 24).unwrap_or(&[]);
            // SAFETY: caller-provided storage.
            unsafe {
                put(value_len, v.len());
                put(ty, r.i32(288).unwrap_or(0));
                put_bytes(value, v);
            }
            CsError::OK
        }) {
            Ok(e) => e,
            Err(e) => return e,
        }
    }

    fn confdb_key_get_typed2(
        handle: ConfdbHandle,
        parent: u64,
        key: *const c_char,
        value: *mut *mut c_void,
        value_len: *mut usize,
        ty: *mut c_int,
    ) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        if inst.standalone() {
            return sa_status(sa_call!(sa::confdb_sa_key_get_typed(parent, key, value, value_len, ty)));
        }
        let mut m = Msg::request(l::KEY_GET_REQ, req::KEY_GET_TYPED2);
        // SAFETY: a C string.
        m.u64(16, parent).name(24, &key_with_nul(unsafe { c_string(key) }));
        let b = match inst.call(&m) {
            Ok(b) => b,
            Err(e) => return e,
        };
        let e = corosync_wire::confdb::response_error(&b);
        if e != CsError::OK {
            return e;
        }
        let r = Reader::new(&b);
        let n = r.u32(32).unwrap_or(0) as usize;
        let Ok(v) = r.slice(l::KEY_GET_TYPED2_VALUE, n) else {
            return CsError::LIBRARY;
        };
        // SAFETY: caller-provided storage; *value null or large enough.
        unsafe {
            if let Err(e) = sa::copy_alloc(value, v) {
                return e;
            }
            put(value_len, n);
            put(ty, r.i32(24).unwrap_or(0));
        }
        CsError::OK
    }

    fn confdb_key_increment(
        handle: ConfdbHandle,
        parent: u64,
        key: *const c_void,
        key_len: usize,
        value: *mut u32,
    ) -> CsError [CsError::LIBRARY] {
        incdec(handle, parent, key, key_len, value, true)
    }

    fn confdb_key_decrement(
        handle: ConfdbHandle,
        parent: u64,
        key: *const c_void,
        key_len: usize,
        value: *mut u32,
    ) -> CsError [CsError::LIBRARY] {
        incdec(handle, parent, key, key_len, value, false)
    }

    fn confdb_key_replace(
        handle: ConfdbHandle,
        parent: u64,
        key: *const c_void,
        key_len: usize,
        old_value: *const c_void,
        old_len: usize,
        new_value: *const c_void,
        new_len: usize,
    ) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        if inst.standalone() {
            return sa_status(sa_call!(sa::confdb_sa_key_replace(
                parent, key, key_len, old_value, old_len, new_value, new_len,
            )));
        }
        // SAFETY: readable buffers of these lengths.
        let (k, v) = unsafe { (input(key, key_len), input(new_value, new_len)) };
        let mut m = Msg::request(l::KEY_REPLACE2_REQ, req::KEY_REPLACE2);
        m.u64(16, parent)
            .name(24, k)
            .u32(288, v.len() as u32)
            .bytes(l::KEY_REPLACE2_VALUE, v);
        m.0.resize(l::KEY_REPLACE2_REQ + v.len(), 0);
        m.fix_size();
        status(inst.call(&m))
    }

    fn confdb_object_iter_start(handle: ConfdbHandle, object: u64) -> CsError [CsError::LIBRARY] {
        iter_start(handle, object, Kind::Object)
    }

    fn confdb_key_iter_start(handle: ConfdbHandle, object: u64) -> CsError [CsError::LIBRARY] {
        iter_start(handle, object, Kind::Key)
    }

    fn confdb_object_find_start(handle: ConfdbHandle, parent: u64) -> CsError [CsError::LIBRARY] {
        iter_start(handle, parent, Kind::Find)
    }

    fn confdb_object_find(
        handle: ConfdbHandle,
        parent: u64,
        name: *const c_void,
        name_len: usize,
        object: *mut u64,
    ) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        let Some(ctx) = context_of(&inst, parent, Kind::Find) else {
            return CsError::CONTEXT_NOT_FOUND;
        };
        if inst.standalone() {
            let mut f = ctx.find_handle;
            let r = sa_call!(sa::confdb_sa_object_find(parent, &mut f, object, name, name_len));
            set_context(&inst, parent, Kind::Find, |c| c.find_handle = f);
            return sa_status(r);
        }
        let mut m = Msg::request(l::OBJECT_FIND_REQ, req::OBJECT_FIND);
        // SAFETY: name_len readable bytes.
        m.u64(16, parent).name(24, unsafe { input(name, name_len) }).u64(288, ctx.find_handle);
        let b = match inst.call(&m) {
            Ok(b) => b,
            Err(e) => return e,
        };
        let r = Reader::new(&b);
        // SAFETY: caller-provided storage.
        unsafe { put(object, r.u64(24).unwrap_or(0)) };
        let f = r.u64(32).unwrap_or(0);
        set_context(&inst, parent, Kind::Find, |c| c.find_handle = f);
        corosync_wire::confdb::response_error(&b)
    }

    fn confdb_object_iter(
        handle: ConfdbHandle,
        parent: u64,
        object: *mut u64,
        name: *mut c_void,
        name_len: *mut usize,
    ) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        let Some(ctx) = context_of(&inst, parent, Kind::Object) else {
            return CsError::CONTEXT_NOT_FOUND;
        };
        if inst.standalone() {
            let mut f = ctx.find_handle;
            // SAFETY: caller-provided storage.
            unsafe { put(name_len, 0) };
            let r = sa_call!(sa::confdb_sa_object_iter(
                parent, &mut f, object, std::ptr::null(), 0, name, name_len,
            ));
            set_context(&inst, parent, Kind::Object, |c| c.find_handle = f);
            return sa_status(r);
        }
        let mut m = Msg::request(l::ITER_REQ, req::OBJECT_ITER);
        m.u64(16, parent).u64(24, ctx.find_handle);
        match inst.call_then(&m, |r| {
            let n = read_name(&r, 24).unwrap_or(&[]);
            // SAFETY: caller-provided storage for a handle and a name.
            unsafe {
                put(name_len, n.len());
                put_bytes(name, n);
                put(object, r.u64(288).unwrap_or(0));
            }
            let f = r.u64(296).unwrap_or(0);
            set_context(&inst, parent, Kind::Object, |c| c.find_handle = f);
            CsError::OK
        }) {
            Ok(e) => e,
            Err(e) => return e,
        }
    }

    fn confdb_key_iter(
        handle: ConfdbHandle,
        parent: u64,
        key: *mut c_void,
        key_len: *mut usize,
        value: *mut c_void,
        value_len: *mut usize,
    ) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        let Some(ctx) = context_of(&inst, parent, Kind::Key) else {
            return CsError::CONTEXT_NOT_FOUND;
        };
        let e = if inst.standalone() {
            sa_status(sa_call!(sa::confdb_sa_key_iter(parent, ctx.next_entry, key, key_len, value, value_len)))
        } else {
            let mut m = Msg::request(l::ITER_REQ, req::KEY_ITER);
            m.u64(16, parent).u64(24, ctx.next_entry);
            match inst.call_then(&m, |r| {
                let k = read_name(&r, 24).unwrap_or(&[]);
                let v = read_name(&r, 288).unwrap_or(&[]);
                // SAFETY: caller buffers for a key name (plus NUL) and a value.
                unsafe {
                    put(key_len, k.len());
                    put_bytes(key, k);
                    if !key.is_null() {
                        *key.cast::<u8>().add(k.len()) = 0;
                    }
                    put(value_len, v.len());
                    put_bytes(value, v);
                }
                CsError::OK
            }) {
                Ok(e) => e,
                Err(e) => return e,
            }
        };
        set_context(&inst, parent, Kind::Key, |c| c.next_entry += 1);
        e
    }

    fn confdb_key_iter_typed(
        handle: ConfdbHandle,
        parent: u64,
        key: *mut c_char,
        value: *mut c_void,
        value_len: *mut usize,
        ty: *mut c_int,
    ) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        let Some(ctx) = context_of(&inst, parent, Kind::Key) else {
            return CsError::CONTEXT_NOT_FOUND;
        };
        let e = if inst.standalone() {
            let mut v = value;
            sa_status(sa_call!(sa::confdb_sa_key_iter_typed(parent, ctx.next_entry, key, &mut v, value_len, ty)))
        } else {
            let mut m = Msg::request(l::ITER_REQ, req::KEY_ITER_TYPED);
            m.u64(16, parent).u64(24, ctx.next_entry);
            match inst.call_then(&m, |r| {
                let k = read_name(&r, 24).unwrap_or(&[]);
                let v = read_name(&r, 288).unwrap_or(&[]);
                // SAFETY: caller buffers for a key name (plus NUL) and a value.
                unsafe {
                    put_bytes(key.cast(), k);
                    if !key.is_null() {
                        *key.add(k.len()) = 0;
                    }
                    put(value_len, v.len());
                    put_bytes(value, v);
                    put(ty, r.i32(552).unwrap_or(0));
                }
                CsError::OK
            }) {
                Ok(e) => e,
                Err(e) => return e,
            }
        };
        set_context(&inst, parent, Kind::Key, |c| c.next_entry += 1);
        e
    }

    fn confdb_key_iter_typed2(
        handle: ConfdbHandle,
        parent: u64,
        key: *mut c_char,
        value: *mut *mut c_void,
        value_len: *mut usize,
        ty: *mut c_int,
    ) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        let Some(ctx) = context_of(&inst, parent, Kind::Key) else {
            return CsError::CONTEXT_NOT_FOUND;
        };
        let e = if inst.standalone() {
            sa_status(sa_call!(sa::confdb_sa_key_iter_typed(parent, ctx.next_entry, key, value, value_len, ty)))
        } else {
            let mut m = Msg::request(l::ITER_REQ, req::KEY_ITER_TYPED2);
            m.u64(16, parent).u64(24, ctx.next_entry);
            let b = match inst.call(&m) {
                Ok(b) => b,
                Err(e) => return e,
            };
            let e = corosync_wire::confdb::response_error(&b);
            if e == CsError::OK {
                let r = Reader::new(&b);
                let k = read_name(&r, 24).unwrap_or(&[]);
                let n = r.u32(296).unwrap_or(0) as usize;
                let Ok(v) = r.slice(l::KEY_ITER_TYPED2_VALUE, n) else {
                    return CsError::LIBRARY;
                };
                // SAFETY: caller buffers for a key name (plus NUL); *value
                // null or large enough.
                unsafe {
                    if let Err(e) = sa::copy_alloc(value, v) {
                        return e;
                    }
                    put_bytes(key.cast(), k);
                    if !key.is_null() {
                        *key.add(k.len()) = 0;
                    }
                    put(value_len, n);
                    put(ty, r.i32(288).unwrap_or(0));
                }
            }
            e
        };
        set_context(&inst, parent, Kind::Key, |c| c.next_entry += 1);
        e
    }

    fn confdb_write(handle: ConfdbHandle, error_text: *mut c_char, errbuf_len: usize) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        if inst.standalone() {
            return sa_status(sa_call!(sa::confdb_sa_write(error_text, errbuf_len)));
        }
        let m = Msg::request(RequestHeaderSize::SIZE, req::WRITE);
        match inst.call(&m) {
            Ok(b) => {
                read_error_text(&b, error_text, errbuf_len);
                corosync_wire::confdb::response_error(&b)
            }
            Err(e) => e,
        }
    }

    fn confdb_reload(handle: ConfdbHandle, flush: c_int, error_text: *mut c_char, errbuf_len: usize) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        if inst.standalone() {
            return sa_status(sa_call!(sa::confdb_sa_reload(flush, error_text, errbuf_len)));
        }
        let mut m = Msg::request(l::RELOAD_REQ, req::RELOAD);
        m.i32(24, flush);
        match inst.call(&m) {
            Ok(b) => {
                read_error_text(&b, error_text, errbuf_len);
                corosync_wire::confdb::response_error(&b)
            }
            Err(e) => e,
        }
    }

    fn confdb_track_changes(handle: ConfdbHandle, object: u64, flags: u32) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        if inst.standalone() {
            return CsError::NOT_SUPPORTED;
        }
        let mut m = Msg::request(l::TRACK_START_REQ, req::TRACK_START);
        m.u64(16, object).u32(24, flags);
        status(inst.call(&m))
    }

    fn confdb_stop_track_changes(handle: ConfdbHandle) -> CsError [CsError::LIBRARY] {
        let inst = inst!(handle);
        if inst.standalone() {
            return CsError::NOT_SUPPORTED;
        }
        let m = Msg::request(RequestHeaderSize::SIZE, req::TRACK_STOP);
        status(inst.call(&m))
    }
}

use corosync_wire::ipc::RequestHeader as RequestHeaderSize;

fn incdec(
    handle: ConfdbHandle,
    parent: u64,
    key: *const c_void,
    key_len: usize,
    value: *mut u32,
    up: bool,
) -> CsError {
    let inst = inst!(handle);
    if inst.standalone() {
        let r = if up {
            sa_call!(sa::confdb_sa_key_increment(parent, key, key_len, value))
        } else {
            sa_call!(sa::confdb_sa_key_decrement(parent, key, key_len, value))
        };
        return sa_status(r);
    }
    let id = if up {
        req::KEY_INCREMENT
    } else {
        req::KEY_DECREMENT
    };
    let mut m = Msg::request(l::KEY_GET_REQ, id);
    // SAFETY: key_len readable bytes.
    m.u64(16, parent).name(24, unsafe { input(key, key_len) });
    match inst.call_then(&m, |r| {
        // SAFETY: caller-provided storage.
        unsafe { put(value, r.u32(24).unwrap_or(0)) };
        CsError::OK
    }) {
        Ok(e) => e,
        Err(e) => e,
    }
}
