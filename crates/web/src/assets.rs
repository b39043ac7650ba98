//! Static assets compiled into the binary: the stylesheet and the small scripts.

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::state::AppState;

/// The hand-written stylesheet.
pub const STYLE_CSS: &str = include_str!("../assets/style.css");
/// Progressive enhancement for every page (no framework).
pub const APP_JS: &str = include_str!("../assets/app.js");
/// The site's icon (a magnifier on the brand colour).
pub const FAVICON_SVG: &str = include_str!("../assets/favicon.svg");

fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    r
}

/// The asset routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/assets/style.css",
            get(|| async { asset(STYLE_CSS, "text/css; charset=utf-8") }),
        )
        .route(
            "/assets/app.js",
            get(|| async { asset(APP_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/assets/favicon.svg",
            get(|| async { asset(FAVICON_SVG, "image/svg+xml") }),
        )
        // Some clients ask for /favicon.ico whatever the page links; answer rather than log a 404.
        .route("/favicon.ico", get(|| async { asset(FAVICON_SVG, "image/svg+xml") }))
}
