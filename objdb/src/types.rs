//! Handles, value types and source locations: the vocabulary of the object
//! database, with the numeric values of the original `objdb.h`.

use std::fmt;
use std::sync::Arc;

/// The raw value of `OBJECT_PARENT_HANDLE`: the handle of the root object.
pub const OBJECT_PARENT_HANDLE_RAW: u64 = 0xFFFF_FFFF_0000_0000;

/// The handle of one object. Handles are 64-bit: the low half is a slot
/// index, the high half a check value that changes every time a slot is
/// reused, so a handle to a destroyed object stays invalid.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectHandle(u64);

/// The root object (`OBJECT_PARENT_HANDLE`).
pub const OBJECT_PARENT_HANDLE: ObjectHandle = ObjectHandle::ROOT;

impl ObjectHandle {
    /// The root object, parent of every top-level section.
    pub const ROOT: ObjectHandle = ObjectHandle(OBJECT_PARENT_HANDLE_RAW);

    /// A handle as it travels on the wire (from a confdb client, say).
    pub const fn from_raw(raw: u64) -> ObjectHandle {
        ObjectHandle(raw)
    }

    /// The 64-bit value to put on the wire.
    pub const fn as_raw(self) -> u64 {
        self.0
    }
}

impl fmt::Debug for ObjectHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ObjectHandle({:#018x})", self.0)
    }
}

impl fmt::Display for ObjectHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#x}", self.0)
    }
}

/// The handle of one find iteration (`object_find_create`). Clients of
/// confdb hold these across requests, so they are checked like object handles.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct FindHandle(u64);

impl FindHandle {
    pub const fn from_raw(raw: u64) -> FindHandle {
        FindHandle(raw)
    }
    pub const fn as_raw(self) -> u64 {
        self.0
    }
}

/// One registered change tracker (`object_track_start`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct TrackerId(pub(crate) u64);

impl TrackerId {
    pub const fn as_raw(self) -> u64 {
        self.0
    }
}

/// `objdb_value_types_t`, with the original's numeric values.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
#[repr(u32)]
pub enum ValueType {
    Int16 = 0,
    UInt16 = 1,
    Int32 = 2,
    UInt32 = 3,
    Int64 = 4,
    UInt64 = 5,
    Float = 6,
    Double = 7,
    String = 8,
    Any = 9,
}

impl ValueType {
    /// The type for a wire value, `None` for a number the original does not
    /// define.
    pub fn from_raw(raw: u32) -> Option<ValueType> {
        Some(match raw {
            0 => ValueType::Int16,
            1 => ValueType::UInt16,
            2 => ValueType::Int32,
            3 => ValueType::UInt32,
            4 => ValueType::Int64,
            5 => ValueType::UInt64,
            6 => ValueType::Float,
            7 => ValueType::Double,
            8 => ValueType::String,
            9 => ValueType::Any,
            _ => return None,
        })
    }

    pub fn as_raw(self) -> u32 {
        self as u32
    }

    /// The exact value length a typed key of this type must have; strings
    /// and `Any` take any length.
    pub fn fixed_size(self) -> Option<usize> {
        match self {
            ValueType::Int16 | ValueType::UInt16 => Some(2),
            ValueType::Int32 | ValueType::UInt32 | ValueType::Float => Some(4),
            ValueType::Int64 | ValueType::UInt64 | ValueType::Double => Some(8),
            ValueType::String | ValueType::Any => None,
        }
    }
}

/// `object_track_depth_t`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub enum TrackDepth {
    /// Changes to the tracked object and its direct children only.
    One = 0,
    /// Changes anywhere below the tracked object.
    Recursive = 1,
}

/// `object_change_type_t`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub enum KeyChangeType {
    Created = 0,
    Replaced = 1,
    Deleted = 2,
}

/// `objdb_reload_notify_type_t`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub enum ReloadPhase {
    Start = 0,
    End = 1,
    Failed = 2,
}

/// Where an object or key came from: a configuration file and line. Kept so
/// that errors found later (a bad `token` value, say) can name the line.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Origin {
    pub file: Arc<str>,
    pub line: u32,
}

impl Origin {
    pub fn new(file: Arc<str>, line: u32) -> Origin {
        Origin { file, line }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A key's value as stored: the bytes and the declared type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct KeyValue<'a> {
    pub value: &'a [u8],
    pub ty: ValueType,
}

impl<'a> KeyValue<'a> {
    /// The value as C code reads a string value: up to the first NUL byte
    /// (the config parser stores strings with their terminating NUL).
    pub fn c_str(&self) -> &'a [u8] {
        c_str(self.value)
    }
}

/// One key seen during iteration.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct KeyRef<'a> {
    pub name: &'a [u8],
    pub value: &'a [u8],
    pub ty: ValueType,
}

/// Bytes up to the first NUL, the way `strlen` sees them.
pub fn c_str(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&b| b == 0) {
        Some(end) => &bytes[..end],
        None => bytes,
    }
}
