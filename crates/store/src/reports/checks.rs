//! Validation at entry: the foundation's rules (data/reference/validation-rules.toml)
//! evaluated over a report's measures, as they would stand if stored.

use uppsikt_domain::report::ReportContent;
use uppsikt_domain::validation::{Finding, evaluate};
use uppsikt_domain::{Agreement, Measure, RegionCode, Source};

use crate::{Store, facts, reference};

/// The report's measures as the validation rules see them: cost as amount,
/// `part_of` as parent, so itemised lines are not counted twice.
pub fn as_measures(agreement: &Agreement, region: RegionCode, content: &ReportContent) -> Vec<Measure> {
    content
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| Measure {
            agreement: agreement.id.clone(),
            region,
            seq: i as i32 + 1,
            title: m.title.clone(),
            amount: m.cost,
            approx: m.approx,
            area: m.area.clone(),
            earmark: m.earmark.clone(),
            parent_seq: m.part_of,
            source: m.source.clone().unwrap_or_else(|| Source {
                seed: "rapport".into(),
                section: format!("{}/{}", agreement.id, region),
                quote: None,
            }),
        })
        .collect()
}

/// The findings about `region` if its report held `content`: the region's
/// grant received and population from the store, its measures from `content`.
pub async fn findings(
    store: &Store,
    agreement: &Agreement,
    region: RegionCode,
    content: &ReportContent,
) -> anyhow::Result<Vec<Finding>> {
    let rules = reference::validation_rules()?;
    let mut facts = facts::agreement_facts(store, agreement).await?;
    facts.regions.retain(|r| r.region == region);
    for r in &mut facts.regions {
        r.measures = as_measures(agreement, region, content);
    }
    let region_str = region.to_string();
    // Agreement-wide rules (population shares) are not about this report.
    Ok(evaluate(&rules.rules, &facts)
        .into_iter()
        .filter(|f| f.region.as_deref() == Some(region_str.as_str()))
        .collect())
}
