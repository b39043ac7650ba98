//! `vardgaranti_3d`: medical assessment within three days of the contact
//! (the care guarantee since 2019), by contact month and year.

use arrow_array::{Array, RecordBatch};

use super::{Indicator, additive};
use uppsikt_domain::IndicatorDef;

use crate::schema::Table;
use crate::streamed::additive::Additive;
use crate::streamed::{DayCounts, Partial, codes, dates, flags};

crate::indicator_def!(DEF {
    id: "vardgaranti_3d",
    name_sv: "Medicinsk bedömning inom tre dagar i primärvården",
    description_sv: "Andel av primärvårdens första kontakter om ett nytt eller försämrat besvär som behövde medicinsk bedömning, och där patienten inte själv valde en senare tid, som fick en medicinsk bedömning av legitimerad personal 0–3 dagar efter kontakten (vårdgarantin).",
    unit_sv: "procent",
    scale: Percent,
    direction: HigherIsBetter,
    monthly: true,
    source_sv: "Registerdata om primärvårdens kontakter (tabellen contacts i registerdatakontraktet)",
});

/// Share of contacts needing an assessment (and not choosing a later time)
/// that were assessed 0–3 days after the contact.
pub struct Vardgaranti3d;

impl Indicator for Vardgaranti3d {
    fn def(&self) -> &'static IndicatorDef {
        &DEF
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

    fn streamed(&self) -> Option<Box<dyn Partial>> {
        Some(Box::new(Additive::new(Table::Contacts, DEF.monthly, count)))
    }
}

/// A contact that needed an assessment, where the patient did not choose a
/// later time, is in the denominator; it is a hit when assessed 0–3 days after.
fn count(b: &RecordBatch, counts: &mut DayCounts) {
    let (region, sex) = (codes::regions(b), codes::sexes(b));
    let (contact, assessment) = (dates(b, "contact_date"), dates(b, "assessment_date"));
    let (needed, later) = (flags(b, "assessment_needed"), flags(b, "patient_chose_later"));
    for i in 0..b.num_rows() {
        if !needed.value(i) || later.value(i) {
            continue;
        }
        let day = contact.value(i);
        let hit = assessment.is_valid(i) && (day..=day.saturating_add(3)).contains(&assessment.value(i));
        counts.add(region[i], sex[i], day, hit);
    }
}
