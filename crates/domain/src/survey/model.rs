//! The questionnaire model and its parsing from TOML.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::tr;

/// One answer option: the code stored and exchanged, the label shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// The answer code stored and exchanged, e.g. `ja`.
    pub code: String,
    /// The text shown to the respondent (Swedish).
    pub label: String,
}

/// One row of a matrix question; its item id is `<question id>_<row id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixRow {
    /// Row id, unique within the question.
    pub id: String,
    /// The row's text shown to the respondent (Swedish).
    pub label: String,
}

/// Conditional display: the question is shown only when `item` was answered `equals`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    /// Id of the earlier item the condition looks at.
    pub item: String,
    /// The answer code that item must have for the question to show.
    pub equals: String,
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuestionKind {
    /// One of a list of choices.
    SingleChoice {
        /// The answer options, in the order shown.
        choices: Vec<Choice>,
    },
    /// `ja` or `nej`.
    YesNo,
    /// Several rows, each answered on the same scale.
    Matrix {
        /// The rows; each is an item of its own.
        rows: Vec<MatrixRow>,
        /// The answer options every row is answered on.
        scale: Vec<Choice>,
    },
    /// Free text.
    FreeText,
}

/// A question as the respondent sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Question id, unique within the questionnaire.
    pub id: String,
    /// The number printed in the questionnaire, e.g. `2a`.
    pub number: String,
    /// Question text (Swedish).
    pub text: String,
    /// Help text shown with the question (Swedish).
    #[serde(default)]
    pub help: Option<String>,
    /// Whether a complete response must answer it (when shown).
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    /// When set, the question is shown only if this condition holds.
    pub show_if: Option<Condition>,
    #[serde(flatten)]
    /// What kind of answer the question takes, with its choices or rows.
    pub kind: QuestionKind,
}

/// The answer an item takes: one code of a list, or free text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ItemKind {
    /// One of these answer options.
    Choice(Vec<Choice>),
    /// Free text.
    FreeText,
}

/// One answerable cell of the questionnaire: the unit responses are stored by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Item id: the question id, or `<question id>_<row id>` for a matrix row.
    pub id: String,
    /// Id of the question the item belongs to.
    pub question_id: String,
    /// The question's printed number.
    pub number: String,
    /// What the respondent answers: the row label of a matrix, else the question text.
    pub label: String,
    /// The question's help text.
    pub help: Option<String>,
    /// The answer the item takes.
    pub kind: ItemKind,
    /// Whether a complete response must answer it (when shown).
    pub required: bool,
    /// When set, the item is shown only if this condition holds.
    pub show_if: Option<Condition>,
}

impl Item {
    /// The answer codes, or `None` for free text.
    pub fn choices(&self) -> Option<&[Choice]> {
        match &self.kind {
            ItemKind::Choice(c) => Some(c),
            ItemKind::FreeText => None,
        }
    }

    /// Whether `code` is one of this item's answer codes (free text takes anything).
    pub fn accepts(&self, code: &str) -> bool {
        self.choices().is_none_or(|c| c.iter().any(|x| x.code == code))
    }
}

/// Why a questionnaire definition was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuestionnaireError {
    /// The TOML does not parse.
    #[error("{}", tr!(questionnaire.unreadable, error = .0))]
    Toml(String),
    /// The id is not a slug.
    #[error("{}", tr!(questionnaire.bad_id, id = .0))]
    BadId(String),
    /// Two items share an id.
    #[error("{}", tr!(questionnaire.duplicate_item, item = .0))]
    DuplicateItem(String),
    /// A choice question without choices.
    #[error("{}", tr!(questionnaire.no_choices, question = .0))]
    NoChoices(String),
    /// A choice question lists a code twice.
    #[error("{}", tr!(questionnaire.duplicate_code, question = .question, code = .code))]
    DuplicateCode {
        /// The question.
        question: String,
        /// The repeated code.
        code: String,
    },
    /// A `show_if` that cannot hold.
    #[error("{}", tr!(questionnaire.bad_condition, question = .question, item = .item, code = .code,
        problem = .problem.label_sv()))]
    BadCondition {
        /// The conditional question.
        question: String,
        /// The item the condition looks at.
        item: String,
        /// The code it compares with.
        code: String,
        /// Why the condition cannot hold.
        problem: ConditionProblem,
    },
}

/// Why a `show_if` condition cannot hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionProblem {
    /// No earlier item has that id.
    NoSuchItem,
    /// The item is free text.
    FreeText,
    /// The item has no such answer code.
    NoSuchCode,
}

impl ConditionProblem {
    /// The problem in Swedish.
    pub fn label_sv(self) -> &'static str {
        let t = &crate::i18n::sv().questionnaire;
        match self {
            ConditionProblem::NoSuchItem => &t.condition_no_item,
            ConditionProblem::FreeText => &t.condition_free_text,
            ConditionProblem::NoSuchCode => &t.condition_no_code,
        }
    }
}

/// A checked questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Questionnaire {
    /// Its id, e.g. `kommunenkat-2019`.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The year it was sent.
    pub year: i32,
    /// Where the questions come from (seed file and section).
    pub source: String,
    /// When respondents could answer, as text.
    pub period: Option<String>,
    /// The questions as the respondent sees them.
    pub questions: Vec<Question>,
    #[serde(skip)]
    items: Vec<Item>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionnaireFile {
    id: String,
    title: String,
    year: i32,
    source: String,
    #[serde(default)]
    period: Option<String>,
    question: Vec<Question>,
}

/// The two codes of a yes/no question.
pub fn yes_no() -> Vec<Choice> {
    vec![
        Choice {
            code: "ja".into(),
            label: "Ja".into(),
        },
        Choice {
            code: "nej".into(),
            label: "Nej".into(),
        },
    ]
}

impl Questionnaire {
    /// Parses and checks a questionnaire definition.
    pub fn from_toml(text: &str) -> Result<Questionnaire, QuestionnaireError> {
        let f: QuestionnaireFile = toml::from_str(text).map_err(|e| QuestionnaireError::Toml(e.to_string()))?;
        Questionnaire::new(f.id, f.title, f.year, f.source, f.period, f.question)
    }

    /// A copy of the definition `text` under another `id` and `title`, as
    /// TOML and checked: how a trial copy of a real survey is made without
    /// touching the real one's answers.
    pub fn copy_definition(text: &str, id: &str, title: &str) -> Result<(Questionnaire, String), QuestionnaireError> {
        let mut table: toml::Table = toml::from_str(text).map_err(|e| QuestionnaireError::Toml(e.to_string()))?;
        table.insert("id".into(), toml::Value::String(id.into()));
        table.insert("title".into(), toml::Value::String(title.into()));
        let copy = toml::to_string(&table).map_err(|e| QuestionnaireError::Toml(e.to_string()))?;
        Ok((Questionnaire::from_toml(&copy)?, copy))
    }

    /// Builds a questionnaire from its parts, checking it.
    pub fn new(
        id: String,
        title: String,
        year: i32,
        source: String,
        period: Option<String>,
        questions: Vec<Question>,
    ) -> Result<Questionnaire, QuestionnaireError> {
        let id_ok = !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            return Err(QuestionnaireError::BadId(id));
        }
        let mut items: Vec<Item> = Vec::new();
        for q in &questions {
            check_codes(q)?;
            if let Some(c) = &q.show_if {
                check_condition(q, c, &items)?;
            }
            for item in items_of(q) {
                if items.iter().any(|i| i.id == item.id) {
                    return Err(QuestionnaireError::DuplicateItem(item.id));
                }
                items.push(item);
            }
        }
        Ok(Questionnaire {
            id,
            title,
            year,
            source,
            period,
            questions,
            items,
        })
    }

    /// Every answerable item in questionnaire order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The item with id `id`.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The item ids, comma separated, for messages.
    pub fn item_ids(&self) -> String {
        self.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>().join(", ")
    }
}

fn check_codes(q: &Question) -> Result<(), QuestionnaireError> {
    let choices: &[Choice] = match &q.kind {
        QuestionKind::SingleChoice { choices } => choices,
        QuestionKind::Matrix { rows, scale } => {
            if rows.is_empty() {
                return Err(QuestionnaireError::NoChoices(q.id.clone()));
            }
            scale
        }
        QuestionKind::YesNo | QuestionKind::FreeText => return Ok(()),
    };
    if choices.is_empty() {
        return Err(QuestionnaireError::NoChoices(q.id.clone()));
    }
    let mut seen = BTreeSet::new();
    for c in choices {
        if !seen.insert(c.code.as_str()) {
            return Err(QuestionnaireError::DuplicateCode {
                question: q.id.clone(),
                code: c.code.clone(),
            });
        }
    }
    Ok(())
}

fn check_condition(q: &Question, c: &Condition, earlier: &[Item]) -> Result<(), QuestionnaireError> {
    let fail = |problem| QuestionnaireError::BadCondition {
        question: q.id.clone(),
        item: c.item.clone(),
        code: c.equals.clone(),
        problem,
    };
    let Some(target) = earlier.iter().find(|i| i.id == c.item) else {
        return Err(fail(ConditionProblem::NoSuchItem));
    };
    match target.choices() {
        None => Err(fail(ConditionProblem::FreeText)),
        Some(ch) if !ch.iter().any(|x| x.code == c.equals) => Err(fail(ConditionProblem::NoSuchCode)),
        Some(_) => Ok(()),
    }
}

fn items_of(q: &Question) -> Vec<Item> {
    let item = |id: String, label: String, kind: ItemKind| Item {
        id,
        question_id: q.id.clone(),
        number: q.number.clone(),
        label,
        help: q.help.clone(),
        kind,
        required: q.required,
        show_if: q.show_if.clone(),
    };
    match &q.kind {
        QuestionKind::SingleChoice { choices } => {
            vec![item(q.id.clone(), q.text.clone(), ItemKind::Choice(choices.clone()))]
        }
        QuestionKind::YesNo => vec![item(q.id.clone(), q.text.clone(), ItemKind::Choice(yes_no()))],
        QuestionKind::FreeText => vec![item(q.id.clone(), q.text.clone(), ItemKind::FreeText)],
        QuestionKind::Matrix { rows, scale } => rows
            .iter()
            .map(|r| {
                item(
                    format!("{}_{}", q.id, r.id),
                    r.label.clone(),
                    ItemKind::Choice(scale.clone()),
                )
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
id = "t-1"
title = "T"
year = 2020
source = "test"
[[question]]
id = "a"
number = "1"
kind = "yes_no"
text = "A?"
[[question]]
id = "b"
number = "1a"
kind = "free_text"
text = "B?"
show_if = { item = "a", equals = "nej" }
"#;

    #[test]
    fn a_copy_has_its_own_id_and_title_and_the_same_questions() {
        let (q, text) = Questionnaire::copy_definition(SMALL, "prov", "PROV: liten enkät").unwrap();
        assert_eq!((q.id.as_str(), q.title.as_str()), ("prov", "PROV: liten enkät"));
        let original = Questionnaire::from_toml(SMALL).unwrap();
        assert_eq!(q.questions, original.questions);
        assert_eq!(Questionnaire::from_toml(&text).unwrap(), q);
        assert!(Questionnaire::copy_definition(SMALL, "Fel Id", "x").is_err());
    }

    #[test]
    fn parses_items_and_conditions() {
        let q = Questionnaire::from_toml(SMALL).unwrap();
        assert_eq!(q.item_ids(), "a, b");
        assert_eq!(q.item("b").unwrap().show_if.as_ref().unwrap().item, "a");
        assert!(q.item("a").unwrap().accepts("ja"));
        assert!(!q.item("a").unwrap().accepts("kanske"));
        assert!(q.item("b").unwrap().accepts("vad som helst"));
    }

    #[test]
    fn refuses_bad_definitions() {
        let bad_cond = SMALL.replace("equals = \"nej\"", "equals = \"kanske\"");
        assert!(matches!(
            Questionnaire::from_toml(&bad_cond),
            Err(QuestionnaireError::BadCondition { .. })
        ));
        let forward = SMALL.replace("item = \"a\"", "item = \"c\"");
        assert!(matches!(
            Questionnaire::from_toml(&forward),
            Err(QuestionnaireError::BadCondition { .. })
        ));
        let dup = SMALL.replace("id = \"b\"", "id = \"a\"");
        assert_eq!(
            Questionnaire::from_toml(&dup).unwrap_err(),
            QuestionnaireError::DuplicateItem("a".into())
        );
        let bad_id = SMALL.replace("t-1", "T 1");
        assert!(matches!(
            Questionnaire::from_toml(&bad_id),
            Err(QuestionnaireError::BadId(_))
        ));
    }
}
