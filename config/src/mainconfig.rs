//! The rest of the main configuration: who may connect (`uidgid`), the
//! `aisexec` section, the `compatibility` key, and which service engines to
//! load.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use objdb::{ObjDb, ObjectHandle};

use crate::cstr::{atoi_u32, strtol, text};
use crate::error::{ConfigError, ConfigErrorKind, ConfigWarning};
use crate::logging::{LoggingRead, read_logging_config};

/// Looks up users and groups by name (`getpwnam_r`, `getgrnam_r`).
pub trait UserDb {
    /// The uid of the user, `Ok(None)` when there is no such user.
    fn uid_by_name(&self, name: &[u8]) -> Result<Option<u32>, String>;
    /// The gid of the group, `Ok(None)` when there is no such group.
    fn gid_by_name(&self, name: &[u8]) -> Result<Option<u32>, String>;
}

/// The system's user and group databases (NSS included).
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemUserDb;

impl UserDb for SystemUserDb {
    fn uid_by_name(&self, name: &[u8]) -> Result<Option<u32>, String> {
        Ok(uzers::get_user_by_name(OsStr::from_bytes(name)).map(|u| u.uid()))
    }

    fn gid_by_name(&self, name: &[u8]) -> Result<Option<u32>, String> {
        Ok(uzers::get_group_by_name(OsStr::from_bytes(name)).map(|g| g.gid()))
    }
}

/// One `uidgid {}` entry: clients running as this uid or in this gid may
/// connect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UidGid {
    pub uid: Option<u32>,
    pub gid: Option<u32>,
}

/// A number as `uid_determine` takes one: the whole value must be a decimal
/// number `strtol` accepts, in 0..=UINT_MAX. An empty value counts as 0.
fn numeric_id(value: &[u8]) -> Option<u32> {
    let (id, end) = strtol(value);
    if end == value.len() && (0..=i64::from(u32::MAX)).contains(&id) {
        u32::try_from(id).ok()
    } else {
        None
    }
}

/// The id as the original keeps it: an `int`, where -1 (4294967295) means
/// "not given".
fn id_as_int(id: u32) -> Option<u32> {
    (id != u32::MAX).then_some(id)
}

fn resolve_id(
    objdb: &ObjDb,
    handle: ObjectHandle,
    key: &str,
    users: &dyn UserDb,
) -> Result<Option<u32>, ConfigError> {
    let Some(value) = objdb.key_get_str(handle, key.as_bytes()) else {
        return Ok(None);
    };
    let origin = objdb
        .key_origin(handle, key.as_bytes())
        .or_else(|| objdb.object_origin(handle));
    if let Some(id) = numeric_id(value) {
        return Ok(id_as_int(id));
    }
    let (kind, lookup, call, what, file) = if key == "uid" {
        (
            ConfigErrorKind::Uid,
            users.uid_by_name(value),
            "getpwnam_r()",
            "user",
            "/etc/passwd",
        )
    } else {
        (
            ConfigErrorKind::Gid,
            users.gid_by_name(value),
            "getgrnam_r()",
            "group",
            "/etc/group",
        )
    };
    match lookup {
        Ok(Some(id)) => Ok(id_as_int(id)),
        Ok(None) => Err(ConfigError::new(
            kind,
            format!(
                "The '{}' {what} is not found in {file}, please read the documentation.",
                text(value)
            ),
        )
        .at(origin)),
        Err(reason) => Err(ConfigError::new(kind, format!("{call}: {reason}")).at(origin)),
    }
}

/// `corosync_main_config_read_uidgid`: every top-level `uidgid {}` section
/// (from corosync.conf and uidgid.d), names resolved to numbers. An entry
/// with neither id is left out.
pub fn read_uidgid(objdb: &ObjDb, users: &dyn UserDb) -> Result<Vec<UidGid>, ConfigError> {
    let mut list = Vec::new();
    for handle in objdb
        .object_find(ObjectHandle::ROOT, b"uidgid")
        .unwrap_or_default()
    {
        let uid = resolve_id(objdb, handle, "uid", users)?;
        let gid = resolve_id(objdb, handle, "gid", users)?;
        if uid.is_some() || gid.is_some() {
            list.push(UidGid { uid, gid });
        }
    }
    Ok(list)
}

/// Whether a client with these credentials may connect: root, or a match in
/// the `uidgid` list (main.c's IPC security check).
pub fn uidgid_allows(list: &[UidGid], uid: u32, gid: u32) -> bool {
    uid == 0
        || gid == 0
        || list
            .iter()
            .any(|e| e.uid == Some(uid) || e.gid == Some(gid))
}

/// The first `aisexec {}` section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AisexecConfig {
    /// `user` (as written; openais and cman set it).
    pub user: Option<String>,
    /// `group`.
    pub group: Option<String>,
    /// False when `defaultservices: no`.
    pub default_services: bool,
}

impl Default for AisexecConfig {
    fn default() -> Self {
        AisexecConfig {
            user: None,
            group: None,
            default_services: true,
        }
    }
}

pub fn read_aisexec(objdb: &ObjDb) -> AisexecConfig {
    let Some(handle) = objdb
        .object_find_first(ObjectHandle::ROOT, b"aisexec")
        .ok()
        .flatten()
    else {
        return AisexecConfig::default();
    };
    AisexecConfig {
        user: objdb.key_get_str(handle, b"user").map(text),
        group: objdb.key_get_str(handle, b"group").map(text),
        default_services: objdb.key_get_str(handle, b"defaultservices") != Some(b"no"),
    }
}

/// The synchronization engines to run (`compatibility`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SyncMode {
    /// `whitetank` (the default): V1 and V2 sync engines, compatible with
    /// openais 0.80.
    #[default]
    V1,
    /// `none`: V2 only.
    V2,
}

/// `corosync_main_config_compatibility_read`.
pub fn read_compatibility(objdb: &ObjDb) -> Result<SyncMode, ConfigError> {
    match objdb.key_get_str(ObjectHandle::ROOT, b"compatibility") {
        None | Some(b"whitetank") => Ok(SyncMode::V1),
        Some(b"none") => Ok(SyncMode::V2),
        Some(other) => Err(ConfigError::new(
            ConfigErrorKind::Compatibility,
            format!(
                "Invalid compatibility option '{}' specified, must be none or whitetank.",
                text(other)
            ),
        )
        .at(objdb.key_origin(ObjectHandle::ROOT, b"compatibility"))),
    }
}

/// A service engine to load, by the name its plug-in registers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceSpec {
    pub name: String,
    pub ver: u32,
}

/// The engines corosync loads unless `aisexec { defaultservices: no }`
/// (service.c), in load order.
pub const DEFAULT_SERVICES: [(&str, u32); 6] = [
    ("corosync_evs", 0),
    ("corosync_cfg", 0),
    ("corosync_cpg", 0),
    ("corosync_confdb", 0),
    ("corosync_pload", 0),
    ("corosync_quorum", 0),
];

/// `corosync_service_defaults_link_and_init`'s list: every top-level
/// `service { name: ..; ver: .. }` in order, then the default services
/// (unless disabled). A service may appear twice; the executive loads
/// each once.
pub fn read_services(objdb: &ObjDb) -> Result<Vec<ServiceSpec>, ConfigError> {
    let mut services = Vec::new();
    for handle in objdb
        .object_find(ObjectHandle::ROOT, b"service")
        .unwrap_or_default()
    {
        let Some(name) = objdb.key_get_str(handle, b"name") else {
            return Err(ConfigError::new(
                ConfigErrorKind::Service,
                "Service section defined in config file without name key",
            )
            .at(objdb.object_origin(handle)));
        };
        let ver = objdb.key_get_str(handle, b"ver").map_or(0, atoi_u32);
        services.push(ServiceSpec {
            name: text(name),
            ver,
        });
    }
    if read_aisexec(objdb).default_services {
        services.extend(DEFAULT_SERVICES.iter().map(|&(name, ver)| ServiceSpec {
            name: name.to_string(),
            ver,
        }));
    }
    Ok(services)
}

/// What `corosync_main_config_read` establishes, plus the `aisexec`
/// section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MainConfig {
    pub logging: logsys::LoggingConfig,
    pub uidgid: Vec<UidGid>,
    pub aisexec: AisexecConfig,
    /// To be logged by the executive (obsolete keys and the like).
    pub warnings: Vec<ConfigWarning>,
}

/// `corosync_main_config_read`: logging, then the uidgid list. The original
/// then reads totem ([`crate::read_totem_config`]), the compatibility key
/// ([`read_compatibility`]) and at service start-up the service list
/// ([`read_services`]); call those in that order to report errors in the
/// same order.
pub fn read_main_config(objdb: &ObjDb, users: &dyn UserDb) -> Result<MainConfig, ConfigError> {
    let LoggingRead { config, warnings } = read_logging_config(objdb)?;
    let uidgid = read_uidgid(objdb, users)?;
    Ok(MainConfig {
        logging: config,
        uidgid,
        aisexec: read_aisexec(objdb),
        warnings,
    })
}
