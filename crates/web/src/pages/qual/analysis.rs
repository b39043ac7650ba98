//! `GET /kvalitativt/analys` (analysts): the code × region matrix as a heat
//! map, the co-occurrence of codes, and inter-coder agreement between two
//! chosen coders.

use std::collections::{BTreeMap, BTreeSet};

use axum::extract::State;
use maud::{Markup, html};
use serde::Deserialize;
use uppsikt_domain::format::dec;
use uppsikt_store::qual::{analysis, codebook, codings};

use super::region_names;
use crate::auth::Viewer;
use crate::error::AppResult;
use crate::extract::Query;
use crate::pages::layout::page;
use crate::state::AppState;

/// The two coders to compare.
#[derive(Debug, Deserialize, Default)]
pub struct Coders {
    /// Coder A.
    #[serde(default)]
    pub a: String,
    /// Coder B.
    #[serde(default)]
    pub b: String,
}

/// The heat level 0–4 of `n` against the largest value.
fn level(n: u64, max: u64) -> u64 {
    if n == 0 || max == 0 {
        0
    } else {
        (4 * n).div_ceil(max).clamp(1, 4)
    }
}

/// `GET /kvalitativt/analys`
pub async fn show(State(state): State<AppState>, viewer: Viewer, Query(c): Query<Coders>) -> AppResult<Markup> {
    viewer.require_that(|a| a.reads_everything())?;
    let t = &state.t.qual_analysis;
    let cells = analysis::matrix(&state.store).await?;
    let codes = codebook::all(&state.store).await?;
    let names = region_names(&state).await?;
    let regions: BTreeSet<&str> = cells.iter().map(|c| c.region.as_str()).collect();
    let grid: BTreeMap<(&str, &str), (u64, u64)> = cells
        .iter()
        .map(|c| ((c.code_id.as_str(), c.region.as_str()), (c.codings, c.documents)))
        .collect();
    let max = cells.iter().map(|c| c.codings).max().unwrap_or(0);
    let pairs = analysis::cooccurrence(&state.store).await?;
    let code_name = |id: &str| {
        codes
            .iter()
            .find(|c| c.code_id == id)
            .map_or(id.to_string(), |c| c.name.clone())
    };
    let coders: BTreeSet<String> = codings::all(&state.store).await?.into_iter().map(|c| c.coder).collect();
    let agreement = if !c.a.is_empty() && !c.b.is_empty() && c.a != c.b {
        Some(analysis::agreement(&state.store, &c.a, &c.b).await?)
    } else {
        None
    };
    let region_label = |r: &str| {
        if r == "00" {
            state.t.qual_web.region_00.clone()
        } else {
            names.get(r).cloned().unwrap_or_else(|| r.to_string())
        }
    };
    let body = html! {
        p { (t.intro) }
        @if cells.is_empty() { p { (t.none) } } @else {
            div.scroll tabindex="0" { table.heat #matris {
                caption { (t.heat_caption) }
                thead { tr {
                    th scope="col" { (state.t.qual_web.theme) }
                    @for r in &regions { th scope="col" { (region_label(r)) } }
                } }
                tbody { @for code in &codes {
                    @if regions.iter().any(|r| grid.contains_key(&(code.code_id.as_str(), *r))) {
                        tr {
                            th scope="row" { @if code.parent_id.is_some() { "– " }
                                a href=(format!("/kvalitativt/teman/{}", code.code_id)) { (code.name) } }
                            @for r in &regions {
                                @let (n, d) = grid.get(&(code.code_id.as_str(), *r)).copied().unwrap_or((0, 0));
                                td.num class=(format!("heat-{}", level(n, max))) { @if n > 0 { (n) " (" (d) ")" } }
                            }
                        }
                    }
                } }
            } }
        }
        h2 #samforekomst { (t.cooccurrence) }
        p.hint { (t.cooccurrence_intro) }
        @if pairs.is_empty() { p { (t.none) } } @else {
            div.scroll tabindex="0" { table {
                thead { tr { th scope="col" { (t.code_a) } th scope="col" { (t.code_b) } th scope="col" { (t.overlaps) } th scope="col" { (t.documents) } } }
                tbody { @for p in &pairs { tr {
                    th scope="row" { (code_name(&p.code_a)) } td { (code_name(&p.code_b)) } td.num { (p.overlaps) } td.num { (p.documents) }
                } } }
            } }
        }
        h2 #overensstammelse { (t.agreement) }
        p.hint { (t.agreement_intro) }
        form.inline method="get" action="/kvalitativt/analys#overensstammelse" {
            label for="a" { (t.coder_a) }
            select #a name="a" { @for x in &coders { option value=(x) selected[*x == c.a] { (x) } } }
            label for="b" { (t.coder_b) }
            select #b name="b" { @for x in &coders { option value=(x) selected[*x == c.b] { (x) } } }
            button type="submit" { (t.compare) }
        }
        @if let Some(rows) = &agreement {
            div.scroll tabindex="0" { table #agreement {
                thead { tr {
                    th scope="col" { (state.t.qual_web.theme) } th scope="col" { (t.units) } th scope="col" { (t.agree) }
                    th scope="col" { (t.percent) } th scope="col" { (t.kappa) }
                } }
                tbody { @for r in rows { tr {
                    th scope="row" { (code_name(&r.code_id)) } td.num { (r.units) } td.num { (r.agree) }
                    td.num { (dec(r.percent, 1)) } td.num { (r.kappa.map_or_else(|| state.t.common.dash.clone(), |k| dec(k, 3))) }
                } } }
            } }
        }
    };
    Ok(page(&state, &viewer, &t.title, body))
}

#[cfg(test)]
mod tests {
    #[test]
    fn heat_levels() {
        assert_eq!(super::level(0, 10), 0);
        assert_eq!(super::level(1, 10), 1);
        assert_eq!(super::level(10, 10), 4);
        assert_eq!(super::level(6, 10), 3);
    }
}
