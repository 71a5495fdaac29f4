//! The component loader of corosync 1.4 (`lcr`): shared objects named
//! `*.lcrso` register their interfaces from a constructor through
//! [`lcr_component_register`]; [`lcr_ifact_reference`] finds an interface
//! by name and version, loading `*.lcrso` files from the search path until
//! one provides it, and [`lcr_ifact_release`] gives it back.
//!
//! The search path is built on first need, as the original builds it: the
//! current directory, the plugin directory (`LCRSODIR`,
//! `$COROSYNC_LCRSODIR` at build time, else /usr/libexec/lcrso), every
//! `LD_LIBRARY_PATH` entry, then the directories listed in
//! /etc/ld.so.conf (following its `include` lines). It is exported as
//! `path_list` / `path_list_entries`, like the original's. Files are tried
//! in name order per directory; a file whose components offer nothing
//! wanted is unloaded again.
//!
//! Plugins run in-process: their tables and callbacks are trusted C code.
//! No lock is held while a plugin's code runs (its constructor may register
//! components, its interface constructor may reference more interfaces).

use std::collections::BTreeMap;
use std::ffi::{CStr, CString, c_char, c_int, c_uint, c_void};
use std::sync::{Mutex, MutexGuard};

/// `struct lcr_iface` (72 bytes on LP64).
#[repr(C)]
pub struct LcrIface {
    pub name: *const c_char,
    pub version: c_int,
    pub versions_replace: *mut c_int,
    pub versions_replace_count: c_int,
    pub dependencies: *mut *mut c_char,
    pub dependency_count: usize,
    pub constructor: Option<unsafe extern "C" fn(*mut c_void) -> c_int>,
    pub destructor: Option<unsafe extern "C" fn(*mut c_void)>,
    pub interfaces: *mut *mut c_void,
}

/// `struct lcr_comp`.
#[repr(C)]
pub struct LcrComp {
    pub ifaces: *mut LcrIface,
    pub iface_count: usize,
}

/// `LCRSODIR`.
pub const LCRSODIR: &str = match option_env!("COROSYNC_LCRSODIR") {
    Some(d) => d,
    None => "/usr/libexec/lcrso",
};

/// `PATH_LIST_SIZE`.
pub const PATH_LIST_SIZE: usize = 128;

/// The search path (`const char *path_list[128]`), filled on first need.
#[allow(non_upper_case_globals)]
#[unsafe(no_mangle)]
pub static mut path_list: [*const c_char; PATH_LIST_SIZE] = [std::ptr::null(); PATH_LIST_SIZE];

/// How many entries of [`path_list`] are used.
#[allow(non_upper_case_globals)]
#[unsafe(no_mangle)]
pub static mut path_list_entries: c_uint = 0;

struct Component {
    ifaces: *mut LcrIface,
    count: usize,
    /// The file it came from; `None` for components linked in.
    library: Option<String>,
}

struct Instance {
    context: *mut c_void,
    destructor: Option<unsafe extern "C" fn(*mut c_void)>,
}

struct State {
    components: Vec<Component>,
    instances: BTreeMap<u64, Instance>,
    next_handle: u64,
    initialized: bool,
}

// SAFETY: the raw pointers are plugin tables and contexts that live as long
// as the process (plugins stay loaded once they provided an interface); all
// access goes through the mutex.
unsafe impl Send for State {}

static STATE: Mutex<State> = Mutex::new(State {
    components: Vec::new(),
    instances: BTreeMap::new(),
    next_handle: 1,
    initialized: false,
});

fn state() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|p| p.into_inner())
}

/// Where interface `name` version `version` is: (component, iface index).
fn find(st: &State, from: usize, name: &[u8], version: c_int) -> Option<(usize, usize)> {
    for (ci, c) in st.components.iter().enumerate().skip(from) {
        for i in 0..c.count {
            // SAFETY: the component registered `count` ifaces at `ifaces`.
            let iface = unsafe { &*c.ifaces.add(i) };
            if iface.version != version || iface.name.is_null() {
                continue;
            }
            // SAFETY: a NUL-terminated name from the plugin.
            if unsafe { CStr::from_ptr(iface.name) }.to_bytes() == name {
                return Some((ci, i));
            }
        }
    }
    None
}

/// Appends one entry to the exported search path.
fn push_path(p: &str) {
    let Ok(c) = CString::new(p) else { return };
    // SAFETY: the path list is only written here, under the state lock
    // (every caller holds it), and read by C code afterwards.
    unsafe {
        let n = path_list_entries as usize;
        if n < PATH_LIST_SIZE {
            let list = &mut *std::ptr::addr_of_mut!(path_list);
            list[n] = c.into_raw();
            path_list_entries += 1;
        }
    }
}

/// The directories of an ld.so.conf-style file, following `include`.
fn ldso_paths(file: &std::path::Path, depth: u32, out: &mut Vec<String>) {
    if depth > 8 {
        return;
    }
    let Ok(text) = std::fs::read_to_string(file) else {
        return;
    };
    let base = file.parent().unwrap_or(std::path::Path::new("/"));
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(pattern) = line.strip_prefix("include") {
            let pattern = pattern.trim();
            let pattern = if pattern.starts_with('/') {
                std::path::PathBuf::from(pattern)
            } else {
                base.join(pattern)
            };
            let dir = pattern.parent().unwrap_or(base).to_path_buf();
            let name = pattern
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if let Some(suffix) = name.strip_prefix('*') {
                let mut files: Vec<_> = std::fs::read_dir(&dir)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(suffix))
                    .collect();
                files.sort();
                for f in files {
                    ldso_paths(&dir.join(f), depth + 1, out);
                }
            } else {
                ldso_paths(&pattern, depth + 1, out);
            }
            continue;
        }
        out.push(line.to_string());
    }
}

fn build_path_list() {
    if let Ok(cwd) = std::env::current_dir() {
        push_path(&cwd.to_string_lossy());
    }
    push_path(LCRSODIR);
    if let Some(ld) = std::env::var_os("LD_LIBRARY_PATH") {
        for p in ld.to_string_lossy().split(':') {
            push_path(p);
        }
    }
    let mut dirs = Vec::new();
    ldso_paths(std::path::Path::new("/etc/ld.so.conf"), 0, &mut dirs);
    for d in dirs {
        push_path(&d);
    }
}

fn path_entries() -> Vec<String> {
    // SAFETY: read under the state lock, which every writer holds.
    unsafe {
        let list = &*std::ptr::addr_of!(path_list);
        list[..(path_list_entries as usize).min(PATH_LIST_SIZE)]
            .iter()
            .filter(|p| !p.is_null())
            .map(|&p| CStr::from_ptr(p).to_string_lossy().into_owned())
            .collect()
    }
}

/// The `*.lcrso` files of `dir`, in name order.
fn lcrso_files(dir: &str) -> Vec<String> {
    let mut names: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| {
            use std::os::unix::ffi::OsStrExt;
            e.file_name().as_bytes().to_vec()
        })
        .filter(|n| n.len() > 6 && n.ends_with(b".lcrso"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| format!("{dir}/{}", String::from_utf8_lossy(&n)))
        .collect()
}

/// Loads `file` and looks for the interface among what it registers;
/// unloads it again when it has none.
fn try_library(file: &str, name: &[u8], version: c_int) -> Option<(usize, usize)> {
    let before = {
        let st = state();
        if st
            .components
            .iter()
            .any(|c| c.library.as_deref() == Some(file))
        {
            return None;
        }
        st.components.len()
    };
    let c_file = CString::new(file).ok()?;
    // SAFETY: loading a shared object; its constructors run now and may call
    // lcr_component_register (the state lock is not held).
    let dl = unsafe { libc::dlopen(c_file.as_ptr(), libc::RTLD_NOW) };
    if dl.is_null() {
        // SAFETY: dlerror returns a message owned by libc, or NULL.
        let why = unsafe { libc::dlerror() };
        let why = if why.is_null() {
            String::new()
        } else {
            // SAFETY: a NUL-terminated message from libc.
            unsafe { CStr::from_ptr(why) }
                .to_string_lossy()
                .into_owned()
        };
        eprintln!("{file}: open failed: {why}");
        return None;
    }
    let mut st = state();
    match find(&st, before, name, version) {
        Some(found) => {
            for c in st.components.iter_mut().skip(before) {
                c.library = Some(file.to_string());
            }
            Some(found)
        }
        None => {
            st.components.truncate(before);
            drop(st);
            // SAFETY: the handle dlopen gave; nothing of it is referenced
            // any more (its components were just forgotten).
            unsafe { libc::dlclose(dl) };
            None
        }
    }
}

/// `lcr_ifact_reference`: 0 and the interface table in `*iface` (its
/// constructor called with `context`), or -1 when no component offers
/// `iface_name` at `version`.
///
/// # Safety
/// `handle` and `iface` must be writable; `iface_name` a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lcr_ifact_reference(
    handle: *mut u64,
    iface_name: *const c_char,
    version: c_int,
    iface: *mut *mut c_void,
    context: *mut c_void,
) -> c_int {
    if handle.is_null() || iface_name.is_null() || iface.is_null() {
        return -1;
    }
    // SAFETY: the caller passes a C string.
    let name = unsafe { CStr::from_ptr(iface_name) }.to_bytes().to_vec();
    let reference = move || -> c_int {
        let mut found = find(&state(), 0, &name, version);
        if found.is_none() {
            let dirs = {
                let mut st = state();
                if !st.initialized {
                    st.initialized = true;
                    build_path_list();
                }
                path_entries()
            };
            'dirs: for dir in dirs {
                for file in lcrso_files(&dir) {
                    found = try_library(&file, &name, version);
                    if found.is_some() {
                        break 'dirs;
                    }
                }
            }
        }
        let Some((ci, i)) = found else {
            return -1;
        };
        let (table, constructor, destructor) = {
            let st = state();
            let c = &st.components[ci];
            // SAFETY: index within the component's registered ifaces.
            let f = unsafe { &*c.ifaces.add(i) };
            (f.interfaces, f.constructor, f.destructor)
        };
        // SAFETY: `iface` is writable (checked non-null above).
        unsafe { *iface = table.cast() };
        if let Some(ctor) = constructor {
            // SAFETY: the plugin's constructor with the caller's context.
            unsafe { ctor(context) };
        }
        let mut st = state();
        let h = st.next_handle;
        st.next_handle += 1;
        st.instances.insert(
            h,
            Instance {
                context,
                destructor,
            },
        );
        // SAFETY: `handle` is writable (checked non-null above).
        unsafe { *handle = h };
        0
    };
    std::panic::catch_unwind(reference).unwrap_or(-1)
}

/// `lcr_ifact_release`: calls the interface's destructor with the context
/// given at reference; -1 for an unknown handle.
#[unsafe(no_mangle)]
pub extern "C" fn lcr_ifact_release(handle: u64) -> c_int {
    std::panic::catch_unwind(|| {
        let Some(inst) = state().instances.remove(&handle) else {
            return -1;
        };
        if let Some(dtor) = inst.destructor {
            // SAFETY: the plugin's destructor with the context it was
            // referenced with.
            unsafe { dtor(inst.context) };
        }
        0
    })
    .unwrap_or(-1)
}

/// `lcr_component_register`: called by a component's constructor.
///
/// # Safety
/// `comp` must point at a `struct lcr_comp` whose interface array lives as
/// long as the component is loaded.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lcr_component_register(comp: *mut LcrComp) {
    if comp.is_null() {
        return;
    }
    // SAFETY: the caller's component description.
    let c = unsafe { &*comp };
    if c.ifaces.is_null() && c.iface_count > 0 {
        return;
    }
    state().components.push(Component {
        ifaces: c.ifaces,
        count: c.iface_count,
        library: None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_match_the_headers() {
        assert_eq!(std::mem::size_of::<LcrIface>(), 72);
        assert_eq!(std::mem::size_of::<LcrComp>(), 16);
    }

    #[test]
    fn ldso_conf_includes_are_followed() {
        let d = std::env::temp_dir().join(format!("lcr-test-{}", std::process::id()));
        std::fs::create_dir_all(d.join("conf.d")).unwrap();
        std::fs::write(
            d.join("ld.so.conf"),
            format!(
                "# comment\n/opt/a\ninclude {}/conf.d/*.conf\n\n",
                d.display()
            ),
        )
        .unwrap();
        std::fs::write(d.join("conf.d/2.conf"), "/opt/c\n").unwrap();
        std::fs::write(d.join("conf.d/1.conf"), "/opt/b\ninclude nothere.conf\n").unwrap();
        std::fs::write(d.join("conf.d/skip.txt"), "/opt/x\n").unwrap();
        let mut out = Vec::new();
        ldso_paths(&d.join("ld.so.conf"), 0, &mut out);
        assert_eq!(out, ["/opt/a", "/opt/b", "/opt/c"]);
        std::fs::remove_dir_all(&d).unwrap();
    }

    static mut BUILT: c_int = 0;
    unsafe extern "C" fn ctor(ctx: *mut c_void) -> c_int {
        // SAFETY: the test passes a pointer to an i32.
        unsafe { *(ctx as *mut c_int) += 1 };
        0
    }
    unsafe extern "C" fn dtor(ctx: *mut c_void) {
        // SAFETY: the test passes a pointer to an i32.
        unsafe { *(ctx as *mut c_int) -= 10 };
    }

    #[test]
    fn linked_in_components_are_found_and_released() {
        let table: &'static mut [*mut c_void; 1] = Box::leak(Box::new([std::ptr::null_mut()]));
        let ifaces = Box::leak(Box::new([LcrIface {
            name: c"lcr_unit_test".as_ptr(),
            version: 3,
            versions_replace: std::ptr::null_mut(),
            versions_replace_count: 0,
            dependencies: std::ptr::null_mut(),
            dependency_count: 0,
            constructor: Some(ctor),
            destructor: Some(dtor),
            interfaces: table.as_mut_ptr(),
        }]));
        let mut comp = LcrComp {
            ifaces: ifaces.as_mut_ptr(),
            iface_count: 1,
        };
        // SAFETY: a component description that lives for the test.
        unsafe { lcr_component_register(&mut comp) };
        let mut h = 0u64;
        let mut got: *mut c_void = std::ptr::null_mut();
        // SAFETY: valid out pointers and a C string; the context is ours.
        let r = unsafe {
            lcr_ifact_reference(
                &mut h,
                c"lcr_unit_test".as_ptr(),
                3,
                &mut got,
                std::ptr::addr_of_mut!(BUILT).cast(),
            )
        };
        assert_eq!(r, 0);
        assert_eq!(got, table.as_mut_ptr().cast());
        // SAFETY: the test's own counter.
        assert_eq!(unsafe { BUILT }, 1);
        assert_eq!(lcr_ifact_release(h), 0);
        // SAFETY: the test's own counter.
        assert_eq!(unsafe { BUILT }, -9);
        assert_eq!(lcr_ifact_release(h), -1, "released twice");
    }
}
