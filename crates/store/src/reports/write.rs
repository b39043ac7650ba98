//! The one function that changes reports: [`commit`] writes the audit rows of a
//! change and then the change itself, in one transaction.
//!
//! Nothing else in the crate writes `reports` or `report_measures`, and the
//! database refuses a row change without an audit row for it (triggers in
//! migration 0003), so a change without an audit row is impossible both by
//! the code's construction and at the database.

use std::collections::{BTreeSet, HashMap, HashSet};

use sqlx::{Any, AssertSqlSafe, Transaction};
use uppsikt_domain::access::Actor;
use uppsikt_domain::measure::Measure;
use uppsikt_domain::report::{ActionKind, FieldChange, Report, content_changes};
use uppsikt_domain::tr;

use crate::{Backend, Conflict, Result, Store, bulk};

/// From this many audit rows in one change, PostgreSQL's statistics of the
/// audited tables are brought up to date inside the change (a few tens of
/// milliseconds; a report's usual edit writes a handful of rows).
const ANALYZE_FROM_ROWS: usize = 2_000;

/// One audit row before it is written.
struct AuditRow {
    measure_seq: Option<i32>,
    field: Option<String>,
    old: Option<String>,
    new: Option<String>,
}

fn source_text(r: &Report) -> Option<String> {
    r.source.as_ref().map(|s| format!("{} ({})", s.seed, s.section))
}

/// The audit rows for going from `before` to `after`: report fields, then answers and measures.
fn audit_rows(before: Option<&Report>, after: &Report) -> Vec<AuditRow> {
    let mut rows = Vec::new();
    let mut field = |name: &str, old: Option<String>, new: Option<String>| {
        if old != new || (name == "state" && before.is_none()) {
            rows.push(AuditRow {
                measure_seq: None,
                field: Some(name.to_string()),
                old,
                new,
            });
        }
    };
    field(
        "state",
        before.map(|b| b.state.code().to_string()),
        Some(after.state.code().to_string()),
    );
    field("comment", before.and_then(|b| b.comment.clone()), after.comment.clone());
    field(
        "fact_check_text",
        before.and_then(|b| b.fact_check_text.clone()),
        after.fact_check_text.clone(),
    );
    field(
        "first_submitted_at",
        before.and_then(|b| b.first_submitted_at.clone()),
        after.first_submitted_at.clone(),
    );
    field("source", before.and_then(source_text), source_text(after));
    let empty = Default::default();
    let old_content = before.map(|b| &b.content).unwrap_or(&empty);
    for FieldChange {
        measure_seq,
        field,
        old,
        new,
    } in content_changes(old_content, &after.content)
    {
        rows.push(AuditRow {
            measure_seq,
            field: Some(field),
            old,
            new,
        });
    }
    rows
}

/// Writes `after` (a changed copy of `before`, or a new report when `before`
/// is `None`) with its audit rows under `action`, by `actor` at `at`. Returns
/// the stored report with its new version, or `before` unchanged when nothing
/// differs. A concurrent change that got there first makes it fail with
/// [`Conflict::Stale`] and write nothing.
pub(super) async fn commit(
    store: &Store,
    actor: &Actor,
    at: &str,
    before: Option<&Report>,
    mut after: Report,
    action: ActionKind,
    comment: Option<&str>,
) -> Result<Report> {
    debug_assert!(
        after.content.measures.iter().all(|m| m.number.is_some()),
        "measures are numbered before they are stored"
    );
    let rows = audit_rows(before, &after);
    if rows.is_empty() {
        return Ok(before.cloned().expect("a new report always has a state row"));
    }
    let old_version = before.map(|b| b.version).unwrap_or(0);
    after.version = old_version + 1;
    let mut tx = store.pool().begin().await?;
    write_audit_rows(&mut tx, actor, at, &after, action, comment, &rows).await?;
    write_report(&mut tx, &after, before.is_none(), old_version).await?;
    if store.backend() == Backend::Postgres && rows.len() >= ANALYZE_FROM_ROWS {
        // PostgreSQL plans the audit triggers' lookups from the tables'
        // statistics. Right after a large import they still describe the
        // tables before it, and the delete trigger then scanned every audit
        // row of the new version per measure: 10 000 measures rewritten took
        // 5.6 s, 100 000 took 48 s. ANALYZE sees this transaction's rows too,
        // and takes no lock that blocks other writers.
        sqlx::query("ANALYZE audit_log, report_measures")
            .execute(&mut *tx)
            .await?;
    }
    // A changed measure is deleted and written again whole; the triggers
    // accept both because its audit rows of the new version are written.
    let changed: Vec<i32> = rows
        .iter()
        .filter_map(|r| r.measure_seq)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let stored: HashSet<i32> = before
        .into_iter()
        .flat_map(|b| &b.content.measures)
        .filter_map(|m| m.number)
        .collect();
    let existed: Vec<i32> = changed.iter().copied().filter(|n| stored.contains(n)).collect();
    delete_measures(&mut tx, &after, &existed).await?;
    let by_number: HashMap<i32, &Measure> = after
        .content
        .measures
        .iter()
        .filter_map(|m| m.number.map(|n| (n, m)))
        .collect();
    let written: Vec<(i32, &Measure)> = changed
        .iter()
        .filter_map(|&n| by_number.get(&n).map(|m| (n, *m)))
        .collect();
    insert_measures(&mut tx, &after, &written).await?;
    tx.commit().await?;
    Ok(after)
}

/// Writes `rows` for the change to `after` in multi-row statements: a
/// thousand-measure import is a few statements, not twelve thousand.
async fn write_audit_rows(
    tx: &mut Transaction<'_, Any>,
    actor: &Actor,
    at: &str,
    after: &Report,
    action: ActionKind,
    comment: Option<&str>,
    rows: &[AuditRow],
) -> Result<()> {
    const COLUMNS: usize = 13;
    for chunk in rows.chunks(bulk::rows_per_statement(COLUMNS)) {
        let sql = format!(
            "INSERT INTO audit_log (at, actor, role, agreement_id, region, version, action, measure_seq, field,
               old_value, new_value, comment, os_user)
             VALUES {}",
            bulk::values(chunk.len(), COLUMNS, 1)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for row in chunk {
            q = q
                .bind(at)
                .bind(&actor.name)
                .bind(actor.role.to_string())
                .bind(after.agreement.as_str())
                .bind(after.region.as_str())
                .bind(after.version)
                .bind(action.code())
                .bind(row.measure_seq.map(i64::from))
                .bind(row.field.as_deref())
                .bind(row.old.as_deref())
                .bind(row.new.as_deref())
                .bind(comment)
                .bind(actor.os_user.as_deref());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Deletes the measures `seqs` (ascending) of `r`'s report. Each statement
/// also bounds `seq` by its chunk's first and last number: a range on the
/// key's last column is always an index condition, whereas PostgreSQL, with
/// statistics from before a large import, filtered `seq IN (…)` over every
/// measure of the region, once per chunk (100 000 measures rewritten: 48 s).
async fn delete_measures(tx: &mut Transaction<'_, Any>, r: &Report, seqs: &[i32]) -> Result<()> {
    debug_assert!(seqs.is_sorted(), "chunks are ranges");
    for chunk in seqs.chunks(bulk::rows_per_statement(1)) {
        let (Some(first), Some(last)) = (chunk.first(), chunk.last()) else {
            continue;
        };
        let sql = format!(
            "DELETE FROM report_measures WHERE agreement_id = $1 AND region = $2 AND seq BETWEEN $3 AND $4
               AND seq IN ({})",
            bulk::list(chunk.len(), 5)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql))
            .bind(r.agreement.as_str())
            .bind(r.region.as_str())
            .bind(i64::from(*first))
            .bind(i64::from(*last));
        for seq in chunk {
            q = q.bind(i64::from(*seq));
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

async fn write_report(tx: &mut Transaction<'_, Any>, r: &Report, new: bool, old_version: i64) -> Result<()> {
    let a = &r.content.answers;
    let sql = if new {
        "INSERT INTO reports (state, answer_decisions, answer_organisation, answer_changes, answer_economy, comment,
           fact_check_text, first_submitted_at, version, source_seed, source_section, source_quote,
           agreement_id, region)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    } else {
        // The version condition makes a concurrent change fail instead of being overwritten.
        "UPDATE reports SET state = $1, answer_decisions = $2, answer_organisation = $3, answer_changes = $4,
           answer_economy = $5, comment = $6, fact_check_text = $7, first_submitted_at = $8, version = $9,
           source_seed = $10, source_section = $11, source_quote = $12
         WHERE agreement_id = $13 AND region = $14 AND version = $15"
    };
    let mut q = sqlx::query(sql)
        .bind(r.state.code())
        .bind(a.decisions.as_deref())
        .bind(a.organisation.as_deref())
        .bind(a.changes.as_deref())
        .bind(a.economy.as_deref())
        .bind(r.comment.as_deref())
        .bind(r.fact_check_text.as_deref())
        .bind(r.first_submitted_at.as_deref())
        .bind(r.version)
        .bind(r.source.as_ref().map(|s| s.seed.as_str()))
        .bind(r.source.as_ref().map(|s| s.section.as_str()))
        .bind(r.source.as_ref().and_then(|s| s.quote.as_deref()))
        .bind(r.agreement.as_str())
        .bind(r.region.as_str());
    if !new {
        q = q.bind(old_version);
    }
    let done = match q.execute(&mut **tx).await {
        // Two first saves of the same report race on its primary key.
        Err(sqlx::Error::Database(e)) if new && e.is_unique_violation() => {
            return Err(Conflict::Stale(tr!(store.the_report)).into());
        }
        other => other?,
    };
    if done.rows_affected() != 1 {
        return Err(Conflict::Stale(tr!(store.the_report)).into());
    }
    Ok(())
}

/// Inserts `measures` (sequence number, measure) into `r`'s report at its version.
async fn insert_measures(tx: &mut Transaction<'_, Any>, r: &Report, measures: &[(i32, &Measure)]) -> Result<()> {
    const COLUMNS: usize = 19;
    for chunk in measures.chunks(bulk::rows_per_statement(COLUMNS)) {
        let sql = format!(
            "INSERT INTO report_measures (agreement_id, region, seq, title, description, area_id, earmark_id, status,
               cost_sek, grant_sek, approx, period, results, target_group, part_of, version, source_seed,
               source_section, source_quote)
             VALUES {}",
            bulk::values(chunk.len(), COLUMNS, 1)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for (seq, m) in chunk {
            q = q
                .bind(r.agreement.as_str())
                .bind(r.region.as_str())
                .bind(i64::from(*seq))
                .bind(&m.title)
                .bind(m.description.as_deref())
                .bind(m.area.as_deref())
                .bind(m.earmark.as_deref())
                .bind(m.status.map(|s| s.code()))
                .bind(m.cost.map(|s| s.0))
                .bind(m.grant_funded.map(|s| s.0))
                .bind(i64::from(m.approx))
                .bind(m.period.map(|p| p.to_string()))
                .bind(m.results.as_deref())
                .bind(m.target_group.as_deref())
                .bind(m.part_of.map(i64::from))
                .bind(r.version)
                .bind(m.source.as_ref().map(|s| s.seed.as_str()))
                .bind(m.source.as_ref().map(|s| s.section.as_str()))
                .bind(m.source.as_ref().and_then(|s| s.quote.as_deref()));
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}
