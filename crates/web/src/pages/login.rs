//! Sign-in and sign-out.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use uppsikt_store::users;

use crate::auth::client::ClientIp;
use crate::auth::ratelimit::Verdict;
use crate::auth::viewer::{form_token, set_cookie, start_session};
use crate::auth::{Viewer, password};
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Query};
use crate::pages::layout::{csrf_field, page};
use crate::security_log::Event;
use crate::state::AppState;

/// What the sign-in form sends.
#[derive(Deserialize)]
pub struct LoginForm {
    /// The user name typed in.
    pub username: String,
    /// The password typed in.
    pub password: String,
}

/// Query of the sign-in page.
#[derive(Deserialize)]
pub struct LoginQuery {
    #[serde(default)]
    /// Set after signing out, to show that the user is signed out.
    pub utloggad: Option<String>,
}

fn form(state: &AppState, csrf: &str, username: &str, message: Option<&str>) -> Markup {
    let t = &state.t.login;
    html! {
        p { (t.intro) }
        @if let Some(m) = message {
            p.error role="alert" #login-error { (m) }
        }
        form.stack method="post" action="/logga-in" {
            (csrf_field(csrf))
            label for="username" { (t.username) }
            input #username type="text" name="username" value=(username) autocomplete="username" required;
            label for="password" { (t.password) }
            input #password type="password" name="password" autocomplete="current-password" required;
            button type="submit" { (t.submit) }
        }
    }
}

/// `GET /logga-in`
pub async fn show(State(state): State<AppState>, viewer: Viewer, Query(q): Query<LoginQuery>) -> AppResult<Response> {
    let (csrf, cookie) = form_token(&state, &viewer).await?;
    let note = q.utloggad.map(|_| state.t.login.signed_out.as_str());
    let body = html! {
        @if let Some(n) = note { p.notice role="status" { (n) } }
        (form(&state, &csrf, "", None))
    };
    let mut resp = page(&state, &viewer, &state.t.login.title, body).into_response();
    if let Some(c) = cookie {
        resp.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(resp)
}

/// `POST /logga-in`: asks the throttle, checks the password, then starts a
/// fresh session (a new id, so a planted anonymous session cannot be reused).
/// Every outcome goes to the security log.
pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    ClientIp(ip): ClientIp,
    Form(f): Form<LoginForm>,
) -> AppResult<Response> {
    let username = f.username.trim().to_string();
    let csrf = viewer.csrf().unwrap_or_default().to_string();
    if let Verdict::Wait { scope, retry_after } = state.limiter.check(&username, ip) {
        // Round up: a client that waits as told is checked.
        let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
        state.security_log.record(
            ip,
            Event::SignInThrottled {
                user: &username,
                scope: scope.as_str(),
                retry_after_seconds: seconds,
            },
        );
        let body = form(&state, &csrf, &username, Some(&state.t.errors.too_many));
        let mut resp = (
            StatusCode::TOO_MANY_REQUESTS,
            page(&state, &viewer, &state.t.login.title, body),
        )
            .into_response();
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return Ok(resp);
    }
    let user = users::get(&state.store, &username).await?;
    let hash = match &user {
        Some(u) if !u.disabled => u.password_hash.clone(),
        _ => password::dummy_hash().to_string(),
    };
    let pw = f.password;
    // Hashing is CPU work: keep it off the async workers.
    let matches = tokio::task::spawn_blocking(move || password::verify(&pw, &hash))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let ok = matches && user.as_ref().is_some_and(|u| !u.disabled);
    if !ok {
        state.limiter.failed(&username, ip);
        state.security_log.record(ip, Event::SignInFailed { user: &username });
        let body = form(&state, &csrf, &username, Some(&state.t.login.failed));
        return Ok((
            StatusCode::UNAUTHORIZED,
            page(&state, &viewer, &state.t.login.title, body),
        )
            .into_response());
    }
    state.limiter.succeeded(&username);
    state.security_log.record(ip, Event::SignedIn { user: &username });
    if let Some(old) = &viewer.session {
        users::delete_session(&state.store, &old.id_hash).await?;
    }
    let (_, cookie) = start_session(&state, Some(&username)).await?;
    let mut resp = Redirect::to("/oversikt").into_response();
    resp.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(resp)
}

/// `POST /logga-ut`
pub async fn logout(State(state): State<AppState>, viewer: Viewer, ClientIp(ip): ClientIp) -> AppResult<Response> {
    if let Some(s) = &viewer.session {
        users::delete_session(&state.store, &s.id_hash).await?;
        if let Some(user) = &s.username {
            state.security_log.record(ip, Event::SignedOut { user });
        }
    }
    let mut resp = Redirect::to("/logga-in?utloggad=1").into_response();
    resp.headers_mut().append(header::SET_COOKIE, set_cookie(&state, "", 0));
    Ok(resp)
}
