//! Configuration errors and warnings. Messages keep the original's wording
//! (administrators grep for them); where the offending text came from a
//! file, the file and line follow: `... at /etc/corosync/corosync.conf:12`.

use std::fmt;

use logsys::{Level, Subsys};
use objdb::Origin;

/// What failed; decides the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigErrorKind {
    /// The corosync.conf grammar (braces) or a uidgid.d restriction.
    Parse,
    /// A configuration file could not be read.
    Read,
    /// `COROSYNC_DEFAULT_CONFIG_IFACE` names a loader nobody registered.
    UnknownLoader,
    /// A loader-specific failure (XML, LDAP, cman loaders).
    Loader,
    /// `logging {}`.
    Logging,
    /// `totem {}`: missing section, bad value, failed validation.
    Totem,
    /// The totem private key.
    Key,
    /// A `uidgid { uid: }` name that is no user.
    Uid,
    /// A `uidgid { gid: }` name that is no group.
    Gid,
    /// The top-level `compatibility` key.
    Compatibility,
    /// A `service {}` section.
    Service,
}

/// A configuration error: the original's message, and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    kind: ConfigErrorKind,
    message: String,
    origin: Option<Origin>,
}

impl ConfigError {
    pub fn new(kind: ConfigErrorKind, message: impl Into<String>) -> ConfigError {
        ConfigError {
            kind,
            message: message.into(),
            origin: None,
        }
    }

    /// The same error, located at `origin` (when known).
    pub fn at(mut self, origin: Option<&Origin>) -> ConfigError {
        if let Some(origin) = origin {
            self.origin = Some(origin.clone());
        }
        self
    }

    pub fn kind(&self) -> ConfigErrorKind {
        self.kind
    }

    /// The message without location, as the original words it.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The file and line the error refers to, when it refers to one.
    pub fn origin(&self) -> Option<&Origin> {
        self.origin.as_ref()
    }

    /// The exit status the original ends with (`AIS_DONE_UID_DETERMINE`,
    /// `AIS_DONE_GID_DETERMINE`, else `AIS_DONE_MAINCONFIGREAD`).
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            ConfigErrorKind::Uid => 1,
            ConfigErrorKind::Gid => 2,
            _ => 8,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(origin) = &self.origin {
            write!(f, " at {origin}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// Something the original logs while reading the configuration and then
/// carries on: the executive logs these with the given subsystem and level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigWarning {
    pub subsys: Subsys,
    pub level: Level,
    pub message: String,
    pub origin: Option<Origin>,
}

impl fmt::Display for ConfigWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(origin) = &self.origin {
            write!(f, " at {origin}")?;
        }
        Ok(())
    }
}
