//! Named one-shot timers with deadlines. Re-arming a timer replaces its
//! deadline. Timers that expire at the same instant fire in the order they
//! were armed, like the original's timer list.

use crate::time::Time;

/// Every timer of the stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum TimerId {
    /// totemsrp: refresh of the pause-detection timestamp (token / 5).
    Pause,
    /// totemsrp: token loss (`token`).
    OrfToken,
    /// totemsrp: token retransmission (`token_retransmit`).
    OrfTokenRetransmit,
    /// totemsrp: retransmission of a held token (`hold`).
    OrfTokenHoldRetransmit,
    /// totemsrp: merge detection (`merge`).
    MergeDetect,
    /// totemsrp: JOIN resend while gathering (`join`).
    Join,
    /// totemsrp: consensus (`consensus`).
    Consensus,
    /// totemsrp: heartbeat (when `heartbeat_failures_allowed` is set).
    Heartbeat,
    /// totemrrp active: a token copy is missing on some ring.
    RrpTokenExpired,
    /// totemrrp active: problem counter decay.
    RrpProblemDecrementer,
    /// totemrrp: periodic test of a faulty ring.
    RrpTestRing(u8),
    /// totemudpu: merge-detect period (2 * `merge`).
    UdpuMergeDetect(u8),
}

const SLOTS: usize = 16;

impl TimerId {
    fn slot(self) -> usize {
        match self {
            TimerId::Pause => 0,
            TimerId::OrfToken => 1,
            TimerId::OrfTokenRetransmit => 2,
            TimerId::OrfTokenHoldRetransmit => 3,
            TimerId::MergeDetect => 4,
            TimerId::Join => 5,
            TimerId::Consensus => 6,
            TimerId::Heartbeat => 7,
            TimerId::RrpTokenExpired => 8,
            TimerId::RrpProblemDecrementer => 9,
            TimerId::RrpTestRing(i) => 10 + (i as usize & 1),
            TimerId::UdpuMergeDetect(i) => 12 + (i as usize & 1),
        }
    }

    fn from_slot(slot: usize) -> TimerId {
        match slot {
            0 => TimerId::Pause,
            1 => TimerId::OrfToken,
            2 => TimerId::OrfTokenRetransmit,
            3 => TimerId::OrfTokenHoldRetransmit,
            4 => TimerId::MergeDetect,
            5 => TimerId::Join,
            6 => TimerId::Consensus,
            7 => TimerId::Heartbeat,
            8 => TimerId::RrpTokenExpired,
            9 => TimerId::RrpProblemDecrementer,
            10 => TimerId::RrpTestRing(0),
            11 => TimerId::RrpTestRing(1),
            12 => TimerId::UdpuMergeDetect(0),
            _ => TimerId::UdpuMergeDetect(1),
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Timers {
    slots: [Option<(Time, u64)>; SLOTS],
    next_seq: u64,
}

impl Timers {
    pub(crate) fn new() -> Timers {
        Timers::default()
    }

    /// Arms `id` to fire at `at`, replacing any earlier deadline.
    pub(crate) fn arm(&mut self, id: TimerId, at: Time) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.slots[id.slot()] = Some((at, seq));
    }

    pub(crate) fn cancel(&mut self, id: TimerId) {
        self.slots[id.slot()] = None;
    }

    /// Every armed timer and its deadline.
    pub(crate) fn armed(&self) -> Vec<(TimerId, Time)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|(t, _)| (TimerId::from_slot(i), t)))
            .collect()
    }

    /// The earliest deadline of all armed timers.
    pub(crate) fn earliest(&self) -> Option<Time> {
        self.slots.iter().flatten().map(|(t, _)| *t).min()
    }

    /// The arming sequence the next `arm` will use; timers armed from now
    /// on have a sequence at least this.
    pub(crate) fn mark(&self) -> u64 {
        self.next_seq
    }

    /// Disarms and returns the timer that is due first at `now`, among those
    /// armed before `mark` (so that a timer re-armed with a zero delay while
    /// firing cannot loop).
    pub(crate) fn pop_expired(&mut self, now: Time, mark: u64) -> Option<TimerId> {
        let mut best: Option<(usize, Time, u64)> = None;
        for (i, s) in self.slots.iter().enumerate() {
            if let Some((t, seq)) = *s
                && t <= now
                && seq < mark
            {
                let better = match best {
                    None => true,
                    Some((_, bt, bs)) => (t, seq) < (bt, bs),
                };
                if better {
                    best = Some((i, t, seq));
                }
            }
        }
        let (slot, _, _) = best?;
        self.slots[slot] = None;
        Some(TimerId::from_slot(slot))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_in_deadline_then_arming_order() {
        let mut t = Timers::new();
        t.arm(TimerId::Join, Time::from_millis(50));
        t.arm(TimerId::Consensus, Time::from_millis(20));
        t.arm(TimerId::OrfToken, Time::from_millis(20));
        assert_eq!(t.earliest(), Some(Time::from_millis(20)));
        let mark = t.mark();
        assert_eq!(t.pop_expired(Time::from_millis(10), mark), None);
        assert_eq!(
            t.pop_expired(Time::from_millis(60), mark),
            Some(TimerId::Consensus)
        );
        assert_eq!(
            t.pop_expired(Time::from_millis(60), mark),
            Some(TimerId::OrfToken)
        );
        // Re-armed after the mark: not fired in this round.
        t.arm(TimerId::OrfToken, Time::from_millis(60));
        assert_eq!(
            t.pop_expired(Time::from_millis(60), mark),
            Some(TimerId::Join)
        );
        assert_eq!(t.pop_expired(Time::from_millis(60), mark), None);
        assert!(t.armed().iter().any(|(id, _)| *id == TimerId::OrfToken));
        t.cancel(TimerId::OrfToken);
        assert_eq!(t.earliest(), None);
        for id in [
            TimerId::RrpTestRing(1),
            TimerId::UdpuMergeDetect(1),
            TimerId::RrpProblemDecrementer,
        ] {
            assert_eq!(TimerId::from_slot(id.slot()), id);
        }
    }
}
