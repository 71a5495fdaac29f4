//! `cs_error_t` and decode errors.

use std::fmt;

/// A `cs_error_t` value. A newtype rather than an enum because the client
/// libraries hand back whatever the executive put in a response header,
/// including values this crate does not name.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CsError(pub i32);

impl CsError {
    pub const OK: CsError = CsError(1);
    pub const LIBRARY: CsError = CsError(2);
    pub const VERSION: CsError = CsError(3);
    pub const INIT: CsError = CsError(4);
    pub const TIMEOUT: CsError = CsError(5);
    pub const TRY_AGAIN: CsError = CsError(6);
    pub const INVALID_PARAM: CsError = CsError(7);
    pub const NO_MEMORY: CsError = CsError(8);
    pub const BAD_HANDLE: CsError = CsError(9);
    pub const BUSY: CsError = CsError(10);
    pub const ACCESS: CsError = CsError(11);
    pub const NOT_EXIST: CsError = CsError(12);
    pub const NAME_TOO_LONG: CsError = CsError(13);
    pub const EXIST: CsError = CsError(14);
    pub const NO_SPACE: CsError = CsError(15);
    pub const INTERRUPT: CsError = CsError(16);
    pub const NAME_NOT_FOUND: CsError = CsError(17);
    pub const NO_RESOURCES: CsError = CsError(18);
    pub const NOT_SUPPORTED: CsError = CsError(19);
    pub const BAD_OPERATION: CsError = CsError(20);
    pub const FAILED_OPERATION: CsError = CsError(21);
    pub const MESSAGE_ERROR: CsError = CsError(22);
    pub const QUEUE_FULL: CsError = CsError(23);
    pub const QUEUE_NOT_AVAILABLE: CsError = CsError(24);
    pub const BAD_FLAGS: CsError = CsError(25);
    pub const TOO_BIG: CsError = CsError(26);
    pub const NO_SECTIONS: CsError = CsError(27);
    pub const CONTEXT_NOT_FOUND: CsError = CsError(28);
    pub const TOO_MANY_GROUPS: CsError = CsError(30);
    pub const IN_SHUTDOWN: CsError = CsError(31);
    pub const SECURITY: CsError = CsError(100);

    pub fn is_ok(self) -> bool {
        self == CsError::OK
    }

    /// `CS_OK` becomes `Ok(())`, anything else an error.
    pub fn into_result(self) -> CsResult<()> {
        if self.is_ok() { Ok(()) } else { Err(self) }
    }

    /// The symbolic name, as `cs_strerror` of later versions prints it.
    pub fn name(self) -> &'static str {
        match self.0 {
            1 => "CS_OK",
            2 => "CS_ERR_LIBRARY",
            3 => "CS_ERR_VERSION",
            4 => "CS_ERR_INIT",
            5 => "CS_ERR_TIMEOUT",
            6 => "CS_ERR_TRY_AGAIN",
            7 => "CS_ERR_INVALID_PARAM",
            8 => "CS_ERR_NO_MEMORY",
            9 => "CS_ERR_BAD_HANDLE",
            10 => "CS_ERR_BUSY",
            11 => "CS_ERR_ACCESS",
            12 => "CS_ERR_NOT_EXIST",
            13 => "CS_ERR_NAME_TOO_LONG",
            14 => "CS_ERR_EXIST",
            15 => "CS_ERR_NO_SPACE",
            16 => "CS_ERR_INTERRUPT",
            17 => "CS_ERR_NAME_NOT_FOUND",
            18 => "CS_ERR_NO_RESOURCES",
            19 => "CS_ERR_NOT_SUPPORTED",
            20 => "CS_ERR_BAD_OPERATION",
            21 => "CS_ERR_FAILED_OPERATION",
            22 => "CS_ERR_MESSAGE_ERROR",
            23 => "CS_ERR_QUEUE_FULL",
            24 => "CS_ERR_QUEUE_NOT_AVAILABLE",
            25 => "CS_ERR_BAD_FLAGS",
            26 => "CS_ERR_TOO_BIG",
            27 => "CS_ERR_NO_SECTIONS",
            28 => "CS_ERR_CONTEXT_NOT_FOUND",
            30 => "CS_ERR_TOO_MANY_GROUPS",
            31 => "CS_ERR_IN_SHUTDOWN",
            100 => "CS_ERR_SECURITY",
            _ => "CS_ERR_UNKNOWN",
        }
    }
}

impl fmt::Debug for CsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.name(), self.0)
    }
}

impl fmt::Display for CsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::error::Error for CsError {}

pub type CsResult<T> = Result<T, CsError>;

/// Why received bytes could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    Truncated {
        what: &'static str,
        need: usize,
        have: usize,
    },
    /// A length or count field is out of its allowed range.
    BadLength { what: &'static str, value: u64 },
    /// A field holds a value the protocol does not define.
    BadValue { what: &'static str, value: u64 },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Truncated { what, need, have } => {
                write!(f, "{what}: needs {need} bytes, got {have}")
            }
            DecodeError::BadLength { what, value } => write!(f, "{what}: bad length {value}"),
            DecodeError::BadValue { what, value } => write!(f, "{what}: bad value {value}"),
        }
    }
}

impl std::error::Error for DecodeError {}

impl From<DecodeError> for CsError {
    fn from(_: DecodeError) -> CsError {
        CsError::INVALID_PARAM
    }
}
