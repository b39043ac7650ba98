//! One region's synthetic people and their contacts, visits and stays.

use super::rng::Rng;
use super::tables::{TableOut, V};
use crate::dates::days_from_civil;

/// The four open tables.
pub struct Outputs {
    pub contacts: TableOut,
    pub visits: TableOut,
    pub stays: TableOut,
    pub population: TableOut,
}

/// Age groups: label, lowest and highest age, share of the population.
const AGE_GROUPS: [(&str, i32, i32, f64); 4] = [
    ("0-19", 0, 19, 0.230),
    ("20-64", 20, 64, 0.567),
    ("65-79", 65, 79, 0.150),
    ("80+", 80, 99, 0.053),
];

/// Mean yearly contacts, visits and stays per person by age group (women a little more).
const CONTACT_RATE: [f64; 4] = [1.8, 2.1, 3.2, 4.5];
const VISIT_RATE: [f64; 4] = [2.4, 3.2, 6.5, 9.5];
const STAY_RATE: [f64; 4] = [0.04, 0.07, 0.28, 0.60];

/// Relative volume per month: winter peaks, a quiet July.
const SEASON: [f64; 12] = [1.15, 1.1, 1.1, 1.0, 0.95, 0.9, 0.6, 0.8, 1.05, 1.1, 1.1, 0.95];

const PROFESSIONS: [(&str, f64); 10] = [
    ("lakare", 0.40),
    ("sjukskoterska", 0.18),
    ("distriktskoterska", 0.15),
    ("fysioterapeut", 0.10),
    ("arbetsterapeut", 0.03),
    ("psykolog", 0.04),
    ("kurator", 0.03),
    ("dietist", 0.01),
    ("underskoterska", 0.04),
    ("annan", 0.02),
];

/// Avoidable-hospitalisation diagnoses and others, with weights.
const AVOIDABLE: [&str; 10] = [
    "I509", "J441", "E119", "J189", "N390", "I10", "D509", "E86", "I209", "J459",
];
const OTHER: [&str; 12] = [
    "S720", "I639", "K359", "C509", "O800", "F329", "R073", "Z515", "M161", "K802", "A419", "I214",
];

fn day_in_year(rng: &mut Rng, year: i32) -> i32 {
    let month = rng.weighted(&SEASON) as u32 + 1;
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let february = if leap { 29 } else { 28 };
    let days = [31, february, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month as usize - 1];
    days_from_civil(year, month, 1) + rng.below(days) as i32
}

fn month_of(day: i32) -> u32 {
    crate::dates::civil_from_days(day).1
}

/// Generates `n` people living in region `code` during `year`, their care
/// and the region's population rows (for `year` and the next).
pub fn region(
    rng: &mut Rng,
    year: i32,
    code: &str,
    regions: &[(String, u64)],
    n: u64,
    out: &mut Outputs,
) -> crate::Result<()> {
    // Care units of about 8 000 listed people, each with a panel of 3–8 physicians.
    let units = (n / 8_000).max(1);
    let panels: Vec<u64> = (0..units).map(|_| 3 + rng.below(6)).collect();
    let mut counts = [[0i64; 4]; 2];
    let (mut contact_seq, mut visit_seq, mut stay_seq) = (0u64, 0u64, 0u64);
    for p in 0..n {
        let woman = rng.chance(0.503);
        let sex = if woman { "K" } else { "M" };
        let g = rng.weighted(&AGE_GROUPS.map(|a| a.3));
        let (_, lo, hi, _) = AGE_GROUPS[g];
        let age = lo + rng.below((hi - lo + 1) as u64) as i32;
        counts[usize::from(!woman)][g] += 1;
        let birth_year = i64::from(year - age);
        let patient = format!("P{code}-{p:07}");
        let unit_no = rng.below(units);
        let unit = format!("SE{code}-U{unit_no:04}");
        let own_doctor = rng.below(panels[unit_no as usize]);
        let female = if woman { 1.1 } else { 1.0 };

        for _ in 0..rng.poisson(CONTACT_RATE[g] * female) {
            contact_seq += 1;
            let day = day_in_year(rng, year);
            let needed = rng.chance(0.85);
            let later = rng.chance(0.05);
            let delay = match rng.f64() {
                x if x < 0.45 => Some(0),
                x if x < 0.62 => Some(1),
                x if x < 0.72 => Some(2),
                x if x < 0.80 => Some(3),
                x if x < 0.96 => Some(4 + rng.below(11) as i32),
                _ => None,
            };
            out.contacts.push(&[
                V::S(&format!("C{code}-{contact_seq:08}")),
                V::S(&patient),
                V::S(sex),
                V::I(birth_year),
                V::S(code),
                V::S(&unit),
                V::D(day),
                V::B(needed),
                delay.map_or(V::Null, |d| V::D(day + d)),
                V::B(later),
            ])?;
        }

        for _ in 0..rng.poisson(VISIT_RATE[g] * female * 1.07) {
            visit_seq += 1;
            let day = day_in_year(rng, year);
            let profession = PROFESSIONS[rng.weighted(&PROFESSIONS.map(|p| p.1))].0;
            let staff = if rng.chance(0.03) {
                None
            } else if profession == "lakare" {
                // Most physician visits are with the patient's own physician.
                let doctor = if rng.chance(0.6) {
                    own_doctor
                } else {
                    rng.below(panels[unit_no as usize])
                };
                Some(format!("L{code}-{unit_no:04}-{doctor}"))
            } else {
                Some(format!("S{code}-{unit_no:04}-{}", rng.below(12)))
            };
            // Digital share grows from about 8 % in January to about 19 % in December.
            let digital = 0.07 + 0.01 * f64::from(month_of(day));
            let mode = match rng.f64() {
                x if x < digital * 0.6 => "video",
                x if x < digital => "chatt",
                x if x < digital + 0.15 => "telefon",
                x if x < digital + 0.15 + if g == 3 { 0.08 } else { 0.01 } => "hembesok",
                _ => "fysiskt",
            };
            out.visits.push(&[
                V::S(&format!("V{code}-{visit_seq:09}")),
                V::S(&patient),
                V::S(sex),
                V::I(birth_year),
                V::S(code),
                V::S(&unit),
                V::D(day),
                V::S(profession),
                staff.as_deref().map_or(V::Null, V::S),
                V::S(mode),
            ])?;
        }

        for _ in 0..rng.poisson(STAY_RATE[g]) {
            let mut admission = day_in_year(rng, year);
            let mut acute = rng.chance(0.7);
            // Readmission clusters: the old often come back within weeks.
            let mut left = 1 + u32::from(age >= 65 && rng.chance(0.15)) + u32::from(age >= 80 && rng.chance(0.1));
            while left > 0 {
                left -= 1;
                stay_seq += 1;
                let length = rng.poisson(if age >= 65 { 5.0 } else { 3.0 }) as i32;
                let stay_region = if rng.chance(0.03) {
                    &regions[rng.below(regions.len() as u64) as usize].0
                } else {
                    code
                };
                let avoidable_share = if age >= 65 { 0.22 } else { 0.08 };
                let diagnosis = if rng.chance(avoidable_share) {
                    AVOIDABLE[rng.below(AVOIDABLE.len() as u64) as usize]
                } else {
                    OTHER[rng.below(OTHER.len() as u64) as usize]
                };
                out.stays.push(&[
                    V::S(&format!("S{code}-{stay_seq:08}")),
                    V::S(&patient),
                    V::S(sex),
                    V::I(birth_year),
                    V::S(stay_region),
                    V::D(admission),
                    V::D(admission + length),
                    V::B(acute),
                    V::S(diagnosis),
                ])?;
                // A same-day return happens too; mostly 1–30 days, sometimes later.
                admission += length + rng.below(40) as i32;
                acute = true;
            }
        }
    }
    for (si, sex) in ["K", "M"].iter().enumerate() {
        for (gi, (label, ..)) in AGE_GROUPS.iter().enumerate() {
            for (year, growth) in [(year, 1.0), (year + 1, 1.006)] {
                out.population.push(&[
                    V::S(code),
                    V::I(i64::from(year)),
                    V::S(sex),
                    V::S(label),
                    V::I((counts[si][gi] as f64 * growth).round() as i64),
                ])?;
            }
        }
    }
    Ok(())
}
