//! `digitala_besok`: the share of primary-care visits that were digital, by month and year.

use super::{Indicator, additive};
use uppsikt_domain::IndicatorDef;

use crate::schema::Table;

crate::indicator_def!(DEF {
    id: "digitala_besok",
    name_sv: "Digitala besök i primärvården",
    description_sv: "Andel av primärvårdens besök som skedde via video eller chatt.",
    unit_sv: "procent",
    scale: Percent,
    direction: Neutral,
    monthly: true,
    source_sv: "Registerdata om primärvårdens besök (tabellen visits i registerdatakontraktet)",
});

/// Share of visits with mode `video` or `chatt`.
pub struct DigitalaBesok;

impl Indicator for DigitalaBesok {
    fn def(&self) -> &'static IndicatorDef {
        &DEF
    }

    fn tables(&self) -> &'static [Table] {
        &[Table::Visits]
    }

    fn sql(&self) -> String {
        additive(
            "",
            "SELECT region, sex, visit_date AS day,
                    CASE WHEN mode IN ('video', 'chatt') THEN 1 ELSE 0 END AS hit
             FROM visits",
            true,
        )
    }
}
