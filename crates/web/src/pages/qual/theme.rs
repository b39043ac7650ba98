//! `GET /kvalitativt/teman/{code}`: one theme, side by side per region: its
//! coded quotes, the region's measures with status and cost, and the
//! indicators linked to the theme as a series next to the nation's value.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use maud::{Markup, html};
use uppsikt_domain::format::kronor;
use uppsikt_domain::{Measure, RegionCode};
use uppsikt_store::qual::codebook;
use uppsikt_store::{agreements, reports};

use super::{SeriesContext, indicator_series, quote, visible_segments};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::layout::page;
use crate::qual_access::scope;
use crate::state::AppState;

/// `GET /kvalitativt/teman/{code}`
pub async fn show(State(state): State<AppState>, viewer: Viewer, Path(code): Path<String>) -> AppResult<Markup> {
    let actor = viewer.require()?;
    scope(&actor)?;
    uppsikt_store::qual::narratives::sync(&state.store).await?;
    let codes = codebook::all(&state.store).await?;
    let theme = codes.iter().find(|c| c.code_id == code).ok_or(AppError::NotFound)?;
    let t = &state.t.qual_web;
    let segs = visible_segments(&state, &actor, Some(&code), None).await?;
    let mut by_region: BTreeMap<String, Vec<_>> = BTreeMap::new();
    for s in &segs {
        by_region
            .entry(s.region.clone().unwrap_or_else(|| "00".into()))
            .or_default()
            .push(s);
    }
    let ctx = SeriesContext::load(&state).await?;
    let names = &ctx.names;
    let regions: Vec<String> = by_region.keys().filter(|r| *r != "00").cloned().collect();
    let series = indicator_series(&state, &ctx, &theme.indicators, &regions).await?;
    let latest = agreements::latest_with_reports(&state.store).await?;
    let mut measures: BTreeMap<String, Vec<Measure>> = BTreeMap::new();
    if let Some(a) = &latest {
        for r in &regions {
            let Ok(code) = r.parse::<RegionCode>() else { continue };
            if let Some(report) = reports::get(&state.store, &a.id, code).await? {
                measures.insert(r.clone(), report.content.measures);
            }
        }
    }
    let rt = &state.t.region;
    let body = html! {
        @if !theme.description.is_empty() { p { (theme.description) } }
        @if let Some(parent) = theme.parent_id.as_ref().and_then(|p| codes.iter().find(|c| &c.code_id == p)) {
            p { (t.theme) ": " a href=(format!("/kvalitativt/teman/{}", parent.code_id)) { (parent.name) } }
        }
        h2 { (t.indicators_heading) }
        (series)
        h2 { (t.quotes) }
        @if by_region.is_empty() { p { (t.no_quotes) } }
        @for (region, quotes) in &by_region {
            section.theme-region {
                h3 { (if region == "00" { t.region_00.clone() } else { names.get(region).cloned().unwrap_or_else(|| region.clone()) }) }
                div.side-by-side {
                    div { @for s in quotes { (quote(&state, s)) } }
                    @if let (Some(a), Some(ms)) = (&latest, measures.get(region)) {
                        div {
                            h4 { (t.measures) " (" (a.name) ")" }
                            @if ms.is_empty() { p { (rt.no_measures) } } @else {
                                ul.measures { @for m in ms { li {
                                    (m.title)
                                    @if let Some(st) = m.status { " – " (st.label_sv()) }
                                    @if let Some(c) = m.cost { " – " (kronor(c.0)) }
                                } } }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(page(&state, &viewer, &format!("{}: {}", t.theme, theme.name), body))
}
