//! Writes the report for the demo data into a directory, without the CLI:
//! `cargo run -p uppsikt-report --example demo_report -- OUT_DIR [YEAR]`.

use uppsikt_store::testing::TestDb;
use uppsikt_store::{reference, reports, seeds, survey};

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "rapport".into());
    let year: i32 = args.next().map_or(Ok(2020), |y| y.parse())?;
    let db = TestDb::sqlite().await?;
    reference::load(&db.store).await?;
    seeds::load(&db.store).await?;
    reports::demo::load(&db.store).await?;
    survey::reconstruction::load(&db.store).await?;
    let written = uppsikt_report::write(&db.store, year, std::path::Path::new(&out)).await?;
    println!("{}\n{}", written.html.display(), written.pdf.display());
    db.finish().await
}
