//! Counting and rolling up: the rows an indicator gives, counts of records
//! per region, sex and day, and the roll-up of counts to the whole country,
//! both sexes and the whole year, which the SQL definitions express as
//! `GROUPING SETS`.

use std::collections::BTreeMap;

use super::codes::{BOTH, COUNTRY, region_code, sex_code};
use crate::dates::civil_from_days;

/// One row of an indicator's result, before disclosure control: the same
/// columns as its SQL gives (`region, sex, yr, mon, numerator, denominator`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// A county code, or `00` for the whole country.
    pub region: &'static str,
    /// `K`, `M` or `alla`.
    pub sex: &'static str,
    /// The calendar year.
    pub yr: i32,
    /// The month (1–12), or `None` for a year cell.
    pub mon: Option<u32>,
    /// Numerator.
    pub numerator: i64,
    /// Denominator.
    pub denominator: i64,
}

/// Numerators and denominators summed per (region, sex, year, month), where
/// a region of `None` is the whole country, a sex of `None` both sexes and
/// a month of `None` the whole year.
#[derive(Debug, Default)]
pub struct Rollup(BTreeMap<CellKey, (i64, i64)>);

/// A cell of a [`Rollup`]: region (`None`: the country), sex (`None`: both),
/// year, month (`None`: the whole year).
pub type CellKey = (Option<u8>, Option<u8>, i32, Option<u32>);

impl Rollup {
    /// Adds counts of `region` (`None`: the country) and `sex` to that cell
    /// and to both sexes', and, when `to_country`, to the country's too.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        region: Option<u8>,
        sex: u8,
        yr: i32,
        mon: Option<u32>,
        num: i64,
        den: i64,
        to_country: bool,
    ) {
        let regions: &[Option<u8>] = if to_country { &[region, None] } else { &[region] };
        for &r in regions {
            for s in [Some(sex), None] {
                let cell = self.0.entry((r, s, yr, mon)).or_default();
                cell.0 += num;
                cell.1 += den;
            }
        }
    }

    /// The counts of one cell, if any were added.
    pub fn get(&self, region: Option<u8>, sex: Option<u8>, yr: i32, mon: Option<u32>) -> Option<(i64, i64)> {
        self.0.get(&(region, sex, yr, mon)).copied()
    }

    /// The cells' keys and counts.
    pub fn iter(&self) -> impl Iterator<Item = (CellKey, (i64, i64))> + '_ {
        self.0.iter().map(|(k, v)| (*k, *v))
    }

    /// The cells as rows.
    pub fn rows(&self) -> Vec<Row> {
        self.iter()
            .map(|((region, sex, yr, mon), (numerator, denominator))| row(region, sex, yr, mon, numerator, denominator))
            .collect()
    }
}

/// A row from the roll-up's key.
pub fn row(region: Option<u8>, sex: Option<u8>, yr: i32, mon: Option<u32>, numerator: i64, denominator: i64) -> Row {
    Row {
        region: region.map_or(COUNTRY, region_code),
        sex: sex.map_or(BOTH, sex_code),
        yr,
        mon,
        numerator,
        denominator,
    }
}

/// Records counted per region, sex and day: how many were hits (the
/// numerator) and how many there were (the denominator). A few thousand
/// counts stand for tens of millions of records, and they add up exactly.
#[derive(Debug, Default)]
pub struct DayCounts(hashbrown::HashMap<(u8, u8, i32), (i64, i64), foldhash::fast::FixedState>);

impl DayCounts {
    /// Counts one record of `region` and `sex` on `day`.
    #[inline]
    pub fn add(&mut self, region: u8, sex: u8, day: i32, hit: bool) {
        let c = self.0.entry((region, sex, day)).or_default();
        c.0 += i64::from(hit);
        c.1 += 1;
    }

    /// Adds another reading thread's counts.
    pub fn merge(&mut self, other: DayCounts) {
        for (k, (num, den)) in other.0 {
            let c = self.0.entry(k).or_default();
            c.0 += num;
            c.1 += den;
        }
    }

    /// The rows of an additive indicator: the counts rolled up to the
    /// country and both sexes, per year and, when `monthly`, per month.
    pub fn rows(&self, monthly: bool) -> Vec<Row> {
        let mut rollup = Rollup::default();
        for (&(region, sex, day), &(num, den)) in &self.0 {
            let (yr, mon, _) = civil_from_days(day);
            rollup.add(Some(region), sex, yr, None, num, den, true);
            if monthly {
                rollup.add(Some(region), sex, yr, Some(mon), num, den, true);
            }
        }
        rollup.rows()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::days_from_civil;

    #[test]
    fn day_counts_roll_up_to_country_sexes_and_year() {
        let mut a = DayCounts::default();
        let jan = days_from_civil(2021, 1, 5);
        let feb = days_from_civil(2021, 2, 1);
        a.add(0, 0, jan, true);
        a.add(0, 1, jan, false);
        let mut b = DayCounts::default();
        b.add(1, 0, feb, true);
        a.merge(b);
        let rows = a.rows(true);
        let find = |region, sex, mon| {
            rows.iter()
                .find(|r| r.region == region && r.sex == sex && r.mon == mon)
                .map(|r| (r.numerator, r.denominator))
        };
        assert_eq!(find("00", "alla", None), Some((2, 3)));
        assert_eq!(find("00", "K", Some(1)), Some((1, 1)));
        assert_eq!(find("01", "alla", Some(1)), Some((1, 2)));
        assert_eq!(find("03", "M", None), None);
        // Per year and per month: 01 has K, M and alla (3 + 3), 03 has K and
        // alla (2 + 2), the country K, M and alla for the year and January,
        // K and alla for February (3 + 3 + 2).
        assert_eq!(rows.len(), 18);
        assert_eq!(a.rows(false).len(), 8);
    }
}
