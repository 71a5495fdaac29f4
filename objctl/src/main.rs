//! corosync-objctl: read, write, create, delete and follow objects and
//! keys of the cluster's object database through confdb. Paths name
//! objects from the root, separated by dots (`totem.interface.mcastport`).

mod api;

use std::ffi::c_void;
use std::io::Write;

use api::{Confdb, OK, ROOT};

const SEPARATOR: u8 = b'.';

#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Read,
    Write,
    Create,
    CreateKey,
    Delete,
    PrintAll,
    PrintDefault,
    Track,
}

struct Tool {
    action: Action,
    show_binary: bool,
    debug: u32,
}

fn out(b: &[u8]) {
    let _ = std::io::stdout().write_all(b);
}

/// Bytes up to the first NUL (what `%s` prints).
fn c_str(b: &[u8]) -> &[u8] {
    &b[..b.iter().position(|&c| c == 0).unwrap_or(b.len())]
}

fn ne<const N: usize>(v: &[u8]) -> [u8; N] {
    let mut a = [0u8; N];
    let n = v.len().min(N);
    a[..n].copy_from_slice(&v[..n]);
    a
}

fn print_binary_key(value: &[u8]) {
    let mut s = Vec::new();
    for &b in value {
        let c = b as i8;
        if c >= b' ' as i8 && c < 0x7f && b != b'\\' {
            s.push(b);
        } else if b == b'\\' {
            s.extend_from_slice(b"\\\\");
        } else {
            // a plain char is signed: high bytes print sign-extended
            s.extend_from_slice(format!("\\x{:02X}", c as i32 as u32).as_bytes());
        }
    }
    s.push(b'\n');
    out(&s);
}

fn print_key(tool: &Tool, key: &[u8], value: &[u8], ty: i32) {
    let mut line = key.to_vec();
    line.push(b'=');
    let text = match ty {
        0 => Some(i16::from_ne_bytes(ne(value)).to_string()),
        1 => Some(u16::from_ne_bytes(ne(value)).to_string()),
        2 => Some(i32::from_ne_bytes(ne(value)).to_string()),
        3 => Some(u32::from_ne_bytes(ne(value)).to_string()),
        4 => Some(i64::from_ne_bytes(ne(value)).to_string()),
        5 => Some(u64::from_ne_bytes(ne(value)).to_string()),
        6 => Some(format!("{:.6}", f32::from_ne_bytes(ne(value)))),
        7 => Some(format!("{:.6}", f64::from_ne_bytes(ne(value)))),
        8 => {
            line.extend_from_slice(c_str(value));
            line.push(b'\n');
            out(&line);
            return;
        }
        _ => None,
    };
    match text {
        Some(t) => {
            line.extend_from_slice(t.as_bytes());
            line.push(b'\n');
            out(&line);
        }
        None if !tool.show_binary => {
            line.extend_from_slice(format!("**binary**({ty})\n").as_bytes());
            out(&line);
        }
        None => {
            out(&line);
            print_binary_key(value);
        }
    }
}

fn print_config_tree(tool: &Tool, db: &Confdb, parent: u64, parent_name: Option<&[u8]>) {
    if let Err(e) = db.key_iter_start(parent) {
        eprintln!("error resetting key iterator for object {parent:x} {e}");
        std::process::exit(1);
    }
    let mut children = 0;
    while let Ok((key, value, ty)) = db.key_iter_typed2(parent) {
        if let Some(p) = parent_name {
            let mut l = p.to_vec();
            l.push(SEPARATOR);
            out(&l);
        }
        print_key(tool, &key, &value, ty);
        children += 1;
    }
    if let Err(e) = db.object_iter_start(parent) {
        eprintln!("error resetting object iterator for object {parent:x} {e}");
        std::process::exit(1);
    }
    while let Ok((h, name)) = db.object_iter(parent) {
        let path = match parent_name {
            Some(p) => [p, &[SEPARATOR], &name].concat(),
            None => {
                if tool.action == Action::PrintDefault && name == b"internal_configuration" {
                    continue;
                }
                name
            }
        };
        print_config_tree(tool, db, h, Some(&path));
        children += 1;
    }
    if children == 0
        && let Some(p) = parent_name
    {
        out(&[p, b"\n"].concat());
    }
}

fn callbacks() -> confdb::Callbacks {
    confdb::Callbacks {
        object_create: Some(tail_object_created),
        object_delete: Some(tail_object_deleted),
        key_change: Some(tail_key_changed),
        reload: None,
    }
}

fn print_all(tool: &Tool) -> i32 {
    match Confdb::initialize(&callbacks()) {
        Ok(db) => {
            print_config_tree(tool, &db, ROOT, None);
            let _ = db.finalize();
            0
        }
        Err(e) => {
            eprintln!("Could not initialize objdb library. Error {e}");
            1
        }
    }
}

fn print_help() -> i32 {
    let s = SEPARATOR as char;
    println!();
    println!("usage:  corosync-objctl [-b] object{s}key ...               Print an object");
    println!("        corosync-objctl -c object{s}child_obj ...           Create Object");
    println!("        corosync-objctl -d object{s}child_obj ...           Delete object");
    println!("        corosync-objctl -w object{s}child_obj.key=value ... Create a key");
    println!(
        "        corosync-objctl -n object{s}child_obj.key=value ... Create a new object with the key"
    );
    println!("        corosync-objctl -t object{s}child_obj ...           Track changes");
    println!("        corosync-objctl [-b] -a                           Print all objects");
    println!("        corosync-objctl -p <filename> Load in config from the specified file.");
    println!();
    0
}

fn valid_name(name: &[u8]) -> bool {
    !name.contains(&SEPARATOR) && !name.contains(&b'=')
}

fn is_blank(c: u8) -> bool {
    c == b' ' || c == b'\t'
}

/// The path without the value and without its last component.
fn parent_name(path: &[u8]) -> Vec<u8> {
    let mut p = path.to_vec();
    if let Some(eq) = p.iter().position(|&c| c == b'=') {
        p.truncate(eq);
        while p.last().is_some_and(|&c| is_blank(c)) {
            p.pop();
        }
    }
    if let Some(dot) = p.iter().rposition(|&c| c == SEPARATOR) {
        p.truncate(dot);
    }
    p
}

/// The key name (last component; the first character is lost when there
/// is no separator, as in 1.4) and the value, spaces outside quotes of the
/// value removed.
fn key_of(path: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let mut copy = Vec::with_capacity(path.len());
    let (mut equals, mut quoted) = (false, false);
    for &c in path {
        if c == b'=' {
            equals = true;
        }
        if equals && c == b'"' {
            quoted = !quoted;
        }
        if c != b' ' || quoted {
            copy.push(c);
        }
    }
    let value = match copy.iter().position(|&c| c == b'=') {
        Some(eq) => {
            let v = copy[eq + 1..].to_vec();
            copy.truncate(eq);
            v
        }
        None => Vec::new(),
    };
    let key = match copy.iter().rposition(|&c| c == SEPARATOR) {
        Some(dot) => copy[dot + 1..].to_vec(),
        None => copy.get(1..).unwrap_or(&[]).to_vec(),
    };
    (key, value)
}

fn components(path: &[u8]) -> Vec<&[u8]> {
    path.split(|&c| c == SEPARATOR)
        .filter(|s| !s.is_empty())
        .collect()
}

fn find_object(db: &Confdb, path: &[u8]) -> Result<u64, i32> {
    let mut parent = ROOT;
    for name in components(path) {
        if let Err(e) = db.find_start(parent) {
            eprintln!("Could not start object_find {e}");
            std::process::exit(1);
        }
        let (r, h) = db.find(parent, name);
        r?;
        parent = h;
    }
    Ok(parent)
}

fn read_object(tool: &Tool, db: &Confdb, path: &[u8]) {
    let parent = parent_name(path);
    if let Ok(h) = find_object(db, path) {
        print_config_tree(tool, db, h, Some(&parent));
    }
}

fn show(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn write_key(tool: &Tool, db: &Confdb, path: &[u8]) {
    let parent = parent_name(path);
    let (key, value) = key_of(path);
    if tool.debug == 1 {
        println!(
            "{}: key:\"{}\", value:\"{}\"",
            line!(),
            show(&key),
            show(&value)
        );
    }
    if !valid_name(&key) {
        eprintln!(
            "Incorrect key name, can not have \"=\" or \"{}\"",
            SEPARATOR as char
        );
        std::process::exit(1);
    }
    let Ok(h) = find_object(db, &parent) else {
        eprintln!("Can't find parent object of \"{}\"", show(path));
        std::process::exit(1);
    };
    let mut with_nul = value.clone();
    with_nul.push(0);
    match db.key_get_typed2(h, &key) {
        Ok(old) => {
            if tool.debug == 1 {
                println!(
                    "{}: key:\"{}\", old value:\"{}\"",
                    line!(),
                    show(&key),
                    show(c_str(&old))
                );
            }
            if let Err(e) = db.key_replace(h, &key, &old, &with_nul) {
                eprintln!(
                    "Failed to replace the key {}={}. Error {e}",
                    show(&key),
                    show(&value)
                );
            }
        }
        Err(_) => {
            if let Err(e) = db.key_create_typed(h, &key, &with_nul, api::VALUETYPE_STRING) {
                eprintln!(
                    "Failed to create the key {}={}. Error {e}",
                    show(&key),
                    show(&value)
                );
            }
        }
    }
}

fn create_path(tool: &Tool, db: &Confdb, path: &[u8], always_last: bool) -> u64 {
    let names = components(path);
    let mut parent = ROOT;
    let mut handle = ROOT;
    for (i, name) in names.iter().enumerate() {
        if let Err(e) = db.find_start(parent) {
            eprintln!("Could not start object_find {e}");
            std::process::exit(1);
        }
        let last = i + 1 == names.len();
        let (r, h) = db.find(parent, name);
        handle = h;
        if r.is_err() || (always_last && last) {
            if !valid_name(name) {
                eprintln!(
                    "Incorrect object name \"{}\", \"=\" not allowed.",
                    show(name)
                );
                std::process::exit(1);
            }
            if tool.debug > 0 {
                let f = if always_last {
                    "create_object_key"
                } else {
                    "create_object"
                };
                println!("{f}:{}: {}", line!(), show(name));
            }
            let (r, h) = db.create(parent, name);
            handle = h;
            if let Err(e) = r {
                eprintln!("Failed to create object \"{}\". Error {e}.", show(name));
            }
        }
        parent = handle;
    }
    handle
}

fn create_object(tool: &Tool, db: &Confdb, path: &[u8]) {
    create_path(tool, db, path, false);
}

fn create_object_key(tool: &Tool, db: &Confdb, path: &[u8]) {
    let parent = parent_name(path);
    let (key, value) = key_of(path);
    let h = create_path(tool, db, &parent, true);
    let mut with_nul = value.clone();
    with_nul.push(0);
    if let Err(e) = db.key_create_typed(h, &key, &with_nul, api::VALUETYPE_STRING) {
        eprintln!(
            "Failed to create the key {}={}. Error {e}",
            show(&key),
            show(&value)
        );
    }
}

fn delete_object(db: &Confdb, path: &[u8]) {
    match find_object(db, path) {
        Ok(h) => {
            if let Err(e) = db.destroy(h) {
                eprintln!(
                    "Failed to find object \"{}\" to delete. Error {e}",
                    show(path)
                );
            }
        }
        Err(_) => {
            let parent = parent_name(path);
            let (key, value) = key_of(path);
            let h = match find_object(db, &parent) {
                Ok(h) => h,
                Err(e) => {
                    eprintln!(
                        "Failed to find the key's parent object \"{}\". Error {e}",
                        show(&parent)
                    );
                    std::process::exit(1);
                }
            };
            if let Err(e) = db.key_delete(h, &key, &value) {
                eprintln!(
                    "Failed to delete key \"{}={}\" from object \"{}\". Error {e}",
                    show(&key),
                    show(&value),
                    show(&parent)
                );
            }
        }
    }
}

/// Bytes with anything unprintable shown as '?'.
fn printable(p: *const c_void, len: usize) -> Vec<u8> {
    if p.is_null() || len == 0 {
        return Vec::new();
    }
    // SAFETY: the library passes a pointer to `len` readable bytes.
    let b = unsafe { std::slice::from_raw_parts(p.cast::<u8>(), len) };
    b.iter()
        .map(|&c| if (0x20..0x7f).contains(&c) { c } else { b'?' })
        .collect()
}

unsafe extern "C" fn tail_key_changed(
    _handle: u64,
    _change: u32,
    _parent: u64,
    _object: u64,
    object_name: *const c_void,
    object_name_len: usize,
    key_name: *const c_void,
    key_name_len: usize,
    key_value: *const c_void,
    key_value_len: usize,
) {
    let line = [
        &b"key_changed> "[..],
        &printable(object_name, object_name_len),
        b".",
        &printable(key_name, key_name_len),
        b"=",
        &printable(key_value, key_value_len),
        b"\n",
    ]
    .concat();
    out(&line);
}

unsafe extern "C" fn tail_object_created(
    _handle: u64,
    _parent: u64,
    _object: u64,
    name: *const c_void,
    name_len: usize,
) {
    out(&[&b"object_created>"[..], &printable(name, name_len), b"\n"].concat());
}

unsafe extern "C" fn tail_object_deleted(
    _handle: u64,
    _parent: u64,
    name: *const c_void,
    name_len: usize,
) {
    out(&[&b"object_deleted>"[..], &printable(name, name_len), b"\n"].concat());
}

fn track_object(db: &Confdb, path: &[u8]) {
    let h = match find_object(db, path) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("Could not find object \"{}\". Error {e}", show(path));
            return;
        }
    };
    if let Err(e) = db.track(h, api::TRACK_DEPTH_RECURSIVE) {
        eprintln!(
            "Could not enable tracking on object \"{}\". Error {e}",
            show(path)
        );
    }
}

/// Waits for changes and for "q" (or end of input) on stdin.
fn listen_for_changes(db: &Confdb) {
    let Ok(fd) = db.fd() else {
        println!("can't get the confdb selector object.");
        return;
    };
    println!("Type \"q\" to finish");
    let _ = std::io::stdout().flush();
    loop {
        let mut fds = [
            libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: 0,
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        // SAFETY: polling two valid pollfd entries.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), 2, -1) };
        if n < 0 {
            eprintln!("select\n: {}", std::io::Error::last_os_error());
        }
        let mut quit = false;
        if fds[1].revents != 0 {
            let mut line = String::new();
            match std::io::stdin().read_line(&mut line) {
                Ok(0) | Err(_) => quit = true,
                Ok(_) => quit = line.starts_with('q'),
            }
        }
        if fds[0].revents != 0 && db.dispatch_all().is_err() {
            let _ = std::io::stdout().flush();
            std::process::exit(1);
        }
        let _ = std::io::stdout().flush();
        if n == 0 || quit {
            break;
        }
    }
    let _ = db.stop_track();
}

fn read_in_config_file(tool: &Tool, file: &str) -> i32 {
    let c = std::ffi::CString::new(file).unwrap_or_default();
    // SAFETY: a valid C string.
    if unsafe { libc::access(c.as_ptr(), libc::R_OK) } != 0 {
        eprintln!("Couldn't access file.: {}", std::io::Error::last_os_error());
        return -1;
    }
    let data = match std::fs::read(file) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("Couldn't open file.: {e}");
            return -1;
        }
    };
    let db = match Confdb::initialize(&callbacks()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("Could not initialize objdb library. Error {e}");
            return -1;
        }
    };
    for raw in data.split(|&c| c == b'\n') {
        let Some(start) = raw.iter().position(|&c| !is_blank(c)) else {
            continue;
        };
        let line = &raw[start..];
        if line.first() == Some(&b'#') {
            continue;
        }
        if tool.debug == 2 {
            println!("{}: {}", line!(), show(line));
        }
        let parent = parent_name(line);
        if tool.debug == 2 {
            println!("{}: {}", line!(), show(&parent));
        }
        create_object(tool, &db, &parent);
        write_key(tool, &db, line);
    }
    let _ = db.finalize();
    0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let prog = args
        .first()
        .cloned()
        .unwrap_or_else(|| "corosync-objctl".into());
    let mut tool = Tool {
        action: Action::Read,
        show_binary: false,
        debug: 0,
    };
    let mut operands: Vec<Vec<u8>> = Vec::new();
    let mut i = 1;
    let mut options_done = false;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if options_done || !a.starts_with('-') || a.len() == 1 {
            operands.push(a.as_bytes().to_vec());
            continue;
        }
        if a == "--" {
            options_done = true;
            continue;
        }
        let chars: Vec<char> = a[1..].chars().collect();
        let mut j = 0;
        while j < chars.len() {
            let c = chars[j];
            j += 1;
            match c {
                'v' => tool.debug += 1,
                'h' => std::process::exit(print_help()),
                'a' => tool.action = Action::PrintAll,
                'b' => tool.show_binary = true,
                'p' => {
                    let file: String = if j < chars.len() {
                        chars[j..].iter().collect()
                    } else if i < args.len() {
                        i += 1;
                        args[i - 1].clone()
                    } else {
                        eprintln!("{prog}: option requires an argument -- 'p'");
                        tool.action = Action::Read;
                        break;
                    };
                    let rc = read_in_config_file(&tool, &file);
                    let _ = std::io::stdout().flush();
                    std::process::exit(rc);
                }
                'c' => tool.action = Action::Create,
                'd' => tool.action = Action::Delete,
                'w' => tool.action = Action::Write,
                'n' => tool.action = Action::CreateKey,
                't' => tool.action = Action::Track,
                other => {
                    eprintln!("{prog}: invalid option -- '{other}'");
                    tool.action = Action::Read;
                }
            }
        }
    }
    if args.len() == 1 {
        tool.action = Action::PrintDefault;
        std::process::exit(print_all(&tool));
    } else if tool.action == Action::PrintAll {
        std::process::exit(print_all(&tool));
    } else if operands.is_empty() {
        eprintln!("Expected an object path after options");
        std::process::exit(1);
    }
    let db = match Confdb::initialize(&callbacks()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("Failed to initialize the objdb API. Error {e}");
            std::process::exit(1);
        }
    };
    for op in &operands {
        match tool.action {
            Action::Read => read_object(&tool, &db, op),
            Action::Write => write_key(&tool, &db, op),
            Action::Create => create_object(&tool, &db, op),
            Action::CreateKey => create_object_key(&tool, &db, op),
            Action::Delete => delete_object(&db, op),
            Action::Track => track_object(&db, op),
            Action::PrintAll | Action::PrintDefault => {}
        }
    }
    if tool.action == Action::Track {
        listen_for_changes(&db);
        if let Err(e) = db.stop_track() {
            eprintln!("Could not stop tracking. Error {e}");
        }
    }
    let _ = std::io::stdout().flush();
    if let Err(e) = db.finalize() {
        eprintln!("Error finalizing objdb API. Error {e}");
        std::process::exit(1);
    }
    let _ = OK;
}
