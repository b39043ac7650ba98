//! Surveys of the municipalities: questionnaires, invitations, responses, results.
//!
//! The questionnaire is stored both as its definition (for the web form) and
//! as one row per answerable item and answer code (for SQL over responses).
//! Responses are long: one `survey_answers` row per municipality × item,
//! never one wide table per survey. The participant table holds one secret
//! token per municipality and its status (`invited` → `partial` →
//! `complete`), and says where each response came from and whether it is
//! synthetic (a reconstruction).

mod definition;
mod import;
mod participants;
pub mod reconstruction;
mod respond;
mod results;
mod write;

use std::fmt;

pub use definition::{BUILTIN, builtin_questionnaires, load_builtin, questionnaire, upsert_questionnaire};
pub use import::{ImportSummary, MUNICIPALITY_COLUMN, import_csv, import_csv_as};
pub use participants::{Invitation, Pending, SurveyStatus, invite, mark_reminded, pending, status};
pub use respond::{RespondError, TokenSession, answer, fetch_by_token, save_partial, submit};
pub use results::{FreeTextAnswer, RegionCount, ResponseRow, free_text, responses, results, results_by_region};
pub use write::Provenance;

use sqlx::Row;

use crate::Store;

/// Whether respondents can answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveyState {
    /// Defined, not yet opened.
    Draft,
    Open,
    Closed,
}

impl SurveyState {
    pub fn as_str(&self) -> &'static str {
        match self {
            SurveyState::Draft => "draft",
            SurveyState::Open => "open",
            SurveyState::Closed => "closed",
        }
    }

    /// Swedish label for displays.
    pub fn label_sv(&self) -> &'static str {
        match self {
            SurveyState::Draft => "ej öppnad",
            SurveyState::Open => "öppen",
            SurveyState::Closed => "stängd",
        }
    }

    fn parse(s: &str) -> anyhow::Result<SurveyState> {
        match s {
            "draft" => Ok(SurveyState::Draft),
            "open" => Ok(SurveyState::Open),
            "closed" => Ok(SurveyState::Closed),
            other => anyhow::bail!("unknown survey state '{other}' in the database"),
        }
    }
}

impl fmt::Display for SurveyState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The current time as ISO-8601 UTC text, as timestamps are stored.
pub fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The survey's state and when it was opened and closed.
pub async fn state(store: &Store, survey_id: &str) -> anyhow::Result<(SurveyState, Option<String>, Option<String>)> {
    let row = sqlx::query("SELECT state, opened_at, closed_at FROM surveys WHERE id = $1")
        .bind(survey_id)
        .fetch_optional(store.pool())
        .await?;
    let Some(row) = row else {
        return Err(unknown_survey(store, survey_id).await);
    };
    Ok((
        SurveyState::parse(&row.try_get::<String, _>("state")?)?,
        row.try_get("opened_at")?,
        row.try_get("closed_at")?,
    ))
}

/// Opens the survey for answers. Reopening a closed survey is allowed (a
/// deadline extended); opening an open one is an error.
pub async fn open(store: &Store, survey_id: &str) -> anyhow::Result<()> {
    let (state, _, _) = self::state(store, survey_id).await?;
    if state == SurveyState::Open {
        anyhow::bail!("survey {survey_id} is already open");
    }
    sqlx::query(
        "UPDATE surveys SET state = 'open', opened_at = COALESCE(opened_at, $2), closed_at = NULL WHERE id = $1",
    )
    .bind(survey_id)
    .bind(now())
    .execute(store.pool())
    .await?;
    Ok(())
}

/// Closes the survey: no more answers through tokens (imports still work).
pub async fn close(store: &Store, survey_id: &str) -> anyhow::Result<()> {
    let (state, _, _) = self::state(store, survey_id).await?;
    if state != SurveyState::Open {
        anyhow::bail!("survey {survey_id} is not open (it is {state})");
    }
    sqlx::query("UPDATE surveys SET state = 'closed', closed_at = $2 WHERE id = $1")
        .bind(survey_id)
        .bind(now())
        .execute(store.pool())
        .await?;
    Ok(())
}

/// An error naming the surveys that do exist.
async fn unknown_survey(store: &Store, survey_id: &str) -> anyhow::Error {
    let known: Vec<String> = match sqlx::query("SELECT id FROM surveys ORDER BY id")
        .fetch_all(store.pool())
        .await
    {
        Ok(rows) => rows.iter().filter_map(|r| r.try_get("id").ok()).collect(),
        Err(e) => return e.into(),
    };
    if known.is_empty() {
        anyhow::anyhow!("unknown survey '{survey_id}': no surveys loaded (run `uppsikt init`)")
    } else {
        anyhow::anyhow!("unknown survey '{survey_id}' (known: {})", known.join(", "))
    }
}
