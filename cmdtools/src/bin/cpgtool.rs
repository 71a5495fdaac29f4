//! corosync-cpgtool: list the closed process groups and their members.

use std::io::Write;

use coroipcc::Connection;
use corosync_wire::cpg::CpgName;
use corosync_wire::ipc::{DEFAULT_BUFFER_SIZE, SOCKET_NAME, ServiceId};
use corosync_wire::{CsError, CsResult};

const ITERATION_NAME_ONLY: u32 = 1;
const ITERATION_ALL: u32 = 3;
/// Addresses asked for per node (`INTERFACE_MAX`).
const INTERFACE_MAX: usize = 2;
const REQ_CFG_GET_NODE_ADDRS: i32 = 11;
const AF_INET: u32 = libc::AF_INET as u32;
const AF_INET6: u32 = libc::AF_INET6 as u32;

/// The configuration service connection, for node addresses.
struct Cfg {
    conn: Connection,
}

impl Cfg {
    fn connect() -> CsResult<Cfg> {
        let conn = Connection::connect(
            SOCKET_NAME,
            ServiceId::CFG.0,
            DEFAULT_BUFFER_SIZE,
            DEFAULT_BUFFER_SIZE,
            DEFAULT_BUFFER_SIZE,
        )?;
        Ok(Cfg { conn })
    }

    /// The node's interface addresses as text, at most `INTERFACE_MAX`.
    fn node_addrs(&self, nodeid: u32) -> CsResult<Vec<String>> {
        // header { size, id } at 8-byte alignment, then the node id
        let mut req = [0u8; 24];
        req[0..4].copy_from_slice(&24i32.to_ne_bytes());
        req[8..12].copy_from_slice(&REQ_CFG_GET_NODE_ADDRS.to_ne_bytes());
        req[16..20].copy_from_slice(&nodeid.to_ne_bytes());
        self.conn.send_recv_with(&[&req], |resp| {
            let word = |o: usize| -> Option<u32> {
                resp.get(o..o + 4)
                    .map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
            };
            let family = word(24).unwrap_or(0);
            let count = word(28).unwrap_or(0) as usize;
            let mut out = Vec::new();
            for i in 0..count.min(INTERFACE_MAX) {
                let Some(a) = resp.get(32 + i * 16..32 + i * 16 + 16) else {
                    break;
                };
                match family {
                    AF_INET => {
                        out.push(std::net::Ipv4Addr::new(a[0], a[1], a[2], a[3]).to_string())
                    }
                    AF_INET6 => {
                        let mut b = [0u8; 16];
                        b.copy_from_slice(a);
                        out.push(std::net::Ipv6Addr::from(b).to_string());
                    }
                    _ => {}
                }
            }
            out
        })
    }
}

/// The group name, escaped unless `escape` is off: printable ASCII as
/// is, a backslash doubled, anything else as `\xNN` (of the signed char).
fn group_text(name: &CpgName, escape: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for &c in name.as_bytes() {
        if !escape || ((b' '..0x7f).contains(&c) && c != b'\\') {
            out.push(c);
        } else if c == b'\\' {
            out.extend_from_slice(b"\\\\");
        } else {
            let signed = i32::from(c as i8) as u32;
            out.extend_from_slice(format!("\\x{signed:02X}").as_bytes());
        }
    }
    out
}

fn display_groups(
    cpg: &cpg::instance::CpgInst,
    out: &mut dyn Write,
    delimiter: Option<u8>,
    escape: bool,
) -> bool {
    let iter = match cpg.iteration_initialize(None, ITERATION_NAME_ONLY) {
        Ok(h) => h,
        Err(e) => {
            let _ = out.flush();
            eprintln!("Cannot initialize cpg iterator error {}", e.0);
            return false;
        }
    };
    while let Ok((group, _, _)) = cpg.iteration_next(iter) {
        let _ = out.write_all(&group_text(&group, escape));
        let _ = out.write_all(&[delimiter.unwrap_or(b'\n')]);
    }
    if delimiter.is_some() {
        let _ = out.write_all(b"\n");
    }
    let _ = cpg.iteration_finalize(iter);
    true
}

fn display_groups_with_members(
    cpg: &cpg::instance::CpgInst,
    cfg: &Cfg,
    out: &mut dyn Write,
    delimiter: Option<u8>,
    escape: bool,
) -> bool {
    let iter = match cpg.iteration_initialize(None, ITERATION_ALL) {
        Ok(h) => h,
        Err(e) => {
            let _ = out.flush();
            eprintln!("Cannot initialize cpg iterator error {}", e.0);
            return false;
        }
    };
    let mut old_group: Option<Vec<u8>> = None;
    match delimiter {
        Some(d) => {
            let d = d as char;
            let _ = writeln!(out, "GRP_NAME{d}PID{d}NODEID");
        }
        None => {
            let _ = writeln!(out, "Group Name\t{:>10}\t{:>10}", "PID", "Node ID");
        }
    }
    let end = loop {
        let (group, nodeid, pid) = match cpg.iteration_next(iter) {
            Ok(x) => x,
            Err(e) => break e,
        };
        match delimiter {
            None => {
                if old_group.as_deref() != Some(group.as_bytes()) {
                    let _ = out.write_all(&group_text(&group, escape));
                    let _ = out.write_all(b"\n");
                    old_group = Some(group.as_bytes().to_vec());
                }
                let addrs = cfg.node_addrs(nodeid).unwrap_or_default();
                let _ = writeln!(out, "\t\t{pid:>10}\t{nodeid:>10} ({})", addrs.join(" "));
            }
            Some(d) => {
                let _ = out.write_all(&group_text(&group, escape));
                let d = d as char;
                let _ = writeln!(out, "{d}{pid}{d}{nodeid}");
            }
        }
    };
    if end != CsError::NO_SECTIONS {
        let _ = out.flush();
        eprintln!("cpg iteration error {}", end.0);
        return false;
    }
    let _ = cpg.iteration_finalize(iter);
    true
}

fn usage(prog: &str) {
    print!(
        "{prog} [-d delimiter] [-e] [-n] [-h]\n\n\
         A tool for displaying cpg groups and members.\n\
         options:\n\
         \t-d\tDelimiter between fields.\n\
         \t-e\tDon't escape unprintable characters in group name\n\
         \t-n\tDisplay only all existing group names.\n\
         \t-h\tDisplay this help.\n"
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let argv0 = args.first().cloned().unwrap_or_default();
    let prog = argv0.rsplit('/').next().unwrap_or("").to_string();
    let mut delimiter = None;
    let mut escape = true;
    let mut names_only = false;

    // getopt("hd:ne"), GNU style: options may follow other arguments
    let mut i = 1;
    while i < args.len() {
        let a = args[i].as_bytes();
        i += 1;
        if a == b"--" {
            break;
        }
        if a.len() < 2 || a[0] != b'-' {
            continue;
        }
        let mut j = 1;
        while j < a.len() {
            let c = a[j];
            j += 1;
            match c {
                b'd' => {
                    let value: Vec<u8> = if j < a.len() {
                        let v = a[j..].to_vec();
                        j = a.len();
                        v
                    } else if i < args.len() {
                        i += 1;
                        args[i - 1].as_bytes().to_vec()
                    } else {
                        eprintln!("{argv0}: option requires an argument -- 'd'");
                        std::process::exit(1);
                    };
                    if let Some(&d) = value.first() {
                        delimiter = Some(d);
                    }
                }
                b'n' => names_only = true,
                b'e' => escape = false,
                b'h' => {
                    usage(&prog);
                    std::process::exit(0);
                }
                _ => {
                    eprintln!("{argv0}: invalid option -- '{}'", c as char);
                    std::process::exit(1);
                }
            }
        }
    }

    let cpg = match cpg::instance::CpgInst::connect(
        cpg::instance::Model::default(),
        std::ptr::null_mut(),
    ) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("Could not initialize corosync cpg API error {}", e.0);
            std::process::exit(1);
        }
    };
    let cfg = match Cfg::connect() {
        Ok(c) => c,
        Err(e) => {
            eprintln!(
                "Could not initialize corosync configuration API error {}",
                e.0
            );
            std::process::exit(1);
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let ok = if names_only {
        display_groups(&cpg, &mut out, delimiter, escape)
    } else {
        display_groups_with_members(&cpg, &cfg, &mut out, delimiter, escape)
    };
    let _ = out.flush();
    let _ = cpg.finalize();
    drop(cfg);
    std::process::exit(if ok { 0 } else { 1 });
}
