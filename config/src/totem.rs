//! `totem {}` to [`TotemConfig`], as exec/totemconfig.c does it: read the
//! raw values (C `atoi` semantics), read the private key, then validate in
//! the original's order, filling in defaults and derived timeouts on the
//! way. Error texts are the original's.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read};
use std::net::{IpAddr, Ipv4Addr, ToSocketAddrs};
use std::path::{Path, PathBuf};

use logsys::{Level, Subsys};
use objdb::{ObjDb, ObjectHandle, Origin};
use totem::config::{
    CryptoAccept, CryptoType, FRAME_SIZE_MAX, INTERFACE_MAX, InterfaceConfig, MESSAGE_SIZE_MAX,
    PRIVATE_KEY_LEN, PROCESSOR_COUNT_MAX, RrpMode, TotemConfig, Transport,
};

use crate::cstr::{as_signed, atoi, atoi_u32, double_to_int, text};
use crate::error::{ConfigError, ConfigErrorKind, ConfigWarning};
use crate::loader::{COROSYSCONFDIR, strerror};

/// `TOKEN_RETRANSMITS_BEFORE_LOSS_CONST`.
pub const TOKEN_RETRANSMITS_BEFORE_LOSS_CONST: u32 = 4;
/// `TOKEN_TIMEOUT`.
pub const TOKEN_TIMEOUT: u32 = 1000;
/// One timer tick in ms (`1000 / HZ`, HZ = 100).
const TICK_MS: u32 = 10;
/// `MINIMUM_TIMEOUT`: three ticks.
pub const MINIMUM_TIMEOUT: u32 = TICK_MS * 3;
const JOIN_TIMEOUT: u32 = 50;
const MERGE_TIMEOUT: u32 = 200;
const DOWNCHECK_TIMEOUT: u32 = 1000;
const FAIL_TO_RECV_CONST: u32 = 2500;
const SEQNO_UNCHANGED_CONST: u32 = 30;
const MAX_NETWORK_DELAY: u32 = 50;
const WINDOW_SIZE: u32 = 50;
const MAX_MESSAGES: u32 = 17;
const MISS_COUNT_CONST: u32 = 5;
const RRP_PROBLEM_COUNT_TIMEOUT: u32 = 2000;
const RRP_PROBLEM_COUNT_THRESHOLD_DEFAULT: u32 = 10;
const RRP_PROBLEM_COUNT_THRESHOLD_MIN: u32 = 2;
const RRP_AUTORECOVERY_CHECK_TIMEOUT: u32 = 1000;
/// `SEND_THREADS_MAX`.
const SEND_THREADS_MAX: u32 = 16;
/// The default hold timeout (`TOKEN_HOLD_TIMEOUT`).
const TOKEN_HOLD_TIMEOUT: u32 = 180;

/// The environment variable naming the key file.
pub const AUTHKEY_ENV: &str = "COROSYNC_TOTEM_AUTHKEY_FILE";

/// An address family, as a hint to [`AddressResolver`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressFamily {
    Inet,
    Inet6,
}

impl AddressFamily {
    pub fn of(ip: &IpAddr) -> AddressFamily {
        match ip {
            IpAddr::V4(_) => AddressFamily::Inet,
            IpAddr::V6(_) => AddressFamily::Inet6,
        }
    }
}

/// Turns `bindnetaddr`, `mcastaddr` and `memberaddr` values into addresses
/// (`totemip_parse`, which uses `getaddrinfo`: host names work too).
pub trait AddressResolver {
    /// The first address for `name`, of `family` when given.
    fn resolve(&self, name: &str, family: Option<AddressFamily>) -> Option<IpAddr>;
}

fn family_ok(ip: &IpAddr, family: Option<AddressFamily>) -> bool {
    family.is_none_or(|f| AddressFamily::of(ip) == f)
}

/// Numeric addresses parsed directly, anything else through the system
/// resolver (which also accepts the short forms `127.1` and `0x7f000001`).
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemResolver;

impl AddressResolver for SystemResolver {
    fn resolve(&self, name: &str, family: Option<AddressFamily>) -> Option<IpAddr> {
        if let Ok(ip) = name.parse::<IpAddr>() {
            return family_ok(&ip, family).then_some(ip);
        }
        if name.is_empty() {
            return None;
        }
        (name, 0u16)
            .to_socket_addrs()
            .ok()?
            .map(|sa| sa.ip())
            .find(|ip| family_ok(ip, family))
    }
}

/// Numeric addresses only, never a lookup: for tests and fuzzing.
#[derive(Clone, Copy, Debug, Default)]
pub struct NumericResolver;

impl AddressResolver for NumericResolver {
    fn resolve(&self, name: &str, family: Option<AddressFamily>) -> Option<IpAddr> {
        let ip = name.parse::<IpAddr>().ok()?;
        family_ok(&ip, family).then_some(ip)
    }
}

/// Where the private key comes from when `totem {}` names none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthkeyPaths {
    /// `$COROSYNC_TOTEM_AUTHKEY_FILE`.
    pub env_file: Option<PathBuf>,
    /// `/etc/corosync/authkey`.
    pub default_file: PathBuf,
}

impl AuthkeyPaths {
    pub fn standard() -> AuthkeyPaths {
        AuthkeyPaths {
            env_file: None,
            default_file: Path::new(COROSYSCONFDIR).join("authkey"),
        }
    }

    pub fn from_env() -> AuthkeyPaths {
        AuthkeyPaths {
            env_file: std::env::var_os(AUTHKEY_ENV).map(PathBuf::from),
            ..AuthkeyPaths::standard()
        }
    }
}

/// What reading the totem configuration needs from outside.
pub struct TotemEnv<'a> {
    pub authkey: AuthkeyPaths,
    pub resolver: &'a dyn AddressResolver,
}

impl std::fmt::Debug for TotemEnv<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TotemEnv")
            .field("authkey", &self.authkey)
            .finish()
    }
}

impl TotemEnv<'static> {
    /// The environment, the standard key file and the system resolver.
    pub fn system() -> TotemEnv<'static> {
        TotemEnv {
            authkey: AuthkeyPaths::from_env(),
            resolver: &SystemResolver,
        }
    }
}

/// The result of reading `totem {}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TotemConfigRead {
    pub config: TotemConfig,
    /// The section it came from (`network {}` or `totem {}`); the executive
    /// tracks it to follow runtime changes (see [`totem_volatile_config_read`]).
    pub totem_handle: ObjectHandle,
    pub warnings: Vec<ConfigWarning>,
}

/// The section totem reads: the first `network {}`, else the first
/// `totem {}` (`totem_handle_find`).
pub fn totem_handle_find(objdb: &ObjDb) -> Option<ObjectHandle> {
    objdb
        .object_find_first(ObjectHandle::ROOT, b"network")
        .ok()
        .flatten()
        .or_else(|| {
            objdb
                .object_find_first(ObjectHandle::ROOT, b"totem")
                .ok()
                .flatten()
        })
}

/// The timeouts and counters that may change at run time, in the order the
/// original reads them.
const VOLATILE_KEYS: [&str; 21] = [
    "token",
    "token_retransmit",
    "hold",
    "token_retransmits_before_loss_const",
    "join",
    "send_join",
    "consensus",
    "merge",
    "downcheck",
    "fail_recv_const",
    "seqno_unchanged_const",
    "rrp_token_expired_timeout",
    "rrp_problem_count_timeout",
    "rrp_problem_count_threshold",
    "rrp_problem_count_mcast_threshold",
    "rrp_autorecovery_check_timeout",
    "heartbeat_failures_allowed",
    "max_network_delay",
    "window_size",
    "max_messages",
    "miss_count_const",
];

/// The field of a [`TotemConfig`] a volatile key sets.
fn volatile_field<'a>(config: &'a mut TotemConfig, key: &str) -> Option<&'a mut u32> {
    Some(match key {
        "token" => &mut config.token_timeout,
        "token_retransmit" => &mut config.token_retransmit_timeout,
        "hold" => &mut config.token_hold_timeout,
        "token_retransmits_before_loss_const" => &mut config.token_retransmits_before_loss_const,
        "join" => &mut config.join_timeout,
        "send_join" => &mut config.send_join_timeout,
        "consensus" => &mut config.consensus_timeout,
        "merge" => &mut config.merge_timeout,
        "downcheck" => &mut config.downcheck_timeout,
        "fail_recv_const" => &mut config.fail_to_recv_const,
        "seqno_unchanged_const" => &mut config.seqno_unchanged_const,
        "rrp_token_expired_timeout" => &mut config.rrp_token_expired_timeout,
        "rrp_problem_count_timeout" => &mut config.rrp_problem_count_timeout,
        "rrp_problem_count_threshold" => &mut config.rrp_problem_count_threshold,
        "rrp_problem_count_mcast_threshold" => &mut config.rrp_problem_count_mcast_threshold,
        "rrp_autorecovery_check_timeout" => &mut config.rrp_autorecovery_check_timeout,
        "heartbeat_failures_allowed" => &mut config.heartbeat_failures_allowed,
        "max_network_delay" => &mut config.max_network_delay,
        "window_size" => &mut config.window_size,
        "max_messages" => &mut config.max_messages,
        "miss_count_const" => &mut config.miss_count_const,
        _ => return None,
    })
}

/// `totem_volatile_config_read`: copy the runtime-changeable keys present in
/// `totem_handle` into `config`, as raw numbers. Like the original, this
/// neither validates nor re-derives (a new `token` does not change
/// `token_retransmit`).
pub fn totem_volatile_config_read(
    objdb: &ObjDb,
    totem_handle: ObjectHandle,
    config: &mut TotemConfig,
) {
    for key in VOLATILE_KEYS {
        if let Some(value) = objdb.key_get_str(totem_handle, key.as_bytes())
            && let Some(field) = volatile_field(config, key)
        {
            *field = atoi_u32(value);
        }
    }
    if let Some(value) = objdb.key_get_str(totem_handle, b"vsftype") {
        config.vsf_type = text(value);
    }
}

/// One interface slot (`interfaces[ringnumber]`) as read.
#[derive(Clone, Debug, Default)]
struct RawInterface {
    mcast: Option<IpAddr>,
    bindnet: Option<IpAddr>,
    port: u16,
    ttl: u16,
    members: Vec<IpAddr>,
    origin: Option<Origin>,
}

/// The raw configuration: what `totem_config_read` leaves in the C struct.
#[derive(Clone, Debug)]
struct RawTotem {
    handle: ObjectHandle,
    origin: Option<Origin>,
    key_origins: HashMap<&'static str, Origin>,
    version: u32,
    secauth: bool,
    crypto_type: CryptoType,
    crypto_accept: CryptoAccept,
    rrp_mode: Vec<u8>,
    node_id: u32,
    clear_node_high_bit: bool,
    threads: u32,
    net_mtu: u32,
    /// Every volatile field, zero when not given.
    volatile: TotemConfig,
    vsf_type: Option<String>,
    broadcast: bool,
    interfaces: [RawInterface; INTERFACE_MAX],
    interface_count: u32,
    transport: Transport,
    private_key: Vec<u8>,
    warnings: Vec<ConfigWarning>,
}

impl RawTotem {
    /// Where to point an error about these keys: the first one that was
    /// given, else the totem section.
    fn cite<'a>(&'a self, keys: &[&str]) -> Option<&'a Origin> {
        keys.iter()
            .find_map(|k| self.key_origins.get(*k))
            .or(self.origin.as_ref())
    }

    fn interface(&self, index: usize) -> RawInterface {
        self.interfaces.get(index).cloned().unwrap_or_default()
    }
}

/// The totem fields before defaults: all zero, as after the original's
/// `memset`.
fn zeroed_volatile() -> TotemConfig {
    let mut config = TotemConfig::with_interfaces(Vec::new());
    for key in VOLATILE_KEYS {
        if let Some(field) = volatile_field(&mut config, key) {
            *field = 0;
        }
    }
    config
}

fn totem_error(message: impl Into<String>, origin: Option<&Origin>) -> ConfigError {
    ConfigError::new(ConfigErrorKind::Totem, message).at(origin)
}

/// `totem_config_read`.
fn totem_config_read(
    objdb: &ObjDb,
    resolver: &dyn AddressResolver,
) -> Result<RawTotem, ConfigError> {
    let handle =
        totem_handle_find(objdb).ok_or_else(|| totem_error("couldn't find totem handle", None))?;
    let get = |h: ObjectHandle, key: &str| objdb.key_get_str(h, key.as_bytes());

    let mut raw = RawTotem {
        handle,
        origin: objdb.object_origin(handle).cloned(),
        key_origins: HashMap::new(),
        version: 0,
        secauth: true,
        crypto_type: CryptoType::Sober,
        crypto_accept: CryptoAccept::Old,
        rrp_mode: b"none".to_vec(),
        node_id: 0,
        clear_node_high_bit: false,
        threads: 0,
        net_mtu: 0,
        volatile: zeroed_volatile(),
        vsf_type: None,
        broadcast: false,
        interfaces: Default::default(),
        interface_count: 0,
        transport: Transport::Udp,
        private_key: Vec::new(),
        warnings: Vec::new(),
    };
    const CITED: [&str; 30] = [
        "version",
        "secauth",
        "rrp_mode",
        "nodeid",
        "threads",
        "netmtu",
        "transport",
        "keyfile",
        "key",
        "token",
        "token_retransmit",
        "hold",
        "token_retransmits_before_loss_const",
        "join",
        "send_join",
        "consensus",
        "merge",
        "downcheck",
        "fail_recv_const",
        "seqno_unchanged_const",
        "rrp_token_expired_timeout",
        "rrp_problem_count_timeout",
        "rrp_problem_count_threshold",
        "rrp_problem_count_mcast_threshold",
        "rrp_autorecovery_check_timeout",
        "heartbeat_failures_allowed",
        "max_network_delay",
        "window_size",
        "max_messages",
        "miss_count_const",
    ];
    for key in CITED {
        if let Some(origin) = objdb.key_origin(handle, key.as_bytes()) {
            raw.key_origins.insert(key, origin.clone());
        }
    }

    if get(handle, "version") == Some(b"2") {
        raw.version = 2;
    }
    match get(handle, "secauth") {
        Some(b"on") => raw.secauth = true,
        Some(b"off") => raw.secauth = false,
        _ => {}
    }
    if raw.secauth {
        if get(handle, "crypto_accept") == Some(b"new") {
            raw.crypto_accept = CryptoAccept::New;
        }
        if get(handle, "crypto_type") == Some(b"nss") {
            raw.crypto_type = CryptoType::Nss;
        }
    }
    if let Some(mode) = get(handle, "rrp_mode") {
        raw.rrp_mode = mode.to_vec();
    }
    if let Some(v) = get(handle, "nodeid") {
        raw.node_id = atoi_u32(v);
    }
    raw.clear_node_high_bit = get(handle, "clear_node_high_bit") == Some(b"yes");
    if let Some(v) = get(handle, "threads") {
        raw.threads = atoi_u32(v);
    }
    if let Some(v) = get(handle, "netmtu") {
        raw.net_mtu = atoi_u32(v);
    }
    totem_volatile_config_read(objdb, handle, &mut raw.volatile);
    raw.vsf_type = get(handle, "vsftype").map(text);

    // The ring number carries over from one interface section to the next
    // when a section does not give its own, as in the original.
    let mut ringnumber: u32 = 0;
    let interfaces = objdb
        .object_find(handle, b"interface")
        .map_err(|e| totem_error(e.to_string(), raw.origin.as_ref()))?;
    for iface in interfaces {
        let iface_origin = objdb.object_origin(iface).cloned();
        if let Some(v) = get(iface, "ringnumber") {
            ringnumber = atoi_u32(v);
        }
        let Some(slot) = raw.interfaces.get_mut(ringnumber as usize) else {
            return Err(totem_error(
                format!(
                    "parse error in config: interface ring number {ringnumber} is bigger than allowed maximum {}",
                    INTERFACE_MAX - 1
                ),
                objdb
                    .key_origin(iface, b"ringnumber")
                    .or(iface_origin.as_ref()),
            ));
        };
        slot.origin = iface_origin.clone();
        if let Some(v) = get(iface, "mcastaddr")
            && let Some(ip) = resolve(resolver, v, None)
        {
            slot.mcast = Some(ip);
        }
        if get(iface, "broadcast") == Some(b"yes") {
            raw.broadcast = true;
        }
        if let Some(v) = get(iface, "mcastport") {
            slot.port = atoi(v) as u16;
        }
        if let Some(v) = get(iface, "bindnetaddr") {
            let family = slot.mcast.as_ref().map(AddressFamily::of);
            if let Some(ip) = resolve(resolver, v, family) {
                slot.bindnet = Some(ip);
            }
        }
        slot.ttl = 1;
        if let Some(v) = get(iface, "ttl") {
            slot.ttl = atoi(v) as u16;
        }
        slot.members.clear();
        let members = objdb
            .object_find(iface, b"member")
            .map_err(|e| totem_error(e.to_string(), iface_origin.as_ref()))?;
        for member in members {
            let Some(v) = get(member, "memberaddr") else {
                continue;
            };
            match resolve(resolver, v, None) {
                Some(ip) => slot.members.push(ip),
                None => raw.warnings.push(ConfigWarning {
                    subsys: Subsys::MAIN,
                    level: Level::Warning,
                    message: format!(
                        "memberaddr '{}' is not a valid address; member ignored",
                        text(v)
                    ),
                    origin: objdb
                        .key_origin(member, b"memberaddr")
                        .cloned()
                        .or_else(|| objdb.object_origin(member).cloned()),
                }),
            }
            if slot.members.len() > PROCESSOR_COUNT_MAX {
                return Err(totem_error(
                    format!(
                        "parse error in config: interface ring number {ringnumber} has more than {PROCESSOR_COUNT_MAX} members"
                    ),
                    objdb.object_origin(member),
                ));
            }
        }
        raw.interface_count = raw.interface_count.saturating_add(1);
    }

    if raw.broadcast {
        let count = (raw.interface_count as usize).min(INTERFACE_MAX);
        for slot in &mut raw.interfaces[..count] {
            slot.mcast = Some(IpAddr::V4(Ipv4Addr::BROADCAST));
        }
    }

    if let Some(transport) = get(handle, "transport") {
        raw.transport = match transport {
            b"udp" => Transport::Udp,
            b"udpu" => Transport::Udpu,
            other => {
                return Err(totem_error(
                    format!(
                        "parse error in config: transport type {} is unsupported",
                        text(other)
                    ),
                    raw.cite(&["transport"]),
                ));
            }
        };
    }
    Ok(raw)
}

fn resolve(
    resolver: &dyn AddressResolver,
    value: &[u8],
    family: Option<AddressFamily>,
) -> Option<IpAddr> {
    resolver.resolve(std::str::from_utf8(value).ok()?, family)
}

fn key_error(message: impl Into<String>, origin: Option<&Origin>) -> ConfigError {
    ConfigError::new(ConfigErrorKind::Key, message).at(origin)
}

/// `read_keyfile`: exactly 128 bytes from one read.
fn read_keyfile(path: &Path, origin: Option<&Origin>) -> Result<Vec<u8>, ConfigError> {
    let mut file = File::open(path).map_err(|err| {
        key_error(
            format!("Could not open {}: {}", path.display(), strerror(&err)),
            origin,
        )
    })?;
    let mut key = vec![0u8; PRIVATE_KEY_LEN];
    let read = loop {
        match file.read(&mut key) {
            Ok(n) => break n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => {
                return Err(key_error(
                    format!("Could not read {}: {}", path.display(), strerror(&err)),
                    origin,
                ));
            }
        }
    };
    if read != PRIVATE_KEY_LEN {
        return Err(key_error(
            format!(
                "Could only read {} bits of 1024 bits from {}.",
                read * 8,
                path.display()
            ),
            origin,
        ));
    }
    Ok(key)
}

/// `totem_config_keyread`: with secauth on, the key from `keyfile`, else
/// the `key` value itself, else the file named by the environment or the
/// default file.
fn totem_config_keyread(
    objdb: &ObjDb,
    raw: &mut RawTotem,
    paths: &AuthkeyPaths,
) -> Result<(), ConfigError> {
    if !raw.secauth {
        return Ok(());
    }
    let handle = raw.handle;
    if let Some(location) = objdb.key_get_str(handle, b"keyfile") {
        let path = PathBuf::from(text(location));
        raw.private_key = read_keyfile(&path, raw.cite(&["keyfile"]))?;
        return Ok(());
    }
    if let Ok(key) = objdb.object_key_get(handle, b"key") {
        if key.len() > PRIVATE_KEY_LEN {
            return Err(key_error(
                format!(
                    "The key directive holds {} bytes; a totem key is at most {PRIVATE_KEY_LEN}.",
                    key.len()
                ),
                raw.cite(&["key"]),
            ));
        }
        raw.private_key = key.to_vec();
        return Ok(());
    }
    let path = paths.env_file.as_ref().unwrap_or(&paths.default_file);
    raw.private_key = read_keyfile(path, None)?;
    Ok(())
}

fn parse_error(reason: impl AsRef<str>, origin: Option<&Origin>) -> ConfigError {
    totem_error(
        format!("parse error in config: {}", reason.as_ref()),
        origin,
    )
}

fn too_small(what: &str, value: u32, origin: Option<&Origin>) -> ConfigError {
    parse_error(
        format!(
            "The {what} parameter ({} ms) may not be less than ({MINIMUM_TIMEOUT} ms).",
            as_signed(value)
        ),
        origin,
    )
}

/// `(int)(token / (retransmits + 0.2))`.
fn derive_retransmit(token: u32, retransmits: u32) -> u32 {
    double_to_int(f64::from(token) / (f64::from(retransmits) + 0.2)) as u32
}

/// `(int)(retransmit * 0.8 - 1000/HZ)`.
fn derive_hold(retransmit: u32) -> u32 {
    double_to_int(f64::from(retransmit) * 0.8 - f64::from(TICK_MS)) as u32
}

/// `(int)(float)(1.2 * token)`.
fn derive_consensus(token: u32) -> u32 {
    double_to_int(f64::from((1.2 * f64::from(token)) as f32)) as u32
}

fn same_family(a: Option<&IpAddr>, b: Option<&IpAddr>) -> bool {
    a.map(AddressFamily::of) == b.map(AddressFamily::of)
}

/// `totemip_is_mcast` as a predicate: IPv4 class D; IPv6 always passes.
fn is_mcast(ip: Option<&IpAddr>) -> bool {
    match ip {
        Some(IpAddr::V4(v4)) => v4.octets()[0] >> 4 == 0xE,
        _ => true,
    }
}

/// `totem_config_validate`: the checks in the original's order, defaults
/// and derived values filled in between.
fn totem_config_validate(
    mut raw: RawTotem,
) -> Result<(TotemConfig, Vec<ConfigWarning>), ConfigError> {
    if raw.interface_count == 0 {
        return Err(parse_error("No interfaces defined", raw.origin.as_ref()));
    }
    let udp = raw.transport == Transport::Udp;
    let first = raw.interface(0);
    for i in 0..raw.interface_count as usize {
        let iface = raw.interface(i);
        let at = iface.origin.as_ref().or(raw.origin.as_ref());
        if udp && iface.mcast.is_none() {
            return Err(parse_error("No multicast address specified", at));
        }
        if iface.port == 0 {
            return Err(parse_error("No multicast port specified", at));
        }
        if iface.ttl > 255 {
            return Err(parse_error("Invalid TTL (should be 0..255)", at));
        }
        if !udp && iface.ttl != 1 {
            return Err(parse_error(
                "Can only set ttl on multicast transport types",
                at,
            ));
        }
        if matches!(iface.mcast, Some(IpAddr::V6(_))) && raw.node_id == 0 {
            return Err(parse_error(
                "An IPV6 network requires that a node ID be specified.",
                at,
            ));
        }
        if !raw.broadcast && udp {
            if !same_family(iface.mcast.as_ref(), iface.bindnet.as_ref()) {
                return Err(parse_error(
                    "Multicast address family does not match bind address family",
                    at,
                ));
            }
            if !is_mcast(iface.mcast.as_ref()) {
                return Err(parse_error(
                    "mcastaddr is not a correct multicast address.",
                    at,
                ));
            }
        }
        if !same_family(first.bindnet.as_ref(), iface.bindnet.as_ref()) {
            return Err(parse_error(
                "Not all bind address belong to the same IP family",
                at,
            ));
        }
        if udp {
            for j in i + 1..raw.interface_count as usize {
                let other = raw.interface(j);
                if iface.mcast == other.mcast && iface.port.abs_diff(other.port) <= 1 {
                    return Err(parse_error(
                        "Interfaces multicast address/port pair must differ",
                        other.origin.as_ref().or(at),
                    ));
                }
            }
        }
    }

    if raw.version != 2 {
        return Err(parse_error(
            "This totem parser can only parse version 2 configurations.",
            raw.cite(&["version"]),
        ));
    }

    let v = &mut raw.volatile;
    if v.token_retransmits_before_loss_const == 0 {
        v.token_retransmits_before_loss_const = TOKEN_RETRANSMITS_BEFORE_LOSS_CONST;
    }
    if v.token_timeout == 0 {
        v.token_timeout = TOKEN_TIMEOUT;
        if v.token_retransmit_timeout == 0 {
            v.token_retransmit_timeout =
                derive_retransmit(v.token_timeout, v.token_retransmits_before_loss_const);
        }
        if v.token_hold_timeout == 0 {
            v.token_hold_timeout = derive_hold(v.token_retransmit_timeout);
        }
    }
    if v.max_network_delay == 0 {
        v.max_network_delay = MAX_NETWORK_DELAY;
    }
    let v_max_network_delay = v.max_network_delay;
    if v_max_network_delay < MINIMUM_TIMEOUT {
        return Err(too_small(
            "max_network_delay",
            v_max_network_delay,
            raw.cite(&["max_network_delay"]),
        ));
    }
    let v = &mut raw.volatile;
    if v.window_size == 0 {
        v.window_size = WINDOW_SIZE;
    }
    if v.max_messages == 0 {
        v.max_messages = MAX_MESSAGES;
    }
    if v.miss_count_const == 0 {
        v.miss_count_const = MISS_COUNT_CONST;
    }
    if v.token_timeout < MINIMUM_TIMEOUT {
        let value = v.token_timeout;
        return Err(too_small("token timeout", value, raw.cite(&["token"])));
    }
    if v.token_retransmit_timeout == 0 {
        v.token_retransmit_timeout =
            derive_retransmit(v.token_timeout, v.token_retransmits_before_loss_const);
    }
    if v.token_hold_timeout == 0 {
        v.token_hold_timeout = derive_hold(v.token_retransmit_timeout);
    }
    if v.token_retransmit_timeout < MINIMUM_TIMEOUT {
        let value = v.token_retransmit_timeout;
        return Err(too_small(
            "token retransmit timeout",
            value,
            raw.cite(&[
                "token_retransmit",
                "token",
                "token_retransmits_before_loss_const",
            ]),
        ));
    }
    let v = &mut raw.volatile;
    if v.token_hold_timeout == 0 {
        v.token_hold_timeout = TOKEN_HOLD_TIMEOUT;
    }
    if v.token_hold_timeout < MINIMUM_TIMEOUT {
        let value = v.token_hold_timeout;
        return Err(too_small(
            "token hold timeout",
            value,
            raw.cite(&["hold", "token_retransmit", "token"]),
        ));
    }
    let v = &mut raw.volatile;
    if v.join_timeout == 0 {
        v.join_timeout = JOIN_TIMEOUT;
    }
    if v.join_timeout < MINIMUM_TIMEOUT {
        let value = v.join_timeout;
        return Err(too_small("join timeout", value, raw.cite(&["join"])));
    }
    let v = &mut raw.volatile;
    if v.consensus_timeout == 0 {
        v.consensus_timeout = derive_consensus(v.token_timeout);
    }
    if v.consensus_timeout < MINIMUM_TIMEOUT {
        let value = v.consensus_timeout;
        return Err(too_small(
            "consensus timeout",
            value,
            raw.cite(&["consensus", "token"]),
        ));
    }
    let v = &raw.volatile;
    if v.consensus_timeout < v.join_timeout {
        return Err(parse_error(
            format!(
                "The consensus timeout parameter ({} ms) may not be less than join timeout ({} ms).",
                as_signed(v.consensus_timeout),
                as_signed(v.join_timeout)
            ),
            raw.cite(&["consensus", "join", "token"]),
        ));
    }
    let v = &mut raw.volatile;
    if v.merge_timeout == 0 {
        v.merge_timeout = MERGE_TIMEOUT;
    }
    if v.merge_timeout < MINIMUM_TIMEOUT {
        let value = v.merge_timeout;
        return Err(too_small("merge timeout", value, raw.cite(&["merge"])));
    }
    let v = &mut raw.volatile;
    if v.downcheck_timeout == 0 {
        v.downcheck_timeout = DOWNCHECK_TIMEOUT;
    }
    if v.downcheck_timeout < MINIMUM_TIMEOUT {
        let value = v.downcheck_timeout;
        return Err(too_small(
            "downcheck timeout",
            value,
            raw.cite(&["downcheck"]),
        ));
    }

    let rrp_mode = match raw.rrp_mode.as_slice() {
        b"none" => RrpMode::None,
        b"active" => RrpMode::Active,
        b"passive" => RrpMode::Passive,
        other => {
            return Err(parse_error(
                format!(
                    "The RRP mode \"{}\" specified is invalid.  It must be none, active, or passive.",
                    text(other)
                ),
                raw.cite(&["rrp_mode"]),
            ));
        }
    };
    let v = &mut raw.volatile;
    if v.rrp_problem_count_timeout == 0 {
        v.rrp_problem_count_timeout = RRP_PROBLEM_COUNT_TIMEOUT;
    }
    if v.rrp_problem_count_timeout < MINIMUM_TIMEOUT {
        let value = v.rrp_problem_count_timeout;
        return Err(too_small(
            "RRP problem count timeout",
            value,
            raw.cite(&["rrp_problem_count_timeout"]),
        ));
    }
    let v = &mut raw.volatile;
    if v.rrp_problem_count_threshold == 0 {
        v.rrp_problem_count_threshold = RRP_PROBLEM_COUNT_THRESHOLD_DEFAULT;
    }
    if v.rrp_problem_count_mcast_threshold == 0 {
        v.rrp_problem_count_mcast_threshold = v.rrp_problem_count_threshold.wrapping_mul(10);
    }
    if v.rrp_problem_count_threshold < RRP_PROBLEM_COUNT_THRESHOLD_MIN {
        let value = v.rrp_problem_count_threshold;
        return Err(parse_error(
            format!(
                "The RRP problem count threshold ({} problem count) may not be less than ({RRP_PROBLEM_COUNT_THRESHOLD_MIN} problem count).",
                as_signed(value)
            ),
            raw.cite(&["rrp_problem_count_threshold"]),
        ));
    }
    let v = &mut raw.volatile;
    if v.rrp_problem_count_mcast_threshold < RRP_PROBLEM_COUNT_THRESHOLD_MIN {
        let value = v.rrp_problem_count_mcast_threshold;
        return Err(parse_error(
            format!(
                "The RRP multicast problem count threshold ({} problem count) may not be less than ({RRP_PROBLEM_COUNT_THRESHOLD_MIN} problem count).",
                as_signed(value)
            ),
            raw.cite(&[
                "rrp_problem_count_mcast_threshold",
                "rrp_problem_count_threshold",
            ]),
        ));
    }
    let v = &mut raw.volatile;
    if v.rrp_token_expired_timeout == 0 {
        v.rrp_token_expired_timeout = v.token_retransmit_timeout;
    }
    if v.rrp_token_expired_timeout < MINIMUM_TIMEOUT {
        let value = v.rrp_token_expired_timeout;
        return Err(too_small(
            "RRP token expired timeout",
            value,
            raw.cite(&["rrp_token_expired_timeout"]),
        ));
    }
    let v = &mut raw.volatile;
    if v.rrp_autorecovery_check_timeout == 0 {
        v.rrp_autorecovery_check_timeout = RRP_AUTORECOVERY_CHECK_TIMEOUT;
    }

    let interface_max: u32 = if rrp_mode == RrpMode::None {
        1
    } else {
        INTERFACE_MAX as u32
    };
    if interface_max < raw.interface_count {
        return Err(parse_error(
            format!(
                "{} is too many configured interfaces for the rrp_mode setting {}.",
                as_signed(raw.interface_count),
                text(&raw.rrp_mode)
            ),
            raw.cite(&["rrp_mode"]),
        ));
    }

    let v = &mut raw.volatile;
    if v.fail_to_recv_const == 0 {
        v.fail_to_recv_const = FAIL_TO_RECV_CONST;
    }
    if v.seqno_unchanged_const == 0 {
        v.seqno_unchanged_const = SEQNO_UNCHANGED_CONST;
    }
    if raw.net_mtu == 0 {
        raw.net_mtu = 1500;
    }
    let message_queue_max = (MESSAGE_SIZE_MAX as u32) / raw.net_mtu;
    if message_queue_max < raw.volatile.max_messages {
        return Err(parse_error(
            format!(
                "The max_messages parameter ({} messages) may not be greater than ({} messages).",
                as_signed(raw.volatile.max_messages),
                as_signed(message_queue_max)
            ),
            raw.cite(&["max_messages", "netmtu"]),
        ));
    }
    if raw.threads > SEND_THREADS_MAX {
        raw.threads = SEND_THREADS_MAX;
    }
    if !raw.secauth {
        raw.threads = 0;
    }
    if raw.net_mtu as usize > FRAME_SIZE_MAX {
        return Err(parse_error(
            "This net_mtu parameter is greater than the maximum frame size",
            raw.cite(&["netmtu"]),
        ));
    }

    // The protocol needs an address to bind to on every ring; the original
    // would go on and fail later when looking for the interface.
    let mut interfaces = Vec::with_capacity(raw.interface_count as usize);
    for i in 0..raw.interface_count as usize {
        let iface = raw.interface(i);
        let Some(bindnetaddr) = iface.bindnet else {
            return Err(parse_error(
                format!(
                    "No bind network address (bindnetaddr) specified for interface ring number {i}"
                ),
                iface.origin.as_ref().or(raw.origin.as_ref()),
            ));
        };
        interfaces.push(InterfaceConfig {
            ringnumber: i as u8,
            bindnetaddr,
            mcastaddr: iface.mcast,
            mcastport: iface.port,
            ttl: iface.ttl as u8,
            members: iface.members,
        });
    }

    let v = raw.volatile;
    let config = TotemConfig {
        version: raw.version,
        interfaces,
        node_id: raw.node_id,
        clear_node_high_bit: raw.clear_node_high_bit,
        secauth: raw.secauth,
        private_key: raw.private_key,
        crypto_type: raw.crypto_type,
        crypto_accept: raw.crypto_accept,
        transport: raw.transport,
        broadcast: raw.broadcast,
        rrp_mode,
        net_mtu: raw.net_mtu,
        threads: raw.threads,
        token_timeout: v.token_timeout,
        token_retransmit_timeout: v.token_retransmit_timeout,
        token_hold_timeout: v.token_hold_timeout,
        token_retransmits_before_loss_const: v.token_retransmits_before_loss_const,
        join_timeout: v.join_timeout,
        send_join_timeout: v.send_join_timeout,
        consensus_timeout: v.consensus_timeout,
        merge_timeout: v.merge_timeout,
        downcheck_timeout: v.downcheck_timeout,
        fail_to_recv_const: v.fail_to_recv_const,
        seqno_unchanged_const: v.seqno_unchanged_const,
        heartbeat_failures_allowed: v.heartbeat_failures_allowed,
        max_network_delay: v.max_network_delay,
        window_size: v.window_size,
        max_messages: v.max_messages,
        miss_count_const: v.miss_count_const,
        rrp_token_expired_timeout: v.rrp_token_expired_timeout,
        rrp_problem_count_timeout: v.rrp_problem_count_timeout,
        rrp_problem_count_threshold: v.rrp_problem_count_threshold,
        rrp_problem_count_mcast_threshold: v.rrp_problem_count_mcast_threshold,
        rrp_autorecovery_check_timeout: v.rrp_autorecovery_check_timeout,
        vsf_type: raw.vsf_type.unwrap_or_else(|| "none".to_string()),
    };
    Ok((config, raw.warnings))
}

/// Read, key-read and validate the totem configuration, in the order and
/// with the errors of the original (`totem_config_read`,
/// `totem_config_keyread`, `totem_config_validate`).
pub fn read_totem_config(
    objdb: &ObjDb,
    env: &TotemEnv<'_>,
) -> Result<TotemConfigRead, ConfigError> {
    let mut raw = totem_config_read(objdb, env.resolver)?;
    totem_config_keyread(objdb, &mut raw, &env.authkey)?;
    let totem_handle = raw.handle;
    let (config, warnings) = totem_config_validate(raw)?;
    Ok(TotemConfigRead {
        config,
        totem_handle,
        warnings,
    })
}
