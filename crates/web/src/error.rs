//! Errors of handlers, answered as a Swedish page or as JSON under `/api/`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Why a request failed.
#[derive(Debug)]
pub enum AppError {
    /// Not signed in (401).
    Unauthorized,
    /// Signed in but not allowed, or a bad CSRF token (403).
    Forbidden,
    /// No such thing, or one the viewer may not know exists (404).
    NotFound,
    /// The input was refused; the message says why (400 / 422).
    BadRequest(String),
    /// A rule refused the action (409), e.g. a workflow transition.
    Conflict(String),
    /// Too many attempts (429).
    TooMany,
    /// Something broke on our side (500); logged, not shown.
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> AppError {
        AppError::Internal(e)
    }
}

impl AppError {
    /// The HTTP status of the error.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooMany => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message shown to the person (Swedish).
    pub fn message(&self) -> String {
        let e = &crate::i18n::sv().errors;
        match self {
            AppError::Unauthorized => e.unauthorized.clone(),
            AppError::Forbidden => e.forbidden.clone(),
            AppError::NotFound => e.not_found.clone(),
            AppError::BadRequest(m) | AppError::Conflict(m) => m.clone(),
            AppError::TooMany => e.too_many.clone(),
            AppError::Internal(_) => e.internal.clone(),
        }
    }
}

/// Handler result.
pub type AppResult<T> = Result<T, AppError>;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(e) = &self {
            tracing::error!("internal error: {e:#}");
        }
        // The page or JSON body is chosen by the security layer, which knows the path.
        let mut r = (self.status(), self.message()).into_response();
        r.extensions_mut().insert(ErrorBody(self.message()));
        r
    }
}

/// The message of an error response, for the security layer to render.
#[derive(Clone)]
pub struct ErrorBody(pub String);
