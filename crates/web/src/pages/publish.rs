//! Publishing the annual follow-up report: the agency makes a preview of a
//! year's report, reads it, and publishes it with a confirmation. Published
//! reports stay available by year; the newest is linked from the start page.
//! Analysts and admins only; the published files are public.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use uppsikt_annual_report::archive::{Archive, Format};
use uppsikt_domain::tr;
use uppsikt_store::agreements;

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Query};
use crate::pages::layout::{csrf_field, page};
use crate::state::AppState;

/// The archive of published reports, in the data directory.
pub fn archive(state: &AppState) -> Archive {
    Archive::new(state.config.data_dir.join(uppsikt_store::layout::ANNUAL_REPORTS))
}

/// Query of `/rapport`: the year chosen and what was just done.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct PublishQuery {
    /// The year whose preview to show.
    pub ar: Option<i32>,
    /// `forhandsvisning` or `publicerad` after the form was sent.
    pub klart: Option<String>,
}

/// `GET /rapport`
pub async fn show(State(state): State<AppState>, viewer: Viewer, Query(q): Query<PublishQuery>) -> AppResult<Markup> {
    viewer.require_that(|p| p.reads_everything())?;
    let t = &state.t.publish;
    let a = archive(&state);
    // One read of the archive per page: the newest published year is the live one.
    let published = a.published();
    let live = published.last().copied();
    let mut years: Vec<i32> = agreements::list(&state.store)
        .await?
        .iter()
        .map(|a| a.year + 1)
        .collect();
    years.sort();
    years.dedup();
    let chosen =
        q.ar.or_else(|| a.previews().last().copied())
            .or(live)
            .or_else(|| years.last().copied())
            .unwrap_or(2020);
    let preview = a.preview_file(chosen, Format::Html).is_some();
    let csrf = viewer.csrf().unwrap_or_default();
    let body = html! {
        p { (t.intro) }
        @match q.klart.as_deref() {
            Some("forhandsvisning") => p.notice role="status" #report-generated { (tr!(publish.previewed, year = chosen)) },
            Some("publicerad") => p.notice role="status" #report-published { (tr!(publish.published, year = chosen)) },
            _ => {},
        }
        h2 { (t.current) }
        @match live {
            Some(live) => p #live-report { (tr!(publish.live, year = live)) " "
                a href="/rapport.html" { (state.t.home.download_html) } ", "
                a href="/rapport.pdf" { (state.t.home.download_pdf) } },
            None => p { (t.none) },
        }
        @if published.len() > 1 {
            h3 { (t.archive) }
            ul #report-archive { @for y in published.iter().rev() {
                li { (y) ": " a href=(format!("/rapport/{y}.html")) { "HTML" } ", " a href=(format!("/rapport/{y}.pdf")) { "PDF" }
                    @if let Some(at) = a.published_at(*y) { " " span.small { "(" (t.updated) " " (at) ")" } } }
            } }
        }
        h2 { (t.make_preview) }
        form.stack method="post" action="/rapport" {
            (csrf_field(csrf))
            label for="year" { (t.year) }
            select #year name="year" {
                @for y in &years { option value=(y) selected[*y == chosen] { (y) } }
            }
            button type="submit" #preview-report { (t.generate) }
        }
        @if preview {
            h2 { (tr!(publish.preview_of, year = chosen)) }
            p { (t.preview_intro) " "
                a #preview-link href=(format!("/rapport/forhandsvisning/{chosen}.html")) { (state.t.home.download_html) } ", "
                a href=(format!("/rapport/forhandsvisning/{chosen}.pdf")) { (state.t.home.download_pdf) } }
            form.stack method="post" action="/rapport/publicera" {
                (csrf_field(csrf))
                input type="hidden" name="year" value=(chosen);
                button type="submit" #publish-report data-confirm=(publish_confirm(&published, chosen)) { (tr!(publish.publish, year = chosen)) }
            }
        }
    };
    Ok(page(&state, &viewer, &t.title, body))
}

/// What to ask before publishing `year`: replacing a published year says so.
fn publish_confirm(published: &[i32], year: i32) -> String {
    if published.contains(&year) {
        tr!(publish.confirm_replace, year = year)
    } else {
        tr!(publish.confirm, year = year)
    }
}

/// The year form.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearForm {
    /// The report year.
    pub year: i32,
}

fn check_year(year: i32) -> AppResult<()> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(AppError::Invalid(tr!(publish.bad_year, year = year)))
    }
}

/// `POST /rapport`: writes a preview of the year's report; publishes nothing.
pub async fn generate(State(state): State<AppState>, viewer: Viewer, Form(f): Form<YearForm>) -> AppResult<Response> {
    viewer.require_that(|p| p.reads_everything())?;
    check_year(f.year)?;
    archive(&state).preview(&state.store, f.year).await?;
    Ok(Redirect::to(&format!("/rapport?ar={}&klart=forhandsvisning", f.year)).into_response())
}

/// `POST /rapport/publicera`: the year's preview becomes its published report.
pub async fn publish(State(state): State<AppState>, viewer: Viewer, Form(f): Form<YearForm>) -> AppResult<Response> {
    viewer.require_that(|p| p.reads_everything())?;
    check_year(f.year)?;
    match archive(&state).publish(f.year) {
        Ok(()) => {
            tracing::info!(year = f.year, "annual report published");
            Ok(Redirect::to(&format!("/rapport?ar={}&klart=publicerad", f.year)).into_response())
        }
        Err(e @ uppsikt_annual_report::Error::NoPreview { .. }) => Err(AppError::Conflict(e.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// The report's own CSP: its stylesheet is inline; no script, no fetching, sandboxed.
const REPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

/// A report file as a response, or 404.
async fn report_file(path: Option<std::path::PathBuf>, format: Format, year: i32) -> AppResult<Response> {
    let path = path.ok_or(AppError::NotFound)?;
    let bytes = tokio::fs::read(&path).await.map_err(|_| AppError::NotFound)?;
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(REPORT_CSP));
    if format == Format::Pdf {
        let disposition = format!("attachment; filename=\"uppfoljning-{year}.pdf\"");
        h.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_str(&disposition).map_err(|e| AppError::Internal(e.to_string()))?,
        );
    }
    Ok(r)
}

/// `YEAR.EXT` of a report address, e.g. `2020.pdf`.
fn year_and_format(file: &str) -> AppResult<(i32, Format)> {
    let (year, ext) = file.split_once('.').ok_or(AppError::NotFound)?;
    let year: i32 = year.parse().map_err(|_| AppError::NotFound)?;
    Ok((year, Format::of_extension(ext).ok_or(AppError::NotFound)?))
}

/// `GET /rapport.html`, `/rapport.pdf`: the newest published report (public).
pub async fn live(State(state): State<AppState>, _viewer: Viewer, format: Format) -> AppResult<Response> {
    let a = archive(&state);
    let year = a.live().ok_or(AppError::NotFound)?;
    report_file(a.file(year, format), format, year).await
}

/// `GET /rapport/{YEAR}.{html,pdf}`: a published year's report (public).
pub async fn by_year(State(state): State<AppState>, _viewer: Viewer, Path(file): Path<String>) -> AppResult<Response> {
    let (year, format) = year_and_format(&file)?;
    report_file(archive(&state).file(year, format), format, year).await
}

/// `GET /rapport/forhandsvisning/{YEAR}.{html,pdf}`: a preview (the agency only).
pub async fn preview(State(state): State<AppState>, viewer: Viewer, Path(file): Path<String>) -> AppResult<Response> {
    viewer.require_that(|p| p.reads_everything())?;
    let (year, format) = year_and_format(&file)?;
    report_file(archive(&state).preview_file(year, format), format, year).await
}
