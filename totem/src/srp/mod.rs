//! The Single Ring Ordering and Membership protocol (totemsrp).
//!
//! A pure state machine: messages and timer expiries go in, and everything
//! it does to the outside world (sending, delivering, configuration
//! changes, persisting the ring sequence, logging) goes through the
//! `SrpIo` trait. The states, rules, counters and log texts are those of
//! corosync 1.4.10's totemsrp.c.

mod membership;
mod ordering;
pub(crate) mod sets;
#[cfg(test)]
mod tests;

use std::collections::VecDeque;

use crate::config::{FRAME_SIZE_MAX, TotemConfig};
use crate::log::{LOG_LEVEL_SECURITY, LogLevel, tlog};
use crate::packet::{
    CommitToken, MESSAGE_HEADER_LEN, MESSAGE_NOT_ENCAPSULATED, McastHeader, MessageHeader,
    MessageType, NodeId, OrfToken, RingId, SrpAddr, TotemIpAddress,
};
use crate::pool::BufPool;
use crate::sq::{QUEUE_RTR_ITEMS_SIZE_MAX, SortQueue};
use crate::time::Time;
use crate::timers::{TimerId, Timers};

/// `SEQNO_START_MSG`.
pub(crate) const SEQNO_START_MSG: u32 = 0;
/// `SEQNO_START_TOKEN`.
pub(crate) const SEQNO_START_TOKEN: u32 = 0;
/// `RETRANS_MESSAGE_QUEUE_SIZE_MAX`.
const RETRANS_MESSAGE_QUEUE_SIZE_MAX: usize = 16384;
/// `LEAVE_DUMMY_NODEID`.
pub(crate) const LEAVE_DUMMY_NODEID: NodeId = NodeId(0);
/// `TOTEM_TOKEN_STATS_MAX`.
pub const TOKEN_STATS_MAX: usize = 100;

/// The membership states (`enum memb_state`, same numbering).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MembState {
    Operational = 1,
    Gather = 2,
    Commit = 3,
    Recovery = 4,
}

/// `enum totem_configuration_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConfigurationType {
    Regular = 0,
    Transitional = 1,
}

/// `enum totem_callback_token_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenCallbackType {
    /// Before the token is processed.
    Received = 1,
    /// After the token has been sent on.
    Sent = 2,
}

/// Identifies a registered token callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenCallbackId(pub u64);

/// The new-message queue is full; try again after the next token visit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueFull;

impl std::fmt::Display for QueueFull {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("totem message queue full")
    }
}

impl std::error::Error for QueueFull {}

/// One entry of the token statistics ring (`totemsrp_token_stats_t`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TokenStats {
    /// Milliseconds (host time) the token was received.
    pub rx: u32,
    /// Milliseconds (host time) the token was sent on (0 if dropped).
    pub tx: u32,
    /// Backlog used for flow control on that visit.
    pub backlog_calc: i32,
}

/// The counters of `totemsrp_stats_t` (exported as
/// `runtime.totem.pg.mrp.srp.*`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SrpStats {
    pub orf_token_tx: u64,
    pub orf_token_rx: u64,
    pub memb_merge_detect_tx: u64,
    pub memb_merge_detect_rx: u64,
    pub memb_join_tx: u64,
    pub memb_join_rx: u64,
    pub mcast_tx: u64,
    pub mcast_retx: u64,
    pub mcast_rx: u64,
    pub memb_commit_token_tx: u64,
    pub memb_commit_token_rx: u64,
    pub token_hold_cancel_tx: u64,
    pub token_hold_cancel_rx: u64,
    pub operational_entered: u64,
    pub operational_token_lost: u64,
    pub gather_entered: u64,
    pub gather_token_lost: u64,
    pub commit_entered: u64,
    pub commit_token_lost: u64,
    pub recovery_entered: u64,
    pub recovery_token_lost: u64,
    pub consensus_timeouts: u64,
    pub rx_msg_dropped: u64,
    pub continuous_gather: u32,
    pub continuous_sendmsg_failures: u32,
    pub earliest_token: usize,
    pub latest_token: usize,
    pub token: Vec<TokenStats>,
}

impl Default for SrpStats {
    fn default() -> SrpStats {
        SrpStats {
            orf_token_tx: 0,
            orf_token_rx: 0,
            memb_merge_detect_tx: 0,
            memb_merge_detect_rx: 0,
            memb_join_tx: 0,
            memb_join_rx: 0,
            mcast_tx: 0,
            mcast_retx: 0,
            mcast_rx: 0,
            memb_commit_token_tx: 0,
            memb_commit_token_rx: 0,
            token_hold_cancel_tx: 0,
            token_hold_cancel_rx: 0,
            operational_entered: 0,
            operational_token_lost: 0,
            gather_entered: 0,
            gather_token_lost: 0,
            commit_entered: 0,
            commit_token_lost: 0,
            recovery_entered: 0,
            recovery_token_lost: 0,
            consensus_timeouts: 0,
            rx_msg_dropped: 0,
            continuous_gather: 0,
            continuous_sendmsg_failures: 0,
            earliest_token: 0,
            latest_token: 0,
            token: vec![TokenStats::default(); TOKEN_STATS_MAX],
        }
    }
}

/// Everything the protocol does to the world outside it.
pub(crate) trait SrpIo {
    fn log_enabled(&self, level: LogLevel) -> bool;
    fn log(&mut self, level: LogLevel, text: String);
    fn timers(&mut self) -> &mut Timers;
    fn pool(&mut self) -> &mut BufPool;
    fn random_below(&mut self, bound: u64) -> u64;
    /// `totemrrp_token_send`: unicast to the token target(s).
    fn token_send(&mut self, now: Time, msg: &[u8]);
    /// `totemrrp_mcast_flush_send`: JOIN, MERGE_DETECT, TOKEN_HOLD_CANCEL,
    /// sent after `delay_us` (the `send_join` random delay, usually 0).
    fn mcast_flush_send(&mut self, now: Time, msg: &[u8], delay_us: u64);
    /// `totemrrp_mcast_noflush_send`: ordered data (and retransmissions).
    fn mcast_noflush_send(&mut self, now: Time, msg: &[u8]);
    /// `totemrrp_token_target_set` for one interface.
    fn token_target_set(&mut self, iface: usize, target: &TotemIpAddress);
    /// `totemrrp_processor_count_set`.
    fn processor_count_set(&mut self, count: usize);
    /// `totemrrp_iface_check` (on token loss).
    fn iface_check(&mut self, now: Time);
    /// Deviation from the original (see `Net::recovery_ring`): while in
    /// RECOVERY, ordered data also goes to the members of the new ring
    /// (`Some`); `None` when leaving RECOVERY (or entering GATHER).
    fn recovery_ring(&mut self, members: Option<&[SrpAddr]>);
    /// `totemrrp_membership_changed`.
    fn membership_changed(
        &mut self,
        kind: ConfigurationType,
        members: &[SrpAddr],
        left: &[SrpAddr],
        joined: &[SrpAddr],
    );
    /// One ordered message for totempg (the bytes after the MCAST header);
    /// `origin` is the ring id and sequence number it was ordered with.
    fn deliver(
        &mut self,
        nodeid: NodeId,
        msg: &[u8],
        endian_conversion_required: bool,
        origin: (&RingId, u32),
    );
    /// A configuration change.
    fn confchg(
        &mut self,
        kind: ConfigurationType,
        members: &[NodeId],
        left: &[NodeId],
        joined: &[NodeId],
        ring_id: &RingId,
    );
    /// `totemsrp_waiting_trans_ack_cb_fn` for the change to "waiting" made
    /// when a configuration is installed. It takes effect (for the queues
    /// here and for totempg) at this point of the delivery stream, that is
    /// when the host has consumed everything delivered before it; see
    /// [`Srp::apply_waiting_trans_ack`].
    fn waiting_trans_ack_changed(&mut self, waiting: bool);
    /// `memb_ring_id_store`: persist the ring sequence.
    fn store_ring_id(&mut self, ring_id: &RingId);
    /// totempg's own token-received callback: flush the partly packed
    /// frame into the new-message queue.
    fn pg_token_received(&mut self, queues: &mut SendQueues);
    /// A host-registered token callback fired.
    fn token_callback(&mut self, id: TokenCallbackId, kind: TokenCallbackType);
}

/// The two new-message queues (`new_message_queue` and, while waiting for
/// the transitional ack, `new_message_queue_trans`). totempg queues frames
/// here; the token holder takes them.
#[derive(Debug)]
pub(crate) struct SendQueues {
    pub(crate) new: VecDeque<Vec<u8>>,
    pub(crate) new_trans: VecDeque<Vec<u8>>,
    size: usize,
    pub(crate) waiting_trans_ack: bool,
    pub(crate) my_id: SrpAddr,
    pub(crate) mcast_tx: u64,
}

impl SendQueues {
    pub(crate) fn new(size: usize, my_id: SrpAddr) -> SendQueues {
        SendQueues {
            new: VecDeque::new(),
            new_trans: VecDeque::new(),
            size: size.max(3),
            waiting_trans_ack: true,
            my_id,
            mcast_tx: 0,
        }
    }

    pub(crate) fn active(&self) -> &VecDeque<Vec<u8>> {
        if self.waiting_trans_ack {
            &self.new_trans
        } else {
            &self.new
        }
    }

    fn active_mut(&mut self) -> &mut VecDeque<Vec<u8>> {
        if self.waiting_trans_ack {
            &mut self.new_trans
        } else {
            &mut self.new
        }
    }

    /// `totemsrp_avail`: free entries of the active queue, less two.
    pub(crate) fn avail(&self) -> usize {
        self.size.saturating_sub(self.active().len() + 2)
    }

    fn is_full(&self) -> bool {
        self.active().len() + 1 >= self.size
    }

    /// `totemsrp_mcast`: queues one frame (the concatenation of `parts`)
    /// behind a new MCAST header.
    pub(crate) fn mcast(
        &mut self,
        pool: &mut BufPool,
        parts: &[&[u8]],
        guarantee: i32,
    ) -> Result<(), QueueFull> {
        if self.is_full() {
            return Err(QueueFull);
        }
        let header = McastHeader {
            header: MessageHeader::new(
                MessageType::Mcast,
                MESSAGE_NOT_ENCAPSULATED,
                self.my_id.addr[0].nodeid,
            ),
            system_from: self.my_id,
            seq: 0,
            this_seqno: 0,
            ring_id: RingId::default(),
            node_id: 0,
            guarantee,
        };
        let mut buf = pool.take();
        header.encode(&mut buf);
        for p in parts {
            buf.extend_from_slice(p);
        }
        buf.truncate(FRAME_SIZE_MAX);
        self.mcast_tx += 1;
        self.active_mut().push_back(buf);
        Ok(())
    }
}

#[derive(Clone, Copy, Debug)]
struct TokenCallback {
    id: TokenCallbackId,
    persistent: bool,
}

/// Timing and limits the protocol uses, in milliseconds and counts.
#[derive(Clone, Debug)]
pub(crate) struct SrpConfig {
    pub(crate) token_timeout: u32,
    pub(crate) token_retransmit_timeout: u32,
    pub(crate) token_hold_timeout: u32,
    pub(crate) join_timeout: u32,
    pub(crate) send_join_timeout: u32,
    pub(crate) consensus_timeout: u32,
    pub(crate) merge_timeout: u32,
    pub(crate) fail_to_recv_const: u32,
    pub(crate) seqno_unchanged_const: u32,
    pub(crate) window_size: u32,
    pub(crate) max_messages: u32,
    pub(crate) miss_count_const: u32,
    pub(crate) interface_count: usize,
}

impl SrpConfig {
    pub(crate) fn from_totem(c: &TotemConfig) -> SrpConfig {
        SrpConfig {
            token_timeout: c.token_timeout,
            token_retransmit_timeout: c.token_retransmit_timeout,
            token_hold_timeout: c.token_hold_timeout,
            join_timeout: c.join_timeout,
            send_join_timeout: c.send_join_timeout,
            consensus_timeout: c.consensus_timeout,
            merge_timeout: c.merge_timeout,
            fail_to_recv_const: c.fail_to_recv_const,
            seqno_unchanged_const: c.seqno_unchanged_const,
            window_size: c.window_size,
            max_messages: c.max_messages,
            miss_count_const: c.miss_count_const,
            interface_count: c.interfaces.len().max(1),
        }
    }
}

/// The protocol instance (`struct totemsrp_instance`).
pub(crate) struct Srp {
    cfg: SrpConfig,
    pub(crate) queues: SendQueues,

    failed_to_recv: bool,
    fcc_remcast_current: u32,
    consensus_list: Vec<(SrpAddr, bool)>,
    my_id: SrpAddr,
    my_proc_list: Vec<SrpAddr>,
    my_failed_list: Vec<SrpAddr>,
    my_new_memb_list: Vec<SrpAddr>,
    my_trans_memb_list: Vec<SrpAddr>,
    my_memb_list: Vec<SrpAddr>,
    my_deliver_memb_list: Vec<SrpAddr>,
    my_left_memb_list: Vec<SrpAddr>,
    my_ring_id: RingId,
    my_old_ring_id: RingId,
    my_aru_count: u32,
    my_merge_detect_timeout_outstanding: bool,
    my_last_aru: u32,
    my_seq_unchanged: u32,
    my_received_flg: bool,
    my_high_seq_received: u32,
    my_install_seq: u32,
    my_rotation_counter: u32,
    my_set_retrans_flg: bool,
    my_retrans_flg_count: u32,
    my_high_ring_delivered: u32,
    heartbeat_timeout: u32,
    retrans_message_queue: VecDeque<Vec<u8>>,
    regular_sort_queue: SortQueue,
    recovery_sort_queue: SortQueue,
    my_aru: u32,
    my_high_delivered: u32,
    callbacks_received: Vec<TokenCallback>,
    callbacks_sent: Vec<TokenCallback>,
    next_callback_id: u64,
    orf_token_retransmit: Vec<u8>,
    my_token_seq: u32,
    memb_state: MembState,
    global_seqno: i32,
    my_token_held: bool,
    token_ring_id_seq: u64,
    last_released: u32,
    old_ring_state_saved: bool,
    old_ring_state_aru: u32,
    old_ring_state_high_seq_received: u32,
    my_last_seq: u32,
    use_heartbeat: bool,
    my_trc: u32,
    my_pbl: u32,
    my_cbl: u32,
    pause_timestamp: Time,
    pause_reported: bool,
    commit_token: CommitToken,
    stats: SrpStats,
    orf_token_discard: bool,
    originated_orf_token: bool,
    /// Scratch token, reused for every ORF token received.
    token: OrfToken,
    /// Encoding scratch buffer.
    scratch: Vec<u8>,
    shut_down: bool,
}

fn ms(v: u32) -> u64 {
    u64::from(v)
}

impl Srp {
    /// `totemsrp_initialize` followed by the interface-up handling of every
    /// interface: the ring id is loaded and the node enters GATHER.
    pub(crate) fn new(
        config: &TotemConfig,
        my_id: SrpAddr,
        queue_size: usize,
        ring_seq: u64,
        now: Time,
        io: &mut impl SrpIo,
    ) -> Srp {
        let cfg = SrpConfig::from_totem(config);
        let mut srp = Srp {
            queues: SendQueues::new(queue_size, my_id),
            failed_to_recv: false,
            fcc_remcast_current: 0,
            consensus_list: Vec::new(),
            my_id,
            my_proc_list: Vec::new(),
            my_failed_list: Vec::new(),
            my_new_memb_list: Vec::new(),
            my_trans_memb_list: Vec::new(),
            my_memb_list: Vec::new(),
            my_deliver_memb_list: Vec::new(),
            my_left_memb_list: Vec::new(),
            my_ring_id: RingId::default(),
            my_old_ring_id: RingId::default(),
            my_aru_count: 0,
            my_merge_detect_timeout_outstanding: false,
            my_last_aru: 0,
            my_seq_unchanged: 0,
            my_received_flg: true,
            my_high_seq_received: SEQNO_START_MSG,
            my_install_seq: 0,
            my_rotation_counter: 0,
            my_set_retrans_flg: false,
            my_retrans_flg_count: 0,
            my_high_ring_delivered: 0,
            heartbeat_timeout: 0,
            retrans_message_queue: VecDeque::new(),
            regular_sort_queue: SortQueue::new(QUEUE_RTR_ITEMS_SIZE_MAX, 0),
            recovery_sort_queue: SortQueue::new(QUEUE_RTR_ITEMS_SIZE_MAX, 0),
            my_aru: SEQNO_START_MSG,
            my_high_delivered: SEQNO_START_MSG,
            callbacks_received: Vec::new(),
            callbacks_sent: Vec::new(),
            next_callback_id: 1,
            orf_token_retransmit: Vec::new(),
            my_token_seq: SEQNO_START_TOKEN.wrapping_sub(1),
            memb_state: MembState::Operational,
            global_seqno: 0,
            my_token_held: false,
            token_ring_id_seq: 0,
            last_released: 0,
            old_ring_state_saved: false,
            old_ring_state_aru: 0,
            old_ring_state_high_seq_received: 0,
            my_last_seq: 0,
            use_heartbeat: true,
            my_trc: 0,
            my_pbl: 0,
            my_cbl: 0,
            pause_timestamp: now,
            pause_reported: false,
            commit_token: CommitToken::default(),
            stats: SrpStats::default(),
            orf_token_discard: false,
            originated_orf_token: false,
            token: OrfToken::default(),
            scratch: Vec::with_capacity(FRAME_SIZE_MAX),
            shut_down: false,
            cfg,
        };
        // Waiting from the start, as the original's initialisation does.
        tlog!(io, LogLevel::Debug, "waiting_trans_ack changed to 1");
        srp.queues.waiting_trans_ack = true;
        srp.log_configuration(config, io);
        srp.pause_timestamp = now;
        io.timers().arm(
            TimerId::Pause,
            now.plus_millis(ms(srp.cfg.token_timeout / 5)),
        );
        if config.heartbeat_failures_allowed == 0 {
            tlog!(
                io,
                LogLevel::Debug,
                "HeartBeat is Disabled. To enable set heartbeat_failures_allowed > 0"
            );
            srp.use_heartbeat = false;
        }
        if srp.use_heartbeat {
            srp.heartbeat_timeout = config
                .heartbeat_failures_allowed
                .wrapping_mul(config.token_retransmit_timeout)
                .wrapping_add(config.max_network_delay);
            if srp.heartbeat_timeout >= config.token_timeout {
                tlog!(
                    io,
                    LogLevel::Debug,
                    "total heartbeat_timeout ({} ms) is not less than token timeout ({} ms)",
                    srp.heartbeat_timeout,
                    config.token_timeout
                );
                tlog!(
                    io,
                    LogLevel::Debug,
                    "heartbeat_timeout = heartbeat_failures_allowed * token_retransmit_timeout + max_network_delay"
                );
                tlog!(
                    io,
                    LogLevel::Debug,
                    "heartbeat timeout should be less than the token timeout. HeartBeat is Diabled !!"
                );
                srp.use_heartbeat = false;
            } else {
                tlog!(
                    io,
                    LogLevel::Debug,
                    "total heartbeat_timeout ({} ms)",
                    srp.heartbeat_timeout
                );
            }
        }
        srp.my_ring_id = RingId {
            rep: my_id.addr[0],
            seq: ring_seq,
        };
        srp.token_ring_id_seq = ring_seq;
        srp
    }

    /// The first interface came up: report the loaded ring id
    /// (`memb_ring_id_create_or_load`).
    pub(crate) fn ring_id_loaded(&mut self, io: &mut impl SrpIo) {
        tlog!(
            io,
            LogLevel::Debug,
            "Created or loaded sequence id {:x}.{} for this ring.",
            self.my_ring_id.seq,
            self.my_ring_id.rep.print()
        );
    }

    /// Every interface is up: start gathering.
    pub(crate) fn start(&mut self, io: &mut impl SrpIo, now: Time) {
        self.gather_enter(io, now, 15);
    }

    fn log_configuration(&self, c: &TotemConfig, io: &mut impl SrpIo) {
        if !io.log_enabled(LogLevel::Debug) {
            return;
        }
        let rrp = match c.rrp_mode {
            crate::config::RrpMode::None => "none",
            crate::config::RrpMode::Passive => "passive",
            crate::config::RrpMode::Active => "active",
        };
        let lines = [
            format!(
                "Token Timeout ({} ms) retransmit timeout ({} ms)",
                c.token_timeout, c.token_retransmit_timeout
            ),
            format!(
                "token hold ({} ms) retransmits before loss ({} retrans)",
                c.token_hold_timeout, c.token_retransmits_before_loss_const
            ),
            format!(
                "join ({} ms) send_join ({} ms) consensus ({} ms) merge ({} ms)",
                c.join_timeout, c.send_join_timeout, c.consensus_timeout, c.merge_timeout
            ),
            format!(
                "downcheck ({} ms) fail to recv const ({} msgs)",
                c.downcheck_timeout, c.fail_to_recv_const
            ),
            format!(
                "seqno unchanged const ({} rotations) Maximum network MTU {}",
                c.seqno_unchanged_const,
                c.net_mtu
                    .wrapping_sub(crate::packet::MCAST_HEADER_LEN as u32)
            ),
            format!(
                "window size per rotation ({} messages) maximum messages per rotation ({} messages)",
                c.window_size, c.max_messages
            ),
            format!("missed count const ({} messages)", c.miss_count_const),
            format!("send threads ({} threads)", c.threads),
            format!(
                "RRP token expired timeout ({} ms)",
                c.rrp_token_expired_timeout
            ),
            format!(
                "RRP token problem counter ({} ms)",
                c.rrp_problem_count_timeout
            ),
            format!(
                "RRP threshold ({} problem count)",
                c.rrp_problem_count_threshold
            ),
            format!(
                "RRP multicast threshold ({} problem count)",
                c.rrp_problem_count_mcast_threshold
            ),
            format!(
                "RRP automatic recovery check timeout ({} ms)",
                c.rrp_autorecovery_check_timeout
            ),
            format!("RRP mode set to {rrp}."),
            format!(
                "heartbeat_failures_allowed ({})",
                c.heartbeat_failures_allowed
            ),
            format!("max_network_delay ({} ms)", c.max_network_delay),
        ];
        for l in lines {
            io.log(LogLevel::Debug, l);
        }
    }

    // ----------------------------------------------------------------
    // Queries
    // ----------------------------------------------------------------

    pub(crate) fn my_id(&self) -> &SrpAddr {
        &self.my_id
    }

    pub(crate) fn ring_id(&self) -> &RingId {
        &self.my_ring_id
    }

    pub(crate) fn state(&self) -> MembState {
        self.memb_state
    }

    /// Members of the current regular configuration.
    pub(crate) fn members(&self) -> &[SrpAddr] {
        &self.my_memb_list
    }

    /// Members that left in the last configuration change.
    pub(crate) fn left_members(&self) -> &[SrpAddr] {
        &self.my_left_memb_list
    }

    /// (processor list, failed list) of the membership being gathered.
    pub(crate) fn gather_lists(&self) -> (&[SrpAddr], &[SrpAddr]) {
        (&self.my_proc_list, &self.my_failed_list)
    }

    pub(crate) fn stats(&self) -> SrpStats {
        let mut s = self.stats.clone();
        s.mcast_tx = self.queues.mcast_tx;
        s
    }

    pub(crate) fn avail(&self) -> usize {
        self.queues.avail()
    }

    pub(crate) fn is_shut_down(&self) -> bool {
        self.shut_down
    }

    /// Sequence numbers for tests and diagnostics: (aru, high delivered,
    /// high seq received).
    pub(crate) fn sequence_state(&self) -> (u32, u32, u32) {
        (
            self.my_aru,
            self.my_high_delivered,
            self.my_high_seq_received,
        )
    }

    // ----------------------------------------------------------------
    // Host requests
    // ----------------------------------------------------------------

    /// `totemsrp_trans_ack`: the services finished synchronising; queued
    /// normal traffic may flow again.
    pub(crate) fn trans_ack(&mut self) {
        self.queues.waiting_trans_ack = false;
    }

    /// A configuration was installed: new messages wait for the
    /// transitional ack (from the point the host reaches in the stream).
    fn waiting_trans_ack_set(&mut self, io: &mut impl SrpIo, waiting: bool) {
        tlog!(
            io,
            LogLevel::Debug,
            "waiting_trans_ack changed to {}",
            u32::from(waiting)
        );
        io.waiting_trans_ack_changed(waiting);
    }

    /// The host reached the point where the flag changed.
    pub(crate) fn apply_waiting_trans_ack(&mut self, waiting: bool) {
        self.queues.waiting_trans_ack = waiting;
    }

    /// `totemsrp_event_signal`: a message is about to be queued.
    pub(crate) fn event_signal(&mut self, io: &mut impl SrpIo, now: Time) {
        self.token_hold_cancel_send(io, now);
    }

    /// `totemsrp_callback_token_create`.
    pub(crate) fn callback_token_create(
        &mut self,
        io: &mut impl SrpIo,
        now: Time,
        kind: TokenCallbackType,
        persistent: bool,
    ) -> TokenCallbackId {
        self.token_hold_cancel_send(io, now);
        let id = TokenCallbackId(self.next_callback_id);
        self.next_callback_id += 1;
        let cb = TokenCallback { id, persistent };
        // The original adds at the head of the list.
        match kind {
            TokenCallbackType::Received => self.callbacks_received.insert(0, cb),
            TokenCallbackType::Sent => self.callbacks_sent.insert(0, cb),
        }
        id
    }

    /// `totemsrp_callback_token_destroy`. Returns whether it existed.
    pub(crate) fn callback_token_destroy(&mut self, id: TokenCallbackId) -> bool {
        let before = self.callbacks_received.len() + self.callbacks_sent.len();
        self.callbacks_received.retain(|c| c.id != id);
        self.callbacks_sent.retain(|c| c.id != id);
        before != self.callbacks_received.len() + self.callbacks_sent.len()
    }

    fn token_callbacks_execute(&mut self, io: &mut impl SrpIo, now: Time, kind: TokenCallbackType) {
        let list = match kind {
            TokenCallbackType::Received => &mut self.callbacks_received,
            TokenCallbackType::Sent => &mut self.callbacks_sent,
        };
        let fired: Vec<TokenCallback> = list.clone();
        list.retain(|c| c.persistent);
        for cb in fired {
            io.token_callback(cb.id, kind);
        }
        if kind == TokenCallbackType::Received {
            io.pg_token_received(&mut self.queues);
        }
        self.token_stats_collect(now, kind);
    }

    fn token_stats_collect(&mut self, now: Time, kind: TokenCallbackType) {
        let time_now = now.as_millis() as u32;
        let s = &mut self.stats;
        match kind {
            TokenCallbackType::Received => {
                s.latest_token = if s.latest_token == TOKEN_STATS_MAX - 1 {
                    0
                } else {
                    s.latest_token + 1
                };
                if s.earliest_token == s.latest_token {
                    s.earliest_token = if s.earliest_token == TOKEN_STATS_MAX - 1 {
                        0
                    } else {
                        s.earliest_token + 1
                    };
                    s.token[s.earliest_token] = TokenStats::default();
                }
                s.token[s.latest_token].rx = time_now;
                s.token[s.latest_token].tx = 0;
            }
            TokenCallbackType::Sent => {
                s.token[s.latest_token].tx = time_now;
            }
        }
    }

    /// Orderly shutdown (`totemsrp_finalize`): multicast the leave variant
    /// of the JOIN so that the others remove us at once. Afterwards the
    /// instance ignores every input.
    pub(crate) fn leave(&mut self, io: &mut impl SrpIo, now: Time) {
        if self.shut_down {
            return;
        }
        self.memb_leave_message_send(io, now);
        self.shut_down = true;
        for id in [
            TimerId::Pause,
            TimerId::OrfToken,
            TimerId::OrfTokenRetransmit,
            TimerId::OrfTokenHoldRetransmit,
            TimerId::MergeDetect,
            TimerId::Join,
            TimerId::Consensus,
            TimerId::Heartbeat,
        ] {
            io.timers().cancel(id);
        }
    }

    // ----------------------------------------------------------------
    // Input
    // ----------------------------------------------------------------

    /// `main_deliver_fn`: one decrypted totemsrp message.
    pub(crate) fn handle_message(&mut self, io: &mut impl SrpIo, now: Time, msg: &[u8]) {
        if self.shut_down {
            return;
        }
        if msg.len() < MESSAGE_HEADER_LEN {
            tlog!(
                io,
                LOG_LEVEL_SECURITY,
                "Received message is too short...  ignoring {}.",
                msg.len()
            );
            return;
        }
        let res = match msg[0] {
            0 => {
                self.stats.orf_token_rx += 1;
                self.message_handler_orf_token(io, now, msg)
            }
            1 => {
                self.stats.mcast_rx += 1;
                self.message_handler_mcast(io, now, msg)
            }
            2 => {
                self.stats.memb_merge_detect_rx += 1;
                self.message_handler_memb_merge_detect(io, now, msg)
            }
            3 => {
                self.stats.memb_join_rx += 1;
                self.message_handler_memb_join(io, now, msg)
            }
            4 => {
                self.stats.memb_commit_token_rx += 1;
                self.message_handler_memb_commit_token(io, now, msg)
            }
            5 => {
                self.stats.token_hold_cancel_rx += 1;
                self.message_handler_token_hold_cancel(io, now, msg)
            }
            t => {
                tlog!(
                    io,
                    LOG_LEVEL_SECURITY,
                    "Type of received message is wrong...  ignoring {}.",
                    t as i8
                );
                self.stats.rx_msg_dropped += 1;
                return;
            }
        };
        if let Err(e) = res {
            tlog!(
                io,
                LOG_LEVEL_SECURITY,
                "Received message is invalid ({e})... ignoring."
            );
            self.stats.rx_msg_dropped += 1;
        }
    }

    /// A timer of this layer expired.
    pub(crate) fn handle_timer(&mut self, io: &mut impl SrpIo, now: Time, id: TimerId) {
        if self.shut_down {
            return;
        }
        match id {
            TimerId::Pause => self.timer_function_pause_timeout(io, now),
            TimerId::OrfToken => self.timer_function_orf_token_timeout(io, now),
            TimerId::OrfTokenRetransmit => self.timer_function_token_retransmit_timeout(io, now),
            TimerId::OrfTokenHoldRetransmit => {
                self.timer_function_token_hold_retransmit_timeout(io, now)
            }
            TimerId::MergeDetect => self.timer_function_merge_detect_timeout(io, now),
            TimerId::Join => self.memb_timer_function_state_gather(io, now),
            TimerId::Consensus => self.memb_state_consensus_timeout_expired(io, now),
            TimerId::Heartbeat => self.timer_function_heartbeat_timeout(io, now),
            _ => {}
        }
    }

    // ----------------------------------------------------------------
    // Timers
    // ----------------------------------------------------------------

    fn reset_token_retransmit_timeout(&mut self, io: &mut impl SrpIo, now: Time) {
        io.timers().arm(
            TimerId::OrfTokenRetransmit,
            now.plus_millis(ms(self.cfg.token_retransmit_timeout)),
        );
    }

    fn start_merge_detect_timeout(&mut self, io: &mut impl SrpIo, now: Time) {
        if !self.my_merge_detect_timeout_outstanding {
            io.timers().arm(
                TimerId::MergeDetect,
                now.plus_millis(ms(self.cfg.merge_timeout)),
            );
            self.my_merge_detect_timeout_outstanding = true;
        }
    }

    fn cancel_merge_detect_timeout(&mut self, io: &mut impl SrpIo) {
        io.timers().cancel(TimerId::MergeDetect);
        self.my_merge_detect_timeout_outstanding = false;
    }

    fn reset_pause_timeout(&mut self, io: &mut impl SrpIo, now: Time) {
        io.timers().arm(
            TimerId::Pause,
            now.plus_millis(ms(self.cfg.token_timeout / 5)),
        );
    }

    fn reset_token_timeout(&mut self, io: &mut impl SrpIo, now: Time) {
        io.timers().arm(
            TimerId::OrfToken,
            now.plus_millis(ms(self.cfg.token_timeout)),
        );
    }

    fn reset_heartbeat_timeout(&mut self, io: &mut impl SrpIo, now: Time) {
        io.timers().arm(
            TimerId::Heartbeat,
            now.plus_millis(ms(self.heartbeat_timeout)),
        );
    }

    fn cancel_token_timeout(&mut self, io: &mut impl SrpIo) {
        io.timers().cancel(TimerId::OrfToken);
    }

    fn cancel_heartbeat_timeout(&mut self, io: &mut impl SrpIo) {
        io.timers().cancel(TimerId::Heartbeat);
    }

    fn cancel_token_retransmit_timeout(&mut self, io: &mut impl SrpIo) {
        io.timers().cancel(TimerId::OrfTokenRetransmit);
    }

    fn start_token_hold_retransmit_timeout(&mut self, io: &mut impl SrpIo, now: Time) {
        io.timers().arm(
            TimerId::OrfTokenHoldRetransmit,
            now.plus_millis(ms(self.cfg.token_hold_timeout)),
        );
    }

    fn cancel_token_hold_retransmit_timeout(&mut self, io: &mut impl SrpIo) {
        io.timers().cancel(TimerId::OrfTokenHoldRetransmit);
    }

    fn timer_function_pause_timeout(&mut self, io: &mut impl SrpIo, now: Time) {
        self.pause_timestamp = now;
        self.pause_reported = false;
        self.reset_pause_timeout(io, now);
    }

    /// `pause_flush`: true when the process was stalled for more than half
    /// a token timeout since the pause timer last ran. The original then
    /// empties the multicast receive queues (stale JOINs); a sans-IO core
    /// cannot reach the host's sockets, so instead every JOIN handled
    /// before the host runs the timers again is dropped, which is what
    /// flushing the queued ones achieves.
    fn pause_flush(&mut self, io: &mut impl SrpIo, now: Time) -> bool {
        let now_msec = now.as_millis();
        let timestamp_msec = self.pause_timestamp.as_millis();
        let paused = now_msec.saturating_sub(timestamp_msec);
        if paused > u64::from(self.cfg.token_timeout / 2) {
            if !self.pause_reported {
                self.pause_reported = true;
                tlog!(
                    io,
                    LogLevel::Notice,
                    "Process pause detected for {} ms, flushing membership messages.",
                    paused as u32
                );
            }
            return true;
        }
        false
    }

    fn timer_function_orf_token_timeout(&mut self, io: &mut impl SrpIo, now: Time) {
        match self.memb_state {
            MembState::Operational => {
                tlog!(
                    io,
                    LogLevel::Debug,
                    "The token was lost in the OPERATIONAL state."
                );
                tlog!(
                    io,
                    LogLevel::Notice,
                    "A processor failed, forming new configuration."
                );
                io.iface_check(now);
                self.gather_enter(io, now, 2);
                self.stats.operational_token_lost += 1;
            }
            MembState::Gather => {
                tlog!(io, LogLevel::Debug, "The consensus timeout expired.");
                self.memb_state_consensus_timeout_expired(io, now);
                self.gather_enter(io, now, 3);
                self.stats.gather_token_lost += 1;
            }
            MembState::Commit => {
                tlog!(
                    io,
                    LogLevel::Debug,
                    "The token was lost in the COMMIT state."
                );
                self.gather_enter(io, now, 4);
                self.stats.commit_token_lost += 1;
            }
            MembState::Recovery => {
                tlog!(
                    io,
                    LogLevel::Debug,
                    "The token was lost in the RECOVERY state."
                );
                self.memb_recovery_state_token_loss(io, now);
                self.orf_token_discard = true;
            }
        }
    }

    fn timer_function_heartbeat_timeout(&mut self, io: &mut impl SrpIo, now: Time) {
        tlog!(
            io,
            LogLevel::Debug,
            "HeartBeat Timer expired Invoking token loss mechanism in state {} ",
            self.memb_state as i32
        );
        self.timer_function_orf_token_timeout(io, now);
    }

    fn memb_timer_function_state_gather(&mut self, io: &mut impl SrpIo, now: Time) {
        match self.memb_state {
            MembState::Operational | MembState::Recovery => {
                // The original asserts: the join timer never runs here.
            }
            MembState::Gather | MembState::Commit => {
                self.memb_join_message_send(io, now);
                io.timers()
                    .arm(TimerId::Join, now.plus_millis(ms(self.cfg.join_timeout)));
            }
        }
    }

    fn timer_function_token_retransmit_timeout(&mut self, io: &mut impl SrpIo, now: Time) {
        match self.memb_state {
            MembState::Gather => {}
            MembState::Commit | MembState::Operational | MembState::Recovery => {
                self.token_retransmit(io, now);
                self.reset_token_retransmit_timeout(io, now);
            }
        }
    }

    fn timer_function_token_hold_retransmit_timeout(&mut self, io: &mut impl SrpIo, now: Time) {
        match self.memb_state {
            MembState::Gather | MembState::Commit => {}
            MembState::Operational | MembState::Recovery => self.token_retransmit(io, now),
        }
    }

    fn timer_function_merge_detect_timeout(&mut self, io: &mut impl SrpIo, now: Time) {
        self.my_merge_detect_timeout_outstanding = false;
        if self.memb_state == MembState::Operational
            && self.my_ring_id.rep.equal(&self.my_id.addr[0])
        {
            self.memb_merge_detect_transmit(io, now);
        }
    }

    fn token_retransmit(&mut self, io: &mut impl SrpIo, now: Time) {
        if !self.orf_token_retransmit.is_empty() {
            io.token_send(now, &self.orf_token_retransmit);
        }
    }

    fn am_rep(&self) -> bool {
        self.my_ring_id.rep.equal(&self.my_id.addr[0])
    }

    fn my_nodeid(&self) -> NodeId {
        self.my_id.addr[0].nodeid
    }
}
