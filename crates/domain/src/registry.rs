//! The registry: regions and municipalities.

use serde::{Deserialize, Serialize};

use crate::codes::{MunicipalityCode, RegionCode};

/// A region (county council) with the population its grants are shared by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    pub code: RegionCode,
    /// Short name as the follow-up report prints it, e.g. `Jämtland Härjedalen`.
    pub name: String,
    /// County name, e.g. `Jämtlands län`.
    pub county: String,
    /// The organisation, e.g. `Region Jämtland Härjedalen`.
    pub organisation: String,
    /// Residents on 31 December of `population_year`.
    pub population: i64,
    pub population_year: i32,
}

/// A municipality and the region it lies in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Municipality {
    pub code: MunicipalityCode,
    pub name: String,
    pub region: RegionCode,
}
