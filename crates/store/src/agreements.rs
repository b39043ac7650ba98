//! Agreements with their development areas and earmarked parts.

use sqlx::{Any, Row, Transaction};
use uppsikt_domain::{Agreement, AgreementId, DevelopmentArea, Earmark, Sek};

use crate::{Entity, NotFound, Result, Store};

pub(crate) async fn upsert(tx: &mut Transaction<'_, Any>, a: &Agreement) -> Result<()> {
    sqlx::query(
        "INSERT INTO agreements (id, name, short_name, year, total_sek, total_note, reference, deadline, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name,
           year = excluded.year, total_sek = excluded.total_sek, total_note = excluded.total_note,
           reference = excluded.reference, deadline = excluded.deadline, source = excluded.source",
    )
    .bind(a.id.as_str())
    .bind(&a.name)
    .bind(&a.short_name)
    .bind(a.year as i64)
    .bind(a.total_sek.map(|s| s.0))
    .bind(a.total_note.as_deref())
    .bind(a.reference.as_deref())
    .bind(a.deadline.as_deref())
    .bind(&a.source)
    .execute(&mut **tx)
    .await?;
    for (i, area) in a.areas.iter().enumerate() {
        sqlx::query(
            "INSERT INTO development_areas (agreement_id, id, name, position) VALUES ($1, $2, $3, $4)
             ON CONFLICT (agreement_id, id) DO UPDATE SET name = excluded.name, position = excluded.position",
        )
        .bind(a.id.as_str())
        .bind(&area.id)
        .bind(&area.name)
        .bind(i as i64)
        .execute(&mut **tx)
        .await?;
    }
    for (i, e) in a.earmarks.iter().enumerate() {
        sqlx::query(
            "INSERT INTO earmarks (agreement_id, id, name, amount_sek, position) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (agreement_id, id) DO UPDATE SET name = excluded.name,
               amount_sek = excluded.amount_sek, position = excluded.position",
        )
        .bind(a.id.as_str())
        .bind(&e.id)
        .bind(&e.name)
        .bind(e.amount_sek.map(|s| s.0))
        .bind(i as i64)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// All agreements, by year and id, with their areas and earmarks.
pub async fn list(store: &Store) -> Result<Vec<Agreement>> {
    let rows = sqlx::query(
        "SELECT id, name, short_name, year, total_sek, total_note, reference, deadline, source
         FROM agreements ORDER BY year, id",
    )
    .fetch_all(store.pool())
    .await?;
    let areas = sqlx::query("SELECT agreement_id, id, name FROM development_areas ORDER BY agreement_id, position")
        .fetch_all(store.pool())
        .await?;
    let earmarks =
        sqlx::query("SELECT agreement_id, id, name, amount_sek FROM earmarks ORDER BY agreement_id, position")
            .fetch_all(store.pool())
            .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: String = r.try_get("id")?;
        let mut a = Agreement {
            id: id.parse::<AgreementId>()?,
            name: r.try_get("name")?,
            short_name: r.try_get("short_name")?,
            year: r.try_get::<i64, _>("year")? as i32,
            total_sek: r.try_get::<Option<i64>, _>("total_sek")?.map(Sek),
            total_note: r.try_get("total_note")?,
            reference: r.try_get("reference")?,
            deadline: r.try_get("deadline")?,
            source: r.try_get("source")?,
            areas: Vec::new(),
            earmarks: Vec::new(),
        };
        for ar in areas.iter().filter(|x| x.get::<String, _>("agreement_id") == id) {
            a.areas.push(DevelopmentArea {
                id: ar.try_get("id")?,
                name: ar.try_get("name")?,
            });
        }
        for e in earmarks.iter().filter(|x| x.get::<String, _>("agreement_id") == id) {
            a.earmarks.push(Earmark {
                id: e.try_get("id")?,
                name: e.try_get("name")?,
                amount_sek: e.try_get::<Option<i64>, _>("amount_sek")?.map(Sek),
            });
        }
        out.push(a);
    }
    Ok(out)
}

/// One agreement, or [`NotFound`] listing the known ids.
pub async fn get(store: &Store, id: &str) -> Result<Agreement> {
    let all = list(store).await?;
    let known: Vec<String> = all.iter().map(|a| a.id.to_string()).collect();
    all.into_iter().find(|a| a.id.as_str() == id).ok_or_else(|| {
        NotFound {
            what: Entity::Agreement,
            key: id.to_string(),
            known,
        }
        .into()
    })
}

/// The latest agreement (by year) that has at least one report, else the latest one.
pub async fn latest_with_reports(store: &Store) -> Result<Option<Agreement>> {
    let with: Vec<String> = sqlx::query_scalar("SELECT DISTINCT agreement_id FROM reports")
        .fetch_all(store.pool())
        .await?;
    let all = list(store).await?;
    let pick = all.iter().rev().find(|a| with.iter().any(|w| w == a.id.as_str()));
    Ok(pick.or(all.last()).cloned())
}
