//! What the core hands to the host: events and datagrams to send.

use std::net::SocketAddr;
use std::sync::Arc;

use crate::log::LogLevel;
use crate::packet::{NodeId, RingId};
use crate::srp::{ConfigurationType, TokenCallbackId};

/// A local process-group instance (`totempg_groups_initialize` handle).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupHandle(pub usize);

/// A configuration change, as `totempg` reports it to every group instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfChg {
    pub kind: ConfigurationType,
    /// Members of the new configuration, in ring order.
    pub members: Vec<NodeId>,
    /// Processors that left (transitional configuration only).
    pub left: Vec<NodeId>,
    /// Processors that joined (regular configuration only).
    pub joined: Vec<NodeId>,
    /// The ring id; [`RingId::to_bytes`] gives the 30 raw bytes services
    /// put into their messages.
    pub ring_id: RingId,
}

/// Something the host must act on, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// An ordered message for a local group instance. `data` is the
    /// application payload (group header removed); return it with
    /// [`crate::Totem::recycle`] to reuse its allocation.
    Deliver {
        group: GroupHandle,
        nodeid: NodeId,
        data: Vec<u8>,
        endian_conversion_required: bool,
    },
    /// A configuration change (transitional, then regular).
    ConfChg(ConfChg),
    /// Persist this ring sequence number (`ringid_<ring-0 address>`) before
    /// going on: a restarted node must not reuse it.
    StoreRingSeq(u64),
    /// A registered token callback fired.
    TokenCallback(TokenCallbackId),
    /// A log record for subsystem TOTEM.
    Log { level: LogLevel, text: String },
}

/// Where a datagram goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dest {
    /// udp: the ring's multicast (or broadcast) address and port.
    Multicast(SocketAddr),
    /// One processor (the token to the next member of the ring).
    Unicast(SocketAddr),
    /// udpu: the same datagram to each of these members.
    Members(Arc<[SocketAddr]>),
}

/// A datagram to send on an interface (ring). With secauth the payload is
/// already encrypted. Return the payload with [`crate::Totem::recycle`]
/// after sending to reuse its allocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transmit {
    pub iface: usize,
    pub dest: Dest,
    pub payload: Vec<u8>,
}

/// One step of the ordered stream totemsrp hands to totempg, recorded when
/// [`crate::Totem::enable_delivery_trace`] is on (for tests and
/// diagnostics: the protocol's ordering guarantees hold at this level).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeliveryTrace {
    /// A frame from `nodeid`, ordered as `seq` on the ring with sequence
    /// `ring_seq` and representative `rep`; `digest` identifies its bytes.
    Frame {
        nodeid: NodeId,
        ring_seq: u64,
        rep: NodeId,
        seq: u32,
        digest: u64,
    },
    /// At a configuration change or transitional acknowledgement (where
    /// totempg switches reassembly sets, and senders their packing
    /// contexts), `nodeid`'s message was partly reassembled. The original's
    /// reassembly goes wrong afterwards in some interleavings (a message
    /// dropped, or garbled by stale fragments); this marks where.
    IncompleteAssembly { nodeid: NodeId },
    /// A configuration change.
    Config {
        kind: ConfigurationType,
        members: Vec<NodeId>,
        ring_id: RingId,
    },
}
