//! `indicators compute`: read and validate the input, run every indicator's
//! plan, apply disclosure control, write the CSV.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::Context;
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Int64Type};

use crate::cells::{self, Cell};
use crate::indicators::{self, Indicator};
use crate::input::{self, InputError, Loaded};
use crate::output;
use crate::schema::Table;
use crate::session::{self, Engine};
use crate::suppression;

/// What `compute` is asked to do.
#[derive(Debug, Clone)]
pub struct ComputeOptions {
    pub input: PathBuf,
    pub out: PathBuf,
    /// Leave numerator, denominator and value of suppressed cells empty.
    pub publish: bool,
    /// Skip invalid rows and list them here instead of stopping.
    pub reject_file: Option<PathBuf>,
    pub engine: Engine,
    /// Where Parquet files for a cluster are staged (reachable by every executor).
    pub staging_dir: Option<PathBuf>,
}

/// What `compute` did.
#[derive(Debug, Clone, Default)]
pub struct ComputeReport {
    /// Rows kept per table read.
    pub rows: BTreeMap<&'static str, usize>,
    /// Indicators skipped and the table each lacked.
    pub skipped: Vec<(&'static str, &'static str)>,
    pub cells: usize,
    pub suppressed: usize,
    pub rejected: usize,
}

/// Runs the whole computation and writes `opts.out` (and the reject file).
/// On bad input (without a reject file) it returns an [`InputError`] and writes nothing.
/// `progress` is told each step as it starts.
pub async fn compute(opts: &ComputeOptions, progress: &(dyn Fn(&str) + Send + Sync)) -> anyhow::Result<ComputeReport> {
    let files = input::discover(&opts.input)?;
    let loaded = input::load(&files, &used_by_some_indicator, &|tf| {
        progress(&format!("Läser {}", tf.file_name()))
    })?;
    if !loaded.rejected.is_empty() && opts.reject_file.is_none() {
        return Err(InputError::Rows(loaded.rejected).into());
    }
    let mut report = ComputeReport {
        rejected: loaded.rejected.len(),
        ..Default::default()
    };
    for t in Table::ALL {
        if loaded.tables.contains_key(&t) {
            report.rows.insert(t.name(), loaded.rows(t));
        }
    }
    let (cells, skipped) = cells_of(&loaded, &opts.engine, opts.staging_dir.as_deref(), progress).await?;
    report.skipped = skipped;
    report.cells = cells.len();
    report.suppressed = cells.iter().filter(|c| c.suppressed).count();

    progress("Skriver resultatet");
    if let Some(r) = &opts.reject_file {
        output::write_atomically(r, |w| Ok(input::write_rejects(w, &loaded.rejected)?))?;
    }
    output::write_atomically(&opts.out, |w| Ok(output::write_cells(w, &cells, opts.publish)?))?;
    Ok(report)
}

/// Reads and validates `dir`, computes every indicator and applies disclosure
/// control; fails on any invalid row. For tests and embedding.
pub async fn compute_dir(dir: &Path, engine: &Engine) -> anyhow::Result<Vec<Cell>> {
    let files = input::discover(dir)?;
    let loaded = input::load(&files, &used_by_some_indicator, &|_| {})?;
    if !loaded.rejected.is_empty() {
        return Err(InputError::Rows(loaded.rejected).into());
    }
    Ok(cells_of(&loaded, engine, None, &|_| {}).await?.0)
}

/// Whether the SQL of some indicator reading `table` names `column` (as a
/// whole identifier): only those columns are kept in memory after
/// validation. Every column is still checked.
pub fn used_by_some_indicator(table: Table, column: &str) -> bool {
    static IDENTIFIERS: std::sync::OnceLock<HashSet<(Table, String)>> = std::sync::OnceLock::new();
    IDENTIFIERS
        .get_or_init(|| {
            let mut ids = HashSet::new();
            for ind in indicators::all() {
                let sql = ind.sql();
                for word in sql.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                    for t in ind.tables() {
                        ids.insert((*t, word.to_string()));
                    }
                }
            }
            ids
        })
        .contains(&(table, column.to_string()))
}

/// The suppressed, sorted cells of every indicator whose tables are present,
/// and the indicators skipped with the missing table.
pub async fn cells_of(
    loaded: &Loaded,
    engine: &Engine,
    staging_dir: Option<&Path>,
    progress: &(dyn Fn(&str) + Send + Sync),
) -> anyhow::Result<(Vec<Cell>, Vec<(&'static str, &'static str)>)> {
    let session = session::open(engine, loaded, staging_dir).await?;
    let mut cells = Vec::new();
    let mut skipped = Vec::new();
    // Every plan is started at once, so the cheap ones run beside the
    // expensive one (kontinuitet) instead of after it; the cells are then
    // taken in the fixed order of `indicators::all()`. On an error the
    // `JoinSet` is dropped, which stops the plans still running.
    let mut running = tokio::task::JoinSet::new();
    let mut started = Vec::new();
    for ind in indicators::all() {
        if let Some(missing) = ind.tables().iter().find(|t| !loaded.tables.contains_key(t)) {
            skipped.push((ind.name(), missing.name()));
            continue;
        }
        progress(&format!("Beräknar {}", ind.name()));
        let (ctx, slot) = (session.ctx.clone(), started.len());
        running.spawn(async move {
            let batches = ctx
                .sql(&ind.sql())
                .await
                .with_context(|| format!("cannot plan {}", ind.name()))?
                .collect()
                .await
                .with_context(|| format!("cannot compute {}", ind.name()))?;
            anyhow::Ok((slot, batches))
        });
        started.push(ind);
    }
    let mut results = vec![Vec::new(); started.len()];
    while let Some(done) = running.join_next().await {
        let (slot, batches) = done.context("an indicator's computation stopped")??;
        progress(&format!("Klar: {}", started[slot].name()));
        results[slot] = batches;
    }
    for (ind, batches) in started.into_iter().zip(results) {
        for b in &batches {
            cells_from_batch(ind, b, &mut cells)?;
        }
    }
    cells::sort(&mut cells);
    suppression::complementary(&mut cells);
    Ok((cells, skipped))
}

/// Turns one result batch (`region, sex, yr, mon, numerator, denominator`) into cells
/// with primary suppression applied; rows with denominator 0 are dropped.
fn cells_from_batch(ind: &dyn Indicator, b: &RecordBatch, out: &mut Vec<Cell>) -> anyhow::Result<()> {
    let text = |i: usize| -> anyhow::Result<_> { Ok(cast(b.column(i), &DataType::Utf8)?.as_string::<i32>().clone()) };
    let int = |i: usize| -> anyhow::Result<_> {
        Ok(cast(b.column(i), &DataType::Int64)?.as_primitive::<Int64Type>().clone())
    };
    let (region, sex, yr, mon, num, den) = (text(0)?, text(1)?, int(2)?, int(3)?, int(4)?, int(5)?);
    for i in 0..b.num_rows() {
        let denominator = if den.is_null(i) { 0 } else { den.value(i) };
        if denominator <= 0 {
            continue;
        }
        let numerator = if num.is_null(i) { 0 } else { num.value(i) };
        let period = if mon.is_null(i) {
            format!("{:04}", yr.value(i))
        } else {
            format!("{:04}-{:02}", yr.value(i), mon.value(i))
        };
        out.push(Cell {
            indicator: ind.name().to_string(),
            region: region.value(i).to_string(),
            period,
            sex: sex.value(i).to_string(),
            numerator,
            denominator,
            scale: ind.scale(),
            suppressed: suppression::primary(numerator, denominator, ind.numerator_only_suppression()),
        });
    }
    Ok(())
}
