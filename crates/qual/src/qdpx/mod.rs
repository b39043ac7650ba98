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
