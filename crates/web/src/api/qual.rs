//! API endpoints of the qualitative follow-up: documents, search, codebook,
//! codings and the code × region matrix. Who reads which document is the
//! domain's rule ([`uppsikt_domain::Actor::reads_document`]); search results
//! have the contract's shape (`qual search --format json`).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uppsikt_domain::qual::{Code, Coding, MatrixRow};
use uppsikt_store::qual::{DocumentSummary, analysis, codebook, codings, documents};

use super::paging::PageQuery;
use super::{Access, Endpoint};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::extract::{Json, Query};
use crate::qual_access::{CodingForm, SearchParams, add, run, scope};
use crate::state::AppState;

/// The endpoints of this module.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint {
            method: Method::GET,
            path: "/api/v1/qual/documents",
            summary: "Qualitative documents without their texts (a region user gets its own reports' narratives)",
            access: Access::RegionOrAnalyst,
            body: None,
            handler: get(list),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/qual/documents/{id}",
            summary: "One document: metadata, text (positions count Unicode scalar values) and codings",
            access: Access::RegionOrAnalyst,
            body: None,
            handler: get(one),
        },
        Endpoint {
            method: Method::POST,
            path: "/api/v1/qual/documents/{id}/codings",
            summary: "Code a span of the document with a code; the coder is the caller",
            access: Access::Analyst,
            body: Some(
                json!({"type": "object", "required": ["code_id", "start", "end"], "properties": {
                "code_id": {"type": "string"}, "start": {"type": "integer", "minimum": 0, "maximum": u32::MAX},
                "end": {"type": "integer", "minimum": 1, "maximum": u32::MAX}, "memo": {"type": "string"}},
                "additionalProperties": false}),
            ),
            handler: post(code),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/qual/search",
            summary: "Swedish full-text search (query: q, region, typ, overenskommelse, kod, limit): \
                      [{doc_id, title, score, snippets}] best first, matches in <mark>",
            access: Access::RegionOrAnalyst,
            body: None,
            handler: get(search),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/qual/codebook",
            summary: "The codebook: code_id, parent_id, name, description, color, indicators (;-separated)",
            access: Access::RegionOrAnalyst,
            body: None,
            handler: get(codes),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/qual/matrix",
            summary: "The code × region matrix: documents and codings per code and region (sub-codes included)",
            access: Access::Analyst,
            body: None,
            handler: get(matrix),
        },
    ]
}

async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    uri: Uri,
    Query(q): Query<PageQuery>,
) -> AppResult<(HeaderMap, Json<Vec<DocumentSummary>>)> {
    let actor = viewer.require()?;
    let paging = q.paging()?;
    uppsikt_store::qual::narratives::sync(&state.store).await?;
    let forced = scope(&actor)?;
    let all = documents::list(&state.store, forced.map(|(r, _)| r)).await?;
    let visible = all
        .into_iter()
        .filter(|d| forced.is_none_or(|(_, k)| d.kind == k.code()))
        .collect();
    let (page, total) = paging.cut(visible);
    Ok((paging.headers(&uri, total), Json(page)))
}

/// A document as the API gives it.
#[derive(Debug, Serialize)]
struct DocumentOut {
    doc_id: String,
    title: String,
    kind: &'static str,
    region: Option<String>,
    municipality: Option<String>,
    agreement: Option<String>,
    date: Option<String>,
    participants: Option<String>,
    source: Option<String>,
    length: u32,
    text: String,
    codings: Vec<Coding>,
}

async fn one(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> AppResult<Json<DocumentOut>> {
    let actor = viewer.require()?;
    uppsikt_store::qual::narratives::sync(&state.store).await?;
    let doc = documents::get(&state.store, &id).await?;
    let d = doc.input;
    if !actor.reads_document(d.kind, d.region) {
        return Err(AppError::Forbidden);
    }
    let all = codings::of_document(&state.store, &id).await?;
    Ok(Json(DocumentOut {
        doc_id: d.doc_id,
        title: d.title,
        kind: d.kind.code(),
        region: d.region.map(|r| r.as_str().to_string()),
        municipality: d.municipality.map(|m| m.as_str().to_string()),
        agreement: d.agreement,
        date: d.date,
        participants: d.participants,
        source: d.source,
        length: doc.length,
        text: d.text,
        codings: all,
    }))
}

/// The body of a coding.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodingBody {
    code_id: String,
    start: u32,
    end: u32,
    #[serde(default)]
    memo: String,
}

async fn code(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Json(b): Json<CodingBody>,
) -> AppResult<Json<serde_json::Value>> {
    let actor = viewer.require_that(|a| a.codes_documents())?;
    documents::get(&state.store, &id).await?;
    let coder = uppsikt_domain::qual::coder_name(&actor.name);
    let form = CodingForm {
        code_id: b.code_id,
        start: b.start.to_string(),
        end: b.end.to_string(),
        memo: b.memo,
    };
    add(&state, &id, &coder, &form).await?;
    Ok(Json(
        json!({"doc_id": id, "start": b.start, "end": b.end, "code_id": form.code_id, "coder": coder}),
    ))
}

/// The search's query parameters.
#[derive(Debug, Deserialize)]
struct SearchQueryParams {
    #[serde(flatten)]
    params: SearchParams,
    /// A number; text because a flattened query buffers every value as text.
    #[serde(default)]
    limit: Option<String>,
}

async fn search(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<SearchQueryParams>,
) -> AppResult<Json<Vec<uppsikt_qual::Hit>>> {
    let actor = viewer.require()?;
    scope(&actor)?;
    let limit = match q.limit.as_deref() {
        None | Some("") => 20,
        Some(l) => l
            .parse::<usize>()
            .map_err(|_| AppError::BadRequest(uppsikt_domain::tr!(errors.bad_limit, max = 200)))?,
    };
    Ok(Json(run(&state, &actor, &q.params, limit.min(200)).await?))
}

async fn codes(State(state): State<AppState>, viewer: Viewer) -> AppResult<Json<Vec<Code>>> {
    let actor = viewer.require()?;
    scope(&actor)?;
    Ok(Json(codebook::all(&state.store).await?))
}

async fn matrix(State(state): State<AppState>, viewer: Viewer) -> AppResult<Json<Vec<MatrixRow>>> {
    viewer.require_that(|a| a.reads_everything())?;
    Ok(Json(analysis::matrix(&state.store).await?))
}
