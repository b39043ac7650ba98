//! `/indikatorer/utgavor`: every indicator release and every revised value,
//! so that no revision comes unannounced. Public, like the figures.

use axum::extract::State;
use maud::{Markup, html};
use uppsikt_domain::format::dec;
use uppsikt_domain::registry::area_name;
use uppsikt_store::indicators::releases::{self, Revision};
use uppsikt_store::{indicators, registry};

use crate::auth::Viewer;
use crate::error::AppResult;
use crate::pages::layout::page;
use crate::state::AppState;

/// At most this many revisions on the page, newest release first; the API has them all.
const SHOWN_REVISIONS: usize = 500;

/// `GET /indikatorer/utgavor`
pub async fn show(State(state): State<AppState>, viewer: Viewer) -> AppResult<Markup> {
    let t = &state.t.releases;
    let all = releases::releases(&state.store).await?;
    let mut revisions = releases::revisions(&state.store, None, None).await?;
    revisions.reverse();
    let more = revisions.len().saturating_sub(SHOWN_REVISIONS);
    revisions.truncate(SHOWN_REVISIONS);
    let defs = indicators::definitions(&state.store).await?;
    let regions = registry::regions(&state.store).await?;
    let indicator = |id: &str| {
        defs.iter()
            .find(|d| d.id == id)
            .map_or_else(|| id.to_string(), |d| d.name_sv.to_string())
    };
    let region = |code: &str| area_name(&regions, code);
    let sex = |s: &str| match s {
        "K" => state.t.indicators.sex_k.as_str(),
        "M" => state.t.indicators.sex_m.as_str(),
        _ => state.t.indicators.sex_all.as_str(),
    };
    let day = |at: &str| at.get(..10).unwrap_or(at).to_string();
    let body = html! {
        p { (t.intro) }
        @if all.is_empty() { p { (state.t.release.no_releases) } } @else {
            div.scroll tabindex="0" { table #releases {
                caption { (t.releases_caption) }
                thead { tr {
                    th scope="col" { (t.number) } th scope="col" { (t.published) } th scope="col" { (t.by) }
                    th scope="col" { (state.t.indicators.source) } th scope="col" { (t.cells) }
                    th scope="col" { (t.suppressed) } th scope="col" { (t.revised) } th scope="col" { (t.checksum) }
                } }
                tbody { @for r in &all { tr {
                    th scope="row" { a href=(format!("/api/v1/indicators/releases/{}", r.id)) { (r.id) } }
                    td { time datetime=(r.published_at) { (day(&r.published_at)) } }
                    td { (r.published_by) }
                    td {
                        (r.source)
                        @if r.synthetic { " " strong.synthetic { "(" (state.t.release.synthetic_mark) ")" } }
                    }
                    td.num { (r.cells) } td.num { (r.suppressed) } td.num { (r.revised) }
                    td { code title=(r.input_sha256) { (r.input_sha256.get(..12).unwrap_or(&r.input_sha256)) } }
                } } }
            } }
            h2 #revisions-h { (t.revisions_title) }
            @if revisions.is_empty() { p { (state.t.release.no_revisions) } } @else {
                div.scroll tabindex="0" { table #revisions {
                    caption { (t.revisions_caption) }
                    thead { tr {
                        th scope="col" { (t.number) } th scope="col" { (t.published) } th scope="col" { (t.by) }
                        th scope="col" { (state.t.indicators.indicator) } th scope="col" { (state.t.indicators.region) }
                        th scope="col" { (state.t.indicators.period) } th scope="col" { (state.t.indicators.sex) }
                        th scope="col" { (t.old) } th scope="col" { (t.new) }
                    } }
                    tbody { @for v in &revisions { tr {
                        th scope="row" { (v.release) }
                        td { time datetime=(v.published_at) { (day(&v.published_at)) } }
                        td { (v.published_by) }
                        td { (indicator(&v.indicator)) } td { (region(&v.region)) }
                        td { (v.period) } td { (sex(&v.sex)) }
                        td.num { (old_value(&state, v)) } td.num { (new_value(&state, v)) }
                    } } }
                } }
                @if more > 0 { p.caption { (uppsikt_domain::tr!(releases.more, count = more)) } }
            }
        }
    };
    Ok(page(&state, &viewer, &t.title, body))
}

fn old_value(state: &AppState, v: &Revision) -> String {
    if v.old_suppressed {
        state.t.release.suppressed_value.clone()
    } else {
        v.old_value.map_or_else(|| "–".into(), |x| dec(x, 1))
    }
}

fn new_value(state: &AppState, v: &Revision) -> String {
    match v.new_suppressed {
        None => state.t.release.removed.clone(),
        Some(true) => state.t.release.suppressed_value.clone(),
        Some(false) => v.new_value.map_or_else(|| "–".into(), |x| dec(x, 1)),
    }
}
