//! Published indicator cells (after disclosure control), with where they come
//! from, and the definitions of their indicators, for reports, the web UI and
//! the API.

pub mod bulk;
pub mod demo;
pub mod input;
pub mod releases;

use std::borrow::Cow;

use sqlx::{Any, AnyConnection, Row, Transaction};
use uppsikt_domain::IndicatorDef;

use crate::{Result, Store};

/// One published cell: suppressed cells carry their keys but no numbers.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IndicatorCell {
    /// The indicator's id.
    pub indicator: String,
    /// County code, or `00` for the whole country.
    pub region: String,
    /// `YYYY` or `YYYY-MM`.
    pub period: String,
    /// `K`, `M` or `alla`.
    pub sex: String,
    /// Numerator; `None` for a suppressed cell.
    pub numerator: Option<i64>,
    /// Denominator; `None` for a suppressed cell.
    pub denominator: Option<i64>,
    /// Value rounded to one decimal; `None` for a suppressed cell.
    pub value: Option<f64>,
    /// Withheld by disclosure control.
    pub suppressed: bool,
}

impl IndicatorCell {
    /// The cell as it may be published: a suppressed cell keeps its keys and
    /// loses its numbers. The one place that rule is written.
    pub fn masked(mut self) -> IndicatorCell {
        if self.suppressed {
            self.numerator = None;
            self.denominator = None;
            self.value = None;
        }
        self
    }
}

/// Where a set of cells comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellSource {
    /// True for cells computed from synthetic register data.
    pub synthetic: bool,
    /// How they were made, e.g. `SYNTHETIC: uppsikt synth --scale 0.002 --seed 2024`.
    pub description: String,
}

/// Stores (or updates) one indicator definition in `tx`.
pub(crate) async fn define_in(tx: &mut Transaction<'_, Any>, d: &IndicatorDef) -> Result<()> {
    sqlx::query(
        "INSERT INTO indicator_definitions
           (id, name_sv, description_sv, unit_sv, scale, direction, monthly, source_sv, arrival)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET name_sv = excluded.name_sv, description_sv = excluded.description_sv,
           unit_sv = excluded.unit_sv, scale = excluded.scale, direction = excluded.direction,
           monthly = excluded.monthly, source_sv = excluded.source_sv, arrival = excluded.arrival",
    )
    .bind(d.id.as_ref())
    .bind(d.name_sv.as_ref())
    .bind(d.description_sv.as_ref())
    .bind(d.unit_sv.as_ref())
    .bind(d.scale.code())
    .bind(d.direction.code())
    .bind(i64::from(d.monthly))
    .bind(d.source_sv.as_ref())
    .bind(d.arrival.code())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stores (or updates) indicator definitions, in one transaction.
pub async fn define(store: &Store, defs: &[IndicatorDef]) -> Result<()> {
    let mut tx = store.pool().begin().await?;
    for d in defs {
        define_in(&mut tx, d).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Every stored indicator definition, by id.
pub async fn definitions(store: &Store) -> Result<Vec<IndicatorDef>> {
    let mut conn = store.pool().acquire().await?;
    definitions_in(&mut conn).await
}

/// Every stored indicator definition, by id, read on `conn` (e.g. in a transaction).
pub(crate) async fn definitions_in(conn: &mut AnyConnection) -> Result<Vec<IndicatorDef>> {
    let rows = sqlx::query(
        "SELECT id, name_sv, description_sv, unit_sv, scale, direction, monthly, source_sv, arrival
         FROM indicator_definitions ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let text = |c: &str| -> Result<Cow<'static, str>> { Ok(Cow::Owned(r.try_get::<String, _>(c)?)) };
            Ok(IndicatorDef {
                id: text("id")?,
                name_sv: text("name_sv")?,
                description_sv: text("description_sv")?,
                unit_sv: text("unit_sv")?,
                scale: r.try_get::<String, _>("scale")?.parse()?,
                direction: r.try_get::<String, _>("direction")?.parse()?,
                monthly: r.try_get::<i64, _>("monthly")? != 0,
                source_sv: text("source_sv")?,
                arrival: r.try_get::<String, _>("arrival")?.parse()?,
            })
        })
        .collect()
}

/// The cell of a row with the columns `indicator, region, period, sex,
/// numerator, denominator, value, suppressed`.
pub(crate) fn cell_of(r: &sqlx::any::AnyRow) -> Result<IndicatorCell> {
    Ok(IndicatorCell {
        indicator: r.try_get("indicator")?,
        region: r.try_get("region")?,
        period: r.try_get("period")?,
        sex: r.try_get("sex")?,
        numerator: r.try_get("numerator")?,
        denominator: r.try_get("denominator")?,
        value: r.try_get("value")?,
        suppressed: r.try_get::<i64, _>("suppressed")? != 0,
    })
}

/// The stored cells of `indicator` (all when `None`) in the contract's byte order, with their source.
pub async fn list(store: &Store, indicator: Option<&str>) -> Result<Vec<(IndicatorCell, CellSource)>> {
    let rows = sqlx::query(
        "SELECT indicator, region, period, sex, numerator, denominator, value, suppressed, synthetic, source
         FROM indicator_cells
         WHERE $1 = '' OR indicator = $1",
    )
    .bind(indicator.unwrap_or(""))
    .fetch_all(store.pool())
    .await?;
    let mut out = rows
        .iter()
        .map(|r| {
            Ok((
                cell_of(r)?,
                CellSource {
                    synthetic: r.try_get::<i64, _>("synthetic")? != 0,
                    description: r.try_get("source")?,
                },
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    // Byte order, as in the engine's CSV (database collations differ).
    out.sort_by(|a, b| {
        (&a.0.indicator, &a.0.region, &a.0.period, &a.0.sex).cmp(&(&b.0.indicator, &b.0.region, &b.0.period, &b.0.sex))
    });
    Ok(out)
}

/// When each indicator's cells were last published (ISO-8601 UTC), by id;
/// indicators published before the time was recorded are left out.
pub async fn published_at(store: &Store) -> Result<Vec<(String, String)>> {
    let rows = sqlx::query(
        "SELECT indicator, MAX(published_at) AS at FROM indicator_cells
         WHERE published_at IS NOT NULL GROUP BY indicator ORDER BY indicator",
    )
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("indicator")?, r.try_get("at")?)))
        .collect()
}
