//! Reading one input file (CSV or Parquet) in batches of the contract's
//! columns, with the row number of every record, before any type checks.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_buffer::{Buffer, OffsetBuffer};
use arrow_schema::{DataType, Field, FieldRef, Schema};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder};
use parquet::file::metadata::ParquetMetaData;
use parquet::file::statistics::Statistics;

use super::problems::Rejected;
use uppsikt_domain::tr;

use crate::schema::{Kind, Table};

/// Records per batch.
pub const BATCH_ROWS: usize = 64 * 1024;

/// The Arrow type a code column stored as Parquet text is read into: the
/// file's dictionary kept, so the decoder hands out each record's key
/// instead of copying its string, and the checks and the indicators look
/// each distinct code up once per batch rather than once per record.
pub fn code_type() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

/// A batch holding the table's columns in contract order (any Arrow type;
/// a code column read from Parquet text is dictionary-encoded, see
/// [`code_type`]) and the row number of each record.
pub struct RawBatch {
    pub batch: RecordBatch,
    pub rows: Vec<u64>,
    /// Per column: not read, because the file's statistics prove every value
    /// present and non-empty (the column then holds empty placeholders).
    pub proven: Vec<bool>,
}

/// Reads a CSV file: every column as nullable text, empty field = null.
/// Records with the wrong number of fields or invalid UTF-8 go to `rejected`.
pub fn read_csv(
    table: Table,
    path: &Path,
    file: &str,
    rejected: &mut Vec<Rejected>,
    mut sink: impl FnMut(RawBatch) -> Result<(), String>,
) -> Result<(), String> {
    let f = File::open(path).map_err(|e| tr!(engine.cannot_open, file = file, error = e))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(BufReader::with_capacity(1 << 20, f));
    let headers = reader
        .headers()
        .map_err(|e| tr!(engine.unreadable_header, file = file, error = e))?
        .clone();
    let names: Vec<&str> = headers
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim())
        .collect();
    let idx = column_indices(table, file, &names)?;
    let schema = Arc::new(Schema::new(
        table
            .columns()
            .iter()
            .map(|c| Field::new(c.name, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ));
    let new_builders = || -> Vec<StringBuilder> { idx.iter().map(|_| StringBuilder::new()).collect() };
    let mut builders = new_builders();
    let mut rows = Vec::with_capacity(BATCH_ROWS);
    let mut record = csv::ByteRecord::new();
    loop {
        let more = match reader.read_byte_record(&mut record) {
            Ok(more) => more,
            Err(e) => {
                let row = e.position().map(|p| p.line()).unwrap_or(0);
                return Err(tr!(engine.unreadable_csv, file = file, row = row, error = e));
            }
        };
        if more {
            let row = record.position().map(|p| p.line()).unwrap_or(0);
            if record.len() != names.len() {
                // A lone empty line is not a record.
                if record.len() == 1 && record[0].is_empty() {
                    continue;
                }
                rejected.push(Rejected {
                    file: file.to_string(),
                    row,
                    reasons: vec![tr!(engine.field_count, fields = record.len(), header = names.len())],
                });
                continue;
            }
            let fields: Result<Vec<&str>, _> = idx.iter().map(|&i| std::str::from_utf8(&record[i])).collect();
            let Ok(fields) = fields else {
                rejected.push(Rejected {
                    file: file.to_string(),
                    row,
                    reasons: vec![tr!(engine.not_utf8)],
                });
                continue;
            };
            for (b, v) in builders.iter_mut().zip(fields) {
                if v.is_empty() {
                    b.append_null()
                } else {
                    b.append_value(v)
                }
            }
            rows.push(row);
        }
        if rows.len() >= BATCH_ROWS || (!more && !rows.is_empty()) {
            let columns: Vec<ArrayRef> = builders.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef).collect();
            let batch = RecordBatch::try_new(schema.clone(), columns).map_err(|e| format!("{file}: {e}"))?;
            sink(RawBatch {
                batch,
                rows: std::mem::take(&mut rows),
                proven: vec![false; idx.len()],
            })?;
            builders = new_builders();
        }
        if !more {
            return Ok(());
        }
    }
}

/// The row groups of a Parquet file and the number of records in each, or
/// `None` when the file's metadata cannot be read (reading it whole then
/// reports why).
pub fn parquet_row_groups(path: &Path) -> Option<Vec<u64>> {
    let f = File::open(path).ok()?;
    let meta = contained("", || open_parquet(&f).map_err(|e| e.to_string())).ok()?;
    Some(
        meta.metadata()
            .row_groups()
            .iter()
            .map(|g| g.num_rows().max(0) as u64)
            .collect(),
    )
}

/// Which records of a Parquet file to read: all, or some row groups, whose
/// first record is record number `first_row` (1-based) of the file.
#[derive(Debug, Clone, Default)]
pub struct Slice {
    pub row_groups: Option<Vec<usize>>,
    pub first_row: u64,
}

/// Reads a Parquet file's contract columns in record order; row = 1-based record number.
/// A column for which `provable` holds is not read when the statistics of
/// every row group read prove that none of its values is null or empty.
pub fn read_parquet(
    table: Table,
    path: &Path,
    file: &str,
    slice: &Slice,
    provable: &[bool],
    mut sink: impl FnMut(RawBatch) -> Result<(), String>,
) -> Result<(), String> {
    let f = File::open(path).map_err(|e| tr!(engine.cannot_open, file = file, error = e))?;
    let meta = contained(file, || {
        open_parquet(&f).map_err(|e| tr!(engine.not_parquet, file = file, error = e))
    })?;
    let arrow_schema = meta.schema().clone();
    let names: Vec<&str> = arrow_schema.fields().iter().map(|f| f.name().as_str()).collect();
    let idx = column_indices(table, file, &names)?;
    let meta = contained(file, || {
        codes_as_dictionaries(table, &idx, meta).map_err(|e| tr!(engine.not_parquet, file = file, error = e))
    })?;
    let groups: Vec<usize> = match &slice.row_groups {
        Some(g) => g.clone(),
        None => (0..meta.metadata().num_row_groups()).collect(),
    };
    // Flat files only: then a root column is also the leaf the statistics are kept for.
    let flat = meta.parquet_schema().num_columns() == arrow_schema.fields().len();
    let proven: Vec<bool> = idx
        .iter()
        .zip(provable)
        .map(|(&i, &p)| p && flat && all_present(meta.metadata(), &groups, i))
        .collect();
    let mut sorted: Vec<usize> = idx.iter().zip(&proven).filter(|(_, p)| !**p).map(|(i, _)| *i).collect();
    sorted.sort_unstable();
    let mask = ProjectionMask::roots(meta.parquet_schema(), sorted.iter().copied());
    // One reader per row group, so that no batch spans two: a batch that did
    // would hold two dictionaries, which the decoder merges by hashing every
    // value (a tenth of the run on DuckDB's files of 122 880-record groups).
    let mut readers = groups.iter().map(|&g| {
        let input = f
            .try_clone()
            .map_err(|e| tr!(engine.cannot_open, file = file, error = e))?;
        contained(file, || {
            ParquetRecordBatchReaderBuilder::new_with_metadata(input, meta.clone())
                .with_row_groups(vec![g])
                .with_projection(mask.clone())
                .with_batch_size(BATCH_ROWS)
                .build()
                .map_err(|e| format!("{file}: {e}"))
        })
    });
    let mut reader = match readers.next() {
        Some(r) => r?,
        None => return Ok(()),
    };
    let mut next_row = slice.first_row.max(1);
    loop {
        let Some(batch) = contained(file, || Ok(reader.next()))? else {
            match readers.next() {
                Some(r) => {
                    reader = r?;
                    continue;
                }
                None => return Ok(()),
            }
        };
        let batch = batch.map_err(|e| tr!(engine.unreadable_records, file = file, row = next_row, error = e))?;
        // The projected batch holds the columns in file order; put them in contract order.
        let columns: Vec<ArrayRef> = table
            .columns()
            .iter()
            .zip(&proven)
            .map(|(c, &p)| match p {
                true => Arc::new(StringArray::new(
                    OffsetBuffer::new_zeroed(batch.num_rows()),
                    Buffer::from(Vec::<u8>::new()),
                    None,
                )) as ArrayRef,
                false => batch.column_by_name(c.name).expect("projected column").clone(),
            })
            .collect();
        let fields: Vec<Field> = table
            .columns()
            .iter()
            .zip(&columns)
            .map(|(c, a)| Field::new(c.name, a.data_type().clone(), true))
            .collect();
        let n = batch.num_rows() as u64;
        let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).map_err(|e| format!("{file}: {e}"))?;
        sink(RawBatch {
            batch,
            rows: (next_row..next_row + n).collect(),
            proven: proven.clone(),
        })?;
        next_row += n;
    }
}

/// Whether the statistics of every row group in `groups` prove that text
/// column `column` has no null and no empty value: a null count of 0 and a
/// non-empty minimum (the empty string sorts before every other; a
/// truncated minimum is a prefix of the true one, so still non-empty).
fn all_present(meta: &ParquetMetaData, groups: &[usize], column: usize) -> bool {
    groups.iter().all(|&g| {
        meta.row_group(g).column(column).statistics().is_some_and(|s| {
            matches!(s, Statistics::ByteArray(_))
                && s.null_count_opt() == Some(0)
                && s.min_bytes_opt().is_some_and(|m| !m.is_empty())
        })
    })
}

/// Where each contract column is among `names`; every missing column is named.
fn column_indices(table: Table, file: &str, names: &[&str]) -> Result<Vec<usize>, String> {
    let mut missing = Vec::new();
    let idx: Vec<usize> = table
        .columns()
        .iter()
        .filter_map(|c| {
            let i = names.iter().position(|n| *n == c.name);
            if i.is_none() {
                missing.push(c.name);
            }
            i
        })
        .collect();
    if missing.is_empty() {
        Ok(idx)
    } else {
        Err(tr!(
            engine.missing_columns,
            file = file,
            missing = missing.iter().map(|m| format!("”{m}”")).collect::<Vec<_>>().join(", "),
            found = names.join(", ")
        ))
    }
}

/// Reads a Parquet file's metadata for reading it as Arrow, from its
/// Parquet schema alone.
///
/// The Arrow schema a writer may embed (`ARROW:schema`) is not read: the
/// contract's checks cast every column anyway, and decoding it panics inside
/// arrow-ipc on a damaged file (found by the fuzz target `register_input`;
/// the test `a_damaged_embedded_arrow_schema_is_a_file_error_not_a_panic`).
fn open_parquet(f: &File) -> parquet::errors::Result<ArrowReaderMetadata> {
    ArrowReaderMetadata::load(f, reader_options())
}

fn reader_options() -> ArrowReaderOptions {
    ArrowReaderOptions::new().with_skip_arrow_metadata(true)
}

/// `meta` with the table's code columns that the file stores as text
/// (`idx`: each contract column's place in the file) read as [`code_type`].
fn codes_as_dictionaries(
    table: Table,
    idx: &[usize],
    meta: ArrowReaderMetadata,
) -> parquet::errors::Result<ArrowReaderMetadata> {
    let schema = meta.schema();
    let mut fields: Vec<FieldRef> = schema.fields().iter().cloned().collect();
    let mut changed = false;
    for (c, &i) in table.columns().iter().zip(idx) {
        if matches!(c.kind, Kind::Code(_)) && fields[i].data_type() == &DataType::Utf8 {
            fields[i] = Arc::new(fields[i].as_ref().clone().with_data_type(code_type()));
            changed = true;
        }
    }
    if !changed {
        return Ok(meta);
    }
    let schema = Schema::new_with_metadata(fields, schema.metadata().clone());
    ArrowReaderMetadata::try_new(meta.metadata().clone(), reader_options().with_schema(Arc::new(schema)))
}

/// Runs `decode`, a call into the Parquet decoder on a file from outside.
///
/// The decoder asserts on some damaged files instead of returning an error
/// (a negative column offset in the metadata, found by the fuzz target
/// `register_input`). Such a panic is contained here, around the decoder's
/// calls only (never around our own checks), and reported as a damaged file.
fn contained<T>(file: &str, decode: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    CONTAINING.set(true);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(decode));
    CONTAINING.set(false);
    result.unwrap_or_else(|_| Err(tr!(engine.damaged_parquet, file = file)))
}

thread_local! {
    /// Whether this thread is inside [`contained`].
    static CONTAINING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Keeps a panic that [`contained`] turns into a damaged-file error off
/// stderr: the user reads the Swedish error, not the decoder's assertion.
/// Every other panic is printed as before. For programs (the CLI), called
/// once at start; the panic hook is the process's.
pub fn quiet_contained_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !CONTAINING.get() {
            previous(info);
        }
    }));
}
