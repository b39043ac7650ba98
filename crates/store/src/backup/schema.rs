//! The tables of a database as its own catalogue describes them: names,
//! columns with their kind, identity columns, and the order in which rows can
//! be written back without breaking a foreign key or an audit trigger.
//!
//! Identifiers in the SQL that backups run come only from here, that is from
//! the database's catalogue, never from a backup file: a file's table and
//! column names are checked against this list before anything is written.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::{AnyConnection, Row};

use crate::{Backend, Result};

/// How a column's values are read, written and compared, on both backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Whole numbers (`INTEGER`, `BIGINT`).
    Integer,
    /// Floating point (`REAL`, `DOUBLE PRECISION`).
    Real,
    /// Everything else is text in this schema.
    Text,
}

impl Kind {
    fn of_declared(t: &str) -> Kind {
        let t = t.to_ascii_uppercase();
        if t.contains("INT") {
            Kind::Integer
        } else if t.contains("REAL") || t.contains("DOUBLE") || t.contains("FLOA") {
            Kind::Real
        } else {
            Kind::Text
        }
    }
}

/// One column.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub name: String,
    pub kind: Kind,
}

/// One table, its columns sorted by name (so that dumps compare across
/// backends whose column order differs after `ALTER TABLE`).
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    /// A PostgreSQL identity column, whose sequence must follow restored ids.
    pub identity: Option<String>,
    /// A foreign key into the same table (child column, parent column):
    /// parents must be written before their children.
    pub self_reference: Option<(String, String)>,
}

/// Edges the foreign keys do not show: the audit triggers refuse a report or
/// measure row whose audit row is not written yet.
const WRITTEN_AFTER: &[(&str, &str)] = &[("reports", "audit_log"), ("report_measures", "audit_log")];

/// Tables a migration fills (a counter row): a restore replaces their rows.
pub(crate) const MIGRATION_SEEDED: &[&str] = &["qual_state"];

/// The migrations' own bookkeeping, which a backup records as its schema version.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// Every table of the schema, in an order that writes parents before children.
pub(crate) async fn tables(conn: &mut AnyConnection, backend: Backend) -> Result<Vec<Table>> {
    let names: Vec<String> = match backend {
        Backend::Sqlite => {
            sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> $1
                 ORDER BY name",
            )
            .bind(MIGRATIONS_TABLE)
            .fetch_all(&mut *conn)
            .await?
        }
        Backend::Postgres => {
            sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> $1
                 ORDER BY table_name",
            )
            .bind(MIGRATIONS_TABLE)
            .fetch_all(&mut *conn)
            .await?
        }
    };
    let mut tables = Vec::with_capacity(names.len());
    let mut parents: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for name in names {
        let (mut columns, identity) = columns(&mut *conn, backend, &name).await?;
        columns.sort_by(|a, b| a.name.cmp(&b.name));
        let keys = foreign_keys(&mut *conn, backend, &name).await?;
        let self_reference = keys
            .iter()
            .find(|k| k.0 == name)
            .map(|(_, from, to)| (from.clone(), to.clone()));
        let entry = parents.entry(name.clone()).or_default();
        entry.extend(keys.into_iter().map(|k| k.0).filter(|t| *t != name));
        for (child, parent) in WRITTEN_AFTER {
            if *child == name {
                entry.insert((*parent).to_string());
            }
        }
        tables.push(Table {
            name,
            columns,
            identity,
            self_reference,
        });
    }
    Ok(in_load_order(tables, &parents))
}

/// Kahn's algorithm, ties broken by name so the order is the same on both backends.
fn in_load_order(tables: Vec<Table>, parents: &BTreeMap<String, BTreeSet<String>>) -> Vec<Table> {
    let mut left: BTreeMap<String, Table> = tables.into_iter().map(|t| (t.name.clone(), t)).collect();
    let mut out = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let ready = left
            .keys()
            .find(|name| {
                parents
                    .get(*name)
                    .is_none_or(|ps| ps.iter().all(|p| !left.contains_key(p)))
            })
            // A cycle cannot occur in this schema; should one appear, the
            // database's own checks name it when the rows are written.
            .or_else(|| left.keys().next())
            .cloned();
        if let Some(name) = ready
            && let Some(t) = left.remove(&name)
        {
            out.push(t);
        }
    }
    out
}

async fn columns(conn: &mut AnyConnection, backend: Backend, table: &str) -> Result<(Vec<Column>, Option<String>)> {
    let rows = match backend {
        Backend::Sqlite => {
            sqlx::query("SELECT name, type, 'NO' AS is_identity FROM pragma_table_info($1) ORDER BY cid")
                .bind(table)
                .fetch_all(&mut *conn)
                .await?
        }
        Backend::Postgres => {
            sqlx::query(
                "SELECT column_name::text AS name, data_type::text AS type, is_identity::text AS is_identity
                 FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            )
            .bind(table)
            .fetch_all(&mut *conn)
            .await?
        }
    };
    let mut identity = None;
    let mut columns = Vec::with_capacity(rows.len());
    for r in rows {
        let name: String = r.try_get("name")?;
        let declared: String = r.try_get("type")?;
        if r.try_get::<String, _>("is_identity")? == "YES" {
            identity = Some(name.clone());
        }
        columns.push(Column {
            name,
            kind: Kind::of_declared(&declared),
        });
    }
    Ok((columns, identity))
}

/// `(referenced table, column, referenced column)` for each foreign key column of `table`.
async fn foreign_keys(
    conn: &mut AnyConnection,
    backend: Backend,
    table: &str,
) -> Result<Vec<(String, String, String)>> {
    let rows = match backend {
        Backend::Sqlite => {
            sqlx::query(
                r#"SELECT "table" AS parent, "from" AS child_column, COALESCE("to", '') AS parent_column
                   FROM pragma_foreign_key_list($1)"#,
            )
            .bind(table)
            .fetch_all(&mut *conn)
            .await?
        }
        Backend::Postgres => {
            sqlx::query(
                "SELECT ccu.table_name::text AS parent, kcu.column_name::text AS child_column,
                        ccu.column_name::text AS parent_column
                 FROM information_schema.table_constraints tc
                 JOIN information_schema.key_column_usage kcu
                   ON kcu.constraint_name = tc.constraint_name AND kcu.constraint_schema = tc.constraint_schema
                 JOIN information_schema.constraint_column_usage ccu
                   ON ccu.constraint_name = tc.constraint_name AND ccu.constraint_schema = tc.constraint_schema
                 WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()
                   AND tc.table_name = $1",
            )
            .bind(table)
            .fetch_all(&mut *conn)
            .await?
        }
    };
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("parent")?,
                r.try_get("child_column")?,
                r.try_get("parent_column")?,
            ))
        })
        .collect()
}

/// The schema version the database is at: its newest applied migration, or
/// `None` before the first.
pub(crate) async fn applied_version(conn: &mut AnyConnection, backend: Backend) -> Result<Option<i64>> {
    let exists: i64 = match backend {
        Backend::Sqlite => {
            sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1")
                .bind(MIGRATIONS_TABLE)
                .fetch_one(&mut *conn)
                .await?
        }
        Backend::Postgres => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_name = $1",
            )
            .bind(MIGRATIONS_TABLE)
            .fetch_one(&mut *conn)
            .await?
        }
    };
    if exists == 0 {
        return Ok(None);
    }
    Ok(
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// `"name"`: an identifier from the database's own catalogue, quoted for SQL.
pub(crate) fn quoted(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}
