//! Documents: import (all or nothing), read, remove.

use std::collections::HashMap;

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use uppsikt_domain::qual::{DocKind, char_len};
use uppsikt_domain::{InputProblem, InputProblems, MunicipalityCode, RegionCode, tr};

use crate::error::{Entity, NotFound};
use crate::{Result, Store};

/// Where a stored document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// `qual import DIR`.
    Import,
    /// A REFI-QDA project.
    Qdpx,
    /// The demo's documents from the seed texts.
    Demo,
    /// A report's or a survey response's narrative, kept in step by the store.
    Narrative,
}

impl Origin {
    fn code(self) -> &'static str {
        match self {
            Origin::Import => "import",
            Origin::Qdpx => "qdpx",
            Origin::Demo => "demo",
            Origin::Narrative => "narrative",
        }
    }

    fn parse(s: &str) -> Result<Origin> {
        Ok(match s {
            "import" => Origin::Import,
            "qdpx" => Origin::Qdpx,
            "demo" => Origin::Demo,
            "narrative" => Origin::Narrative,
            other => return Err(corrupt(format!("qual_documents.origin {other}"))),
        })
    }
}

fn corrupt(what: String) -> crate::Error {
    crate::Error::Backend(crate::BackendError::Corrupt(what))
}

/// A document to store; its text already normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentInput {
    /// Its id.
    pub doc_id: String,
    /// Its title.
    pub title: String,
    /// What it is.
    pub kind: DocKind,
    /// The region it concerns (a municipality's county when a municipality is given).
    pub region: Option<RegionCode>,
    /// The municipality it concerns.
    pub municipality: Option<MunicipalityCode>,
    /// The agreement it concerns.
    pub agreement: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Who took part, free text.
    pub participants: Option<String>,
    /// The normalised text.
    pub text: String,
    /// For demo documents: the seed file and section.
    pub source: Option<String>,
}

/// A stored document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// What was stored.
    pub input: DocumentInput,
    /// The text's length in scalar values.
    pub length: u32,
    /// Where it came from.
    pub origin: Origin,
    /// The revision that last wrote it.
    pub revision: i64,
}

/// A document in a list: everything but the text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocumentSummary {
    /// Its id.
    pub doc_id: String,
    /// Its title.
    pub title: String,
    /// Its kind's code.
    pub kind: String,
    /// County code, if any.
    pub region: Option<String>,
    /// Municipality code, if any.
    pub municipality: Option<String>,
    /// Agreement id, if any.
    pub agreement: Option<String>,
    /// Date, if any.
    pub date: Option<String>,
    /// Length in characters.
    pub length: i64,
    /// Codings on it.
    pub codings: i64,
    /// For demo documents: the seed file and section.
    pub source: Option<String>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Documents that did not exist.
    pub new: usize,
    /// Documents whose text or metadata changed.
    pub updated: usize,
    /// Documents stored exactly as before.
    pub unchanged: usize,
}

/// The columns of a document, in the order [`from_row`] reads them.
macro_rules! select_documents {
    ($tail:literal) => {
        concat!(
            "SELECT doc_id, title, kind, region, municipality, agreement_id, doc_date, participants, body, length,
                    origin, source, revision
             FROM qual_documents ",
            $tail
        )
    };
}

fn from_row(r: &AnyRow) -> Result<Document> {
    let opt = |i: usize| r.get::<Option<String>, _>(i);
    Ok(Document {
        input: DocumentInput {
            doc_id: r.get(0),
            title: r.get(1),
            kind: r.get::<String, _>(2).parse().map_err(|e| corrupt(format!("{e}")))?,
            region: opt(3).map(|c| c.parse()).transpose()?,
            municipality: opt(4).map(|c| c.parse()).transpose()?,
            agreement: opt(5),
            date: opt(6),
            participants: opt(7),
            text: r.get(8),
            source: opt(11),
        },
        length: u32::try_from(r.get::<i64, _>(9)).map_err(|e| corrupt(format!("length {e}")))?,
        origin: Origin::parse(&r.get::<String, _>(10))?,
        revision: r.get(12),
    })
}

/// Documents with a revision above `since`.
pub(crate) async fn changed_since(tx: &mut Transaction<'_, Any>, since: i64) -> Result<Vec<Document>> {
    let rows = sqlx::query(select_documents!("WHERE revision > $1 ORDER BY doc_id"))
        .bind(since)
        .fetch_all(&mut **tx)
        .await?;
    rows.iter().map(from_row).collect()
}

/// One document, with its text.
pub async fn get(store: &Store, doc_id: &str) -> Result<Document> {
    let row = sqlx::query(select_documents!("WHERE doc_id = $1"))
        .bind(doc_id)
        .fetch_optional(store.pool())
        .await?;
    match row {
        Some(r) => from_row(&r),
        None => Err(NotFound::new(Entity::Document, doc_id).into()),
    }
}

/// Every document, with its text, sorted by id.
pub async fn all(store: &Store) -> Result<Vec<Document>> {
    let rows = sqlx::query(select_documents!("ORDER BY doc_id"))
        .fetch_all(store.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

/// Every document without its text, sorted by id; only `region`'s when given.
pub async fn list(store: &Store, region: Option<RegionCode>) -> Result<Vec<DocumentSummary>> {
    let rows = sqlx::query(
        "SELECT d.doc_id, d.title, d.kind, d.region, d.municipality, d.agreement_id, d.doc_date, d.length,
                (SELECT COUNT(*) FROM qual_codings c WHERE c.doc_id = d.doc_id), d.source
         FROM qual_documents d
         WHERE $1 IS NULL OR d.region = $1
         ORDER BY d.doc_id",
    )
    .bind(region.map(|r| r.as_str().to_string()))
    .fetch_all(store.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| DocumentSummary {
            doc_id: r.get(0),
            title: r.get(1),
            kind: r.get(2),
            region: r.get(3),
            municipality: r.get(4),
            agreement: r.get(5),
            date: r.get(6),
            length: r.get(7),
            codings: r.get(8),
            source: r.get(9),
        })
        .collect())
}

/// Stores `docs` (each with its row in `file`) in one transaction: new ones
/// are added, existing ones updated. A changed text on a document that has
/// codings, an unknown municipality or agreement, or an id twice: nothing is
/// stored and every problem is named.
pub async fn import(store: &Store, file: &str, docs: &[(u64, DocumentInput)], origin: Origin) -> Result<ImportSummary> {
    let mut tx = store.pool().begin().await?;
    let summary = import_in(&mut tx, file, docs, origin).await?;
    tx.commit().await?;
    Ok(summary)
}

/// [`import`] inside a transaction the caller commits.
pub(crate) async fn import_in(
    tx: &mut Transaction<'_, Any>,
    file: &str,
    docs: &[(u64, DocumentInput)],
    origin: Origin,
) -> Result<ImportSummary> {
    let mut problems = Vec::new();
    let mut first_row: HashMap<&str, u64> = HashMap::new();
    for (row, d) in docs {
        if let Some(first) = first_row.insert(&d.doc_id, *row) {
            first_row.insert(&d.doc_id, first);
            let p = tr!(qual.duplicate_doc, id = d.doc_id, row = first);
            problems.push(InputProblem::cell(file, *row, Some("doc_id"), p));
        }
    }
    // The stored version of each document in the file (only those: an import
    // of a few documents into a large store reads a few texts).
    let mut current: Vec<Option<Document>> = Vec::with_capacity(docs.len());
    for (_, d) in docs {
        let row = sqlx::query(select_documents!("WHERE doc_id = $1"))
            .bind(&d.doc_id)
            .fetch_optional(&mut **tx)
            .await?;
        current.push(row.as_ref().map(from_row).transpose()?);
    }
    let coded: std::collections::HashSet<String> = ids(tx, "SELECT DISTINCT doc_id FROM qual_codings").await?;
    let municipalities = ids(tx, "SELECT code FROM municipalities").await?;
    let agreements = ids(tx, "SELECT id FROM agreements").await?;
    let regions = ids(tx, "SELECT code FROM regions").await?;
    for ((row, d), stored) in docs.iter().zip(&current) {
        let cell = |column: &str, p: String| InputProblem::cell(file, *row, Some(column), p);
        if let Some(m) = &d.municipality
            && !municipalities.contains(m.as_str())
        {
            problems.push(cell("municipality", tr!(qual.unknown_municipality, code = m.as_str())));
        }
        if let Some(r) = &d.region
            && !regions.contains(r.as_str())
        {
            problems.push(cell("region", tr!(codes.unknown_region, code = r.as_str())));
        }
        if let Some(a) = &d.agreement
            && !agreements.contains(a.as_str())
        {
            problems.push(cell("agreement", tr!(qual.unknown_agreement, id = a)));
        }
        if let Some(stored) = stored
            && stored.input.text != d.text
            && coded.contains(&d.doc_id)
        {
            problems.push(cell("file", tr!(qual.text_changed, id = d.doc_id)));
        }
    }
    if !problems.is_empty() {
        return Err(InputProblems(problems).into());
    }
    let mut summary = ImportSummary::default();
    let mut revision = None;
    for ((_, d), stored) in docs.iter().zip(&current) {
        match stored {
            Some(c) if c.input == *d && c.origin == origin => {
                summary.unchanged += 1;
                continue;
            }
            Some(_) => summary.updated += 1,
            None => summary.new += 1,
        }
        let rev = match revision {
            Some(r) => r,
            None => *revision.insert(super::bump(tx).await?),
        };
        write(tx, d, origin, rev).await?;
    }
    Ok(summary)
}

async fn ids(tx: &mut Transaction<'_, Any>, sql: &'static str) -> Result<std::collections::HashSet<String>> {
    Ok(sqlx::query(sql)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect())
}

/// Inserts or replaces one document, stamped with `revision`.
pub(crate) async fn write(
    tx: &mut Transaction<'_, Any>,
    d: &DocumentInput,
    origin: Origin,
    revision: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO qual_documents (doc_id, title, kind, region, municipality, agreement_id, doc_date,
                                     participants, body, length, origin, source, revision)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (doc_id) DO UPDATE SET title = excluded.title, kind = excluded.kind,
           region = excluded.region, municipality = excluded.municipality, agreement_id = excluded.agreement_id,
           doc_date = excluded.doc_date, participants = excluded.participants, body = excluded.body,
           length = excluded.length, origin = excluded.origin, source = excluded.source,
           revision = excluded.revision",
    )
    .bind(&d.doc_id)
    .bind(&d.title)
    .bind(d.kind.code())
    .bind(d.region.map(|r| r.as_str().to_string()))
    .bind(d.municipality.map(|m| m.as_str().to_string()))
    .bind(d.agreement.clone())
    .bind(d.date.clone())
    .bind(d.participants.clone())
    .bind(&d.text)
    .bind(char_len(&d.text) as i64)
    .bind(origin.code())
    .bind(d.source.clone())
    .bind(revision)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM qual_removed WHERE doc_id = $1")
        .bind(&d.doc_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Removes a document; its codings too when `with_codings`, otherwise a
/// document with codings is refused. Returns how many codings went with it.
pub async fn remove(store: &Store, doc_id: &str, with_codings: bool) -> Result<u64> {
    let mut tx = store.pool().begin().await?;
    let exists = sqlx::query("SELECT 1 FROM qual_documents WHERE doc_id = $1")
        .bind(doc_id)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if !exists {
        return Err(NotFound::new(Entity::Document, doc_id).into());
    }
    let codings = sqlx::query("SELECT COUNT(*) FROM qual_codings WHERE doc_id = $1")
        .bind(doc_id)
        .fetch_one(&mut *tx)
        .await?
        .get::<i64, _>(0);
    if codings > 0 && !with_codings {
        return Err(crate::Error::state(tr!(qual.has_codings, id = doc_id, count = codings)));
    }
    remove_in(&mut tx, doc_id).await?;
    tx.commit().await?;
    Ok(codings as u64)
}

/// Removes a document and its codings in `tx`, recording the removal for the index.
pub(crate) async fn remove_in(tx: &mut Transaction<'_, Any>, doc_id: &str) -> Result<()> {
    let revision = super::bump(tx).await?;
    sqlx::query("DELETE FROM qual_codings WHERE doc_id = $1")
        .bind(doc_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM qual_documents WHERE doc_id = $1")
        .bind(doc_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO qual_removed (doc_id, revision) VALUES ($1, $2)
         ON CONFLICT (doc_id) DO UPDATE SET revision = excluded.revision",
    )
    .bind(doc_id)
    .bind(revision)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
