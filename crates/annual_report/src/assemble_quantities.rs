//! The four quantities of SOU 2018:39 over the years, for the report's
//! comparison with earlier years: per quantity its first and latest year up to
//! the report's, per region and for the country.

use crate::assemble_indicators::{Published, Yearly};
use crate::data::{QuantityData, QuantitySeries};
use uppsikt_domain::RegionCode;
use uppsikt_domain::indicator::SOU_2018_39;

/// The quantities with published yearly values in at least two years up to `year`.
pub fn quantities(p: &Published, year: i32) -> Option<QuantityData> {
    let Published { cells, defs, revised } = p;
    let mut out = Vec::new();
    for id in SOU_2018_39 {
        let of = Yearly::of(cells, id, year);
        let years = of.years();
        let (Some(first), Some(last)) = (years.first(), years.last()) else {
            continue;
        };
        if first == last {
            continue;
        }
        let row = |region: &str| (of.value(region, first), of.value(region, last));
        let def = defs.iter().find(|d| d.id == id);
        out.push(QuantitySeries {
            id: id.to_string(),
            name: def.map_or_else(|| id.to_string(), |d| d.name_sv.to_string()),
            unit: def.map_or_else(String::new, |d| d.unit_sv.to_string()),
            first: first.to_string(),
            last: last.to_string(),
            national: row("00"),
            regions: RegionCode::all().map(|r| (r, row(r.as_str()))).collect(),
            synthetic: of.synthetic(),
            revised: of.revised(revised),
            source: of.sources().join("; "),
        });
    }
    (!out.is_empty()).then_some(QuantityData { quantities: out })
}
