//! `--years`: the years whose cells a run writes. Every record is still read
//! and checked, and records outside the years still count where a definition
//! reaches across New Year: an acute stay on 5 January is a readmission after
//! a discharge on 20 December, for the index stay's year.

use std::str::FromStr;

use uppsikt_domain::tr;

/// An inclusive range of calendar years, e.g. `2020-2022` or just `2021`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Years {
    /// The first year.
    pub first: i32,
    /// The last year (at least `first`).
    pub last: i32,
}

impl Years {
    /// Whether a cell's period (`YYYY` or `YYYY-MM`) lies in the years.
    pub fn contains_period(&self, period: &str) -> bool {
        period
            .get(..4)
            .and_then(|y| y.parse::<i32>().ok())
            .is_some_and(|y| (self.first..=self.last).contains(&y))
    }
}

impl FromStr for Years {
    type Err = String;

    /// `YYYY` or `YYYY-YYYY`, the first year not after the last.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let year = |t: &str| -> Option<i32> {
            let t = t.trim();
            (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
        };
        let (first, last) = match s.split_once('-') {
            Some((a, b)) => (year(a), year(b)),
            None => (year(s), year(s)),
        };
        match (first, last) {
            (Some(first), Some(last)) if first <= last => Ok(Years { first, last }),
            _ => Err(tr!(engine.bad_years, years = s)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_parse_as_one_or_a_range() {
        assert_eq!(
            "2021".parse(),
            Ok(Years {
                first: 2021,
                last: 2021
            })
        );
        assert_eq!(
            "2020-2022".parse(),
            Ok(Years {
                first: 2020,
                last: 2022
            })
        );
        for bad in ["2022-2020", "20", "2020-", "tjugo", "2020-2021-2022", ""] {
            let err = bad.parse::<Years>().unwrap_err();
            assert!(err.contains("inga år"), "{bad}: {err}");
        }
        let y = Years {
            first: 2020,
            last: 2021,
        };
        assert!(y.contains_period("2020") && y.contains_period("2021-12"));
        assert!(!y.contains_period("2019-12") && !y.contains_period("2022"));
    }
}
