//! The streamed indicators give exactly the cells of their SQL definitions:
//! on synthetic national-like data over two years, and on small random
//! inputs full of the edge cases (ties, a patient in two regions, a stay
//! identifier repeated, readmissions 0, 1, 30 and 31 days after, New Year).

mod common;

use std::path::Path;

use common::*;
use uppsikt_domain::IndicatorDef;
use uppsikt_engine::cells::Cell;
use uppsikt_engine::compute::compute_with;
use uppsikt_engine::indicators::{self, Indicator};
use uppsikt_engine::schema::Table;
use uppsikt_engine::synth::{SynthFormat, SynthOptions, generate};

/// An indicator by its SQL alone: the same definition without a streamed form.
struct SqlOnly(&'static dyn Indicator);

impl Indicator for SqlOnly {
    fn def(&self) -> &'static IndicatorDef {
        self.0.def()
    }
    fn tables(&self) -> &'static [Table] {
        self.0.tables()
    }
    fn sql(&self) -> String {
        self.0.sql()
    }
}

/// The rows as `write` takes them.
fn rows(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Every indicator's cells over `dir`, streamed and by SQL.
fn both(dir: &Path) -> (Vec<Cell>, Vec<Cell>) {
    let sql_only: Vec<&'static dyn Indicator> = indicators::all()
        .into_iter()
        .map(|i| &*Box::leak(Box::new(SqlOnly(i))) as &'static dyn Indicator)
        .collect();
    assert!(indicators::all().iter().all(|i| i.streamed().is_some()));
    assert!(sql_only.iter().all(|i| i.streamed().is_none()));
    let out = tempfile::tempdir().unwrap();
    let opts = options(dir, &out.path().join("celler.csv"));
    let rt = runtime();
    let streamed = rt.block_on(compute_with(&opts, &indicators::all(), &())).unwrap().1;
    let by_sql = rt.block_on(compute_with(&opts, &sql_only, &())).unwrap().1;
    (streamed, by_sql)
}

#[test]
fn streamed_and_sql_agree_on_two_synthetic_years() {
    let root = tempfile::tempdir().unwrap();
    let combined = root.path().join("alla");
    std::fs::create_dir_all(&combined).unwrap();
    for (k, year) in [2021, 2022].into_iter().enumerate() {
        let dir = root.path().join(year.to_string());
        let opts = SynthOptions {
            scale: 0.003,
            seed: 7 + k as u64,
            out: dir.clone(),
            format: SynthFormat::Csv,
            year,
        };
        generate(&opts, &|_| {}).unwrap();
        // Stays reach into the next year, so the last year brings its successor's population.
        let keep = if k == 1 { vec![year, year + 1] } else { vec![year] };
        append_year(&dir, &combined, &keep);
    }
    let (streamed, by_sql) = both(&combined);
    for id in indicators::all().iter().map(|i| i.id()) {
        let n = streamed.iter().filter(|c| c.indicator == id).count();
        assert!(n > 50, "{id}: only {n} cells");
    }
    assert!(
        streamed.iter().any(|c| c.period.starts_with("2021")) && streamed.iter().any(|c| c.period.starts_with("2022"))
    );
    assert_eq!(streamed, by_sql);
}

/// A small deterministic generator (xorshift), so each case can be rerun.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len() as u64) as usize]
    }
    /// A day from 2020-11-15 to 2021-02-14 (ISO), near New Year on purpose.
    fn day(&mut self) -> (i32, String) {
        let d = 18_581 + self.below(92) as i32;
        (d, uppsikt_engine::dates::format_date(d))
    }
}

#[test]
fn streamed_and_sql_agree_on_random_inputs_full_of_edge_cases() {
    for seed in 1..=12u64 {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ seed.wrapping_mul(0x2545_f491_4f6c_dd1d));
        let dir = tempfile::tempdir().unwrap();
        let regions = ["01", "03", "25"];
        let patients: Vec<String> = (0..6).map(|p| format!("p{p}")).collect();
        let sex_of = |p: usize| if p.is_multiple_of(2) { "K" } else { "M" };

        let mut visits = Vec::new();
        for v in 0..60 {
            let p = rng.below(6) as usize;
            // A patient's sex may differ between records: the minimum counts.
            let sex = if rng.below(10) == 0 { "M" } else { sex_of(p) };
            let profession = rng.pick(&["lakare", "lakare", "lakare", "sjukskoterska"]);
            let staff = rng.pick(&["L1", "L2", "L3", "", "-"]);
            let staff = if staff == "-" {
                String::new()
            } else {
                format!("\"{staff}\"")
            };
            let mode = rng.pick(&["fysiskt", "video", "chatt", "telefon"]);
            let (_, day) = rng.day();
            visits.push(format!(
                "v{v},{},{sex},1950,{},u1,{day},{profession},{staff},{mode}",
                patients[p],
                rng.pick(&regions)
            ));
        }
        let mut contacts = Vec::new();
        for c in 0..40 {
            let p = rng.below(6) as usize;
            let (d, day) = rng.day();
            let assessed = match rng.below(4) {
                0 => String::new(),
                k => uppsikt_engine::dates::format_date(d + [0, 3, 4][k as usize - 1]),
            };
            contacts.push(format!(
                "c{c},{},{},1950,{},u1,{day},{},{assessed},{}",
                patients[p],
                sex_of(p),
                rng.pick(&regions),
                rng.pick(&["true", "true", "false"]),
                rng.pick(&["false", "false", "true"]),
            ));
        }
        let mut stays = Vec::new();
        for s in 0..30 {
            let p = rng.below(6) as usize;
            let (a, admission) = rng.day();
            let discharge = uppsikt_engine::dates::format_date(a + rng.below(3) as i32);
            // Identifiers repeat now and then, as the SQL's DISTINCT must handle.
            let id = if rng.below(8) == 0 { 0 } else { s };
            stays.push(format!(
                "s{id},{},{},{},{},{admission},{discharge},{},{}",
                patients[p],
                sex_of(p),
                rng.pick(&["1954", "1955", "1956", "1980"]),
                rng.pick(&regions),
                rng.pick(&["true", "true", "false"]),
                rng.pick(&["I50", "J181", "N390", "N39", "C50"]),
            ));
        }
        let mut population = Vec::new();
        for region in regions {
            for year in [2020, 2021] {
                for sex in ["K", "M"] {
                    let n = rng.below(3) * 1000;
                    population.push(format!("{region},{year},{sex},0-64,{n}"));
                    population.push(format!("{region},{year},{sex},65-,{}", n / 2));
                }
            }
        }
        write(dir.path(), "visits.csv", VISITS, &rows(&visits));
        write(dir.path(), "contacts.csv", CONTACTS, &rows(&contacts));
        write(dir.path(), "stays.csv", STAYS, &rows(&stays));
        write(dir.path(), "population.csv", POPULATION, &rows(&population));
        let (streamed, by_sql) = both(dir.path());
        assert!(!streamed.is_empty(), "seed {seed}");
        assert_eq!(streamed, by_sql, "seed {seed}");
    }
}
