//! Errors of the object database. Every failing call of the original returns
//! -1; here each says why, so the executive can log it. confdb maps them all
//! to `CS_ERR_ACCESS` as the original does.

use std::fmt;

use crate::types::ValueType;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ObjdbError {
    /// The object handle names no live object (never valid, or destroyed).
    BadHandle(u64),
    /// The find handle names no live find iteration.
    BadFindHandle(u64),
    /// The tracker id names no registered tracker.
    BadTracker(u64),
    /// The object has no key of that name.
    KeyNotFound(Vec<u8>),
    /// A typed value's length does not match its type.
    ValueSizeMismatch {
        ty: ValueType,
        expected: usize,
        actual: usize,
    },
    /// Increment/decrement on a key that does not hold an integer.
    NotAnInteger(Vec<u8>),
    /// The root object cannot be destroyed.
    RootNotDestroyable,
    /// Every 32-bit slot index is in use.
    HandlesExhausted,
}

impl fmt::Display for ObjdbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ObjdbError::BadHandle(h) => write!(f, "no object with handle {h:#x}"),
            ObjdbError::BadFindHandle(h) => write!(f, "no find iteration with handle {h:#x}"),
            ObjdbError::BadTracker(t) => write!(f, "no tracker with id {t}"),
            ObjdbError::KeyNotFound(k) => {
                write!(f, "no key named '{}'", String::from_utf8_lossy(k))
            }
            ObjdbError::ValueSizeMismatch {
                ty,
                expected,
                actual,
            } => write!(
                f,
                "a {ty:?} value must be {expected} bytes long, not {actual}"
            ),
            ObjdbError::NotAnInteger(k) => write!(
                f,
                "key '{}' does not hold an integer",
                String::from_utf8_lossy(k)
            ),
            ObjdbError::RootNotDestroyable => write!(f, "the root object cannot be destroyed"),
            ObjdbError::HandlesExhausted => write!(f, "no free object handle"),
        }
    }
}

impl std::error::Error for ObjdbError {}

pub type Result<T> = std::result::Result<T, ObjdbError>;
