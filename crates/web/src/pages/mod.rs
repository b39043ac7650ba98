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
pub mod open_data;
pub mod publish;
pub mod qual;
pub mod region;
pub mod releases;
pub mod report_editor;
pub mod reports;
pub mod sou;
pub mod survey_form;
pub mod survey_results;
pub mod users;

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use uppsikt_annual_report::archive::Format;

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
        .route("/indikatorer/utgavor", get(releases::show))
        .route("/oppna-data", get(open_data::show))
        .route("/oppna-data/{file}", get(open_data::file))
        .route("/kvalitativt", get(qual::search::show))
        .route("/kvalitativt/dokument/{id}", get(qual::document::show))
        .route("/kvalitativt/dokument/{id}/kodningar", post(qual::document::code))
        .route(
            "/kvalitativt/dokument/{id}/kodningar/ta-bort",
            post(qual::document::remove),
        )
        .route("/kvalitativt/teman/{code}", get(qual::theme::show))
        .route("/kvalitativt/analys", get(qual::analysis::show))
        .route("/handelselogg", get(audit::show))
        .route("/rapport", get(publish::show).post(publish::generate))
        .route("/rapport/publicera", post(publish::publish))
        .route("/rapport/forhandsvisning/{file}", get(publish::preview))
        .route("/rapport/{file}", get(publish::by_year))
        .route(
            "/rapport.html",
            get(|s: State<AppState>, v: Viewer| publish::live(s, v, Format::Html)),
        )
        .route(
            "/rapport.pdf",
            get(|s: State<AppState>, v: Viewer| publish::live(s, v, Format::Pdf)),
        )
}

/// Unknown paths.
pub async fn not_found() -> AppError {
    AppError::NotFound
}
