//! `corosync-keygen`: make the 128-byte key that authenticates and
//! encrypts totem traffic (`secauth`), from `/dev/random`, as
//! `SYSCONFDIR/corosync/authkey` owned by root with mode 0400.

use std::fs::{DirBuilder, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, fchown};
use std::path::Path;

/// Key length in bytes.
pub const KEY_BYTES: usize = 128;

/// What went wrong, with the text printed before the system error
/// (`perror` style) and the errno the tool exits with.
#[derive(Debug)]
pub struct Failure {
    pub context: String,
    pub error: io::Error,
}

impl Failure {
    fn new(context: impl Into<String>, error: io::Error) -> Failure {
        Failure {
            context: context.into(),
            error,
        }
    }

    /// `perror`'s line: `context: strerror`.
    pub fn message(&self) -> String {
        let text = self.error.to_string();
        let text = text.split(" (os error").next().unwrap_or(&text).to_string();
        format!("{}: {}", self.context, text)
    }

    pub fn status(&self) -> i32 {
        self.error.raw_os_error().unwrap_or(1)
    }
}

/// Generate the key in `dir` (the directory is made with mode 0700 if
/// missing) from `random`. Progress lines go to `out`.
pub fn generate(dir: &Path, random: &Path, out: &mut dyn Write) -> Result<(), Failure> {
    if let Err(e) = DirBuilder::new().mode(0o700).create(dir)
        && e.kind() != io::ErrorKind::AlreadyExists
    {
        return Err(Failure::new(
            format!("Failed to create directory: {}", dir.display()),
            e,
        ));
    }
    let _ = writeln!(
        out,
        "Gathering {} bits for key from {}.",
        KEY_BYTES * 8,
        random.display()
    );
    let _ = writeln!(out, "Press keys on your keyboard to generate entropy.");
    let _ = out.flush();
    let mut source = File::open(random).map_err(|e| {
        Failure::new(
            format!(
                "Is {} present? Opening {}",
                random.display(),
                random.display()
            ),
            e,
        )
    })?;
    let mut key = [0u8; KEY_BYTES];
    let mut have = 0;
    loop {
        match source.read(&mut key[have..]) {
            Ok(n) => have += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(Failure::new(
                    format!("Could not read {}", random.display()),
                    e,
                ));
            }
        }
        if have == KEY_BYTES {
            break;
        }
        let _ = writeln!(
            out,
            "Press keys on your keyboard to generate entropy (bits = {}).",
            have * 8
        );
        let _ = out.flush();
    }
    drop(source);

    let path = dir.join("authkey");
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&path)
        .map_err(|e| Failure::new(format!("Could not create {}", path.display()), e))?;
    fchown(&file, Some(0), Some(0))
        .map_err(|e| Failure::new("Could not fchown key to uid 0 and gid 0\n", e))?;
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o400))
        .map_err(|e| Failure::new("Failed to set key file permissions to 0400\n", e))?;
    let _ = writeln!(out, "Writing corosync key to {}.", path.display());
    let _ = out.flush();
    file.write_all(&key)
        .map_err(|e| Failure::new(format!("Could not write {}", path.display()), e))?;
    file.sync_all()
        .map_err(|e| Failure::new(format!("Could not write {}", path.display()), e))?;
    Ok(())
}
