//! The qualitative follow-up's tables: documents, the codebook and codings
//! (`../shared/spec/qualitative.md`). Imports are all-or-nothing and name the
//! file, row and column of every problem. Every write that changes what a
//! search would find bumps `qual_state.revision`, so the search index
//! (crates/qual) can catch up with exactly what changed.

pub mod analysis;
pub mod codebook;
pub mod codings;
pub mod documents;
pub mod narratives;

use sqlx::{Any, Row, Transaction};

pub use documents::{Document, DocumentInput, DocumentSummary, Origin};

use crate::{Result, Store};

/// Bumps the revision in `tx` and returns the new one, to stamp what the
/// transaction writes.
pub(crate) async fn bump(tx: &mut Transaction<'_, Any>) -> Result<i64> {
    sqlx::query("UPDATE qual_state SET revision = revision + 1 WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    let row = sqlx::query("SELECT revision FROM qual_state WHERE id = 1")
        .fetch_one(&mut **tx)
        .await?;
    Ok(row.get::<i64, _>(0))
}

/// The current revision of the qualitative data.
pub async fn revision(store: &Store) -> Result<i64> {
    let row = sqlx::query("SELECT revision FROM qual_state WHERE id = 1")
        .fetch_one(store.pool())
        .await?;
    Ok(row.get::<i64, _>(0))
}

/// A whole project to import at once (a REFI-QDA file): its documents,
/// codes and codings, each with the place a problem would be reported at.
#[derive(Debug, Default)]
pub struct Project {
    /// Documents, with their positions in the project.
    pub documents: Vec<(u64, DocumentInput)>,
    /// Codes, parents in any order.
    pub codes: Vec<(u64, uppsikt_domain::qual::Code)>,
    /// Codings.
    pub codings: Vec<(u64, uppsikt_domain::qual::Coding)>,
}

/// Imports a project in one transaction: everything or nothing.
pub async fn import_project(store: &Store, file: &str, project: &Project) -> Result<()> {
    let mut tx = store.pool().begin().await?;
    documents::import_in(&mut tx, file, &project.documents, Origin::Qdpx).await?;
    codebook::import_in(&mut tx, file, &project.codes).await?;
    codings::import_in(&mut tx, file, &project.codings, false).await?;
    tx.commit().await?;
    Ok(())
}

/// What changed since a revision: the documents to (re)index and the ids to drop.
#[derive(Debug, Default)]
pub struct Changes {
    /// Documents written after the revision.
    pub documents: Vec<Document>,
    /// Documents removed after it.
    pub removed: Vec<String>,
    /// The revision these changes bring the reader to.
    pub revision: i64,
}

/// The documents written and removed after revision `since` (all of them for 0).
pub async fn changes_since(store: &Store, since: i64) -> Result<Changes> {
    let mut tx = store.pool().begin().await?;
    let revision = sqlx::query("SELECT revision FROM qual_state WHERE id = 1")
        .fetch_one(&mut *tx)
        .await?
        .get::<i64, _>(0);
    let documents = documents::changed_since(&mut tx, since).await?;
    let removed = sqlx::query("SELECT doc_id FROM qual_removed WHERE revision > $1 ORDER BY doc_id")
        .bind(since)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect();
    tx.commit().await?;
    Ok(Changes {
        documents,
        removed,
        revision,
    })
}
