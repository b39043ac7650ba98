//! Read functions that only the annual report (crates/report) needs.

use sqlx::Row;

use crate::Store;

/// The surveys stored, newest year first: `(id, year)`.
pub async fn surveys(store: &Store) -> anyhow::Result<Vec<(String, i32)>> {
    let rows = sqlx::query("SELECT id, year FROM surveys ORDER BY year DESC, id")
        .fetch_all(store.pool())
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get::<i64, _>("year")? as i32)))
        .collect()
}
