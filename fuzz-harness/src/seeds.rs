//! The seed corpus: small, meaningful inputs per target, built with the
//! encoders. `cargo run -p fuzz-harness --example write-seeds` writes them
//! to `fuzz/seeds/<target>/`, where the fuzzers and the tests read them.

use corosync_wire::CsError;
use corosync_wire::cpg::{self, CpgAddress, CpgName, encode, exec as cx, reply};
use corosync_wire::exec::make_id;
use corosync_wire::ipc::ServiceId;
use corosync_wire::ipc::{self, ResponseHeader, SetupRequest, zero_copy};
use totem::config::RrpMode;
use totem::packet::{
    CommitMembEntry, CommitToken, McastHeader, MembJoin, MergeDetect, MessageHeader, MessageType,
    OrfToken, RingTest, RtrItem, TokenHoldCancel,
};
use totem::{NodeId, RingId, SrpAddr, TotemIpAddress};

use crate::cpg_engine::{Op, script};
use crate::swap;

type Seeds = Vec<(String, Vec<u8>)>;

fn named(v: &mut Seeds, name: &str, bytes: impl Into<Vec<u8>>) {
    v.push((name.to_string(), bytes.into()));
}

fn with_prefix(p: &[u8], rest: &[u8]) -> Vec<u8> {
    let mut v = p.to_vec();
    v.extend_from_slice(rest);
    v
}

fn setup(service: u32, paths: [&[u8]; 4], size: u64) -> SetupRequest {
    SetupRequest {
        service,
        semkey: 0,
        control_file: paths[0].to_vec(),
        request_file: paths[1].to_vec(),
        response_file: paths[2].to_vec(),
        dispatch_file: paths[3].to_vec(),
        control_size: 8192,
        request_size: size,
        response_size: size,
        dispatch_size: size,
    }
}

const SHM: [&[u8]; 4] = [
    b"/dev/shm/control_buffer-Ab12Cd",
    b"/dev/shm/request_buffer-Ab12Cd",
    b"/dev/shm/response_buffer-Ab12Cd",
    b"/dev/shm/dispatch_buffer-Ab12Cd",
];

pub fn ipc_setup_request() -> Seeds {
    let mut v = Seeds::new();
    let ok = setup(8, SHM, 1 << 20).encode().expect("valid");
    named(&mut v, "cpg-1mib", ok.clone());
    named(
        &mut v,
        "service-ffffffff",
        setup(u32::MAX, SHM, 1 << 20).encode().expect("valid"),
    );
    named(
        &mut v,
        "service-64",
        setup(64, SHM, 4096).encode().expect("valid"),
    );
    named(
        &mut v,
        "etc-passwd",
        setup(8, [b"/etc/passwd"; 4], 0).encode().expect("valid"),
    );
    named(
        &mut v,
        "huge-sizes",
        setup(8, SHM, u64::MAX).encode().expect("valid"),
    );
    let mut empty = ok.clone();
    empty[4112] = 0;
    named(&mut v, "empty-request-path", empty);
    let mut unterminated = ok.clone();
    for b in &mut unterminated[16..16 + ipc::PATH_MAX] {
        if *b == 0 {
            *b = b'x';
        }
    }
    named(&mut v, "unterminated-control-path", unterminated);
    named(&mut v, "one-short", ok[..SetupRequest::SIZE - 1].to_vec());
    named(
        &mut v,
        "setup-response-ok",
        ipc::encode_setup_response(CsError::OK).to_vec(),
    );
    v
}

pub fn ipc_request() -> Seeds {
    let mut v = Seeds::new();
    named(
        &mut v,
        "cpg-join",
        encode::join(&CpgName::new(b"g").expect("n"), 1, 0).to_vec(),
    );
    named(
        &mut v,
        "response-header",
        ResponseHeader::new(24, 3, CsError::TRY_AGAIN)
            .to_bytes()
            .to_vec(),
    );
    let alloc = zero_copy::AllocRequest {
        map_size: 4096 + 16,
        path: b"/dev/shm/corosync_zerocopy-Xy12Zw".to_vec(),
    };
    named(&mut v, "zc-alloc", alloc.encode().expect("valid").to_vec());
    let mut unterminated = alloc.encode().expect("valid").to_vec();
    for b in &mut unterminated[24..152] {
        if *b == 0 {
            *b = b'/';
        }
    }
    named(&mut v, "zc-alloc-unterminated", unterminated);
    named(
        &mut v,
        "zc-free",
        zero_copy::FreeRequest {
            map_size: 4112,
            server_address: 0xdead_beef,
        }
        .encode()
        .to_vec(),
    );
    named(
        &mut v,
        "zc-execute",
        zero_copy::ExecuteRequest { server_address: 1 }
            .encode()
            .to_vec(),
    );
    named(&mut v, "fifteen-bytes", vec![0xffu8; 15]);
    v
}

pub fn cpg_lib_request() -> Seeds {
    let g = CpgName::new(b"GROUP").expect("n");
    let mut long = [b'z'; cpg::MAX_NAME_LENGTH];
    long[0] = b'L';
    let bad = CpgName::from_raw(129, long);
    let mut v = Seeds::new();
    named(
        &mut v,
        "join",
        with_prefix(&[0], &encode::join(&g, 4242, 1)),
    );
    named(
        &mut v,
        "join-name-129",
        with_prefix(&[0], &encode::join(&bad, 1, 0)),
    );
    named(&mut v, "leave", with_prefix(&[1], &encode::leave(&g, 4242)));
    let mut m = encode::mcast_header(0, 5).to_vec();
    m.extend_from_slice(b"hello");
    named(&mut v, "mcast", with_prefix(&[2], &m));
    named(
        &mut v,
        "mcast-msglen-too-big",
        with_prefix(&[2], &encode::mcast_header(0, 1000)),
    );
    named(
        &mut v,
        "membership",
        with_prefix(&[3], &encode::membership(&g)),
    );
    named(&mut v, "local-get", with_prefix(&[4], &encode::local_get()));
    named(
        &mut v,
        "iteration-initialize",
        with_prefix(&[5], &encode::iteration_initialize(Some(&g), 2)),
    );
    named(
        &mut v,
        "iteration-next",
        with_prefix(&[6], &encode::iteration_next(7 << 32 | 1)),
    );
    named(
        &mut v,
        "iteration-finalize",
        with_prefix(&[7], &encode::iteration_finalize(1)),
    );
    named(&mut v, "finalize", with_prefix(&[8], &encode::finalize()));
    named(&mut v, "id-9", with_prefix(&[9], &[0u8; 200]));
    named(
        &mut v,
        "id-ffffffff",
        with_prefix(&[0xff, 0xff, 0xff, 0xff, 0xff], &[0u8; 40]),
    );
    v
}

pub fn cpg_callback() -> Seeds {
    let g = CpgName::new(b"grp").expect("n");
    let a = |n: u32, r: u32| CpgAddress {
        nodeid: n,
        pid: 100 + n,
        reason: r,
    };
    let mut v = Seeds::new();
    let mut d = reply::deliver_header(&g, 3, 2, 77).to_vec();
    d.extend_from_slice(b"xyz");
    named(&mut v, "deliver", d);
    named(
        &mut v,
        "confchg",
        reply::confchg(&g, &[a(1, 0), a(2, 0)], &[a(3, 3)], &[a(2, 1)]),
    );
    named(
        &mut v,
        "totem-confchg",
        reply::totem_confchg(1, 8, &[1, 2, 3]),
    );
    named(
        &mut v,
        "membership-response",
        reply::membership(&[(1, 10), (2, 20)]),
    );
    named(&mut v, "local-get-response", reply::local_get(5).to_vec());
    named(
        &mut v,
        "iteration-next-response",
        reply::iteration_next(CsError::OK, Some((&g, 1, 2))).to_vec(),
    );
    named(
        &mut v,
        "iteration-initialize-response",
        reply::iteration_initialize(CsError::OK, 99).to_vec(),
    );
    let mut huge = reply::confchg(&g, &[], &[], &[]);
    huge[160..164].copy_from_slice(&0xffff_ffffu32.to_ne_bytes());
    named(&mut v, "confchg-count-ffffffff", huge);
    v
}

pub fn cpg_exec_messages() -> Seeds {
    let g = CpgName::new(b"grp").expect("n");
    let pj = cx::ProcJoinLeave {
        group: g,
        pid: 77,
        reason: cpg::reason::JOIN,
    };
    let mut mc = cx::mcast_header(&g, 2, 55, 1, 0).to_vec();
    mc.extend_from_slice(b"hi");
    let jl = cx::joinlist(&[(1, g), (2, CpgName::new(b"other").expect("n"))]);
    let dl = cx::Downlist {
        old_members: 3,
        left_nodes: vec![2, 3],
    }
    .encode();
    let mut v = Seeds::new();
    for (name, m, conv) in [
        (
            "procjoin",
            pj.encode(cx::PROCJOIN).to_vec(),
            swap::cpg_procjoin_or_mcast as fn(&[u8]) -> Vec<u8>,
        ),
        (
            "procleave",
            pj.encode(cx::PROCLEAVE).to_vec(),
            swap::cpg_procjoin_or_mcast,
        ),
        ("mcast", mc, swap::cpg_procjoin_or_mcast),
        ("joinlist", jl, swap::cpg_joinlist),
        ("downlist", dl, swap::cpg_downlist),
    ] {
        named(&mut v, name, with_prefix(&[0], &m));
        named(
            &mut v,
            &format!("{name}-foreign"),
            with_prefix(&[1], &conv(&m)),
        );
    }
    let mut bad = cx::Downlist {
        old_members: 1,
        left_nodes: vec![],
    }
    .encode();
    bad[24..28].copy_from_slice(&385u32.to_ne_bytes());
    named(&mut v, "downlist-385", with_prefix(&[0], &bad));
    v
}

pub fn cpg_engine() -> Seeds {
    use Op::*;
    let init_sync = || {
        vec![
            SyncInit {
                trans: vec![0],
                members: vec![0],
                seq: 1,
            },
            SyncProcess,
            Deliver,
            SyncActivate,
        ]
    };
    let mut v = Seeds::new();
    // join, see own join, multicast, see it delivered, leave, exit
    let mut s = init_sync();
    s.extend([
        Init,
        Init,
        Join {
            conn: 0,
            group: 0,
            pid: 10,
            flags: 1,
        },
        Deliver,
        Join {
            conn: 1,
            group: 0,
            pid: 11,
            flags: 0,
        },
        Deliver,
        Mcast {
            conn: 0,
            payload: b"hello".to_vec(),
        },
        Deliver,
        Query {
            conn: 1,
            kind: 0,
            arg: 0,
        },
        Query {
            conn: 1,
            kind: 2,
            arg: 3,
        },
        Query {
            conn: 1,
            kind: 3,
            arg: 0,
        },
        Query {
            conn: 1,
            kind: 3,
            arg: 0,
        },
        Query {
            conn: 1,
            kind: 4,
            arg: 0,
        },
        Leave {
            conn: 0,
            group: 0,
            pid: 10,
        },
        Deliver,
        Exit { conn: 1 },
        Deliver,
    ]);
    named(&mut v, "join-mcast-leave", script(&s));
    // a peer joins, then the node goes down in a sync (downlist)
    let mut s = init_sync();
    s.extend([
        Init,
        Join {
            conn: 0,
            group: 1,
            pid: 5,
            flags: 0,
        },
        Deliver,
        Exec {
            node: 1,
            function: 0,
            foreign: false,
            group: 1,
            a: 99,
            b: 1,
            patches: vec![],
            body: vec![],
        },
        Exec {
            node: 1,
            function: 3,
            foreign: true,
            group: 1,
            a: 99,
            b: 0,
            patches: vec![],
            body: b"from node 2".to_vec(),
        },
        SyncInit {
            trans: vec![0],
            members: vec![0],
            seq: 2,
        },
        SyncProcess,
        Deliver,
        Deliver,
        SyncActivate,
    ]);
    named(&mut v, "peer-joins-then-nodedown", script(&s));
    // two-node sync with joinlists from both sides, foreign peer
    let mut s = init_sync();
    s.extend([
        Init,
        Join {
            conn: 0,
            group: 2,
            pid: 1,
            flags: 1,
        },
        Deliver,
        SyncInit {
            trans: vec![0],
            members: vec![0, 1],
            seq: 3,
        },
        SyncProcess,
        Exec {
            node: 1,
            function: 5,
            foreign: true,
            group: 0,
            a: 1,
            b: 0,
            patches: vec![],
            body: vec![],
        },
        Exec {
            node: 1,
            function: 2,
            foreign: true,
            group: 2,
            a: 3,
            b: 40,
            patches: vec![],
            body: vec![],
        },
        Deliver,
        Deliver,
        SyncActivate,
        Query {
            conn: 0,
            kind: 0,
            arg: 2,
        },
    ]);
    named(&mut v, "two-node-sync-foreign-peer", script(&s));
    // totem full: leave and exit must retry
    let mut s = init_sync();
    s.extend([
        Init,
        Join {
            conn: 0,
            group: 0,
            pid: 3,
            flags: 0,
        },
        Deliver,
        ToggleQueueFull,
        Mcast {
            conn: 0,
            payload: vec![1; 40],
        },
        Leave {
            conn: 0,
            group: 0,
            pid: 3,
        },
        Exit { conn: 0 },
        Exit { conn: 0 },
        ToggleQueueFull,
        Exit { conn: 0 },
        Deliver,
    ]);
    named(&mut v, "queue-full-exit-retry", script(&s));
    // hostile requests
    let mut s = vec![Init];
    for id_sel in 0..12u8 {
        s.push(Raw {
            conn: 0,
            id_sel,
            id: 0,
            body: vec![0xff; 40],
        });
    }
    s.push(Join {
        conn: 0,
        group: 5,
        pid: 1,
        flags: 0,
    });
    s.push(Leave {
        conn: 0,
        group: 6,
        pid: 1,
    });
    named(&mut v, "raw-requests", script(&s));
    v
}

fn ring_msg(id: u32, size: usize, ring: &[u8; 30]) -> Vec<u8> {
    let mut m = vec![0u8; size];
    m[0..4].copy_from_slice(&(size as u32).to_ne_bytes());
    m[8..12].copy_from_slice(&id.to_ne_bytes());
    m[16..46].copy_from_slice(ring);
    m
}

pub fn sync_messages() -> Seeds {
    let mut v = Seeds::new();
    // whitetank, cpg loaded, me = node 1: confchg, then tokens and loopback
    let mut s = vec![0u8, 0];
    s.extend_from_slice(&[0, 1, 1, 0, 0, 1, 0]); // transitional {1}, ring(1, 1)
    s.extend_from_slice(&[0, 0, 1, 0, 0, 1, 0]); // regular {1}
    for _ in 0..30 {
        s.extend_from_slice(&[1, 5, 5]);
    }
    named(&mut v, "one-node-whitetank", s);
    // compatibility none, a peer's forged service build and barrier
    let mut s = vec![0b0000_1001u8, 1];
    s.extend_from_slice(&[0, 0, 2, 0, 1, 0, 8, 0]); // regular {1,2}, ring(1,8)
    s.extend_from_slice(&[3, 1, 2, 0, 130, 0, 0, 0, 0, 3, 5, 8, 40, 0]);
    for _ in 0..20 {
        s.extend_from_slice(&[1, 5, 7, 1]);
    }
    named(&mut v, "none-forged-peer", s);
    // raw bytes in every group
    let r = super::sync::ring(1, 1).0;
    let mut s = vec![0u8, 0, 0, 0, 1, 0, 0, 1, 0];
    for (g, m) in [
        (0u8, ring_msg(0, 48, &r)),
        (1, ring_msg(1, 568, &r)),
        (1, ring_msg(2, 48, &r)),
    ] {
        s.extend_from_slice(&[4, g, 0, 0]);
        s.extend_from_slice(&(m.len() as u16).to_le_bytes());
        s.extend_from_slice(&m);
    }
    named(&mut v, "raw-groups", s);
    v
}

pub fn sync_cluster() -> Seeds {
    let mut v = Seeds::new();
    // 3 nodes whitetank: all join, run, node 3 leaves, rejoins
    let mut s = vec![0b0000_0100u8, 0, 1, 2];
    s.extend_from_slice(&[0, 0b111]);
    for _ in 0..20 {
        s.extend_from_slice(&[1, 3, 7]);
    }
    s.extend_from_slice(&[0, 0b011]);
    for _ in 0..10 {
        s.extend_from_slice(&[1, 3, 7]);
    }
    s.extend_from_slice(&[0, 0b111]);
    named(&mut v, "three-nodes-leave-rejoin", s);
    // compatibility none with an extra v2 engine on the last node, congestion
    let mut s = vec![0b1000_1011u8, 0, 0];
    s.extend_from_slice(&[0, 0b11, 5, 5, 1, 3, 7, 0, 0b11, 1, 3, 7]);
    named(&mut v, "none-extra-engine-slow-engines", s);
    // openais-like engine set, four nodes, confchg during sync
    let mut s = vec![0b0001_1110u8, 2, 0, 1, 0];
    s.extend_from_slice(&[0, 0b1111, 1, 3, 3, 0, 0b0111, 1, 3, 1, 3]);
    named(&mut v, "openais-confchg-during-sync", s);
    v
}

pub fn config_parser() -> Seeds {
    let mut v = Seeds::new();
    named(
        &mut v,
        "udpu-loopback",
        &include_bytes!("../../compat-tests/conf/udpu-loopback.conf")[..],
    );
    named(
        &mut v,
        "udp-loopback",
        &include_bytes!("../../compat-tests/conf/udp-loopback.conf")[..],
    );
    named(
        &mut v,
        "full",
        &b"compatibility: whitetank\n\
totem {\n\tversion: 2\n\tsecauth: on\n\tkey: 0123456789abcdef\n\tthreads: 0\n\
\trrp_mode: passive\n\ttoken: 3000\n\tconsensus: 3600\n\tnetmtu: 1500\n\
\tinterface {\n\t\tringnumber: 0\n\t\tbindnetaddr: 192.168.1.0\n\t\tmcastaddr: 226.94.1.1\n\t\tmcastport: 5405\n\t\tttl: 1\n\t}\n\
\tinterface {\n\t\tringnumber: 1\n\t\tbindnetaddr: 10.0.0.0\n\t\tmcastaddr: 226.94.1.2\n\t\tmcastport: 5407\n\t}\n}\n\
logging {\n\tfileline: off\n\tto_stderr: no\n\tto_logfile: no\n\tto_syslog: yes\n\tdebug: off\n\ttimestamp: on\n\
\tlogger_subsys {\n\t\tsubsys: AMF\n\t\tdebug: off\n\t}\n}\n\
amf {\n\tmode: disabled\n}\n\
uidgid {\n\tuid: nobody\n\tgid: haclient\n}\n\
service {\n\tname: corosync_cpg\n\tver: 0\n}\n\
aisexec {\n\tuser: root\n\tgroup: root\n}\n"[..],
    );
    named(&mut v, "unclosed", &b"totem {\n\tversion: 2\n"[..]);
    named(&mut v, "stray-close", &b"}\n"[..]);
    named(&mut v, "one-char-names", &b"a {\nk: v\n}\n"[..]);
    let mut long = b"totem {\n\ttoken: ".to_vec();
    long.extend(std::iter::repeat_n(b'9', 600));
    long.extend_from_slice(b"\n}\n");
    named(&mut v, "line-over-511", long);
    named(
        &mut v,
        "nul-and-crlf",
        &b"totem {\r\n\tversion: 2\0junk\r\n}\r\n"[..],
    );
    named(
        &mut v,
        "udpu-secauth-off-tiny-timeouts",
        &b"totem {\nversion: 2\nsecauth: off\ntransport: udpu\ntoken: 1\njoin: 0\nwindow_size: 0\nmax_messages: 0\nnetmtu: 0\n\
interface {\nringnumber: 0\nbindnetaddr: 127.0.0.1\nmcastport: 1\nmember {\nmemberaddr: 127.0.0.1\n}\n}\n}\n"[..],
    );
    v
}

fn srp(n: u8) -> SrpAddr {
    let mut a = SrpAddr::default();
    a.addr[0] = TotemIpAddress::from_ip(
        std::net::IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, n)),
        NodeId(u32::from(n)),
    );
    a
}

pub fn totem_packets() -> Seeds {
    let ring = RingId {
        rep: srp(1).addr[0],
        seq: 8,
    };
    let h = |t| MessageHeader::new(t, 0, NodeId(1));
    let mut packets: Vec<(&str, Vec<u8>)> = Vec::new();
    let mut out = Vec::new();
    let mut tok = OrfToken::default();
    tok.header = h(MessageType::OrfToken);
    tok.seq = 10;
    tok.token_seq = 3;
    tok.aru = 9;
    tok.ring_id = ring;
    tok.rtr_push(RtrItem {
        ring_id: ring,
        seq: 7,
    });
    tok.encode(&mut out);
    packets.push(("orf-token", std::mem::take(&mut out)));
    McastHeader {
        header: MessageHeader::new(MessageType::Mcast, 2, NodeId(1)),
        system_from: srp(1),
        seq: 11,
        this_seqno: 1,
        ring_id: ring,
        node_id: 1,
        guarantee: 0,
    }
    .encode(&mut out);
    out.extend_from_slice(b"payload");
    packets.push(("mcast", std::mem::take(&mut out)));
    MergeDetect {
        header: h(MessageType::MembMergeDetect),
        system_from: srp(2),
        ring_id: ring,
    }
    .encode(&mut out);
    packets.push(("merge-detect", std::mem::take(&mut out)));
    MembJoin {
        header: h(MessageType::MembJoin),
        system_from: srp(1),
        ring_seq: 8,
        proc_list: vec![srp(1), srp(2)],
        failed_list: vec![srp(3)],
    }
    .encode(&mut out);
    packets.push(("memb-join", std::mem::take(&mut out)));
    CommitToken {
        header: h(MessageType::MembCommitToken),
        token_seq: 1,
        ring_id: ring,
        retrans_flg: 0,
        memb_index: 1,
        addr: vec![srp(1), srp(2)],
        memb_list: vec![
            CommitMembEntry {
                ring_id: ring,
                aru: 5,
                high_delivered: 5,
                received_flg: 1,
            },
            CommitMembEntry::default(),
        ],
    }
    .encode(&mut out);
    packets.push(("commit-token", std::mem::take(&mut out)));
    TokenHoldCancel {
        header: h(MessageType::TokenHoldCancel),
        ring_id: ring,
    }
    .encode(&mut out);
    packets.push(("token-hold-cancel", std::mem::take(&mut out)));
    RingTest::new(MessageType::RingTestActive, 1, NodeId(1)).encode(&mut out);
    packets.push(("ring-test", std::mem::take(&mut out)));

    let mut v = Seeds::new();
    for (name, p) in packets {
        named(&mut v, name, with_prefix(&[0], &p));
        named(
            &mut v,
            &format!("{name}-foreign"),
            with_prefix(&[0], &swap::totem_packet_to_foreign(&p)),
        );
    }
    // CVE-2025-30472 shape: foreign ORF token claiming many rtr entries
    let mut cve = Vec::new();
    let mut empty = OrfToken::default();
    empty.header = h(MessageType::OrfToken);
    empty.ring_id = ring;
    empty.encode(&mut cve);
    cve[66..70].copy_from_slice(&1000u32.to_ne_bytes());
    cve.resize(1500, 0xaa);
    named(&mut v, "orf-token-1000-rtr", with_prefix(&[0], &cve));
    named(
        &mut v,
        "orf-token-1000-rtr-foreign",
        with_prefix(&[0], &swap::totem_packet_to_foreign(&cve)),
    );
    // CVE-2026-35092 shape: join counts that wrap in 32-bit arithmetic
    let mut j = Vec::new();
    MembJoin {
        header: h(MessageType::MembJoin),
        system_from: srp(1),
        ring_seq: 8,
        proc_list: vec![],
        failed_list: vec![],
    }
    .encode(&mut j);
    j[52..56].copy_from_slice(&0x8000_0000u32.to_ne_bytes());
    j[56..60].copy_from_slice(&0x8000_0000u32.to_ne_bytes());
    named(&mut v, "memb-join-wrapping-counts", with_prefix(&[0], &j));
    // CVE-2026-35091 shape: commit token shorter than its entries
    let mut c = v
        .iter()
        .find(|(n, _)| n == "commit-token")
        .expect("built")
        .1
        .clone();
    c.truncate(60);
    named(&mut v, "commit-token-short", c);
    v
}

pub fn totem_engine() -> Seeds {
    use crate::totem::Shape;
    use totem::config::Transport;
    let mut v = Seeds::new();
    let shapes = [
        (
            "udpu-2-plain",
            Shape {
                nodes: 2,
                secauth: false,
                rrp: RrpMode::None,
                transport: Transport::Udpu,
            },
        ),
        (
            "udpu-3-secauth",
            Shape {
                nodes: 3,
                secauth: true,
                rrp: RrpMode::None,
                transport: Transport::Udpu,
            },
        ),
        (
            "udp-2-passive",
            Shape {
                nodes: 2,
                secauth: false,
                rrp: RrpMode::Passive,
                transport: Transport::Udp,
            },
        ),
        (
            "udpu-2-active-secauth",
            Shape {
                nodes: 2,
                secauth: true,
                rrp: RrpMode::Active,
                transport: Transport::Udpu,
            },
        ),
        (
            "udpu-1-plain",
            Shape {
                nodes: 1,
                secauth: false,
                rrp: RrpMode::None,
                transport: Transport::Udpu,
            },
        ),
    ];
    for (name, shape) in shapes {
        // form the ring: advance and deliver, then traffic and attacks
        let mut s = vec![shape.to_byte()];
        for _ in 0..60 {
            s.extend_from_slice(&[0, 25, 1, 15]);
        }
        s.extend_from_slice(&[10, 0, 5, b'h', b'e', b'l', b'l', b'o']);
        for _ in 0..10 {
            s.extend_from_slice(&[0, 5, 1, 15]);
        }
        named(&mut v, &format!("{name}-form-ring"), s.clone());
        let mut attacks = s.clone();
        attacks.extend_from_slice(&[7, 2, 0x10, 0, 0xff, 0]); // mutate the next datagram
        attacks.extend_from_slice(&[8]); // foreign order
        for kind in 0..8u8 {
            // forge a packet of each type at node 0
            attacks.extend_from_slice(&[9, 0, 0, kind, kind & 1, 0, 0]);
            attacks.extend_from_slice(&[0; 24]);
            attacks.extend_from_slice(&[0, 5, 1, 15]);
        }
        named(&mut v, &format!("{name}-attacks"), attacks);
    }
    // the evil EVT/CLM id constants keep their meaning
    let _ = make_id(ServiceId::EVT, 1);
    v
}

/// Every target's seeds.
pub fn all() -> Vec<(&'static str, Seeds)> {
    vec![
        ("ipc_setup_request", ipc_setup_request()),
        ("ipc_request", ipc_request()),
        ("cpg_lib_request", cpg_lib_request()),
        ("cpg_callback", cpg_callback()),
        ("cpg_exec_messages", cpg_exec_messages()),
        ("cpg_engine", cpg_engine()),
        ("sync_messages", sync_messages()),
        ("sync_cluster", sync_cluster()),
        ("config_parser", config_parser()),
        ("totem_packets", totem_packets()),
        ("totem_engine", totem_engine()),
    ]
}
