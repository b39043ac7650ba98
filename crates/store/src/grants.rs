//! Grants the regions report having received, per agreement and region.
//! (What they spent them on is in their reports: [`crate::reports`].)

use sqlx::{Any, Row, Transaction};
use uppsikt_domain::{AgreementId, GrantReceived, Sek, Source};

use crate::{Result, Store};

/// Replaces the agreement's received grants that came from `seed` with `grants`.
pub(crate) async fn replace_grants(
    tx: &mut Transaction<'_, Any>,
    agreement: &AgreementId,
    seed: &str,
    grants: &[GrantReceived],
) -> Result<()> {
    sqlx::query("DELETE FROM grants_received WHERE agreement_id = $1 AND source_seed = $2")
        .bind(agreement.as_str())
        .bind(seed)
        .execute(&mut **tx)
        .await?;
    for g in grants {
        sqlx::query(
            "INSERT INTO grants_received (agreement_id, region, received_sek, earmarked_sek, approx, note,
               source_seed, source_section, source_quote)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(g.agreement.as_str())
        .bind(g.region.as_str())
        .bind(g.received.0)
        .bind(g.earmarked.map(|s| s.0))
        .bind(i64::from(g.approx))
        .bind(g.note.as_deref())
        .bind(&g.source.seed)
        .bind(&g.source.section)
        .bind(g.source.quote.as_deref())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The grants received under `agreement`, by region.
pub async fn grants(store: &Store, agreement: &AgreementId) -> Result<Vec<GrantReceived>> {
    let rows = sqlx::query(
        "SELECT region, received_sek, earmarked_sek, approx, note, source_seed, source_section, source_quote
         FROM grants_received WHERE agreement_id = $1 ORDER BY region",
    )
    .bind(agreement.as_str())
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(GrantReceived {
                agreement: agreement.clone(),
                region: r.try_get::<String, _>("region")?.parse()?,
                received: Sek(r.try_get("received_sek")?),
                earmarked: r.try_get::<Option<i64>, _>("earmarked_sek")?.map(Sek),
                approx: r.try_get::<i64, _>("approx")? != 0,
                note: r.try_get("note")?,
                source: Source {
                    seed: r.try_get("source_seed")?,
                    section: r.try_get("source_section")?,
                    quote: r.try_get("source_quote")?,
                },
            })
        })
        .collect()
}
