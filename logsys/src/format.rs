//! The line formatter: expands the format string into the line written to
//! stderr and the log file, and the (timestamp- and program-less) line
//! handed to syslog, with the original's buffer sizes and cut-offs.

use std::time::SystemTime;

/// Size of the original's output buffers (`COMBINE_BUFFER_SIZE`); a message
/// is cut to one less.
pub const COMBINE_BUFFER_SIZE: usize = 2048;

/// The values a format can refer to.
#[derive(Clone, Copy, Debug)]
pub struct LineFields<'a> {
    /// `%s`: the subsystem name.
    pub subsys: &'a str,
    /// `%p`: the program (system) name.
    pub system: &'a str,
    /// `%n`: the function name.
    pub function: &'a str,
    /// `%f`: the source file name (without directories).
    pub file: &'a str,
    /// `%l`: the source line.
    pub line: u32,
    /// `%t`: `Mon dd hh:mm:ss`, local time.
    pub timestamp: &'a str,
    /// `%b`: the message.
    pub message: &'a [u8],
}

/// `Mon dd hh:mm:ss` in local time, the timestamp of the original's `%t`.
pub fn format_timestamp(time: SystemTime) -> String {
    let local: chrono::DateTime<chrono::Local> = time.into();
    local.format("%b %d %H:%M:%S").to_string()
}

/// One output buffer of the original: fixed size, never overrun.
struct Buffer {
    bytes: Vec<u8>,
}

impl Buffer {
    fn new() -> Buffer {
        Buffer {
            bytes: Vec::with_capacity(256),
        }
    }

    /// Copy `src` cut or space-padded to `cutoff` (its own length when 0),
    /// never filling the last byte of the buffer (`strcpy_cutoff`).
    fn put_cut(&mut self, src: &[u8], cutoff: usize) {
        let room = COMBINE_BUFFER_SIZE.saturating_sub(self.bytes.len());
        if room <= 1 {
            return;
        }
        let wanted = if cutoff == 0 { src.len() } else { cutoff };
        let width = wanted.min(room - 1);
        let copied = src.len().min(width);
        self.bytes.extend_from_slice(&src[..copied]);
        self.bytes.resize(self.bytes.len() + (width - copied), b' ');
    }
}

/// Expand `format`: returns the stderr/log-file line (ending in `\n`) and
/// the syslog message. `%t` and `%p` are empty in the syslog message, since
/// syslog adds its own.
pub fn format_line(format: &[u8], fields: &LineFields<'_>) -> (Vec<u8>, Vec<u8>) {
    let mut normal = Buffer::new();
    let mut syslog = Buffer::new();
    let mut i = 0;
    let line_no = fields.line.to_string();
    while let Some(&c) = format.get(i) {
        if c != b'%' {
            normal.bytes.push(c);
            syslog.bytes.push(c);
            i += 1;
        } else {
            i += 1;
            let digits_start = i;
            while format.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            let cutoff = parse_cutoff(&format[digits_start..i]);
            let (normal_src, syslog_src): (&[u8], &[u8]) = match format.get(i) {
                Some(b's') => (fields.subsys.as_bytes(), fields.subsys.as_bytes()),
                Some(b'n') => (fields.function.as_bytes(), fields.function.as_bytes()),
                Some(b'f') => (fields.file.as_bytes(), fields.file.as_bytes()),
                Some(b'l') => (line_no.as_bytes(), line_no.as_bytes()),
                Some(b't') => (fields.timestamp.as_bytes(), b""),
                Some(b'b') => (fields.message, fields.message),
                Some(b'p') => (fields.system.as_bytes(), b""),
                _ => (b"", b""),
            };
            normal.put_cut(normal_src, cutoff);
            syslog.put_cut(syslog_src, cutoff);
            if format.get(i).is_none() {
                break;
            }
            i += 1;
        }
        // Room is kept for the newline and terminator.
        if normal.bytes.len() >= COMBINE_BUFFER_SIZE - 2
            || syslog.bytes.len() >= COMBINE_BUFFER_SIZE - 1
        {
            break;
        }
    }
    let mut normal = normal.bytes;
    normal.truncate(COMBINE_BUFFER_SIZE - 2);
    normal.push(b'\n');
    (normal, syslog.bytes)
}

/// The width after `%`, as `atoi` reads it (absurd widths are clamped by
/// the buffer anyway).
fn parse_cutoff(digits: &[u8]) -> usize {
    digits.iter().fold(0usize, |acc, &d| {
        acc.saturating_mul(10).saturating_add(usize::from(d - b'0'))
    })
}

/// A message as the original keeps it: one trailing newline dropped, then
/// cut to fit its 2048-byte buffer.
pub fn clip_message(mut message: String) -> String {
    if message.ends_with('\n') {
        message.pop();
    }
    let max = COMBINE_BUFFER_SIZE - 1;
    if message.len() > max {
        let mut cut = max;
        while !message.is_char_boundary(cut) {
            cut -= 1;
        }
        message.truncate(cut);
    }
    message
}

/// The `strerror` text of an I/O error, without Rust's " (os error N)".
pub fn error_text(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.rfind(" (os error ") {
        Some(pos) => text[..pos].to_string(),
        None => text,
    }
}

/// The file name without its directories, as `__FILE__` is shortened.
pub fn short_file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The last path segment of a function's type name (see
/// [`crate::function_name!`]).
pub fn short_function_name(type_name: &'static str) -> &'static str {
    let mut name = type_name
        .strip_suffix("::__logsys_here")
        .unwrap_or(type_name);
    while let Some(outer) = name.strip_suffix("::{{closure}}") {
        name = outer;
    }
    name.rsplit("::").next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(message: &'a [u8]) -> LineFields<'a> {
        LineFields {
            subsys: "TOTEM",
            system: "corosync",
            function: "totemsrp_initialize",
            file: "totemsrp.c",
            line: 812,
            timestamp: "Nov 22 03:58:11",
            message,
        }
    }

    fn line(format: &str, msg: &str) -> (String, String) {
        let (n, s) = format_line(format.as_bytes(), &fields(msg.as_bytes()));
        (String::from_utf8(n).unwrap(), String::from_utf8(s).unwrap())
    }

    #[test]
    fn default_format_pads_subsystem_to_six() {
        assert_eq!(
            line("%p [%6s] %b", "message"),
            (
                "corosync [TOTEM ] message\n".to_string(),
                " [TOTEM ] message".to_string()
            )
        );
    }

    #[test]
    fn timestamp_is_left_out_of_syslog() {
        assert_eq!(
            line("%t %p [%6s] %b", "m"),
            (
                "Nov 22 03:58:11 corosync [TOTEM ] m\n".to_string(),
                "  [TOTEM ] m".to_string()
            )
        );
    }

    #[test]
    fn fileline_and_function_name() {
        assert_eq!(
            line("%p [%6s] %f:%n:%l %b", "m").0,
            "corosync [TOTEM ] totemsrp.c:totemsrp_initialize:812 m\n"
        );
        assert_eq!(
            line("%p [%6s] %f:%l %b", "m").0,
            "corosync [TOTEM ] totemsrp.c:812 m\n"
        );
        assert_eq!(
            line("%p [%6s] %n %b", "m").0,
            "corosync [TOTEM ] totemsrp_initialize m\n"
        );
    }

    #[test]
    fn width_cuts_long_names() {
        let (n, _) = format_line(
            b"[%6s] [%3p] [%2l]",
            &LineFields {
                subsys: "SYNCV2",
                ..fields(b"")
            },
        );
        assert_eq!(n, b"[SYNCV2] [cor] [81]\n");
        let (n, _) = format_line(
            b"[%6s]",
            &LineFields {
                subsys: "corosync",
                ..fields(b"")
            },
        );
        assert_eq!(n, b"[corosy]\n");
    }

    #[test]
    fn unknown_and_trailing_percent_expand_to_nothing() {
        assert_eq!(line("a%xb%", "m").0, "ab\n");
        assert_eq!(line("a%4xb", "m").0, "a    b\n");
        assert_eq!(line("100%%", "m").0, "100\n");
    }

    #[test]
    fn output_never_exceeds_the_buffer() {
        let big = "x".repeat(5000);
        let (n, s) = format_line(b"%p [%6s] %b", &fields(big.as_bytes()));
        assert_eq!(n.len(), COMBINE_BUFFER_SIZE - 1);
        assert_eq!(n.last(), Some(&b'\n'));
        assert_eq!(s.len(), COMBINE_BUFFER_SIZE - 1);
        let (n, _) = format_line(b"%99999999999999999999999b", &fields(b"m"));
        assert!(n.len() < COMBINE_BUFFER_SIZE);
    }

    #[test]
    fn clip_message_drops_one_newline_and_cuts() {
        assert_eq!(clip_message("a\n\n".into()), "a\n");
        assert_eq!(clip_message("é".repeat(2000)).len(), 2046);
        assert_eq!(clip_message("x".repeat(3000)).len(), 2047);
    }

    #[test]
    fn file_and_function_names_are_shortened() {
        assert_eq!(short_file_name("corosync/src/main.rs"), "main.rs");
        assert_eq!(short_file_name("main.rs"), "main.rs");
        assert_eq!(
            short_function_name("corosync::main::run::__logsys_here"),
            "run"
        );
        assert_eq!(
            short_function_name("corosync::main::run::{{closure}}::{{closure}}::__logsys_here"),
            "run"
        );
    }

    #[test]
    fn timestamp_has_month_name_and_zero_padded_day() {
        let t =
            format_timestamp(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(86400 * 40));
        // "Feb 10 hh:mm:ss" in UTC, Feb 09/10 elsewhere.
        assert_eq!(t.len(), 15);
        assert!(t.starts_with("Feb ") || t.starts_with("Jan "), "{t}");
        assert_eq!(&t[9..10], ":");
    }
}
