//! Regional reports: storing answers and measures, moving reports through the
//! review workflow, reporting rates, and the audit trail.
//!
//! Every change goes through `write::commit`, which writes the audit rows
//! and the change in one transaction; the public functions here are the only
//! way to reach it. Who may do what is decided by the domain's workflow
//! ([`uppsikt_domain::report::transition`]); submission is also refused while
//! an error-level validation finding stands
//! ([`crate::validation::report_findings`]).

pub mod demo;
pub mod import;
mod read;
pub mod template;
mod write;

use serde::Serialize;
use uppsikt_domain::access::Actor;
use uppsikt_domain::report::{
    Action, ActionKind, Report, ReportContent, ReportState, on_time, submit_blockers, transition,
};
use uppsikt_domain::validation::Finding;
use uppsikt_domain::{Agreement, RegionCode, Source, tr};

pub use read::{AuditEntry, AuditPage, Scope, audit, audit_page, get, list, measures};

use std::path::Path;

use crate::validation::report_findings;
use crate::{Conflict, Entity, Error, Invalid, NotFound, Result, Store, agreements, registry};

/// A stored report and what the validation rules say about it.
#[derive(Debug, Clone)]
pub struct Saved {
    /// The report as stored.
    pub report: Report,
    /// The validation findings about it.
    pub findings: Vec<Finding>,
}

/// [`NotFound`] for the report of `region` on `agreement`.
pub fn not_found(agreement: &Agreement, region: RegionCode) -> Error {
    NotFound::new(Entity::Report, format!("{}/{region}", agreement.id)).into()
}

/// Refuses a change based on `base` (the version the user's form was made
/// from) when the stored report has moved on: another tab or user saved in
/// between, and writing now would silently overwrite their change.
fn check_base(stored: Option<&Report>, base: Option<i64>) -> Result<()> {
    let current = stored.map(|r| r.version).unwrap_or(0);
    match base {
        Some(b) if b != current => Err(Conflict::Stale(tr!(store.the_report)).into()),
        _ => Ok(()),
    }
}

/// Where new content comes from, which decides how its measures are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Incoming {
    /// The editor or the API: measures carry the numbers of the stored ones
    /// they replace, new ones none.
    Edit,
    /// A template: the whole report in order, without numbers
    /// ([`ReportContent::number_by_position`]).
    File,
    /// A measures CSV: like a template, and the stored answers are kept.
    MeasuresFile,
}

/// Creates the report of `region` (as a draft) or replaces its answers and
/// measures, at `at` (ISO-8601 UTC). Refused unless the report is a draft or
/// returned and the actor may edit it, and, with `base`, unless the stored
/// version is still `base`. Findings are returned for showing; they do not
/// block saving.
pub async fn save_content(
    store: &Store,
    actor: &Actor,
    at: &str,
    agreement: &Agreement,
    region: RegionCode,
    content: ReportContent,
    base: Option<i64>,
) -> Result<Saved> {
    save(store, actor, at, agreement, region, content, base, Incoming::Edit).await
}

/// [`save_content`], with the stored report read once whatever the content came from.
#[allow(clippy::too_many_arguments)]
async fn save(
    store: &Store,
    actor: &Actor,
    at: &str,
    agreement: &Agreement,
    region: RegionCode,
    mut content: ReportContent,
    base: Option<i64>,
    incoming: Incoming,
) -> Result<Saved> {
    let too_long: Vec<String> = content
        .answers
        .too_long()
        .into_iter()
        .map(|(q, problem)| format!("{}: {problem}", q.short_sv()))
        .collect();
    if !too_long.is_empty() {
        return Err(Invalid::Rule(too_long.join("\n")).into());
    }
    let before = get(store, &agreement.id, region).await?;
    check_base(before.as_ref(), base)?;
    if let Some(stored) = &before {
        match incoming {
            Incoming::Edit => {}
            Incoming::File => content.number_by_position(&stored.content),
            Incoming::MeasuresFile => {
                content.number_by_position(&stored.content);
                content.answers = stored.content.answers.clone();
            }
        }
    }
    if let Some(problem) = content.unknown_or_repeated_number(before.as_ref().map(|b| &b.content)) {
        return Err(Invalid::Rule(problem.to_string()).into());
    }
    // Read outside the transaction: a concurrent save that takes the same
    // number also moves the report's version, and one of the two then fails
    // as stale at the version check of the update.
    content.number_new_measures(read::next_measure_number(store, &agreement.id, region).await?);
    content.measures.sort_by_key(|m| m.number);
    let state = before.as_ref().map(|b| b.state).unwrap_or(ReportState::Draft);
    let kind = if before.is_some() {
        ActionKind::Edit
    } else {
        ActionKind::Create
    };
    transition(state, &Action::bare(kind), actor.role, region)?;
    let after = match &before {
        Some(b) => Report { content, ..b.clone() },
        None => Report {
            agreement: agreement.id.clone(),
            region,
            state: ReportState::Draft,
            content,
            comment: None,
            fact_check_text: None,
            first_submitted_at: None,
            version: 0,
            source: None,
        },
    };
    let report = write::commit(store, actor, at, before.as_ref(), after, kind, None).await?;
    let findings = report_findings(store, agreement, region, &report.content).await?;
    Ok(Saved { report, findings })
}

/// Reads a filled-in template and stores its answers and measures as the
/// report of the region it names (created as a draft if missing). Nothing is
/// stored unless the whole file is valid and the actor may edit the report.
/// The file's rows are the report's measures in order: its n-th row keeps
/// the number of the report's n-th measure
/// ([`ReportContent::number_by_position`]).
pub async fn import_template(store: &Store, actor: &Actor, at: &str, path: &Path) -> Result<Saved> {
    let known = agreements::list(store).await?;
    let parsed = import::read_template(path, &known)?;
    let (a, r) = (&parsed.agreement, parsed.region);
    save(store, actor, at, a, r, parsed.content, None, Incoming::File).await
}

/// Reads measures from a CSV file and stores them as the measures of
/// `region`'s report, keeping its answers. All or nothing, and numbered by
/// position, as for templates.
pub async fn import_measures_csv(
    store: &Store,
    actor: &Actor,
    at: &str,
    path: &Path,
    agreement: &Agreement,
    region: RegionCode,
) -> Result<Saved> {
    let content = ReportContent {
        answers: Default::default(),
        measures: import::read_measures_csv(path, agreement)?,
    };
    save(
        store,
        actor,
        at,
        agreement,
        region,
        content,
        None,
        Incoming::MeasuresFile,
    )
    .await
}

/// Records a report read from a source text directly in `state` (admins only;
/// the report must not exist yet). Used for the reports the seeds hold.
#[allow(clippy::too_many_arguments)]
pub async fn transcribe(
    store: &Store,
    actor: &Actor,
    at: &str,
    agreement: &Agreement,
    region: RegionCode,
    mut content: ReportContent,
    state: ReportState,
    source: Source,
) -> Result<Report> {
    transition(state, &Action::bare(ActionKind::Transcribe), actor.role, region)?;
    if get(store, &agreement.id, region).await?.is_some() {
        return Err(Conflict::Exists(tr!(store.report_exists, region = region, agreement = agreement.id)).into());
    }
    // A source text numbers its measures itself, or they are numbered in order.
    content.number_new_measures(1);
    let comment = tr!(store.transcribed_from, seed = source.seed, section = source.section);
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
    write::commit(store, actor, at, None, report, ActionKind::Transcribe, Some(&comment)).await
}

/// Moves the report through the workflow at `at`. Submission is refused with
/// [`Error::Blocked`] while an error-level finding stands; other refusals are
/// the domain's [`uppsikt_domain::report::Refusal`]. With `base`, a report
/// that changed since the user saw it is refused as a conflict.
pub async fn act(
    store: &Store,
    actor: &Actor,
    at: &str,
    agreement: &Agreement,
    region: RegionCode,
    action: Action,
    base: Option<i64>,
) -> Result<Saved> {
    let before = get(store, &agreement.id, region)
        .await?
        .ok_or_else(|| not_found(agreement, region))?;
    check_base(Some(&before), base)?;
    let next = transition(before.state, &action, actor.role, region)?;
    let findings = report_findings(store, agreement, region, &before.content).await?;
    let mut after = Report {
        state: next,
        ..before.clone()
    };
    let text = action.text.clone();
    match action.kind {
        ActionKind::Submit => {
            let blockers: Vec<Finding> = submit_blockers(&findings).into_iter().cloned().collect();
            if !blockers.is_empty() {
                return Err(Error::Blocked(blockers));
            }
            // A resubmission answers the reviewer's comment; the comment is
            // kept in the audit trail, not on the report.
            after.comment = None;
            if after.first_submitted_at.is_none() {
                after.first_submitted_at = Some(at.to_string());
            }
        }
        ActionKind::Return | ActionKind::Unlock => after.comment = text.clone(),
        ActionKind::SendForFactCheck => after.fact_check_text = text.clone(),
        ActionKind::ConfirmFactCheck if text.is_some() => after.comment = text.clone(),
        _ => {}
    }
    let report = write::commit(store, actor, at, Some(&before), after, action.kind, text.as_deref()).await?;
    Ok(Saved { report, findings })
}

/// One region's line in `uppsikt reports status`.
#[derive(Debug, Clone, Serialize)]
pub struct StatusRow {
    /// County code.
    pub region: String,
    /// The region's short name.
    pub name: String,
    /// The report's state; `None` where no report exists.
    pub state: Option<ReportState>,
    /// Number of measures.
    pub measures: usize,
    /// Sum of the top-level measures' costs, where any has one.
    pub cost_sek: Option<i64>,
    /// When the report was first submitted (ISO-8601 UTC).
    pub first_submitted_at: Option<String>,
    /// `None` where nothing was submitted through Uppsikt or the agreement has no deadline.
    pub on_time: Option<bool>,
}

/// Reporting rates as DHIS2 counts them: expected, actual and on-time reports.
#[derive(Debug, Clone, Serialize)]
pub struct Rates {
    /// The agreement's id.
    pub agreement: String,
    /// The report deadline (ISO date), where set.
    pub deadline: Option<String>,
    /// Reports expected: one per region.
    pub expected: usize,
    /// Reports handed in (submitted and every state after, incl. returned).
    pub submitted: usize,
    /// Of those, first submitted by the deadline.
    pub on_time: usize,
    /// Approved and every state after.
    pub approved: usize,
    /// One row per region.
    pub rows: Vec<StatusRow>,
}

/// The reporting status of every region under `agreement`.
pub async fn rates(store: &Store, agreement: &Agreement) -> Result<Rates> {
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
                state: rep.map(|x| x.state),
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
        submitted: reports.iter().filter(|x| x.state.is_handed_in()).count(),
        on_time: rows.iter().filter(|r| r.on_time == Some(true)).count(),
        approved: reports.iter().filter(|x| x.state.is_locked()).count(),
        rows,
    })
}
