//! What an indicator is: its definition, read by the engine, the store, the
//! annual report, the web pages, the API and the open-data feed alike.
//!
//! Indicators computed from register data are defined next to their SQL, one
//! file each in the engine (`crates/engine/src/indicators/`); indicators
//! whose values arrive from elsewhere (Vårdbarometern, the cost statistics,
//! …) are defined as data in `data/reference/indicators.toml` and read by
//! [`imported`]. Published cells carry their indicator's definition into the
//! store, so every page shows an indicator by its Swedish name and unit
//! without knowing it in advance.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::tr;

/// How numerator and denominator become the value, which also fixes its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// 100 × numerator / denominator: a percentage.
    Percent,
    /// 100 000 × numerator / denominator: a rate per 100 000.
    PerHundredThousand,
}

impl Scale {
    /// The factor applied to numerator / denominator.
    pub fn factor(self) -> i64 {
        match self {
            Scale::Percent => 100,
            Scale::PerHundredThousand => 100_000,
        }
    }

    /// Whether primary suppression looks at the numerator only: a rate over
    /// a whole population (per 100 000 inhabitants) has no small denominators.
    pub fn numerator_only_suppression(self) -> bool {
        matches!(self, Scale::PerHundredThousand)
    }

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Scale::Percent => "percent",
            Scale::PerHundredThousand => "per_hundred_thousand",
        }
    }
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// A higher value is better (e.g. the care guarantee kept).
    HigherIsBetter,
    /// A lower value is better (e.g. readmissions).
    LowerIsBetter,
    /// Neither is better in itself (e.g. the share of digital visits).
    Neutral,
}

impl Direction {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher_is_better",
            Direction::LowerIsBetter => "lower_is_better",
            Direction::Neutral => "neutral",
        }
    }

    /// The direction in Swedish, for the indicator's description.
    pub fn label_sv(self) -> &'static str {
        let t = &crate::i18n::sv().indicator_def;
        match self {
            Direction::HigherIsBetter => &t.higher_is_better,
            Direction::LowerIsBetter => &t.lower_is_better,
            Direction::Neutral => &t.neutral,
        }
    }
}

/// Primary suppression (`shared/spec/register-data.md`, "Disclosure
/// control"): a cell is withheld when its denominator is below 10 or its
/// numerator is 1–4; with `numerator_only` only the numerator rule applies.
/// The engine suppresses by it, and a published release is checked by it.
pub fn primarily_suppressed(numerator: i64, denominator: i64, numerator_only: bool) -> bool {
    (1..=4).contains(&numerator) || (!numerator_only && denominator < 10)
}

/// How an indicator's values reach Uppsikt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arrival {
    /// Computed by the indicator engine from register microdata.
    Register,
    /// Computed elsewhere and published into Uppsikt as a release.
    Imported,
}

impl Arrival {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Arrival::Register => "register",
            Arrival::Imported => "imported",
        }
    }
}

/// A code that is none of an enum's codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", tr!(indicator_def.unknown_code, code = .0))]
pub struct UnknownCode(pub String);

macro_rules! from_code {
    ($t:ty, [$($v:expr),+]) => {
        impl FromStr for $t {
            type Err = UnknownCode;
            fn from_str(s: &str) -> Result<Self, UnknownCode> {
                [$($v),+].into_iter().find(|v| v.code() == s).ok_or_else(|| UnknownCode(s.to_string()))
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
from_code!(Scale, [Scale::Percent, Scale::PerHundredThousand]);
from_code!(
    Direction,
    [Direction::HigherIsBetter, Direction::LowerIsBetter, Direction::Neutral]
);
from_code!(Arrival, [Arrival::Register, Arrival::Imported]);

/// The definition of one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorDef {
    /// Stable id, e.g. `vardgaranti_3d` (lower-case letters, digits, `_`).
    pub id: Cow<'static, str>,
    /// The Swedish name, e.g. `Medicinsk bedömning inom tre dagar i primärvården`.
    pub name_sv: Cow<'static, str>,
    /// What it measures and how, in Swedish.
    pub description_sv: Cow<'static, str>,
    /// The unit as a reader sees it, e.g. `procent`, `per 100 000 invånare`.
    pub unit_sv: Cow<'static, str>,
    /// How the value follows from numerator and denominator.
    pub scale: Scale,
    /// Which way is better.
    pub direction: Direction,
    /// Whether it has monthly cells besides the yearly ones.
    pub monthly: bool,
    /// Where its data come from, in Swedish (a register, a survey, statistics).
    pub source_sv: Cow<'static, str>,
    /// How its values arrive.
    pub arrival: Arrival,
}

impl IndicatorDef {
    /// The name with its unit, e.g. `Undvikbar slutenvård (per 100 000 invånare)`.
    pub fn label_sv(&self) -> String {
        format!("{} ({})", self.name_sv, self.unit_sv)
    }

    /// Checks the id: `[a-z][a-z0-9_]*`, at most 64 characters.
    pub fn check(&self) -> Result<(), String> {
        let ok = !self.id.is_empty()
            && self.id.len() <= 64
            && self.id.starts_with(|c: char| c.is_ascii_lowercase())
            && self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !ok {
            return Err(tr!(indicator_def.bad_id, id = self.id));
        }
        if self.name_sv.trim().is_empty() || self.unit_sv.trim().is_empty() {
            return Err(tr!(indicator_def.incomplete, id = self.id));
        }
        Ok(())
    }
}

/// The catalogue of indicators whose values arrive from elsewhere, as shipped.
const IMPORTED_TOML: &str = include_str!("../../../data/reference/indicators.toml");

#[derive(Deserialize)]
struct ImportedFile {
    indicator: Vec<IndicatorDef>,
}

/// The shipped definitions of imported indicators, in file order.
pub fn imported() -> Vec<IndicatorDef> {
    let file: ImportedFile = toml::from_str(IMPORTED_TOML).expect("data/reference/indicators.toml parses (tested)");
    file.indicator
}

/// The ids of the four quantities SOU 2018:39 asks to follow every year
/// (seed 003, "Socialstyrelsens uppdrag"): population trust in health care,
/// unplanned readmissions within 30 days, the share of specialist
/// certificates in general practice, and primary care's share of costs.
pub const SOU_2018_39: [&str; 4] = [
    "fortroende_vard",
    "aterinskrivning_30d",
    "specialistbevis_allmanmedicin",
    "primarvard_kostnadsandel",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_imported_definitions_are_complete_and_checked() {
        let all = imported();
        assert!(!all.is_empty());
        for d in &all {
            d.check().unwrap();
            assert_eq!(d.arrival, Arrival::Imported, "{}", d.id);
            assert!(!d.description_sv.is_empty() && !d.source_sv.is_empty(), "{}", d.id);
        }
        for id in SOU_2018_39 {
            assert!(
                id == "aterinskrivning_30d" || all.iter().any(|d| d.id == id),
                "{id} has no definition"
            );
        }
    }

    #[test]
    fn codes_round_trip() {
        for s in [Scale::Percent, Scale::PerHundredThousand] {
            assert_eq!(s.code().parse::<Scale>().unwrap(), s);
        }
        for d in [Direction::HigherIsBetter, Direction::LowerIsBetter, Direction::Neutral] {
            assert_eq!(d.code().parse::<Direction>().unwrap(), d);
        }
        assert!("per_mille".parse::<Scale>().is_err());
    }
}
