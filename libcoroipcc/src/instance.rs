//! What every client library keeps per handle and does the same way: the
//! connection to its engine, the application's callbacks and context
//! pointer, the finalized flag, the C functions `*_finalize`, `*_fd_get`,
//! `*_context_get` / `_set`, and the dispatch loop. A library adds its
//! requests and decodes its own callback records.

use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use capi::{Handle, HandleDb};
use corosync_wire::CsError;
use corosync_wire::ipc::{DEFAULT_BUFFER_SIZE, SOCKET_NAME};

use crate::Connection;

/// `CS_DISPATCH_ONE`, `_ALL`, `_BLOCKING`.
pub const CS_DISPATCH_ONE: i32 = 1;
pub const CS_DISPATCH_ALL: i32 = 2;
pub const CS_DISPATCH_BLOCKING: i32 = 3;

/// One initialized handle of a client library.
#[derive(Debug)]
pub struct Instance<C> {
    pub conn: Connection,
    pub callbacks: C,
    context: AtomicUsize,
    finalized: AtomicBool,
}

impl<C> Instance<C> {
    /// Connects to engine `service` with the default buffer sizes.
    pub fn connect(service: u32, callbacks: C) -> Result<Instance<C>, CsError> {
        let conn = Connection::connect(
            SOCKET_NAME,
            service,
            DEFAULT_BUFFER_SIZE,
            DEFAULT_BUFFER_SIZE,
            DEFAULT_BUFFER_SIZE,
        )?;
        Ok(Instance::with_connection(conn, callbacks))
    }

    pub fn with_connection(conn: Connection, callbacks: C) -> Instance<C> {
        Instance {
            conn,
            callbacks,
            context: AtomicUsize::new(0),
            finalized: AtomicBool::new(false),
        }
    }

    pub fn is_finalized(&self) -> bool {
        self.finalized.load(Ordering::Acquire)
    }

    /// Marks the instance finalized and shuts its connection down (a
    /// dispatch in another thread returns); false when it already was.
    pub fn finalize(&self) -> bool {
        if self.finalized.swap(true, Ordering::AcqRel) {
            return false;
        }
        self.conn.shutdown();
        true
    }

    pub fn context(&self) -> *mut c_void {
        self.context.load(Ordering::Acquire) as *mut c_void
    }

    pub fn set_context(&self, context: *mut c_void) {
        self.context.store(context as usize, Ordering::Release);
    }

    /// [`dispatch_loop`] on this instance's connection.
    pub fn dispatch(
        &self,
        flags: i32,
        bulk: bool,
        on_record: impl FnMut(&mut [u8]) -> Result<(), CsError>,
    ) -> CsError {
        dispatch_loop(&self.conn, || self.is_finalized(), flags, bulk, on_record)
    }
}

/// The dispatch loop of the original libraries: CS_DISPATCH_ALL handles
/// what is waiting and returns, CS_DISPATCH_ONE returns after one callback,
/// CS_DISPATCH_BLOCKING runs until an error or finalize. `bulk` lets it
/// take all announced callbacks at once (see [`Connection::dispatch_recv`]).
/// `on_record` handles one callback record; its error ends the dispatch.
/// A finalize (also from inside a callback) ends it with CS_OK, an
/// executive that went away with the error the connection reports.
pub fn dispatch_loop(
    conn: &Connection,
    finalized: impl Fn() -> bool,
    flags: i32,
    bulk: bool,
    mut on_record: impl FnMut(&mut [u8]) -> Result<(), CsError>,
) -> CsError {
    let timeout = if flags == CS_DISPATCH_ALL { 0 } else { -1 };
    let mut buf = Vec::new();
    loop {
        if finalized() {
            return CsError::OK;
        }
        match conn.dispatch_recv(timeout, &mut buf, bulk) {
            Ok(true) => {}
            Ok(false) => {
                if flags == CS_DISPATCH_ALL {
                    return CsError::OK;
                }
                continue;
            }
            Err(CsError::BAD_HANDLE) => return CsError::OK,
            Err(e) => return if finalized() { CsError::OK } else { e },
        }
        if let Err(e) = on_record(&mut buf) {
            return e;
        }
        if flags == CS_DISPATCH_ONE {
            return CsError::OK;
        }
    }
}

/// What the shared C helpers below need of a library's per-handle state.
pub trait ClientHandle {
    fn connection(&self) -> &Connection;
    fn context_ptr(&self) -> *mut c_void;
    fn set_context_ptr(&self, context: *mut c_void);
}

impl<C> ClientHandle for Instance<C> {
    fn connection(&self) -> &Connection {
        &self.conn
    }
    fn context_ptr(&self) -> *mut c_void {
        self.context()
    }
    fn set_context_ptr(&self, context: *mut c_void) {
        self.set_context(context)
    }
}

/// `*_initialize`: connects and stores the new handle in `*handle`.
///
/// # Safety
/// `handle` must be null or writable.
pub unsafe fn initialize<C>(
    db: &HandleDb<Instance<C>>,
    handle: *mut u64,
    service: u32,
    callbacks: C,
) -> CsError {
    if handle.is_null() {
        return CsError::INVALID_PARAM;
    }
    let inst = match Instance::connect(service, callbacks) {
        Ok(i) => i,
        Err(e) => return e,
    };
    let h = db.create(inst);
    // SAFETY: checked non-null; the caller's storage.
    unsafe { *handle = h };
    CsError::OK
}

/// `*_finalize` of the libraries whose engine needs no goodbye request.
pub fn finalize<C>(db: &HandleDb<Instance<C>>, handle: Handle) -> CsError {
    let inst = match db.get(handle) {
        Ok(i) => i,
        Err(e) => return e,
    };
    if !inst.finalize() {
        return CsError::BAD_HANDLE;
    }
    let _ = db.destroy(handle);
    CsError::OK
}

/// `*_fd_get`.
///
/// # Safety
/// `fd` must be null or writable.
pub unsafe fn fd_get<T: ClientHandle>(db: &HandleDb<T>, handle: Handle, fd: *mut i32) -> CsError {
    let inst = match db.get(handle) {
        Ok(i) => i,
        Err(e) => return e,
    };
    if fd.is_null() {
        return CsError::INVALID_PARAM;
    }
    // SAFETY: checked non-null; the caller's storage.
    unsafe { *fd = inst.connection().fd() };
    CsError::OK
}

/// `*_context_get`.
///
/// # Safety
/// `context` must be null or writable.
pub unsafe fn context_get<T: ClientHandle>(
    db: &HandleDb<T>,
    handle: Handle,
    context: *mut *mut c_void,
) -> CsError {
    let inst = match db.get(handle) {
        Ok(i) => i,
        Err(e) => return e,
    };
    if context.is_null() {
        return CsError::INVALID_PARAM;
    }
    // SAFETY: checked non-null; the caller's storage.
    unsafe { *context = inst.context_ptr() };
    CsError::OK
}

/// `*_context_set`.
pub fn context_set<T: ClientHandle>(
    db: &HandleDb<T>,
    handle: Handle,
    context: *mut c_void,
) -> CsError {
    match db.get(handle) {
        Ok(inst) => {
            inst.set_context_ptr(context);
            CsError::OK
        }
        Err(e) => e,
    }
}
