//! The object database (objdb): a tree of named objects with typed keys that
//! the configuration is loaded into and that services read and write. Later
//! exposed to clients by confdb, so it keeps the original's semantics: 64-bit
//! checked handles with the root at `OBJECT_PARENT_HANDLE`, children and keys
//! in creation order, duplicate object names allowed and key names unique,
//! find iterations that survive concurrent deletion, and change tracking.
//!
//! ```
//! use objdb::{ObjDb, ObjectHandle, ValueType};
//!
//! let mut db = ObjDb::new();
//! let totem = db.object_create(ObjectHandle::ROOT, b"totem").unwrap();
//! db.object_key_create_string(totem, b"token", b"3000").unwrap();
//! assert_eq!(db.key_get_str(totem, b"token"), Some(&b"3000"[..]));
//! assert_eq!(db.lookup_path(&["totem"]), Some(totem));
//! assert_eq!(db.object_key_get_typed(totem, b"token").unwrap().ty, ValueType::String);
//! ```
#![forbid(unsafe_code)]

mod db;
mod error;
mod slots;
mod track;
mod types;
mod value;

pub use db::ObjDb;
pub use error::{ObjdbError, Result};
pub use track::{ChangeEvent, Notification, TrackSpec};
pub use types::{
    FindHandle, KeyChangeType, KeyRef, KeyValue, OBJECT_PARENT_HANDLE, OBJECT_PARENT_HANDLE_RAW,
    ObjectHandle, Origin, ReloadPhase, TrackDepth, TrackerId, ValueType, c_str,
};
pub use value::TypedValue;

#[cfg(test)]
mod tests;
