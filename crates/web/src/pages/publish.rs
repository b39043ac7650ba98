//! Generating the annual follow-up report (crates/report) and publishing it:
//! analysts and admins only; the result is served publicly from the start page.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use uppsikt_store::agreements;

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Query};
use crate::pages::layout::{csrf_field, page};
use crate::pages::report_dir;
use crate::state::AppState;

/// Query after generating.
#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    /// Set after the report was generated, to say so.
    pub klart: Option<String>,
}

fn modified(path: &std::path::Path) -> Option<String> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    let t: chrono::DateTime<chrono::Utc> = t.into();
    Some(t.format("%Y-%m-%d %H:%M UTC").to_string())
}

/// `GET /rapport`
pub async fn show(State(state): State<AppState>, viewer: Viewer, Query(q): Query<DoneQuery>) -> AppResult<Markup> {
    viewer.require_that(|p| p.reads_everything())?;
    let t = &state.t.publish;
    let mut years: Vec<i32> = agreements::list(&state.store)
        .await?
        .iter()
        .map(|a| a.year + 1)
        .collect();
    years.sort();
    years.dedup();
    let latest = years.last().copied().unwrap_or(2020);
    let html_file = report_dir(&state).join("report.html");
    let body = html! {
        p { (t.intro) }
        @if q.klart.is_some() { p.notice role="status" #report-generated { (t.generated) } }
        h2 { (t.current) }
        @if let Some(m) = modified(&html_file) {
            p { (t.updated) ": " (m) }
            ul {
                li { a href="/rapport.html" { (state.t.home.download_html) } }
                li { a href="/rapport.pdf" { (state.t.home.download_pdf) } }
            }
        } @else { p { (t.none) } }
        form.stack method="post" action="/rapport" {
            (csrf_field(viewer.csrf().unwrap_or_default()))
            label for="year" { (t.year) }
            select #year name="year" {
                @for y in &years { option value=(y) selected[*y == latest] { (y) } }
            }
            button type="submit" #generate-report { (t.generate) }
        }
    };
    Ok(page(&state, &viewer, &t.title, body))
}

/// The generate form.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateForm {
    /// The report year.
    pub year: i32,
}

/// `POST /rapport`
pub async fn generate(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(f): Form<GenerateForm>,
) -> AppResult<Response> {
    viewer.require_that(|p| p.reads_everything())?;
    if !(2000..=2100).contains(&f.year) {
        return Err(AppError::Invalid(uppsikt_domain::tr!(publish.bad_year, year = f.year)));
    }
    uppsikt_annual_report::write(&state.store, f.year, &report_dir(&state)).await?;
    Ok(Redirect::to("/rapport?klart=1").into_response())
}
