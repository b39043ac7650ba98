//! The state every handler receives, passed explicitly through axum's `State`.

use std::path::PathBuf;
use std::sync::Arc;

use uppsikt_store::Store;

use crate::auth::ratelimit::LoginLimiter;
use crate::i18n::Messages;

/// How the server is run.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Data directory: generated reports are read from here.
    pub data_dir: PathBuf,
    /// Mark cookies `Secure` (set when the server sits behind HTTPS).
    pub secure_cookies: bool,
    /// Session lifetime in seconds.
    pub session_seconds: i64,
}

impl ServeConfig {
    /// Defaults for a data directory: plain-HTTP cookies, eight-hour sessions.
    pub fn new(data_dir: PathBuf) -> ServeConfig {
        ServeConfig {
            data_dir,
            secure_cookies: false,
            session_seconds: 8 * 3600,
        }
    }
}

/// Shared application state (cheap to clone).
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// What the state holds.
pub struct Inner {
    pub store: Store,
    pub config: ServeConfig,
    pub limiter: LoginLimiter,
    pub t: &'static Messages,
}

impl AppState {
    /// State over a migrated store.
    pub fn new(store: Store, config: ServeConfig) -> AppState {
        AppState(Arc::new(Inner {
            store,
            config,
            limiter: LoginLimiter::default(),
            t: crate::i18n::sv(),
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
