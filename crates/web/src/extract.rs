//! The request extractors every handler uses: axum's `Json`, `Form` and
//! `Query`, whose refusals become a Swedish [`AppError`] instead of axum's
//! English plain text. Handlers import these, never axum's own.

use axum::extract::rejection::{FormRejection, JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use uppsikt_domain::tr;

use crate::error::AppError;

/// A JSON body in, or a JSON body out.
///
/// The body must be a JSON object. A number written with a fraction of zero (`35.0`) is the same number as
/// `35` in JSON, and JSON Schema calls it an integer: it is read as one.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let axum::Json(mut value) = axum::Json::<Value>::from_request(req, state).await?;
        // Every body the API takes is an object: serde would also read a
        // struct from an array of its fields in order, which no caller means.
        if !value.is_object() {
            return Err(AppError::BadRequest(
                uppsikt_domain::i18n::sv().errors.not_object.clone(),
            ));
        }
        integral_floats_as_integers(&mut value);
        serde_json::from_value(value)
            .map(Json)
            .map_err(|e| AppError::BadRequest(tr!(errors.bad_json, detail = e)))
    }
}

/// Rewrites every float with no fraction that an `i64` holds exactly as an integer.
fn integral_floats_as_integers(v: &mut Value) {
    /// 2^53: beyond it not every integer is a float.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match v {
        Value::Number(n) => {
            if let Some(f) = n.as_f64()
                && n.is_f64()
                && f.fract() == 0.0
                && f.abs() <= EXACT
            {
                // Exact by the bound above.
                *v = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(integral_floats_as_integers),
        _ => {}
    }
}

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
            // axum's body limit; its rejection carries the status, not just text.
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge,
            // serde's detail names the field and the line; it is for the
            // programmer writing the call, so it goes with the Swedish sentence.
            other => AppError::BadRequest(tr!(errors.bad_json, detail = other.body_text())),
        }
    }
}

impl From<FormRejection> for AppError {
    fn from(r: FormRejection) -> AppError {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return AppError::TooLarge;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integral_floats_are_integers_and_others_stay() {
        let mut v = serde_json::json!({"days": 35.0, "list": [1.0, 2.5, -3.0], "big": 1e300, "n": 7});
        integral_floats_as_integers(&mut v);
        assert_eq!(
            v,
            serde_json::json!({"days": 35, "list": [1, 2.5, -3], "big": 1e300, "n": 7})
        );
    }
}
