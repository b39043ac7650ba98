//! Streaming the bulk tables through the plans of a local run.
//!
//! Visits and contacts are the bulk of a register year (tens of millions of
//! records). They are never held whole: each plan that scans one of them is
//! planned first and subscribes to it ([`StreamedTable`]); then the reader
//! (`input::stream`, on threads of its own) checks every record and hands each
//! batch of valid rows to every subscriber, and the plans aggregate the
//! batches as they come. A subscriber takes a few batches at most before the
//! reader waits for it, so memory holds what the plans aggregate, not the
//! tables. Stays and population are held ([`streams`]): readmission joins
//! stays with themselves, and both are small.
//!
//! Invariant: a plan scans at most one streamed table, once. A plan that
//! needed two streamed scans could wait on one while the reader waits on the
//! other; [`Hub::planned`] lets the caller refuse such a plan, and the test
//! `every_plan_scans_at_most_one_streamed_table_once` checks the indicators.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use async_trait::async_trait;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::{Session, TableProvider};
use datafusion::error::{DataFusionError, Result as DfResult};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::{Expr, TableType};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::streaming::{PartitionStream, StreamingTableExec};
use datafusion::prelude::SessionContext;
use tokio::sync::mpsc;

use crate::input::{self, InputError, Loaded, Streamed, TableFile};
use crate::progress::Progress;
use crate::schema::Table;

/// Batches a plan may have waiting before the reader waits for it: enough
/// to keep reader and plans busy at once, few enough (64 Ki records each)
/// that memory does not grow with the table.
const WAITING_BATCHES: usize = 4;

/// Whether `table` streams through the plans rather than being held whole.
pub fn streams(table: Table) -> bool {
    matches!(table, Table::Visits | Table::Contacts)
}

/// The senders of the plans that scan one streamed table.
type Senders = Vec<mpsc::Sender<DfResult<RecordBatch>>>;

/// The streamed tables of one run and the plans subscribed to each.
#[derive(Debug, Default)]
pub struct Hub {
    subscribers: BTreeMap<Table, Arc<Mutex<Senders>>>,
}

impl Hub {
    /// Registers each table of `files` in `ctx` as a streamed table whose
    /// batches hold the columns `keep` selects.
    pub fn register(
        ctx: &SessionContext,
        files: &[TableFile],
        keep: &(dyn Fn(Table, &str) -> bool + Sync),
    ) -> DfResult<Hub> {
        let mut hub = Hub::default();
        for tf in files {
            let subscribers = Arc::new(Mutex::new(Vec::new()));
            let table = StreamedTable {
                schema: input::kept_schema(tf.table, keep),
                subscribers: subscribers.clone(),
            };
            ctx.register_table(tf.table.name(), Arc::new(table))?;
            hub.subscribers.insert(tf.table, subscribers);
        }
        Ok(hub)
    }

    /// The scans planned so far, over every streamed table.
    pub fn planned(&self) -> usize {
        self.subscribers
            .values()
            .map(|s| s.lock().expect("subscribers").len())
            .sum()
    }

    /// Reads and checks `files` and hands every batch of valid rows to each
    /// plan that scanned its table; blocks until every record is read. When
    /// `cancelled` is set (a plan failed), reading stops. When reading fails,
    /// the plans are told so and end with an error. Either way every plan's
    /// stream ends when this returns.
    pub fn read(
        self,
        files: &[TableFile],
        keep: &(dyn Fn(Table, &str) -> bool + Sync),
        held: &Loaded,
        progress: &dyn Progress,
        cancelled: &AtomicBool,
    ) -> Result<Streamed, InputError> {
        // Taken out of the tables, so the senders are dropped (and the
        // plans' streams end) when reading is over.
        let senders: BTreeMap<Table, Senders> = self
            .subscribers
            .iter()
            .map(|(t, s)| (*t, std::mem::take(&mut *s.lock().expect("subscribers"))))
            .collect();
        let deliver = |table: Table, batch: RecordBatch| -> bool {
            for tx in senders.get(&table).into_iter().flatten() {
                // A plan that has ended (or failed) no longer listens; the others still do.
                let _ = tx.blocking_send(Ok(batch.clone()));
            }
            !cancelled.load(Ordering::Relaxed)
        };
        let streamed = input::stream(files, keep, held, progress, &deliver);
        if streamed.is_err() {
            for tx in senders.values().flatten() {
                let failed = DataFusionError::Execution("the register input could not be read".into());
                // Not waiting for room: a plan that misses this still sees its stream end.
                let _ = tx.try_send(Err(failed));
            }
        }
        streamed
    }
}

/// A streamed table as DataFusion sees it: every scan planned subscribes
/// its plan to the table's batches.
#[derive(Debug)]
struct StreamedTable {
    schema: SchemaRef,
    subscribers: Arc<Mutex<Senders>>,
}

#[async_trait]
impl TableProvider for StreamedTable {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    async fn scan(
        &self,
        _state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        limit: Option<usize>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let (tx, rx) = mpsc::channel(WAITING_BATCHES);
        self.subscribers.lock().expect("subscribers").push(tx);
        let subscription = Arc::new(Subscription {
            schema: self.schema.clone(),
            rx: Mutex::new(Some(rx)),
        });
        let exec = StreamingTableExec::try_new(self.schema.clone(), vec![subscription], projection, [], false, limit)?;
        Ok(Arc::new(exec))
    }
}

/// One plan's subscription to a streamed table: the only partition of its scan.
#[derive(Debug)]
struct Subscription {
    schema: SchemaRef,
    rx: Mutex<Option<mpsc::Receiver<DfResult<RecordBatch>>>>,
}

impl PartitionStream for Subscription {
    fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    fn execute(&self, _ctx: Arc<TaskContext>) -> SendableRecordBatchStream {
        let schema = self.schema.clone();
        let Some(rx) = self.rx.lock().expect("receiver").take() else {
            // The batches went to the first execution; a second would see none.
            let twice = DataFusionError::Internal("a streamed scan was executed twice".into());
            return Box::pin(RecordBatchStreamAdapter::new(
                schema,
                futures::stream::once(async move { Err(twice) }),
            ));
        };
        let batches = futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|b| (b, rx)) });
        Box::pin(RecordBatchStreamAdapter::new(schema, batches))
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use datafusion::datasource::MemTable;

    use super::*;
    use crate::compute::used_by_some_indicator;
    use crate::indicators;
    use crate::input::Format;

    #[tokio::test]
    async fn every_plan_scans_at_most_one_streamed_table_once() {
        let ctx = SessionContext::new();
        let (streamed, held): (Vec<Table>, Vec<Table>) = Table::ALL.into_iter().partition(|t| streams(*t));
        for t in held {
            let schema = input::kept_schema(t, &used_by_some_indicator);
            ctx.register_table(t.name(), Arc::new(MemTable::try_new(schema, vec![vec![]]).unwrap()))
                .unwrap();
        }
        let files: Vec<TableFile> = streamed
            .iter()
            .map(|t| TableFile {
                table: *t,
                path: PathBuf::from(format!("{}.parquet", t.name())),
                format: Format::Parquet,
            })
            .collect();
        let hub = Hub::register(&ctx, &files, &used_by_some_indicator).unwrap();
        let mut streaming_plans = 0;
        for ind in indicators::all() {
            let before = hub.planned();
            ctx.sql(&ind.sql()).await.unwrap().create_physical_plan().await.unwrap();
            let scans = hub.planned() - before;
            assert!(scans <= 1, "{}: {scans} streamed scans", ind.id());
            streaming_plans += scans;
        }
        // Three plans read visits or contacts: all of them stream.
        assert_eq!(streaming_plans, 3);
    }
}
