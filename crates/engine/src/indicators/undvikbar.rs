//! `undvikbar_slutenvard`: avoidable hospitalisation per 100 000 inhabitants.

use super::{Indicator, KEYS, grouping_sets, year_of};
use uppsikt_domain::IndicatorDef;

use crate::schema::Table;
use crate::streamed::Partial;
use crate::streamed::avoidable::Avoidable;

crate::indicator_def!(DEF {
    id: "undvikbar_slutenvard",
    name_sv: "Undvikbar slutenvård",
    description_sv: "Akuta vårdtillfällen med en huvuddiagnos där en god öppen vård kan förebygga inläggning (bland annat diabetes, högt blodtryck, kärlkramp, hjärtsvikt, lunginflammation, KOL, astma, njurbäckeninflammation och järnbristanemi), per 100 000 invånare i regionen.",
    unit_sv: "per 100 000 invånare",
    scale: PerHundredThousand,
    direction: LowerIsBetter,
    monthly: false,
    source_sv: "Registerdata om vårdtillfällen i slutenvården och befolkningen (tabellerna stays och population i registerdatakontraktet)",
});

/// Main-diagnosis prefixes of the conditions where good primary care avoids admission.
pub const DIAGNOSIS_PREFIXES: &[&str] = &[
    "E10", "E11", "E86", "I10", "I11", "I20", "I50", "J13", "J14", "J15", "J16", "J18", "J44", "J45", "J46", "N10",
    "N390", "D50",
];

/// Acute stays with an avoidable main diagnosis per 100 000 of the region's
/// population in the admission year; every region with population gets a
/// row for every year that has stays, also with numerator 0.
pub struct UndvikbarSlutenvard;

impl Indicator for UndvikbarSlutenvard {
    fn def(&self) -> &'static IndicatorDef {
        &DEF
    }

    fn tables(&self) -> &'static [Table] {
        &[Table::Stays, Table::Population]
    }

    fn sql(&self) -> String {
        let avoidable = DIAGNOSIS_PREFIXES
            .iter()
            .map(|p| format!("starts_with(main_diagnosis, '{p}')"))
            .collect::<Vec<_>>()
            .join(" OR ");
        format!(
            "WITH stay_years AS (SELECT DISTINCT {yr} AS yr FROM stays),
             pop AS (
               SELECT region, sex, CAST(\"year\" AS BIGINT) AS yr, CAST(NULL AS BIGINT) AS mon, population
               FROM population
               WHERE CAST(\"year\" AS BIGINT) IN (SELECT yr FROM stay_years)
             ),
             den AS (
               SELECT {KEYS}, CAST(SUM(population) AS BIGINT) AS denominator FROM pop GROUP BY {sets}
             ),
             avoidable AS (
               SELECT region, sex, {yr} AS yr, CAST(NULL AS BIGINT) AS mon
               FROM stays WHERE acute AND ({avoidable})
             ),
             num AS (
               SELECT {KEYS}, COUNT(*) AS numerator FROM avoidable GROUP BY {sets}
             )
             SELECT den.region, den.sex, den.yr, den.mon,
                    CAST(COALESCE(num.numerator, 0) AS BIGINT) AS numerator, den.denominator
             FROM den LEFT JOIN num
               ON den.region = num.region AND den.sex = num.sex AND den.yr = num.yr",
            yr = year_of("admission_date"),
            sets = grouping_sets(false),
        )
    }

    fn streamed(&self) -> Option<Box<dyn Partial>> {
        Some(Box::new(Avoidable::new(DIAGNOSIS_PREFIXES)))
    }
}
