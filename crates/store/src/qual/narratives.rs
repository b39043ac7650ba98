//! The narratives already in the store, kept in step as documents: each
//! handed-in regional report's answers to the four questions and its
//! measures' descriptions and results (kind `redovisning`), and each
//! municipality's free-text survey answers (kind `enkatsvar`).
//!
//! [`sync`] rebuilds what those documents should say from the reports and
//! responses and writes only what differs, bumping the revision so the search
//! index follows. When a narrative's text changes under codings (a report
//! returned and handed in again), each coding moves to where its coded text
//! now is, nearest its old place; a coding whose text is gone is dropped and
//! counted in the result, never left pointing into other words.

use std::collections::HashMap;

use sqlx::{Any, Row, Transaction};
use uppsikt_domain::qual::{DocKind, byte_range, char_len};
use uppsikt_domain::{MunicipalityCode, RegionCode, tr};

use super::documents::{DocumentInput, Origin, remove_in, write};
use crate::{Result, Store};

/// What a sync changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncSummary {
    /// Narrative documents added or rewritten.
    pub written: usize,
    /// Narrative documents removed (their report went back to draft, without codings).
    pub removed: usize,
    /// Codings moved with their text.
    pub moved: usize,
    /// Codings dropped because their text is gone.
    pub dropped: usize,
}

/// Brings the narrative documents in step with the reports and the survey responses.
pub async fn sync(store: &Store) -> Result<SyncSummary> {
    let mut tx = store.pool().begin().await?;
    let wanted = wanted(&mut tx).await?;
    let stored: HashMap<String, DocumentInput> = sqlx::query(
        "SELECT doc_id, title, kind, region, municipality, agreement_id, body, source FROM qual_documents
         WHERE origin = 'narrative'",
    )
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|r| {
        let d = DocumentInput {
            doc_id: r.get(0),
            title: r.get(1),
            kind: r.get::<String, _>(2).parse().unwrap_or(DocKind::Report),
            region: r.get::<Option<String>, _>(3).and_then(|c| c.parse().ok()),
            municipality: r.get::<Option<String>, _>(4).and_then(|c| c.parse().ok()),
            agreement: r.get(5),
            date: None,
            participants: None,
            text: r.get(6),
            source: r.get(7),
        };
        (d.doc_id.clone(), d)
    })
    .collect();
    let mut summary = SyncSummary::default();
    let mut revision = None;
    for d in wanted.values() {
        let old = stored.get(&d.doc_id);
        if old == Some(d) {
            continue;
        }
        let rev = match revision {
            Some(r) => r,
            None => *revision.insert(super::bump(&mut tx).await?),
        };
        if let Some(old) = old
            && old.text != d.text
        {
            let (moved, dropped) = move_codings(&mut tx, &d.doc_id, &old.text, &d.text).await?;
            summary.moved += moved;
            summary.dropped += dropped;
        }
        write(&mut tx, d, Origin::Narrative, rev).await?;
        summary.written += 1;
    }
    for id in stored.keys().filter(|id| !wanted.contains_key(*id)) {
        let codings = sqlx::query("SELECT COUNT(*) FROM qual_codings WHERE doc_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?
            .get::<i64, _>(0);
        // Coded evidence is kept even when its report went back to draft.
        if codings == 0 {
            remove_in(&mut tx, id).await?;
            summary.removed += 1;
        }
    }
    tx.commit().await?;
    if summary != SyncSummary::default() {
        tracing::info!(?summary, "narrative documents synchronised");
    }
    Ok(summary)
}

/// The narrative documents the reports and responses call for, by id.
async fn wanted(tx: &mut Transaction<'_, Any>) -> Result<HashMap<String, DocumentInput>> {
    let mut out = HashMap::new();
    let q = &uppsikt_domain::i18n::sv().question;
    let m = &uppsikt_domain::i18n::sv().qual;
    let reports = sqlx::query(
        "SELECT r.agreement_id, r.region, g.name, r.answer_decisions, r.answer_organisation, r.answer_changes,
                r.answer_economy, a.short_name, r.source_seed, r.source_section
         FROM reports r JOIN regions g ON g.code = r.region JOIN agreements a ON a.id = r.agreement_id
         WHERE r.state <> 'draft'
         ORDER BY r.agreement_id, r.region",
    )
    .fetch_all(&mut **tx)
    .await?;
    let measures = sqlx::query(
        "SELECT agreement_id, region, seq, title, description, results FROM report_measures
         ORDER BY agreement_id, region, seq",
    )
    .fetch_all(&mut **tx)
    .await?;
    for r in &reports {
        let (agreement, region): (String, String) = (r.get(0), r.get(1));
        let mut text = String::new();
        let questions = [&q.decisions, &q.organisation, &q.changes, &q.economy];
        for (i, question) in questions.iter().enumerate() {
            if let Some(answer) = r.get::<Option<String>, _>(3 + i).filter(|a| !a.trim().is_empty()) {
                push_part(&mut text, question, &answer);
            }
        }
        for mr in measures
            .iter()
            .filter(|mr| mr.get::<String, _>(0) == agreement && mr.get::<String, _>(1) == region)
        {
            let heading = tr!(
                qual.narrative_heading_measure,
                seq = mr.get::<i64, _>(2),
                title = mr.get::<String, _>(3)
            );
            let description: Option<String> = mr.get(4);
            let results: Option<String> = mr.get(5);
            let mut body = description.unwrap_or_default();
            if let Some(res) = results.filter(|s| !s.trim().is_empty()) {
                if !body.is_empty() {
                    body.push('\n');
                }
                body.push_str(&format!("{}: {res}", m.narrative_results));
            }
            push_part(&mut text, &heading, &body);
        }
        if text.is_empty() {
            continue;
        }
        let region_code: RegionCode = region.parse()?;
        let doc_id = format!("redovisning-{agreement}-{region}");
        let title = tr!(
            qual.narrative_report_title,
            agreement = r.get::<String, _>(7),
            region = r.get::<String, _>(2)
        );
        let mut doc = narrative(
            doc_id.clone(),
            title,
            DocKind::Report,
            Some(region_code),
            None,
            Some(agreement),
            text,
        );
        // A report transcribed from a seed text keeps its source.
        if let (Some(seed), Some(section)) = (r.get::<Option<String>, _>(8), r.get::<Option<String>, _>(9)) {
            doc.source = Some(uppsikt_domain::source::cite(&seed, &section));
        }
        out.insert(doc_id, doc);
    }
    let answers = sqlx::query(
        "SELECT a.survey_id, a.municipality, k.name, i.label, a.value, p.synthetic, p.source
         FROM survey_answers a
         JOIN survey_items i ON i.survey_id = a.survey_id AND i.id = a.item_id
         JOIN survey_participants p ON p.survey_id = a.survey_id AND p.municipality = a.municipality
         JOIN municipalities k ON k.code = a.municipality
         WHERE i.kind = 'free_text' AND p.status = 'complete'
         ORDER BY a.survey_id, a.municipality, i.position",
    )
    .fetch_all(&mut **tx)
    .await?;
    for a in &answers {
        let value: String = a.get(4);
        if value.trim().is_empty() {
            continue;
        }
        let (survey, municipality): (String, String) = (a.get(0), a.get(1));
        let doc_id = format!("enkatsvar-{survey}-{municipality}");
        let code: MunicipalityCode = municipality.parse()?;
        let entry = out.entry(doc_id.clone()).or_insert_with(|| {
            let title = tr!(
                qual.narrative_survey_title,
                survey = survey,
                municipality = a.get::<String, _>(2)
            );
            let mut doc = narrative(
                doc_id,
                title,
                DocKind::SurveyAnswer,
                Some(code.region()),
                Some(code),
                None,
                String::new(),
            );
            // Answers that are not the municipality's own say so wherever they show.
            let source: Option<String> = a.get(6);
            doc.source = match (a.get::<i64, _>(5) == 1, source) {
                (true, Some(s)) => Some(format!("{}: {s}", tr!(qual.synthetic_source))),
                (true, None) => Some(tr!(qual.synthetic_source)),
                (false, s) => s,
            };
            doc
        });
        push_part(&mut entry.text, &a.get::<String, _>(3), &value);
    }
    Ok(out)
}

fn narrative(
    doc_id: String,
    title: String,
    kind: DocKind,
    region: Option<RegionCode>,
    municipality: Option<MunicipalityCode>,
    agreement: Option<String>,
    text: String,
) -> DocumentInput {
    DocumentInput {
        doc_id,
        title,
        kind,
        region,
        municipality,
        agreement,
        date: None,
        participants: None,
        text,
        source: None,
    }
}

/// Appends a heading and its text, parts separated by a blank line; the
/// text is normalised as every document's is.
fn push_part(text: &mut String, heading: &str, body: &str) {
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&uppsikt_domain::qual::normalize(heading));
    text.push('\n');
    text.push_str(&uppsikt_domain::qual::normalize(body));
}

/// Moves the codings of `doc_id` from `old` to `new` text; returns (moved, dropped).
async fn move_codings(tx: &mut Transaction<'_, Any>, doc_id: &str, old: &str, new: &str) -> Result<(usize, usize)> {
    let rows = sqlx::query("SELECT start_at, end_at, code_id, coder FROM qual_codings WHERE doc_id = $1")
        .bind(doc_id)
        .fetch_all(&mut **tx)
        .await?;
    let (mut moved, mut dropped) = (0, 0);
    for r in &rows {
        let (start, end): (i64, i64) = (r.get(0), r.get(1));
        let (code, coder): (String, String) = (r.get(2), r.get(3));
        let target =
            byte_range(old, start as usize, end as usize).and_then(|span| relocate(&old[span], new, start as usize));
        if target == Some((start as usize, end as usize)) {
            continue;
        }
        match target {
            Some((s, e)) => {
                // Another coding may already sit exactly there: keep that one.
                sqlx::query(
                    "UPDATE qual_codings SET start_at = $6, end_at = $7
                     WHERE doc_id = $1 AND start_at = $2 AND end_at = $3 AND code_id = $4 AND coder = $5
                       AND NOT EXISTS (SELECT 1 FROM qual_codings o WHERE o.doc_id = $1 AND o.start_at = $6
                                       AND o.end_at = $7 AND o.code_id = $4 AND o.coder = $5)",
                )
                .bind(doc_id)
                .bind(start)
                .bind(end)
                .bind(&code)
                .bind(&coder)
                .bind(s as i64)
                .bind(e as i64)
                .execute(&mut **tx)
                .await?;
                moved += 1;
            }
            None => dropped += 1,
        }
        sqlx::query(
            "DELETE FROM qual_codings WHERE doc_id = $1 AND start_at = $2 AND end_at = $3 AND code_id = $4 AND coder = $5",
        )
        .bind(doc_id)
        .bind(start)
        .bind(end)
        .bind(&code)
        .bind(&coder)
        .execute(&mut **tx)
        .await?;
    }
    Ok((moved, dropped))
}

/// Where `quote` occurs in `text`, nearest to scalar position `near`, as scalar positions.
fn relocate(quote: &str, text: &str, near: usize) -> Option<(usize, usize)> {
    let len = char_len(quote);
    text.match_indices(quote)
        .map(|(byte, _)| char_len(&text[..byte]))
        .min_by_key(|&s| s.abs_diff(near))
        .map(|s| (s, s + len))
}

#[cfg(test)]
mod tests {
    use super::relocate;

    #[test]
    fn relocates_to_the_nearest_occurrence() {
        assert_eq!(relocate("team", "nya team och team", 13), Some((13, 17)));
        assert_eq!(relocate("team", "ett åäö team", 0), Some((8, 12)));
        assert_eq!(relocate("borta", "inget här", 0), None);
    }
}
