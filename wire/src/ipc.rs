//! coroipc: the connection handshake, the common request/response headers,
//! the control buffer layout and the zero-copy requests.

use crate::bytes::{Reader, Writer};
use crate::error::{CsError, DecodeError};

/// Abstract socket name every client library connects to.
pub const SOCKET_NAME: &str = "corosync.ipc";

/// Size of the control buffer shared memory file.
pub const CONTROL_SIZE: usize = 8192;
/// Default size of the request, response and dispatch buffers (1 MiB).
pub const DEFAULT_BUFFER_SIZE: usize = 8192 * 128;
/// `PATH_MAX` on Linux: the size of each file name field of the setup request.
pub const PATH_MAX: usize = 4096;

/// Engine/service ids, shared by IPC setup and executive messages.
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceId(pub u32);

impl ServiceId {
    pub const EVS: ServiceId = ServiceId(0);
    pub const CLM: ServiceId = ServiceId(1);
    pub const AMF: ServiceId = ServiceId(2);
    pub const CKPT: ServiceId = ServiceId(3);
    pub const EVT: ServiceId = ServiceId(4);
    pub const LCK: ServiceId = ServiceId(5);
    pub const MSG: ServiceId = ServiceId(6);
    pub const CFG: ServiceId = ServiceId(7);
    pub const CPG: ServiceId = ServiceId(8);
    pub const CMAN: ServiceId = ServiceId(9);
    pub const PCMK: ServiceId = ServiceId(10);
    pub const CONFDB: ServiceId = ServiceId(11);
    pub const QUORUM: ServiceId = ServiceId(12);
    pub const PLOAD: ServiceId = ServiceId(13);
    pub const TMR: ServiceId = ServiceId(14);
    pub const VOTEQUORUM: ServiceId = ServiceId(15);
    pub const NTF: ServiceId = ServiceId(16);
    pub const AMF_V2: ServiceId = ServiceId(17);
    /// Size of the executive's engine table.
    pub const MAX: u32 = 64;
}

/// `coroipc_request_header_t`: 16 bytes, `size` at 0, `id` at 8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestHeader {
    /// Total length of the message, header included.
    pub size: i32,
    /// Function index within the service (or a zero-copy id).
    pub id: i32,
}

impl RequestHeader {
    pub const SIZE: usize = 16;

    pub fn decode(r: &Reader<'_>) -> Result<RequestHeader, DecodeError> {
        r.require(Self::SIZE, "request header")?;
        Ok(RequestHeader {
            size: r.i32(0)?,
            id: r.i32(8)?,
        })
    }

    pub fn encode(&self, w: &mut Writer<'_>) {
        w.i32(0, self.size);
        w.i32(8, self.id);
    }

    pub fn to_bytes(&self) -> [u8; Self::SIZE] {
        let mut b = [0u8; Self::SIZE];
        self.encode(&mut Writer::new(&mut b));
        b
    }
}

/// `coroipc_response_header_t`: 24 bytes, `size` at 0, `id` at 8, `error` at 16.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResponseHeader {
    pub size: i32,
    pub id: i32,
    pub error: CsError,
}

impl ResponseHeader {
    pub const SIZE: usize = 24;

    pub fn new(size: usize, id: i32, error: CsError) -> ResponseHeader {
        ResponseHeader {
            size: size as i32,
            id,
            error,
        }
    }

    pub fn decode(r: &Reader<'_>) -> Result<ResponseHeader, DecodeError> {
        r.require(Self::SIZE, "response header")?;
        Ok(ResponseHeader {
            size: r.i32(0)?,
            id: r.i32(8)?,
            error: CsError(r.i32(16)?),
        })
    }

    pub fn encode(&self, w: &mut Writer<'_>) {
        w.i32(0, self.size);
        w.i32(8, self.id);
        w.i32(16, self.error.0);
    }

    pub fn to_bytes(&self) -> [u8; Self::SIZE] {
        let mut b = [0u8; Self::SIZE];
        self.encode(&mut Writer::new(&mut b));
        b
    }
}

/// `mar_req_setup_t`: the first and only message a client sends over the
/// socket (16432 bytes on LP64).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupRequest {
    pub service: u32,
    /// SysV semaphore key; unused with POSIX semaphores (Linux).
    pub semkey: u64,
    pub control_file: Vec<u8>,
    pub request_file: Vec<u8>,
    pub response_file: Vec<u8>,
    pub dispatch_file: Vec<u8>,
    pub control_size: u64,
    pub request_size: u64,
    pub response_size: u64,
    pub dispatch_size: u64,
}

impl SetupRequest {
    pub const SIZE: usize = 16432;
    const CONTROL_FILE: usize = 16;
    const REQUEST_FILE: usize = 16 + PATH_MAX;
    const RESPONSE_FILE: usize = 16 + 2 * PATH_MAX;
    const DISPATCH_FILE: usize = 16 + 3 * PATH_MAX;
    const CONTROL_SIZE: usize = 16400;
    const REQUEST_SIZE: usize = 16408;
    const RESPONSE_SIZE: usize = 16416;
    const DISPATCH_SIZE: usize = 16424;

    fn path(r: &Reader<'_>, off: usize, what: &'static str) -> Result<Vec<u8>, DecodeError> {
        let field = r.slice(off, PATH_MAX)?;
        match field.iter().position(|&b| b == 0) {
            Some(0) => Err(DecodeError::BadValue { what, value: 0 }),
            Some(n) => Ok(field[..n].to_vec()),
            None => Err(DecodeError::BadLength {
                what,
                value: PATH_MAX as u64,
            }),
        }
    }

    pub fn decode(buf: &[u8]) -> Result<SetupRequest, DecodeError> {
        let r = Reader::new(buf);
        r.require(Self::SIZE, "setup request")?;
        Ok(SetupRequest {
            service: r.u32(0)?,
            semkey: r.u64(8)?,
            control_file: Self::path(&r, Self::CONTROL_FILE, "control_file")?,
            request_file: Self::path(&r, Self::REQUEST_FILE, "request_file")?,
            response_file: Self::path(&r, Self::RESPONSE_FILE, "response_file")?,
            dispatch_file: Self::path(&r, Self::DISPATCH_FILE, "dispatch_file")?,
            control_size: r.u64(Self::CONTROL_SIZE)?,
            request_size: r.u64(Self::REQUEST_SIZE)?,
            response_size: r.u64(Self::RESPONSE_SIZE)?,
            dispatch_size: r.u64(Self::DISPATCH_SIZE)?,
        })
    }

    /// Encodes the request. Paths longer than `PATH_MAX - 1` are refused.
    pub fn encode(&self) -> Result<Vec<u8>, DecodeError> {
        let mut buf = vec![0u8; Self::SIZE];
        let mut w = Writer::new(&mut buf);
        w.u32(0, self.service);
        w.u64(8, self.semkey);
        for (off, p, what) in [
            (Self::CONTROL_FILE, &self.control_file, "control_file"),
            (Self::REQUEST_FILE, &self.request_file, "request_file"),
            (Self::RESPONSE_FILE, &self.response_file, "response_file"),
            (Self::DISPATCH_FILE, &self.dispatch_file, "dispatch_file"),
        ] {
            if p.len() >= PATH_MAX || p.contains(&0) {
                return Err(DecodeError::BadLength {
                    what,
                    value: p.len() as u64,
                });
            }
            w.put(off, p);
        }
        w.u64(Self::CONTROL_SIZE, self.control_size);
        w.u64(Self::REQUEST_SIZE, self.request_size);
        w.u64(Self::RESPONSE_SIZE, self.response_size);
        w.u64(Self::DISPATCH_SIZE, self.dispatch_size);
        Ok(buf)
    }
}

/// `mar_res_setup_t`: 8 bytes, the error at 0.
pub const SETUP_RESPONSE_SIZE: usize = 8;

pub fn encode_setup_response(error: CsError) -> [u8; SETUP_RESPONSE_SIZE] {
    let mut b = [0u8; SETUP_RESPONSE_SIZE];
    Writer::new(&mut b).i32(0, error.0);
    b
}

pub fn decode_setup_response(buf: &[u8]) -> Result<CsError, DecodeError> {
    let r = Reader::new(buf);
    r.require(SETUP_RESPONSE_SIZE, "setup response")?;
    Ok(CsError(r.i32(0)?))
}

/// Layout of `struct control_buffer` with glibc process-shared semaphores
/// inside it (Linux, x86_64).
pub mod control {
    /// Dispatch ring read index (written by the client).
    pub const READ: usize = 0;
    /// Dispatch ring write index (written by the server).
    pub const WRITE: usize = 4;
    /// 1 while the server holds undelivered dispatch messages.
    pub const FLOW_CONTROL_ENABLED: usize = 8;
    /// Set to 1 by the server when it tears the connection down.
    pub const IPC_CLOSED: usize = 144;
    /// Bytes of the structure (the file is larger).
    pub const STRUCT_SIZE: usize = 152;
    /// Size of a glibc `sem_t`.
    pub const SEM_SIZE: usize = 32;

    /// The logical semaphores. Their slots in the structure do not follow
    /// the field names of the original header; both sides use this mapping.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Semaphore {
        /// Wakes the server's connection thread (request, flush or exit).
        RequestOrFlushOrExit,
        /// A request waits in the request buffer.
        Request,
        /// A response waits in the response buffer.
        Response,
        /// One more message was written to the dispatch ring.
        Dispatch,
    }

    impl Semaphore {
        /// Byte offset of the semaphore in the control buffer.
        pub const fn offset(self) -> usize {
            match self {
                Semaphore::RequestOrFlushOrExit => 16,
                Semaphore::Dispatch => 48,
                Semaphore::Request => 80,
                Semaphore::Response => 112,
            }
        }
    }
}

/// Request ids the server intercepts before the service sees them.
pub mod zero_copy {
    use super::*;

    pub const ALLOC_HEADER: i32 = 0xFFFF_FFFFu32 as i32;
    pub const FREE_HEADER: i32 = 0xFFFF_FFFEu32 as i32;
    pub const EXECUTE_HEADER: i32 = 0xFFFF_FFFDu32 as i32;

    /// Size of `struct coroipcs_zc_header` at the start of every zero-copy
    /// file: `int map_size` at 0, `u64 server_address` at 8.
    pub const ZC_HEADER_SIZE: usize = 16;
    pub const ZC_HEADER_MAP_SIZE: usize = 0;
    pub const ZC_HEADER_SERVER_ADDRESS: usize = 8;

    /// Length of the path field of the alloc request.
    pub const PATH_LEN: usize = 128;

    /// `mar_req_coroipcc_zc_alloc_t` (152 bytes).
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct AllocRequest {
        pub map_size: u64,
        pub path: Vec<u8>,
    }

    impl AllocRequest {
        pub const SIZE: usize = 152;

        pub fn decode(buf: &[u8]) -> Result<AllocRequest, DecodeError> {
            let r = Reader::new(buf);
            r.require(Self::SIZE, "zero-copy alloc request")?;
            let field = r.slice(24, PATH_LEN)?;
            let n = field
                .iter()
                .position(|&b| b == 0)
                .ok_or(DecodeError::BadLength {
                    what: "zero-copy path",
                    value: PATH_LEN as u64,
                })?;
            Ok(AllocRequest {
                map_size: r.u64(16)?,
                path: field[..n].to_vec(),
            })
        }

        pub fn encode(&self) -> Result<[u8; Self::SIZE], DecodeError> {
            if self.path.len() >= PATH_LEN {
                return Err(DecodeError::BadLength {
                    what: "zero-copy path",
                    value: self.path.len() as u64,
                });
            }
            let mut b = [0u8; Self::SIZE];
            let mut w = Writer::new(&mut b);
            RequestHeader {
                size: Self::SIZE as i32,
                id: ALLOC_HEADER,
            }
            .encode(&mut w);
            w.u64(16, self.map_size);
            w.put(24, &self.path);
            Ok(b)
        }
    }

    /// `mar_req_coroipcc_zc_free_t` (32 bytes).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct FreeRequest {
        pub map_size: u64,
        pub server_address: u64,
    }

    impl FreeRequest {
        pub const SIZE: usize = 32;

        pub fn decode(buf: &[u8]) -> Result<FreeRequest, DecodeError> {
            let r = Reader::new(buf);
            r.require(Self::SIZE, "zero-copy free request")?;
            Ok(FreeRequest {
                map_size: r.u64(16)?,
                server_address: r.u64(24)?,
            })
        }

        pub fn encode(&self) -> [u8; Self::SIZE] {
            let mut b = [0u8; Self::SIZE];
            let mut w = Writer::new(&mut b);
            RequestHeader {
                size: Self::SIZE as i32,
                id: FREE_HEADER,
            }
            .encode(&mut w);
            w.u64(16, self.map_size);
            w.u64(24, self.server_address);
            b
        }
    }

    /// `mar_req_coroipcc_zc_execute_t` (24 bytes).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct ExecuteRequest {
        pub server_address: u64,
    }

    impl ExecuteRequest {
        pub const SIZE: usize = 24;

        pub fn decode(buf: &[u8]) -> Result<ExecuteRequest, DecodeError> {
            let r = Reader::new(buf);
            r.require(Self::SIZE, "zero-copy execute request")?;
            Ok(ExecuteRequest {
                server_address: r.u64(16)?,
            })
        }

        pub fn encode(&self) -> [u8; Self::SIZE] {
            let mut b = [0u8; Self::SIZE];
            let mut w = Writer::new(&mut b);
            RequestHeader {
                size: Self::SIZE as i32,
                id: EXECUTE_HEADER,
            }
            .encode(&mut w);
            w.u64(16, self.server_address);
            b
        }
    }
}

/// `mar_message_source_t`: 16 bytes, the sender's node id at 0 and an
/// opaque connection token at 8 (a pointer in the original).
pub const MESSAGE_SOURCE_SIZE: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_setup() -> SetupRequest {
        SetupRequest {
            service: 8,
            semkey: 0,
            control_file: b"/dev/shm/control_buffer-abcdef".to_vec(),
            request_file: b"/dev/shm/request_buffer-abcdef".to_vec(),
            response_file: b"/dev/shm/response_buffer-abcdef".to_vec(),
            dispatch_file: b"/dev/shm/dispatch_buffer-abcdef".to_vec(),
            control_size: 8192,
            request_size: 1 << 20,
            response_size: 1 << 20,
            dispatch_size: 1 << 20,
        }
    }

    #[test]
    fn setup_request_round_trips_at_the_original_offsets() {
        let s = sample_setup();
        let b = s.encode().unwrap();
        assert_eq!(b.len(), 16432);
        assert_eq!(&b[16..16 + 9], b"/dev/shm/");
        assert_eq!(&b[4112..4112 + 9], b"/dev/shm/");
        assert_eq!(
            u64::from_ne_bytes(b[16400..16408].try_into().unwrap()),
            8192
        );
        assert_eq!(
            u64::from_ne_bytes(b[16424..16432].try_into().unwrap()),
            1 << 20
        );
        assert_eq!(SetupRequest::decode(&b).unwrap(), s);
    }

    #[test]
    fn setup_request_without_terminating_nul_is_refused() {
        let mut b = sample_setup().encode().unwrap();
        for x in &mut b[16..16 + PATH_MAX] {
            *x = b'a';
        }
        assert!(SetupRequest::decode(&b).is_err());
    }

    #[test]
    fn setup_request_with_empty_path_is_refused() {
        let mut b = sample_setup().encode().unwrap();
        b[4112] = 0;
        assert!(SetupRequest::decode(&b).is_err());
    }

    #[test]
    fn short_setup_request_is_refused() {
        let b = sample_setup().encode().unwrap();
        assert!(SetupRequest::decode(&b[..16431]).is_err());
    }

    #[test]
    fn headers_use_the_aligned_offsets() {
        let h = ResponseHeader::new(24, 7, CsError::TRY_AGAIN).to_bytes();
        assert_eq!(i32::from_ne_bytes(h[0..4].try_into().unwrap()), 24);
        assert_eq!(i32::from_ne_bytes(h[8..12].try_into().unwrap()), 7);
        assert_eq!(i32::from_ne_bytes(h[16..20].try_into().unwrap()), 6);
        let r = RequestHeader { size: 40, id: 2 }.to_bytes();
        assert_eq!(RequestHeader::decode(&Reader::new(&r)).unwrap().size, 40);
    }

    #[test]
    fn zero_copy_requests_round_trip() {
        let a = zero_copy::AllocRequest {
            map_size: 4096,
            path: b"/dev/shm/corosync_zerocopy-XXXXXX".to_vec(),
        };
        let b = a.encode().unwrap();
        assert_eq!(i32::from_ne_bytes(b[8..12].try_into().unwrap()), -1);
        assert_eq!(zero_copy::AllocRequest::decode(&b).unwrap(), a);
        let f = zero_copy::FreeRequest {
            map_size: 10,
            server_address: 99,
        };
        assert_eq!(zero_copy::FreeRequest::decode(&f.encode()).unwrap(), f);
        let e = zero_copy::ExecuteRequest { server_address: 77 };
        assert_eq!(zero_copy::ExecuteRequest::decode(&e.encode()).unwrap(), e);
    }

    #[test]
    fn semaphore_slots_follow_the_original_mapping() {
        use control::Semaphore::*;
        assert_eq!(RequestOrFlushOrExit.offset(), 16);
        assert_eq!(Request.offset(), 80);
        assert_eq!(Response.offset(), 112);
        assert_eq!(Dispatch.offset(), 48);
    }
}
