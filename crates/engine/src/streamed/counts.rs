//! Counting and rolling up: the rows an indicator gives, counts of records
//! per region, sex and day, and the roll-up of counts to the whole country,
//! both sexes and the whole year, which the SQL definitions express as
//! `GROUPING SETS`.

use std::collections::BTreeMap;

use uppsikt_domain::codes::REGION_CODES;

use super::codes::{BOTH, COUNTRY, region_code, sex_code};
use crate::dates::civil_from_days;
use crate::schema::SEXES;

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
///
/// The counts sit in a dense window of days around the first day counted,
/// one pair per region and sex and day, so counting a record is an index
/// and two additions: a hash map per record took a tenth of the run. A day
/// outside the window (a register that spans many years, or a date far from
/// the rest) is counted in a map beside it.
#[derive(Debug, Default)]
pub struct DayCounts {
    /// The first day of the window, set by the first record counted.
    start: Option<i32>,
    /// `WINDOW_DAYS` days of `CELLS_PER_DAY` cells: day, then region, then sex.
    cells: Vec<(i64, i64)>,
    /// Days outside the window.
    outside: hashbrown::HashMap<(u8, u8, i32), (i64, i64), foldhash::fast::FixedState>,
}

/// One cell per region and sex.
const CELLS_PER_DAY: usize = REGION_CODES.len() * SEXES.len();
/// The window begins this many days before the first day counted, so that
/// data read in any order (several years, threads) mostly falls inside it.
const DAYS_BEFORE: i32 = 4 * 366;
/// The window's length: nine years.
const WINDOW_DAYS: i32 = 9 * 366;

impl DayCounts {
    /// Counts one record of `region` and `sex` on `day`.
    #[inline]
    pub fn add(&mut self, region: u8, sex: u8, day: i32, hit: bool) {
        self.add_counts(region, sex, day, i64::from(hit), 1);
    }

    #[inline]
    fn add_counts(&mut self, region: u8, sex: u8, day: i32, num: i64, den: i64) {
        let start = *self.start.get_or_insert_with(|| day.saturating_sub(DAYS_BEFORE));
        let offset = i64::from(day) - i64::from(start);
        let c = match self.cell(region, sex, offset) {
            Some(i) => {
                if self.cells.is_empty() {
                    self.cells = vec![(0, 0); WINDOW_DAYS as usize * CELLS_PER_DAY];
                }
                &mut self.cells[i]
            }
            None => self.outside.entry((region, sex, day)).or_default(),
        };
        c.0 += num;
        c.1 += den;
    }

    /// The place in `cells` of a region, sex and day `offset` days into the window.
    fn cell(&self, region: u8, sex: u8, offset: i64) -> Option<usize> {
        let (region, sex) = (usize::from(region), usize::from(sex));
        let inside = (0..i64::from(WINDOW_DAYS)).contains(&offset) && region < REGION_CODES.len() && sex < SEXES.len();
        inside.then(|| offset as usize * CELLS_PER_DAY + region * SEXES.len() + sex)
    }

    /// Every (region, sex, day) counted, with its counts.
    fn counted(&self) -> impl Iterator<Item = ((u8, u8, i32), (i64, i64))> + '_ {
        let start = self.start.unwrap_or(0);
        let window = self
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.1 > 0)
            .map(move |(i, &c)| {
                let day = start + (i / CELLS_PER_DAY) as i32;
                let within = i % CELLS_PER_DAY;
                (((within / SEXES.len()) as u8, (within % SEXES.len()) as u8, day), c)
            });
        window.chain(self.outside.iter().map(|(&k, &c)| (k, c)))
    }

    /// Adds another reading thread's counts.
    pub fn merge(&mut self, other: DayCounts) {
        if self.cells.is_empty() && self.outside.is_empty() {
            *self = other;
            return;
        }
        if self.start == other.start && self.cells.len() == other.cells.len() {
            for (a, b) in self.cells.iter_mut().zip(&other.cells) {
                a.0 += b.0;
                a.1 += b.1;
            }
            for ((region, sex, day), (num, den)) in other.outside {
                self.add_counts(region, sex, day, num, den);
            }
            return;
        }
        for ((region, sex, day), (num, den)) in other.counted() {
            self.add_counts(region, sex, day, num, den);
        }
    }

    /// The rows of an additive indicator: the counts rolled up to the
    /// country and both sexes, per year and, when `monthly`, per month.
    pub fn rows(&self, monthly: bool) -> Vec<Row> {
        let mut rollup = Rollup::default();
        for ((region, sex, day), (num, den)) in self.counted() {
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

    #[test]
    fn days_far_apart_and_threads_with_other_windows_add_up() {
        // Records from 1990 to 2040 (outside any one window), counted by
        // "threads" that saw different first days (and two the same, whose
        // windows are added cell by cell), must give what a plain map of
        // (region, sex, year) gives.
        let mut expected: BTreeMap<(&str, &str, i32), (i64, i64)> = BTreeMap::new();
        let mut threads: Vec<DayCounts> = (0..4).map(|_| DayCounts::default()).collect();
        let first = days_from_civil(2021, 6, 30);
        threads[0].add(4, 1, first, true);
        threads[3].add(4, 1, first, false);
        for s in ["M", BOTH] {
            for r in ["06", COUNTRY] {
                expected.insert((r, s, 2021), (1, 2));
            }
        }
        let mut seed = 7_u64;
        for n in 0..20_000 {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let year = 1990 + (seed >> 33) as i32 % 51;
            let day = days_from_civil(year, 1 + (seed >> 20) as u32 % 12, 1 + (seed >> 8) as u32 % 28);
            let (region, sex, hit) = ((seed >> 40) as u8 % 21, (seed >> 50) as u8 % 2, seed >> 60 > 7);
            threads[n % 4].add(region, sex, day, hit);
            for r in [region_code(region), COUNTRY] {
                for s in [sex_code(sex), BOTH] {
                    let c = expected.entry((r, s, year)).or_default();
                    c.0 += i64::from(hit);
                    c.1 += 1;
                }
            }
        }
        let mut all = DayCounts::default();
        for t in threads {
            all.merge(t);
        }
        let got: BTreeMap<(&str, &str, i32), (i64, i64)> = all
            .rows(false)
            .into_iter()
            .map(|r| ((r.region, r.sex, r.yr), (r.numerator, r.denominator)))
            .collect();
        assert_eq!(got, expected);
    }
}
