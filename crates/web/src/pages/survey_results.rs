//! Survey results for analysts: response tracking and a chart per question.

use axum::extract::{Path, State};
use maud::{Markup, html};
use uppsikt_store::survey;

use crate::auth::Viewer;
use crate::error::AppResult;
use crate::pages::chart::{Bar, bars};
use crate::pages::layout::page;
use crate::state::AppState;
use uppsikt_domain::format::dec;

/// `GET /enkater`
pub async fn list(State(state): State<AppState>, viewer: Viewer) -> AppResult<Markup> {
    viewer.require_that(|p| p.reads_everything())?;
    let t = &state.t.survey;
    let mut rows = Vec::new();
    for sv in survey::list(&state.store).await? {
        rows.push((sv.id.clone(), sv.title, survey::status(&state.store, &sv.id).await?));
    }
    let body = html! {
        table {
            thead { tr {
                th scope="col" { (t.list_title) } th scope="col" { (t.state) } th scope="col" { (t.invited) }
                th scope="col" { (t.responded) } th scope="col" { (t.rate) }
            } }
            tbody { @for (id, title, s) in &rows { tr {
                th scope="row" { a href=(format!("/enkater/{id}")) { (title) } }
                td { (s.state.label_sv()) } td.num { (s.invited) } td.num { (s.responded) }
                td.num { (s.response_rate.map(|r| format!("{} %", dec(r, 1))).unwrap_or_else(|| "–".into())) }
            } } }
        }
    };
    Ok(page(&state, &viewer, &t.list_title, body))
}

/// `GET /enkater/{id}`
pub async fn show(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> AppResult<Markup> {
    viewer.require_that(|p| p.reads_everything())?;
    let t = &state.t.survey;
    let q = survey::questionnaire(&state.store, &id).await?;
    let status = survey::status(&state.store, &id).await?;
    let counts = survey::results(&state.store, &id).await?;
    let body = html! {
        p { (t.results_intro) }
        @if status.synthetic > 0 { p.notice { strong { (state.t.site.synthetic_note) ": " } (t.synthetic_note) } }
        dl.figures {
            div { dt { (t.population) } dd { (status.population) } }
            div { dt { (t.invited) } dd { (status.invited) } }
            div { dt { (t.partial) } dd { (status.partial) } }
            div { dt { (t.responded) } dd { (status.responded) } }
            div { dt { (t.rate) } dd { (status.response_rate.map(|r| format!("{} %", dec(r, 1))).unwrap_or_else(|| "–".into())) } }
            div { dt { (t.synthetic) } dd { (status.synthetic) } }
        }
        @for item in q.items() {
            @let rows: Vec<_> = counts.iter().filter(|c| c.item == item.id).collect();
            @if !rows.is_empty() {
                section.result {
                    h2 { (item.number) ". " (item.label) }
                    @let answered = rows[0].answered;
                    p.hint { (answered) " " (t.answered) }
                    (bars(&format!("chart-{}", item.id), &item.label, &rows.iter().map(|c| Bar {
                        label: c.label.clone(),
                        value_label: c.percent().map(|p| format!("{} %", dec(p, 1))).unwrap_or_else(|| "–".into()),
                        percent: c.percent().unwrap_or(0.0),
                    }).collect::<Vec<_>>()))
                    table {
                        thead { tr { th scope="col" { (t.answer) } th scope="col" { (t.count) } th scope="col" { (t.percent) } } }
                        tbody { @for c in &rows { tr {
                            th scope="row" { (c.label) } td.num { (c.count) }
                            td.num { (c.percent().map(|p| dec(p, 1)).unwrap_or_else(|| "–".into())) }
                        } } }
                    }
                }
            }
        }
        p.caption { (state.t.site.source_label) ": " (q.source) }
    };
    Ok(page(
        &state,
        &viewer,
        &format!("{}: {}", t.results_title, q.title),
        body,
    ))
}
