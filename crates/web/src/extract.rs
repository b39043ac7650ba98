//! The request extractors every handler uses: axum's `Json`, `Form` and
//! `Query`, whose refusals become a Swedish [`AppError`] instead of axum's
//! English plain text. Handlers import these, never axum's own.

use axum::extract::rejection::{FormRejection, JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use uppsikt_domain::tr;

use crate::error::AppError;

/// A JSON body in, or a JSON body out.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// A form body (`application/x-www-form-urlencoded`).
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Form), rejection(AppError))]
pub struct Form<T>(pub T);

/// The query string.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct Query<T>(pub T);

impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> AppError {
        match r {
            JsonRejection::MissingJsonContentType(_) => AppError::NotJson,
            // serde's detail names the field and the line; it is for the
            // programmer writing the call, so it goes with the Swedish sentence.
            other => AppError::BadRequest(tr!(errors.bad_json, detail = other.body_text())),
        }
    }
}

impl From<FormRejection> for AppError {
    fn from(r: FormRejection) -> AppError {
        tracing::info!(rejection = %r.body_text(), "form refused");
        AppError::BadRequest(uppsikt_domain::i18n::sv().errors.bad_form.clone())
    }
}

impl From<QueryRejection> for AppError {
    fn from(r: QueryRejection) -> AppError {
        tracing::info!(rejection = %r.body_text(), "query refused");
        AppError::BadRequest(uppsikt_domain::i18n::sv().errors.bad_query.clone())
    }
}
