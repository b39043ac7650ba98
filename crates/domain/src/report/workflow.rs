//! The review workflow of a report as a pure state machine.
//!
//! ```text
//! draft ─submit→ submitted ─approve→ approved ─send_for_fact_check→ fact_check
//!   ↑              │   ↑                ↑ (locked from here on)         │
//!   edit        return submit           └──── send again ── fact_checked ←─confirm
//!                  ↓   │                                          │
//!               returned                                      publish → published
//! unlock (admin, with a reason): approved | fact_check | fact_checked | published → returned
//! ```
//!
//! Approval locks the report, as DHIS2's data approval locks data entry; only
//! an explicit unlock with a reason reopens it. Who may do what is decided by
//! [`permitted`], a plain function of the actor's role, so the web layer and
//! the CLI apply the same rules. [`ActionKind`] is the one list of what can be
//! done to a report: the web's forms, the API's enum and the audit trail's
//! action codes are all made from it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::access::Role;
use crate::codes::RegionCode;
use crate::i18n::{ActionTexts, sv};
use crate::tr;

/// Where a report is in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    /// Being written by the region.
    Draft,
    /// Handed in; waiting for the agency's review.
    Submitted,
    /// Sent back to the region with comments.
    Returned,
    /// Accepted by the agency; locked.
    Approved,
    /// The agency's text about the region is with the region for fact-checking; locked.
    FactCheck,
    /// The region has checked the agency's text; locked.
    FactChecked,
    /// Published; locked.
    Published,
}

impl ReportState {
    /// Every state, in workflow order.
    pub const ALL: [ReportState; 7] = [
        ReportState::Draft,
        ReportState::Submitted,
        ReportState::Returned,
        ReportState::Approved,
        ReportState::FactCheck,
        ReportState::FactChecked,
        ReportState::Published,
    ];

    /// Stable code, stored in the database and used in the API.
    pub fn code(self) -> &'static str {
        match self {
            ReportState::Draft => "draft",
            ReportState::Submitted => "submitted",
            ReportState::Returned => "returned",
            ReportState::Approved => "approved",
            ReportState::FactCheck => "fact_check",
            ReportState::FactChecked => "fact_checked",
            ReportState::Published => "published",
        }
    }

    /// Swedish label, from the catalogue.
    pub fn label_sv(self) -> &'static str {
        let t = &sv().report_state;
        match self {
            ReportState::Draft => &t.draft,
            ReportState::Submitted => &t.submitted,
            ReportState::Returned => &t.returned,
            ReportState::Approved => &t.approved,
            ReportState::FactCheck => &t.fact_check,
            ReportState::FactChecked => &t.fact_checked,
            ReportState::Published => &t.published,
        }
    }

    /// Approved and everything after: content cannot change until unlocked.
    pub fn is_locked(self) -> bool {
        matches!(
            self,
            ReportState::Approved | ReportState::FactCheck | ReportState::FactChecked | ReportState::Published
        )
    }

    /// The region may change answers and measures.
    pub fn is_editable(self) -> bool {
        matches!(self, ReportState::Draft | ReportState::Returned)
    }

    /// Handed in: submitted and every state after, including returned.
    pub fn is_handed_in(self) -> bool {
        self != ReportState::Draft
    }
}

/// A state code that is not one of [`ReportState::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", tr!(workflow.unknown_state, state = .0))]
pub struct UnknownState(pub String);

impl FromStr for ReportState {
    type Err = UnknownState;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReportState::ALL
            .into_iter()
            .find(|r| r.code() == s)
            .ok_or_else(|| UnknownState(s.to_string()))
    }
}

impl fmt::Display for ReportState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Whether an action carries a text (a comment, a reason, the text to fact-check).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRule {
    /// The action takes no text.
    None,
    /// A text may be given.
    Optional,
    /// The action is refused without a text.
    Required,
}

/// What can be done to a report. The one list behind the web's buttons, the
/// API's `action` values, the OpenAPI enum and the audit trail's actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// The report is created (the first save of its content).
    Create,
    /// Answers or measures change.
    Edit,
    /// A report read from a source text is recorded (admins only).
    Transcribe,
    /// The region hands the report in.
    Submit,
    /// The agency sends it back with a comment.
    Return,
    /// The agency approves it; this locks it.
    Approve,
    /// The agency sends its text about the region for fact-checking.
    SendForFactCheck,
    /// The region confirms the fact-check, with an optional comment.
    ConfirmFactCheck,
    /// The agency publishes it.
    Publish,
    /// An admin reopens a locked report, with a reason.
    Unlock,
}

impl ActionKind {
    /// Every kind.
    pub const ALL: [ActionKind; 10] = [
        ActionKind::Create,
        ActionKind::Edit,
        ActionKind::Transcribe,
        ActionKind::Submit,
        ActionKind::Return,
        ActionKind::Approve,
        ActionKind::SendForFactCheck,
        ActionKind::ConfirmFactCheck,
        ActionKind::Publish,
        ActionKind::Unlock,
    ];

    /// The review steps a user chooses on the report's page or through the
    /// API's `actions` call, in the order they are offered.
    pub const STEPS: [ActionKind; 7] = [
        ActionKind::Submit,
        ActionKind::Return,
        ActionKind::Approve,
        ActionKind::SendForFactCheck,
        ActionKind::ConfirmFactCheck,
        ActionKind::Publish,
        ActionKind::Unlock,
    ];

    /// Stable code: the form value, the API value, the audit trail's action.
    pub fn code(self) -> &'static str {
        match self {
            ActionKind::Create => "create",
            ActionKind::Edit => "edit",
            ActionKind::Transcribe => "transcribe",
            ActionKind::Submit => "submit",
            ActionKind::Return => "return",
            ActionKind::Approve => "approve",
            ActionKind::SendForFactCheck => "send_for_fact_check",
            ActionKind::ConfirmFactCheck => "confirm_fact_check",
            ActionKind::Publish => "publish",
            ActionKind::Unlock => "unlock",
        }
    }

    /// Whether the action carries a text.
    pub fn text_rule(self) -> TextRule {
        match self {
            ActionKind::Return | ActionKind::SendForFactCheck | ActionKind::Unlock => TextRule::Required,
            ActionKind::ConfirmFactCheck | ActionKind::Transcribe => TextRule::Optional,
            _ => TextRule::None,
        }
    }

    /// The action's Swedish texts: label, verb, button and text label.
    pub fn texts(self) -> &'static ActionTexts {
        let t = &sv().action;
        match self {
            ActionKind::Create => &t.create,
            ActionKind::Edit => &t.edit,
            ActionKind::Transcribe => &t.transcribe,
            ActionKind::Submit => &t.submit,
            ActionKind::Return => &t.r#return,
            ActionKind::Approve => &t.approve,
            ActionKind::SendForFactCheck => &t.send_for_fact_check,
            ActionKind::ConfirmFactCheck => &t.confirm_fact_check,
            ActionKind::Publish => &t.publish,
            ActionKind::Unlock => &t.unlock,
        }
    }

    /// The Swedish label, e.g. in the audit log.
    pub fn label_sv(self) -> &'static str {
        &self.texts().label
    }
}

/// An action code that is not one of [`ActionKind::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", tr!(workflow.unknown_action, action = .0, known = ActionKind::STEPS.map(|k| k.code()).join(", ")))]
pub struct UnknownAction(pub String);

impl FromStr for ActionKind {
    type Err = UnknownAction;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ActionKind::ALL
            .into_iter()
            .find(|k| k.code() == s.trim())
            .ok_or_else(|| UnknownAction(s.trim().to_string()))
    }
}

impl fmt::Display for ActionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Something done to a report: its kind and the text it carries, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// What is done.
    pub kind: ActionKind,
    /// The comment, reason or text (trimmed; `None` when blank).
    pub text: Option<String>,
}

impl Action {
    /// An action of `kind` with `text`; blank text counts as none.
    pub fn new(kind: ActionKind, text: &str) -> Action {
        let t = text.trim();
        Action {
            kind,
            text: (!t.is_empty()).then(|| t.to_string()),
        }
    }

    /// An action without text.
    pub fn bare(kind: ActionKind) -> Action {
        Action { kind, text: None }
    }
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The role may never do this.
    #[error("{}", tr!(workflow.not_permitted, role = .role.label_sv(), action = .action.texts().verb))]
    NotPermitted {
        /// Who tried.
        role: Role,
        /// What they tried.
        action: ActionKind,
    },
    /// A region coordinator acting on another region's report.
    #[error("{}", tr!(workflow.other_region, role = .role.label_sv(), region = .region))]
    OtherRegion {
        /// Who tried.
        role: Role,
        /// Whose report it is.
        region: RegionCode,
    },
    /// The report is locked.
    #[error("{}", tr!(workflow.locked, state = .state.label_sv()))]
    Locked {
        /// The locked state.
        state: ReportState,
    },
    /// The action does not apply in this state.
    #[error("{}", tr!(workflow.wrong_state, state = .state.label_sv(), action = .action.texts().verb,
        allowed = allowed_from(*.action)))]
    WrongState {
        /// The report's state.
        state: ReportState,
        /// What was tried.
        action: ActionKind,
    },
    /// The action needs a text and got none.
    #[error("{}", tr!(workflow.missing_text, what = .action.texts().missing_text))]
    MissingText {
        /// The action whose text is missing.
        action: ActionKind,
    },
}

/// The states an action applies in, as Swedish text ("utkast eller återsänd").
fn allowed_from(action: ActionKind) -> String {
    use ReportState::*;
    let states: &[ReportState] = match action {
        ActionKind::Edit | ActionKind::Submit | ActionKind::Create => &[Draft, Returned],
        ActionKind::Return | ActionKind::Approve => &[Submitted],
        ActionKind::SendForFactCheck => &[Approved, FactChecked],
        ActionKind::ConfirmFactCheck => &[FactCheck],
        ActionKind::Publish => &[FactChecked],
        ActionKind::Unlock => &[Approved, FactCheck, FactChecked, Published],
        ActionKind::Transcribe => &[],
    };
    let labels: Vec<&str> = states.iter().map(|s| s.label_sv()).collect();
    match labels.split_last() {
        None => String::new(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} {} {last}", rest.join(", "), sv().common.or),
    }
}

/// Whether `role` may do `action` on the report of `region`, whatever its state.
/// Regions edit, submit and confirm fact-checks of their own report; analysts
/// review, approve, send for fact-check and publish; only admins unlock and
/// transcribe, and admins may do everything.
pub fn permitted(role: Role, action: ActionKind, region: RegionCode) -> Result<(), Refusal> {
    use ActionKind::*;
    let ok = match role {
        Role::Admin => true,
        Role::Region(own) => {
            let allowed = matches!(action, Create | Edit | Submit | ConfirmFactCheck);
            if allowed && own != region {
                return Err(Refusal::OtherRegion { role, region });
            }
            allowed
        }
        Role::Analyst => matches!(action, Return | Approve | SendForFactCheck | Publish),
    };
    if ok {
        Ok(())
    } else {
        Err(Refusal::NotPermitted { role, action })
    }
}

/// The state after `action`, or why it is refused. Checks the role first, then
/// the state, then that a required text is given.
pub fn transition(state: ReportState, action: &Action, role: Role, region: RegionCode) -> Result<ReportState, Refusal> {
    use ActionKind as K;
    use ReportState::*;
    permitted(role, action.kind, region)?;
    let wrong = || Refusal::WrongState {
        state,
        action: action.kind,
    };
    let next = match (action.kind, state) {
        (K::Edit | K::Create, Draft | Returned) => state,
        (K::Submit, Draft | Returned) => Submitted,
        (K::Edit | K::Create | K::Submit, s) if s.is_locked() => return Err(Refusal::Locked { state: s }),
        (K::Return, Submitted) => Returned,
        (K::Approve, Submitted) => Approved,
        (K::SendForFactCheck, Approved | FactChecked) => FactCheck,
        (K::ConfirmFactCheck, FactCheck) => FactChecked,
        (K::Publish, FactChecked) => Published,
        (K::Unlock, s) if s.is_locked() => Returned,
        // A transcription records a state read from a source; it is not a step from one.
        (K::Transcribe, s) => s,
        _ => return Err(wrong()),
    };
    if action.kind.text_rule() == TextRule::Required && action.text.is_none() {
        return Err(Refusal::MissingText { action: action.kind });
    }
    Ok(next)
}

#[cfg(test)]
#[path = "workflow_tests.rs"]
mod tests;
