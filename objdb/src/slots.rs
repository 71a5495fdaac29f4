//! A slot table addressed by checked 64-bit handles, the way `hdb.h` hands
//! them out: the low 32 bits index a slot, the high 32 bits must match the
//! slot's current check value. A freed slot gets a new check value when it is
//! reused, so an old handle to it fails instead of reaching the new occupant.

use std::collections::BTreeSet;

/// The check value that the original treats as "matches anything"; here it
/// is reserved for the root object only.
pub(crate) const WILDCARD_CHECK: u32 = 0xFFFF_FFFF;

struct Slot<T> {
    check: u32,
    item: Option<T>,
}

pub(crate) struct SlotTable<T> {
    slots: Vec<Slot<T>>,
    /// Free slot indices; the lowest is reused first, as `hdb_handle_create`
    /// takes the first empty slot.
    free: BTreeSet<u32>,
    next_check: u32,
}

impl<T> SlotTable<T> {
    pub(crate) fn new() -> SlotTable<T> {
        SlotTable {
            slots: Vec::new(),
            free: BTreeSet::new(),
            next_check: 1,
        }
    }

    fn fresh_check(&mut self) -> u32 {
        loop {
            let check = self.next_check;
            self.next_check = self.next_check.wrapping_add(1);
            if check != 0 && check != WILDCARD_CHECK {
                return check;
            }
        }
    }

    /// Store `item` and return its handle, or `None` when all 2^32 slots
    /// are taken.
    pub(crate) fn insert(&mut self, item: T) -> Option<u64> {
        let check = self.fresh_check();
        self.insert_with_check(item, check)
    }

    /// Store `item` with a chosen check value (the root object uses the
    /// wildcard so that its handle is `OBJECT_PARENT_HANDLE`).
    pub(crate) fn insert_with_check(&mut self, item: T, check: u32) -> Option<u64> {
        let index = match self.free.pop_first() {
            Some(index) => index,
            None => {
                let index = u32::try_from(self.slots.len()).ok()?;
                self.slots.push(Slot { check, item: None });
                index
            }
        };
        let slot = self.slots.get_mut(index as usize)?;
        slot.check = check;
        slot.item = Some(item);
        Some((u64::from(check) << 32) | u64::from(index))
    }

    fn locate(&self, handle: u64) -> Option<usize> {
        let index = (handle & 0xFFFF_FFFF) as usize;
        let check = (handle >> 32) as u32;
        let slot = self.slots.get(index)?;
        (slot.item.is_some() && slot.check == check).then_some(index)
    }

    pub(crate) fn get(&self, handle: u64) -> Option<&T> {
        let index = self.locate(handle)?;
        self.slots.get(index)?.item.as_ref()
    }

    pub(crate) fn get_mut(&mut self, handle: u64) -> Option<&mut T> {
        let index = self.locate(handle)?;
        self.slots.get_mut(index)?.item.as_mut()
    }

    pub(crate) fn remove(&mut self, handle: u64) -> Option<T> {
        let index = self.locate(handle)?;
        let item = self.slots.get_mut(index)?.item.take();
        self.free.insert(index as u32);
        item
    }

    pub(crate) fn len(&self) -> usize {
        self.slots.len() - self.free.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reused_slot_rejects_the_old_handle() {
        let mut table = SlotTable::new();
        let first = table.insert("a").unwrap();
        assert_eq!(table.remove(first), Some("a"));
        let second = table.insert("b").unwrap();
        assert_eq!(first & 0xFFFF_FFFF, second & 0xFFFF_FFFF);
        assert_ne!(first, second);
        assert_eq!(table.get(first), None);
        assert_eq!(table.get(second), Some(&"b"));
    }

    #[test]
    fn lowest_free_slot_is_reused_first() {
        let mut table = SlotTable::new();
        let a = table.insert(1).unwrap();
        let b = table.insert(2).unwrap();
        let _c = table.insert(3).unwrap();
        table.remove(b);
        table.remove(a);
        let d = table.insert(4).unwrap();
        assert_eq!(d & 0xFFFF_FFFF, a & 0xFFFF_FFFF);
    }

    #[test]
    fn wildcard_check_only_matches_a_slot_stored_with_it() {
        let mut table = SlotTable::new();
        let root = table.insert_with_check("root", WILDCARD_CHECK).unwrap();
        let other = table.insert("other").unwrap();
        assert_eq!(root, 0xFFFF_FFFF_0000_0000);
        let forged = (u64::from(WILDCARD_CHECK) << 32) | (other & 0xFFFF_FFFF);
        assert_eq!(table.get(forged), None);
    }
}
