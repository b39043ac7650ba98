//! The data directory's own files: what a backup takes besides the database.

use std::path::Path;

use super::archive::{FileEntry, is_relative_and_inside};
use crate::layout;
use crate::{Error, Result, sha256_hex};

/// Every regular file under `data_dir` that is neither the database nor
/// derived, with its content, sorted by path. `skip` is left out too (the
/// backup being written, when it lies inside the data directory).
pub(crate) fn of_data_dir(data_dir: &Path, skip: Option<&Path>) -> Result<Vec<(FileEntry, Vec<u8>)>> {
    let mut out = Vec::new();
    if data_dir.is_dir() {
        let skip = skip.and_then(|p| std::fs::canonicalize(p).ok());
        walk(data_dir, "", skip.as_deref(), &mut out)?;
    }
    out.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    Ok(out)
}

fn walk(dir: &Path, prefix: &str, skip: Option<&Path>, out: &mut Vec<(FileEntry, Vec<u8>)>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
        let top = prefix.is_empty();
        if (top && (layout::is_database_file(&name) || layout::DERIVED.contains(&name.as_str())))
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
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            out.push((
                FileEntry {
                    path: relative,
                    bytes: bytes.len() as u64,
                    sha256: sha256_hex(&bytes),
                    private: is_private(&entry),
                },
                bytes,
            ));
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
pub(crate) fn write_all(
    data_dir: &Path,
    entries: &[FileEntry],
    contents: &[Vec<u8>],
) -> Result<Vec<std::path::PathBuf>> {
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
pub(crate) fn remove(paths: &[std::path::PathBuf]) {
    for p in paths {
        let _ = std::fs::remove_file(p);
    }
}
