//! Server-rendered pages (maud templates: every interpolation is HTML-escaped).

pub mod agreements;
pub mod audit;
pub mod chart;
pub mod dashboard;
pub mod findings;
pub mod home;
pub mod indicators;
pub mod layout;
pub mod login;
pub mod map;
pub mod publish;
pub mod region;
pub mod report_editor;
pub mod reports;
pub mod survey_form;
pub mod survey_results;
pub mod users;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::auth::Viewer;
use crate::error::AppError;
use crate::state::AppState;

/// The page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/logga-in", get(login::show).post(login::submit))
        .route("/logga-ut", post(login::logout))
        .route("/oversikt", get(dashboard::show))
        .route("/overenskommelser", get(agreements::list))
        .route("/overenskommelser/{id}", get(agreements::show))
        .route("/regioner/{code}", get(region::show))
        .route("/granskning", get(findings::show))
        .route("/redovisningar", get(reports::list))
        .route("/redovisningar/{agreement}/{region}", get(report_editor::show))
        .route(
            "/redovisningar/{agreement}/{region}/svar",
            post(report_editor::save_answers),
        )
        .route(
            "/redovisningar/{agreement}/{region}/insatser",
            post(report_editor::add_measure),
        )
        .route(
            "/redovisningar/{agreement}/{region}/insatser/{n}",
            post(report_editor::edit_measure),
        )
        .route(
            "/redovisningar/{agreement}/{region}/insatser/{n}/ta-bort",
            post(report_editor::remove_measure),
        )
        .route("/redovisningar/{agreement}/{region}/atgard", post(report_editor::act))
        .route("/enkat/{token}", get(survey_form::show).post(survey_form::submit))
        .route("/enkater", get(survey_results::list))
        .route("/enkater/{id}", get(survey_results::show))
        .route("/admin/anvandare", get(users::list).post(users::add))
        .route("/admin/anvandare/{name}/status", post(users::set_status))
        .route("/indikatorer", get(indicators::show))
        .route("/handelselogg", get(audit::show))
        .route("/rapport", get(publish::show).post(publish::generate))
        .route("/rapport.html", get(report_html))
        .route("/rapport.pdf", get(report_pdf))
}

/// Unknown paths.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

/// Where the published report is written and served from.
pub fn report_dir(state: &AppState) -> std::path::PathBuf {
    state.config.data_dir.join("rapport")
}

/// The report's own CSP: its stylesheet is inline; no script, no fetching, sandboxed.
const REPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

async fn published_file(state: &AppState, name: &str, content_type: &'static str) -> Result<Response, AppError> {
    let bytes = tokio::fs::read(report_dir(state).join(name))
        .await
        .map_err(|_| AppError::NotFound)?;
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(REPORT_CSP));
    if content_type == "application/pdf" {
        h.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"uppfoljning.pdf\""),
        );
    }
    Ok(r)
}

/// `GET /rapport.html`: the published report (public).
async fn report_html(State(state): State<AppState>, _viewer: Viewer) -> Result<Response, AppError> {
    published_file(&state, "report.html", "text/html; charset=utf-8").await
}

/// `GET /rapport.pdf`: the published report as PDF (public).
async fn report_pdf(State(state): State<AppState>, _viewer: Viewer) -> Result<Response, AppError> {
    published_file(&state, "report.pdf", "application/pdf").await
}
