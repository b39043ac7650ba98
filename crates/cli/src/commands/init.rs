//! `uppsikt init`: reference data only.

use uppsikt_store::{Store, reference};

use crate::progress::Progress;

pub async fn run(store: &Store, progress: Progress) -> anyhow::Result<()> {
    load_reference(store, progress).await?;
    println!("Referensdata inläst i {}", store.display_url());
    Ok(())
}

/// Loads the registry, agreements and built-in questionnaires.
pub async fn load_reference(store: &Store, progress: Progress) -> anyhow::Result<()> {
    progress
        .step(
            "Läser in regioner, kommuner och överenskommelser",
            reference::load(store),
        )
        .await
}
