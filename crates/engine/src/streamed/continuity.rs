//! The kernel of `kontinuitet_lakare`: physician visits counted per patient,
//! year, region and physician as they are read, then each patient's counts
//! turned into "most-seen physician has at least half of the visits".
//!
//! The patients are spread over shards by the hash of their identifier, so
//! two reading threads' results are merged, and the patients evaluated,
//! shard by shard on every core.

use arrow_array::{Array, RecordBatch};
use smallvec::SmallVec;

use super::counts::{Rollup, Row};
use super::interner::{Interner, hash};
use super::{Partial, codes, dates, on_every_core, text};
use crate::dates::civil_from_days;
use crate::schema::Table;

/// Shards of patients: a power of two, several per core.
const SHARDS: usize = 64;

/// Physician visits of one patient to one physician in one region and year.
#[derive(Debug, Clone, Copy)]
struct Seen {
    yr: i32,
    staff: u32,
    count: u32,
    region: u8,
    /// The smallest sex code among the visits (the SQL's `MIN(s)`).
    sex: u8,
}

/// The patients whose identifiers hash to one shard.
#[derive(Debug, Default)]
struct Shard {
    patients: Interner,
    /// Per patient (numbered by `patients`): what they were seen for.
    seen: Vec<SmallVec<[Seen; 2]>>,
}

impl Shard {
    fn count(&mut self, patient: &[u8], hash: u64, v: Seen) {
        let p = self.patients.intern(patient, hash) as usize;
        if p == self.seen.len() {
            self.seen.push(SmallVec::new());
        }
        add(&mut self.seen[p], v);
    }

    /// Adds `other`'s patients, whose physicians are renumbered by `staff`.
    fn merge(&mut self, other: Shard, staff: &[u32]) {
        for (p, seen) in other.seen.into_iter().enumerate() {
            let (key, hash) = other.patients.get(p as u32);
            let q = self.patients.intern(key, hash) as usize;
            if q == self.seen.len() {
                self.seen.push(SmallVec::new());
            }
            for mut v in seen {
                v.staff = staff[v.staff as usize];
                add(&mut self.seen[q], v);
            }
        }
    }

    /// Counts this shard's patients with at least two visits per region and
    /// year and, pooling their regions, per year for the country: the
    /// numerator those whose most-seen physician had at least half.
    fn evaluate(&self) -> Rollup {
        let mut out = Rollup::default();
        let mut pooled: SmallVec<[Seen; 8]> = SmallVec::new();
        for seen in &self.seen {
            let mut seen: SmallVec<[Seen; 8]> = seen.iter().copied().collect();
            seen.sort_unstable_by_key(|v| (v.yr, v.region, v.staff));
            // Each (year, region) run holds one entry per physician.
            for run in seen.chunk_by(|a, b| (a.yr, a.region) == (b.yr, b.region)) {
                tally(&mut out, Some(run[0].region), run);
            }
            // The country: the same physician's visits summed over regions.
            seen.sort_unstable_by_key(|v| (v.yr, v.staff));
            for year in seen.chunk_by(|a, b| a.yr == b.yr) {
                pooled.clear();
                for same in year.chunk_by(|a, b| a.staff == b.staff) {
                    let mut v = same[0];
                    v.count = same.iter().map(|s| s.count).sum();
                    v.sex = same.iter().map(|s| s.sex).min().expect("non-empty run");
                    pooled.push(v);
                }
                tally(&mut out, None, &pooled);
            }
        }
        out
    }
}

/// Adds one visit count to a patient's list, merging it with the entry for
/// the same year, region and physician.
fn add(seen: &mut SmallVec<[Seen; 2]>, v: Seen) {
    match seen
        .iter_mut()
        .find(|s| (s.yr, s.staff, s.region) == (v.yr, v.staff, v.region))
    {
        Some(s) => {
            s.count += v.count;
            s.sex = s.sex.min(v.sex);
        }
        None => seen.push(v),
    }
}

/// One patient in one region (or the country, `None`) and year, one entry
/// per physician: counted if they had at least two visits, a hit if the
/// most-seen physician had at least half of them.
fn tally(out: &mut Rollup, region: Option<u8>, per_staff: &[Seen]) {
    let total: u64 = per_staff.iter().map(|s| u64::from(s.count)).sum();
    if total < 2 {
        return;
    }
    let top = per_staff.iter().map(|s| u64::from(s.count)).max().unwrap_or(0);
    let sex = per_staff.iter().map(|s| s.sex).min().unwrap_or(0);
    out.add(
        region,
        sex,
        per_staff[0].yr,
        None,
        i64::from(2 * top >= total),
        1,
        false,
    );
}

/// The partial result of one reading thread.
#[derive(Debug)]
pub struct Continuity {
    staff: Interner,
    shards: Vec<Shard>,
}

impl Default for Continuity {
    fn default() -> Self {
        Continuity {
            staff: Interner::default(),
            shards: (0..SHARDS).map(|_| Shard::default()).collect(),
        }
    }
}

impl Partial for Continuity {
    fn add(&mut self, table: Table, b: &RecordBatch) {
        if table != Table::Visits {
            return;
        }
        let (patient, region, sex) = (text(b, "patient_id"), text(b, "region"), text(b, "sex"));
        let (profession, staff, date) = (text(b, "profession"), text(b, "staff_id"), dates(b, "visit_date"));
        let mut last_day = (i32::MIN, 0);
        for i in 0..b.num_rows() {
            if staff.is_null(i) || profession.value(i) != "lakare" {
                continue;
            }
            let day = date.value(i);
            if day != last_day.0 {
                last_day = (day, civil_from_days(day).0);
            }
            let s = staff.value(i).as_bytes();
            let staff_id = self.staff.intern(s, hash(s));
            let key = patient.value(i).as_bytes();
            let h = hash(key);
            self.shards[shard_of(h)].count(
                key,
                h,
                Seen {
                    yr: last_day.1,
                    staff: staff_id,
                    count: 1,
                    region: codes::region(region.value(i)),
                    sex: codes::sex(sex.value(i)),
                },
            );
        }
    }

    fn merge(&mut self, other: Box<dyn Partial>) {
        let other = super::downcast::<Self>(other);
        let staff = self.staff.absorb(&other.staff);
        let pairs: Vec<(&mut Shard, Shard)> = self.shards.iter_mut().zip(other.shards).collect();
        on_every_core(pairs, |(mine, theirs)| mine.merge(theirs, &staff));
    }

    fn finish(self: Box<Self>) -> Vec<Row> {
        let parts = on_every_core(self.shards.iter().collect(), |s: &Shard| s.evaluate());
        let mut total = Rollup::default();
        for part in parts {
            for ((region, sex, yr, mon), (num, den)) in part.iter() {
                // Only per-sex cells: both sexes are added to again below.
                if let Some(sex) = sex {
                    total.add(region, sex, yr, mon, num, den, false);
                }
            }
        }
        total.rows()
    }
}

/// The shard of an identifier's hash: bits that neither the hash tables'
/// bucket index (the low bits) nor their tags (the top seven) use.
fn shard_of(hash: u64) -> usize {
    (hash >> 32) as usize & (SHARDS - 1)
}
