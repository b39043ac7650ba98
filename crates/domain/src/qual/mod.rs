//! The qualitative follow-up's vocabulary (`../shared/spec/qualitative.md`):
//! documents and their kinds, ids, the stored text and positions in it,
//! codes, codings, and the pure arithmetic of the code × region matrix and of
//! inter-coder agreement. No I/O: the store keeps these, the `qual` crate
//! searches and exchanges them.

mod agreement;
mod cooccurrence;
mod ids;
mod matrix;
mod text;

use std::fmt;
use std::str::FromStr;

pub use agreement::{AgreementRow, CoderSpan, agreement, agreement_of_spans};
pub use cooccurrence::{CooccurrenceRow, cooccurrence};
pub use ids::{BadId, IdKind, check_code_id, check_coder, check_doc_id};
pub use matrix::{MatrixRow, matrix};
pub use text::{byte_range, char_len, normalize, slice};

use crate::tr;

/// What a document is; the contract's codes, in Swedish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    /// Interview notes: internal by default.
    Interview,
    /// A case study.
    CaseStudy,
    /// A region's status report (nulägesrapport).
    StatusReport,
    /// A regional report's narrative (redovisning).
    Report,
    /// A municipality's free-text survey answers.
    SurveyAnswer,
    /// Anything else.
    Other,
}

impl DocKind {
    /// Every kind, in the contract's order.
    pub const ALL: [DocKind; 6] = [
        DocKind::Interview,
        DocKind::CaseStudy,
        DocKind::StatusReport,
        DocKind::Report,
        DocKind::SurveyAnswer,
        DocKind::Other,
    ];

    /// The contract's code, e.g. `intervju`.
    pub fn code(self) -> &'static str {
        match self {
            DocKind::Interview => "intervju",
            DocKind::CaseStudy => "fallstudie",
            DocKind::StatusReport => "nulagesrapport",
            DocKind::Report => "redovisning",
            DocKind::SurveyAnswer => "enkatsvar",
            DocKind::Other => "ovrigt",
        }
    }

    /// The kind's Swedish name for people.
    pub fn label_sv(self) -> &'static str {
        let l = &crate::i18n::sv().doc_kind;
        match self {
            DocKind::Interview => &l.interview,
            DocKind::CaseStudy => &l.case_study,
            DocKind::StatusReport => &l.status_report,
            DocKind::Report => &l.report,
            DocKind::SurveyAnswer => &l.survey_answer,
            DocKind::Other => &l.other,
        }
    }

    /// Whether a quote from a document of this kind may be printed in a
    /// published report. Interview notes and "other" are internal: the
    /// interviewees were promised that; what regions and municipalities
    /// reported themselves, and the published case studies, are public.
    pub fn publishable(self) -> bool {
        !matches!(self, DocKind::Interview | DocKind::Other)
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A kind code that is not one of the contract's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", tr!(qual.unknown_kind, kind = .0, known = DocKind::ALL.map(DocKind::code).join(", ")))]
pub struct UnknownKind(pub String);

impl FromStr for DocKind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DocKind::ALL
            .into_iter()
            .find(|k| k.code() == s)
            .ok_or_else(|| UnknownKind(s.to_string()))
    }
}

/// A span of a document coded with one code by one coder; serialises as
/// the contract's codings CSV columns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Coding {
    /// The document.
    pub doc_id: String,
    /// First position (scalar values from 0), inclusive.
    pub start: u32,
    /// Last position, exclusive.
    pub end: u32,
    /// The code.
    pub code_id: String,
    /// Who coded it.
    pub coder: String,
    /// The coder's memo; may be empty.
    pub memo: String,
}

/// A theme of the codebook; serialises as the contract's codebook CSV
/// columns (the indicators `;`-separated).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Code {
    /// Its id, e.g. `samverkan`.
    pub code_id: String,
    /// The code it sits under; `None` at the top level.
    pub parent_id: Option<String>,
    /// Its name.
    pub name: String,
    /// What it covers.
    pub description: String,
    /// `#RRGGBB`, if it has one.
    pub color: Option<String>,
    /// The indicators the theme is linked to.
    #[serde(serialize_with = "semicolon_list")]
    pub indicators: Vec<String>,
}

fn semicolon_list<S: serde::Serializer>(list: &[String], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&list.join(";"))
}

/// A coder name from a person's or a program's user name: lower case, and
/// anything outside `[a-z0-9._-]` a dot; `okand` when nothing usable is left.
pub fn coder_name(name: &str) -> String {
    let s: String = name
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '.'
            }
        })
        .collect();
    if check_coder(&s).is_ok() {
        s
    } else {
        "okand".to_string()
    }
}

/// Whether `color` is `#RRGGBB`.
pub fn is_color(color: &str) -> bool {
    color.len() == 7 && color.starts_with('#') && color[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// The code itself and every code below it in the hierarchy, given each
/// code's parent; cycles (which the store refuses) cannot loop forever.
pub fn with_descendants<'a>(root: &'a str, parents: &'a [(String, Option<String>)]) -> Vec<&'a str> {
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let here = out[i];
        for (id, parent) in parents {
            if parent.as_deref() == Some(here) && !out.contains(&id.as_str()) {
                out.push(id);
            }
        }
        i += 1;
    }
    out
}

/// The first code on a parent cycle, if the hierarchy has one.
pub fn find_cycle(parents: &[(String, Option<String>)]) -> Option<&str> {
    let parent_of = |id: &str| parents.iter().find(|(c, _)| c == id).and_then(|(_, p)| p.as_deref());
    for (id, _) in parents {
        let mut here = parent_of(id);
        for _ in 0..=parents.len() {
            match here {
                None => break,
                Some(p) if p == id => return Some(id),
                Some(p) => here = parent_of(p),
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Vec<(String, Option<String>)> {
        vec![
            ("samverkan".into(), None),
            ("samverkan.kommun".into(), Some("samverkan".into())),
            ("samverkan.kommun.hemsjukvard".into(), Some("samverkan.kommun".into())),
            ("hinder".into(), None),
        ]
    }

    #[test]
    fn kinds_round_trip_and_interviews_are_internal() {
        for k in DocKind::ALL {
            assert_eq!(k.code().parse::<DocKind>().unwrap(), k);
        }
        assert!("Intervju".parse::<DocKind>().is_err());
        assert!(!DocKind::Interview.publishable());
        assert!(DocKind::Report.publishable());
    }

    #[test]
    fn descendants_and_cycles() {
        let t = tree();
        let mut d = with_descendants("samverkan", &t);
        d.sort();
        assert_eq!(d, ["samverkan", "samverkan.kommun", "samverkan.kommun.hemsjukvard"]);
        assert_eq!(with_descendants("hinder", &t), ["hinder"]);
        assert_eq!(find_cycle(&t), None);
        let mut c = t.clone();
        c[0].1 = Some("samverkan.kommun.hemsjukvard".into());
        assert!(find_cycle(&c).is_some());
    }

    #[test]
    fn colours() {
        assert!(is_color("#1A2b3C"));
        assert!(!is_color("1A2B3C"));
        assert!(!is_color("#12345G"));
        assert!(!is_color("#123"));
    }
}
