//! totempg: process groups on top of the ordered ring.
//!
//! Sending: each application message gets a group header (`u16 count`,
//! `u16 len[count]`, the names back to back) and is packed with others into
//! one frame (`i16 version`, `i16 type`, `u8 fragmented`, `u8 continuation`,
//! `u16 msg_count`, `u16 msg_len[msg_count]`, data). A message that does not
//! fit is split over frames: the frame carrying a first part has
//! `fragmented = k`, the next frame `continuation = k`. A partly filled
//! frame is flushed when the token arrives.
//!
//! Receiving: frames are reassembled per sender node; a continuation that
//! does not match puts that sender's assembly in discard mode until a frame
//! with `fragmented` 0 or 1. Each complete message is delivered to every
//! local group instance that joined one of the groups it names.

use std::collections::VecDeque;

use crate::config::{MESSAGE_SIZE_MAX, TotemConfig};
use crate::event::{Event, GroupHandle};
use crate::log::LogLevel;
use crate::packet::NodeId;
use crate::pool::BufPool;
use crate::srp::{QueueFull, SendQueues};

/// `sizeof (struct totempg_mcast)`.
pub const TOTEMPG_FRAME_HEADER_LEN: usize = 8;
/// Most groups one message may name (`MAX_GROUPS_PER_MSG`).
pub const MAX_GROUPS_PER_MSG: usize = 32;
/// Most application buffers one message may have (`MAX_IOVECS_FROM_APP`).
pub const MAX_IOVECS_FROM_APP: usize = 32;

/// Why a process-group request was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PgError {
    /// Not enough room in the message queue (the executive answers
    /// `CS_ERR_TRY_AGAIN`).
    QueueFull,
    /// The message can never be sent: larger than the queue can hold.
    TooLarge,
    /// More groups or buffers than the original accepts, or a group name
    /// longer than 65535 bytes.
    TooManyParts,
    /// No such group instance.
    BadHandle,
}

impl std::fmt::Display for PgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self {
            PgError::QueueFull => "message queue full",
            PgError::TooLarge => "message too large",
            PgError::TooManyParts => "too many groups or buffers",
            PgError::BadHandle => "unknown group handle",
        };
        f.write_str(s)
    }
}

impl std::error::Error for PgError {}

impl From<QueueFull> for PgError {
    fn from(_: QueueFull) -> PgError {
        PgError::QueueFull
    }
}

/// Counters of `totempg_stats_t`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PgStats {
    pub msg_reserved: u32,
    pub msg_queue_avail: u32,
}

/// A packing context (`struct totempg_context`). There are two: one for
/// normal traffic and one used while waiting for the transitional ack.
#[derive(Debug)]
struct PackContext {
    data: Vec<u8>,
    fragment_continuation: u8,
    next_fragment: u8,
    lens: Vec<u16>,
    count: usize,
    reserved: i64,
}

impl PackContext {
    fn new(capacity: usize) -> PackContext {
        PackContext {
            data: Vec::with_capacity(capacity),
            fragment_continuation: 0,
            next_fragment: 1,
            lens: Vec::new(),
            count: 0,
            reserved: 1,
        }
    }

    fn set_len(&mut self, idx: usize, v: u16) {
        if self.lens.len() <= idx {
            self.lens.resize(idx + 1, 0);
        }
        self.lens[idx] = v;
    }

    fn len_at(&self, idx: usize) -> u16 {
        self.lens.get(idx).copied().unwrap_or(0)
    }
}

/// Per-sender reassembly state (`struct assembly`).
#[derive(Debug)]
struct Assembly {
    nodeid: NodeId,
    data: Vec<u8>,
    index: usize,
    last_frag_num: u8,
    throw_away: bool,
}

#[derive(Debug, Default)]
struct GroupInstance {
    groups: Vec<Vec<u8>>,
}

/// The totempg layer.
#[derive(Debug)]
pub(crate) struct Pg {
    instances: Vec<GroupInstance>,
    contexts: [PackContext; 2],
    /// Packing context in use: 1 while waiting for the transitional ack.
    active: usize,
    /// Reassembly set in use, as of the position in the delivery stream
    /// the host has consumed.
    waiting_transack: bool,
    inuse: Vec<Assembly>,
    inuse_trans: Vec<Assembly>,
    free: Vec<Assembly>,
    /// `net_mtu` after every adjustment (transport, secauth, MCAST header).
    net_mtu: usize,
    size_limit: usize,
    stats: PgStats,
    frame: Vec<u8>,
    /// Whether trace records are wanted (they are formatted per frame).
    pub(crate) trace: bool,
}

fn frame_header(out: &mut Vec<u8>, fragmented: u8, continuation: u8, count: usize, lens: &[u16]) {
    out.extend_from_slice(&0i16.to_ne_bytes());
    out.extend_from_slice(&0i16.to_ne_bytes());
    out.push(fragmented);
    out.push(continuation);
    out.extend_from_slice(&(count as u16).to_ne_bytes());
    for l in &lens[..count] {
        out.extend_from_slice(&l.to_ne_bytes());
    }
}

fn read_u16(buf: &[u8], off: usize, swap: bool) -> Option<u16> {
    let b = buf.get(off..off + 2)?;
    let v = u16::from_ne_bytes([b[0], b[1]]);
    Some(if swap { v.swap_bytes() } else { v })
}

impl Pg {
    /// `net_mtu` is the configured MTU after the transport, secauth and
    /// MCAST header have been taken off; `queue_avail` is the free space of
    /// the new-message queue at start.
    pub(crate) fn new(net_mtu: usize, queue_avail: usize) -> Pg {
        let packet = net_mtu.saturating_sub(TOTEMPG_FRAME_HEADER_LEN);
        let unit = net_mtu.saturating_sub(TOTEMPG_FRAME_HEADER_LEN + 16).max(1);
        Pg {
            instances: Vec::new(),
            contexts: [PackContext::new(packet), PackContext::new(packet)],
            active: 1,
            waiting_transack: true,
            inuse: Vec::new(),
            inuse_trans: Vec::new(),
            free: Vec::new(),
            net_mtu,
            size_limit: queue_avail.saturating_sub(1) * unit,
            stats: PgStats::default(),
            frame: Vec::new(),
            trace: true,
        }
    }

    /// `net_mtu` as totempg sees it, from the configuration: the transport
    /// takes the UDP/IP header (and the security header with secauth) once
    /// per interface, and totemsrp takes the MCAST header.
    pub(crate) fn adjusted_net_mtu(config: &TotemConfig, ipv6: bool) -> usize {
        let mut mtu = config.net_mtu as usize;
        let per_iface = if ipv6 { 48 } else { 28 } + if config.secauth { 36 } else { 0 };
        mtu = mtu.saturating_sub(crate::packet::MCAST_HEADER_LEN);
        for _ in 0..config.interfaces.len().max(1) {
            mtu = mtu.saturating_sub(per_iface);
        }
        mtu
    }

    fn packet_size(&self) -> usize {
        self.net_mtu.saturating_sub(TOTEMPG_FRAME_HEADER_LEN)
    }

    fn count_unit(&self) -> usize {
        self.net_mtu
            .saturating_sub(TOTEMPG_FRAME_HEADER_LEN + 16)
            .max(1)
    }

    pub(crate) fn stats(&self) -> PgStats {
        self.stats
    }

    /// Largest message `joined_reserve` accepts.
    pub(crate) fn size_limit(&self) -> usize {
        self.size_limit
    }

    /// `totempg_waiting_trans_ack_cb`, sending half: switch the packing
    /// context.
    pub(crate) fn set_send_waiting(&mut self, waiting: bool) {
        self.active = usize::from(waiting);
    }

    /// `totempg_waiting_trans_ack_cb`, receiving half: switch the
    /// reassembly set used for frames from now on. Called at every
    /// configuration change and transitional acknowledgement; returns the
    /// senders with a partly reassembled message in either set at that
    /// point (the original's reassembly does not survive such a boundary
    /// cleanly: senders switch packing contexts independently; see
    /// [`crate::DeliveryTrace::IncompleteAssembly`]).
    pub(crate) fn set_assembly_waiting(&mut self, waiting: bool) -> Vec<NodeId> {
        let stale = self
            .inuse
            .iter()
            .chain(self.inuse_trans.iter())
            .map(|a| a.nodeid)
            .collect();
        self.waiting_transack = waiting;
        stale
    }

    // ------------------------------------------------------------------
    // Groups
    // ------------------------------------------------------------------

    /// `totempg_groups_initialize`.
    pub(crate) fn groups_initialize(&mut self) -> GroupHandle {
        self.instances.push(GroupInstance::default());
        GroupHandle(self.instances.len() - 1)
    }

    /// `totempg_groups_join`.
    pub(crate) fn groups_join(&mut self, h: GroupHandle, groups: &[&[u8]]) -> Result<(), PgError> {
        let inst = self.instances.get_mut(h.0).ok_or(PgError::BadHandle)?;
        for g in groups {
            if g.len() > usize::from(u16::MAX) {
                return Err(PgError::TooManyParts);
            }
        }
        inst.groups.extend(groups.iter().map(|g| g.to_vec()));
        Ok(())
    }

    fn group_header(groups: &[&[u8]]) -> Result<Vec<u8>, PgError> {
        if groups.len() > MAX_GROUPS_PER_MSG {
            return Err(PgError::TooManyParts);
        }
        let mut h = Vec::with_capacity(2 * (groups.len() + 1));
        h.extend_from_slice(&(groups.len() as u16).to_ne_bytes());
        for g in groups {
            let l = u16::try_from(g.len()).map_err(|_| PgError::TooManyParts)?;
            h.extend_from_slice(&l.to_ne_bytes());
        }
        Ok(h)
    }

    /// `totempg_groups_mcast_groups`: multicast `iov` to `groups`.
    pub(crate) fn mcast_groups(
        &mut self,
        queues: &mut SendQueues,
        pool: &mut BufPool,
        groups: &[&[u8]],
        iov: &[&[u8]],
        guarantee: i32,
    ) -> Result<(), PgError> {
        if iov.len() > MAX_IOVECS_FROM_APP {
            return Err(PgError::TooManyParts);
        }
        let header = Self::group_header(groups)?;
        let mut parts: Vec<&[u8]> = Vec::with_capacity(1 + groups.len() + iov.len());
        parts.push(&header);
        parts.extend_from_slice(groups);
        parts.extend_from_slice(iov);
        self.mcast_msg(queues, pool, &parts, guarantee)
    }

    /// `totempg_groups_mcast_joined`: multicast to the groups `h` joined.
    pub(crate) fn mcast_joined(
        &mut self,
        queues: &mut SendQueues,
        pool: &mut BufPool,
        h: GroupHandle,
        iov: &[&[u8]],
        guarantee: i32,
    ) -> Result<(), PgError> {
        let groups: Vec<Vec<u8>> = self
            .instances
            .get(h.0)
            .ok_or(PgError::BadHandle)?
            .groups
            .clone();
        let refs: Vec<&[u8]> = groups.iter().map(|g| g.as_slice()).collect();
        self.mcast_groups(queues, pool, &refs, iov, guarantee)
    }

    // ------------------------------------------------------------------
    // Flow control helpers
    // ------------------------------------------------------------------

    /// `byte_count_send_ok`.
    fn byte_count_send_ok(&self, avail: usize, byte_count: usize) -> bool {
        let msg_count = byte_count / self.count_unit() + 1;
        avail >= msg_count
    }

    /// `msg_count_send_ok`.
    fn msg_count_send_ok(&mut self, avail: usize, msg_count: usize) -> bool {
        self.stats.msg_queue_avail = avail as u32;
        let con = &self.contexts[self.active];
        (avail as i64 - con.reserved) > msg_count as i64
    }

    /// `totempg_groups_joined_reserve`: reserve queue room for a message of
    /// the groups `h` joined. `Ok(0)` means "no room now, try again";
    /// `Err(TooLarge)` means never.
    pub(crate) fn joined_reserve(
        &mut self,
        avail: usize,
        h: GroupHandle,
        iov: &[&[u8]],
    ) -> Result<u32, PgError> {
        let inst = self.instances.get(h.0).ok_or(PgError::BadHandle)?;
        let size: usize = inst.groups.iter().map(|g| g.len()).sum::<usize>()
            + iov.iter().map(|b| b.len()).sum::<usize>();
        if size >= self.size_limit {
            return Err(PgError::TooLarge);
        }
        let reserved = size / self.count_unit() + 1;
        self.contexts[self.active].reserved += reserved as i64;
        self.stats.msg_reserved = self.contexts[self.active].reserved as u32;
        if !self.msg_count_send_ok(avail, reserved) {
            self.joined_release(reserved as u32);
            return Ok(0);
        }
        Ok(reserved as u32)
    }

    /// `totempg_groups_joined_release`.
    pub(crate) fn joined_release(&mut self, msg_count: u32) {
        let con = &mut self.contexts[self.active];
        con.reserved -= i64::from(msg_count);
        self.stats.msg_reserved = con.reserved as u32;
    }

    /// `totempg_groups_send_ok_groups`.
    pub(crate) fn send_ok_groups(&mut self, avail: usize, groups: &[&[u8]], iov: &[&[u8]]) -> bool {
        let size: usize = groups.iter().map(|g| g.len()).sum::<usize>()
            + iov.iter().map(|b| b.len()).sum::<usize>();
        self.msg_count_send_ok(avail, size)
    }

    // ------------------------------------------------------------------
    // Packing
    // ------------------------------------------------------------------

    fn queue_frame(
        &mut self,
        queues: &mut SendQueues,
        pool: &mut BufPool,
        fragmented: u8,
        continuation: u8,
        guarantee: i32,
    ) -> Result<(), QueueFull> {
        let con = &self.contexts[self.active];
        self.frame.clear();
        frame_header(
            &mut self.frame,
            fragmented,
            continuation,
            con.count,
            &con.lens,
        );
        queues.mcast(pool, &[&self.frame, &con.data], guarantee)
    }

    /// `mcast_msg`: pack (and if needed fragment) one message.
    fn mcast_msg(
        &mut self,
        queues: &mut SendQueues,
        pool: &mut BufPool,
        iovec_in: &[&[u8]],
        guarantee: i32,
    ) -> Result<(), PgError> {
        let iovec: Vec<&[u8]> = iovec_in.iter().copied().filter(|b| !b.is_empty()).collect();
        let iov_len = iovec.len();
        let packet_size = self.packet_size();
        let active = self.active;

        let count = self.contexts[active].count;
        let mut max_packet_size = packet_size.saturating_sub(2 * (count + 1));
        self.contexts[active].set_len(count, 0);

        let total_size: usize = iovec.iter().map(|b| b.len()).sum();
        if total_size > MESSAGE_SIZE_MAX {
            return Err(PgError::TooLarge);
        }
        if !self.byte_count_send_ok(queues.avail(), total_size + 2 * count) {
            return Err(PgError::QueueFull);
        }

        let mut i = 0;
        let mut copy_base = 0usize;
        while i < iov_len {
            let con = &mut self.contexts[active];
            let fragment_size = con.data.len();
            let continuation = con.fragment_continuation;
            let mut copy_len = iovec[i].len() - copy_base;

            if copy_len + fragment_size < max_packet_size.saturating_sub(2) {
                con.data
                    .extend_from_slice(&iovec[i][copy_base..copy_base + copy_len]);
                let c = con.count;
                let l = con.len_at(c).wrapping_add(copy_len as u16);
                con.set_len(c, l);
                con.next_fragment = 1;
                copy_base = 0;
                i += 1;
                continue;
            }

            copy_len = copy_len.min(max_packet_size.saturating_sub(fragment_size));
            con.data
                .extend_from_slice(&iovec[i][copy_base..copy_base + copy_len]);
            let c = con.count;
            let l = con.len_at(c).wrapping_add(copy_len as u16);
            con.set_len(c, l);

            let mut fragmented = 0u8;
            if i < iov_len - 1 || copy_base + copy_len < iovec[i].len() {
                if con.next_fragment == 0 {
                    con.next_fragment = con.next_fragment.wrapping_add(1);
                }
                con.fragment_continuation = con.next_fragment;
                fragmented = con.next_fragment;
                con.next_fragment = con.next_fragment.wrapping_add(1);
            } else {
                con.fragment_continuation = 0;
            }
            con.count += 1;
            // The original always sends `max_packet_size` bytes of data
            // here; when the packed data is one or two bytes short of it,
            // the rest is whatever its buffer held. Same length, zeros.
            if con.data.len() < max_packet_size {
                con.data.resize(max_packet_size, 0);
            }

            self.queue_frame(queues, pool, fragmented, continuation, guarantee)?;

            let con = &mut self.contexts[active];
            con.set_len(0, 0);
            con.count = 0;
            con.data.clear();
            max_packet_size = packet_size.saturating_sub(2);

            if copy_base + copy_len == iovec[i].len() {
                copy_base = 0;
                i += 1;
            } else {
                copy_base += copy_len;
            }
        }

        let con = &mut self.contexts[active];
        if con.len_at(con.count) != 0 {
            con.count += 1;
        }
        Ok(())
    }

    /// `callback_token_received_fn`: the token is here; queue the partly
    /// filled frame so that it goes out on this visit.
    pub(crate) fn token_received(&mut self, queues: &mut SendQueues, pool: &mut BufPool) {
        let active = self.active;
        if self.contexts[active].count == 0 {
            return;
        }
        if queues.avail() == 0 {
            return;
        }
        let continuation = self.contexts[active].fragment_continuation;
        self.contexts[active].fragment_continuation = 0;
        // Queue space was checked; a refusal would leave the frame for the
        // next visit, as the original's would.
        if self.queue_frame(queues, pool, 0, continuation, 0).is_ok() {
            let con = &mut self.contexts[active];
            con.count = 0;
            con.data.clear();
        } else {
            self.contexts[active].fragment_continuation = continuation;
        }
    }

    /// Bytes waiting in the active packing context (not yet queued).
    pub(crate) fn pending_bytes(&self) -> usize {
        self.contexts[self.active].data.len()
    }

    // ------------------------------------------------------------------
    // Delivery
    // ------------------------------------------------------------------

    fn assembly_ref(&mut self, nodeid: NodeId) -> usize {
        let list = if self.waiting_transack {
            &mut self.inuse_trans
        } else {
            &mut self.inuse
        };
        if let Some(i) = list.iter().position(|a| a.nodeid == nodeid) {
            return i;
        }
        let mut a = self.free.pop().unwrap_or(Assembly {
            nodeid,
            data: Vec::new(),
            index: 0,
            last_frag_num: 0,
            throw_away: false,
        });
        a.nodeid = nodeid;
        a.data.clear();
        a.index = 0;
        a.last_frag_num = 0;
        a.throw_away = false;
        // The original adds at the head of the list; order is irrelevant
        // because node ids are unique in it.
        list.push(a);
        list.len() - 1
    }

    fn assembly_deref(&mut self, idx: usize) {
        let list = if self.waiting_transack {
            &mut self.inuse_trans
        } else {
            &mut self.inuse
        };
        if idx < list.len() {
            let a = list.swap_remove(idx);
            self.free.push(a);
        }
    }

    /// `app_confchg_fn`: drop the assemblies of processors that left.
    pub(crate) fn confchg_left(&mut self, left: &[NodeId]) {
        for l in left {
            for list in [&mut self.inuse, &mut self.inuse_trans] {
                let mut i = 0;
                while i < list.len() {
                    if list[i].nodeid == *l {
                        let a = list.swap_remove(i);
                        self.free.push(a);
                    } else {
                        i += 1;
                    }
                }
            }
        }
    }

    /// `totempg_deliver_fn`: one ordered frame from `nodeid`.
    pub(crate) fn deliver(
        &mut self,
        nodeid: NodeId,
        msg: &[u8],
        endian: bool,
        events: &mut VecDeque<Event>,
        pool: &mut BufPool,
        log: &mut impl FnMut(LogLevel, String),
    ) {
        let Some(msg_count) = read_u16(msg, 6, endian) else {
            log(LogLevel::Debug, "totempg frame too short, ignored".into());
            return;
        };
        let msg_count = usize::from(msg_count);
        let datasize = TOTEMPG_FRAME_HEADER_LEN + 2 * msg_count;
        if msg.len() < datasize {
            log(LogLevel::Debug, "totempg frame truncated, ignored".into());
            return;
        }
        let fragmented = msg[4];
        let continuation = msg[5];
        if fragmented != 0 && msg_count == 0 {
            log(
                LogLevel::Debug,
                "totempg frame without messages, ignored".into(),
            );
            return;
        }
        let lens: Vec<usize> = (0..msg_count)
            .map(|i| usize::from(read_u16(msg, 8 + 2 * i, endian).unwrap_or(0)))
            .collect();
        let len_at = |i: usize| lens.get(i).copied().unwrap_or(0);

        let idx = self.assembly_ref(nodeid);
        let waiting = self.waiting_transack;
        if self.trace {
            let list = if waiting {
                &self.inuse_trans
            } else {
                &self.inuse
            };
            log(
                LogLevel::Trace,
                format!(
                    "frame from {} fragmented {} continuation {} msg_count {} trans {} last_frag_num {} throw_away {}",
                    nodeid.0,
                    fragmented,
                    continuation,
                    msg_count,
                    u8::from(waiting),
                    list[idx].last_frag_num,
                    u8::from(list[idx].throw_away)
                ),
            );
        }
        let instances = &self.instances;
        let list = if waiting {
            &mut self.inuse_trans
        } else {
            &mut self.inuse
        };
        let asm = &mut list[idx];

        let payload = &msg[datasize..];
        if asm.index + payload.len() > MESSAGE_SIZE_MAX {
            log(
                LogLevel::Debug,
                format!(
                    "totempg reassembly of node {} exceeds {} bytes, discarding",
                    nodeid.0, MESSAGE_SIZE_MAX
                ),
            );
            asm.index = 0;
            asm.data.clear();
            asm.throw_away = true;
            return;
        }
        asm.data.truncate(asm.index);
        asm.data.extend_from_slice(payload);

        let deliverable = if fragmented != 0 {
            msg_count - 1
        } else {
            msg_count
        };
        let mut iov_start = 0usize;
        let mut iov_len = asm.index + len_at(0);
        let mut corrupt = false;

        if asm.throw_away {
            if fragmented == 0 || fragmented == 1 {
                asm.throw_away = false;
                asm.index += len_at(0);
            }
        } else if continuation == asm.last_frag_num {
            asm.last_frag_num = fragmented;
            for i in 0..deliverable {
                match asm.data.get(iov_start..iov_start + iov_len) {
                    Some(m) => app_deliver(instances, nodeid, m, endian, events, pool, log),
                    None => {
                        corrupt = true;
                        break;
                    }
                }
                asm.index += len_at(i);
                iov_start = asm.index;
                if i + 1 < deliverable {
                    iov_len = len_at(i + 1);
                }
            }
        } else {
            log(
                LogLevel::Debug,
                format!(
                    "fragmented continuation {} is not equal to assembly last_frag_num {}",
                    continuation, asm.last_frag_num
                ),
            );
            asm.throw_away = true;
        }

        if corrupt {
            log(
                LogLevel::Debug,
                "totempg frame lengths exceed its data, discarding".into(),
            );
            asm.throw_away = true;
            asm.index = 0;
            asm.data.clear();
            return;
        }

        if fragmented == 0 {
            asm.last_frag_num = 0;
            asm.index = 0;
            self.assembly_deref(idx);
        } else {
            let tail = len_at(deliverable);
            if msg_count > 1 {
                let src = asm.index;
                if src + tail > asm.data.len() {
                    asm.throw_away = true;
                    asm.index = 0;
                    asm.data.clear();
                    return;
                }
                asm.data.copy_within(src..src + tail, 0);
                asm.index = 0;
            }
            asm.index += tail;
            if asm.index > asm.data.len() {
                // A fragment length larger than the data received.
                asm.throw_away = true;
                asm.index = 0;
                asm.data.clear();
            }
        }
    }
}

/// `app_deliver_fn`: strip the group header and deliver to every instance
/// that joined one of the named groups.
fn app_deliver(
    instances: &[GroupInstance],
    nodeid: NodeId,
    msg: &[u8],
    endian: bool,
    events: &mut VecDeque<Event>,
    pool: &mut BufPool,
    log: &mut impl FnMut(LogLevel, String),
) {
    let Some(count) = read_u16(msg, 0, endian) else {
        log(
            LogLevel::Debug,
            "message without group header, ignored".into(),
        );
        return;
    };
    let count = usize::from(count);
    let mut adjust = 2 * (count + 1);
    let mut names = Vec::with_capacity(count);
    for i in 0..count {
        let Some(l) = read_u16(msg, 2 * (i + 1), endian) else {
            log(
                LogLevel::Debug,
                "message group header truncated, ignored".into(),
            );
            return;
        };
        names.push((adjust, usize::from(l)));
        adjust += usize::from(l);
    }
    if adjust > msg.len() {
        log(
            LogLevel::Debug,
            "message group names truncated, ignored".into(),
        );
        return;
    }
    for (h, inst) in instances.iter().enumerate() {
        let matches = names.iter().any(|&(off, l)| {
            let name = &msg[off..off + l];
            inst.groups.iter().any(|g| g.as_slice() == name)
        });
        if matches {
            events.push_back(Event::Deliver {
                group: GroupHandle(h),
                nodeid,
                data: pool.copy_of(&msg[adjust..]),
                endian_conversion_required: endian,
            });
        }
    }
}

#[cfg(test)]
mod tests;
