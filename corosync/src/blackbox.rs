//! The black box: the flight recorder of logsys written to
//! `<run dir>/fdata` (`$COROSYNC_RUN_DIR`, else `LOCALSTATEDIR/lib/corosync`)
//! when the executive crashes (SIGSEGV, SIGABRT, a panic) and on demand:
//! SIGUSR2, or a change of `runtime.blackbox.dump_flight_data` in the
//! object database (what `corosync-blackbox` does through confdb).
//! `runtime.blackbox.dump_state` asks the engines to dump their state; none
//! of the engines has such a dump, so it only logs nothing, as in the
//! original.

use std::ffi::CString;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::sync::OnceLock;

use objdb::{ChangeEvent, ObjDb, ObjectHandle, TrackDepth, TrackSpec, ValueType};

/// The owner of the executive's tracker on `runtime.blackbox` (client
/// trackers use connection ids, which never come near this value).
pub const TRACKER_OWNER: u64 = u64::MAX - 0xb1ac;

static FDATA_PATH: OnceLock<CString> = OnceLock::new();

/// Where dumps go.
pub fn fdata_path() -> PathBuf {
    crate::ringid::run_dir().join("fdata")
}

/// Write the dump now, logging a failure as the original does.
pub fn store() {
    let path = fdata_path();
    if let Err(e) = logsys::global().flight_data_store(&path) {
        logsys::log_perror!(
            logsys::Subsys::MAIN,
            logsys::Level::Error,
            &e,
            "Can't store blackbox file"
        );
    }
}

/// Arrange for a dump at a crash: handlers for SIGSEGV and SIGABRT and a
/// panic hook. Call once the run directory is known.
pub fn install_crash_handlers() {
    let path = fdata_path();
    let Ok(c) = CString::new(path.as_os_str().as_bytes()) else {
        return;
    };
    let _ = FDATA_PATH.set(c);
    for sig in [libc::SIGSEGV, libc::SIGABRT] {
        // SAFETY: sigaction is plain data; zeroed is a valid empty mask and
        // flags, then filled in.
        let mut sa: libc::sigaction = unsafe { std::mem::zeroed() };
        sa.sa_sigaction = crash_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        sa.sa_flags = libc::SA_ONSTACK;
        // SAFETY: installing a handler with a valid sigaction for a
        // signal that may be caught.
        unsafe {
            libc::sigemptyset(&mut sa.sa_mask);
            libc::sigaction(sig, &sa, std::ptr::null_mut());
        }
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        logsys::log_printf!(
            logsys::Subsys::MAIN,
            logsys::Level::Crit,
            "Corosync Cluster Engine internal error: {info}"
        );
        if let Some(recorder) = logsys::global().flight_recorder()
            && let Ok(mut file) = std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .open(fdata_path())
        {
            // never wait here: the panic may have come from a thread that
            // holds the recorder
            recorder.try_store_with(&mut |b| file.write_all(b).is_ok());
        }
        previous(info);
    }));
}

/// SIGSEGV / SIGABRT: write the dump with nothing but system calls (no
/// allocation, no waiting on locks), then die of the same signal.
extern "C" fn crash_signal(sig: libc::c_int) {
    if let (Some(path), Some(recorder)) = (FDATA_PATH.get(), logsys::global().flight_recorder()) {
        // SAFETY: open(2) with a NUL-terminated path made before any crash.
        let fd = unsafe {
            libc::open(
                path.as_ptr(),
                libc::O_CREAT | libc::O_WRONLY | libc::O_TRUNC,
                0o700,
            )
        };
        if fd >= 0 {
            recorder.try_store_with(&mut |mut b: &[u8]| {
                while !b.is_empty() {
                    // SAFETY: writing from a live slice to our descriptor.
                    let n = unsafe { libc::write(fd, b.as_ptr().cast(), b.len()) };
                    if n <= 0 {
                        return false;
                    }
                    b = &b[n as usize..];
                }
                true
            });
            // SAFETY: closing the descriptor opened above.
            unsafe { libc::close(fd) };
        }
    }
    // SAFETY: restoring the default action and re-raising, so the process
    // ends as it would have without this handler.
    unsafe {
        libc::signal(sig, libc::SIG_DFL);
        libc::raise(sig);
    }
}

/// Create `runtime.blackbox` with its two keys and follow their changes
/// (when there is a `runtime` object: it is made here if missing).
pub fn objdb_init(objdb: &mut ObjDb) {
    let runtime = match objdb.object_find_first(ObjectHandle::ROOT, b"runtime") {
        Ok(Some(h)) => h,
        _ => match objdb.object_create(ObjectHandle::ROOT, b"runtime") {
            Ok(h) => h,
            Err(_) => return,
        },
    };
    let Ok(blackbox) = objdb.object_create(runtime, b"blackbox") else {
        return;
    };
    let _ = objdb.object_key_create_typed(blackbox, b"dump_flight_data", b"no", ValueType::String);
    let _ = objdb.object_key_create_typed(blackbox, b"dump_state", b"no", ValueType::String);
    let _ = objdb.object_track_start(
        blackbox,
        TrackSpec::key_changes(TrackDepth::Recursive, TRACKER_OWNER),
    );
}

/// Act on changes of `runtime.blackbox` keys: called before every reply to
/// a client (so the dump is on disk when the request that asked for it
/// returns) and at the end of every executive pump.
pub fn objdb_poll(objdb: &mut ObjDb) {
    if !objdb.has_notifications() {
        return;
    }
    for n in objdb.take_notifications_of(TRACKER_OWNER) {
        if let ChangeEvent::KeyChanged { key_name, .. } = n.event
            && key_name == b"dump_flight_data"
        {
            store();
        }
        // dump_state: no engine of this executive has a state dump
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_change_is_noticed_and_others_stay_queued() {
        let mut db = ObjDb::new();
        objdb_init(&mut db);
        let rt = db
            .object_find_first(ObjectHandle::ROOT, b"runtime")
            .unwrap()
            .unwrap();
        let bb = db.object_find_first(rt, b"blackbox").unwrap().unwrap();
        assert_eq!(db.object_key_get(bb, b"dump_flight_data").unwrap(), b"no");
        db.object_track_start(bb, TrackSpec::key_changes(TrackDepth::Recursive, 7))
            .unwrap();
        db.object_key_replace(bb, b"dump_state", b"1234").unwrap();
        let mine = db.take_notifications_of(TRACKER_OWNER);
        assert_eq!(mine.len(), 1);
        let theirs = db.take_notifications();
        assert_eq!(theirs.len(), 1);
        assert_eq!(theirs[0].owner, 7);
    }
}
