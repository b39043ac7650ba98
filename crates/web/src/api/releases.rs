//! API endpoints of indicator releases: the public reads every release, its
//! cells and the revisions; only analysts publish.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uppsikt_domain::tr;
use uppsikt_store::indicators::releases::{self, Release, Revision};
use uppsikt_store::indicators::{CellSource, IndicatorCell};

use super::paging::{PageQuery, Paging};
use super::{Access, Endpoint};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::extract::{Json, Query};
use crate::state::AppState;

/// The endpoints of this module.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint {
            method: Method::GET,
            path: "/api/v1/indicators/releases",
            summary: "Every indicator release, newest first: who published it and when, the source, \
                      the input's SHA-256, the engine and definitions versions, cells and revised values",
            access: Access::Public,
            body: None,
            handler: get(list),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/indicators/releases/{id}",
            summary: "One release with the cells it published, as it published them (suppressed cells without numbers)",
            access: Access::Public,
            body: None,
            handler: get(one),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/indicators/revisions",
            summary: "Published values a later release changed, old → new, with who and when \
                      (query: release, indicator)",
            access: Access::Public,
            body: None,
            handler: get(revisions),
        },
        Endpoint {
            method: Method::POST,
            path: "/api/v1/indicators/releases",
            summary: "Publish cells as a release (analytiker): the CSV in the register-data contract's columns, \
                      checked row by row, all or nothing",
            access: Access::Analyst,
            body: Some(json!({"type": "object", "required": ["source", "csv"], "properties": {
                "source": {"type": "string", "minLength": 1},
                "synthetic": {"type": "boolean"},
                "file_name": {"type": ["string", "null"]},
                "csv": {"type": "string", "minLength": 1}},
                "additionalProperties": false})),
            handler: post(publish),
        },
    ]
}

async fn list(
    State(state): State<AppState>,
    uri: Uri,
    Query(q): Query<PageQuery>,
) -> AppResult<(HeaderMap, Json<Vec<Release>>)> {
    let paging = q.paging()?;
    let (page, total) = paging.cut(releases::releases(&state.store).await?);
    Ok((paging.headers(&uri, total), Json(page)))
}

/// A release and its cells.
#[derive(Debug, Serialize)]
struct ReleaseOut {
    release: Release,
    cells: Vec<IndicatorCell>,
}

/// The release and one page of its cells; the headers count the cells.
async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
    uri: Uri,
    Query(q): Query<PageQuery>,
) -> AppResult<(HeaderMap, Json<ReleaseOut>)> {
    let id = release_id(&id)?;
    let paging = q.paging()?;
    let release = releases::release(&state.store, id).await?;
    let (cells, total) = paging.cut(releases::release_cells(&state.store, id).await?);
    Ok((paging.headers(&uri, total), Json(ReleaseOut { release, cells })))
}

fn release_id(text: &str) -> AppResult<i64> {
    text.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| AppError::BadRequest(tr!(errors.bad_release, value = text)))
}

/// The revisions' query.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RevisionQuery {
    #[serde(default)]
    release: Option<String>,
    #[serde(default)]
    indicator: Option<String>,
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    per_page: Option<String>,
}

async fn revisions(
    State(state): State<AppState>,
    uri: Uri,
    Query(q): Query<RevisionQuery>,
) -> AppResult<(HeaderMap, Json<Vec<Revision>>)> {
    let paging = Paging::parse(q.page.as_deref(), q.per_page.as_deref())?;
    let release = q.release.as_deref().map(release_id).transpose()?;
    let indicator = q.indicator.as_deref().filter(|i| !i.is_empty());
    let (page, total) = paging.cut(releases::revisions(&state.store, release, indicator).await?);
    Ok((paging.headers(&uri, total), Json(page)))
}

/// A release to publish.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PublishBody {
    source: String,
    #[serde(default)]
    synthetic: bool,
    #[serde(default)]
    file_name: Option<String>,
    csv: String,
}

async fn publish(
    State(state): State<AppState>,
    viewer: Viewer,
    Json(b): Json<PublishBody>,
) -> AppResult<Json<Release>> {
    let actor = viewer.require_that(|a| a.publishes_indicators())?;
    let source = b.source.trim();
    if source.is_empty() {
        return Err(AppError::Invalid(tr!(release.source_needed)));
    }
    let file = b
        .file_name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "csv".to_string());
    let source = CellSource {
        synthetic: b.synthetic,
        description: source.to_string(),
    };
    Ok(Json(
        releases::publish_file(&state.store, &actor.name, source, &file, b.csv.as_bytes()).await?,
    ))
}
