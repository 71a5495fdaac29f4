//! totemrrp: the redundant ring layer. It decides on which interface(s)
//! each datagram goes out, filters and monitors what comes in, marks rings
//! faulty and brings them back (ring test messages 6 and 7).
//!
//! * none: one interface.
//! * passive: each message or token goes out on one ring, round-robin over
//!   the rings not marked faulty; per-ring receive counters detect a ring
//!   that lags.
//! * active: everything goes out on every non-faulty ring; a token is
//!   handed up once it arrived on all of them, or when
//!   `rrp_token_expired_timeout` expires, which counts a problem against
//!   the missing rings.

use crate::config::{INTERFACE_MAX, RrpMode, TotemConfig};
use crate::log::LogLevel;
use crate::packet::{NodeId, sq_lt_compare};

/// `PASSIVE_RECV_COUNT_THRESHOLD`.
const PASSIVE_RECV_COUNT_THRESHOLD: u32 = (i32::MAX / 2) as u32;

/// A set of interfaces (bit i = interface i).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct IfaceSet(u8);

impl IfaceSet {
    pub(crate) fn one(i: usize) -> IfaceSet {
        IfaceSet(1 << i)
    }
    fn add(&mut self, i: usize) {
        self.0 |= 1 << i;
    }
    pub(crate) fn iter(self) -> impl Iterator<Item = usize> {
        (0..INTERFACE_MAX).filter(move |i| self.0 & (1 << i) != 0)
    }
}

/// What the ring layer wants done with a received datagram.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RrpRecv {
    /// Hand it to totemsrp.
    Deliver,
    /// Keep it (an active-mode token waiting for its copies).
    Hold,
}

/// Actions the ring layer asks for while handling a ring test message or a
/// timer.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RrpAction {
    /// Send these bytes with the token send path on one interface.
    TokenSendOn(usize, Vec<u8>),
    /// Deliver the stored token to totemsrp.
    DeliverToken(Vec<u8>),
    /// (Re)arm the test timer of a faulty ring.
    ArmTestRing(usize),
    /// Arm the active-mode token expiry timer.
    ArmTokenExpired,
    CancelTokenExpired,
    ArmProblemDecrementer,
    CancelProblemDecrementer,
    Log(LogLevel, String),
}

#[derive(Debug)]
pub(crate) struct Rrp {
    mode: RrpMode,
    iface_count: usize,
    processor_count: usize,
    my_nodeid: NodeId,
    threshold: u32,
    mcast_threshold: u32,
    faulty: [bool; INTERFACE_MAX],
    status: [String; INTERFACE_MAX],
    iface_names: [String; INTERFACE_MAX],
    // passive
    token_recv_count: [u32; INTERFACE_MAX],
    mcast_recv_count: [u32; INTERFACE_MAX],
    token_xmit_iface: usize,
    msg_xmit_iface: usize,
    // active
    last_token_recv: [bool; INTERFACE_MAX],
    counter_problems: [u32; INTERFACE_MAX],
    token: Vec<u8>,
    last_token_seq: u32,
    problem_decrementer_armed: bool,
}

impl Rrp {
    pub(crate) fn new(
        config: &TotemConfig,
        my_nodeid: NodeId,
        iface_names: [String; INTERFACE_MAX],
    ) -> Rrp {
        let iface_count = config.interfaces.len().clamp(1, INTERFACE_MAX);
        Rrp {
            mode: config.rrp_mode,
            iface_count,
            processor_count: 0,
            my_nodeid,
            threshold: config.rrp_problem_count_threshold,
            mcast_threshold: config.rrp_problem_count_mcast_threshold,
            faulty: [false; INTERFACE_MAX],
            status: std::array::from_fn(|i| format!("ring {i} active with no faults")),
            iface_names,
            token_recv_count: [0; INTERFACE_MAX],
            mcast_recv_count: [0; INTERFACE_MAX],
            token_xmit_iface: 0,
            msg_xmit_iface: 0,
            last_token_recv: [false; INTERFACE_MAX],
            counter_problems: [0; INTERFACE_MAX],
            token: Vec::new(),
            last_token_seq: 0u32.wrapping_sub(1),
            problem_decrementer_armed: false,
        }
    }

    pub(crate) fn mode(&self) -> RrpMode {
        self.mode
    }

    pub(crate) fn iface_count(&self) -> usize {
        self.iface_count
    }

    pub(crate) fn status(&self) -> Vec<String> {
        self.status[..self.iface_count].to_vec()
    }

    #[cfg(test)]
    pub(crate) fn is_faulty(&self, iface: usize) -> bool {
        self.faulty.get(iface).copied().unwrap_or(false)
    }

    pub(crate) fn processor_count_set(&mut self, n: usize) {
        self.processor_count = n;
    }

    fn round_robin(&self, cursor: &mut usize) -> bool {
        let mut i = 0;
        loop {
            *cursor = (*cursor + 1) % self.iface_count;
            i += 1;
            if !(i <= self.iface_count && self.faulty[*cursor]) {
                break;
            }
        }
        i > self.iface_count
    }

    fn all_non_faulty(&self) -> IfaceSet {
        let mut s = IfaceSet::default();
        for i in 0..self.iface_count {
            if !self.faulty[i] {
                s.add(i);
            }
        }
        if s.0 == 0 { IfaceSet::one(0) } else { s }
    }

    /// Interfaces for a multicast (`mcast_flush_send`).
    pub(crate) fn mcast_ifaces(&mut self) -> IfaceSet {
        match self.mode {
            RrpMode::None => IfaceSet::one(0),
            RrpMode::Passive => {
                let mut c = self.msg_xmit_iface;
                if self.round_robin(&mut c) {
                    c = 0;
                }
                self.msg_xmit_iface = c;
                IfaceSet::one(c)
            }
            RrpMode::Active => self.all_non_faulty(),
        }
    }

    /// Interfaces for ordered data (`mcast_noflush_send`): nothing when we
    /// are alone in the ring (our own copy is already in the sort queue).
    pub(crate) fn mcast_noflush_ifaces(&mut self) -> Option<IfaceSet> {
        if self.processor_count > 1 {
            Some(self.mcast_ifaces())
        } else {
            None
        }
    }

    /// Interfaces for a token (`token_send`).
    pub(crate) fn token_ifaces(&mut self) -> IfaceSet {
        match self.mode {
            RrpMode::None => IfaceSet::one(0),
            RrpMode::Passive => {
                let mut c = self.token_xmit_iface;
                if self.round_robin(&mut c) {
                    // The original resets the message cursor here, not the
                    // token one.
                    self.msg_xmit_iface = 0;
                }
                self.token_xmit_iface = c;
                IfaceSet::one(c)
            }
            RrpMode::Active => self.all_non_faulty(),
        }
    }

    /// `passive_monitor`.
    fn passive_monitor(&mut self, iface: usize, is_token: bool, actions: &mut Vec<RrpAction>) {
        let threshold = if is_token {
            self.threshold
        } else {
            self.mcast_threshold
        };
        let n = self.iface_count;
        let faulty = self.faulty;
        let recv = if is_token {
            &mut self.token_recv_count
        } else {
            &mut self.mcast_recv_count
        };
        recv[iface] = recv[iface].wrapping_add(1);
        let mut max = recv[..n].iter().copied().max().unwrap_or(0);
        if max > PASSIVE_RECV_COUNT_THRESHOLD {
            let mut min_all = recv[iface];
            let mut min_active = recv[iface];
            for i in 0..n {
                if recv[i] < min_all {
                    min_all = recv[i];
                }
                if !faulty[i] && recv[i] < min_active {
                    min_active = recv[i];
                }
            }
            if min_all > 0 {
                for r in recv[..n].iter_mut() {
                    *r -= min_all;
                }
            } else {
                for i in 0..n {
                    if !faulty[i] {
                        recv[i] -= min_active;
                    }
                }
            }
            max = recv[..n].iter().copied().max().unwrap_or(0);
        }
        let counts = *recv;
        for (i, &count) in counts.iter().enumerate().take(n) {
            if !self.faulty[i] && max.wrapping_sub(count) > threshold {
                self.faulty[i] = true;
                actions.push(RrpAction::ArmTestRing(i));
                self.status[i] = format!(
                    "Marking ringid {} interface {} FAULTY",
                    i, self.iface_names[i]
                );
                actions.push(RrpAction::Log(LogLevel::Error, self.status[i].clone()));
            }
        }
    }

    /// A datagram that is neither an ORF token nor a ring test message
    /// (`mcast_recv`).
    pub(crate) fn mcast_recv(&mut self, iface: usize, actions: &mut Vec<RrpAction>) -> RrpRecv {
        if self.mode == RrpMode::Passive && iface < self.iface_count {
            self.passive_monitor(iface, false, actions);
        }
        RrpRecv::Deliver
    }

    /// Accounts our own ordered multicast, which the original receives back
    /// through its loop socket (the core keeps it internally instead).
    pub(crate) fn own_mcast_looped(&mut self, iface: usize, actions: &mut Vec<RrpAction>) {
        if self.mode == RrpMode::Passive && iface < self.iface_count {
            self.passive_monitor(iface, false, actions);
        }
    }

    /// An ORF token (`token_recv`); `token_seq` is read without byte-order
    /// conversion, as the original does.
    pub(crate) fn token_recv(
        &mut self,
        iface: usize,
        msg: &[u8],
        token_seq: u32,
        actions: &mut Vec<RrpAction>,
    ) -> RrpRecv {
        match self.mode {
            RrpMode::None => RrpRecv::Deliver,
            RrpMode::Passive => {
                if iface < self.iface_count {
                    self.passive_monitor(iface, true, actions);
                }
                RrpRecv::Deliver
            }
            RrpMode::Active => {
                if iface >= self.iface_count {
                    return RrpRecv::Hold;
                }
                if sq_lt_compare(self.last_token_seq, token_seq) {
                    self.token.clear();
                    self.token.extend_from_slice(msg);
                    self.last_token_recv = [false; INTERFACE_MAX];
                    self.last_token_recv[iface] = true;
                    actions.push(RrpAction::ArmTokenExpired);
                }
                // Not to the paper: the last seen sequence always follows
                // the latest token, even an older one.
                self.last_token_seq = token_seq;
                self.last_token_recv[iface] = true;
                for i in 0..self.iface_count {
                    if !self.last_token_recv[i] && !self.faulty[i] {
                        return RrpRecv::Hold;
                    }
                }
                actions.push(RrpAction::CancelTokenExpired);
                RrpRecv::Deliver
            }
        }
    }

    /// `timer_function_active_token_expired`.
    pub(crate) fn token_expired(&mut self, actions: &mut Vec<RrpAction>) {
        if self.mode != RrpMode::Active {
            return;
        }
        for i in 0..self.iface_count {
            if !self.last_token_recv[i] {
                self.counter_problems[i] = self.counter_problems[i].wrapping_add(1);
                if !self.problem_decrementer_armed {
                    self.problem_decrementer_armed = true;
                    actions.push(RrpAction::ArmProblemDecrementer);
                }
                self.status[i] = format!(
                    "Incrementing problem counter for seqid {} iface {} to [{} of {}]",
                    self.last_token_seq as i32,
                    self.iface_names[i],
                    self.counter_problems[i],
                    self.threshold
                );
                actions.push(RrpAction::Log(LogLevel::Warning, self.status[i].clone()));
            }
        }
        for i in 0..self.iface_count {
            if self.counter_problems[i] >= self.threshold {
                self.faulty[i] = true;
                actions.push(RrpAction::ArmTestRing(i));
                self.status[i] = format!(
                    "Marking seqid {} ringid {} interface {} FAULTY",
                    self.last_token_seq as i32, i, self.iface_names[i]
                );
                actions.push(RrpAction::Log(LogLevel::Error, self.status[i].clone()));
                self.problem_decrementer_armed = false;
                actions.push(RrpAction::CancelProblemDecrementer);
            }
        }
        actions.push(RrpAction::DeliverToken(self.token.clone()));
    }

    /// `timer_function_active_problem_decrementer`.
    pub(crate) fn problem_decrement(&mut self, actions: &mut Vec<RrpAction>) {
        let mut found = false;
        for i in 0..self.iface_count {
            if self.counter_problems[i] > 0 {
                found = true;
                self.counter_problems[i] -= 1;
                self.status[i] = if self.counter_problems[i] == 0 {
                    format!("ring {i} active with no faults")
                } else {
                    format!(
                        "Decrementing problem counter for iface {} to [{} of {}]",
                        self.iface_names[i], self.counter_problems[i], self.threshold
                    )
                };
                actions.push(RrpAction::Log(LogLevel::Warning, self.status[i].clone()));
            }
        }
        if found {
            actions.push(RrpAction::ArmProblemDecrementer);
        } else {
            self.problem_decrementer_armed = false;
        }
    }

    /// `timer_function_test_ring_timeout`: probe a faulty ring.
    pub(crate) fn test_ring(&mut self, iface: usize, actions: &mut Vec<RrpAction>) {
        if self.mode == RrpMode::None || iface >= self.iface_count {
            return;
        }
        if self.faulty[iface] {
            let msg = crate::packet::RingTest::new(
                crate::packet::MessageType::RingTestActive,
                iface as i32,
                self.my_nodeid,
            );
            let mut b = Vec::with_capacity(crate::packet::RING_TEST_LEN);
            msg.encode(&mut b);
            actions.push(RrpAction::TokenSendOn(iface, b));
            actions.push(RrpAction::ArmTestRing(iface));
        }
    }

    /// Ring test messages (types 6 and 7) received on `iface`.
    pub(crate) fn ring_test_recv(
        &mut self,
        iface: usize,
        msg: &[u8],
        actions: &mut Vec<RrpAction>,
    ) {
        use crate::packet::{MessageType, RingTest};
        let raw_ring = msg
            .get(4..8)
            .map(|b| i32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
            .unwrap_or(0);
        let Ok(hdr) = RingTest::decode(msg) else {
            return;
        };
        if hdr.msg_type == MessageType::RingTestActive as u8 {
            actions.push(RrpAction::Log(
                LogLevel::Debug,
                "received message requesting test of ring now active".into(),
            ));
            if hdr.nodeid_activator == self.my_nodeid {
                let activate = RingTest::new(
                    MessageType::RingTestActivate,
                    hdr.ring_number,
                    self.my_nodeid,
                );
                let mut b = Vec::with_capacity(crate::packet::RING_TEST_LEN);
                activate.encode(&mut b);
                actions.push(RrpAction::TokenSendOn(iface, b));
            } else {
                actions.push(RrpAction::TokenSendOn(iface, msg.to_vec()));
            }
        } else {
            actions.push(RrpAction::Log(
                LogLevel::Notice,
                format!("Automatically recovered ring {raw_ring}"),
            ));
            self.ring_reenable(iface);
            if hdr.nodeid_activator != self.my_nodeid {
                actions.push(RrpAction::TokenSendOn(iface, msg.to_vec()));
            }
        }
    }

    /// `totemrrp_ring_reenable`; `iface == iface_count` re-enables all.
    pub(crate) fn ring_reenable(&mut self, iface: usize) {
        let n = self.iface_count;
        match self.mode {
            RrpMode::None => {}
            RrpMode::Passive => {
                self.mcast_recv_count = [0; INTERFACE_MAX];
                self.token_recv_count = [0; INTERFACE_MAX];
                if iface == n {
                    self.faulty = [false; INTERFACE_MAX];
                } else if iface < n {
                    self.faulty[iface] = false;
                }
            }
            RrpMode::Active => {
                if iface == n {
                    self.last_token_recv = [false; INTERFACE_MAX];
                    self.faulty = [false; INTERFACE_MAX];
                    self.counter_problems = [0; INTERFACE_MAX];
                } else if iface < n {
                    self.last_token_recv[iface] = false;
                    self.faulty[iface] = false;
                    self.counter_problems[iface] = 0;
                }
            }
        }
        if iface == n {
            for i in 0..n {
                self.status[i] = format!("ring {i} active with no faults");
            }
        } else if iface < n {
            self.status[iface] = format!("ring {iface} active with no faults");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::InterfaceConfig;
    use std::net::{IpAddr, Ipv4Addr};

    fn cfg(mode: RrpMode) -> TotemConfig {
        let iface = |n: u8| InterfaceConfig {
            ringnumber: n,
            bindnetaddr: IpAddr::V4(Ipv4Addr::new(10, n, 0, 0)),
            mcastaddr: Some(IpAddr::V4(Ipv4Addr::new(239, 0, 0, n))),
            mcastport: 5405,
            ttl: 1,
            members: vec![],
        };
        let mut c = TotemConfig::with_interfaces(vec![iface(0), iface(1)]);
        c.rrp_mode = mode;
        c.rrp_problem_count_threshold = 2;
        c.rrp_problem_count_mcast_threshold = 20;
        c
    }

    fn names() -> [String; 2] {
        ["10.0.0.1".into(), "10.1.0.1".into()]
    }

    #[test]
    fn passive_round_robin_skips_faulty_rings() {
        let mut r = Rrp::new(&cfg(RrpMode::Passive), NodeId(1), names());
        assert_eq!(r.mcast_ifaces(), IfaceSet::one(1));
        assert_eq!(r.mcast_ifaces(), IfaceSet::one(0));
        assert_eq!(r.token_ifaces(), IfaceSet::one(1));
        r.faulty[1] = true;
        assert_eq!(r.mcast_ifaces(), IfaceSet::one(0));
        assert_eq!(r.mcast_ifaces(), IfaceSet::one(0));
        assert_eq!(r.mcast_noflush_ifaces(), None);
        r.processor_count_set(2);
        assert_eq!(r.mcast_noflush_ifaces(), Some(IfaceSet::one(0)));
    }

    #[test]
    fn passive_monitor_marks_lagging_ring_faulty() {
        let mut r = Rrp::new(&cfg(RrpMode::Passive), NodeId(1), names());
        let mut a = Vec::new();
        for _ in 0..3 {
            r.token_recv(0, &[0; 70], 1, &mut a);
        }
        assert!(r.is_faulty(1));
        assert!(a.contains(&RrpAction::ArmTestRing(1)));
        assert_eq!(r.status()[1], "Marking ringid 1 interface 10.1.0.1 FAULTY");
        r.ring_reenable(2);
        assert!(!r.is_faulty(1));
        assert_eq!(r.status()[1], "ring 1 active with no faults");
    }

    #[test]
    fn active_token_waits_for_every_ring() {
        let mut r = Rrp::new(&cfg(RrpMode::Active), NodeId(1), names());
        let mut a = Vec::new();
        assert_eq!(r.token_recv(0, b"tok", 0, &mut a), RrpRecv::Hold);
        assert_eq!(a, vec![RrpAction::ArmTokenExpired]);
        a.clear();
        assert_eq!(r.token_recv(1, b"tok", 0, &mut a), RrpRecv::Deliver);
        assert_eq!(a, vec![RrpAction::CancelTokenExpired]);
        // Next token only on ring 0: expiry counts a problem on ring 1.
        a.clear();
        assert_eq!(r.token_recv(0, b"tok2", 1, &mut a), RrpRecv::Hold);
        a.clear();
        r.token_expired(&mut a);
        assert!(a.contains(&RrpAction::DeliverToken(b"tok2".to_vec())));
        assert!(a.contains(&RrpAction::ArmProblemDecrementer));
        assert_eq!(r.counter_problems[1], 1);
        r.token_recv(0, b"tok3", 2, &mut a);
        a.clear();
        r.token_expired(&mut a);
        assert!(r.is_faulty(1));
        assert_eq!(r.token_ifaces(), IfaceSet::one(0));
        a.clear();
        r.test_ring(1, &mut a);
        assert!(matches!(a[0], RrpAction::TokenSendOn(1, _)));
    }

    #[test]
    fn ring_test_messages_are_forwarded_or_answered() {
        use crate::packet::{MessageType, RingTest};
        let mut r = Rrp::new(&cfg(RrpMode::Active), NodeId(1), names());
        r.faulty[1] = true;
        let mut b = Vec::new();
        RingTest::new(MessageType::RingTestActive, 1, NodeId(2)).encode(&mut b);
        let mut a = Vec::new();
        r.ring_test_recv(1, &b, &mut a);
        assert_eq!(a[1], RrpAction::TokenSendOn(1, b.clone()));
        // Our own test came back: answer with ACTIVATE.
        let mut mine = Vec::new();
        RingTest::new(MessageType::RingTestActive, 1, NodeId(1)).encode(&mut mine);
        a.clear();
        r.ring_test_recv(1, &mine, &mut a);
        let mut act = Vec::new();
        RingTest::new(MessageType::RingTestActivate, 1, NodeId(1)).encode(&mut act);
        assert_eq!(a[1], RrpAction::TokenSendOn(1, act.clone()));
        a.clear();
        r.ring_test_recv(1, &act, &mut a);
        assert!(!r.is_faulty(1));
        assert_eq!(a.len(), 1);
    }
}
