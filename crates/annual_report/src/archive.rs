//! Published annual reports, one per year, and the preview before publishing.
//!
//! Layout under the archive's root (the web application's `DATA_DIR/rapport`):
//!
//! ```text
//! forhandsvisning/2020/report.{html,pdf}   a preview, seen only by the agency
//! 2019/report.{html,pdf}                   published 2019, kept
//! 2020/report.{html,pdf}                   published 2020: the newest, which the start page links to
//! ```
//!
//! Publishing moves a finished preview into its year's directory with one
//! rename, so a reader never gets a half-written report, and an earlier
//! year stays available by its address.

use std::path::{Path, PathBuf};

use uppsikt_store::Store;

use crate::{Error, Result, Written, write};

/// The two formats a report is published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The self-contained HTML file.
    Html,
    /// The PDF.
    Pdf,
}

impl Format {
    /// The file name in a report directory.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Html => "report.html",
            Format::Pdf => "report.pdf",
        }
    }

    /// The MIME type.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Html => "text/html; charset=utf-8",
            Format::Pdf => "application/pdf",
        }
    }

    /// The format of an extension (`html`, `pdf`).
    pub fn of_extension(ext: &str) -> Option<Format> {
        match ext {
            "html" => Some(Format::Html),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// The archive of annual reports under one directory.
#[derive(Debug, Clone)]
pub struct Archive {
    root: PathBuf,
}

/// A year's report directory name: the year, four digits.
fn year_of(name: &str) -> Option<i32> {
    (name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()))
        .then(|| name.parse().ok())
        .flatten()
}

fn io(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        source,
    }
}

impl Archive {
    /// The archive under `root` (created when first written).
    pub fn new(root: impl Into<PathBuf>) -> Archive {
        Archive { root: root.into() }
    }

    fn preview_dir(&self, year: i32) -> PathBuf {
        self.root.join("forhandsvisning").join(year.to_string())
    }

    fn year_dir(&self, year: i32) -> PathBuf {
        self.root.join(year.to_string())
    }

    /// Writes `year`'s report as a preview, replacing an earlier preview.
    pub async fn preview(&self, store: &Store, year: i32) -> Result<Written> {
        let dir = self.preview_dir(year);
        std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
        write(store, year, &dir).await
    }

    /// The preview of `year`, if one has been written and not yet published.
    pub fn preview_file(&self, year: i32, format: Format) -> Option<PathBuf> {
        let path = self.preview_dir(year).join(format.file_name());
        path.is_file().then_some(path)
    }

    /// The years with a preview waiting, oldest first.
    pub fn previews(&self) -> Vec<i32> {
        years_in(&self.root.join("forhandsvisning"))
    }

    /// Publishes the preview of `year`: it becomes that year's report (an
    /// earlier one of the same year is replaced, e.g. a correction).
    pub fn publish(&self, year: i32) -> Result<()> {
        let from = self.preview_dir(year);
        if !from.join(Format::Html.file_name()).is_file() || !from.join(Format::Pdf.file_name()).is_file() {
            return Err(Error::NoPreview { year });
        }
        let to = self.year_dir(year);
        if to.exists() {
            // Move the old one aside first: the rename below must not meet a directory.
            let old = self.root.join(format!(".{year}-replaced"));
            let _ = std::fs::remove_dir_all(&old);
            std::fs::rename(&to, &old).map_err(|e| io(&to, e))?;
            std::fs::rename(&from, &to).map_err(|e| io(&from, e))?;
            std::fs::remove_dir_all(&old).map_err(|e| io(&old, e))?;
        } else {
            std::fs::rename(&from, &to).map_err(|e| io(&from, e))?;
        }
        Ok(())
    }

    /// Writes `year`'s report and publishes it at once (the demo, scripts).
    pub async fn write_published(&self, store: &Store, year: i32) -> Result<Written> {
        self.preview(store, year).await?;
        self.publish(year)?;
        Ok(Written {
            html: self.year_dir(year).join(Format::Html.file_name()),
            pdf: self.year_dir(year).join(Format::Pdf.file_name()),
        })
    }

    /// The years published, oldest first.
    pub fn published(&self) -> Vec<i32> {
        years_in(&self.root)
    }

    /// The year the start page links to: the newest published.
    pub fn live(&self) -> Option<i32> {
        self.published().last().copied()
    }

    /// A published year's report file.
    pub fn file(&self, year: i32, format: Format) -> Option<PathBuf> {
        let path = self.year_dir(year).join(format.file_name());
        path.is_file().then_some(path)
    }

    /// When a published year's report was written, as `YYYY-MM-DD HH:MM UTC`.
    pub fn published_at(&self, year: i32) -> Option<String> {
        let t = std::fs::metadata(self.file(year, Format::Html)?)
            .ok()?
            .modified()
            .ok()?;
        let t: chrono::DateTime<chrono::Utc> = t.into();
        Some(t.format("%Y-%m-%d %H:%M UTC").to_string())
    }
}

/// The four-digit directories in `dir` holding a report, in order.
fn years_in(dir: &Path) -> Vec<i32> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut years: Vec<i32> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join(Format::Html.file_name()).is_file())
        .filter_map(|e| year_of(&e.file_name().to_string_lossy()))
        .collect();
    years.sort_unstable();
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_preview(a: &Archive, year: i32, text: &str) {
        let dir = a.preview_dir(year);
        std::fs::create_dir_all(&dir).unwrap();
        for f in [Format::Html, Format::Pdf] {
            std::fs::write(dir.join(f.file_name()), text).unwrap();
        }
    }

    #[test]
    fn publishing_moves_the_preview_keeps_earlier_years_and_sets_the_live_one() {
        let dir = tempfile::tempdir().unwrap();
        let a = Archive::new(dir.path());
        assert_eq!((a.live(), a.published()), (None, vec![]));
        assert!(matches!(a.publish(2019), Err(Error::NoPreview { year: 2019 })));
        fake_preview(&a, 2019, "a");
        a.publish(2019).unwrap();
        fake_preview(&a, 2020, "b");
        assert_eq!(a.previews(), [2020]);
        assert_eq!(a.live(), Some(2019), "a preview is not live");
        a.publish(2020).unwrap();
        assert_eq!(
            (a.live(), a.published(), a.previews()),
            (Some(2020), vec![2019, 2020], vec![])
        );
        fake_preview(&a, 2019, "c");
        a.publish(2019).unwrap();
        assert_eq!(
            a.live(),
            Some(2020),
            "a correction to an earlier year leaves the newest live"
        );
        let html = std::fs::read_to_string(a.file(2019, Format::Html).unwrap()).unwrap();
        assert_eq!(html, "c");
        assert_eq!(
            std::fs::read_to_string(a.file(2020, Format::Html).unwrap()).unwrap(),
            "b"
        );
        assert!(a.file(2018, Format::Pdf).is_none());
    }
}
