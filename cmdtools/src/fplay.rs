//! `corosync-fplay`: print the records of a flight data dump.

use std::io::Write;

use logsys::flight::{DecodedRecord, Dump, decode_recid, recid};

/// Render a record's timestamp as local time, `YYYY-MM-DD HH:MM:SS`.
pub fn local_time(secs: i64) -> String {
    let t = secs as libc::time_t;
    // SAFETY: tm is plain data filled in by localtime_r.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: valid pointers to a local time_t and tm.
    if unsafe { libc::localtime_r(&t, &mut tm) }.is_null() {
        return String::new();
    }
    let mut buf = [0u8; 132];
    // SAFETY: buf is writable for its length; the format is NUL-terminated.
    let n = unsafe { libc::strftime(buf.as_mut_ptr().cast(), buf.len(), c"%F %T".as_ptr(), &tm) };
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

fn arg(rec: &DecodedRecord, i: usize) -> String {
    String::from_utf8_lossy(rec.arg_str(i).unwrap_or_default()).into_owned()
}

/// One record as the replay prints it (with its newline).
pub fn record_line(rec: &DecodedRecord) -> String {
    let mut s = format!("rec=[{}] ", rec.number);
    if let Some(t) = rec.time {
        s.push_str(&format!("time=[{}] ", local_time(t)));
    }
    let id = decode_recid(rec.ident);
    let text = match id {
        recid::LOG => format!("Log Message={}", arg(rec, 3)),
        recid::ENTER => format!("ENTERING function [{}] line [{}]", arg(rec, 2), rec.line),
        recid::LEAVE => format!("LEAVING function [{}] line [{}]", arg(rec, 2), rec.line),
        _ if (recid::TRACE8..=recid::TRACE1).contains(&id) => format!(
            "Tracing({}) Messsage={}",
            recid::TRACE1 + 1 - id,
            arg(rec, 3)
        ),
        _ => format!(
            "Unknown record type found subsys=[{}] ident=[{}]",
            arg(rec, 0),
            id as i32
        ),
    };
    s.push_str(&text);
    s.push('\n');
    s
}

/// Replay `bytes` (a dump read from `path`) to `out`, errors to `err`;
/// returns the exit status.
pub fn replay(bytes: &[u8], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let dump = match Dump::parse(bytes) {
        Ok(d) => d,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return 1;
        }
    };
    if dump.bytes_read != dump.bytes_expected {
        let _ = writeln!(
            out,
            "Warning: read {} bytes, but expected {}",
            dump.bytes_read, dump.bytes_expected
        );
    }
    let _ = writeln!(
        out,
        "Starting replay: head [{}] tail [{}]",
        dump.head() as i32,
        dump.tail() as i32
    );
    let (records, error) = dump.replay();
    for rec in &records {
        let _ = out.write_all(record_line(rec).as_bytes());
    }
    if let Some(e) = error {
        let _ = out.flush();
        let _ = writeln!(err, "{e}");
        return 1;
    }
    let _ = writeln!(out, "Finishing replay: records found [{}]", records.len());
    0
}
