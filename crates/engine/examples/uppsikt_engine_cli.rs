//! A minimal command line over the engine alone, accepting the same
//! arguments as `uppsikt synth` and `uppsikt indicators compute`, so the
//! benchmark (`bench/indicators.py --bin`) can run a release build of the
//! engine without building the whole `uppsikt` binary (web, reports, …).
//!
//! ```sh
//! cargo build --release -p uppsikt-engine --example uppsikt_engine_cli
//! ```
//!
//! `cluster --executors N` starts a Ballista scheduler and N executors on
//! loopback, prints the address `indicators compute --engine` takes, and
//! serves until it is stopped: the benchmark's cluster (`--ballista`). The
//! client side needs the engine's `cluster` feature
//! (`--profile cluster --features cluster`).

use std::path::PathBuf;
use std::process::ExitCode;

use uppsikt_engine::synth::{SynthFormat, SynthOptions, generate};
use uppsikt_engine::{ComputeOptions, Engine, compute};

#[path = "../tests/common/cluster.rs"]
mod loopback;

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() -> ExitCode {
    let all: Vec<String> = std::env::args().skip(1).collect();
    let quiet = all.iter().any(|a| a == "--quiet" || a == "-q");
    let args: Vec<String> = all.into_iter().filter(|a| a != "--quiet" && a != "-q").collect();
    // Without --quiet, each step is printed with the time since the start,
    // which is what a profile of the benchmark needs.
    let start = std::time::Instant::now();
    let progress = move |step: &str| {
        if !quiet {
            eprintln!("{:7.2} s  {step}", start.elapsed().as_secs_f64());
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let result = match args.first().map(String::as_str) {
        Some("synth") => (|| {
            let opts = SynthOptions {
                scale: flag(&args, "--scale")
                    .ok_or_else(|| anyhow::anyhow!("--scale"))?
                    .parse()?,
                seed: flag(&args, "--seed").unwrap_or_else(|| "1".into()).parse()?,
                out: PathBuf::from(flag(&args, "--out").ok_or_else(|| anyhow::anyhow!("--out"))?),
                format: if flag(&args, "--format").as_deref() == Some("csv") {
                    SynthFormat::Csv
                } else {
                    SynthFormat::Parquet
                },
                year: match flag(&args, "--year") {
                    Some(y) => y.parse()?,
                    None => uppsikt_engine::synth::YEAR,
                },
            };
            generate(&opts, &progress)?;
            anyhow::Ok(())
        })(),
        Some("indicators") => (|| {
            let opts = ComputeOptions {
                input: PathBuf::from(flag(&args, "--input").ok_or_else(|| anyhow::anyhow!("--input"))?),
                out: PathBuf::from(flag(&args, "--out").ok_or_else(|| anyhow::anyhow!("--out"))?),
                publish: args.iter().any(|a| a == "--publish"),
                reject_file: flag(&args, "--reject-file").map(PathBuf::from),
                engine: match flag(&args, "--engine") {
                    Some(e) => e.parse::<Engine>().map_err(anyhow::Error::msg)?,
                    None => Engine::Local,
                },
                staging_dir: None,
                years: None,
            };
            rt.block_on(compute(&opts, &progress))?;
            progress("Klart");
            anyhow::Ok(())
        })(),
        Some("cluster") => (|| {
            let executors = flag(&args, "--executors").unwrap_or_else(|| "2".into()).parse()?;
            rt.block_on(cluster(executors))
        })(),
        _ => Err(anyhow::anyhow!(
            "usage: uppsikt_engine_cli synth --scale F --seed N --out DIR | indicators compute --input DIR --out FILE [--engine E] | cluster [--executors N]"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// A Ballista scheduler and `executors` executors on loopback, each with one
/// task slot, in this process; prints the scheduler's address and serves
/// until the process is stopped.
async fn cluster(executors: usize) -> anyhow::Result<()> {
    use std::io::Write as _;

    let port = loopback::start_cluster(executors, 1).await?;
    // The benchmark reads this line to connect.
    println!("ballista://localhost:{port}");
    std::io::stdout().flush()?;
    std::future::pending::<()>().await;
    Ok(())
}
