//! `corosync-quorumtool`: shows the quorum state and the member nodes of
//! the local executive and, with the votequorum provider, changes votes
//! and expected votes. Options, output and exit statuses are those of the
//! 1.4 tool. The quorum provider is read through the confdb service and
//! node addresses through the cfg service, over the client protocol.

mod args;
mod client;

use args::{Command, NameFormat, NodeidFormat};
use client::{Cfg, Confdb, Quorum, Votequorum};

const VERSION: &str = "1.4.10";

fn show_usage(name: &str) {
    let lines = [
        "usage: ".to_string(),
        format!("{name} <options>"),
        String::new(),
        "  options:".to_string(),
        String::new(),
        "  -s             show quorum status".to_string(),
        "  -l             list nodes".to_string(),
        "  -v <votes>     change the number of votes for a node *".to_string(),
        "  -n <nodeid>    optional nodeid of node for -v".to_string(),
        "  -e <expected>  change expected votes for the cluster *".to_string(),
        "  -h             show nodeids in hexadecimal rather than decimal".to_string(),
        "  -i             show node IP addresses instead of the resolved name".to_string(),
        "  -h             show this help text".to_string(),
        String::new(),
        "  * Starred items only work if votequorum is the quorum provider for corosync".to_string(),
        String::new(),
    ];
    for l in lines {
        println!("{l}");
    }
}

/// `quorum.provider` from the object database, if it can be read.
fn quorum_type() -> Option<String> {
    let c = Confdb::connect().ok()?;
    let h = c
        .object_find_first(client::OBJECT_PARENT_HANDLE, b"quorum")
        .ok()?;
    let v = c.key_get(h, b"provider").ok()?;
    // printed as a C string: up to the first zero, at most 254 bytes
    let n = v.len().min(254);
    let end = v[..n].iter().position(|&b| b == 0).unwrap_or(n);
    Some(String::from_utf8_lossy(&v[..end]).into_owned())
}

fn using_votequorum() -> bool {
    quorum_type().as_deref() == Some("corosync_votequorum")
}

fn show_status() {
    let q = match Quorum::connect() {
        Ok(q) => q,
        Err(_) => {
            eprintln!("Cannot connect to quorum service, is it loaded?");
            return;
        }
    };
    let quorate = match q.getquorate() {
        Ok(v) => v,
        Err(e) => {
            eprintln!("quorum_getquorate FAILED: {}", e.0);
            return;
        }
    };
    let view = match q.current_view() {
        Ok(v) => v,
        Err(e) => {
            eprintln!("quorum_trackstart FAILED: {}", e.0);
            return;
        }
    };
    drop(q);
    println!("Version:          {VERSION}");
    println!("Nodes:            {}", view.view.len());
    println!("Ring ID:          {}", view.ring_seq);
    println!(
        "Quorum type:      {}",
        quorum_type().as_deref().unwrap_or("(null)")
    );
    println!(
        "Quorate:          {}",
        if quorate != 0 { "Yes" } else { "No" }
    );
    if using_votequorum() {
        let v = match Votequorum::connect() {
            Ok(v) => v,
            Err(e) => {
                eprintln!(
                    "votequorum_initialize FAILED: {}, this is probably a configuration error",
                    e.0
                );
                return;
            }
        };
        match v.getinfo(0) {
            Err(e) => eprintln!("votequorum_getinfo FAILED: {}", e.0),
            Ok(info) => {
                use corosync_wire::votequorum::info_flag;
                println!("Node votes:       {}", info.votes as i32);
                println!("Expected votes:   {}", info.expected_votes as i32);
                println!("Highest expected: {}", info.highest_expected as i32);
                println!("Total votes:      {}", info.total_votes as i32);
                println!(
                    "Quorum:           {} {}",
                    info.quorum as i32,
                    if info.flags & info_flag::QUORATE != 0 {
                        " "
                    } else {
                        "Activity blocked"
                    }
                );
                print!("Flags:            ");
                if info.flags & info_flag::HASSTATE != 0 {
                    print!("HasState ");
                }
                if info.flags & info_flag::DISALLOWED != 0 {
                    print!("DisallowedNodes ");
                }
                if info.flags & info_flag::TWONODE != 0 {
                    print!("2Node ");
                }
                if info.flags & info_flag::QUORATE != 0 {
                    print!("Quorate ");
                }
                println!();
            }
        }
    }
}

fn show_nodes(nodeid_format: NodeidFormat, name_format: NameFormat) -> i32 {
    let q = match Quorum::connect() {
        Ok(q) => q,
        Err(_) => {
            eprintln!("Cannot connect to quorum service, is it loaded?");
            return 1;
        }
    };
    let using_vq = using_votequorum();
    let v = if using_vq {
        match Votequorum::connect() {
            Ok(v) => Some(v),
            Err(e) => {
                eprintln!(
                    "votequorum_initialize FAILED: {}, this is probably a configuration error",
                    e.0
                );
                return 1;
            }
        }
    } else {
        None
    };
    let view = match q.current_view() {
        Ok(v) => v,
        Err(e) => {
            eprintln!("quorum_trackstart FAILED: {}", e.0);
            return 1;
        }
    };
    drop(q);
    let cfg = match Cfg::connect() {
        Ok(c) => c,
        Err(_) => {
            eprintln!("Cannot initialise CFG service");
            return 1;
        }
    };
    if using_vq {
        println!("Nodeid     Votes  Name");
    } else {
        println!("Nodeid     Name");
    }
    for &id in &view.view {
        match nodeid_format {
            NodeidFormat::Decimal => print!("{id:4}   "),
            NodeidFormat::Hex => print!("0x{id:04x}   "),
        }
        let name = cfg.node_name(id, name_format == NameFormat::Ip);
        match &v {
            Some(v) => {
                let votes = v.getinfo(id).map(|i| i.votes as i32).unwrap_or(-1);
                println!("{votes:3}  {name}");
            }
            None => println!("{name}"),
        }
    }
    0
}

fn set_votes(nodeid: u32, votes: i32) -> i32 {
    let v = match Votequorum::connect() {
        Ok(v) => v,
        Err(e) => {
            eprintln!(
                "votequorum_initialize FAILED: {}, this is probably a configuration error",
                e.0
            );
            return e.0;
        }
    };
    match v.setvotes(nodeid, votes as u32) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("set votes FAILED: {}", e.0);
            e.0
        }
    }
}

fn set_expected(expected: i32) -> i32 {
    let v = match Votequorum::connect() {
        Ok(v) => v,
        Err(e) => {
            eprintln!(
                "votequorum_initialize FAILED: {}, this is probably a configuration error",
                e.0
            );
            return e.0;
        }
    };
    match v.setexpected(expected as u32) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("set expected votes FAILED: {}", e.0);
            e.0
        }
    }
}

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    let name = argv.first().cloned().unwrap_or_default();
    if argv.len() == 1 {
        show_usage(&name);
        std::process::exit(0);
    }
    let opts = match args::parse(&argv, using_votequorum) {
        Ok(o) => o,
        Err(status) => std::process::exit(status),
    };
    let ret = match opts.command {
        Command::Unknown => {
            show_usage(&name);
            0
        }
        Command::ShowNodes => show_nodes(opts.nodeid_format, opts.name_format),
        Command::ShowStatus => {
            show_status();
            0
        }
        Command::SetVotes => set_votes(opts.nodeid, opts.votes),
        Command::SetExpected => set_expected(opts.votes),
    };
    use std::io::Write;
    let _ = std::io::stdout().flush();
    std::process::exit(ret);
}
