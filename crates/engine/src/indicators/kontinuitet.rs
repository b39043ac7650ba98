//! `kontinuitet_lakare`: continuity with a physician, per patient, region and year.

use super::{Indicator, year_of};
use crate::schema::Table;

/// Share of patients with at least two physician visits (with a known
/// physician) whose most-seen physician accounts for at least half of them.
/// The whole country (`00`) pools each patient's visits across regions, so
/// it is computed separately rather than summed from the regions.
pub struct KontinuitetLakare;

impl Indicator for KontinuitetLakare {
    fn name(&self) -> &'static str {
        "kontinuitet_lakare"
    }

    fn tables(&self) -> &'static [Table] {
        &[Table::Visits]
    }

    fn sql(&self) -> String {
        format!(
            "WITH v AS (
               SELECT patient_id, region, sex, {yr} AS yr, staff_id
               FROM visits
               WHERE profession = 'lakare' AND staff_id IS NOT NULL
             ),
             per_staff AS (
               SELECT patient_id, region, yr, staff_id, MIN(sex) AS sex, COUNT(*) AS n
               FROM v GROUP BY patient_id, region, yr, staff_id
             ),
             per_staff_country AS (
               SELECT patient_id, yr, staff_id, MIN(sex) AS sex, COUNT(*) AS n
               FROM v GROUP BY patient_id, yr, staff_id
             ),
             patients AS (
               SELECT region, yr, MIN(sex) AS sex, SUM(n) AS total, MAX(n) AS top
               FROM per_staff GROUP BY patient_id, region, yr
               UNION ALL
               SELECT '00' AS region, yr, MIN(sex) AS sex, SUM(n) AS total, MAX(n) AS top
               FROM per_staff_country GROUP BY patient_id, yr
             )
             SELECT region, COALESCE(sex, 'alla') AS sex, yr, CAST(NULL AS BIGINT) AS mon,
                    CAST(SUM(CASE WHEN 2 * top >= total THEN 1 ELSE 0 END) AS BIGINT) AS numerator,
                    COUNT(*) AS denominator
             FROM patients
             WHERE total >= 2
             GROUP BY GROUPING SETS ((region, sex, yr), (region, yr))",
            yr = year_of("visit_date"),
        )
    }
}
