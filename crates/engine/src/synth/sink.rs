//! Writing generated batches to one table file, as Parquet or CSV.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use anyhow::Context;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::csv;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::{Compression, ZstdLevel};
use datafusion::parquet::file::metadata::KeyValue;
use datafusion::parquet::file::properties::WriterProperties;

use super::SYNTHETIC_NOTE;

/// Output format of `synth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SynthFormat {
    #[default]
    Parquet,
    Csv,
}

impl SynthFormat {
    pub fn extension(self) -> &'static str {
        match self {
            SynthFormat::Parquet => "parquet",
            SynthFormat::Csv => "csv",
        }
    }
}

/// An open table file.
pub enum Sink {
    Parquet(ArrowWriter<File>),
    Csv(csv::Writer<BufWriter<File>>),
}

impl Sink {
    /// Creates `path` for batches of `schema`. Parquet files carry a
    /// `uppsikt.synthetic` key in their metadata.
    pub fn create(path: &Path, schema: SchemaRef, format: SynthFormat) -> anyhow::Result<Sink> {
        let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(match format {
            SynthFormat::Parquet => {
                let props = WriterProperties::builder()
                    .set_compression(Compression::ZSTD(ZstdLevel::try_new(1)?))
                    .set_key_value_metadata(Some(vec![KeyValue::new(
                        "uppsikt.synthetic".to_string(),
                        SYNTHETIC_NOTE.to_string(),
                    )]))
                    .build();
                Sink::Parquet(ArrowWriter::try_new(file, schema, Some(props))?)
            }
            SynthFormat::Csv => Sink::Csv(
                csv::WriterBuilder::new()
                    .with_header(true)
                    .build(BufWriter::with_capacity(1 << 20, file)),
            ),
        })
    }

    pub fn write(&mut self, batch: &RecordBatch) -> anyhow::Result<()> {
        match self {
            Sink::Parquet(w) => w.write(batch)?,
            Sink::Csv(w) => w.write(batch)?,
        }
        Ok(())
    }

    pub fn finish(self) -> anyhow::Result<()> {
        match self {
            Sink::Parquet(w) => {
                w.close()?;
            }
            Sink::Csv(w) => {
                let mut inner = w.into_inner();
                std::io::Write::flush(&mut inner)?;
            }
        }
        Ok(())
    }
}
