//! The kernel of `aterinskrivning_30d`: the stays, a few dozen bytes each,
//! kept as they are read; after the last, each patient's stays are sorted
//! and every index stay looks for an acute admission 1–30 days after its
//! discharge, in any region and across New Year.

use arrow_array::RecordBatch;

use super::counts::{DayCounts, Row};
use super::interner::{Interner, hash};
use super::{Partial, codes, dates, flags, ints, text};
use crate::dates::civil_from_days;
use crate::schema::Table;

/// One stay, its identifiers numbered by the thread that read it.
#[derive(Debug, Clone, Copy)]
struct Stay {
    patient: u32,
    stay: u32,
    admission: i32,
    discharge: i32,
    birth_year: i64,
    region: u8,
    sex: u8,
    acute: bool,
}

/// The stays one reading thread has seen.
#[derive(Debug, Default)]
pub struct Readmission {
    patients: Interner,
    stay_ids: Interner,
    stays: Vec<Stay>,
}

/// The age from which a stay is an index stay, in the discharge year.
const INDEX_AGE: i64 = 65;
/// An acute admission this many days after discharge, or fewer (and at least one), is a readmission.
const WINDOW_DAYS: i32 = 30;

impl Partial for Readmission {
    fn add(&mut self, table: Table, b: &RecordBatch) {
        if table != Table::Stays {
            return;
        }
        let (stay, patient) = (text(b, "stay_id"), text(b, "patient_id"));
        let (region, sex) = (codes::regions(b), codes::sexes(b));
        let (admission, discharge) = (dates(b, "admission_date"), dates(b, "discharge_date"));
        let (birth_year, acute) = (ints(b, "birth_year"), flags(b, "acute"));
        for i in 0..b.num_rows() {
            let (p, s) = (patient.value(i).as_bytes(), stay.value(i).as_bytes());
            self.stays.push(Stay {
                patient: self.patients.intern(p, hash(p)),
                stay: self.stay_ids.intern(s, hash(s)),
                admission: admission.value(i),
                discharge: discharge.value(i),
                birth_year: birth_year.value(i),
                region: region[i],
                sex: sex[i],
                acute: acute.value(i),
            });
        }
    }

    fn merge(&mut self, other: Box<dyn Partial>) {
        let other = super::downcast::<Self>(other);
        let patients = self.patients.absorb(&other.patients);
        let stay_ids = self.stay_ids.absorb(&other.stay_ids);
        self.stays.extend(other.stays.iter().map(|s| Stay {
            patient: patients[s.patient as usize],
            stay: stay_ids[s.stay as usize],
            ..*s
        }));
    }

    fn finish(mut self: Box<Self>) -> Vec<Row> {
        let index = |s: &Stay| i64::from(civil_from_days(s.discharge).0).saturating_sub(s.birth_year) >= INDEX_AGE;
        self.stays.sort_unstable_by_key(|s| (s.patient, s.admission));
        // A stay identifier is readmitted when any index stay carrying it is
        // (as the SQL's `DISTINCT stay_id` join has it, should an identifier repeat).
        let mut readmitted = vec![false; self.stay_ids.len()];
        let mut acute: Vec<i32> = Vec::new();
        for same in self.stays.chunk_by(|a, b| a.patient == b.patient) {
            acute.clear();
            acute.extend(same.iter().filter(|s| s.acute).map(|s| s.admission));
            for s in same.iter().filter(|s| index(s)) {
                // `acute` is sorted by admission: the first at or after the day after discharge.
                let first = acute.partition_point(|&a| a <= s.discharge);
                if acute
                    .get(first)
                    .is_some_and(|&a| a <= s.discharge.saturating_add(WINDOW_DAYS))
                {
                    readmitted[s.stay as usize] = true;
                }
            }
        }
        let mut counts = DayCounts::default();
        for s in self.stays.iter().filter(|s| index(s)) {
            counts.add(s.region, s.sex, s.discharge, readmitted[s.stay as usize]);
        }
        counts.rows(false)
    }
}
