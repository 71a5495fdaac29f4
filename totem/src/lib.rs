//! Totem: the Single Ring Ordering and Membership protocol of corosync
//! 1.4.10, its wire format, totempg packing, the redundant ring layer and
//! secauth, as a sans-IO core that interoperates byte for byte with the
//! original.
//!
//! No sockets, threads or clocks: the host passes time in, feeds received
//! datagrams and timer expiries, and collects datagrams to send and events
//! to act on. See [`Totem`] for the driving loop.
//!
//! ```no_run
//! use totem::{Totem, Time, Event, Guarantee};
//! # fn demo(config: &totem::config::TotemConfig) -> Result<(), totem::Error> {
//! let bound = ["10.0.0.1".parse().unwrap()];
//! let mut t = Totem::new(config, &bound, /* ringid file */ 0, /* seed */ 7, Time::ZERO)?;
//! let corosync = t.join(&[b"a"]);
//! // on a datagram:   t.handle_datagram(now, iface, from, &bytes);
//! // on a deadline:   t.handle_timeout(now);
//! // after each call: drain t.poll_transmit() and t.poll_event().
//! while let Some(ev) = t.poll_event() {
//!     match ev {
//!         Event::StoreRingSeq(seq) => { /* write ringid_<addr> */ let _ = seq; }
//!         Event::Deliver { group, data, .. } if group == corosync => t.recycle(data),
//!         _ => {}
//!     }
//! }
//! t.mcast(Time::from_millis(1), &[b"a"], &[b"hello"], Guarantee::Agreed).ok();
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]

pub mod config;
pub mod crypto;
pub mod event;
pub mod log;
mod net;
pub mod packet;
pub mod pg;
mod pool;
mod rng;
mod rrp;
mod sq;
pub mod srp;
pub mod time;
mod timers;
mod totem;

pub use event::{ConfChg, DeliveryTrace, Dest, Event, GroupHandle, Transmit};
pub use log::LogLevel;
pub use packet::{NodeId, RingId, SrpAddr, TotemIpAddress};
pub use pg::{PgError, PgStats};
pub use srp::{
    ConfigurationType, MembState, QueueFull, SrpStats, TokenCallbackId, TokenCallbackType,
};
pub use time::Time;
pub use totem::{Error, Guarantee, Stats, Totem};
