//! `uppsikt survey …`: invitations, tracking, import, export and results of a municipal survey.

use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};
use serde::Serialize;
use uppsikt_domain::survey::AnswerCount;
use uppsikt_store::{Store, survey};

use crate::output::{Format, print_rows};

mod export;

/// What to do with a survey. SURVEY is its id, e.g. kommunenkat-2019.
#[derive(Debug, Subcommand)]
pub enum SurveyCommand {
    /// Invite every municipality not yet invited, each with its own secret
    /// token; prints the new tokens (keep them secret, send each its own).
    Invite {
        survey: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Open the survey for answers through the tokens.
    Open { survey: String },
    /// Close the survey: tokens take no more answers (import still works).
    Close { survey: String },
    /// Invited, responded and the response rate.
    Status {
        survey: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Municipalities that have not responded, for reminders.
    Pending {
        survey: String,
        /// Record that all of them were reminded now.
        #[arg(long)]
        mark_reminded: bool,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Import responses from CSV: column `kommun` (SCB code) and question ids.
    /// The whole file is checked first; any problem and nothing is stored.
    Import { survey: String, file: PathBuf },
    /// Export every response: CSV in the import format, or xlsx with names,
    /// status, provenance and the questions.
    Export {
        survey: String,
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        /// Output file (required for xlsx; CSV goes to stdout without it).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Counts and percentages per question and answer code.
    Results {
        survey: String,
        /// Break the results down by region.
        #[arg(long, value_enum)]
        by: Option<Breakdown>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The free-text answers, per question.
    Freetext {
        survey: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// File formats of `survey export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

/// Breakdowns of `survey results`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Breakdown {
    Region,
}

pub async fn run(store: &Store, command: SurveyCommand) -> anyhow::Result<()> {
    match command {
        SurveyCommand::Invite { survey, format } => {
            let new = survey::invite(store, &survey).await?;
            eprintln!("{} kommuner inbjudna till {survey}.", new.len());
            if !new.is_empty() {
                print_rows(&new, format)?;
            }
            Ok(())
        }
        SurveyCommand::Open { survey } => {
            survey::open(store, &survey).await?;
            println!("{survey} är öppen för svar.");
            Ok(())
        }
        SurveyCommand::Close { survey } => {
            survey::close(store, &survey).await?;
            println!("{survey} är stängd.");
            Ok(())
        }
        SurveyCommand::Status { survey, format } => {
            let st = survey::status(store, &survey).await?;
            synthetic_note(st.synthetic);
            print_rows(&[st], format)
        }
        SurveyCommand::Pending {
            survey,
            mark_reminded,
            format,
        } => {
            if mark_reminded {
                let n = survey::mark_reminded(store, &survey).await?;
                eprintln!("{n} kommuner markerade som påminda.");
            }
            print_rows(&survey::pending(store, &survey).await?, format)
        }
        SurveyCommand::Import { survey, file } => import(store, &survey, &file).await,
        SurveyCommand::Export { survey, format, out } => export::run(store, &survey, format, out.as_deref()).await,
        SurveyCommand::Results { survey, by, format } => results(store, &survey, by, format).await,
        SurveyCommand::Freetext { survey, format } => {
            let rows = survey::free_text(store, &survey).await?;
            synthetic_note(rows.iter().filter(|r| r.synthetic).count() as i64);
            print_rows(&rows, format)
        }
    }
}

async fn import(store: &Store, survey_id: &str, file: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let name = file.display().to_string();
    let summary = survey::import_csv(store, survey_id, &name, &text)
        .await
        .map_err(|e| anyhow::anyhow!("{name} was not imported, nothing stored:\n{e:#}"))?;
    println!(
        "{}: {} kommuners svar, {} svar i kolumnerna {}",
        name,
        summary.municipalities,
        summary.answers,
        summary.columns.join(", ")
    );
    Ok(())
}

/// The contract's result row: `question,answer,count,answered,percent`.
#[derive(Serialize)]
struct ResultRow<P> {
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region_name: Option<String>,
    question: String,
    answer: String,
    count: i64,
    answered: i64,
    percent: P,
}

fn row<P>(c: AnswerCount, region: Option<(String, String)>, percent: impl Fn(Option<f64>) -> P) -> ResultRow<P> {
    let p = percent(c.percent());
    let (region, region_name) = region.unzip();
    ResultRow {
        region,
        region_name,
        question: c.item,
        answer: c.code,
        count: c.count,
        answered: c.answered,
        percent: p,
    }
}

async fn results(store: &Store, survey_id: &str, by: Option<Breakdown>, format: Format) -> anyhow::Result<()> {
    let st = survey::status(store, survey_id).await?;
    synthetic_note(st.synthetic);
    let counts: Vec<(Option<(String, String)>, AnswerCount)> = match by {
        None => survey::results(store, survey_id)
            .await?
            .into_iter()
            .map(|c| (None, c))
            .collect(),
        Some(Breakdown::Region) => survey::results_by_region(store, survey_id)
            .await?
            .into_iter()
            .map(|r| (Some((r.region, r.region_name)), r.count))
            .collect(),
    };
    if format == Format::Json {
        let rows: Vec<_> = counts.into_iter().map(|(r, c)| row(c, r, |p| p)).collect();
        print_rows(&rows, format)
    } else {
        // One decimal always, as the contract prints it ("38.0", not "38").
        let rows: Vec<_> = counts
            .into_iter()
            .map(|(r, c)| row(c, r, |p| p.map(|x| format!("{x:.1}")).unwrap_or_default()))
            .collect();
        print_rows(&rows, format)
    }
}

/// Says on stderr, next to every display, when answers are a reconstruction.
pub(crate) fn synthetic_note(synthetic: i64) {
    if synthetic > 0 {
        eprintln!(
            "Obs: {synthetic} av svaren är en REKONSTRUKTION (syntetiska enskilda svar) som återger de publicerade \
             resultaten, inte kommunernas verkliga svar."
        );
    }
}
