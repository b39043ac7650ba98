//! `uppsikt synth` and `uppsikt indicators compute` end to end, through the real binary.
//! Needs the `engine` feature (the default): the commands exist only with it.
#![cfg(feature = "engine")]

mod common;

use common::uppsikt;

/// `indicators compute --input INPUT --out TMP/out.csv [EXTRA…]` with the
/// data directory `TMP/data`; its output and the output file's path.
fn compute(
    tmp: &std::path::Path,
    input: &std::path::Path,
    extra: &[&str],
) -> (std::process::Output, std::path::PathBuf) {
    let out = tmp.join("out.csv");
    let args = [
        &[
            "indicators",
            "compute",
            "--input",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        extra,
    ]
    .concat();
    (uppsikt(&tmp.join("data"), &args), out)
}

/// A Parquet file the decoder asserts on (found by the fuzzer): the user
/// reads the Swedish damaged-file error, not the decoder's panic message.
#[test]
fn a_damaged_parquet_file_is_reported_in_swedish_without_a_panic_message() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        common::workspace().join("crates/register/tests/fixtures/negative-column-offset.parquet"),
        input.join("visits.parquet"),
    )
    .unwrap();
    let (o, out) = compute(tmp.path(), &input, &[]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(stderr.contains("visits.parquet: filen är skadad"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.exists(), "no output file");
}

#[test]
fn bad_input_fails_naming_file_and_row_and_leaves_no_output() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("stays.csv"),
        "stay_id,patient_id,sex,birth_year,region,admission_date,discharge_date,acute,main_diagnosis\n\
         s1,p1,K,1950,01,2024-03-10,2024-03-12,true,J441\n\
         s2,p1,K,1950,01,2024-03-10,2024-03-02,true,J441\n",
    )
    .unwrap();
    let (o, out) = compute(tmp.path(), &input, &[]);
    let data_dir = tmp.path().join("data");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        stderr.contains("stays.csv: rad 3") && stderr.contains("före admission_date"),
        "{stderr}"
    );
    assert!(!out.exists(), "no output file");
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "only the input directory, no temporary file and no database: {leftovers:?}"
    );
    assert!(!data_dir.exists(), "indicators compute opens no database");

    // With a reject file the valid row is computed.
    let rejects = tmp.path().join("rejects.csv");
    let (o, _) = compute(tmp.path(), &input, &["--reject-file", rejects.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read_to_string(&rejects).unwrap().contains("stays.csv,3,"));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("indicator,region,period,sex,numerator,denominator,value,suppressed\n"));
    assert!(text.contains("aterinskrivning_30d,01,2024,K,0,1,0.0,true"), "{text}");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("undvikbar_slutenvard: hoppas över"), "{stderr}");
}

#[test]
fn synth_then_compute_publish() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("register");
    let o = uppsikt(
        tmp.path(),
        &[
            "synth",
            "--scale",
            "0.001",
            "--seed",
            "9",
            "--out",
            data.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("SYNTETISKA"));
    assert!(data.join("visits.parquet").exists() && data.join("SYNTHETIC.txt").exists());
    let out = tmp.path().join("published.csv");
    let o = uppsikt(
        tmp.path(),
        &[
            "indicators",
            "compute",
            "--input",
            data.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--publish",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.lines().any(|l| l.ends_with(",,,true")),
        "suppressed rows without numbers"
    );
    for ind in [
        "aterinskrivning_30d",
        "digitala_besok",
        "kontinuitet_lakare",
        "undvikbar_slutenvard",
        "vardgaranti_3d",
    ] {
        assert!(text.contains(&format!("\n{ind},00,2024,alla,")), "{ind}");
    }
}
