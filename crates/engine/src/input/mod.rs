//! Reading the input directory: each table as `NAME.csv` or `NAME.parquet`,
//! validated row by row against the contract into typed Arrow batches.

mod problems;
mod read;
mod validate;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use datafusion::arrow::array::{AsArray, RecordBatch};
use datafusion::arrow::datatypes::Int64Type;

pub use problems::{InputError, Rejected, SHOWN_PROBLEMS, write_rejects};
pub use read::BATCH_ROWS;
use validate::{CrossChecks, validate};

use crate::schema::Table;

/// File format of one input table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
}

/// One table found in the input directory.
#[derive(Debug, Clone)]
pub struct TableFile {
    pub table: Table,
    pub path: PathBuf,
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
        return Err(InputError::Files(vec![format!(
            "{}: not a directory (expected a directory holding contacts, visits, stays and/or population as .csv or .parquet)",
            dir.display()
        )]));
    }
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for table in Table::ALL {
        let csv = dir.join(format!("{}.csv", table.name()));
        let parquet = dir.join(format!("{}.parquet", table.name()));
        match (csv.is_file(), parquet.is_file()) {
            (true, true) => problems.push(format!(
                "{}: both {0}.csv and {0}.parquet exist; keep one",
                table.name()
            )),
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
    /// Typed batches of the valid rows, per table present.
    pub tables: BTreeMap<Table, Vec<RecordBatch>>,
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

/// Reads and validates every table in `files`. `on_table` is told when each starts.
/// Population is read first so stays can be checked against it.
pub fn load(files: &[TableFile], mut on_table: impl FnMut(&TableFile)) -> Result<Loaded, InputError> {
    let mut loaded = Loaded::default();
    let mut file_problems = Vec::new();
    let mut cross = CrossChecks::default();
    let mut order: Vec<&TableFile> = files.iter().collect();
    order.sort_by_key(|f| (f.table != Table::Population, f.table));
    for tf in order {
        on_table(tf);
        let file = tf.file_name();
        let mut batches = Vec::new();
        let mut rejected = Vec::new();
        let result = {
            let mut bad = Vec::new();
            let sink = |raw: read::RawBatch| -> Result<(), String> {
                let b = validate(tf.table, &file, &raw.batch, &raw.rows, &cross, &mut bad)?;
                if b.num_rows() > 0 {
                    batches.push(b);
                }
                Ok(())
            };
            let r = match tf.format {
                Format::Csv => read::read_csv(tf.table, &tf.path, &file, &mut rejected, sink),
                Format::Parquet => read::read_parquet(tf.table, &tf.path, &file, sink),
            };
            rejected.append(&mut bad);
            r
        };
        if let Err(e) = result {
            file_problems.push(e);
            continue;
        }
        rejected.sort_by_key(|r| r.row);
        if tf.table == Table::Population {
            cross.population = Some(population_years(&batches));
        }
        loaded.rejected.append(&mut rejected);
        loaded.tables.insert(tf.table, batches);
    }
    if !file_problems.is_empty() {
        return Err(InputError::Files(file_problems));
    }
    Ok(loaded)
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
