//! `uppsikt init`: reference data only.

use uppsikt_domain::tr;
use uppsikt_store::{Store, reference};

use crate::error::CliResult;
use crate::progress::Progress;

/// Loads the reference data and says where.
pub async fn run(store: &Store, progress: Progress) -> CliResult {
    load_reference(store, progress).await?;
    println!("{}", tr!(cli.init_done, database = store.display_url()));
    Ok(())
}

/// Loads the registry, agreements, built-in questionnaires and indicator definitions.
pub async fn load_reference(store: &Store, progress: Progress) -> CliResult {
    progress.step(&tr!(cli.init_step), reference::load(store)).await?;
    #[cfg(feature = "engine")]
    uppsikt_store::indicators::define(store, &uppsikt_engine::indicators::definitions()).await?;
    Ok(())
}
