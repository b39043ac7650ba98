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

/// The validated tables held in memory.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Typed batches of the valid rows, per table present, holding the columns kept.
    pub tables: BTreeMap<Table, Vec<RecordBatch>>,
    /// The schema of each table's batches (the contract's types, columns kept only).
    pub schemas: BTreeMap<Table, SchemaRef>,
    /// Rows rejected, per table in row order.
    pub rejected: BTreeMap<Table, Vec<Rejected>>,
    /// What rows of tables streamed later are checked against.
    checks: CrossChecks,
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

/// What streaming some tables through [`stream`] read.
#[derive(Debug, Default)]
pub struct Streamed {
    /// Rows kept per table streamed.
    pub rows: BTreeMap<Table, usize>,
    /// Rows rejected, per table in row order.
    pub rejected: BTreeMap<Table, Vec<Rejected>>,
}

/// The rows rejected in `parts`, in table order and then row order: the
/// order of the reject file and of the error message.
pub fn in_table_order(parts: impl IntoIterator<Item = BTreeMap<Table, Vec<Rejected>>>) -> Vec<Rejected> {
    let mut all = BTreeMap::new();
    for part in parts {
        all.extend(part);
    }
    all.into_values().flatten().collect()
}

/// The columns of `table` kept in memory: those for which `keep` holds.
fn kept(table: Table, keep: &(dyn Fn(Table, &str) -> bool + Sync)) -> Vec<usize> {
    (0..table.columns().len())
        .filter(|&i| keep(table, table.columns()[i].name))
        .collect()
}

/// The schema of the batches [`load`] and [`stream`] give for `table`: the
/// contract's types, the columns for which `keep` holds.
pub fn kept_schema(table: Table, keep: &(dyn Fn(Table, &str) -> bool + Sync)) -> SchemaRef {
    Arc::new(table.schema().project(&kept(table, keep)).expect("columns exist"))
}

/// One table's result: records kept and rows rejected (in row order), or
/// why the file cannot be read.
type TableResult = Result<(usize, Vec<Rejected>), String>;

/// Reads and validates every table in `files` and holds the valid rows; every
/// column is checked, but only the columns for which `keep(table, column)`
/// holds are kept in memory. Population is read first so stays can be
/// checked against it; the other tables are read in parallel. `progress` is
/// told when each starts and how many of its records have been read.
pub fn load(
    files: &[TableFile],
    keep: &(dyn Fn(Table, &str) -> bool + Sync),
    progress: &dyn Progress,
) -> Result<Loaded, InputError> {
    let mut loaded = Loaded::default();
    let mut file_problems = Vec::new();
    if let Some(pop) = files.iter().find(|f| f.table == Table::Population) {
        // Population years are needed whole for the cross-check, whatever is kept.
        let (_, rows) = slices(pop, 1);
        progress.reading(&pop.file_name(), rows);
        let mut batches = Vec::new();
        let all: Vec<usize> = (0..Table::Population.columns().len()).collect();
        let result = read_piece(pop, &all, &read::Slice::default(), &loaded.checks, progress, &mut |b| {
            batches.push(b);
            true
        });
        match result {
            Ok((_, rejected)) => {
                loaded.checks.population = Some(population_years(&batches));
                let keep_pop = kept(Table::Population, keep);
                let batches = batches.iter().map(|b| b.project(&keep_pop).expect("columns exist"));
                loaded.tables.insert(Table::Population, batches.collect());
                loaded
                    .schemas
                    .insert(Table::Population, kept_schema(Table::Population, keep));
                loaded.rejected.insert(Table::Population, rejected);
            }
            Err(e) => file_problems.push((Table::Population, e)),
        }
    }
    let rest: Vec<TableFile> = files.iter().filter(|f| f.table != Table::Population).cloned().collect();
    // Each piece's batches in its own slot, so the table is put back in file order.
    let pieces: std::sync::Mutex<BTreeMap<(Table, usize), Vec<RecordBatch>>> = Default::default();
    let results = read_parallel(&rest, keep, &loaded.checks, progress, &|table, piece, batch| {
        let mut pieces = pieces.lock().expect("pieces");
        pieces.entry((table, piece)).or_default().push(batch);
        true
    });
    for ((table, _), batches) in pieces.into_inner().expect("pieces") {
        loaded.tables.entry(table).or_default().extend(batches);
    }
    for (table, result) in results {
        match result {
            Ok((_, rejected)) => {
                loaded.tables.entry(table).or_default();
                loaded.schemas.insert(table, kept_schema(table, keep));
                loaded.rejected.insert(table, rejected);
            }
            Err(e) => file_problems.push((table, e)),
        }
    }
    if !file_problems.is_empty() {
        // In table order, as the tables are listed in the contract.
        file_problems.sort_by_key(|(t, _)| *t);
        return Err(InputError::Files(file_problems.into_iter().map(|(_, e)| e).collect()));
    }
    Ok(loaded)
}

/// Reads and validates the tables in `files` and hands each batch of valid
/// rows (the columns for which `keep` holds, as [`kept_schema`] says) to
/// `deliver` as soon as it is checked, without holding any: the caller
/// aggregates as the records stream by. Batches come on several threads and
/// not in file order. Rows are checked against the population of `held`
/// (read by [`load`] first). `deliver` returns whether to go on; when it
/// says no, reading stops and the tables not finished are reported as stopped.
pub fn stream(
    files: &[TableFile],
    keep: &(dyn Fn(Table, &str) -> bool + Sync),
    held: &Loaded,
    progress: &dyn Progress,
    deliver: &(dyn Fn(Table, RecordBatch) -> bool + Sync),
) -> Result<Streamed, InputError> {
    let results = read_parallel(files, keep, &held.checks, progress, &|table, _, batch| {
        deliver(table, batch)
    });
    let mut streamed = Streamed::default();
    let mut file_problems = Vec::new();
    for (table, result) in results {
        match result {
            Ok((rows, rejected)) => {
                streamed.rows.insert(table, rows);
                streamed.rejected.insert(table, rejected);
            }
            Err(e) => file_problems.push(e),
        }
    }
    if !file_problems.is_empty() {
        return Err(InputError::Files(file_problems));
    }
    Ok(streamed)
}

/// Where a batch goes: its table, the piece of the file it came from (in
/// file order) and the batch; the answer says whether to go on reading.
type Deliver<'a> = dyn Fn(Table, usize, RecordBatch) -> bool + Sync + 'a;

/// Reads and validates the tables in parallel: the work is cut into pieces
/// (a CSV file, or a few row groups of a Parquet file) that as many threads
/// as there are cores take in turn, so one big table does not leave the
/// other cores idle. Returns each table's result, in table order.
fn read_parallel(
    files: &[TableFile],
    keep: &(dyn Fn(Table, &str) -> bool + Sync),
    cross: &CrossChecks,
    progress: &dyn Progress,
    deliver: &Deliver<'_>,
) -> Vec<(Table, TableResult)> {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let kept: Vec<Vec<usize>> = files.iter().map(|tf| kept(tf.table, keep)).collect();
    let mut pieces: Vec<(usize, read::Slice)> = Vec::new();
    for (i, tf) in files.iter().enumerate() {
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
                    let tf = &files[*i];
                    let r = read_piece(tf, &kept[*i], slice, cross, progress, &mut |b| deliver(tf.table, k, b));
                    *done[k].lock().expect("result slot") = Some(r);
                }
            });
        }
    });
    let mut per_table: Vec<TableResult> = files.iter().map(|_| Ok((0, Vec::new()))).collect();
    for ((i, _), slot) in pieces.iter().zip(done) {
        let r = slot
            .into_inner()
            .expect("result slot")
            .unwrap_or_else(|| Err(tr!(engine.reading_stopped, file = files[*i].file_name())));
        match (&mut per_table[*i], r) {
            (Ok((rows, rejected)), Ok((more, mut bad))) => {
                *rows += more;
                rejected.append(&mut bad);
            }
            (table @ Ok(_), Err(e)) => *table = Err(e),
            // The table's first error stands.
            (Err(_), _) => {}
        }
    }
    let mut out: Vec<(Table, TableResult)> = files
        .iter()
        .zip(per_table)
        .map(|(tf, r)| {
            let r = r.map(|(rows, mut rejected)| {
                rejected.sort_by_key(|r| r.row);
                (rows, rejected)
            });
            (tf.table, r)
        })
        .collect();
    out.sort_by_key(|(t, _)| *t);
    out
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

/// Reads and validates one piece of a table, handing each batch of valid
/// rows (projected to `keep`) to `deliver`; returns the records kept and the
/// rows rejected.
fn read_piece(
    tf: &TableFile,
    keep: &[usize],
    slice: &read::Slice,
    cross: &CrossChecks,
    progress: &dyn Progress,
    deliver: &mut dyn FnMut(RecordBatch) -> bool,
) -> TableResult {
    let file = tf.file_name();
    let mut kept = 0;
    let mut rejected = Vec::new();
    let mut bad = Vec::new();
    let sink = |raw: read::RawBatch| -> Result<(), String> {
        let b = validate(tf.table, &file, &raw.batch, &raw.rows, &raw.proven, cross, &mut bad)?;
        progress.read(&file, raw.rows.len() as u64);
        if b.num_rows() > 0 {
            kept += b.num_rows();
            if !deliver(b.project(keep).map_err(|e| format!("{file}: {e}"))?) {
                return Err(tr!(engine.reading_stopped, file = file));
            }
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
    rejected.sort_by_key(|r| r.row);
    Ok((kept, rejected))
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
