//! Adaptive spinning before sleeping on a semaphore.
//!
//! A request/response round trip between two processes costs two
//! sleep/wake-up pairs; on a virtual machine a wake-up across CPUs can take
//! tens of microseconds. When the peer answers within a few microseconds
//! (it runs on another CPU), spinning briefly avoids the sleep. When it does
//! not (both share a CPU), spinning only delays the peer, so the spin time
//! adapts: it grows while spins succeed and shrinks to nothing while they
//! fail, with an occasional short probe to notice when things change.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Per-waiter spin state (one per connection and direction).
#[derive(Debug)]
pub struct AdaptiveSpin {
    /// Current spin budget in microseconds.
    budget_us: AtomicU32,
    /// Waits since the budget dropped to zero.
    idle: AtomicU32,
    max_us: u32,
}

/// Spin budget of a fresh waiter and of a probe.
const START_US: u32 = 10;
/// After this many waits without spinning, probe once.
const PROBE_EVERY: u32 = 64;

impl AdaptiveSpin {
    /// `max_us` 0 disables spinning.
    pub const fn new(max_us: u32) -> AdaptiveSpin {
        AdaptiveSpin {
            budget_us: AtomicU32::new(if max_us == 0 { 0 } else { START_US }),
            idle: AtomicU32::new(0),
            max_us,
        }
    }

    /// How long to spin before this wait.
    pub fn budget(&self) -> Duration {
        if self.max_us == 0 {
            return Duration::ZERO;
        }
        let b = self.budget_us.load(Ordering::Relaxed);
        if b == 0 {
            let n = self.idle.fetch_add(1, Ordering::Relaxed);
            if n % PROBE_EVERY == PROBE_EVERY - 1 {
                return Duration::from_micros(START_US as u64);
            }
        }
        Duration::from_micros(b as u64)
    }

    /// Records whether the spin caught the peer's answer.
    pub fn record(&self, spun: Duration, caught: bool) {
        if self.max_us == 0 || spun.is_zero() {
            return;
        }
        let b = self.budget_us.load(Ordering::Relaxed);
        let next = if caught {
            (b.max(START_US) * 2).min(self.max_us)
        } else {
            b / 2
        };
        self.budget_us.store(next, Ordering::Relaxed);
    }
}

/// The largest spin from the environment variable `name` (microseconds),
/// `default` when unset.
pub fn max_from_env(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(default)
        .min(10_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_grows_on_success_and_collapses_on_failure() {
        let s = AdaptiveSpin::new(100);
        let b0 = s.budget();
        s.record(b0, true);
        assert!(s.budget() > b0);
        for _ in 0..10 {
            let b = s.budget();
            s.record(b, false);
        }
        assert_eq!(s.budget_us.load(Ordering::Relaxed), 0);
        // a probe comes back eventually
        let probes = (0..PROBE_EVERY * 2)
            .filter(|_| !s.budget().is_zero())
            .count();
        assert!(probes >= 1);
    }

    #[test]
    fn zero_max_never_spins() {
        let s = AdaptiveSpin::new(0);
        for _ in 0..1000 {
            assert!(s.budget().is_zero());
        }
    }
}
