//! `liblogsys.so.4`: the logging API of `corosync/engine/logsys.h` for C
//! programs (and components loaded into a host), on top of this project's
//! logging crate: the same targets (stderr, log file, syslog), filters,
//! line format and flight recorder as the executive, whose dumps
//! `corosync-fplay` prints.
//!
//! `LOGSYS_DECLARE_SYSTEM` runs `_logsys_system_setup`, `logsys_format_set`,
//! `_logsys_rec_init` and `_logsys_wthread_create` from a constructor, and
//! `LOGSYS_DECLARE_SUBSYS` constructors may run before or after it. The
//! settings are therefore collected until the logging system is first
//! needed (the writer thread starts, a message is logged, or the program
//! forks), and applied to the live system afterwards.
//!
//! Subsystem ids handed to the program are this library's own (0, 1, ...
//! in creation order; `LOGSYS_MAX_SUBSYS_COUNT` is the main system).

use std::collections::HashMap;
use std::ffi::{CStr, c_char, c_int, c_uint, c_void};
use std::sync::{Mutex, MutexGuard, OnceLock};

use logsys::flight::{RecordFields, decode_recid, decode_subsys, recid};
use logsys::{
    DebugMode, Facility, Level, LoggerSettings, LoggingConfig, Logsys, LogsysOptions, RecordKind,
    Site, Subsys,
};

/// `LOGSYS_MODE_*`.
pub const MODE_OUTPUT_FILE: u32 = 1 << 0;
pub const MODE_OUTPUT_STDERR: u32 = 1 << 1;
pub const MODE_OUTPUT_SYSLOG: u32 = 1 << 2;
pub const MODE_FORK: u32 = 1 << 3;
pub const MODE_THREADED: u32 = 1 << 4;

macro_rules! guarded {
    ($on_panic:expr, $body:block) => {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || $body)).unwrap_or($on_panic)
    };
}

const MAX_SUBSYS: usize = logsys::MAX_SUBSYS_COUNT;

struct State {
    system_name: String,
    /// The system's mode bits, and each subsystem's.
    mode: u32,
    modes: Vec<u32>,
    config: LoggingConfig,
    recorder_bytes: Option<usize>,
    /// Our subsystem ids: index into this list.
    subsystems: Vec<String>,
    setup_done: bool,
}

static STATE: Mutex<Option<State>> = Mutex::new(None);
static LIVE: OnceLock<&'static Logsys> = OnceLock::new();

fn state() -> MutexGuard<'static, Option<State>> {
    STATE.lock().unwrap_or_else(|p| p.into_inner())
}

fn with_state<R>(f: impl FnOnce(&mut State) -> R) -> R {
    let mut g = state();
    let st = g.get_or_insert_with(|| State {
        system_name: "logsys".to_string(),
        mode: MODE_OUTPUT_STDERR | MODE_THREADED,
        modes: Vec::new(),
        config: LoggingConfig::default(),
        recorder_bytes: None,
        subsystems: Vec::new(),
        setup_done: false,
    });
    f(st)
}

/// The running logging system, made from the collected settings on first
/// need.
fn live() -> &'static Logsys {
    LIVE.get_or_init(|| {
        let (name, bytes, config, subsystems, threaded, fork) = with_state(|st| {
            (
                st.system_name.clone(),
                st.recorder_bytes,
                st.config.clone(),
                st.subsystems.clone(),
                st.mode & MODE_THREADED != 0,
                st.mode & MODE_FORK != 0,
            )
        });
        let logsys = Logsys::new(LogsysOptions {
            system_name: name,
            flight_recorder_bytes: bytes,
            ..LogsysOptions::default()
        });
        let logsys: &'static Logsys = match logsys::install_global(logsys) {
            Ok(()) => logsys::global(),
            // a global existed already (a host that logs itself)
            Err(_) => logsys::global(),
        };
        for s in &subsystems {
            let _ = logsys.subsys_create(s);
        }
        let _ = logsys.apply_config(&config);
        logsys.set_foreground(true);
        if threaded && !fork {
            let _ = logsys.start_writer();
        }
        logsys
    })
}

/// Applies the collected settings to the live system, if it runs.
fn push_config() -> c_int {
    let Some(l) = LIVE.get() else {
        return 0;
    };
    let config = with_state(|st| st.config.clone());
    match l.apply_config(&config) {
        Ok(()) => 0,
        Err(_) => -1,
    }
}

/// A C string argument; `None` for NULL or invalid UTF-8.
///
/// # Safety
/// `p` must be NULL or a NUL-terminated string.
unsafe fn text<'a>(p: *const c_char) -> Option<&'a str> {
    if p.is_null() {
        return None;
    }
    // SAFETY: promised by the caller.
    unsafe { CStr::from_ptr(p) }.to_str().ok()
}

/// Source locations come as C string literals: each distinct pointer is
/// copied once and kept.
fn interned(p: *const c_char) -> &'static str {
    static TABLE: Mutex<Option<HashMap<usize, &'static str>>> = Mutex::new(None);
    if p.is_null() {
        return "";
    }
    let mut g = TABLE.lock().unwrap_or_else(|e| e.into_inner());
    let t = g.get_or_insert_with(HashMap::new);
    if let Some(s) = t.get(&(p as usize)) {
        return s;
    }
    // SAFETY: a NUL-terminated string from the program (__FILE__,
    // __FUNCTION__).
    let s = unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned();
    let s: &'static str = Box::leak(s.into_boxed_str());
    t.insert(p as usize, s);
    s
}

/// Our subsystem id in a record identifier, as the logging crate's.
fn subsys_of(logsys: &Logsys, ident: u32) -> Subsys {
    let id = decode_subsys(ident) as usize;
    let name = with_state(|st| st.subsystems.get(id).cloned());
    name.and_then(|n| logsys.subsys_lookup(&n))
        .unwrap_or(Subsys::SYSTEM)
}

fn kind_of(ident: u32) -> RecordKind {
    match decode_recid(ident) {
        recid::ENTER => RecordKind::Enter,
        recid::LEAVE => RecordKind::Leave,
        r if (recid::TRACE8..=recid::TRACE1).contains(&r) => {
            RecordKind::Trace((recid::TRACE1 + 1 - r) as u8)
        }
        _ => RecordKind::Log,
    }
}

/// Applies `change` to the settings of `subsys` (all loggers when NULL).
///
/// # Safety
/// `subsys` must be NULL or a C string.
unsafe fn change_settings(
    subsys: *const c_char,
    change: impl Fn(&mut LoggerSettings, &mut u32),
) -> c_int {
    // SAFETY: promised by the caller.
    let name = unsafe { text(subsys) };
    if !subsys.is_null() && name.is_none() {
        return -1;
    }
    let ok = with_state(|st| match name {
        None => {
            let mut mode = st.mode;
            change(&mut st.config.system, &mut mode);
            st.mode = mode;
            for (i, (_, s)) in st.config.subsystems.iter_mut().enumerate() {
                if let Some(m) = st.modes.get_mut(i) {
                    change(s, m);
                }
            }
            true
        }
        Some(n) => {
            let Some(i) = st.subsystems.iter().position(|s| s == n) else {
                return false;
            };
            let mut mode = st.modes[i];
            change(st.config.subsys_entry(n), &mut mode);
            st.modes[i] = mode;
            true
        }
    });
    if !ok {
        return -1;
    }
    push_config()
}

fn apply_mode(s: &mut LoggerSettings, mode: u32) {
    s.to_logfile = mode & MODE_OUTPUT_FILE != 0;
    s.to_stderr = mode & MODE_OUTPUT_STDERR != 0;
    s.to_syslog = mode & MODE_OUTPUT_SYSLOG != 0;
}

fn level(p: c_int) -> Option<Level> {
    u8::try_from(p).ok().and_then(Level::from_raw)
}

/// Sets one priority of `subsys` (all when NULL); -1 for a priority that
/// is not a syslog level.
///
/// # Safety
/// `subsys` must be NULL or a C string.
unsafe fn set_priority(
    subsys: *const c_char,
    priority: c_uint,
    set: impl Fn(&mut LoggerSettings, Level),
) -> c_int {
    let Some(p) = level(priority as c_int) else {
        return -1;
    };
    guarded!(-1, {
        // SAFETY: promised by the caller.
        unsafe { change_settings(subsys, |s, _| set(s, p)) }
    })
}

/// Formatted text from the C side (`_logsys_log_printf`, `_vprintf`).
///
/// # Safety
/// The strings must be NULL or NUL-terminated; `text` points to `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn clogsys_log_text(
    rec_ident: c_uint,
    function: *const c_char,
    file: *const c_char,
    line: c_int,
    message: *const c_char,
    len: usize,
) {
    let _ = std::panic::catch_unwind(|| {
        if message.is_null() {
            return;
        }
        // SAFETY: the C side passes `len` formatted bytes.
        let bytes = unsafe { std::slice::from_raw_parts(message.cast::<u8>(), len) };
        let l = live();
        let Some(lvl) = level((rec_ident & 7) as c_int) else {
            return;
        };
        let site = Site {
            subsys: subsys_of(l, rec_ident),
            level: lvl,
            kind: kind_of(rec_ident),
            file: interned(file),
            function: interned(function),
            line: line.max(0) as u32,
        };
        let msg = String::from_utf8_lossy(bytes);
        l.log(site, format_args!("{msg}"));
        if with_state(|st| st.mode & MODE_THREADED == 0) {
            l.flush();
        }
    });
}

/// A record with raw arguments (`_logsys_log_rec`): flight recorder only,
/// except that a `LOGSYS_RECID_LOG` record's first argument is its message.
///
/// # Safety
/// `parts` and `lens` hold `count` entries; each part `lens[i]` readable
/// bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn clogsys_log_parts(
    rec_ident: c_uint,
    function: *const c_char,
    file: *const c_char,
    line: c_int,
    parts: *const *const c_void,
    lens: *const usize,
    count: usize,
) {
    let _ = std::panic::catch_unwind(|| {
        let mut args: Vec<&[u8]> = Vec::with_capacity(count);
        for i in 0..count {
            // SAFETY: the C side collected `count` (pointer, length) pairs.
            let (p, n) = unsafe { (*parts.add(i), *lens.add(i)) };
            if p.is_null() {
                args.push(&[]);
            } else {
                // SAFETY: the program passed `n` readable bytes at `p`.
                args.push(unsafe { std::slice::from_raw_parts(p.cast::<u8>(), n) });
            }
        }
        let l = live();
        let Some(recorder) = l.flight_recorder() else {
            return;
        };
        let subsys = subsys_of(l, rec_ident);
        let subsys_name = if subsys == Subsys::SYSTEM {
            with_state(|st| st.system_name.clone())
        } else {
            with_state(|st| {
                st.subsystems
                    .get(decode_subsys(rec_ident) as usize)
                    .cloned()
                    .unwrap_or_default()
            })
        };
        let time = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let file = interned(file);
        recorder.record(&RecordFields {
            ident: rec_ident,
            line: line.max(0) as u32,
            time,
            subsys: &subsys_name,
            file: file.rsplit('/').next().unwrap_or(file),
            function: interned(function),
            message: None,
            args: &args,
        });
    });
}

/// Its address ends `_logsys_log_rec` argument lists (`LOGSYS_REC_END`).
#[allow(non_upper_case_globals)]
#[unsafe(no_mangle)]
pub static mut logsys_rec_end: *mut c_void = std::ptr::null_mut();

/// `CODE` of <syslog.h>: a name and its value.
#[repr(C)]
pub struct Code {
    pub c_name: *const c_char,
    pub c_val: c_int,
}

// SAFETY: the tables hold pointers to static strings only.
unsafe impl Sync for Code {}

macro_rules! code {
    ($n:literal, $v:expr) => {
        Code {
            c_name: concat!($n, "\0").as_ptr().cast(),
            c_val: $v,
        }
    };
}

/// `facilitynames`: facility names and values, ended by a NULL name.
#[allow(non_upper_case_globals)]
#[unsafe(no_mangle)]
pub static facilitynames: [Code; 21] = [
    code!("auth", libc::LOG_AUTH),
    code!("authpriv", libc::LOG_AUTHPRIV),
    code!("cron", libc::LOG_CRON),
    code!("daemon", libc::LOG_DAEMON),
    code!("ftp", libc::LOG_FTP),
    code!("kern", libc::LOG_KERN),
    code!("lpr", libc::LOG_LPR),
    code!("mail", libc::LOG_MAIL),
    code!("news", libc::LOG_NEWS),
    code!("security", libc::LOG_AUTH),
    code!("syslog", libc::LOG_SYSLOG),
    code!("user", libc::LOG_USER),
    code!("uucp", libc::LOG_UUCP),
    code!("local0", libc::LOG_LOCAL0),
    code!("local1", libc::LOG_LOCAL1),
    code!("local2", libc::LOG_LOCAL2),
    code!("local3", libc::LOG_LOCAL3),
    code!("local4", libc::LOG_LOCAL4),
    code!("local5", libc::LOG_LOCAL5),
    code!("local6", libc::LOG_LOCAL6),
    Code {
        c_name: std::ptr::null(),
        c_val: -1,
    },
];

/// `prioritynames`: priority names and values, ended by a NULL name.
#[allow(non_upper_case_globals)]
#[unsafe(no_mangle)]
pub static prioritynames: [Code; 13] = [
    code!("alert", libc::LOG_ALERT),
    code!("crit", libc::LOG_CRIT),
    code!("debug", libc::LOG_DEBUG),
    code!("emerg", libc::LOG_EMERG),
    code!("err", libc::LOG_ERR),
    code!("error", libc::LOG_ERR),
    code!("info", libc::LOG_INFO),
    code!("notice", libc::LOG_NOTICE),
    code!("panic", libc::LOG_EMERG),
    code!("warning", libc::LOG_WARNING),
    code!("warn", libc::LOG_WARNING),
    code!("trace", libc::LOG_DEBUG + 1),
    Code {
        c_name: std::ptr::null(),
        c_val: -1,
    },
];

/// `_logsys_system_setup`.
///
/// # Safety
/// The strings must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _logsys_system_setup(
    mainsystem: *const c_char,
    mode: c_uint,
    debug: c_uint,
    logfile: *const c_char,
    logfile_priority: c_int,
    syslog_facility: c_int,
    syslog_priority: c_int,
) -> c_int {
    // SAFETY: promised by the caller.
    let (name, file) = unsafe { (text(mainsystem), text(logfile)) };
    guarded!(-1, {
        let Some(name) = name else { return -1 };
        if name.len() >= logsys::MAX_SUBSYS_NAMELEN {
            return -1;
        }
        if mode & MODE_OUTPUT_FILE != 0 && file.is_none() {
            return -1;
        }
        let (Some(fp), Some(sp)) = (level(logfile_priority), level(syslog_priority)) else {
            return -1;
        };
        with_state(|st| {
            st.system_name = name.to_string();
            st.mode = mode;
            let s = &mut st.config.system;
            apply_mode(s, mode);
            s.logfile = file.map(Into::into);
            s.logfile_priority = fp;
            s.syslog_priority = sp;
            s.syslog_facility = Facility::from_raw(syslog_facility).unwrap_or(Facility::DAEMON);
            s.debug = if debug != 0 {
                DebugMode::On
            } else {
                DebugMode::Off
            };
            st.setup_done = true;
        });
        0
    })
}

/// `_logsys_config_subsys_get`: a subsystem's id, -1 if it does not exist.
///
/// # Safety
/// `subsys` must be NULL or a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _logsys_config_subsys_get(subsys: *const c_char) -> c_int {
    // SAFETY: promised by the caller.
    let name = unsafe { text(subsys) };
    guarded!(-1, {
        let Some(name) = name else { return -1 };
        with_state(|st| {
            st.subsystems
                .iter()
                .position(|s| s == name)
                .map_or(-1, |i| i as c_int)
        })
    })
}

/// `_logsys_subsys_create`: the id of a new (or existing) subsystem.
///
/// # Safety
/// `subsys` must be NULL or a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _logsys_subsys_create(subsys: *const c_char) -> c_int {
    // SAFETY: promised by the caller.
    let name = unsafe { text(subsys) };
    guarded!(-1, {
        let Some(name) = name else { return -1 };
        if name.is_empty() || name.len() >= logsys::MAX_SUBSYS_NAMELEN {
            return -1;
        }
        let id = with_state(|st| {
            if let Some(i) = st.subsystems.iter().position(|s| s == name) {
                return Some(i);
            }
            if st.subsystems.len() >= MAX_SUBSYS {
                return None;
            }
            st.subsystems.push(name.to_string());
            let mode = st.mode;
            st.modes.push(mode);
            st.config.subsys_entry(name);
            Some(st.subsystems.len() - 1)
        });
        let Some(id) = id else { return -1 };
        if let Some(l) = LIVE.get()
            && l.subsys_create(name).is_err()
        {
            return -1;
        }
        if push_config() != 0 {
            return -1;
        }
        id as c_int
    })
}

/// `_logsys_rec_init`: the flight recorder's size in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn _logsys_rec_init(size: c_uint) -> c_int {
    guarded!(-1, {
        if LIVE.get().is_some() {
            // the recorder exists already: its size is kept
            return 0;
        }
        with_state(|st| st.recorder_bytes = Some(size as usize));
        0
    })
}

/// `_logsys_wthread_create`: starts logging (the writer thread, unless
/// the program forks first).
#[unsafe(no_mangle)]
pub extern "C" fn _logsys_wthread_create() -> c_int {
    guarded!(-1, {
        live();
        0
    })
}

/// `logsys_fork_completed`: the writer thread starts now.
#[unsafe(no_mangle)]
pub extern "C" fn logsys_fork_completed() {
    guarded!((), {
        with_state(|st| st.mode &= !MODE_FORK);
        let _ = live().start_writer();
    })
}

/// `logsys_atexit`: writes what is queued and stops the writer.
#[unsafe(no_mangle)]
pub extern "C" fn logsys_atexit() {
    guarded!((), {
        if let Some(l) = LIVE.get() {
            l.flush();
            l.shutdown();
        }
    })
}

/// `logsys_flush`.
#[unsafe(no_mangle)]
pub extern "C" fn logsys_flush() {
    guarded!((), {
        if let Some(l) = LIVE.get() {
            l.flush();
        }
    })
}

/// `logsys_log_rec_store`: writes the flight recorder to `filename`.
///
/// # Safety
/// `filename` must be NULL or a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn logsys_log_rec_store(filename: *const c_char) -> c_int {
    // SAFETY: promised by the caller.
    let name = unsafe { text(filename) };
    guarded!(-1, {
        let Some(name) = name else { return -1 };
        match live().flight_data_store(std::path::Path::new(name)) {
            Ok(()) => 0,
            Err(_) => -1,
        }
    })
}

/// `logsys_format_set`: NULL restores the default format.
///
/// # Safety
/// `format` must be NULL or a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn logsys_format_set(format: *const c_char) -> c_int {
    // SAFETY: promised by the caller.
    let f = unsafe { text(format) };
    guarded!(-1, {
        if !format.is_null() && f.is_none() {
            return -1;
        }
        with_state(|st| {
            st.config.format = f.unwrap_or(logsys::DEFAULT_FORMAT).to_string();
        });
        push_config()
    })
}

/// `logsys_format_get`: the current format (library storage).
#[unsafe(no_mangle)]
pub extern "C" fn logsys_format_get() -> *mut c_char {
    static BUF: Mutex<Vec<u8>> = Mutex::new(Vec::new());
    guarded!(std::ptr::null_mut(), {
        let f = with_state(|st| st.config.format.clone());
        let mut b = BUF.lock().unwrap_or_else(|e| e.into_inner());
        b.clear();
        b.extend_from_slice(f.as_bytes());
        b.push(0);
        b.as_mut_ptr().cast()
    })
}

/// `logsys_config_syslog_facility_set`.
///
/// # Safety
/// `subsys` must be NULL or a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn logsys_config_syslog_facility_set(
    subsys: *const c_char,
    facility: c_uint,
) -> c_int {
    let Some(f) = c_int::try_from(facility).ok().and_then(Facility::from_raw) else {
        return -1;
    };
    guarded!(-1, {
        // SAFETY: promised by the caller.
        unsafe { change_settings(subsys, |s, _| s.syslog_facility = f) }
    })
}

/// `logsys_config_syslog_priority_set`.
///
/// # Safety
/// `subsys` must be NULL or a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn logsys_config_syslog_priority_set(
    subsys: *const c_char,
    priority: c_uint,
) -> c_int {
    // SAFETY: promised by the caller.
    unsafe { set_priority(subsys, priority, |s, p| s.syslog_priority = p) }
}

/// `logsys_config_mode_set`: the output bits of a subsystem (all when NULL).
///
/// # Safety
/// `subsys` must be NULL or a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn logsys_config_mode_set(subsys: *const c_char, mode: c_uint) -> c_int {
    guarded!(-1, {
        // SAFETY: promised by the caller.
        unsafe {
            change_settings(subsys, |s, m| {
                *m = mode;
                apply_mode(s, mode);
            })
        }
    })
}

/// `logsys_config_mode_get`: -1 (all bits) for an unknown subsystem.
///
/// # Safety
/// `subsys` must be NULL or a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn logsys_config_mode_get(subsys: *const c_char) -> c_uint {
    // SAFETY: promised by the caller.
    let name = unsafe { text(subsys) };
    guarded!(u32::MAX, {
        with_state(|st| match name {
            None => st.mode,
            Some(n) => st
                .subsystems
                .iter()
                .position(|s| s == n)
                .map_or(u32::MAX, |i| st.modes[i]),
        })
    })
}

/// `logsys_config_file_set`: NULL closes the file.
///
/// # Safety
/// The strings must be NULL or C strings; `error_string` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn logsys_config_file_set(
    subsys: *const c_char,
    error_string: *mut *const c_char,
    file: *const c_char,
) -> c_int {
    // SAFETY: promised by the caller.
    let path = unsafe { text(file) };
    let r = guarded!(-1, {
        // SAFETY: promised by the caller.
        unsafe { change_settings(subsys, |s, _| s.logfile = path.map(Into::into)) }
    });
    if r != 0 && !error_string.is_null() {
        // SAFETY: the caller's out pointer; the message is static.
        unsafe { *error_string = c"Can't open logfile".as_ptr() };
    }
    r
}

/// `logsys_config_logfile_priority_set`.
///
/// # Safety
/// `subsys` must be NULL or a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn logsys_config_logfile_priority_set(
    subsys: *const c_char,
    priority: c_uint,
) -> c_int {
    // SAFETY: promised by the caller.
    unsafe { set_priority(subsys, priority, |s, p| s.logfile_priority = p) }
}

/// `logsys_config_debug_set`: `LOGSYS_DEBUG_OFF`, `_ON` or `_TRACE`.
///
/// # Safety
/// `subsys` must be NULL or a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn logsys_config_debug_set(subsys: *const c_char, value: c_uint) -> c_int {
    let d = match value {
        0 => DebugMode::Off,
        1 => DebugMode::On,
        2 => DebugMode::Trace,
        _ => return -1,
    };
    guarded!(-1, {
        // SAFETY: promised by the caller.
        unsafe { change_settings(subsys, |s, _| s.debug = d) }
    })
}

/// `logsys_facility_id_get`.
///
/// # Safety
/// `name` must be NULL or a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn logsys_facility_id_get(name: *const c_char) -> c_int {
    // SAFETY: promised by the caller.
    let n = unsafe { text(name) };
    guarded!(-1, {
        n.and_then(logsys::facility_id_get)
            .map_or(-1, |f| f.as_raw())
    })
}

fn table_name(table: &'static [Code], value: c_int) -> *const c_char {
    table
        .iter()
        .find(|c| !c.c_name.is_null() && c.c_val == value)
        .map_or(std::ptr::null(), |c| c.c_name)
}

/// `logsys_facility_name_get`.
#[unsafe(no_mangle)]
pub extern "C" fn logsys_facility_name_get(facility: c_uint) -> *const c_char {
    table_name(&facilitynames, facility as c_int)
}

/// `logsys_priority_id_get`.
///
/// # Safety
/// `name` must be NULL or a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn logsys_priority_id_get(name: *const c_char) -> c_int {
    // SAFETY: promised by the caller.
    let n = unsafe { text(name) };
    guarded!(-1, {
        n.and_then(logsys::priority_id_get)
            .map_or(-1, |l| c_int::from(l.as_raw()))
    })
}

/// `logsys_priority_name_get`.
#[unsafe(no_mangle)]
pub extern "C" fn logsys_priority_name_get(priority: c_uint) -> *const c_char {
    table_name(&prioritynames, priority as c_int)
}

/// `logsys_thread_priority_set`: the writer thread's scheduling; with no
/// writer thread running, -1.
///
/// # Safety
/// `param` must be NULL or a readable `struct sched_param`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn logsys_thread_priority_set(
    policy: c_int,
    param: *const libc::sched_param,
    after_log_ops_yield: c_uint,
) -> c_int {
    let _ = after_log_ops_yield;
    if param.is_null() {
        return -1;
    }
    // SAFETY: promised by the caller.
    let p = unsafe { *param };
    guarded!(-1, {
        let Some(thread) = LIVE.get().and_then(|l| l.writer_pthread()) else {
            return -1;
        };
        // SAFETY: the writer thread runs while the logging system does; the
        // parameters are a plain copy of the caller's.
        if unsafe { libc::pthread_setschedparam(thread, policy, &p) } == 0 {
            0
        } else {
            -1
        }
    })
}
