//! `uppsikt indicators compute`: register-data indicators per
//! shared/spec/register-data.md. Needs no database: it reads files and writes a CSV.

use std::path::PathBuf;

use clap::Subcommand;
use uppsikt_domain::tr;
use uppsikt_engine::{ComputeOptions, Engine, compute};

use crate::error::CliResult;
use crate::progress::Progress;

/// What to do with indicators.
#[derive(Debug, Subcommand)]
pub enum IndicatorsCommand {
    /// Compute every indicator from a directory of register tables
    /// (contacts, visits, stays, population as .csv or .parquet) into a long-format CSV.
    Compute {
        /// Directory holding the tables.
        #[arg(long)]
        input: PathBuf,
        /// The CSV file to write (replaced only when the whole run succeeds).
        #[arg(long)]
        out: PathBuf,
        /// Published output: suppressed cells keep their keys but not their numbers.
        #[arg(long)]
        publish: bool,
        /// Skip rows that break the contract and list them (file, row, reason) in this CSV.
        #[arg(long)]
        reject_file: Option<PathBuf>,
        /// `local` (DataFusion in this process) or `ballista://HOST:PORT` (a Ballista scheduler).
        #[arg(long, default_value = "local", value_parser = parse_engine)]
        engine: Engine,
        /// For Ballista: where to stage the validated tables as Parquet; every
        /// executor must reach this directory at the same path.
        #[arg(long)]
        staging_dir: Option<PathBuf>,
    },
}

fn parse_engine(s: &str) -> Result<Engine, String> {
    s.parse()
}

/// Runs an indicators command.
pub async fn run(command: IndicatorsCommand, progress: Progress) -> CliResult {
    match command {
        IndicatorsCommand::Compute {
            input,
            out,
            publish,
            reject_file,
            engine,
            staging_dir,
        } => {
            let opts = ComputeOptions {
                input,
                out,
                publish,
                reject_file,
                engine,
                staging_dir,
            };
            let pb = progress.spinner(&tr!(cli.indicators_step));
            let step = {
                let pb = pb.clone();
                move |msg: &str| pb.set_message(msg.to_string())
            };
            let result = compute(&opts, &step).await;
            pb.finish_and_clear();
            let report = result?;
            for (indicator, table) in &report.skipped {
                eprintln!("{}", tr!(cli.indicator_skipped, indicator = indicator, table = table));
            }
            if report.rejected > 0
                && let Some(r) = &opts.reject_file
            {
                eprintln!(
                    "{}",
                    tr!(cli.rows_rejected, count = report.rejected, file = r.display())
                );
            }
            if !progress.quiet {
                let rows: Vec<String> = report.rows.iter().map(|(t, n)| format!("{t} {n}")).collect();
                eprintln!(
                    "{}",
                    tr!(
                        cli.indicators_done,
                        read = rows.join(", "),
                        cells = report.cells,
                        suppressed = report.suppressed,
                        file = opts.out.display()
                    )
                );
            }
            Ok(())
        }
    }
}

/// Scale and seed of the demo's synthetic register data: about 100 000
/// people, enough that most regions' yearly cells pass disclosure control.
const DEMO_SCALE: f64 = 0.01;
const DEMO_SEED: u64 = 2024;
/// The year of the demo's register data: the year before the demo's annual
/// report, the year its survey and reports cover.
const DEMO_REGISTER_YEAR: i32 = super::annual_report::DEMO_YEAR - 1;

/// The demo's register step: generates a small SYNTHETIC register set in the
/// data directory, computes the indicators and stores the published
/// (suppressed) cells, marked synthetic, for reports and the web UI.
pub async fn demo_step(
    store: &uppsikt_store::Store,
    location: &uppsikt_store::Location,
    progress: Progress,
) -> CliResult<usize> {
    use uppsikt_engine::synth::{SynthFormat, SynthOptions, generate};
    use uppsikt_store::indicators::{CellSource, IndicatorCell, replace};

    let dir = location.data_dir.join(uppsikt_store::layout::SYNTHETIC_REGISTER);
    let opts = SynthOptions {
        scale: DEMO_SCALE,
        seed: DEMO_SEED,
        out: dir.clone(),
        format: SynthFormat::Parquet,
        year: DEMO_REGISTER_YEAR,
    };
    progress
        .step(&tr!(cli.demo_register_step), async {
            tokio::task::block_in_place(|| generate(&opts, &|_| {}))?;
            let cells = compute::compute_dir(&dir, &Engine::Local).await?;
            // The synthetic care happens in one year; the cells the engine
            // makes for the next (stays that end, readmissions that begin
            // after New Year) hold only that spill-over, so they are not published.
            let year = DEMO_REGISTER_YEAR.to_string();
            let published: Vec<IndicatorCell> = cells
                .iter()
                .filter(|c| c.period.starts_with(&year))
                .map(|c| {
                    IndicatorCell {
                        indicator: c.indicator.clone(),
                        region: c.region.clone(),
                        period: c.period.clone(),
                        sex: c.sex.clone(),
                        numerator: Some(c.numerator),
                        denominator: Some(c.denominator),
                        value: c.value().parse().ok(),
                        suppressed: c.suppressed,
                    }
                    .masked()
                })
                .collect();
            // No path: the description is shown to the public.
            let source = CellSource {
                synthetic: true,
                description: tr!(
                    cli.demo_register_source,
                    scale = DEMO_SCALE,
                    seed = DEMO_SEED,
                    year = DEMO_REGISTER_YEAR
                ),
            };
            let defs = uppsikt_engine::indicators::definitions();
            replace(store, &source, &defs, &published).await?;
            Ok::<_, crate::error::CliError>(published.len())
        })
        .await
}
