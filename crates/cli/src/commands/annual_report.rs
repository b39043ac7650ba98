//! `uppsikt annual-report --year YEAR --out DIR`: the annual follow-up report as HTML and PDF.

use std::path::Path;

use uppsikt_domain::tr;
use uppsikt_store::{Location, Store};

use crate::error::CliResult;
use crate::progress::Progress;

/// The report year the demo data is written for: the seeds' follow-up report was published in 2020.
pub const DEMO_YEAR: i32 = 2020;

/// Writes `report.html` and `report.pdf` for `year` into `out` and prints their paths.
pub async fn run(store: &Store, year: i32, out: &Path, progress: Progress) -> CliResult {
    let written = progress
        .step(
            &tr!(cli.annual_report_step, year = year),
            uppsikt_annual_report::write(store, year, out),
        )
        .await?;
    println!("{}", written.html.display());
    println!("{}", written.pdf.display());
    Ok(())
}

/// The last step of `demo`: the report for the demo data, published in the
/// web application's archive (`<data-dir>/rapport/<year>/`).
pub async fn demo_step(store: &Store, location: &Location, progress: Progress) -> CliResult {
    let archive =
        uppsikt_annual_report::archive::Archive::new(location.data_dir.join(uppsikt_store::layout::ANNUAL_REPORTS));
    let written = progress
        .step(
            &tr!(cli.annual_report_demo_step, year = DEMO_YEAR),
            archive.write_published(store, DEMO_YEAR),
        )
        .await?;
    println!(
        "{}",
        tr!(
            cli.annual_report_written,
            year = DEMO_YEAR,
            html = written.html.display(),
            pdf = written.pdf.display()
        )
    );
    Ok(())
}
