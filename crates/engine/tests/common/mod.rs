//! Helpers for the engine tests: small input directories written by hand.
#![allow(dead_code)]

use std::path::Path;

use uppsikt_engine::cells::Cell;

pub const CONTACTS: &str = "contact_id,patient_id,sex,birth_year,region,unit_id,contact_date,assessment_needed,assessment_date,patient_chose_later";
pub const VISITS: &str = "visit_id,patient_id,sex,birth_year,region,unit_id,visit_date,profession,staff_id,mode";
pub const STAYS: &str = "stay_id,patient_id,sex,birth_year,region,admission_date,discharge_date,acute,main_diagnosis";
pub const POPULATION: &str = "region,year,sex,age_group,population";

/// Writes `DIR/NAME` with a header line and rows.
pub fn write(dir: &Path, name: &str, header: &str, rows: &[&str]) {
    let mut text = format!("{header}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    std::fs::write(dir.join(name), text).unwrap();
}

/// (numerator, denominator) of the cell, if it exists.
pub fn nd(cells: &[Cell], indicator: &str, region: &str, period: &str, sex: &str) -> Option<(i64, i64)> {
    cells
        .iter()
        .find(|c| c.indicator == indicator && c.region == region && c.period == period && c.sex == sex)
        .map(|c| (c.numerator, c.denominator))
}

/// The cells of one indicator.
pub fn of<'a>(cells: &'a [Cell], indicator: &str) -> Vec<&'a Cell> {
    cells.iter().filter(|c| c.indicator == indicator).collect()
}

/// A multi-threaded runtime, as the CLI runs the engine on.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// What `compute` is asked by default: every year of `input`, locally,
/// unpublished, stopping at an invalid row, the cells written to `out`.
pub fn options(input: &Path, out: &Path) -> uppsikt_engine::ComputeOptions {
    uppsikt_engine::ComputeOptions {
        input: input.to_path_buf(),
        out: out.to_path_buf(),
        publish: false,
        reject_file: None,
        engine: uppsikt_engine::Engine::Local,
        staging_dir: None,
        years: None,
    }
}

/// Runs the local engine over `dir`.
pub fn run(dir: &Path) -> Vec<Cell> {
    runtime()
        .block_on(uppsikt_engine::compute::compute_dir(
            dir,
            &uppsikt_engine::Engine::Local,
        ))
        .unwrap()
}

/// Appends `from`'s CSV rows (without its header) to `to`, keeping only the
/// population rows of the years `keep_population`.
pub fn append_year(from: &Path, to: &Path, keep_population: &[i32]) {
    for table in ["contacts", "visits", "stays", "population"] {
        let name = format!("{table}.csv");
        let text = std::fs::read_to_string(from.join(&name)).unwrap();
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        let target = to.join(&name);
        let mut out = std::fs::read_to_string(&target).unwrap_or_else(|_| format!("{header}\n"));
        for line in lines {
            if table == "population" {
                let year: i32 = line.split(',').nth(1).unwrap().parse().unwrap();
                if !keep_population.contains(&year) {
                    continue;
                }
            }
            out.push_str(line);
            out.push('\n');
        }
        std::fs::write(&target, out).unwrap();
    }
}
