//! `uppsikt synth`: SYNTHETIC register data for trials, demos and benchmarks.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use uppsikt_engine::synth::{SynthFormat, SynthOptions, generate};

use crate::progress::Progress;

#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum Format {
    #[default]
    Parquet,
    Csv,
}

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
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub async fn run(args: SynthArgs, progress: Progress) -> anyhow::Result<()> {
    let opts = SynthOptions {
        scale: args.scale,
        seed: args.seed,
        out: args.out,
        format: match args.format {
            Format::Parquet => SynthFormat::Parquet,
            Format::Csv => SynthFormat::Csv,
        },
    };
    let pb = progress.spinner("Genererar SYNTETISKA registerdata");
    let step = {
        let pb = pb.clone();
        move |msg: &str| pb.set_message(format!("Genererar SYNTETISKA registerdata: {msg}"))
    };
    let report = tokio::task::block_in_place(|| generate(&opts, &step));
    pb.finish_and_clear();
    let r = report?;
    println!(
        "SYNTHETIC register data in {}: {} people, {} contacts, {} visits, {} stays (see SYNTHETIC.txt)",
        opts.out.display(),
        r.people,
        r.contacts,
        r.visits,
        r.stays
    );
    Ok(())
}
