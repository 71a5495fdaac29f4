//! The object database proper.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use indexmap::IndexMap;

use crate::error::{ObjdbError, Result};
use crate::slots::{SlotTable, WILDCARD_CHECK};
use crate::track::{ChangeEvent, Notification, TrackSpec, Tracker};
use crate::types::{
    FindHandle, KeyChangeType, KeyRef, KeyValue, ObjectHandle, Origin, ReloadPhase, TrackDepth,
    TrackerId, ValueType, c_str,
};
use crate::value::TypedValue;

/// The name the original gives the root object.
const ROOT_NAME: &[u8] = b"parent";

struct KeyEntry {
    value: Vec<u8>,
    ty: ValueType,
    origin: Option<Origin>,
}

struct Object {
    name: Vec<u8>,
    parent: ObjectHandle,
    /// Children in creation order.
    children: Vec<ObjectHandle>,
    /// Children by name, each list in creation order: finds and path lookups
    /// do not scan siblings.
    by_name: HashMap<Vec<u8>, Vec<ObjectHandle>>,
    /// Keys in creation order, found by name in constant time.
    keys: IndexMap<Vec<u8>, KeyEntry>,
    /// Trackers on this object, oldest first. The original pushes each new
    /// tracker at the head of its list, so notifications go newest first.
    trackers: Vec<TrackerId>,
    origin: Option<Origin>,
}

impl Object {
    fn new(name: &[u8], parent: ObjectHandle) -> Object {
        Object {
            name: name.to_vec(),
            parent,
            children: Vec::new(),
            by_name: HashMap::new(),
            keys: IndexMap::new(),
            trackers: Vec::new(),
            origin: None,
        }
    }
}

struct FindState {
    name: Vec<u8>,
    handles: Vec<ObjectHandle>,
    pos: usize,
}

/// Key names are C strings in the original: whatever follows a NUL is not
/// part of the name.
fn key_name(name: &[u8]) -> &[u8] {
    c_str(name)
}

/// The object database: a tree of named objects, each with ordered children
/// and ordered typed keys. Single-threaded: the executive owns it and hands
/// out `&`/`&mut` as needed.
pub struct ObjDb {
    objects: SlotTable<Object>,
    finds: SlotTable<FindState>,
    trackers: BTreeMap<TrackerId, Tracker>,
    next_tracker: u64,
    pending: Vec<Notification>,
}

impl Default for ObjDb {
    fn default() -> Self {
        ObjDb::new()
    }
}

impl std::fmt::Debug for ObjDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObjDb")
            .field("objects", &self.objects.len())
            .field("trackers", &self.trackers.len())
            .field("pending", &self.pending.len())
            .finish()
    }
}

impl ObjDb {
    /// An empty database holding only the root object (`objdb_init`).
    pub fn new() -> ObjDb {
        let mut objects = SlotTable::new();
        let root = Object::new(ROOT_NAME, ObjectHandle::ROOT);
        let raw = objects.insert_with_check(root, WILDCARD_CHECK);
        debug_assert_eq!(raw, Some(ObjectHandle::ROOT.as_raw()));
        ObjDb {
            objects,
            finds: SlotTable::new(),
            trackers: BTreeMap::new(),
            next_tracker: 1,
            pending: Vec::new(),
        }
    }

    fn obj(&self, handle: ObjectHandle) -> Result<&Object> {
        self.objects
            .get(handle.as_raw())
            .ok_or(ObjdbError::BadHandle(handle.as_raw()))
    }

    fn obj_mut(&mut self, handle: ObjectHandle) -> Result<&mut Object> {
        self.objects
            .get_mut(handle.as_raw())
            .ok_or(ObjdbError::BadHandle(handle.as_raw()))
    }

    /// Whether `handle` names a live object.
    pub fn object_valid(&self, handle: ObjectHandle) -> bool {
        self.objects.get(handle.as_raw()).is_some()
    }

    /// Number of live objects, the root included.
    pub fn object_count(&self) -> usize {
        self.objects.len()
    }

    // ----- objects -------------------------------------------------------

    /// `object_create`: a new child of `parent`, after its existing children.
    /// Names need not be unique.
    pub fn object_create(&mut self, parent: ObjectHandle, name: &[u8]) -> Result<ObjectHandle> {
        self.obj(parent)?;
        let raw = self
            .objects
            .insert(Object::new(name, parent))
            .ok_or(ObjdbError::HandlesExhausted)?;
        let handle = ObjectHandle::from_raw(raw);
        let parent_obj = self.obj_mut(parent)?;
        parent_obj.children.push(handle);
        parent_obj
            .by_name
            .entry(name.to_vec())
            .or_default()
            .push(handle);
        self.notify_created(parent, handle, name);
        Ok(handle)
    }

    /// `object_destroy`: the object, its keys, trackers and every object
    /// below it. Trackers hear about it before anything is removed.
    pub fn object_destroy(&mut self, handle: ObjectHandle) -> Result<()> {
        if handle == ObjectHandle::ROOT {
            return Err(ObjdbError::RootNotDestroyable);
        }
        let (parent, name) = {
            let obj = self.obj(handle)?;
            (obj.parent, obj.name.clone())
        };
        self.notify_destroyed(handle, parent, &name);

        // Unlink from the parent, then free the subtree without recursion
        // (configuration trees from untrusted input may be very deep).
        if let Ok(parent_obj) = self.obj_mut(parent) {
            parent_obj.children.retain(|&c| c != handle);
            if let Some(list) = parent_obj.by_name.get_mut(&name) {
                list.retain(|&c| c != handle);
                if list.is_empty() {
                    parent_obj.by_name.remove(&name);
                }
            }
        }
        let mut stack = vec![handle];
        while let Some(h) = stack.pop() {
            if let Some(obj) = self.objects.remove(h.as_raw()) {
                for id in &obj.trackers {
                    self.trackers.remove(id);
                }
                stack.extend(obj.children);
            }
        }
        Ok(())
    }

    /// `object_name_get`.
    pub fn object_name_get(&self, handle: ObjectHandle) -> Result<&[u8]> {
        Ok(&self.obj(handle)?.name)
    }

    /// `object_parent_get`: the parent's handle; for the root itself the
    /// original answers 0.
    pub fn object_parent_get(&self, handle: ObjectHandle) -> Result<ObjectHandle> {
        let obj = self.obj(handle)?;
        if handle == ObjectHandle::ROOT {
            Ok(ObjectHandle::from_raw(0))
        } else {
            Ok(obj.parent)
        }
    }

    /// The children of an object in creation order (what `object_iter`
    /// walks).
    pub fn object_children(&self, handle: ObjectHandle) -> Result<&[ObjectHandle]> {
        Ok(&self.obj(handle)?.children)
    }

    /// The children of `parent` named `name` in creation order, or all
    /// children when `name` is empty (the set `object_find_create` iterates).
    pub fn object_find(&self, parent: ObjectHandle, name: &[u8]) -> Result<Vec<ObjectHandle>> {
        let obj = self.obj(parent)?;
        if name.is_empty() {
            return Ok(obj.children.clone());
        }
        Ok(obj.by_name.get(name).cloned().unwrap_or_default())
    }

    /// The first child of `parent` named `name` (the common
    /// find_create/find_next/find_destroy sequence of the original).
    pub fn object_find_first(
        &self,
        parent: ObjectHandle,
        name: &[u8],
    ) -> Result<Option<ObjectHandle>> {
        let obj = self.obj(parent)?;
        if name.is_empty() {
            return Ok(obj.children.first().copied());
        }
        Ok(obj.by_name.get(name).and_then(|list| list.first().copied()))
    }

    /// Follow a path of names from the root, taking the first match at each
    /// level: `["totem", "interface"]` is the first interface of the first
    /// totem section.
    pub fn lookup_path<N: AsRef<[u8]>>(&self, path: &[N]) -> Option<ObjectHandle> {
        let mut cur = ObjectHandle::ROOT;
        for name in path {
            cur = self.object_find_first(cur, name.as_ref()).ok()??;
        }
        Some(cur)
    }

    /// `object_find_create`: start an iteration over the children of
    /// `parent` named `name` (all children when empty). The set is taken now;
    /// objects destroyed before they are reached are skipped.
    pub fn object_find_create(&mut self, parent: ObjectHandle, name: &[u8]) -> Result<FindHandle> {
        let handles = self.object_find(parent, name)?;
        let raw = self
            .finds
            .insert(FindState {
                name: name.to_vec(),
                handles,
                pos: 0,
            })
            .ok_or(ObjdbError::HandlesExhausted)?;
        Ok(FindHandle::from_raw(raw))
    }

    /// `object_find_next`: the next match, `None` at the end.
    pub fn object_find_next(&mut self, find: FindHandle) -> Result<Option<ObjectHandle>> {
        let objects = &self.objects;
        let state = self
            .finds
            .get_mut(find.as_raw())
            .ok_or(ObjdbError::BadFindHandle(find.as_raw()))?;
        while let Some(&candidate) = state.handles.get(state.pos) {
            state.pos += 1;
            if let Some(obj) = objects.get(candidate.as_raw())
                && (state.name.is_empty() || obj.name == state.name)
            {
                return Ok(Some(candidate));
            }
        }
        Ok(None)
    }

    /// `object_find_destroy`.
    pub fn object_find_destroy(&mut self, find: FindHandle) -> Result<()> {
        self.finds
            .remove(find.as_raw())
            .map(|_| ())
            .ok_or(ObjdbError::BadFindHandle(find.as_raw()))
    }

    // ----- keys ----------------------------------------------------------

    /// `object_key_create`: a key of type `Any`.
    pub fn object_key_create(
        &mut self,
        handle: ObjectHandle,
        key: &[u8],
        value: &[u8],
    ) -> Result<()> {
        self.object_key_create_typed(handle, key, value, ValueType::Any)
    }

    /// `object_key_create_typed`. The value of a numeric type must have that
    /// type's size. A key that exists already takes the new value and type
    /// in place (and trackers are told it was created, as in the original).
    pub fn object_key_create_typed(
        &mut self,
        handle: ObjectHandle,
        key: &[u8],
        value: &[u8],
        ty: ValueType,
    ) -> Result<()> {
        let key = key_name(key);
        if let Some(expected) = ty.fixed_size()
            && expected != value.len()
        {
            self.obj(handle)?;
            return Err(ObjdbError::ValueSizeMismatch {
                ty,
                expected,
                actual: value.len(),
            });
        }
        let obj = self.obj_mut(handle)?;
        let entry = KeyEntry {
            value: value.to_vec(),
            ty,
            origin: None,
        };
        match obj.keys.get_mut(key) {
            Some(existing) => *existing = entry,
            None => {
                obj.keys.insert(key.to_vec(), entry);
            }
        }
        self.notify_key(handle, key, value, KeyChangeType::Created);
        Ok(())
    }

    /// A string key the way the config parser and the services store them:
    /// type `String`, value with its terminating NUL.
    pub fn object_key_create_string(
        &mut self,
        handle: ObjectHandle,
        key: &[u8],
        value: &[u8],
    ) -> Result<()> {
        let mut stored = Vec::with_capacity(value.len() + 1);
        stored.extend_from_slice(value);
        stored.push(0);
        self.object_key_create_typed(handle, key, &stored, ValueType::String)
    }

    /// A numeric key in native byte order, typed after `T`.
    pub fn object_key_create_value<T: TypedValue>(
        &mut self,
        handle: ObjectHandle,
        key: &[u8],
        value: T,
    ) -> Result<()> {
        self.object_key_create_typed(handle, key, &value.to_native_bytes(), T::VALUE_TYPE)
    }

    /// `object_key_get`: the value bytes.
    pub fn object_key_get(&self, handle: ObjectHandle, key: &[u8]) -> Result<&[u8]> {
        Ok(self.object_key_get_typed(handle, key)?.value)
    }

    /// `object_key_get_typed`: the value bytes and type.
    pub fn object_key_get_typed(&self, handle: ObjectHandle, key: &[u8]) -> Result<KeyValue<'_>> {
        let key = key_name(key);
        let entry = self
            .obj(handle)?
            .keys
            .get(key)
            .ok_or_else(|| ObjdbError::KeyNotFound(key.to_vec()))?;
        Ok(KeyValue {
            value: &entry.value,
            ty: entry.ty,
        })
    }

    /// A string value as C code reads it (up to the first NUL), `None` when
    /// the object or key does not exist.
    pub fn key_get_str(&self, handle: ObjectHandle, key: &[u8]) -> Option<&[u8]> {
        self.object_key_get_typed(handle, key)
            .ok()
            .map(|v| v.c_str())
    }

    /// A numeric key of exactly type `T`.
    pub fn object_key_get_value<T: TypedValue>(
        &self,
        handle: ObjectHandle,
        key: &[u8],
    ) -> Result<T> {
        let kv = self.object_key_get_typed(handle, key)?;
        if kv.ty != T::VALUE_TYPE {
            return Err(ObjdbError::NotAnInteger(key_name(key).to_vec()));
        }
        T::from_native_bytes(kv.value).ok_or(ObjdbError::ValueSizeMismatch {
            ty: kv.ty,
            expected: T::SIZE,
            actual: kv.value.len(),
        })
    }

    /// `object_key_replace`: a new value for an existing key; the type stays
    /// as it was. Trackers hear about it only if the bytes changed.
    pub fn object_key_replace(
        &mut self,
        handle: ObjectHandle,
        key: &[u8],
        value: &[u8],
    ) -> Result<()> {
        let key = key_name(key);
        let entry = self
            .obj_mut(handle)?
            .keys
            .get_mut(key)
            .ok_or_else(|| ObjdbError::KeyNotFound(key.to_vec()))?;
        if entry.value == value {
            return Ok(());
        }
        entry.value.clear();
        entry.value.extend_from_slice(value);
        entry.origin = None;
        self.notify_key(handle, key, value, KeyChangeType::Replaced);
        Ok(())
    }

    /// `object_key_delete`.
    pub fn object_key_delete(&mut self, handle: ObjectHandle, key: &[u8]) -> Result<()> {
        let key = key_name(key);
        self.obj_mut(handle)?
            .keys
            .shift_remove(key)
            .ok_or_else(|| ObjdbError::KeyNotFound(key.to_vec()))?;
        self.notify_key(handle, key, &[], KeyChangeType::Deleted);
        Ok(())
    }

    /// `object_key_increment`: add one to an integer key (wrapping) and
    /// return the new value as the original's `unsigned int` out-parameter
    /// sees it. An `Any` key counts as a native `int` when it is 4 bytes.
    pub fn object_key_increment(&mut self, handle: ObjectHandle, key: &[u8]) -> Result<u32> {
        self.key_step(handle, key, 1)
    }

    /// `object_key_decrement`.
    pub fn object_key_decrement(&mut self, handle: ObjectHandle, key: &[u8]) -> Result<u32> {
        self.key_step(handle, key, -1)
    }

    fn key_step(&mut self, handle: ObjectHandle, key: &[u8], step: i64) -> Result<u32> {
        let key = key_name(key);
        let entry = self
            .obj_mut(handle)?
            .keys
            .get_mut(key)
            .ok_or_else(|| ObjdbError::KeyNotFound(key.to_vec()))?;
        let not_int = || ObjdbError::NotAnInteger(key.to_vec());
        let v = &mut entry.value;
        // Each arm reads the value at its width, steps it with wrap-around
        // and reports it converted to `unsigned int` the way C converts.
        let result = match (entry.ty, v.len()) {
            (ValueType::Int16, 2) => step_int::<i16>(v, step).map(|n| n as i32 as u32),
            (ValueType::UInt16, 2) => step_int::<u16>(v, step).map(u32::from),
            (ValueType::Int32, 4) | (ValueType::Any, 4) => {
                step_int::<i32>(v, step).map(|n| n as u32)
            }
            (ValueType::UInt32, 4) => step_int::<u32>(v, step),
            (ValueType::Int64, 8) => step_int::<i64>(v, step).map(|n| n as u32),
            (ValueType::UInt64, 8) => step_int::<u64>(v, step).map(|n| n as u32),
            _ => None,
        }
        .ok_or_else(not_int)?;
        let value = entry.value.clone();
        self.notify_key(handle, key, &value, KeyChangeType::Replaced);
        Ok(result)
    }

    /// The keys of an object in creation order.
    pub fn object_key_iter(
        &self,
        handle: ObjectHandle,
    ) -> Result<impl Iterator<Item = KeyRef<'_>>> {
        Ok(self.obj(handle)?.keys.iter().map(|(name, e)| KeyRef {
            name,
            value: &e.value,
            ty: e.ty,
        }))
    }

    /// `object_key_iter_from`: the key at position `pos` (0-based), `None`
    /// past the end. confdb clients page through keys with this.
    pub fn object_key_iter_from(
        &self,
        handle: ObjectHandle,
        pos: u64,
    ) -> Result<Option<KeyRef<'_>>> {
        let obj = self.obj(handle)?;
        let Ok(pos) = usize::try_from(pos) else {
            return Ok(None);
        };
        Ok(obj.keys.get_index(pos).map(|(name, e)| KeyRef {
            name,
            value: &e.value,
            ty: e.ty,
        }))
    }

    /// Number of keys on an object.
    pub fn object_key_count(&self, handle: ObjectHandle) -> Result<usize> {
        Ok(self.obj(handle)?.keys.len())
    }

    // ----- origins -------------------------------------------------------

    /// Record where an object came from (the config parser does this).
    pub fn set_object_origin(&mut self, handle: ObjectHandle, origin: Origin) -> Result<()> {
        self.obj_mut(handle)?.origin = Some(origin);
        Ok(())
    }

    pub fn object_origin(&self, handle: ObjectHandle) -> Option<&Origin> {
        self.obj(handle).ok()?.origin.as_ref()
    }

    /// Record where a key's current value came from. Replacing the value
    /// forgets it.
    pub fn set_key_origin(
        &mut self,
        handle: ObjectHandle,
        key: &[u8],
        origin: Origin,
    ) -> Result<()> {
        let key = key_name(key);
        let entry = self
            .obj_mut(handle)?
            .keys
            .get_mut(key)
            .ok_or_else(|| ObjdbError::KeyNotFound(key.to_vec()))?;
        entry.origin = Some(origin);
        Ok(())
    }

    pub fn key_origin(&self, handle: ObjectHandle, key: &[u8]) -> Option<&Origin> {
        self.obj(handle)
            .ok()?
            .keys
            .get(key_name(key))?
            .origin
            .as_ref()
    }

    // ----- tracking ------------------------------------------------------

    /// `object_track_start`: register a tracker on an object. Its
    /// notifications queue up until [`ObjDb::take_notifications`].
    pub fn object_track_start(
        &mut self,
        handle: ObjectHandle,
        spec: TrackSpec,
    ) -> Result<TrackerId> {
        let id = TrackerId(self.next_tracker);
        self.obj_mut(handle)?.trackers.push(id);
        self.next_tracker += 1;
        self.trackers.insert(
            id,
            Tracker {
                object: handle,
                spec,
            },
        );
        Ok(id)
    }

    /// Remove one tracker.
    pub fn object_track_stop(&mut self, id: TrackerId) -> Result<()> {
        let tracker = self
            .trackers
            .remove(&id)
            .ok_or(ObjdbError::BadTracker(id.0))?;
        if let Ok(obj) = self.obj_mut(tracker.object) {
            obj.trackers.retain(|&t| t != id);
        }
        Ok(())
    }

    /// `object_track_stop`: remove every tracker of one owner; returns how
    /// many there were.
    pub fn object_track_stop_owner(&mut self, owner: u64) -> usize {
        let ids: Vec<TrackerId> = self
            .trackers
            .iter()
            .filter(|(_, t)| t.spec.owner == owner)
            .map(|(&id, _)| id)
            .collect();
        for &id in &ids {
            // Cannot fail: the id was just listed.
            let _ = self.object_track_stop(id);
        }
        ids.len()
    }

    /// Queue reload notifications (start, end or failed) for the reload
    /// trackers on the root object, as `object_reload_config` does around the
    /// loaders' reload.
    pub fn reload_notify(&mut self, phase: ReloadPhase, flush: bool) {
        for (id, spec) in self.trackers_of(ObjectHandle::ROOT) {
            if spec.reload {
                self.pending.push(Notification {
                    tracker: id,
                    owner: spec.owner,
                    event: ChangeEvent::Reload { phase, flush },
                });
            }
        }
    }

    /// Hand over every queued notification, oldest first.
    pub fn take_notifications(&mut self) -> Vec<Notification> {
        std::mem::take(&mut self.pending)
    }

    /// Hand over the queued notifications of one owner only, oldest first;
    /// the others stay queued (the executive's own trackers use this so
    /// that they never take what belongs to a client).
    pub fn take_notifications_of(&mut self, owner: u64) -> Vec<Notification> {
        if !self.pending.iter().any(|n| n.owner == owner) {
            return Vec::new();
        }
        let (mine, others) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|n| n.owner == owner);
        self.pending = others;
        mine
    }

    pub fn has_notifications(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The object itself, then its ancestors up to but not including the
    /// root (the original stops its walk when it reaches the root's handle,
    /// so root trackers hear only of keys on the root itself and reloads).
    fn notify_walk(&self, start: ObjectHandle) -> Vec<ObjectHandle> {
        let mut walk = vec![start];
        let mut cur = start;
        while let Ok(obj) = self.obj(cur) {
            if obj.parent == ObjectHandle::ROOT || obj.parent == cur {
                break;
            }
            cur = obj.parent;
            walk.push(cur);
        }
        walk
    }

    fn trackers_of(&self, handle: ObjectHandle) -> Vec<(TrackerId, TrackSpec)> {
        match self.obj(handle) {
            Ok(obj) => obj
                .trackers
                .iter()
                .rev()
                .filter_map(|id| self.trackers.get(id).map(|t| (*id, t.spec)))
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    fn notify_created(&mut self, parent: ObjectHandle, object: ObjectHandle, name: &[u8]) {
        if self.trackers.is_empty() {
            return;
        }
        for cur in self.notify_walk(object) {
            for (id, spec) in self.trackers_of(cur) {
                if (cur == parent || spec.depth == TrackDepth::Recursive) && spec.object_create {
                    self.pending.push(Notification {
                        tracker: id,
                        owner: spec.owner,
                        event: ChangeEvent::ObjectCreated {
                            parent,
                            object,
                            name: name.to_vec(),
                        },
                    });
                }
            }
        }
    }

    fn notify_destroyed(&mut self, object: ObjectHandle, parent: ObjectHandle, name: &[u8]) {
        if self.trackers.is_empty() {
            return;
        }
        for cur in self.notify_walk(object) {
            for (id, spec) in self.trackers_of(cur) {
                if (cur == parent || spec.depth == TrackDepth::Recursive) && spec.object_destroy {
                    self.pending.push(Notification {
                        tracker: id,
                        owner: spec.owner,
                        event: ChangeEvent::ObjectDestroyed {
                            parent,
                            name: name.to_vec(),
                        },
                    });
                }
            }
            if cur == object {
                self.notify_deleted_children(object);
            }
        }
    }

    /// Every tracker on every object below `top` hears that its object goes,
    /// whatever its depth; deepest first, siblings in creation order.
    fn notify_deleted_children(&mut self, top: ObjectHandle) {
        let mut stack: Vec<(ObjectHandle, usize)> = vec![(top, 0)];
        while let Some(&mut (handle, ref mut next)) = stack.last_mut() {
            let child = self
                .obj(handle)
                .ok()
                .and_then(|obj| obj.children.get(*next).copied());
            if let Some(child) = child {
                *next += 1;
                stack.push((child, 0));
                continue;
            }
            stack.pop();
            let Some(&(parent, _)) = stack.last() else {
                break;
            };
            let name = match self.obj(handle) {
                Ok(obj) => obj.name.clone(),
                Err(_) => continue,
            };
            for (id, spec) in self.trackers_of(handle) {
                if spec.object_destroy {
                    self.pending.push(Notification {
                        tracker: id,
                        owner: spec.owner,
                        event: ChangeEvent::ObjectDestroyed {
                            parent,
                            name: name.clone(),
                        },
                    });
                }
            }
        }
    }

    fn notify_key(
        &mut self,
        object: ObjectHandle,
        key: &[u8],
        value: &[u8],
        change: KeyChangeType,
    ) {
        if self.trackers.is_empty() {
            return;
        }
        let object_name = match self.obj(object) {
            Ok(obj) => obj.name.clone(),
            Err(_) => return,
        };
        for cur in self.notify_walk(object) {
            let Ok(tracker_parent) = self.obj(cur).map(|o| o.parent) else {
                continue;
            };
            for (id, spec) in self.trackers_of(cur) {
                if (cur == object || spec.depth == TrackDepth::Recursive) && spec.key_changes {
                    self.pending.push(Notification {
                        tracker: id,
                        owner: spec.owner,
                        event: ChangeEvent::KeyChanged {
                            change,
                            parent: tracker_parent,
                            object,
                            object_name: object_name.clone(),
                            key_name: key.to_vec(),
                            value: value.to_vec(),
                        },
                    });
                }
            }
        }
    }

    // ----- dump ----------------------------------------------------------

    /// The subtree below `handle` in corosync.conf syntax, four spaces per
    /// level (the original's `object_dump` layout). Strings print up to
    /// their NUL, numbers in decimal, other binary values as hex.
    pub fn object_dump(&self, handle: ObjectHandle) -> Result<String> {
        self.obj(handle)?;
        let mut out = String::new();
        // (object, depth, next child index, header printed)
        let mut stack: Vec<(ObjectHandle, usize, usize)> = Vec::new();
        let top_depth = usize::from(handle != ObjectHandle::ROOT);
        if handle != ObjectHandle::ROOT {
            let _ = writeln!(
                out,
                "{} {{",
                String::from_utf8_lossy(self.object_name_get(handle)?)
            );
        }
        self.dump_keys(handle, top_depth, &mut out);
        stack.push((handle, top_depth, 0));
        while let Some(&mut (h, depth, ref mut next)) = stack.last_mut() {
            let child = self
                .obj(h)
                .ok()
                .and_then(|o| o.children.get(*next).copied());
            match child {
                Some(child) => {
                    *next += 1;
                    let name = self.obj(child).map(|o| o.name.clone()).unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "{}{} {{",
                        "    ".repeat(depth),
                        String::from_utf8_lossy(&name)
                    );
                    self.dump_keys(child, depth + 1, &mut out);
                    stack.push((child, depth + 1, 0));
                }
                None => {
                    stack.pop();
                    if h != ObjectHandle::ROOT {
                        let _ = writeln!(out, "{}}}", "    ".repeat(depth.saturating_sub(1)));
                    }
                }
            }
        }
        Ok(out)
    }

    fn dump_keys(&self, handle: ObjectHandle, depth: usize, out: &mut String) {
        let Ok(obj) = self.obj(handle) else {
            return;
        };
        for (name, entry) in &obj.keys {
            let _ = writeln!(
                out,
                "{}{}: {}",
                "    ".repeat(depth),
                String::from_utf8_lossy(name),
                display_value(&entry.value, entry.ty)
            );
        }
    }
}

fn display_value(value: &[u8], ty: ValueType) -> String {
    use crate::value::TypedValue as T;
    let shown = match ty {
        ValueType::Int16 => i16::from_native_bytes(value).map(|v| v.to_string()),
        ValueType::UInt16 => u16::from_native_bytes(value).map(|v| v.to_string()),
        ValueType::Int32 => i32::from_native_bytes(value).map(|v| v.to_string()),
        ValueType::UInt32 => u32::from_native_bytes(value).map(|v| v.to_string()),
        ValueType::Int64 => i64::from_native_bytes(value).map(|v| v.to_string()),
        ValueType::UInt64 => u64::from_native_bytes(value).map(|v| v.to_string()),
        ValueType::Float => f32::from_native_bytes(value).map(|v| v.to_string()),
        ValueType::Double => f64::from_native_bytes(value).map(|v| v.to_string()),
        ValueType::String | ValueType::Any => None,
    };
    shown.unwrap_or_else(|| String::from_utf8_lossy(c_str(value)).into_owned())
}

fn step_int<T: TypedValue + crate::value::WrappingStep>(bytes: &mut [u8], step: i64) -> Option<T> {
    let current = T::from_native_bytes(bytes)?;
    let next = current.wrapping_step(step);
    bytes.copy_from_slice(&next.to_native_bytes());
    Some(next)
}
