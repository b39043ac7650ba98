//! The annual follow-up report (issue 6): HTML and PDF from the store.
//!
//! Flow: [`assemble`] reads the store into a plain [`ReportData`] (the only
//! database access); [`sections::build`] turns it into a [`Document`] of
//! numbered tables and figures (charts and the county map drawn as SVG here);
//! [`html::render`] and [`pdf::render`] lay the same document out as one
//! self-contained HTML file and as a Typst-typeset PDF.

pub mod assemble;
pub mod chart;
pub mod data;
pub mod doc;
pub mod fmt;
pub mod html;
pub mod indicator_names;
pub mod map;
pub mod pdf;
pub mod sections;

use std::path::{Path, PathBuf};

use anyhow::Context;
use uppsikt_store::Store;

pub use assemble::assemble;
pub use data::ReportData;
pub use doc::Document;

/// The two files written by [`write`].
#[derive(Debug, Clone)]
pub struct Written {
    pub html: PathBuf,
    pub pdf: PathBuf,
}

/// The rendered report.
pub struct Rendered {
    pub html: String,
    pub pdf: Vec<u8>,
}

/// Renders the report for `data` as HTML and PDF.
pub fn render(data: &ReportData) -> anyhow::Result<Rendered> {
    let doc = sections::build(data);
    Ok(Rendered {
        html: html::render(&doc),
        pdf: pdf::render(&doc)?,
    })
}

/// Reads the store and writes `report.html` and `report.pdf` for `year` into `out`.
pub async fn write(store: &Store, year: i32, out: &Path) -> anyhow::Result<Written> {
    let data = assemble(store, year).await?;
    let rendered = render(&data)?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create directory {}", out.display()))?;
    let written = Written {
        html: out.join("report.html"),
        pdf: out.join("report.pdf"),
    };
    std::fs::write(&written.html, rendered.html).with_context(|| format!("cannot write {}", written.html.display()))?;
    std::fs::write(&written.pdf, rendered.pdf).with_context(|| format!("cannot write {}", written.pdf.display()))?;
    Ok(written)
}
