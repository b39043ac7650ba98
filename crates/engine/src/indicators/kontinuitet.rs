//! `kontinuitet_lakare`: continuity with a physician, per patient, region and year.

use super::{Indicator, year_of};
use uppsikt_domain::IndicatorDef;

use crate::schema::Table;
use crate::streamed::Partial;
use crate::streamed::continuity::Continuity;

crate::indicator_def!(DEF {
    id: "kontinuitet_lakare",
    name_sv: "Kontinuitet: patienter som oftast träffar samma läkare",
    description_sv: "Andel patienter med minst två läkarbesök med känd läkare under året vars oftast träffade läkare står för minst hälften av besöken. Riket räknar varje patients besök i alla regioner tillsammans.",
    unit_sv: "procent",
    scale: Percent,
    direction: HigherIsBetter,
    monthly: false,
    source_sv: "Registerdata om primärvårdens besök (tabellen visits i registerdatakontraktet)",
});

/// Share of patients with at least two physician visits (with a known
/// physician) whose most-seen physician accounts for at least half of them.
/// The whole country (`00`) pools each patient's visits across regions, so
/// it is computed separately rather than summed from the regions.
pub struct KontinuitetLakare;

impl Indicator for KontinuitetLakare {
    fn def(&self) -> &'static IndicatorDef {
        &DEF
    }

    fn tables(&self) -> &'static [Table] {
        &[Table::Visits]
    }

    fn sql(&self) -> String {
        // Sex is carried as 0 (K) / 1 (M): the minimum picks the same sex as
        // MIN over the codes would, and integers aggregate faster than text.
        // Patients are counted per region, sex and year before the roll-up to
        // `alla`, so the grouping sets see a few hundred rows, not millions.
        format!(
            "WITH v AS (
               SELECT patient_id, region, CASE WHEN sex = 'K' THEN 0 ELSE 1 END AS s, {yr} AS yr, staff_id
               FROM visits
               WHERE profession = 'lakare' AND staff_id IS NOT NULL
             ),
             per_staff AS (
               SELECT patient_id, region, yr, staff_id, MIN(s) AS s, COUNT(*) AS n
               FROM v GROUP BY patient_id, region, yr, staff_id
             ),
             per_staff_country AS (
               SELECT patient_id, yr, staff_id, MIN(s) AS s, COUNT(*) AS n
               FROM v GROUP BY patient_id, yr, staff_id
             ),
             patients AS (
               SELECT region, yr, MIN(s) AS s, SUM(n) AS total, MAX(n) AS top
               FROM per_staff GROUP BY patient_id, region, yr
               UNION ALL
               SELECT '00' AS region, yr, MIN(s) AS s, SUM(n) AS total, MAX(n) AS top
               FROM per_staff_country GROUP BY patient_id, yr
             ),
             counted AS (
               SELECT region, s, yr, SUM(CASE WHEN 2 * top >= total THEN 1 ELSE 0 END) AS num, COUNT(*) AS den
               FROM patients WHERE total >= 2 GROUP BY region, s, yr
             )
             SELECT region, COALESCE(CASE s WHEN 0 THEN 'K' WHEN 1 THEN 'M' END, 'alla') AS sex, yr,
                    CAST(NULL AS BIGINT) AS mon,
                    CAST(SUM(num) AS BIGINT) AS numerator, CAST(SUM(den) AS BIGINT) AS denominator
             FROM counted
             GROUP BY GROUPING SETS ((region, s, yr), (region, yr))",
            yr = year_of("visit_date"),
        )
    }

    fn streamed(&self) -> Option<Box<dyn Partial>> {
        Some(Box::<Continuity>::default())
    }
}
