//! Dashboards per role.

use axum::extract::State;
use maud::{Markup, html};
use uppsikt_domain::Role;
use uppsikt_domain::format::{self, dec};
use uppsikt_domain::report::ReportState;
use uppsikt_store::{agreements, registry, reports, survey, users};

use crate::access::visible_findings;
use crate::auth::Viewer;
use crate::error::AppResult;
use crate::pages::findings::table;
use crate::pages::layout::page;
use crate::pages::report_editor::href;
use crate::state::AppState;

/// `GET /oversikt`
pub async fn show(State(state): State<AppState>, viewer: Viewer) -> AppResult<Markup> {
    let p = viewer.require()?;
    let t = &state.t.dashboard;
    let all = agreements::list(&state.store).await?;
    let deadlines = html! {
        h2 { (t.deadlines) }
        table {
            thead { tr { th scope="col" { (state.t.agreements.name) } th scope="col" { (t.deadline) } } }
            tbody { @for a in &all { tr {
                th scope="row" { a href=(format!("/overenskommelser/{}", a.id)) { (a.name) } }
                td { (a.deadline.as_deref().unwrap_or("–")) }
            } } }
        }
    };
    let body = match p.role {
        Role::Region(code) => {
            let region = registry::region(&state.store, code).await?;
            let mut findings = Vec::new();
            let mut own = Vec::new();
            for a in &all {
                findings.extend(visible_findings(&state, &p, a.id.as_str()).await?);
                own.push((a, reports::get(&state.store, &a.id, code).await?));
            }
            html! {
                p { (t.region_intro) }
                h2 { (t.your_region) }
                p {
                    (region.as_ref().map(|r| r.organisation.clone()).unwrap_or_default()) " – "
                    a href=(format!("/regioner/{code}")) { (t.profile_link) }
                }
                h2 { (state.t.reports.title) }
                table #own-reports {
                    thead { tr {
                        th scope="col" { (state.t.agreements.name) } th scope="col" { (t.deadline) }
                        th scope="col" { (state.t.reports.state) }
                    } }
                    tbody { @for (a, r) in &own { tr {
                        th scope="row" { a href=(href(a.id.as_str(), code.as_str())) { (a.name) } }
                        td { (a.deadline.as_deref().unwrap_or(format::DASH)) }
                        td { span.status { (r.as_ref().map(|r| r.state.label_sv()).unwrap_or(&state.t.reports.missing)) } }
                    } } }
                }
                h2 { (t.your_findings) }
                (table(&state, &findings, &[(code.to_string(), region.as_ref().map(|r| r.name.clone()).unwrap_or_default())]))
            }
        }
        Role::Analyst | Role::Admin => {
            let mut rates = Vec::new();
            let mut queue = 0usize;
            for a in &all {
                let r = reports::rates(&state.store, a).await?;
                queue += reports::list(&state.store, &a.id)
                    .await?
                    .iter()
                    .filter(|x| x.state == ReportState::Submitted)
                    .count();
                rates.push((a, r));
            }
            let mut surveys = Vec::new();
            for sv in survey::list(&state.store).await? {
                surveys.push((sv.id.clone(), sv.title, survey::status(&state.store, &sv.id).await?));
            }
            let user_count = users::list(&state.store).await?.len();
            html! {
                p { @if p.role == Role::Admin { (t.admin_intro) } @else { (t.analyst_intro) } }
                h2 { (t.review_queue) }
                p #review-queue {
                    @if queue == 0 { (t.review_empty) } @else {
                        a href="/redovisningar" { (uppsikt_domain::i18n::fill(&t.queue_count, &[("count", &queue)])) }
                    }
                }
                h2 { (t.reporting_rate) }
                table {
                    thead { tr {
                        th scope="col" { (state.t.agreements.name) } th scope="col" { (state.t.reports.submitted) }
                        th scope="col" { (state.t.reports.on_time) } th scope="col" { (state.t.reports.approved) }
                    } }
                    tbody { @for (a, r) in &rates { tr {
                        th scope="row" { a href=(format!("/redovisningar?overenskommelse={}", a.id)) { (a.name) } }
                        td.num { (r.submitted) " / " (r.expected) " (" (dec(r.submitted as f64 * 100.0 / r.expected.max(1) as f64, 0)) " %)" }
                        td.num { (r.on_time) }
                        td.num { (r.approved) }
                    } } }
                }
                h2 { (t.survey_rate) }
                table {
                    thead { tr { th scope="col" { (state.t.survey.list_title) } th scope="col" { (state.t.survey.rate) } } }
                    tbody { @for (id, title, s) in &surveys { tr {
                        th scope="row" { a href=(format!("/enkater/{id}")) { (title) } }
                        td.num { (s.responded) " / " (s.population)
                            @if let Some(r) = s.response_rate { " (" (dec(r, 1)) " %)" } }
                    } } }
                }
                (deadlines)
                @if p.role == Role::Admin {
                    h2 { (t.users_count) }
                    p { a href="/admin/anvandare" { (state.t.users.title) ": " (user_count) } }
                }
            }
        }
    };
    Ok(page(&state, &viewer, &t.title, body))
}
