//! Validation findings per agreement; a region user sees only its own region's.

use axum::extract::State;
use maud::{Markup, html};
use serde::Deserialize;
use uppsikt_domain::format;
use uppsikt_domain::validation::Finding;
use uppsikt_store::{agreements, registry};

use crate::access::visible_findings;
use crate::auth::Viewer;
use crate::error::AppResult;
use crate::extract::Query;
use crate::pages::layout::page;
use crate::state::AppState;

/// Query: which agreement.
#[derive(Deserialize, Default)]
pub struct FindingsQuery {
    /// The agreement's id; default the latest with reports.
    #[serde(default)]
    pub overenskommelse: Option<String>,
}

/// A findings table, regions named by `names` (code, name); a code without a name shows as the code.
pub fn table(state: &AppState, findings: &[Finding], names: &[(String, String)]) -> Markup {
    let t = &state.t.findings;
    let region = |code: &str| {
        names
            .iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| code.to_string(), |(_, n)| n.clone())
    };
    html! {
        @if findings.is_empty() { p { (t.none) } } @else {
            div.scroll tabindex="0" { table {
                thead { tr {
                    th scope="col" { (t.severity) } th scope="col" { (t.region) }
                    th scope="col" { (t.measure) } th scope="col" { (t.message) }
                } }
                tbody { @for f in findings { tr {
                    td { span class=(format!("sev sev-{:?}", f.severity).to_lowercase()) { (f.severity.label_sv()) } }
                    td { (f.region.as_deref().map(region).unwrap_or_else(|| format::DASH.into())) }
                    td { (f.measure_seq.map(|s| s.to_string()).unwrap_or_else(|| format::DASH.into())) }
                    td { (f.message) }
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
    let default = agreements::latest_with_reports(&state.store).await?;
    let chosen = q
        .overenskommelse
        .filter(|id| all.iter().any(|a| a.id.as_str() == id))
        .or_else(|| default.map(|a| a.id.to_string()));
    let names: Vec<(String, String)> = registry::regions(&state.store)
        .await?
        .into_iter()
        .map(|r| (r.code.to_string(), r.name))
        .collect();
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
        (table(&state, &findings, &names))
    };
    Ok(page(&state, &viewer, &t.title, body))
}
