//! Amounts of money in whole Swedish kronor.

use std::fmt;
use std::iter::Sum;
use std::ops::Add;

use serde::{Deserialize, Serialize};

/// An amount in whole kronor (SEK). Grants and reported costs are never
/// fractional kronor, so an integer keeps sums exact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Sek(pub i64);

impl Sek {
    /// Zero kronor.
    pub const ZERO: Sek = Sek(0);

    /// The amount in kronor.
    pub fn kronor(self) -> i64 {
        self.0
    }

    /// The amount as Swedish text, e.g. `126 000 000 kr` (see [`crate::format`]).
    pub fn display_sv(self) -> String {
        crate::format::kronor(self.0)
    }
}

impl Add for Sek {
    type Output = Sek;
    fn add(self, rhs: Sek) -> Sek {
        Sek(self.0 + rhs.0)
    }
}

impl Sum for Sek {
    fn sum<I: Iterator<Item = Sek>>(iter: I) -> Sek {
        iter.fold(Sek::ZERO, Add::add)
    }
}

impl fmt::Display for Sek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_the_swedish_way_and_sums() {
        assert_eq!(Sek(126_000_000).display_sv(), "126\u{a0}000\u{a0}000\u{a0}kr");
        assert_eq!(Sek(999).display_sv(), "999\u{a0}kr");
        assert_eq!([Sek(1), Sek(2)].into_iter().sum::<Sek>(), Sek(3));
    }
}
