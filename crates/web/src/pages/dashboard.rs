//! Dashboards per role.

use axum::extract::State;
use maud::{Markup, html};
use uppsikt_domain::access::Role;
use uppsikt_store::{agreements, grants, registry, users};

use crate::auth::Viewer;
use crate::error::AppResult;
use crate::pages::findings::{table, visible_findings};
use crate::pages::format::dec;
use crate::pages::layout::page;
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
        Role::Region => {
            let code = p.region.expect("region users are bound to a region");
            let region = registry::regions(&state.store)
                .await?
                .into_iter()
                .find(|r| r.code == code);
            let mut findings = Vec::new();
            for a in &all {
                findings.extend(visible_findings(&state, &p, a.id.as_str()).await?);
            }
            html! {
                p { (t.region_intro) }
                h2 { (t.your_region) }
                p {
                    (region.map(|r| r.organisation).unwrap_or_default()) " – "
                    a href=(format!("/regioner/{code}")) { (t.profile_link) }
                }
                (deadlines)
                h2 { (t.your_findings) }
                (table(&state, &findings))
            }
        }
        Role::Analytiker | Role::Admin => {
            let mut rates = Vec::new();
            for a in &all {
                let ms = grants::measures(&state.store, &a.id).await?;
                let mut regions: Vec<_> = ms.iter().map(|m| m.region).collect();
                regions.sort();
                regions.dedup();
                rates.push((a, regions.len()));
            }
            let user_count = users::list(&state.store).await?.len();
            html! {
                p { @if p.role == Role::Admin { (t.admin_intro) } @else { (t.analyst_intro) } }
                h2 { (t.reporting_rate) }
                table {
                    thead { tr { th scope="col" { (state.t.agreements.name) } th scope="col" { (t.reporting_rate) } } }
                    tbody { @for (a, n) in &rates { tr {
                        th scope="row" { (a.name) }
                        td.num { (n) " / 21 (" (dec(*n as f64 * 100.0 / 21.0, 0)) " %)" }
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
