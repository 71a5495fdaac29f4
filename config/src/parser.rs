//! The corosync.conf grammar, exactly as the original reads it.
//!
//! The original reads the file with `fgets` into a 512-byte buffer and edits
//! each line in place with C string functions; the rules below follow from
//! that and are kept, quirks included, so that every file means here what it
//! meant there:
//!
//! * A physical line longer than 511 bytes is read as several lines.
//! * Anything after a NUL byte on a line is ignored.
//! * One `\n`, then one `\r`, then trailing spaces and tabs are removed.
//! * A line that is empty, blank, or whose first non-blank character is `#`
//!   is skipped. There are no trailing comments: `a: b # c` has the value
//!   `b # c`.
//! * A line containing `{` (anywhere) opens a section. Its name is the text
//!   before the `{` with surrounding blanks and trailing `:`/`{` removed,
//!   except that a name of one character keeps what follows it up to the
//!   brace (`a {` names a section `a `). Text after the `{` is ignored.
//! * Otherwise a line containing `:` is a key: the name is the text before
//!   the first `:` (blanks trimmed; a one-character name keeps its colon, so
//!   `k: v` makes a key `k:`), the value everything after it, leading blanks
//!   removed. Values are stored as strings with their terminating NUL. A
//!   repeated key replaces the earlier value. Keys may appear outside any
//!   section. Quotes and `=` mean nothing.
//! * Otherwise a line containing `}` closes the current section (text
//!   around it is ignored); at top level that is an error.
//! * Any other line is ignored.
//! * End of file inside a section is an error.

use std::sync::Arc;

use objdb::{ObjDb, ObjectHandle, Origin, c_str};

use crate::error::{ConfigError, ConfigErrorKind};

/// The original's line buffer: `fgets` reads at most one less.
const LINE_BUFFER: usize = 512;

/// What a line is about to add, for an [`ItemCheck`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Subsection,
    Item,
}

/// A restriction on what a file may contain (the original's
/// `parser_check_item`): given the parent object, the kind and the name,
/// an error message refuses the line.
pub type ItemCheck = fn(ObjectHandle, ItemKind, &[u8]) -> Result<(), &'static str>;

/// The physical lines of a file as `fgets` with a 512-byte buffer returns
/// them, each with the number of the line it starts on.
struct Chunks<'a> {
    text: &'a [u8],
    pos: usize,
    line: u32,
}

impl<'a> Iterator for Chunks<'a> {
    type Item = (u32, &'a [u8]);

    fn next(&mut self) -> Option<(u32, &'a [u8])> {
        if self.pos >= self.text.len() {
            return None;
        }
        let limit = self.text.len().min(self.pos + LINE_BUFFER - 1);
        let end = match self.text[self.pos..limit].iter().position(|&b| b == b'\n') {
            Some(k) => self.pos + k + 1,
            None => limit,
        };
        let chunk = &self.text[self.pos..end];
        let line = self.line;
        if chunk.last() == Some(&b'\n') {
            self.line = self.line.saturating_add(1);
        }
        self.pos = end;
        Some((line, chunk))
    }
}

fn is_blank(c: u8) -> bool {
    c == b' ' || c == b'\t'
}

/// The line as the parser sees it: up to a NUL, without line end and
/// trailing blanks.
fn clean_line(chunk: &[u8]) -> Vec<u8> {
    let mut line = c_str(chunk).to_vec();
    if line.last() == Some(&b'\n') {
        line.pop();
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    while line.last().copied().is_some_and(is_blank) {
        line.pop();
    }
    line
}

fn is_ignored(line: &[u8]) -> bool {
    match line.iter().find(|&&c| !is_blank(c)) {
        None => true,
        Some(&c) => c == b'#',
    }
}

/// Index just past `byte` and the blanks after it (`strchr_rs`).
fn after_marker(line: &[u8], byte: u8) -> Option<usize> {
    let at = line.iter().position(|&c| c == byte)?;
    let mut p = at + 1;
    while line.get(p).copied().is_some_and(is_blank) {
        p += 1;
    }
    Some(p)
}

/// The C string in `buf` starting at `from` (NUL bytes mark ends).
fn cstr_at(buf: &[u8], from: usize) -> &[u8] {
    c_str(buf.get(from..).unwrap_or(&[]))
}

/// The original's `remove_whitespace`: skip leading blanks, then end the
/// string after its last character that is not a blank (nor `:`/`{` when
/// asked) — but only if that character is not the first one. Returns where
/// the string now starts.
fn remove_whitespace(buf: &mut [u8], from: usize, colon_and_brace: bool) -> usize {
    let mut start = from;
    while buf.get(start).copied().is_some_and(is_blank) {
        start += 1;
    }
    let len = cstr_at(buf, start).len();
    if len == 0 {
        return start;
    }
    let trimmed = |c: u8| is_blank(c) || (colon_and_brace && (c == b':' || c == b'{'));
    let mut end = start + len - 1;
    while end > start && trimmed(buf[end]) {
        end -= 1;
    }
    if end != start
        && let Some(slot) = buf.get_mut(end + 1)
    {
        *slot = 0;
    }
    start
}

fn section_name(line: &[u8], after_brace: usize) -> Vec<u8> {
    let mut buf = line.to_vec();
    let start = remove_whitespace(&mut buf, 0, true);
    if let Some(slot) = buf.get_mut(after_brace - 1) {
        *slot = 0;
    }
    cstr_at(&buf, start).to_vec()
}

fn key_and_value(line: &[u8], after_colon: usize) -> (Vec<u8>, Vec<u8>) {
    let mut buf = line.to_vec();
    if let Some(slot) = buf.get_mut(after_colon - 1) {
        *slot = 0;
    }
    let key_start = remove_whitespace(&mut buf, 0, true);
    let key = cstr_at(&buf, key_start).to_vec();
    let value_start = remove_whitespace(&mut buf, after_colon, false);
    let value = cstr_at(&buf, value_start).to_vec();
    (key, value)
}

fn parse_error(message: &str, origin: Origin) -> ConfigError {
    ConfigError::new(ConfigErrorKind::Parse, message).at(Some(&origin))
}

/// Parse `text` (the contents of `file`) into `objdb` below the root,
/// recording for every object and key the line it came from.
pub fn parse_into(
    objdb: &mut ObjDb,
    text: &[u8],
    file: &str,
    check: Option<ItemCheck>,
) -> Result<(), ConfigError> {
    let file: Arc<str> = Arc::from(file);
    // The open sections: handle and the line that opened it.
    let mut open: Vec<(ObjectHandle, u32)> = Vec::new();
    let objdb_error = |e: objdb::ObjdbError, origin: Origin| parse_error(&e.to_string(), origin);

    for (line_no, chunk) in (Chunks {
        text,
        pos: 0,
        line: 1,
    }) {
        let line = clean_line(chunk);
        if is_ignored(&line) {
            continue;
        }
        let origin = Origin::new(Arc::clone(&file), line_no);
        let parent = open.last().map_or(ObjectHandle::ROOT, |&(h, _)| h);

        if let Some(after_brace) = after_marker(&line, b'{') {
            let name = section_name(&line, after_brace);
            if let Some(check) = check {
                check(parent, ItemKind::Subsection, &name)
                    .map_err(|msg| parse_error(msg, origin.clone()))?;
            }
            let handle = objdb
                .object_create(parent, &name)
                .map_err(|e| objdb_error(e, origin.clone()))?;
            objdb
                .set_object_origin(handle, origin)
                .map_err(|e| objdb_error(e, Origin::new(Arc::clone(&file), line_no)))?;
            open.push((handle, line_no));
            continue;
        }

        if let Some(after_colon) = after_marker(&line, b':') {
            let (key, value) = key_and_value(&line, after_colon);
            if let Some(check) = check {
                check(parent, ItemKind::Item, &key)
                    .map_err(|msg| parse_error(msg, origin.clone()))?;
            }
            objdb
                .object_key_create_string(parent, &key, &value)
                .map_err(|e| objdb_error(e, origin.clone()))?;
            objdb
                .set_key_origin(parent, &key, origin.clone())
                .map_err(|e| objdb_error(e, origin))?;
            continue;
        }

        if line.contains(&b'}') && open.pop().is_none() {
            return Err(parse_error(
                "parser error: Unexpected closing brace",
                origin,
            ));
        }
    }

    match open.last() {
        Some(&(_, opened_at)) => Err(parse_error(
            "parser error: Missing closing brace",
            Origin::new(file, opened_at),
        )),
        None => Ok(()),
    }
}

/// Parse a whole configuration text into a fresh object database. Never
/// panics and runs in time linear in the input, whatever the bytes: this is
/// the fuzzing entry point.
pub fn parse_bytes(text: &[u8], file_name: &str) -> Result<ObjDb, ConfigError> {
    let mut objdb = ObjDb::new();
    parse_into(&mut objdb, text, file_name, None)?;
    Ok(objdb)
}

/// [`parse_bytes`] for text.
pub fn parse_str(text: &str, file_name: &str) -> Result<ObjDb, ConfigError> {
    parse_bytes(text.as_bytes(), file_name)
}

/// What a file in `uidgid.d` may contain: top-level `uidgid` sections with
/// `uid` and `gid` keys only.
pub fn check_uidgid(parent: ObjectHandle, kind: ItemKind, name: &[u8]) -> Result<(), &'static str> {
    match kind {
        ItemKind::Subsection => {
            if parent != ObjectHandle::ROOT {
                return Err("uidgid: Can't add second level subsection");
            }
            if name != b"uidgid" {
                return Err("uidgid: Can't add subsection different than uidgid");
            }
            Ok(())
        }
        ItemKind::Item => {
            if name != b"uid" && name != b"gid" {
                return Err("uidgid: Only uid and gid are allowed items");
            }
            Ok(())
        }
    }
}
