//! `digitala_besok`: the share of primary-care visits that were digital, by month and year.

use arrow_array::RecordBatch;

use super::{Indicator, additive};
use uppsikt_domain::IndicatorDef;

use crate::schema::MODES;
use crate::schema::Table;
use crate::streamed::additive::Additive;
use crate::streamed::{DayCounts, Partial, codes, dates};

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

    fn streamed(&self) -> Option<Box<dyn Partial>> {
        Some(Box::new(Additive::new(Table::Visits, DEF.monthly, count)))
    }
}

/// Every visit is in the denominator; a video or chat visit is a hit.
fn count(b: &RecordBatch, counts: &mut DayCounts) {
    let (region, sex, day) = (codes::regions(b), codes::sexes(b), dates(b, "visit_date"));
    let mode = codes::places(b, "mode", MODES);
    let digital = [codes::place(MODES, "video"), codes::place(MODES, "chatt")];
    for i in 0..b.num_rows() {
        counts.add(region[i], sex[i], day.value(i), digital.contains(&mode[i]));
    }
}
