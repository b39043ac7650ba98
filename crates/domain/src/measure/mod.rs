//! Measures (insatser): what a region did with a grant, as its report lists
//! them. One model for every measure, whether the region entered it through
//! the web, the API or the Excel template, or it was transcribed from a
//! source text. Raw input becomes a [`Measure`] only through
//! [`MeasureInput::parse`], so a `Measure` that exists is valid.

mod input;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::i18n::sv;
use crate::money::Sek;
use crate::source::Source;
use crate::tr;

pub use input::{
    AmountInput, FieldError, MAX_TEXT_CHARS, MAX_TITLE_CHARS, MeasureField, MeasureInput, parse_amount, too_long,
};

/// A measure in a region's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    /// Its number in the report: given when the measure is first stored and
    /// never changed or given to another measure of the report, so a page or
    /// an API client addresses the same measure however others change. `None`
    /// for a measure not stored yet.
    #[serde(default)]
    pub number: Option<i32>,
    /// What the measure is called.
    pub title: String,
    /// What it does.
    pub description: Option<String>,
    /// Development area id of the agreement; reports transcribed from older sources may lack it.
    pub area: Option<String>,
    /// Earmarked part of the agreement the measure spends, where it does.
    pub earmark: Option<String>,
    /// How far it has come. Required for reports entered through the template;
    /// older transcribed reports may lack it.
    pub status: Option<MeasureStatus>,
    /// Cost in kronor, where known.
    pub cost: Option<Sek>,
    /// Of the cost, the part paid by the grant, where stated. Never above `cost`.
    pub grant_funded: Option<Sek>,
    /// The source says "cirka" or similar about the cost.
    pub approx: bool,
    /// The years it runs.
    pub period: Option<Period>,
    /// What it achieved.
    pub results: Option<String>,
    /// Whom it is for.
    pub target_group: Option<String>,
    /// When this measure itemises another one's cost, that measure's [`Measure::number`].
    /// Itemisations are not added to the region's spending: their total already counts them.
    pub part_of: Option<i32>,
    /// Where a transcribed measure was read; `None` for measures entered by the region.
    pub source: Option<Source>,
}

/// What a region spent: the sum of the costs of its top-level measures, or
/// `None` when none has a cost.
pub fn spent(measures: &[Measure]) -> Option<Sek> {
    let mut costs = measures.iter().filter(|m| m.part_of.is_none()).filter_map(|m| m.cost);
    let first = costs.next()?;
    Some(costs.fold(first, |a, b| a + b))
}

/// How far a measure has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum MeasureStatus {
    /// Planerad.
    Planned,
    /// Pilot.
    Pilot,
    /// Breddinförande.
    ScalingUp,
    /// Införd.
    Implemented,
}

impl MeasureStatus {
    /// The four statuses, in order.
    pub const ALL: [MeasureStatus; 4] = [
        MeasureStatus::Planned,
        MeasureStatus::Pilot,
        MeasureStatus::ScalingUp,
        MeasureStatus::Implemented,
    ];

    /// Stable code: `planned`, `pilot`, `scaling_up`, `implemented`.
    pub fn code(self) -> &'static str {
        match self {
            MeasureStatus::Planned => "planned",
            MeasureStatus::Pilot => "pilot",
            MeasureStatus::ScalingUp => "scaling_up",
            MeasureStatus::Implemented => "implemented",
        }
    }

    /// The code before 0.2, still accepted on input.
    fn old_code(self) -> &'static str {
        match self {
            MeasureStatus::Planned => "planerad",
            MeasureStatus::Pilot => "pilot",
            MeasureStatus::ScalingUp => "breddinforande",
            MeasureStatus::Implemented => "inford",
        }
    }

    /// The Swedish word, as the template's drop-down shows it.
    pub fn label_sv(self) -> &'static str {
        let t = &sv().measure_status;
        match self {
            MeasureStatus::Planned => &t.planned,
            MeasureStatus::Pilot => &t.pilot,
            MeasureStatus::ScalingUp => &t.scaling_up,
            MeasureStatus::Implemented => &t.implemented,
        }
    }
}

/// A status word that is none of the four.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", tr!(measure.bad_status, status = .0))]
pub struct BadStatus(pub String);

impl FromStr for MeasureStatus {
    type Err = BadStatus;
    /// Accepts the code, the Swedish label or the code before 0.2, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_lowercase();
        MeasureStatus::ALL
            .into_iter()
            .find(|m| m.code() == t || m.label_sv() == t || m.old_code() == t)
            .ok_or_else(|| BadStatus(s.trim().to_string()))
    }
}

impl TryFrom<String> for MeasureStatus {
    type Error = BadStatus;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<MeasureStatus> for String {
    fn from(s: MeasureStatus) -> String {
        s.code().to_string()
    }
}

impl fmt::Display for MeasureStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The years a measure runs: one year (`2019`) or a span (`2018–2019`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Period {
    /// First year.
    pub from: i32,
    /// Last year (equal to `from` for one year).
    pub to: i32,
}

/// A period that is not `YYYY` or `YYYY–YYYY` with the first year not after the second.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", tr!(measure.bad_period, period = .0))]
pub struct BadPeriod(pub String);

impl FromStr for Period {
    type Err = BadPeriod;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadPeriod(s.trim().to_string());
        let year = |y: &str| -> Result<i32, BadPeriod> {
            let y = y.trim();
            if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
                let v: i32 = y.parse().map_err(|_| bad())?;
                if (1990..=2100).contains(&v) {
                    return Ok(v);
                }
            }
            Err(bad())
        };
        // Excel turns a typed year into a number, which reaches us as "2019" or "2019.0".
        let t = s.trim().trim_end_matches(".0");
        let parts: Vec<&str> = t.split(['–', '-', '—']).collect();
        let (from, to) = match parts.as_slice() {
            [one] => (year(one)?, year(one)?),
            [a, b] => (year(a)?, year(b)?),
            _ => return Err(bad()),
        };
        if from > to {
            return Err(bad());
        }
        Ok(Period { from, to })
    }
}

impl TryFrom<String> for Period {
    type Error = BadPeriod;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Period> for String {
    fn from(p: Period) -> String {
        p.to_string()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}–{}", self.from, self.to)
        }
    }
}

#[cfg(test)]
impl Measure {
    /// A measure with only a title, a cost and its parent: for tests.
    pub(crate) fn bare(title: &str, cost: Option<Sek>, part_of: Option<i32>) -> Measure {
        Measure {
            number: None,
            title: title.into(),
            description: None,
            area: None,
            earmark: None,
            status: None,
            cost,
            grant_funded: None,
            approx: false,
            period: None,
            results: None,
            target_group: None,
            part_of,
            source: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(cost: Option<i64>, part_of: Option<i32>) -> Measure {
        Measure::bare("x", cost.map(Sek), part_of)
    }

    #[test]
    fn spent_counts_top_level_costs_once() {
        assert_eq!(spent(&[]), None);
        assert_eq!(spent(&[measure(None, None)]), None);
        let m = [
            measure(Some(100), None),
            measure(Some(60), Some(1)),
            measure(Some(5), None),
        ];
        assert_eq!(spent(&m), Some(Sek(105)));
    }

    #[test]
    fn status_and_period_round_trip() {
        for s in MeasureStatus::ALL {
            assert_eq!(s.code().parse::<MeasureStatus>().unwrap(), s);
            assert_eq!(s.label_sv().parse::<MeasureStatus>().unwrap(), s);
            assert_eq!(s.old_code().parse::<MeasureStatus>().unwrap(), s);
        }
        assert_eq!("Införd".parse::<MeasureStatus>().unwrap(), MeasureStatus::Implemented);
        assert_eq!("2019".parse::<Period>().unwrap().to_string(), "2019");
        assert_eq!("2018-2019".parse::<Period>().unwrap().to_string(), "2018–2019");
        assert!("19".parse::<Period>().is_err());
        assert!("2020–2019".parse::<Period>().is_err());
    }
}
