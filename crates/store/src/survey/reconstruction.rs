//! Loads the reconstructed 2019 response set (demo data).
//!
//! See [`uppsikt_domain::survey::reconstruction`]: the individual answers are
//! synthetic, built to reproduce the published aggregates exactly. Every
//! participant row written here carries `synthetic = 1` and the
//! reconstruction's description as `source`.

use uppsikt_domain::MunicipalityCode;
use uppsikt_domain::survey::Completeness;
use uppsikt_domain::survey::reconstruction::{self as rec, CLOSED, OPENED, SOURCE, SURVEY_ID};

use super::questionnaire;
use super::write::{Provenance, RowChange, ensure_participant, write_complete};
use crate::{Error, Result, Store, registry};

/// Invites all municipalities as of the survey's opening day, writes the 226
/// reconstructed responses and closes the survey with its real dates, in one
/// transaction. Idempotent. Returns the number of responses written.
pub async fn load(store: &Store) -> Result<usize> {
    let q = questionnaire(store, SURVEY_ID).await?;
    let municipalities: Vec<MunicipalityCode> = registry::municipalities(store)
        .await?
        .into_iter()
        .map(|m| m.code)
        .collect();
    let responses = rec::responses(&municipalities).map_err(|e| Error::rule(e.to_string()))?;
    let mut changes = Vec::with_capacity(responses.len());
    for (m, answers) in &responses {
        let problems = q.validate(answers, Completeness::Partial);
        // The reconstruction is tested against the questionnaire; a problem here is a bug.
        assert!(problems.is_empty(), "reconstruction for {m} is invalid: {problems:?}");
        // Every item is written (None clears it), so a rerun leaves the same rows.
        let values = q
            .items()
            .iter()
            .map(|i| (i.id.clone(), answers.get(&i.id).cloned()))
            .collect();
        changes.push(RowChange {
            municipality: *m,
            values,
        });
    }
    let prov = Provenance {
        source: SOURCE.to_string(),
        synthetic: true,
        // The published report gives no answer dates; the closing day stands in.
        at: CLOSED.to_string(),
    };
    let mut tx = store.pool().begin().await?;
    for m in &municipalities {
        ensure_participant(&mut tx, SURVEY_ID, m, OPENED).await?;
    }
    write_complete(&mut tx, SURVEY_ID, &changes, &prov).await?;
    sqlx::query("UPDATE surveys SET state = 'closed', opened_at = $2, closed_at = $3 WHERE id = $1")
        .bind(SURVEY_ID)
        .bind(OPENED)
        .bind(CLOSED)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(changes.len())
}
