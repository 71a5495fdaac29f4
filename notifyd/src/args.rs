//! Command line: the short options `f l o s h d m:` with getopt(3)
//! conventions (bundled flags, `-mADDR` or `-m ADDR`, `--` ends options,
//! other words are ignored).

pub const USAGE: &str = "usage:
        -f     : Start application in foreground.
        -l     : Log all events.
        -o     : Print events to stdout (turns on -l).
        -s     : Send SNMP traps on all events.
        -m     : SNMP Manager IP address (defaults to localhost).
        -d     : Send DBUS signals on all events.
        -h     : Print this help

";

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Opts {
    pub foreground: bool,
    pub log: bool,
    pub stdout: bool,
    pub snmp: bool,
    pub dbus: bool,
    pub snmp_manager: Option<String>,
}

/// `Err(None)`: usage only (-h); `Err(Some(msg))`: a getopt complaint, then
/// usage.
pub fn parse(argv: &[String]) -> Result<Opts, Option<String>> {
    let prog = argv
        .first()
        .map(String::as_str)
        .unwrap_or("corosync-notifyd");
    let mut o = Opts::default();
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
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
            let c = chars[k];
            k += 1;
            match c {
                'f' => o.foreground = true,
                'l' => o.log = true,
                'o' => {
                    o.log = true;
                    o.stdout = true;
                }
                's' => o.snmp = true,
                'd' => o.dbus = true,
                'm' => {
                    let rest: String = chars[k..].iter().collect();
                    let val = if !rest.is_empty() {
                        rest
                    } else if i < argv.len() {
                        i += 1;
                        argv[i - 1].clone()
                    } else {
                        return Err(Some(format!("{prog}: option requires an argument -- 'm'")));
                    };
                    o.snmp = true;
                    o.snmp_manager = Some(val);
                    k = chars.len();
                }
                'h' => return Err(None),
                other => return Err(Some(format!("{prog}: invalid option -- '{other}'"))),
            }
        }
    }
    Ok(o)
}

/// The configuration checks done before the daemon starts; the message
/// goes to syslog and the daemon exits with failure.
pub fn check(o: &Opts) -> Result<(), &'static str> {
    if !o.log && !o.stdout && !o.snmp && !o.dbus {
        return Err("no event type enabled, see corosync-notifyd -h, exiting.");
    }
    // Neither notifier is built into this daemon.
    if o.snmp {
        return Err("Not compiled with SNMP support enabled, exiting.");
    }
    if o.dbus {
        return Err("Not compiled with DBus support enabled, exiting.");
    }
    if o.stdout && !o.foreground {
        return Err("configured to print to stdout and run in the background, exiting");
    }
    Ok(())
}

/// A combination that is allowed but probably not meant.
pub fn warning(o: &Opts) -> Option<&'static str> {
    (o.snmp && o.dbus).then_some("configured to send snmp traps and dbus signals - are you sure?.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(a: &[&str]) -> Result<Opts, Option<String>> {
        let mut v = vec!["corosync-notifyd".to_string()];
        v.extend(a.iter().map(|s| s.to_string()));
        parse(&v)
    }

    #[test]
    fn flags() {
        let o = p(&["-fo"]).unwrap();
        assert!(o.foreground && o.log && o.stdout && !o.snmp);
        let o = p(&["-f", "-l"]).unwrap();
        assert!(o.foreground && o.log && !o.stdout);
        assert_eq!(check(&o), Ok(()));
    }

    #[test]
    fn manager_turns_on_snmp() {
        let o = p(&["-m", "10.1.1.1", "-f"]).unwrap();
        assert!(o.snmp && o.foreground);
        assert_eq!(o.snmp_manager.as_deref(), Some("10.1.1.1"));
        let o = p(&["-mhost"]).unwrap();
        assert_eq!(o.snmp_manager.as_deref(), Some("host"));
        assert_eq!(
            check(&o),
            Err("Not compiled with SNMP support enabled, exiting.")
        );
        assert!(
            p(&["-m"])
                .unwrap_err()
                .unwrap()
                .contains("requires an argument")
        );
    }

    #[test]
    fn errors() {
        assert_eq!(p(&["-h"]), Err(None));
        assert!(
            p(&["-x"])
                .unwrap_err()
                .unwrap()
                .contains("invalid option -- 'x'")
        );
        assert_eq!(
            check(&p(&[]).unwrap()),
            Err("no event type enabled, see corosync-notifyd -h, exiting.")
        );
        assert_eq!(
            check(&p(&["-o"]).unwrap()),
            Err("configured to print to stdout and run in the background, exiting")
        );
        assert_eq!(
            check(&p(&["-d", "-f"]).unwrap()),
            Err("Not compiled with DBus support enabled, exiting.")
        );
        // words that are not options are ignored, `--` ends the options
        let o = p(&["word", "-l", "--", "-x"]).unwrap();
        assert!(o.log);
    }
}
