//! Column builders for the generated tables, flushed to a [`Sink`] in batches.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, BooleanBuilder, Date32Builder, Int64Builder, RecordBatch, StringBuilder};

use super::sink::Sink;
use crate::Result;
use crate::schema::Table;

/// Rows per written batch.
const FLUSH_ROWS: usize = 64 * 1024;

/// One column under construction.
pub enum Col {
    Text(StringBuilder),
    Int(Int64Builder),
    Date(Date32Builder),
    Bool(BooleanBuilder),
}

/// A table's rows under construction and where they go.
pub struct TableOut {
    pub table: Table,
    cols: Vec<Col>,
    rows: usize,
    pub written: u64,
    sink: Sink,
}

/// A value for one column of a row.
pub enum V<'a> {
    S(&'a str),
    Null,
    I(i64),
    D(i32),
    B(bool),
}

impl TableOut {
    pub fn new(table: Table, mut sink: Sink) -> Result<TableOut> {
        let empty = RecordBatch::new_empty(table.schema());
        // Writes the CSV header even if the table stays empty.
        sink.write(&empty)?;
        Ok(TableOut {
            table,
            cols: new_cols(table),
            rows: 0,
            written: 0,
            sink,
        })
    }

    /// Appends one row, values in contract column order.
    pub fn push(&mut self, values: &[V<'_>]) -> Result<()> {
        for (c, v) in self.cols.iter_mut().zip(values) {
            match (c, v) {
                (Col::Text(b), V::S(s)) => b.append_value(s),
                (Col::Text(b), V::Null) => b.append_null(),
                (Col::Int(b), V::I(i)) => b.append_value(*i),
                (Col::Date(b), V::D(d)) => b.append_value(*d),
                (Col::Date(b), V::Null) => b.append_null(),
                (Col::Bool(b), V::B(x)) => b.append_value(*x),
                // The generator and the contract's types are written together.
                _ => unreachable!("a generated value of the wrong type for {}", self.table.name()),
            }
        }
        self.rows += 1;
        if self.rows >= FLUSH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self
            .cols
            .iter_mut()
            .map(|c| -> ArrayRef {
                match c {
                    Col::Text(b) => Arc::new(b.finish()),
                    Col::Int(b) => Arc::new(b.finish()),
                    Col::Date(b) => Arc::new(b.finish()),
                    Col::Bool(b) => Arc::new(b.finish()),
                }
            })
            .collect();
        let batch = RecordBatch::try_new(self.table.schema(), arrays)?;
        self.sink.write(&batch)?;
        self.written += self.rows as u64;
        self.rows = 0;
        Ok(())
    }

    /// Writes what is left and closes the file; returns the row count.
    pub fn finish(mut self) -> Result<u64> {
        self.flush()?;
        self.sink.finish()?;
        Ok(self.written)
    }
}

fn new_cols(table: Table) -> Vec<Col> {
    use datafusion::arrow::datatypes::DataType;
    table
        .schema()
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Utf8 => Col::Text(StringBuilder::new()),
            DataType::Int64 => Col::Int(Int64Builder::new()),
            DataType::Date32 => Col::Date(Date32Builder::new()),
            DataType::Boolean => Col::Bool(BooleanBuilder::new()),
            t => unreachable!("no contract column has type {t}"),
        })
        .collect()
}
