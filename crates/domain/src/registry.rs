//! The registry: regions and municipalities.

use serde::{Deserialize, Serialize};

use crate::codes::{MunicipalityCode, RegionCode};

/// A region (county council) with the population its grants are shared by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    /// The two-digit region (county) code, e.g. `23`.
    pub code: RegionCode,
    /// Short name as the follow-up report prints it, e.g. `Jämtland Härjedalen`.
    pub name: String,
    /// County name, e.g. `Jämtlands län`.
    pub county: String,
    /// The organisation, e.g. `Region Jämtland Härjedalen`.
    pub organisation: String,
    /// Residents on 31 December of `population_year`.
    pub population: i64,
    /// The year whose year-end population `population` gives.
    pub population_year: i32,
}

/// A municipality and the region it lies in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Municipality {
    /// The four-digit municipality code, e.g. `2326`.
    pub code: MunicipalityCode,
    /// The municipality's name, e.g. `Berg`.
    pub name: String,
    /// The region the municipality lies in.
    pub region: RegionCode,
}

/// The name of an indicator cell's area: `00` is the country (*Riket*), a
/// county code its region's name; an unknown code shows as itself.
pub fn area_name(regions: &[Region], code: &str) -> String {
    if code == "00" {
        return crate::i18n::sv().indicators.nation.clone();
    }
    regions
        .iter()
        .find(|r| r.code.as_str() == code)
        .map_or_else(|| code.to_string(), |r| r.name.clone())
}
