//! The answers to SKR's four questions that every report holds.

use serde::{Deserialize, Serialize};

use crate::i18n::sv;

/// SKR's four questions for the regions' reports (seed 003, "Genomförande").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Question {
    /// Formal decisions: strategic documents, budget, operational planning.
    Decisions,
    /// Organisation set up to follow the transition.
    Organisation,
    /// Concrete changes, obstacles, success factors, culture change.
    Changes,
    /// Economic conditions, reallocation and economic consequences.
    Economy,
}

impl Question {
    /// The four questions in SKR's order.
    pub const ALL: [Question; 4] = [
        Question::Decisions,
        Question::Organisation,
        Question::Changes,
        Question::Economy,
    ];

    /// Stable code: the key of the answer in the API and the audit trail.
    pub fn code(self) -> &'static str {
        match self {
            Question::Decisions => "decisions",
            Question::Organisation => "organisation",
            Question::Changes => "changes",
            Question::Economy => "economy",
        }
    }

    /// The question as SKR worded it (seed 003, "Genomförande").
    pub fn text_sv(self) -> &'static str {
        let t = &sv().question;
        match self {
            Question::Decisions => &t.decisions,
            Question::Organisation => &t.organisation,
            Question::Changes => &t.changes,
            Question::Economy => &t.economy,
        }
    }

    /// A short Swedish name, e.g. in the audit log and in messages.
    pub fn short_sv(self) -> &'static str {
        let t = &sv().question;
        match self {
            Question::Decisions => &t.decisions_short,
            Question::Organisation => &t.organisation_short,
            Question::Changes => &t.changes_short,
            Question::Economy => &t.economy_short,
        }
    }
}

/// The longest answer to one of the four questions, in characters.
pub const MAX_ANSWER_CHARS: usize = 50_000;

/// Answers to the four questions; `None` where not (yet) answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    /// Formal decisions.
    pub decisions: Option<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// Concrete changes.
    pub changes: Option<String>,
    /// Economy.
    pub economy: Option<String>,
}

impl Answers {
    /// The answer to `q`.
    pub fn get(&self, q: Question) -> Option<&str> {
        match q {
            Question::Decisions => self.decisions.as_deref(),
            Question::Organisation => self.organisation.as_deref(),
            Question::Changes => self.changes.as_deref(),
            Question::Economy => self.economy.as_deref(),
        }
    }

    /// Each answer longer than [`MAX_ANSWER_CHARS`], with what is wrong in
    /// Swedish: an answer is bounded so that saving it again and again
    /// cannot grow the append-only audit trail without end.
    pub fn too_long(&self) -> Vec<(Question, String)> {
        Question::ALL
            .into_iter()
            .filter_map(|q| Some((q, crate::measure::too_long(self.get(q)?, MAX_ANSWER_CHARS)?)))
            .collect()
    }

    /// The questions left unanswered, in SKR's order.
    pub fn unanswered(&self) -> Vec<Question> {
        Question::ALL.into_iter().filter(|q| self.get(*q).is_none()).collect()
    }

    /// Sets the answer to `q`; blank text counts as no answer.
    pub fn set(&mut self, q: Question, text: Option<String>) {
        let text = text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
        match q {
            Question::Decisions => self.decisions = text,
            Question::Organisation => self.organisation = text,
            Question::Changes => self.changes = text,
            Question::Economy => self.economy = text,
        }
    }
}
