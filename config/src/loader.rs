//! The loader chain: `COROSYNC_DEFAULT_CONFIG_IFACE` names configuration
//! loaders, separated by colons, that run in turn over the same object
//! database (main.c). Only the corosync.conf parser (`corosync_parser`)
//! exists now; the XML, LDAP and cman loaders plug in through
//! [`ConfigLoader`] and [`LoaderRegistry::register`].

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use objdb::{ObjDb, ReloadPhase};

use crate::builtin::{BUILTIN_DEFAULT_CONFIG, BUILTIN_DEFAULT_NAME};
use crate::error::{ConfigError, ConfigErrorKind};
use crate::parser::{ItemCheck, check_uidgid, parse_into};

/// The loader list used when `COROSYNC_DEFAULT_CONFIG_IFACE` is not set.
pub const DEFAULT_CONFIG_IFACE: &str = "corosync_parser";
/// The environment variable that names the loaders.
pub const CONFIG_IFACE_ENV: &str = "COROSYNC_DEFAULT_CONFIG_IFACE";
/// The environment variable that names the main configuration file.
pub const MAIN_CONFIG_FILE_ENV: &str = "COROSYNC_MAIN_CONFIG_FILE";
/// The configuration directory (`COROSYSCONFDIR`).
pub const COROSYSCONFDIR: &str = "/etc/corosync";

/// What a successful load reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadOutcome {
    /// Logged at notice level by the executive (the original logs the
    /// loader's message, e.g. "Successfully read main configuration file
    /// '/etc/corosync/corosync.conf'.").
    pub message: String,
    /// The loader found no configuration and used the built-in default.
    pub builtin_default: bool,
}

/// One configuration loader (the original's `config_iface_ver0`).
pub trait ConfigLoader: Send {
    /// The name `COROSYNC_DEFAULT_CONFIG_IFACE` uses for it.
    fn name(&self) -> &str;

    /// Read the configuration into `objdb` (`config_readconfig`). The
    /// database may already hold what earlier loaders put there.
    fn read_config(&mut self, objdb: &mut ObjDb) -> Result<LoadOutcome, ConfigError>;

    /// Re-read on request (`config_reloadconfig`); loaders that cannot
    /// reload answer false in [`ConfigLoader::can_reload`].
    fn reload_config(&mut self, _objdb: &mut ObjDb, _flush: bool) -> Result<(), ConfigError> {
        Ok(())
    }

    fn can_reload(&self) -> bool {
        false
    }

    /// Write the database back (`config_writeconfig`), for loaders that can.
    fn write_config(&mut self, _objdb: &ObjDb) -> Result<(), ConfigError> {
        Ok(())
    }
}

/// One loader that ran in the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadedModule {
    pub name: String,
    pub message: String,
}

/// The result of running the chain.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChainOutcome {
    /// The loaders that ran, in order, with their messages.
    pub loaded: Vec<LoadedModule>,
    /// Some loader fell back to the built-in default configuration; the
    /// executive says so in its log.
    pub builtin_default: bool,
}

/// The loaders the executive knows, by name.
#[derive(Default)]
pub struct LoaderRegistry {
    loaders: Vec<Box<dyn ConfigLoader>>,
}

impl std::fmt::Debug for LoaderRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoaderRegistry")
            .field("loaders", &self.names())
            .finish()
    }
}

/// The loader list from the environment, or the default.
pub fn config_iface_from_env() -> String {
    std::env::var(CONFIG_IFACE_ENV).unwrap_or_else(|_| DEFAULT_CONFIG_IFACE.to_string())
}

impl LoaderRegistry {
    /// A registry without loaders.
    pub fn new() -> LoaderRegistry {
        LoaderRegistry::default()
    }

    /// A registry holding the corosync.conf parser with these paths.
    pub fn with_defaults(paths: ParserPaths) -> LoaderRegistry {
        let mut registry = LoaderRegistry::new();
        registry.register(Box::new(CorosyncParser::new(paths)));
        registry
    }

    /// Add a loader; one with the same name is replaced.
    pub fn register(&mut self, loader: Box<dyn ConfigLoader>) {
        self.loaders.retain(|l| l.name() != loader.name());
        self.loaders.push(loader);
    }

    pub fn names(&self) -> Vec<&str> {
        self.loaders.iter().map(|l| l.name()).collect()
    }

    fn get_mut(&mut self, name: &str) -> Option<&mut Box<dyn ConfigLoader>> {
        self.loaders.iter_mut().find(|l| l.name() == name)
    }

    /// Run the loaders named in `iface_list` (colon separated; empty names
    /// are skipped, as `strtok` skips them) in order over `objdb`. Stops at
    /// the first failure.
    pub fn load_chain(
        &mut self,
        iface_list: &str,
        objdb: &mut ObjDb,
    ) -> Result<ChainOutcome, ConfigError> {
        let mut outcome = ChainOutcome::default();
        for name in iface_list.split(':').filter(|n| !n.is_empty()) {
            let loader = self.get_mut(name).ok_or_else(|| {
                ConfigError::new(
                    ConfigErrorKind::UnknownLoader,
                    format!("Corosync Executive couldn't open configuration component '{name}'"),
                )
            })?;
            let result = loader.read_config(objdb)?;
            outcome.builtin_default |= result.builtin_default;
            outcome.loaded.push(LoadedModule {
                name: name.to_string(),
                message: result.message,
            });
        }
        Ok(outcome)
    }

    /// `object_reload_config`: tell reload trackers a reload starts, let
    /// every loaded loader that can reload do so, then tell them it ended
    /// (or failed). The notifications wait in `objdb` for the executive.
    pub fn reload_chain(
        &mut self,
        chain: &ChainOutcome,
        objdb: &mut ObjDb,
        flush: bool,
    ) -> Result<(), ConfigError> {
        objdb.reload_notify(ReloadPhase::Start, flush);
        for module in &chain.loaded {
            let Some(loader) = self.get_mut(&module.name) else {
                continue;
            };
            if !loader.can_reload() {
                continue;
            }
            if let Err(err) = loader.reload_config(objdb, flush) {
                objdb.reload_notify(ReloadPhase::Failed, flush);
                return Err(err);
            }
        }
        objdb.reload_notify(ReloadPhase::End, flush);
        Ok(())
    }

    /// `object_write_config`: every loaded loader writes back.
    pub fn write_chain(&mut self, chain: &ChainOutcome, objdb: &ObjDb) -> Result<(), ConfigError> {
        for module in &chain.loaded {
            if let Some(loader) = self.get_mut(&module.name) {
                loader.write_config(objdb)?;
            }
        }
        Ok(())
    }
}

/// Where the corosync.conf parser looks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParserPaths {
    /// `$COROSYNC_MAIN_CONFIG_FILE`, when set: must exist.
    pub main_config: Option<PathBuf>,
    /// Used otherwise (`/etc/corosync/corosync.conf`).
    pub default_main_config: PathBuf,
    /// Every regular file here is read too, restricted to `uidgid`
    /// sections (`/etc/corosync/uidgid.d`).
    pub uidgid_dir: PathBuf,
    /// Every regular file here is read too (`/etc/corosync/service.d`).
    pub service_dir: PathBuf,
    /// When neither file exists, load [`BUILTIN_DEFAULT_CONFIG`] instead of
    /// failing.
    pub builtin_default: bool,
}

impl ParserPaths {
    /// The standard locations, without looking at the environment.
    pub fn standard() -> ParserPaths {
        let dir = Path::new(COROSYSCONFDIR);
        ParserPaths {
            main_config: None,
            default_main_config: dir.join("corosync.conf"),
            uidgid_dir: dir.join("uidgid.d"),
            service_dir: dir.join("service.d"),
            builtin_default: true,
        }
    }

    /// The standard locations, with `$COROSYNC_MAIN_CONFIG_FILE` applied.
    pub fn from_env() -> ParserPaths {
        ParserPaths {
            main_config: std::env::var_os(MAIN_CONFIG_FILE_ENV).map(PathBuf::from),
            ..ParserPaths::standard()
        }
    }

    /// All files under one directory (tests): `dir/corosync.conf`,
    /// `dir/uidgid.d`, `dir/service.d`.
    pub fn in_dir(dir: &Path) -> ParserPaths {
        ParserPaths {
            main_config: None,
            default_main_config: dir.join("corosync.conf"),
            uidgid_dir: dir.join("uidgid.d"),
            service_dir: dir.join("service.d"),
            builtin_default: true,
        }
    }
}

/// The corosync.conf parser (`corosync_parser`).
#[derive(Clone, Debug)]
pub struct CorosyncParser {
    paths: ParserPaths,
}

/// `strerror` text of an I/O error.
pub(crate) fn strerror(err: &io::Error) -> String {
    logsys::format::error_text(err)
}

impl CorosyncParser {
    pub fn new(paths: ParserPaths) -> CorosyncParser {
        CorosyncParser { paths }
    }

    /// Parse every regular file of a directory (in name order; the original
    /// takes `readdir` order). A missing directory is no error; a file that
    /// cannot be opened is skipped.
    fn read_dir_files(
        objdb: &mut ObjDb,
        dir: &Path,
        check: Option<ItemCheck>,
    ) -> Result<(), ConfigError> {
        let Ok(entries) = fs::read_dir(dir) else {
            return Ok(());
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if !fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                continue;
            }
            let Ok(text) = fs::read(&path) else {
                continue;
            };
            parse_into(objdb, &text, &path.to_string_lossy(), check)?;
        }
        Ok(())
    }
}

impl ConfigLoader for CorosyncParser {
    fn name(&self) -> &str {
        DEFAULT_CONFIG_IFACE
    }

    fn read_config(&mut self, objdb: &mut ObjDb) -> Result<LoadOutcome, ConfigError> {
        let (path, explicit) = match &self.paths.main_config {
            Some(path) => (path.clone(), true),
            None => (self.paths.default_main_config.clone(), false),
        };
        let outcome = match fs::read(&path) {
            Ok(text) => {
                parse_into(objdb, &text, &path.to_string_lossy(), None)?;
                LoadOutcome {
                    message: format!(
                        "Successfully read main configuration file '{}'.",
                        path.display()
                    ),
                    builtin_default: false,
                }
            }
            Err(err)
                if !explicit
                    && self.paths.builtin_default
                    && err.kind() == io::ErrorKind::NotFound =>
            {
                parse_into(
                    objdb,
                    BUILTIN_DEFAULT_CONFIG.as_bytes(),
                    BUILTIN_DEFAULT_NAME,
                    None,
                )?;
                LoadOutcome {
                    message: format!(
                        "No configuration file '{}'; using the built-in default configuration (a one-node cluster on the loopback interface).",
                        path.display()
                    ),
                    builtin_default: true,
                }
            }
            Err(err) => {
                return Err(ConfigError::new(
                    ConfigErrorKind::Read,
                    format!(
                        "Can't read file {} reason = ({})",
                        path.display(),
                        strerror(&err)
                    ),
                ));
            }
        };
        Self::read_dir_files(objdb, &self.paths.uidgid_dir, Some(check_uidgid))?;
        Self::read_dir_files(objdb, &self.paths.service_dir, None)?;
        Ok(outcome)
    }
}
