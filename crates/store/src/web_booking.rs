//! Care units with web booking per region (Tabell 2 of the 2020 follow-up, seed 003).

use serde::{Deserialize, Serialize};
use sqlx::{Any, Row, Transaction};
use uppsikt_domain::RegionCode;

use crate::{Result, Store};

/// Care units connected to web booking in one region (Tabell 2 of the 2020 follow-up).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebBooking {
    /// The region the count is for.
    pub region: RegionCode,
    /// `YYYY-MM`.
    pub period: String,
    /// The region's name as the source table prints it.
    pub label: String,
    /// Units where residents can see their booked times (visa tid).
    pub visa_tid: i64,
    /// Units where residents can book a time (boka tid).
    pub boka_tid: i64,
    /// The seed file the row was read from.
    pub source_seed: String,
    /// The section of the seed file, e.g. its table heading.
    pub source_section: String,
}

pub(crate) async fn replace(tx: &mut Transaction<'_, Any>, rows: &[WebBooking]) -> Result<()> {
    for w in rows {
        sqlx::query(
            "INSERT INTO webbtidbok (region, period, label, visa_tid, boka_tid, source_seed, source_section)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (region, period) DO UPDATE SET label = excluded.label, visa_tid = excluded.visa_tid,
               boka_tid = excluded.boka_tid, source_seed = excluded.source_seed,
               source_section = excluded.source_section",
        )
        .bind(w.region.as_str())
        .bind(&w.period)
        .bind(&w.label)
        .bind(w.visa_tid)
        .bind(w.boka_tid)
        .bind(&w.source_seed)
        .bind(&w.source_section)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Web booking rows in region order.
pub async fn list(store: &Store) -> Result<Vec<WebBooking>> {
    let rows = sqlx::query(
        "SELECT region, period, label, visa_tid, boka_tid, source_seed, source_section
         FROM webbtidbok ORDER BY period, region",
    )
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(WebBooking {
                region: r.try_get::<String, _>("region")?.parse()?,
                period: r.try_get("period")?,
                label: r.try_get("label")?,
                visa_tid: r.try_get("visa_tid")?,
                boka_tid: r.try_get("boka_tid")?,
                source_seed: r.try_get("source_seed")?,
                source_section: r.try_get("source_section")?,
            })
        })
        .collect()
}
