//! The kernel of `undvikbar_slutenvard`: acute stays with an avoidable main
//! diagnosis counted per region, sex and admission year, over the
//! population of every region in every year that has stays.

use std::collections::{BTreeMap, BTreeSet};

use arrow_array::RecordBatch;

use super::counts::{Rollup, Row, row};
use super::{Partial, codes, dates, flags, ints, text};
use crate::dates::civil_from_days;
use crate::schema::Table;

/// What one reading thread has counted.
#[derive(Debug)]
pub struct Avoidable {
    prefixes: &'static [&'static str],
    /// The admission years of all stays.
    years: BTreeSet<i32>,
    /// Avoidable acute stays per (region, sex, admission year).
    stays: BTreeMap<(u8, u8, i32), i64>,
    /// Population per (region, sex, year), summed over age groups.
    population: BTreeMap<(u8, u8, i64), i64>,
}

impl Avoidable {
    /// Counts stays whose main diagnosis starts with one of `prefixes`.
    pub fn new(prefixes: &'static [&'static str]) -> Self {
        Avoidable {
            prefixes,
            years: BTreeSet::new(),
            stays: BTreeMap::new(),
            population: BTreeMap::new(),
        }
    }
}

impl Partial for Avoidable {
    fn add(&mut self, table: Table, b: &RecordBatch) {
        if !matches!(table, Table::Stays | Table::Population) {
            return;
        }
        let (region, sex) = (codes::regions(b), codes::sexes(b));
        match table {
            Table::Stays => {
                let admission = dates(b, "admission_date");
                let (acute, diagnosis) = (flags(b, "acute"), text(b, "main_diagnosis"));
                for i in 0..b.num_rows() {
                    let yr = civil_from_days(admission.value(i)).0;
                    self.years.insert(yr);
                    let d = diagnosis.value(i);
                    if acute.value(i) && self.prefixes.iter().any(|p| d.starts_with(p)) {
                        let key = (region[i], sex[i], yr);
                        *self.stays.entry(key).or_default() += 1;
                    }
                }
            }
            Table::Population => {
                let (year, population) = (ints(b, "year"), ints(b, "population"));
                for i in 0..b.num_rows() {
                    let key = (region[i], sex[i], year.value(i));
                    *self.population.entry(key).or_default() += population.value(i);
                }
            }
            Table::Contacts | Table::Visits => {}
        }
    }

    fn merge(&mut self, other: Box<dyn Partial>) {
        let other = super::downcast::<Self>(other);
        self.years.extend(other.years);
        for (k, n) in other.stays {
            *self.stays.entry(k).or_default() += n;
        }
        for (k, n) in other.population {
            *self.population.entry(k).or_default() += n;
        }
    }

    fn finish(self: Box<Self>) -> Vec<Row> {
        // The denominators: the population of the years that have stays.
        let mut den = Rollup::default();
        for (&(region, sex, year), &n) in &self.population {
            if let Ok(yr) = i32::try_from(year)
                && self.years.contains(&yr)
            {
                den.add(Some(region), sex, yr, None, 0, n, true);
            }
        }
        let mut num = Rollup::default();
        for (&(region, sex, yr), &n) in &self.stays {
            num.add(Some(region), sex, yr, None, n, 0, true);
        }
        // Every denominator cell is a row, its numerator 0 where no stay was avoidable.
        den.iter()
            .map(|((region, sex, yr, mon), (_, d))| {
                let n = num.get(region, sex, yr, mon).map_or(0, |(n, _)| n);
                row(region, sex, yr, mon, n, d)
            })
            .collect()
    }
}
