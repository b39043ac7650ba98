//! Validation findings per agreement; a region user sees only its own region's.

use axum::extract::{Query, State};
use maud::{Markup, html};
use serde::Deserialize;
use uppsikt_domain::access::Principal;
use uppsikt_domain::validation::Finding;
use uppsikt_store::{agreements, facts};

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::layout::page;
use crate::state::AppState;

/// Query: which agreement.
#[derive(Deserialize, Default)]
pub struct FindingsQuery {
    #[serde(default)]
    pub overenskommelse: Option<String>,
}

/// The findings of `agreement` the principal may see.
pub async fn visible_findings(state: &AppState, p: &Principal, agreement: &str) -> AppResult<Vec<Finding>> {
    let a = agreements::get(&state.store, agreement)
        .await
        .map_err(|_| AppError::NotFound)?;
    let all = facts::validate(&state.store, &a).await?;
    Ok(all
        .into_iter()
        .filter(|f| {
            p.reads_everything()
                || f.region
                    .as_deref()
                    .and_then(|r| r.parse().ok())
                    .is_some_and(|r| p.reads_region(r))
        })
        .collect())
}

/// A findings table.
pub fn table(state: &AppState, findings: &[Finding]) -> Markup {
    let t = &state.t.findings;
    html! {
        @if findings.is_empty() { p { (t.none) } } @else {
            div.scroll { table {
                thead { tr {
                    th scope="col" { (t.severity) } th scope="col" { (t.region) }
                    th scope="col" { (t.measure) } th scope="col" { (t.message) } th scope="col" { (t.rule) }
                } }
                tbody { @for f in findings { tr {
                    td { span class=(format!("sev sev-{:?}", f.severity).to_lowercase()) { (f.severity.label_sv()) } }
                    td { (f.region.as_deref().unwrap_or("–")) }
                    td { (f.measure_seq.map(|s| s.to_string()).unwrap_or_else(|| "–".into())) }
                    td { (f.message) }
                    td.small { code { (f.rule) } }
                } } }
            } }
        }
    }
}

/// `GET /granskning`
pub async fn show(State(state): State<AppState>, viewer: Viewer, Query(q): Query<FindingsQuery>) -> AppResult<Markup> {
    let p = viewer.require()?;
    let t = &state.t.findings;
    let all = agreements::list(&state.store).await?;
    let chosen = q
        .overenskommelse
        .filter(|id| all.iter().any(|a| a.id.as_str() == id))
        .or_else(|| all.first().map(|a| a.id.to_string()));
    let findings = match &chosen {
        Some(id) => visible_findings(&state, &p, id).await?,
        None => Vec::new(),
    };
    let body = html! {
        p { (t.intro) }
        form.inline method="get" action="/granskning" {
            label for="overenskommelse" { (t.agreement) }
            select #overenskommelse name="overenskommelse" {
                @for a in &all { option value=(a.id) selected[chosen.as_deref() == Some(a.id.as_str())] { (a.name) } }
            }
            button type="submit" { (t.show) }
        }
        p { (t.count) ": " (findings.len()) }
        (table(&state, &findings))
    };
    Ok(page(&state, &viewer, &t.title, body))
}
