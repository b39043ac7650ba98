//! `indicators compute`: read and validate the input, run every indicator's
//! plan, apply disclosure control, write the CSV.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::physical_plan::{ExecutionPlan, collect};
use datafusion::prelude::SessionContext;
use tokio::runtime::RuntimeFlavor;

use crate::cells::{self, Cell};
use crate::indicators::{self, Indicator};
use crate::input::{self, InputError, Rejected, Streamed, TableFile};
use crate::output;
use crate::progress::Progress;
use crate::schema::Table;
use crate::session::{self, Engine};
use crate::stream::{self, Hub};
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
    let keep = |t: Table, c: &str| used_by(which, t, c);
    let run = run(
        &files,
        which,
        &keep,
        &opts.engine,
        opts.staging_dir.as_deref(),
        progress,
    )
    .await?;
    if !run.rejected.is_empty() && opts.reject_file.is_none() {
        return Err(InputError::Rows(run.rejected).into());
    }
    let cells = finish(run.cells, opts.years);
    let report = ComputeReport {
        rows: run.rows,
        skipped: run.skipped,
        cells: cells.len(),
        suppressed: cells.iter().filter(|c| c.suppressed).count(),
        rejected: run.rejected.len(),
    };
    progress.step(&uppsikt_domain::tr!(engine.writing));
    if let Some(r) = &opts.reject_file {
        output::write_atomically(r, |w| Ok(input::write_rejects(w, &run.rejected)?))?;
    }
    output::write_atomically(&opts.out, |w| Ok(output::write_cells(w, &cells, opts.publish)?))?;
    Ok((report, cells))
}

/// Reads and validates `dir`, computes every indicator and applies disclosure
/// control; fails on any invalid row. For tests and embedding.
pub async fn compute_dir(dir: &Path, engine: &Engine) -> Result<Vec<Cell>> {
    let files = input::discover(dir)?;
    let run = run(&files, &indicators::all(), &used_by_some_indicator, engine, None, &()).await?;
    if !run.rejected.is_empty() {
        return Err(InputError::Rows(run.rejected).into());
    }
    Ok(finish(run.cells, None))
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

/// What a run read and computed, before years, sorting and disclosure control.
struct Run {
    /// Every indicator's cells, primary suppression applied.
    cells: Vec<Cell>,
    /// Indicators skipped and the table each lacked.
    skipped: Vec<(&'static str, &'static str)>,
    /// Rows kept per table read.
    rows: BTreeMap<&'static str, usize>,
    /// Rows rejected, in table and row order.
    rejected: Vec<Rejected>,
}

/// The cells of `years` (all when `None`), sorted, with complementary
/// suppression. Cells outside the years are dropped before disclosure
/// control, which works within a year, so a year's cells are the same
/// whatever other years the input holds.
fn finish(mut cells: Vec<Cell>, years: Option<Years>) -> Vec<Cell> {
    if let Some(years) = years {
        cells.retain(|c| years.contains_period(&c.period));
    }
    cells::sort(&mut cells);
    suppression::complementary(&mut cells);
    cells
}

/// Reads and checks every table of `files` and runs the plans of `which`.
///
/// Locally, the bulk tables stream through the plans as they are read
/// ([`stream`]): the held tables are read first, every plan is planned (and
/// so subscribes to the streamed tables it scans), the plans start, and then
/// the reader feeds them. On a cluster, or on a runtime with one thread,
/// where reading cannot run beside the plans, every table is held first.
async fn run(
    files: &[TableFile],
    which: &[&'static dyn Indicator],
    keep: &(dyn Fn(Table, &str) -> bool + Sync),
    engine: &Engine,
    staging_dir: Option<&Path>,
    progress: &dyn Progress,
) -> Result<Run> {
    progress.step(&uppsikt_domain::tr!(engine.reading_tables));
    let threaded = tokio::runtime::Handle::current().runtime_flavor() == RuntimeFlavor::MultiThread;
    let streamed = |t: Table| *engine == Engine::Local && threaded && stream::streams(t);
    let (stream_files, held_files): (Vec<TableFile>, Vec<TableFile>) =
        files.iter().cloned().partition(|f| streamed(f.table));
    let held = input::load(&held_files, keep, progress)?;
    let (ctx, hub, _session) = match engine {
        Engine::Local => {
            let ctx = session::local_context();
            session::hold(&ctx, &held)?;
            let hub = Hub::register(&ctx, &stream_files, keep)?;
            (ctx, hub, None)
        }
        _ => {
            let session = session::open(engine, &held, staging_dir).await?;
            (session.ctx.clone(), Hub::default(), Some(session))
        }
    };
    let present = |t: &Table| files.iter().any(|f| f.table == *t);
    let mut skipped = Vec::new();
    let mut plans = Vec::new();
    for &ind in which {
        if let Some(missing) = ind.tables().iter().find(|t| !present(t)) {
            skipped.push((ind.id(), missing.name()));
            continue;
        }
        let before = hub.planned();
        plans.push((ind, plan(&ctx, ind).await?));
        if hub.planned() > before + 1 {
            return Err(Error::Internal(format!(
                "{}: more than one streamed scan in one plan",
                ind.id()
            )));
        }
    }
    // Every plan starts at once, so the cheap ones run beside the expensive
    // one (kontinuitet) instead of after it; on an error the `JoinSet` is
    // dropped, which stops the plans still running.
    let cancelled = Arc::new(AtomicBool::new(false));
    let mut running = tokio::task::JoinSet::new();
    for (slot, (ind, plan)) in plans.iter().enumerate() {
        progress.step(&uppsikt_domain::tr!(engine.computing, indicator = ind.id()));
        let (plan, task_ctx, cancelled) = (plan.clone(), ctx.task_ctx(), cancelled.clone());
        running.spawn(async move {
            let batches = collect(plan, task_ctx).await;
            if batches.is_err() {
                cancelled.store(true, Ordering::Relaxed);
            }
            (slot, batches)
        });
    }
    // Reading blocks this thread; the plans run on the runtime's other workers.
    let streamed = match stream_files.is_empty() {
        true => Streamed::default(),
        false => tokio::task::block_in_place(|| hub.read(&stream_files, keep, &held, progress, &cancelled))?,
    };
    let mut results = vec![Vec::new(); plans.len()];
    while let Some(done) = running.join_next().await {
        let (slot, batches) = done.map_err(|e| Error::Internal(e.to_string()))?;
        let ind = plans[slot].0;
        results[slot] = batches.map_err(|source| Error::Compute {
            indicator: ind.id().to_string(),
            source,
        })?;
        progress.step(&uppsikt_domain::tr!(engine.computed, indicator = ind.id()));
    }
    let mut cells = Vec::new();
    for ((ind, _), batches) in plans.iter().zip(results) {
        for b in &batches {
            cells_from_batch(*ind, b, &mut cells)?;
        }
    }
    let mut rows = BTreeMap::new();
    for t in Table::ALL {
        if let Some(n) = streamed.rows.get(&t) {
            rows.insert(t.name(), *n);
        } else if held.tables.contains_key(&t) {
            rows.insert(t.name(), held.rows(t));
        }
    }
    Ok(Run {
        cells,
        skipped,
        rows,
        rejected: input::in_table_order([held.rejected, streamed.rejected]),
    })
}

/// The physical plan of `ind`'s SQL in `ctx`.
async fn plan(ctx: &SessionContext, ind: &'static dyn Indicator) -> Result<Arc<dyn ExecutionPlan>> {
    let failed = |source| Error::Compute {
        indicator: ind.id().to_string(),
        source,
    };
    ctx.sql(&ind.sql())
        .await
        .map_err(failed)?
        .create_physical_plan()
        .await
        .map_err(failed)
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
