//! The foundation's commands, run as a user runs them: the real binary on a temporary data directory.

use std::path::Path;

mod common;

use common::{stdout, uppsikt};

const DATASETS: [&str; 7] = [
    "regions",
    "municipalities",
    "agreements",
    "grants",
    "measures",
    "webbtidbok",
    "strategies",
];

fn export_all(dir: &Path) -> Vec<String> {
    DATASETS
        .iter()
        .map(|d| stdout(&uppsikt(dir, &["export", d, "--format", "csv"])))
        .collect()
}

#[test]
fn demo_is_idempotent_and_exports_every_dataset() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&uppsikt(dir.path(), &["demo", "--no-serve"]));
    let first = export_all(dir.path());
    stdout(&uppsikt(dir.path(), &["demo", "--no-serve"]));
    assert_eq!(first, export_all(dir.path()), "a second demo changed the database");

    let regions = &first[0];
    assert_eq!(regions.lines().count(), 22);
    assert!(regions.starts_with("code,name,county,organisation,population,population_year\n"));
    assert!(regions.contains("\n13,Halland,Hallands län,Region Halland,333848,2019\n"));
    assert_eq!(first[1].lines().count(), 291);
    assert!(first[2].contains("professionsmiljarden-2017"));
    let measures = &first[4];
    assert!(measures.lines().all(|l| l.contains("004_4b1049023f6152cb.txt")
        || l.contains("003_5657a20afd33756f.txt")
        || l.starts_with("agreement,")));
    assert!(first[5].contains("13,2020-03,Halland,668,494,003_5657a20afd33756f.txt"));
    assert_eq!(
        first[6]
            .lines()
            .filter(|l| l.starts_with("0") || l.starts_with("1") || l.starts_with("2"))
            .count(),
        21
    );

    let json = stdout(&uppsikt(dir.path(), &["export", "webbtidbok", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 21);

    // Every table a user reads is headed in Swedish (a field without a
    // heading panics in this debug build, failing the command).
    let survey = "kommunenkat-2019";
    let code = stdout(&uppsikt(dir.path(), &["qual", "frequencies", "--format", "csv"]));
    let code = code.lines().nth(1).unwrap().split(',').next().unwrap().to_string();
    let tables: Vec<Vec<&str>> = DATASETS
        .iter()
        .map(|d| vec!["export", d])
        .chain([
            vec!["grants", "professionsmiljarden-2017"],
            vec!["validate", "god-och-nara-vard-2019"],
            vec!["reports", "status", "god-och-nara-vard-2019"],
            vec!["audit", "--report", "god-och-nara-vard-2019/25"],
            vec!["survey", "status", survey],
            vec!["survey", "pending", survey],
            vec!["survey", "population", survey],
            vec!["survey", "results", survey, "--by", "region"],
            vec!["survey", "freetext", survey],
            vec!["indicators", "releases"],
            vec!["users", "list"],
            vec!["qual", "documents"],
            vec!["qual", "frequencies"],
            vec!["qual", "matrix"],
            vec!["qual", "cooccurrence"],
            vec!["qual", "segments", &code],
        ])
        .collect();
    for args in &tables {
        let out = uppsikt(dir.path(), args);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let heading = text.lines().find(|l| l.chars().any(char::is_alphabetic)).unwrap_or("");
        assert!(!heading.contains('_'), "{args:?}: {heading}");
        assert!(
            !heading.contains(" code ") && !heading.contains(" name "),
            "{args:?}: {heading}"
        );
    }
}

#[test]
fn grants_prints_the_allocation_table() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&uppsikt(dir.path(), &["demo", "--no-serve"]));
    let csv = stdout(&uppsikt(
        dir.path(),
        &["grants", "professionsmiljarden-2017", "--format", "csv"],
    ));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("region,name,population,share_percent,allocated_sek,received_sek,spent_sek")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 21);
    assert!(
        rows.contains(&"12,Skåne,1377827,13.3422,133422273,126000000,354369073"),
        "{csv}"
    );
    // Kronoberg reports no breakdown: spent is empty.
    assert!(
        rows.iter()
            .any(|r| r.starts_with("07,Kronoberg,") && r.ends_with(",18578147,")),
        "{csv}"
    );

    // Without seeds (init only) received and spent are empty.
    let fresh = tempfile::tempdir().unwrap();
    stdout(&uppsikt(fresh.path(), &["init"]));
    let csv = stdout(&uppsikt(
        fresh.path(),
        &["grants", "professionsmiljarden-2017", "--format", "csv"],
    ));
    assert!(csv.lines().skip(1).all(|l| l.ends_with(",,")), "{csv}");
    let measures = stdout(&uppsikt(fresh.path(), &["export", "measures", "--format", "csv"]));
    assert_eq!(measures, "", "init loads no demo data");
}

#[test]
fn validate_lists_findings_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&uppsikt(dir.path(), &["demo", "--no-serve"]));
    let out = uppsikt(
        dir.path(),
        &["validate", "professionsmiljarden-2017", "--format", "csv"],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with("severity,rule,region,measure,message\n"));
    assert!(
        text.contains("fel,spent-unit-low,04,,\"Sörmland: redovisade kostnader 19\u{a0}700\u{a0}kr"),
        "{text}"
    );
    assert!(text.contains("varning,missing-breakdown,07,,Kronoberg"), "{text}");
}

#[test]
fn unknown_agreement_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&uppsikt(dir.path(), &["init"]));
    let out = uppsikt(dir.path(), &["grants", "professionsmiljarden-2099"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Överenskommelsen ”professionsmiljarden-2099” finns inte."),
        "{err}"
    );
    assert_eq!(out.status.code(), Some(3), "not found");
    assert!(err.contains("professionsmiljarden-2017"), "{err}");
}

#[test]
fn help_documents_every_command() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_uppsikt"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for cmd in ["init", "demo", "grants", "export", "validate"] {
        assert!(help.contains(&format!("  {cmd}")), "--help lacks {cmd}:\n{help}");
    }
}

#[test]
fn usage_errors_are_swedish_with_the_usage_line() {
    let dir = tempfile::tempdir().unwrap();
    // (arguments, the message, whether clap knows the usage line to add)
    let cases: [(&[&str], &str, bool); 5] = [
        (&["grantz"], "Okänt kommando ”grantz”.", true),
        (&["grants", "x", "--formt", "csv"], "Okänt argument ”--formt”.", true),
        (
            &["grants", "x", "--format", "pdf"],
            "”pdf” är inget giltigt värde för --format <FORMAT>. Möjliga värden: table, csv, json.",
            false,
        ),
        (&["grants"], "Det här saknas: <AGREEMENT>.", true),
        (
            &[
                "indicators",
                "compute",
                "--input",
                ".",
                "--out",
                "x.csv",
                "--years",
                "2022-2020",
            ],
            "”2022-2020” är inget giltigt värde för --years <YEARS>: ”2022-2020” är inga år.",
            false,
        ),
    ];
    for (args, expected, usage) in cases {
        let out = uppsikt(dir.path(), args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("fel: "), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: expected {expected}, got {err}");
        assert_eq!(err.contains("Användning: uppsikt"), usage, "{args:?}: {err}");
        assert!(err.contains("Mer hjälp"), "{args:?}: {err}");
        for english in [
            "error:",
            "Usage:",
            "For more information",
            "unexpected argument",
            "invalid value",
        ] {
            assert!(!err.contains(english), "{args:?}: English in {err}");
        }
    }
    let out = uppsikt(dir.path(), &["grnts"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Menade du ”grants”?"));
}
