//! Small datasets from the seeds: web booking per region and the regions' strategy documents.

use serde::{Deserialize, Serialize};
use sqlx::{Any, Row, Transaction};
use uppsikt_domain::RegionCode;

use crate::Store;

/// Care units connected to web booking in one region (Tabell 2 of the 2020 follow-up).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebBooking {
    pub region: RegionCode,
    /// `YYYY-MM`.
    pub period: String,
    /// The region's name as the source table prints it.
    pub label: String,
    /// Units where residents can see their booked times (visa tid).
    pub visa_tid: i64,
    /// Units where residents can book a time (boka tid).
    pub boka_tid: i64,
    pub source_seed: String,
    pub source_section: String,
}

/// A region's strategy document for a more local care (Tabell 1 of the 2020 follow-up).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Strategy {
    pub region: RegionCode,
    pub year: i32,
    pub label: String,
    /// Regionens inriktningsdokument.
    pub dokument: String,
    /// Politiskt beslut.
    pub politiskt_beslut: String,
    /// Inriktningsdokument för region och kommuner.
    pub gemensamt_med_kommunerna: String,
    pub source_seed: String,
    pub source_section: String,
}

pub(crate) async fn replace_web_booking(tx: &mut Transaction<'_, Any>, rows: &[WebBooking]) -> sqlx::Result<()> {
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

pub(crate) async fn replace_strategies(tx: &mut Transaction<'_, Any>, rows: &[Strategy]) -> sqlx::Result<()> {
    for s in rows {
        sqlx::query(
            "INSERT INTO strategies (region, year, label, dokument, politiskt_beslut, gemensamt_med_kommunerna,
               source_seed, source_section)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (region, year) DO UPDATE SET label = excluded.label, dokument = excluded.dokument,
               politiskt_beslut = excluded.politiskt_beslut,
               gemensamt_med_kommunerna = excluded.gemensamt_med_kommunerna,
               source_seed = excluded.source_seed, source_section = excluded.source_section",
        )
        .bind(s.region.as_str())
        .bind(s.year as i64)
        .bind(&s.label)
        .bind(&s.dokument)
        .bind(&s.politiskt_beslut)
        .bind(&s.gemensamt_med_kommunerna)
        .bind(&s.source_seed)
        .bind(&s.source_section)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Web booking rows in region order.
pub async fn web_booking(store: &Store) -> anyhow::Result<Vec<WebBooking>> {
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

/// Strategy rows in region order.
pub async fn strategies(store: &Store) -> anyhow::Result<Vec<Strategy>> {
    let rows = sqlx::query(
        "SELECT region, year, label, dokument, politiskt_beslut, gemensamt_med_kommunerna, source_seed,
           source_section FROM strategies ORDER BY year, region",
    )
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Strategy {
                region: r.try_get::<String, _>("region")?.parse()?,
                year: r.try_get::<i64, _>("year")? as i32,
                label: r.try_get("label")?,
                dokument: r.try_get("dokument")?,
                politiskt_beslut: r.try_get("politiskt_beslut")?,
                gemensamt_med_kommunerna: r.try_get("gemensamt_med_kommunerna")?,
                source_seed: r.try_get("source_seed")?,
                source_section: r.try_get("source_section")?,
            })
        })
        .collect()
}
