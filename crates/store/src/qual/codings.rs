//! Codings: one code on one span of one document by one coder.

use std::collections::HashMap;

use sqlx::{Any, Row, Transaction};
use uppsikt_domain::qual::{Coding, slice};
use uppsikt_domain::{InputProblem, InputProblems, tr};

use crate::error::{Entity, NotFound};
use crate::{Result, Store};

/// A coding with the text it covers, as `codings export` writes it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CodedText {
    /// The coding.
    #[serde(flatten)]
    pub coding: Coding,
    /// The coded text.
    pub text: String,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Codings read.
    pub read: usize,
    /// Codings not stored before.
    pub new: usize,
}

/// Stores `codings` (each with its row in `file`), all or nothing. The same
/// (document, start, end, code, coder) twice is stored once. `demo` marks the
/// demo's example codings.
pub async fn import(store: &Store, file: &str, codings: &[(u64, Coding)], demo: bool) -> Result<ImportSummary> {
    let mut tx = store.pool().begin().await?;
    let summary = import_in(&mut tx, file, codings, demo).await?;
    tx.commit().await?;
    Ok(summary)
}

/// [`import`] inside a transaction the caller commits.
pub(crate) async fn import_in(
    tx: &mut Transaction<'_, Any>,
    file: &str,
    codings: &[(u64, Coding)],
    demo: bool,
) -> Result<ImportSummary> {
    // The lengths of the documents the codings name (only those: one coding
    // from the web reads one row, not the whole table).
    let mut lengths: HashMap<String, i64> = HashMap::new();
    for (_, c) in codings {
        if lengths.contains_key(&c.doc_id) {
            continue;
        }
        let row = sqlx::query("SELECT length FROM qual_documents WHERE doc_id = $1")
            .bind(&c.doc_id)
            .fetch_optional(&mut **tx)
            .await?;
        if let Some(r) = row {
            lengths.insert(c.doc_id.clone(), r.get(0));
        }
    }
    let codes: std::collections::HashSet<String> = sqlx::query("SELECT code_id FROM qual_codes")
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut problems = Vec::new();
    for (row, c) in codings {
        let cell = |column: &str, p: String| InputProblem::cell(file, *row, Some(column), p);
        match lengths.get(&c.doc_id) {
            None => problems.push(cell("doc_id", tr!(qual.unknown_document, id = c.doc_id))),
            Some(&len) if i64::from(c.end) > len => {
                problems.push(cell("end", tr!(qual.end_beyond_text, end = c.end, length = len)));
            }
            Some(_) => {}
        }
        if !codes.contains(&c.code_id) {
            problems.push(cell("code_id", tr!(qual.unknown_code, id = c.code_id)));
        }
        if c.start >= c.end {
            problems.push(cell(
                "start",
                tr!(qual.start_not_before_end, start = c.start, end = c.end),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(InputProblems(problems).into());
    }
    let mut summary = ImportSummary {
        read: codings.len(),
        new: 0,
    };
    for (_, c) in codings {
        let done = sqlx::query(
            "INSERT INTO qual_codings (doc_id, start_at, end_at, code_id, coder, memo, demo)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (doc_id, start_at, end_at, code_id, coder) DO NOTHING",
        )
        .bind(&c.doc_id)
        .bind(i64::from(c.start))
        .bind(i64::from(c.end))
        .bind(&c.code_id)
        .bind(&c.coder)
        .bind(&c.memo)
        .bind(i64::from(demo))
        .execute(&mut **tx)
        .await?;
        summary.new += done.rows_affected() as usize;
    }
    Ok(summary)
}

/// Removes one coding; not finding it is [`NotFound`].
pub async fn remove(store: &Store, c: &Coding) -> Result<()> {
    let done = sqlx::query(
        "DELETE FROM qual_codings WHERE doc_id = $1 AND start_at = $2 AND end_at = $3 AND code_id = $4 AND coder = $5",
    )
    .bind(&c.doc_id)
    .bind(i64::from(c.start))
    .bind(i64::from(c.end))
    .bind(&c.code_id)
    .bind(&c.coder)
    .execute(store.pool())
    .await?;
    if done.rows_affected() == 0 {
        let key = format!("{} {}–{} {} {}", c.doc_id, c.start, c.end, c.code_id, c.coder);
        return Err(NotFound::new(Entity::Coding, key).into());
    }
    Ok(())
}

/// Every coding, sorted by document, start, end, code and coder.
pub async fn all(store: &Store) -> Result<Vec<Coding>> {
    let rows = sqlx::query(
        "SELECT doc_id, start_at, end_at, code_id, coder, memo FROM qual_codings
         ORDER BY doc_id, start_at, end_at, code_id, coder",
    )
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(from_row).collect()
}

/// The codings of one document, in the same order.
pub async fn of_document(store: &Store, doc_id: &str) -> Result<Vec<Coding>> {
    let rows = sqlx::query(
        "SELECT doc_id, start_at, end_at, code_id, coder, memo FROM qual_codings WHERE doc_id = $1
         ORDER BY start_at, end_at, code_id, coder",
    )
    .bind(doc_id)
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(from_row).collect()
}

fn from_row(r: &sqlx::any::AnyRow) -> Result<Coding> {
    Ok(Coding {
        doc_id: r.get(0),
        start: position(r.get(1))?,
        end: position(r.get(2))?,
        code_id: r.get(3),
        coder: r.get(4),
        memo: r.get(5),
    })
}

fn position(v: i64) -> Result<u32> {
    u32::try_from(v).map_err(|e| crate::Error::Backend(crate::BackendError::Corrupt(format!("position {v}: {e}"))))
}

/// Every coding with its text, in the export's order.
pub async fn export(store: &Store) -> Result<Vec<CodedText>> {
    let codings = all(store).await?;
    let texts: HashMap<String, String> = sqlx::query("SELECT doc_id, body FROM qual_documents")
        .fetch_all(store.pool())
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    Ok(codings
        .into_iter()
        .map(|c| {
            let text = texts
                .get(&c.doc_id)
                .and_then(|t| slice(t, c.start as usize, c.end as usize))
                .unwrap_or_default()
                .to_string();
            CodedText { coding: c, text }
        })
        .collect())
}
