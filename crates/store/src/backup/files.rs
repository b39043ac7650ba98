//! The data directory's own files: what a backup takes besides the database.

use std::path::{Path, PathBuf};

use super::archive::{FileEntry, is_relative_and_inside};
use crate::layout;
use crate::{Error, Result, sha256_hex};

/// Every regular file under `data_dir` that is neither the database nor
/// derived, with its content, sorted by path. `skip` is left out too (the
/// backup being written, when it lies inside the data directory).
pub(crate) fn of_data_dir(data_dir: &Path, skip: Option<&Path>) -> Result<Vec<(FileEntry, Vec<u8>)>> {
    own_files(data_dir, skip)?
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(&f.path).map_err(|e| Error::io(&f.path, e))?;
            let entry = FileEntry {
                path: f.relative,
                bytes: bytes.len() as u64,
                sha256: sha256_hex(&bytes),
                private: f.private,
            };
            Ok((entry, bytes))
        })
        .collect()
}

/// A file of the data directory's own, found but not read.
pub(crate) struct OwnFile {
    /// `/`-separated, relative to the data directory.
    pub relative: String,
    path: PathBuf,
    private: bool,
}

/// The data directory's own files (see [`of_data_dir`]), without reading them, sorted by path.
pub(crate) fn own_files(data_dir: &Path, skip: Option<&Path>) -> Result<Vec<OwnFile>> {
    let mut out = Vec::new();
    if data_dir.is_dir() {
        let skip = skip.and_then(|p| std::fs::canonicalize(p).ok());
        walk(data_dir, "", skip.as_deref(), &mut out)?;
    }
    out.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok(out)
}

fn walk(dir: &Path, prefix: &str, skip: Option<&Path>, out: &mut Vec<OwnFile>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
        let top = prefix.is_empty();
        if (top
            && (layout::is_database_file(&name)
                || layout::DERIVED.contains(&name.as_str())
                || name == layout::RESTORE_MARKER))
            || is_temporary(&name)
            || kind.is_symlink()
            || skip.is_some_and(|s| std::fs::canonicalize(&path).is_ok_and(|p| p == s))
        {
            continue;
        }
        let relative = if top { name } else { format!("{prefix}/{name}") };
        if kind.is_dir() {
            walk(&path, &relative, skip, out)?;
        } else if kind.is_file() && is_relative_and_inside(&relative) {
            out.push(OwnFile {
                relative,
                private: is_private(&entry),
                path,
            });
        }
    }
    Ok(())
}

/// A file `uppsikt_files::AtomicFile` has not committed yet (`.name.XXXX.tmp`).
fn is_temporary(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp")
}

#[cfg(unix)]
fn is_private(entry: &std::fs::DirEntry) -> bool {
    use std::os::unix::fs::PermissionsExt;
    entry.metadata().is_ok_and(|m| m.permissions().mode() & 0o077 == 0)
}

#[cfg(not(unix))]
fn is_private(_: &std::fs::DirEntry) -> bool {
    false
}

/// Writes the snapshot's files under `data_dir`; on failure removes those written.
pub(crate) fn write_all(data_dir: &Path, entries: &[FileEntry], contents: &[Vec<u8>]) -> Result<Vec<PathBuf>> {
    let mut written = Vec::with_capacity(entries.len());
    for (e, bytes) in entries.iter().zip(contents) {
        // `archive::read` has checked that the path stays inside.
        let path = data_dir.join(&e.path);
        let result = if e.private {
            uppsikt_files::write_private(&path, bytes)
        } else {
            uppsikt_files::write(&path, bytes)
        };
        if let Err(err) = result {
            remove(&written);
            return Err(Error::io(&path, err));
        }
        written.push(path);
    }
    Ok(written)
}

/// Removes files a failed restore wrote (best effort: the error that made it fail is the one reported).
pub(crate) fn remove(paths: &[PathBuf]) {
    for p in paths {
        let _ = std::fs::remove_file(p);
    }
}
