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
pub mod export;
mod import;
mod participants;
pub mod population;
mod questionnaire_cache;
pub mod reconstruction;
mod respond;
mod results;
mod write;

pub use definition::{BUILTIN, builtin_questionnaires, install, load_builtin, questionnaire, upsert_questionnaire};
pub use import::{ImportSummary, MUNICIPALITY_COLUMN, import_csv, import_csv_as, parse_responses};
pub use participants::{
    Invitation, Pending, SurveyStatus, digest_clear_tokens, invite, mark_reminded, new_link, pending, status,
};
pub use population::{PopulationChoice, population, set_population};
pub use questionnaire_cache::QuestionnaireCache;
pub use respond::{HiddenAnswers, TokenSession, answer, fetch_by_token, save_partial, submit};
pub use results::{FreeTextAnswer, RegionCount, ResponseRow, free_text, responses, results, results_by_region};
pub use write::Provenance;

use serde::Serialize;
use sqlx::Row;
pub use uppsikt_domain::survey::{ResponseStatus, SurveyState};
use uppsikt_domain::tr;

use crate::{Entity, Error, NotFound, Result, Store};

/// The current time as ISO-8601 UTC text, as timestamps are stored.
pub fn now() -> String {
    crate::users::now_iso()
}

/// A stored survey, for listings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SurveySummary {
    /// The survey's id, e.g. `kommunenkat-2019`.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The year it was sent.
    pub year: i32,
    /// Whether it takes answers.
    pub state: SurveyState,
}

/// Every stored survey, newest year first.
pub async fn list(store: &Store) -> Result<Vec<SurveySummary>> {
    let rows = sqlx::query("SELECT id, title, year, state FROM surveys ORDER BY year DESC, id")
        .fetch_all(store.pool())
        .await?;
    rows.iter()
        .map(|r| {
            Ok(SurveySummary {
                id: r.try_get("id")?,
                title: r.try_get("title")?,
                year: r.try_get::<i64, _>("year")? as i32,
                state: parse_state(&r.try_get::<String, _>("state")?)?,
            })
        })
        .collect()
}

fn parse_state(s: &str) -> Result<SurveyState> {
    Ok(s.parse()?)
}

/// The survey's state and when it was opened and closed.
pub async fn state(store: &Store, survey_id: &str) -> Result<(SurveyState, Option<String>, Option<String>)> {
    let row = sqlx::query("SELECT state, opened_at, closed_at FROM surveys WHERE id = $1")
        .bind(survey_id)
        .fetch_optional(store.pool())
        .await?;
    let Some(row) = row else {
        return Err(unknown_survey(store, survey_id).await);
    };
    Ok((
        parse_state(&row.try_get::<String, _>("state")?)?,
        row.try_get("opened_at")?,
        row.try_get("closed_at")?,
    ))
}

/// Opens the survey for answers. Reopening a closed survey is allowed (a
/// deadline extended); opening an open one is an error.
pub async fn open(store: &Store, survey_id: &str) -> Result<()> {
    let (state, _, _) = state(store, survey_id).await?;
    if state == SurveyState::Open {
        return Err(Error::state(tr!(store.survey_already_open, id = survey_id)));
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
pub async fn close(store: &Store, survey_id: &str) -> Result<()> {
    let (state, _, _) = state(store, survey_id).await?;
    if state != SurveyState::Open {
        return Err(Error::state(tr!(
            store.survey_not_open,
            id = survey_id,
            state = state.label_sv()
        )));
    }
    sqlx::query("UPDATE surveys SET state = 'closed', closed_at = $2 WHERE id = $1")
        .bind(survey_id)
        .bind(now())
        .execute(store.pool())
        .await?;
    Ok(())
}

/// [`NotFound`] naming the surveys that do exist.
async fn unknown_survey(store: &Store, survey_id: &str) -> Error {
    let known = match sqlx::query_scalar::<_, String>("SELECT id FROM surveys ORDER BY id")
        .fetch_all(store.pool())
        .await
    {
        Ok(ids) => ids,
        Err(e) => return e.into(),
    };
    NotFound {
        what: Entity::Survey,
        key: survey_id.to_string(),
        known,
    }
    .into()
}
