//! The qualitative follow-up's pages: search and documents
//! (`/kvalitativt`), a document with its codings and the coding form
//! (`/kvalitativt/dokument/{id}`), and a theme with its quotes next to its
//! measures and indicators (`/kvalitativt/teman/{code}`). The region
//! profile shows the same link through [`themes_of_region`].
//!
//! Who reads what is one rule, [`uppsikt_domain::Actor::reads_document`]:
//! analysts and admins everything, a region its own reports' narratives,
//! everyone else nothing.

pub mod analysis;
pub mod document;
pub mod search;
pub mod theme;

use std::collections::BTreeMap;

use maud::{Markup, html};
use uppsikt_domain::format::opt_dec;
use uppsikt_domain::{Actor, RegionCode};
use uppsikt_store::qual::analysis::{Segment, SegmentFilter, segments};
use uppsikt_store::qual::codebook;
use uppsikt_store::{indicators, registry};

use crate::error::AppResult;
use crate::qual_access::scope;
use crate::state::AppState;

/// The segments of `code` (every code when `None`) the actor may read, in
/// `region` when given.
pub async fn visible_segments(
    state: &AppState,
    actor: &Actor,
    code: Option<&str>,
    region: Option<RegionCode>,
) -> AppResult<Vec<Segment>> {
    let forced = scope(actor)?;
    let filter = SegmentFilter {
        region: forced.map(|(r, _)| r).or(region),
        publishable_only: false,
    };
    let all = segments(&state.store, code, &filter).await?;
    Ok(all
        .into_iter()
        .filter(|s| actor.reads_document(s.kind, s.region.as_deref().and_then(|r| r.parse().ok())))
        .collect())
}

/// Region names by code.
pub async fn region_names(state: &AppState) -> AppResult<BTreeMap<String, String>> {
    Ok(registry::regions(&state.store)
        .await?
        .into_iter()
        .map(|r| (r.code.to_string(), r.name))
        .collect())
}

/// A quote with its place: the passage marked, a little context around it,
/// and the document it is from.
pub fn quote(state: &AppState, s: &Segment) -> Markup {
    let t = &state.t.qual_web;
    html! {
        figure.quote {
            blockquote { "…" (s.before.trim_start()) mark { (s.text) } (s.after.trim_end()) "…" }
            figcaption {
                (t.quote_from) " " a href=(format!("/kvalitativt/dokument/{}", s.doc_id)) { (s.title) }
                " (" (s.kind.label_sv()) ")"
                @if let Some(src) = &s.source { br; small { (state.t.site.source_label) ": " (src) } }
            }
        }
    }
}

/// What every indicator series on a page reads once: the definitions and
/// the region names.
pub struct SeriesContext {
    defs: Vec<uppsikt_domain::IndicatorDef>,
    names: BTreeMap<String, String>,
}

impl SeriesContext {
    /// Reads the definitions and the region names.
    pub async fn load(state: &AppState) -> AppResult<SeriesContext> {
        Ok(SeriesContext {
            defs: indicators::definitions(&state.store).await?,
            names: region_names(state).await?,
        })
    }
}

/// For each linked indicator, its yearly values for `regions` next to the nation's.
pub async fn indicator_series(
    state: &AppState,
    ctx: &SeriesContext,
    ids: &[String],
    regions: &[String],
) -> AppResult<Markup> {
    let t = &state.t.qual_web;
    if ids.is_empty() {
        return Ok(html! { p { (t.no_indicators) } });
    }
    let (defs, names) = (&ctx.defs, &ctx.names);
    let mut tables = Vec::new();
    for id in ids {
        let cells: Vec<_> = indicators::list(&state.store, Some(id))
            .await?
            .into_iter()
            .map(|(c, _)| c.masked())
            .filter(|c| c.sex == "alla" && c.period.len() == 4)
            .collect();
        let periods: std::collections::BTreeSet<&str> = cells.iter().map(|c| c.period.as_str()).collect();
        let value = |region: &str, period: &str| {
            cells
                .iter()
                .find(|c| c.region == region && c.period == period)
                .map(|c| {
                    if c.suppressed {
                        "•".to_string()
                    } else {
                        opt_dec(c.value, 1)
                    }
                })
                .unwrap_or_else(|| state.t.common.dash.clone())
        };
        let def = defs.iter().find(|d| d.id.as_ref() == id.as_str());
        tables.push(html! {
            h4 { (def.map_or(id.as_str(), |d| d.name_sv.as_ref())) @if let Some(d) = def { " (" (d.unit_sv) ")" } }
            @if periods.is_empty() { p { (state.t.indicators.none) } } @else {
                div.scroll tabindex="0" { table.indicator-series {
                    thead { tr {
                        th scope="col" { (t.period) }
                        @for r in regions { th scope="col" { (names.get(r).map_or(r.as_str(), String::as_str)) } }
                        th scope="col" { (t.indicator_nation) }
                    } }
                    tbody { @for p in &periods { tr {
                        th scope="row" { (p) }
                        @for r in regions { td.num { (value(r, p)) } }
                        td.num { (value("00", p)) }
                    } } }
                } }
            }
        });
    }
    Ok(html! { @for t in tables { (t) } })
}

/// The region profile's themes: per code with quotes about `region` that the
/// actor may read, up to three quotes, next to the theme's indicators for the
/// region and the nation.
pub async fn themes_of_region(state: &AppState, actor: &Actor, region: RegionCode) -> AppResult<Option<Markup>> {
    let codes = codebook::all(&state.store).await?;
    // Every segment about the region once, each under its top-level theme.
    let top_of = |code: &str| {
        let mut c = code;
        for _ in 0..=codes.len() {
            match codes
                .iter()
                .find(|x| x.code_id == c)
                .and_then(|x| x.parent_id.as_deref())
            {
                Some(p) => c = p,
                None => break,
            }
        }
        c.to_string()
    };
    let mut by_theme: BTreeMap<String, Vec<Segment>> = BTreeMap::new();
    for s in visible_segments(state, actor, None, Some(region)).await? {
        by_theme.entry(top_of(&s.code_id)).or_default().push(s);
    }
    let ctx = SeriesContext::load(state).await?;
    let mut blocks = Vec::new();
    for c in codes.iter().filter(|c| c.parent_id.is_none()) {
        let Some(segs) = by_theme.remove(&c.code_id) else {
            continue;
        };
        let series = indicator_series(state, &ctx, &c.indicators, &[region.as_str().to_string()]).await?;
        blocks.push((c, segs, series));
    }
    if blocks.is_empty() {
        return Ok(None);
    }
    let t = &state.t.qual_web;
    Ok(Some(html! {
        section #teman {
            h2 { (t.region_themes) }
            p.hint { (t.region_themes_intro) }
            @for (c, segs, series) in &blocks {
                h3 { (c.name) " " small { a href=(format!("/kvalitativt/teman/{}", c.code_id)) { (t.open_theme) } } }
                div.side-by-side {
                    div { @for s in segs.iter().take(3) { (quote(state, s)) }
                          @if segs.len() > 3 { p.hint { (uppsikt_domain::tr!(qual_web.more_quotes, count = segs.len() - 3)) } } }
                    div { (series) }
                }
            }
        }
    }))
}
