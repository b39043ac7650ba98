//! The four quantities of SOU 2018:39 over the years, for the report's
//! comparison with earlier years: per quantity its first and latest year up to
//! the report's, per region and for the country.

use uppsikt_domain::RegionCode;
use uppsikt_domain::indicator::SOU_2018_39;
use uppsikt_store::{Result, Store, indicators};

use crate::data::{IndicatorValue, QuantityData, QuantitySeries};

/// The quantities with published yearly values in at least two years up to `year`.
pub async fn quantities(store: &Store, year: i32) -> Result<Option<QuantityData>> {
    let cells = indicators::list(store, None).await?;
    let defs = indicators::definitions(store).await?;
    let revised = indicators::releases::revised_now(store).await?;
    let mut out = Vec::new();
    for id in SOU_2018_39 {
        let of: Vec<_> = cells
            .iter()
            .filter(|(c, _)| c.indicator == id && c.sex == "alla" && c.period.len() == 4)
            .filter(|(c, _)| c.period.parse::<i32>().is_ok_and(|y| y <= year))
            .collect();
        let mut years: Vec<&str> = of.iter().map(|(c, _)| c.period.as_str()).collect();
        years.sort_unstable();
        years.dedup();
        let (Some(first), Some(last)) = (years.first(), years.last()) else {
            continue;
        };
        if first == last {
            continue;
        }
        let value = |region: &str, period: &str| {
            of.iter()
                .find(|(c, _)| c.period == period && c.region == region)
                .map_or(IndicatorValue::Missing, |(c, _)| match (c.suppressed, c.value) {
                    (true, _) => IndicatorValue::Suppressed,
                    (false, Some(v)) => IndicatorValue::Value(v),
                    (false, None) => IndicatorValue::Missing,
                })
        };
        let row = |region: &str| (value(region, first), value(region, last));
        let def = defs.iter().find(|d| d.id == id);
        let mut sources: Vec<String> = of.iter().map(|(_, s)| s.description.clone()).collect();
        sources.sort_unstable();
        sources.dedup();
        out.push(QuantitySeries {
            id: id.to_string(),
            name: def.map_or_else(|| id.to_string(), |d| d.name_sv.to_string()),
            unit: def.map_or_else(String::new, |d| d.unit_sv.to_string()),
            first: first.to_string(),
            last: last.to_string(),
            national: row("00"),
            regions: RegionCode::all().map(|r| (r, row(r.as_str()))).collect(),
            synthetic: of.iter().any(|(_, s)| s.synthetic),
            revised: of.iter().any(|(c, _)| revised.contains(c)),
            source: sources.join("; "),
        });
    }
    Ok((!out.is_empty()).then_some(QuantityData { quantities: out }))
}
