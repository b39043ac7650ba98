//! User administration (admin only).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use uppsikt_domain::{Role, format};
use uppsikt_store::{registry, users};

use crate::accounts::{NewUser, create};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::extract::Form;
use crate::pages::layout::{csrf_field, page};
use crate::state::AppState;

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
        div.scroll tabindex="0" { table {
            thead { tr {
                th scope="col" { (t.username) } th scope="col" { (t.role) } th scope="col" { (t.region) }
                th scope="col" { (t.disabled) } th scope="col" { (t.created) } th scope="col" { (state.t.common.actions) }
            } }
            tbody { @for u in &all { tr {
                th scope="row" { (u.username) }
                td { (Role::label_for(u.role.code())) }
                td { (u.role.region().map(|r| r.to_string()).unwrap_or_else(|| format::DASH.into())) }
                td { @if u.disabled { (state.t.common.yes) } @else { (state.t.common.no) } }
                td { (format::timestamp(&u.created_at)) }
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
                @for code in Role::CODES { option value=(code) { (Role::label_for(code)) } }
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
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let page = render(&state, &viewer, Some(&e.message())).await?;
            Ok((e.status(), page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// The status form: `disabled` is `1` or `0`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusForm {
    /// `1` to disable, `0` to enable.
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
    users::set_disabled(&state.store, &name, f.disabled == "1").await?;
    Ok(Redirect::to("/admin/anvandare").into_response())
}
