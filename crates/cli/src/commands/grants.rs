//! `uppsikt grants AGREEMENT`: allocation, received and spent per region.

use uppsikt_store::{Store, agreements, allocation_table};

use crate::error::CliResult;
use crate::output::{Format, print_rows};

/// Prints the allocation table of `agreement`.
pub async fn run(store: &Store, agreement: &str, format: Format) -> CliResult {
    let a = agreements::get(store, agreement).await?;
    let rows = allocation_table::grant_table(store, &a).await?;
    print_rows(&rows, format)
}
