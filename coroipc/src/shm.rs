//! Shared-memory files mapped into this process.
//!
//! A client creates each file with `mkstemp` under `/dev/shm` (falling back
//! to `/var/run`), sizes and zero-fills it, and maps it. The server opens the
//! path the client sent, removes the name at once and maps the same pages.
//! The dispatch ring is mapped twice back to back so that a record crossing
//! the end of the ring is contiguous in virtual memory.

use std::ffi::{CStr, CString};
use std::fmt;
use std::ptr::NonNull;
use std::sync::atomic::AtomicU32;

/// Where clients may create their files, in the order tried.
pub const CLIENT_DIRS: [&str; 2] = ["/dev/shm", "/var/run"];

#[derive(Debug)]
pub enum ShmError {
    /// A system call failed.
    Os { call: &'static str, errno: i32 },
    /// The client-supplied path or file is not acceptable.
    Refused(&'static str),
}

impl fmt::Display for ShmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShmError::Os { call, errno } => {
                write!(f, "{call}: {}", std::io::Error::from_raw_os_error(*errno))
            }
            ShmError::Refused(why) => write!(f, "refused: {why}"),
        }
    }
}

impl std::error::Error for ShmError {}

fn os(call: &'static str) -> ShmError {
    ShmError::Os {
        call,
        errno: crate::errno(),
    }
}

/// What a server accepts from a client's setup request.
#[derive(Clone, Debug)]
pub struct OpenPolicy {
    /// Directories the file must be directly inside.
    pub allowed_dirs: Vec<String>,
    /// The file must be owned by this uid (the client's).
    pub owner_uid: Option<u32>,
}

impl OpenPolicy {
    pub fn for_client(uid: u32) -> OpenPolicy {
        OpenPolicy {
            allowed_dirs: CLIENT_DIRS.iter().map(|s| s.to_string()).collect(),
            owner_uid: Some(uid),
        }
    }

    fn check_path(&self, path: &[u8]) -> Result<(), ShmError> {
        if path.is_empty() || path[0] != b'/' {
            return Err(ShmError::Refused("path is not absolute"));
        }
        let (dir, name) = match path.iter().rposition(|&b| b == b'/') {
            Some(i) => (&path[..i], &path[i + 1..]),
            None => return Err(ShmError::Refused("path has no directory")),
        };
        if name.is_empty() || name == b"." || name == b".." {
            return Err(ShmError::Refused("path has no file name"));
        }
        if !self.allowed_dirs.iter().any(|d| d.as_bytes() == dir) {
            return Err(ShmError::Refused(
                "file is outside the shared memory directories",
            ));
        }
        Ok(())
    }
}

/// One mapping of a shared-memory file (or two back-to-back mappings of
/// the same file, for the dispatch ring).
pub struct Mapping {
    addr: NonNull<u8>,
    /// Size of the file.
    len: usize,
    /// Mapped twice: the virtual range is `2 * len`.
    ring: bool,
    /// Server-side mappings of client files are protected against the
    /// client shrinking the file (see [`crate::sigbus`]).
    guard: Option<crate::sigbus::Guard>,
}

// SAFETY: the mapping is plain shared memory; every access goes through
// raw-pointer copies or atomics, so it may be used from any thread.
unsafe impl Send for Mapping {}
// SAFETY: as above; no method hands out references to the mapped bytes.
unsafe impl Sync for Mapping {}

impl fmt::Debug for Mapping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mapping")
            .field("addr", &self.addr)
            .field("len", &self.len)
            .field("ring", &self.ring)
            .finish()
    }
}

fn page_size() -> usize {
    // SAFETY: sysconf has no memory-safety preconditions.
    let p = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if p <= 0 { 4096 } else { p as usize }
}

/// A ring is mapped twice back to back, which needs whole pages.
fn check_size(len: usize, ring: bool) -> Result<(), ShmError> {
    if len == 0 {
        return Err(ShmError::Refused("empty shared memory file"));
    }
    if ring && !len.is_multiple_of(page_size()) {
        return Err(ShmError::Refused(
            "ring size must be a multiple of the page size",
        ));
    }
    Ok(())
}

/// Maps `len` bytes of `fd` at `addr` (or anywhere when null).
fn map_fd(fd: i32, len: usize, fixed: Option<*mut u8>) -> Result<NonNull<u8>, ShmError> {
    let (hint, flags) = match fixed {
        Some(a) => (a.cast::<libc::c_void>(), libc::MAP_SHARED | libc::MAP_FIXED),
        None => (std::ptr::null_mut(), libc::MAP_SHARED),
    };
    // SAFETY: mapping a file descriptor we own; with MAP_FIXED the target
    // range is part of a reservation this module made and owns.
    let p = unsafe { libc::mmap(hint, len, libc::PROT_READ | libc::PROT_WRITE, flags, fd, 0) };
    if p == libc::MAP_FAILED {
        return Err(os("mmap"));
    }
    NonNull::new(p.cast::<u8>()).ok_or(ShmError::Refused("mmap returned null"))
}

/// Maps `fd` once, or twice back to back for a ring.
fn map_file(fd: i32, len: usize, ring: bool) -> Result<NonNull<u8>, ShmError> {
    if !ring {
        return map_fd(fd, len, None);
    }
    let total = len
        .checked_mul(2)
        .ok_or(ShmError::Refused("ring too large"))?;
    // SAFETY: an anonymous PROT_NONE reservation; nothing else uses it.
    let base = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            total,
            libc::PROT_NONE,
            libc::MAP_ANONYMOUS | libc::MAP_PRIVATE,
            -1,
            0,
        )
    };
    if base == libc::MAP_FAILED {
        return Err(os("mmap"));
    }
    let base = base.cast::<u8>();
    let unreserve = |base: *mut u8| {
        // SAFETY: `base..base+total` is the reservation made above.
        unsafe { libc::munmap(base.cast(), total) };
    };
    if let Err(e) = map_fd(fd, len, Some(base)) {
        unreserve(base);
        return Err(e);
    }
    // SAFETY: `base + len` stays within the reservation of `2 * len` bytes.
    let second = unsafe { base.add(len) };
    if let Err(e) = map_fd(fd, len, Some(second)) {
        unreserve(base);
        return Err(e);
    }
    NonNull::new(base).ok_or(ShmError::Refused("mmap returned null"))
}

struct Fd(i32);

impl Drop for Fd {
    fn drop(&mut self) {
        // SAFETY: closing a descriptor this guard owns.
        unsafe { libc::close(self.0) };
    }
}

impl Mapping {
    /// Client side: creates `<dir>/<prefix>-XXXXXX` in the first usable
    /// directory, sizes and zero-fills it and maps it. Returns the path the
    /// server must be told about.
    pub fn create(prefix: &str, len: usize, ring: bool) -> Result<(Vec<u8>, Mapping), ShmError> {
        check_size(len, ring)?;
        let mut last = ShmError::Refused("no directory");
        for dir in CLIENT_DIRS {
            let template = format!("{dir}/{prefix}-XXXXXX");
            let mut buf = CString::new(template)
                .map_err(|_| ShmError::Refused("bad prefix"))?
                .into_bytes_with_nul();
            // SAFETY: `buf` is a writable NUL-terminated template.
            let fd = unsafe { libc::mkstemp(buf.as_mut_ptr().cast()) };
            if fd < 0 {
                last = os("mkstemp");
                continue;
            }
            let fd = Fd(fd);
            buf.pop();
            let path = buf;
            let cpath = CString::new(path.clone()).map_err(|_| ShmError::Refused("bad path"))?;
            let result = Self::size_and_map(fd.0, len, ring);
            match result {
                Ok(addr) => {
                    return Ok((
                        path,
                        Mapping {
                            addr,
                            len,
                            ring,
                            guard: None,
                        },
                    ));
                }
                Err(e) => {
                    // SAFETY: removing the file we just created.
                    unsafe { libc::unlink(cpath.as_ptr()) };
                    last = e;
                }
            }
        }
        Err(last)
    }

    fn size_and_map(fd: i32, len: usize, ring: bool) -> Result<NonNull<u8>, ShmError> {
        // SAFETY: resizing a file descriptor we own.
        if unsafe { libc::ftruncate(fd, len as libc::off_t) } != 0 {
            return Err(os("ftruncate"));
        }
        // Allocate the pages now so a full tmpfs fails here, not later as a
        // fault on first touch.
        // SAFETY: allocating blocks of a file descriptor we own.
        let r = unsafe { libc::posix_fallocate(fd, 0, len as libc::off_t) };
        if r != 0 && r != libc::EOPNOTSUPP && r != libc::EINVAL {
            return Err(ShmError::Os {
                call: "posix_fallocate",
                errno: r,
            });
        }
        map_file(fd, len, ring)
    }

    /// Server side: opens the client's file, removes its name, sets its
    /// size and maps it. The path and the file are checked against
    /// `policy` first (the original trusted any path).
    pub fn open_client_file(
        path: &[u8],
        len: usize,
        ring: bool,
        policy: &OpenPolicy,
    ) -> Result<Mapping, ShmError> {
        check_size(len, ring)?;
        policy.check_path(path)?;
        let cpath = CString::new(path).map_err(|_| ShmError::Refused("path contains NUL"))?;
        // SAFETY: opening a NUL-terminated path; O_NOFOLLOW refuses links.
        let fd = unsafe {
            libc::open(
                cpath.as_ptr(),
                libc::O_RDWR | libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK,
            )
        };
        if fd < 0 {
            return Err(os("open"));
        }
        let fd = Fd(fd);
        // SAFETY: `st` is plain data filled by fstat on our descriptor.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: fstat writes into `st`, which is large enough.
        if unsafe { libc::fstat(fd.0, &mut st) } != 0 {
            return Err(os("fstat"));
        }
        if st.st_mode & libc::S_IFMT != libc::S_IFREG {
            return Err(ShmError::Refused("not a regular file"));
        }
        if let Some(uid) = policy.owner_uid
            && st.st_uid != uid
        {
            return Err(ShmError::Refused("file is not owned by the client"));
        }
        // SAFETY: removing the name of the file we opened, as the protocol
        // requires; the pages stay alive through our descriptor.
        unsafe { libc::unlink(cpath.as_ptr()) };
        // SAFETY: resizing a descriptor we own.
        if unsafe { libc::ftruncate(fd.0, len as libc::off_t) } != 0 {
            return Err(os("ftruncate"));
        }
        let addr = map_file(fd.0, len, ring)?;
        let span = if ring { 2 * len } else { len };
        let guard = crate::sigbus::protect(addr.as_ptr(), span);
        Ok(Mapping {
            addr,
            len,
            ring,
            guard,
        })
    }

    /// Maps an existing zero-copy file of the client (not a ring).
    pub fn open_zero_copy_file(
        path: &[u8],
        len: usize,
        policy: &OpenPolicy,
    ) -> Result<Mapping, ShmError> {
        Self::open_client_file(path, len, false, policy)
    }

    /// Whether the client shrank the file under this mapping (the pages
    /// touched since read as zeros); the connection must be dropped.
    pub fn faulted(&self) -> bool {
        self.guard.as_ref().is_some_and(|g| g.faulted())
    }

    /// Size of the file (a ring's virtual range is twice this).
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn span(&self) -> usize {
        if self.ring { 2 * self.len } else { self.len }
    }

    /// The address of the first byte, for handing to C callers.
    pub fn as_ptr(&self) -> *mut u8 {
        self.addr.as_ptr()
    }

    fn check(&self, off: usize, n: usize) -> bool {
        off.checked_add(n).is_some_and(|end| end <= self.span())
    }

    /// Copies `dst.len()` bytes from offset `off`. Returns false (copying
    /// nothing) when the range is outside the mapping.
    pub fn read(&self, off: usize, dst: &mut [u8]) -> bool {
        if !self.check(off, dst.len()) {
            return false;
        }
        // SAFETY: the range was checked to lie inside the mapping, and
        // `dst` is a private buffer that cannot overlap shared memory.
        unsafe {
            std::ptr::copy_nonoverlapping(self.addr.as_ptr().add(off), dst.as_mut_ptr(), dst.len())
        };
        true
    }

    /// Replaces the contents of `dst` with `len` bytes from offset `off`.
    /// Returns false (leaving `dst` empty) when the range is outside the
    /// mapping.
    pub fn read_to_vec(&self, off: usize, len: usize, dst: &mut Vec<u8>) -> bool {
        dst.clear();
        if !self.check(off, len) {
            return false;
        }
        dst.reserve(len);
        // SAFETY: the range was checked to lie inside the mapping; `dst`
        // has capacity for `len` bytes, all of which are written by the
        // copy before the length is set.
        unsafe {
            std::ptr::copy_nonoverlapping(self.addr.as_ptr().add(off), dst.as_mut_ptr(), len);
            dst.set_len(len);
        }
        true
    }

    /// Copies `src` to offset `off`. Returns false (copying nothing) when
    /// the range is outside the mapping.
    pub fn write(&self, off: usize, src: &[u8]) -> bool {
        if !self.check(off, src.len()) {
            return false;
        }
        // SAFETY: the range was checked to lie inside the mapping, and
        // `src` is a private buffer that cannot overlap shared memory.
        unsafe {
            std::ptr::copy_nonoverlapping(src.as_ptr(), self.addr.as_ptr().add(off), src.len())
        };
        true
    }

    /// A 64-bit field shared with the peer process. `off` must be 8-byte
    /// aligned and inside the mapping; otherwise None.
    pub fn atomic_u64(&self, off: usize) -> Option<&std::sync::atomic::AtomicU64> {
        if !off.is_multiple_of(8) || !self.check(off, 8) {
            return None;
        }
        // SAFETY: the location is inside the mapping, 8-byte aligned (the
        // mapping is page aligned) and lives as long as `self`; it is only
        // ever accessed atomically (here and by glibc in the peer).
        Some(unsafe {
            &*(self
                .addr
                .as_ptr()
                .add(off)
                .cast::<std::sync::atomic::AtomicU64>())
        })
    }

    /// A 32-bit field shared with the peer process. `off` must be 4-byte
    /// aligned and inside the mapping; otherwise None.
    pub fn atomic_u32(&self, off: usize) -> Option<&AtomicU32> {
        if !off.is_multiple_of(4) || !self.check(off, 4) {
            return None;
        }
        // SAFETY: the location is inside the mapping, 4-byte aligned (the
        // mapping is page aligned) and lives as long as `self`; it is only
        // ever accessed atomically or by the peer's plain 32-bit accesses.
        Some(unsafe { &*(self.addr.as_ptr().add(off).cast::<AtomicU32>()) })
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: unmapping exactly the range this value mapped.
        unsafe { libc::munmap(self.addr.as_ptr().cast(), self.span()) };
    }
}

/// A path as text for log messages.
pub fn display_path(path: &[u8]) -> String {
    String::from_utf8_lossy(path).into_owned()
}

/// Converts a NUL-terminated C string into bytes without the NUL.
pub fn cstr_bytes(s: &CStr) -> Vec<u8> {
    s.to_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn my_uid() -> u32 {
        // SAFETY: getuid has no preconditions.
        unsafe { libc::getuid() }
    }

    #[test]
    fn client_and_server_share_the_same_pages() {
        let (path, client) = Mapping::create("coroipc_test", 4096, false).unwrap();
        assert!(path.starts_with(b"/dev/shm/coroipc_test-"));
        let server =
            Mapping::open_client_file(&path, 4096, false, &OpenPolicy::for_client(my_uid()))
                .unwrap();
        assert!(client.write(100, b"hello"));
        let mut b = [0u8; 5];
        assert!(server.read(100, &mut b));
        assert_eq!(&b, b"hello");
        // the server removed the name
        assert!(!std::path::Path::new(&display_path(&path)).exists());
    }

    #[test]
    fn ring_is_contiguous_across_its_end() {
        let (path, client) = Mapping::create("coroipc_test_ring", 8192, true).unwrap();
        let server =
            Mapping::open_client_file(&path, 8192, true, &OpenPolicy::for_client(my_uid()))
                .unwrap();
        assert!(server.write(8190, b"wrap"));
        let mut b = [0u8; 2];
        assert!(client.read(0, &mut b));
        assert_eq!(&b, b"ap");
        let mut w = [0u8; 4];
        assert!(client.read(8190, &mut w));
        assert_eq!(&w, b"wrap");
    }

    #[test]
    fn out_of_range_access_is_refused() {
        let (p, m) = Mapping::create("coroipc_test_range", 4096, false).unwrap();
        let _ = std::fs::remove_file(display_path(&p));
        let mut b = [0u8; 8];
        assert!(!m.read(4090, &mut b));
        assert!(!m.write(usize::MAX, b"x"));
        assert!(m.atomic_u32(4096).is_none());
        assert!(m.atomic_u32(2).is_none());
        assert!(m.atomic_u32(4092).is_some());
    }

    #[test]
    fn paths_outside_shm_dirs_are_refused() {
        let p = OpenPolicy::for_client(my_uid());
        for bad in [
            &b"/etc/passwd"[..],
            b"relative",
            b"/dev/shm/../etc/passwd",
            b"/dev/shm/",
            b"/dev/shm/sub/file",
        ] {
            assert!(
                Mapping::open_client_file(bad, 4096, false, &p).is_err(),
                "{}",
                display_path(bad)
            );
        }
    }

    #[test]
    fn file_of_another_owner_is_refused() {
        let (path, _m) = Mapping::create("coroipc_test_owner", 4096, false).unwrap();
        let p = OpenPolicy::for_client(my_uid().wrapping_add(12345));
        assert!(Mapping::open_client_file(&path, 4096, false, &p).is_err());
        let _ = std::fs::remove_file(display_path(&path));
    }

    #[test]
    fn symlink_is_refused() {
        let target = format!("/dev/shm/coroipc_test_target-{}", std::process::id());
        std::fs::write(&target, vec![0u8; 4096]).unwrap();
        let link = format!("/dev/shm/coroipc_test_link-{}", std::process::id());
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let p = OpenPolicy::for_client(my_uid());
        assert!(Mapping::open_client_file(link.as_bytes(), 4096, false, &p).is_err());
        let _ = std::fs::remove_file(&link);
        let _ = std::fs::remove_file(&target);
    }

    #[test]
    fn truncated_client_file_reads_as_zero_and_is_reported() {
        let (path, client) = Mapping::create("coroipc_test_trunc", 8192, true).unwrap();
        // a hostile client keeps a descriptor of its file
        let kept = std::fs::OpenOptions::new()
            .write(true)
            .open(display_path(&path))
            .unwrap();
        let server =
            Mapping::open_client_file(&path, 8192, true, &OpenPolicy::for_client(my_uid()))
                .unwrap();
        client.write(5000, b"data");
        assert!(!server.faulted());
        kept.set_len(0).unwrap();
        let mut b = [1u8; 4];
        assert!(server.read(5000, &mut b));
        assert_eq!(b, [0, 0, 0, 0]);
        assert!(server.write(8192 + 6000, b"x"));
        assert!(server.faulted());
    }

    #[test]
    fn unaligned_ring_size_is_refused() {
        assert!(Mapping::create("coroipc_test_size", 100, true).is_err());
        let (p, m) = Mapping::create("coroipc_test_size", 100, false).unwrap();
        assert_eq!(m.len(), 100);
        let _ = std::fs::remove_file(display_path(&p));
    }
}
