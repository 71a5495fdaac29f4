//! The flight recorder: a ring of 32-bit words holding the most recent log
//! and trace records, whatever their level, so that a dump taken after a
//! crash or on request (`corosync-blackbox`) shows what led up to it.
//!
//! Memory and file layout (native byte order), which `corosync-fplay`
//! reads:
//!
//! ```text
//! record: u32 size in words (the whole record, header included)
//!         u32 rec_ident  (level | subsys id << 3 | record id << 10)
//!         u32 source line
//!         u32 record number (1, 2, ...)
//!         u32 seconds since the epoch, low half; u32 high half
//!         then per argument: u32 length in words, the bytes padded to
//!         whole words. The arguments are the subsystem name, the source
//!         file name and the function name (NUL-terminated), then the
//!         message (NUL-terminated).
//! file:   u32 0xFFFFDABB, u32 ring size N in words, N words of ring,
//!         u32 head (where the next record goes), u32 tail (oldest record).
//! ```
//!
//! Records wrap around the end of the ring word by word.

use std::io::{self, Write};
use std::sync::{Mutex, PoisonError};

use crate::level::Level;
use crate::record::RecordKind;

/// The first word of a dump with timestamps.
pub const FDATA_MAGIC: u32 = 0xFFFF_DABB;

/// The executive's recorder size in bytes (before rounding).
pub const DEFAULT_FLIGHT_RECORDER_BYTES: usize = 8192 * 128;

/// Smaller sizes are raised to this.
pub const MINIMUM_FLIGHT_RECORDER_BYTES: usize = 64_000;

/// Header words in front of every record's arguments.
pub const RECORD_HEADER_WORDS: usize = 6;

/// Record ids (the bits above the level and subsystem id).
pub mod recid {
    pub const MAX: u32 = u32::MAX >> 10;
    pub const LOG: u32 = MAX - 1;
    pub const ENTER: u32 = MAX - 2;
    pub const LEAVE: u32 = MAX - 3;
    /// `TRACE1`; `TRACEn` is `TRACE1 + 1 - n`.
    pub const TRACE1: u32 = MAX - 4;
    pub const TRACE8: u32 = MAX - 11;
}

/// `rec_ident` of a record.
pub fn encode_ident(level: Level, subsys_id: u32, kind: RecordKind) -> u32 {
    let id = match kind {
        RecordKind::Log => recid::LOG,
        RecordKind::Enter => recid::ENTER,
        RecordKind::Leave => recid::LEAVE,
        RecordKind::Trace(n) => recid::TRACE1 + 1 - u32::from(n.clamp(1, 8)),
    };
    (id << 10) | ((subsys_id & 0x7f) << 3) | u32::from(level.as_raw() & 7)
}

/// The level bits of a `rec_ident`.
pub fn decode_level(ident: u32) -> u32 {
    ident & 7
}

/// The subsystem id bits of a `rec_ident`.
pub fn decode_subsys(ident: u32) -> u32 {
    (ident >> 3) & 0x7f
}

/// The record id bits of a `rec_ident`.
pub fn decode_recid(ident: u32) -> u32 {
    ident >> 10
}

/// Ring size in words for a requested size in bytes: at least 64000 bytes,
/// rounded up to whole pages, and one word for each byte of that (the
/// original's sizing, kept so dumps have the same length).
pub fn ring_words(requested_bytes: usize) -> usize {
    const PAGE: usize = 4096;
    requested_bytes
        .max(MINIMUM_FLIGHT_RECORDER_BYTES)
        .div_ceil(PAGE)
        * PAGE
}

struct Ring {
    data: Box<[u32]>,
    head: usize,
    tail: usize,
    /// Words between tail and head.
    used: usize,
    records_written: u32,
}

impl Ring {
    fn len(&self) -> usize {
        self.data.len()
    }

    /// Drop the oldest records until `words` fit (one word stays free so
    /// that a full ring never has head == tail).
    fn reclaim(&mut self, words: usize) {
        let n = self.len();
        while self.used > 0 && self.used + words >= n {
            let size = self.data[self.tail] as usize;
            if size == 0 || size > self.used {
                // cannot happen with records written here; start afresh
                self.tail = self.head;
                self.used = 0;
                break;
            }
            self.tail = (self.tail + size) % n;
            self.used -= size;
        }
    }

    fn put(&mut self, idx: &mut usize, word: u32) {
        self.data[*idx] = word;
        *idx = (*idx + 1) % self.data.len();
    }

    fn put_arg(&mut self, idx: &mut usize, bytes: &[u8], nul: bool) {
        let words = (bytes.len() + usize::from(nul)).div_ceil(4);
        self.put(idx, words as u32);
        for i in 0..words {
            let mut w = [0u8; 4];
            for (j, b) in w.iter_mut().enumerate() {
                *b = bytes.get(i * 4 + j).copied().unwrap_or(0);
            }
            self.put(idx, u32::from_ne_bytes(w));
        }
    }
}

/// One argument's size in words including its length word.
fn arg_words(len: usize) -> usize {
    len.div_ceil(4) + 1
}

/// The flight recorder. Writers take a short lock; a dump takes the same
/// lock, so it always sees whole records.
pub struct FlightRecorder {
    ring: Mutex<Ring>,
}

impl std::fmt::Debug for FlightRecorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FlightRecorder")
            .field("words", &self.words())
            .finish()
    }
}

/// What one record carries.
#[derive(Clone, Copy, Debug)]
pub struct RecordFields<'a> {
    pub ident: u32,
    pub line: u32,
    /// Seconds since the epoch.
    pub time: u64,
    pub subsys: &'a str,
    pub file: &'a str,
    pub function: &'a str,
    /// `None` for records without a message (enter, leave).
    pub message: Option<&'a [u8]>,
    /// More arguments, stored as given (no terminating NUL): what a
    /// program's own `log_rec` records carry.
    pub args: &'a [&'a [u8]],
}

impl FlightRecorder {
    /// A recorder of [`ring_words`]`(requested_bytes)` words.
    pub fn new(requested_bytes: usize) -> FlightRecorder {
        let words = ring_words(requested_bytes);
        FlightRecorder {
            ring: Mutex::new(Ring {
                data: vec![0u32; words].into_boxed_slice(),
                head: 0,
                tail: 0,
                used: 0,
                records_written: 1,
            }),
        }
    }

    /// The ring size in words.
    pub fn words(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Ring> {
        self.ring.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Append one record, dropping the oldest ones to make room.
    pub fn record(&self, fields: &RecordFields<'_>) {
        let strings = [fields.subsys, fields.file, fields.function];
        let mut words = RECORD_HEADER_WORDS;
        for s in strings {
            words += arg_words(s.len() + 1);
        }
        if let Some(m) = fields.message {
            words += arg_words(m.len() + 1);
        }
        for a in fields.args {
            words += arg_words(a.len());
        }
        let mut ring = self.lock();
        if words >= ring.len() {
            return;
        }
        ring.reclaim(words);
        let start = ring.head;
        let mut idx = start;
        let number = ring.records_written;
        ring.put(&mut idx, words as u32);
        ring.put(&mut idx, fields.ident);
        ring.put(&mut idx, fields.line);
        ring.put(&mut idx, number);
        ring.put(&mut idx, fields.time as u32);
        ring.put(&mut idx, (fields.time >> 32) as u32);
        for s in strings {
            ring.put_arg(&mut idx, s.as_bytes(), true);
        }
        if let Some(m) = fields.message {
            ring.put_arg(&mut idx, m, true);
        }
        for a in fields.args {
            ring.put_arg(&mut idx, a, false);
        }
        ring.head = idx;
        ring.used += words;
        ring.records_written = number.wrapping_add(1);
    }

    /// Write the dump (magic, size, ring, head, tail) to `out`.
    pub fn store<W: Write>(&self, out: &mut W) -> io::Result<()> {
        let ring = self.lock();
        Self::store_ring(&ring, &mut |b| out.write_all(b))
    }

    /// Like [`FlightRecorder::store`], for a signal handler: gives up
    /// (returning false) instead of waiting when the recorder is busy, and
    /// allocates nothing. `write` gets the dump in pieces and returns
    /// false to stop.
    pub fn try_store_with(&self, write: &mut dyn FnMut(&[u8]) -> bool) -> bool {
        let ring = match self.ring.try_lock() {
            Ok(r) => r,
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return false,
        };
        Self::store_ring(&ring, &mut |b| {
            if write(b) {
                Ok(())
            } else {
                Err(io::ErrorKind::WriteZero.into())
            }
        })
        .is_ok()
    }

    fn store_ring(ring: &Ring, write: &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        // small: this also runs on a signal stack
        let mut buf = [0u8; 1024];
        write(&FDATA_MAGIC.to_ne_bytes())?;
        write(&(ring.len() as u32).to_ne_bytes())?;
        for chunk in ring.data.chunks(buf.len() / 4) {
            for (i, w) in chunk.iter().enumerate() {
                buf[i * 4..i * 4 + 4].copy_from_slice(&w.to_ne_bytes());
            }
            write(&buf[..chunk.len() * 4])?;
        }
        write(&(ring.head as u32).to_ne_bytes())?;
        write(&(ring.tail as u32).to_ne_bytes())
    }
}

/// One record read back from a dump.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedRecord {
    pub ident: u32,
    pub line: u32,
    pub number: u32,
    /// `None` in the old format, which had no timestamps.
    pub time: Option<i64>,
    /// The arguments, each with its padding (strings end at their NUL).
    pub args: Vec<Vec<u8>>,
}

impl DecodedRecord {
    /// Argument `i` as a C string (up to its first NUL).
    pub fn arg_str(&self, i: usize) -> Option<&[u8]> {
        let a = self.args.get(i)?;
        let end = a.iter().position(|&b| b == 0).unwrap_or(a.len());
        Some(&a[..end])
    }
}

/// A dump read from a file.
#[derive(Clone, Debug)]
pub struct Dump {
    /// Written with timestamps (the magic number came first).
    pub new_format: bool,
    pub size: u32,
    /// The ring followed by head and tail, as far as the file had them.
    pub words: Vec<u32>,
    /// Bytes read after the header, and the bytes there should have been.
    pub bytes_read: usize,
    pub bytes_expected: usize,
}

/// Why a dump cannot be replayed; the texts are what `corosync-fplay`
/// prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DumpError {
    NoMagic,
    NoHeader,
    RecIdxTooLarge,
    RecSizeTooLarge,
    RecSizeTooSmall,
    Rewind,
}

impl std::fmt::Display for DumpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DumpError::NoMagic => "Unable to read fdata magic number",
            DumpError::NoHeader => "Unable to read fdata header",
            DumpError::RecIdxTooLarge => "rec_idx too large. Input file is probably corrupted.",
            DumpError::RecSizeTooLarge => "rec_size too large. Input file is probably corrupted.",
            DumpError::RecSizeTooSmall => "rec_size too small. Input file is probably corrupted.",
            DumpError::Rewind => {
                "file rewind for second time (cycle). Input file is probably corrupted."
            }
        })
    }
}

/// Largest record the replay accepts, in words.
pub const MAX_REPLAY_RECORD_WORDS: u32 = 10_000;

/// The smallest record: size, ident, line and number.
const MINIMUM_RECORD_WORDS: u32 = 4;

impl Dump {
    /// Parse a dump held in memory.
    pub fn parse(bytes: &[u8]) -> Result<Dump, DumpError> {
        let word = |i: usize| -> Option<u32> {
            bytes
                .get(i * 4..i * 4 + 4)
                .map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
        };
        let first = word(0).ok_or(DumpError::NoMagic)?;
        let (new_format, size, body) = if first == FDATA_MAGIC {
            (true, word(1).ok_or(DumpError::NoHeader)?, 8)
        } else {
            (false, first, 4)
        };
        let expected = (size as usize + 2) * 4;
        let rest = &bytes[body..];
        let take = rest.len().min(expected);
        let words = rest[..take - take % 4]
            .chunks_exact(4)
            .map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        Ok(Dump {
            new_format,
            size,
            words,
            bytes_read: take,
            bytes_expected: expected,
        })
    }

    fn word(&self, i: usize) -> u32 {
        self.words.get(i).copied().unwrap_or(0)
    }

    pub fn head(&self) -> u32 {
        self.word(self.size as usize)
    }

    pub fn tail(&self) -> u32 {
        self.word(self.size as usize + 1)
    }

    /// Every record from tail to head, oldest first. A record whose
    /// header is damaged ends the walk with the error after the records
    /// before it.
    pub fn replay(&self) -> (Vec<DecodedRecord>, Option<DumpError>) {
        let mut out = Vec::new();
        let mut idx = self.tail();
        let end = self.head();
        let mut rewound = false;
        loop {
            match self.record_at(idx, &mut rewound) {
                Ok((rec, next)) => {
                    out.push(rec);
                    idx = next;
                    if idx == end {
                        return (out, None);
                    }
                }
                Err(e) => return (out, Some(e)),
            }
        }
    }

    fn record_at(&self, idx: u32, rewound: &mut bool) -> Result<(DecodedRecord, u32), DumpError> {
        let n = self.size;
        if idx >= n {
            return Err(DumpError::RecIdxTooLarge);
        }
        let size = self.word(idx as usize);
        if size > MAX_REPLAY_RECORD_WORDS || size > n {
            return Err(DumpError::RecSizeTooLarge);
        }
        if size < MINIMUM_RECORD_WORDS {
            return Err(DumpError::RecSizeTooSmall);
        }
        if size + idx > n {
            if *rewound {
                return Err(DumpError::Rewind);
            }
            *rewound = true;
        }
        let rec: Vec<u32> = (0..size)
            .map(|i| self.word(((idx + i) % n) as usize))
            .collect();
        let header = if self.new_format {
            RECORD_HEADER_WORDS
        } else {
            4
        };
        let time = if self.new_format && rec.len() >= 6 {
            Some((u64::from(rec[4]) | (u64::from(rec[5]) << 32)) as i64)
        } else {
            None
        };
        let mut args = Vec::new();
        let mut i = header;
        while i < rec.len() {
            let len = rec[i] as usize;
            let from = i + 1;
            let to = (from + len).min(rec.len());
            args.push(rec[from..to].iter().flat_map(|w| w.to_ne_bytes()).collect());
            i = from + len;
        }
        Ok((
            DecodedRecord {
                ident: rec[1],
                line: rec[2],
                number: rec[3],
                time,
                args,
            },
            (idx + size) % n,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(msg: &'a [u8]) -> RecordFields<'a> {
        RecordFields {
            args: &[],
            ident: encode_ident(Level::Notice, 2, RecordKind::Log),
            line: 42,
            time: 1_700_000_000,
            subsys: "TOTEM",
            file: "totemsrp.rs",
            function: "memb_state_operational_enter",
            message: Some(msg),
        }
    }

    fn dump(rec: &FlightRecorder) -> Dump {
        let mut v = Vec::new();
        rec.store(&mut v).unwrap();
        assert_eq!(v.len(), (rec.words() + 4) * 4);
        Dump::parse(&v).unwrap()
    }

    #[test]
    fn sizes_follow_the_rounding() {
        assert_eq!(ring_words(0), 65_536);
        assert_eq!(ring_words(DEFAULT_FLIGHT_RECORDER_BYTES), 1_048_576);
    }

    #[test]
    fn ident_round_trips() {
        let id = encode_ident(Level::Debug, 64, RecordKind::Trace(3));
        assert_eq!(decode_level(id), 7);
        assert_eq!(decode_subsys(id), 64);
        assert_eq!(decode_recid(id), recid::TRACE1 - 2);
        assert_eq!(
            decode_recid(encode_ident(Level::Info, 0, RecordKind::Trace(8))),
            recid::TRACE8
        );
    }

    #[test]
    fn records_read_back() {
        let rec = FlightRecorder::new(0);
        for m in ["a", "abc", "abcd", "hello world"] {
            rec.record(&fields(m.as_bytes()));
        }
        let d = dump(&rec);
        let (records, err) = d.replay();
        assert_eq!(err, None);
        assert_eq!(records.len(), 4);
        assert_eq!(records[3].arg_str(3), Some(&b"hello world"[..]));
        assert_eq!(records[2].arg_str(3), Some(&b"abcd"[..]));
        assert_eq!(records[0].arg_str(0), Some(&b"TOTEM"[..]));
        assert_eq!(
            records[0].arg_str(2),
            Some(&b"memb_state_operational_enter"[..])
        );
        assert_eq!(records[0].number, 1);
        assert_eq!(records[3].number, 4);
        assert_eq!(records[1].time, Some(1_700_000_000));
        assert_eq!(records[1].line, 42);
    }

    #[test]
    fn wraps_and_keeps_the_newest() {
        let rec = FlightRecorder::new(0);
        let n = 20_000u32;
        for i in 0..n {
            rec.record(&fields(format!("message number {i}").as_bytes()));
        }
        let d = dump(&rec);
        let (records, err) = d.replay();
        assert_eq!(err, None);
        let last = records.last().unwrap();
        assert_eq!(last.number, n);
        assert_eq!(
            last.arg_str(3),
            Some(format!("message number {}", n - 1).as_bytes())
        );
        // consecutive numbers, as many as fit
        for w in records.windows(2) {
            assert_eq!(w[0].number + 1, w[1].number);
        }
        assert!(records.len() > 1000 && records.len() < n as usize);
    }

    #[test]
    fn damaged_dumps_are_reported_not_fatal() {
        let rec = FlightRecorder::new(0);
        rec.record(&fields(b"x"));
        let mut v = Vec::new();
        rec.store(&mut v).unwrap();
        // record size word set to 1
        v[8..12].copy_from_slice(&1u32.to_ne_bytes());
        let (r, e) = Dump::parse(&v).unwrap().replay();
        assert!(r.is_empty());
        assert_eq!(e, Some(DumpError::RecSizeTooSmall));
        assert_eq!(Dump::parse(&[1, 2]).unwrap_err(), DumpError::NoMagic);
        // truncated: head and tail read as zero
        let d = Dump::parse(&v[..100]).unwrap();
        assert!(d.bytes_read < d.bytes_expected);
        let _ = d.replay();
    }
}
