//! Lists of regional reports: a region's own, and the analyst's overview with the review queue.

use axum::extract::{Query, State};
use maud::{Markup, html};
use serde::Deserialize;
use uppsikt_domain::access::Role;
use uppsikt_domain::report::ReportState;
use uppsikt_store::{agreements, reports};

use crate::auth::Viewer;
use crate::error::AppResult;
use crate::pages::format::opt_int;
use crate::pages::layout::page;
use crate::state::AppState;

/// Query: which agreement the overview shows.
#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pub overenskommelse: Option<String>,
}

/// Link to a report's editor.
pub fn href(agreement: &str, region: &str) -> String {
    format!("/redovisningar/{agreement}/{region}")
}

/// `GET /redovisningar`
pub async fn list(State(state): State<AppState>, viewer: Viewer, Query(q): Query<ListQuery>) -> AppResult<Markup> {
    let p = viewer.require()?;
    let t = &state.t.reports;
    let all = agreements::list(&state.store).await?;
    if p.role == Role::Region {
        let code = p.region.expect("region users have a region");
        let mut rows = Vec::new();
        for a in &all {
            rows.push((a, reports::get(&state.store, &a.id, code).await?));
        }
        let body = html! {
            p { (t.intro_region) }
            table {
                thead { tr {
                    th scope="col" { (t.agreement) } th scope="col" { (state.t.dashboard.deadline) }
                    th scope="col" { (t.state) } th scope="col" { (t.measures) }
                } }
                tbody { @for (a, r) in &rows { tr {
                    th scope="row" { a href=(href(a.id.as_str(), code.as_str())) { (a.name) } }
                    td { (a.deadline.as_deref().unwrap_or("–")) }
                    td { span.status { (r.as_ref().map(|r| r.state.label_sv()).unwrap_or(&t.missing)) } }
                    td.num { (r.as_ref().map(|r| r.content.measures.len()).unwrap_or(0)) }
                } } }
            }
        };
        return Ok(page(&state, &viewer, &t.title, body));
    }
    let chosen = q
        .overenskommelse
        .and_then(|id| all.iter().find(|a| a.id.as_str() == id).cloned())
        .or_else(|| all.first().cloned());
    let mut queue = Vec::new();
    for a in &all {
        for r in reports::list(&state.store, &a.id).await? {
            if r.state == ReportState::Submitted {
                queue.push((a.clone(), r));
            }
        }
    }
    let rates = match &chosen {
        Some(a) => Some(reports::rates(&state.store, a).await?),
        None => None,
    };
    let body = html! {
        p { (t.intro_analyst) }
        h2 { (t.queue) }
        @if queue.is_empty() { p { (t.queue_empty) } } @else {
            ul { @for (a, r) in &queue {
                li { a href=(href(a.id.as_str(), r.region.as_str())) { (a.short_name) ": " (r.region) } }
            } }
        }
        form.inline method="get" action="/redovisningar" {
            label for="overenskommelse" { (t.agreement) }
            select #overenskommelse name="overenskommelse" {
                @for a in &all {
                    option value=(a.id) selected[chosen.as_ref().is_some_and(|c| c.id == a.id)] { (a.name) }
                }
            }
            button type="submit" { (state.t.findings.show) }
        }
        @if let (Some(a), Some(r)) = (&chosen, &rates) {
            h2 { (a.name) }
            dl.figures {
                div { dt { (t.expected) } dd { (r.expected) } }
                div { dt { (t.submitted) } dd { (r.submitted) } }
                div { dt { (t.on_time) } dd { (r.on_time) } }
                div { dt { (t.approved) } dd { (r.approved) } }
            }
            div.scroll { table {
                thead { tr {
                    th scope="col" { (t.region) } th scope="col" { (t.state) } th scope="col" { (t.measures) }
                    th scope="col" { (t.cost) } th scope="col" { (t.first_submitted) } th scope="col" { (t.on_time) }
                } }
                tbody { @for row in &r.rows { tr {
                    th scope="row" { a href=(href(a.id.as_str(), &row.region)) { (row.name) } }
                    td { span.status { (row.state) } }
                    td.num { (row.measures) }
                    td.num { (opt_int(row.cost_sek)) }
                    td { (row.first_submitted_at.as_deref().unwrap_or("–")) }
                    td { (match row.on_time { Some(true) => &state.t.common.yes, Some(false) => &state.t.common.no, None => "–" }) }
                } } }
            } }
        }
    };
    Ok(page(&state, &viewer, &t.title, body))
}
