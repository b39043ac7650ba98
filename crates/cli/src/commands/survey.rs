//! `uppsikt survey …`: invitations, tracking, import, export and results of a municipal survey.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};
use serde::Serialize;
use uppsikt_domain::survey::AnswerCount;
use uppsikt_domain::tr;
use uppsikt_store::{Store, survey};

use crate::error::{CliError, CliResult};
use crate::output::{Format, print_rows};

/// What to do with a survey. SURVEY is its id, e.g. kommunenkat-2019.
#[derive(Debug, Subcommand)]
pub enum SurveyCommand {
    /// Invite every municipality not yet invited, each with its own secret
    /// token; prints the new tokens (keep them secret, send each its own).
    /// They are shown only now: the database keeps their digests.
    Invite {
        /// The survey's id.
        survey: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// A new link for one municipality already invited (its link was lost);
    /// the old link stops working.
    NewLink {
        /// The survey's id.
        survey: String,
        /// The municipality's code, e.g. 1780.
        municipality: String,
    },
    /// Open the survey for answers through the tokens.
    Open {
        /// The survey's id.
        survey: String,
    },
    /// Close the survey: tokens take no more answers (import still works).
    Close {
        /// The survey's id.
        survey: String,
    },
    /// The survey's population: the municipalities it is sent to, whose
    /// response rate and non-responders are counted. Without an option it
    /// lists them; with one it sets them (every municipality by default).
    Population {
        /// The survey's id.
        survey: String,
        /// Send it to every municipality in the registry.
        #[arg(long, conflicts_with_all = ["regions", "municipalities"])]
        all: bool,
        /// Send it to the municipalities of these regions (county codes, e.g. 01,25).
        #[arg(long, value_delimiter = ',', conflicts_with = "municipalities")]
        regions: Vec<String>,
        /// Send it to these municipalities (SCB codes, e.g. 0114,2584).
        #[arg(long, value_delimiter = ',')]
        municipalities: Vec<String>,
        /// Output format of the list.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Invited, responded and the response rate.
    Status {
        /// The survey's id.
        survey: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Municipalities that have not responded, for reminders.
    Pending {
        /// The survey's id.
        survey: String,
        /// Record that all of them were reminded now.
        #[arg(long)]
        mark_reminded: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Import responses from CSV: column `kommun` (SCB code) and question ids.
    /// The whole file is checked first; any problem and nothing is stored.
    Import {
        /// The survey's id.
        survey: String,
        /// The CSV file.
        file: PathBuf,
    },
    /// Export every response: CSV in the import format, or xlsx with names,
    /// status, provenance and the questions.
    Export {
        /// The survey's id.
        survey: String,
        /// File format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        /// Output file (required for xlsx; CSV goes to stdout without it).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Counts and percentages per question and answer code.
    Results {
        /// The survey's id.
        survey: String,
        /// Break the results down by region.
        #[arg(long, value_enum)]
        by: Option<Breakdown>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The free-text answers, per question.
    Freetext {
        /// The survey's id.
        survey: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// File formats of `survey export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The exchange format of the survey's contract.
    Csv,
    /// A workbook with responses, questions and a sheet about the data.
    Xlsx,
}

/// Breakdowns of `survey results`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Breakdown {
    /// Per region.
    Region,
}

/// Runs a survey command.
pub async fn run(store: &Store, command: SurveyCommand) -> CliResult {
    match command {
        SurveyCommand::Invite { survey, format } => {
            let new = survey::invite(store, &survey).await?;
            eprintln!("{}", tr!(cli.survey_invited, count = new.len(), survey = survey));
            if !new.is_empty() {
                print_rows(&new, format)?;
            }
            Ok(())
        }
        SurveyCommand::NewLink { survey, municipality } => {
            let token = survey::new_link(store, &survey, &municipality).await?.ok_or_else(|| {
                crate::usage(tr!(
                    cli.survey_not_invited,
                    municipality = municipality,
                    survey = survey
                ))
            })?;
            println!(
                "{}",
                tr!(
                    cli.survey_new_link,
                    municipality = municipality,
                    survey = survey,
                    token = token
                )
            );
            Ok(())
        }
        SurveyCommand::Open { survey } => {
            survey::open(store, &survey).await?;
            println!("{}", tr!(cli.survey_opened, survey = survey));
            Ok(())
        }
        SurveyCommand::Close { survey } => {
            survey::close(store, &survey).await?;
            println!("{}", tr!(cli.survey_closed, survey = survey));
            Ok(())
        }
        SurveyCommand::Population {
            survey,
            all,
            regions,
            municipalities,
            format,
        } => population(store, &survey, all, &regions, &municipalities, format).await,
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
                eprintln!("{}", tr!(cli.survey_reminded, count = n));
            }
            print_rows(&survey::pending(store, &survey).await?, format)
        }
        SurveyCommand::Import { survey, file } => import(store, &survey, &file).await,
        SurveyCommand::Export { survey, format, out } => export(store, &survey, format, out.as_deref()).await,
        SurveyCommand::Results { survey, by, format } => results(store, &survey, by, format).await,
        SurveyCommand::Freetext { survey, format } => {
            let rows = survey::free_text(store, &survey).await?;
            synthetic_note(rows.iter().filter(|r| r.synthetic).count() as i64);
            print_rows(&rows, format)
        }
    }
}

/// One municipality of a survey's population, as listed.
#[derive(Serialize)]
struct PopulationRow {
    municipality: String,
    name: String,
    region: String,
}

async fn population(
    store: &Store,
    survey_id: &str,
    all: bool,
    regions: &[String],
    municipalities: &[String],
    format: Format,
) -> CliResult {
    fn codes<T: std::str::FromStr<Err = uppsikt_domain::CodeError>>(codes: &[String]) -> CliResult<Vec<T>> {
        codes
            .iter()
            .map(|c| {
                c.trim()
                    .parse()
                    .map_err(|e: uppsikt_domain::CodeError| crate::usage(e.to_string()))
            })
            .collect()
    }
    let choice = if all {
        Some(survey::PopulationChoice::All)
    } else if !regions.is_empty() {
        Some(survey::PopulationChoice::Regions(codes(regions)?))
    } else if !municipalities.is_empty() {
        Some(survey::PopulationChoice::Municipalities(codes(municipalities)?))
    } else {
        None
    };
    if let Some(choice) = choice {
        let n = survey::set_population(store, survey_id, &choice).await?;
        println!("{}", tr!(cli.survey_population_set, survey = survey_id, count = n));
        return Ok(());
    }
    let chosen = survey::population(store, survey_id).await?;
    let rows: Vec<PopulationRow> = uppsikt_store::registry::municipalities(store)
        .await?
        .into_iter()
        .filter(|m| chosen.contains(&m.code))
        .map(|m| PopulationRow {
            municipality: m.code.to_string(),
            name: m.name,
            region: m.region.to_string(),
        })
        .collect();
    print_rows(&rows, format)
}

async fn import(store: &Store, survey_id: &str, file: &Path) -> CliResult {
    let bytes = std::fs::read(file).map_err(|e| CliError::io(file, e))?;
    let text = uppsikt_store::csv_input::decode(&bytes);
    let name = file.display().to_string();
    let summary = survey::import_csv(store, survey_id, &name, &text).await?;
    println!(
        "{}",
        tr!(
            cli.survey_imported,
            file = name,
            municipalities = summary.municipalities,
            answers = summary.answers,
            columns = summary.columns.join(", ")
        )
    );
    Ok(())
}

async fn export(store: &Store, survey_id: &str, format: ExportFormat, out: Option<&Path>) -> CliResult {
    let q = survey::questionnaire(store, survey_id).await?;
    let rows = survey::responses(store, survey_id).await?;
    let status = survey::status(store, survey_id).await?;
    synthetic_note(status.synthetic);
    let bytes = match format {
        ExportFormat::Csv => {
            let mut buf = Vec::new();
            survey::export::write_csv(&mut buf, &q, &rows)?;
            buf
        }
        ExportFormat::Xlsx => {
            survey::export::xlsx(&q, &rows, &status).map_err(|e| std::io::Error::other(e.to_string()))?
        }
    };
    match (format, out) {
        (ExportFormat::Csv, None) => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            lock.write_all(&bytes)?;
            lock.flush()?;
        }
        (ExportFormat::Xlsx, None) => return Err(crate::usage(tr!(cli.xlsx_needs_file))),
        (_, Some(path)) => {
            uppsikt_files::write(path, &bytes).map_err(|e| CliError::io(path, e))?;
            eprintln!(
                "{}",
                tr!(cli.survey_exported, count = rows.len(), file = path.display())
            );
        }
    }
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

async fn results(store: &Store, survey_id: &str, by: Option<Breakdown>, format: Format) -> CliResult {
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
        eprintln!("{}", tr!(cli.survey_synthetic, count = synthetic));
    }
}
