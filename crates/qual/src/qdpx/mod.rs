//! Exchange with QDA software (NVivo, ATLAS.ti, MAXQDA, QualCoder) as a
//! REFI-QDA project: a zip of `project.qde` (namespace
//! `urn:QDA-XML:project:1.0`) and the texts as `sources/GUID.txt`.
//!
//! How Uppsikt's data map onto the format, so that export → import → export
//! gives the same codebook, documents and codings:
//! - a document is a `TextSource` named by its doc_id, its title as the
//!   `Description`, its metadata as `VariableValue`s of the `Text` variables
//!   `region`, `municipality`, `kind`, `agreement`, `date` and `participants`;
//!   each region is a `Case` named by its county code;
//! - a code is a `Code` named by its code_id, its `Description` the code's
//!   name on the first line and its description after it; colour and
//!   hierarchy as the format has them;
//! - a coding is a `PlainTextSelection` (its memo as `Description`) holding
//!   one `Coding` with a `CodeRef`; coders are `User`s.
//!
//! GUIDs are UUIDv5 of what they name, so the same data always export with
//! the same GUIDs. Projects written by other software are read by the
//! format's general rules (see [`import`]).

mod export;
mod import;

pub use export::export;
pub use import::{QdpxError, import};

/// The project file inside the archive.
pub const PROJECT_FILE: &str = "project.qde";
/// The namespace of REFI-QDA Project 1.0.
pub const NAMESPACE: &str = "urn:QDA-XML:project:1.0";
/// The text variables a document carries.
pub const VARIABLES: [&str; 6] = ["region", "municipality", "kind", "agreement", "date", "participants"];
/// The `origin` of projects Uppsikt writes; import reads code names from descriptions only in these.
pub const ORIGIN: &str = "Uppsikt";

/// A code's `Description` in Uppsikt's projects: its name on the first line,
/// then its description, then its linked indicators on a last line
/// `[Indikatorer: a;b]` (the format has no place of its own for them).
pub fn code_description(c: &uppsikt_domain::qual::Code) -> String {
    let mut s = c.name.clone();
    if !c.description.is_empty() {
        s.push('\n');
        s.push_str(&c.description);
    }
    if !c.indicators.is_empty() {
        s.push_str(&format!(
            "\n[{}: {}]",
            uppsikt_domain::tr!(qual.qdpx_indicators),
            c.indicators.join(";")
        ));
    }
    s
}

/// The name, description and indicators of a [`code_description`].
pub fn parse_code_description(text: &str, fallback_name: &str) -> (String, String, Vec<String>) {
    let mut lines: Vec<&str> = text.split('\n').collect();
    let prefix = format!("[{}: ", uppsikt_domain::tr!(qual.qdpx_indicators));
    let mut indicators = Vec::new();
    if let Some(last) = lines.last()
        && let Some(list) = last.strip_prefix(&prefix).and_then(|l| l.strip_suffix(']'))
    {
        indicators = list.split(';').filter(|s| !s.is_empty()).map(str::to_string).collect();
        lines.pop();
    }
    let name = lines
        .first()
        .copied()
        .filter(|n| !n.is_empty())
        .unwrap_or(fallback_name)
        .to_string();
    let description = lines.get(1..).map(|l| l.join("\n")).unwrap_or_default();
    (name, description, indicators)
}
