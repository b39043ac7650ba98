//! `uppsikt grants AGREEMENT`: allocation, received and spent per region.

use uppsikt_store::{Store, agreements, facts};

use crate::output::{Format, print_rows};

pub async fn run(store: &Store, agreement: &str, format: Format) -> anyhow::Result<()> {
    let a = agreements::get(store, agreement).await?;
    let rows = facts::grant_table(store, &a).await?;
    print_rows(&rows, format)
}
