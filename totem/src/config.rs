//! The totem configuration: every `totem {}` option the protocol and its
//! transports use, already resolved (defaults applied, derived values
//! computed, validated).
//!
//! This is plain data. Reading it from the object database, applying the
//! defaults and the derivation rules (`token_retransmit` from `token`, `hold`
//! from `token_retransmit`, `consensus` from `token`, ...) and validating it
//! is the config crate's job; the protocol core only reads these fields.

use std::net::IpAddr;

/// Maximum number of redundant rings (`INTERFACE_MAX` of the original).
pub const INTERFACE_MAX: usize = 2;
/// Maximum number of processors in one ring.
pub const PROCESSOR_COUNT_MAX: usize = 384;
/// Largest application message totempg accepts (1 MiB).
pub const MESSAGE_SIZE_MAX: usize = 1024 * 1024;
/// Largest datagram any transport sends or accepts.
pub const FRAME_SIZE_MAX: usize = 10000;
/// Length of the private key used by secauth.
pub const PRIVATE_KEY_LEN: usize = 128;

/// `totem { transport: ... }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Transport {
    /// UDP multicast (the default).
    #[default]
    Udp,
    /// UDP unicast to every configured `member {}`.
    Udpu,
}

/// `totem { rrp_mode: ... }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RrpMode {
    #[default]
    None,
    Passive,
    Active,
}

/// `totem { crypto_type: ... }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CryptoType {
    /// libtomcrypt-compatible SOBER-128 + HMAC-SHA1 (type byte 0).
    #[default]
    Sober,
    /// AES (type byte 1); only accepted with `crypto_accept: new`.
    Nss,
}

/// `totem { crypto_accept: ... }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CryptoAccept {
    #[default]
    Old,
    New,
}

/// One `interface {}` section (one ring).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterfaceConfig {
    /// `ringnumber`.
    pub ringnumber: u8,
    /// `bindnetaddr`: a network (or host) address; the local interface whose
    /// network contains it is bound.
    pub bindnetaddr: IpAddr,
    /// `mcastaddr` (255.255.255.255 when `broadcast: yes`).
    pub mcastaddr: Option<IpAddr>,
    /// `mcastport`: the receive port; udp sends from `mcastport - 1`.
    pub mcastport: u16,
    /// `ttl` (default 1).
    pub ttl: u8,
    /// `member { memberaddr }` entries (udpu).
    pub members: Vec<IpAddr>,
}

/// The resolved totem configuration. Times are in milliseconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TotemConfig {
    /// `version` (must be 2).
    pub version: u32,
    pub interfaces: Vec<InterfaceConfig>,
    /// `nodeid`; 0 means "derive it from the ring 0 IPv4 address".
    pub node_id: u32,
    /// `clear_node_high_bit: yes`.
    pub clear_node_high_bit: bool,
    /// `secauth` (default on).
    pub secauth: bool,
    /// The private key (from `keyfile`, `key`, `$COROSYNC_TOTEM_AUTHKEY_FILE`
    /// or `/etc/corosync/authkey`); empty when secauth is off.
    pub private_key: Vec<u8>,
    pub crypto_type: CryptoType,
    pub crypto_accept: CryptoAccept,
    pub transport: Transport,
    /// `broadcast: yes` in any interface.
    pub broadcast: bool,
    pub rrp_mode: RrpMode,
    /// `netmtu` (default 1500).
    pub net_mtu: u32,
    /// `threads` (forced to 0 without secauth).
    pub threads: u32,
    /// `token` (default 1000).
    pub token_timeout: u32,
    /// `token_retransmit` (default token / (retransmits + 0.2)).
    pub token_retransmit_timeout: u32,
    /// `hold` (default token_retransmit * 0.8 - 10).
    pub token_hold_timeout: u32,
    /// `token_retransmits_before_loss_const` (default 4).
    pub token_retransmits_before_loss_const: u32,
    /// `join` (default 50).
    pub join_timeout: u32,
    /// `send_join` (default 0).
    pub send_join_timeout: u32,
    /// `consensus` (default 1.2 * token).
    pub consensus_timeout: u32,
    /// `merge` (default 200).
    pub merge_timeout: u32,
    /// `downcheck` (default 1000).
    pub downcheck_timeout: u32,
    /// `fail_recv_const` (default 2500).
    pub fail_to_recv_const: u32,
    /// `seqno_unchanged_const` (default 30).
    pub seqno_unchanged_const: u32,
    /// `heartbeat_failures_allowed` (default 0 = off).
    pub heartbeat_failures_allowed: u32,
    /// `max_network_delay` (default 50).
    pub max_network_delay: u32,
    /// `window_size` (default 50).
    pub window_size: u32,
    /// `max_messages` (default 17).
    pub max_messages: u32,
    /// `miss_count_const` (default 5).
    pub miss_count_const: u32,
    /// `rrp_token_expired_timeout` (default token_retransmit).
    pub rrp_token_expired_timeout: u32,
    /// `rrp_problem_count_timeout` (default 2000).
    pub rrp_problem_count_timeout: u32,
    /// `rrp_problem_count_threshold` (default 10, minimum 2).
    pub rrp_problem_count_threshold: u32,
    /// `rrp_problem_count_mcast_threshold` (default 10 * threshold).
    pub rrp_problem_count_mcast_threshold: u32,
    /// `rrp_autorecovery_check_timeout` (default 1000).
    pub rrp_autorecovery_check_timeout: u32,
    /// `vsftype` (default "none").
    pub vsf_type: String,
}

impl TotemConfig {
    /// The defaults of the original for everything but the interfaces.
    /// Derived timeouts are computed from the default `token`.
    pub fn with_interfaces(interfaces: Vec<InterfaceConfig>) -> TotemConfig {
        let token_timeout = 1000;
        let retransmits = 4;
        let token_retransmit_timeout = (token_timeout as f64 / (retransmits as f64 + 0.2)) as u32;
        let token_hold_timeout = (token_retransmit_timeout as f64 * 0.8 - 10.0) as u32;
        TotemConfig {
            version: 2,
            interfaces,
            node_id: 0,
            clear_node_high_bit: false,
            secauth: true,
            private_key: Vec::new(),
            crypto_type: CryptoType::Sober,
            crypto_accept: CryptoAccept::Old,
            transport: Transport::Udp,
            broadcast: false,
            rrp_mode: RrpMode::None,
            net_mtu: 1500,
            threads: 0,
            token_timeout,
            token_retransmit_timeout,
            token_hold_timeout,
            token_retransmits_before_loss_const: retransmits,
            join_timeout: 50,
            send_join_timeout: 0,
            consensus_timeout: (token_timeout as f64 * 1.2) as u32,
            merge_timeout: 200,
            downcheck_timeout: 1000,
            fail_to_recv_const: 2500,
            seqno_unchanged_const: 30,
            heartbeat_failures_allowed: 0,
            max_network_delay: 50,
            window_size: 50,
            max_messages: 17,
            miss_count_const: 5,
            rrp_token_expired_timeout: token_retransmit_timeout,
            rrp_problem_count_timeout: 2000,
            rrp_problem_count_threshold: 10,
            rrp_problem_count_mcast_threshold: 100,
            rrp_autorecovery_check_timeout: 1000,
            vsf_type: "none".to_string(),
        }
    }
}
