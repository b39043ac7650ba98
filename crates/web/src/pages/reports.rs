//! Lists of regional reports: a region's own, and the analyst's overview with the review queue.

use axum::extract::State;
use maud::{Markup, html};
use serde::Deserialize;
use uppsikt_domain::Role;
use uppsikt_domain::format::{self, opt_int};
use uppsikt_domain::report::ReportState;
use uppsikt_store::{agreements, registry, reports};

use crate::auth::Viewer;
use crate::error::AppResult;
use crate::extract::Query;
use crate::pages::layout::page;
use crate::pages::report_editor::href;
use crate::state::AppState;

/// Query: which agreement the overview shows.
#[derive(Deserialize, Default)]
pub struct ListQuery {
    /// The agreement's id; default the latest with reports.
    #[serde(default)]
    pub overenskommelse: Option<String>,
}

/// `GET /redovisningar`
pub async fn list(State(state): State<AppState>, viewer: Viewer, Query(q): Query<ListQuery>) -> AppResult<Markup> {
    let p = viewer.require()?;
    let t = &state.t.reports;
    let all = agreements::list(&state.store).await?;
    if let Role::Region(code) = p.role {
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
                    td { (a.deadline.as_deref().unwrap_or(format::DASH)) }
                    td { span.status { (r.as_ref().map(|r| r.state.label_sv()).unwrap_or(&t.missing)) } }
                    td.num { (r.as_ref().map(|r| r.content.measures.len()).unwrap_or(0)) }
                } } }
            }
        };
        return Ok(page(&state, &viewer, &t.title, body));
    }
    let default = agreements::latest_with_reports(&state.store).await?;
    let chosen = q
        .overenskommelse
        .and_then(|id| all.iter().find(|a| a.id.as_str() == id).cloned())
        .or(default);
    let regions = registry::regions(&state.store).await?;
    let region_name = |code: uppsikt_domain::RegionCode| {
        regions
            .iter()
            .find(|r| r.code == code)
            .map_or_else(|| code.to_string(), |r| r.name.clone())
    };
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
                li { a href=(href(a.id.as_str(), r.region.as_str())) { (a.short_name) ": " (region_name(r.region)) } }
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
            div.scroll tabindex="0" { table {
                thead { tr {
                    th scope="col" { (t.region) } th scope="col" { (t.state) } th scope="col" { (t.measures) }
                    th scope="col" { (t.cost) } th scope="col" { (t.first_submitted) } th scope="col" { (t.on_time) }
                } }
                tbody { @for row in &r.rows { tr {
                    th scope="row" { a href=(href(a.id.as_str(), &row.region)) { (row.name) } }
                    td { span.status { (row.state.map(|s| s.label_sv()).unwrap_or(&t.missing)) } }
                    td.num { (row.measures) }
                    td.num { (opt_int(row.cost_sek)) }
                    td { (row.first_submitted_at.as_deref().map(format::timestamp).unwrap_or_else(|| format::DASH.into())) }
                    td { (match row.on_time { Some(true) => &state.t.common.yes, Some(false) => &state.t.common.no, None => format::DASH }) }
                } } }
            } }
        }
    };
    Ok(page(&state, &viewer, &t.title, body))
}
