//! The state machine alone, against a recording [`SrpIo`]: exact logs,
//! datagrams, timers and callbacks.

use std::net::{IpAddr, Ipv4Addr};

use super::*;
use crate::config::{InterfaceConfig, Transport};
use crate::packet::{MembJoin, Packet, derive_nodeid_v4};

#[derive(Debug, Clone, PartialEq)]
enum Act {
    Token(Vec<u8>),
    Flush(Vec<u8>),
    Data(Vec<u8>),
    Deliver(NodeId, Vec<u8>),
    ConfChg(
        ConfigurationType,
        Vec<NodeId>,
        Vec<NodeId>,
        Vec<NodeId>,
        u64,
    ),
    Store(u64),
    Waiting(bool),
    Callback(TokenCallbackId, TokenCallbackType),
}

#[derive(Default)]
struct Mock {
    timers: Timers,
    pool: BufPool,
    acts: Vec<Act>,
    logs: Vec<(LogLevel, String)>,
}

impl SrpIo for Mock {
    fn log_enabled(&self, _: LogLevel) -> bool {
        true
    }
    fn log(&mut self, level: LogLevel, text: String) {
        self.logs.push((level, text));
    }
    fn timers(&mut self) -> &mut Timers {
        &mut self.timers
    }
    fn pool(&mut self) -> &mut BufPool {
        &mut self.pool
    }
    fn random_below(&mut self, _: u64) -> u64 {
        0
    }
    fn token_send(&mut self, _: Time, msg: &[u8]) {
        self.acts.push(Act::Token(msg.to_vec()));
    }
    fn mcast_flush_send(&mut self, _: Time, msg: &[u8], _: u64) {
        self.acts.push(Act::Flush(msg.to_vec()));
    }
    fn mcast_noflush_send(&mut self, _: Time, msg: &[u8]) {
        self.acts.push(Act::Data(msg.to_vec()));
    }
    fn token_target_set(&mut self, _: usize, _: &TotemIpAddress) {}
    fn processor_count_set(&mut self, _: usize) {}
    fn iface_check(&mut self, _: Time) {}
    fn recovery_ring(&mut self, _: Option<&[SrpAddr]>) {}
    fn membership_changed(
        &mut self,
        _: ConfigurationType,
        _: &[SrpAddr],
        _: &[SrpAddr],
        _: &[SrpAddr],
    ) {
    }
    fn deliver(&mut self, nodeid: NodeId, msg: &[u8], _: bool, _: (&RingId, u32)) {
        self.acts.push(Act::Deliver(nodeid, msg.to_vec()));
    }
    fn confchg(
        &mut self,
        kind: ConfigurationType,
        members: &[NodeId],
        left: &[NodeId],
        joined: &[NodeId],
        ring_id: &RingId,
    ) {
        self.acts.push(Act::ConfChg(
            kind,
            members.to_vec(),
            left.to_vec(),
            joined.to_vec(),
            ring_id.seq,
        ));
    }
    fn waiting_trans_ack_changed(&mut self, waiting: bool) {
        self.acts.push(Act::Waiting(waiting));
    }
    fn store_ring_id(&mut self, ring_id: &RingId) {
        self.acts.push(Act::Store(ring_id.seq));
    }
    fn pg_token_received(&mut self, _: &mut SendQueues) {}
    fn token_callback(&mut self, id: TokenCallbackId, kind: TokenCallbackType) {
        self.acts.push(Act::Callback(id, kind));
    }
}

const ME: [u8; 4] = [10, 0, 0, 1];

fn my_addr() -> SrpAddr {
    let ip = Ipv4Addr::from(ME);
    let mut a = SrpAddr::default();
    a.addr[0] = TotemIpAddress::from_ip(IpAddr::V4(ip), derive_nodeid_v4(ip, false));
    a
}

fn config() -> TotemConfig {
    let mut c = TotemConfig::with_interfaces(vec![InterfaceConfig {
        ringnumber: 0,
        bindnetaddr: IpAddr::V4(Ipv4Addr::from(ME)),
        mcastaddr: None,
        mcastport: 5405,
        ttl: 1,
        members: vec![IpAddr::V4(Ipv4Addr::from(ME))],
    }]);
    c.transport = Transport::Udpu;
    c.secauth = false;
    // What totempg and the transport leave of the MTU, as in Totem::new.
    c.net_mtu = 1500 - 28;
    c
}

fn started(ring_seq: u64) -> (Srp, Mock) {
    let mut io = Mock::default();
    let now = Time::from_millis(1000);
    let mut srp = Srp::new(&config(), my_addr(), 100, ring_seq, now, &mut io);
    srp.ring_id_loaded(&mut io);
    srp.start(&mut io, now);
    (srp, io)
}

/// Plays the network of a one-node ring: everything sent comes back.
/// Stops when nothing is left (the token is held) or after `max` steps.
fn loop_back(srp: &mut Srp, io: &mut Mock, now: Time, max: usize) {
    for _ in 0..max {
        let Some(pos) = io
            .acts
            .iter()
            .position(|a| matches!(a, Act::Token(_) | Act::Flush(_) | Act::Data(_)))
        else {
            return;
        };
        let msg = match io.acts.remove(pos) {
            Act::Token(m) | Act::Flush(m) | Act::Data(m) => m,
            _ => unreachable!(),
        };
        srp.handle_message(io, now, &msg);
    }
}

/// The log at debug level and above (not the trace lines).
fn texts(io: &Mock) -> Vec<&str> {
    io.logs
        .iter()
        .filter(|(l, _)| *l <= LogLevel::Debug)
        .map(|(_, t)| t.as_str())
        .collect()
}

fn armed(io: &Mock) -> Vec<TimerId> {
    io.timers.armed().into_iter().map(|(id, _)| id).collect()
}

#[test]
fn start_gathers_with_one_join() {
    let (_srp, io) = started(8);
    let t = texts(&io);
    assert_eq!(t[0], "waiting_trans_ack changed to 1");
    assert_eq!(t[1], "Token Timeout (1000 ms) retransmit timeout (238 ms)");
    assert_eq!(
        t[t.len() - 3],
        "HeartBeat is Disabled. To enable set heartbeat_failures_allowed > 0"
    );
    assert_eq!(
        t[t.len() - 2..],
        [
            "Created or loaded sequence id 8.10.0.0.1 for this ring.",
            "entering GATHER state from 15.",
        ]
    );
    let [Act::Flush(join)] = &io.acts[..] else {
        panic!("{:?}", io.acts)
    };
    let j = MembJoin::decode(join).expect("join");
    assert_eq!(j.header.nodeid, derive_nodeid_v4(Ipv4Addr::from(ME), false));
    assert_eq!(j.proc_list, vec![my_addr()]);
    assert!(j.failed_list.is_empty());
    assert_eq!(j.ring_seq, 8);
    let t = armed(&io);
    // The pause timer runs from initialisation on, as the original's.
    assert_eq!(t.len(), 3, "{t:?}");
    for id in [TimerId::Pause, TimerId::Join, TimerId::Consensus] {
        assert!(t.contains(&id), "{t:?}");
    }
    let deadlines = io.timers.armed();
    let at = |id| deadlines.iter().find(|(x, _)| *x == id).map(|(_, t)| *t);
    assert_eq!(at(TimerId::Join), Some(Time::from_millis(1050)));
    assert_eq!(at(TimerId::Consensus), Some(Time::from_millis(2200)));
}

#[test]
fn one_node_forms_its_ring_like_the_original() {
    let (mut srp, mut io) = started(0);
    io.logs.clear();
    let now = Time::from_millis(1000);
    loop_back(&mut srp, &mut io, now, 200);
    assert_eq!(srp.state(), MembState::Operational);
    // The original's log for the same (corosync -f, debug on, one udpu
    // member), minus the transport's lines.
    let want_prefix = [
        "Creating commit token because I am the rep.",
        "Saving state aru 0 high seq received 0",
        "entering COMMIT state.",
        "got commit token",
        "entering RECOVERY state.",
        "position [0] member 10.0.0.1:",
        "previous ring seq 0 rep 10.0.0.1",
        "aru 0 high delivered 0 received flag 1",
        "Did not need to originate any messages in recovery.",
        "got commit token",
        "Sending initial ORF token",
        "token retrans flag is 0 my set retrans flag0 retrans queue empty 1 count 0, aru 0",
        "install seq 0 aru 0 high seq received 0",
        "token retrans flag is 0 my set retrans flag0 retrans queue empty 1 count 1, aru 0",
        "install seq 0 aru 0 high seq received 0",
        "token retrans flag is 0 my set retrans flag0 retrans queue empty 1 count 2, aru 0",
        "install seq 0 aru 0 high seq received 0",
        "token retrans flag is 0 my set retrans flag0 retrans queue empty 1 count 3, aru 0",
        "install seq 0 aru 0 high seq received 0",
        "retrans flag count 4 token aru 0 install seq 0 aru 0 0",
        "Resetting old ring state",
        "recovery to regular 1-0",
        "waiting_trans_ack changed to 1",
        "entering OPERATIONAL state.",
        "A processor joined or left the membership and a new membership was formed.",
    ];
    let got = texts(&io);
    assert_eq!(&got[..want_prefix.len()], &want_prefix[..], "{got:#?}");
    let me = derive_nodeid_v4(Ipv4Addr::from(ME), false);
    let events: Vec<&Act> = io
        .acts
        .iter()
        .filter(|a| !matches!(a, Act::Token(_)))
        .collect();
    assert_eq!(
        events,
        [
            &Act::Store(4),
            &Act::ConfChg(ConfigurationType::Transitional, vec![], vec![], vec![], 4),
            &Act::Waiting(true),
            &Act::ConfChg(ConfigurationType::Regular, vec![me], vec![], vec![me], 4),
        ]
    );
    assert_eq!(srp.ring_id().seq, 4);
    assert!(srp.ring_id().rep.equal(&my_addr().addr[0]));
}

#[test]
fn idle_ring_holds_the_token_and_a_send_cancels_the_hold() {
    let (mut srp, mut io) = started(0);
    let now = Time::from_millis(1000);
    loop_back(&mut srp, &mut io, now, 10_000);
    assert_eq!(srp.state(), MembState::Operational);
    // The representative keeps the token after more than
    // seqno_unchanged_const idle rotations: nothing is left to loop.
    assert!(!io.acts.iter().any(|a| matches!(a, Act::Token(_))));
    assert!(armed(&io).contains(&TimerId::OrfTokenHoldRetransmit));
    let held_rotations = io
        .logs
        .iter()
        .filter(|(l, t)| *l == LogLevel::Trace && t.starts_with("token visit"))
        .count();
    assert!(held_rotations >= 30, "{held_rotations}");
    // A new message wakes the ring: one TOKEN_HOLD_CANCEL multicast.
    io.acts.clear();
    srp.trans_ack();
    srp.apply_waiting_trans_ack(false);
    let mut pool = BufPool::default();
    srp.queues.mcast(&mut pool, &[b"hello"], 0).expect("queued");
    srp.event_signal(&mut io, now);
    let [Act::Flush(cancel)] = &io.acts[..] else {
        panic!("{:?}", io.acts)
    };
    assert!(matches!(
        Packet::decode(cancel),
        Ok(Packet::TokenHoldCancel(_))
    ));
    loop_back(&mut srp, &mut io, now, 100);
    let delivered: Vec<&Act> = io
        .acts
        .iter()
        .filter(|a| matches!(a, Act::Deliver(..)))
        .collect();
    assert_eq!(
        delivered,
        [&Act::Deliver(
            derive_nodeid_v4(Ipv4Addr::from(ME), false),
            b"hello".to_vec()
        )]
    );
}

#[test]
fn token_loss_in_operational_enters_gather() {
    let (mut srp, mut io) = started(0);
    let now = Time::from_millis(1000);
    loop_back(&mut srp, &mut io, now, 20);
    assert_eq!(srp.state(), MembState::Operational);
    // Lose the token: drop what is in flight and let the timer fire.
    io.acts.clear();
    io.logs.clear();
    let at = io
        .timers
        .armed()
        .into_iter()
        .find(|(id, _)| *id == TimerId::OrfToken)
        .map(|(_, t)| t)
        .expect("token timer");
    assert_eq!(at, now.plus_millis(1000));
    srp.handle_timer(&mut io, at, TimerId::OrfToken);
    let t = texts(&io);
    assert_eq!(
        &t[..3],
        [
            "The token was lost in the OPERATIONAL state.",
            "A processor failed, forming new configuration.",
            "entering GATHER state from 2.",
        ]
    );
    assert_eq!(srp.state(), MembState::Gather);
    assert!(matches!(&io.acts[..], [Act::Flush(_)]));
}

#[test]
fn leave_multicasts_the_leave_join_and_stops() {
    let (mut srp, mut io) = started(0);
    let now = Time::from_millis(1000);
    loop_back(&mut srp, &mut io, now, 20);
    io.acts.clear();
    srp.leave(&mut io, now);
    let [Act::Flush(b)] = &io.acts[..] else {
        panic!("{:?}", io.acts)
    };
    let j = MembJoin::decode(b).expect("join");
    assert_eq!(j.header.nodeid, NodeId(0));
    assert_eq!(j.system_from.addr[0].nodeid, NodeId(0));
    assert!(j.proc_list.is_empty());
    assert_eq!(j.failed_list, vec![my_addr()]);
    assert_eq!(j.ring_seq, 4);
    assert!(srp.is_shut_down());
    assert!(io.timers.armed().is_empty());
}

#[test]
fn garbage_and_foreign_messages_do_not_panic_or_break_the_ring() {
    let (mut srp, mut io) = started(0);
    let now = Time::from_millis(1000);
    loop_back(&mut srp, &mut io, now, 20);
    let mut x = 0x1234_5678_9abc_def0u64;
    for len in 0..3000usize {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let mut b: Vec<u8> = (0..len % 400).map(|i| (x >> (i % 56)) as u8).collect();
        if b.len() > 4 {
            b[0] = (len % 6) as u8;
            b[2] = 0x22;
            b[3] = 0xff;
        }
        srp.handle_message(&mut io, now, &b);
    }
}
