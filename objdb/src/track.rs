//! Change tracking: what a tracker asks for and the records it is handed.
//!
//! The original calls tracker callbacks while holding the database lock. Here
//! a change appends [`Notification`]s to a queue that the owner drains with
//! [`crate::ObjDb::take_notifications`] after the call returns, so nothing
//! runs inside the database and nothing can re-enter it.

use crate::types::{KeyChangeType, ObjectHandle, ReloadPhase, TrackDepth, TrackerId};

/// What a tracker wants to hear about (the callbacks that were non-NULL in
/// `object_track_start`), and who it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrackSpec {
    pub depth: TrackDepth,
    /// Keys created, replaced or deleted.
    pub key_changes: bool,
    /// Objects created.
    pub object_create: bool,
    /// Objects destroyed.
    pub object_destroy: bool,
    /// Configuration reloads. Only trackers on the root object receive them.
    pub reload: bool,
    /// An opaque value chosen by the caller (a connection id, say); it comes
    /// back in every notification and [`crate::ObjDb::object_track_stop_owner`]
    /// removes all trackers of one owner, as the original's `object_track_stop`
    /// does with its callback and private-data pointers.
    pub owner: u64,
}

impl TrackSpec {
    /// A tracker that wants every kind of change.
    pub fn all(depth: TrackDepth, owner: u64) -> TrackSpec {
        TrackSpec {
            depth,
            key_changes: true,
            object_create: true,
            object_destroy: true,
            reload: true,
            owner,
        }
    }

    /// A tracker that wants key changes only (what the executive itself uses
    /// to follow `totem {}` and `logging {}`).
    pub fn key_changes(depth: TrackDepth, owner: u64) -> TrackSpec {
        TrackSpec {
            depth,
            key_changes: true,
            object_create: false,
            object_destroy: false,
            reload: false,
            owner,
        }
    }

    /// A tracker that wants reload notifications only.
    pub fn reload(owner: u64) -> TrackSpec {
        TrackSpec {
            depth: TrackDepth::One,
            key_changes: false,
            object_create: false,
            object_destroy: false,
            reload: true,
            owner,
        }
    }
}

/// One change, with the arguments the original passes to the matching
/// callback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeEvent {
    /// `object_key_change_notify_fn_t`. As in the original, `parent` is the
    /// parent of the object that holds the *tracker* (for a recursive tracker
    /// on an ancestor, that is not the changed object's parent); `object` and
    /// `object_name` are the object whose key changed. `value` is empty for a
    /// deletion.
    KeyChanged {
        change: KeyChangeType,
        parent: ObjectHandle,
        object: ObjectHandle,
        object_name: Vec<u8>,
        key_name: Vec<u8>,
        value: Vec<u8>,
    },
    /// `object_create_notify_fn_t`.
    ObjectCreated {
        parent: ObjectHandle,
        object: ObjectHandle,
        name: Vec<u8>,
    },
    /// `object_destroy_notify_fn_t`.
    ObjectDestroyed { parent: ObjectHandle, name: Vec<u8> },
    /// `object_reload_notify_fn_t`.
    Reload { phase: ReloadPhase, flush: bool },
}

/// A change addressed to one tracker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    pub tracker: TrackerId,
    pub owner: u64,
    pub event: ChangeEvent,
}

#[derive(Clone, Debug)]
pub(crate) struct Tracker {
    pub(crate) object: ObjectHandle,
    pub(crate) spec: TrackSpec,
}
