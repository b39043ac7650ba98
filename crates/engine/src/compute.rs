//! `indicators compute`: read and validate the input, compute every
//! indicator (streamed as the records are read, or by its SQL plan), apply
//! disclosure control, write the CSV.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Int64Type, SchemaRef};

use crate::cells::{self, Cell};
use crate::indicators::{self, Indicator};
use crate::input::{self, InputError, Loaded, Rejected, TableFile};
use crate::output;
use crate::progress::Progress;
use crate::schema::Table;
use crate::session::{self, Engine};
use crate::streamed::{self, Gathered};
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
    let run = Run {
        which,
        engine: &opts.engine,
        staging_dir: opts.staging_dir.as_deref(),
        years: opts.years,
        rejects_allowed: opts.reject_file.is_some(),
    };
    let computed = run.compute(&files, progress).await?;
    let cells = computed.cells;
    let report = ComputeReport {
        rows: computed.rows.iter().map(|(t, n)| (t.name(), *n)).collect(),
        skipped: computed.skipped,
        cells: cells.len(),
        suppressed: cells.iter().filter(|c| c.suppressed).count(),
        rejected: computed.rejected.len(),
    };
    progress.step(&uppsikt_domain::tr!(engine.writing));
    if let Some(r) = &opts.reject_file {
        output::write_atomically(r, |w| Ok(input::write_rejects(w, &computed.rejected)?))?;
    }
    output::write_atomically(&opts.out, |w| Ok(output::write_cells(w, &cells, opts.publish)?))?;
    Ok((report, cells))
}

/// Reads and validates `dir`, computes every indicator and applies disclosure
/// control; fails on any invalid row. For tests and embedding.
pub async fn compute_dir(dir: &Path, engine: &Engine) -> Result<Vec<Cell>> {
    let files = input::discover(dir)?;
    let run = Run {
        which: &indicators::all(),
        engine,
        staging_dir: None,
        years: None,
        rejects_allowed: false,
    };
    Ok(run.compute(&files, &()).await?.cells)
}

/// Whether the SQL of some indicator of `which` reading `table` names
/// `column` (as a whole identifier): only those columns are handed on after
/// validation. Every column is still checked.
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

/// One computation: which indicators, where, and for which years.
struct Run<'a> {
    which: &'a [&'static dyn Indicator],
    engine: &'a Engine,
    staging_dir: Option<&'a Path>,
    years: Option<Years>,
    /// Whether invalid rows are skipped (listed in a reject file) rather than stopping the run.
    rejects_allowed: bool,
}

/// What a [`Run`] gives.
struct Computed {
    /// Valid records per table read.
    rows: BTreeMap<Table, usize>,
    /// Indicators skipped and the table each lacked.
    skipped: Vec<(&'static str, &'static str)>,
    /// Rows rejected.
    rejected: Vec<Rejected>,
    /// The suppressed, sorted cells.
    cells: Vec<Cell>,
}

impl Run<'_> {
    /// Reads `files` and computes the cells. Locally, the indicators with a
    /// streamed form are computed as the records are read, and only the
    /// tables that indicators with SQL alone read are held; on Ballista,
    /// every table is held and staged, and every indicator runs its SQL.
    async fn compute(&self, files: &[TableFile], progress: &dyn Progress) -> Result<Computed> {
        let present = |t: &Table| files.iter().any(|f| f.table == *t);
        let local = *self.engine == Engine::Local;
        let mut skipped = Vec::new();
        // Per indicator asked for: whether it is computed as the records are read.
        let mut streams = Vec::new();
        let mut by_sql = Vec::new();
        for &ind in self.which {
            let streamed = match ind.tables().iter().find(|t| !present(t)) {
                Some(missing) => {
                    skipped.push((ind.id(), missing.name()));
                    false
                }
                None if local && ind.streamed().is_some() => true,
                None => {
                    by_sql.push(ind);
                    false
                }
            };
            streams.push(streamed);
        }
        let hold: Vec<Table> = Table::ALL
            .into_iter()
            .filter(|t| by_sql.iter().any(|i| i.tables().contains(t)))
            .collect();
        let which = self.which;
        let new = || Gathered {
            partials: which
                .iter()
                .zip(&streams)
                .map(|(i, &streamed)| if streamed { i.streamed() } else { None })
                .collect(),
            hold: hold.clone(),
            held: Vec::new(),
        };
        progress.step(&uppsikt_domain::tr!(engine.reading_tables));
        let mut scanned = input::scan(files, &|t, c| used_by(which, t, c), &new, progress)?;
        if !scanned.rejected.is_empty() && !self.rejects_allowed {
            return Err(InputError::Rows(scanned.rejected).into());
        }
        let mut cells = Vec::new();
        for (ind, _) in self.which.iter().zip(&streams).filter(|(_, s)| **s) {
            progress.step(&uppsikt_domain::tr!(engine.computing, indicator = ind.id()));
        }
        for (ind, rows) in self.which.iter().zip(streamed::finish(&mut scanned.collectors)) {
            let Some(rows) = rows else { continue };
            for r in rows {
                let (yr, mon) = (r.yr.into(), r.mon.map(i64::from));
                push_cell(*ind, r.region, r.sex, yr, mon, r.numerator, r.denominator, &mut cells);
            }
            progress.step(&uppsikt_domain::tr!(engine.computed, indicator = ind.id()));
        }
        if !by_sql.is_empty() {
            let loaded = held(scanned.collectors, scanned.schemas.clone(), &hold);
            cells.extend(self.sql_cells(&loaded, &by_sql, progress).await?);
        }
        if let Some(years) = self.years {
            cells.retain(|c| years.contains_period(&c.period));
        }
        cells::sort(&mut cells);
        suppression::complementary(&mut cells);
        Ok(Computed {
            rows: scanned.rows,
            skipped,
            rejected: scanned.rejected,
            cells,
        })
    }

    /// The cells of `inds`, each from its SQL plan, run on the held tables.
    async fn sql_cells(
        &self,
        loaded: &Loaded,
        inds: &[&'static dyn Indicator],
        progress: &dyn Progress,
    ) -> Result<Vec<Cell>> {
        let session = session::open(self.engine, loaded, self.staging_dir).await?;
        // Every plan is started at once, so the cheap ones run beside the
        // expensive one instead of after it; the cells are then taken in the
        // order of `inds`. On an error the `JoinSet` is dropped, which stops
        // the plans still running.
        let mut running = tokio::task::JoinSet::new();
        for (slot, &ind) in inds.iter().enumerate() {
            progress.step(&uppsikt_domain::tr!(engine.computing, indicator = ind.id()));
            let ctx = session.ctx.clone();
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
        }
        let mut results = vec![Vec::new(); inds.len()];
        while let Some(done) = running.join_next().await {
            let (slot, batches) = done.map_err(|e| Error::Internal(e.to_string()))??;
            progress.step(&uppsikt_domain::tr!(engine.computed, indicator = inds[slot].id()));
            results[slot] = batches;
        }
        let mut cells = Vec::new();
        for (ind, batches) in inds.iter().zip(results) {
            for b in &batches {
                cells_from_batch(*ind, b, &mut cells)?;
            }
        }
        Ok(cells)
    }
}

/// The held tables of a scan, each table's batches in file order.
fn held(collectors: Vec<Gathered>, schemas: BTreeMap<Table, SchemaRef>, hold: &[Table]) -> Loaded {
    let pieces = collectors.into_iter().flat_map(|g| g.held).collect();
    let tables = input::in_file_order(pieces, hold.iter().copied());
    Loaded {
        schemas: schemas.into_iter().filter(|(t, _)| hold.contains(t)).collect(),
        tables,
        rejected: Vec::new(),
    }
}

/// Turns one result batch (`region, sex, yr, mon, numerator, denominator`) into cells.
fn cells_from_batch(ind: &dyn Indicator, b: &RecordBatch, out: &mut Vec<Cell>) -> Result<()> {
    let text = |i: usize| -> Result<_> { Ok(cast(b.column(i), &DataType::Utf8)?.as_string::<i32>().clone()) };
    let int = |i: usize| -> Result<_> { Ok(cast(b.column(i), &DataType::Int64)?.as_primitive::<Int64Type>().clone()) };
    let (region, sex, yr, mon, num, den) = (text(0)?, text(1)?, int(2)?, int(3)?, int(4)?, int(5)?);
    let value = |a: &datafusion::arrow::array::Int64Array, i: usize| if a.is_null(i) { 0 } else { a.value(i) };
    for i in 0..b.num_rows() {
        let mon = (!mon.is_null(i)).then(|| mon.value(i));
        push_cell(
            ind,
            region.value(i),
            sex.value(i),
            yr.value(i),
            mon,
            value(&num, i),
            value(&den, i),
            out,
        );
    }
    Ok(())
}

/// Adds one row of an indicator's result as a cell, with primary suppression
/// applied; a row whose denominator is not above 0 is no cell.
#[allow(clippy::too_many_arguments)]
fn push_cell(
    ind: &dyn Indicator,
    region: &str,
    sex: &str,
    yr: i64,
    mon: Option<i64>,
    numerator: i64,
    denominator: i64,
    out: &mut Vec<Cell>,
) {
    if denominator <= 0 {
        return;
    }
    let period = match mon {
        Some(m) => format!("{yr:04}-{m:02}"),
        None => format!("{yr:04}"),
    };
    out.push(Cell {
        indicator: ind.id().to_string(),
        region: region.to_string(),
        period,
        sex: sex.to_string(),
        numerator,
        denominator,
        scale: ind.def().scale,
        suppressed: suppression::primary(numerator, denominator, ind.numerator_only_suppression()),
    });
}
