//! Output cells: one (indicator, region, period, sex) with its counts, value
//! and suppression flag, in the contract's sort order.

pub use uppsikt_domain::indicator::Scale;

/// One output row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The indicator's id.
    pub indicator: String,
    /// County code, or `00` for the whole country.
    pub region: String,
    /// `YYYY` or `YYYY-MM`.
    pub period: String,
    /// `K`, `M` or `alla`.
    pub sex: String,
    /// Numerator.
    pub numerator: i64,
    /// Denominator (above 0).
    pub denominator: i64,
    /// How the value follows from them.
    pub scale: Scale,
    /// Withheld by disclosure control.
    pub suppressed: bool,
}

impl Cell {
    /// The contract's sort key: indicator, region, period, sex in byte order.
    pub fn key(&self) -> (&str, &str, &str, &str) {
        (&self.indicator, &self.region, &self.period, &self.sex)
    }

    /// The value rounded to one decimal (half away from zero), `.` as decimal sign.
    pub fn value(&self) -> String {
        format_value(self.numerator, self.denominator, self.scale)
    }
}

/// `factor × num / den` rounded to one decimal, computed exactly in integers
/// so that halves (e.g. 12.25) round up as a person would, not as binary floats happen to.
pub fn format_value(num: i64, den: i64, scale: Scale) -> String {
    assert!(den > 0, "a cell exists only where the denominator is positive");
    let (num, den) = (i128::from(num), i128::from(den));
    let tenths_num = num * i128::from(scale.factor()) * 10;
    let negative = tenths_num < 0;
    let t = (2 * tenths_num.abs() + den) / (2 * den);
    format!("{}{}.{}", if negative && t > 0 { "-" } else { "" }, t / 10, t % 10)
}

/// Sorts cells in the contract's order.
pub fn sort(cells: &mut [Cell]) {
    cells.sort_by(|a, b| a.key().cmp(&b.key()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_half_up_exactly() {
        assert_eq!(format_value(1, 3, Scale::Percent), "33.3");
        assert_eq!(format_value(2, 3, Scale::Percent), "66.7");
        assert_eq!(format_value(1, 16, Scale::Percent), "6.3"); // 6.25
        assert_eq!(format_value(1, 1, Scale::Percent), "100.0");
        assert_eq!(format_value(0, 7, Scale::Percent), "0.0");
        assert_eq!(format_value(3, 250_000, Scale::PerHundredThousand), "1.2");
        assert_eq!(format_value(5, 2_000_000, Scale::PerHundredThousand), "0.3"); // 0.25
    }
}
