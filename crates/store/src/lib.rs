//! Persistence for Uppsikt.
//!
//! One code path over sqlx's `Any` driver: the embedded default is a SQLite
//! file in the data directory, and `postgres://…` URLs reach PostgreSQL. SQL
//! is written once with `$1` placeholders, which both accept; the schema is
//! versioned in `migrations/sqlite` and `migrations/postgres`, kept in step.
//! Every write that loads a file or a dataset runs in one transaction, so a
//! bad input leaves nothing half-written.

pub mod agreements;
pub mod allocation_table;
pub mod backup;
pub mod bulk;
pub mod csv_input;
mod error;
pub mod grants;
pub mod indicators;
pub mod key_figures;
pub mod layout;
pub mod qual;
pub mod reference;
pub mod registry;
pub mod reports;
pub mod seeds;
pub mod strategies;
pub mod survey;
pub mod testing;
pub mod users;
pub mod validation;
pub mod web_booking;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use error::{Backend as BackendError, Conflict, Entity, Error, Invalid, NotFound, Result};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, migrate::Migrator};
use uppsikt_domain::tr;

/// File name of the embedded database inside a data directory.
pub const SQLITE_FILE: &str = "uppsikt.sqlite";

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Set on every SQLite connection; see [`Store::connect`].
const SQLITE_PRAGMAS: &[&str] = &[
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA foreign_keys = ON",
];

/// The schema's migrations on `backend` (kept in step: the same versions on both).
pub(crate) fn migrator(backend: Backend) -> &'static Migrator {
    match backend {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    }
}

/// SHA-256 of `bytes` in lower-case hex: the one checksum of backups,
/// release inputs and the digests of secrets.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The newest schema version this build knows: the number of its last migration.
pub fn schema_version() -> i64 {
    SQLITE_MIGRATIONS.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Which database server is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// The embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// What a store is opened for, which decides how many connections its pool
/// keeps open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// A command that runs and ends: connections are opened as needed.
    Command,
    /// A server that must answer a burst at once (290 municipalities when a
    /// survey closes): on PostgreSQL the pool keeps all its connections open,
    /// so a burst never waits for the server to start backends.
    Server,
}

/// Connections of a PostgreSQL pool. A burst of submissions is bound by the
/// fsync of each commit; with many connections in flight the server flushes
/// many commits at once.
const POSTGRES_CONNECTIONS: u32 = 32;

/// A connection pool to a migrated Uppsikt database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    url: String,
}

/// Where the data lives: a data directory (SQLite) or a database URL.
#[derive(Debug, Clone)]
pub struct Location {
    /// The data directory: the SQLite file and generated files.
    pub data_dir: PathBuf,
    /// A database URL that takes the place of the SQLite file.
    pub database_url: Option<String>,
}

impl Location {
    /// The URL to connect to: the explicit one, or the SQLite file in the data directory.
    pub fn url(&self) -> String {
        match &self.database_url {
            Some(u) => u.clone(),
            None => sqlite_url(&self.data_dir.join(SQLITE_FILE)),
        }
    }
}

/// The sqlx URL of a SQLite file, created if missing.
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

impl Store {
    /// Opens the store at `location`, creating the data directory and running
    /// pending migrations.
    pub async fn open(location: &Location) -> Result<Store> {
        Store::open_for(location, Workload::Command).await
    }

    /// [`Store::open`] for `workload`.
    pub async fn open_for(location: &Location, workload: Workload) -> Result<Store> {
        if location.database_url.is_none() {
            std::fs::create_dir_all(&location.data_dir).map_err(|e| Error::io(&location.data_dir, e))?;
        }
        Store::connect_for(&location.url(), workload).await
    }

    /// Connects to `url` (`sqlite://…` or `postgres://…`) and migrates.
    pub async fn connect(url: &str) -> Result<Store> {
        Store::connect_for(url, Workload::Command).await
    }

    /// [`Store::connect`] for `workload`.
    pub async fn connect_for(url: &str, workload: Workload) -> Result<Store> {
        let store = Store::connect_pool(url, workload).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Runs the pending migrations, then the data steps SQL cannot do.
    pub(crate) async fn migrate(&self) -> Result<()> {
        migrator(self.backend).run(&self.pool).await?;
        // Migration 0012: survey tokens stored in clear become digests.
        survey::digest_clear_tokens(self).await?;
        Ok(())
    }

    /// Connects to `url` without touching its schema (for restoring a backup,
    /// which migrates in steps of its own).
    pub(crate) async fn connect_unmigrated(url: &str) -> Result<Store> {
        Store::connect_pool(url, Workload::Command).await
    }

    async fn connect_pool(url: &str, workload: Workload) -> Result<Store> {
        install_default_drivers();
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(Error::rule(tr!(store.bad_url, url = redact(url))));
        };
        // SQLite allows one writer at a time; a single connection avoids
        // "database is locked" between our own connections.
        let max = match backend {
            Backend::Sqlite => 1,
            Backend::Postgres => POSTGRES_CONNECTIONS,
        };
        // Starting a PostgreSQL backend costs the server milliseconds of CPU;
        // a burst that had to start them would spend its first moments
        // forking (measured: most of the 290-submission burst's time).
        let min = match (backend, workload) {
            (Backend::Postgres, Workload::Server) => POSTGRES_CONNECTIONS,
            _ => 0,
        };
        // A command runs and ends: no idle reaping, so sqlx spawns no
        // maintenance task (one was seen spinning in a clean-clone CI run
        // under `qual import`, starving the command's own task).
        let (idle, lifetime) = match workload {
            Workload::Command => (None, None),
            Workload::Server => (Some(Duration::from_secs(600)), Some(Duration::from_secs(1800))),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .min_connections(min)
            .idle_timeout(idle)
            .max_lifetime(lifetime)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // A write-ahead log with `synchronous = NORMAL` commits
                        // without an fsync per transaction and stays durable
                        // across application crashes (SQLite's recommended
                        // setting for WAL); a power loss can only lose the last
                        // commits, never corrupt the file.
                        for pragma in SQLITE_PRAGMAS {
                            sqlx::query(*pragma).execute(&mut *conn).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await
            .map_err(|source| {
                Error::Backend(BackendError::Connect {
                    url: redact(url),
                    source,
                })
            })?;
        Ok(Store {
            pool,
            backend,
            url: url.to_string(),
        })
    }

    /// The connection pool, for the repositories in this crate and its layers above.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Which database server is behind the pool.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The URL without a password, for messages.
    pub fn display_url(&self) -> String {
        redact(&self.url)
    }

    /// Closes the pool, waiting for connections to finish.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Hides the password of a database URL.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_passwords() {
        assert_eq!(super::redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
    }
}
