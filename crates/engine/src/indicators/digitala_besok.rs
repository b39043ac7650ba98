//! `digitala_besok`: the share of primary-care visits that were digital, by month and year.

use super::{Indicator, additive};
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
        additive(
            "",
            "SELECT region, sex, visit_date AS day,
                    CASE WHEN mode IN ('video', 'chatt') THEN 1 ELSE 0 END AS hit
             FROM visits",
            true,
        )
    }
}
