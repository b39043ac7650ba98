//! Skip logic and response validation over a [`Questionnaire`].

use std::collections::BTreeMap;
use std::fmt;

use super::model::{Item, Questionnaire};
use crate::tr;

/// One municipality's answers: item id → answer code or text. Unanswered items are absent.
pub type Answers = BTreeMap<String, String>;

/// Whether a response is being saved midway or submitted as complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completeness {
    /// Saved midway: required questions may still be open.
    Partial,
    /// Submitted: every required question that is shown must be answered.
    Complete,
}

/// What is wrong with one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// No item of the questionnaire has this id.
    UnknownItem {
        /// The item ids there are, comma-separated.
        known: String,
    },
    /// The answer is not one of the item's codes.
    UnknownCode {
        /// The answer given.
        value: String,
        /// The codes the item takes.
        allowed: Vec<String>,
    },
    /// The item is answered although its condition does not hold.
    NotShown {
        /// The item the condition looks at.
        item: String,
        /// The answer that would show the question.
        equals: String,
        /// The answer that was given to `item`, if any.
        actual: Option<String>,
    },
    /// A required, shown item is not answered.
    MissingRequired,
}

/// A problem with the answer to `item`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerProblem {
    /// The item's id.
    pub item: String,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = match self {
            ProblemKind::UnknownItem { known } => tr!(survey_problem.unknown_item, known = known),
            ProblemKind::UnknownCode { value, allowed } => {
                tr!(survey_problem.unknown_code, value = value, allowed = allowed.join(", "))
            }
            ProblemKind::NotShown {
                item,
                equals,
                actual: Some(a),
            } => tr!(survey_problem.not_shown, item = item, equals = equals, actual = a),
            ProblemKind::NotShown {
                item,
                equals,
                actual: None,
            } => tr!(survey_problem.not_shown_unanswered, item = item, equals = equals),
            ProblemKind::MissingRequired => tr!(survey_problem.missing_required),
        };
        f.write_str(&m)
    }
}

impl fmt::Display for AnswerProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.item, self.kind)
    }
}

impl Questionnaire {
    /// The answers as sent, without blank ones and without the answers to
    /// questions that skip logic hides: the server applies the same rule as
    /// the page, whatever was sent.
    pub fn prune_hidden(&self, mut answers: Answers) -> Answers {
        answers.retain(|_, v| !v.trim().is_empty());
        loop {
            let hidden: Vec<String> = answers
                .keys()
                .filter(|k| self.item(k).is_some_and(|i| !self.is_shown(i, &answers)))
                .cloned()
                .collect();
            if hidden.is_empty() {
                return answers;
            }
            for k in hidden {
                answers.remove(&k);
            }
        }
    }

    /// Whether `item` is shown to a respondent who has given `answers`.
    /// A condition on a hidden item fails, so chains of conditions work.
    pub fn is_shown(&self, item: &Item, answers: &Answers) -> bool {
        match &item.show_if {
            None => true,
            Some(c) => {
                answers.get(&c.item) == Some(&c.equals) && self.item(&c.item).is_some_and(|t| self.is_shown(t, answers))
            }
        }
    }

    /// Checks one answer against the item's codes.
    pub fn check_value(&self, item_id: &str, value: &str) -> Result<(), ProblemKind> {
        let item = self
            .item(item_id)
            .ok_or_else(|| ProblemKind::UnknownItem { known: self.item_ids() })?;
        if item.accepts(value) {
            Ok(())
        } else {
            Err(ProblemKind::UnknownCode {
                value: value.to_string(),
                allowed: item
                    .choices()
                    .unwrap_or_default()
                    .iter()
                    .map(|c| c.code.clone())
                    .collect(),
            })
        }
    }

    /// Every problem of a response: unknown items and codes, answers to
    /// questions not shown, and (when `Complete`) required questions left open.
    /// Problems come in questionnaire order; unknown items last.
    pub fn validate(&self, answers: &Answers, completeness: Completeness) -> Vec<AnswerProblem> {
        let mut problems = Vec::new();
        for item in self.items() {
            let value = answers.get(&item.id);
            let shown = self.is_shown(item, answers);
            let kind = match value {
                Some(v) => match self.check_value(&item.id, v) {
                    Err(k) => Some(k),
                    Ok(()) if !shown => item.show_if.as_ref().map(|c| ProblemKind::NotShown {
                        item: c.item.clone(),
                        equals: c.equals.clone(),
                        actual: answers.get(&c.item).cloned(),
                    }),
                    Ok(()) => None,
                },
                None if shown && item.required && completeness == Completeness::Complete => {
                    Some(ProblemKind::MissingRequired)
                }
                None => None,
            };
            if let Some(kind) = kind {
                problems.push(AnswerProblem {
                    item: item.id.clone(),
                    kind,
                });
            }
        }
        for id in answers.keys().filter(|k| self.item(k).is_none()) {
            problems.push(AnswerProblem {
                item: id.clone(),
                kind: ProblemKind::UnknownItem { known: self.item_ids() },
            });
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kommunenkat() -> Questionnaire {
        Questionnaire::from_toml(include_str!("../../../../data/reference/kommunenkat-2019.toml")).unwrap()
    }

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn the_2019_questionnaire_has_the_contract_ids() {
        let q = kommunenkat();
        assert_eq!(
            q.item_ids(),
            "q1_politisk, q1_ledning, q1_verksamhetschef, q1_profession, q2, q2a, q3_sjukskoterska, \
             q3_specialistsjukskoterska, q3_fysioterapeut, q3_arbetsterapeut, q3_dietist, q3_farmaceut, \
             q3_kommentar, q4"
        );
        let codes: Vec<&str> = q
            .item("q3_dietist")
            .unwrap()
            .choices()
            .unwrap()
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        assert_eq!(codes, ["brist", "balans", "overskott", "vet_inte", "finns_ej"]);
        assert!(q.item("q4").unwrap().choices().is_none());
        assert!(q.questions[0].help.as_deref().unwrap().contains("SOU 2018:39"));
    }

    #[test]
    fn q2a_is_shown_only_after_nej_on_q2() {
        let q = kommunenkat();
        let q2a = q.item("q2a").unwrap();
        assert!(!q.is_shown(q2a, &answers(&[])));
        assert!(!q.is_shown(q2a, &answers(&[("q2", "ja")])));
        assert!(q.is_shown(q2a, &answers(&[("q2", "nej")])));
        assert!(q.is_shown(q.item("q2").unwrap(), &answers(&[])));
    }

    #[test]
    fn answering_a_hidden_question_is_refused() {
        let q = kommunenkat();
        let p = q.validate(&answers(&[("q2", "ja"), ("q2a", "ja")]), Completeness::Partial);
        assert_eq!(p.len(), 1);
        assert_eq!(
            p[0].to_string(),
            "q2a: Frågan ställs bara när q2 = nej, men q2 är ”ja”."
        );
        let p = q.validate(&answers(&[("q2a", "nej")]), Completeness::Partial);
        assert_eq!(
            p[0].to_string(),
            "q2a: Frågan ställs bara när q2 = nej, men q2 är inte besvarad."
        );
        assert!(
            q.validate(&answers(&[("q2", "nej"), ("q2a", "nej")]), Completeness::Partial)
                .is_empty()
        );
    }

    #[test]
    fn codes_and_items_are_checked() {
        let q = kommunenkat();
        let p = q.validate(
            &answers(&[("q3_dietist", "massor"), ("q9", "x"), ("q4", "Hyrpersonal.")]),
            Completeness::Partial,
        );
        let msgs: Vec<String> = p.iter().map(ToString::to_string).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert_eq!(
            msgs[0],
            "q3_dietist: ”massor” är inget svar på frågan (välj något av: brist, balans, overskott, vet_inte, finns_ej)."
        );
        assert!(msgs[1].starts_with("q9: Okänd fråga"), "{}", msgs[1]);
    }

    #[test]
    fn complete_responses_need_every_shown_required_answer() {
        let q = kommunenkat();
        let mut a = answers(&[
            ("q1_politisk", "ja"),
            ("q1_ledning", "ja"),
            ("q1_verksamhetschef", "nej"),
            ("q1_profession", "nej"),
            ("q2", "ja"),
            ("q3_sjukskoterska", "brist"),
            ("q3_specialistsjukskoterska", "brist"),
            ("q3_fysioterapeut", "balans"),
            ("q3_arbetsterapeut", "balans"),
            ("q3_dietist", "finns_ej"),
        ]);
        let p = q.validate(&a, Completeness::Complete);
        assert_eq!(p.len(), 1);
        assert_eq!(
            (p[0].item.as_str(), &p[0].kind),
            ("q3_farmaceut", &ProblemKind::MissingRequired)
        );
        assert!(q.validate(&a, Completeness::Partial).is_empty());
        a.insert("q3_farmaceut".into(), "finns_ej".into());
        assert!(
            q.validate(&a, Completeness::Complete).is_empty(),
            "free text is optional, q2a hidden"
        );
        a.insert("q2".into(), "nej".into());
        let p = q.validate(&a, Completeness::Complete);
        assert_eq!((p[0].item.as_str(), &p[0].kind), ("q2a", &ProblemKind::MissingRequired));
    }
}
