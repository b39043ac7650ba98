//! `GET /kvalitativt`: search the documents in Swedish, with filters; without
//! words, the list of documents and the codebook's themes.

use axum::extract::State;
use maud::{Markup, html};
use uppsikt_domain::qual::DocKind;
use uppsikt_domain::tr;
use uppsikt_store::agreements;
use uppsikt_store::qual::{analysis, codebook, documents};

use super::region_names;
use crate::auth::Viewer;
use crate::error::AppResult;
use crate::extract::Query;
use crate::pages::layout::page;
use crate::qual_access::{SearchParams, run, scope, some};
use crate::state::AppState;

/// `GET /kvalitativt`
pub async fn show(State(state): State<AppState>, viewer: Viewer, Query(p): Query<SearchParams>) -> AppResult<Markup> {
    let actor = viewer.require()?;
    let forced = scope(&actor)?;
    let t = &state.t.qual_web;
    let names = region_names(&state).await?;
    let codes = codebook::all(&state.store).await?;
    let agreements = agreements::list(&state.store).await?;
    let searching = !p.q.trim().is_empty();
    let hits = if searching {
        Some(run(&state, &actor, &p, 50).await?)
    } else {
        None
    };
    let listed = if searching {
        Vec::new()
    } else {
        uppsikt_store::qual::narratives::sync(&state.store).await?;
        let coded = match some(&p.kod) {
            Some(code) => Some(analysis::documents_coded(&state.store, &code).await?),
            None => None,
        };
        documents::list(&state.store, forced.map(|(r, _)| r))
            .await?
            .into_iter()
            .filter(|d| forced.is_none_or(|(_, k)| d.kind == k.code()))
            .filter(|d| some(&p.region).is_none_or(|r| d.region.as_deref() == Some(r.as_str())))
            .filter(|d| some(&p.typ).is_none_or(|k| d.kind == k))
            .filter(|d| some(&p.overenskommelse).is_none_or(|a| d.agreement.as_deref() == Some(a.as_str())))
            .filter(|d| coded.as_ref().is_none_or(|ids| ids.contains(&d.doc_id)))
            .collect()
    };
    let frequencies = if actor.reads_everything() {
        analysis::frequencies(&state.store).await?
    } else {
        Vec::new()
    };
    let kind_label = |k: &str| {
        k.parse::<DocKind>()
            .map_or_else(|_| k.to_string(), |k| k.label_sv().to_string())
    };
    let region_label = |r: &Option<String>| {
        r.as_ref()
            .map(|r| names.get(r).cloned().unwrap_or_else(|| r.clone()))
            .unwrap_or_default()
    };
    let selected = |v: &str, current: &str| v == current;
    let body = html! {
        p { (if forced.is_some() { &t.intro_region } else { &t.intro }) }
        form.search method="get" action="/kvalitativt" role="search" {
            div.field {
                label for="q" { (t.search_label) }
                input #q type="search" name="q" value=(p.q) aria-describedby="q-hint";
                p.hint #q-hint { (t.search_hint) }
            }
            div.inline {
                @if forced.is_none() {
                    label for="f-region" { (t.filter_region) }
                    select #f-region name="region" {
                        option value="" { (t.all) }
                        @for (code, name) in &names { option value=(code) selected[selected(code, &p.region)] { (name) } }
                    }
                    label for="f-typ" { (t.filter_kind) }
                    select #f-typ name="typ" {
                        option value="" { (t.all) }
                        @for k in DocKind::ALL { option value=(k.code()) selected[selected(k.code(), &p.typ)] { (k.label_sv()) } }
                    }
                }
                label for="f-overenskommelse" { (t.filter_agreement) }
                select #f-overenskommelse name="overenskommelse" {
                    option value="" { (t.all) }
                    @for a in &agreements { option value=(a.id) selected[selected(a.id.as_str(), &p.overenskommelse)] { (a.name) } }
                }
                label for="f-kod" { (t.filter_code) }
                select #f-kod name="kod" {
                    option value="" { (t.all) }
                    @for c in &codes { option value=(c.code_id) selected[selected(&c.code_id, &p.kod)] {
                        @if c.parent_id.is_some() { "– " } (c.name)
                    } }
                }
                button type="submit" { (t.search_button) }
            }
        }
        @if let Some(hits) = &hits {
            h2 { (if hits.is_empty() { t.no_results.clone() } else { tr!(qual_web.results, count = hits.len()) }) }
            ol.hits #traffar { @for h in hits { li {
                a href=(format!("/kvalitativt/dokument/{}", h.doc_id)) { (h.title) }
                @for passage in &h.passages {
                    p.snippet { @for (text, marked) in passage { @if *marked { mark { (text) } } @else { (text) } } }
                }
            } } }
        } @else {
            h2 { (t.documents) }
            @if listed.is_empty() { p { (t.no_documents) } } @else {
                div.scroll tabindex="0" { table #dokument {
                    thead { tr {
                        th scope="col" { (t.doc_title) } th scope="col" { (t.doc_kind) } th scope="col" { (t.doc_region) }
                        th scope="col" { (t.doc_date) } th scope="col" { (t.doc_codings) } th scope="col" { (t.source) }
                    } }
                    tbody { @for d in &listed { tr {
                        th scope="row" { a href=(format!("/kvalitativt/dokument/{}", d.doc_id)) { (d.title) } }
                        td { (kind_label(&d.kind)) }
                        td { (region_label(&d.region)) }
                        td.nowrap { (d.date.as_deref().unwrap_or("")) }
                        td.num { (d.codings) }
                        td { small { (d.source.as_deref().unwrap_or("")) } }
                    } } }
                } }
            }
        }
        @if !frequencies.is_empty() {
            p { a href="/kvalitativt/analys" { (state.t.qual_analysis.link) } }
            h2 #teman { (t.themes) }
            p.hint { (t.themes_intro) }
            div.scroll tabindex="0" { table {
                thead { tr {
                    th scope="col" { (t.theme) } th scope="col" { (t.theme_documents) } th scope="col" { (t.theme_codings) }
                    th scope="col" { (t.theme_indicators) }
                } }
                tbody { @for f in &frequencies {
                    @let code = codes.iter().find(|c| c.code_id == f.code_id);
                    tr {
                        th scope="row" {
                            @if code.is_some_and(|c| c.parent_id.is_some()) { "– " }
                            a href=(format!("/kvalitativt/teman/{}", f.code_id)) { (f.name) }
                        }
                        td.num { (f.documents) } td.num { (f.codings) }
                        td { (code.map(|c| c.indicators.join(", ")).unwrap_or_default()) }
                    }
                } }
            } }
        }
    };
    Ok(page(&state, &viewer, &t.title, body))
}
