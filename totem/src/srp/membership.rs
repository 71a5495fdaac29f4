//! The membership half of totemsrp: GATHER, COMMIT and RECOVERY entry, JOIN
//! and commit-token processing, consensus, merge detection, installing the
//! transitional and regular configurations.

use super::sets;
use super::{MembState, SEQNO_START_MSG, SEQNO_START_TOKEN, Srp, SrpIo, ms};
use crate::config::PROCESSOR_COUNT_MAX;
use crate::log::{LogLevel, tlog};
use crate::packet::{
    CommitMembEntry, CommitToken, DecodeError, MCAST_HEADER_LEN, MESSAGE_ENCAPSULATED, McastHeader,
    MembJoin, MergeDetect, MessageHeader, MessageType, NodeId, OrfToken, RingId, SrpAddr,
    TokenHoldCancel, sq_lt_compare,
};
use crate::sq::QUEUE_RTR_ITEMS_SIZE_MAX;
use crate::srp::{ConfigurationType, LEAVE_DUMMY_NODEID, RETRANS_MESSAGE_QUEUE_SIZE_MAX};
use crate::time::Time;
use crate::timers::TimerId;

impl Srp {
    // ----------------------------------------------------------------
    // Consensus
    // ----------------------------------------------------------------

    fn memb_consensus_reset(&mut self) {
        self.consensus_list.clear();
    }

    fn memb_consensus_set(&mut self, addr: &SrpAddr) {
        if addr.addr[0].nodeid == LEAVE_DUMMY_NODEID {
            return;
        }
        if let Some(e) = self.consensus_list.iter_mut().find(|(a, _)| a.equal(addr)) {
            e.0 = *addr;
            e.1 = true;
        } else if self.consensus_list.len() < PROCESSOR_COUNT_MAX {
            self.consensus_list.push((*addr, true));
        }
    }

    fn memb_consensus_isset(&self, addr: &SrpAddr) -> bool {
        self.consensus_list
            .iter()
            .find(|(a, _)| a.equal(addr))
            .map(|(_, set)| *set)
            .unwrap_or(false)
    }

    fn memb_consensus_agreed(&self) -> bool {
        let token_memb = sets::subtract(&self.my_proc_list, &self.my_failed_list);
        token_memb.iter().all(|a| self.memb_consensus_isset(a))
    }

    fn memb_consensus_notset(&self) -> Vec<SrpAddr> {
        self.my_proc_list
            .iter()
            .filter(|a| !self.memb_consensus_isset(a))
            .copied()
            .collect()
    }

    pub(super) fn memb_state_consensus_timeout_expired(&mut self, io: &mut impl SrpIo, now: Time) {
        self.stats.consensus_timeouts += 1;
        if self.memb_consensus_agreed() {
            self.memb_consensus_reset();
            let me = self.my_id;
            self.memb_consensus_set(&me);
            self.reset_token_timeout(io, now);
        } else {
            let no_consensus = self.memb_consensus_notset();
            sets::merge(&no_consensus, &mut self.my_failed_list);
            self.gather_enter(io, now, 0);
        }
    }

    fn memb_lowest_in_config(&self) -> bool {
        let token_memb = sets::subtract(&self.my_proc_list, &self.my_failed_list);
        let Some(first) = token_memb.first() else {
            return false;
        };
        let mut lowest = first.addr[0];
        for a in &token_memb[1..] {
            if lowest.compare(&a.addr[0]).is_gt() {
                lowest = a.addr[0];
            }
        }
        lowest.compare(&self.my_id.addr[0]).is_eq()
    }

    // ----------------------------------------------------------------
    // Old ring state, saved on COMMIT entry and restored when recovery fails
    // ----------------------------------------------------------------

    fn old_ring_state_save(&mut self, io: &mut impl SrpIo) {
        if !self.old_ring_state_saved {
            self.old_ring_state_saved = true;
            self.my_old_ring_id = self.my_ring_id;
            self.old_ring_state_aru = self.my_aru;
            self.old_ring_state_high_seq_received = self.my_high_seq_received;
            tlog!(
                io,
                LogLevel::Debug,
                "Saving state aru {:x} high seq received {:x}",
                self.my_aru,
                self.my_high_seq_received
            );
        }
    }

    fn old_ring_state_restore(&mut self, io: &mut impl SrpIo) {
        self.my_aru = self.old_ring_state_aru;
        self.my_high_seq_received = self.old_ring_state_high_seq_received;
        tlog!(
            io,
            LogLevel::Debug,
            "Restoring instance->my_aru {:x} my high seq received {:x}",
            self.my_aru,
            self.my_high_seq_received
        );
    }

    fn old_ring_state_reset(&mut self, io: &mut impl SrpIo) {
        tlog!(io, LogLevel::Debug, "Resetting old ring state");
        self.old_ring_state_saved = false;
    }

    pub(super) fn memb_recovery_state_token_loss(&mut self, io: &mut impl SrpIo, now: Time) {
        self.old_ring_state_restore(io);
        self.gather_enter(io, now, 5);
        self.stats.recovery_token_lost += 1;
    }

    // ----------------------------------------------------------------
    // State transitions
    // ----------------------------------------------------------------

    /// `memb_state_gather_enter`.
    pub(super) fn gather_enter(&mut self, io: &mut impl SrpIo, now: Time, gather_from: i32) {
        if self.memb_state == MembState::Recovery {
            io.recovery_ring(None);
        }
        self.orf_token_discard = true;
        self.originated_orf_token = false;

        let me = [self.my_id];
        sets::merge(&me, &mut self.my_proc_list);

        self.memb_join_message_send(io, now);

        io.timers()
            .arm(TimerId::Join, now.plus_millis(ms(self.cfg.join_timeout)));
        io.timers().arm(
            TimerId::Consensus,
            now.plus_millis(ms(self.cfg.consensus_timeout)),
        );

        self.cancel_token_retransmit_timeout(io);
        self.cancel_token_timeout(io);
        self.cancel_merge_detect_timeout(io);

        self.memb_consensus_reset();
        self.memb_consensus_set(&me[0]);

        tlog!(
            io,
            LogLevel::Debug,
            "entering GATHER state from {gather_from}."
        );

        self.memb_state = MembState::Gather;
        self.stats.gather_entered += 1;
        if gather_from == 3 {
            self.stats.continuous_gather += 1;
        }
    }

    /// `memb_state_commit_enter`.
    fn commit_enter(&mut self, io: &mut impl SrpIo, now: Time) {
        self.old_ring_state_save(io);
        self.memb_state_commit_token_update();
        self.memb_state_commit_token_target_set(io, now);

        io.timers().cancel(TimerId::Join);
        io.timers().cancel(TimerId::Consensus);

        self.my_ring_id = self.commit_token.ring_id;
        io.store_ring_id(&self.my_ring_id);
        self.token_ring_id_seq = self.my_ring_id.seq;

        tlog!(io, LogLevel::Debug, "entering COMMIT state.");

        self.memb_state = MembState::Commit;
        self.reset_token_retransmit_timeout(io, now);
        self.reset_token_timeout(io, now);

        self.stats.commit_entered += 1;
        self.stats.continuous_gather = 0;

        self.my_trc = 0;
        self.my_pbl = 0;
        self.my_cbl = 0;
    }

    /// `memb_state_recovery_enter`, with the commit token as received on its
    /// second rotation.
    fn recovery_enter(&mut self, io: &mut impl SrpIo, now: Time, commit_token: &mut CommitToken) {
        tlog!(io, LogLevel::Debug, "entering RECOVERY state.");

        // Deviation from the original: it keeps these counters from an
        // earlier recovery that was abandoned, so that with a stale count of
        // 3 or more the install sequence is never recorded and this node
        // installs the new ring two rotations later whether or not the
        // others have recovered; it then frees the recovery messages and the
        // others stay in RECOVERY, asking for them, for as long as the token
        // keeps coming.
        self.my_retrans_flg_count = 0;
        self.my_rotation_counter = 0;

        self.orf_token_discard = false;
        self.my_high_ring_delivered = 0;

        self.recovery_sort_queue.reinit(SEQNO_START_MSG, io.pool());
        for b in self.retrans_message_queue.drain(..) {
            io.pool().put(b);
        }

        let mut low_ring_aru = self.old_ring_state_high_seq_received;

        self.memb_state_commit_token_send_recovery(io, now, commit_token);

        self.my_token_seq = SEQNO_START_TOKEN.wrapping_sub(1);

        io.processor_count_set(commit_token.addr.len());

        // Transitional configuration: new members that come from our ring.
        let n_new = self.my_new_memb_list.len();
        let ring_ids: Vec<RingId> = (0..n_new)
            .map(|i| {
                commit_token
                    .memb_list
                    .get(i)
                    .map(|e| e.ring_id)
                    .unwrap_or_default()
            })
            .collect();
        self.my_trans_memb_list = sets::and_with_ring_id(
            &self.my_new_memb_list,
            &ring_ids,
            &self.my_memb_list,
            &self.my_old_ring_id,
        );

        if io.log_enabled(LogLevel::Debug) {
            for (i, a) in self.my_trans_memb_list.iter().enumerate() {
                io.log(
                    LogLevel::Debug,
                    format!("TRANS [{}] member {}:", i, a.addr[0].print()),
                );
            }
            for (i, a) in commit_token.addr.iter().enumerate() {
                let e = commit_token.memb_list.get(i).copied().unwrap_or_default();
                io.log(
                    LogLevel::Debug,
                    format!("position [{}] member {}:", i, a.addr[0].print()),
                );
                io.log(
                    LogLevel::Debug,
                    format!(
                        "previous ring seq {:x} rep {}",
                        e.ring_id.seq,
                        e.ring_id.rep.print()
                    ),
                );
                io.log(
                    LogLevel::Debug,
                    format!(
                        "aru {:x} high delivered {:x} received flag {}",
                        e.aru, e.high_delivered, e.received_flg
                    ),
                );
            }
        }

        // Did any member of the transitional configuration miss messages?
        let mut local_received_flg = true;
        for i in 0..commit_token.addr.len() {
            let Some(member) = self.my_new_memb_list.get(i) else {
                break;
            };
            let received = commit_token
                .memb_list
                .get(i)
                .map(|e| e.received_flg)
                .unwrap_or(1);
            if sets::subset(std::slice::from_ref(member), &self.my_trans_memb_list) && received == 0
            {
                self.my_deliver_memb_list = self.my_trans_memb_list.clone();
                local_received_flg = false;
                break;
            }
        }

        let mut originated = false;
        if !local_received_flg {
            for i in 0..commit_token.addr.len() {
                let Some(member) = self.my_new_memb_list.get(i) else {
                    break;
                };
                let Some(entry) = commit_token.memb_list.get(i) else {
                    break;
                };
                if sets::subset(std::slice::from_ref(member), &self.my_deliver_memb_list)
                    && self.my_old_ring_id == entry.ring_id
                {
                    if sq_lt_compare(entry.aru, low_ring_aru) {
                        low_ring_aru = entry.aru;
                    }
                    if sq_lt_compare(self.my_high_ring_delivered, entry.high_delivered) {
                        self.my_high_ring_delivered = entry.high_delivered;
                    }
                }
            }

            let range = self
                .old_ring_state_high_seq_received
                .wrapping_sub(low_ring_aru);
            if range != 0 {
                tlog!(
                    io,
                    LogLevel::Debug,
                    "copying all old ring messages from {:x}-{:x}.",
                    low_ring_aru.wrapping_add(1),
                    self.old_ring_state_high_seq_received
                );
                let range = range.min(QUEUE_RTR_ITEMS_SIZE_MAX - 1);
                let mut messages_originated = 0u32;
                for i in 1..=range {
                    let seq = low_ring_aru.wrapping_add(i);
                    let Some(old) = self.regular_sort_queue.get(seq) else {
                        continue;
                    };
                    if self.retrans_message_queue.len() >= RETRANS_MESSAGE_QUEUE_SIZE_MAX - 1 {
                        break;
                    }
                    messages_originated += 1;
                    let header = McastHeader {
                        header: MessageHeader::new(
                            MessageType::Mcast,
                            MESSAGE_ENCAPSULATED,
                            self.my_id.addr[0].nodeid,
                        ),
                        system_from: self.my_id,
                        seq: 0,
                        this_seqno: 0,
                        ring_id: self.my_ring_id,
                        node_id: 0,
                        guarantee: 0,
                    };
                    let mut buf = io.pool().take();
                    header.encode(&mut buf);
                    buf.extend_from_slice(old);
                    self.retrans_message_queue.push_back(buf);
                }
                tlog!(
                    io,
                    LogLevel::Debug,
                    "Originated {messages_originated} messages in RECOVERY."
                );
                originated = true;
            }
        }
        if !originated {
            tlog!(
                io,
                LogLevel::Debug,
                "Did not need to originate any messages in recovery."
            );
        }

        self.my_aru = SEQNO_START_MSG;
        self.my_aru_count = 0;
        self.my_seq_unchanged = 0;
        self.my_high_seq_received = SEQNO_START_MSG;
        self.my_install_seq = SEQNO_START_MSG;
        self.last_released = SEQNO_START_MSG;

        self.reset_token_timeout(io, now);
        self.reset_token_retransmit_timeout(io, now);

        io.recovery_ring(Some(&self.my_new_memb_list));
        self.memb_state = MembState::Recovery;
        self.stats.recovery_entered += 1;
        self.stats.continuous_gather = 0;
    }

    /// `deliver_messages_from_recovery_to_regular`: unwrap the old-ring
    /// messages re-sent during recovery into the regular sort queue.
    fn deliver_messages_from_recovery_to_regular(&mut self, io: &mut impl SrpIo) {
        tlog!(
            io,
            LogLevel::Debug,
            "recovery to regular {:x}-{:x}",
            SEQNO_START_MSG + 1,
            self.my_aru
        );
        let range = self
            .my_aru
            .wrapping_sub(SEQNO_START_MSG)
            .min(QUEUE_RTR_ITEMS_SIZE_MAX);
        for i in 1..=range {
            let seq = i.wrapping_add(SEQNO_START_MSG);
            let Some(recovery_msg) = self.recovery_sort_queue.get(seq) else {
                continue;
            };
            if recovery_msg.len() < MCAST_HEADER_LEN || recovery_msg[1] != MESSAGE_ENCAPSULATED {
                continue;
            }
            let inner = &recovery_msg[MCAST_HEADER_LEN..];
            let Ok((inner_header, _)) = McastHeader::decode(inner) else {
                continue;
            };
            tlog!(
                io,
                LogLevel::Debug,
                "comparing if ring id is for this processors old ring seqno {}",
                inner_header.seq
            );
            if self.my_old_ring_id == inner_header.ring_id {
                // Outside the window the original's slot would alias a
                // position that is never delivered; such copies are ignored.
                if self.regular_sort_queue.in_range(inner_header.seq)
                    && !self.regular_sort_queue.inuse(inner_header.seq)
                {
                    let copy = io.pool().copy_of(inner);
                    if let Some(old) = self.regular_sort_queue.add(inner_header.seq, copy) {
                        io.pool().put(old);
                    }
                    if sq_lt_compare(self.old_ring_state_high_seq_received, inner_header.seq) {
                        self.old_ring_state_high_seq_received = inner_header.seq;
                    }
                }
            } else {
                tlog!(
                    io,
                    LogLevel::Debug,
                    "-not adding msg with seq no {:x}",
                    inner_header.seq
                );
            }
        }
    }

    /// `memb_state_operational_enter`: deliver what remains of the old
    /// ring, then the transitional and the regular configuration.
    pub(super) fn operational_enter(&mut self, io: &mut impl SrpIo, now: Time) {
        self.originated_orf_token = false;
        self.memb_consensus_reset();
        self.old_ring_state_reset(io);
        self.deliver_messages_from_recovery_to_regular(io);

        tlog!(
            io,
            LogLevel::Trace,
            "Delivering to app {:x} to {:x}",
            self.my_high_delivered.wrapping_add(1),
            self.old_ring_state_high_seq_received
        );

        let aru_save = self.my_aru;
        self.my_aru = self.old_ring_state_aru;

        let end = self.old_ring_state_high_seq_received;
        self.messages_deliver_to_app(io, false, end);

        self.my_left_memb_list = sets::subtract(&self.my_memb_list, &self.my_trans_memb_list);
        let joined_list = sets::subtract(&self.my_new_memb_list, &self.my_trans_memb_list);

        self.my_memb_list = self.my_new_memb_list.clone();
        self.last_released = 0;
        self.my_set_retrans_flg = false;

        io.membership_changed(
            ConfigurationType::Transitional,
            &self.my_trans_memb_list,
            &self.my_left_memb_list,
            &[],
        );
        let left: Vec<NodeId> = self.my_left_memb_list.iter().map(|a| a.nodeid()).collect();
        let trans: Vec<NodeId> = self.my_trans_memb_list.iter().map(|a| a.nodeid()).collect();
        io.confchg(
            ConfigurationType::Transitional,
            &trans,
            &left,
            &[],
            &self.my_ring_id,
        );
        self.waiting_trans_ack_set(io, true);

        self.messages_deliver_to_app(io, true, end);

        self.my_aru = aru_save;

        io.membership_changed(
            ConfigurationType::Regular,
            &self.my_new_memb_list,
            &[],
            &joined_list,
        );
        let members: Vec<NodeId> = self.my_new_memb_list.iter().map(|a| a.nodeid()).collect();
        let joined: Vec<NodeId> = joined_list.iter().map(|a| a.nodeid()).collect();
        io.confchg(
            ConfigurationType::Regular,
            &members,
            &[],
            &joined,
            &self.my_ring_id,
        );

        // The recovery queue becomes the regular queue; the marks stay in
        // the recovery queue so that late encapsulated copies are ignored.
        std::mem::swap(&mut self.regular_sort_queue, &mut self.recovery_sort_queue);
        self.recovery_sort_queue
            .copy_marks_from(&self.regular_sort_queue, io.pool());
        self.my_last_aru = SEQNO_START_MSG;

        self.my_proc_list = self.my_new_memb_list.clone();
        self.my_failed_list.clear();

        // Everything up to the highest message present is treated as
        // delivered and released (the original's "not exactly to spec").
        let mut i = self.my_high_seq_received.wrapping_add(1);
        loop {
            i = i.wrapping_sub(1);
            let present = self.regular_sort_queue.get(i).is_some();
            if i == 0 || present {
                break;
            }
        }
        self.my_high_delivered = i;
        self.regular_sort_queue
            .release(self.my_high_delivered, io.pool());
        self.last_released = self.my_high_delivered;

        tlog!(io, LogLevel::Debug, "entering OPERATIONAL state.");
        tlog!(
            io,
            LogLevel::Notice,
            "A processor joined or left the membership and a new membership was formed."
        );
        io.recovery_ring(None);
        self.memb_state = MembState::Operational;

        self.stats.operational_entered += 1;
        self.stats.continuous_gather = 0;

        self.my_received_flg = true;

        self.reset_pause_timeout(io, now);

        self.my_old_ring_id = self.my_ring_id;
    }

    // ----------------------------------------------------------------
    // Commit token
    // ----------------------------------------------------------------

    fn memb_state_commit_token_create(&mut self, io: &mut impl SrpIo) {
        tlog!(
            io,
            LogLevel::Debug,
            "Creating commit token because I am the rep."
        );
        let mut token_memb = sets::subtract(&self.my_proc_list, &self.my_failed_list);
        token_memb.sort_by(|a, b| a.addr[0].compare(&b.addr[0]));
        let n = token_memb.len();
        self.commit_token = CommitToken {
            header: MessageHeader::new(MessageType::MembCommitToken, 0, self.my_nodeid()),
            token_seq: 0,
            ring_id: RingId {
                rep: self.my_id.addr[0],
                seq: self.token_ring_id_seq.wrapping_add(4),
            },
            retrans_flg: 0,
            memb_index: 0,
            addr: token_memb,
            memb_list: vec![CommitMembEntry::default(); n],
        };
    }

    fn memb_state_commit_token_update(&mut self) {
        let ct = &mut self.commit_token;
        self.my_new_memb_list = ct.addr.clone();
        let idx = ct.memb_index as usize;
        if ct.memb_list.len() < ct.addr.len() {
            ct.memb_list
                .resize(ct.addr.len(), CommitMembEntry::default());
        }
        if idx >= ct.memb_list.len() {
            return;
        }
        ct.memb_list[idx].ring_id = self.my_old_ring_id;
        ct.memb_list[idx].aru = self.old_ring_state_aru;
        self.my_received_flg = self.my_aru == self.my_high_seq_received;
        ct.memb_list[idx].received_flg = u32::from(self.my_received_flg);
        ct.memb_list[idx].high_delivered = self.my_high_delivered;

        let mine = ct.memb_list[idx].ring_id;
        let mut high_aru = ct.memb_list[idx].aru;
        for e in &ct.memb_list[..=idx] {
            if e.ring_id == mine && sq_lt_compare(high_aru, e.aru) {
                high_aru = e.aru;
            }
        }
        for (i, e) in ct.memb_list[..=idx].iter_mut().enumerate() {
            if e.ring_id == mine && sq_lt_compare(e.aru, high_aru) {
                e.received_flg = 0;
                if i == idx {
                    self.my_received_flg = false;
                }
            }
        }
        ct.header.nodeid = self.my_id.addr[0].nodeid;
        ct.memb_index += 1;
    }

    /// Sets the token target on every interface; as in the original, each
    /// target change sends the commit token (`target_set_completed`).
    fn memb_state_commit_token_target_set(&mut self, io: &mut impl SrpIo, now: Time) {
        let n = self.commit_token.addr.len();
        if n == 0 {
            return;
        }
        let next = self.commit_token.memb_index as usize % n;
        for i in 0..self.cfg.interface_count {
            let target = self.commit_token.addr[next].addr[i];
            io.token_target_set(i, &target);
            self.memb_state_commit_token_send(io, now);
        }
    }

    fn memb_state_commit_token_send(&mut self, io: &mut impl SrpIo, now: Time) {
        self.commit_token.token_seq = self.commit_token.token_seq.wrapping_add(1);
        self.commit_token.header.nodeid = self.my_id.addr[0].nodeid;
        self.orf_token_retransmit.clear();
        self.commit_token.encode(&mut self.orf_token_retransmit);
        self.stats.memb_commit_token_tx += 1;
        io.token_send(now, &self.orf_token_retransmit);
        self.reset_token_retransmit_timeout(io, now);
    }

    fn memb_state_commit_token_send_recovery(
        &mut self,
        io: &mut impl SrpIo,
        now: Time,
        commit_token: &mut CommitToken,
    ) {
        commit_token.token_seq = commit_token.token_seq.wrapping_add(1);
        commit_token.header.nodeid = self.my_id.addr[0].nodeid;
        self.orf_token_retransmit.clear();
        commit_token.encode(&mut self.orf_token_retransmit);
        self.stats.memb_commit_token_tx += 1;
        io.token_send(now, &self.orf_token_retransmit);
        self.reset_token_retransmit_timeout(io, now);
    }

    /// `orf_token_send_initial`: the representative starts the new ring.
    fn orf_token_send_initial(&mut self, io: &mut impl SrpIo, now: Time) {
        let mut token = OrfToken::default();
        token.header = MessageHeader::new(MessageType::OrfToken, 0, self.my_nodeid());
        token.seq = SEQNO_START_MSG;
        token.token_seq = SEQNO_START_TOKEN;
        token.aru = SEQNO_START_MSG.wrapping_sub(1);
        token.aru_addr = self.my_nodeid();
        token.ring_id = self.my_ring_id;
        token.retrans_flg = 1;
        self.stats.orf_token_tx += 1;
        if self.retrans_message_queue.is_empty() {
            token.retrans_flg = 0;
            self.my_set_retrans_flg = false;
        } else {
            token.retrans_flg = 1;
            self.my_set_retrans_flg = true;
        }
        self.token_send(io, now, &mut token, true);
    }

    // ----------------------------------------------------------------
    // Membership messages out
    // ----------------------------------------------------------------

    fn join_delay(&self, io: &mut impl SrpIo) -> u64 {
        if self.cfg.send_join_timeout != 0 {
            io.random_below(u64::from(self.cfg.send_join_timeout) * 1000)
        } else {
            0
        }
    }

    pub(super) fn memb_join_message_send(&mut self, io: &mut impl SrpIo, now: Time) {
        let join = MembJoin {
            header: MessageHeader::new(MessageType::MembJoin, 0, self.my_nodeid()),
            system_from: self.my_id,
            ring_seq: self.my_ring_id.seq,
            proc_list: self.my_proc_list.clone(),
            failed_list: self.my_failed_list.clone(),
        };
        self.scratch.clear();
        join.encode(&mut self.scratch);
        let delay = self.join_delay(io);
        self.stats.memb_join_tx += 1;
        io.mcast_flush_send(now, &self.scratch, delay);
    }

    pub(super) fn memb_leave_message_send(&mut self, io: &mut impl SrpIo, now: Time) {
        tlog!(io, LogLevel::Debug, "sending join/leave message");
        let me = [self.my_id];
        sets::merge(&me, &mut self.my_failed_list);
        let active = sets::subtract(&self.my_proc_list, &me);
        let mut system_from = self.my_id;
        system_from.addr[0].nodeid = LEAVE_DUMMY_NODEID;
        let join = MembJoin {
            header: MessageHeader::new(MessageType::MembJoin, 0, LEAVE_DUMMY_NODEID),
            system_from,
            ring_seq: self.my_ring_id.seq,
            proc_list: active,
            failed_list: self.my_failed_list.clone(),
        };
        self.scratch.clear();
        join.encode(&mut self.scratch);
        let delay = self.join_delay(io);
        self.stats.memb_join_tx += 1;
        io.mcast_flush_send(now, &self.scratch, delay);
    }

    pub(super) fn memb_merge_detect_transmit(&mut self, io: &mut impl SrpIo, now: Time) {
        let md = MergeDetect {
            header: MessageHeader::new(MessageType::MembMergeDetect, 0, self.my_nodeid()),
            system_from: self.my_id,
            ring_id: self.my_ring_id,
        };
        self.scratch.clear();
        md.encode(&mut self.scratch);
        self.stats.memb_merge_detect_tx += 1;
        io.mcast_flush_send(now, &self.scratch, 0);
    }

    pub(super) fn token_hold_cancel_send(&mut self, io: &mut impl SrpIo, now: Time) {
        if !self.my_token_held {
            return;
        }
        self.my_token_held = false;
        let thc = TokenHoldCancel {
            header: MessageHeader::new(MessageType::TokenHoldCancel, 0, self.my_nodeid()),
            ring_id: self.my_ring_id,
        };
        self.scratch.clear();
        thc.encode(&mut self.scratch);
        self.stats.token_hold_cancel_tx += 1;
        io.mcast_flush_send(now, &self.scratch, 0);
    }

    // ----------------------------------------------------------------
    // Membership messages in
    // ----------------------------------------------------------------

    pub(super) fn message_handler_memb_merge_detect(
        &mut self,
        io: &mut impl SrpIo,
        now: Time,
        msg: &[u8],
    ) -> Result<(), DecodeError> {
        let md = MergeDetect::decode(msg)?;
        if self.my_ring_id == md.ring_id {
            return Ok(());
        }
        match self.memb_state {
            MembState::Operational => {
                sets::merge(&[md.system_from], &mut self.my_proc_list);
                self.gather_enter(io, now, 9);
            }
            MembState::Gather => {
                if !sets::subset(&[md.system_from], &self.my_proc_list) {
                    sets::merge(&[md.system_from], &mut self.my_proc_list);
                    self.gather_enter(io, now, 10);
                }
            }
            MembState::Commit | MembState::Recovery => {}
        }
        Ok(())
    }

    fn memb_join_process(&mut self, io: &mut impl SrpIo, now: Time, join: &MembJoin) {
        let mut gather_entered = false;
        let proc_list = &join.proc_list;
        let failed_list = &join.failed_list;

        if sets::equal(proc_list, &self.my_proc_list)
            && sets::equal(failed_list, &self.my_failed_list)
        {
            self.memb_consensus_set(&join.system_from);

            if self.memb_consensus_agreed() && self.failed_to_recv {
                self.failed_to_recv = false;
                self.my_proc_list = vec![self.my_id];
                self.my_failed_list.clear();
                self.memb_state_commit_token_create(io);
                self.commit_enter(io, now);
                return;
            }
            if self.memb_consensus_agreed() && self.memb_lowest_in_config() {
                self.memb_state_commit_token_create(io);
                self.commit_enter(io, now);
            }
            // else: nothing more to do (see below)
        } else if sets::subset(proc_list, &self.my_proc_list)
            && sets::subset(failed_list, &self.my_failed_list)
        {
            // A stale view: ignore.
        } else if sets::subset(&[join.system_from], &self.my_failed_list) {
            // From a processor we consider failed: ignore.
        } else {
            sets::merge(proc_list, &mut self.my_proc_list);
            if sets::subset(&[self.my_id], failed_list) {
                sets::merge(&[join.system_from], &mut self.my_failed_list);
            } else if sets::subset(&[join.system_from], &self.my_memb_list) {
                if !sets::subset(&[join.system_from], &self.my_failed_list) {
                    sets::merge(failed_list, &mut self.my_failed_list);
                } else {
                    let fail_minus_memb = sets::subtract(failed_list, &self.my_memb_list);
                    sets::merge(&fail_minus_memb, &mut self.my_failed_list);
                }
            }
            self.gather_enter(io, now, 11);
            gather_entered = true;
        }

        if !gather_entered && self.memb_state == MembState::Operational {
            self.gather_enter(io, now, 12);
        }
    }

    /// Deviation from 1.4.10, taken from later corosync releases: in
    /// OPERATIONAL, a JOIN that lists us as failed, or a stale JOIN (older
    /// ring sequence) from a member of our ring, does not break the ring.
    /// Without this, the JOIN a processor multicasts just before it forms
    /// a ring of its own after a consensus timeout (listing everybody
    /// else as failed) reaches processors that formed their own rings
    /// meanwhile; they adopt it as "that processor failed", and two such
    /// processors can keep excluding each other at every merge.
    fn ignore_join_under_operational(&self, join: &MembJoin) -> bool {
        if sets::subset(&[self.my_id], &join.failed_list) {
            return true;
        }
        sets::subset(&[join.system_from], &self.my_memb_list) && join.ring_seq < self.my_ring_id.seq
    }

    pub(super) fn message_handler_memb_join(
        &mut self,
        io: &mut impl SrpIo,
        now: Time,
        msg: &[u8],
    ) -> Result<(), DecodeError> {
        let join = MembJoin::decode(msg)?;
        if io.log_enabled(LogLevel::Trace) {
            let ids = |l: &[SrpAddr]| -> Vec<u32> { l.iter().map(|a| a.nodeid().0).collect() };
            io.log(
                LogLevel::Trace,
                format!(
                    "join from {} ring_seq {} proc {:?} failed {:?}; mine proc {:?} failed {:?} state {:?}",
                    join.system_from.nodeid().0,
                    join.ring_seq,
                    ids(&join.proc_list),
                    ids(&join.failed_list),
                    ids(&self.my_proc_list),
                    ids(&self.my_failed_list),
                    self.memb_state
                ),
            );
        }
        if self.pause_flush(io, now) {
            return Ok(());
        }
        if self.token_ring_id_seq < join.ring_seq {
            self.token_ring_id_seq = join.ring_seq;
        }
        match self.memb_state {
            MembState::Operational => {
                if !self.ignore_join_under_operational(&join) {
                    self.memb_join_process(io, now, &join);
                }
            }
            MembState::Gather => {
                self.memb_join_process(io, now, &join);
            }
            MembState::Commit => {
                if sets::subset(&[join.system_from], &self.my_new_memb_list)
                    && join.ring_seq >= self.my_ring_id.seq
                {
                    self.memb_join_process(io, now, &join);
                    self.gather_enter(io, now, 13);
                }
            }
            MembState::Recovery => {
                if sets::subset(&[join.system_from], &self.my_new_memb_list)
                    && join.ring_seq >= self.my_ring_id.seq
                {
                    self.memb_join_process(io, now, &join);
                    self.memb_recovery_state_token_loss(io, now);
                    self.gather_enter(io, now, 14);
                }
            }
        }
        Ok(())
    }

    pub(super) fn message_handler_memb_commit_token(
        &mut self,
        io: &mut impl SrpIo,
        now: Time,
        msg: &[u8],
    ) -> Result<(), DecodeError> {
        tlog!(io, LogLevel::Debug, "got commit token");
        let mut ct = CommitToken::decode(msg)?;
        match self.memb_state {
            MembState::Operational => {}
            MembState::Gather => {
                let sub = sets::subtract(&self.my_proc_list, &self.my_failed_list);
                if sets::equal(&ct.addr, &sub)
                    && ct.ring_id.seq > self.my_ring_id.seq
                    && (ct.memb_index as usize) < ct.addr.len()
                {
                    self.commit_token = ct;
                    self.commit_enter(io, now);
                }
            }
            MembState::Commit => {
                if ct.ring_id.seq == self.my_ring_id.seq && ct.memb_index as usize == ct.addr.len()
                {
                    self.recovery_enter(io, now, &mut ct);
                }
            }
            MembState::Recovery => {
                if self.am_rep() {
                    if self.originated_orf_token {
                        return Ok(());
                    }
                    self.originated_orf_token = true;
                    tlog!(io, LogLevel::Debug, "Sending initial ORF token");
                    self.orf_token_send_initial(io, now);
                    self.reset_token_timeout(io, now);
                    self.reset_token_retransmit_timeout(io, now);
                }
            }
        }
        Ok(())
    }

    pub(super) fn message_handler_token_hold_cancel(
        &mut self,
        io: &mut impl SrpIo,
        now: Time,
        msg: &[u8],
    ) -> Result<(), DecodeError> {
        let thc = TokenHoldCancel::decode(msg)?;
        if thc.ring_id == self.my_ring_id {
            self.my_seq_unchanged = 0;
            if self.am_rep() {
                self.timer_function_token_retransmit_timeout(io, now);
            }
        }
        Ok(())
    }

    /// Used by the token handler when a FAILED TO RECEIVE is declared.
    pub(super) fn mark_self_failed(&mut self) {
        self.failed_to_recv = true;
        let me = [self.my_id];
        sets::merge(&me, &mut self.my_failed_list);
    }

    /// `message_handler_mcast` for a message of another ring.
    pub(super) fn foreign_mcast(&mut self, io: &mut impl SrpIo, now: Time, system_from: SrpAddr) {
        match self.memb_state {
            MembState::Operational => {
                sets::merge(&[system_from], &mut self.my_proc_list);
                self.gather_enter(io, now, 7);
            }
            MembState::Gather => {
                if !sets::subset(&[system_from], &self.my_proc_list) {
                    sets::merge(&[system_from], &mut self.my_proc_list);
                    self.gather_enter(io, now, 8);
                }
            }
            MembState::Commit | MembState::Recovery => {
                self.stats.rx_msg_dropped += 1;
            }
        }
    }

    /// The node ids of the members of the last regular configuration.
    pub(crate) fn member_nodeids(&self) -> Vec<NodeId> {
        self.my_memb_list.iter().map(|a| a.nodeid()).collect()
    }
}
