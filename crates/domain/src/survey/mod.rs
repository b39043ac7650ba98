//! Questionnaires: questions, answer codes, skip logic and response validation.
//!
//! A [`Questionnaire`] is a list of [`Question`]s as the respondent sees them
//! (single choice, yes/no, a matrix of rows on one scale, free text). What a
//! response holds, though, are [`Item`]s: one per answerable cell, so a matrix
//! question yields one item per row (`q1` → `q1_politisk`, `q1_ledning`, …).
//! Responses are stored and exchanged per item, in long format.
//!
//! Questionnaires are data (`data/reference/*.toml`), parsed once into these
//! checked types: an existing `Questionnaire` has unique item ids, non-empty
//! answer scales and conditions that point at an earlier choice item and one
//! of its codes.

mod logic;
mod model;
pub mod reconstruction;
mod results;
mod state;

pub use logic::{AnswerProblem, Answers, Completeness, ProblemKind};
pub use model::{
    Choice, Condition, ConditionProblem, Item, ItemKind, MatrixRow, Question, QuestionKind, Questionnaire,
    QuestionnaireError,
};
pub use results::{AnswerCount, percent_one_decimal, tabulate};
pub use state::{ResponseStatus, SurveyState, UnknownResponseStatus, UnknownSurveyState};
