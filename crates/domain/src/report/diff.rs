//! Field-by-field differences between two versions of a report's content,
//! as the audit trail records them (what, old → new).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{Question, ReportContent};
use crate::measure::Measure;

/// One changed field. `measure_seq` names the measure by its number for measure fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The measure's [`Measure::number`] for measure fields.
    pub measure_seq: Option<i32>,
    /// The field's code, e.g. `answers.economy`, `measure`, `cost` (see [`field_label_sv`]).
    pub field: String,
    /// The value before, as text.
    pub old: Option<String>,
    /// The value after, as text.
    pub new: Option<String>,
}

/// The value of the `measure` field when a measure is added.
pub const MEASURE_ADDED: &str = "added";
/// The value of the `measure` field when a measure is removed.
pub const MEASURE_REMOVED: &str = "removed";

/// The fields of a measure as text, in template order, for the audit trail.
fn measure_fields(m: Option<&Measure>) -> Vec<(&'static str, Option<String>)> {
    let get = |f: fn(&Measure) -> Option<String>| m.and_then(f);
    vec![
        ("title", get(|m| Some(m.title.clone()))),
        ("description", get(|m| m.description.clone())),
        ("area", get(|m| m.area.clone())),
        ("earmark", get(|m| m.earmark.clone())),
        ("status", get(|m| m.status.map(|s| s.code().to_string()))),
        ("cost", get(|m| m.cost.map(|s| s.to_string()))),
        ("grant_funded", get(|m| m.grant_funded.map(|s| s.to_string()))),
        ("approx", get(|m| m.approx.then(|| "true".to_string()))),
        ("period", get(|m| m.period.map(|p| p.to_string()))),
        ("results", get(|m| m.results.clone())),
        ("target_group", get(|m| m.target_group.clone())),
        ("part_of", get(|m| m.part_of.map(|p| p.to_string()))),
        (
            "source",
            get(|m| {
                m.source.as_ref().map(|s| match &s.quote {
                    Some(q) => format!("{} ({}): {q}", s.seed, s.section),
                    None => format!("{} ({})", s.seed, s.section),
                })
            }),
        ),
    ]
}

/// The Swedish name of an audit field code: the report's own fields
/// (`state`, `comment`, …), `answers.QUESTION`, and the measure fields.
/// Unknown codes are shown as they are.
pub fn field_label_sv(code: &str) -> String {
    let t = &crate::i18n::sv().audit_field;
    if let Some(q) = code.strip_prefix("answers.") {
        return match Question::ALL.into_iter().find(|x| x.code() == q) {
            Some(q) => format!("{}: {}", t.answer, q.short_sv()),
            None => code.to_string(),
        };
    }
    let label = match code {
        "state" => &t.state,
        "comment" => &t.comment,
        "fact_check_text" => &t.fact_check_text,
        "first_submitted_at" => &t.first_submitted_at,
        "source" => &t.source,
        "measure" => &t.measure,
        "title" => &t.title,
        "description" => &t.description,
        "area" => &t.area,
        "earmark" => &t.earmark,
        "status" => &t.status,
        "cost" => &t.cost,
        "grant_funded" => &t.grant_funded,
        "approx" => &t.approx,
        "period" => &t.period,
        "results" => &t.results,
        "target_group" => &t.target_group,
        "part_of" => &t.part_of,
        other => return other.to_string(),
    };
    label.clone()
}

/// A value of the audit field `field` as a reader should see it: a state,
/// status or added/removed code as its Swedish label, `true` as `ja`;
/// anything else as it is.
pub fn value_label_sv(field: &str, value: &str) -> String {
    let t = &crate::i18n::sv();
    let label = match field {
        "state" => value
            .parse::<super::ReportState>()
            .ok()
            .map(|s| s.label_sv().to_string()),
        "status" => value
            .parse::<crate::measure::MeasureStatus>()
            .ok()
            .map(|s| s.label_sv().to_string()),
        "measure" if value == MEASURE_ADDED => Some(t.audit_field.added.clone()),
        "measure" if value == MEASURE_REMOVED => Some(t.audit_field.removed.clone()),
        "approx" if value == "true" => Some(t.common.yes.clone()),
        _ => None,
    };
    label.unwrap_or_else(|| value.to_string())
}

/// Every field that differs between `old` and `new`: answers first, then
/// measures by [`Measure::number`] (a measure without one counts as numbered
/// by its position; the store numbers new measures before it compares). An
/// added or removed measure gives a `measure` row (`added` / `removed`) and
/// one row per non-empty field.
pub fn content_changes(old: &ReportContent, new: &ReportContent) -> Vec<FieldChange> {
    let mut out = Vec::new();
    for q in Question::ALL {
        let (a, b) = (old.answers.get(q), new.answers.get(q));
        if a != b {
            out.push(FieldChange {
                measure_seq: None,
                field: format!("answers.{}", q.code()),
                old: a.map(str::to_string),
                new: b.map(str::to_string),
            });
        }
    }
    fn by_number(c: &ReportContent) -> BTreeMap<i32, &Measure> {
        c.measures
            .iter()
            .enumerate()
            .map(|(i, m)| (m.number.unwrap_or(i as i32 + 1), m))
            .collect()
    }
    let (before, after) = (by_number(old), by_number(new));
    let numbers: BTreeSet<i32> = before.keys().chain(after.keys()).copied().collect();
    for n in numbers {
        let (a, b) = (before.get(&n).copied(), after.get(&n).copied());
        let seq = Some(n);
        match (a, b) {
            (None, Some(_)) => out.push(FieldChange {
                measure_seq: seq,
                field: "measure".into(),
                old: None,
                new: Some(MEASURE_ADDED.into()),
            }),
            (Some(_), None) => out.push(FieldChange {
                measure_seq: seq,
                field: "measure".into(),
                old: Some(MEASURE_REMOVED.into()),
                new: None,
            }),
            _ => {}
        }
        for ((field, x), (_, y)) in measure_fields(a).into_iter().zip(measure_fields(b)) {
            if x != y {
                out.push(FieldChange {
                    measure_seq: seq,
                    field: field.into(),
                    old: x,
                    new: y,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Sek;

    fn measure(title: &str, cost: i64) -> Measure {
        Measure {
            number: None,
            title: title.into(),
            description: None,
            area: Some("omstallning".into()),
            earmark: None,
            status: None,
            cost: Some(Sek(cost)),
            grant_funded: None,
            approx: false,
            period: None,
            results: None,
            target_group: None,
            part_of: None,
            source: None,
        }
    }

    #[test]
    fn audit_codes_read_in_swedish() {
        assert_eq!(field_label_sv("answers.economy"), "Svar: ekonomi");
        assert_eq!(field_label_sv("grant_funded"), "Varav statsbidrag");
        assert_eq!(field_label_sv("okänt_fält"), "okänt_fält");
        assert_eq!(value_label_sv("state", "fact_checked"), "faktagranskad");
        assert_eq!(value_label_sv("status", "implemented"), "införd");
        assert_eq!(value_label_sv("measure", MEASURE_REMOVED), "borttagen");
        assert_eq!(value_label_sv("title", "BEON"), "BEON");
    }

    #[test]
    fn records_answers_changed_and_measures_added_changed_removed() {
        let mut old = ReportContent::default();
        old.answers.set(Question::Economy, Some("Omfördelning".into()));
        old.measures = vec![measure("BEON", 10), measure("KOL", 5)];
        let mut new = ReportContent::default();
        new.answers.set(Question::Decisions, Some("Utvecklingsplan".into()));
        new.measures = vec![measure("BEON", 12)];
        let got: Vec<String> = content_changes(&old, &new)
            .iter()
            .map(|c| format!("{:?} {} {:?}→{:?}", c.measure_seq, c.field, c.old, c.new))
            .collect();
        assert_eq!(
            got,
            [
                "None answers.decisions None→Some(\"Utvecklingsplan\")",
                "None answers.economy Some(\"Omfördelning\")→None",
                "Some(1) cost Some(\"10\")→Some(\"12\")",
                "Some(2) measure Some(\"removed\")→None",
                "Some(2) title Some(\"KOL\")→None",
                "Some(2) area Some(\"omstallning\")→None",
                "Some(2) cost Some(\"5\")→None",
            ]
        );
        assert!(content_changes(&new, &new).is_empty());
    }

    #[test]
    fn measures_are_compared_by_number_not_by_place() {
        let mut old = ReportContent {
            measures: vec![measure("BEON", 10), measure("KOL", 5), measure("Hemsjukvård", 7)],
            ..Default::default()
        };
        old.number_new_measures(1);
        let mut new = old.clone();
        assert!(new.remove_measure(1));
        new.measures.push(measure("Ny", 3));
        new.number_new_measures(4);
        let got: Vec<String> = content_changes(&old, &new)
            .iter()
            .filter(|c| c.field == "measure")
            .map(|c| format!("{:?} {:?}→{:?}", c.measure_seq, c.old, c.new))
            .collect();
        assert_eq!(got, ["Some(1) Some(\"removed\")→None", "Some(4) None→Some(\"added\")"]);
        let titles = content_changes(&old, &new)
            .iter()
            .filter(|c| c.field == "title")
            .count();
        assert_eq!(
            titles, 2,
            "only the removed and the added measure's titles, no shifted ones"
        );
    }
}
