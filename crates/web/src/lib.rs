//! The web application of Uppsikt: server-rendered Swedish pages and a JSON
//! API over the store, with roles enforced on the server.
//!
//! Request flow: [`security::layer`] resolves who is asking (session cookie or
//! bearer token) into a [`auth::Viewer`], checks the CSRF token of every
//! state-changing request and adds the security headers; the handlers in
//! [`pages`] and [`api`] are thin: they ask [`uppsikt_domain::access`] (through
//! [`access`]) whether the acting [`uppsikt_domain::Actor`] may act, call the
//! store and render. Every text comes from the domain's message catalogue;
//! nothing here holds domain rules or SQL.

pub mod access;
pub mod accounts;
pub mod api;
pub mod assets;
pub mod auth;
pub mod error;
pub mod extract;
pub mod form_body;
pub mod indicator_filter;
pub mod pages;
pub mod qual_access;
pub mod security;
pub mod security_log;
pub mod state;

use std::net::SocketAddr;

use axum::Router;
use tokio::net::TcpListener;

pub use state::{AppState, ServeConfig};

/// The whole application: pages, API, assets, behind the security layer.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes())
        .merge(api::routes())
        .merge(assets::routes())
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::layer))
        .with_state(state)
}

/// Binds `addr` and returns the listener and the address actually bound
/// (port 0 picks a free port).
pub async fn bind(addr: &str) -> std::io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    Ok((listener, local))
}

/// Serves the application on `listener` until the process ends.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).await
}
