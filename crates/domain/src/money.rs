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

    /// Swedish grouping with a narrow space, e.g. `126 000 000 kr`.
    pub fn display_sv(self) -> String {
        format!("{} kr", group_thousands(self.0))
    }
}

/// Formats an integer with a space between thousands, as Swedish text does.
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(ch);
    }
    out
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
    fn groups_thousands_the_swedish_way() {
        assert_eq!(Sek(126_000_000).display_sv(), "126 000 000 kr");
        assert_eq!(Sek(19_700).display_sv(), "19 700 kr");
        assert_eq!(Sek(999).display_sv(), "999 kr");
        assert_eq!(group_thousands(-1_234), "-1 234");
        assert_eq!([Sek(1), Sek(2)].into_iter().sum::<Sek>(), Sek(3));
    }
}
