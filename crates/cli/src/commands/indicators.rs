//! `uppsikt indicators …`: register-data indicators per
//! shared/spec/register-data.md (`compute` needs no database: it reads files
//! and writes a CSV), and their releases: `publish`, `releases`, `revisions`.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use uppsikt_domain::tr;
use uppsikt_engine::{ComputeOptions, Engine, Years, compute};
use uppsikt_store::indicators::CellSource;
use uppsikt_store::indicators::releases;
use uppsikt_store::{Location, Store};

use crate::error::{CliError, CliResult};
use crate::output::{Format, print_rows};
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
        #[arg(long, required_unless_present = "publish_release")]
        out: Option<PathBuf>,
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
        /// Only these years' cells: one year (2021) or a range (2020-2022).
        /// Every record is still read and checked, and a readmission early
        /// in the next year still counts for the index stay's year.
        #[arg(long, value_parser = parse_years)]
        years: Option<Years>,
        /// Also publish the computed cells into the database as a release
        /// (needs --source and --as).
        #[arg(long, requires = "source", requires = "publisher")]
        publish_release: bool,
        #[command(flatten)]
        release: ReleaseArgs,
    },
    /// Publish a file of cells as a release: the engine's output, or values
    /// computed elsewhere in the same columns
    /// (indicator,region,period,sex,numerator,denominator,value,suppressed).
    /// All or nothing; a bad row names file, row and column.
    Publish {
        /// The CSV file.
        file: PathBuf,
        #[command(flatten)]
        release: ReleaseArgs,
    },
    /// Every published release: who, when, source, input checksum, versions.
    Releases {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Values a later release changed: who, when, old → new.
    Revisions {
        /// Only this release's revisions.
        #[arg(long)]
        release: Option<i64>,
        /// Only this indicator's.
        #[arg(long)]
        indicator: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// Where a release comes from and who publishes it.
#[derive(Debug, clap::Args)]
pub struct ReleaseArgs {
    /// The source as readers will see it, e.g. "Vårdbarometern 2022, Inera".
    #[arg(long)]
    source: Option<String>,
    /// The values are synthetic (made up for a demo or a test); shown as such wherever they appear.
    #[arg(long)]
    synthetic: bool,
    /// The publishing analyst's account (see uppsikt users list).
    #[arg(long = "as", env = "UPPSIKT_ACTOR", value_name = "NAME", id = "publisher")]
    publisher: Option<String>,
}

fn parse_engine(s: &str) -> Result<Engine, String> {
    s.parse()
}

fn parse_years(s: &str) -> Result<Years, String> {
    s.parse()
}

/// Runs an indicators command; only the release commands open the database.
pub async fn run(command: IndicatorsCommand, location: &Location, progress: Progress) -> CliResult {
    match command {
        IndicatorsCommand::Compute {
            input,
            out,
            publish,
            reject_file,
            engine,
            staging_dir,
            years,
            publish_release,
            release,
        } => {
            // Published straight away without --out, the cells pass through a scratch file.
            let scratch;
            let out = match out {
                Some(out) => out,
                None => {
                    scratch = tempfile::tempdir().map_err(|e| CliError::io(Path::new("."), e))?;
                    scratch.path().join("indikatorer.csv")
                }
            };
            let opts = ComputeOptions {
                input,
                out,
                publish,
                reject_file,
                engine,
                staging_dir,
                years,
            };
            let shown = crate::progress::ComputeProgress::new(progress, &tr!(cli.indicators_step));
            let result = compute(&opts, &shown).await;
            shown.finish();
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
            if publish_release {
                let store = Store::open(location).await?;
                let result = publish_file(&store, &opts.out, &release).await;
                store.close().await;
                result?;
            }
            Ok(())
        }
        IndicatorsCommand::Publish { file, release } => {
            let store = Store::open(location).await?;
            let result = publish_file(&store, &file, &release).await;
            store.close().await;
            result
        }
        IndicatorsCommand::Releases { format } => {
            let store = Store::open(location).await?;
            let rows = releases::releases(&store).await;
            store.close().await;
            let rows = rows?;
            if rows.is_empty() && format == Format::Table {
                println!("{}", tr!(release.no_releases));
                return Ok(());
            }
            print_rows(&rows, format)
        }
        IndicatorsCommand::Revisions {
            release,
            indicator,
            format,
        } => {
            let store = Store::open(location).await?;
            let rows = releases::revisions(&store, release, indicator.as_deref()).await;
            store.close().await;
            let rows = rows?;
            if rows.is_empty() && format == Format::Table {
                println!("{}", tr!(release.no_revisions));
                return Ok(());
            }
            print_rows(&rows, format)
        }
    }
}

/// Checks `file` against the stored definitions and publishes it as a release
/// by the analyst named with --as.
async fn publish_file(store: &Store, file: &Path, args: &ReleaseArgs) -> CliResult {
    let name = args
        .publisher
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| crate::usage(tr!(release.publish_needs_account)))?;
    let actor = uppsikt_store::users::active_actor(store, name).await?;
    if !actor.publishes_indicators() {
        return Err(
            uppsikt_store::Error::state(tr!(release.publish_role, name = name, role = actor.role.label_sv())).into(),
        );
    }
    let source = args
        .source
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| crate::usage(tr!(release.source_needed)))?
        .to_string();
    let bytes = std::fs::read(file).map_err(|e| CliError::io(file, e))?;
    let source = CellSource {
        synthetic: args.synthetic,
        description: source,
    };
    let r = releases::publish_file(store, &actor.name, source, &file.display().to_string(), &bytes).await?;
    println!(
        "{}",
        tr!(
            release.published,
            id = r.id,
            cells = r.cells,
            suppressed = r.suppressed,
            revised = r.revised,
            source = r.source
        )
    );
    Ok(())
}

/// Scale and seed of the demo's synthetic register data: about 100 000
/// people, enough that most regions' yearly cells pass disclosure control.
const DEMO_SCALE: f64 = 0.01;
const DEMO_SEED: u64 = 2024;
/// The years of the demo's register data: the three years up to the one
/// its survey and reports cover, the year before the demo's annual report,
/// so the report and the explorer show a trend.
const DEMO_REGISTER_YEARS: [i32; 3] = [
    super::annual_report::DEMO_YEAR - 3,
    super::annual_report::DEMO_YEAR - 2,
    super::annual_report::DEMO_YEAR - 1,
];

/// The years of the demo's SYNTHETIC values of the imported SOU 2018:39
/// quantities: three years up to the demo's annual report.
const DEMO_SOU_YEARS: [i32; 3] = [
    super::annual_report::DEMO_YEAR - 2,
    super::annual_report::DEMO_YEAR - 1,
    super::annual_report::DEMO_YEAR,
];

/// The demo's imported indicators: three years of SYNTHETIC values for the
/// SOU 2018:39 quantities that are not register data, published as one release
/// marked synthetic. Returns how many cells.
pub async fn demo_imported(store: &Store, progress: Progress) -> CliResult<usize> {
    use uppsikt_store::indicators::demo::synthetic_imported;
    progress
        .step(&tr!(cli.demo_sou_step), async {
            let regions: Vec<_> = uppsikt_store::registry::regions(store)
                .await?
                .into_iter()
                .map(|r| r.code)
                .collect();
            let cells = synthetic_imported(&regions, &DEMO_SOU_YEARS, DEMO_SEED);
            let source = CellSource {
                synthetic: true,
                description: tr!(cli.demo_sou_source, seed = DEMO_SEED),
            };
            let defs = uppsikt_domain::indicator::imported();
            releases::publish_computed(store, &source, &defs, &cells).await?;
            Ok::<_, CliError>(cells.len())
        })
        .await
}

/// The demo's register step: generates a small SYNTHETIC register set per
/// year of [`DEMO_REGISTER_YEARS`] in the data directory (each with the year
/// as its seed, so the years differ), computes the indicators and stores the
/// published (suppressed) cells, marked synthetic, as one release for
/// reports and the web UI. Returns how many cells.
pub async fn demo_step(store: &Store, location: &Location, progress: Progress) -> CliResult<usize> {
    use uppsikt_engine::synth::{SynthFormat, SynthOptions, generate};
    use uppsikt_store::indicators::{CellSource, IndicatorCell, releases::publish_computed};

    let root = location.data_dir.join(uppsikt_store::layout::SYNTHETIC_REGISTER);
    progress
        .step(&tr!(cli.demo_register_step), async {
            let mut published: Vec<IndicatorCell> = Vec::new();
            for year in DEMO_REGISTER_YEARS {
                let dir = root.join(year.to_string());
                let opts = SynthOptions {
                    scale: DEMO_SCALE,
                    seed: DEMO_SEED + (year - DEMO_REGISTER_YEARS[0]) as u64,
                    out: dir.clone(),
                    format: SynthFormat::Parquet,
                    year,
                };
                tokio::task::block_in_place(|| generate(&opts, &|_| {}))?;
                let cells = compute::compute_dir(&dir, &Engine::Local).await?;
                // The synthetic care happens in one year; the cells the engine
                // makes for the next (stays that end, readmissions that begin
                // after New Year) hold only that spill-over, so they are not published.
                let year = year.to_string();
                published.extend(cells.iter().filter(|c| c.period.starts_with(&year)).map(|c| {
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
                }));
            }
            // No path: the description is shown to the public.
            let source = CellSource {
                synthetic: true,
                description: tr!(
                    cli.demo_register_source,
                    scale = DEMO_SCALE,
                    seed = DEMO_SEED,
                    first = DEMO_REGISTER_YEARS[0],
                    last = DEMO_REGISTER_YEARS[DEMO_REGISTER_YEARS.len() - 1]
                ),
            };
            let defs = uppsikt_engine::indicators::definitions();
            publish_computed(store, &source, &defs, &published).await?;
            Ok::<_, CliError>(published.len())
        })
        .await
}
