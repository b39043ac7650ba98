//! `vardgaranti_3d`: medical assessment within three days of the contact
//! (the care guarantee since 2019), by contact month and year.

use super::{Indicator, additive};
use crate::schema::Table;

/// Share of contacts needing an assessment (and not choosing a later time)
/// that were assessed 0–3 days after the contact.
pub struct Vardgaranti3d;

impl Indicator for Vardgaranti3d {
    fn name(&self) -> &'static str {
        "vardgaranti_3d"
    }

    fn tables(&self) -> &'static [Table] {
        &[Table::Contacts]
    }

    fn sql(&self) -> String {
        additive(
            "",
            "SELECT region, sex, contact_date AS day,
                    CASE WHEN assessment_date IS NOT NULL
                              AND assessment_date >= contact_date
                              AND assessment_date <= contact_date + INTERVAL '3 days'
                         THEN 1 ELSE 0 END AS hit
             FROM contacts
             WHERE assessment_needed AND NOT patient_chose_later",
            true,
        )
    }
}
