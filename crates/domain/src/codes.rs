//! Official SCB codes for counties (regions) and municipalities.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::tr;

/// The 21 county codes in SCB order. Regions and counties coincide since 2019.
pub const REGION_CODES: [&str; 21] = [
    "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20", "21", "22", "23",
    "24", "25",
];

/// Why a code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Not one of the 21 county codes.
    #[error("{}", tr!(codes.unknown_region, code = .0))]
    UnknownRegion(String),
    /// Not four digits starting with a county code.
    #[error("{}", tr!(codes.bad_municipality, code = .0))]
    BadMunicipality(String),
}

/// A two-digit SCB county code (`01` Stockholm … `25` Norrbotten); only the 21 valid codes exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode([u8; 2]);

impl RegionCode {
    /// All 21 region codes in SCB order.
    pub fn all() -> impl Iterator<Item = RegionCode> {
        REGION_CODES.iter().map(|c| c.parse().expect("valid constant"))
    }

    /// The code as text, e.g. `"01"`.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ascii digits")
    }
}

impl FromStr for RegionCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if REGION_CODES.contains(&t) {
            let b = t.as_bytes();
            Ok(RegionCode([b[0], b[1]]))
        } else {
            Err(CodeError::UnknownRegion(s.to_string()))
        }
    }
}

impl TryFrom<String> for RegionCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<RegionCode> for String {
    fn from(c: RegionCode) -> String {
        c.as_str().to_string()
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A four-digit SCB municipality code; its first two digits are its county's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MunicipalityCode([u8; 4]);

impl MunicipalityCode {
    /// The code as text, e.g. `"0114"`.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ascii digits")
    }

    /// The county the municipality lies in.
    pub fn region(&self) -> RegionCode {
        self.as_str()[..2].parse().expect("checked at construction")
    }
}

impl FromStr for MunicipalityCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let ok = t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) && REGION_CODES.contains(&&t[..2]);
        if !ok {
            return Err(CodeError::BadMunicipality(s.to_string()));
        }
        let b = t.as_bytes();
        Ok(MunicipalityCode([b[0], b[1], b[2], b[3]]))
    }
}

impl TryFrom<String> for MunicipalityCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<MunicipalityCode> for String {
    fn from(c: MunicipalityCode) -> String {
        c.as_str().to_string()
    }
}

impl fmt::Display for MunicipalityCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_codes_parse_and_refuse() {
        assert_eq!("01".parse::<RegionCode>().unwrap().as_str(), "01");
        assert_eq!(" 25 ".parse::<RegionCode>().unwrap().as_str(), "25");
        assert_eq!(RegionCode::all().count(), 21);
        for bad in ["02", "11", "15", "16", "26", "1", "001", "", "ab"] {
            assert!(bad.parse::<RegionCode>().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn municipality_codes_know_their_region() {
        let m: MunicipalityCode = "2584".parse().unwrap();
        assert_eq!(m.region().as_str(), "25");
        for bad in ["114", "0214", "01144", "01a4", "9999"] {
            assert!(bad.parse::<MunicipalityCode>().is_err(), "{bad} accepted");
        }
    }
}
