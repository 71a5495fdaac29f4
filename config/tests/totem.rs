//! `totem {}` to TotemConfig: defaults and derived values as the original
//! computes them (numbers taken from the original's own debug output), and
//! every validation error with its text.

mod common;

use std::net::IpAddr;
use std::path::PathBuf;

use common::temp_dir;
use coroconfig::{
    AuthkeyPaths, ConfigError, ConfigErrorKind, NumericResolver, TotemConfigRead, TotemEnv,
    parse_str, read_totem_config, totem_volatile_config_read,
};
use totem::config::{CryptoAccept, CryptoType, RrpMode, TotemConfig, Transport};

const IFACE: &str = "\tinterface {\n\t\tringnumber: 0\n\t\tbindnetaddr: 127.0.0.1\n\t\tmcastaddr: 239.255.1.1\n\t\tmcastport: 5405\n\t}\n";

fn no_key_env() -> TotemEnv<'static> {
    TotemEnv {
        authkey: AuthkeyPaths {
            env_file: None,
            default_file: PathBuf::from("/nonexistent/authkey"),
        },
        resolver: &NumericResolver,
    }
}

fn read_with(text: &str, env: &TotemEnv<'_>) -> Result<TotemConfigRead, ConfigError> {
    let db = parse_str(text, "corosync.conf").unwrap();
    read_totem_config(&db, env)
}

/// A totem section with secauth off, `extra` totem keys and `iface` as the
/// interface part.
fn totem(extra: &str, iface: &str) -> String {
    format!("totem {{\n\tversion: 2\n\tsecauth: off\n{extra}{iface}}}\n")
}

fn config(extra: &str) -> TotemConfig {
    read_with(&totem(extra, IFACE), &no_key_env())
        .unwrap()
        .config
}

fn error(extra: &str, iface: &str) -> ConfigError {
    read_with(&totem(extra, iface), &no_key_env()).unwrap_err()
}

fn error_text(extra: &str, iface: &str) -> String {
    error(extra, iface).message().to_string()
}

/// (token, retransmit, hold, consensus) as the original logs them for
/// `token:` alone, with 4 retransmits.
const ORIGINAL_DERIVATIONS: [(u32, u32, u32, u32); 5] = [
    (1000, 238, 180, 1200),
    (3000, 714, 561, 3600),
    (5000, 1190, 942, 6000),
    (333, 79, 53, 399),
    (10000, 2380, 1894, 12000),
];

#[test]
fn derived_timeouts_match_the_original_for_several_tokens() {
    for (token, retransmit, hold, consensus) in ORIGINAL_DERIVATIONS {
        let c = config(&format!("\ttoken: {token}\n"));
        assert_eq!(
            (
                c.token_timeout,
                c.token_retransmit_timeout,
                c.token_hold_timeout,
                c.consensus_timeout,
                c.rrp_token_expired_timeout
            ),
            (token, retransmit, hold, consensus, retransmit),
            "token {token}"
        );
    }
}

#[test]
fn retransmits_const_changes_the_derivation() {
    // Original: "Token Timeout (3333 ms) retransmit timeout (326 ms)",
    // "token hold (250 ms) retransmits before loss (10 retrans)",
    // "consensus (3999 ms)".
    let c = config("\ttoken: 3333\n\ttoken_retransmits_before_loss_const: 10\n");
    assert_eq!(
        (
            c.token_retransmit_timeout,
            c.token_hold_timeout,
            c.token_retransmits_before_loss_const,
            c.consensus_timeout
        ),
        (326, 250, 10, 3999)
    );
}

#[test]
fn defaults_match_the_original() {
    let c = config("");
    let expected = TotemConfig {
        secauth: false,
        interfaces: c.interfaces.clone(),
        ..TotemConfig::with_interfaces(Vec::new())
    };
    assert_eq!(c, expected);
    assert_eq!(c.join_timeout, 50);
    assert_eq!(c.merge_timeout, 200);
    assert_eq!(c.downcheck_timeout, 1000);
    assert_eq!(c.fail_to_recv_const, 2500);
    assert_eq!(c.seqno_unchanged_const, 30);
    assert_eq!(c.window_size, 50);
    assert_eq!(c.max_messages, 17);
    assert_eq!(c.miss_count_const, 5);
    assert_eq!(c.rrp_problem_count_timeout, 2000);
    assert_eq!(c.rrp_problem_count_threshold, 10);
    assert_eq!(c.rrp_problem_count_mcast_threshold, 100);
    assert_eq!(c.rrp_autorecovery_check_timeout, 1000);
    assert_eq!(c.max_network_delay, 50);
    assert_eq!(c.net_mtu, 1500);
    assert_eq!(c.vsf_type, "none");
    assert_eq!(c.transport, Transport::Udp);
    assert_eq!(c.rrp_mode, RrpMode::None);
}

#[test]
fn interface_is_parsed() {
    let c = config("");
    let iface = &c.interfaces[0];
    assert_eq!(iface.ringnumber, 0);
    assert_eq!(iface.bindnetaddr, "127.0.0.1".parse::<IpAddr>().unwrap());
    assert_eq!(iface.mcastaddr, Some("239.255.1.1".parse().unwrap()));
    assert_eq!(iface.mcastport, 5405);
    assert_eq!(iface.ttl, 1);
    assert!(iface.members.is_empty());
}

#[test]
fn explicit_values_win_over_derivations() {
    let c = config(
        "\ttoken: 5000\n\ttoken_retransmit: 900\n\thold: 700\n\tconsensus: 7500\n\trrp_problem_count_threshold: 3\n",
    );
    assert_eq!(
        (
            c.token_retransmit_timeout,
            c.token_hold_timeout,
            c.consensus_timeout,
            c.rrp_problem_count_mcast_threshold
        ),
        (900, 700, 7500, 30)
    );
}

#[test]
fn negative_token_wraps_like_the_original() {
    // The original logs "Token Timeout (-5 ms) retransmit timeout
    // (1022611259 ms)", "token hold (818088997 ms)", "consensus
    // (-2147483648 ms)" and starts.
    let c = config("\ttoken: -5\n");
    assert_eq!(c.token_timeout, (-5i32) as u32);
    assert_eq!(c.token_retransmit_timeout, 1_022_611_259);
    assert_eq!(c.token_hold_timeout, 818_088_997);
    assert_eq!(c.consensus_timeout, 0x8000_0000);
}

#[test]
fn threads_are_capped_and_need_secauth() {
    assert_eq!(config("\tthreads: 4\n").threads, 0);
    let dir = temp_dir("threads");
    let key = dir.join("authkey");
    std::fs::write(&key, [7u8; 128]).unwrap();
    let text = format!(
        "totem {{\n\tversion: 2\n\tthreads: 40\n\tkeyfile: {}\n{IFACE}}}\n",
        key.display()
    );
    let c = read_with(&text, &no_key_env()).unwrap().config;
    assert!(c.secauth);
    assert_eq!(c.threads, 16);
    assert_eq!(c.private_key, vec![7u8; 128]);
}

#[test]
fn secauth_defaults_on_and_only_on_off_change_it() {
    let text = format!("totem {{\n\tversion: 2\n\tsecauth: maybe\n\tkey: secret\n{IFACE}}}\n");
    let c = read_with(&text, &no_key_env()).unwrap().config;
    assert!(c.secauth);
    // The key value is taken as stored, with its NUL.
    assert_eq!(c.private_key, b"secret\0".to_vec());
}

#[test]
fn crypto_settings_are_read_only_with_secauth() {
    let text = format!(
        "totem {{\n\tversion: 2\n\tkey: k\n\tcrypto_type: nss\n\tcrypto_accept: new\n{IFACE}}}\n"
    );
    let c = read_with(&text, &no_key_env()).unwrap().config;
    assert_eq!(
        (c.crypto_type, c.crypto_accept),
        (CryptoType::Nss, CryptoAccept::New)
    );
    let c = config("\tcrypto_type: nss\n\tcrypto_accept: new\n");
    assert_eq!(
        (c.crypto_type, c.crypto_accept),
        (CryptoType::Sober, CryptoAccept::Old)
    );
}

#[test]
fn network_section_is_preferred_over_totem() {
    let text = format!(
        "totem {{\n\tversion: 2\n\tsecauth: off\n\ttoken: 9000\n{IFACE}}}\nnetwork {{\n\tversion: 2\n\tsecauth: off\n\ttoken: 4000\n{IFACE}}}\n"
    );
    assert_eq!(
        read_with(&text, &no_key_env())
            .unwrap()
            .config
            .token_timeout,
        4000
    );
}

#[test]
fn missing_totem_section() {
    let err = read_with("logging {\n}\n", &no_key_env()).unwrap_err();
    assert_eq!(err.message(), "couldn't find totem handle");
    assert_eq!(err.exit_code(), 8);
}

#[test]
fn udpu_needs_no_multicast_address_and_keeps_members() {
    let iface = "\tinterface {\n\t\tringnumber: 0\n\t\tbindnetaddr: 10.0.0.0\n\t\tmcastport: 5405\n\t\tmember {\n\t\t\tmemberaddr: 10.0.0.1\n\t\t}\n\t\tmember {\n\t\t\tmemberaddr: 10.0.0.2\n\t\t}\n\t}\n";
    let c = read_with(&totem("\ttransport: udpu\n", iface), &no_key_env())
        .unwrap()
        .config;
    assert_eq!(c.transport, Transport::Udpu);
    assert_eq!(c.interfaces[0].mcastaddr, None);
    assert_eq!(
        c.interfaces[0].members,
        vec![
            "10.0.0.1".parse::<IpAddr>().unwrap(),
            "10.0.0.2".parse().unwrap()
        ]
    );
}

#[test]
fn unparsable_member_is_skipped_with_a_warning() {
    let iface = "\tinterface {\n\t\tbindnetaddr: 10.0.0.0\n\t\tmcastport: 5405\n\t\tmember {\n\t\t\tmemberaddr: no.such.host\n\t\t}\n\t}\n";
    let read = read_with(&totem("\ttransport: udpu\n", iface), &no_key_env()).unwrap();
    assert!(read.config.interfaces[0].members.is_empty());
    assert_eq!(read.warnings.len(), 1);
    assert_eq!(
        read.warnings[0].to_string(),
        "memberaddr 'no.such.host' is not a valid address; member ignored at corosync.conf:9"
    );
}

#[test]
fn broadcast_sets_the_broadcast_address() {
    let iface = "\tinterface {\n\t\tbindnetaddr: 192.168.1.0\n\t\tbroadcast: yes\n\t\tmcastport: 5405\n\t}\n";
    let c = read_with(&totem("", iface), &no_key_env()).unwrap().config;
    assert!(c.broadcast);
    assert_eq!(
        c.interfaces[0].mcastaddr,
        Some("255.255.255.255".parse().unwrap())
    );
}

#[test]
fn two_rings_with_rrp() {
    let iface1 = "\tinterface {\n\t\tringnumber: 1\n\t\tbindnetaddr: 10.1.0.0\n\t\tmcastaddr: 239.255.2.1\n\t\tmcastport: 5407\n\t}\n";
    let text = totem("\trrp_mode: passive\n", &format!("{IFACE}{iface1}"));
    let c = read_with(&text, &no_key_env()).unwrap().config;
    assert_eq!(c.rrp_mode, RrpMode::Passive);
    assert_eq!(c.interfaces.len(), 2);
    assert_eq!(c.interfaces[1].ringnumber, 1);
    assert_eq!(c.interfaces[1].mcastport, 5407);
}

#[test]
fn ring_number_carries_over_to_the_next_interface() {
    // The second section has no ringnumber and overwrites ring 1, leaving
    // ring 0 empty: the original then complains about ring 0.
    let a = "\tinterface {\n\t\tringnumber: 1\n\t\tbindnetaddr: 10.1.0.0\n\t\tmcastaddr: 239.255.2.1\n\t\tmcastport: 5407\n\t}\n";
    let b = "\tinterface {\n\t\tbindnetaddr: 10.1.0.0\n\t\tmcastaddr: 239.255.3.1\n\t\tmcastport: 5409\n\t}\n";
    let err = error("\trrp_mode: active\n", &format!("{a}{b}"));
    assert_eq!(
        err.message(),
        "parse error in config: No multicast address specified"
    );
}

#[test]
fn host_names_go_through_the_resolver() {
    struct Fixed;
    impl coroconfig::AddressResolver for Fixed {
        fn resolve(&self, name: &str, _: Option<coroconfig::AddressFamily>) -> Option<IpAddr> {
            (name == "node1.example").then(|| "10.9.9.9".parse().unwrap())
        }
    }
    let env = TotemEnv {
        resolver: &Fixed,
        ..no_key_env()
    };
    let iface = "\tinterface {\n\t\tbindnetaddr: node1.example\n\t\tmcastport: 5405\n\t\tmember {\n\t\t\tmemberaddr: node1.example\n\t\t}\n\t}\n";
    let c = read_with(&totem("\ttransport: udpu\n", iface), &env)
        .unwrap()
        .config;
    assert_eq!(
        c.interfaces[0].bindnetaddr,
        "10.9.9.9".parse::<IpAddr>().unwrap()
    );
}

#[test]
fn builtin_default_is_a_one_node_udpu_cluster() {
    let db = parse_str(
        coroconfig::BUILTIN_DEFAULT_CONFIG,
        coroconfig::BUILTIN_DEFAULT_NAME,
    )
    .unwrap();
    let c = read_totem_config(&db, &no_key_env()).unwrap().config;
    assert_eq!(c.transport, Transport::Udpu);
    assert!(!c.secauth);
    let lo: IpAddr = "127.0.0.1".parse().unwrap();
    assert_eq!(c.interfaces.len(), 1);
    assert_eq!(c.interfaces[0].bindnetaddr, lo);
    assert_eq!(c.interfaces[0].mcastport, 5405);
    assert_eq!(c.interfaces[0].members, vec![lo]);
}

// ----- validation errors, with the original's texts ------------------------

const NO_MCAST: &str = "\tinterface {\n\t\tbindnetaddr: 127.0.0.1\n\t\tmcastport: 5405\n\t}\n";

fn iface_with(extra: &str) -> String {
    format!(
        "\tinterface {{\n\t\tringnumber: 0\n\t\tbindnetaddr: 127.0.0.1\n\t\tmcastaddr: 239.255.1.1\n\t\tmcastport: 5405\n{extra}\t}}\n"
    )
}

#[test]
fn no_interfaces() {
    assert_eq!(
        error_text("", ""),
        "parse error in config: No interfaces defined"
    );
}

#[test]
fn udp_without_multicast_address_points_at_the_interface() {
    let err = error("", NO_MCAST);
    assert_eq!(
        err.message(),
        "parse error in config: No multicast address specified"
    );
    assert_eq!(
        err.to_string(),
        "parse error in config: No multicast address specified at corosync.conf:4"
    );
}

#[test]
fn unparsable_multicast_address_counts_as_missing() {
    assert_eq!(
        error_text(
            "",
            &iface_with("\t\tmcastaddr: not-an-address\n")
                .replace("\t\tmcastaddr: 239.255.1.1\n", "")
        ),
        "parse error in config: No multicast address specified"
    );
}

#[test]
fn missing_port() {
    let iface = "\tinterface {\n\t\tbindnetaddr: 127.0.0.1\n\t\tmcastaddr: 239.255.1.1\n\t}\n";
    assert_eq!(
        error_text("", iface),
        "parse error in config: No multicast port specified"
    );
}

#[test]
fn ttl_range_and_transport() {
    assert_eq!(
        error_text("", &iface_with("\t\tttl: 300\n")),
        "parse error in config: Invalid TTL (should be 0..255)"
    );
    assert_eq!(
        error_text("", &iface_with("\t\tttl: -1\n")),
        "parse error in config: Invalid TTL (should be 0..255)"
    );
    assert_eq!(config_iface_ttl("\t\tttl: 0\n"), 0);
    assert_eq!(
        error_text("\ttransport: udpu\n", &iface_with("\t\tttl: 2\n")),
        "parse error in config: Can only set ttl on multicast transport types"
    );
}

fn config_iface_ttl(extra: &str) -> u8 {
    read_with(&totem("", &iface_with(extra)), &no_key_env())
        .unwrap()
        .config
        .interfaces[0]
        .ttl
}

#[test]
fn ipv6_needs_a_node_id() {
    let iface = "\tinterface {\n\t\tbindnetaddr: fec0::1:a800:4ff:fe00:20\n\t\tmcastaddr: ff05::1\n\t\tmcastport: 5405\n\t}\n";
    assert_eq!(
        error_text("", iface),
        "parse error in config: An IPV6 network requires that a node ID be specified."
    );
    let c = read_with(&totem("\tnodeid: 2\n", iface), &no_key_env())
        .unwrap()
        .config;
    assert_eq!(c.node_id, 2);
    assert!(c.interfaces[0].bindnetaddr.is_ipv6());
}

#[test]
fn bind_address_must_match_multicast_family() {
    let iface = "\tinterface {\n\t\tbindnetaddr: ::1\n\t\tmcastaddr: 239.255.1.1\n\t\tmcastport: 5405\n\t}\n";
    assert_eq!(
        error_text("", iface),
        "parse error in config: Multicast address family does not match bind address family"
    );
}

#[test]
fn multicast_address_must_be_class_d() {
    assert_eq!(
        error_text("", &iface_with("\t\tmcastaddr: 10.0.0.1\n")),
        "parse error in config: mcastaddr is not a correct multicast address."
    );
}

#[test]
fn rings_must_share_a_family_and_differ_in_address_or_port() {
    let v6 = "\tinterface {\n\t\tringnumber: 1\n\t\tbindnetaddr: fec0::1\n\t\tmcastaddr: ff05::1\n\t\tmcastport: 5407\n\t}\n";
    assert_eq!(
        error_text("\trrp_mode: active\n\tnodeid: 1\n", &format!("{IFACE}{v6}")),
        "parse error in config: Not all bind address belong to the same IP family"
    );
    let same = IFACE
        .replace("ringnumber: 0", "ringnumber: 1")
        .replace("5405", "5406");
    assert_eq!(
        error_text("\trrp_mode: active\n", &format!("{IFACE}{same}")),
        "parse error in config: Interfaces multicast address/port pair must differ"
    );
}

#[test]
fn version_must_be_2() {
    let text = format!("totem {{\n\tversion: 3\n\tsecauth: off\n{IFACE}}}\n");
    let err = read_with(&text, &no_key_env()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "parse error in config: This totem parser can only parse version 2 configurations. at corosync.conf:2"
    );
}

#[test]
fn timeout_minimums() {
    let cases = [
        (
            "\tmax_network_delay: 29\n",
            "The max_network_delay parameter (29 ms) may not be less than (30 ms).",
        ),
        (
            "\ttoken: 20\n",
            "The token timeout parameter (20 ms) may not be less than (30 ms).",
        ),
        (
            "\ttoken: 48\n",
            "The token retransmit timeout parameter (11 ms) may not be less than (30 ms).",
        ),
        (
            "\thold: 5\n",
            "The token hold timeout parameter (5 ms) may not be less than (30 ms).",
        ),
        (
            "\tjoin: 10\n",
            "The join timeout parameter (10 ms) may not be less than (30 ms).",
        ),
        (
            "\tconsensus: 10\n",
            "The consensus timeout parameter (10 ms) may not be less than (30 ms).",
        ),
        (
            "\tconsensus: 40\n\tjoin: 60\n",
            "The consensus timeout parameter (40 ms) may not be less than join timeout (60 ms).",
        ),
        (
            "\tmerge: 1\n",
            "The merge timeout parameter (1 ms) may not be less than (30 ms).",
        ),
        (
            "\tdowncheck: 2\n",
            "The downcheck timeout parameter (2 ms) may not be less than (30 ms).",
        ),
        (
            "\trrp_problem_count_timeout: 3\n",
            "The RRP problem count timeout parameter (3 ms) may not be less than (30 ms).",
        ),
        (
            "\trrp_problem_count_threshold: 1\n",
            "The RRP problem count threshold (1 problem count) may not be less than (2 problem count).",
        ),
        (
            "\trrp_problem_count_mcast_threshold: 1\n",
            "The RRP multicast problem count threshold (1 problem count) may not be less than (2 problem count).",
        ),
        (
            "\trrp_token_expired_timeout: 4\n",
            "The RRP token expired timeout parameter (4 ms) may not be less than (30 ms).",
        ),
    ];
    // 200 / 1.2: retransmit 166, hold 166 * 0.8 - 10 = 122.
    let c = config("\ttoken: 200\n\ttoken_retransmits_before_loss_const: 1\n");
    assert_eq!(
        (c.token_retransmit_timeout, c.token_hold_timeout),
        (166, 122)
    );
    // 150 ms: retransmit 35 passes, hold 35 * 0.8 - 10 = 18 does not.
    assert_eq!(
        error_text("\ttoken: 150\n", IFACE),
        "parse error in config: The token hold timeout parameter (18 ms) may not be less than (30 ms)."
    );
    for (extra, expected) in cases {
        assert_eq!(
            error_text(extra, IFACE),
            format!("parse error in config: {expected}"),
            "{extra}"
        );
    }
}

#[test]
fn rrp_mode_must_be_known_and_allow_the_ring_count() {
    assert_eq!(
        error_text("\trrp_mode: bogus\n", IFACE),
        "parse error in config: The RRP mode \"bogus\" specified is invalid.  It must be none, active, or passive."
    );
    let iface1 = "\tinterface {\n\t\tringnumber: 1\n\t\tbindnetaddr: 10.1.0.0\n\t\tmcastaddr: 239.255.2.1\n\t\tmcastport: 5407\n\t}\n";
    assert_eq!(
        error_text("", &format!("{IFACE}{iface1}")),
        "parse error in config: 2 is too many configured interfaces for the rrp_mode setting none."
    );
}

#[test]
fn message_queue_and_mtu_limits() {
    assert_eq!(
        error_text("\tmax_messages: 1000\n", IFACE),
        "parse error in config: The max_messages parameter (1000 messages) may not be greater than (699 messages)."
    );
    assert_eq!(
        error_text("\tnetmtu: 20000\n", IFACE),
        "parse error in config: This net_mtu parameter is greater than the maximum frame size"
    );
    assert_eq!(config("\tnetmtu: 9000\n").net_mtu, 9000);
}

#[test]
fn ring_number_out_of_range() {
    let err = error("", "\tinterface {\n\t\tringnumber: 5\n\t}\n");
    assert_eq!(
        err.to_string(),
        "parse error in config: interface ring number 5 is bigger than allowed maximum 1 at corosync.conf:5"
    );
}

#[test]
fn unsupported_transport() {
    assert_eq!(
        error_text("\ttransport: iba\n", IFACE),
        "parse error in config: transport type iba is unsupported"
    );
}

#[test]
fn missing_bind_address_is_refused() {
    let iface = "\tinterface {\n\t\tmcastport: 5405\n\t}\n";
    assert_eq!(
        error_text("\ttransport: udpu\n", iface),
        "parse error in config: No bind network address (bindnetaddr) specified for interface ring number 0"
    );
}

// ----- the private key ------------------------------------------------------

fn secure(extra: &str) -> String {
    format!("totem {{\n\tversion: 2\n{extra}{IFACE}}}\n")
}

#[test]
fn key_file_must_hold_128_bytes() {
    let dir = temp_dir("key");
    let short = dir.join("short");
    std::fs::write(&short, [1u8; 100]).unwrap();
    let err = read_with(
        &secure(&format!("\tkeyfile: {}\n", short.display())),
        &no_key_env(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ConfigErrorKind::Key);
    assert_eq!(
        err.message(),
        format!(
            "Could only read 800 bits of 1024 bits from {}.",
            short.display()
        )
    );
    let long = dir.join("long");
    std::fs::write(&long, [2u8; 200]).unwrap();
    let c = read_with(
        &secure(&format!("\tkeyfile: {}\n", long.display())),
        &no_key_env(),
    )
    .unwrap()
    .config;
    assert_eq!(c.private_key, vec![2u8; 128]);
}

#[test]
fn missing_key_file_names_the_default_location() {
    let err = read_with(&secure(""), &no_key_env()).unwrap_err();
    assert_eq!(
        err.message(),
        "Could not open /nonexistent/authkey: No such file or directory"
    );
}

#[test]
fn authkey_environment_file_is_used() {
    let dir = temp_dir("envkey");
    let key = dir.join("authkey");
    std::fs::write(&key, [9u8; 128]).unwrap();
    let env = TotemEnv {
        authkey: AuthkeyPaths {
            env_file: Some(key),
            default_file: PathBuf::from("/nonexistent/authkey"),
        },
        resolver: &NumericResolver,
    };
    assert_eq!(
        read_with(&secure(""), &env).unwrap().config.private_key,
        vec![9u8; 128]
    );
}

#[test]
fn key_directive_is_limited_to_128_bytes() {
    let err = read_with(
        &secure(&format!("\tkey: {}\n", "k".repeat(128))),
        &no_key_env(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ConfigErrorKind::Key);
    let ok = read_with(
        &secure(&format!("\tkey: {}\n", "k".repeat(127))),
        &no_key_env(),
    )
    .unwrap();
    assert_eq!(ok.config.private_key.len(), 128);
}

#[test]
fn no_key_is_read_without_secauth() {
    assert!(config("").private_key.is_empty());
}

// ----- runtime changes ------------------------------------------------------

#[test]
fn volatile_read_copies_raw_values_only() {
    let mut db = parse_str(&totem("", IFACE), "c").unwrap();
    let read = read_totem_config(&db, &no_key_env()).unwrap();
    let mut c = read.config.clone();
    db.object_key_replace(read.totem_handle, b"version", b"2\0")
        .unwrap();
    db.object_key_create_string(read.totem_handle, b"token", b"5000")
        .unwrap();
    db.object_key_create_string(read.totem_handle, b"vsftype", b"ykd")
        .unwrap();
    totem_volatile_config_read(&db, read.totem_handle, &mut c);
    assert_eq!(c.token_timeout, 5000);
    assert_eq!(c.token_retransmit_timeout, 238);
    assert_eq!(c.vsf_type, "ykd");
}
