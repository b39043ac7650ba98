//! Writing a checked snapshot into an empty target.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;
use sqlx::migrate::Migrator;
use sqlx::{AnyConnection, AssertSqlSafe};
use uppsikt_domain::tr;

use super::archive::{Manifest, Snapshot};
use super::schema::{self, MIGRATION_SEEDED, Table, quoted};
use super::{BackupError, dump, files};
use crate::{Backend, Location, Store, migrator};

/// See [`super::restore`].
///
/// A restore that was stopped midway (killed, power lost) leaves its marker
/// ([`crate::layout::RESTORE_MARKER`]) and perhaps some of the backup's files
/// and, on SQLite, a database without rows or with all of them. The same
/// restore run again recognises the marker: it removes those files and goes
/// on, over the rows if their transaction committed.
pub(crate) async fn restore(file: &Path, snapshot: Snapshot, target: &Location) -> Result<Manifest, BackupError> {
    let data_dir = &target.data_dir;
    let marker = data_dir.join(crate::layout::RESTORE_MARKER);
    // A manifest is plain strings and numbers: it always serialises.
    let id = crate::sha256_hex(&serde_json::to_vec(&snapshot.manifest).expect("a manifest serialises"));
    let resuming = match std::fs::read_to_string(&marker) {
        Ok(found) if found.trim() == id => true,
        Ok(_) => {
            return Err(BackupError::NotEmpty {
                target: data_dir.display().to_string(),
                what: tr!(backup.other_restore),
            });
        }
        Err(_) => false,
    };
    if resuming {
        let stale: Vec<_> = snapshot.manifest.files.iter().map(|f| data_dir.join(&f.path)).collect();
        files::remove(&stale);
    }
    if let Some(first) = files::own_files(data_dir, None)?.first() {
        return Err(BackupError::NotEmpty {
            target: data_dir.display().to_string(),
            what: first.relative.clone(),
        });
    }
    let sqlite_file = target.database_url.is_none().then(|| data_dir.join(crate::SQLITE_FILE));
    let created = sqlite_file.as_ref().is_some_and(|f| !f.exists());
    uppsikt_files::write(&marker, id.as_bytes()).map_err(|e| crate::Error::io(&marker, e))?;
    let result = restore_into(file, &snapshot, target, resuming).await;
    if result.is_err() {
        let _ = std::fs::remove_file(&marker);
    }
    if result.is_err()
        && created
        && let Some(file) = sqlite_file
    {
        // Nothing of a failed restore stays behind: the database it created goes too.
        for suffix in ["", "-wal", "-shm"] {
            let mut p = file.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
    result?;
    std::fs::remove_file(&marker).map_err(|e| crate::Error::io(&marker, e))?;
    Ok(snapshot.manifest)
}

async fn restore_into(file: &Path, snapshot: &Snapshot, target: &Location, resuming: bool) -> Result<(), BackupError> {
    let manifest = &snapshot.manifest;
    let store = Store::connect_unmigrated(&target.url()).await?;
    let backend = store.backend();
    let target_name = store.display_url();
    let applied = {
        let mut conn = store.pool().acquire().await?;
        schema::applied_version(&mut conn, backend).await?
    };
    if let Some(v) = applied
        && v > manifest.schema_version
    {
        if resuming {
            // The stopped run had committed the rows and was migrating forward.
            let done = finish(&store, target, snapshot).await;
            store.close().await;
            return done;
        }
        return Err(BackupError::NotEmpty {
            target: target_name,
            what: tr!(backup.target_schema, found = v, backup = manifest.schema_version),
        });
    }
    // The schema the backup was taken at; after the rows, the rest of the way.
    let to_backup: Vec<_> = migrator(backend)
        .iter()
        .filter(|m| m.version <= manifest.schema_version)
        .cloned()
        .collect();
    Migrator::with_migrations(to_backup)
        .run(store.pool())
        .await
        .map_err(crate::Error::from)?;

    let mut tx = store.pool().begin().await?;
    let tables = schema::tables(&mut tx, backend).await?;
    let file_name = file.display().to_string();
    let by_name = matching_tables(manifest, &tables, &file_name)?;
    let mut filled = None;
    let mut as_in_backup = true;
    for t in &tables {
        if MIGRATION_SEEDED.contains(&t.name.as_str()) {
            sqlx::query(AssertSqlSafe(format!("DELETE FROM {}", quoted(&t.name))))
                .execute(&mut *tx)
                .await?;
            continue;
        }
        let n = count(&mut tx, t).await?;
        as_in_backup &= u64::try_from(n).ok() == Some(manifest.tables[by_name[t.name.as_str()]].rows);
        if n > 0 && filled.is_none() {
            filled = Some(t.name.clone());
        }
    }
    if let Some(table) = filled {
        if resuming && as_in_backup {
            // The stopped run's rows are in: only the files and migrations are left.
            tx.rollback().await?;
            let done = finish(&store, target, snapshot).await;
            store.close().await;
            return done;
        }
        return Err(BackupError::NotEmpty {
            target: target_name,
            what: tr!(backup.table_has_rows, table = table),
        });
    }
    let written = files::write_all(&target.data_dir, &manifest.files, &snapshot.files)?;
    let loaded = async {
        for t in &tables {
            let rows = &snapshot.rows[by_name[t.name.as_str()]];
            insert(&mut tx, backend, t, rows, &file_name).await?;
        }
        tx.commit().await?;
        store.migrate().await?;
        Ok::<(), BackupError>(())
    }
    .await;
    if loaded.is_err() {
        files::remove(&written);
    }
    store.close().await;
    loaded
}

/// The rest of a restore whose rows are in: the files, and the migrations
/// made since the backup was taken.
async fn finish(store: &Store, target: &Location, snapshot: &Snapshot) -> Result<(), BackupError> {
    files::write_all(&target.data_dir, &snapshot.manifest.files, &snapshot.files)?;
    store.migrate().await?;
    Ok(())
}

/// Index of each target table's rows in the snapshot; the file's tables and
/// columns must be exactly the schema's.
fn matching_tables<'a>(
    manifest: &Manifest,
    tables: &'a [Table],
    file: &str,
) -> Result<HashMap<&'a str, usize>, BackupError> {
    let damaged = |problem: String| BackupError::Damaged {
        file: file.to_string(),
        problem,
    };
    let mut out = HashMap::with_capacity(tables.len());
    for t in tables {
        let Some(i) = manifest.tables.iter().position(|e| e.name == t.name) else {
            return Err(damaged(tr!(
                backup.table_missing,
                table = t.name,
                version = manifest.schema_version
            )));
        };
        let expected: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        if manifest.tables[i].columns != expected {
            return Err(damaged(tr!(
                backup.columns_differ,
                table = t.name,
                found = manifest.tables[i].columns.join(", "),
                expected = expected.join(", ")
            )));
        }
        out.insert(t.name.as_str(), i);
    }
    if let Some(extra) = manifest.tables.iter().find(|e| !out.contains_key(e.name.as_str())) {
        return Err(damaged(tr!(backup.table_unknown, table = extra.name)));
    }
    Ok(out)
}

async fn count(conn: &mut AnyConnection, t: &Table) -> Result<i64, BackupError> {
    Ok(
        sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM {}", quoted(&t.name))))
            .fetch_one(&mut *conn)
            .await?,
    )
}

async fn insert(
    conn: &mut AnyConnection,
    backend: Backend,
    t: &Table,
    rows: &[Vec<Value>],
    file: &str,
) -> Result<(), BackupError> {
    let columns = t.columns.iter().map(|c| quoted(&c.name)).collect::<Vec<_>>().join(", ");
    let params = (1..=t.columns.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let overriding = if backend == Backend::Postgres && t.identity.is_some() {
        " OVERRIDING SYSTEM VALUE"
    } else {
        ""
    };
    // Identifiers from the target's own catalogue, checked against the file
    // in `matching_tables`; every value is bound.
    let sql = format!(
        "INSERT INTO {} ({columns}){overriding} VALUES ({params})",
        quoted(&t.name)
    );
    for row in parents_first(t, rows) {
        let query = dump::bind(sqlx::query(AssertSqlSafe(sql.clone())), t, row).map_err(|i| BackupError::Damaged {
            file: file.to_string(),
            problem: tr!(backup.bad_value, table = t.name, column = t.columns[i].name),
        })?;
        query.execute(&mut *conn).await?;
    }
    if let (Backend::Postgres, Some(id)) = (backend, &t.identity) {
        // The identity continues after the restored ids.
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence($1, $2), (SELECT COALESCE(MAX({id}), 0) + 1 FROM {table}), false)",
            id = quoted(id),
            table = quoted(&t.name)
        );
        sqlx::query(AssertSqlSafe(sql))
            .bind(&t.name)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The rows in an order that writes a row's parent (a foreign key into the
/// same table, e.g. a code's parent code) before the row itself.
fn parents_first<'r>(t: &Table, rows: &'r [Vec<Value>]) -> Vec<&'r Vec<Value>> {
    let Some((child, parent)) = &t.self_reference else {
        return rows.iter().collect();
    };
    let column = |name: &str| t.columns.iter().position(|c| c.name == *name);
    let (Some(ci), Some(pi)) = (column(child), column(parent)) else {
        return rows.iter().collect();
    };
    let mut written: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut left: Vec<&Vec<Value>> = rows.iter().collect();
    let mut out = Vec::with_capacity(rows.len());
    while !left.is_empty() {
        let before = left.len();
        left.retain(|r| {
            if r[ci].is_null() || written.contains(&r[ci].to_string()) {
                written.insert(r[pi].to_string());
                out.push(*r);
                false
            } else {
                true
            }
        });
        if left.len() == before {
            // A parent that is missing: the database names it when the row is written.
            out.append(&mut left);
        }
    }
    out
}
