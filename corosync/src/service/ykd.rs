//! The YKD quorum provider (`corosync_quorum_ykd`): dynamic linear voting.
//! After every regular configuration change each member multicasts its
//! state (last primary component, ambiguous sessions) in totempg group
//! "ykd"; when all states are in, a member that sees a majority (or an
//! even split) of the last primary component and of every ambiguous
//! session attempts a new session, and when every member's attempt is in
//! the partition becomes primary. Layouts of the state message are the
//! original's (a native `int` id, then 8852 bytes of state).

use crate::log::Level;
use crate::service::{Api, NodeId, RingId};

pub const GROUP: &[u8] = b"ykd";
const MAX: usize = 32;
const SESSION_SIZE: usize = 136;
const STATE_SIZE: usize = 8852;
const HEADER_SENDSTATE: i32 = 0;
const HEADER_ATTEMPT: i32 = 1;

/// `struct ykd_session`: the whole array travels, entries beyond the
/// count included (they keep what earlier views left there).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Session {
    pub members: [u32; MAX],
    pub entries: i32,
    pub session_id: i32,
}

impl Session {
    fn list(&self) -> &[u32] {
        &self.members[..(self.entries.clamp(0, MAX as i32) as usize)]
    }
}

/// `struct ykd_state` (8852 bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    pub last_primary: Session,
    pub last_formed: [Session; MAX],
    pub last_formed_entries: i32,
    pub ambiguous: [Session; MAX],
    pub ambiguous_entries: i32,
    pub session_id: i32,
}

impl Default for State {
    fn default() -> State {
        State {
            last_primary: Session::default(),
            last_formed: [Session::default(); MAX],
            last_formed_entries: 0,
            ambiguous: [Session::default(); MAX],
            ambiguous_entries: 0,
            session_id: 0,
        }
    }
}

fn put(b: &mut [u8], off: usize, v: u32) {
    b[off..off + 4].copy_from_slice(&v.to_ne_bytes());
}

fn get(b: &[u8], off: usize, swap: bool) -> u32 {
    let v = u32::from_ne_bytes([b[off], b[off + 1], b[off + 2], b[off + 3]]);
    if swap { v.swap_bytes() } else { v }
}

fn put_session(b: &mut [u8], off: usize, s: &Session) {
    for (i, m) in s.members.iter().enumerate() {
        put(b, off + 4 * i, *m);
    }
    put(b, off + 128, s.entries as u32);
    put(b, off + 132, s.session_id as u32);
}

fn get_session(b: &[u8], off: usize, swap: bool) -> Session {
    let mut members = [0u32; MAX];
    for (i, m) in members.iter_mut().enumerate() {
        *m = get(b, off + 4 * i, swap);
    }
    Session {
        members,
        entries: get(b, off + 128, swap) as i32,
        session_id: get(b, off + 132, swap) as i32,
    }
}

impl State {
    pub fn encode(&self) -> Vec<u8> {
        let mut b = vec![0u8; STATE_SIZE];
        put_session(&mut b, 0, &self.last_primary);
        for (i, s) in self.last_formed.iter().enumerate() {
            put_session(&mut b, SESSION_SIZE * (1 + i), s);
        }
        put(&mut b, 4488, self.last_formed_entries as u32);
        for (i, s) in self.ambiguous.iter().enumerate() {
            put_session(&mut b, 4492 + SESSION_SIZE * i, s);
        }
        put(&mut b, 8844, self.ambiguous_entries as u32);
        put(&mut b, 8848, self.session_id as u32);
        b
    }

    pub fn decode(b: &[u8], swap: bool) -> Option<State> {
        if b.len() < STATE_SIZE {
            return None;
        }
        let mut st = State {
            last_primary: get_session(b, 0, swap),
            last_formed_entries: get(b, 4488, swap) as i32,
            ambiguous_entries: get(b, 8844, swap) as i32,
            session_id: get(b, 8848, swap) as i32,
            ..State::default()
        };
        for i in 0..MAX {
            st.last_formed[i] = get_session(b, SESSION_SIZE * (1 + i), swap);
            st.ambiguous[i] = get_session(b, 4492 + SESSION_SIZE * i, swap);
        }
        Some(st)
    }

    fn ambiguous_list(&self) -> &[Session] {
        &self.ambiguous[..(self.ambiguous_entries.clamp(0, MAX as i32) as usize)]
    }
}

/// Whether `members` hold at least half of `session`.
fn subquorum(members: &[u32], session: &Session) -> bool {
    let list = session.list();
    let inter = members
        .iter()
        .map(|m| list.iter().filter(|s| *s == m).count())
        .sum::<usize>() as i64;
    let total = session.entries as i64;
    inter >= total - inter
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    SendState,
    Attempt,
}

pub struct Ykd {
    pub state: State,
    mode: Mode,
    /// The view list array: entries beyond the count keep older views.
    view_raw: [u32; MAX],
    view: Vec<NodeId>,
    ring: RingId,
    /// (nodeid, received, state) per member of the configuration.
    received: Vec<(NodeId, bool, State)>,
    first_run: bool,
    /// Messages waiting for room in the totem queue.
    pending: Vec<Vec<u8>>,
}

impl Default for Ykd {
    fn default() -> Self {
        Ykd::new()
    }
}

impl Ykd {
    pub fn new() -> Ykd {
        Ykd {
            state: State::default(),
            mode: Mode::SendState,
            view_raw: [0; MAX],
            view: Vec::new(),
            ring: RingId {
                rep_nodeid: 0,
                seq: 0,
            },
            received: Vec::new(),
            first_run: true,
            pending: Vec::new(),
        }
    }

    fn send(&mut self, api: &mut dyn Api, msg: Vec<u8>) {
        self.pending.push(msg);
        self.flush(api);
    }

    /// Sends what waits; called again on timer ticks.
    pub fn flush(&mut self, api: &mut dyn Api) {
        while let Some(m) = self.pending.first() {
            if api.mcast_group(GROUP, &[m]).is_err() {
                return;
            }
            self.pending.remove(0);
        }
    }

    /// A regular configuration: report non-primary, send our state.
    pub fn confchg(&mut self, api: &mut dyn Api, members: &[NodeId], ring: RingId) {
        self.ring = ring;
        if self.first_run {
            self.state.last_primary.members[0] = api.nodeid();
            self.state.last_primary.entries = 1;
            self.state.last_primary.session_id = 0;
            self.first_run = false;
        }
        self.view = members.iter().copied().take(MAX).collect();
        self.view_raw[..self.view.len()].copy_from_slice(&self.view);
        self.mode = Mode::SendState;
        api.set_quorum(&self.view, false, self.ring);
        self.received = self
            .view
            .iter()
            .map(|&n| (n, false, State::default()))
            .collect();
        let mut msg = HEADER_SENDSTATE.to_ne_bytes().to_vec();
        msg.extend_from_slice(&self.state.encode());
        self.send(api, msg);
    }

    pub fn deliver(&mut self, api: &mut dyn Api, nodeid: NodeId, msg: &[u8], swap: bool) {
        if msg.len() < 4 {
            return;
        }
        // the id is not converted for foreign-endian senders (as in 1.4)
        let id = i32::from_ne_bytes([msg[0], msg[1], msg[2], msg[3]]);
        let Some(pos) = self.received.iter().position(|r| r.0 == nodeid) else {
            return;
        };
        self.received[pos].1 = true;
        let all = self.received.iter().all(|r| r.1);
        match (self.mode, id) {
            (Mode::SendState, HEADER_SENDSTATE) => {
                let Some(st) = State::decode(&msg[4..], swap) else {
                    return;
                };
                self.received[pos].2 = st;
                if all {
                    for r in self.received.iter_mut() {
                        r.1 = false;
                    }
                    self.mode = Mode::Attempt;
                    let (max_session, last_primary_max, ambiguous_max) = self.compute();
                    let decide = subquorum(&self.view, &last_primary_max)
                        && ambiguous_max.iter().all(|s| subquorum(&self.view, s));
                    if decide {
                        self.state.session_id = max_session.wrapping_add(1);
                        let k = self.state.ambiguous_entries.clamp(0, MAX as i32) as usize;
                        if k < MAX {
                            let a = &mut self.state.ambiguous[k];
                            a.members[..self.view.len()].copy_from_slice(&self.view);
                            a.entries = self.view.len() as i32;
                            self.state.ambiguous_entries = k as i32 + 1;
                        }
                        self.send(api, HEADER_ATTEMPT.to_ne_bytes().to_vec());
                    }
                }
            }
            (Mode::Attempt, HEADER_ATTEMPT) if all => {
                api.log(
                    Level::Notice,
                    format_args!("This processor is within the primary component.\n"),
                );
                api.set_quorum(&self.view, true, self.ring);
                self.state.last_primary.members = self.view_raw;
                self.state.last_primary.entries = self.view.len() as i32;
                self.state.last_primary.session_id = self.state.session_id;
                self.state.ambiguous_entries = 0;
            }
            _ => {}
        }
    }

    /// Highest session id, the newest last primary component and the
    /// ambiguous sessions newer than it.
    fn compute(&self) -> (i32, Session, Vec<Session>) {
        let mut max_session = 0;
        let mut lp = self
            .received
            .first()
            .map(|r| r.2.last_primary)
            .unwrap_or_default();
        let mut ambiguous = Vec::new();
        for (_, _, st) in &self.received {
            max_session = max_session.max(st.session_id);
            if st.last_primary.session_id > lp.session_id {
                lp = st.last_primary;
            }
            for s in st.ambiguous_list() {
                if s.session_id > lp.session_id && ambiguous.len() < MAX {
                    ambiguous.push(*s);
                }
            }
        }
        (max_session, lp, ambiguous)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(m: &[u32], id: i32) -> Session {
        let mut s = Session::default();
        s.members[..m.len()].copy_from_slice(m);
        s.entries = m.len() as i32;
        s.session_id = id;
        s
    }

    #[test]
    fn state_layout_round_trip() {
        let mut s = State {
            last_primary: session(&[1, 2], 3),
            ambiguous_entries: 1,
            session_id: 4,
            ..State::default()
        };
        s.ambiguous[0] = session(&[5], 9);
        let b = s.encode();
        assert_eq!(b.len(), 8852);
        assert_eq!(&b[8848..8852], &4i32.to_ne_bytes());
        assert_eq!(State::decode(&b, false).unwrap(), s);
        assert!(State::decode(&b[..100], false).is_none());
    }

    #[test]
    fn majority_or_even_split_is_a_subquorum() {
        let s = session(&[1, 2, 3, 4], 1);
        assert!(subquorum(&[1, 2], &s));
        assert!(subquorum(&[1, 2, 3], &s));
        assert!(!subquorum(&[1], &s));
    }
}
