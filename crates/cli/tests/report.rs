//! `uppsikt report` and the report step of `uppsikt demo`, run as a user runs them.

mod common;

use common::{stdout, uppsikt};

#[test]
fn demo_writes_the_report_and_report_rewrites_it_identically() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let demo = stdout(&uppsikt(&data, &["demo", "--no-serve"]));
    let html = data.join("rapport").join("2020").join("report.html");
    let pdf = data.join("rapport").join("2020").join("report.pdf");
    assert!(demo.contains(&html.display().to_string()), "{demo}");
    assert!(demo.contains(&pdf.display().to_string()), "{demo}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    let out = dir.path().join("ut");
    let printed = stdout(&uppsikt(
        &data,
        &["report", "--year", "2020", "--out", out.to_str().unwrap()],
    ));
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(
        lines,
        [
            out.join("report.html").to_str().unwrap(),
            out.join("report.pdf").to_str().unwrap()
        ]
    );
    let again = std::fs::read(out.join("report.html")).unwrap();
    assert_eq!(again, std::fs::read(&html).unwrap(), "same database, same HTML");
    let text = String::from_utf8(again).unwrap();
    assert!(text.contains("Tabell 2. </strong>Mottagningar med webbtidbok"));
    // The demo's report has every section, the indicators included: its
    // synthetic register data are for the year the report covers.
    for id in [
        "sammanfattning",
        "medel",
        "insatser",
        "redovisningar",
        "indikatorer",
        "storheter",
        "strategier",
        "webbtidbok",
        "samverkan",
        "kompetensforsorjning",
        "regionprofiler",
        "om-rapporten",
    ] {
        assert!(
            text.contains(&format!("id=\"{id}\"")),
            "the demo report lacks section {id}"
        );
    }
    assert!(
        text.contains("syntetiska") || text.contains("Syntetiska"),
        "synthetic data say so"
    );
    assert!(
        !text.contains(&data.display().to_string()),
        "the data directory leaks into the report"
    );
    // Every register indicator is shown for the demo's register year, not for
    // the spill-over of the year after; the imported SOU quantities have 2020.
    for d in uppsikt_engine::indicators::definitions() {
        assert!(
            text.contains(&format!("{} per region, 2019<", d.name_sv))
                && !text.contains(&format!("{} per region, 2020<", d.name_sv)),
            "{} is shown for 2019",
            d.id
        );
    }
    for d in uppsikt_domain::indicator::imported() {
        assert!(text.contains(&format!("{} per region, 2020<", d.name_sv)), "{}", d.id);
    }
    for id in ["aterinskrivning_30d", "vardgaranti_3d", "digitala_besok"] {
        assert!(!text.contains(&format!(">{id}<")), "{id} shows where its name belongs");
    }
}

#[test]
fn report_without_data_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let o = uppsikt(
        dir.path(),
        &[
            "report",
            "--year",
            "2020",
            "--out",
            dir.path().join("r").to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("uppsikt init"), "{err}");
}
