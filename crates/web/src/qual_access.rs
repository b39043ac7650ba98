//! What the qualitative follow-up's pages and API share: which documents an
//! actor may see, a search restricted to them, and a coding as a form gives
//! it. Neither the pages nor the API import from each other.

use serde::Deserialize;
use uppsikt_domain::qual::{Coding, DocKind};
use uppsikt_domain::{Actor, RegionCode};
use uppsikt_qual::SearchQuery;
use uppsikt_store::qual::{analysis, codings};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The documents an actor may see, as a filter: `None` for all (analysts,
/// admins); a region's coordinator only their own region's reports; anyone
/// else is refused.
pub fn scope(actor: &Actor) -> AppResult<Option<(RegionCode, DocKind)>> {
    if actor.reads_everything() {
        return Ok(None);
    }
    match actor.role.region() {
        Some(r) => Ok(Some((r, DocKind::Report))),
        None => Err(AppError::Forbidden),
    }
}

/// The search form's fields; empty means "any".
#[derive(Debug, Deserialize, Default)]
pub struct SearchParams {
    /// The words.
    #[serde(default)]
    pub q: String,
    /// County code.
    #[serde(default)]
    pub region: String,
    /// Kind code.
    #[serde(default)]
    pub typ: String,
    /// Agreement id.
    #[serde(default)]
    pub overenskommelse: String,
    /// Code id.
    #[serde(default)]
    pub kod: String,
}

pub(crate) fn some(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Runs a search for `actor` (forcing a region's own restriction).
pub async fn run(state: &AppState, actor: &Actor, p: &SearchParams, limit: usize) -> AppResult<Vec<uppsikt_qual::Hit>> {
    let forced = scope(actor)?;
    let doc_ids = match some(&p.kod) {
        Some(code) => Some(analysis::documents_coded(&state.store, &code).await?),
        None => None,
    };
    let query = SearchQuery {
        text: p.q.clone(),
        region: forced.map(|(r, _)| r.as_str().to_string()).or_else(|| some(&p.region)),
        kind: forced.map(|(_, k)| k.code().to_string()).or_else(|| some(&p.typ)),
        agreement: some(&p.overenskommelse),
        doc_ids,
        limit,
    };
    uppsikt_store::qual::narratives::sync(&state.store).await?;
    let index = state.search_index().await?;
    Ok(index.search_caught_up(&query)?)
}

/// The coding form.
#[derive(Debug, Deserialize)]
pub struct CodingForm {
    /// The code.
    pub code_id: String,
    /// First position.
    pub start: String,
    /// Last position, exclusive.
    pub end: String,
    /// The memo.
    #[serde(default)]
    pub memo: String,
}

pub(crate) fn position(v: &str) -> AppResult<u32> {
    v.trim()
        .parse()
        .map_err(|_| AppError::Invalid(uppsikt_domain::tr!(qual.not_a_position, value = v)))
}

/// Stores one coding by `coder`, all checks of the contract applied.
pub async fn add(state: &AppState, doc_id: &str, coder: &str, f: &CodingForm) -> AppResult<()> {
    let coding = Coding {
        doc_id: doc_id.to_string(),
        start: position(&f.start)?,
        end: position(&f.end)?,
        code_id: f.code_id.clone(),
        coder: coder.to_string(),
        memo: f.memo.trim().to_string(),
    };
    codings::import(&state.store, &state.t.qual_web.code_selection, &[(1, coding)], false).await?;
    Ok(())
}
