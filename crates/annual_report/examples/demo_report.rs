//! Writes the report for the demo data into a directory, without the CLI, and
//! prints how long each stage took:
//! `cargo run -p uppsikt-annual-report --example demo_report -- OUT_DIR [YEAR]`.

use std::time::Instant;

use uppsikt_annual_report::{assemble, html, pdf, sections};
use uppsikt_store::testing::TestDb;
use uppsikt_store::{reference, reports, seeds, survey};

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| "rapport".into()));
    let year: i32 = args.next().map_or(Ok(2020), |y| y.parse())?;
    let db = TestDb::sqlite().await.map_err(|e| anyhow::anyhow!(e))?;
    reference::load(&db.store).await?;
    seeds::load(&db.store).await?;
    reports::demo::load(&db.store, "2020-01-01T00:00:00Z").await?;
    survey::reconstruction::load(&db.store).await?;

    let t = Instant::now();
    let data = assemble(&db.store, year).await?;
    let t_assemble = t.elapsed();
    let t = Instant::now();
    let doc = sections::build(&data);
    let t_build = t.elapsed();
    let t = Instant::now();
    let page = html::render(&doc);
    let t_html = t.elapsed();
    let t = Instant::now();
    let bytes = pdf::render(&doc)?;
    let t_pdf = t.elapsed();
    uppsikt_files::write(&out.join("report.html"), page.as_bytes())?;
    uppsikt_files::write(&out.join("report.pdf"), &bytes)?;
    eprintln!(
        "assemble {:?}, sections and SVG {:?}, HTML {:?}, Typst and PDF {:?}",
        t_assemble, t_build, t_html, t_pdf
    );
    println!(
        "{}\n{}",
        out.join("report.html").display(),
        out.join("report.pdf").display()
    );
    db.finish().await.map_err(|e| anyhow::anyhow!(e))
}
