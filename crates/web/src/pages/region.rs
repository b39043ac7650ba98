//! The region profile: the four SOU 2018:39 quantities over the years, and
//! measures per agreement next to the region's strategy and web booking.

use axum::extract::{Path, State};
use maud::{Markup, html};
use uppsikt_domain::format::{self, int, opt_int};
use uppsikt_domain::source::cite;
use uppsikt_domain::{Measure, RegionCode};
use uppsikt_store::{agreements, registry, reports, strategies, web_booking};

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::layout::page;
use crate::state::AppState;

/// `GET /regioner/{code}`: analysts and admins see every region, a region user only its own.
pub async fn show(State(state): State<AppState>, viewer: Viewer, Path(code): Path<String>) -> AppResult<Markup> {
    let p = viewer.require()?;
    let code: RegionCode = code.parse().map_err(|_| AppError::NotFound)?;
    if !p.reads_region(code) {
        return Err(AppError::Forbidden);
    }
    let t = &state.t.region;
    let region = registry::region(&state.store, code).await?.ok_or(AppError::NotFound)?;
    let mut per_agreement: Vec<(_, Vec<Measure>)> = Vec::new();
    for a in agreements::list(&state.store).await? {
        let ms = reports::get(&state.store, &a.id, code)
            .await?
            .map(|r| r.content.measures)
            .unwrap_or_default();
        per_agreement.push((a, ms));
    }
    let strategies: Vec<_> = strategies::list(&state.store)
        .await?
        .into_iter()
        .filter(|s| s.region == code)
        .collect();
    let booking: Vec<_> = web_booking::list(&state.store)
        .await?
        .into_iter()
        .filter(|w| w.region == code)
        .collect();
    let themes = crate::pages::qual::themes_of_region(&state, &p, code).await?;
    let quantities = crate::pages::sou::four_quantities(&state, code, &region.name).await?;
    let body = html! {
        p { (uppsikt_domain::tr!(region.residents, organisation = region.organisation,
                                 population = int(region.population), year = region.population_year)) }
        @if let Some(q) = &quantities { (q) }
        h2 { (t.measures) }
        @for (a, ms) in &per_agreement {
            @if !ms.is_empty() {
                h3 { (a.name) }
                div.scroll tabindex="0" { table {
                    thead { tr {
                        th scope="col" { (t.seq) } th scope="col" { (t.measure_title) }
                        th scope="col" { (t.amount) } th scope="col" { (t.area) } th scope="col" { (t.source) }
                    } }
                    tbody { @for (i, m) in ms.iter().enumerate() { tr {
                        td { (i + 1) }
                        th scope="row" { (m.title) }
                        td.num { (opt_int(m.cost.map(|s| s.0))) @if m.approx { " (" (t.approx) ")" } }
                        td { (m.area.as_deref().and_then(|id| a.area(id)).map(|x| x.name.as_str())
                            .or(m.earmark.as_deref().and_then(|id| a.earmark(id)).map(|x| x.name.as_str()))
                            .unwrap_or(format::DASH)) }
                        td.small { (m.source.as_ref().map(|s| s.citation()).unwrap_or_else(|| t.reported_by_region.clone())) }
                    } } }
                } }
            }
        }
        @if per_agreement.iter().all(|(_, ms)| ms.is_empty()) { p { (t.no_measures) } }
        @if !strategies.is_empty() {
            h2 { (t.strategies) }
            table {
                thead { tr {
                    th scope="col" { (t.year) } th scope="col" { (t.dokument) }
                    th scope="col" { (t.politiskt_beslut) } th scope="col" { (t.gemensamt) }
                } }
                tbody { @for s in &strategies { tr {
                    th scope="row" { (s.year) } td { (s.dokument) } td { (s.politiskt_beslut) } td { (s.gemensamt_med_kommunerna) }
                } } }
            }
            p.caption { (state.t.site.source_label) ": " (cite(&strategies[0].source_seed, &strategies[0].source_section)) }
        }
        @if !booking.is_empty() {
            h2 { (t.web_booking) }
            table {
                thead { tr { th scope="col" { (t.period) } th scope="col" { (t.visa_tid) } th scope="col" { (t.boka_tid) } } }
                tbody { @for w in &booking { tr {
                    th scope="row" { (w.period) } td.num { (w.visa_tid) } td.num { (w.boka_tid) }
                } } }
            }
            p.caption { (state.t.site.source_label) ": " (cite(&booking[0].source_seed, &booking[0].source_section)) }
        }
    };
    let body = html! { (body) @if let Some(themes) = themes { (themes) } };
    Ok(page(&state, &viewer, &format!("{}: {}", t.title, region.name), body))
}
