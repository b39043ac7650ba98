//! Grants received and measures reported, per agreement and region.

use sqlx::{Any, Row, Transaction};
use uppsikt_domain::{AgreementId, GrantReceived, Measure, Sek, Source};

use crate::Store;

/// Replaces the agreement's received grants that came from `seed` with `grants`.
pub(crate) async fn replace_grants(
    tx: &mut Transaction<'_, Any>,
    agreement: &AgreementId,
    seed: &str,
    grants: &[GrantReceived],
) -> sqlx::Result<()> {
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

/// Replaces the agreement's measures that came from `seed` with `measures`.
pub(crate) async fn replace_measures(
    tx: &mut Transaction<'_, Any>,
    agreement: &AgreementId,
    seed: &str,
    measures: &[Measure],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM measures WHERE agreement_id = $1 AND source_seed = $2")
        .bind(agreement.as_str())
        .bind(seed)
        .execute(&mut **tx)
        .await?;
    for m in measures {
        sqlx::query(
            "INSERT INTO measures (agreement_id, region, seq, title, amount_sek, approx, area_id, earmark_id,
               parent_seq, source_seed, source_section, source_quote)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(m.agreement.as_str())
        .bind(m.region.as_str())
        .bind(m.seq as i64)
        .bind(&m.title)
        .bind(m.amount.map(|s| s.0))
        .bind(i64::from(m.approx))
        .bind(m.area.as_deref())
        .bind(m.earmark.as_deref())
        .bind(m.parent_seq.map(i64::from))
        .bind(&m.source.seed)
        .bind(&m.source.section)
        .bind(m.source.quote.as_deref())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The grants received under `agreement`, by region.
pub async fn grants(store: &Store, agreement: &AgreementId) -> anyhow::Result<Vec<GrantReceived>> {
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

/// The measures reported under `agreement`, by region and position.
pub async fn measures(store: &Store, agreement: &AgreementId) -> anyhow::Result<Vec<Measure>> {
    let rows = sqlx::query(
        "SELECT region, seq, title, amount_sek, approx, area_id, earmark_id, parent_seq,
           source_seed, source_section, source_quote
         FROM measures WHERE agreement_id = $1 ORDER BY region, seq",
    )
    .bind(agreement.as_str())
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Measure {
                agreement: agreement.clone(),
                region: r.try_get::<String, _>("region")?.parse()?,
                seq: r.try_get::<i64, _>("seq")? as i32,
                title: r.try_get("title")?,
                amount: r.try_get::<Option<i64>, _>("amount_sek")?.map(Sek),
                approx: r.try_get::<i64, _>("approx")? != 0,
                area: r.try_get("area_id")?,
                earmark: r.try_get("earmark_id")?,
                parent_seq: r.try_get::<Option<i64>, _>("parent_seq")?.map(|v| v as i32),
                source: Source {
                    seed: r.try_get("source_seed")?,
                    section: r.try_get("source_section")?,
                    quote: r.try_get("source_quote")?,
                },
            })
        })
        .collect()
}
