//! Synthetic data: deterministic per seed, marked synthetic, readable as CSV
//! and Parquet alike, and the engine's cells add up where the contract says they do.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Mutex;

mod common;

use common::{options, runtime};

use uppsikt_engine::cells::Cell;
use uppsikt_engine::synth::{SynthFormat, SynthOptions, generate};
use uppsikt_engine::{ComputeOptions, Engine, Progress, compute};

/// What a run reported of its progress.
#[derive(Default)]
struct Seen {
    steps: Mutex<Vec<String>>,
    /// Per file: the records announced and the records reported read.
    tables: Mutex<BTreeMap<String, (Option<u64>, u64)>>,
}

impl Progress for Seen {
    fn step(&self, message: &str) {
        self.steps.lock().unwrap().push(message.to_string());
    }
    fn reading(&self, file: &str, rows: Option<u64>) {
        self.tables.lock().unwrap().insert(file.to_string(), (rows, 0));
    }
    fn read(&self, file: &str, rows: u64) {
        self.tables.lock().unwrap().get_mut(file).expect("announced first").1 += rows;
    }
}

fn synth(dir: &Path, seed: u64, format: SynthFormat) {
    let opts = SynthOptions {
        scale: 0.002,
        seed,
        out: dir.to_path_buf(),
        format,
        year: uppsikt_engine::synth::YEAR,
    };
    generate(&opts, &|_| {}).unwrap();
}

fn cells(dir: &Path) -> Vec<Cell> {
    runtime().block_on(compute::compute_dir(dir, &Engine::Local)).unwrap()
}

#[test]
fn same_seed_same_files_and_marked_synthetic() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    synth(a.path(), 42, SynthFormat::Csv);
    synth(b.path(), 42, SynthFormat::Csv);
    synth(c.path(), 43, SynthFormat::Csv);
    for t in ["contacts", "visits", "stays", "population"] {
        let f = format!("{t}.csv");
        let x = std::fs::read(a.path().join(&f)).unwrap();
        assert_eq!(x, std::fs::read(b.path().join(&f)).unwrap(), "{f}");
        if t != "population" {
            assert_ne!(x, std::fs::read(c.path().join(&f)).unwrap(), "{f} differs by seed");
        }
    }
    let note = std::fs::read_to_string(a.path().join("SYNTHETIC.txt")).unwrap();
    assert!(note.starts_with("SYNTHETIC register data"), "{note}");
}

#[test]
fn csv_and_parquet_give_the_same_cells() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    synth(a.path(), 7, SynthFormat::Csv);
    synth(b.path(), 7, SynthFormat::Parquet);
    let x = cells(a.path());
    assert!(x.len() > 500, "{} cells", x.len());
    assert_eq!(x, cells(b.path()));
    for ind in [
        "vardgaranti_3d",
        "kontinuitet_lakare",
        "aterinskrivning_30d",
        "undvikbar_slutenvard",
        "digitala_besok",
    ] {
        assert!(
            x.iter().any(|c| c.indicator == ind && c.numerator > 0),
            "{ind} has cells"
        );
    }
}

#[test]
fn alla_regions_and_months_add_up_where_additive() {
    let dir = tempfile::tempdir().unwrap();
    synth(dir.path(), 11, SynthFormat::Parquet);
    let cells = cells(dir.path());
    let get: HashMap<(&str, &str, &str, &str), (i64, i64)> = cells
        .iter()
        .map(|c| {
            (
                (
                    c.indicator.as_str(),
                    c.region.as_str(),
                    c.period.as_str(),
                    c.sex.as_str(),
                ),
                (c.numerator, c.denominator),
            )
        })
        .collect();
    let at = |i, r, p, s| get.get(&(i, r, p, s)).copied().unwrap_or((0, 0));
    let add = |a: (i64, i64), b: (i64, i64)| (a.0 + b.0, a.1 + b.1);
    for c in &cells {
        let (i, r, p) = (c.indicator.as_str(), c.region.as_str(), c.period.as_str());
        if c.sex == "alla" {
            assert_eq!(
                at(i, r, p, "alla"),
                add(at(i, r, p, "K"), at(i, r, p, "M")),
                "{i} {r} {p}: alla = K + M"
            );
        }
        if r == "00" && i != "kontinuitet_lakare" {
            let sum = cells
                .iter()
                .filter(|d| d.indicator == i && d.period == p && d.sex == c.sex && d.region != "00")
                .fold((0, 0), |acc, d| add(acc, (d.numerator, d.denominator)));
            assert_eq!(
                sum,
                (c.numerator, c.denominator),
                "{i} {p} {}: 00 = sum of regions",
                c.sex
            );
        }
        if p.len() == 4 && (i == "vardgaranti_3d" || i == "digitala_besok") {
            let sum = cells
                .iter()
                .filter(|d| {
                    d.indicator == i
                        && d.region == r
                        && d.sex == c.sex
                        && d.period.len() == 7
                        && d.period.starts_with(p)
                })
                .fold((0, 0), |acc, d| add(acc, (d.numerator, d.denominator)));
            assert_eq!(
                sum,
                (c.numerator, c.denominator),
                "{i} {r} {p} {}: year = sum of months",
                c.sex
            );
        }
    }
    // The country's continuity pools patients' visits across regions: never more patients than the regions together.
    let k00 = at("kontinuitet_lakare", "00", "2024", "alla");
    let k_regions = cells
        .iter()
        .filter(|c| c.indicator == "kontinuitet_lakare" && c.region != "00" && c.period == "2024" && c.sex == "alla")
        .map(|c| c.denominator)
        .sum::<i64>();
    assert!(k00.1 > 0 && k00.1 >= k_regions, "{k00:?} vs {k_regions}");
}

#[test]
fn publish_output_hides_suppressed_values_sorted_and_safe() {
    let dir = tempfile::tempdir().unwrap();
    synth(dir.path(), 5, SynthFormat::Parquet);
    let out = dir.path().join("published.csv");
    let opts = ComputeOptions {
        publish: true,
        ..options(dir.path(), &out)
    };
    let rt = runtime();
    let seen = Seen::default();
    let report = rt.block_on(compute(&opts, &seen)).unwrap();
    // Progress: every table announced with its record count, and the records
    // reported as read add up to it (every record is read and checked, kept or not).
    let tables = seen.tables.lock().unwrap();
    assert_eq!(tables.len(), 4, "{tables:?}");
    for (file, (announced, read)) in tables.iter() {
        assert_eq!(*announced, Some(*read), "{file}");
        let table = file.trim_end_matches(".parquet");
        assert_eq!(Some(*read as usize), report.rows.get(table).copied(), "{file}");
    }
    assert!(
        seen.steps
            .lock()
            .unwrap()
            .iter()
            .any(|s| s.contains("kontinuitet_lakare"))
    );
    assert!(report.suppressed > 0 && report.suppressed < report.cells, "{report:?}");
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("indicator,region,period,sex,numerator,denominator,value,suppressed")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), report.cells);
    let mut published = Vec::new();
    for r in &rows {
        assert_eq!(r.len(), 8);
        match r[7] {
            "true" => assert_eq!(&r[4..7], ["", "", ""]),
            "false" => {
                assert!(
                    r[6].contains('.') && r[6].split('.').nth(1).unwrap().len() == 1,
                    "{r:?}"
                );
                let (n, d): (i64, i64) = (r[4].parse().unwrap(), r[5].parse().unwrap());
                assert!(d > 0);
                assert!(r[3] == "alla" || r[3] == "K" || r[3] == "M");
                let _ = n;
            }
            other => panic!("suppressed = {other}"),
        }
        published.push(Cell {
            indicator: r[0].into(),
            region: r[1].into(),
            period: r[2].into(),
            sex: r[3].into(),
            numerator: 0,
            denominator: 1,
            scale: uppsikt_engine::cells::Scale::Percent,
            suppressed: r[7] == "true",
        });
    }
    let keys: Vec<_> = rows.iter().map(|r| (r[0], r[1], r[2], r[3])).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "rows in byte order of indicator, region, period, sex");
    assert!(!uppsikt_engine::suppression::has_lone_suppressed(&published));
}
