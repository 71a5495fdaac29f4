//! `corosync-cfgtool`: shows and changes the running executive's ring
//! state, loads and unloads services, kills a node or shuts the local
//! executive down, with the original's options and output.

use std::net::{Ipv4Addr, Ipv6Addr};

use cfg::Client;
use corosync_wire::CsError;
use corosync_wire::cfg::shutdown_flag;

/// C `atoi`.
fn atoi(s: &str) -> i32 {
    let t = s.trim_start();
    let (neg, rest) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut v: i64 = 0;
    for c in rest.bytes() {
        if !c.is_ascii_digit() {
            break;
        }
        v = (v * 10 + (c - b'0') as i64).min(i64::from(u32::MAX) + 1);
    }
    (if neg { -v } else { v }) as i32
}

fn connect() -> Client {
    match Client::connect() {
        Ok(c) => c,
        Err(e) => {
            println!(
                "Could not initialize corosync configuration API error {}",
                e.0
            );
            std::process::exit(1);
        }
    }
}

fn ringstatusget_do() {
    println!("Printing ring status.");
    let c = connect();
    match c.local_get() {
        Ok(id) => println!("Local node ID {}", id as i32),
        Err(e) => println!("Could not get the local node id, the error is: {}", e.0),
    }
    match c.ring_status() {
        Ok(rings) => {
            for (i, (name, status)) in rings.iter().enumerate() {
                println!("RING ID {i}");
                println!("\tid\t= {}", String::from_utf8_lossy(name));
                println!("\tstatus\t= {}", String::from_utf8_lossy(status));
            }
        }
        Err(e) => println!("Could not get the ring status, the error is: {}", e.0),
    }
}

fn ringreenable_do() {
    println!("Re-enabling all failed rings.");
    let c = connect();
    if let Err(e) = c.ring_reenable() {
        println!("Could not reenable ring error {}", e.0);
    }
}

fn service_load_do(service: &str, version: u32) {
    println!("Loading service '{service}' version '{}'", version as i32);
    let c = connect();
    if let Err(e) = c.service_load(service.as_bytes(), version) {
        println!("Could not load service (error = {})", e.0);
    }
}

fn service_unload_do(service: &str, version: u32) {
    println!("Unloading service '{service}' version '{}'", version as i32);
    let c = connect();
    if let Err(e) = c.service_unload(service.as_bytes(), version) {
        println!("Could not unload service (error = {})", e.0);
    }
}

fn shutdown_do() {
    let c = connect();
    println!("Shutting down corosync");
    let mut result = Ok(());
    for _ in 0..30 {
        result = c.try_shutdown(shutdown_flag::REQUEST);
        if result != Err(CsError::TRY_AGAIN) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
    if let Err(e) = result {
        println!("Could not shutdown (error = {})", e.0);
    }
}

fn showaddrs_do(nodeid: i32) {
    let c = connect();
    if let Ok((family, addrs)) = c.node_addrs(nodeid as u32) {
        let text: Vec<String> = addrs
            .iter()
            .take(2)
            .map(|a| {
                if family == libc_af_inet6() {
                    Ipv6Addr::from(*a).to_string()
                } else {
                    Ipv4Addr::new(a[0], a[1], a[2], a[3]).to_string()
                }
            })
            .collect();
        println!("{}", text.join(" "));
    }
}

fn libc_af_inet6() -> u32 {
    10
}

fn crypto_do(kind: u32) {
    println!("Setting crypto to mode {}", kind as i32);
    let c = connect();
    if let Err(e) = c.crypto_set(kind) {
        println!("Could not set crypto mode (error = {})", e.0);
    }
}

fn killnode_do(nodeid: u32) {
    println!("Killing node {}", nodeid as i32);
    let c = connect();
    if let Err(e) = c.kill_node(nodeid, b"Killed by corosync-cfgtool") {
        println!("Could not kill node (error = {})", e.0);
    }
}

fn usage_do() {
    print!(
        "corosync-cfgtool [-s] [-r] [-l] [-u] [-H] [service_name] [-v] [version] [-k] [nodeid] [-a] [nodeid]\n\n\
A tool for displaying and configuring active parameters within corosync.\n\
options:\n\
\t-s\tDisplays the status of the current rings on this node.\n\
\t-r\tReset redundant ring state cluster wide after a fault to\n\
\t\tre-enable redundant ring operation.\n\
\t-l\tLoad a service identified by name.\n\
\t-u\tUnload a service identified by name.\n\
\t-a\tDisplay the IP address(es) of a node\n\
\t-c\tSet the cryptography mode of cluster communications\n\
\t-k\tKill a node identified by node id.\n\
\t-H\tShutdown corosync cleanly on this node.\n"
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let prog = args
        .first()
        .cloned()
        .unwrap_or_else(|| "corosync-cfgtool".into());
    if args.len() == 1 {
        usage_do();
    }
    let mut service_load = false;
    let mut service_unload = false;
    let mut service = String::new();
    let mut version = 0u32;
    // getopt(3) with "srl:u:v:k:a:c:hH": grouped flags, attached or
    // separate arguments, operands skipped, "--" ends the options
    let mut i = 1;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            break;
        }
        if !a.starts_with('-') || a.len() == 1 {
            continue;
        }
        let chars: Vec<char> = a[1..].chars().collect();
        let mut k = 0;
        while k < chars.len() {
            let opt = chars[k];
            k += 1;
            let needs_arg = matches!(opt, 'l' | 'u' | 'v' | 'k' | 'a' | 'c');
            let optarg = if needs_arg {
                if k < chars.len() {
                    let s: String = chars[k..].iter().collect();
                    k = chars.len();
                    Some(s)
                } else if i < args.len() {
                    i += 1;
                    Some(args[i - 1].clone())
                } else {
                    eprintln!("{prog}: option requires an argument -- '{opt}'");
                    continue;
                }
            } else {
                None
            };
            let optarg = optarg.unwrap_or_default();
            match opt {
                's' => ringstatusget_do(),
                'r' => ringreenable_do(),
                'l' => {
                    service_load = true;
                    service = optarg;
                }
                'u' => {
                    service_unload = true;
                    service = optarg;
                }
                'k' => killnode_do(atoi(&optarg) as u32),
                'H' => shutdown_do(),
                'a' => showaddrs_do(atoi(&optarg)),
                'c' => crypto_do(atoi(&optarg) as u32),
                'v' => version = atoi(&optarg) as u32,
                'h' => usage_do(),
                _ => eprintln!("{prog}: invalid option -- '{opt}'"),
            }
        }
    }
    if service_load {
        service_load_do(&service, version);
    } else if service_unload {
        service_unload_do(&service, version);
    }
}
