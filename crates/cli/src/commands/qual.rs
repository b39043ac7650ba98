//! `uppsikt qual …`: the qualitative follow-up (`../shared/spec/qualitative.md`):
//! documents, codebook, codings, analysis, Swedish search and REFI-QDA exchange.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde::Serialize;
use uppsikt_domain::tr;
use uppsikt_qual::{SearchIndex, SearchQuery, qdpx, read};
use uppsikt_store::qual::{self as store_qual, analysis, codebook, codings, documents, narratives};
use uppsikt_store::{Location, Store, registry};

use crate::error::{CliError, CliResult};
use crate::output::{Format, print_rows};
use crate::progress::Progress;

/// What to do with the qualitative data.
#[derive(Debug, Subcommand)]
pub enum QualCommand {
    /// Import documents: DIR holds documents.csv and the files it names
    /// (.txt, .md, .docx); or, with --qdpx, a REFI-QDA project. All or nothing.
    Import {
        /// The directory with documents.csv.
        dir: Option<PathBuf>,
        /// A REFI-QDA project (.qdpx) to import instead.
        #[arg(long, conflicts_with = "dir")]
        qdpx: Option<PathBuf>,
    },
    /// Export everything as a REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA or QualCoder.
    Export {
        /// The file to write.
        #[arg(long)]
        qdpx: PathBuf,
    },
    /// The documents, without their texts.
    Documents {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Remove a document (and, with --with-codings, its codings).
    Remove {
        /// The document's id.
        doc_id: String,
        /// Remove its codings too.
        #[arg(long)]
        with_codings: bool,
    },
    /// The codebook: import or export CSV (code_id,parent_id,name,description,color,indicators).
    Codebook {
        #[command(subcommand)]
        command: TableCommand,
    },
    /// Codings: import or export CSV (doc_id,start,end,code_id,coder,memo).
    Codings {
        #[command(subcommand)]
        command: TableCommand,
    },
    /// Every coded segment as an Excel workbook (document, code, coder, text, source).
    SegmentsXlsx {
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Pairs of codes whose codings overlap in the same document.
    Cooccurrence {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The code × region matrix: documents and codings per code and region.
    Matrix {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Inter-coder agreement per code between two coders (percent and Cohen's kappa).
    Agreement {
        /// The two coders, e.g. anna,bertil.
        #[arg(long, value_delimiter = ',')]
        coders: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// How often each code is used (its sub-codes included).
    Frequencies {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Every coded segment of a code (and its sub-codes), with context.
    Segments {
        /// The code.
        code: String,
        /// Only this region's documents.
        #[arg(long)]
        region: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Swedish full-text search: every word must match; "quoted phrases" in order.
    Search {
        /// The words to search for.
        query: String,
        /// Only this region (county code).
        #[arg(long)]
        region: Option<String>,
        /// Only this kind of document.
        #[arg(long)]
        kind: Option<String>,
        /// Only this agreement.
        #[arg(long)]
        agreement: Option<String>,
        /// Only documents coded with this code (or a sub-code).
        #[arg(long)]
        code: Option<String>,
        /// At most this many documents.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Rebuild the search index from the database.
    Reindex,
}

/// Import or export of a CSV table.
#[derive(Debug, Subcommand)]
pub enum TableCommand {
    /// Import a CSV file, all or nothing.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
    /// Export as CSV (or another format) to standard output.
    Export {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
    },
}

/// A search hit as `--format csv` and the table print it.
#[derive(Debug, Serialize)]
struct HitRow<'a> {
    doc_id: &'a str,
    title: &'a str,
    score: f32,
}

/// Runs a qual command.
pub async fn run(store: &Store, location: &Location, command: QualCommand, progress: Progress) -> CliResult {
    // A fresh data directory gets its registry first: documents name regions.
    if registry::regions(store).await?.is_empty() {
        super::init::load_reference(store, progress).await?;
    }
    narratives::sync(store).await?;
    let index = || SearchIndex::for_store(&location.data_dir, store).map_err(CliError::from);
    match command {
        QualCommand::Import { dir, qdpx: Some(file) } => {
            debug_assert!(dir.is_none());
            let name = file.display().to_string();
            let bytes = std::fs::read(&file).map_err(|e| CliError::io(&file, e))?;
            let project = qdpx::import(&name, &bytes).map_err(uppsikt_store::Error::from)?;
            store_qual::import_project(store, &name, &project).await?;
            index()?.catch_up(store).await?;
            eprintln!(
                "{}",
                tr!(
                    qual.qdpx_imported,
                    documents = project.documents.len(),
                    codes = project.codes.len(),
                    codings = project.codings.len(),
                    file = name
                )
            );
        }
        QualCommand::Import {
            dir: Some(dir),
            qdpx: None,
        } => {
            let docs = read::documents(&dir).map_err(uppsikt_store::Error::from)?;
            let file = dir.join(read::DOCUMENTS_CSV).display().to_string();
            let s = documents::import(store, &file, &docs, documents::Origin::Import).await?;
            index()?.catch_up(store).await?;
            eprintln!(
                "{}",
                tr!(
                    qual.imported_documents,
                    count = docs.len(),
                    new = s.new,
                    updated = s.updated
                )
            );
        }
        QualCommand::Import { dir: None, qdpx: None } => return Err(crate::usage(tr!(qual.file_or_qdpx))),
        QualCommand::Export { qdpx: file } => {
            let (bytes, n) = qdpx::export(store).await?;
            uppsikt_files::write(&file, &bytes).map_err(|e| CliError::io(&file, e))?;
            eprintln!(
                "{}",
                tr!(
                    qual.qdpx_exported,
                    file = file.display(),
                    documents = n.documents,
                    codes = n.codes,
                    codings = n.codings
                )
            );
        }
        QualCommand::Documents { format } => print_rows(&documents::list(store, None).await?, format)?,
        QualCommand::Remove { doc_id, with_codings } => {
            documents::remove(store, &doc_id, with_codings).await?;
            index()?.catch_up(store).await?;
            eprintln!("{}", tr!(qual.removed, id = doc_id));
        }
        QualCommand::Codebook {
            command: TableCommand::Import { file },
        } => {
            let (name, bytes) = read_file(&file)?;
            let codes = read::codebook(&name, &bytes).map_err(uppsikt_store::Error::from)?;
            let n = codebook::import(store, &name, &codes).await?;
            eprintln!("{}", tr!(qual.imported_codes, count = n));
        }
        QualCommand::Codebook {
            command: TableCommand::Export { format },
        } => {
            print_with_header(&codebook::all(store).await?, format, &read::CODEBOOK_COLUMNS)?;
        }
        QualCommand::Codings {
            command: TableCommand::Import { file },
        } => {
            let (name, bytes) = read_file(&file)?;
            let rows = read::codings(&name, &bytes).map_err(uppsikt_store::Error::from)?;
            let s = codings::import(store, &name, &rows, false).await?;
            eprintln!("{}", tr!(qual.imported_codings, count = s.read, new = s.new));
        }
        QualCommand::Codings {
            command: TableCommand::Export { format },
        } => {
            let mut columns = read::CODING_COLUMNS.to_vec();
            columns.push("text");
            print_with_header(&codings::export(store).await?, format, &columns)?;
        }
        QualCommand::SegmentsXlsx { out } => {
            let (bytes, n) = uppsikt_qual::xlsx::segments(store).await?;
            uppsikt_files::write(&out, &bytes).map_err(|e| CliError::io(&out, e))?;
            eprintln!("{}", tr!(qual_xlsx.exported, file = out.display(), count = n));
        }
        QualCommand::Cooccurrence { format } => {
            print_with_header(&analysis::cooccurrence(store).await?, format, &COOCCURRENCE_COLUMNS)?;
        }
        QualCommand::Matrix { format } => {
            print_with_header(&analysis::matrix(store).await?, format, &MATRIX_COLUMNS)?;
        }
        QualCommand::Agreement { coders, format } => {
            let [a, b] = coders.as_slice() else {
                return Err(crate::usage(tr!(qual.coders_needed)));
            };
            print_with_header(&analysis::agreement(store, a, b).await?, format, &AGREEMENT_COLUMNS)?;
        }
        QualCommand::Frequencies { format } => print_rows(&analysis::frequencies(store).await?, format)?,
        QualCommand::Segments { code, region, format } => {
            let region = region
                .map(|r| r.parse())
                .transpose()
                .map_err(|e: uppsikt_domain::CodeError| crate::usage(e.to_string()))?;
            let filter = analysis::SegmentFilter {
                region,
                publishable_only: false,
            };
            print_rows(&analysis::segments(store, Some(&code), &filter).await?, format)?;
        }
        QualCommand::Search {
            query,
            region,
            kind,
            agreement,
            code,
            limit,
            format,
        } => {
            let doc_ids = match code {
                Some(c) => Some(analysis::documents_coded(store, &c).await?),
                None => None,
            };
            let q = SearchQuery {
                text: query,
                region,
                kind,
                agreement,
                doc_ids,
                limit,
            };
            let hits = index()?.search(store, &q).await?;
            match format {
                Format::Json => print_rows(&hits, format)?,
                _ => {
                    let rows: Vec<HitRow> = hits
                        .iter()
                        .map(|h| HitRow {
                            doc_id: &h.doc_id,
                            title: &h.title,
                            score: h.score,
                        })
                        .collect();
                    print_with_header(&rows, format, &["doc_id", "title", "score"])?;
                }
            }
        }
        QualCommand::Reindex => {
            let n = index()?.rebuild(store).await?;
            eprintln!("{}", tr!(qual.index_rebuilt, count = n));
        }
    }
    Ok(())
}

/// The columns of `qual matrix`.
const MATRIX_COLUMNS: [&str; 4] = ["code_id", "region", "documents", "codings"];
/// The columns of `qual agreement`.
const AGREEMENT_COLUMNS: [&str; 5] = ["code_id", "units", "agree", "percent", "kappa"];
/// The columns of `qual cooccurrence`.
const COOCCURRENCE_COLUMNS: [&str; 4] = ["code_a", "code_b", "overlaps", "documents"];

/// Prints `rows`; an empty CSV still gets its header, so a script reads the
/// same columns whether or not there are rows.
fn print_with_header<T: Serialize>(rows: &[T], format: Format, columns: &[&str]) -> CliResult {
    if rows.is_empty() && format == Format::Csv {
        println!("{}", columns.join(","));
        return Ok(());
    }
    print_rows(rows, format)
}

fn read_file(path: &Path) -> CliResult<(String, Vec<u8>)> {
    let bytes = std::fs::read(path).map_err(|e| CliError::io(path, e))?;
    Ok((path.display().to_string(), bytes))
}
