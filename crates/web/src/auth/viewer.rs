//! The [`Viewer`]: the person behind a request, resolved once per request by
//! the security layer and taken by handlers as an extractor.

use axum::extract::FromRequestParts;
use axum::http::HeaderValue;
use axum::http::request::Parts;
use uppsikt_domain::Actor;
use uppsikt_store::users::{self, Session, User};

use crate::auth::secret;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Name of the session cookie.
pub const COOKIE: &str = "uppsikt_sid";

/// Who is asking.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    /// The signed-in user (by session cookie or bearer token).
    pub user: Option<User>,
    /// The cookie's session, also before sign-in (it carries the CSRF token).
    pub session: Option<Session>,
    /// Signed in by `Authorization: Bearer` rather than by cookie.
    pub via_token: bool,
}

impl Viewer {
    /// The signed-in person as the one who acts, or 401.
    pub fn require(&self) -> AppResult<Actor> {
        self.actor().ok_or(AppError::Unauthorized)
    }

    /// A signed-in person who passes `allowed`, else 401 (not signed in) or 403.
    pub fn require_that(&self, allowed: impl Fn(&Actor) -> bool) -> AppResult<Actor> {
        let a = self.require()?;
        if allowed(&a) { Ok(a) } else { Err(AppError::Forbidden) }
    }

    /// The signed-in person, if any.
    pub fn actor(&self) -> Option<Actor> {
        self.user.as_ref().map(User::actor)
    }

    /// The CSRF token of the session, for forms.
    pub fn csrf(&self) -> Option<&str> {
        self.session.as_ref().map(|s| s.csrf_token.as_str())
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Viewer>().cloned().unwrap_or_default())
    }
}

/// The session cookie's value in the request's `Cookie` header.
pub fn cookie_value(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
}

/// How stale a signed-in session's last use may be before it is written again.
const TOUCH_EVERY_SECONDS: i64 = 60;

/// Resolves the session cookie and bearer token of a request. A bearer token
/// that matches no enabled user is an error (401), not an anonymous request.
pub async fn resolve(state: &AppState, headers: &axum::http::HeaderMap) -> AppResult<Viewer> {
    let mut viewer = Viewer::default();
    if let Some(id) = cookie_value(headers)
        && let Some((session, user)) =
            users::session(&state.store, &secret::digest(&id), state.config.idle_seconds).await?
    {
        // Note the use at most once a minute: a write per request would be
        // the busiest write of all.
        if session.username.is_some() && session.last_seen_at < users::in_seconds(-TOUCH_EVERY_SECONDS) {
            users::touch_session(&state.store, &session.id_hash).await?;
        }
        viewer.session = Some(session);
        viewer.user = user;
    }
    if let Some(auth) = headers.get(axum::http::header::AUTHORIZATION) {
        let token = auth
            .to_str()
            .ok()
            .and_then(|s| s.strip_prefix("Bearer "))
            .ok_or(AppError::Unauthorized)?;
        let user = users::user_by_token(&state.store, &secret::digest(token.trim()))
            .await?
            .ok_or(AppError::Unauthorized)?;
        viewer.user = Some(user);
        viewer.via_token = true;
    }
    Ok(viewer)
}

/// The `Set-Cookie` value for a session id (empty id and zero age to remove it).
pub fn set_cookie(state: &AppState, id: &str, max_age: i64) -> HeaderValue {
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    let v = format!("{COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&v).expect("cookie text is ASCII")
}

/// Starts a new session (anonymous when `username` is `None`); returns the
/// session and its cookie.
pub async fn start_session(state: &AppState, username: Option<&str>) -> AppResult<(Session, HeaderValue)> {
    let id = secret::random_token();
    let lifetime = match username {
        Some(_) => state.config.session_seconds,
        None => state.config.anonymous_seconds,
    };
    let session = Session {
        id_hash: secret::digest(&id),
        username: username.map(str::to_string),
        csrf_token: secret::random_token(),
        expires_at: users::in_seconds(lifetime),
        last_seen_at: users::now_iso(),
    };
    users::create_session(&state.store, &session).await?;
    Ok((session, set_cookie(state, &id, lifetime)))
}

/// The CSRF token for a page with a form: the session's, or that of a new
/// anonymous session whose cookie the page must set.
pub async fn form_token(state: &AppState, viewer: &Viewer) -> AppResult<(String, Option<HeaderValue>)> {
    match &viewer.session {
        Some(s) => Ok((s.csrf_token.clone(), None)),
        None => {
            // Forgotten anonymous sessions are cleaned up as new ones are made,
            // and their number is capped: every cookie-less request makes one.
            users::purge_expired_sessions(&state.store).await?;
            let keep = state.config.anonymous_sessions_max.saturating_sub(1);
            let dropped = users::cap_anonymous_sessions(&state.store, keep).await?;
            if dropped > 0 {
                tracing::warn!(dropped, "anonymous sessions over the cap: the oldest were removed");
            }
            let (s, cookie) = start_session(state, None).await?;
            Ok((s.csrf_token, Some(cookie)))
        }
    }
}
