//! A table's content in its canonical form: one JSON array per row, the
//! columns in name order, integers as integers, reals as reals, text as
//! strings, and the lines sorted bytewise. The same data gives the same lines
//! on SQLite and PostgreSQL, so two databases compare by their dumps and a
//! backup's checksums mean the same thing on either backend.

use serde_json::{Number, Value};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::schema::{Kind, Table, quoted};
use crate::error::Backend as BackendError;
use crate::{Error, Result};

/// Every row of `table`, canonical and sorted.
pub(crate) async fn table(conn: &mut AnyConnection, table: &Table) -> Result<Vec<String>> {
    let columns = table
        .columns
        .iter()
        .map(|c| quoted(&c.name))
        .collect::<Vec<_>>()
        .join(", ");
    // Identifiers from the database's own catalogue (see `schema`), quoted.
    let sql = format!("SELECT {columns} FROM {}", quoted(&table.name));
    let rows = sqlx::query(AssertSqlSafe(sql)).fetch_all(&mut *conn).await?;
    let mut lines = rows.iter().map(|r| encode(r, table)).collect::<Result<Vec<_>>>()?;
    lines.sort_unstable();
    Ok(lines)
}

fn encode(row: &AnyRow, table: &Table) -> Result<String> {
    let mut values = Vec::with_capacity(table.columns.len());
    for (i, c) in table.columns.iter().enumerate() {
        let v = match c.kind {
            Kind::Integer => row.try_get::<Option<i64>, _>(i)?.map(Value::from),
            Kind::Real => match row.try_get::<Option<f64>, _>(i)? {
                Some(f) => Some(Value::Number(Number::from_f64(f).ok_or_else(|| {
                    Error::Backend(BackendError::Corrupt(format!("{}.{}: {f}", table.name, c.name)))
                })?)),
                None => None,
            },
            Kind::Text => row.try_get::<Option<String>, _>(i)?.map(Value::from),
        };
        values.push(v.unwrap_or(Value::Null));
    }
    Ok(Value::Array(values).to_string())
}

/// Binds one decoded line's values to `query` by the target's column kinds;
/// `None` names the first value that does not fit its column.
pub(crate) fn bind<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    table: &Table,
    values: &'q [Value],
) -> Result<sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>, usize> {
    for (i, (c, v)) in table.columns.iter().zip(values).enumerate() {
        query = match (c.kind, v) {
            (Kind::Integer, Value::Null) => query.bind(None::<i64>),
            (Kind::Real, Value::Null) => query.bind(None::<f64>),
            (Kind::Text, Value::Null) => query.bind(None::<String>),
            (Kind::Integer, Value::Number(n)) if n.is_i64() => query.bind(n.as_i64()),
            (Kind::Real, Value::Number(n)) => query.bind(n.as_f64()),
            (Kind::Text, Value::String(s)) => query.bind(s.as_str()),
            _ => return Err(i),
        };
    }
    Ok(query)
}
