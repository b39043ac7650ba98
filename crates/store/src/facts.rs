//! Read models over one agreement: the allocation table and the validation facts.

use serde::Serialize;
use uppsikt_domain::measure::spent;
use uppsikt_domain::validation::{AgreementFacts, Finding, RegionFacts, evaluate};
use uppsikt_domain::{Agreement, Sek, allocate};

use crate::{Store, grants, reference, registry};

/// One row of `uppsikt grants AGREEMENT`.
#[derive(Debug, Clone, Serialize)]
pub struct GrantRow {
    pub region: String,
    pub name: String,
    pub population: i64,
    pub share_percent: f64,
    /// Empty where the agreement's total is not known.
    pub allocated_sek: Option<i64>,
    pub received_sek: Option<i64>,
    pub spent_sek: Option<i64>,
}

/// Everything known of each region under `agreement`, in region order.
pub async fn agreement_facts(store: &Store, agreement: &Agreement) -> anyhow::Result<AgreementFacts> {
    let regions = registry::regions(store).await?;
    let received = grants::grants(store, &agreement.id).await?;
    let measures = grants::measures(store, &agreement.id).await?;
    let pops: Vec<_> = regions.iter().map(|r| (r.code, r.population)).collect();
    let alloc = allocate(agreement.total_sek.unwrap_or(Sek::ZERO), &pops);
    let facts = regions
        .iter()
        .zip(alloc)
        .map(|(r, a)| RegionFacts {
            region: r.code,
            name: r.name.clone(),
            population: r.population,
            share_percent: a.share_percent,
            allocated: agreement.total_sek.map(|_| a.allocated),
            grant: received.iter().find(|g| g.region == r.code).cloned(),
            measures: measures.iter().filter(|m| m.region == r.code).cloned().collect(),
        })
        .collect();
    Ok(AgreementFacts {
        agreement: agreement.clone(),
        regions: facts,
    })
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
pub async fn grant_table(store: &Store, agreement: &Agreement) -> anyhow::Result<Vec<GrantRow>> {
    Ok(grant_rows(&agreement_facts(store, agreement).await?))
}

/// Evaluates the shipped validation rules over `agreement`.
pub async fn validate(store: &Store, agreement: &Agreement) -> anyhow::Result<Vec<Finding>> {
    let rules = reference::validation_rules()?;
    let facts = agreement_facts(store, agreement).await?;
    Ok(evaluate(&rules.rules, &facts))
}
