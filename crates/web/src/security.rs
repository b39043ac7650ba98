//! The security layer around every request: resolves the [`Viewer`], refuses
//! state-changing requests without a valid CSRF token, renders errors as a page
//! or JSON, and sets the security headers (CSP without inline code).

use axum::body::{Body, to_bytes};
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::client::ClientIp;
use crate::auth::secret::constant_time_eq;
use crate::auth::viewer::{Viewer, resolve};
use crate::error::{AppError, ErrorBody};
use crate::form_body;
use crate::security_log::Event;
use crate::state::AppState;

/// Largest form body read (survey answers and report texts stay far below).
pub const MAX_FORM_BYTES: usize = 1 << 20;

/// Name of the CSRF field in forms.
pub const CSRF_FIELD: &str = "csrf";
/// Header carrying the CSRF token on JSON requests authenticated by cookie.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Content-Security-Policy: everything from our own origin, no inline code.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// What the security log needs of a request after it has been answered:
/// kept cheaply for every request, made into a log line only for a refusal.
struct Asked {
    method: Method,
    uri: axum::http::Uri,
    peer: Option<SocketAddr>,
    /// The `X-Forwarded-For` values, kept only when a proxy is trusted.
    forwarded: axum::http::HeaderMap,
}

/// Paths whose next segment is a survey respondent's secret token.
const TOKEN_PATHS: [&str; 2] = ["/enkat/", "/api/v1/survey/"];

/// A path fit for a log: a survey token in it is replaced by `…`.
fn without_secrets(path: &str) -> String {
    for prefix in TOKEN_PATHS {
        if let Some(rest) = path.strip_prefix(prefix) {
            let tail = rest.find('/').map_or("", |i| &rest[i..]);
            return format!("{prefix}…{tail}");
        }
    }
    path.to_string()
}

/// The middleware.
pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    let mut forwarded = axum::http::HeaderMap::new();
    if !state.config.trusted_proxies.is_empty() {
        for v in req.headers().get_all(crate::auth::client::FORWARDED_FOR) {
            forwarded.append(crate::auth::client::FORWARDED_FOR, v.clone());
        }
    }
    let asked = Asked {
        method: req.method().clone(),
        uri: req.uri().clone(),
        peer,
        forwarded,
    };
    let is_api = req.uri().path().starts_with("/api/");
    let open_data = req.uri().path().starts_with(crate::api::kolada::BASE);
    if is_api && let Some(allowed) = crate::api::other_methods(req.method(), req.uri().path()) {
        let mut resp = finish(
            &state,
            &asked,
            &Viewer::default(),
            true,
            AppError::MethodNotAllowed.into_response(),
        );
        let allow: Vec<&str> = allowed.iter().map(Method::as_str).collect();
        if let Ok(v) = HeaderValue::from_str(&allow.join(", ")) {
            resp.headers_mut().insert(header::ALLOW, v);
        }
        return resp;
    }
    let resp = match resolve(&state, req.headers()).await {
        Err(e) => finish(&state, &asked, &Viewer::default(), is_api, e.into_response()),
        Ok(viewer) => match check_csrf(&viewer, is_api, req).await {
            Err(e) => finish(&state, &asked, &viewer, is_api, e.into_response()),
            Ok(mut req) => {
                req.extensions_mut().insert(viewer.clone());
                let resp = next.run(req).await;
                finish(&state, &asked, &viewer, is_api, resp)
            }
        },
    };
    if open_data { with_open_data_headers(resp) } else { resp }
}

/// Open data (shared/spec/open-data.md): readable from any origin, JSON in UTF-8,
/// refusals included.
fn with_open_data_headers(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    resp
}

fn is_safe(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Refuses a state-changing request whose CSRF token does not match the session's.
///
/// Forms carry the token in the `csrf` field. JSON requests must be
/// `application/json` (which a cross-site form cannot send) and, when signed
/// in by cookie, carry the token in `X-CSRF-Token`; bearer-token and
/// survey-token requests carry no cookie to abuse.
async fn check_csrf(viewer: &Viewer, is_api: bool, req: Request) -> Result<Request, AppError> {
    if is_safe(req.method()) {
        return Ok(req);
    }
    if is_api {
        // Authentication before anything about the body.
        let public = matches!(
            crate::api::access_of(req.method(), req.uri().path()),
            None | Some(crate::api::Access::Public | crate::api::Access::SurveyToken)
        );
        if !public && viewer.actor().is_none() {
            return Err(AppError::Unauthorized);
        }
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !json {
            return Err(AppError::NotJson);
        }
        if !viewer.via_token && viewer.session.is_some() {
            let sent = req
                .headers()
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let ok = viewer.csrf().is_some_and(|t| constant_time_eq(t, sent));
            if !ok {
                return Err(AppError::BadCsrf);
            }
        }
        return Ok(req);
    }
    let Some(expected) = viewer.csrf().map(str::to_string) else {
        return Err(AppError::BadCsrf);
    };
    let errors = &uppsikt_domain::i18n::sv().errors;
    // The pages post nothing but urlencoded forms.
    if form_body::is_not_a_form(req.headers()) {
        return Err(AppError::BadRequest(errors.form_not_urlencoded.clone()));
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, MAX_FORM_BYTES).await.map_err(|_| AppError::TooLarge)?;
    let pairs = form_body::pairs(&bytes).map_err(|_| AppError::BadRequest(errors.form_not_utf8.clone()))?;
    let sent = pairs
        .iter()
        .find(|(k, _)| k == CSRF_FIELD)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    if !constant_time_eq(&expected, sent) {
        return Err(AppError::BadCsrf);
    }
    // The token has done its work here: handlers see only their own fields,
    // so their forms can refuse fields they do not know.
    let rest = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().filter(|(k, _)| k != CSRF_FIELD))
        .finish();
    Ok(Request::from_parts(parts, Body::from(rest)))
}

/// Renders error bodies, logs refusals and adds the security headers.
fn finish(state: &AppState, asked: &Asked, viewer: &Viewer, is_api: bool, resp: Response) -> Response {
    let mut resp = match resp.extensions().get::<ErrorBody>().cloned() {
        Some(ErrorBody(message)) => {
            let status = resp.status();
            if matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
                state.security_log.record(
                    ClientIp::of(&asked.forwarded, asked.peer, state).0,
                    Event::Refused {
                        status: status.as_u16(),
                        method: asked.method.as_str(),
                        path: &without_secrets(asked.uri.path()),
                        user: viewer.user.as_ref().map(|u| u.username.as_str()),
                    },
                );
            }
            let mut r = if is_api {
                (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
            } else {
                (
                    status,
                    crate::pages::layout::error_page(state, viewer, status, &message),
                )
                    .into_response()
            };
            if status == StatusCode::UNAUTHORIZED && is_api {
                r.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"uppsikt\""),
                );
            }
            // Keep cookies the handler set (e.g. a new anonymous session).
            for c in resp.headers().get_all(header::SET_COOKIE) {
                r.headers_mut().append(header::SET_COOKIE, c.clone());
            }
            r
        }
        None => resp,
    };
    let h = resp.headers_mut();
    // A handler may set a stricter policy of its own (the published report).
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Survey links carry their secret token in the path: never leak it as a referrer.
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}

#[cfg(test)]
mod tests {
    #[test]
    fn survey_tokens_never_reach_the_log() {
        assert_eq!(super::without_secrets("/enkat/abcDEF123"), "/enkat/…");
        assert_eq!(
            super::without_secrets("/api/v1/survey/abcDEF123/submit"),
            "/api/v1/survey/…/submit"
        );
        assert_eq!(super::without_secrets("/anvandare"), "/anvandare");
    }
}
