//! Regional reports (redovisningar / nulägesrapporter) on an agreement: the
//! answers to SKR's four questions, the measures, the review workflow, and
//! the field-by-field differences the audit trail records.

mod diff;
mod model;
pub mod workflow;

use serde::{Deserialize, Serialize};

use crate::agreement::AgreementId;
use crate::codes::RegionCode;
use crate::source::Source;
use crate::validation::{Finding, Severity};

pub use diff::{FieldChange, content_changes};
pub use model::{
    Answers, BadPeriod, BadStatus, FieldError, MeasureField, MeasureInput, MeasureStatus, Period, Question,
    ReportMeasure,
};
pub use workflow::{Action, Refusal, ReportState, Role, may_transcribe, permitted, transition};

/// What the region writes: answers and measures. Measures are numbered by
/// their position, from 1.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportContent {
    pub answers: Answers,
    pub measures: Vec<ReportMeasure>,
}

/// A region's report on an agreement, with where it stands in review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub agreement: AgreementId,
    pub region: RegionCode,
    pub state: ReportState,
    pub content: ReportContent,
    /// The latest comment from a return, unlock or fact-check reply.
    pub comment: Option<String>,
    /// The agency's text about the region, sent for fact-checking.
    pub fact_check_text: Option<String>,
    /// When the report was first submitted (ISO-8601 UTC), for timeliness.
    pub first_submitted_at: Option<String>,
    /// Increases with every change; the audit rows of a change carry the new version.
    pub version: i64,
    /// Where a report transcribed from a source text was read; `None` when entered by the region.
    pub source: Option<Source>,
}

/// The error-level findings that block submission. Submission is refused
/// while any stands; warnings are shown but do not block.
pub fn submit_blockers(findings: &[Finding]) -> Vec<&Finding> {
    findings.iter().filter(|f| f.severity == Severity::Error).collect()
}

/// Whether a submission at `submitted_at` (ISO-8601) met `deadline` (ISO date,
/// inclusive). `None` where the agreement has no deadline or nothing was submitted.
pub fn on_time(submitted_at: Option<&str>, deadline: Option<&str>) -> Option<bool> {
    let (s, d) = (submitted_at?, deadline?);
    Some(s.get(..10).unwrap_or(s) <= d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn on_time_compares_the_date_inclusive() {
        use super::on_time;
        assert_eq!(on_time(Some("2019-10-15T23:59:00Z"), Some("2019-10-15")), Some(true));
        assert_eq!(on_time(Some("2019-10-16T00:00:00Z"), Some("2019-10-15")), Some(false));
        assert_eq!(on_time(None, Some("2019-10-15")), None);
        assert_eq!(on_time(Some("2019-10-16T00:00:00Z"), None), None);
    }
}
