//! `uppsikt`: the command line of the follow-up platform.

mod commands;
mod error;
mod help;
mod output;
mod progress;
mod usage_errors;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use uppsikt_store::{Location, Store, Workload};

use crate::error::{CliError, CliResult};
use crate::output::Format;
use crate::progress::Progress;

/// Uppsikt – national follow-up of state development grants to Swedish health care.
///
/// Data lives in a SQLite file in the data directory (default ./uppsikt-data),
/// or in PostgreSQL with --database-url postgres://USER@HOST/DB.
#[derive(Debug, Parser)]
#[command(name = "uppsikt", version, propagate_version = true)]
struct Cli {
    /// Data directory holding the embedded SQLite database and generated files.
    #[arg(long, global = true, env = "UPPSIKT_DATA_DIR", default_value = "uppsikt-data")]
    data_dir: PathBuf,

    /// Use this database instead of the data directory's SQLite file (sqlite://FILE or postgres://…).
    #[arg(long, global = true, env = "UPPSIKT_DATABASE_URL")]
    database_url: Option<String>,

    /// No progress output; only results and errors.
    #[arg(long, short, global = true)]
    quiet: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create (or refresh) a data directory with reference data only: regions,
    /// municipalities, agreements and their areas.
    Init,
    /// Run `init`, then load the demo data: the seed texts' real records; then
    /// create demo accounts and serve the web application.
    Demo {
        /// Only build the data and the demo accounts; do not start the server.
        /// (When standard output is not a terminal, e.g. in scripts and tests,
        /// demo does not serve unless given --serve.)
        #[arg(long, conflicts_with = "serve")]
        no_serve: bool,
        /// Serve even when standard output is not a terminal.
        #[arg(long)]
        serve: bool,
        /// Address to serve on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
    },
    /// Allocation of an agreement by population share, with what each region
    /// reported receiving and spending.
    Grants {
        /// Agreement id, e.g. professionsmiljarden-2017.
        agreement: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Export a dataset.
    Export {
        #[arg(value_enum)]
        dataset: commands::export::Dataset,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Register-data indicators (care guarantee, continuity, readmissions,
    /// avoidable hospitalisation, digital visits), computed without a
    /// database; and their releases: publish, releases, revisions.
    #[cfg(feature = "engine")]
    Indicators {
        #[command(subcommand)]
        command: commands::indicators::IndicatorsCommand,
    },
    /// Generate SYNTHETIC register data (contacts, visits, stays, population).
    #[cfg(feature = "engine")]
    Synth(commands::synth::SynthArgs),
    /// The municipal survey: invitations, tracking, import, export, results.
    Survey {
        #[command(subcommand)]
        command: commands::survey::SurveyCommand,
    },
    /// The regions' own reports (redovisningar): template, import, status and
    /// rates, review workflow. Changes need --as ACCOUNT, an active account
    /// acting with its own role.
    Reports {
        #[command(subcommand)]
        command: commands::reports::ReportsCommand,
    },
    /// The audit trail of reports: who changed what, when, old → new.
    Audit {
        /// AGREEMENT/REGION (e.g. god-och-nara-vard-2019/17), or AGREEMENT for every region.
        #[arg(long)]
        report: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Write the annual follow-up report as report.html (self-contained) and
    /// report.pdf. Each section uses the latest data dated YEAR or earlier.
    /// (Before 0.2 this command was called `report`, a name still accepted.)
    #[command(name = "annual-report", alias = "report")]
    AnnualReport {
        /// Report year, e.g. 2020.
        #[arg(long)]
        year: i32,
        /// Directory to write report.html and report.pdf into (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Evaluate the validation rules over an agreement and list the findings.
    /// Exits 0 even when there are findings.
    Validate {
        /// Agreement id, e.g. professionsmiljarden-2017.
        agreement: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The qualitative follow-up: documents, codebook, codings, analysis,
    /// Swedish search and REFI-QDA exchange.
    Qual {
        #[command(subcommand)]
        command: commands::qual::QualCommand,
    },
    /// Accounts of the web application.
    Users {
        #[command(subcommand)]
        command: commands::users::UsersCommand,
    },
    /// Write a consistent backup of the database and the data directory's own
    /// files to one file (while the server runs), or check one with --verify.
    /// Search indexes and synthetic register files are derived and left out.
    Backup {
        /// The backup file to write.
        #[arg(long, required_unless_present = "verify", conflicts_with = "verify")]
        out: Option<PathBuf>,
        /// Check this backup file (every checksum, row and file name) without restoring it.
        #[arg(long)]
        verify: Option<PathBuf>,
    },
    /// Restore a backup into an empty data directory or database, on either
    /// backend (a SQLite backup restores into PostgreSQL and back). Refuses a
    /// damaged file, a newer one, or a target that holds data, writing nothing.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// Serve the web application from the data directory.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        #[command(flatten)]
        options: commands::serve::ServeOptions,
    },
}

impl Cli {
    fn location(&self) -> Location {
        Location {
            data_dir: self.data_dir.clone(),
            database_url: self.database_url.clone(),
        }
    }
}

fn main() -> ExitCode {
    #[cfg(feature = "engine")]
    uppsikt_engine::input::quiet_contained_panics();
    let parsed = help::swedish(Cli::command())
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        // Help and the version are printed as clap writes them.
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => e.exit(),
        Err(e) => {
            eprintln!("{}", uppsikt_domain::tr!(cli.error, error = usage_errors::message(&e)));
            return ExitCode::from(error::exit::USAGE);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("UPPSIKT_LOG"))
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", uppsikt_domain::tr!(cli.error, error = e.to_string().trim_end()));
            ExitCode::from(e.exit_code())
        }
    }
}

async fn run(cli: Cli) -> CliResult {
    let progress = Progress {
        quiet: cli.quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()),
    };
    let location = cli.location();
    // Commands that only read and write files open no database.
    let command = match cli.command {
        #[cfg(feature = "engine")]
        Command::Indicators { command } => return commands::indicators::run(command, &location, progress).await,
        #[cfg(feature = "engine")]
        Command::Synth(args) => return commands::synth::run(args, progress).await,
        Command::Backup { verify: Some(file), .. } => return commands::backup::verify(&file),
        Command::Restore { file } => return commands::backup::restore(&file, &location).await,
        other => other,
    };
    let workload = match command {
        Command::Serve { .. } | Command::Demo { no_serve: false, .. } => Workload::Server,
        _ => Workload::Command,
    };
    let step = uppsikt_domain::tr!(cli.opening_database);
    let store = progress.step(&step, Store::open_for(&location, workload)).await?;
    let result = match command {
        Command::Init => commands::init::run(&store, progress).await,
        Command::Demo { no_serve, serve, addr } => match commands::demo::run(&store, &location, progress).await {
            Ok(()) => commands::serve::after_demo(&store, &location, no_serve, serve, &addr).await,
            Err(e) => Err(e),
        },
        Command::Grants { agreement, format } => commands::grants::run(&store, &agreement, format).await,
        Command::Export { dataset, format } => commands::export::run(&store, dataset, format).await,
        Command::Validate { agreement, format } => commands::validate::run(&store, &agreement, format).await,
        Command::AnnualReport { year, out } => commands::annual_report::run(&store, year, &out, progress).await,
        Command::Reports { command } => commands::reports::run(&store, command).await,
        Command::Audit { report, format } => commands::reports::audit(&store, &report, format).await,
        Command::Survey { command } => commands::survey::run(&store, command).await,
        Command::Users { command } => commands::users::run(&store, command).await,
        Command::Qual { command } => commands::qual::run(&store, &location, command, progress).await,
        Command::Backup { out: Some(out), .. } => commands::backup::write(&store, &location, &out).await,
        Command::Serve { addr, options } => commands::serve::run(&store, &location, &addr, &options).await,
        #[cfg(feature = "engine")]
        Command::Indicators { .. } | Command::Synth(_) => unreachable!("dispatched before the store is opened"),
        // clap requires --out when --verify is absent.
        Command::Backup { .. } | Command::Restore { .. } => unreachable!("dispatched before the store is opened"),
    };
    store.close().await;
    result
}

/// A usage error with the catalogue's message.
pub(crate) fn usage(message: String) -> CliError {
    CliError::Usage(message)
}
