//! The annual follow-up report (issue 6): HTML and PDF from the store.
//!
//! Flow: [`assemble`] reads the store into a plain [`ReportData`] (the only
//! database access); [`sections::build`] turns it into a [`Document`] of
//! numbered tables and figures (charts and the county map drawn as SVG here);
//! [`html::render`] and [`pdf::render`] lay the same document out as one
//! self-contained HTML file and as a Typst-typeset PDF.

pub mod archive;
pub mod assemble;
mod assemble_indicators;
mod assemble_quantities;
mod assemble_themes;
pub mod chart;
pub mod data;
pub mod doc;
pub mod html;
pub mod map;
pub mod pdf;
pub mod sections;

use std::path::{Path, PathBuf};

use uppsikt_domain::tr;
use uppsikt_store::Store;

pub use assemble::assemble;
pub use data::ReportData;
pub use doc::Document;

/// Why the report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] uppsikt_store::Error),
    /// The store holds no regions: nothing has been loaded.
    #[error("{}", tr!(annual_report.no_regions))]
    NoRegions,
    /// Typst could not lay out the PDF.
    #[error("{}", tr!(annual_report.pdf_failed, error = .0))]
    Pdf(String),
    /// Publishing a year whose preview has not been written.
    #[error("{}", tr!(annual_report.no_preview, year = .year))]
    NoPreview {
        /// The year asked for.
        year: i32,
    },
    /// A file could not be written.
    #[error("{}", tr!(annual_report.io, path = .path, error = .source))]
    Io {
        /// The file.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// The report crate's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The two files written by [`write`].
#[derive(Debug, Clone)]
pub struct Written {
    /// The self-contained HTML file.
    pub html: PathBuf,
    /// The PDF.
    pub pdf: PathBuf,
}

/// The rendered report.
pub struct Rendered {
    /// The self-contained HTML.
    pub html: String,
    /// The PDF's bytes.
    pub pdf: Vec<u8>,
}

/// Renders the report for `data` as HTML and PDF. Typesetting the PDF takes
/// a while of CPU: async callers run this on a blocking thread.
pub fn render(data: &ReportData) -> Result<Rendered> {
    let doc = sections::build(data);
    Ok(Rendered {
        html: html::render(&doc),
        pdf: pdf::render(&doc)?,
    })
}

/// Reads the store and writes `report.html` and `report.pdf` for `year` into
/// `out`, each atomically. The rendering runs on a blocking thread, so the
/// async workers (the web server's) stay free.
pub async fn write(store: &Store, year: i32, out: &Path) -> Result<Written> {
    let data = assemble(store, year).await?;
    let rendered = tokio::task::spawn_blocking(move || render(&data))
        .await
        .map_err(|e| Error::Pdf(e.to_string()))??;
    let written = Written {
        html: out.join("report.html"),
        pdf: out.join("report.pdf"),
    };
    for (path, bytes) in [
        (&written.html, rendered.html.as_bytes()),
        (&written.pdf, &rendered.pdf[..]),
    ] {
        uppsikt_files::write(path, bytes).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
    }
    Ok(written)
}
