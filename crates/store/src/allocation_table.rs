//! The allocation table of an agreement: each region's population share and
//! allocation, next to what it reported receiving and spending.

use serde::Serialize;
use uppsikt_domain::Agreement;
use uppsikt_domain::measure::spent;
use uppsikt_domain::validation::AgreementFacts;

use crate::validation::agreement_facts;
use crate::{Result, Store};

/// One row of `uppsikt grants AGREEMENT`.
#[derive(Debug, Clone, Serialize)]
pub struct GrantRow {
    /// County code.
    pub region: String,
    /// The region's short name.
    pub name: String,
    /// Residents on 31 December of the population year.
    pub population: i64,
    /// Share of the country's population, in percent.
    pub share_percent: f64,
    /// Empty where the agreement's total is not known.
    pub allocated_sek: Option<i64>,
    /// What the region reports having received; empty where unknown.
    pub received_sek: Option<i64>,
    /// The sum of its top-level measures' costs; empty where unknown.
    pub spent_sek: Option<i64>,
}

/// The allocation table: population share, allocated, received and spent per region.
pub fn grant_rows(facts: &AgreementFacts) -> Vec<GrantRow> {
    facts
        .regions
        .iter()
        .map(|r| GrantRow {
            region: r.region.to_string(),
            name: r.name.clone(),
            population: r.population,
            share_percent: r.share_percent,
            allocated_sek: r.allocated.map(|s| s.0),
            received_sek: r.grant.as_ref().map(|g| g.received.0),
            spent_sek: spent(&r.measures).map(|s| s.0),
        })
        .collect()
}

/// The allocation table of `agreement`, read from the store.
pub async fn grant_table(store: &Store, agreement: &Agreement) -> Result<Vec<GrantRow>> {
    Ok(grant_rows(&agreement_facts(store, agreement).await?))
}
