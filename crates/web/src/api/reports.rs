//! API endpoints of the regional reports: read, write content, act, audit.
//! Reading and writing use one shape: the answers keyed by question code,
//! the measures as [`MeasureInput`]; the action names and the measure
//! statuses in the OpenAPI document are made from the domain's lists.

use axum::extract::{Path, State};
use axum::http::Method;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use uppsikt_domain::format;
use uppsikt_domain::measure::{MAX_TEXT_CHARS, MAX_TITLE_CHARS, MeasureField, MeasureInput, MeasureStatus};
use uppsikt_domain::report::{Action, ActionKind, Answers, MAX_ANSWER_CHARS, Question, ReportContent};
use uppsikt_store::{agreements, reports, validation};

use super::{Access, Endpoint, MAX_SAFE_INTEGER};
use crate::access::{now, open_report};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::extract::{Json, Query};
use crate::state::AppState;

/// The JSON schema of one measure as the API takes it and gives it back: a
/// measure read can be sent back as it is.
fn measure_schema() -> Value {
    let text = |max: usize| json!({"type": ["string", "null"], "maxLength": max});
    let mut props = serde_json::Map::new();
    props.insert(
        "number".into(),
        json!({"type": ["integer", "null"], "minimum": 1, "maximum": i32::MAX,
               "description": "the stored measure this one replaces; leave out for a new measure. \
               A number is never changed or given to another measure of the report"}),
    );
    for f in MeasureField::ALL {
        let schema = match f {
            MeasureField::Status => json!({"enum": MeasureStatus::ALL.map(|s| s.code())}),
            MeasureField::Cost | MeasureField::GrantFunded => json!({
                "type": ["integer", "string", "null"],
                "description": "whole kronor: a number, or text such as \"250 000\""
            }),
            MeasureField::Period => json!({"type": ["string", "null"], "description": "2019 or 2018-2019"}),
            MeasureField::Title => json!({"type": "string", "maxLength": MAX_TITLE_CHARS}),
            MeasureField::Description | MeasureField::Results | MeasureField::TargetGroup => text(MAX_TEXT_CHARS),
            MeasureField::Area => json!({"type": "string"}),
        };
        props.insert(f.code().to_string(), schema);
    }
    for read_only in ["earmark", "approx", "part_of", "source"] {
        props.insert(
            read_only.into(),
            json!({"readOnly": true, "description": "set by the agency; ignored when sent"}),
        );
    }
    json!({"type": "object", "required": ["title", "area", "status", "cost"], "properties": props,
           "additionalProperties": false})
}

/// The endpoints of this module.
pub fn endpoints() -> Vec<Endpoint> {
    let answers: serde_json::Map<String, Value> = Question::ALL
        .iter()
        .map(|q| {
            let schema = json!({"type": ["string", "null"], "maxLength": MAX_ANSWER_CHARS});
            (q.code().to_string(), schema)
        })
        .collect();
    let steps: Vec<&str> = ActionKind::STEPS.iter().map(|k| k.code()).collect();
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
            summary: "Reporting rates: expected, submitted, on time, approved (states as codes)",
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
            body: Some(json!({"type": "object", "additionalProperties": false, "properties": {
                "answers": {"type": "object", "properties": answers, "additionalProperties": false},
                "measures": {"type": "array", "items": measure_schema(), "maxItems": MAX_MEASURES_PER_REQUEST},
                "version": {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_SAFE_INTEGER,
                    "description": "the report's version this content was made from; \
                    a report changed since is refused with 409"}}})),
            handler: post(content),
        },
        Endpoint {
            method: Method::POST,
            path: "/api/v1/reports/{agreement}/{region}/actions",
            summary: "A review step of the workflow",
            access: Access::RegionOrAnalyst,
            body: Some(
                json!({"type": "object", "required": ["action"], "additionalProperties": false, "properties": {
                "action": {"enum": steps},
                "text": {"type": "string", "description": "comment, fact-check text or reason"},
                "version": {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_SAFE_INTEGER,
                    "description": "the report's version the step was decided on"}}}),
            ),
            handler: post(action),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/reports/{agreement}/{region}/audit",
            summary: "The report's audit trail, newest first, in pages (query: before, limit)",
            access: Access::RegionOrAnalyst,
            body: None,
            handler: get(audit),
        },
    ]
}

async fn list(State(state): State<AppState>, viewer: Viewer, Path(agreement): Path<String>) -> AppResult<Json<Value>> {
    let actor = viewer.require()?;
    let a = agreements::get(&state.store, &agreement).await?;
    let all: Vec<_> = reports::list(&state.store, &a.id)
        .await?
        .into_iter()
        .filter(|r| actor.reads_region(r.region))
        .collect();
    Ok(Json(json!(all)))
}

async fn rates(State(state): State<AppState>, viewer: Viewer, Path(agreement): Path<String>) -> AppResult<Json<Value>> {
    viewer.require_that(|p| p.reads_everything())?;
    let a = agreements::get(&state.store, &agreement).await?;
    Ok(Json(json!(reports::rates(&state.store, &a).await?)))
}

async fn one(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((agreement, region)): Path<(String, String)>,
) -> AppResult<Json<Value>> {
    let actor = viewer.require()?;
    let (a, r) = open_report(&state, &actor, &agreement, &region).await?;
    let report = reports::get(&state.store, &a.id, r).await?.ok_or(AppError::NotFound)?;
    let findings = validation::report_findings(&state.store, &a, r, &report.content).await?;
    Ok(Json(json!({"report": report, "findings": findings})))
}

/// The most measures one content call may carry: each call is one write
/// transaction, which must stay short so that no one caller holds up
/// everyone's writes. Larger reports come in through `uppsikt reports import`.
pub const MAX_MEASURES_PER_REQUEST: usize = 1_000;

/// Body of the content call.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContentBody {
    #[serde(default)]
    answers: Answers,
    #[serde(default)]
    measures: Vec<MeasureInput>,
    #[serde(default)]
    version: Option<i64>,
}

async fn content(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((agreement, region)): Path<(String, String)>,
    Json(body): Json<ContentBody>,
) -> AppResult<Json<Value>> {
    let actor = viewer.require()?;
    let (a, r) = open_report(&state, &actor, &agreement, &region).await?;
    if !actor.edits_region(r) {
        return Err(AppError::Forbidden);
    }
    if body.measures.len() > MAX_MEASURES_PER_REQUEST {
        return Err(AppError::Invalid(uppsikt_domain::tr!(
            reports.too_many_measures,
            max = format::int(MAX_MEASURES_PER_REQUEST as i64),
            count = format::int(body.measures.len() as i64)
        )));
    }
    let mut c = ReportContent::default();
    for q in Question::ALL {
        c.answers.set(q, body.answers.get(q).map(str::to_string));
    }
    let mut problems = Vec::new();
    for (i, m) in body.measures.iter().enumerate() {
        match m.parse(&a) {
            Ok(x) => c.measures.push(x),
            Err(errs) => problems.extend(errs.into_iter().map(|e| {
                uppsikt_domain::tr!(
                    reports.api_measure_problem,
                    n = i + 1,
                    field = e.field.code(),
                    problem = e.problem
                )
            })),
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems.join("\n")));
    }
    let saved = reports::save_content(&state.store, &actor, &now(), &a, r, c, body.version).await?;
    Ok(Json(json!({"report": saved.report, "findings": saved.findings})))
}

/// Body of the action call.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionBody {
    action: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    version: Option<i64>,
}

async fn action(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((agreement, region)): Path<(String, String)>,
    Json(body): Json<ActionBody>,
) -> AppResult<Json<Value>> {
    let actor = viewer.require()?;
    let (a, r) = open_report(&state, &actor, &agreement, &region).await?;
    let kind: ActionKind = body
        .action
        .parse()
        .map_err(|e: uppsikt_domain::report::UnknownAction| AppError::Invalid(e.to_string()))?;
    if !ActionKind::STEPS.contains(&kind) {
        return Err(AppError::Invalid(
            uppsikt_domain::report::UnknownAction(body.action).to_string(),
        ));
    }
    let saved = reports::act(
        &state.store,
        &actor,
        &now(),
        &a,
        r,
        Action::new(kind, &body.text),
        body.version,
    )
    .await?;
    Ok(Json(json!({"report": saved.report, "findings": saved.findings})))
}

/// Query of the audit call.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct AuditQuery {
    /// Only rows older than this row id.
    before: Option<i64>,
    /// Rows per page, 1–1000 (default 200).
    limit: Option<i64>,
}

async fn audit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((agreement, region)): Path<(String, String)>,
    Query(q): Query<AuditQuery>,
) -> AppResult<Json<Value>> {
    let actor = viewer.require()?;
    let (a, r) = open_report(&state, &actor, &agreement, &region).await?;
    let limit = q.limit.unwrap_or(200);
    if !(1..=1000).contains(&limit) {
        return Err(AppError::BadRequest(uppsikt_domain::tr!(errors.bad_limit, max = 1000)));
    }
    let page = reports::audit_page(&state.store, &a.id, Some(r), q.before, limit).await?;
    Ok(Json(json!(page)))
}
