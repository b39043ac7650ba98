//! Small read queries the pages need that the store's modules do not offer.
//! Parameterised SQL only, like everything in the store.

use sqlx::Row;
use uppsikt_store::Store;

/// The ids and titles of every survey, by id.
pub async fn surveys(store: &Store) -> anyhow::Result<Vec<(String, String)>> {
    let rows = sqlx::query("SELECT id, title FROM surveys ORDER BY id")
        .fetch_all(store.pool())
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("title")?)))
        .collect()
}

/// The invitation token of one municipality in a survey, if invited.
pub async fn participant_token(store: &Store, survey_id: &str, municipality: &str) -> anyhow::Result<Option<String>> {
    let row = sqlx::query("SELECT token FROM survey_participants WHERE survey_id = $1 AND municipality = $2")
        .bind(survey_id)
        .bind(municipality)
        .fetch_optional(store.pool())
        .await?;
    Ok(row.map(|r| r.try_get("token")).transpose()?)
}

/// The survey an invitation token belongs to (one indexed lookup, for the hot submit path).
pub async fn survey_of_token(store: &Store, token: &str) -> anyhow::Result<Option<String>> {
    let row = sqlx::query("SELECT survey_id FROM survey_participants WHERE token = $1")
        .bind(token)
        .fetch_optional(store.pool())
        .await?;
    Ok(row.map(|r| r.try_get("survey_id")).transpose()?)
}
