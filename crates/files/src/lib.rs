//! The one way Uppsikt writes a file: into a temporary file in the same
//! directory, flushed to disk, then renamed over the target. A reader (or a
//! crash) sees the old file or the new one, never half of the new one.
//!
//! Every file the platform writes (indicator CSVs, reject lists, the annual
//! report, Excel templates, exports, backups) goes through [`write`] or
//! [`AtomicFile`]; `tests/atomic.rs` and a source scan in the CLI's tests
//! check that no other code writes files directly. The one exception is an
//! append-only log ([`open_private_log`]), which grows a line at a time.
//!
//! Archives from outside are unpacked through [`unzip`], which bounds what
//! they unpack to (a zip bomb is refused, not unpacked).

pub mod unzip;

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Writes `bytes` to `path` atomically, creating the parent directory if needed.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// Writes `bytes` to `path` atomically, readable and writable by the owner only
/// (for files that hold secrets, e.g. generated passwords).
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.private()?;
    f.write_all(bytes)?;
    f.commit()
}

/// Opens an append-only log, creating it readable and writable by its owner
/// only (the security log): lines are added to its end, never rewritten.
pub fn open_private_log(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// A file being written: it appears at its path only on [`AtomicFile::commit`];
/// dropped without a commit, it leaves the target as it was.
pub struct AtomicFile {
    tmp: NamedTempFile,
    target: PathBuf,
}

impl AtomicFile {
    /// Starts writing `path` (its directory is created if missing).
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(&dir)?;
        Ok(AtomicFile {
            tmp,
            target: path.to_path_buf(),
        })
    }

    /// Makes the file readable and writable by its owner only.
    pub fn private(&mut self) -> io::Result<()> {
        set_private(self.tmp.as_file())
    }

    /// The file being written, e.g. for a CSV or ZIP writer.
    pub fn file(&mut self) -> &mut File {
        self.tmp.as_file_mut()
    }

    /// Flushes the data to disk and renames the file over the target.
    pub fn commit(self) -> io::Result<()> {
        self.tmp.as_file().sync_all()?;
        self.tmp.persist(&self.target).map_err(|e| e.error)?;
        // The rename itself is durable once the directory is synced.
        if let Some(dir) = self.target.parent().filter(|d| !d.as_os_str().is_empty())
            && let Ok(d) = File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tmp.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tmp.flush()
    }
}

#[cfg(unix)]
fn set_private(f: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    f.set_permissions(std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn set_private(_: &File) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("a.txt");
        write(&path, b"first").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        {
            let mut f = AtomicFile::create(&path).unwrap();
            f.write_all(b"half of the sec").unwrap();
            // Dropped without commit.
        }
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"first",
            "an uncommitted write changes nothing"
        );
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
        write(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_for_the_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret.csv");
        write_private(&path, b"x").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
