//! Reading the input directory: each table as `NAME.csv` or `NAME.parquet`,
//! validated row by row against the contract into typed Arrow batches.

mod code_set;
mod problems;
mod read;
mod validate;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};

pub use problems::{InputError, Rejected, SHOWN_PROBLEMS, write_rejects};
pub use read::{BATCH_ROWS, code_type, quiet_contained_panics};
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

/// The validated tables, held in memory.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Typed batches of the valid rows, per table present, holding the columns kept.
    pub tables: BTreeMap<Table, Vec<RecordBatch>>,
    /// The schema of each table's batches (the contract's types, columns kept only).
    pub schemas: BTreeMap<Table, SchemaRef>,
    /// Rows rejected, in table and row order.
    pub rejected: Vec<Rejected>,
}

/// Takes the valid records of a [`scan`] as they are read: one collector per
/// reading thread, so it needs no locks, and each sees a share of every table.
pub trait Collector: Send {
    /// One batch of valid records of `table` (its kept columns, typed as the
    /// contract says, except that a code column read from Parquet is
    /// dictionary-encoded as [`code_type`]; [`plain`] gives the contract's
    /// types), from piece `piece` of its file; the pieces of a file are
    /// numbered in file order, and one piece's batches arrive in order.
    fn collect(&mut self, table: Table, piece: usize, batch: RecordBatch);
}

/// What a [`scan`] leaves: the collectors, to be combined by the caller.
#[derive(Debug)]
pub struct Scanned<C> {
    /// One collector per reading thread (and one for the population table).
    pub collectors: Vec<C>,
    /// Valid records per table present.
    pub rows: BTreeMap<Table, usize>,
    /// The schema of each table's batches (the contract's types, columns kept only).
    pub schemas: BTreeMap<Table, SchemaRef>,
    /// Rows rejected, in table and row order.
    pub rejected: Vec<Rejected>,
}

/// One piece's outcome: its rejected rows, or why the file cannot be read.
type PieceResult = Result<Vec<Rejected>, String>;

/// Reads and validates every table in `files` and holds the valid records:
/// [`scan`] with collectors that keep every batch, in file order.
pub fn load(
    files: &[TableFile],
    keep: &(dyn Fn(Table, &str) -> bool + Sync),
    progress: &dyn Progress,
) -> Result<Loaded, InputError> {
    let scanned = scan(files, keep, &Held::default, progress)?;
    let pieces = scanned.collectors.into_iter().flat_map(|h| h.0).collect();
    Ok(Loaded {
        tables: in_file_order(pieces, scanned.schemas.keys().copied()),
        schemas: scanned.schemas,
        rejected: scanned.rejected,
    })
}

/// Batches collected with their table and piece, grouped by table in file
/// order; every table of `tables` has an entry, if an empty one.
pub fn in_file_order(
    mut pieces: Vec<(Table, usize, RecordBatch)>,
    tables: impl IntoIterator<Item = Table>,
) -> BTreeMap<Table, Vec<RecordBatch>> {
    // Stable: a piece's batches keep their order.
    pieces.sort_by_key(|(t, piece, _)| (*t, *piece));
    let mut out: BTreeMap<Table, Vec<RecordBatch>> = tables.into_iter().map(|t| (t, Vec::new())).collect();
    for (t, _, b) in pieces {
        out.entry(t).or_default().push(b);
    }
    out
}

/// A collector that keeps every batch with its table and piece, in the contract's types.
#[derive(Debug, Default)]
struct Held(Vec<(Table, usize, RecordBatch)>);

impl Collector for Held {
    fn collect(&mut self, table: Table, piece: usize, batch: RecordBatch) {
        self.0.push((table, piece, plain(batch)));
    }
}

/// A valid batch in the contract's types: its dictionary-encoded code
/// columns ([`code_type`]) as plain text, for what holds the tables or
/// hands them to SQL.
pub fn plain(batch: RecordBatch) -> RecordBatch {
    let dictionary = code_type();
    if !batch.schema().fields().iter().any(|f| f.data_type() == &dictionary) {
        return batch;
    }
    let schema = batch.schema();
    let (fields, columns): (Vec<Field>, Vec<ArrayRef>) = schema
        .fields()
        .iter()
        .zip(batch.columns())
        .map(|(f, a)| match f.data_type() == &dictionary {
            true => (
                f.as_ref().clone().with_data_type(DataType::Utf8),
                Arc::new(plain_text(a)) as ArrayRef,
            ),
            false => (f.as_ref().clone(), a.clone()),
        })
        .collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).expect("the same columns, decoded")
}

/// A text column of a valid batch as plain text, decoding it if it is
/// dictionary-encoded.
fn plain_text(column: &ArrayRef) -> StringArray {
    match column.as_string_opt::<i32>() {
        Some(s) => s.clone(),
        None => arrow_cast::cast(column, &DataType::Utf8)
            .expect("a dictionary of text decodes to text")
            .as_string::<i32>()
            .clone(),
    }
}

/// Reads and validates every table in `files`, handing the valid records to
/// collectors made by `new` as they are read; every column is checked, but
/// only the columns for which `keep(table, column)` holds are handed on.
/// Population is read first so stays can be checked against it; the other
/// tables are read in parallel. `progress` is told when each starts and how
/// many of its records have been read.
pub fn scan<C: Collector>(
    files: &[TableFile],
    keep: &(dyn Fn(Table, &str) -> bool + Sync),
    new: &(dyn Fn() -> C + Sync),
    progress: &dyn Progress,
) -> Result<Scanned<C>, InputError> {
    let kept = |t: Table| -> Vec<usize> {
        (0..t.columns().len())
            .filter(|&i| keep(t, t.columns()[i].name))
            .collect()
    };
    let mut cross = CrossChecks::default();
    let mut collectors = Vec::new();
    let mut results: Vec<(Table, PieceResult)> = Vec::new();
    let mut rows = BTreeMap::new();
    if let Some(pop) = files.iter().find(|f| f.table == Table::Population) {
        // Population years are needed whole for the cross-check, whatever is kept.
        let all: Vec<usize> = (0..Table::Population.columns().len()).collect();
        let r = load_one(pop, &all, &cross, progress);
        if let Ok((batches, _)) = &r {
            cross.population = Some(population_years(batches));
            let keep_pop = kept(Table::Population);
            let mut c = new();
            for b in batches {
                *rows.entry(Table::Population).or_default() += b.num_rows();
                c.collect(Table::Population, 0, b.project(&keep_pop).expect("columns exist"));
            }
            collectors.push(c);
        }
        results.push((Table::Population, r.map(|(_, rejected)| rejected)));
    }
    let rest: Vec<(&TableFile, Vec<usize>)> = files
        .iter()
        .filter(|f| f.table != Table::Population)
        .map(|tf| (tf, kept(tf.table)))
        .collect();
    let (parallel, more, counted) = scan_parallel(&rest, &cross, new, progress);
    results.extend(parallel);
    collectors.extend(more);
    for (t, n) in counted {
        *rows.entry(t).or_default() += n;
    }
    results.sort_by_key(|(t, _)| *t);
    let mut scanned = Scanned {
        collectors,
        rows: BTreeMap::new(),
        schemas: BTreeMap::new(),
        rejected: Vec::new(),
    };
    let mut file_problems = Vec::new();
    for (t, r) in results {
        match r {
            Ok(mut rejected) => {
                scanned
                    .schemas
                    .insert(t, Arc::new(t.schema().project(&kept(t)).expect("columns exist")));
                scanned.rows.insert(t, rows.get(&t).copied().unwrap_or(0));
                scanned.rejected.append(&mut rejected);
            }
            Err(e) => file_problems.push(e),
        }
    }
    if !file_problems.is_empty() {
        return Err(InputError::Files(file_problems));
    }
    Ok(scanned)
}

/// What [`scan_parallel`] gives: each table's outcome, the collectors, and
/// the valid records each table had.
type ParallelScan<C> = (Vec<(Table, PieceResult)>, Vec<C>, BTreeMap<Table, usize>);

/// Reads and validates the tables in parallel: the work is cut into pieces
/// (a CSV file, or a few row groups of a Parquet file) that as many threads
/// as there are cores take in turn, so one big table does not leave the
/// other cores idle. Each thread hands its valid records to its own collector.
fn scan_parallel<C: Collector>(
    files: &[(&TableFile, Vec<usize>)],
    cross: &CrossChecks,
    new: &(dyn Fn() -> C + Sync),
    progress: &dyn Progress,
) -> ParallelScan<C> {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    // (file, number of the piece within its file, the piece)
    let mut pieces: Vec<(usize, usize, read::Slice)> = Vec::new();
    for (i, (tf, _)) in files.iter().enumerate() {
        let (tf_slices, rows) = slices(tf, threads);
        progress.reading(&tf.file_name(), rows);
        pieces.extend(tf_slices.into_iter().enumerate().map(|(n, s)| (i, n, s)));
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: Vec<std::sync::Mutex<Option<PieceResult>>> = pieces.iter().map(|_| Default::default()).collect();
    let mut collectors = Vec::new();
    let mut counted: BTreeMap<Table, usize> = BTreeMap::new();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(pieces.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut collector = new();
                    let mut counted: BTreeMap<Table, usize> = BTreeMap::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((i, piece, slice)) = pieces.get(k) else { break };
                        let (tf, keep) = &files[*i];
                        let n = counted.entry(tf.table).or_default();
                        let r = load_slice(tf, keep, slice, cross, progress, &mut |b| {
                            *n += b.num_rows();
                            collector.collect(tf.table, *piece, b);
                        });
                        *done[k].lock().expect("result slot") = Some(r);
                    }
                    (collector, counted)
                })
            })
            .collect();
        for w in workers {
            // A panic in a reading thread is a bug: pass it on.
            let (c, n) = w.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            collectors.push(c);
            for (t, n) in n {
                *counted.entry(t).or_default() += n;
            }
        }
    });
    let mut per_table: Vec<PieceResult> = files.iter().map(|_| Ok(Vec::new())).collect();
    for ((i, _, _), slot) in pieces.iter().zip(done) {
        let r = slot
            .into_inner()
            .expect("result slot")
            .unwrap_or_else(|| Err(tr!(engine.reading_stopped, file = files[*i].0.file_name())));
        match (&mut per_table[*i], r) {
            (Ok(rejected), Ok(mut bad)) => rejected.append(&mut bad),
            (table @ Ok(_), Err(e)) => *table = Err(e),
            // The table's first error stands.
            (Err(_), _) => {}
        }
    }
    let results = files
        .iter()
        .zip(per_table)
        .map(|((tf, _), r)| {
            let r = r.map(|mut rejected| {
                rejected.sort_by_key(|r| r.row);
                rejected
            });
            (tf.table, r)
        })
        .collect();
    (results, collectors, counted)
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

/// Reads and validates a whole table on this thread, holding its valid batches.
fn load_one(
    tf: &TableFile,
    keep: &[usize],
    cross: &CrossChecks,
    progress: &dyn Progress,
) -> Result<(Vec<RecordBatch>, Vec<Rejected>), String> {
    let (_, rows) = slices(tf, 1);
    progress.reading(&tf.file_name(), rows);
    let mut batches = Vec::new();
    let mut rejected = load_slice(tf, keep, &read::Slice::default(), cross, progress, &mut |b| {
        batches.push(b)
    })?;
    rejected.sort_by_key(|r| r.row);
    Ok((batches, rejected))
}

/// Reads and validates one piece of a table, handing each valid batch to `take`.
fn load_slice(
    tf: &TableFile,
    keep: &[usize],
    slice: &read::Slice,
    cross: &CrossChecks,
    progress: &dyn Progress,
    take: &mut dyn FnMut(RecordBatch),
) -> PieceResult {
    let file = tf.file_name();
    let mut rejected = Vec::new();
    let mut bad = Vec::new();
    let sink = |raw: read::RawBatch| -> Result<(), String> {
        let b = validate(tf.table, &file, &raw.batch, &raw.rows, &raw.proven, cross, &mut bad)?;
        progress.read(&file, raw.rows.len() as u64);
        if b.num_rows() > 0 {
            take(b.project(keep).map_err(|e| format!("{file}: {e}"))?);
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
    Ok(rejected)
}

fn population_years(batches: &[RecordBatch]) -> HashSet<(String, i64)> {
    let mut out = HashSet::new();
    for b in batches {
        let region = plain_text(b.column_by_name("region").expect("region"));
        let year = b.column_by_name("year").expect("year").as_primitive::<Int64Type>();
        for i in 0..b.num_rows() {
            out.insert((region.value(i).to_string(), year.value(i)));
        }
    }
    out
}
