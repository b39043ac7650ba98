//! The report as a document model: sections of headings, paragraphs, tables
//! and figures, numbered once. The HTML and Typst writers only lay it out, so
//! both outputs always carry the same numbers, texts and sources.

use serde::Serialize;

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// The report's title.
    pub title: String,
    /// The line under the title on the title page.
    pub subtitle: String,
    /// The report year, e.g. `2020`.
    pub year: i32,
    /// Publisher line on the title page.
    pub publisher: String,
    /// What the data is and where it comes from, printed on the title page's back.
    pub colophon: Vec<String>,
    /// The chapters, then the appendices, in order.
    pub sections: Vec<Section>,
}

/// A chapter, or an appendix (bilaga) when `appendix` is set.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Anchor id, e.g. `webbtidbok`.
    pub id: String,
    /// The heading of the chapter or appendix.
    pub title: String,
    /// Whether it is an appendix (bilaga) rather than a chapter.
    pub appendix: bool,
    /// Its content, in order.
    pub blocks: Vec<Block>,
}

/// One piece of a section.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A sub-heading within the section.
    Heading {
        /// The heading's text.
        text: String,
    },
    /// A paragraph of running text.
    Paragraph {
        /// The paragraph's text.
        text: String,
    },
    /// A short bold lead-in for what follows, e.g. `Strategi (2019)`.
    Label {
        /// The lead-in's text.
        text: String,
    },
    /// A bulleted list.
    Bullets {
        /// The list's items, in order.
        items: Vec<String>,
    },
    /// Label–value pairs set as a compact box (key figures, region facts).
    Facts {
        /// The pairs, in order.
        items: Vec<Fact>,
    },
    /// A numbered table.
    Table(Table),
    /// A numbered figure.
    Figure(Figure),
    /// Explanatory small print, e.g. why a value is suppressed.
    Note {
        /// The note's text.
        text: String,
    },
}

/// A label and its value, e.g. `Folkmängd` – `2 377 081`.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    /// What the value is, e.g. `Folkmängd`.
    pub label: String,
    /// The value as printed, e.g. `2 377 081`.
    pub value: String,
}

/// A numbered table with its source (`Källa:`) underneath.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// `Tabell 3`, or `None` for small unnumbered tables in the appendix.
    pub number: Option<String>,
    /// The table's title.
    pub title: String,
    /// The line under the title saying what the table shows.
    pub caption: Option<String>,
    /// The column headings.
    pub head: Vec<String>,
    /// Which columns hold numbers (right-aligned).
    pub numeric: Vec<bool>,
    /// The body rows, one cell per column.
    pub rows: Vec<Vec<Cell>>,
    /// A last row in bold, e.g. `Riket`.
    pub total: Option<Vec<Cell>>,
    /// Where the data comes from, printed after `Källa:`.
    pub source: String,
    /// Explanatory notes printed under the source.
    pub notes: Vec<String>,
    /// Relative column widths for the PDF (in `fr`); empty = automatic.
    pub widths: Vec<u32>,
}

/// One table cell.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Cell {
    /// The text as printed.
    pub text: String,
    /// The value is withheld (disclosure control); `text` is `–`.
    pub suppressed: bool,
}

/// The mark printed instead of a suppressed value.
pub const SUPPRESSED: &str = "–";

impl Cell {
    /// A cell that prints `s`.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            suppressed: false,
        }
    }

    /// A withheld value: prints as `–`, and the value itself never reaches the report.
    pub fn suppressed() -> Cell {
        Cell {
            text: SUPPRESSED.into(),
            suppressed: true,
        }
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::text(s)
    }
}

/// A numbered figure: an SVG drawn server-side, with a text alternative.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// `Figur N`.
    pub number: String,
    /// The figure's title.
    pub title: String,
    /// The line under the title saying what the figure shows.
    pub caption: Option<String>,
    /// Self-contained SVG markup (all text inside escaped).
    pub svg: String,
    /// Width in the PDF as a fraction of the text width.
    pub pdf_width: f64,
    /// What the figure shows, in words, for screen readers and the PDF's alt text.
    pub alt: String,
    /// Where the data comes from, printed after `Källa:`.
    pub source: String,
    /// Explanatory notes printed under the source.
    pub notes: Vec<String>,
}

/// Hands out table and figure numbers in document order.
#[derive(Debug, Default)]
pub struct Numbering {
    tables: u32,
    figures: u32,
}

impl Numbering {
    /// The next `Tabell N`.
    pub fn table(&mut self) -> String {
        self.tables += 1;
        format!("Tabell {}", self.tables)
    }

    /// The next `Figur N`.
    pub fn figure(&mut self) -> String {
        self.figures += 1;
        format!("Figur {}", self.figures)
    }
}
