//! Regional reports (redovisningar / nulägesrapporter) on an agreement: the
//! answers to SKR's four questions, the measures, the review workflow, and
//! the field-by-field differences the audit trail records.

mod diff;
mod model;
pub mod workflow;

use std::collections::HashSet;

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

/// What the region writes: answers and measures. Each stored measure has a
/// number of its own ([`Measure::number`]), never changed or reused, by which
/// pages and API clients address it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportContent {
    /// The answers to the four questions.
    pub answers: Answers,
    /// The measures, in the order the report lists them (by number once stored).
    pub measures: Vec<Measure>,
}

impl ReportContent {
    /// The measure numbered `number`.
    pub fn measure(&self, number: i32) -> Option<&Measure> {
        self.measures.iter().find(|m| m.number == Some(number))
    }

    /// Removes the measure numbered `number`. Itemisations of it lose their
    /// link; no other measure's number changes. `false` when there is none.
    pub fn remove_measure(&mut self, number: i32) -> bool {
        let Some(i) = self.measures.iter().position(|m| m.number == Some(number)) else {
            return false;
        };
        self.measures.remove(i);
        for m in &mut self.measures {
            if m.part_of == Some(number) {
                m.part_of = None;
            }
        }
        true
    }

    /// Replaces the measure numbered `number` with `m`, keeping what the input
    /// cannot change: its number, its earmark, its link to a total and its
    /// source. `false` when there is none.
    pub fn replace_measure(&mut self, number: i32, mut m: Measure) -> bool {
        let Some(old) = self.measures.iter_mut().find(|x| x.number == Some(number)) else {
            return false;
        };
        m.number = old.number;
        m.earmark = old.earmark.take();
        m.part_of = old.part_of;
        m.source = old.source.take();
        *old = m;
        true
    }

    /// Numbers the measures that have no number yet, in order, from `next` up.
    pub fn number_new_measures(&mut self, next: i32) {
        for (n, m) in (next..).zip(self.measures.iter_mut().filter(|m| m.number.is_none())) {
            m.number = Some(n);
        }
    }

    /// Gives each measure without a number the number of `stored`'s measure
    /// in the same place: a file (template or CSV) lists the whole report in
    /// order and carries no numbers, so its n-th row is taken to be the
    /// report's n-th measure. Rows beyond the stored measures stay new.
    pub fn number_by_position(&mut self, stored: &ReportContent) {
        for (m, old) in self.measures.iter_mut().zip(&stored.measures) {
            if m.number.is_none() {
                m.number = old.number;
            }
        }
    }

    /// The first number in the content that is given twice, or that `stored`
    /// has no measure for (a measure removed meanwhile, or never there).
    pub fn unknown_or_repeated_number(&self, stored: Option<&ReportContent>) -> Option<NumberProblem> {
        let known: HashSet<i32> = stored
            .into_iter()
            .flat_map(|s| &s.measures)
            .filter_map(|m| m.number)
            .collect();
        let mut seen = HashSet::new();
        for n in self.measures.iter().filter_map(|m| m.number) {
            if !seen.insert(n) {
                return Some(NumberProblem::Repeated(n));
            }
            if !known.contains(&n) {
                return Some(NumberProblem::Unknown(n));
            }
        }
        None
    }
}

/// What is wrong with the measure numbers of new content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NumberProblem {
    /// The report has no measure with this number.
    #[error("{}", crate::tr!(measure.unknown_number, number = .0))]
    Unknown(i32),
    /// Two measures carry this number.
    #[error("{}", crate::tr!(measure.repeated_number, number = .0))]
    Repeated(i32),
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

    fn numbered(measures: Vec<Measure>) -> ReportContent {
        let mut c = ReportContent {
            answers: Answers::default(),
            measures,
        };
        c.number_new_measures(1);
        c
    }

    #[test]
    fn removing_a_measure_changes_no_other_number_and_unlinks_its_itemisations() {
        let mut c = numbered(vec![m("a", None), m("b", None), m("b1", Some(2)), m("a1", Some(1))]);
        assert!(!c.remove_measure(0) && !c.remove_measure(5));
        assert!(c.remove_measure(1));
        let links: Vec<_> = c
            .measures
            .iter()
            .map(|x| (x.number.unwrap(), x.title.as_str(), x.part_of))
            .collect();
        assert_eq!(links, [(2, "b", None), (3, "b1", Some(2)), (4, "a1", None)]);
        assert!(!c.remove_measure(1), "a removed number is gone");
        assert!(c.replace_measure(3, m("b1 ny", None)));
        let b1 = c.measure(3).unwrap();
        assert_eq!(
            (b1.title.as_str(), b1.part_of),
            ("b1 ny", Some(2)),
            "number and link are kept"
        );
        c.measures.push(m("c", None));
        c.number_new_measures(5);
        assert_eq!(c.measure(5).map(|x| x.title.as_str()), Some("c"));
    }

    #[test]
    fn numbers_must_be_the_stored_reports_and_given_once() {
        let stored = numbered(vec![m("a", None), m("b", None)]);
        let mut new = stored.clone();
        assert_eq!(new.unknown_or_repeated_number(Some(&stored)), None);
        new.measures[1].number = Some(1);
        assert_eq!(
            new.unknown_or_repeated_number(Some(&stored)),
            Some(NumberProblem::Repeated(1))
        );
        new.measures[1].number = Some(7);
        assert_eq!(
            new.unknown_or_repeated_number(Some(&stored)),
            Some(NumberProblem::Unknown(7))
        );
        assert_eq!(stored.unknown_or_repeated_number(None), Some(NumberProblem::Unknown(1)));
        let mut file = ReportContent {
            answers: Answers::default(),
            measures: vec![m("a'", None), m("b'", None), m("c'", None)],
        };
        file.number_by_position(&stored);
        let numbers: Vec<_> = file.measures.iter().map(|x| x.number).collect();
        assert_eq!(numbers, [Some(1), Some(2), None]);
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
