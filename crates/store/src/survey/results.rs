//! Reading responses back: result tables, breakdown by region, free text, export.

use std::collections::BTreeMap;

use serde::Serialize;
use sqlx::Row;
use uppsikt_domain::survey::{AnswerCount, Answers, ResponseStatus, tabulate};

use super::questionnaire;
use crate::{Result, Store};

/// Counts per closed item and answer code (zero counts included), in questionnaire order.
pub async fn results(store: &Store, survey_id: &str) -> Result<Vec<AnswerCount>> {
    let q = questionnaire(store, survey_id).await?;
    let rows = sqlx::query(
        "SELECT item_id, value, COUNT(*) AS n FROM survey_answers WHERE survey_id = $1 GROUP BY item_id, value",
    )
    .bind(survey_id)
    .fetch_all(store.pool())
    .await?;
    let mut counts = BTreeMap::new();
    for r in &rows {
        counts.insert((r.try_get("item_id")?, r.try_get("value")?), r.try_get::<i64, _>("n")?);
    }
    Ok(tabulate(&q, &counts))
}

/// One region's count for an item and answer code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionCount {
    /// The two-digit region code.
    pub region: String,
    /// The region's short name.
    pub region_name: String,
    /// The count among the region's municipalities.
    pub count: AnswerCount,
}

/// [`results`] for each of the regions (by the county the municipality lies in), regions in code order.
pub async fn results_by_region(store: &Store, survey_id: &str) -> Result<Vec<RegionCount>> {
    let q = questionnaire(store, survey_id).await?;
    let rows = sqlx::query(
        "SELECT m.region, a.item_id, a.value, COUNT(*) AS n
         FROM survey_answers a JOIN municipalities m ON m.code = a.municipality
         WHERE a.survey_id = $1 GROUP BY m.region, a.item_id, a.value",
    )
    .bind(survey_id)
    .fetch_all(store.pool())
    .await?;
    let mut by_region: BTreeMap<String, BTreeMap<(String, String), i64>> = BTreeMap::new();
    for r in &rows {
        by_region
            .entry(r.try_get("region")?)
            .or_default()
            .insert((r.try_get("item_id")?, r.try_get("value")?), r.try_get::<i64, _>("n")?);
    }
    let mut out = Vec::new();
    for region in crate::registry::regions(store).await? {
        let counts = by_region.remove(region.code.as_str()).unwrap_or_default();
        for count in tabulate(&q, &counts) {
            out.push(RegionCount {
                region: region.code.to_string(),
                region_name: region.name.clone(),
                count,
            });
        }
    }
    Ok(out)
}

/// One free-text answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FreeTextAnswer {
    /// Id of the free-text item.
    pub item: String,
    /// The item's label: the question text, or the row label of a matrix.
    pub question: String,
    /// The four-digit code of the municipality that answered.
    pub municipality: String,
    /// The municipality's name.
    pub name: String,
    /// The answer as written.
    pub text: String,
    /// True when the response is a reconstruction, not the municipality's own words.
    pub synthetic: bool,
}

/// Every free-text answer, by item in questionnaire order, then municipality.
pub async fn free_text(store: &Store, survey_id: &str) -> Result<Vec<FreeTextAnswer>> {
    let rows = sqlx::query(
        "SELECT i.id, i.label, a.municipality, m.name, a.value, p.synthetic
         FROM survey_answers a
         JOIN survey_items i ON i.survey_id = a.survey_id AND i.id = a.item_id
         JOIN municipalities m ON m.code = a.municipality
         JOIN survey_participants p ON p.survey_id = a.survey_id AND p.municipality = a.municipality
         WHERE a.survey_id = $1 AND i.kind = 'free_text'
         ORDER BY i.position, a.municipality",
    )
    .bind(survey_id)
    .fetch_all(store.pool())
    .await?;
    // Checked for existence after the query so an unknown id gives a helpful error.
    if rows.is_empty() {
        super::state(store, survey_id).await?;
    }
    rows.iter()
        .map(|r| {
            Ok(FreeTextAnswer {
                item: r.try_get("id")?,
                question: r.try_get("label")?,
                municipality: r.try_get("municipality")?,
                name: r.try_get("name")?,
                text: r.try_get("value")?,
                synthetic: r.try_get::<i64, _>("synthetic")? == 1,
            })
        })
        .collect()
}

/// One municipality's response with its provenance, for export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponseRow {
    /// The municipality's code.
    pub municipality: String,
    /// Its name.
    pub name: String,
    /// Its region's code.
    pub region: String,
    /// Partial or complete.
    pub status: ResponseStatus,
    /// When it was submitted.
    pub completed_at: Option<String>,
    /// Where the answers came from (`webb`, `import: FILE`, a reconstruction).
    pub source: Option<String>,
    /// Not the municipality's own answers (a reconstruction).
    pub synthetic: bool,
    /// Item id → answer.
    pub answers: Answers,
}

/// Every started or complete response, in municipality order.
pub async fn responses(store: &Store, survey_id: &str) -> Result<Vec<ResponseRow>> {
    super::state(store, survey_id).await?;
    let rows = sqlx::query(
        "SELECT p.municipality, m.name, m.region, p.status, p.completed_at, p.source, p.synthetic
         FROM survey_participants p JOIN municipalities m ON m.code = p.municipality
         WHERE p.survey_id = $1 AND p.status <> 'invited' ORDER BY p.municipality",
    )
    .bind(survey_id)
    .fetch_all(store.pool())
    .await?;
    let mut answers = super::import::stored_answers(store, survey_id).await?;
    rows.iter()
        .map(|r| {
            let municipality: String = r.try_get("municipality")?;
            Ok(ResponseRow {
                answers: answers.remove(&municipality).unwrap_or_default(),
                municipality,
                name: r.try_get("name")?,
                region: r.try_get("region")?,
                status: r.try_get::<String, _>("status")?.parse()?,
                completed_at: r.try_get("completed_at")?,
                source: r.try_get("source")?,
                synthetic: r.try_get::<i64, _>("synthetic")? == 1,
            })
        })
        .collect()
}
