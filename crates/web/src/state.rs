//! The state every handler receives, passed explicitly through axum's `State`.

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;

use uppsikt_store::Store;
use uppsikt_store::survey::QuestionnaireCache;

use crate::auth::ratelimit::{LoginLimiter, LoginLimits};
use crate::security_log::SecurityLog;
use uppsikt_domain::i18n::Messages;

/// Minutes without a request after which a signed-in session ends, unless
/// configured otherwise.
pub const IDLE_MINUTES: u16 = 30;

/// How the server is run.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Data directory: generated reports are read from here.
    pub data_dir: PathBuf,
    /// Mark cookies `Secure` (set when the server sits behind HTTPS).
    pub secure_cookies: bool,
    /// A signed-in session's absolute lifetime in seconds.
    pub session_seconds: i64,
    /// A signed-in session ends after this many seconds without a request.
    pub idle_seconds: i64,
    /// Lifetime of an anonymous session (the sign-in and survey forms' CSRF
    /// token) in seconds: short, since anyone can make one.
    pub anonymous_seconds: i64,
    /// At most this many anonymous sessions are kept; the oldest go first, so
    /// cookie-less requests cannot grow the table without bound.
    pub anonymous_sessions_max: u64,
    /// Reverse proxies whose `X-Forwarded-For` tells the client's address.
    pub trusted_proxies: Vec<IpAddr>,
    /// The sign-in throttle's limits.
    pub login_limits: LoginLimits,
}

impl ServeConfig {
    /// Defaults for a data directory: plain-HTTP cookies, sessions of at most
    /// eight hours that end after 30 minutes unused, anonymous sessions for an
    /// hour and at most 10 000 of them, no trusted proxy, the default
    /// sign-in limits.
    pub fn new(data_dir: PathBuf) -> ServeConfig {
        ServeConfig {
            data_dir,
            secure_cookies: false,
            session_seconds: 8 * 3600,
            idle_seconds: i64::from(IDLE_MINUTES) * 60,
            anonymous_seconds: 3600,
            anonymous_sessions_max: 10_000,
            trusted_proxies: Vec::new(),
            login_limits: LoginLimits::default(),
        }
    }
}

/// Shared application state (cheap to clone).
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// What the state holds.
pub struct Inner {
    /// The store.
    pub store: Store,
    /// How the server is run.
    pub config: ServeConfig,
    /// The sign-in throttle.
    pub limiter: LoginLimiter,
    /// The security log in the data directory.
    pub security_log: SecurityLog,
    /// The message catalogue.
    pub t: &'static Messages,
    /// Questionnaires by survey id, parsed once: they do not change while serving.
    pub questionnaires: QuestionnaireCache,
    /// The search index of the qualitative documents, opened on first use.
    search: std::sync::OnceLock<Arc<uppsikt_qual::SearchIndex>>,
}

impl AppState {
    /// State over a migrated store.
    pub fn new(store: Store, config: ServeConfig) -> AppState {
        AppState(Arc::new(Inner {
            store,
            limiter: LoginLimiter::new(config.login_limits),
            security_log: SecurityLog::in_dir(&config.data_dir),
            config,
            t: uppsikt_domain::i18n::sv(),
            questionnaires: QuestionnaireCache::default(),
            search: std::sync::OnceLock::new(),
        }))
    }

    /// The search index in the data directory, caught up with the store.
    pub async fn search_index(&self) -> Result<Arc<uppsikt_qual::SearchIndex>, uppsikt_qual::SearchError> {
        let index = match self.search.get() {
            Some(i) => i.clone(),
            None => {
                let opened = Arc::new(uppsikt_qual::SearchIndex::for_store(
                    &self.config.data_dir,
                    &self.store,
                )?);
                self.search.get_or_init(|| opened).clone()
            }
        };
        index.catch_up(&self.store).await?;
        Ok(index)
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
