//! The per-connection worker thread: the only place the executive blocks
//! on a client's semaphore. It waits for the client to post
//! REQUEST_OR_FLUSH_OR_EXIT, then lets the [`Server`] handle the wake-up
//! with the executive lock held.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use coroipc::control::Wait;
use corosync_wire::ipc::control::Semaphore;

use super::ConnShared;

/// What the worker calls on each wake-up.
pub trait Server: Send + Sync + 'static {
    /// Flushes queued callbacks and, if a request is waiting, handles it.
    /// `buf` is the worker's private copy buffer. Returns true when the
    /// request was refused for want of queue room and the server already
    /// waited for room: the client's retry is then taken without spinning.
    fn wakeup(&self, conn: &Arc<ConnShared>, buf: &mut Vec<u8>) -> bool;
    /// The worker of `conn` has stopped.
    fn worker_stopped(&self, conn: &Arc<ConnShared>);
}

/// The longest spin of a worker for the next wake-up before it sleeps, in
/// microseconds (`$COROSYNC_IPC_SERVER_SPIN_US`, 0 disables); the spin
/// adapts within it, so a client that sends requests back to back from
/// another CPU avoids a sleep and wake-up per request.
fn spin_max() -> u32 {
    static MAX: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *MAX.get_or_init(|| coroipc::spin::max_from_env("COROSYNC_IPC_SERVER_SPIN_US", 50))
}

/// How long a worker sleeps before checking whether its connection is
/// being torn down.
const WAIT_SLICE: Duration = Duration::from_secs(1);

/// Starts the worker of `conn`.
pub fn spawn<S: Server>(server: Arc<S>, conn: Arc<ConnShared>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name(format!("ipc-{}", conn.id.0))
        .stack_size(256 * 1024)
        .spawn(move || {
            let mut buf = Vec::new();
            let adaptive = coroipc::spin::AdaptiveSpin::new(spin_max());
            let mut backed_off = false;
            loop {
                let caught = if backed_off {
                    conn.control.try_wait(Semaphore::RequestOrFlushOrExit)
                } else {
                    let budget = adaptive.budget();
                    let caught = conn
                        .control
                        .spin_wait(Semaphore::RequestOrFlushOrExit, budget);
                    adaptive.record(budget, caught);
                    caught
                };
                if !caught {
                    // Sleep in slices: the client may have overwritten the
                    // waiter count, so a wake-up could be lost.
                    match conn
                        .control
                        .wait_timeout(Semaphore::RequestOrFlushOrExit, WAIT_SLICE)
                    {
                        Wait::Acquired => {}
                        Wait::TimedOut => {
                            if conn.exiting.load(Ordering::Acquire) {
                                break;
                            }
                            continue;
                        }
                        // A semaphore the futex calls refuse: stop serving
                        // this client.
                        Wait::Failed(_) => break,
                    }
                }
                if conn.exiting.load(Ordering::Acquire) {
                    break;
                }
                backed_off = server.wakeup(&conn, &mut buf);
            }
            server.worker_stopped(&conn);
        })
        .map(|_| ())
}
