//! One log record: what a log call produces, queued for the writer. The
//! same structure is what a flight recorder would keep.

use std::time::SystemTime;

use crate::level::Level;
use crate::subsys::Subsys;

/// What kind of record (the original's record id): ordinary messages, and
/// the trace points that are printed only for `debug: trace`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordKind {
    /// `log_printf`.
    Log,
    /// `TRACE1` .. `TRACE8`. Only `Trace(1)` is ever printed.
    Trace(u8),
    /// `ENTER()`: flight recorder only.
    Enter,
    /// `LEAVE()`: flight recorder only.
    Leave,
}

/// Where a log call is in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Site {
    pub subsys: Subsys,
    pub level: Level,
    pub kind: RecordKind,
    /// `file!()`; shortened to the file name when printed.
    pub file: &'static str,
    pub function: &'static str,
    pub line: u32,
}

/// A formatted message with its origin and time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub site: Site,
    pub time: SystemTime,
    /// Already clipped (one trailing newline removed, at most 2047 bytes).
    pub message: String,
}

impl Record {
    /// Rough memory cost, for the queue's bound (the original counts the
    /// message and its record header).
    pub(crate) fn cost(&self) -> usize {
        self.message.len() + 1 + std::mem::size_of::<Record>()
    }
}
