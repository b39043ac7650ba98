//! The write path shared by import, the web form and the reconstruction.

use sqlx::{Any, AssertSqlSafe, Transaction};
use uppsikt_domain::MunicipalityCode;
use uppsikt_domain::survey::{Answers, ResponseStatus, SurveyState};

use super::participants::{new_token, token_digest};
use crate::{Result, bulk};

/// Where a set of answers came from, stored on the participant row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// E.g. `webb`, `import: svar.csv`, or the reconstruction's description.
    pub source: String,
    /// True when the answers are not the municipality's own.
    pub synthetic: bool,
    /// Timestamp (ISO-8601) to record as answered/completed.
    pub at: String,
}

/// One municipality's changes: item id → new answer, `None` to clear it.
pub(crate) struct RowChange {
    pub municipality: MunicipalityCode,
    pub values: Vec<(String, Option<String>)>,
}

/// Makes sure `municipality` has a participant row (with a fresh token's digest).
pub(crate) async fn ensure_participant(
    tx: &mut Transaction<'_, Any>,
    survey_id: &str,
    municipality: &MunicipalityCode,
    invited_at: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO survey_participants (survey_id, municipality, token_hash, status, invited_at)
         VALUES ($1, $2, $3, 'invited', $4) ON CONFLICT (survey_id, municipality) DO NOTHING",
    )
    .bind(survey_id)
    .bind(municipality.as_str())
    // A token nobody is given: imported answers come without a link.
    .bind(token_digest(&new_token()?))
    .bind(invited_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Applies `changes` and marks each municipality's response complete with
/// `prov`. Runs inside the caller's transaction.
pub(crate) async fn write_complete(
    tx: &mut Transaction<'_, Any>,
    survey_id: &str,
    changes: &[RowChange],
    prov: &Provenance,
) -> Result<()> {
    for change in changes {
        let m = change.municipality.as_str();
        ensure_participant(tx, survey_id, &change.municipality, &prov.at).await?;
        for (item, value) in &change.values {
            set_answer(tx, survey_id, m, item, value.as_deref(), &prov.at).await?;
        }
        set_status(tx, survey_id, m, ResponseStatus::Complete, prov).await?;
    }
    Ok(())
}

/// Claims the response of the participant with token digest `digest` for a
/// save or submission: sets its status and provenance if its survey is open
/// and the response not yet complete, and returns its survey and
/// municipality; `None` when nothing was claimed. The status is updated
/// before the answers so that, on PostgreSQL, a concurrent submission of the
/// same response waits for this row's lock and then finds it complete.
pub(crate) async fn claim_response(
    tx: &mut Transaction<'_, Any>,
    digest: &str,
    status: ResponseStatus,
    prov: &Provenance,
) -> Result<Option<(String, String)>> {
    let completed_at = (status == ResponseStatus::Complete).then_some(prov.at.as_str());
    Ok(sqlx::query_as(
        "UPDATE survey_participants SET status = $2, started_at = COALESCE(started_at, $3),
           completed_at = $4, source = $5, synthetic = $6
         WHERE token_hash = $1 AND status <> $7
           AND EXISTS (SELECT 1 FROM surveys s WHERE s.id = survey_participants.survey_id AND s.state = $8)
         RETURNING survey_id, municipality",
    )
    .bind(digest)
    .bind(status.code())
    .bind(&prov.at)
    .bind(completed_at)
    .bind(&prov.source)
    .bind(prov.synthetic as i64)
    .bind(ResponseStatus::Complete.code())
    .bind(SurveyState::Open.code())
    .fetch_optional(&mut **tx)
    .await?)
}

/// Replaces all answers of one municipality with `answers`, answered at `at`.
pub(crate) async fn replace_answers(
    tx: &mut Transaction<'_, Any>,
    survey_id: &str,
    municipality: &str,
    answers: &Answers,
    at: &str,
) -> Result<()> {
    sqlx::query("DELETE FROM survey_answers WHERE survey_id = $1 AND municipality = $2")
        .bind(survey_id)
        .bind(municipality)
        .execute(&mut **tx)
        .await?;
    if answers.is_empty() {
        return Ok(());
    }
    // One multi-row INSERT (a questionnaire has tens of items, far below
    // the rows a statement takes), every value bound.
    let sql = format!(
        "INSERT INTO survey_answers (survey_id, municipality, answered_at, item_id, value) VALUES {}",
        bulk::values(answers.len(), 5, 1)
    );
    let mut insert = sqlx::query(AssertSqlSafe(sql));
    for (item, value) in answers {
        insert = insert
            .bind(survey_id)
            .bind(municipality)
            .bind(at)
            .bind(item)
            .bind(value);
    }
    insert.execute(&mut **tx).await?;
    Ok(())
}

async fn set_answer(
    tx: &mut Transaction<'_, Any>,
    survey_id: &str,
    municipality: &str,
    item: &str,
    value: Option<&str>,
    at: &str,
) -> Result<()> {
    sqlx::query("DELETE FROM survey_answers WHERE survey_id = $1 AND municipality = $2 AND item_id = $3")
        .bind(survey_id)
        .bind(municipality)
        .bind(item)
        .execute(&mut **tx)
        .await?;
    if let Some(v) = value {
        sqlx::query(
            "INSERT INTO survey_answers (survey_id, municipality, item_id, value, answered_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(survey_id)
        .bind(municipality)
        .bind(item)
        .bind(v)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Sets the participant's status and provenance.
async fn set_status(
    tx: &mut Transaction<'_, Any>,
    survey_id: &str,
    municipality: &str,
    status: ResponseStatus,
    prov: &Provenance,
) -> Result<()> {
    let completed_at = (status == ResponseStatus::Complete).then_some(prov.at.as_str());
    sqlx::query(
        "UPDATE survey_participants SET status = $3, started_at = COALESCE(started_at, $4),
           completed_at = $5, source = $6, synthetic = $7
         WHERE survey_id = $1 AND municipality = $2",
    )
    .bind(survey_id)
    .bind(municipality)
    .bind(status.code())
    .bind(&prov.at)
    .bind(completed_at)
    .bind(&prov.source)
    .bind(prov.synthetic as i64)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
