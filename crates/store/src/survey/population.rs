//! A survey's population: the municipalities it is sent to. Its response
//! rate counts against them, its non-responders are listed from them, and
//! only they are invited or have responses imported. A new survey goes to
//! every municipality of the registry (all 290 for `kommunenkat-2019`).

use std::collections::BTreeSet;

use sqlx::{Any, Row, Transaction};
use uppsikt_domain::{MunicipalityCode, RegionCode, tr};

use crate::{Error, Result, Store};

/// Who a survey is sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PopulationChoice {
    /// Every municipality in the registry: the default.
    All,
    /// The municipalities of these regions.
    Regions(Vec<RegionCode>),
    /// These municipalities.
    Municipalities(Vec<MunicipalityCode>),
}

/// The municipalities of the survey's population, in code order.
pub async fn population(store: &Store, survey_id: &str) -> Result<Vec<MunicipalityCode>> {
    super::state(store, survey_id).await?;
    let codes: Vec<String> =
        sqlx::query_scalar("SELECT municipality FROM survey_population WHERE survey_id = $1 ORDER BY municipality")
            .bind(survey_id)
            .fetch_all(store.pool())
            .await?;
    codes.iter().map(|c| Ok(c.parse()?)).collect()
}

/// Gives a survey with no population yet every municipality of the registry
/// (a survey just made, in the caller's transaction). A survey whose
/// population was set is left as it is.
pub(crate) async fn default_in(tx: &mut Transaction<'_, Any>, survey_id: &str) -> Result<()> {
    let set: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_population WHERE survey_id = $1")
        .bind(survey_id)
        .fetch_one(&mut **tx)
        .await?;
    if set == 0 {
        sqlx::query("INSERT INTO survey_population (survey_id, municipality) SELECT $1, code FROM municipalities")
            .bind(survey_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Sets the survey's population, in one transaction; returns its size. It
/// must not be empty, every code must be in the registry, and it must keep
/// every municipality already invited or with a response: their answers
/// would otherwise count against a population they are not in.
pub async fn set_population(store: &Store, survey_id: &str, choice: &PopulationChoice) -> Result<usize> {
    super::state(store, survey_id).await?;
    let registry = crate::registry::municipalities(store).await?;
    if registry.is_empty() {
        return Err(Error::rule(tr!(store.registry_empty)));
    }
    let chosen: BTreeSet<MunicipalityCode> = match choice {
        PopulationChoice::All => registry.iter().map(|m| m.code).collect(),
        PopulationChoice::Regions(regions) => {
            if let Some(r) = regions.iter().find(|r| !registry.iter().any(|m| m.region == **r)) {
                return Err(Error::rule(tr!(store.population_unknown_region, code = r)));
            }
            registry
                .iter()
                .filter(|m| regions.contains(&m.region))
                .map(|m| m.code)
                .collect()
        }
        PopulationChoice::Municipalities(codes) => {
            if let Some(c) = codes.iter().find(|c| !registry.iter().any(|m| m.code == **c)) {
                return Err(Error::rule(tr!(store.population_unknown_municipality, code = c)));
            }
            codes.iter().copied().collect()
        }
    };
    if chosen.is_empty() {
        return Err(Error::rule(tr!(store.population_empty)));
    }
    let mut tx = store.pool().begin().await?;
    let participants =
        sqlx::query("SELECT municipality FROM survey_participants WHERE survey_id = $1 ORDER BY municipality")
            .bind(survey_id)
            .fetch_all(&mut *tx)
            .await?;
    let mut left_out = Vec::new();
    for r in &participants {
        let code: String = r.try_get("municipality")?;
        if !chosen.contains(&code.parse::<MunicipalityCode>()?) {
            left_out.push(code);
        }
    }
    if !left_out.is_empty() {
        let count = left_out.len();
        left_out.truncate(10);
        let more = if count > 10 { ", …" } else { "" };
        return Err(Error::rule(tr!(
            store.population_keeps_participants,
            count = count,
            codes = format!("{}{more}", left_out.join(", "))
        )));
    }
    sqlx::query("DELETE FROM survey_population WHERE survey_id = $1")
        .bind(survey_id)
        .execute(&mut *tx)
        .await?;
    for code in &chosen {
        sqlx::query("INSERT INTO survey_population (survey_id, municipality) VALUES ($1, $2)")
            .bind(survey_id)
            .bind(code.as_str())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(chosen.len())
}
