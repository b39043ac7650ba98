//! `uppsikt synth`: SYNTHETIC register data for trials, demos and benchmarks.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use uppsikt_domain::tr;
use uppsikt_engine::synth::{SynthFormat, SynthOptions, generate};

use crate::error::CliResult;
use crate::progress::Progress;

/// File format of the generated tables.
#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum Format {
    /// Parquet, zstd-compressed.
    #[default]
    Parquet,
    /// CSV with a header row.
    Csv,
}

/// The arguments of `synth`.
#[derive(Debug, Args)]
pub struct SynthArgs {
    /// 1.0 ≈ the whole country for a year (10.3 M people, ~40 M visits); 0.01 for a quick trial.
    #[arg(long)]
    scale: f64,
    /// Same seed, same data.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Directory to write contacts, visits, stays, population and SYNTHETIC.txt into.
    #[arg(long)]
    out: PathBuf,
    /// File format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// The year the care happens in (population is written for it and the next).
    #[arg(long, default_value_t = uppsikt_engine::synth::YEAR)]
    year: i32,
}

/// Generates the tables.
pub async fn run(args: SynthArgs, progress: Progress) -> CliResult {
    let opts = SynthOptions {
        scale: args.scale,
        seed: args.seed,
        out: args.out,
        format: match args.format {
            Format::Parquet => SynthFormat::Parquet,
            Format::Csv => SynthFormat::Csv,
        },
        year: args.year,
    };
    let pb = progress.spinner(&tr!(cli.synth_step));
    let step = {
        let pb = pb.clone();
        move |msg: &str| pb.set_message(format!("{}: {msg}", tr!(cli.synth_step)))
    };
    let report = tokio::task::block_in_place(|| generate(&opts, &step));
    pb.finish_and_clear();
    let r = report?;
    println!(
        "{}",
        tr!(
            cli.synth_done,
            dir = opts.out.display(),
            people = r.people,
            contacts = r.contacts,
            visits = r.visits,
            stays = r.stays
        )
    );
    Ok(())
}
