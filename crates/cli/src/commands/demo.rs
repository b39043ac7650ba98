//! `uppsikt demo`: `init`, then the demo data on top.

use uppsikt_domain::tr;
use uppsikt_store::{Location, Store, seeds};

use crate::error::CliResult;
use crate::progress::Progress;

/// Loads the reference data, the seed texts' records, the demo reports, the
/// reconstructed survey, the synthetic register indicators, and writes the
/// annual report.
pub async fn run(store: &Store, location: &Location, progress: Progress) -> CliResult {
    super::init::load_reference(store, progress).await?;
    progress.step(&tr!(cli.demo_seeds_step), seeds::load(store)).await?;
    let at = uppsikt_store::survey::now();
    let reports = progress
        .step(
            &tr!(cli.demo_reports_step),
            uppsikt_store::reports::demo::load(store, &at),
        )
        .await?;
    println!(
        "{}",
        tr!(cli.demo_reports, created = reports.created, kept = reports.kept)
    );
    let survey_responses = progress
        .step(
            &tr!(cli.demo_survey_step),
            uppsikt_store::survey::reconstruction::load(store),
        )
        .await?;
    println!("{}", tr!(cli.demo_survey, count = survey_responses));
    let qual = progress
        .step(&tr!(qual.demo_step), uppsikt_qual::demo::load(store))
        .await?;
    uppsikt_store::qual::narratives::sync(store).await?;
    uppsikt_qual::SearchIndex::for_store(&location.data_dir, store)?
        .catch_up(store)
        .await?;
    println!(
        "{}",
        tr!(
            qual.demo_loaded,
            documents = qual.documents,
            codes = qual.codes,
            codings = qual.codings
        )
    );
    #[cfg(feature = "engine")]
    let register_cells = super::indicators::demo_step(store, location, progress).await?
        + super::indicators::demo_imported(store, progress).await?;
    println!("{}", tr!(cli.demo_loaded, database = store.display_url()));
    #[cfg(feature = "engine")]
    println!("{}", tr!(cli.demo_indicators, count = register_cells));
    if location.database_url.is_none() {
        println!("{}", tr!(cli.data_dir, dir = location.data_dir.display()));
    }
    super::annual_report::demo_step(store, location, progress).await?;
    println!("{}", tr!(cli.demo_try));
    Ok(())
}
