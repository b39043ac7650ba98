//! Domain types and pure rules of Uppsikt.
//!
//! Nothing in this crate does I/O: it holds the vocabulary (region and
//! municipality codes, money, agreements, measures, reports, roles,
//! indicators), the rules over it (allocation by population share,
//! validation, the review workflow, survey logic), the message catalogue
//! every user-facing text comes from ([`i18n`], [`tr!`]) and the one Swedish
//! number format ([`format`]). Parsing happens at the edges, so a
//! [`RegionCode`] or a [`Sek`] that exists is valid.

pub mod access;
pub mod agreement;
pub mod allocation;
pub mod codes;
pub mod format;
pub mod grant;
pub mod i18n;
pub mod indicator;
pub mod measure;
pub mod money;
pub mod problem;
pub mod qual;
pub mod registry;
pub mod report;
pub mod source;
pub mod survey;
pub mod validation;

pub use access::{Actor, Role};
pub use agreement::{Agreement, AgreementId, DevelopmentArea, Earmark};
pub use allocation::{Allocation, allocate};
pub use codes::{CodeError, MunicipalityCode, RegionCode};
pub use grant::GrantReceived;
pub use indicator::IndicatorDef;
pub use measure::{Measure, MeasureInput, MeasureStatus};
pub use money::Sek;
pub use problem::{InputProblem, InputProblems, Place};
pub use registry::{Municipality, Region};
pub use source::Source;
