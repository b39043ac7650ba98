//! The audit log of the regional reports, per agreement (analysts and admins).

use axum::extract::{Query, State};
use maud::{Markup, html};
use serde::Deserialize;
use uppsikt_store::{agreements, reports};

use crate::auth::Viewer;
use crate::error::AppResult;
use crate::pages::layout::page;
use crate::state::AppState;

/// Query: which agreement.
#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    pub overenskommelse: Option<String>,
}

/// `GET /handelselogg`
pub async fn show(State(state): State<AppState>, viewer: Viewer, Query(q): Query<AuditQuery>) -> AppResult<Markup> {
    viewer.require_that(|p| p.reads_everything())?;
    let t = &state.t.reports;
    let all = agreements::list(&state.store).await?;
    let chosen = q
        .overenskommelse
        .and_then(|id| all.iter().find(|a| a.id.as_str() == id).cloned())
        .or_else(|| all.first().cloned());
    let entries = match &chosen {
        Some(a) => reports::audit(&state.store, &a.id, None).await?,
        None => Vec::new(),
    };
    let body = html! {
        p { (state.t.audit.intro) }
        form.inline method="get" action="/handelselogg" {
            label for="overenskommelse" { (t.agreement) }
            select #overenskommelse name="overenskommelse" {
                @for a in &all { option value=(a.id) selected[chosen.as_ref().is_some_and(|c| c.id == a.id)] { (a.name) } }
            }
            button type="submit" { (state.t.findings.show) }
        }
        @if entries.is_empty() { p { (t.audit_empty) } } @else {
            div.scroll { table #audit {
                thead { tr {
                    th scope="col" { (t.audit_at) } th scope="col" { (t.region) } th scope="col" { (t.audit_actor) }
                    th scope="col" { (t.audit_action) } th scope="col" { (t.audit_field) } th scope="col" { (t.audit_old) }
                    th scope="col" { (t.audit_new) } th scope="col" { (t.audit_comment) }
                } }
                tbody { @for e in entries.iter().rev() { tr {
                    td { (e.at) } td { (e.region) } td { (e.actor) " (" (e.role) ")" } td { (e.action) }
                    td { (e.field.as_deref().unwrap_or("")) @if let Some(m) = e.measure { " #" (m) } }
                    td { (e.old.as_deref().unwrap_or("")) } td { (e.new.as_deref().unwrap_or("")) }
                    td { (e.comment.as_deref().unwrap_or("")) }
                } } }
            } }
        }
    };
    Ok(page(&state, &viewer, &state.t.audit.title, body))
}
