//! API endpoints of the municipal survey: answering by token, results for analysts.

use axum::extract::{Path, State};
use axum::http::Method;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use uppsikt_domain::survey::{Answers, Completeness};
use uppsikt_store::survey;

use super::{Access, Endpoint};
use crate::access::survey_session;
use crate::auth::Viewer;
use crate::error::AppResult;
use crate::extract::Json;
use crate::state::AppState;

/// The endpoints of this module.
pub fn endpoints() -> Vec<Endpoint> {
    let answers = json!({"type": "object", "required": ["answers"], "additionalProperties": false, "properties": {
        "answers": {"type": "object", "additionalProperties": {"type": "string"},
                    "description": "item id → answer code (or text for free-text items)"}}});
    vec![
        Endpoint {
            method: Method::GET,
            path: "/api/v1/survey/{token}",
            summary: "The questionnaire, the municipality and the answers saved so far",
            access: Access::SurveyToken,
            body: None,
            handler: get(fetch),
        },
        Endpoint {
            method: Method::POST,
            path: "/api/v1/survey/{token}/save",
            summary: "Save answers midway (resumable); answers hidden by skip logic are dropped",
            access: Access::SurveyToken,
            body: Some(answers.clone()),
            handler: post(save),
        },
        Endpoint {
            method: Method::POST,
            path: "/api/v1/survey/{token}/submit",
            summary: "Submit the response; every shown required question must be answered",
            access: Access::SurveyToken,
            body: Some(answers),
            handler: post(submit),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/surveys/{id}/status",
            summary: "Invited, partial, responded, response rate",
            access: Access::Analyst,
            body: None,
            handler: get(status),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/surveys/{id}/results",
            summary: "Counts per item and answer code",
            access: Access::Analyst,
            body: None,
            handler: get(results),
        },
    ]
}

async fn fetch(State(state): State<AppState>, Path(token): Path<String>) -> AppResult<Json<Value>> {
    let s = survey_session(&state, &token).await?;
    Ok(Json(json!({
        "survey": s.survey_id, "municipality": s.municipality, "municipality_name": s.municipality_name,
        "status": s.status, "state": s.state, "questionnaire": s.questionnaire, "answers": s.answers
    })))
}

/// Body of save and submit.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswersBody {
    answers: Answers,
}

async fn store(state: &AppState, token: &str, body: AnswersBody, complete: bool) -> AppResult<Json<Value>> {
    let completeness = if complete {
        Completeness::Complete
    } else {
        Completeness::Partial
    };
    let answers = survey::answer(
        &state.store,
        &state.questionnaires,
        token,
        body.answers,
        completeness,
        survey::HiddenAnswers::Drop,
    )
    .await?;
    Ok(Json(
        json!({"status": if complete { "complete" } else { "partial" }, "answers": answers}),
    ))
}

async fn save(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Json(b): Json<AnswersBody>,
) -> AppResult<Json<Value>> {
    store(&state, &token, b, false).await
}

async fn submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Json(b): Json<AnswersBody>,
) -> AppResult<Json<Value>> {
    store(&state, &token, b, true).await
}

async fn status(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> AppResult<Json<Value>> {
    viewer.require_that(|p| p.reads_everything())?;
    Ok(Json(json!(survey::status(&state.store, &id).await?)))
}

async fn results(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> AppResult<Json<Value>> {
    viewer.require_that(|p| p.reads_everything())?;
    survey::questionnaire(&state.store, &id).await?;
    Ok(Json(json!(survey::results(&state.store, &id).await?)))
}
