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
//! the CLI apply the same rules.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::codes::RegionCode;

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
    pub const ALL: [ReportState; 7] = [
        ReportState::Draft,
        ReportState::Submitted,
        ReportState::Returned,
        ReportState::Approved,
        ReportState::FactCheck,
        ReportState::FactChecked,
        ReportState::Published,
    ];

    /// Stable key, stored in the database.
    pub fn key(self) -> &'static str {
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

    /// Swedish label for listings.
    pub fn label_sv(self) -> &'static str {
        match self {
            ReportState::Draft => "utkast",
            ReportState::Submitted => "inlämnad",
            ReportState::Returned => "återsänd",
            ReportState::Approved => "godkänd",
            ReportState::FactCheck => "faktagranskning",
            ReportState::FactChecked => "faktagranskad",
            ReportState::Published => "publicerad",
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
}

impl FromStr for ReportState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReportState::ALL
            .into_iter()
            .find(|r| r.key() == s)
            .ok_or_else(|| format!("'{s}' is not a report state"))
    }
}

impl fmt::Display for ReportState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Who acts: a region's coordinator (own region only), an analyst at the agency, or an administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Region(RegionCode),
    Analytiker,
    Admin,
}

impl FromStr for Role {
    type Err = String;
    /// `region:17`, `analytiker` or `admin`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "analytiker" => Ok(Role::Analytiker),
            "admin" => Ok(Role::Admin),
            other => match other.strip_prefix("region:") {
                Some(code) => code.parse().map(Role::Region).map_err(|e| e.to_string()),
                None => Err(format!(
                    "'{other}' is not a role: use region:CODE (e.g. region:17), analytiker or admin"
                )),
            },
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Role::Region(c) => write!(f, "region:{c}"),
            Role::Analytiker => f.write_str("analytiker"),
            Role::Admin => f.write_str("admin"),
        }
    }
}

/// Something done to a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Create the report or change its answers or measures.
    Edit,
    Submit,
    Return {
        comment: String,
    },
    Approve,
    SendForFactCheck {
        text: String,
    },
    ConfirmFactCheck {
        comment: Option<String>,
    },
    Publish,
    Unlock {
        reason: String,
    },
}

impl Action {
    /// Stable key, used in the audit log.
    pub fn key(&self) -> &'static str {
        match self {
            Action::Edit => "edit",
            Action::Submit => "submit",
            Action::Return { .. } => "return",
            Action::Approve => "approve",
            Action::SendForFactCheck { .. } => "send_for_fact_check",
            Action::ConfirmFactCheck { .. } => "confirm_fact_check",
            Action::Publish => "publish",
            Action::Unlock { .. } => "unlock",
        }
    }

    /// The comment, reason or text the action carries.
    pub fn text(&self) -> Option<&str> {
        match self {
            Action::Return { comment } => Some(comment),
            Action::SendForFactCheck { text } => Some(text),
            Action::ConfirmFactCheck { comment } => comment.as_deref(),
            Action::Unlock { reason } => Some(reason),
            _ => None,
        }
    }
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("rollen {role} får inte {action}")]
    NotPermitted { role: String, action: &'static str },
    #[error("rollen {role} får bara hantera sin egen regions rapport, inte region {region}")]
    OtherRegion { role: String, region: RegionCode },
    #[error(
        "rapporten är {state_sv} och låst; den kan bara öppnas genom upplåsning med motivering (uppsikt reports unlock)"
    )]
    Locked { state_sv: &'static str },
    #[error("rapporten är {state_sv}; {action} går bara från {allowed}")]
    WrongState {
        state_sv: &'static str,
        action: &'static str,
        allowed: &'static str,
    },
    #[error("{what} saknas")]
    MissingText { what: &'static str },
}

/// Swedish verb phrase for messages.
fn verb(action: &Action) -> &'static str {
    match action {
        Action::Edit => "ändra rapporten",
        Action::Submit => "lämna in",
        Action::Return { .. } => "återsända",
        Action::Approve => "godkänna",
        Action::SendForFactCheck { .. } => "skicka på faktagranskning",
        Action::ConfirmFactCheck { .. } => "bekräfta faktagranskning",
        Action::Publish => "publicera",
        Action::Unlock { .. } => "låsa upp",
    }
}

/// Whether `role` may do `action` on the report of `region`, whatever its state.
/// Regions edit, submit and confirm fact-checks of their own report; analysts
/// review, approve, send for fact-check and publish; only admins unlock, and
/// admins may do everything.
pub fn permitted(role: Role, action: &Action, region: RegionCode) -> Result<(), Refusal> {
    let ok = match role {
        Role::Admin => true,
        Role::Region(own) => {
            let allowed = matches!(action, Action::Edit | Action::Submit | Action::ConfirmFactCheck { .. });
            if allowed && own != region {
                return Err(Refusal::OtherRegion {
                    role: role.to_string(),
                    region,
                });
            }
            allowed
        }
        Role::Analytiker => matches!(
            action,
            Action::Return { .. } | Action::Approve | Action::SendForFactCheck { .. } | Action::Publish
        ),
    };
    if ok {
        Ok(())
    } else {
        Err(Refusal::NotPermitted {
            role: role.to_string(),
            action: verb(action),
        })
    }
}

/// Whether `role` may record a report read from a source text (e.g. the
/// regions' 2017 spending as published) directly in the state the source
/// gives, without the review rounds that happened outside Uppsikt. Admins only;
/// the audit trail records it as a transcription with its source.
pub fn may_transcribe(role: Role) -> Result<(), Refusal> {
    match role {
        Role::Admin => Ok(()),
        _ => Err(Refusal::NotPermitted {
            role: role.to_string(),
            action: "föra in en rapport ur en källtext",
        }),
    }
}

/// The state after `action`, or why it is refused. Checks the role first, then
/// the state, then that comments and reasons are given.
pub fn transition(state: ReportState, action: &Action, role: Role, region: RegionCode) -> Result<ReportState, Refusal> {
    use ReportState::*;
    permitted(role, action, region)?;
    let wrong = |allowed| Refusal::WrongState {
        state_sv: state.label_sv(),
        action: verb(action),
        allowed,
    };
    let required = |text: &str, what| {
        if text.trim().is_empty() {
            Err(Refusal::MissingText { what })
        } else {
            Ok(())
        }
    };
    match action {
        Action::Edit => match state {
            Draft | Returned => Ok(state),
            s if s.is_locked() => Err(Refusal::Locked { state_sv: s.label_sv() }),
            _ => Err(wrong("utkast eller återsänd")),
        },
        Action::Submit => match state {
            Draft | Returned => Ok(Submitted),
            s if s.is_locked() => Err(Refusal::Locked { state_sv: s.label_sv() }),
            _ => Err(wrong("utkast eller återsänd")),
        },
        Action::Return { comment } => match state {
            Submitted => required(comment, "kommentar till regionen").map(|_| Returned),
            _ => Err(wrong("inlämnad")),
        },
        Action::Approve => match state {
            Submitted => Ok(Approved),
            _ => Err(wrong("inlämnad")),
        },
        Action::SendForFactCheck { text } => match state {
            Approved | FactChecked => required(text, "texten som ska faktagranskas").map(|_| FactCheck),
            _ => Err(wrong("godkänd eller faktagranskad")),
        },
        Action::ConfirmFactCheck { .. } => match state {
            FactCheck => Ok(FactChecked),
            _ => Err(wrong("faktagranskning")),
        },
        Action::Publish => match state {
            FactChecked => Ok(Published),
            _ => Err(wrong("faktagranskad")),
        },
        Action::Unlock { reason } => match state {
            s if s.is_locked() => required(reason, "motivering för upplåsning").map(|_| Returned),
            _ => Err(wrong("godkänd, faktagranskning, faktagranskad eller publicerad")),
        },
    }
}

#[cfg(test)]
#[path = "workflow_tests.rs"]
mod tests;
