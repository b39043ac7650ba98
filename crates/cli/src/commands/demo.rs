//! `uppsikt demo`: `init`, then the demo data on top.

use uppsikt_store::{Location, Store, seeds};

use crate::progress::Progress;

pub async fn run(store: &Store, location: &Location, progress: Progress) -> anyhow::Result<()> {
    super::init::load_reference(store, progress).await?;
    progress
        .step(
            "Läser in källtexternas data (bidrag 2017, webbtidbok, strategier)",
            seeds::load(store),
        )
        .await?;
    let reports = progress
        .step(
            "Skapar rapporter: 2017 ur källtexten (godkända), utkast 2019 ur uppföljningsrapporten",
            uppsikt_store::reports::demo::load(store),
        )
        .await?;
    println!(
        "Rapporter: {} nya, {} fanns redan; prova uppsikt reports status professionsmiljarden-2017",
        reports.created, reports.kept
    );
    let survey_responses = progress
        .step(
            "Läser in kommunenkäten 2019: REKONSTRUERADE svar som återger de publicerade resultaten",
            uppsikt_store::survey::reconstruction::load(store),
        )
        .await?;
    println!(
        "Kommunenkäten 2019: {survey_responses} rekonstruerade (syntetiska) svar som återger rapportens siffror; \
         prova uppsikt survey results kommunenkat-2019"
    );
    #[cfg(feature = "engine")]
    let register_cells = super::indicators::demo_step(store, location, progress).await?;
    println!("Demodata inläst i {}", store.display_url());
    #[cfg(feature = "engine")]
    println!("Indikatorer från SYNTETISKA registerdata: {register_cells} publicerade celler");
    if location.database_url.is_none() {
        println!("Datakatalog: {}", location.data_dir.display());
    }
    super::report::demo_step(store, location, progress).await?;
    println!("Prova: uppsikt grants professionsmiljarden-2017");
    println!("       uppsikt validate professionsmiljarden-2017");
    Ok(())
}
