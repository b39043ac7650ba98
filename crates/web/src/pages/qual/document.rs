//! `GET /kvalitativt/dokument/{id}`: one document, its coded spans
//! highlighted, its codings listed; for analysts the form that codes a
//! selected span (`POST …/kodningar`) and the buttons that remove one
//! (`POST …/kodningar/ta-bort`). The text is rendered exactly as stored, so
//! the page's script can count a selection's positions in scalar values.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use uppsikt_domain::qual::{Coding, byte_range};
use uppsikt_store::qual::{codebook, codings, documents};

use super::region_names;
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Query};
use crate::pages::layout::{csrf_field, page};
use crate::qual_access::{CodingForm, add, position};
use crate::state::AppState;

/// Where the page came from (after a coding was saved or removed).
#[derive(Debug, Deserialize, Default)]
pub struct Done {
    /// `kodad` or `borttagen`.
    #[serde(default)]
    pub klart: Option<String>,
}

/// The text cut at every coding's boundaries, each piece with the codings covering it.
fn pieces<'a>(text: &'a str, all: &'a [Coding]) -> Vec<(&'a str, Vec<&'a Coding>)> {
    let mut bounds: Vec<usize> = all.iter().flat_map(|c| [c.start as usize, c.end as usize]).collect();
    bounds.push(0);
    bounds.push(uppsikt_domain::qual::char_len(text));
    bounds.sort_unstable();
    bounds.dedup();
    bounds
        .windows(2)
        .filter_map(|w| {
            let range = byte_range(text, w[0], w[1])?;
            let covering = all
                .iter()
                .filter(|c| (c.start as usize) <= w[0] && w[1] <= c.end as usize)
                .collect();
            Some((&text[range], covering))
        })
        .collect()
}

/// `GET /kvalitativt/dokument/{id}`
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> AppResult<Markup> {
    let actor = viewer.require()?;
    uppsikt_store::qual::narratives::sync(&state.store).await?;
    let doc = documents::get(&state.store, &id).await?;
    let d = &doc.input;
    if !actor.reads_document(d.kind, d.region) {
        return Err(AppError::Forbidden);
    }
    let t = &state.t.qual_web;
    let all = codings::of_document(&state.store, &id).await?;
    let codes = codebook::all(&state.store).await?;
    let code_name = |c: &str| {
        codes
            .iter()
            .find(|x| x.code_id == c)
            .map_or(c.to_string(), |x| x.name.clone())
    };
    let names = region_names(&state).await?;
    let may_code = actor.codes_documents();
    let body = html! {
        @if let Some(k) = &done.klart {
            p.notice role="status" { (if k == "borttagen" { &t.removed } else { &t.coded }) }
        }
        dl.meta {
            dt { (t.doc_id) } dd { code { (d.doc_id) } }
            dt { (t.doc_kind) } dd { (d.kind.label_sv()) }
            @if let Some(r) = &d.region { dt { (t.doc_region) } dd { (names.get(r.as_str()).map_or(r.as_str(), String::as_str)) } }
            @if let Some(a) = &d.agreement { dt { (t.doc_agreement) } dd { (a) } }
            @if let Some(x) = &d.date { dt { (t.doc_date) } dd { (x) } }
            @if let Some(x) = &d.participants { dt { (t.doc_participants) } dd { (x) } }
            @if let Some(x) = &d.source { dt { (t.source) } dd { (x) } }
        }
        @if !d.kind.publishable() { p.hint { (t.internal) } }
        h2 #text-heading { (t.text_label) }
        div #doc-text .doc-text tabindex="0" aria-labelledby="text-heading" data-length=(doc.length) {
            @for (text, covering) in pieces(&d.text, &all) {
                @if covering.is_empty() { (text) } @else {
                    mark.coded title=(covering.iter().map(|c| format!("{} ({})", code_name(&c.code_id), c.coder)).collect::<Vec<_>>().join("; "))
                        data-codes=(covering.iter().map(|c| c.code_id.as_str()).collect::<Vec<_>>().join(" ")) { (text) }
                }
            }
        }
        @if may_code {
            @if let Some(csrf) = viewer.csrf() {
                form #coding-form .coding method="post" action=(format!("/kvalitativt/dokument/{id}/kodningar")) {
                    (csrf_field(csrf))
                    h2 { (t.code_selection) }
                    p.hint { (t.selection_help) }
                    p #selection-preview aria-live="polite" data-none=(t.selection_none) { (t.selection_none) }
                    div.inline {
                        label for="start" { (t.start) }
                        input #start type="number" name="start" min="0" max=(doc.length) required;
                        label for="end" { (t.end) }
                        input #end type="number" name="end" min="1" max=(doc.length) required;
                    }
                    label for="code_id" { (t.coding_code) }
                    select #code_id name="code_id" required {
                        option value="" { (t.choose_code) }
                        @for c in &codes { option value=(c.code_id) { @if c.parent_id.is_some() { "– " } (c.name) } }
                    }
                    label for="memo" { (t.memo) }
                    input #memo type="text" name="memo";
                    button type="submit" { (t.save_coding) }
                }
            }
        }
        h2 #kodningar { (t.codings) }
        @if all.is_empty() { p { (t.no_codings) } } @else {
            div.scroll tabindex="0" { table #codings {
                thead { tr {
                    th scope="col" { (t.coding_code) } th scope="col" { (t.coding_text) } th scope="col" { (t.coding_coder) }
                    th scope="col" { (t.coding_span) } th scope="col" { (t.coding_memo) }
                    @if may_code { th scope="col" { span.visually-hidden { (t.remove) } } }
                } }
                tbody { @for c in &all { tr {
                    th scope="row" { a href=(format!("/kvalitativt/teman/{}", c.code_id)) { (code_name(&c.code_id)) } }
                    td { (uppsikt_domain::qual::slice(&d.text, c.start as usize, c.end as usize).unwrap_or("")) }
                    td { (c.coder) }
                    td.nowrap { (c.start) "–" (c.end) }
                    td { (c.memo) }
                    @if may_code { td { @if let Some(csrf) = viewer.csrf() {
                        form method="post" action=(format!("/kvalitativt/dokument/{id}/kodningar/ta-bort")) {
                            (csrf_field(csrf))
                            input type="hidden" name="code_id" value=(c.code_id);
                            input type="hidden" name="coder" value=(c.coder);
                            input type="hidden" name="start" value=(c.start);
                            input type="hidden" name="end" value=(c.end);
                            button.link type="submit" { (t.remove) }
                        }
                    } } }
                } } }
            } }
        }
    };
    Ok(page(&state, &viewer, &d.title, body))
}

/// `POST /kvalitativt/dokument/{id}/kodningar`
pub async fn code(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(f): Form<CodingForm>,
) -> AppResult<Response> {
    let actor = viewer.require_that(|a| a.codes_documents())?;
    documents::get(&state.store, &id).await?;
    add(&state, &id, &uppsikt_domain::qual::coder_name(&actor.name), &f).await?;
    Ok(Redirect::to(&format!("/kvalitativt/dokument/{id}?klart=kodad#kodningar")).into_response())
}

/// The remove button's fields.
#[derive(Debug, Deserialize)]
pub struct RemoveForm {
    code_id: String,
    coder: String,
    start: String,
    end: String,
}

/// `POST /kvalitativt/dokument/{id}/kodningar/ta-bort`
pub async fn remove(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(f): Form<RemoveForm>,
) -> AppResult<Response> {
    viewer.require_that(|a| a.codes_documents())?;
    let coding = Coding {
        doc_id: id.clone(),
        start: position(&f.start)?,
        end: position(&f.end)?,
        code_id: f.code_id,
        coder: f.coder,
        memo: String::new(),
    };
    codings::remove(&state.store, &coding).await?;
    Ok(Redirect::to(&format!("/kvalitativt/dokument/{id}?klart=borttagen#kodningar")).into_response())
}
