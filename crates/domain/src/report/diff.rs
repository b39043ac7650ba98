//! Field-by-field differences between two versions of a report's content,
//! as the audit trail records them (what, old → new).

use serde::{Deserialize, Serialize};

use super::{Question, ReportContent, ReportMeasure};

/// One changed field. `measure_seq` names the measure (from 1) for measure fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub measure_seq: Option<i32>,
    /// E.g. `svar.ekonomi`, `insats`, `kostnad`.
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The fields of a measure as text, in template order, for the audit trail.
fn measure_fields(m: Option<&ReportMeasure>) -> Vec<(&'static str, Option<String>)> {
    let get = |f: fn(&ReportMeasure) -> Option<String>| m.and_then(f);
    vec![
        ("titel", get(|m| Some(m.title.clone()))),
        ("beskrivning", get(|m| m.description.clone())),
        ("omrade", get(|m| m.area.clone())),
        ("oronmarkning", get(|m| m.earmark.clone())),
        ("status", get(|m| m.status.map(|s| s.key().to_string()))),
        ("kostnad", get(|m| m.cost.map(|s| s.to_string()))),
        ("varav_statsbidrag", get(|m| m.grant_funded.map(|s| s.to_string()))),
        ("ungefarligt", get(|m| m.approx.then(|| "ja".to_string()))),
        ("period", get(|m| m.period.map(|p| p.to_string()))),
        ("resultat", get(|m| m.results.clone())),
        ("malgrupp", get(|m| m.target_group.clone())),
        ("del_av", get(|m| m.part_of.map(|p| p.to_string()))),
        (
            "kalla",
            get(|m| {
                m.source.as_ref().map(|s| match &s.quote {
                    Some(q) => format!("{} ({}): {q}", s.seed, s.section),
                    None => format!("{} ({})", s.seed, s.section),
                })
            }),
        ),
    ]
}

/// Every field that differs between `old` and `new`: answers first, then
/// measures by position. An added or removed measure gives an `insats` row
/// (`tillagd` / `borttagen`) and one row per non-empty field.
pub fn content_changes(old: &ReportContent, new: &ReportContent) -> Vec<FieldChange> {
    let mut out = Vec::new();
    for q in Question::ALL {
        let (a, b) = (old.answers.get(q), new.answers.get(q));
        if a != b {
            out.push(FieldChange {
                measure_seq: None,
                field: format!("svar.{}", q.key()),
                old: a.map(str::to_string),
                new: b.map(str::to_string),
            });
        }
    }
    let n = old.measures.len().max(new.measures.len());
    for i in 0..n {
        let (a, b) = (old.measures.get(i), new.measures.get(i));
        let seq = Some(i as i32 + 1);
        match (a, b) {
            (None, Some(_)) => out.push(FieldChange {
                measure_seq: seq,
                field: "insats".into(),
                old: None,
                new: Some("tillagd".into()),
            }),
            (Some(_), None) => out.push(FieldChange {
                measure_seq: seq,
                field: "insats".into(),
                old: Some("borttagen".into()),
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

    fn measure(title: &str, cost: i64) -> ReportMeasure {
        ReportMeasure {
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
                "None svar.formella_beslut None→Some(\"Utvecklingsplan\")",
                "None svar.ekonomi Some(\"Omfördelning\")→None",
                "Some(1) kostnad Some(\"10\")→Some(\"12\")",
                "Some(2) insats Some(\"borttagen\")→None",
                "Some(2) titel Some(\"KOL\")→None",
                "Some(2) omrade Some(\"omstallning\")→None",
                "Some(2) kostnad Some(\"5\")→None",
            ]
        );
        assert!(content_changes(&new, &new).is_empty());
    }
}
