//! User administration (admin only).

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use uppsikt_domain::RegionCode;
use uppsikt_domain::access::Role;
use uppsikt_store::{registry, users};

use crate::auth::{Viewer, password};
use crate::error::{AppError, AppResult};
use crate::pages::layout::{csrf_field, page};
use crate::state::AppState;

/// The add-user form.
#[derive(Deserialize)]
pub struct NewUser {
    pub username: String,
    pub role: String,
    #[serde(default)]
    pub region: String,
    pub password: String,
}

/// Parses and stores a new user; shared by the page and the API.
pub async fn create(state: &AppState, u: &NewUser) -> AppResult<()> {
    let role: Role = u.role.parse().map_err(AppError::BadRequest)?;
    let region: Option<RegionCode> = match u.region.trim() {
        "" => None,
        r => Some(
            r.parse()
                .map_err(|e: uppsikt_domain::CodeError| AppError::BadRequest(e.to_string()))?,
        ),
    };
    let hash = password::hash(&u.password).map_err(|e| AppError::BadRequest(e.to_string()))?;
    users::add(&state.store, u.username.trim(), role, region, &hash)
        .await
        .map_err(|e| AppError::BadRequest(e.to_string()))
}

fn role_label(state: &AppState, r: Role) -> &str {
    let t = &state.t.users;
    match r {
        Role::Admin => &t.role_admin,
        Role::Analytiker => &t.role_analytiker,
        Role::Region => &t.role_region,
    }
}

/// `GET /admin/anvandare`
pub async fn list(State(state): State<AppState>, viewer: Viewer) -> AppResult<Markup> {
    viewer.require_that(|p| p.administers())?;
    render(&state, &viewer, None).await
}

async fn render(state: &AppState, viewer: &Viewer, message: Option<&str>) -> AppResult<Markup> {
    let t = &state.t.users;
    let csrf = viewer.csrf().unwrap_or_default();
    let all = users::list(&state.store).await?;
    let regions = registry::regions(&state.store).await?;
    let body = html! {
        p { (t.intro) }
        @if let Some(m) = message { p.notice role="status" { (m) } }
        div.scroll { table {
            thead { tr {
                th scope="col" { (t.username) } th scope="col" { (t.role) } th scope="col" { (t.region) }
                th scope="col" { (t.disabled) } th scope="col" { (t.created) } th scope="col" { (state.t.common.actions) }
            } }
            tbody { @for u in &all { tr {
                th scope="row" { (u.username) }
                td { (role_label(state, u.role)) }
                td { (u.region.map(|r| r.to_string()).unwrap_or_else(|| "–".into())) }
                td { @if u.disabled { (state.t.common.yes) } @else { (state.t.common.no) } }
                td { (u.created_at) }
                td {
                    form method="post" action=(format!("/admin/anvandare/{}/status", u.username)) {
                        (csrf_field(csrf))
                        input type="hidden" name="disabled" value=(if u.disabled { "0" } else { "1" });
                        button type="submit" { @if u.disabled { (t.enable) } @else { (t.disable) } " " span.visually-hidden { (u.username) } }
                    }
                }
            } } }
        } }
        h2 #add-user { (t.add_title) }
        form.stack method="post" action="/admin/anvandare" aria-labelledby="add-user" {
            (csrf_field(csrf))
            label for="new-username" { (t.username) }
            input #new-username name="username" type="text" required autocomplete="off";
            label for="new-role" { (t.role) }
            select #new-role name="role" {
                @for r in Role::ALL { option value=(r.as_str()) { (role_label(state, r)) } }
            }
            label for="new-region" { (t.region) }
            select #new-region name="region" {
                option value="" { (t.no_region) }
                @for r in &regions { option value=(r.code) { (r.code) " " (r.name) } }
            }
            label for="new-password" { (t.password) }
            input #new-password name="password" type="password" required minlength="10" autocomplete="new-password"
                aria-describedby="pw-help";
            p #pw-help .hint { (t.password_help) }
            button type="submit" { (t.add) }
        }
    };
    Ok(page(state, viewer, &t.title, body))
}

/// `POST /admin/anvandare`
pub async fn add(State(state): State<AppState>, viewer: Viewer, Form(u): Form<NewUser>) -> AppResult<Response> {
    viewer.require_that(|p| p.administers())?;
    match create(&state, &u).await {
        Ok(()) => Ok(Redirect::to("/admin/anvandare").into_response()),
        Err(AppError::BadRequest(m)) => {
            let page = render(&state, &viewer, Some(&m)).await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// The status form: `disabled` is `1` or `0`.
#[derive(Deserialize)]
pub struct StatusForm {
    pub disabled: String,
}

/// `POST /admin/anvandare/{name}/status`
pub async fn set_status(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(name): Path<String>,
    Form(f): Form<StatusForm>,
) -> AppResult<Response> {
    viewer.require_that(|p| p.administers())?;
    users::set_disabled(&state.store, &name, f.disabled == "1")
        .await
        .map_err(|_| AppError::NotFound)?;
    Ok(Redirect::to("/admin/anvandare").into_response())
}
