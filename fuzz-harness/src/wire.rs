//! Bodies for the decoders of `corosync-wire`: the coroipc handshake and
//! headers, the zero-copy requests, CPG library requests, responses and
//! callbacks, and the CPG executive messages in both byte orders.
//!
//! Besides "never panics", each body checks what a decoder promises:
//! accepted input re-encodes to something that decodes to the same value,
//! fields come from the documented offsets, a long enough message of a
//! known kind is never refused, and decoding foreign-endian bytes with
//! `swap` equals decoding the same bytes converted by hand.

use corosync_wire::bytes::Reader;
use corosync_wire::cpg::{
    self, Callback, CpgName, LibRequest, encode, exec as cx, reply, response,
};
use corosync_wire::exec::ExecHeader;
use corosync_wire::ipc::{self, PATH_MAX, RequestHeader, ResponseHeader, SetupRequest, zero_copy};

use crate::input::Input;
use crate::swap;

fn u32_at(b: &[u8], off: usize) -> u32 {
    swap::u32_at(b, off).expect("offset checked by the decoder")
}

fn u64_at(b: &[u8], off: usize) -> u64 {
    let s = &b[off..off + 8];
    u64::from_ne_bytes(s.try_into().expect("8 bytes"))
}

/// The C string of a fixed-size field.
fn c_field(b: &[u8], off: usize, len: usize) -> &[u8] {
    let f = &b[off..off + len];
    let n = f.iter().position(|&c| c == 0).unwrap_or(len);
    &f[..n]
}

/// `mar_req_setup_t` and `mar_res_setup_t`.
pub fn ipc_setup_request(data: &[u8]) {
    match SetupRequest::decode(data) {
        Ok(s) => {
            assert!(data.len() >= SetupRequest::SIZE);
            assert_eq!(s.service, u32_at(data, 0));
            assert_eq!(s.semkey, u64_at(data, 8));
            let paths = [
                (&s.control_file, 16),
                (&s.request_file, 16 + PATH_MAX),
                (&s.response_file, 16 + 2 * PATH_MAX),
                (&s.dispatch_file, 16 + 3 * PATH_MAX),
            ];
            for (p, off) in paths {
                assert!(
                    !p.is_empty() && p.len() < PATH_MAX,
                    "path length {}",
                    p.len()
                );
                assert!(!p.contains(&0));
                assert_eq!(p.as_slice(), c_field(data, off, PATH_MAX));
            }
            assert_eq!(s.control_size, u64_at(data, 16400));
            assert_eq!(s.request_size, u64_at(data, 16408));
            assert_eq!(s.response_size, u64_at(data, 16416));
            assert_eq!(s.dispatch_size, u64_at(data, 16424));
            let again = s.encode().expect("a decoded request re-encodes");
            assert_eq!(again.len(), SetupRequest::SIZE);
            assert_eq!(SetupRequest::decode(&again).as_ref(), Ok(&s));
        }
        Err(_) => {
            // Refused only when short, or a path is empty or unterminated.
            if data.len() >= SetupRequest::SIZE {
                let bad = (0..4).any(|i| {
                    let f = &data[16 + i * PATH_MAX..16 + (i + 1) * PATH_MAX];
                    f[0] == 0 || !f.contains(&0)
                });
                assert!(bad, "a well-formed setup request was refused");
            }
        }
    }
    match ipc::decode_setup_response(data) {
        Ok(e) => {
            assert!(data.len() >= ipc::SETUP_RESPONSE_SIZE);
            assert_eq!(ipc::encode_setup_response(e)[..4], data[..4]);
        }
        Err(_) => assert!(data.len() < ipc::SETUP_RESPONSE_SIZE),
    }
}

/// The request and response headers and the zero-copy requests the server
/// intercepts (alloc, free, execute).
pub fn ipc_request(data: &[u8]) {
    let r = Reader::new(data);
    match RequestHeader::decode(&r) {
        Ok(h) => {
            assert_eq!(h.size as u32, u32_at(data, 0));
            assert_eq!(h.id as u32, u32_at(data, 8));
            let b = h.to_bytes();
            assert_eq!(RequestHeader::decode(&Reader::new(&b)), Ok(h));
        }
        Err(_) => assert!(data.len() < RequestHeader::SIZE),
    }
    match ResponseHeader::decode(&r) {
        Ok(h) => {
            assert_eq!(h.error.0 as u32, u32_at(data, 16));
            let b = h.to_bytes();
            assert_eq!(ResponseHeader::decode(&Reader::new(&b)), Ok(h));
        }
        Err(_) => assert!(data.len() < ResponseHeader::SIZE),
    }
    match zero_copy::AllocRequest::decode(data) {
        Ok(a) => {
            assert!(a.path.len() < zero_copy::PATH_LEN && !a.path.contains(&0));
            assert_eq!(a.path.as_slice(), c_field(data, 24, zero_copy::PATH_LEN));
            assert_eq!(a.map_size, u64_at(data, 16));
            let b = a.encode().expect("a decoded alloc request re-encodes");
            assert_eq!(zero_copy::AllocRequest::decode(&b).as_ref(), Ok(&a));
        }
        Err(_) => assert!(
            data.len() < zero_copy::AllocRequest::SIZE || !data[24..152].contains(&0),
            "a well-formed zero-copy alloc was refused"
        ),
    }
    match zero_copy::FreeRequest::decode(data) {
        Ok(f) => {
            assert_eq!(f.server_address, u64_at(data, 24));
            assert_eq!(zero_copy::FreeRequest::decode(&f.encode()), Ok(f));
        }
        Err(_) => assert!(data.len() < zero_copy::FreeRequest::SIZE),
    }
    match zero_copy::ExecuteRequest::decode(data) {
        Ok(e) => {
            assert_eq!(e.server_address, u64_at(data, 16));
            assert_eq!(zero_copy::ExecuteRequest::decode(&e.encode()), Ok(e));
        }
        Err(_) => assert!(data.len() < zero_copy::ExecuteRequest::SIZE),
    }
}

/// The minimum length of each CPG library request, None for unknown ids.
fn lib_request_size(id: i32) -> Option<usize> {
    Some(match id {
        cpg::req::JOIN => cpg::size::JOIN,
        cpg::req::LEAVE => cpg::size::LEAVE,
        cpg::req::MCAST => cpg::size::MCAST,
        cpg::req::MEMBERSHIP => cpg::size::MEMBERSHIP,
        cpg::req::LOCAL_GET => cpg::size::LOCAL_GET,
        cpg::req::ITERATION_INITIALIZE => cpg::size::ITERATION_INITIALIZE,
        cpg::req::ITERATION_NEXT => cpg::size::ITERATION_NEXT,
        cpg::req::ITERATION_FINALIZE => cpg::size::ITERATION_FINALIZE,
        cpg::req::FINALIZE => cpg::size::FINALIZE,
        _ => return None,
    })
}

fn name_at(b: &[u8], off: usize) -> (u32, &[u8]) {
    (u32_at(b, off), &b[off + 8..off + 8 + cpg::MAX_NAME_LENGTH])
}

fn assert_name(n: &CpgName, b: &[u8], off: usize) {
    let (len, value) = name_at(b, off);
    assert_eq!(n.length(), len);
    assert_eq!(&n.raw_value()[..], value);
}

/// Checks one CPG library request against its documented layout.
pub fn check_lib_request(id: i32, msg: &[u8]) {
    let decoded = LibRequest::decode(id, msg);
    let Some(min) = lib_request_size(id) else {
        assert!(decoded.is_err(), "unknown request id {id} accepted");
        return;
    };
    let req = match decoded {
        Ok(r) => r,
        Err(e) => {
            let fits = msg.len() >= min
                && (id != cpg::req::MCAST
                    || (msg.len() - cpg::size::MCAST) as u64 >= u64::from(u32_at(msg, 32)));
            assert!(!fits, "request {id} of {} bytes refused: {e}", msg.len());
            return;
        }
    };
    assert!(
        msg.len() >= min,
        "request {id} of {} bytes accepted",
        msg.len()
    );
    let again: Vec<u8> = match &req {
        LibRequest::Join { group, pid, flags } => {
            assert_name(group, msg, 16);
            assert_eq!((*pid, *flags), (u32_at(msg, 152), u32_at(msg, 160)));
            encode::join(group, *pid, *flags).to_vec()
        }
        LibRequest::Leave { group, pid } => {
            assert_name(group, msg, 16);
            assert_eq!(*pid, u32_at(msg, 152));
            encode::leave(group, *pid).to_vec()
        }
        LibRequest::Mcast { guarantee, data } => {
            assert_eq!(*guarantee, u32_at(msg, 24));
            assert_eq!(data.len() as u64, u64::from(u32_at(msg, 32)));
            assert_eq!(*data, &msg[40..40 + data.len()]);
            let mut v = encode::mcast_header(*guarantee, data.len()).to_vec();
            v.extend_from_slice(data);
            v
        }
        LibRequest::Membership { group } => {
            assert_name(group, msg, 16);
            encode::membership(group).to_vec()
        }
        LibRequest::LocalGet => encode::local_get().to_vec(),
        LibRequest::IterationInitialize {
            group,
            iteration_type,
        } => {
            assert_name(group, msg, 16);
            assert_eq!(*iteration_type, u32_at(msg, 152));
            encode::iteration_initialize(Some(group), *iteration_type).to_vec()
        }
        LibRequest::IterationNext { handle } => {
            assert_eq!(*handle, u64_at(msg, 16));
            encode::iteration_next(*handle).to_vec()
        }
        LibRequest::IterationFinalize { handle } => {
            assert_eq!(*handle, u64_at(msg, 16));
            encode::iteration_finalize(*handle).to_vec()
        }
        LibRequest::Finalize => encode::finalize().to_vec(),
    };
    assert_eq!(
        u32_at(&again, 0) as usize,
        again.len(),
        "encoded size field"
    );
    assert_eq!(LibRequest::decode(id, &again).as_ref(), Ok(&req));
}

/// A CPG library request: the first byte picks the request id (mostly the
/// nine defined ones, sometimes any 32-bit id), the rest is the message.
pub fn cpg_lib_request(data: &[u8]) {
    let mut inp = Input::new(data);
    let sel = inp.u8();
    let id = if sel < 0xf0 {
        i32::from(sel % 10)
    } else {
        inp.u32() as i32
    };
    check_lib_request(id, inp.rest());
}

/// A dispatch message as the library reads it, and the data-carrying
/// responses the library decodes.
pub fn cpg_callback(data: &[u8]) {
    check_callback(data);
    responses(data);
}

/// Decodes one dispatch message; returns whether it was a known callback.
pub fn check_callback(data: &[u8]) -> bool {
    let Ok(decoded) = Callback::decode(data) else {
        return false;
    };
    let id = u32_at(data, 8) as i32;
    let Some(cb) = decoded else {
        assert!(
            ![
                cpg::res::DELIVER_CALLBACK,
                cpg::res::CONFCHG_CALLBACK,
                cpg::res::TOTEM_CONFCHG_CALLBACK
            ]
            .contains(&id),
            "known callback id {id} reported as unknown"
        );
        return false;
    };
    let again = match &cb {
        Callback::Deliver {
            group,
            nodeid,
            pid,
            data: payload,
        } => {
            assert_eq!(id, cpg::res::DELIVER_CALLBACK);
            assert_name(group, data, 24);
            assert_eq!(payload.len() as u64, u64::from(u32_at(data, 160)));
            assert_eq!(*payload, &data[184..184 + payload.len()]);
            let mut v = reply::deliver_header(group, payload.len(), *nodeid, *pid).to_vec();
            v.extend_from_slice(payload);
            v
        }
        Callback::Confchg {
            group,
            members,
            left,
            joined,
        } => {
            assert_eq!(id, cpg::res::CONFCHG_CALLBACK);
            assert_name(group, data, 24);
            assert_eq!(members.len() as u32, u32_at(data, 160));
            assert_eq!(joined.len() as u32, u32_at(data, 168));
            assert_eq!(left.len() as u32, u32_at(data, 176));
            reply::confchg(group, members, left, joined)
        }
        Callback::TotemConfchg {
            ring_nodeid,
            ring_seq,
            members,
        } => {
            assert_eq!(id, cpg::res::TOTEM_CONFCHG_CALLBACK);
            assert_eq!(members.len() as u32, u32_at(data, 40));
            reply::totem_confchg(*ring_nodeid, *ring_seq, members)
        }
    };
    assert_eq!(
        u32_at(&again, 0) as usize,
        again.len(),
        "encoded size field"
    );
    assert_eq!(Callback::decode(&again).ok().flatten().as_ref(), Some(&cb));
    true
}

fn responses(data: &[u8]) {
    if let Ok((_, n)) = response::local_get(data) {
        assert_eq!(n, u32_at(data, 24));
    }
    if let Ok((_, list)) = response::membership(data) {
        assert!(list.len() <= cpg::PROCESSOR_COUNT_MAX);
        let b = reply::membership(&list);
        assert_eq!(b.len(), cpg::size::MEMBERSHIP_RESPONSE);
        let (e, again) = response::membership(&b).expect("encoded membership decodes");
        assert!(e.is_ok());
        assert_eq!(again, list, "membership list changed in a round trip");
    }
    if let Ok((e, handle)) = response::iteration_initialize(data) {
        let b = reply::iteration_initialize(e, handle);
        assert_eq!(response::iteration_initialize(&b), Ok((e, handle)));
    }
    if let Ok((e, group, nodeid, pid)) = response::iteration_next(data) {
        let b = reply::iteration_next(e, Some((&group, nodeid, pid)));
        assert_eq!(response::iteration_next(&b), Ok((e, group, nodeid, pid)));
    }
}

/// Checks every CPG executive decoder on `msg` in the given order.
pub fn check_exec_message(msg: &[u8], swap: bool) {
    let h = ExecHeader::decode(msg, swap);
    if let Ok(h) = h {
        assert!(h.size as usize >= RequestHeader::SIZE && h.size as usize <= msg.len());
    }
    assert_eq!(h, ExecHeader::decode(&swap::exec_header(msg), !swap));

    let pj = cx::ProcJoinLeave::decode(msg, swap);
    assert_eq!(
        pj,
        cx::ProcJoinLeave::decode(&swap::cpg_procjoin_or_mcast(msg), !swap),
        "procjoin decoded differently after conversion"
    );
    if let Ok(p) = pj {
        assert!(p.group.is_valid());
        let b = p.encode(cx::PROCJOIN);
        assert_eq!(cx::ProcJoinLeave::decode(&b, false), Ok(p));
        let foreign = swap::cpg_procjoin_or_mcast(&b);
        assert_eq!(cx::ProcJoinLeave::decode(&foreign, true), Ok(p));
    }

    let m = cx::Mcast::decode(msg, swap);
    let conv = swap::cpg_procjoin_or_mcast(msg);
    assert_eq!(
        m,
        cx::Mcast::decode(&conv, !swap),
        "mcast decoded differently after conversion"
    );
    if let Ok(m) = m {
        assert!(m.group.is_valid());
        let mut b = cx::mcast_header(&m.group, m.data.len(), m.pid, 1, 2).to_vec();
        b.extend_from_slice(m.data);
        assert_eq!(cx::Mcast::decode(&b, false), Ok(m));
        assert_eq!(
            ExecHeader::decode(&b, false).map(|h| h.size as usize),
            Ok(b.len())
        );
    }

    let jl = cx::decode_joinlist(msg, swap);
    assert_eq!(
        jl,
        cx::decode_joinlist(&swap::cpg_joinlist(msg), !swap),
        "joinlist decoded differently after conversion"
    );
    if let Ok(entries) = jl {
        assert!(entries.iter().all(|(_, g)| g.is_valid()));
        let b = cx::joinlist(&entries);
        assert_eq!(cx::decode_joinlist(&b, false).as_ref(), Ok(&entries));
        assert_eq!(
            cx::decode_joinlist(&swap::cpg_joinlist(&b), true).as_ref(),
            Ok(&entries)
        );
    }

    let dl = cx::Downlist::decode(msg, swap);
    assert_eq!(
        dl,
        cx::Downlist::decode(&swap::cpg_downlist(msg), !swap),
        "downlist decoded differently after conversion"
    );
    if let Ok(d) = dl {
        assert!(d.left_nodes.len() <= cpg::PROCESSOR_COUNT_MAX);
        let b = d.encode();
        assert_eq!(b.len(), cx::DOWNLIST_SIZE);
        assert_eq!(cx::Downlist::decode(&b, false).as_ref(), Ok(&d));
    }
}

/// The CPG executive messages: the first byte's low bit is the swap flag.
pub fn cpg_exec_messages(data: &[u8]) {
    let mut inp = Input::new(data);
    let swap = inp.bool();
    let msg = inp.rest();
    check_exec_message(msg, swap);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_join_passes_and_a_short_one_is_refused() {
        let g = CpgName::new(b"g").unwrap();
        check_lib_request(cpg::req::JOIN, &encode::join(&g, 1, 0));
        check_lib_request(cpg::req::JOIN, &encode::join(&g, 1, 0)[..100]);
        check_lib_request(99, &[0u8; 200]);
    }

    #[test]
    #[should_panic(expected = "conversion")]
    fn the_conversion_check_catches_a_decoder_that_ignores_swap() {
        // A downlist whose left_nodes only makes sense natively: decode it
        // natively but compare with the converted bytes decoded natively
        // too, as a decoder that forgot to swap would behave.
        let d = cx::Downlist {
            old_members: 3,
            left_nodes: vec![1, 2],
        }
        .encode();
        assert_eq!(
            cx::Downlist::decode(&d, false),
            cx::Downlist::decode(&swap::cpg_downlist(&d), false),
            "downlist decoded differently after conversion"
        );
    }
}
