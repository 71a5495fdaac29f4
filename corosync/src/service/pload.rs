//! The profile loading engine (service 13, `corosync_pload`): a client's
//! start request is multicast to every node; each node then multicasts the
//! requested number of messages of the requested size as fast as totem
//! takes them, counts the load messages it receives, and logs the
//! throughput once it has seen as many as were requested.
//!
//! The start request is never answered (the client library waits for ever,
//! as with the original executive).

use std::time::Instant;

use corosync_wire::ipc::ServiceId;
use corosync_wire::pload::{self, Start, exec_fn};

use super::{Api, ConnId, FlowControl, NodeId, Service};
use crate::log::Level;

const LIB_HANDLERS: [FlowControl; 1] = [FlowControl::NotRequired];

/// Zeros sent after the fixed part of each load message.
static PADDING: [u8; MAX_MSG_SIZE] = [0u8; MAX_MSG_SIZE];

/// Largest load message: what one totem message can carry.
const MAX_MSG_SIZE: usize = totem::config::MESSAGE_SIZE_MAX;

/// The pload engine.
#[derive(Default)]
pub struct Pload {
    msgs_delivered: u32,
    msgs_wanted: u32,
    msg_size: u32,
    msg_code: u32,
    msgs_sent: u32,
    /// Sending continues on every token until all were queued.
    sending: bool,
    first_delivery: Option<Instant>,
}

impl Pload {
    pub fn new() -> Pload {
        Pload {
            msg_code: 1,
            ..Default::default()
        }
    }

    /// Queues load messages until totem's queue is full or all are sent.
    fn send_some(&mut self, api: &mut dyn Api) {
        let head_len = pload::size::EXEC_MCAST;
        let pad = pload::mcast_padding(self.msg_size);
        let padding = &PADDING[..pad.min(PADDING.len())];
        while self.msgs_sent < self.msgs_wanted {
            let head = pload::mcast_header(self.msg_code, self.msg_size);
            let r = if padding.is_empty() {
                api.mcast(&[&head[..head_len]])
            } else {
                api.mcast(&[&head[..head_len], padding])
            };
            if r.is_err() {
                return;
            }
            self.msgs_sent += 1;
            self.msg_code = self.msg_code.wrapping_add(1);
        }
        self.sending = false;
    }
}

impl Service for Pload {
    fn id(&self) -> ServiceId {
        ServiceId::PLOAD
    }

    fn name(&self) -> &'static str {
        "corosync profile loading service"
    }

    fn lib_handlers(&self) -> &'static [FlowControl] {
        &LIB_HANDLERS
    }

    fn lib_request(&mut self, api: &mut dyn Api, _conn: ConnId, _id: i32, msg: &[u8]) {
        let start = match Start::decode_request(msg) {
            Ok(s) => s,
            Err(e) => {
                api.log(Level::Debug, format_args!("refused start request: {e}"));
                return;
            }
        };
        self.msgs_delivered = 0;
        self.msgs_wanted = 0;
        self.msgs_sent = 0;
        let _ = api.mcast(&[&start.encode_exec()]);
    }

    fn exec_handler_count(&self) -> u16 {
        2
    }

    /// The load messages claim more bytes in their header than they carry.
    fn exec_header_size_checked(&self) -> bool {
        false
    }

    fn exec_message(
        &mut self,
        api: &mut dyn Api,
        _nodeid: NodeId,
        function: u16,
        msg: &[u8],
        _swap: bool,
    ) {
        match function {
            exec_fn::START => {
                let Ok(s) = Start::decode_exec(msg) else {
                    return;
                };
                self.msgs_wanted = s.msg_count;
                self.msg_size = s.msg_size;
                self.msg_code = s.msg_code;
                if s.msg_size as usize > MAX_MSG_SIZE {
                    api.log(
                        Level::Warning,
                        format_args!(
                            "load messages of {} bytes exceed the largest message ({MAX_MSG_SIZE}); not sending",
                            s.msg_size
                        ),
                    );
                    return;
                }
                self.sending = true;
                self.send_some(api);
            }
            exec_fn::MCAST => {
                let now = Instant::now();
                if self.msgs_delivered == 0 {
                    self.first_delivery = Some(now);
                }
                self.msgs_delivered = self.msgs_delivered.wrapping_add(1);
                if self.msgs_delivered == self.msgs_wanted {
                    let secs = self
                        .first_delivery
                        .map(|t| now.duration_since(t).as_secs_f64())
                        .unwrap_or(0.0);
                    let n = self.msgs_delivered as f64;
                    api.log(
                        Level::Notice,
                        format_args!(
                            "{:5} Writes {} bytes per write {:7.3} seconds runtime, {:9.3} TP/S, {:9.3} MB/S.\n",
                            self.msgs_delivered as i32,
                            self.msg_size as i32,
                            secs,
                            n / secs,
                            (n * self.msg_size as f64 / secs) / (1024.0 * 1024.0)
                        ),
                    );
                }
            }
            _ => {}
        }
    }

    fn wants_token(&self) -> bool {
        self.sending
    }

    fn token_sent(&mut self, api: &mut dyn Api) {
        if self.sending {
            self.send_some(api);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::QueueFull;
    use corosync_wire::exec::ExecHeader;

    #[derive(Default)]
    struct Rec {
        mcasts: Vec<Vec<u8>>,
        room: usize,
        logs: Vec<String>,
        responses: usize,
        objdb: objdb::ObjDb,
    }

    impl Api for Rec {
        fn nodeid(&self) -> NodeId {
            1
        }
        fn ifaces_print(&self, _nodeid: NodeId) -> String {
            String::new()
        }
        fn respond(&mut self, _conn: ConnId, _msg: &[u8]) {
            self.responses += 1;
        }
        fn dispatch(&mut self, _conn: ConnId, _iov: &[&[u8]]) {}
        fn mcast(&mut self, iov: &[&[u8]]) -> Result<(), QueueFull> {
            if self.room == 0 {
                return Err(QueueFull);
            }
            self.room -= 1;
            self.mcasts.push(iov.concat());
            Ok(())
        }
        fn log(&mut self, _level: Level, text: std::fmt::Arguments<'_>) {
            self.logs.push(text.to_string());
        }
        fn objdb(&mut self) -> &mut objdb::ObjDb {
            &mut self.objdb
        }
    }

    fn deliver(p: &mut Pload, api: &mut Rec) {
        for m in std::mem::take(&mut api.mcasts) {
            let h = ExecHeader::decode_unchecked_size(&m, false).unwrap();
            assert_eq!(h.service, ServiceId::PLOAD);
            p.exec_message(api, 1, h.function, &m, false);
        }
    }

    #[test]
    fn start_sends_in_batches_and_logs_the_rate() {
        let mut p = Pload::new();
        let mut api = Rec {
            room: 1,
            ..Default::default()
        };
        let s = Start {
            msg_code: 0,
            msg_size: 300,
            msg_count: 10,
            time_interval: 0,
        };
        p.lib_request(&mut api, ConnId(1), 0, &s.encode_request());
        assert_eq!(api.responses, 0, "the start request is never answered");
        deliver(&mut p, &mut api);
        assert!(api.mcasts.is_empty(), "queue full after the start message");
        assert!(p.wants_token());
        let mut rounds = 0;
        while p.wants_token() {
            api.room = 4;
            p.token_sent(&mut api);
            for m in &api.mcasts {
                assert_eq!(m.len(), 300);
            }
            deliver(&mut p, &mut api);
            rounds += 1;
        }
        assert_eq!(rounds, 3);
        assert_eq!(api.logs.len(), 1);
        assert!(api.logs[0].starts_with("   10 Writes 300 bytes per write "));
        assert!(api.logs[0].ends_with(" MB/S.\n"));
    }

    #[test]
    fn short_messages_are_ignored() {
        let mut p = Pload::new();
        let mut api = Rec::default();
        p.exec_message(&mut api, 2, exec_fn::START, &[0u8; 20], false);
        p.lib_request(&mut api, ConnId(1), 0, &[0u8; 16]);
        assert!(!p.wants_token());
        assert!(api.mcasts.is_empty());
    }
}
