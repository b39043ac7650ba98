//! Writing generated batches to one table file, as Parquet or CSV.

use std::io::BufWriter;
use std::path::{Path, PathBuf};

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::csv;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::{Compression, ZstdLevel};
use datafusion::parquet::file::metadata::KeyValue;
use datafusion::parquet::file::properties::WriterProperties;

use uppsikt_files::AtomicFile;

use super::SYNTHETIC_NOTE;
use crate::{Error, Result};

/// Output format of `synth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SynthFormat {
    /// Parquet, zstd-compressed.
    #[default]
    Parquet,
    /// CSV with a header row.
    Csv,
}

impl SynthFormat {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            SynthFormat::Parquet => "parquet",
            SynthFormat::Csv => "csv",
        }
    }
}

/// An open table file; it appears at its path only when finished.
pub struct Sink {
    path: PathBuf,
    writer: Writer,
}

enum Writer {
    Parquet(ArrowWriter<AtomicFile>),
    Csv(csv::Writer<BufWriter<AtomicFile>>),
}

impl Sink {
    /// Creates `path` for batches of `schema`. Parquet files carry a
    /// `uppsikt.synthetic` key in their metadata.
    pub fn create(path: &Path, schema: SchemaRef, format: SynthFormat) -> Result<Sink> {
        let file = AtomicFile::create(path).map_err(|e| Error::io(path, e))?;
        let writer = match format {
            SynthFormat::Parquet => {
                let props = WriterProperties::builder()
                    .set_compression(Compression::ZSTD(ZstdLevel::try_new(1)?))
                    .set_key_value_metadata(Some(vec![KeyValue::new(
                        "uppsikt.synthetic".to_string(),
                        SYNTHETIC_NOTE.to_string(),
                    )]))
                    .build();
                Writer::Parquet(ArrowWriter::try_new(file, schema, Some(props))?)
            }
            SynthFormat::Csv => Writer::Csv(
                csv::WriterBuilder::new()
                    .with_header(true)
                    .build(BufWriter::with_capacity(1 << 20, file)),
            ),
        };
        Ok(Sink {
            path: path.to_path_buf(),
            writer,
        })
    }

    /// Appends a batch.
    pub fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        match &mut self.writer {
            Writer::Parquet(w) => w.write(batch)?,
            Writer::Csv(w) => w.write(batch)?,
        }
        Ok(())
    }

    /// Finishes the file and moves it into place.
    pub fn finish(self) -> Result<()> {
        let file = match self.writer {
            Writer::Parquet(w) => w.into_inner()?,
            Writer::Csv(w) => w
                .into_inner()
                .into_inner()
                .map_err(|e| Error::io(&self.path, e.into_error()))?,
        };
        file.commit().map_err(|e| Error::io(&self.path, e))
    }
}
