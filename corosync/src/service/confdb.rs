//! The confdb engine (`corosync_confdb`, service id 11): clients read and
//! change the object database through it, follow changes with trackers and
//! ask for the configuration to be reloaded or written back.
//!
//! Every request is answered with the layout and id the 1.4 library
//! expects; a failing database call answers `CS_ERR_ACCESS`, a value too
//! long for a fixed-size reply `CS_ERR_TOO_BIG`. Tracker notifications the
//! database queues are turned into callbacks for the tracking connection
//! by [`Confdb::objdb_notify`].

use std::collections::{BTreeMap, BTreeSet};

use corosync_wire::CsError;
use corosync_wire::bytes::Reader;
use corosync_wire::confdb::{Msg, layout as l, read_name, req, res};
use corosync_wire::ipc::{ResponseHeader, ServiceId};
use objdb::{
    ChangeEvent, FindHandle, KeyChangeType, Notification, ObjectHandle, TrackDepth, TrackSpec,
    ValueType,
};

use super::{Api, ConnId, FlowControl, Retry, Service};

static HANDLERS: [FlowControl; req::COUNT] = [FlowControl::NotRequired; req::COUNT];

/// `OBJECT_TRACK_DEPTH_RECURSIVE` as the library sends it.
const TRACK_DEPTH_RECURSIVE: u32 = 1;

#[derive(Default)]
pub struct Confdb {
    /// Find iterations each connection opened, dropped when it goes.
    finds: BTreeMap<ConnId, BTreeSet<u64>>,
}

impl Confdb {
    pub fn new() -> Confdb {
        Confdb::default()
    }

    fn simple(api: &mut dyn Api, conn: ConnId, id: i32, ok: bool) {
        let e = if ok { CsError::OK } else { CsError::ACCESS };
        api.respond(
            conn,
            &ResponseHeader::new(ResponseHeader::SIZE, id, e).to_bytes(),
        );
    }

    fn forget_find(&mut self, conn: ConnId, find: u64) {
        if let Some(set) = self.finds.get_mut(&conn) {
            set.remove(&find);
        }
    }

    /// `object_find` and `object_iter`: continue the iteration `find`, or
    /// start one over `name` (all children when empty) when it is 0. At
    /// the end the iteration is destroyed and ACCESS returned.
    fn find_step(
        &mut self,
        api: &mut dyn Api,
        conn: ConnId,
        parent: u64,
        name: &[u8],
        find: u64,
    ) -> Result<(u64, ObjectHandle), CsError> {
        let db = api.objdb();
        let find = if find == 0 {
            let f = db
                .object_find_create(ObjectHandle::from_raw(parent), name)
                .map_err(|_| CsError::ACCESS)?
                .as_raw();
            self.finds.entry(conn).or_default().insert(f);
            f
        } else {
            find
        };
        match db.object_find_next(FindHandle::from_raw(find)) {
            Ok(Some(h)) => Ok((find, h)),
            _ => {
                let _ = db.object_find_destroy(FindHandle::from_raw(find));
                self.forget_find(conn, find);
                Err(CsError::ACCESS)
            }
        }
    }

    fn handle(&mut self, api: &mut dyn Api, conn: ConnId, id: i32, r: &Reader<'_>) -> Option<()> {
        match id {
            req::OBJECT_CREATE => {
                let parent = r.u64(16).ok()?;
                let name = read_name(r, 24).ok()?;
                let got = api
                    .objdb()
                    .object_create(ObjectHandle::from_raw(parent), name);
                let (e, h) = match got {
                    Ok(h) => (CsError::OK, h.as_raw()),
                    Err(_) => (CsError::ACCESS, 0),
                };
                let mut m = Msg::response(l::HANDLE_RES, res::OBJECT_CREATE, e);
                m.u64(24, h);
                api.respond(conn, &m.0);
            }
            req::OBJECT_DESTROY => {
                let h = r.u64(16).ok()?;
                let ok = api
                    .objdb()
                    .object_destroy(ObjectHandle::from_raw(h))
                    .is_ok();
                Self::simple(api, conn, res::OBJECT_DESTROY, ok);
            }
            req::OBJECT_FIND_DESTROY => {
                let f = r.u64(16).ok()?;
                let ok = api
                    .objdb()
                    .object_find_destroy(FindHandle::from_raw(f))
                    .is_ok();
                self.forget_find(conn, f);
                Self::simple(api, conn, res::OBJECT_FIND_DESTROY, ok);
            }
            req::KEY_CREATE => {
                let h = ObjectHandle::from_raw(r.u64(16).ok()?);
                let key = read_name(r, 24).ok()?;
                let value = read_name(r, 288).ok()?;
                let ok = api.objdb().object_key_create(h, key, value).is_ok();
                Self::simple(api, conn, res::KEY_CREATE, ok);
            }
            req::KEY_CREATE_TYPED => {
                let h = ObjectHandle::from_raw(r.u64(16).ok()?);
                let key = read_name(r, 24).ok()?;
                let value = read_name(r, 288).ok()?;
                let ty = ValueType::from_raw(r.u32(552).ok()?);
                let ok = match ty {
                    Some(ty) => api
                        .objdb()
                        .object_key_create_typed(h, key, value, ty)
                        .is_ok(),
                    None => false,
                };
                Self::simple(api, conn, res::KEY_CREATE, ok);
            }
            req::KEY_CREATE_TYPED2 => {
                let h = ObjectHandle::from_raw(r.u64(16).ok()?);
                let key = read_name(r, 24).ok()?;
                let ty = ValueType::from_raw(r.u32(288).ok()?);
                let len = r.i32(296).ok()?;
                let value = usize::try_from(len)
                    .ok()
                    .and_then(|n| r.slice(l::KEY_CREATE_TYPED2_VALUE, n).ok());
                let ok = match (ty, value) {
                    (Some(ty), Some(v)) => {
                        api.objdb().object_key_create_typed(h, key, v, ty).is_ok()
                    }
                    _ => false,
                };
                Self::simple(api, conn, res::KEY_CREATE, ok);
            }
            req::KEY_GET | req::KEY_GET_TYPED => {
                let h = ObjectHandle::from_raw(r.u64(16).ok()?);
                let key = read_name(r, 24).ok()?;
                let typed = id == req::KEY_GET_TYPED;
                let (size, rid) = if typed {
                    (l::KEY_GET_TYPED_RES, res::KEY_GET_TYPED)
                } else {
                    (l::NAME_RES, res::KEY_GET)
                };
                let mut m = Msg::response(size, rid, CsError::OK);
                match api.objdb().object_key_get_typed(h, key) {
                    Ok(kv) => {
                        if kv.value.len() > corosync_wire::confdb::MAX_NAME_LENGTH {
                            m.i32(16, CsError::TOO_BIG.0);
                            m.u32(24, kv.value.len() as u32 & 0xffff);
                        } else {
                            m.name(24, kv.value);
                        }
                        if typed {
                            m.u32(288, kv.ty.as_raw());
                        }
                    }
                    Err(_) => {
                        m.i32(16, CsError::ACCESS.0);
                    }
                }
                api.respond(conn, &m.0);
            }
            req::KEY_GET_TYPED2 => {
                let h = ObjectHandle::from_raw(r.u64(16).ok()?);
                let key = read_name(r, 24).ok()?;
                let m = match api.objdb().object_key_get_typed(h, key) {
                    Ok(kv) => {
                        let mut m = Msg::response(
                            l::KEY_GET_TYPED2_RES + kv.value.len(),
                            res::KEY_GET_TYPED2,
                            CsError::OK,
                        );
                        m.u32(24, kv.ty.as_raw())
                            .u32(32, kv.value.len() as u32)
                            .bytes(l::KEY_GET_TYPED2_VALUE, kv.value);
                        m
                    }
                    Err(_) => {
                        Msg::response(l::KEY_GET_TYPED2_RES, res::KEY_GET_TYPED2, CsError::ACCESS)
                    }
                };
                api.respond(conn, &m.0);
            }
            req::KEY_INCREMENT | req::KEY_DECREMENT => {
                let h = ObjectHandle::from_raw(r.u64(16).ok()?);
                let key = read_name(r, 24).ok()?;
                let db = api.objdb();
                let (got, rid) = if id == req::KEY_INCREMENT {
                    (db.object_key_increment(h, key), res::KEY_INCREMENT)
                } else {
                    (db.object_key_decrement(h, key), res::KEY_DECREMENT)
                };
                let mut m = Msg::response(l::INCDEC_RES, rid, CsError::OK);
                match got {
                    Ok(v) => {
                        m.u32(24, v);
                    }
                    Err(_) => {
                        m.i32(16, CsError::ACCESS.0);
                    }
                }
                api.respond(conn, &m.0);
            }
            req::KEY_REPLACE => {
                let h = ObjectHandle::from_raw(r.u64(16).ok()?);
                let key = read_name(r, 24).ok()?;
                let new = read_name(r, 552).ok()?;
                let ok = api.objdb().object_key_replace(h, key, new).is_ok();
                Self::simple(api, conn, res::KEY_REPLACE, ok);
            }
            req::KEY_REPLACE2 => {
                let h = ObjectHandle::from_raw(r.u64(16).ok()?);
                let key = read_name(r, 24).ok()?;
                let len = r.i32(288).ok()?;
                let value = usize::try_from(len)
                    .ok()
                    .and_then(|n| r.slice(l::KEY_REPLACE2_VALUE, n).ok());
                let ok = match value {
                    Some(v) => api.objdb().object_key_replace(h, key, v).is_ok(),
                    None => false,
                };
                Self::simple(api, conn, res::KEY_REPLACE, ok);
            }
            req::KEY_DELETE => {
                let h = ObjectHandle::from_raw(r.u64(16).ok()?);
                let key = read_name(r, 24).ok()?;
                let ok = api.objdb().object_key_delete(h, key).is_ok();
                Self::simple(api, conn, res::KEY_DELETE, ok);
            }
            req::KEY_ITER | req::KEY_ITER_TYPED | req::KEY_ITER_TYPED2 => {
                let h = ObjectHandle::from_raw(r.u64(16).ok()?);
                let next = r.u64(24).ok()?;
                let m = key_iter_reply(api, id, h, next);
                api.respond(conn, &m.0);
            }
            req::OBJECT_ITER => {
                let parent = r.u64(16).ok()?;
                let find = r.u64(24).ok()?;
                let mut m = Msg::response(l::OBJECT_ITER_RES, res::OBJECT_ITER, CsError::OK);
                match self.find_step(api, conn, parent, b"", find) {
                    Ok((find, h)) => {
                        m.u64(296, find).u64(288, h.as_raw());
                        match api.objdb().object_name_get(h) {
                            Ok(name) => {
                                m.name(24, name);
                            }
                            Err(_) => {
                                m.i32(16, CsError::ACCESS.0);
                            }
                        }
                    }
                    Err(e) => {
                        m.i32(16, e.0).u64(296, find);
                    }
                }
                api.respond(conn, &m.0);
            }
            req::OBJECT_FIND => {
                let parent = r.u64(16).ok()?;
                let name = read_name(r, 24).ok()?;
                let find = r.u64(288).ok()?;
                let mut m = Msg::response(l::OBJECT_FIND_RES, res::OBJECT_FIND, CsError::OK);
                match self.find_step(api, conn, parent, name, find) {
                    Ok((find, h)) => {
                        m.u64(24, h.as_raw()).u64(32, find);
                    }
                    Err(e) => {
                        m.i32(16, e.0).u64(32, find);
                    }
                }
                api.respond(conn, &m.0);
            }
            req::OBJECT_PARENT_GET => {
                let h = ObjectHandle::from_raw(r.u64(16).ok()?);
                // The reply carries the object-create id, as in 1.4.
                let mut m = Msg::response(l::HANDLE_RES, res::OBJECT_CREATE, CsError::OK);
                match api.objdb().object_parent_get(h) {
                    Ok(p) => {
                        m.u64(24, p.as_raw());
                    }
                    Err(_) => {
                        m.i32(16, CsError::ACCESS.0);
                    }
                }
                api.respond(conn, &m.0);
            }
            req::OBJECT_NAME_GET => {
                let h = ObjectHandle::from_raw(r.u64(16).ok()?);
                let mut m = Msg::response(l::NAME_RES, res::OBJECT_NAME_GET, CsError::OK);
                match api.objdb().object_name_get(h) {
                    Ok(name) => {
                        // The name travels NUL-terminated within 256 bytes.
                        let n = name.len().min(255);
                        let name = name[..n].to_vec();
                        m.name(24, &name);
                    }
                    Err(_) => {
                        m.i32(16, CsError::ACCESS.0);
                    }
                }
                api.respond(conn, &m.0);
            }
            req::TRACK_START => {
                let h = ObjectHandle::from_raw(r.u64(16).ok()?);
                let flags = r.u32(24).ok()?;
                let depth = if flags == TRACK_DEPTH_RECURSIVE {
                    TrackDepth::Recursive
                } else {
                    TrackDepth::One
                };
                // As in 1.4, an unknown object is not an error here.
                let _ = api
                    .objdb()
                    .object_track_start(h, TrackSpec::all(depth, conn.0));
                Self::simple(api, conn, res::TRACK_START, true);
            }
            req::TRACK_STOP => {
                api.objdb().object_track_stop_owner(conn.0);
                Self::simple(api, conn, res::TRACK_STOP, true);
            }
            req::WRITE => {
                let got = api.config_write();
                let m = text_reply(res::WRITE, got);
                api.respond(conn, &m.0);
            }
            req::RELOAD => {
                let flush = r.i32(24).ok()? != 0;
                let got = api.config_reload(flush);
                let m = text_reply(res::RELOAD, got);
                api.respond(conn, &m.0);
            }
            _ => return None,
        }
        Some(())
    }
}

/// The reply of write and reload: ACCESS and the error text on failure.
fn text_reply(id: i32, got: Result<(), String>) -> Msg {
    match got {
        Ok(()) => Msg::response(l::NAME_RES, id, CsError::OK),
        Err(text) => {
            let mut m = Msg::response(l::NAME_RES, id, CsError::ACCESS);
            let mut t = text.into_bytes();
            t.truncate(corosync_wire::confdb::MAX_NAME_LENGTH - 1);
            t.push(0);
            m.name(24, &t);
            m
        }
    }
}

fn key_iter_reply(api: &mut dyn Api, id: i32, h: ObjectHandle, next: u64) -> Msg {
    let (size, rid) = match id {
        req::KEY_ITER => (l::KEY_ITER_RES, res::KEY_ITER),
        req::KEY_ITER_TYPED => (l::KEY_ITER_TYPED_RES, res::KEY_ITER_TYPED),
        _ => (l::KEY_ITER_TYPED2_RES, res::KEY_ITER_TYPED2),
    };
    let key = match api.objdb().object_key_iter_from(h, next) {
        Ok(Some(k)) => k,
        _ => return Msg::response(size, rid, CsError::ACCESS),
    };
    // Key names travel NUL-terminated inside the 256-byte name.
    let name = &key.name[..key.name.len().min(255)];
    let mut m = Msg::response(size, rid, CsError::OK);
    m.name(24, name);
    if id == req::KEY_ITER_TYPED2 {
        m.u32(288, key.ty.as_raw())
            .u32(296, key.value.len() as u32)
            .bytes(l::KEY_ITER_TYPED2_VALUE, key.value);
        m.0.resize(l::KEY_ITER_TYPED2_RES + key.value.len(), 0);
        m.fix_size();
        return m;
    }
    if key.value.len() > corosync_wire::confdb::MAX_NAME_LENGTH {
        m.i32(16, CsError::TOO_BIG.0);
        m.u32(288, key.value.len() as u32 & 0xffff);
    } else {
        m.name(288, key.value);
    }
    if id == req::KEY_ITER_TYPED {
        m.u32(552, key.ty.as_raw());
    }
    m
}

/// The callback a tracker notification becomes.
pub fn notification_callback(event: &ChangeEvent) -> Vec<u8> {
    match event {
        ChangeEvent::KeyChanged {
            change,
            parent,
            object,
            object_name,
            key_name,
            value,
        } => {
            let mut m = Msg::response(
                l::KEY_CHANGE_CB2 + value.len(),
                res::KEY_CHANGE_CALLBACK2,
                CsError::OK,
            );
            let ct = match change {
                KeyChangeType::Created => 0u64,
                KeyChangeType::Replaced => 1,
                KeyChangeType::Deleted => 2,
            };
            m.u64(24, ct)
                .u64(32, parent.as_raw())
                .u64(40, object.as_raw())
                .name(48, object_name)
                .name(312, key_name)
                .u32(576, value.len() as u32)
                .bytes(l::KEY_CHANGE_CB2_VALUE, value);
            m.0.resize(l::KEY_CHANGE_CB2 + value.len(), 0);
            m.0
        }
        ChangeEvent::ObjectCreated {
            parent,
            object,
            name,
        } => {
            let mut m = Msg::response(
                l::OBJECT_CREATE_CB,
                res::OBJECT_CREATE_CALLBACK,
                CsError::OK,
            );
            m.u64(24, parent.as_raw())
                .u64(32, object.as_raw())
                .name(40, name);
            m.0
        }
        ChangeEvent::ObjectDestroyed { parent, name } => {
            let mut m = Msg::response(
                l::OBJECT_DESTROY_CB,
                res::OBJECT_DESTROY_CALLBACK,
                CsError::OK,
            );
            m.u64(24, parent.as_raw()).name(32, name);
            m.0
        }
        ChangeEvent::Reload { phase, .. } => {
            let mut m = Msg::response(l::RELOAD_CB, res::RELOAD_CALLBACK, CsError::OK);
            m.u32(24, *phase as u32);
            m.0
        }
    }
}

impl Service for Confdb {
    fn id(&self) -> ServiceId {
        ServiceId::CONFDB
    }

    fn name(&self) -> &'static str {
        "corosync cluster config database access v1.01"
    }

    fn lib_handlers(&self) -> &'static [FlowControl] {
        &HANDLERS
    }

    fn allow_inquorate(&self) -> bool {
        true
    }

    fn lib_init(&mut self, api: &mut dyn Api, conn: ConnId) {
        api.log(
            crate::log::Level::Debug,
            format_args!("lib_init_fn: conn={}\n", conn.0),
        );
    }

    fn lib_exit(&mut self, api: &mut dyn Api, conn: ConnId) -> Result<(), Retry> {
        api.log(
            crate::log::Level::Debug,
            format_args!("exit_fn for conn={}\n", conn.0),
        );
        let db = api.objdb();
        db.object_track_stop_owner(conn.0);
        for f in self.finds.remove(&conn).unwrap_or_default() {
            let _ = db.object_find_destroy(FindHandle::from_raw(f));
        }
        Ok(())
    }

    fn lib_request(&mut self, api: &mut dyn Api, conn: ConnId, id: i32, msg: &[u8]) {
        let r = Reader::new(msg);
        if self.handle(api, conn, id, &r).is_none() {
            // Shorter than its layout: refuse it without touching anything.
            let e = ResponseHeader::new(ResponseHeader::SIZE, 0, CsError::INVALID_PARAM);
            api.respond(conn, &e.to_bytes());
        }
    }

    fn objdb_notify(&mut self, api: &mut dyn Api, note: &Notification) {
        let cb = notification_callback(&note.event);
        api.dispatch(ConnId(note.owner), &[&cb]);
    }
}

#[cfg(test)]
mod tests;
