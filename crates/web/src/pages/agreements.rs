//! Agreements and their allocation per region.

use axum::extract::{Path, State};
use maud::{Markup, html};
use uppsikt_store::{agreements, allocation_table};

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::layout::page;
use crate::state::AppState;
use uppsikt_domain::format::{dec, int, opt_int};

/// `GET /overenskommelser`: any signed-in user.
pub async fn list(State(state): State<AppState>, viewer: Viewer) -> AppResult<Markup> {
    viewer.require()?;
    let t = &state.t.agreements;
    let all = agreements::list(&state.store).await?;
    let body = html! {
        p { (t.intro) }
        table {
            thead { tr {
                th scope="col" { (t.name) } th scope="col" { (t.year) }
                th scope="col" { (t.total) } th scope="col" { (t.deadline) }
            } }
            tbody {
                @for a in &all {
                    tr {
                        th scope="row" { a href=(format!("/overenskommelser/{}", a.id)) { (a.name) } }
                        td { (a.year) }
                        td.num { (opt_int(a.total_sek.map(|s| s.0))) }
                        td { (a.deadline.as_deref().unwrap_or("–")) }
                    }
                }
            }
        }
    };
    Ok(page(&state, &viewer, &t.title, body))
}

/// `GET /overenskommelser/{id}`: the allocation table.
pub async fn show(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> AppResult<Markup> {
    let p = viewer.require()?;
    let t = &state.t.agreements;
    let a = agreements::get(&state.store, &id)
        .await
        .map_err(|_| AppError::NotFound)?;
    let rows = allocation_table::grant_table(&state.store, &a).await?;
    let body = html! {
        p { (t.allocation_intro) }
        @if let Some(total) = a.total_sek { p { (t.total) ": " (int(total.0)) " kr" } }
        @if let Some(note) = &a.total_note { p { (note) } }
        h2 { (t.allocation_title) }
        div.scroll tabindex="0" {
            table {
                thead { tr {
                    th scope="col" { (t.region) } th scope="col" { (t.population) } th scope="col" { (t.share) }
                    th scope="col" { (t.allocated) } th scope="col" { (t.received) } th scope="col" { (t.spent) }
                } }
                tbody {
                    @for r in &rows {
                        tr {
                            th scope="row" {
                                @if p.reads_region(r.region.parse().map_err(|_| AppError::NotFound)?) {
                                    a href=(format!("/regioner/{}", r.region)) { (r.name) }
                                } @else { (r.name) }
                            }
                            td.num { (int(r.population)) }
                            td.num { (dec(r.share_percent, 2)) }
                            td.num { (opt_int(r.allocated_sek)) }
                            td.num { (opt_int(r.received_sek)) }
                            td.num { (opt_int(r.spent_sek)) }
                        }
                    }
                }
            }
        }
        p.caption { (state.t.site.source_label) ": " (uppsikt_domain::source::cite_all(&a.source)) }
    };
    Ok(page(&state, &viewer, &a.name, body))
}
