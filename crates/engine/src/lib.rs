//! Indicator engine over register microdata: the definitions of
//! `shared/spec/register-data.md`, each as DataFusion SQL and, for the local
//! run, as a streamed computation that gives the same cells.
//!
//! The flow of `compute`: [`input`] (the crate `uppsikt-register`) reads and
//! strictly validates the four register tables (CSV or Parquet) into typed
//! Arrow batches on every core; locally, each reading thread folds them into
//! the indicators' partial results ([`streamed`]), which are merged and
//! finished once the last record is read, and an indicator with SQL alone
//! runs its plan on the tables it needs, held in memory; on a Ballista
//! cluster every indicator runs its SQL ([`session`]). [`suppression`]
//! applies primary and complementary disclosure control to the resulting
//! cells; [`output`] writes the long-format CSV atomically. [`synth`]
//! generates synthetic register data.

pub mod cells;
pub mod compute;
mod error;
pub mod indicators;
pub mod output;
pub mod session;
pub mod streamed;
pub mod suppression;
pub mod synth;
pub mod years;

pub use uppsikt_register::{Progress, dates, input, progress, schema};

pub use compute::{ComputeOptions, ComputeReport, compute};
pub use error::{Error, Result};
pub use session::Engine;
pub use years::Years;
