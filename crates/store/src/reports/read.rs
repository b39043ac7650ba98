//! Reading reports, their measures and the audit trail back.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use uppsikt_domain::report::{Answers, Period, Report, ReportContent, ReportMeasure, ReportState};
use uppsikt_domain::{AgreementId, RegionCode, Sek, Source};

use crate::Store;

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

fn source(r: &AnyRow) -> anyhow::Result<Option<Source>> {
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

fn measure(r: &AnyRow) -> anyhow::Result<ReportMeasure> {
    let status: Option<String> = r.try_get("status")?;
    let period: Option<String> = r.try_get("period")?;
    Ok(ReportMeasure {
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

fn report(r: &AnyRow, measures: Vec<ReportMeasure>) -> anyhow::Result<Report> {
    let state: String = r.try_get("state")?;
    Ok(Report {
        agreement: r.try_get::<String, _>("agreement_id")?.parse()?,
        region: r.try_get::<String, _>("region")?.parse()?,
        state: state.parse().map_err(anyhow::Error::msg)?,
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
pub async fn get(store: &Store, agreement: &AgreementId, region: RegionCode) -> anyhow::Result<Option<Report>> {
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
    let measures = rows.iter().map(measure).collect::<anyhow::Result<_>>()?;
    Ok(Some(report(&row, measures)?))
}

/// Every report on `agreement`, by region.
pub async fn list(store: &Store, agreement: &AgreementId) -> anyhow::Result<Vec<Report>> {
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
            .collect::<anyhow::Result<_>>()?;
        out.push(report(r, measures)?);
    }
    Ok(out)
}

/// One row of the audit trail: who did what when, and the value before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub role: String,
    pub agreement: String,
    pub region: String,
    pub version: i64,
    pub action: String,
    pub measure: Option<i64>,
    pub field: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
    pub comment: Option<String>,
}

/// The audit trail of `agreement` (and `region`, if given), oldest first.
pub async fn audit(
    store: &Store,
    agreement: &AgreementId,
    region: Option<RegionCode>,
) -> anyhow::Result<Vec<AuditEntry>> {
    let rows = sqlx::query(
        "SELECT id, at, actor, role, agreement_id, region, version, action, measure_seq, field, old_value,
           new_value, comment
         FROM audit_log WHERE agreement_id = $1 AND ($2 = '' OR region = $2) ORDER BY id",
    )
    .bind(agreement.as_str())
    .bind(region.map(|r| r.to_string()).unwrap_or_default())
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|r| {
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
            })
        })
        .collect()
}

/// Whether a state counts as handed in (everything after a first submission).
pub(crate) fn handed_in(state: ReportState) -> bool {
    state != ReportState::Draft
}
