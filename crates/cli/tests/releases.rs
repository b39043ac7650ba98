//! Indicator releases from the command line, as an analyst runs them:
//! compute two years of synthetic register data and publish each as a
//! release, read both years back through the Kolada-compatible API, publish
//! a corrected year as a revision, see bad files and wrong people refused
//! with nothing stored, and find both years in the explorer and the annual
//! report's trend.

mod common;

use std::path::Path;

use common::{get_full, ok, serve, stderr, uppsikt};
use serde_json::Value;

fn releases(d: &Path) -> Vec<Value> {
    serde_json::from_str(&ok(d, &["indicators", "releases", "--format", "json"])).unwrap()
}

fn json_body(answer: &str) -> Value {
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {answer}"))
}

#[test]
fn two_years_published_as_releases_reach_the_open_data_api_and_a_correction_is_a_revision() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["init"]);
    ok(
        d,
        &[
            "users",
            "add",
            "anna",
            "--role",
            "analyst",
            "--password",
            "ett-langt-losenord",
        ],
    );
    ok(
        d,
        &[
            "users",
            "add",
            "nils",
            "--role",
            "region",
            "--region",
            "25",
            "--password",
            "ett-langt-losenord",
        ],
    );
    for year in ["2021", "2022"] {
        let reg = d.join(format!("reg{year}"));
        let reg = reg.to_str().unwrap();
        ok(
            d,
            &["synth", "--scale", "0.01", "--seed", "5", "--year", year, "--out", reg],
        );
        let source = format!("SYNTETISKA registerdata {year}");
        let said = ok(
            d,
            &[
                "indicators",
                "compute",
                "--input",
                reg,
                "--publish-release",
                "--source",
                &source,
                "--synthetic",
                "--as",
                "anna",
            ],
        );
        assert!(said.contains("publicerad"), "{said}");
    }
    let listed = releases(d);
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(listed[0]["id"], 2, "newest first");
    assert_eq!(listed[1]["published_by"], "anna");
    assert_eq!(listed[1]["synthetic"], true);
    assert_eq!(listed[1]["input_sha256"].as_str().unwrap().len(), 64);

    // Both years through the Kolada-compatible API.
    let (mut server, port) = serve(d);
    let data = json_body(&get_full(
        port,
        "/api/kolada/v3/data/kpi/aterinskrivning_30d/municipality/0001",
    ));
    let years: Vec<i64> = data["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["period"].as_i64().unwrap())
        .collect();
    assert!(years.contains(&2021) && years.contains(&2022), "{data}");
    // And in the public explorer's series over the years (the signed-in
    // region profile is web/tests/releases.rs's
    // the_region_profile_shows_the_four_quantities_over_the_years).
    let explorer = get_full(port, "/indikatorer?indikator=aterinskrivning_30d");
    let trend = &explorer[explorer.find("id=\"trend-table\"").expect("the trend table")..];
    let trend = &trend[..trend.find("</table>").unwrap()];
    assert!(trend.contains(">2021<") && trend.contains(">2022<"), "{trend}");
    server.kill().unwrap();
    server.wait().unwrap();

    // A corrected 2021: the engine's own file with one value changed.
    let file = d.join("rattad.csv");
    ok(
        d,
        &[
            "indicators",
            "compute",
            "--input",
            d.join("reg2021").to_str().unwrap(),
            "--out",
            file.to_str().unwrap(),
            "--publish",
        ],
    );
    let text = std::fs::read_to_string(&file).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("aterinskrivning_30d,01,2021,alla,"))
        .unwrap()
        .to_string();
    let mut fields: Vec<&str> = line.split(',').collect();
    fields[6] = "99.9";
    let corrected = fields.join(",");
    let only_2021: String = text
        .lines()
        .filter(|l| l.starts_with("indicator,") || l.starts_with("aterinskrivning_30d,") && l.contains(",2021,"))
        .map(|l| {
            if l == line {
                format!("{corrected}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(&file, only_2021).unwrap();
    let file = file.to_str().unwrap();
    ok(
        d,
        &[
            "indicators",
            "publish",
            file,
            "--source",
            "Rättelse 2021",
            "--as",
            "anna",
        ],
    );
    let revisions: Vec<Value> = serde_json::from_str(&ok(
        d,
        &["indicators", "revisions", "--release", "3", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(revisions.len(), 1, "{revisions:?}");
    assert_eq!(revisions[0]["region"], "01");
    assert_eq!(revisions[0]["new_value"], 99.9);
    assert_eq!(revisions[0]["old_release"], 1);
    assert_eq!(revisions[0]["published_by"], "anna");

    // Refused, and nothing stored: a region user, no account, an unknown one, a bad file.
    let region = uppsikt(d, &["indicators", "publish", file, "--source", "X", "--as", "nils"]);
    assert_eq!(region.status.code(), Some(4));
    assert!(stderr(&region).contains("bara analytiker"));
    assert_eq!(
        uppsikt(d, &["indicators", "publish", file, "--source", "X"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        uppsikt(d, &["indicators", "publish", file, "--source", "X", "--as", "ingen"])
            .status
            .code(),
        Some(3)
    );
    let bad = d.join("bad.csv");
    std::fs::write(
        &bad,
        "indicator,region,period,sex,numerator,denominator,value,suppressed\n\
         aterinskrivning_30d,01,2023,alla,300,2000,15.0,false\n\
         aterinskrivning_30d,01,2023,K,2,20,10.0,false\n",
    )
    .unwrap();
    let refused = uppsikt(
        d,
        &[
            "indicators",
            "publish",
            bad.to_str().unwrap(),
            "--source",
            "X",
            "--as",
            "anna",
        ],
    );
    assert_eq!(refused.status.code(), Some(5));
    let err = stderr(&refused);
    assert!(
        err.contains("bad.csv: rad 3, kolumn ”suppressed”") && err.contains("inget har sparats"),
        "{err}"
    );
    assert_eq!(releases(d).len(), 3, "nothing stored");

    // The annual report for 2022 compares it with 2021, the revised year noted.
    let out = d.join("rapport");
    ok(d, &["annual-report", "--year", "2022", "--out", out.to_str().unwrap()]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let figure = &html[html
        .find("Oplanerade återinskrivningar inom 30 dagar, 65 år och äldre över åren, 2021–2022")
        .expect("the trend figure")..];
    let figure = &figure[..figure.find("</figure>").unwrap()];
    assert!(figure.contains("reviderats i en senare utgåva"), "{figure}");
}
