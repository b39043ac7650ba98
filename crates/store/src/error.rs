//! The store's errors: one enum whose variants are the cases every caller
//! must tell apart, whichever aggregate it talks to. The web layer maps them
//! to HTTP statuses and the CLI to exit codes, each in one place; nobody
//! classifies an error by its text.

use uppsikt_domain::report::Refusal;
use uppsikt_domain::survey::{AnswerProblem, SurveyState};
use uppsikt_domain::validation::Finding;
use uppsikt_domain::{InputProblems, tr};

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The thing asked for does not exist (or is not visible).
    #[error("{0}")]
    NotFound(NotFound),
    /// Someone else changed it first, or it already exists: try again on fresh data.
    #[error("{0}")]
    Conflict(Conflict),
    /// The review workflow refuses the action (role, state, missing text).
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The input breaks the rules; nothing was stored.
    #[error("{0}")]
    Invalid(Invalid),
    /// Error-level validation findings block a submission.
    #[error("{}", blocked(.0))]
    Blocked(Vec<Finding>),
    /// The database or the file system failed.
    #[error("{}", tr!(store.backend, error = .0))]
    Backend(#[from] Backend),
}

/// The store's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

fn blocked(findings: &[Finding]) -> String {
    let mut s = tr!(store.blocked, count = findings.len());
    for f in findings {
        s.push_str(&format!("\n  – {}", f.message));
    }
    s
}

/// What was not found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct NotFound {
    /// The kind of thing.
    pub what: Entity,
    /// Its key as given, e.g. `god-och-nara-vard-2019/17`.
    pub key: String,
    /// The keys that do exist, where a short list helps the user.
    pub known: Vec<String>,
}

/// The kinds of stored things.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    /// An agreement.
    Agreement,
    /// A region's report on an agreement.
    Report,
    /// A survey.
    Survey,
    /// A survey invitation token.
    SurveyToken,
    /// A user account.
    User,
    /// An indicator.
    Indicator,
    /// A qualitative document.
    Document,
    /// A code of the codebook.
    Code,
    /// A coding (document, span, code, coder).
    Coding,
    /// An indicator release.
    Release,
}

impl NotFound {
    /// `what` with `key` does not exist.
    pub fn new(what: Entity, key: impl Into<String>) -> NotFound {
        NotFound {
            what,
            key: key.into(),
            known: Vec::new(),
        }
    }

    fn message(&self) -> String {
        let key = &self.key;
        let base = match self.what {
            Entity::Agreement => tr!(store.no_agreement, id = key),
            Entity::Report => tr!(store.no_report, key = key),
            Entity::Survey => tr!(store.no_survey, id = key),
            Entity::SurveyToken => tr!(store.no_token),
            Entity::User => tr!(store.no_user, name = key),
            Entity::Indicator => tr!(store.no_indicator, id = key),
            Entity::Document => tr!(qual.unknown_document, id = key),
            Entity::Code => tr!(qual.unknown_code, id = key),
            Entity::Coding => tr!(qual.unknown_coding, key = key),
            Entity::Release => tr!(release.unknown, id = key),
        };
        match (self.what, self.known.is_empty()) {
            (Entity::SurveyToken, _) => base,
            (_, true) if matches!(self.what, Entity::Agreement | Entity::Survey) => {
                format!("{base} {}", tr!(store.none_loaded))
            }
            (_, true) => base,
            (_, false) => format!("{base} {}", tr!(store.known, known = self.known.join(", "))),
        }
    }
}

/// Why a write lost to another.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    /// The version read is no longer the stored one: someone else saved in between.
    #[error("{}", tr!(store.stale, what = .0))]
    Stale(String),
    /// The thing to create already exists.
    #[error("{}", tr!(store.exists, what = .0))]
    Exists(String),
    /// The survey takes no answers now (it is a draft or closed).
    #[error("{}", tr!(store.survey_takes_no_answers, state = .0.label_sv()))]
    SurveyNotOpen(SurveyState),
    /// The municipality's response was already submitted.
    #[error("{}", tr!(store.response_complete))]
    ResponseComplete,
    /// The thing is not in a state that allows the change; the message says why.
    #[error("{0}")]
    State(String),
}

/// Why the input was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    /// Problems in an input file or body, each with its place.
    #[error("{0}")]
    Input(#[from] InputProblems),
    /// Problems with a survey response, one per item, so a form can mark each field.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Answers(Vec<AnswerProblem>),
    /// A rule the input breaks, in Swedish.
    #[error("{0}")]
    Rule(String),
}

/// A failure below the store's logic.
#[derive(Debug, thiserror::Error)]
pub enum Backend {
    /// The database answered with an error or could not be reached.
    #[error("{0}")]
    Database(#[from] sqlx::Error),
    /// The database could not be reached.
    #[error("{}", tr!(store.cannot_connect, url = .url, error = .source))]
    Connect {
        /// The URL, without its password.
        url: String,
        /// The driver's error.
        source: sqlx::Error,
    },
    /// A migration failed.
    #[error("{0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The database holds a value the code cannot read: a bug or tampering.
    #[error("{0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        // PostgreSQL refuses text it cannot store (a NUL byte: SQLSTATE 22021,
        // or 22P05): that is bad input, not a broken database.
        if let sqlx::Error::Database(d) = &e {
            let postgres_text = d
                .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                .is_some_and(|p| matches!(p.code(), "22021" | "22P05"));
            if postgres_text {
                return Error::Invalid(Invalid::Rule(tr!(input.nul_character)));
            }
        }
        Error::Backend(Backend::Database(e))
    }
}

impl From<sqlx::migrate::MigrateError> for Error {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        Error::Backend(Backend::Migrate(e))
    }
}

impl From<NotFound> for Error {
    fn from(e: NotFound) -> Self {
        Error::NotFound(e)
    }
}

impl From<Conflict> for Error {
    fn from(e: Conflict) -> Self {
        Error::Conflict(e)
    }
}

impl From<Invalid> for Error {
    fn from(e: Invalid) -> Self {
        Error::Invalid(e)
    }
}

impl From<InputProblems> for Error {
    fn from(e: InputProblems) -> Self {
        Error::Invalid(Invalid::Input(e))
    }
}

/// A stored value that does not decode is corruption, not bad input.
macro_rules! corrupt_from {
    ($($t:ty),+) => {$(
        impl From<$t> for Error {
            fn from(e: $t) -> Self {
                Error::Backend(Backend::Corrupt(e.to_string()))
            }
        }
    )+};
}
corrupt_from!(
    uppsikt_domain::CodeError,
    uppsikt_domain::agreement::BadSlug,
    uppsikt_domain::measure::BadStatus,
    uppsikt_domain::measure::BadPeriod,
    uppsikt_domain::report::UnknownState,
    uppsikt_domain::access::RoleError,
    uppsikt_domain::indicator::UnknownCode,
    uppsikt_domain::survey::QuestionnaireError,
    uppsikt_domain::survey::UnknownSurveyState,
    uppsikt_domain::survey::UnknownResponseStatus
);

impl Error {
    /// A rule the input breaks.
    pub fn rule(message: impl Into<String>) -> Error {
        Error::Invalid(Invalid::Rule(message.into()))
    }

    /// A state conflict.
    pub fn state(message: impl Into<String>) -> Error {
        Error::Conflict(Conflict::State(message.into()))
    }

    /// A file that could not be read or written.
    pub fn io(path: &std::path::Path, source: std::io::Error) -> Error {
        Error::Backend(Backend::Io {
            path: path.display().to_string(),
            source,
        })
    }

    /// Whether the database was too busy to answer in time (a pool timeout
    /// or SQLite's lock): the caller may retry shortly.
    pub fn is_busy(&self) -> bool {
        match self {
            Error::Backend(Backend::Database(sqlx::Error::PoolTimedOut)) => true,
            Error::Backend(Backend::Database(sqlx::Error::Database(e))) => {
                // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended
                // codes; only SQLite's codes are numbers of that kind
                // (PostgreSQL's SQLSTATE 22021 would parse as one).
                let sqlite_busy = e.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some()
                    && e.code()
                        .and_then(|c| c.parse::<i32>().ok())
                        .is_some_and(|c| matches!(c & 0xff, 5 | 6));
                // PostgreSQL: serialization failure, deadlock, lock not available.
                let postgres_busy = e
                    .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                    .is_some_and(|p| matches!(p.code(), "40001" | "40P01" | "55P03"));
                sqlite_busy || postgres_busy
            }
            _ => false,
        }
    }
}
