//! Regional reports: storing answers and measures, moving reports through the
//! review workflow, reporting rates, and the audit trail.
//!
//! Every change goes through [`write::commit`], which writes the audit rows
//! and the change in one transaction; the public functions here are the only
//! way to reach it. Who may do what is decided by the domain's workflow
//! ([`uppsikt_domain::report::transition`]); submission is also refused while
//! an error-level validation finding stands ([`checks::findings`]).

pub mod checks;
pub mod demo;
pub mod import;
mod read;
pub mod template;
mod write;

use serde::Serialize;
use uppsikt_domain::report::{
    Action, Refusal, Report, ReportContent, ReportState, Role, may_transcribe, on_time, submit_blockers, transition,
};
use uppsikt_domain::validation::Finding;
use uppsikt_domain::{Agreement, RegionCode, Source};

pub use read::{AuditEntry, audit, get, list};

use std::path::Path;

use crate::{Store, agreements, registry};

/// Who acts, in which role, and when (ISO-8601 UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub role: Role,
    pub at: String,
}

impl Actor {
    /// `name` acting as `role` now.
    pub fn now(name: &str, role: Role) -> Actor {
        Actor {
            name: name.to_string(),
            role,
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }
}

/// Why a submission was refused: the error-level findings that stand.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("inlämning nekad: {} fel måste rättas först:\n{}", .0.len(), list_findings(.0))]
pub struct SubmitBlocked(pub Vec<Finding>);

fn list_findings(f: &[Finding]) -> String {
    f.iter()
        .map(|x| format!("  - [{}] {}", x.rule, x.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A stored report and what the validation rules say about it.
#[derive(Debug, Clone)]
pub struct Saved {
    pub report: Report,
    pub findings: Vec<Finding>,
}

fn not_found(agreement: &Agreement, region: RegionCode) -> anyhow::Error {
    anyhow::anyhow!(
        "region {region} har ingen rapport för {} ännu (skapa den med uppsikt reports import)",
        agreement.id
    )
}

/// Creates the report of `region` (as a draft) or replaces its answers and
/// measures. Refused unless the report is a draft or returned and the actor
/// may edit it. Findings are returned for showing; they do not block saving.
pub async fn save_content(
    store: &Store,
    actor: &Actor,
    agreement: &Agreement,
    region: RegionCode,
    content: ReportContent,
) -> anyhow::Result<Saved> {
    let before = get(store, &agreement.id, region).await?;
    let state = before.as_ref().map(|b| b.state).unwrap_or(ReportState::Draft);
    transition(state, &Action::Edit, actor.role, region)?;
    let after = match &before {
        Some(b) => Report {
            content: content.clone(),
            ..b.clone()
        },
        None => Report {
            agreement: agreement.id.clone(),
            region,
            state: ReportState::Draft,
            content: content.clone(),
            comment: None,
            fact_check_text: None,
            first_submitted_at: None,
            version: 0,
            source: None,
        },
    };
    let action = if before.is_some() { "edit" } else { "create" };
    let report = write::commit(store, actor, before.as_ref(), after, action, None).await?;
    let findings = checks::findings(store, agreement, region, &report.content).await?;
    Ok(Saved { report, findings })
}

/// Reads a filled-in template and stores its answers and measures as the
/// report of the region it names (created as a draft if missing). Nothing is
/// stored unless the whole file is valid and the actor may edit the report.
pub async fn import_template(store: &Store, actor: &Actor, path: &Path) -> anyhow::Result<Saved> {
    let known = agreements::list(store).await?;
    let parsed = import::read_template(path, &known)?;
    save_content(store, actor, &parsed.agreement, parsed.region, parsed.content).await
}

/// Reads measures from a CSV file and stores them as the measures of
/// `region`'s report, keeping its answers. All or nothing, as for templates.
pub async fn import_measures_csv(
    store: &Store,
    actor: &Actor,
    path: &Path,
    agreement: &Agreement,
    region: RegionCode,
) -> anyhow::Result<Saved> {
    let measures = import::read_measures_csv(path, agreement)?;
    let answers = get(store, &agreement.id, region)
        .await?
        .map(|r| r.content.answers)
        .unwrap_or_default();
    save_content(store, actor, agreement, region, ReportContent { answers, measures }).await
}

/// Records a report read from a source text directly in `state` (admins only;
/// the report must not exist yet). Used for the 2017 reports the seeds hold.
pub async fn transcribe(
    store: &Store,
    actor: &Actor,
    agreement: &Agreement,
    region: RegionCode,
    content: ReportContent,
    state: ReportState,
    source: Source,
) -> anyhow::Result<Report> {
    may_transcribe(actor.role)?;
    if get(store, &agreement.id, region).await?.is_some() {
        anyhow::bail!("region {region} har redan en rapport för {}", agreement.id);
    }
    let comment = format!("införd ur {} ({})", source.seed, source.section);
    let report = Report {
        agreement: agreement.id.clone(),
        region,
        state,
        content,
        comment: None,
        fact_check_text: None,
        first_submitted_at: None,
        version: 0,
        source: Some(source),
    };
    write::commit(store, actor, None, report, "transcribe", Some(&comment)).await
}

/// Moves the report through the workflow. Submission is refused with
/// [`SubmitBlocked`] while an error-level finding stands; other refusals are
/// the domain's [`Refusal`].
pub async fn act(
    store: &Store,
    actor: &Actor,
    agreement: &Agreement,
    region: RegionCode,
    action: Action,
) -> anyhow::Result<Saved> {
    let before = get(store, &agreement.id, region)
        .await?
        .ok_or_else(|| not_found(agreement, region))?;
    let next: Result<ReportState, Refusal> = transition(before.state, &action, actor.role, region);
    let next = next?;
    let findings = checks::findings(store, agreement, region, &before.content).await?;
    let mut after = Report {
        state: next,
        ..before.clone()
    };
    match &action {
        Action::Submit => {
            let blockers: Vec<Finding> = submit_blockers(&findings).into_iter().cloned().collect();
            if !blockers.is_empty() {
                return Err(SubmitBlocked(blockers).into());
            }
            after.comment = None;
            if after.first_submitted_at.is_none() {
                after.first_submitted_at = Some(actor.at.clone());
            }
        }
        Action::Return { comment } => after.comment = Some(comment.trim().to_string()),
        Action::Unlock { reason } => after.comment = Some(reason.trim().to_string()),
        Action::SendForFactCheck { text } => after.fact_check_text = Some(text.trim().to_string()),
        Action::ConfirmFactCheck { comment: Some(c) } => after.comment = Some(c.trim().to_string()),
        _ => {}
    }
    let report = write::commit(store, actor, Some(&before), after, action.key(), action.text()).await?;
    Ok(Saved { report, findings })
}

/// One region's line in `uppsikt reports status`.
#[derive(Debug, Clone, Serialize)]
pub struct StatusRow {
    pub region: String,
    pub name: String,
    /// Swedish state label, or `saknas` where no report exists.
    pub state: String,
    pub measures: usize,
    pub cost_sek: Option<i64>,
    pub first_submitted_at: Option<String>,
    /// `None` where nothing was submitted through Uppsikt or the agreement has no deadline.
    pub on_time: Option<bool>,
}

/// Reporting rates as DHIS2 counts them: expected, actual and on-time reports.
#[derive(Debug, Clone, Serialize)]
pub struct Rates {
    pub agreement: String,
    pub deadline: Option<String>,
    pub expected: usize,
    /// Reports handed in (submitted and every state after, incl. returned).
    pub submitted: usize,
    /// Of those, first submitted by the deadline.
    pub on_time: usize,
    pub approved: usize,
    pub rows: Vec<StatusRow>,
}

/// The reporting status of every region under `agreement`.
pub async fn rates(store: &Store, agreement: &Agreement) -> anyhow::Result<Rates> {
    let regions = registry::regions(store).await?;
    let reports = list(store, &agreement.id).await?;
    let deadline = agreement.deadline.clone();
    let rows: Vec<StatusRow> = regions
        .iter()
        .map(|r| {
            let rep = reports.iter().find(|x| x.region == r.code);
            let costs: Vec<i64> = rep
                .map(|x| {
                    x.content
                        .measures
                        .iter()
                        .filter(|m| m.part_of.is_none())
                        .filter_map(|m| m.cost.map(|c| c.0))
                        .collect()
                })
                .unwrap_or_default();
            StatusRow {
                region: r.code.to_string(),
                name: r.name.clone(),
                state: rep.map(|x| x.state.label_sv()).unwrap_or("saknas").to_string(),
                measures: rep.map(|x| x.content.measures.len()).unwrap_or(0),
                cost_sek: (!costs.is_empty()).then(|| costs.iter().sum()),
                first_submitted_at: rep.and_then(|x| x.first_submitted_at.clone()),
                on_time: rep.and_then(|x| on_time(x.first_submitted_at.as_deref(), deadline.as_deref())),
            }
        })
        .collect();
    Ok(Rates {
        agreement: agreement.id.to_string(),
        deadline,
        expected: regions.len(),
        submitted: reports.iter().filter(|x| read::handed_in(x.state)).count(),
        on_time: rows.iter().filter(|r| r.on_time == Some(true)).count(),
        approved: reports.iter().filter(|x| x.state.is_locked()).count(),
        rows,
    })
}
