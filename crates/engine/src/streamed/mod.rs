//! Indicators computed as the records stream in: each reading thread folds
//! every valid batch into a small partial result per indicator (counts per
//! region, sex and day; a patient's physicians; the stays), the threads'
//! partial results are merged, and each gives its rows. No table is held:
//! memory grows with what an indicator must keep, not with the records.
//!
//! An indicator takes this path when it has a streamed form
//! ([`crate::indicators::Indicator::streamed`]); its SQL stays the
//! definition, run on Ballista and by the test that holds the two to the
//! same cells (`tests/streamed.rs`). An indicator with SQL only runs locally
//! on the tables it needs, held in memory.

pub mod additive;
pub mod avoidable;
pub mod codes;
pub mod continuity;
pub mod counts;
pub mod interner;
pub mod readmission;

use std::any::Any;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Int64Type};
use arrow_array::{ArrayRef, BooleanArray, Date32Array, Int64Array, RecordBatch, StringArray};

pub use counts::{DayCounts, Row};

use crate::input::Collector;
use crate::schema::Table;

/// One reading thread's partial result of an indicator.
pub trait Partial: Any + Send {
    /// Folds in one batch of valid records of `table` (every table is
    /// offered; an indicator ignores those it does not read).
    fn add(&mut self, table: Table, batch: &RecordBatch);
    /// Adds another thread's partial result of the same indicator.
    fn merge(&mut self, other: Box<dyn Partial>);
    /// The indicator's rows.
    fn finish(self: Box<Self>) -> Vec<Row>;
}

/// Another thread's partial result as the concrete type of this one's.
fn downcast<T: Partial>(other: Box<dyn Partial>) -> Box<T> {
    let other: Box<dyn Any> = other;
    other
        .downcast::<T>()
        .unwrap_or_else(|_| panic!("partial results of different indicators merged"))
}

/// A column the indicator's SQL names, hence kept by the reader.
fn column<'a>(b: &'a RecordBatch, name: &str) -> &'a ArrayRef {
    b.column_by_name(name)
        .unwrap_or_else(|| panic!("column {name} is read by the indicator but was not kept"))
}

/// A text column of a valid batch (a code column: [`codes::places`]).
pub fn text<'a>(b: &'a RecordBatch, name: &str) -> &'a StringArray {
    column(b, name).as_string::<i32>()
}

/// A date column of a valid batch, as days since 1970-01-01.
pub fn dates<'a>(b: &'a RecordBatch, name: &str) -> &'a Date32Array {
    column(b, name).as_primitive::<Date32Type>()
}

/// A whole-number column of a valid batch.
pub fn ints<'a>(b: &'a RecordBatch, name: &str) -> &'a Int64Array {
    column(b, name).as_primitive::<Int64Type>()
}

/// A yes/no column of a valid batch.
pub fn flags<'a>(b: &'a RecordBatch, name: &str) -> &'a BooleanArray {
    column(b, name).as_boolean()
}

/// Runs `f` on every item, the items spread over one thread per core;
/// the results come back in the items' order.
pub fn on_every_core<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(items.len())
        .max(1);
    let mut shares: Vec<Vec<(usize, T)>> = (0..threads).map(|_| Vec::new()).collect();
    for (i, item) in items.into_iter().enumerate() {
        shares[i % threads].push((i, item));
    }
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> = shares
            .into_iter()
            .map(|share| s.spawn(move || share.into_iter().map(|(i, t)| (i, f(t))).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// What one reading thread gathers: a partial result per streamed
/// indicator, and the batches of the tables that indicators with SQL only read.
pub struct Gathered {
    /// Per indicator asked for, its partial result (`None`: not streamed).
    pub partials: Vec<Option<Box<dyn Partial>>>,
    /// The tables to hold.
    pub hold: Vec<Table>,
    /// The held batches with their table and piece.
    pub held: Vec<(Table, usize, RecordBatch)>,
}

impl Collector for Gathered {
    fn collect(&mut self, table: Table, piece: usize, batch: RecordBatch) {
        for p in self.partials.iter_mut().flatten() {
            p.add(table, &batch);
        }
        if self.hold.contains(&table) {
            // Held tables go to SQL, in the contract's types.
            self.held.push((table, piece, crate::input::plain(batch)));
        }
    }
}

/// The rows of each indicator asked for from every thread's partial
/// results (`None` for one not streamed). Each indicator is merged and
/// finished on a thread of its own, so a small one's finish runs beside a
/// large one's instead of after it.
pub fn finish(gathered: &mut [Gathered]) -> Vec<Option<Vec<Row>>> {
    let count = gathered.first().map_or(0, |g| g.partials.len());
    let parts: Vec<Vec<Box<dyn Partial>>> = (0..count)
        .map(|i| gathered.iter_mut().filter_map(|g| g.partials[i].take()).collect())
        .collect();
    std::thread::scope(|s| {
        let running: Vec<_> = parts
            .into_iter()
            .map(|parts| {
                s.spawn(move || {
                    let mut parts = parts.into_iter();
                    let mut first = parts.next()?;
                    for other in parts {
                        first.merge(other);
                    }
                    Some(first.finish())
                })
            })
            .collect();
        running
            .into_iter()
            .map(|r| r.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}
