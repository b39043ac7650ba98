//! Additive indicators, whose numerator and denominator count records of
//! one table: each record is counted per region, sex and day as it is read.

use arrow_array::RecordBatch;

use super::Partial;
use super::counts::{DayCounts, Row};
use crate::schema::Table;

/// Counts the records of one batch that are in the denominator, and which of them are hits.
pub type CountBatch = fn(&RecordBatch, &mut DayCounts);

/// The partial result of an additive indicator.
#[derive(Debug)]
pub struct Additive {
    table: Table,
    monthly: bool,
    count: CountBatch,
    counts: DayCounts,
}

impl Additive {
    /// Counts the records of `table` with `count`; cells per month too when `monthly`.
    pub fn new(table: Table, monthly: bool, count: CountBatch) -> Self {
        Additive {
            table,
            monthly,
            count,
            counts: DayCounts::default(),
        }
    }
}

impl Partial for Additive {
    fn add(&mut self, table: Table, batch: &RecordBatch) {
        if table == self.table {
            (self.count)(batch, &mut self.counts);
        }
    }

    fn merge(&mut self, other: Box<dyn Partial>) {
        self.counts.merge(super::downcast::<Self>(other).counts);
    }

    fn finish(self: Box<Self>) -> Vec<Row> {
        self.counts.rows(self.monthly)
    }
}
