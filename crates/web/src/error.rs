//! Errors of handlers, answered as a Swedish page or as JSON under `/api/`.
//!
//! [`From<uppsikt_store::Error>`] is the one place where the store's errors
//! become HTTP statuses: a missing thing is 404, a lost race or a refused
//! workflow step 409, a role refusal 403, bad input 422, a busy database 503
//! with `Retry-After`, anything else 500 (logged, not shown).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use uppsikt_domain::i18n::sv;
use uppsikt_domain::report::Refusal;
use uppsikt_store::Error as StoreError;

/// Why a request failed.
#[derive(Debug)]
pub enum AppError {
    /// Not signed in (401).
    Unauthorized,
    /// Signed in but not allowed (403).
    Forbidden,
    /// A state-changing request without the session's CSRF token: an old
    /// form, an expired session, or a forged request (403).
    BadCsrf,
    /// No such thing, or one the viewer may not know exists (404).
    NotFound,
    /// The request itself is malformed: a bad parameter, a body that is not
    /// what the route takes (400). The message says what.
    BadRequest(String),
    /// An API call whose body is not JSON (415).
    NotJson,
    /// The body is larger than the route takes (413).
    TooLarge,
    /// The input was refused; the message says why (422).
    Invalid(String),
    /// A rule or another user's change refused the action (409).
    Conflict(String),
    /// Too many attempts (429).
    TooMany,
    /// The path exists but not with this method (405).
    MethodNotAllowed,
    /// The database is busy; try again shortly (503 with `Retry-After`).
    Busy,
    /// Something broke on our side (500); logged, not shown.
    Internal(String),
}

impl From<uppsikt_qual::SearchError> for AppError {
    fn from(e: uppsikt_qual::SearchError) -> AppError {
        match e {
            uppsikt_qual::SearchError::Store(e) => e.into(),
            uppsikt_qual::SearchError::Busy => AppError::Busy,
            // Well formed, but without a word to search for: refused input (422).
            uppsikt_qual::SearchError::EmptyQuery => AppError::Invalid(e.to_string()),
            uppsikt_qual::SearchError::Index(e) => AppError::Internal(e.to_string()),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        if e.is_busy() {
            return AppError::Busy;
        }
        match e {
            StoreError::NotFound(_) => AppError::NotFound,
            StoreError::Refused(Refusal::NotPermitted { .. } | Refusal::OtherRegion { .. }) => AppError::Forbidden,
            e @ (StoreError::Refused(_) | StoreError::Conflict(_) | StoreError::Blocked(_)) => {
                AppError::Conflict(e.to_string())
            }
            StoreError::Invalid(i) => AppError::Invalid(i.to_string()),
            StoreError::Backend(b) => AppError::Internal(b.to_string()),
        }
    }
}

impl From<uppsikt_annual_report::Error> for AppError {
    fn from(e: uppsikt_annual_report::Error) -> AppError {
        match e {
            uppsikt_annual_report::Error::Store(s) => s.into(),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl AppError {
    /// The HTTP status of the error.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::BadCsrf => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooMany => StatusCode::TOO_MANY_REQUESTS,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message shown to the person (Swedish).
    pub fn message(&self) -> String {
        let e = &sv().errors;
        match self {
            AppError::Unauthorized => e.unauthorized.clone(),
            AppError::Forbidden => e.forbidden.clone(),
            AppError::BadCsrf => e.bad_csrf.clone(),
            AppError::NotFound => e.not_found.clone(),
            AppError::NotJson => e.json_only.clone(),
            AppError::TooLarge => e.too_large.clone(),
            AppError::BadRequest(m) | AppError::Invalid(m) | AppError::Conflict(m) => m.clone(),
            AppError::TooMany => e.too_many.clone(),
            AppError::MethodNotAllowed => e.method_not_allowed.clone(),
            AppError::Busy => e.busy.clone(),
            AppError::Internal(_) => e.internal.clone(),
        }
    }
}

/// Handler result.
pub type AppResult<T> = Result<T, AppError>;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(e) = &self {
            tracing::error!("internal error: {e}");
        }
        // The page or JSON body is chosen by the security layer, which knows the path.
        let mut r = (self.status(), self.message()).into_response();
        if matches!(self, AppError::Busy) {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        }
        r.extensions_mut().insert(ErrorBody(self.message()));
        r
    }
}

/// The message of an error response, for the security layer to render.
#[derive(Clone)]
pub struct ErrorBody(pub String);

#[cfg(test)]
mod tests {
    use uppsikt_domain::report::{ActionKind, ReportState};
    use uppsikt_store::{Conflict, Entity, NotFound};

    use super::*;

    #[test]
    fn store_errors_map_to_statuses_once() {
        let status = |e: StoreError| AppError::from(e).status();
        assert_eq!(
            status(NotFound::new(Entity::Agreement, "x").into()),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            status(Conflict::Stale("Redovisningen".into()).into()),
            StatusCode::CONFLICT
        );
        let role = "region:17".parse().unwrap();
        let refused = Refusal::NotPermitted {
            role,
            action: ActionKind::Approve,
        };
        assert_eq!(status(refused.into()), StatusCode::FORBIDDEN);
        let locked = Refusal::Locked {
            state: ReportState::Approved,
        };
        assert_eq!(status(locked.into()), StatusCode::CONFLICT);
        assert_eq!(status(StoreError::rule("fel")), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(status(StoreError::Blocked(vec![])), StatusCode::CONFLICT);
        assert_eq!(
            status(sqlx::Error::PoolTimedOut.into()),
            StatusCode::SERVICE_UNAVAILABLE
        );
        assert_eq!(
            status(sqlx::Error::RowNotFound.into()),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn a_stale_write_says_so_in_swedish() {
        let e = AppError::from(StoreError::from(Conflict::Stale("Redovisningen".into())));
        assert!(
            e.message().starts_with("Redovisningen ändrades av någon annan"),
            "{}",
            e.message()
        );
    }
}
