//! The kernel of `kontinuitet_lakare`: physician visits counted per patient,
//! year, region and physician as they are read, then each patient's counts
//! turned into "most-seen physician has at least half of the visits".
//!
//! While reading, a visit is only appended to the buffer of its patient's
//! shard (picked by the hash of the identifier): sequential writes, no
//! lookup in a table of millions of patients, whose every probe would miss
//! the cache. After the last record, each shard's visits from every reading
//! thread are counted per patient in a table small enough to stay in the
//! cache, evaluated and dropped, shards in parallel on every core.

use arrow_array::{Array, RecordBatch};
use smallvec::SmallVec;

use super::counts::{Rollup, Row};
use super::interner::{Interner, hash};
use super::{Partial, codes, dates, on_every_core, text};
use crate::dates::civil_from_days;
use crate::schema::{PROFESSIONS, Table};

/// Shards of patients: a power of two, so many that one shard's patients
/// fit in a core's cache (a national year has about 8 million).
const SHARDS: usize = 256;

/// Physician visits as read, for one shard: the patients' identifiers back
/// to back, and per visit where its identifier ends and what it was.
#[derive(Debug, Default)]
struct Buffer {
    keys: Vec<u8>,
    visits: Vec<Visit>,
}

/// One physician visit as read; its patient's identifier ends at `end`
/// in the buffer's `keys`, and begins where the previous visit's ends.
#[derive(Debug, Clone, Copy)]
struct Visit {
    end: u32,
    staff: u32,
    yr: i32,
    region: u8,
    sex: u8,
}

impl Buffer {
    fn push(&mut self, key: &[u8], staff: u32, yr: i32, region: u8, sex: u8) {
        self.keys.extend_from_slice(key);
        let end = u32::try_from(self.keys.len()).expect("a shard's identifiers take less than 4 GiB");
        self.visits.push(Visit {
            end,
            staff,
            yr,
            region,
            sex,
        });
    }

    /// Counts the visits into `shard`, their physicians renumbered by `staff`
    /// (`None`: already numbered as there).
    fn count_into(&self, shard: &mut Shard, staff: Option<&[u32]>) {
        let mut start = 0;
        for v in &self.visits {
            let key = &self.keys[start..v.end as usize];
            start = v.end as usize;
            let seen = Seen {
                yr: v.yr,
                staff: staff.map_or(v.staff, |s| s[v.staff as usize]),
                count: 1,
                region: v.region,
                sex: v.sex,
            };
            shard.count(key, hash(key), seen);
        }
    }
}

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

    /// Counts this shard's patients with at least two visits per region and
    /// year and, pooling their regions, per year for the country: the
    /// numerator those whose most-seen physician had at least half.
    fn evaluate(&self) -> Tally {
        let mut out = Tally::default();
        let mut pooled: SmallVec<[Seen; 8]> = SmallVec::new();
        for seen in &self.seen {
            let mut seen: SmallVec<[Seen; 8]> = seen.iter().copied().collect();
            seen.sort_unstable_by_key(|v| (v.yr, v.region, v.staff));
            // Each (year, region) run holds one entry per physician.
            for run in seen.chunk_by(|a, b| (a.yr, a.region) == (b.yr, b.region)) {
                out.patient(Some(run[0].region), run);
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
                out.patient(None, &pooled);
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

/// Patients counted per year, region (the last place: the country) and sex:
/// (numerator, denominator). Dense, because it is added to once per patient.
#[derive(Debug, Default)]
struct Tally(Vec<(i32, PerRegion)>);

/// (numerator, denominator) per region (the last place: the country) and sex.
type PerRegion = [[(i64, i64); 2]; REGIONS + 1];

/// The number of county codes.
const REGIONS: usize = uppsikt_domain::codes::REGION_CODES.len();

impl Tally {
    /// One patient in one region (or the country, `None`) and year, one entry
    /// per physician: counted if they had at least two visits, a hit if the
    /// most-seen physician had at least half of them.
    fn patient(&mut self, region: Option<u8>, per_staff: &[Seen]) {
        let total: u64 = per_staff.iter().map(|s| u64::from(s.count)).sum();
        if total < 2 {
            return;
        }
        let top = per_staff.iter().map(|s| u64::from(s.count)).max().unwrap_or(0);
        let sex = per_staff.iter().map(|s| s.sex).min().unwrap_or(0);
        let yr = per_staff[0].yr;
        let year = match self.0.iter().position(|(y, _)| *y == yr) {
            Some(i) => i,
            None => {
                self.0.push((yr, [[(0, 0); 2]; REGIONS + 1]));
                self.0.len() - 1
            }
        };
        let cell = &mut self.0[year].1[region.map_or(REGIONS, usize::from)][usize::from(sex)];
        cell.0 += i64::from(2 * top >= total);
        cell.1 += 1;
    }

    /// Adds the counts to `out`, and to both sexes'.
    fn into_rollup(self, out: &mut Rollup) {
        for (yr, regions) in self.0 {
            for (r, sexes) in regions.iter().enumerate() {
                let region = (r < REGIONS).then_some(r as u8);
                for (sex, &(num, den)) in sexes.iter().enumerate() {
                    if den > 0 {
                        out.add(region, sex as u8, yr, None, num, den, false);
                    }
                }
            }
        }
    }
}

/// The partial result of one reading thread, and of those merged into it.
#[derive(Debug)]
pub struct Continuity {
    /// The physicians, numbered.
    staff: Interner,
    /// The visits read by this thread, per shard.
    shards: Vec<Buffer>,
    /// The visits of threads merged in, per shard, with the renumbering
    /// of their physicians to `staff`'s numbers.
    merged: Vec<(Vec<u32>, Vec<Buffer>)>,
}

impl Default for Continuity {
    fn default() -> Self {
        Continuity {
            staff: Interner::default(),
            shards: (0..SHARDS).map(|_| Buffer::default()).collect(),
            merged: Vec::new(),
        }
    }
}

impl Partial for Continuity {
    fn add(&mut self, table: Table, b: &RecordBatch) {
        if table != Table::Visits {
            return;
        }
        let (patient, region, sex) = (text(b, "patient_id"), codes::regions(b), codes::sexes(b));
        let (profession, staff, date) = (
            codes::places(b, "profession", PROFESSIONS),
            text(b, "staff_id"),
            dates(b, "visit_date"),
        );
        let physician = codes::place(PROFESSIONS, "lakare");
        let mut last_day = (i32::MIN, 0);
        let mut last_staff: (&[u8], u32) = (&[], u32::MAX);
        for i in 0..b.num_rows() {
            if staff.is_null(i) || profession[i] != physician {
                continue;
            }
            let day = date.value(i);
            if day != last_day.0 {
                last_day = (day, civil_from_days(day).0);
            }
            let s = staff.value(i).as_bytes();
            if s != last_staff.0 || last_staff.1 == u32::MAX {
                last_staff = (s, self.staff.intern(s, hash(s)));
            }
            let key = patient.value(i).as_bytes();
            self.shards[shard_of(hash(key))].push(key, last_staff.1, last_day.1, region[i], sex[i]);
        }
    }

    fn merge(&mut self, other: Box<dyn Partial>) {
        let other = super::downcast::<Self>(other);
        let staff = self.staff.absorb(&other.staff);
        for (theirs, buffers) in other.merged {
            let renumbered = theirs.iter().map(|&s| staff[s as usize]).collect();
            self.merged.push((renumbered, buffers));
        }
        self.merged.push((staff, other.shards));
    }

    fn finish(self: Box<Self>) -> Vec<Row> {
        let Continuity { shards, merged, .. } = *self;
        let (maps, buffers): (Vec<Vec<u32>>, Vec<Vec<Buffer>>) = merged.into_iter().unzip();
        // Per shard: this thread's visits, and each merged thread's with its renumbering.
        let mut per_shard: Vec<Vec<Renumbered>> = shards.into_iter().map(|b| vec![(None, b)]).collect();
        for (map, buffers) in maps.iter().zip(buffers) {
            for (s, b) in buffers.into_iter().enumerate() {
                per_shard[s].push((Some(map.as_slice()), b));
            }
        }
        let parts = on_every_core(per_shard, |buffers| {
            let mut shard = Shard::default();
            for (staff, b) in buffers {
                b.count_into(&mut shard, staff);
            }
            shard.evaluate()
        });
        let mut total = Rollup::default();
        for part in parts {
            part.into_rollup(&mut total);
        }
        total.rows()
    }
}

/// A buffer of visits and how its physicians are renumbered (`None`: not at all).
type Renumbered<'a> = (Option<&'a [u32]>, Buffer);

/// The shard of an identifier's hash: bits that neither the hash tables'
/// bucket index (the low bits) nor their tags (the top seven) use.
fn shard_of(hash: u64) -> usize {
    (hash >> 32) as usize & (SHARDS - 1)
}
