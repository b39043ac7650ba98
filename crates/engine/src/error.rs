//! The engine's errors: the input breaking the contract (the user's to fix)
//! is told apart from a failing file system, cluster or plan.

use uppsikt_domain::tr;

use crate::input::InputError;

/// Why a computation or a generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input breaks the register-data contract; nothing was written.
    #[error(transparent)]
    Input(#[from] InputError),
    /// An option has a value it cannot take.
    #[error("{0}")]
    Option(String),
    /// A file could not be read or written.
    #[error("{}", tr!(engine.io, path = .path, error = .source))]
    Io {
        /// The file or directory.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// An indicator's plan failed.
    #[error("{}", tr!(engine.compute_failed, indicator = .indicator, error = .source))]
    Compute {
        /// The indicator's id.
        indicator: String,
        /// DataFusion's error.
        source: datafusion::error::DataFusionError,
    },
    /// The Ballista cluster could not be reached or started.
    #[error("{0}")]
    Cluster(String),
    /// Arrow, Parquet or DataFusion failed below the indicators.
    #[error("{}", tr!(engine.internal, error = .0))]
    Internal(String),
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: &std::path::Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

macro_rules! internal_from {
    ($($t:ty),+) => {$(
        impl From<$t> for Error {
            fn from(e: $t) -> Self {
                Error::Internal(e.to_string())
            }
        }
    )+};
}
internal_from!(
    datafusion::error::DataFusionError,
    datafusion::arrow::error::ArrowError,
    datafusion::parquet::errors::ParquetError,
    csv::Error
);

/// The engine's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;
