//! Analysis over the codings: the code × region matrix, inter-coder
//! agreement, code frequencies and the coded segments of a theme.

use std::collections::HashMap;

use sqlx::Row;
use uppsikt_domain::RegionCode;
use uppsikt_domain::qual::{AgreementRow, DocKind, MatrixRow, byte_range, with_descendants};

use super::{codebook, codings};
use crate::{Result, Store};

/// The code × region matrix of every coding.
pub async fn matrix(store: &Store) -> Result<Vec<MatrixRow>> {
    let rows = sqlx::query(
        "SELECT c.doc_id, d.region, c.code_id FROM qual_codings c JOIN qual_documents d ON d.doc_id = c.doc_id",
    )
    .fetch_all(store.pool())
    .await?;
    let triples: Vec<(String, Option<String>, String)> = rows.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect();
    let parents = codebook::parents(store).await?;
    Ok(uppsikt_domain::qual::matrix(
        triples.iter().map(|(d, r, c)| (d.as_str(), r.as_deref(), c.as_str())),
        &parents,
    ))
}

/// Agreement between coders `a` and `b`, per code.
pub async fn agreement(store: &Store, a: &str, b: &str) -> Result<Vec<AgreementRow>> {
    let all = codings::all(store).await?;
    Ok(uppsikt_domain::qual::agreement(&all, a, b))
}

/// Pairs of codes whose codings overlap, most frequent first.
pub async fn cooccurrence(store: &Store) -> Result<Vec<uppsikt_domain::qual::CooccurrenceRow>> {
    Ok(uppsikt_domain::qual::cooccurrence(&codings::all(store).await?))
}

/// How often a code is used, its descendants included.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Frequency {
    /// The code.
    pub code_id: String,
    /// Its name.
    pub name: String,
    /// Documents with a coding of it.
    pub documents: u64,
    /// Its codings.
    pub codings: u64,
}

/// Every code's frequency, in codebook order (codes never used count 0).
pub async fn frequencies(store: &Store) -> Result<Vec<Frequency>> {
    let cells = matrix(store).await?;
    let mut sums: HashMap<&str, (u64, u64)> = HashMap::new();
    for c in &cells {
        // A document has one region, so its documents add up across regions.
        let s = sums.entry(c.code_id.as_str()).or_default();
        s.0 += c.documents;
        s.1 += c.codings;
    }
    Ok(codebook::all(store)
        .await?
        .into_iter()
        .map(|c| {
            let (documents, codings) = sums.get(c.code_id.as_str()).copied().unwrap_or_default();
            Frequency {
                code_id: c.code_id,
                name: c.name,
                documents,
                codings,
            }
        })
        .collect())
}

/// A coded passage with its context, for a theme's quotes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Segment {
    /// The document.
    pub doc_id: String,
    /// Its title.
    pub title: String,
    /// Its kind.
    #[serde(serialize_with = "kind_code")]
    pub kind: DocKind,
    /// Its region, if any.
    pub region: Option<String>,
    /// The code applied.
    pub code_id: String,
    /// Who coded it.
    pub coder: String,
    /// First position.
    pub start: u32,
    /// Last position, exclusive.
    pub end: u32,
    /// Text just before the passage.
    pub before: String,
    /// The coded passage.
    pub text: String,
    /// Text just after it.
    pub after: String,
    /// The coder's memo.
    pub memo: String,
    /// For demo documents: the seed file and section.
    pub source: Option<String>,
}

fn kind_code<S: serde::Serializer>(k: &DocKind, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(k.code())
}

/// Which segments to read.
#[derive(Debug, Clone, Default)]
pub struct SegmentFilter {
    /// Only this region's documents.
    pub region: Option<RegionCode>,
    /// Only documents whose kind may be published (for reports and public pages).
    pub publishable_only: bool,
}

/// Characters of context on each side of a segment.
const CONTEXT: usize = 120;

/// Every coded segment of `code_id` or a code below it (of every code when
/// `None`), by document and position.
pub async fn segments(store: &Store, code_id: Option<&str>, filter: &SegmentFilter) -> Result<Vec<Segment>> {
    let parents = codebook::parents(store).await?;
    let codes = code_id.map(|c| with_descendants(c, &parents));
    let region = filter.region.map(|r| r.as_str().to_string());
    let rows = sqlx::query(
        "SELECT c.doc_id, d.title, d.kind, d.region, c.code_id, c.coder, c.start_at, c.end_at, c.memo, d.source
         FROM qual_codings c JOIN qual_documents d ON d.doc_id = c.doc_id
         WHERE $1 IS NULL OR d.region = $1
         ORDER BY c.doc_id, c.start_at, c.end_at, c.code_id, c.coder",
    )
    .bind(region.clone())
    .fetch_all(store.pool())
    .await?;
    // Each coded document's text once, not once per coding.
    let bodies: HashMap<String, String> = sqlx::query(
        "SELECT d.doc_id, d.body FROM qual_documents d
         WHERE ($1 IS NULL OR d.region = $1) AND EXISTS (SELECT 1 FROM qual_codings c WHERE c.doc_id = d.doc_id)",
    )
    .bind(region)
    .fetch_all(store.pool())
    .await?
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect();
    let mut out = Vec::new();
    for r in &rows {
        let code: String = r.get(4);
        if codes.as_ref().is_some_and(|codes| !codes.contains(&code.as_str())) {
            continue;
        }
        let kind: DocKind = r
            .get::<String, _>(2)
            .parse()
            .map_err(|e| crate::Error::Backend(crate::BackendError::Corrupt(format!("qual_documents.kind: {e}"))))?;
        if filter.publishable_only && !kind.publishable() {
            continue;
        }
        let doc_id: String = r.get(0);
        let Some(body) = bodies.get(&doc_id) else { continue };
        let (start, end) = (r.get::<i64, _>(6) as usize, r.get::<i64, _>(7) as usize);
        let Some(span) = byte_range(body, start, end) else {
            continue;
        };
        let before_start = body[..span.start]
            .char_indices()
            .rev()
            .nth(CONTEXT - 1)
            .map_or(0, |(i, _)| i);
        let after_end = body[span.end..]
            .char_indices()
            .nth(CONTEXT)
            .map_or(body.len(), |(i, _)| span.end + i);
        out.push(Segment {
            doc_id,
            title: r.get(1),
            kind,
            region: r.get(3),
            code_id: code,
            coder: r.get(5),
            start: start as u32,
            end: end as u32,
            before: body[before_start..span.start].to_string(),
            text: body[span.clone()].to_string(),
            after: body[span.end..after_end].to_string(),
            memo: r.get(8),
            source: r.get(9),
        });
    }
    Ok(out)
}

/// Documents with a coding of `code_id` or a code below it, for the search's
/// `--code` filter.
pub async fn documents_coded(store: &Store, code_id: &str) -> Result<Vec<String>> {
    let parents = codebook::parents(store).await?;
    let codes = with_descendants(code_id, &parents);
    let rows = sqlx::query("SELECT DISTINCT doc_id, code_id FROM qual_codings ORDER BY doc_id")
        .fetch_all(store.pool())
        .await?;
    let mut out: Vec<String> = rows
        .iter()
        .filter(|r| codes.contains(&r.get::<String, _>(1).as_str()))
        .map(|r| r.get(0))
        .collect();
    out.dedup();
    Ok(out)
}
