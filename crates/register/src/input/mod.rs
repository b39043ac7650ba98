//! Reading the input directory: each table as `NAME.csv` or `NAME.parquet`,
//! validated row by row against the contract into typed Arrow batches.

mod code_set;
mod problems;
mod read;
mod validate;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_schema::SchemaRef;

pub use problems::{InputError, Rejected, SHOWN_PROBLEMS, write_rejects};
pub use read::{BATCH_ROWS, quiet_contained_panics};
use validate::{CrossChecks, validate};

use uppsikt_domain::tr;

use crate::progress::Progress;
use crate::schema::{Kind, Table};

/// File format of one input table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `NAME.csv`: UTF-8, comma separated, with a header row.
    Csv,
    /// `NAME.parquet`.
    Parquet,
}

/// One table found in the input directory.
#[derive(Debug, Clone)]
pub struct TableFile {
    /// The input table the file holds.
    pub table: Table,
    /// Where the file is.
    pub path: PathBuf,
    /// Whether the file is CSV or Parquet.
    pub format: Format,
}

impl TableFile {
    /// The file name, as messages name it.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// Finds the tables present in `dir`. A table given both as CSV and Parquet is an error.
pub fn discover(dir: &Path) -> Result<Vec<TableFile>, InputError> {
    if !dir.is_dir() {
        return Err(InputError::Files(vec![tr!(
            engine.not_a_directory,
            dir = dir.display()
        )]));
    }
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for table in Table::ALL {
        let csv = dir.join(format!("{}.csv", table.name()));
        let parquet = dir.join(format!("{}.parquet", table.name()));
        match (csv.is_file(), parquet.is_file()) {
            (true, true) => problems.push(tr!(engine.both_formats, table = table.name())),
            (true, false) => found.push(TableFile {
                table,
                path: csv,
                format: Format::Csv,
            }),
            (false, true) => found.push(TableFile {
                table,
                path: parquet,
                format: Format::Parquet,
            }),
            (false, false) => {}
        }
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(InputError::Files(problems))
    }
}

/// The validated tables.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Typed batches of the valid rows, per table present, holding the columns kept.
    pub tables: BTreeMap<Table, Vec<RecordBatch>>,
    /// The schema of each table's batches (the contract's types, columns kept only).
    pub schemas: BTreeMap<Table, SchemaRef>,
    /// Rows rejected, in table and row order.
    pub rejected: Vec<Rejected>,
}

impl Loaded {
    /// Rows kept of `table`.
    pub fn rows(&self, table: Table) -> usize {
        self.tables
            .get(&table)
            .map(|b| b.iter().map(|b| b.num_rows()).sum())
            .unwrap_or(0)
    }
}

/// One table's valid batches and rejected rows.
type TableResult = Result<(Vec<RecordBatch>, Vec<Rejected>), String>;

/// Reads and validates every table in `files`; every column is checked, but
/// only the columns for which `keep(table, column)` holds are kept in memory.
/// Population is read first so stays can be checked against it; the other
/// tables are read in parallel. `progress` is told when each starts and how
/// many of its records have been read.
pub fn load(
    files: &[TableFile],
    keep: &(dyn Fn(Table, &str) -> bool + Sync),
    progress: &dyn Progress,
) -> Result<Loaded, InputError> {
    let kept = |t: Table| -> Vec<usize> {
        (0..t.columns().len())
            .filter(|&i| keep(t, t.columns()[i].name))
            .collect()
    };
    let mut cross = CrossChecks::default();
    let mut results: Vec<(Table, TableResult)> = Vec::new();
    if let Some(pop) = files.iter().find(|f| f.table == Table::Population) {
        // Population years are needed whole for the cross-check, whatever is kept.
        let all: Vec<usize> = (0..Table::Population.columns().len()).collect();
        let r = load_one(pop, &all, &cross, progress);
        if let Ok((batches, _)) = &r {
            cross.population = Some(population_years(batches));
        }
        let keep_pop = kept(Table::Population);
        let r = r.map(|(batches, rej)| {
            let projected = batches
                .iter()
                .map(|b| b.project(&keep_pop).expect("columns exist"))
                .collect();
            (projected, rej)
        });
        results.push((Table::Population, r));
    }
    let rest: Vec<(&TableFile, Vec<usize>)> = files
        .iter()
        .filter(|f| f.table != Table::Population)
        .map(|tf| (tf, kept(tf.table)))
        .collect();
    results.extend(load_parallel(&rest, &cross, progress));
    results.sort_by_key(|(t, _)| *t);
    let mut loaded = Loaded::default();
    let mut file_problems = Vec::new();
    for (t, r) in results {
        match r {
            Ok((batches, mut rejected)) => {
                loaded
                    .schemas
                    .insert(t, Arc::new(t.schema().project(&kept(t)).expect("columns exist")));
                loaded.tables.insert(t, batches);
                loaded.rejected.append(&mut rejected);
            }
            Err(e) => file_problems.push(e),
        }
    }
    if !file_problems.is_empty() {
        return Err(InputError::Files(file_problems));
    }
    Ok(loaded)
}

/// Reads and validates the tables in parallel: the work is cut into pieces
/// (a CSV file, or a few row groups of a Parquet file) that as many threads
/// as there are cores take in turn, so one big table does not leave the
/// other cores idle. The pieces of a table are put back in file order.
fn load_parallel(
    files: &[(&TableFile, Vec<usize>)],
    cross: &CrossChecks,
    progress: &dyn Progress,
) -> Vec<(Table, TableResult)> {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let mut pieces: Vec<(usize, read::Slice)> = Vec::new();
    for (i, (tf, _)) in files.iter().enumerate() {
        let (tf_slices, rows) = slices(tf, threads);
        progress.reading(&tf.file_name(), rows);
        pieces.extend(tf_slices.into_iter().map(|s| (i, s)));
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: Vec<std::sync::Mutex<Option<TableResult>>> = pieces.iter().map(|_| Default::default()).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads.min(pieces.len()) {
            scope.spawn(|| {
                loop {
                    let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((i, slice)) = pieces.get(k) else { break };
                    let (tf, keep) = &files[*i];
                    let r = load_slice(tf, keep, slice, cross, progress);
                    *done[k].lock().expect("result slot") = Some(r);
                }
            });
        }
    });
    let mut per_table: Vec<TableResult> = files.iter().map(|_| Ok((Vec::new(), Vec::new()))).collect();
    for ((i, _), slot) in pieces.iter().zip(done) {
        let r = slot
            .into_inner()
            .expect("result slot")
            .unwrap_or_else(|| Err(tr!(engine.reading_stopped, file = files[*i].0.file_name())));
        match (&mut per_table[*i], r) {
            (Ok((batches, rejected)), Ok((more, mut bad))) => {
                batches.extend(more);
                rejected.append(&mut bad);
            }
            (table @ Ok(_), Err(e)) => *table = Err(e),
            // The table's first error stands.
            (Err(_), _) => {}
        }
    }
    files
        .iter()
        .zip(per_table)
        .map(|((tf, _), r)| {
            let r = r.map(|(batches, mut rejected)| {
                rejected.sort_by_key(|r| r.row);
                (batches, rejected)
            });
            (tf.table, r)
        })
        .collect()
}

/// The pieces `tf` is read in: row groups spread over about four pieces per
/// thread for a Parquet file, the whole file otherwise; and its number of
/// records where the file records it.
fn slices(tf: &TableFile, threads: usize) -> (Vec<read::Slice>, Option<u64>) {
    let groups = match tf.format {
        Format::Parquet => read::parquet_row_groups(&tf.path),
        Format::Csv => None,
    };
    let rows = groups.as_ref().map(|g| g.iter().sum());
    let groups = groups.unwrap_or_default();
    if groups.len() < 2 {
        return (vec![read::Slice::default()], rows);
    }
    let per_piece = groups.len().div_ceil(threads * 4).max(1);
    let mut out = Vec::new();
    let mut first_row = 1;
    for (start, chunk) in groups.chunks(per_piece).enumerate() {
        let start = start * per_piece;
        out.push(read::Slice {
            row_groups: Some((start..start + chunk.len()).collect()),
            first_row,
        });
        first_row += chunk.iter().sum::<u64>();
    }
    (out, rows)
}

fn load_one(tf: &TableFile, keep: &[usize], cross: &CrossChecks, progress: &dyn Progress) -> TableResult {
    let (_, rows) = slices(tf, 1);
    progress.reading(&tf.file_name(), rows);
    let (batches, mut rejected) = load_slice(tf, keep, &read::Slice::default(), cross, progress)?;
    rejected.sort_by_key(|r| r.row);
    Ok((batches, rejected))
}

/// Reads and validates one piece of a table.
fn load_slice(
    tf: &TableFile,
    keep: &[usize],
    slice: &read::Slice,
    cross: &CrossChecks,
    progress: &dyn Progress,
) -> TableResult {
    let file = tf.file_name();
    let mut batches = Vec::new();
    let mut rejected = Vec::new();
    let mut bad = Vec::new();
    let sink = |raw: read::RawBatch| -> Result<(), String> {
        let b = validate(tf.table, &file, &raw.batch, &raw.rows, &raw.proven, cross, &mut bad)?;
        progress.read(&file, raw.rows.len() as u64);
        if b.num_rows() > 0 {
            batches.push(b.project(keep).map_err(|e| format!("{file}: {e}"))?);
        }
        Ok(())
    };
    match tf.format {
        Format::Csv => read::read_csv(tf.table, &tf.path, &file, &mut rejected, sink)?,
        Format::Parquet => {
            // Required free text that no indicator reads (identifiers such as
            // `visit_id`) need not be decoded where the statistics prove it present.
            let provable: Vec<bool> = (0..tf.table.columns().len())
                .map(|i| {
                    let c = &tf.table.columns()[i];
                    c.kind == Kind::Text && !c.nullable && !keep.contains(&i)
                })
                .collect();
            read::read_parquet(tf.table, &tf.path, &file, slice, &provable, sink)?
        }
    };
    rejected.append(&mut bad);
    Ok((batches, rejected))
}

fn population_years(batches: &[RecordBatch]) -> HashSet<(String, i64)> {
    let mut out = HashSet::new();
    for b in batches {
        let region = b.column_by_name("region").expect("region").as_string::<i32>();
        let year = b.column_by_name("year").expect("year").as_primitive::<Int64Type>();
        for i in 0..b.num_rows() {
            out.insert((region.value(i).to_string(), year.value(i)));
        }
    }
    out
}
