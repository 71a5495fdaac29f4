//! The command line, parsed as getopt(3) with "VHsle:v:hin:d:" does
//! (options may follow operands; `--` ends them).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Unknown,
    ShowNodes,
    ShowStatus,
    SetVotes,
    SetExpected,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeidFormat {
    Decimal,
    Hex,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameFormat {
    Name,
    Ip,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub command: Command,
    pub nodeid: u32,
    pub votes: i32,
    pub nodeid_format: NodeidFormat,
    pub name_format: NameFormat,
}

/// C `strtol(s, &end, 0)` truncated to `long`: the value and whether any
/// digits were read.
pub fn strtol(s: &str) -> (i64, bool) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && (b[i] == b' ' || (b'\t'..=b'\r').contains(&b[i])) {
        i += 1;
    }
    let mut neg = false;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        neg = b[i] == b'-';
        i += 1;
    }
    let mut base = 10;
    if i + 1 < b.len() && b[i] == b'0' && (b[i + 1] == b'x' || b[i + 1] == b'X') {
        if i + 2 < b.len() && b[i + 2].is_ascii_hexdigit() {
            base = 16;
            i += 2;
        }
    } else if i < b.len() && b[i] == b'0' {
        base = 8;
    }
    let mut v: i128 = 0;
    let mut any = false;
    while i < b.len() {
        let d = match (b[i] as char).to_digit(base) {
            Some(d) => d,
            None => break,
        };
        any = true;
        v = (v * base as i128 + d as i128).min(i64::MAX as i128 + 1);
        i += 1;
    }
    let v = if neg { -v } else { v };
    (v.clamp(i64::MIN as i128, i64::MAX as i128) as i64, any)
}

const WITH_ARG: &[u8] = b"evnd";
const FLAGS: &[u8] = b"VHslhi";

/// Parses the options; `Err(status)` when the tool must exit at once.
/// `using_votequorum` is asked when -e or -v is seen, as the original does.
pub fn parse(argv: &[String], using_votequorum: impl Fn() -> bool) -> Result<Options, i32> {
    let prog = argv
        .first()
        .map(String::as_str)
        .unwrap_or("corosync-quorumtool");
    let mut o = Options {
        command: Command::Unknown,
        nodeid: 0,
        votes: 0,
        nodeid_format: NodeidFormat::Decimal,
        name_format: NameFormat::Name,
    };
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_bytes();
        if a == b"--" {
            break;
        }
        if a.len() < 2 || a[0] != b'-' {
            i += 1;
            continue;
        }
        let mut k = 1;
        while k < a.len() {
            let c = a[k];
            k += 1;
            if WITH_ARG.contains(&c) {
                let optarg = if k < a.len() {
                    let s = String::from_utf8_lossy(&a[k..]).into_owned();
                    k = a.len();
                    Some(s)
                } else if i + 1 < argv.len() {
                    i += 1;
                    Some(argv[i].clone())
                } else {
                    None
                };
                let Some(optarg) = optarg else {
                    eprintln!("{prog}: option requires an argument -- '{}'", c as char);
                    continue;
                };
                match c {
                    b'e' => {
                        if !using_votequorum() {
                            eprintln!(
                                "You cannot change expected votes, corosync is not using votequorum"
                            );
                            return Err(2);
                        }
                        let (v, any) = strtol(&optarg);
                        let v = v as i32;
                        if (v == 0 && !any) || v <= 0 {
                            eprintln!(
                                "New expected votes value was not valid, try a positive number"
                            );
                        } else {
                            o.votes = v;
                            o.command = Command::SetExpected;
                        }
                    }
                    b'v' => {
                        if !using_votequorum() {
                            eprintln!(
                                "You cannot change node votes, corosync is not using votequorum"
                            );
                            return Err(2);
                        }
                        let (v, any) = strtol(&optarg);
                        let v = v as i32;
                        if (v == 0 && !any) || v < 0 {
                            eprintln!(
                                "New votes value was not valid, try a positive number or zero"
                            );
                        } else {
                            o.votes = v;
                            o.command = Command::SetVotes;
                        }
                    }
                    b'n' => {
                        // an unsigned id: only zero (or no number) is refused
                        o.nodeid = strtol(&optarg).0 as u32;
                        if o.nodeid == 0 {
                            eprintln!("The nodeid was not valid, try a positive number");
                        }
                    }
                    _ => {}
                }
            } else if FLAGS.contains(&c) {
                match c {
                    b's' => o.command = Command::ShowStatus,
                    b'l' => o.command = Command::ShowNodes,
                    b'h' => o.nodeid_format = NodeidFormat::Hex,
                    b'i' => o.name_format = NameFormat::Ip,
                    _ => {}
                }
            } else {
                eprintln!("{prog}: invalid option -- '{}'", c as char);
            }
        }
        i += 1;
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        std::iter::once("corosync-quorumtool")
            .chain(a.iter().copied())
            .map(String::from)
            .collect()
    }

    #[test]
    fn strtol_like_c() {
        assert_eq!(strtol("12"), (12, true));
        assert_eq!(strtol(" -3x"), (-3, true));
        assert_eq!(strtol("0x10"), (16, true));
        assert_eq!(strtol("010"), (8, true));
        assert_eq!(strtol("abc"), (0, false));
        assert_eq!(strtol(""), (0, false));
    }

    #[test]
    fn options_as_getopt() {
        let o = parse(&args(&["-s"]), || true).unwrap();
        assert_eq!(o.command, Command::ShowStatus);
        let o = parse(&args(&["-lhi"]), || true).unwrap();
        assert_eq!(
            (o.command, o.nodeid_format, o.name_format),
            (Command::ShowNodes, NodeidFormat::Hex, NameFormat::Ip)
        );
        let o = parse(&args(&["-v", "2", "-n0x5"]), || true).unwrap();
        assert_eq!((o.command, o.votes, o.nodeid), (Command::SetVotes, 2, 5));
        let o = parse(&args(&["-e", "0"]), || true).unwrap();
        assert_eq!(o.command, Command::Unknown);
        assert_eq!(parse(&args(&["-e", "3"]), || false), Err(2));
        assert_eq!(parse(&args(&["-v", "3"]), || false), Err(2));
        let o = parse(&args(&["junk", "-s", "-x"]), || true).unwrap();
        assert_eq!(o.command, Command::ShowStatus);
    }
}
