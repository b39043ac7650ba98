//! API endpoints of the regional reports: read, write content, act, audit.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use uppsikt_domain::report::{Question, ReportContent};
use uppsikt_store::agreements;
use uppsikt_store::reports::{self as store_reports, checks};

use super::{Access, Endpoint};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::report_editor::{MeasureForm, parse_action};
use crate::reports::{actor, open, refusal};
use crate::state::AppState;

/// The endpoints of this module.
pub fn endpoints() -> Vec<Endpoint> {
    let measure = json!({"type": "object", "required": ["title", "area", "status", "cost"], "properties": {
        "title": {"type": "string"}, "description": {"type": "string"}, "area": {"type": "string"},
        "status": {"enum": ["planerad", "pilot", "breddinforande", "inford"]},
        "cost": {"type": "string", "description": "whole kronor, e.g. \"250000\" or \"250 000\""},
        "grant_funded": {"type": "string"}, "period": {"type": "string", "description": "2019 or 2018-2019"},
        "results": {"type": "string"}, "target_group": {"type": "string"}}});
    let answers: serde_json::Map<String, Value> = Question::ALL
        .iter()
        .map(|q| (q.key().to_string(), json!({"type": "string"})))
        .collect();
    vec![
        Endpoint {
            method: Method::GET,
            path: "/api/v1/reports/{agreement}",
            summary: "Reports under an agreement (a region user gets its own)",
            access: Access::SignedIn,
            body: None,
            handler: get(list),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/reports/{agreement}/rates",
            summary: "Reporting rates: expected, submitted, on time, approved",
            access: Access::Analyst,
            body: None,
            handler: get(rates),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/reports/{agreement}/{region}",
            summary: "One report with its validation findings",
            access: Access::RegionOrAnalyst,
            body: None,
            handler: get(one),
        },
        Endpoint {
            method: Method::POST,
            path: "/api/v1/reports/{agreement}/{region}/content",
            summary: "Replace the answers and measures of a draft or returned report",
            access: Access::RegionOwn,
            body: Some(json!({"type": "object", "properties": {
                "answers": {"type": "object", "properties": answers},
                "measures": {"type": "array", "items": measure}}})),
            handler: post(content),
        },
        Endpoint {
            method: Method::POST,
            path: "/api/v1/reports/{agreement}/{region}/actions",
            summary: "Workflow action: submit, return, approve, send_for_fact_check, confirm_fact_check, publish, unlock",
            access: Access::RegionOrAnalyst,
            body: Some(json!({"type": "object", "required": ["action"], "properties": {
                "action": {"enum": ["submit", "return", "approve", "send_for_fact_check", "confirm_fact_check", "publish", "unlock"]},
                "text": {"type": "string", "description": "comment, fact-check text or reason"}}})),
            handler: post(action),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/reports/{agreement}/{region}/audit",
            summary: "The report's audit trail",
            access: Access::RegionOrAnalyst,
            body: None,
            handler: get(audit),
        },
    ]
}

async fn list(State(state): State<AppState>, viewer: Viewer, Path(agreement): Path<String>) -> AppResult<Json<Value>> {
    let p = viewer.require()?;
    let a = agreements::get(&state.store, &agreement)
        .await
        .map_err(|_| AppError::NotFound)?;
    let all: Vec<_> = store_reports::list(&state.store, &a.id)
        .await?
        .into_iter()
        .filter(|r| p.reads_region(r.region))
        .collect();
    Ok(Json(serde_json::to_value(all).map_err(anyhow::Error::from)?))
}

async fn rates(State(state): State<AppState>, viewer: Viewer, Path(agreement): Path<String>) -> AppResult<Json<Value>> {
    viewer.require_that(|p| p.reads_everything())?;
    let a = agreements::get(&state.store, &agreement)
        .await
        .map_err(|_| AppError::NotFound)?;
    Ok(Json(
        serde_json::to_value(store_reports::rates(&state.store, &a).await?).map_err(anyhow::Error::from)?,
    ))
}

async fn one(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((agreement, region)): Path<(String, String)>,
) -> AppResult<Json<Value>> {
    let p = viewer.require()?;
    let (a, r) = open(&state, &p, &agreement, &region).await?;
    let report = store_reports::get(&state.store, &a.id, r)
        .await?
        .ok_or(AppError::NotFound)?;
    let findings = checks::findings(&state.store, &a, r, &report.content).await?;
    Ok(Json(json!({"report": report, "findings": findings})))
}

/// Body of the content call.
#[derive(Deserialize)]
struct ContentBody {
    #[serde(default)]
    answers: std::collections::HashMap<String, String>,
    #[serde(default)]
    measures: Vec<MeasureJson>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MeasureJson {
    title: String,
    description: String,
    area: String,
    status: String,
    cost: String,
    grant_funded: String,
    period: String,
    results: String,
    target_group: String,
}

async fn content(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((agreement, region)): Path<(String, String)>,
    Json(body): Json<ContentBody>,
) -> AppResult<Json<Value>> {
    let p = viewer.require()?;
    let (a, r) = open(&state, &p, &agreement, &region).await?;
    if !p.edits_region(r) {
        return Err(AppError::Forbidden);
    }
    let mut c = ReportContent::default();
    for q in Question::ALL {
        c.answers.set(
            q,
            body.answers
                .get(q.key())
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
        );
    }
    let mut problems = Vec::new();
    for (i, m) in body.measures.into_iter().enumerate() {
        let form = MeasureForm {
            title: m.title,
            description: m.description,
            area: m.area,
            status: m.status,
            cost: m.cost,
            grant_funded: m.grant_funded,
            period: m.period,
            results: m.results,
            target_group: m.target_group,
        };
        match form.input().parse(&a) {
            Ok(x) => c.measures.push(x),
            Err(errs) => problems.extend(
                errs.into_iter()
                    .map(|e| format!("insats {}: {}: {}", i + 1, e.field.heading_sv(), e.problem)),
            ),
        }
    }
    if !problems.is_empty() {
        return Err(AppError::BadRequest(problems.join("; ")));
    }
    let saved = store_reports::save_content(&state.store, &actor(&p), &a, r, c)
        .await
        .map_err(refusal)?;
    Ok(Json(json!({"report": saved.report, "findings": saved.findings})))
}

/// Body of the action call.
#[derive(Deserialize)]
struct ActionBody {
    action: String,
    #[serde(default)]
    text: String,
}

async fn action(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((agreement, region)): Path<(String, String)>,
    Json(body): Json<ActionBody>,
) -> AppResult<Json<Value>> {
    let p = viewer.require()?;
    let (a, r) = open(&state, &p, &agreement, &region).await?;
    let action = parse_action(&body.action, &body.text)?;
    if store_reports::get(&state.store, &a.id, r).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let saved = store_reports::act(&state.store, &actor(&p), &a, r, action)
        .await
        .map_err(refusal)?;
    Ok(Json(json!({"report": saved.report, "findings": saved.findings})))
}

async fn audit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((agreement, region)): Path<(String, String)>,
) -> AppResult<Json<Value>> {
    let p = viewer.require()?;
    let (a, r) = open(&state, &p, &agreement, &region).await?;
    let entries = store_reports::audit(&state.store, &a.id, Some(r)).await?;
    Ok(Json(serde_json::to_value(entries).map_err(anyhow::Error::from)?))
}
