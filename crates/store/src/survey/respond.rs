//! Answering through an invitation token (what the web form needs): fetch the
//! questionnaire and saved answers, save midway, submit. Skip logic and codes
//! are checked here, on the server, whatever the form sent.

use sqlx::Row;
use uppsikt_domain::survey::{AnswerProblem, Answers, Completeness, Questionnaire};

use super::write::{Provenance, replace_answers};
use super::{SurveyState, now, questionnaire};
use crate::Store;

/// What a token opens: the questionnaire, whose it is and what is saved so far.
#[derive(Debug, Clone)]
pub struct TokenSession {
    pub survey_id: String,
    pub municipality: String,
    pub municipality_name: String,
    /// `invited`, `partial` or `complete`.
    pub status: String,
    pub state: SurveyState,
    pub questionnaire: Questionnaire,
    pub answers: Answers,
}

/// Why answers through a token were refused.
#[derive(Debug, thiserror::Error)]
pub enum RespondError {
    #[error("unknown invitation token")]
    UnknownToken,
    #[error("the survey is {} and takes no answers", .0.label_sv())]
    NotOpen(SurveyState),
    #[error("the response is already submitted")]
    AlreadyComplete,
    #[error("the answers have problems: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<AnswerProblem>),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// The session of `token`, or `None` when no participant has it.
pub async fn fetch_by_token(store: &Store, token: &str) -> anyhow::Result<Option<TokenSession>> {
    let row = sqlx::query(
        "SELECT p.survey_id, p.municipality, m.name, p.status, s.state
         FROM survey_participants p
         JOIN municipalities m ON m.code = p.municipality
         JOIN surveys s ON s.id = p.survey_id
         WHERE p.token = $1",
    )
    .bind(token)
    .fetch_optional(store.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let survey_id: String = row.try_get("survey_id")?;
    let municipality: String = row.try_get("municipality")?;
    let rows = sqlx::query("SELECT item_id, value FROM survey_answers WHERE survey_id = $1 AND municipality = $2")
        .bind(&survey_id)
        .bind(&municipality)
        .fetch_all(store.pool())
        .await?;
    let answers = rows
        .iter()
        .map(|r| Ok((r.try_get("item_id")?, r.try_get("value")?)))
        .collect::<sqlx::Result<Answers>>()?;
    Ok(Some(TokenSession {
        questionnaire: questionnaire(store, &survey_id).await?,
        state: super::SurveyState::parse(&row.try_get::<String, _>("state")?)?,
        survey_id,
        municipality,
        municipality_name: row.try_get("name")?,
        status: row.try_get("status")?,
        answers,
    }))
}

/// Saves the form as it stands (resumable): codes and skip logic are checked,
/// required questions may be open. Replaces what was saved before.
pub async fn save_partial(store: &Store, token: &str, answers: &Answers) -> Result<(), RespondError> {
    store_answers(store, token, answers, Completeness::Partial).await
}

/// Submits the response: every shown required question must be answered,
/// and a question hidden by skip logic (q2a unless q2 = nej) must not be.
pub async fn submit(store: &Store, token: &str, answers: &Answers) -> Result<(), RespondError> {
    store_answers(store, token, answers, Completeness::Complete).await
}

async fn store_answers(
    store: &Store,
    token: &str,
    answers: &Answers,
    completeness: Completeness,
) -> Result<(), RespondError> {
    let session = fetch_by_token(store, token).await?.ok_or(RespondError::UnknownToken)?;
    if session.state != SurveyState::Open {
        return Err(RespondError::NotOpen(session.state));
    }
    if session.status == "complete" {
        return Err(RespondError::AlreadyComplete);
    }
    let problems = session.questionnaire.validate(answers, completeness);
    if !problems.is_empty() {
        return Err(RespondError::Invalid(problems));
    }
    let status = match completeness {
        Completeness::Partial => "partial",
        Completeness::Complete => "complete",
    };
    let prov = Provenance {
        source: "webb".into(),
        synthetic: false,
        at: now(),
    };
    let mut tx = store.pool().begin().await?;
    replace_answers(
        &mut tx,
        &session.survey_id,
        &session.municipality,
        answers,
        status,
        &prov,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
