//! Sync v1 and v2 on a few simulated nodes that share one agreed order.

use super::*;

struct Host {
    nodeid: NodeId,
    /// Messages this node multicast, tagged with their group.
    out: Vec<(&'static [u8], Vec<u8>)>,
    /// Loaded engines and their modes.
    engines: Vec<(u32, SyncMode)>,
    /// Calls made into engines, for assertions.
    calls: Vec<String>,
    completed: u32,
    process_calls_until_done: u32,
}

impl Host {
    fn new(nodeid: NodeId, engines: Vec<(u32, SyncMode)>) -> Host {
        Host {
            nodeid,
            out: Vec::new(),
            engines,
            calls: Vec::new(),
            completed: 0,
            process_calls_until_done: 0,
        }
    }
}

impl SyncHost for Host {
    fn nodeid(&self) -> NodeId {
        self.nodeid
    }
    fn mcast_group(&mut self, group: &'static [u8], msg: &[u8]) -> Result<(), QueueFull> {
        self.out.push((group, msg.to_vec()));
        Ok(())
    }
    fn engine_sync_mode(&self, id: u32) -> Option<SyncMode> {
        self.engines.iter().find(|e| e.0 == id).map(|e| e.1)
    }
    fn engine_name(&self, id: u32) -> String {
        format!("engine {id}")
    }
    fn engine_init(&mut self, id: u32, trans: &[NodeId], members: &[NodeId], _ring: RingId) {
        self.calls.push(format!("init {id} {trans:?} {members:?}"));
    }
    fn engine_process(&mut self, id: u32) -> bool {
        self.calls.push(format!("process {id}"));
        if self.process_calls_until_done > 0 {
            self.process_calls_until_done -= 1;
            false
        } else {
            true
        }
    }
    fn engine_activate(&mut self, id: u32) {
        self.calls.push(format!("activate {id}"));
    }
    fn engine_abort(&mut self, id: u32) {
        self.calls.push(format!("abort {id}"));
    }
    fn my_address(&self) -> (String, bool) {
        (format!("10.0.0.{}", self.nodeid), false)
    }
    fn boot_timestamp(&self) -> u64 {
        1
    }
    fn completed(&mut self) {
        self.completed += 1;
    }
    fn log(&mut self, _s: crate::log::Subsys, _l: Level, _t: std::fmt::Arguments<'_>) {}
}

struct Cluster {
    nodes: Vec<(Sync, Host)>,
}

fn ring(seq: u64) -> RawRingId {
    let mut b = [0u8; 30];
    b[0..4].copy_from_slice(&1u32.to_ne_bytes());
    b[4..6].copy_from_slice(&2u16.to_ne_bytes());
    b[22..30].copy_from_slice(&seq.to_ne_bytes());
    RawRingId(b)
}

impl Cluster {
    fn new(n: u32, compat: Compatibility, engines: Vec<(u32, SyncMode)>) -> Cluster {
        Cluster {
            nodes: (1..=n)
                .map(|id| (Sync::new(compat), Host::new(id, engines.clone())))
                .collect(),
        }
    }

    fn confchg(&mut self, members: &[NodeId], r: RawRingId) {
        for (s, h) in &mut self.nodes {
            if members.contains(&h.nodeid) {
                s.confchg(h, true, members, r, false);
                s.confchg(h, false, members, r, false);
            }
        }
    }

    /// Delivers every queued message to every node in one order, the way
    /// totem does, and routes EVT compat traffic as the executive does.
    fn deliver(&mut self) -> bool {
        let mut queue = Vec::new();
        for (_, h) in &mut self.nodes {
            for (g, m) in h.out.drain(..) {
                queue.push((h.nodeid, g, m));
            }
        }
        let any = !queue.is_empty();
        for (from, g, m) in queue {
            for (s, h) in &mut self.nodes {
                if g == GROUP_V1 {
                    s.deliver_v1(h, from, &m, false);
                } else if g == GROUP_V2 {
                    s.deliver_v2(h, from, &m);
                } else {
                    let id = i32::from_ne_bytes(m[8..12].try_into().unwrap()) as u32;
                    if id >> 16 == ServiceId::EVT.0 {
                        s.evt_compat_deliver((id & 0xffff) as u16, &m, false);
                    }
                }
            }
        }
        any
    }

    fn run(&mut self, rounds: usize) {
        for _ in 0..rounds {
            for (s, h) in &mut self.nodes {
                s.token_sent(h);
            }
            self.deliver();
        }
    }
}

#[test]
fn one_node_whitetank_runs_every_v1_phase_then_completes() {
    let mut c = Cluster::new(1, Compatibility::Whitetank, vec![(8, SyncMode::V1ApiV2)]);
    c.confchg(&[1], ring(4));
    c.run(40);
    let (s, h) = &c.nodes[0];
    assert_eq!(h.completed, 1);
    assert!(!s.wants_token());
    assert_eq!(
        h.calls,
        vec!["init 8 [1] [1]", "process 8", "activate 8"],
        "the CPG engine is the only loaded v1 engine"
    );
}

#[test]
fn compat_phases_send_clm_nodejoin_and_evt_counts() {
    let mut c = Cluster::new(1, Compatibility::Whitetank, vec![(8, SyncMode::V1ApiV2)]);
    c.confchg(&[1], ring(4));
    let mut seen = Vec::new();
    for _ in 0..40 {
        for (s, h) in &mut c.nodes {
            s.token_sent(h);
            for (_, m) in &h.out {
                seen.push(i32::from_ne_bytes(m[8..12].try_into().unwrap()));
            }
        }
        c.deliver();
    }
    assert!(seen.contains(&make_id(ServiceId::CLM, 0)));
    assert_eq!(
        seen.iter()
            .filter(|&&id| id == make_id(ServiceId::EVT, 1))
            .count(),
        2
    );
}

#[test]
fn three_nodes_complete_together() {
    let mut c = Cluster::new(3, Compatibility::Whitetank, vec![(8, SyncMode::V1ApiV2)]);
    c.confchg(&[1, 2, 3], ring(8));
    c.run(60);
    for (_, h) in &c.nodes {
        assert_eq!(h.completed, 1, "node {}", h.nodeid);
        assert_eq!(h.calls.last().unwrap(), "activate 8");
    }
}

#[test]
fn engine_that_needs_more_tokens_keeps_the_others_waiting() {
    let mut c = Cluster::new(2, Compatibility::Whitetank, vec![(8, SyncMode::V1ApiV2)]);
    c.nodes[1].1.process_calls_until_done = 5;
    c.confchg(&[1, 2], ring(8));
    c.run(6);
    assert_eq!(c.nodes[0].1.completed, 0);
    c.run(60);
    assert_eq!(c.nodes[0].1.completed, 1);
    assert_eq!(c.nodes[1].1.completed, 1);
}

#[test]
fn new_confchg_aborts_the_running_engine() {
    let mut c = Cluster::new(2, Compatibility::Whitetank, vec![(8, SyncMode::V1ApiV2)]);
    c.nodes[1].1.process_calls_until_done = 1000;
    c.confchg(&[1, 2], ring(8));
    c.run(30);
    assert!(c.nodes[0].1.calls.iter().any(|l| l.starts_with("init 8")));
    // node 2 is gone
    let (s, h) = &mut c.nodes[0];
    s.confchg(h, true, &[1], ring(12), true);
    s.confchg(h, false, &[1], ring(12), true);
    assert!(h.calls.contains(&"abort 8".to_string()));
    c.nodes.truncate(1);
    c.run(40);
    assert_eq!(c.nodes[0].1.completed, 1);
}

#[test]
fn compatibility_none_runs_only_v2_with_dummy_clm_and_evt() {
    let mut c = Cluster::new(2, Compatibility::None, vec![(8, SyncMode::V1ApiV2)]);
    c.confchg(&[1, 2], ring(8));
    c.run(60);
    for (_, h) in &c.nodes {
        assert_eq!(h.completed, 1);
        assert!(h.calls.iter().any(|l| l == "activate 8"));
    }
}

#[test]
fn v2_barrier_with_another_ring_is_ignored() {
    let mut s = Sync::new(Compatibility::None);
    let mut h = Host::new(1, vec![(8, SyncMode::V1ApiV2)]);
    s.confchg(&mut h, false, &[1], ring(8), false);
    let mut wrong = ring_message(V2_BARRIER, &ring(99)).to_vec();
    s.deliver_v2(&mut h, 1, &wrong);
    wrong.truncate(10);
    s.deliver_v2(&mut h, 1, &wrong);
    s.deliver_v1(&mut h, 1, &wrong, false);
    assert_eq!(h.completed, 0);
}

#[test]
fn foreign_endian_v1_barrier_matches_after_conversion() {
    let mut c = Cluster::new(1, Compatibility::Whitetank, vec![]);
    c.confchg(&[1], ring(4));
    let (s, h) = &mut c.nodes[0];
    let mut m = ring_message(0, &ring(4));
    m[16..20].reverse();
    m[20..22].reverse();
    m[38..46].reverse();
    s.deliver_v1(h, 1, &m, true);
    // the barrier counted: the first engine (dummy CLM) started
    assert_eq!(s.v1.work, V1Work::Process);
}
