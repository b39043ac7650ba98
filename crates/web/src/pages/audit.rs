//! The audit log of the regional reports, per agreement (analysts and
//! admins), and the one table that shows audit rows, also on a report's page.
//! Codes are shown as their Swedish labels.

use axum::extract::State;
use maud::{Markup, html};
use serde::Deserialize;
use uppsikt_domain::report::{ActionKind, field_label_sv, value_label_sv};
use uppsikt_domain::{Role, format};
use uppsikt_store::reports::AuditEntry;
use uppsikt_store::{agreements, registry, reports};

use crate::auth::Viewer;
use crate::error::AppResult;
use crate::extract::Query;
use crate::pages::layout::page;
use crate::state::AppState;

/// Query: which agreement.
#[derive(Deserialize, Default)]
pub struct AuditQuery {
    /// The agreement's id; default the latest with reports.
    #[serde(default)]
    pub overenskommelse: Option<String>,
}

/// Audit rows as a table, newest first; with `regions` (code, name), a column
/// of region names.
pub fn audit_table(state: &AppState, entries: &[AuditEntry], regions: Option<&[(String, String)]>) -> Markup {
    let t = &state.t.reports;
    let region_name = |code: &str| {
        regions
            .unwrap_or_default()
            .iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| code.to_string(), |(_, n)| n.clone())
    };
    let role = |r: &str| r.parse::<Role>().map_or_else(|_| r.to_string(), |r| r.label_sv());
    let action = |a: &str| {
        a.parse::<ActionKind>()
            .map_or_else(|_| a.to_string(), |k| k.label_sv().to_string())
    };
    let value = |field: Option<&str>, v: Option<&str>| match (field, v) {
        (Some(f), Some(v)) => value_label_sv(f, v),
        (None, Some(v)) => v.to_string(),
        _ => String::new(),
    };
    html! {
        @if entries.is_empty() { p { (t.audit_empty) } } @else {
            div.scroll tabindex="0" { table #audit {
                thead { tr {
                    th scope="col" { (t.audit_at) }
                    @if regions.is_some() { th scope="col" { (t.region) } }
                    th scope="col" { (t.audit_actor) } th scope="col" { (t.audit_action) }
                    th scope="col" { (t.audit_field) } th scope="col" { (t.audit_old) } th scope="col" { (t.audit_new) }
                    th scope="col" { (t.audit_comment) }
                } }
                tbody { @for e in entries.iter().rev() { tr {
                    td.nowrap { (format::timestamp(&e.at)) }
                    @if regions.is_some() { td { (region_name(&e.region)) } }
                    td { (e.actor) " (" (role(&e.role)) ")"
                        @if let Some(os) = &e.os_user { br; span.small { (uppsikt_domain::tr!(reports.audit_via_cli, user = os)) } } }
                    td { (action(&e.action)) }
                    td { (e.field.as_deref().map(field_label_sv).unwrap_or_default()) @if let Some(m) = e.measure { " #" (m) } }
                    td { (value(e.field.as_deref(), e.old.as_deref())) }
                    td { (value(e.field.as_deref(), e.new.as_deref())) }
                    td { (e.comment.as_deref().unwrap_or("")) }
                } } }
            } }
        }
    }
}

/// `GET /handelselogg`
pub async fn show(State(state): State<AppState>, viewer: Viewer, Query(q): Query<AuditQuery>) -> AppResult<Markup> {
    viewer.require_that(|p| p.reads_everything())?;
    let t = &state.t.reports;
    let all = agreements::list(&state.store).await?;
    let default = agreements::latest_with_reports(&state.store).await?;
    let chosen = q
        .overenskommelse
        .and_then(|id| all.iter().find(|a| a.id.as_str() == id).cloned())
        .or(default);
    let entries = match &chosen {
        Some(a) => reports::audit(&state.store, &a.id, None).await?,
        None => Vec::new(),
    };
    let names: Vec<(String, String)> = registry::regions(&state.store)
        .await?
        .into_iter()
        .map(|r| (r.code.to_string(), r.name))
        .collect();
    let body = html! {
        p { (state.t.audit.intro) }
        form.inline method="get" action="/handelselogg" {
            label for="overenskommelse" { (t.agreement) }
            select #overenskommelse name="overenskommelse" {
                @for a in &all { option value=(a.id) selected[chosen.as_ref().is_some_and(|c| c.id == a.id)] { (a.name) } }
            }
            button type="submit" { (state.t.findings.show) }
        }
        p.hint { (t.audit_comment_note) }
        (audit_table(&state, &entries, Some(&names)))
    };
    Ok(page(&state, &viewer, &state.t.audit.title, body))
}
