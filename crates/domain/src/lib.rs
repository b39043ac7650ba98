//! Domain types and pure rules of Uppsikt.
//!
//! Nothing in this crate does I/O: it holds the vocabulary (region and
//! municipality codes, money, agreements, measures) and the arithmetic and
//! rules over it (allocation by population share, validation). Parsing
//! happens at the edges, so a [`RegionCode`] or a [`Sek`] that exists is valid.

pub mod access;
pub mod agreement;
pub mod allocation;
pub mod codes;
pub mod measure;
pub mod money;
pub mod registry;
pub mod report;
pub mod source;
pub mod survey;
pub mod validation;

pub use agreement::{Agreement, AgreementId, DevelopmentArea, Earmark};
pub use allocation::{Allocation, allocate};
pub use codes::{CodeError, MunicipalityCode, RegionCode};
pub use measure::{GrantReceived, Measure};
pub use money::Sek;
pub use registry::{Municipality, Region};
pub use source::Source;
