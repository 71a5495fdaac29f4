//! Ring-id persistence: `<run dir>/ringid_<address>` holds the 8-byte
//! native sequence number of the last committed ring, so a restarted node
//! never reuses a sequence number.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// `$COROSYNC_RUN_DIR`, else `/var/lib/corosync`.
pub fn run_dir() -> PathBuf {
    match std::env::var_os("COROSYNC_RUN_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => PathBuf::from(crate::paths::LOCALSTATEDIR).join("lib/corosync"),
    }
}

pub fn file_name(dir: &Path, address: &str) -> PathBuf {
    dir.join(format!("ringid_{address}"))
}

/// Loads the stored sequence, creating the file with 0 when it is missing
/// or short, as the original does.
pub fn load_or_create(path: &Path) -> std::io::Result<u64> {
    let mut b = [0u8; 8];
    if let Ok(mut f) = std::fs::File::open(path)
        && f.read_exact(&mut b).is_ok()
    {
        return Ok(u64::from_ne_bytes(b));
    }
    store(path, 0)?;
    Ok(0)
}

pub fn store(path: &Path, seq: u64) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o700)
        .open(path)?;
    f.write_all(&seq.to_ne_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_is_created_with_zero_and_store_round_trips() {
        let dir = std::env::temp_dir().join(format!("ringid-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = file_name(&dir, "127.0.0.1");
        let _ = std::fs::remove_file(&p);
        assert_eq!(load_or_create(&p).unwrap(), 0);
        assert_eq!(std::fs::read(&p).unwrap().len(), 8);
        store(&p, 0x1c).unwrap();
        assert_eq!(load_or_create(&p).unwrap(), 0x1c);
        std::fs::write(&p, [1u8, 2]).unwrap();
        assert_eq!(load_or_create(&p).unwrap(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
