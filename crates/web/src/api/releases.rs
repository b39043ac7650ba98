//! API endpoints of indicator releases: the public reads every release, its
//! cells and the revisions; only analysts publish.

use axum::extract::{Path, State};
use axum::http::Method;
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uppsikt_domain::tr;
use uppsikt_store::indicators::releases::{self, Release, Revision};
use uppsikt_store::indicators::{CellSource, IndicatorCell};

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

async fn list(State(state): State<AppState>) -> AppResult<Json<Vec<Release>>> {
    Ok(Json(releases::releases(&state.store).await?))
}

/// A release and its cells.
#[derive(Debug, Serialize)]
struct ReleaseOut {
    release: Release,
    cells: Vec<IndicatorCell>,
}

async fn one(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Json<ReleaseOut>> {
    let id = release_id(&id)?;
    Ok(Json(ReleaseOut {
        release: releases::release(&state.store, id).await?,
        cells: releases::release_cells(&state.store, id).await?,
    }))
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
}

async fn revisions(State(state): State<AppState>, Query(q): Query<RevisionQuery>) -> AppResult<Json<Vec<Revision>>> {
    let release = q
        .release
        .as_deref()
        .filter(|r| !r.is_empty())
        .map(release_id)
        .transpose()?;
    let indicator = q.indicator.as_deref().filter(|i| !i.is_empty());
    Ok(Json(releases::revisions(&state.store, release, indicator).await?))
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
