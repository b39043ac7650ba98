//! The JSON API under `/api/v1/`. Every endpoint is registered once in
//! [`endpoints`]: the router and the OpenAPI document (`/api/openapi.json`)
//! are both built from that list, so the document cannot miss a route.

pub mod core;
pub mod indicators;
pub mod kolada;
pub mod openapi;
pub mod paging;

/// The largest whole number every JSON reader holds exactly (2^53 − 1): the
/// bound of the API's integer fields.
pub const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;
pub mod qual;
pub mod releases;
pub mod reports;
pub mod survey;

use axum::Router;
use axum::http::Method;
use axum::routing::{MethodRouter, get};
use serde_json::Value;

use crate::state::AppState;

/// Who may call an endpoint (documented in the OpenAPI text; enforced in the handler).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// The holder of a survey's secret token (in the path).
    SurveyToken,
    /// Any signed-in user.
    SignedIn,
    /// A region user for their own region, and analysts/admins for any.
    RegionOrAnalyst,
    /// Only the region's own coordinator.
    RegionOwn,
    /// Analysts (and admins where reading).
    Analyst,
    /// Administrators.
    Admin,
}

impl Access {
    /// The access rule in words.
    pub fn describe(self) -> &'static str {
        match self {
            Access::Public => "public",
            Access::SurveyToken => "survey token in the path (no account)",
            Access::SignedIn => "any signed-in user",
            Access::RegionOrAnalyst => "region user for their own region; analytiker and admin for all",
            Access::RegionOwn => "only the region's own coordinator (role region)",
            Access::Analyst => "analytiker (admin may read)",
            Access::Admin => "admin",
        }
    }
}

/// One API endpoint.
pub struct Endpoint {
    /// The HTTP method.
    pub method: Method,
    /// axum path, e.g. `/api/v1/agreements/{id}`.
    pub path: &'static str,
    /// One line on what the endpoint does, for the OpenAPI document.
    pub summary: &'static str,
    /// Who may call it.
    pub access: Access,
    /// JSON schema of the request body, for POST endpoints.
    pub body: Option<Value>,
    /// The handler serving it.
    pub handler: MethodRouter<AppState>,
}

/// Every API endpoint.
pub fn endpoints() -> Vec<Endpoint> {
    let mut all = core::endpoints();
    all.extend(reports::endpoints());
    all.extend(survey::endpoints());
    all.extend(indicators::endpoints());
    all.extend(releases::endpoints());
    all.extend(qual::endpoints());
    all
}

/// Who may call the endpoint serving `method` and `path`, if one does: the
/// security layer refuses an anonymous call to a signed-in endpoint with 401
/// before its body is read, so a bad body never answers before authentication.
pub fn access_of(method: &Method, path: &str) -> Option<Access> {
    table()
        .iter()
        .find(|(m, pattern, _)| m == method && path_matches(pattern, path))
        .map(|(_, _, a)| *a)
}

/// The methods `path` does answer to, when it is an API path that does not
/// answer to `method` (a 405 with `Allow`, before anything reads the body).
pub fn other_methods(method: &Method, path: &str) -> Option<Vec<Method>> {
    let mut allowed: Vec<Method> = Vec::new();
    if path == "/api/openapi.json" {
        allowed.push(Method::GET);
    }
    for (m, _, _) in table().iter().filter(|(_, pattern, _)| path_matches(pattern, path)) {
        allowed.push(m.clone());
    }
    let probe = *method == Method::HEAD || *method == Method::OPTIONS;
    (!allowed.is_empty() && !allowed.contains(method) && !probe).then_some(allowed)
}

fn table() -> &'static [(Method, &'static str, Access)] {
    static TABLE: std::sync::OnceLock<Vec<(Method, &'static str, Access)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| endpoints().into_iter().map(|e| (e.method, e.path, e.access)).collect())
}

/// Whether an axum path pattern (`/a/{id}/b`) matches a concrete path.
fn path_matches(pattern: &str, path: &str) -> bool {
    let (p, c): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    p.len() == c.len() && p.iter().zip(&c).all(|(a, b)| a.starts_with('{') || a == b)
}

/// The API routes, plus the OpenAPI document.
pub fn routes() -> Router<AppState> {
    let mut r = Router::new()
        .route("/api/openapi.json", get(openapi::serve))
        .merge(kolada::routes());
    for e in endpoints() {
        r = r.route(e.path, e.handler);
    }
    r
}
