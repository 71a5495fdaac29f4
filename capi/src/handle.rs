//! 64-bit checked handles: the upper 32 bits are a random check value, the
//! lower 32 bits the slot index. A handle whose slot was freed or reused
//! (stale) or that was never issued (foreign) is refused with
//! `CS_ERR_BAD_HANDLE`, as in the original libraries.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex, MutexGuard};

use corosync_wire::CsError;

/// A handle as C callers see it (`hdb_handle_t`, `cpg_handle_t`, ...).
pub type Handle = u64;

struct Slot<T> {
    check: u32,
    value: Option<Arc<T>>,
}

struct Table<T> {
    slots: Vec<Slot<T>>,
    free: Vec<u32>,
    rng: u64,
}

/// A table of objects addressed by checked handles. Lookups hand out an
/// `Arc`, so an object destroyed while another thread uses it stays alive
/// until that use ends (the original's reference counting).
pub struct HandleDb<T> {
    table: Mutex<Option<Table<T>>>,
}

impl<T> Default for HandleDb<T> {
    fn default() -> Self {
        Self::new()
    }
}

fn seed() -> u64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u64(std::process::id() as u64);
    h.finish() | 1
}

impl<T> HandleDb<T> {
    pub const fn new() -> HandleDb<T> {
        HandleDb {
            table: Mutex::new(None),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Option<Table<T>>> {
        // A panic while holding the lock cannot leave the table half
        // updated (every update is a single assignment), so poisoning is
        // ignored.
        let mut g = self.table.lock().unwrap_or_else(|p| p.into_inner());
        if g.is_none() {
            *g = Some(Table {
                slots: Vec::new(),
                free: Vec::new(),
                rng: seed(),
            });
        }
        g
    }

    /// Stores `value` and returns its new handle.
    pub fn create(&self, value: T) -> Handle {
        let mut g = self.lock();
        let t = g.as_mut().expect("initialised by lock()");
        let check = loop {
            // xorshift64*: cheap, and seeded per process from RandomState.
            t.rng ^= t.rng >> 12;
            t.rng ^= t.rng << 25;
            t.rng ^= t.rng >> 27;
            let c = (t.rng.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32) as u32;
            if c != 0 && c != u32::MAX {
                break c;
            }
        };
        let index = match t.free.pop() {
            Some(i) => i,
            None => {
                t.slots.push(Slot {
                    check: 0,
                    value: None,
                });
                (t.slots.len() - 1) as u32
            }
        };
        let slot = &mut t.slots[index as usize];
        slot.check = check;
        slot.value = Some(Arc::new(value));
        ((check as u64) << 32) | index as u64
    }

    /// The object behind `handle`.
    pub fn get(&self, handle: Handle) -> Result<Arc<T>, CsError> {
        let g = self.lock();
        let t = g.as_ref().expect("initialised by lock()");
        let index = (handle & 0xffff_ffff) as usize;
        let check = (handle >> 32) as u32;
        match t.slots.get(index) {
            Some(Slot {
                check: c,
                value: Some(v),
            }) if *c == check => Ok(Arc::clone(v)),
            _ => Err(CsError::BAD_HANDLE),
        }
    }

    /// Removes `handle` from the table; later lookups fail. Returns the
    /// object so the caller can finish tearing it down.
    pub fn destroy(&self, handle: Handle) -> Result<Arc<T>, CsError> {
        let mut g = self.lock();
        let t = g.as_mut().expect("initialised by lock()");
        let index = (handle & 0xffff_ffff) as usize;
        let check = (handle >> 32) as u32;
        match t.slots.get_mut(index) {
            Some(slot) if slot.check == check && slot.value.is_some() => {
                let v = slot.value.take().expect("checked above");
                slot.check = 0;
                t.free.push(index as u32);
                Ok(v)
            }
            _ => Err(CsError::BAD_HANDLE),
        }
    }

    /// Every live object (for fork handlers, shutdown, ...).
    pub fn all(&self) -> Vec<(Handle, Arc<T>)> {
        let g = self.lock();
        let t = g.as_ref().expect("initialised by lock()");
        t.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                s.value
                    .as_ref()
                    .map(|v| (((s.check as u64) << 32) | i as u64, Arc::clone(v)))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_handle_finds_its_object() {
        let db = HandleDb::new();
        let h = db.create(42);
        assert_eq!(*db.get(h).unwrap(), 42);
        assert_ne!(h >> 32, 0);
    }

    #[test]
    fn destroyed_handle_is_bad() {
        let db = HandleDb::new();
        let h = db.create("x");
        db.destroy(h).unwrap();
        assert_eq!(db.get(h).unwrap_err(), CsError::BAD_HANDLE);
        assert_eq!(db.destroy(h).unwrap_err(), CsError::BAD_HANDLE);
    }

    #[test]
    fn stale_handle_is_bad_after_slot_reuse() {
        let db = HandleDb::new();
        let h1 = db.create(1);
        db.destroy(h1).unwrap();
        let h2 = db.create(2);
        assert_eq!(h1 & 0xffff_ffff, h2 & 0xffff_ffff);
        assert_eq!(db.get(h1).unwrap_err(), CsError::BAD_HANDLE);
        assert_eq!(*db.get(h2).unwrap(), 2);
    }

    #[test]
    fn foreign_handles_are_bad() {
        let db: HandleDb<u8> = HandleDb::new();
        let h = db.create(1);
        for bad in [
            0u64,
            u64::MAX,
            h ^ (1 << 40),
            h + 1,
            0xffff_ffff_0000_0000 | (h & 0xffff_ffff),
        ] {
            assert_eq!(db.get(bad).unwrap_err(), CsError::BAD_HANDLE, "{bad:x}");
        }
    }

    #[test]
    fn object_outlives_destroy_while_in_use() {
        let db = HandleDb::new();
        let h = db.create(String::from("alive"));
        let held = db.get(h).unwrap();
        db.destroy(h).unwrap();
        assert_eq!(*held, "alive");
    }
}
