//! The ordering half of totemsrp: the ORF token visit (flow control,
//! retransmission, sending new messages, all-received-up-to), MCAST
//! reception and in-order delivery.

use super::sets;
use super::{MembState, Srp, SrpIo, TokenCallbackType};
use crate::config::FRAME_SIZE_MAX;
use crate::log::{LogLevel, tlog};
use crate::packet::{
    DecodeError, MCAST_HEADER_LEN, MESSAGE_ENCAPSULATED, McastHeader, NodeId, OrfToken, RtrItem,
    sq_lt_compare, sq_lte_compare,
};
use crate::sq::{QUEUE_RTR_ITEMS_SIZE_MAX, SortQueue};
use crate::time::Time;

impl Srp {
    fn sort_queue(&self) -> &SortQueue {
        if self.memb_state == MembState::Recovery {
            &self.recovery_sort_queue
        } else {
            &self.regular_sort_queue
        }
    }

    /// `messages_free`: release messages everybody has received.
    fn messages_free(&mut self, io: &mut impl SrpIo, token_aru: u32) {
        let mut release_to = token_aru;
        if sq_lt_compare(self.my_last_aru, release_to) {
            release_to = self.my_last_aru;
        }
        if sq_lt_compare(self.my_high_delivered, release_to) {
            release_to = self.my_high_delivered;
        }
        if sq_lt_compare(release_to, self.last_released) {
            return;
        }
        let range = release_to
            .wrapping_sub(self.last_released)
            .min(QUEUE_RTR_ITEMS_SIZE_MAX);
        for i in 1..=range {
            self.regular_sort_queue
                .release(self.last_released.wrapping_add(i), io.pool());
        }
        self.last_released = self.last_released.wrapping_add(range);
        if range > 0 {
            tlog!(
                io,
                LogLevel::Trace,
                "releasing messages up to and including {release_to:x}"
            );
        }
    }

    /// `update_aru`: advance our all-received-up-to over contiguous
    /// messages.
    fn update_aru(&mut self) {
        let range = self
            .my_high_seq_received
            .wrapping_sub(self.my_aru)
            .min(QUEUE_RTR_ITEMS_SIZE_MAX);
        let saved = self.my_aru;
        let q = self.sort_queue();
        let mut i = 1u32;
        while i <= range {
            let seq = saved.wrapping_add(i);
            if !(q.in_range(seq) && q.inuse(seq)) {
                break;
            }
            i += 1;
        }
        self.my_aru = self.my_aru.wrapping_add(i - 1);
    }

    /// `orf_token_remcast`: retransmit one message we hold.
    fn orf_token_remcast(&mut self, io: &mut impl SrpIo, now: Time, seq: u32) -> bool {
        let q = if self.memb_state == MembState::Recovery {
            &self.recovery_sort_queue
        } else {
            &self.regular_sort_queue
        };
        if !q.in_range(seq) {
            tlog!(io, LogLevel::Debug, "sq not in range");
            return false;
        }
        match q.get(seq) {
            Some(msg) => {
                io.mcast_noflush_send(now, msg);
                true
            }
            None => false,
        }
    }

    /// `orf_token_rtr`: serve the token's retransmit requests, then add
    /// our own.
    fn orf_token_rtr(
        &mut self,
        io: &mut impl SrpIo,
        now: Time,
        token: &mut OrfToken,
        fcc_allowed: &mut u32,
    ) -> u32 {
        if !token.rtr_list().is_empty() {
            tlog!(
                io,
                LogLevel::Debug,
                "Retransmit List {}",
                token.rtr_list().len()
            );
            if io.log_enabled(LogLevel::Notice) {
                let mut text = String::from("Retransmit List: ");
                for item in token.rtr_list() {
                    text.push_str(&format!("{:x} ", item.seq));
                }
                io.log(LogLevel::Notice, text);
            }
        }

        self.fcc_remcast_current = 0;
        let mut i = 0;
        while self.fcc_remcast_current < *fcc_allowed && i < token.rtr_list().len() {
            let item = token.rtr_list()[i];
            if item.ring_id != self.my_ring_id {
                i += 1;
                continue;
            }
            if self.orf_token_remcast(io, now, item.seq) {
                token.rtr_remove(i);
                self.stats.mcast_retx += 1;
                self.fcc_remcast_current += 1;
            } else {
                i += 1;
            }
        }
        *fcc_allowed = fcc_allowed.wrapping_sub(self.fcc_remcast_current);

        // Request what we are missing, once a gap has been seen
        // miss_count_const times.
        let range = token
            .seq
            .wrapping_sub(self.my_aru)
            .min(QUEUE_RTR_ITEMS_SIZE_MAX);
        let miss_count_const = self.cfg.miss_count_const;
        let my_aru = self.my_aru;
        let my_ring_id = self.my_ring_id;
        let q = if self.memb_state == MembState::Recovery {
            &mut self.recovery_sort_queue
        } else {
            &mut self.regular_sort_queue
        };
        let mut i = 1u32;
        while token.rtr_list().len() < crate::packet::RETRANSMIT_ENTRIES_MAX && i <= range {
            let seq = my_aru.wrapping_add(i);
            i += 1;
            if !q.in_range(seq) {
                break;
            }
            if !q.inuse(seq) {
                if q.miss_count(seq) < miss_count_const {
                    continue;
                }
                if !token.rtr_list().iter().any(|r| r.seq == seq) {
                    token.rtr_push(RtrItem {
                        ring_id: my_ring_id,
                        seq,
                    });
                }
            }
        }
        self.fcc_remcast_current
    }

    /// `backlog_get`.
    fn backlog_get(&mut self) -> u32 {
        let backlog = match self.memb_state {
            MembState::Operational => self.queues.active().len() as u32,
            MembState::Recovery => self.retrans_message_queue.len() as u32,
            _ => 0,
        };
        let latest = self.stats.latest_token;
        self.stats.token[latest].backlog_calc = backlog as i32;
        backlog
    }

    /// `fcc_calculate`: how many messages we may send on this visit.
    fn fcc_calculate(&mut self, token: &OrfToken) -> u32 {
        let mut transmits_allowed = self.cfg.max_messages;
        let window_left = self.cfg.window_size.wrapping_sub(token.fcc);
        if transmits_allowed > window_left {
            transmits_allowed = window_left;
        }
        self.my_cbl = self.backlog_get();
        let denominator = token
            .backlog
            .wrapping_add(self.my_cbl)
            .wrapping_sub(self.my_pbl);
        if let Some(backlog_calc) = self
            .cfg
            .window_size
            .wrapping_mul(self.my_pbl)
            .checked_div(denominator)
            && backlog_calc > 0
            && transmits_allowed > backlog_calc
        {
            transmits_allowed = backlog_calc;
        }
        transmits_allowed
    }

    /// `fcc_rtr_limit`: never overflow the sort queue window.
    fn fcc_rtr_limit(&self, token: &OrfToken, transmits_allowed: &mut u32) {
        let limit = self
            .last_released
            .wrapping_add(QUEUE_RTR_ITEMS_SIZE_MAX)
            .wrapping_sub(*transmits_allowed)
            .wrapping_sub(self.cfg.window_size);
        if sq_lt_compare(limit, token.seq) {
            *transmits_allowed = 0;
        }
    }

    fn fcc_token_update(&mut self, token: &mut OrfToken, msgs_transmitted: u32) {
        token.fcc = token
            .fcc
            .wrapping_add(msgs_transmitted.wrapping_sub(self.my_trc));
        token.backlog = token
            .backlog
            .wrapping_add(self.my_cbl.wrapping_sub(self.my_pbl));
        self.my_trc = msgs_transmitted;
        self.my_pbl = self.my_cbl;
    }

    /// `orf_token_mcast`: send queued messages, each taking the next ring
    /// sequence number.
    fn orf_token_mcast(
        &mut self,
        io: &mut impl SrpIo,
        now: Time,
        token: &mut OrfToken,
        fcc_mcasts_allowed: u32,
    ) -> u32 {
        let recovery = self.memb_state == MembState::Recovery;
        if recovery {
            self.reset_token_retransmit_timeout(io, now);
        }
        let mut sent = 0u32;
        while sent < fcc_mcasts_allowed {
            let item = if recovery {
                self.retrans_message_queue.pop_front()
            } else if self.queues.waiting_trans_ack {
                self.queues.new_trans.pop_front()
            } else {
                self.queues.new.pop_front()
            };
            let Some(mut msg) = item else {
                break;
            };
            token.seq = token.seq.wrapping_add(1);
            let this_seqno = self.global_seqno;
            self.global_seqno = self.global_seqno.wrapping_add(1);
            McastHeader::patch_order(&mut msg, token.seq, this_seqno, &self.my_ring_id);
            io.mcast_noflush_send(now, &msg);
            let q = if recovery {
                &mut self.recovery_sort_queue
            } else {
                &mut self.regular_sort_queue
            };
            if let Some(old) = q.add(token.seq, msg) {
                io.pool().put(old);
            }
            self.my_high_seq_received = token.seq;
            sent += 1;
        }
        self.update_aru();
        sent
    }

    /// `token_send`: keep a copy for retransmission and forward it.
    pub(super) fn token_send(
        &mut self,
        io: &mut impl SrpIo,
        now: Time,
        token: &mut OrfToken,
        forward_token: bool,
    ) {
        token.header.nodeid = self.my_id.addr[0].nodeid;
        self.orf_token_retransmit.clear();
        token.encode(&mut self.orf_token_retransmit);
        if forward_token {
            io.token_send(now, &self.orf_token_retransmit);
        }
    }

    /// `message_handler_orf_token`.
    pub(super) fn message_handler_orf_token(
        &mut self,
        io: &mut impl SrpIo,
        now: Time,
        msg: &[u8],
    ) -> Result<(), DecodeError> {
        if self.orf_token_discard {
            return Ok(());
        }
        let mut token = std::mem::take(&mut self.token);
        let res = token.decode_into(msg);
        if res.is_ok() {
            self.orf_token_process(io, now, &mut token);
        }
        self.token = token;
        res
    }

    fn orf_token_process(&mut self, io: &mut impl SrpIo, now: Time, token: &mut OrfToken) {
        // Merge detection and token hold bookkeeping.
        if token.seq == self.my_last_seq {
            self.start_merge_detect_timeout(io, now);
            self.my_seq_unchanged += 1;
        } else {
            self.cancel_merge_detect_timeout(io);
            self.cancel_token_hold_retransmit_timeout(io);
            self.my_seq_unchanged = 0;
        }
        self.my_last_seq = token.seq;

        let am_rep = self.am_rep();
        // The representative holds after more than seqno_unchanged_const
        // idle rotations; the others mark themselves after as many.
        self.my_token_held = if am_rep {
            self.my_seq_unchanged > self.cfg.seqno_unchanged_const
        } else {
            self.my_seq_unchanged >= self.cfg.seqno_unchanged_const
        };
        let forward_token = !(am_rep && self.my_token_held);

        self.token_callbacks_execute(io, now, TokenCallbackType::Received);

        match self.memb_state {
            MembState::Commit => {}
            MembState::Operational | MembState::Gather | MembState::Recovery => {
                if token.ring_id != self.my_ring_id {
                    if forward_token && self.use_heartbeat {
                        self.reset_heartbeat_timeout(io, now);
                    } else {
                        self.cancel_heartbeat_timeout(io);
                    }
                    return;
                }
                if sq_lte_compare(token.token_seq, self.my_token_seq) {
                    return;
                }
                // Deviation from the original, which frees before the two
                // checks above: a retransmitted copy of a token already
                // processed carries an aru that has not yet been stable for
                // a rotation (`my_last_aru` already equals it), so freeing on
                // it can drop messages another member still lacks and that
                // nobody can retransmit or recover afterwards.
                if self.memb_state == MembState::Operational {
                    self.messages_free(io, token.aru);
                }
                tlog!(
                    io,
                    LogLevel::Trace,
                    "token visit: token_seq {} seq {:x} aru {:x} aru_addr {} rtr {} retrans_flg {}; my aru {:x} high seq {:x} high delivered {:x} last aru {:x}",
                    token.token_seq,
                    token.seq,
                    token.aru,
                    token.aru_addr.0,
                    token.rtr_list().len(),
                    token.retrans_flg,
                    self.my_aru,
                    self.my_high_seq_received,
                    self.my_high_delivered,
                    self.my_last_aru
                );
                let last_aru = self.my_last_aru;
                self.my_last_aru = token.aru;

                let mut transmits_allowed = self.fcc_calculate(token);
                let mcasted_retransmit = self.orf_token_rtr(io, now, token, &mut transmits_allowed);
                self.fcc_rtr_limit(token, &mut transmits_allowed);
                let mcasted_regular = self.orf_token_mcast(io, now, token, transmits_allowed);
                self.fcc_token_update(token, mcasted_retransmit.wrapping_add(mcasted_regular));

                let my_nodeid = self.my_nodeid();
                if sq_lt_compare(self.my_aru, token.aru)
                    || my_nodeid == token.aru_addr
                    || token.aru_addr == NodeId(0)
                {
                    token.aru = self.my_aru;
                    token.aru_addr = if token.aru == token.seq {
                        NodeId(0)
                    } else {
                        my_nodeid
                    };
                }
                if token.aru == last_aru && token.aru_addr != NodeId(0) {
                    self.my_aru_count += 1;
                } else {
                    self.my_aru_count = 0;
                }

                if self.my_aru_count > self.cfg.fail_to_recv_const && token.aru_addr == my_nodeid {
                    tlog!(io, LogLevel::Error, "FAILED TO RECEIVE");
                    self.mark_self_failed();
                    self.gather_enter(io, now, 6);
                } else {
                    self.my_token_seq = token.token_seq;
                    token.token_seq = token.token_seq.wrapping_add(1);

                    if self.memb_state == MembState::Recovery {
                        self.recovery_token_progress(io, now, token);
                    }

                    self.token_send(io, now, token, forward_token);

                    if self.memb_state == MembState::Operational {
                        let end = self.my_high_seq_received;
                        self.messages_deliver_to_app(io, false, end);
                    }

                    self.reset_token_timeout(io, now);
                    self.reset_token_retransmit_timeout(io, now);
                    if self.my_id.addr[0].equal(&self.my_ring_id.rep) && self.my_token_held {
                        self.start_token_hold_retransmit_timeout(io, now);
                    }

                    self.token_callbacks_execute(io, now, TokenCallbackType::Sent);
                }
            }
        }

        if forward_token && self.use_heartbeat {
            self.reset_heartbeat_timeout(io, now);
        } else {
            self.cancel_heartbeat_timeout(io);
        }
    }

    /// The RECOVERY part of a token visit: track the retransmission flag
    /// and install the new configuration once every member has recovered.
    fn recovery_token_progress(&mut self, io: &mut impl SrpIo, now: Time, token: &mut OrfToken) {
        if !self.retrans_message_queue.is_empty() {
            if token.retrans_flg == 0 {
                token.retrans_flg = 1;
                self.my_set_retrans_flg = true;
            }
        } else if token.retrans_flg == 1 && self.my_set_retrans_flg {
            token.retrans_flg = 0;
            self.my_set_retrans_flg = false;
        }
        tlog!(
            io,
            LogLevel::Debug,
            "token retrans flag is {} my set retrans flag{} retrans queue empty {} count {}, aru {:x}",
            token.retrans_flg,
            i32::from(self.my_set_retrans_flg),
            i32::from(self.retrans_message_queue.is_empty()),
            self.my_retrans_flg_count,
            token.aru
        );
        if token.retrans_flg == 0 {
            self.my_retrans_flg_count += 1;
        } else {
            self.my_retrans_flg_count = 0;
        }
        if self.my_retrans_flg_count == 2 {
            self.my_install_seq = token.seq;
        }
        tlog!(
            io,
            LogLevel::Debug,
            "install seq {:x} aru {:x} high seq received {:x}",
            self.my_install_seq,
            self.my_aru,
            self.my_high_seq_received
        );
        if self.my_retrans_flg_count >= 2
            && !self.my_received_flg
            && sq_lte_compare(self.my_install_seq, self.my_aru)
        {
            self.my_received_flg = true;
            self.my_deliver_memb_list = self.my_trans_memb_list.clone();
        }
        if self.my_retrans_flg_count >= 3 && sq_lte_compare(self.my_install_seq, token.aru) {
            self.my_rotation_counter += 1;
        } else {
            self.my_rotation_counter = 0;
        }
        if self.my_rotation_counter == 2 {
            tlog!(
                io,
                LogLevel::Debug,
                "retrans flag count {:x} token aru {:x} install seq {:x} aru {:x} {:x}",
                self.my_retrans_flg_count,
                token.aru,
                self.my_install_seq,
                self.my_aru,
                token.seq
            );
            self.operational_enter(io, now);
            self.my_rotation_counter = 0;
            self.my_retrans_flg_count = 0;
        }
    }

    /// `messages_deliver_to_app`: hand ordered messages to totempg, up to
    /// `end_point`. With `skip`, holes are passed over and only messages of
    /// the members in `my_deliver_memb_list` are delivered.
    pub(super) fn messages_deliver_to_app(
        &mut self,
        io: &mut impl SrpIo,
        skip: bool,
        end_point: u32,
    ) {
        let range = end_point.wrapping_sub(self.my_high_delivered);
        if range != 0 {
            tlog!(
                io,
                LogLevel::Trace,
                "Delivering {:x} to {:x}",
                self.my_high_delivered,
                end_point
            );
        }
        let range = range.min(QUEUE_RTR_ITEMS_SIZE_MAX);
        let stored = self.my_high_delivered;
        for i in 1..=range {
            let seq = stored.wrapping_add(i);
            if !self.regular_sort_queue.in_range(seq) {
                break;
            }
            let msg = self.regular_sort_queue.get(seq);
            if msg.is_none() && !skip {
                break;
            }
            self.my_high_delivered = seq;
            let Some(msg) = msg else {
                continue;
            };
            let Ok((header, endian_conversion_required)) = McastHeader::decode(msg) else {
                continue;
            };
            if skip && !sets::subset(&[header.system_from], &self.my_deliver_memb_list) {
                continue;
            }
            tlog!(
                io,
                LogLevel::Trace,
                "Delivering MCAST message with seq {:x} to pending delivery queue",
                header.seq
            );
            io.deliver(
                header.header.nodeid,
                &msg[MCAST_HEADER_LEN..],
                endian_conversion_required,
                (&header.ring_id, header.seq),
            );
        }
    }

    /// `message_handler_mcast`.
    pub(super) fn message_handler_mcast(
        &mut self,
        io: &mut impl SrpIo,
        now: Time,
        msg: &[u8],
    ) -> Result<(), DecodeError> {
        let (header, _) = McastHeader::decode(msg)?;
        if msg.len() > FRAME_SIZE_MAX {
            return Err(DecodeError::BadCount {
                field: "mcast length",
                value: msg.len() as i64,
            });
        }
        let encapsulated = header.header.encapsulated == MESSAGE_ENCAPSULATED;

        if self.my_ring_id != header.ring_id {
            self.foreign_mcast(io, now, header.system_from);
            return Ok(());
        }

        tlog!(
            io,
            LogLevel::Trace,
            "Received ringid({}:{}) seq {:x}",
            header.ring_id.rep.print(),
            header.ring_id.seq,
            header.seq
        );

        let q = if encapsulated {
            &mut self.recovery_sort_queue
        } else {
            &mut self.regular_sort_queue
        };
        if !msg.is_empty() && q.in_range(header.seq) && !q.inuse(header.seq) {
            let copy = io.pool().copy_of(msg);
            if sq_lt_compare(self.my_high_seq_received, header.seq) {
                self.my_high_seq_received = header.seq;
            }
            if let Some(old) = q.add(header.seq, copy) {
                io.pool().put(old);
            }
        }

        self.update_aru();
        if self.memb_state == MembState::Operational {
            let end = self.my_high_seq_received;
            self.messages_deliver_to_app(io, false, end);
        }
        Ok(())
    }
}
