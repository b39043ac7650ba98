//! Published indicator cells (after disclosure control) from the register-data
//! engine, with where they come from, for reports and the web UI.

use sqlx::Row;

use crate::Store;

/// One published cell: suppressed cells carry their keys but no numbers.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IndicatorCell {
    pub indicator: String,
    /// County code, or `00` for the whole country.
    pub region: String,
    /// `YYYY` or `YYYY-MM`.
    pub period: String,
    /// `K`, `M` or `alla`.
    pub sex: String,
    pub numerator: Option<i64>,
    pub denominator: Option<i64>,
    pub value: Option<f64>,
    pub suppressed: bool,
}

/// Where a set of cells comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellSource {
    /// True for cells computed from synthetic register data.
    pub synthetic: bool,
    /// How they were made, e.g. `SYNTHETIC: uppsikt synth --scale 0.002 --seed 2024`.
    pub description: String,
}

/// Replaces every stored cell with `cells`, in one transaction.
pub async fn replace(store: &Store, source: &CellSource, cells: &[IndicatorCell]) -> anyhow::Result<()> {
    let mut tx = store.pool().begin().await?;
    sqlx::query("DELETE FROM indicator_cells").execute(&mut *tx).await?;
    for c in cells {
        sqlx::query(
            "INSERT INTO indicator_cells
               (indicator, region, period, sex, numerator, denominator, value, suppressed, synthetic, source)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&c.indicator)
        .bind(&c.region)
        .bind(&c.period)
        .bind(&c.sex)
        .bind(c.numerator)
        .bind(c.denominator)
        .bind(c.value)
        .bind(i64::from(c.suppressed))
        .bind(i64::from(source.synthetic))
        .bind(&source.description)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The stored cells of `indicator` (all when `None`) in the contract's byte order, with their source.
pub async fn list(store: &Store, indicator: Option<&str>) -> anyhow::Result<Vec<(IndicatorCell, CellSource)>> {
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
                IndicatorCell {
                    indicator: r.try_get("indicator")?,
                    region: r.try_get("region")?,
                    period: r.try_get("period")?,
                    sex: r.try_get("sex")?,
                    numerator: r.try_get("numerator")?,
                    denominator: r.try_get("denominator")?,
                    value: r.try_get("value")?,
                    suppressed: r.try_get::<i64, _>("suppressed")? != 0,
                },
                CellSource {
                    synthetic: r.try_get::<i64, _>("synthetic")? != 0,
                    description: r.try_get("source")?,
                },
            ))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    // Byte order, as in the engine's CSV (database collations differ).
    out.sort_by(|a, b| {
        (&a.0.indicator, &a.0.region, &a.0.period, &a.0.sex).cmp(&(&b.0.indicator, &b.0.region, &b.0.period, &b.0.sex))
    });
    Ok(out)
}
