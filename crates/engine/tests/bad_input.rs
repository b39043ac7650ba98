//! Every bad-input case of the contract: a message naming file, row and
//! problem, and no output file; with a reject file, the valid rows are used.

mod common;

use std::path::Path;

use common::*;
use uppsikt_engine::{ComputeOptions, Engine, compute};

fn options(dir: &Path, reject: bool) -> ComputeOptions {
    ComputeOptions {
        input: dir.to_path_buf(),
        out: dir.join("out/result.csv"),
        publish: false,
        reject_file: reject.then(|| dir.join("out/rejected.csv")),
        engine: Engine::Local,
        staging_dir: None,
        years: None,
    }
}

fn run_compute(opts: &ComputeOptions) -> uppsikt_engine::Result<uppsikt_engine::ComputeReport> {
    std::fs::create_dir_all(opts.out.parent().unwrap()).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(compute(opts, &()))
}

/// Runs over `dir` expecting failure; returns the message after checking no output was left.
fn fails(dir: &Path) -> String {
    let opts = options(dir, false);
    let err = run_compute(&opts).expect_err("bad input must fail");
    let out_dir = opts.out.parent().unwrap();
    let left: Vec<_> = std::fs::read_dir(out_dir).unwrap().collect();
    assert!(
        left.is_empty(),
        "no output (not even a temporary file) may be left: {left:?}"
    );
    err.to_string()
}

const GOOD_CONTACT: &str = "c1,p1,K,1980,01,u1,2024-03-10,true,2024-03-11,false";
const GOOD_VISIT: &str = "v1,p1,K,1980,01,u1,2024-03-10,lakare,D1,video";
const GOOD_STAY: &str = "s1,p1,K,1950,01,2024-03-10,2024-03-12,true,J441";

fn case(name: &str, header: &str, bad_row: &str, expect: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let good = match name {
        "contacts.csv" => GOOD_CONTACT,
        "visits.csv" => GOOD_VISIT,
        _ => GOOD_STAY,
    };
    write(dir.path(), name, header, &[good, good, bad_row]);
    let msg = fails(dir.path());
    // Header is row 1, the two good rows 2 and 3: the bad one is row 4.
    assert!(msg.contains(&format!("{name}: rad 4")), "{msg}");
    for e in expect {
        assert!(msg.contains(e), "expected '{e}' in: {msg}");
    }
}

#[test]
fn unparseable_date() {
    case(
        "contacts.csv",
        CONTACTS,
        "c2,p1,K,1980,01,u1,2024-02-30,true,,false",
        &["contact_date", "2024-02-30"],
    );
    case(
        "visits.csv",
        VISITS,
        "v2,p1,K,1980,01,u1,10/03/2024,lakare,D1,video",
        &["visit_date", "10/03/2024"],
    );
}

#[test]
fn unparseable_number_and_boolean() {
    case(
        "stays.csv",
        STAYS,
        "s2,p1,K,19x0,01,2024-03-10,2024-03-12,true,J441",
        &["birth_year", "19x0"],
    );
    case(
        "stays.csv",
        STAYS,
        "s2,p1,K,1950,01,2024-03-10,2024-03-12,ja,J441",
        &["acute", "”ja”"],
    );
}

#[test]
fn unknown_county_sex_profession_and_mode() {
    case(
        "contacts.csv",
        CONTACTS,
        "c2,p1,K,1980,02,u1,2024-03-10,true,,false",
        &["region", "”02”"],
    );
    case(
        "contacts.csv",
        CONTACTS,
        "c2,p1,X,1980,01,u1,2024-03-10,true,,false",
        &["sex", "”X”"],
    );
    case(
        "visits.csv",
        VISITS,
        "v2,p1,K,1980,01,u1,2024-03-10,doktor,D1,video",
        &["profession", "”doktor”"],
    );
    case(
        "visits.csv",
        VISITS,
        "v2,p1,K,1980,01,u1,2024-03-10,lakare,D1,brev",
        &["mode", "”brev”"],
    );
}

#[test]
fn dates_in_the_wrong_order() {
    case(
        "stays.csv",
        STAYS,
        "s2,p1,K,1950,01,2024-03-10,2024-03-09,true,J441",
        &["discharge_date 2024-03-09 är före admission_date 2024-03-10"],
    );
    case(
        "contacts.csv",
        CONTACTS,
        "c2,p1,K,1980,01,u1,2024-03-10,true,2024-03-09,false",
        &["assessment_date 2024-03-09 är före contact_date 2024-03-10"],
    );
}

#[test]
fn missing_required_column_and_value() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "visits.csv",
        "visit_id,patient_id,sex,birth_year,region,unit_id,visit_date,staff_id,mode",
        &["v1,p1,K,1980,01,u1,2024-03-10,D1,video"],
    );
    let msg = fails(dir.path());
    assert!(msg.contains("visits.csv") && msg.contains("”profession”"), "{msg}");
    case(
        "visits.csv",
        VISITS,
        "v2,,K,1980,01,u1,2024-03-10,lakare,D1,video",
        &["patient_id", "värde saknas"],
    );
}

#[test]
fn stays_in_a_year_without_population_are_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "stays.csv",
        STAYS,
        &[GOOD_STAY, "s2,p2,M,1950,07,2024-05-01,2024-05-02,true,I10"],
    );
    write(
        dir.path(),
        "population.csv",
        POPULATION,
        &["01,2024,K,alla,1000", "01,2024,M,alla,1000"],
    );
    let msg = fails(dir.path());
    assert!(
        msg.contains("stays.csv: rad 3") && msg.contains("ingen befolkning för region 07 år 2024"),
        "{msg}"
    );
}

#[test]
fn many_problems_show_the_first_few_then_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let bad: Vec<String> = (0..25)
        .map(|i| format!("c{i},p1,Q,1980,01,u1,2024-03-10,true,,false"))
        .collect();
    let rows: Vec<&str> = bad.iter().map(String::as_str).collect();
    write(dir.path(), "contacts.csv", CONTACTS, &rows);
    let msg = fails(dir.path());
    assert!(
        msg.contains("contacts.csv: rad 2:") && msg.contains("contacts.csv: rad 11:"),
        "{msg}"
    );
    assert!(!msg.contains("contacts.csv: rad 12:"), "{msg}");
    assert!(msg.contains("15 avvisade rader till"), "{msg}");
}

#[test]
fn reject_file_lists_bad_rows_and_the_rest_is_computed() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "contacts.csv",
        CONTACTS,
        &[
            GOOD_CONTACT,
            "c2,p2,K,1980,99,u1,2024-03-10,true,,false",
            "c3,p3,M,1980,01,u1,2024-03-10,true,2024-03-10,false",
            "c4,p4,M,1980,01,u1,2024-03-10,maybe,2024-03-01,false",
        ],
    );
    let opts = options(dir.path(), true);
    let report = run_compute(&opts).unwrap();
    assert_eq!(report.rejected, 2);
    let rejected = std::fs::read_to_string(opts.reject_file.as_ref().unwrap()).unwrap();
    let lines: Vec<&str> = rejected.lines().collect();
    assert_eq!(lines[0], "file,row,reason");
    assert!(
        lines[1].starts_with("contacts.csv,3,") && lines[1].contains("”99”"),
        "{rejected}"
    );
    assert!(
        lines[2].starts_with("contacts.csv,5,") && lines[2].contains("”maybe”"),
        "{rejected}"
    );
    assert!(
        lines[2].contains("före contact_date"),
        "both problems of row 5: {rejected}"
    );
    assert_eq!(lines.len(), 3);
    let out = std::fs::read_to_string(&opts.out).unwrap();
    assert!(out.contains("vardgaranti_3d,01,2024,alla,2,2,100.0,true"), "{out}");
}

/// A Parquet file of many row groups is read in pieces on several threads:
/// the bad records are still named by their record number, and the cells
/// are those of the same records given as one CSV file.
#[test]
fn parquet_read_in_pieces_names_the_right_records() {
    let records: Vec<String> = (1..=40)
        .map(|i| match i {
            12 => format!("c{i},p{i},K,1980,99,u1,2024-03-10,true,,false"),
            36 => format!("c{i},p{i},M,1980,01,u1,2024-03-10,maybe,2024-03-01,false"),
            _ => format!(
                "c{i},p{i},{},1980,{},u1,2024-0{}-10,true,2024-0{}-1{},false",
                if i % 2 == 0 { "K" } else { "M" },
                ["01", "03", "04"][i % 3],
                1 + i % 4,
                1 + i % 4,
                i % 7
            ),
        })
        .collect();
    let csv_dir = tempfile::tempdir().unwrap();
    let rows: Vec<&str> = records.iter().map(String::as_str).collect();
    write(csv_dir.path(), "contacts.csv", CONTACTS, &rows);

    let pq_dir = tempfile::tempdir().unwrap();
    write_parquet(pq_dir.path(), "contacts.parquet", CONTACTS, &records, 3, true);

    let (csv, pq) = (options(csv_dir.path(), true), options(pq_dir.path(), true));
    assert_eq!(
        run_compute(&csv).unwrap().rejected,
        2,
        "{}",
        std::fs::read_to_string(csv.reject_file.as_ref().unwrap()).unwrap()
    );
    assert_eq!(run_compute(&pq).unwrap().rejected, 2);
    let rejected = std::fs::read_to_string(pq.reject_file.as_ref().unwrap()).unwrap();
    let rows: Vec<&str> = rejected.lines().skip(1).map(|l| l.split(',').nth(1).unwrap()).collect();
    // Record numbers in Parquet (no header line): 12 and 36.
    assert_eq!(rows, ["12", "36"], "{rejected}");
    assert_eq!(
        std::fs::read_to_string(&csv.out).unwrap(),
        std::fs::read_to_string(&pq.out).unwrap()
    );
}

/// Writes `records` (CSV lines under `header`) as a Parquet file of text
/// columns, `per_group` records to a row group, with dictionaries or
/// without; an empty field is null, and `EMPTY` is an empty string.
fn write_parquet(dir: &Path, name: &str, header: &str, records: &[String], per_group: usize, dictionary: bool) {
    use std::sync::Arc;

    use datafusion::arrow::array::{ArrayRef, RecordBatch, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::parquet::arrow::ArrowWriter;
    use datafusion::parquet::file::properties::WriterProperties;

    let names: Vec<&str> = header.split(',').collect();
    let schema = Arc::new(Schema::new(
        names
            .iter()
            .map(|n| Field::new(*n, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ));
    let columns: Vec<ArrayRef> = (0..names.len())
        .map(|c| {
            let values: Vec<Option<&str>> = records
                .iter()
                .map(|r| match r.split(',').nth(c).unwrap() {
                    "" => None,
                    "EMPTY" => Some(""),
                    v => Some(v),
                })
                .collect();
            Arc::new(StringArray::from(values)) as ArrayRef
        })
        .collect();
    let file = std::fs::File::create(dir.join(name)).unwrap();
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(per_group))
        .set_dictionary_enabled(dictionary)
        .build();
    let mut w = ArrowWriter::try_new(file, schema.clone(), Some(props)).unwrap();
    w.write(&RecordBatch::try_new(schema, columns).unwrap()).unwrap();
    w.close().unwrap();
}

/// An identifier no indicator reads is skipped only where the file's
/// statistics prove it present: a missing or empty one is still found, in
/// whichever row group it is.
#[test]
fn parquet_identifiers_are_checked_unless_statistics_prove_them_present() {
    for what in ["null", "empty"] {
        let dir = tempfile::tempdir().unwrap();
        let mut records: Vec<String> = (1..=12)
            .map(|i| format!("c{i},p{i},K,1980,01,u1,2024-03-10,true,2024-03-11,false"))
            .collect();
        let id = if what == "null" { "" } else { "EMPTY" };
        records[8] = format!("{id},p9,K,1980,01,u1,2024-03-10,true,2024-03-11,false");
        write_parquet(dir.path(), "contacts.parquet", CONTACTS, &records, 4, true);
        let msg = fails(dir.path());
        assert!(
            msg.contains("contacts.parquet: rad 9") && msg.contains("”contact_id”: värde saknas"),
            "{what}: {msg}"
        );
    }
}

/// Code columns are read from Parquet with the file's dictionary, each
/// distinct code checked once: an unknown, a missing and an empty code are
/// still rejected record by record with the reasons CSV gives, whether the
/// writer used dictionaries or not, and the valid records give the same cells.
#[test]
fn parquet_codes_are_checked_as_in_csv_with_or_without_dictionaries() {
    let mut records: Vec<String> = (1..=30)
        .map(|i| {
            format!(
                "v{i},p{},{},1980,{},u1,2024-03-{:02},{},D{},{}",
                i % 7,
                ["K", "M"][i % 2],
                ["01", "03", "25"][i % 3],
                1 + i % 28,
                ["lakare", "psykolog"][i % 2],
                i % 3,
                ["video", "fysiskt", "chatt"][i % 3]
            )
        })
        .collect();
    records[4] = "v5,p5,K,1980,02,u1,2024-03-05,lakare,D1,video".into();
    records[9] = "v10,p1,X,1980,01,u1,2024-03-05,lakare,D1,video".into();
    records[14] = "v15,p1,,1980,01,u1,2024-03-05,lakare,D1,video".into();
    records[19] = "v20,p1,K,1980,01,u1,2024-03-05,lakare,D1,EMPTY".into();
    records[24] = "v25,p1,K,1980,01,u1,2024-03-05,doktor,D1,brev".into();

    let csv_dir = tempfile::tempdir().unwrap();
    let csv_rows: Vec<String> = records.iter().map(|r| r.replace("EMPTY", "")).collect();
    write(
        csv_dir.path(),
        "visits.csv",
        VISITS,
        &csv_rows.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let csv = options(csv_dir.path(), true);
    assert_eq!(run_compute(&csv).unwrap().rejected, 5);
    // (row in the file's records, reason): CSV counts its header as row 1.
    let reasons = |opts: &ComputeOptions, header_rows: u64| -> Vec<(u64, String)> {
        std::fs::read_to_string(opts.reject_file.as_ref().unwrap())
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| {
                let mut parts = l.splitn(3, ',');
                let (_, row, reason) = (parts.next(), parts.next().unwrap(), parts.next().unwrap());
                (row.parse::<u64>().unwrap() - header_rows, reason.to_string())
            })
            .collect()
    };
    let expected = reasons(&csv, 1);
    assert_eq!(
        expected.iter().map(|(row, _)| *row).collect::<Vec<_>>(),
        [5, 10, 15, 20, 25]
    );
    assert!(
        expected[0].1.contains("”02”") && expected[2].1.contains("värde saknas"),
        "{expected:?}"
    );
    assert!(
        expected[4].1.contains("”doktor”") && expected[4].1.contains("”brev”"),
        "{expected:?}"
    );
    for dictionary in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        write_parquet(dir.path(), "visits.parquet", VISITS, &records, 8, dictionary);
        let pq = options(dir.path(), true);
        assert_eq!(run_compute(&pq).unwrap().rejected, 5, "dictionary: {dictionary}");
        assert_eq!(reasons(&pq, 0), expected, "dictionary: {dictionary}");
        assert_eq!(
            std::fs::read_to_string(&csv.out).unwrap(),
            std::fs::read_to_string(&pq.out).unwrap(),
            "dictionary: {dictionary}"
        );
    }
}
