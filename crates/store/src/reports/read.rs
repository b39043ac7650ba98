//! Reading reports, their measures and the audit trail back.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use uppsikt_domain::measure::{Measure, Period};
use uppsikt_domain::report::{Answers, Report, ReportContent, ReportState};
use uppsikt_domain::{AgreementId, RegionCode, Sek, Source};

use crate::{Result, Store};

/// `SELECT` of every report column, followed by `$tail`. A macro so the SQL stays a literal.
macro_rules! select_reports {
    ($tail:literal) => {
        concat!(
            "SELECT agreement_id, region, state, answer_decisions, answer_organisation, answer_changes,
               answer_economy, comment, fact_check_text, first_submitted_at, version, source_seed,
               source_section, source_quote FROM reports ",
            $tail
        )
    };
}

fn source(r: &AnyRow) -> Result<Option<Source>> {
    let seed: Option<String> = r.try_get("source_seed")?;
    Ok(match seed {
        Some(seed) => Some(Source {
            seed,
            section: r.try_get::<Option<String>, _>("source_section")?.unwrap_or_default(),
            quote: r.try_get("source_quote")?,
        }),
        None => None,
    })
}

fn measure(r: &AnyRow) -> Result<Measure> {
    let status: Option<String> = r.try_get("status")?;
    let period: Option<String> = r.try_get("period")?;
    Ok(Measure {
        number: Some(r.try_get::<i64, _>("seq")? as i32),
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        area: r.try_get("area_id")?,
        earmark: r.try_get("earmark_id")?,
        status: status.map(|s| s.parse()).transpose()?,
        cost: r.try_get::<Option<i64>, _>("cost_sek")?.map(Sek),
        grant_funded: r.try_get::<Option<i64>, _>("grant_sek")?.map(Sek),
        approx: r.try_get::<i64, _>("approx")? != 0,
        period: period.map(|p| p.parse::<Period>()).transpose()?,
        results: r.try_get("results")?,
        target_group: r.try_get("target_group")?,
        part_of: r.try_get::<Option<i64>, _>("part_of")?.map(|v| v as i32),
        source: source(r)?,
    })
}

fn report(r: &AnyRow, measures: Vec<Measure>) -> Result<Report> {
    let state: String = r.try_get("state")?;
    Ok(Report {
        agreement: r.try_get::<String, _>("agreement_id")?.parse()?,
        region: r.try_get::<String, _>("region")?.parse()?,
        state: state.parse()?,
        content: ReportContent {
            answers: Answers {
                decisions: r.try_get("answer_decisions")?,
                organisation: r.try_get("answer_organisation")?,
                changes: r.try_get("answer_changes")?,
                economy: r.try_get("answer_economy")?,
            },
            measures,
        },
        comment: r.try_get("comment")?,
        fact_check_text: r.try_get("fact_check_text")?,
        first_submitted_at: r.try_get("first_submitted_at")?,
        version: r.try_get("version")?,
        source: source(r)?,
    })
}

/// The report of `region` on `agreement`, if there is one.
pub async fn get(store: &Store, agreement: &AgreementId, region: RegionCode) -> Result<Option<Report>> {
    let Some(row) = sqlx::query(select_reports!("WHERE agreement_id = $1 AND region = $2"))
        .bind(agreement.as_str())
        .bind(region.as_str())
        .fetch_optional(store.pool())
        .await?
    else {
        return Ok(None);
    };
    let rows = sqlx::query("SELECT * FROM report_measures WHERE agreement_id = $1 AND region = $2 ORDER BY seq")
        .bind(agreement.as_str())
        .bind(region.as_str())
        .fetch_all(store.pool())
        .await?;
    let measures = rows.iter().map(measure).collect::<Result<_>>()?;
    Ok(Some(report(&row, measures)?))
}

/// Every report on `agreement`, by region.
pub async fn list(store: &Store, agreement: &AgreementId) -> Result<Vec<Report>> {
    let rows = sqlx::query(select_reports!("WHERE agreement_id = $1 ORDER BY region"))
        .bind(agreement.as_str())
        .fetch_all(store.pool())
        .await?;
    let measure_rows = sqlx::query("SELECT * FROM report_measures WHERE agreement_id = $1 ORDER BY region, seq")
        .bind(agreement.as_str())
        .fetch_all(store.pool())
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let region: String = r.try_get("region")?;
        let measures = measure_rows
            .iter()
            .filter(|m| m.get::<String, _>("region") == region)
            .map(measure)
            .collect::<Result<_>>()?;
        out.push(report(r, measures)?);
    }
    Ok(out)
}

/// Which reports' measures [`measures`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every report, drafts included: what the agency sees while work goes on.
    All,
    /// Reports the region has handed in and that are not back with it
    /// (submitted, approved, in or past fact-checking): what may be published.
    HandedIn,
}

impl Scope {
    fn holds(self, state: ReportState) -> bool {
        match self {
            Scope::All => true,
            Scope::HandedIn => !matches!(state, ReportState::Draft | ReportState::Returned),
        }
    }
}

/// The measures of `agreement`'s reports in `scope`, with their region, by region and number.
pub async fn measures(store: &Store, agreement: &AgreementId, scope: Scope) -> Result<Vec<(RegionCode, Measure)>> {
    Ok(list(store, agreement)
        .await?
        .into_iter()
        .filter(|r| scope.holds(r.state))
        .flat_map(|r| {
            let region = r.region;
            r.content.measures.into_iter().map(move |m| (region, m))
        })
        .collect())
}

/// One row of the audit trail: who did what when, and the value before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Row id, increasing in time.
    pub id: i64,
    /// When (ISO-8601 UTC).
    pub at: String,
    /// Who: the account's name.
    pub actor: String,
    /// In which role (`admin`, `analyst`, `region:17`).
    pub role: String,
    /// The agreement's id.
    pub agreement: String,
    /// The region's code.
    pub region: String,
    /// The report's version after the change.
    pub version: i64,
    /// The action's code ([`uppsikt_domain::report::ActionKind`]).
    pub action: String,
    /// The measure's number, for measure fields.
    pub measure: Option<i64>,
    /// The field's code ([`uppsikt_domain::report::field_label_sv`]).
    pub field: Option<String>,
    /// The value before.
    pub old: Option<String>,
    /// The value after.
    pub new: Option<String>,
    /// The comment, reason or text of the action.
    pub comment: Option<String>,
    /// The operating-system user, for a change made on the command line.
    pub os_user: Option<String>,
}

/// One page of the audit trail, newest first, and whether there is more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditPage {
    /// The entries of this page, newest first.
    pub entries: Vec<AuditEntry>,
    /// The `before` to ask for the next (older) page, if there is one.
    pub next_before: Option<i64>,
}

/// At most `limit` audit rows of `agreement` (and `region`), newest first,
/// older than row `before` when given: the audit trail in pages, so that a
/// long history never has to be read whole.
pub async fn audit_page(
    store: &Store,
    agreement: &AgreementId,
    region: Option<RegionCode>,
    before: Option<i64>,
    limit: i64,
) -> Result<AuditPage> {
    let rows = sqlx::query(
        "SELECT id, at, actor, role, agreement_id, region, version, action, measure_seq, field, old_value,
           new_value, comment, os_user
         FROM audit_log WHERE agreement_id = $1 AND ($2 = '' OR region = $2) AND id < $3
         ORDER BY id DESC LIMIT $4",
    )
    .bind(agreement.as_str())
    .bind(region.map(|r| r.to_string()).unwrap_or_default())
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit + 1)
    .fetch_all(store.pool())
    .await?;
    let mut entries = rows.iter().map(audit_entry).collect::<Result<Vec<_>>>()?;
    let more = entries.len() as i64 > limit;
    entries.truncate(limit as usize);
    let next_before = more.then(|| entries.last().map(|e| e.id)).flatten();
    Ok(AuditPage { entries, next_before })
}

fn audit_entry(r: &AnyRow) -> Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        actor: r.try_get("actor")?,
        role: r.try_get("role")?,
        agreement: r.try_get("agreement_id")?,
        region: r.try_get("region")?,
        version: r.try_get("version")?,
        action: r.try_get("action")?,
        measure: r.try_get("measure_seq")?,
        field: r.try_get("field")?,
        old: r.try_get("old_value")?,
        new: r.try_get("new_value")?,
        comment: r.try_get("comment")?,
        os_user: r.try_get("os_user")?,
    })
}

/// The audit trail of `agreement` (and `region`, if given), oldest first.
pub async fn audit(store: &Store, agreement: &AgreementId, region: Option<RegionCode>) -> Result<Vec<AuditEntry>> {
    let rows = sqlx::query(
        "SELECT id, at, actor, role, agreement_id, region, version, action, measure_seq, field, old_value,
           new_value, comment, os_user
         FROM audit_log WHERE agreement_id = $1 AND ($2 = '' OR region = $2) ORDER BY id",
    )
    .bind(agreement.as_str())
    .bind(region.map(|r| r.to_string()).unwrap_or_default())
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(audit_entry).collect()
}

/// The number for `region`'s next new measure on `agreement`: one above every
/// number its report has ever given, removed measures' too (the audit trail
/// remembers them), so that no number ever names two measures.
pub(super) async fn next_measure_number(store: &Store, agreement: &AgreementId, region: RegionCode) -> Result<i32> {
    let highest: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(MAX(measure_seq) AS BIGINT) FROM audit_log WHERE agreement_id = $1 AND region = $2",
    )
    .bind(agreement.as_str())
    .bind(region.as_str())
    .fetch_one(store.pool())
    .await?;
    Ok(highest.unwrap_or(0) as i32 + 1)
}
