//! Command line, startup and shutdown of the executive, in the original's
//! order and with its messages and exit codes.

use std::os::fd::AsRawFd;
use std::sync::{Arc, Mutex};

use coroconfig::{
    ConfigError, LoaderRegistry, ParserPaths, SyncMode as ConfigSyncMode, SystemUserDb, TotemEnv,
    apply_logging_config, config_iface_from_env, read_compatibility, read_services,
    read_totem_config, read_uidgid,
};
use corosync_wire::ipc::SOCKET_NAME;
use objdb::ObjDb;

use crate::daemon::{MainLoop, Shared};
use crate::eventloop::Waker;
use crate::exec::{Executive, Services};
use crate::ipc::listener::Listener;
use crate::sync::Compatibility;
use crate::totemglue::Glue;

pub const VERSION: &str = "1.4.10";

/// Exit statuses (`enum e_ais_done` of the original).
pub mod exit {
    pub const OK: i32 = 0;
    pub const FORK: i32 = 4;
    pub const LIBAIS_BIND: i32 = 6;
    pub const MAINCONFIGREAD: i32 = 8;
    pub const INIT_SERVICES: i32 = 13;
    pub const FATAL_ERR: i32 = 15;
    pub const DIR_NOT_PRESENT: i32 = 16;
    pub const AQUIRE_LOCK: i32 = 17;
    pub const ALREADY_RUNNING: i32 = 18;
}

/// Logs the exit line, flushes the log and returns the status.
fn exit_error(status: i32, line: u32) -> i32 {
    crate::log_printf!(
        MAIN,
        Error,
        "Corosync Cluster Engine exiting with status {status} at main.rs:{line}.\n"
    );
    logsys::global().shutdown();
    status
}

struct Options {
    background: bool,
    setprio: bool,
}

fn usage() {
    eprint!(
        "usage:\n        -f     : Start application in foreground.\n        -p     : Do not set process priority.    \n        -v     : Display version and SVN revision of Corosync and exit.\n"
    );
}

/// getopt("fpv"): clustered flags allowed, anything else is an error.
fn parse_args(args: &[String]) -> Result<Option<Options>, ()> {
    let mut o = Options {
        background: true,
        setprio: true,
    };
    for a in args.iter().skip(1) {
        let Some(flags) = a.strip_prefix('-') else {
            // getopt stops at the first non-option; the original ignores
            // the rest.
            break;
        };
        if flags.is_empty() {
            return Err(());
        }
        if flags == "-" {
            break;
        }
        for c in flags.chars() {
            match c {
                'f' => o.background = false,
                'p' => o.setprio = false,
                'v' => {
                    println!("Corosync Cluster Engine, version '{VERSION}'");
                    return Ok(None);
                }
                _ => return Err(()),
            }
        }
    }
    Ok(Some(o))
}

/// SCHED_RR at the highest priority, as the original runs (without -p).
fn set_scheduler() {
    // SAFETY: querying the maximum priority of a policy.
    let max = unsafe { libc::sched_get_priority_max(libc::SCHED_RR) };
    let param = libc::sched_param {
        sched_priority: max,
    };
    // SAFETY: setting our own scheduling policy with a valid param.
    if unsafe { libc::sched_setscheduler(0, libc::SCHED_RR, &param) } != 0 {
        let e = std::io::Error::last_os_error();
        crate::log_printf!(
            MAIN,
            Warning,
            "Could not set SCHED_RR at priority {max}: {e} ({})",
            e.raw_os_error().unwrap_or(0)
        );
    }
}

fn mlockall() {
    // SAFETY: locking our own memory.
    if unsafe { libc::mlockall(libc::MCL_CURRENT | libc::MCL_FUTURE) } != 0 {
        let e = std::io::Error::last_os_error();
        crate::log_printf!(
            MAIN,
            Warning,
            "Could not lock memory of service to avoid page faults: {e} ({})",
            e.raw_os_error().unwrap_or(0)
        );
    }
}

/// Detaches from the terminal: fork, new session, standard streams to
/// /dev/null.
fn detach() -> Result<(), i32> {
    // SAFETY: fork before any thread is started; the child continues.
    match unsafe { libc::fork() } {
        -1 => return Err(exit::FORK),
        0 => {}
        _ => {
            // SAFETY: the parent leaves at once without running destructors.
            unsafe { libc::_exit(0) }
        }
    }
    // SAFETY: starting a new session for the child.
    unsafe { libc::setsid() };
    let devnull = c"/dev/null";
    // SAFETY: opening /dev/null and duplicating it over the standard
    // descriptors.
    unsafe {
        let fd = libc::open(devnull.as_ptr(), libc::O_RDWR);
        if fd >= 0 {
            libc::dup2(fd, 0);
            libc::dup2(fd, 1);
            libc::dup2(fd, 2);
            if fd > 2 {
                libc::close(fd);
            }
        }
    }
    Ok(())
}

/// Takes the pid lock file, as the original does with fcntl.
fn lock_file(path: &str) -> Result<std::fs::File, i32> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = match std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o640)
        .open(path)
    {
        Ok(f) => f,
        Err(_) => {
            crate::log_printf!(
                MAIN,
                Error,
                "Corosync Executive couldn't create lock file.\n"
            );
            return Err(exit::AQUIRE_LOCK);
        }
    };
    let lock = libc::flock {
        l_type: libc::F_WRLCK as i16,
        l_whence: libc::SEEK_SET as i16,
        l_start: 0,
        l_len: 0,
        l_pid: 0,
    };
    loop {
        // SAFETY: a non-blocking whole-file write lock on our descriptor.
        if unsafe { libc::fcntl(f.as_raw_fd(), libc::F_SETLK, &lock) } == 0 {
            break;
        }
        let e = std::io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EAGAIN) | Some(libc::EACCES) => {
                crate::log_printf!(
                    MAIN,
                    Error,
                    "Another Corosync instance is already running.\n"
                );
                return Err(exit::ALREADY_RUNNING);
            }
            _ => {
                crate::log_printf!(
                    MAIN,
                    Error,
                    "Corosync Executive couldn't aquire lock. Error was {e}\n"
                );
                return Err(exit::AQUIRE_LOCK);
            }
        }
    }
    if f.set_len(0).is_err()
        || f.write_all(format!("{}\n", std::process::id()).as_bytes())
            .is_err()
    {
        crate::log_printf!(
            MAIN,
            Error,
            "Corosync Executive couldn't write pid to lock file.\n"
        );
        let _ = std::fs::remove_file(path);
        return Err(exit::AQUIRE_LOCK);
    }
    Ok(f)
}

fn config_error(e: &ConfigError) -> i32 {
    crate::log_printf!(MAIN, Error, "{}", e);
    eprintln!("{e}");
    e.exit_code()
}

/// The engines this executive provides, by the names corosync.conf uses.
pub(crate) fn make_engine(name: &str) -> Option<Box<dyn crate::service::Service>> {
    match name {
        "corosync_cpg" => Some(Box::new(crate::service::cpg::Cpg::new(
            std::process::id() as u64 ^ 0x5eed,
        ))),
        "corosync_evs" => Some(Box::new(crate::service::evs::Evs::new())),
        "corosync_pload" => Some(Box::new(crate::service::pload::Pload::new())),
        "corosync_cfg" => Some(Box::new(crate::service::cfg::Cfg::new())),
        "corosync_confdb" => Some(Box::new(crate::service::confdb::Confdb::new())),
        _ => None,
    }
}

/// Runs the executive; returns the process exit status.
pub fn run(args: Vec<String>) -> i32 {
    let opts = match parse_args(&args) {
        Ok(Some(o)) => o,
        Ok(None) => return 0,
        Err(()) => {
            usage();
            return 1;
        }
    };
    let logsys = logsys::global();
    if !opts.background {
        logsys.set_foreground(true);
    }
    crate::signals::block();
    if opts.setprio {
        set_scheduler();
    }
    mlockall();
    crate::log_printf!(
        MAIN,
        Notice,
        "Corosync Cluster Engine ('{VERSION}'): started and ready to provide service.\n"
    );
    crate::log_printf!(MAIN, Info, "Corosync built-in features:\n");

    // configuration
    let mut objdb = ObjDb::new();
    let mut loaders = LoaderRegistry::with_defaults(ParserPaths::from_env());
    let chain = match loaders.load_chain(&config_iface_from_env(), &mut objdb) {
        Ok(c) => c,
        Err(e) => return exit_error(config_error(&e), line!()),
    };
    for m in &chain.loaded {
        crate::log_printf!(MAIN, Notice, "{}", m.message);
    }
    match apply_logging_config(&objdb, logsys) {
        Ok(l) => {
            for w in &l.warnings {
                logsys::log_printf!(w.subsys, w.level, "{}", w.message);
            }
        }
        Err(e) => return exit_error(config_error(&e), line!()),
    }
    let uidgid = match read_uidgid(&objdb, &SystemUserDb) {
        Ok(u) => u,
        Err(e) => return exit_error(config_error(&e), line!()),
    };

    let run_dir = crate::ringid::run_dir();
    if chain.builtin_default && !run_dir.exists() {
        let _ = std::fs::create_dir_all(&run_dir);
    }
    if !run_dir.is_dir() {
        crate::log_printf!(
            MAIN,
            Error,
            "Required directory not present {}.  Please create it.\n",
            run_dir.display()
        );
        return exit_error(exit::DIR_NOT_PRESENT, line!());
    }
    if std::env::set_current_dir(&run_dir).is_err() {
        crate::log_printf!(
            MAIN,
            Error,
            "Cannot chdir to run directory {}.  Please make sure it has correct context and rights.",
            run_dir.display()
        );
        return exit_error(exit::DIR_NOT_PRESENT, line!());
    }
    crate::blackbox::install_crash_handlers();

    let totem = match read_totem_config(&objdb, &TotemEnv::system()) {
        Ok(t) => t,
        Err(e) => return exit_error(config_error(&e), line!()),
    };
    for w in &totem.warnings {
        logsys::log_printf!(w.subsys, w.level, "{}", w.message);
    }
    let compat = match read_compatibility(&objdb) {
        Ok(ConfigSyncMode::V1) => Compatibility::Whitetank,
        Ok(ConfigSyncMode::V2) => Compatibility::None,
        Err(e) => return exit_error(config_error(&e), line!()),
    };
    let service_specs = match read_services(&objdb) {
        Ok(s) => s,
        Err(e) => return exit_error(config_error(&e), line!()),
    };

    if opts.background {
        if let Err(code) = detach() {
            return exit_error(code, line!());
        }
        logsys.set_foreground(false);
    }
    let _ = logsys.start_writer();

    let lock_path = crate::paths::lock_file();
    let _lock = match lock_file(&lock_path) {
        Ok(f) => f,
        Err(code) => return exit_error(code, line!()),
    };

    let glue = match Glue::start(&totem.config) {
        Ok(g) => g,
        Err(e) => {
            crate::log_printf!(TOTEM, Error, "{e}");
            let _ = std::fs::remove_file(&lock_path);
            return exit_error(exit::FATAL_ERR, line!());
        }
    };

    let mut services = Services::new();
    let mut quorum_provider = false;
    let mut loaded = Vec::new();
    for spec in &service_specs {
        if spec.name == "corosync_quorum" {
            match crate::service::quorum::engines(&objdb) {
                Ok((engines, provider)) => {
                    quorum_provider = provider;
                    for e in engines {
                        services.add(e);
                    }
                }
                Err(code) => return exit_error(code, line!()),
            }
            continue;
        }
        match make_engine(&spec.name) {
            Some(e) => {
                loaded.push(crate::runtime::LoadedService {
                    name: spec.name.clone(),
                    ver: spec.ver,
                    id: e.id().0,
                    exec_functions: e.exec_handler_count(),
                });
                services.add(e)
            }
            None => crate::log_printf!(
                SERV,
                Warning,
                "Service engine '{}' is not provided by this executive; not loaded.",
                spec.name
            ),
        }
    }
    let mut exec = Executive::new(glue, services, compat, objdb);
    crate::blackbox::objdb_init(&mut exec.objdb);
    crate::runtime::set_loaders(loaders, chain);
    exec.runtime.services_loaded(&mut exec.objdb, &loaded);
    exec.ipc.uidgid = uidgid.iter().map(|u| (u.uid, u.gid)).collect();
    // With a quorum provider the node is inquorate until it reports.
    exec.quorate = !quorum_provider;
    exec.exec_init();
    exec.log_services_loaded();
    match compat {
        Compatibility::None => crate::log_printf!(
            MAIN,
            Notice,
            "Compatibility mode set to none.  Using V2 of the synchronization engine.\n"
        ),
        Compatibility::Whitetank => crate::log_printf!(
            MAIN,
            Notice,
            "Compatibility mode set to whitetank.  Using V1 and V2 of the synchronization engine.\n"
        ),
    }

    let listener = match Listener::bind(SOCKET_NAME) {
        Ok(l) => l,
        Err(e) => {
            crate::log_printf!(
                IPC,
                Error,
                "Could not bind AF_UNIX ({SOCKET_NAME}): {e} ({})",
                e.raw_os_error().unwrap_or(0)
            );
            let _ = std::fs::remove_file(&lock_path);
            return exit_error(exit::FATAL_ERR, line!());
        }
    };
    let waker = match Waker::new() {
        Ok(w) => w,
        Err(_) => return exit_error(exit::FATAL_ERR, line!()),
    };
    let shared = Arc::new(Shared {
        exec: Mutex::new(exec),
        waker,
        main_deadline: Mutex::new(None),
        room: Default::default(),
    });
    {
        let mut e = shared.lock();
        e.pump();
    }
    let mut main = match MainLoop::new(Arc::clone(&shared), listener) {
        Ok(m) => m,
        Err(e) => {
            crate::log_printf!(
                MAIN,
                Error,
                "Corosync Executive couldn't start its main loop: {e}"
            );
            let _ = std::fs::remove_file(&lock_path);
            return exit_error(exit::FATAL_ERR, line!());
        }
    };
    main.run();

    main.shutdown();
    shared.lock().log_services_unloaded();
    let _ = std::fs::remove_file(&lock_path);
    crate::log_printf!(
        MAIN,
        Notice,
        "Corosync Cluster Engine exiting with status {} at main.rs:{}.\n",
        exit::OK,
        line!()
    );
    logsys.shutdown();
    exit::OK
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        std::iter::once("corosync")
            .chain(a.iter().copied())
            .map(String::from)
            .collect()
    }

    #[test]
    fn options_parse_like_getopt() {
        let o = parse_args(&args(&["-f", "-p"])).unwrap().unwrap();
        assert!(!o.background && !o.setprio);
        let o = parse_args(&args(&["-fp"])).unwrap().unwrap();
        assert!(!o.background && !o.setprio);
        let o = parse_args(&args(&[])).unwrap().unwrap();
        assert!(o.background && o.setprio);
        assert!(parse_args(&args(&["-x"])).is_err());
        assert!(parse_args(&args(&["-"])).is_err());
        assert!(parse_args(&args(&["-v"])).unwrap().is_none());
    }
}
