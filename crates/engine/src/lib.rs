//! Indicator engine over register microdata: the definitions of
//! `shared/spec/register-data.md` as DataFusion plans.
//!
//! The flow of `compute`: [`input`] (the crate `uppsikt-register`) reads and
//! strictly validates the four register tables (CSV or Parquet) into typed
//! Arrow batches; each indicator
//! in [`indicators::all`] is one SQL plan run by DataFusion, locally or on a
//! Ballista cluster ([`session`]); [`suppression`] applies primary and
//! complementary disclosure control to the resulting cells; [`output`] writes
//! the long-format CSV atomically. [`synth`] generates synthetic register data.

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
