//! `indicators compute`: read and validate the input, run every indicator's
//! plan, apply disclosure control, write the CSV.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Int64Type};

use crate::cells::{self, Cell};
use crate::indicators::{self, Indicator};
use crate::input::{self, InputError, Loaded};
use crate::output;
use crate::progress::Progress;
use crate::schema::Table;
use crate::session::{self, Engine};
use crate::suppression;
use crate::years::Years;
use crate::{Error, Result};

/// What `compute` is asked to do.
#[derive(Debug, Clone)]
pub struct ComputeOptions {
    /// The directory holding the register tables.
    pub input: PathBuf,
    /// The CSV to write.
    pub out: PathBuf,
    /// Leave numerator, denominator and value of suppressed cells empty.
    pub publish: bool,
    /// Skip invalid rows and list them here instead of stopping.
    pub reject_file: Option<PathBuf>,
    /// Where the plans run.
    pub engine: Engine,
    /// Where Parquet files for a cluster are staged (reachable by every executor).
    pub staging_dir: Option<PathBuf>,
    /// Write only these years' cells (all years in the input when `None`).
    pub years: Option<Years>,
}

/// What `compute` did.
#[derive(Debug, Clone, Default)]
pub struct ComputeReport {
    /// Rows kept per table read.
    pub rows: BTreeMap<&'static str, usize>,
    /// Indicators skipped and the table each lacked.
    pub skipped: Vec<(&'static str, &'static str)>,
    /// Cells written.
    pub cells: usize,
    /// Of those, suppressed.
    pub suppressed: usize,
    /// Rows rejected (with a reject file).
    pub rejected: usize,
}

/// Runs the whole computation and writes `opts.out` (and the reject file).
/// On bad input (without a reject file) it returns an [`InputError`] and writes nothing.
/// `progress` is told each step as it starts and how far reading has come.
pub async fn compute(opts: &ComputeOptions, progress: &dyn Progress) -> Result<ComputeReport> {
    let (report, _) = compute_with(opts, &indicators::all(), progress).await?;
    Ok(report)
}

/// [`compute`] with the indicators given instead of [`indicators::all`]:
/// how a new indicator is tried before it is listed. Returns the cells too.
pub async fn compute_with(
    opts: &ComputeOptions,
    which: &[&'static dyn Indicator],
    progress: &dyn Progress,
) -> Result<(ComputeReport, Vec<Cell>)> {
    let files = input::discover(&opts.input)?;
    progress.step(&uppsikt_domain::tr!(engine.reading_tables));
    let loaded = input::load(&files, &|t, c| used_by(which, t, c), progress)?;
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
    let (cells, skipped) = cells_of(
        &loaded,
        which,
        &opts.engine,
        opts.staging_dir.as_deref(),
        opts.years,
        progress,
    )
    .await?;
    report.skipped = skipped;
    report.cells = cells.len();
    report.suppressed = cells.iter().filter(|c| c.suppressed).count();

    progress.step(&uppsikt_domain::tr!(engine.writing));
    if let Some(r) = &opts.reject_file {
        output::write_atomically(r, |w| Ok(input::write_rejects(w, &loaded.rejected)?))?;
    }
    output::write_atomically(&opts.out, |w| Ok(output::write_cells(w, &cells, opts.publish)?))?;
    Ok((report, cells))
}

/// Reads and validates `dir`, computes every indicator and applies disclosure
/// control; fails on any invalid row. For tests and embedding.
pub async fn compute_dir(dir: &Path, engine: &Engine) -> Result<Vec<Cell>> {
    let files = input::discover(dir)?;
    let loaded = input::load(&files, &used_by_some_indicator, &())?;
    if !loaded.rejected.is_empty() {
        return Err(InputError::Rows(loaded.rejected).into());
    }
    Ok(cells_of(&loaded, &indicators::all(), engine, None, None, &()).await?.0)
}

/// Whether the SQL of some indicator of `which` reading `table` names
/// `column` (as a whole identifier): only those columns are kept in memory
/// after validation. Every column is still checked.
pub fn used_by(which: &[&'static dyn Indicator], table: Table, column: &str) -> bool {
    which.iter().filter(|i| i.tables().contains(&table)).any(|i| {
        i.sql()
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .any(|word| word == column)
    })
}

/// [`used_by`] over every indicator.
pub fn used_by_some_indicator(table: Table, column: &str) -> bool {
    used_by(&indicators::all(), table, column)
}

/// The suppressed, sorted cells of every indicator whose tables are present,
/// for `years` (all when `None`), and the indicators skipped with the missing table.
/// Cells outside the years are dropped before disclosure control, which
/// works within a year, so a year's cells are the same whatever other years
/// the input holds.
pub async fn cells_of(
    loaded: &Loaded,
    which: &[&'static dyn Indicator],
    engine: &Engine,
    staging_dir: Option<&Path>,
    years: Option<Years>,
    progress: &dyn Progress,
) -> Result<(Vec<Cell>, Vec<(&'static str, &'static str)>)> {
    let session = session::open(engine, loaded, staging_dir).await?;
    let mut cells = Vec::new();
    let mut skipped = Vec::new();
    // Every plan is started at once, so the cheap ones run beside the
    // expensive one (kontinuitet) instead of after it; the cells are then
    // taken in the fixed order of `indicators::all()`. On an error the
    // `JoinSet` is dropped, which stops the plans still running.
    let mut running = tokio::task::JoinSet::new();
    let mut started = Vec::new();
    for &ind in which {
        if let Some(missing) = ind.tables().iter().find(|t| !loaded.tables.contains_key(t)) {
            skipped.push((ind.id(), missing.name()));
            continue;
        }
        progress.step(&uppsikt_domain::tr!(engine.computing, indicator = ind.id()));
        let (ctx, slot) = (session.ctx.clone(), started.len());
        running.spawn(async move {
            let failed = |source| Error::Compute {
                indicator: ind.id().to_string(),
                source,
            };
            let batches = ctx
                .sql(&ind.sql())
                .await
                .map_err(failed)?
                .collect()
                .await
                .map_err(failed)?;
            Ok::<_, Error>((slot, batches))
        });
        started.push(ind);
    }
    let mut results = vec![Vec::new(); started.len()];
    while let Some(done) = running.join_next().await {
        let (slot, batches) = done.map_err(|e| Error::Internal(e.to_string()))??;
        progress.step(&uppsikt_domain::tr!(engine.computed, indicator = started[slot].id()));
        results[slot] = batches;
    }
    for (ind, batches) in started.into_iter().zip(results) {
        for b in &batches {
            cells_from_batch(ind, b, &mut cells)?;
        }
    }
    if let Some(years) = years {
        cells.retain(|c| years.contains_period(&c.period));
    }
    cells::sort(&mut cells);
    suppression::complementary(&mut cells);
    Ok((cells, skipped))
}

/// Turns one result batch (`region, sex, yr, mon, numerator, denominator`) into cells
/// with primary suppression applied; rows with denominator 0 are dropped.
fn cells_from_batch(ind: &dyn Indicator, b: &RecordBatch, out: &mut Vec<Cell>) -> Result<()> {
    let text = |i: usize| -> Result<_> { Ok(cast(b.column(i), &DataType::Utf8)?.as_string::<i32>().clone()) };
    let int = |i: usize| -> Result<_> { Ok(cast(b.column(i), &DataType::Int64)?.as_primitive::<Int64Type>().clone()) };
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
            indicator: ind.id().to_string(),
            region: region.value(i).to_string(),
            period,
            sex: sex.value(i).to_string(),
            numerator,
            denominator,
            scale: ind.def().scale,
            suppressed: suppression::primary(numerator, denominator, ind.numerator_only_suppression()),
        });
    }
    Ok(())
}
