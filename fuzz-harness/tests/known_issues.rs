//! Regression tests for issues the fuzzing and hostile-client work found:
//! a sync v2 that was aborted must match no ring at all (not the all-zero
//! ring id), and a CPG leave must only ever concern the connection's own
//! process.

use corosync_exec::log::{Level, Subsys};
use corosync_exec::service::{NodeId, QueueFull, RingId, SyncMode};
use corosync_exec::sync::{Compatibility, GROUP_V2, RawRingId, Sync, SyncHost};

#[derive(Default)]
struct Host {
    out: Vec<(&'static [u8], Vec<u8>)>,
    inits: Vec<RingId>,
    completed: u32,
}

impl SyncHost for Host {
    fn nodeid(&self) -> NodeId {
        1
    }
    fn mcast_group(&mut self, group: &'static [u8], msg: &[u8]) -> Result<(), QueueFull> {
        self.out.push((group, msg.to_vec()));
        Ok(())
    }
    fn engine_sync_mode(&self, id: u32) -> Option<SyncMode> {
        (id == 8).then_some(SyncMode::V1ApiV2)
    }
    fn engine_name(&self, id: u32) -> String {
        format!("engine {id}")
    }
    fn engine_init(&mut self, _id: u32, _trans: &[NodeId], _members: &[NodeId], ring: RingId) {
        self.inits.push(ring);
    }
    fn engine_process(&mut self, _id: u32) -> bool {
        true
    }
    fn engine_activate(&mut self, _id: u32) {}
    fn engine_abort(&mut self, _id: u32) {}
    fn my_address(&self) -> (String, bool) {
        ("10.0.0.1".into(), false)
    }
    fn boot_timestamp(&self) -> u64 {
        0
    }
    fn completed(&mut self) {
        self.completed += 1;
    }
    fn log(&mut self, _s: Subsys, _l: Level, _t: std::fmt::Arguments<'_>) {}
}

fn ring(seq: u64) -> RawRingId {
    let mut b = [0u8; 30];
    b[0..4].copy_from_slice(&1u32.to_ne_bytes());
    b[4..6].copy_from_slice(&2u16.to_ne_bytes());
    b[22..30].copy_from_slice(&seq.to_ne_bytes());
    RawRingId(b)
}

/// A sync v2 SERVICE_BUILD (id 1, 568 bytes) listing engine 8.
fn service_build(r: &RawRingId) -> Vec<u8> {
    let mut m = vec![0u8; 568];
    m[0..4].copy_from_slice(&568u32.to_ne_bytes());
    m[8..12].copy_from_slice(&1u32.to_ne_bytes());
    m[16..46].copy_from_slice(&r.0);
    m[48..52].copy_from_slice(&1u32.to_ne_bytes());
    m[56..60].copy_from_slice(&8u32.to_ne_bytes());
    m
}

/// Found by `sync_messages`: after a configuration change aborts a
/// running sync v2, its ring id is the all-zero one until the next start,
/// and messages carrying the all-zero ring id match it. A forged
/// SERVICE_BUILD then restarts processing: the current phase runs again
/// (here the compatibility CLM phase multicasts its NODEJOIN) and the node
/// multicasts a BARRIER for ring 0.0; forged BARRIERs then activate the
/// engines (with ring 0.0) and report the sync complete before the new
/// membership's sync has even begun. The original
/// (syncv2.c: memset of my_ring_id on abort) behaves the same; nothing
/// honest sends a zero ring id, so "no ring" should match nothing.
#[test]

fn aborted_sync_v2_ignores_messages_with_the_zero_ring_id() {
    let mut s = Sync::new(Compatibility::None);
    let mut h = Host::default();
    s.confchg(&mut h, false, &[1], ring(4), false);
    // our own SERVICE_BUILD comes back: processing starts
    let own: Vec<Vec<u8>> = h
        .out
        .drain(..)
        .filter(|(g, _)| *g == GROUP_V2)
        .map(|(_, m)| m)
        .collect();
    for m in &own {
        s.deliver_v2(&mut h, 1, m);
    }
    s.token_sent(&mut h);
    assert!(!h.out.is_empty(), "sync v2 processing started for ring 4");
    // the next configuration change aborts it (transitional first)
    s.confchg(&mut h, true, &[1], ring(8), true);
    h.out.clear();
    // a forged SERVICE_BUILD for ring 0.0
    s.deliver_v2(&mut h, 1, &service_build(&RawRingId::ZERO));
    s.token_sent(&mut h);
    let zero_ring_barriers = h
        .out
        .iter()
        .filter(|(g, m)| *g == GROUP_V2 && m.len() >= 46 && m[16..46] == RawRingId::ZERO.0)
        .count();
    assert_eq!(
        (zero_ring_barriers, h.out.len(), h.inits.len()),
        (0, 0, 0),
        "sync v2 restarted for ring 0.0 on a forged message: sent {:?}",
        h.out
            .iter()
            .map(|(g, m)| (String::from_utf8_lossy(g).into_owned(), m.len()))
            .collect::<Vec<_>>()
    );
}

mod cpg_leave {
    use corosync_exec::log::Level;
    use corosync_exec::service::cpg::Cpg;
    use corosync_exec::service::{Api, ConnId, NodeId, QueueFull, RingId, Service};
    use corosync_wire::cpg::{self, Callback, CpgName, encode};
    use corosync_wire::exec::ExecHeader;

    #[derive(Default)]
    struct Rec {
        dispatched: Vec<(ConnId, Vec<u8>)>,
        mcasts: Vec<Vec<u8>>,
        objdb: objdb::ObjDb,
    }

    impl Api for Rec {
        fn nodeid(&self) -> NodeId {
            1
        }
        fn ifaces_print(&self, _n: NodeId) -> String {
            String::new()
        }
        fn respond(&mut self, _c: ConnId, _m: &[u8]) {}
        fn dispatch(&mut self, c: ConnId, iov: &[&[u8]]) {
            self.dispatched.push((c, iov.concat()));
        }
        fn mcast(&mut self, iov: &[&[u8]]) -> Result<(), QueueFull> {
            self.mcasts.push(iov.concat());
            Ok(())
        }
        fn log(&mut self, _l: Level, _t: std::fmt::Arguments<'_>) {}
        fn objdb(&mut self) -> &mut objdb::ObjDb {
            &mut self.objdb
        }
    }

    fn deliver(cpg: &mut Cpg, api: &mut Rec) {
        while !api.mcasts.is_empty() {
            let m = api.mcasts.remove(0);
            let h = ExecHeader::decode(&m, false).expect("own message");
            cpg.exec_message(api, 1, h.function, &m, false);
        }
    }

    /// Found while writing the `cpg_engine` invariants: LEAVE multicasts
    /// the group and pid given in the request, not the connection's own,
    /// so a client joined to one group can make another local process
    /// leave its group: every member sees it leave (reason LEAVE) and the
    /// victim's connection is silently reset to UNJOINED. The original
    /// (cpg.c message_handler_req_lib_cpg_leave) does the same; local
    /// clients are trusted there, but nothing needs the request's values.
    #[test]
    #[ignore = "known issue: a LEAVE request can name another process"]
    fn a_client_cannot_make_another_process_leave() {
        let mut cpg = Cpg::new(1);
        let mut api = Rec::default();
        cpg.sync_init(
            &mut api,
            &[],
            &[1],
            RingId {
                rep_nodeid: 1,
                seq: 4,
            },
        );
        cpg.sync_process(&mut api);
        deliver(&mut cpg, &mut api);
        cpg.sync_activate(&mut api);
        let (victim, attacker) = (ConnId(1), ConnId(2));
        let a = CpgName::new(b"a").expect("name");
        let b = CpgName::new(b"b").expect("name");
        cpg.lib_init(&mut api, victim);
        cpg.lib_init(&mut api, attacker);
        cpg.lib_request(&mut api, victim, cpg::req::JOIN, &encode::join(&a, 10, 0));
        cpg.lib_request(&mut api, attacker, cpg::req::JOIN, &encode::join(&b, 20, 0));
        deliver(&mut cpg, &mut api);
        api.dispatched.clear();
        // the attacker asks to leave the victim's group, with its pid
        cpg.lib_request(&mut api, attacker, cpg::req::LEAVE, &encode::leave(&a, 10));
        deliver(&mut cpg, &mut api);
        let victim_left = api.dispatched.iter().any(|(c, m)| {
            *c == victim
                && matches!(Callback::decode(m), Ok(Some(Callback::Confchg { ref left, .. }))
                    if left.iter().any(|l| l.pid == 10))
        });
        assert!(
            !victim_left,
            "the victim was reported as having left group a"
        );
        assert_eq!(
            cpg.members(&a),
            vec![(1, 10)],
            "the victim is still in group a"
        );
    }
}
