//! The PDF writer: the document is handed to Typst as JSON and typeset by
//! `report.typ` in-process, with DejaVu Sans embedded (see `fonts/`). Nothing
//! is read from disk or the network, and no date from the clock enters the
//! PDF, so the same document gives the same bytes.

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::doc::Document;

const TEMPLATE: &str = include_str!("report.typ");
const DATA_FILE: &str = "report.json";

static FONT_FILES: [&[u8]; 3] = [
    include_bytes!("../fonts/DejaVuSans.ttf"),
    include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../fonts/DejaVuSans-Oblique.ttf"),
];

fn fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS: OnceLock<(LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|b| Font::iter(Bytes::new(*b))).collect();
        (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

fn file_id(path: &str) -> FileId {
    FileId::new(RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("constant paths are valid"),
    ))
}

/// The Typst world of one report: the template, the data and the fonts.
struct ReportWorld {
    main: Source,
    data: Bytes,
    data_id: FileId,
    today: Option<Datetime>,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.get().vpath().get_without_slash().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(FileError::NotFound(id.get().vpath().get_without_slash().into()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().1.get(index).cloned()
    }

    /// The report's own date (31 December of its year), never the clock.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

fn describe(diags: &[SourceDiagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            let hints: Vec<&str> = d.hints.iter().map(|h| h.v.as_str()).collect();
            if hints.is_empty() {
                d.message.to_string()
            } else {
                format!("{} (hint: {})", d.message, hints.join("; "))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Typesets the document into PDF bytes.
pub fn render(doc: &Document) -> crate::Result<Vec<u8>> {
    // A document of plain data always serialises.
    let json = serde_json::to_vec(doc).expect("the document serialises");
    let world = ReportWorld {
        main: Source::new(file_id("main.typ"), TEMPLATE.to_string()),
        data: Bytes::new(json),
        data_id: file_id(DATA_FILE),
        today: Datetime::from_ymd(doc.year, 12, 31),
    };
    let compiled = typst::compile::<PagedDocument>(&world);
    let paged = compiled.output.map_err(|e| crate::Error::Pdf(describe(&e)))?;
    let options = PdfOptions {
        ident: Smart::Custom(format!("uppsikt-rapport-{}", doc.year)),
        timestamp: None,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&paged, &options).map_err(|e| crate::Error::Pdf(describe(&e)))
}
