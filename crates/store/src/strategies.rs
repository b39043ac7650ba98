//! The regions' strategy documents for a more local care (Tabell 1 of the 2020 follow-up, seed 003).

use serde::{Deserialize, Serialize};
use sqlx::{Any, Row, Transaction};
use uppsikt_domain::RegionCode;

use crate::{Result, Store};

/// A region's strategy document for a more local care (Tabell 1 of the 2020 follow-up).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Strategy {
    /// The region the document is for.
    pub region: RegionCode,
    /// The year the table describes.
    pub year: i32,
    /// The region's name as the source table prints it.
    pub label: String,
    /// Regionens inriktningsdokument.
    pub dokument: String,
    /// Politiskt beslut.
    pub politiskt_beslut: String,
    /// Inriktningsdokument för region och kommuner.
    pub gemensamt_med_kommunerna: String,
    /// The seed file the row was read from.
    pub source_seed: String,
    /// The section of the seed file, e.g. its table heading.
    pub source_section: String,
}

pub(crate) async fn replace(tx: &mut Transaction<'_, Any>, rows: &[Strategy]) -> Result<()> {
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

/// Strategy rows in region order.
pub async fn list(store: &Store) -> Result<Vec<Strategy>> {
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
