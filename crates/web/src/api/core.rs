//! API endpoints over the foundation: public summary, agreements, allocation,
//! findings, region measures, users and tokens.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use uppsikt_domain::validation::Finding;
use uppsikt_domain::{RegionCode, Role};
use uppsikt_store::allocation_table::GrantRow;
use uppsikt_store::key_figures::{self, KeyFigures};
use uppsikt_store::users::{self, User};
use uppsikt_store::{agreements, reports};

use super::paging::PageQuery;
use super::{Access, Endpoint};
use crate::access::visible_findings;
use crate::accounts::{NewUser, create};
use crate::auth::{Viewer, secret};
use crate::error::{AppError, AppResult};
use crate::extract::{Json, Query};
use crate::state::AppState;

/// The endpoints of this module.
pub fn endpoints() -> Vec<Endpoint> {
    let user_body = json!({"type": "object", "required": ["username", "role", "password"],
        "additionalProperties": false, "properties": {
        "username": {"type": "string"}, "role": {"enum": Role::CODES},
        "region": {"type": ["string", "null"], "description": "county code, for role region only"},
        "password": {"type": "string", "minLength": 10}}});
    vec![
        Endpoint {
            method: Method::GET,
            path: "/api/v1/public/summary",
            summary: "Key figures of the public start page",
            access: Access::Public,
            body: None,
            handler: get(summary),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/me",
            summary: "The signed-in user",
            access: Access::SignedIn,
            body: None,
            handler: get(me),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/agreements",
            summary: "All agreements",
            access: Access::SignedIn,
            body: None,
            handler: get(list_agreements),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/agreements/{id}/allocation",
            summary: "Allocation by population share, with received and spent per region",
            access: Access::SignedIn,
            body: None,
            handler: get(allocation),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/agreements/{id}/findings",
            summary: "Validation findings (a region user gets its own region's)",
            access: Access::SignedIn,
            body: None,
            handler: get(findings),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/regions/{code}/measures",
            summary: "Measures a region reported, all agreements",
            access: Access::RegionOrAnalyst,
            body: None,
            handler: get(region_measures),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/users",
            summary: "All users",
            access: Access::Admin,
            body: None,
            handler: get(list_users),
        },
        Endpoint {
            method: Method::POST,
            path: "/api/v1/users",
            summary: "Add a user",
            access: Access::Admin,
            body: Some(user_body),
            handler: post(add_user),
        },
        Endpoint {
            method: Method::POST,
            path: "/api/v1/users/{name}/disable",
            summary: "Disable a user (ends their sessions and tokens)",
            access: Access::Admin,
            body: Some(json!({"type": "object"})),
            handler: post(disable_user),
        },
        Endpoint {
            method: Method::POST,
            path: "/api/v1/tokens",
            summary: "Create an API bearer token for the signed-in user (shown once)",
            access: Access::SignedIn,
            body: Some(
                json!({"type": "object", "properties": {"label": {"type": ["string", "null"]},
                "days": {"type": ["integer", "null"], "minimum": 1, "maximum": users::TOKEN_DAYS_MAX,
                         "description": "days the token is valid; default 90"}},
                "additionalProperties": false}),
            ),
            handler: post(create_token),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/tokens",
            summary: "The signed-in user's API tokens: label, created_at, expires_at, revoked_at (never the token)",
            access: Access::SignedIn,
            body: None,
            handler: get(list_tokens),
        },
        Endpoint {
            method: Method::POST,
            path: "/api/v1/tokens/revoke",
            summary: "Revoke the signed-in user's API tokens (only those with `label` when given)",
            access: Access::SignedIn,
            body: Some(
                json!({"type": "object", "properties": {"label": {"type": ["string", "null"]}},
                              "additionalProperties": false}),
            ),
            handler: post(revoke_tokens),
        },
    ]
}

async fn summary(State(state): State<AppState>) -> AppResult<Json<KeyFigures>> {
    Ok(Json(key_figures::key_figures(&state.store).await?))
}

async fn me(viewer: Viewer) -> AppResult<Json<User>> {
    viewer.require()?;
    Ok(Json(viewer.user.expect("checked")))
}

async fn list_agreements(State(state): State<AppState>, viewer: Viewer) -> AppResult<Json<Value>> {
    viewer.require()?;
    Ok(Json(json!(agreements::list(&state.store).await?)))
}

async fn allocation(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<GrantRow>>> {
    viewer.require()?;
    let a = agreements::get(&state.store, &id).await?;
    Ok(Json(
        uppsikt_store::allocation_table::grant_table(&state.store, &a).await?,
    ))
}

async fn findings(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<Finding>>> {
    let p = viewer.require()?;
    Ok(Json(visible_findings(&state, &p, &id).await?))
}

async fn region_measures(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    uri: Uri,
    Query(q): Query<PageQuery>,
) -> AppResult<(HeaderMap, Json<Value>)> {
    let p = viewer.require()?;
    let paging = q.paging()?;
    let code: RegionCode = code.parse().map_err(|_| AppError::NotFound)?;
    if !p.reads_region(code) {
        return Err(AppError::Forbidden);
    }
    let mut out = Vec::new();
    for a in agreements::list(&state.store).await? {
        for (region, m) in reports::measures(&state.store, &a.id, reports::Scope::All).await? {
            if region == code {
                out.push(json!({"agreement": a.id, "region": region, "measure": m}));
            }
        }
    }
    let (page, total) = paging.cut(out);
    Ok((paging.headers(&uri, total), Json(Value::Array(page))))
}

async fn list_users(State(state): State<AppState>, viewer: Viewer) -> AppResult<Json<Vec<User>>> {
    viewer.require_that(|p| p.administers())?;
    Ok(Json(users::list(&state.store).await?))
}

async fn add_user(State(state): State<AppState>, viewer: Viewer, Json(u): Json<NewUser>) -> AppResult<Json<Value>> {
    viewer.require_that(|p| p.administers())?;
    create(&state, &u).await?;
    Ok(Json(json!({"created": u.username.trim()})))
}

async fn disable_user(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(name): Path<String>,
) -> AppResult<Json<Value>> {
    viewer.require_that(|p| p.administers())?;
    users::set_disabled(&state.store, &name, true).await?;
    Ok(Json(json!({"disabled": name})))
}

/// Body of `POST /api/v1/tokens`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenRequest {
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    days: Option<i64>,
}

async fn create_token(
    State(state): State<AppState>,
    viewer: Viewer,
    Json(r): Json<TokenRequest>,
) -> AppResult<Json<Value>> {
    let p = viewer.require()?;
    let token = secret::random_token();
    let label = r.label.unwrap_or_else(|| "api".into());
    let days = r.days.unwrap_or(users::TOKEN_DAYS);
    let expires_at = users::add_token(&state.store, &p.name, &secret::digest(&token), &label, days).await?;
    Ok(Json(json!({"token": token, "label": label, "expires_at": expires_at})))
}

async fn list_tokens(State(state): State<AppState>, viewer: Viewer) -> AppResult<Json<Vec<users::TokenInfo>>> {
    let p = viewer.require()?;
    Ok(Json(users::tokens(&state.store, &p.name).await?))
}

/// Body of `POST /api/v1/tokens/revoke`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RevokeRequest {
    #[serde(default)]
    label: Option<String>,
}

async fn revoke_tokens(
    State(state): State<AppState>,
    viewer: Viewer,
    Json(r): Json<RevokeRequest>,
) -> AppResult<Json<Value>> {
    let p = viewer.require()?;
    let revoked = users::revoke_tokens(&state.store, &p.name, r.label.as_deref()).await?;
    Ok(Json(json!({"revoked": revoked})))
}
