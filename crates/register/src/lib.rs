//! The register data of `shared/spec/register-data.md`, as it arrives: its
//! four tables ([`schema`]), read from CSV or Parquet and checked record by
//! record against the contract ([`input`]) into typed Arrow batches, with
//! every rejected record named by file, row and problem.
//!
//! It holds no query engine: `uppsikt-engine` computes the indicators from
//! what this crate hands it, and the fuzz target `register_input` feeds it
//! arbitrary files without building DataFusion.

pub mod dates;
pub mod input;
pub mod progress;
pub mod schema;

pub use progress::Progress;
