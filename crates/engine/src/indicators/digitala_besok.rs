//! `digitala_besok`: the share of primary-care visits that were digital, by month and year.

use super::{Indicator, KEYS, grouping_sets, month_of, year_of};
use crate::schema::Table;

/// Share of visits with mode `video` or `chatt`.
pub struct DigitalaBesok;

impl Indicator for DigitalaBesok {
    fn name(&self) -> &'static str {
        "digitala_besok"
    }

    fn tables(&self) -> &'static [Table] {
        &[Table::Visits]
    }

    fn sql(&self) -> String {
        format!(
            "WITH v AS (
               SELECT region, sex, {yr} AS yr, {mon} AS mon,
                      CASE WHEN mode IN ('video', 'chatt') THEN 1 ELSE 0 END AS digital
               FROM visits
             )
             SELECT {KEYS}, CAST(SUM(digital) AS BIGINT) AS numerator, COUNT(*) AS denominator
             FROM v GROUP BY {sets}",
            yr = year_of("visit_date"),
            mon = month_of("visit_date"),
            sets = grouping_sets(true),
        )
    }
}
