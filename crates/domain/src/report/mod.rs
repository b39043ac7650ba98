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

pub use diff::{FieldChange, MEASURE_ADDED, MEASURE_REMOVED, content_changes, field_label_sv, value_label_sv};
pub use model::{Answers, MAX_ANSWER_CHARS, Question};
pub use workflow::{
    Action, ActionKind, Refusal, ReportState, TextRule, UnknownAction, UnknownState, permitted, transition,
};

use crate::measure::Measure;

/// What the region writes: answers and measures. Measures are numbered by
/// their position, from 1.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportContent {
    /// The answers to the four questions.
    pub answers: Answers,
    /// The measures, numbered by position from 1.
    pub measures: Vec<Measure>,
}

impl ReportContent {
    /// Removes measure `n` (from 1). Itemisations of it lose their link, and
    /// links to measures after it follow them down by one. `false` when there
    /// is no measure `n`.
    pub fn remove_measure(&mut self, n: usize) -> bool {
        if n == 0 || n > self.measures.len() {
            return false;
        }
        self.measures.remove(n - 1);
        let removed = n as i32;
        for m in &mut self.measures {
            m.part_of = match m.part_of {
                Some(x) if x == removed => None,
                Some(x) if x > removed => Some(x - 1),
                other => other,
            };
        }
        true
    }

    /// Replaces measure `n` (from 1) with `m`, keeping what the input cannot
    /// change: its earmark, its link to a total and its source. `false` when
    /// there is no measure `n`.
    pub fn replace_measure(&mut self, n: usize, mut m: Measure) -> bool {
        let Some(old) = n.checked_sub(1).and_then(|i| self.measures.get_mut(i)) else {
            return false;
        };
        m.earmark = old.earmark.take();
        m.part_of = old.part_of;
        m.source = old.source.take();
        *old = m;
        true
    }
}

/// A region's report on an agreement, with where it stands in review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The agreement reported on.
    pub agreement: AgreementId,
    /// The reporting region.
    pub region: RegionCode,
    /// Where it is in review.
    pub state: ReportState,
    /// What the region wrote.
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
    use super::*;
    use crate::money::Sek;

    fn m(title: &str, part_of: Option<i32>) -> Measure {
        Measure::bare(title, Some(Sek(1)), part_of)
    }

    #[test]
    fn removing_a_measure_renumbers_the_links_to_totals() {
        let mut c = ReportContent {
            answers: Answers::default(),
            measures: vec![m("a", None), m("b", None), m("b1", Some(2)), m("a1", Some(1))],
        };
        assert!(!c.remove_measure(0) && !c.remove_measure(5));
        assert!(c.remove_measure(1));
        let links: Vec<_> = c.measures.iter().map(|x| (x.title.as_str(), x.part_of)).collect();
        assert_eq!(links, [("b", None), ("b1", Some(1)), ("a1", None)]);
        assert!(c.replace_measure(2, m("b1 ny", None)));
        assert_eq!(c.measures[1].part_of, Some(1), "the link to a total is kept");
    }

    #[test]
    fn on_time_compares_the_date_inclusive() {
        use super::on_time;
        assert_eq!(on_time(Some("2019-10-15T23:59:00Z"), Some("2019-10-15")), Some(true));
        assert_eq!(on_time(Some("2019-10-16T00:00:00Z"), Some("2019-10-15")), Some(false));
        assert_eq!(on_time(None, Some("2019-10-15")), None);
        assert_eq!(on_time(Some("2019-10-16T00:00:00Z"), None), None);
    }
}
