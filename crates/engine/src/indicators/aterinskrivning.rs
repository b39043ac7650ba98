//! `aterinskrivning_30d`: unplanned readmission within 30 days among people 65 and older.

use super::{Indicator, additive, year_of};
use uppsikt_domain::IndicatorDef;

use crate::schema::Table;
use crate::streamed::Partial;
use crate::streamed::readmission::Readmission;

crate::indicator_def!(DEF {
    id: "aterinskrivning_30d",
    name_sv: "Oplanerade återinskrivningar inom 30 dagar, 65 år och äldre",
    description_sv: "Andel vårdtillfällen i slutenvården för personer som är 65 år eller äldre under utskrivningsåret som följs av ett akut vårdtillfälle för samma patient, i vilken region som helst, 1–30 dagar efter utskrivningen. En av de fyra storheter som SOU 2018:39 föreslår ska följas årligen.",
    unit_sv: "procent",
    scale: Percent,
    direction: LowerIsBetter,
    monthly: false,
    source_sv: "Registerdata om vårdtillfällen i slutenvården (tabellen stays i registerdatakontraktet)",
});

/// Share of index stays (patient at least 65 in the discharge year) followed
/// by an acute stay of the same patient, in any region, admitted 1–30 days
/// after the index discharge.
pub struct Aterinskrivning30d;

impl Indicator for Aterinskrivning30d {
    fn def(&self) -> &'static IndicatorDef {
        &DEF
    }

    fn tables(&self) -> &'static [Table] {
        &[Table::Stays]
    }

    fn sql(&self) -> String {
        let with = format!(
            "idx AS (
               SELECT stay_id, patient_id, region, sex, discharge_date
               FROM stays
               WHERE {yr} - birth_year >= 65
             ),
             acute_stays AS (
               SELECT patient_id AS a_patient, admission_date AS a_admission FROM stays WHERE acute
             ),
             readmitted AS (
               SELECT DISTINCT idx.stay_id AS r_stay
               FROM idx JOIN acute_stays ON acute_stays.a_patient = idx.patient_id
               WHERE a_admission >= idx.discharge_date + INTERVAL '1 day'
                 AND a_admission <= idx.discharge_date + INTERVAL '30 days'
             ), ",
            yr = year_of("discharge_date"),
        );
        additive(
            &with,
            "SELECT region, sex, discharge_date AS day, CASE WHEN r_stay IS NULL THEN 0 ELSE 1 END AS hit
             FROM idx LEFT JOIN readmitted ON readmitted.r_stay = idx.stay_id",
            false,
        )
    }

    fn streamed(&self) -> Option<Box<dyn Partial>> {
        Some(Box::<Readmission>::default())
    }
}
