//! Backups that restore: a consistent snapshot of the whole data directory in
//! one portable file, checked before it is trusted, restorable on either
//! backend (SQLite → PostgreSQL and back).
//!
//! - [`backup`] reads every table in one read transaction (SQLite: one WAL
//!   snapshot; PostgreSQL: `REPEATABLE READ`), so it runs while the server
//!   writes; it adds the data directory's own files and leaves out what is
//!   derived ([`crate::layout::DERIVED`]).
//! - [`verify`] reads a file and checks every checksum without restoring.
//! - [`restore`] writes a snapshot into an empty database and data
//!   directory: it migrates the target to the backup's schema version, writes
//!   every row in one transaction, then migrates forward, so an older backup
//!   restores into a newer Uppsikt. A damaged file, or one from a newer
//!   Uppsikt, is refused before anything is written.
//! - [`canonical_dump`] gives every table's content in a form that compares
//!   across backends; backups are made of it.

mod archive;
mod dump;
mod files;
mod load;
mod schema;

use std::path::Path;

pub use archive::{FORMAT, FORMAT_VERSION, FileEntry, Manifest, Snapshot, TableEntry};
use uppsikt_domain::tr;

use crate::{Backend, Error, Location, Result, Store, sha256_hex};

/// Why a backup could not be taken, checked or restored.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The file is not a whole Uppsikt backup; the problem names the entry.
    #[error("{}", tr!(backup.damaged, file = .file, problem = .problem))]
    Damaged {
        /// The backup file.
        file: String,
        /// What is wrong, in Swedish.
        problem: String,
    },
    /// Written in a layout newer than this build reads.
    #[error("{}", tr!(backup.newer_format, found = .found, supported = .supported))]
    NewerFormat {
        /// The file's layout version.
        found: u64,
        /// The newest this build reads.
        supported: u32,
    },
    /// Taken from a database with a newer schema than this build knows.
    #[error("{}", tr!(backup.newer_schema, found = .found, supported = .supported))]
    NewerSchema {
        /// The backup's schema version.
        found: i64,
        /// This build's newest.
        supported: i64,
    },
    /// The target already holds data; a restore writes only into an empty one.
    #[error("{}", tr!(backup.not_empty, target = .target, what = .what))]
    NotEmpty {
        /// The database or data directory.
        target: String,
        /// The first thing found in it.
        what: String,
    },
    /// The store failed underneath.
    #[error(transparent)]
    Store(#[from] Error),
}

impl From<sqlx::Error> for BackupError {
    fn from(e: sqlx::Error) -> Self {
        BackupError::Store(e.into())
    }
}

/// Every table's canonical content (see `dump`), by name, read in one transaction.
pub async fn canonical_dump(store: &Store) -> Result<Vec<(String, Vec<String>)>> {
    let (_, tables) = snapshot_tables(store).await?;
    Ok(tables.into_iter().map(|(t, lines)| (t.name, lines)).collect())
}

/// Writes a backup of the store and the data directory's own files to `out`.
pub async fn backup(store: &Store, data_dir: &Path, out: &Path) -> Result<Manifest, BackupError> {
    let (schema_version, tables) = snapshot_tables(store).await?;
    let found = files::of_data_dir(data_dir, Some(out))?;
    let table_bytes: Vec<Vec<u8>> = tables.iter().map(|(_, lines)| archive::table_bytes(lines)).collect();
    let manifest = Manifest {
        format: FORMAT.to_string(),
        format_version: FORMAT_VERSION,
        created_at: crate::users::now_iso(),
        uppsikt_version: env!("CARGO_PKG_VERSION").to_string(),
        backend: store.backend(),
        schema_version,
        tables: tables
            .iter()
            .zip(&table_bytes)
            .map(|((t, lines), bytes)| TableEntry {
                name: t.name.clone(),
                columns: t.columns.iter().map(|c| c.name.clone()).collect(),
                rows: lines.len() as u64,
                sha256: sha256_hex(bytes),
            })
            .collect(),
        files: found.iter().map(|(entry, _)| entry.clone()).collect(),
    };
    let file_bytes: Vec<Vec<u8>> = found.into_iter().map(|(_, bytes)| bytes).collect();
    archive::write(out, &manifest, &table_bytes, &file_bytes)?;
    tracing::info!(file = %out.display(), tables = manifest.tables.len(), rows = manifest.total_rows(), "backup written");
    Ok(manifest)
}

/// Reads `path` and checks all of it (zip CRCs, manifest, checksums, row
/// counts and shapes, file names, schema version) without restoring.
pub fn verify(path: &Path) -> Result<Manifest, BackupError> {
    Ok(archive::read(path)?.manifest)
}

/// Restores the backup at `path` into `target`, which must be empty: no
/// rows in its database and no files of its own in its data directory.
pub async fn restore(path: &Path, target: &Location) -> Result<Manifest, BackupError> {
    let snapshot = archive::read(path)?;
    load::restore(path, snapshot, target).await
}

/// The schema version and every table's canonical rows, in load order, in one read transaction.
async fn snapshot_tables(store: &Store) -> Result<(i64, Vec<(schema::Table, Vec<String>)>)> {
    let backend = store.backend();
    let mut tx = store.pool().begin().await?;
    if backend == Backend::Postgres {
        // The first statement of the transaction: every table is read as of one moment.
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await?;
    }
    let version = schema::applied_version(&mut tx, backend).await?.unwrap_or(0);
    let tables = schema::tables(&mut tx, backend).await?;
    let mut out = Vec::with_capacity(tables.len());
    for t in tables {
        let lines = dump::table(&mut tx, &t).await?;
        out.push((t, lines));
    }
    tx.commit().await?;
    Ok((version, out))
}
