//! Answering through an invitation token (what the web form needs): fetch the
//! questionnaire and saved answers, save midway, submit. Skip logic and codes
//! are checked here, on the server, whatever the form sent.

use sqlx::Row;
use uppsikt_domain::survey::{Answers, Completeness, Questionnaire, ResponseStatus};

use super::participants::token_digest;
use super::questionnaire_cache::QuestionnaireCache;
use super::write::{Provenance, claim_response, replace_answers};
use super::{SurveyState, now, questionnaire};
use crate::{Conflict, Entity, Error, Invalid, NotFound, Result, Store};

/// What a token opens: the questionnaire, whose it is and what is saved so far.
#[derive(Debug, Clone)]
pub struct TokenSession {
    /// The survey's id.
    pub survey_id: String,
    /// The municipality's code.
    pub municipality: String,
    /// Its name.
    pub municipality_name: String,
    /// Where its response stands.
    pub status: ResponseStatus,
    /// Whether the survey takes answers.
    pub state: SurveyState,
    /// The questionnaire.
    pub questionnaire: Questionnaire,
    /// The answers saved so far.
    pub answers: Answers,
    /// When the response was handed in (ISO-8601 UTC), once it is.
    pub completed_at: Option<String>,
}

fn unknown_token() -> Error {
    NotFound::new(Entity::SurveyToken, "").into()
}

/// The session of `token`, or `None` when no participant has it.
pub async fn fetch_by_token(store: &Store, token: &str) -> Result<Option<TokenSession>> {
    let row = sqlx::query(
        "SELECT p.survey_id, p.municipality, m.name, p.status, p.completed_at, s.state
         FROM survey_participants p
         JOIN municipalities m ON m.code = p.municipality
         JOIN surveys s ON s.id = p.survey_id
         WHERE p.token_hash = $1",
    )
    .bind(token_digest(token))
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
        state: row.try_get::<String, _>("state")?.parse()?,
        survey_id,
        municipality,
        municipality_name: row.try_get("name")?,
        status: row.try_get::<String, _>("status")?.parse()?,
        completed_at: row.try_get("completed_at")?,
        answers,
    }))
}

/// Saves the form as it stands (resumable): codes and skip logic are checked,
/// required questions may be open. Replaces what was saved before.
pub async fn save_partial(store: &Store, token: &str, answers: &Answers) -> Result<()> {
    answer_strictly(store, token, answers, Completeness::Partial).await
}

/// Submits the response: every shown required question must be answered,
/// and a question hidden by skip logic (q2a unless q2 = nej) must not be.
pub async fn submit(store: &Store, token: &str, answers: &Answers) -> Result<()> {
    answer_strictly(store, token, answers, Completeness::Complete).await
}

/// [`answer`] without a cache, refusing hidden answers.
async fn answer_strictly(store: &Store, token: &str, answers: &Answers, completeness: Completeness) -> Result<()> {
    let cache = QuestionnaireCache::default();
    answer(
        store,
        &cache,
        token,
        answers.clone(),
        completeness,
        HiddenAnswers::Refuse,
    )
    .await?;
    Ok(())
}

/// What [`answer`] does with answers to questions the skip logic hides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HiddenAnswers {
    /// Drops them: a web form still sends what was chosen before a question
    /// was hidden by a later choice.
    Drop,
    /// Refuses them as invalid.
    Refuse,
}

/// Stores `answers` through `token` as a partial or complete response and
/// returns them as stored. The questionnaire comes from `cache` (read in the
/// transaction the first time).
///
/// This is the path 290 municipalities hit at once when a survey closes, so it
/// is one transaction of three statements: a guarded status update that finds
/// the token's survey, checks that it is open and the response not complete,
/// and claims the response (so two racing submissions cannot both win: on
/// PostgreSQL the second waits for the row lock and then finds the response
/// complete); then the answers replaced. Only when the update claims nothing
/// is the participant read, to say why.
pub async fn answer(
    store: &Store,
    cache: &QuestionnaireCache,
    token: &str,
    answers: Answers,
    completeness: Completeness,
    hidden: HiddenAnswers,
) -> Result<Answers> {
    let status = match completeness {
        Completeness::Partial => ResponseStatus::Partial,
        Completeness::Complete => ResponseStatus::Complete,
    };
    let prov = Provenance {
        source: "webb".into(),
        synthetic: false,
        at: now(),
    };
    let digest = token_digest(token);
    let mut tx = store.pool().begin().await?;
    let Some((survey_id, municipality)) = claim_response(&mut tx, &digest, status, &prov).await? else {
        // SQLite's pool has one connection: give it back before reading why.
        drop(tx);
        return Err(why_unclaimed(store, &digest).await);
    };
    let q = cache.get_in(&mut tx, &survey_id).await?;
    let answers = match hidden {
        HiddenAnswers::Drop => q.prune_hidden(answers),
        HiddenAnswers::Refuse => answers,
    };
    let problems = q.validate(&answers, completeness);
    if !problems.is_empty() {
        return Err(Invalid::Answers(problems).into());
    }
    replace_answers(&mut tx, &survey_id, &municipality, &answers, &prov.at).await?;
    tx.commit().await?;
    Ok(answers)
}

/// Why [`claim_response`] claimed nothing: the token is unknown, the survey
/// takes no answers or the response is already complete.
async fn why_unclaimed(store: &Store, digest: &str) -> Error {
    let state: Option<String> = match sqlx::query_scalar(
        "SELECT s.state FROM survey_participants p JOIN surveys s ON s.id = p.survey_id
         WHERE p.token_hash = $1",
    )
    .bind(digest)
    .fetch_optional(store.pool())
    .await
    {
        Ok(state) => state,
        Err(e) => return e.into(),
    };
    let Some(state) = state else {
        return unknown_token();
    };
    match state.parse::<SurveyState>() {
        Ok(SurveyState::Open) => {
            // Open and the token's, so the guard failed on the status: the
            // response is complete (possibly by a submission racing this one).
            Conflict::ResponseComplete.into()
        }
        Ok(state) => Conflict::SurveyNotOpen(state).into(),
        Err(e) => e.into(),
    }
}
