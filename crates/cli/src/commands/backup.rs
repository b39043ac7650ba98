//! `uppsikt backup` and `uppsikt restore`: thin over `uppsikt_store::backup`.

use std::path::Path;

use uppsikt_domain::tr;
use uppsikt_store::backup::{self, Manifest};
use uppsikt_store::{Backend, Location, Store};

use crate::error::CliResult;

/// Writes a backup of the store and the data directory to `out`.
pub async fn write(store: &Store, location: &Location, out: &Path) -> CliResult {
    let m = backup::backup(store, &location.data_dir, out).await?;
    println!(
        "{}",
        tr!(
            backup.written,
            file = out.display(),
            tables = m.tables.len(),
            rows = m.total_rows(),
            files = m.files.len(),
            version = m.schema_version,
            backend = backend_name(m.backend)
        )
    );
    Ok(())
}

/// Checks a backup file without restoring it (opens no database).
pub fn verify(file: &Path) -> CliResult {
    let m = backup::verify(file)?;
    println!(
        "{}",
        tr!(
            backup.verified,
            file = file.display(),
            created = m.created_at,
            uppsikt = m.uppsikt_version,
            backend = backend_name(m.backend),
            version = m.schema_version,
            tables = m.tables.len(),
            rows = m.total_rows(),
            files = m.files.len()
        )
    );
    Ok(())
}

/// Restores `file` into the (empty) target named by `location`.
pub async fn restore(file: &Path, location: &Location) -> CliResult {
    let m: Manifest = backup::restore(file, location).await?;
    let store = Store::open(location).await?;
    println!(
        "{}",
        tr!(
            backup.restored,
            file = file.display(),
            target = store.display_url(),
            tables = m.tables.len(),
            rows = m.total_rows(),
            files = m.files.len(),
            version = m.schema_version,
            current = uppsikt_store::schema_version()
        )
    );
    store.close().await;
    Ok(())
}

fn backend_name(b: Backend) -> String {
    match b {
        Backend::Sqlite => tr!(backup.backend_sqlite),
        Backend::Postgres => tr!(backup.backend_postgres),
    }
}
