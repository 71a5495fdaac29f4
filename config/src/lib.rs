//! The configuration of the executive: the corosync.conf parser, the chain
//! of configuration loaders that fill the object database, and the readers
//! that turn the database into the totem, logging and main settings.
//!
//! The executive does what the original's main.c does, in this order:
//!
//! ```no_run
//! use coroconfig::*;
//! use logsys::{Level, Subsys, log_printf};
//! use objdb::ObjDb;
//!
//! let mut objdb = ObjDb::new();
//! let mut loaders = LoaderRegistry::with_defaults(ParserPaths::from_env());
//! let chain = loaders.load_chain(&config_iface_from_env(), &mut objdb)?;
//! for module in &chain.loaded {
//!     log_printf!(Subsys::MAIN, Level::Notice, "{}", module.message);
//! }
//! // chain.builtin_default: no corosync.conf, running on the built-in
//! // one-node default.
//! let logging = apply_logging_config(&objdb, logsys::global())?;
//! for w in &logging.warnings {
//!     log_printf!(w.subsys, w.level, "{}", w.message);
//! }
//! let uidgid = read_uidgid(&objdb, &SystemUserDb)?;
//! let totem = read_totem_config(&objdb, &TotemEnv::system())?;
//! let sync_mode = read_compatibility(&objdb)?;
//! let services = read_services(&objdb)?;
//! # Ok::<(), ConfigError>(())
//! ```
//!
//! Every error carries the original's message and, when it comes from a
//! file, the file and line; `ConfigError::exit_code` gives the exit status.
#![forbid(unsafe_code)]

mod builtin;
mod cstr;
mod error;
mod loader;
mod logging;
mod mainconfig;
mod parser;
mod totem;

pub use builtin::{BUILTIN_DEFAULT_CONFIG, BUILTIN_DEFAULT_NAME};
pub use error::{ConfigError, ConfigErrorKind, ConfigWarning};
pub use loader::{
    CONFIG_IFACE_ENV, COROSYSCONFDIR, ChainOutcome, ConfigLoader, CorosyncParser,
    DEFAULT_CONFIG_IFACE, LoadOutcome, LoadedModule, LoaderRegistry, MAIN_CONFIG_FILE_ENV,
    ParserPaths, config_iface_from_env,
};
pub use logging::{LoggingRead, apply_logging_config, find_logging_object, read_logging_config};
pub use mainconfig::{
    AisexecConfig, DEFAULT_SERVICES, MainConfig, ServiceSpec, SyncMode, SystemUserDb, UidGid,
    UserDb, read_aisexec, read_compatibility, read_main_config, read_services, read_uidgid,
    uidgid_allows,
};
pub use parser::{ItemCheck, ItemKind, check_uidgid, parse_bytes, parse_into, parse_str};
pub use totem::{
    AUTHKEY_ENV, AddressFamily, AddressResolver, AuthkeyPaths, MINIMUM_TIMEOUT, NumericResolver,
    SystemResolver, TOKEN_RETRANSMITS_BEFORE_LOSS_CONST, TOKEN_TIMEOUT, TotemConfigRead, TotemEnv,
    read_totem_config, totem_handle_find, totem_volatile_config_read,
};
