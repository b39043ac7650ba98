//! Grant programmes (överenskommelser) agreed between the state and SKR.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::money::Sek;
use crate::tr;

/// A lower-case slug naming an agreement, e.g. `professionsmiljarden-2017`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AgreementId(String);

/// A slug that is not lower-case ASCII letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", tr!(codes.bad_slug, id = .0))]
pub struct BadSlug(pub String);

/// Checks that `s` is a slug: `[a-z0-9]+(-[a-z0-9]+)*`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

impl AgreementId {
    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for AgreementId {
    type Err = BadSlug;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if is_slug(s) {
            Ok(AgreementId(s.to_string()))
        } else {
            Err(BadSlug(s.to_string()))
        }
    }
}

impl TryFrom<String> for AgreementId {
    type Error = BadSlug;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<AgreementId> for String {
    fn from(a: AgreementId) -> String {
        a.0
    }
}

impl fmt::Display for AgreementId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A development area (utvecklingsområde / insatsområde) of an agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevelopmentArea {
    /// Slug, unique within the agreement, e.g. `it-stod`.
    pub id: String,
    /// Name of the area (Swedish), as the agreement words it.
    pub name: String,
}

/// A part of the funds earmarked (öronmärkt) for one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Earmark {
    /// Slug, unique within the agreement, e.g. `specialistutbildning`.
    pub id: String,
    /// Name of the earmarked purpose (Swedish).
    pub name: String,
    /// The earmarked sum for all regions together, where the sources give it.
    pub amount_sek: Option<Sek>,
}

/// A grant programme for one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    /// The agreement's slug, e.g. `professionsmiljarden-2017`.
    pub id: AgreementId,
    /// Full Swedish name.
    pub name: String,
    /// Short name used in tables, e.g. `Professionsmiljarden 2017`.
    pub short_name: String,
    /// The year the agreement's funds are for.
    pub year: i32,
    /// The total to the regions, where the sources give it.
    pub total_sek: Option<Sek>,
    /// How exact the total is, or why it is missing (Swedish).
    pub total_note: Option<String>,
    /// The government's case number, where known.
    pub reference: Option<String>,
    /// Report deadline for the regions (ISO date), where set.
    pub deadline: Option<String>,
    /// Where the agreement's facts were read.
    pub source: String,
    /// The development areas the funds may be spent on.
    pub areas: Vec<DevelopmentArea>,
    /// The parts of the funds earmarked for one purpose; often none.
    pub earmarks: Vec<Earmark>,
}

impl Agreement {
    /// The development area with this id, if the agreement has one.
    pub fn area(&self, id: &str) -> Option<&DevelopmentArea> {
        self.areas.iter().find(|a| a.id == id)
    }

    /// The earmarked part with this id, if the agreement has one.
    pub fn earmark(&self, id: &str) -> Option<&Earmark> {
        self.earmarks.iter().find(|e| e.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!("professionsmiljarden-2017".parse::<AgreementId>().is_ok());
        for bad in ["", "Professions", "a--b", "-a", "a-", "god och nära", "å"] {
            assert!(bad.parse::<AgreementId>().is_err(), "{bad}");
        }
    }
}
