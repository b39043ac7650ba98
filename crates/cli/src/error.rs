//! The command line's errors and their exit codes: the one place where an
//! error of the store, the engine or the report becomes a number a script
//! can act on.

use uppsikt_domain::report::Refusal;
use uppsikt_domain::tr;
use uppsikt_store::Error as StoreError;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// From the store.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// From the indicator engine.
    #[cfg(feature = "engine")]
    #[error(transparent)]
    Engine(#[from] uppsikt_engine::Error),
    /// From the annual report.
    #[error(transparent)]
    Report(#[from] uppsikt_annual_report::Error),
    /// From the search index.
    #[error(transparent)]
    Search(#[from] uppsikt_qual::SearchError),
    /// From a backup or restore.
    #[error(transparent)]
    Backup(#[from] uppsikt_store::backup::BackupError),
    /// The arguments do not fit together; the message says how to call the command.
    #[error("{0}")]
    Usage(String),
    /// A file could not be read or written.
    #[error("{}", tr!(cli.io, path = .path, error = .source))]
    Io {
        /// The file.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// Exit codes, documented in the README.
pub mod exit {
    /// Something failed below the command: the database, the file system.
    pub const FAILURE: u8 = 1;
    /// The arguments are wrong (as clap's own usage errors).
    pub const USAGE: u8 = 2;
    /// What was named does not exist.
    pub const NOT_FOUND: u8 = 3;
    /// Refused: the workflow, a conflict with the stored state, a blocking finding.
    pub const REFUSED: u8 = 4;
    /// The input (a file, a value) breaks the rules; nothing was stored.
    pub const INVALID_INPUT: u8 = 5;
}

impl CliError {
    /// The exit code of the error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Store(e) => store_code(e),
            #[cfg(feature = "engine")]
            CliError::Engine(uppsikt_engine::Error::Input(_)) => exit::INVALID_INPUT,
            #[cfg(feature = "engine")]
            CliError::Engine(uppsikt_engine::Error::Option(_)) => exit::USAGE,
            #[cfg(feature = "engine")]
            CliError::Engine(_) => exit::FAILURE,
            CliError::Report(uppsikt_annual_report::Error::Store(e)) => store_code(e),
            CliError::Report(_) => exit::FAILURE,
            CliError::Search(uppsikt_qual::SearchError::Store(e)) => store_code(e),
            CliError::Search(uppsikt_qual::SearchError::EmptyQuery) => exit::USAGE,
            CliError::Search(_) => exit::FAILURE,
            CliError::Backup(e) => backup_code(e),
            CliError::Usage(_) => exit::USAGE,
            CliError::Io { .. } => exit::FAILURE,
        }
    }

    /// A file error on `path`.
    pub fn io(path: &std::path::Path, source: std::io::Error) -> CliError {
        CliError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    /// Whether the error is a closed pipe (`uppsikt export … | head`): the
    /// reader's choice, not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

fn backup_code(e: &uppsikt_store::backup::BackupError) -> u8 {
    use uppsikt_store::backup::BackupError;
    match e {
        BackupError::Damaged { .. } | BackupError::NewerFormat { .. } | BackupError::NewerSchema { .. } => {
            exit::INVALID_INPUT
        }
        BackupError::NotEmpty { .. } => exit::REFUSED,
        BackupError::Store(e) => store_code(e),
    }
}

fn store_code(e: &StoreError) -> u8 {
    match e {
        StoreError::NotFound(_) => exit::NOT_FOUND,
        StoreError::Refused(Refusal::NotPermitted { .. } | Refusal::OtherRegion { .. }) => exit::REFUSED,
        StoreError::Refused(_) | StoreError::Conflict(_) | StoreError::Blocked(_) => exit::REFUSED,
        StoreError::Invalid(_) => exit::INVALID_INPUT,
        StoreError::Backend(_) => exit::FAILURE,
    }
}

impl From<std::io::Error> for CliError {
    /// Writing to standard output.
    fn from(source: std::io::Error) -> CliError {
        CliError::Io {
            path: tr!(cli.stdout),
            source,
        }
    }
}

impl From<csv::Error> for CliError {
    fn from(e: csv::Error) -> CliError {
        match e.into_kind() {
            csv::ErrorKind::Io(io) => io.into(),
            other => CliError::Io {
                path: tr!(cli.stdout),
                source: std::io::Error::other(format!("{other:?}")),
            },
        }
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> CliError {
        std::io::Error::from(e).into()
    }
}

/// The command line's result.
pub type CliResult<T = ()> = Result<T, CliError>;

#[cfg(test)]
mod tests {
    use uppsikt_store::{Conflict, Entity, NotFound};

    use super::*;

    #[test]
    fn every_kind_of_error_has_its_exit_code() {
        let code = |e: StoreError| CliError::from(e).exit_code();
        assert_eq!(code(NotFound::new(Entity::Agreement, "x").into()), exit::NOT_FOUND);
        assert_eq!(code(Conflict::Stale("x".into()).into()), exit::REFUSED);
        assert_eq!(code(StoreError::rule("x")), exit::INVALID_INPUT);
        assert_eq!(code(StoreError::Blocked(vec![])), exit::REFUSED);
        assert_eq!(code(sqlx::Error::PoolTimedOut.into()), exit::FAILURE);
        assert_eq!(CliError::Usage("x".into()).exit_code(), exit::USAGE);
    }
}
