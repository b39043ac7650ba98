//! The validation rules (`data/reference/validation-rules.toml`) over what is
//! stored: an agreement's facts per region, and one region's report as it
//! would stand if saved (the check at entry and at submission).

use uppsikt_domain::report::ReportContent;
use uppsikt_domain::validation::{AgreementFacts, Finding, RegionFacts, evaluate};
use uppsikt_domain::{Agreement, RegionCode, Sek, allocate};

use crate::{Result, Store, grants, reference, registry, reports};

/// Everything known of each region under `agreement`, in region order: its
/// population share and allocation, the grant it received, and the measures
/// of its report.
pub async fn agreement_facts(store: &Store, agreement: &Agreement) -> Result<AgreementFacts> {
    let regions = registry::regions(store).await?;
    let received = grants::grants(store, &agreement.id).await?;
    let reports = reports::list(store, &agreement.id).await?;
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
            measures: reports
                .iter()
                .find(|rep| rep.region == r.code)
                .map(|rep| rep.content.measures.clone())
                .unwrap_or_default(),
        })
        .collect();
    Ok(AgreementFacts {
        agreement: agreement.clone(),
        regions: facts,
    })
}

/// Evaluates the shipped validation rules over `agreement`.
pub async fn findings(store: &Store, agreement: &Agreement) -> Result<Vec<Finding>> {
    let rules = reference::validation_rules()?;
    let facts = agreement_facts(store, agreement).await?;
    Ok(evaluate(&rules.rules, &facts))
}

/// The findings about `region` if its report held `content`: the region's
/// grant received and population from the store, its measures from `content`.
/// Agreement-wide findings (population shares) are not about one report and
/// are left out.
pub async fn report_findings(
    store: &Store,
    agreement: &Agreement,
    region: RegionCode,
    content: &ReportContent,
) -> Result<Vec<Finding>> {
    let rules = reference::validation_rules()?;
    let mut facts = agreement_facts(store, agreement).await?;
    facts.regions.retain(|r| r.region == region);
    for r in &mut facts.regions {
        r.measures = content.measures.clone();
    }
    let region = region.to_string();
    Ok(evaluate(&rules.rules, &facts)
        .into_iter()
        .filter(|f| f.region.as_deref() == Some(region.as_str()))
        .collect())
}
