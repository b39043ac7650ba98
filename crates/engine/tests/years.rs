//! Several years in one input: `--years` selects the years written, a
//! readmission crosses New Year for the index stay's year, each year's cells
//! are the same whether the input holds one year or several, and disclosure
//! control holds over several years.

mod common;

use std::path::Path;

use common::*;
use uppsikt_engine::cells::Cell;
use uppsikt_engine::synth::{SynthFormat, SynthOptions, generate};
use uppsikt_engine::{ComputeOptions, Years, compute};

/// Runs `compute` over `dir` for `years` and returns the cells it wrote.
fn cells(dir: &Path, years: Option<&str>) -> Vec<Cell> {
    let out = tempfile::tempdir().unwrap();
    let opts = ComputeOptions {
        years: years.map(|y| y.parse::<Years>().unwrap()),
        ..options(dir, &out.path().join("celler.csv"))
    };
    let report = runtime().block_on(compute(&opts, &())).unwrap();
    let text = std::fs::read_to_string(&opts.out).unwrap();
    let cells: Vec<Cell> = text
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            Cell {
                indicator: f[0].into(),
                region: f[1].into(),
                period: f[2].into(),
                sex: f[3].into(),
                numerator: f[4].parse().unwrap(),
                denominator: f[5].parse().unwrap(),
                scale: uppsikt_engine::cells::Scale::Percent,
                suppressed: f[7] == "true",
            }
        })
        .collect();
    assert_eq!(cells.len(), report.cells);
    cells
}

#[test]
fn a_readmission_early_in_january_counts_for_the_discharge_year() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "stays.csv",
        STAYS,
        &[
            // Index stay, discharged 20 December; acute again on 5 January: a readmission (16 days).
            "s1,p1,K,1940,01,2020-12-10,2020-12-20,true,I50",
            "s2,p1,K,1940,01,2021-01-05,2021-01-10,true,J18",
            // Discharged 15 December; acute on 20 January is 36 days later: not one.
            "s3,p2,M,1945,01,2020-12-01,2020-12-15,false,C50",
            "s4,p2,M,1945,01,2021-01-20,2021-01-25,true,I10",
        ],
    );
    let pop: Vec<String> = [2020, 2021]
        .iter()
        .flat_map(|y| ["K", "M"].map(|s| format!("01,{y},{s},65-79,50000")))
        .collect();
    let pop: Vec<&str> = pop.iter().map(String::as_str).collect();
    write(dir.path(), "population.csv", POPULATION, &pop);

    let all = cells(dir.path(), None);
    let only_2020 = cells(dir.path(), Some("2020"));
    let i = "aterinskrivning_30d";
    assert_eq!(nd(&only_2020, i, "01", "2020", "K"), Some((1, 1)));
    assert_eq!(nd(&only_2020, i, "01", "2020", "M"), Some((0, 1)));
    assert_eq!(nd(&only_2020, i, "00", "2020", "alla"), Some((1, 2)));
    // The January stays are index stays of 2021, written only when 2021 is asked for.
    assert_eq!(nd(&all, i, "01", "2021", "alla"), Some((0, 2)));
    assert!(only_2020.iter().all(|c| c.period.starts_with("2020")), "{only_2020:?}");
    assert!(all.iter().any(|c| c.period.starts_with("2021")));
    // For 2020, the same cells either way.
    let of_2020: Vec<&Cell> = all.iter().filter(|c| c.period.starts_with("2020")).collect();
    assert_eq!(of_2020, only_2020.iter().collect::<Vec<_>>());
}

#[test]
fn each_year_gives_the_same_cells_alone_as_among_several_and_suppression_holds_over_them() {
    let root = tempfile::tempdir().unwrap();
    let combined = root.path().join("alla");
    std::fs::create_dir_all(&combined).unwrap();
    let years = [2021, 2022, 2023];
    let mut alone = Vec::new();
    for (k, year) in years.iter().enumerate() {
        let dir = root.path().join(year.to_string());
        generate(
            &SynthOptions {
                scale: 0.002,
                seed: 40 + k as u64,
                out: dir.clone(),
                format: SynthFormat::Csv,
                year: *year,
            },
            &|_| {},
        )
        .unwrap();
        // Each year's own file set also has next year's population; the
        // combined one has each year's once.
        let keep: Vec<i32> = if k + 1 == years.len() {
            vec![*year, year + 1]
        } else {
            vec![*year]
        };
        append_year(&dir, &combined, &keep);
        alone.push(cells(&dir, Some(&year.to_string())));
    }
    let together = cells(&combined, Some("2021-2023"));
    assert!(!uppsikt_engine::suppression::has_lone_suppressed(&together));
    assert!(together.iter().any(|c| c.suppressed));
    for (year, alone) in years.iter().zip(&alone) {
        assert!(!uppsikt_engine::suppression::has_lone_suppressed(alone));
        // Stays pool across years (a stay that begins in the next year's
        // file is a readmission for this year's), so compare the rest.
        let within = |c: &&Cell| {
            c.period.starts_with(&year.to_string())
                && !["aterinskrivning_30d", "undvikbar_slutenvard"].contains(&c.indicator.as_str())
        };
        let a: Vec<&Cell> = alone.iter().filter(within).collect();
        let t: Vec<&Cell> = together.iter().filter(within).collect();
        assert!(a.len() > 100, "{year}: {} cells", a.len());
        assert_eq!(a, t, "{year}");
        // The year asked for alone from the combined input is that year's part of the whole.
        let one = cells(&combined, Some(&year.to_string()));
        let part: Vec<&Cell> = together
            .iter()
            .filter(|c| c.period.starts_with(&year.to_string()))
            .collect();
        assert_eq!(one.iter().collect::<Vec<_>>(), part, "{year}");
    }
}
