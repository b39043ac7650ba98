//! The backup file: one zip archive, portable between SQLite and PostgreSQL.
//!
//! ```text
//! manifest.json            format, schema version, and per table and file: rows, bytes, SHA-256
//! tables/{table}.jsonl     the table's canonical dump (see `dump`)
//! files/{path}             the data directory's own files (published reports, …)
//! ```
//!
//! Reading checks everything before anything is used: the zip's own CRCs,
//! the manifest, every checksum and row count, every row's shape, every
//! file name. A file that passes is whole; one that does not is refused with
//! the entry and the problem named.

use std::io::{Read, Write};
use std::path::{Component, Path};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uppsikt_domain::tr;
use zip::write::SimpleFileOptions;

use super::BackupError;
use crate::{Backend, Error, sha256_hex};

/// What the manifest's `format` says.
pub const FORMAT: &str = "uppsikt-backup";
/// The layout version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;
const MANIFEST: &str = "manifest.json";

/// What a backup holds, written first into the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// The layout version, [`FORMAT_VERSION`] when written by this build.
    pub format_version: u32,
    /// When the snapshot was taken (ISO-8601 UTC).
    pub created_at: String,
    /// The Uppsikt version that wrote it.
    pub uppsikt_version: String,
    /// The backend it was taken from.
    pub backend: Backend,
    /// The schema version (last migration) of the database it was taken from.
    pub schema_version: i64,
    /// Every table, in the order a restore writes them.
    pub tables: Vec<TableEntry>,
    /// The data directory's files.
    pub files: Vec<FileEntry>,
}

/// One table in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableEntry {
    /// The table's name.
    pub name: String,
    /// Its columns, in the order of each row's values.
    pub columns: Vec<String>,
    /// How many rows.
    pub rows: u64,
    /// SHA-256 (hex) of `tables/{name}.jsonl`.
    pub sha256: String,
}

/// One file of the data directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Path relative to the data directory, `/`-separated.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 (hex) of its content.
    pub sha256: String,
    /// Readable by its owner only (0600), e.g. the demo passwords.
    pub private: bool,
}

impl Manifest {
    /// All rows of all tables.
    pub fn total_rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }
}

/// A backup's whole content in memory, checked.
#[derive(Debug)]
pub struct Snapshot {
    /// What it holds.
    pub manifest: Manifest,
    /// Each table's rows, parallel to `manifest.tables`.
    pub rows: Vec<Vec<Vec<Value>>>,
    /// Each file's bytes, parallel to `manifest.files`.
    pub files: Vec<Vec<u8>>,
}

/// A table's entry content: its canonical lines, each ended by a newline.
pub(crate) fn table_bytes(lines: &[String]) -> Vec<u8> {
    let mut out = Vec::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    for l in lines {
        out.extend_from_slice(l.as_bytes());
        out.push(b'\n');
    }
    out
}

/// Writes the archive to `out` (private: it holds password hashes and survey tokens).
pub(crate) fn write(out: &Path, manifest: &Manifest, tables: &[Vec<u8>], files: &[Vec<u8>]) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::io(out, e);
    let zip_err = |e: zip::result::ZipError| Error::io(out, std::io::Error::other(e));
    let mut file = uppsikt_files::AtomicFile::create(out).map_err(io)?;
    file.private().map_err(io)?;
    let mut zip = zip::ZipWriter::new(file.file());
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let manifest_json = serde_json::to_vec_pretty(manifest).map_err(|e| io(std::io::Error::other(e)))?;
    zip.start_file(MANIFEST, opts).map_err(zip_err)?;
    zip.write_all(&manifest_json).map_err(io)?;
    for (t, bytes) in manifest.tables.iter().zip(tables) {
        zip.start_file(table_entry(&t.name), opts).map_err(zip_err)?;
        zip.write_all(bytes).map_err(io)?;
    }
    for (f, bytes) in manifest.files.iter().zip(files) {
        zip.start_file(file_entry(&f.path), opts).map_err(zip_err)?;
        zip.write_all(bytes).map_err(io)?;
    }
    zip.finish().map_err(zip_err)?;
    file.commit().map_err(io)
}

fn table_entry(name: &str) -> String {
    format!("tables/{name}.jsonl")
}

fn file_entry(path: &str) -> String {
    format!("files/{path}")
}

/// Reads and checks the archive at `path` (see the module's documentation).
pub fn read(path: &Path) -> Result<Snapshot, BackupError> {
    let file_name = path.display().to_string();
    let damaged = |problem: String| BackupError::Damaged {
        file: file_name.clone(),
        problem,
    };
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut zip =
        zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| damaged(tr!(backup.not_a_zip, error = e)))?;
    let mut entry = |name: &str| -> Result<Vec<u8>, BackupError> {
        let mut e = zip
            .by_name(name)
            .map_err(|_| damaged(tr!(backup.missing_entry, entry = name)))?;
        let mut bytes = Vec::with_capacity(usize::try_from(e.size()).unwrap_or(0).min(1 << 30));
        // Reading to the end checks the entry's CRC.
        e.read_to_end(&mut bytes)
            .map_err(|err| damaged(tr!(backup.bad_entry, entry = name, error = err)))?;
        Ok(bytes)
    };
    let manifest = manifest(&entry(MANIFEST)?, &damaged)?;
    let mut rows = Vec::with_capacity(manifest.tables.len());
    for t in &manifest.tables {
        let name = table_entry(&t.name);
        let bytes = entry(&name)?;
        check_sum(&name, &bytes, &t.sha256, &damaged)?;
        let text = std::str::from_utf8(&bytes).map_err(|e| damaged(tr!(backup.bad_entry, entry = name, error = e)))?;
        let table_rows = text
            .lines()
            .enumerate()
            .map(|(i, line)| match serde_json::from_str::<Value>(line) {
                Ok(Value::Array(values)) if values.len() == t.columns.len() && values.iter().all(is_scalar) => {
                    Ok(values)
                }
                _ => Err(damaged(tr!(
                    backup.bad_row,
                    entry = name,
                    row = i + 1,
                    columns = t.columns.len()
                ))),
            })
            .collect::<Result<Vec<_>, _>>()?;
        if table_rows.len() as u64 != t.rows {
            return Err(damaged(tr!(
                backup.row_count,
                entry = name,
                found = table_rows.len(),
                expected = t.rows
            )));
        }
        rows.push(table_rows);
    }
    let mut files = Vec::with_capacity(manifest.files.len());
    for f in &manifest.files {
        if !is_relative_and_inside(&f.path) {
            return Err(damaged(tr!(backup.outside_path, path = f.path)));
        }
        let name = file_entry(&f.path);
        let bytes = entry(&name)?;
        check_sum(&name, &bytes, &f.sha256, &damaged)?;
        files.push(bytes);
    }
    let expected = manifest.tables.len() + manifest.files.len() + 1;
    if zip.len() != expected {
        return Err(damaged(tr!(
            backup.extra_entries,
            found = zip.len(),
            expected = expected
        )));
    }
    Ok(Snapshot { manifest, rows, files })
}

fn manifest(bytes: &[u8], damaged: &dyn Fn(String) -> BackupError) -> Result<Manifest, BackupError> {
    let bad = |e: serde_json::Error| damaged(tr!(backup.bad_manifest, error = e));
    // The format and version first: a newer file is named as such, not as damaged.
    let head: Value = serde_json::from_slice(bytes).map_err(bad)?;
    if head.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(damaged(tr!(backup.not_a_backup)));
    }
    let version = head.get("format_version").and_then(Value::as_u64).unwrap_or(0);
    if version > u64::from(FORMAT_VERSION) {
        return Err(BackupError::NewerFormat {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    let m: Manifest = serde_json::from_value(head).map_err(bad)?;
    if m.schema_version > crate::schema_version() {
        return Err(BackupError::NewerSchema {
            found: m.schema_version,
            supported: crate::schema_version(),
        });
    }
    Ok(m)
}

fn check_sum(
    name: &str,
    bytes: &[u8],
    expected: &str,
    damaged: &dyn Fn(String) -> BackupError,
) -> Result<(), BackupError> {
    if sha256_hex(bytes) == expected {
        Ok(())
    } else {
        Err(damaged(tr!(backup.checksum, entry = name)))
    }
}

fn is_scalar(v: &Value) -> bool {
    matches!(v, Value::Null | Value::Number(_) | Value::String(_))
}

/// A `/`-separated relative path of plain names: no root, no `..`, no `.`.
pub(crate) fn is_relative_and_inside(path: &str) -> bool {
    !path.is_empty() && !path.contains('\\') && Path::new(path).components().all(|c| matches!(c, Component::Normal(_)))
}
