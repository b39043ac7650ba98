//! The annual report rendered from the demo data: content, escaping,
//! disclosure control, determinism, and a PDF that poppler can read.

use std::process::Command;

use uppsikt_annual_report::data::{IndicatorData, IndicatorSeries, IndicatorValue, ReportData, TrendYear};
use uppsikt_annual_report::{assemble, html, pdf, sections};
use uppsikt_domain::RegionCode;
use uppsikt_store::testing::TestDb;
use uppsikt_store::{Store, reference, reports, seeds, survey};

const YEAR: i32 = 2020;

uppsikt_store::postgres_backend_test!();

async fn demo(store: &Store) -> ReportData {
    reference::load(store).await.unwrap();
    seeds::load(store).await.unwrap();
    reports::demo::load(store, "2020-01-01T00:00:00Z").await.unwrap();
    survey::reconstruction::load(store).await.unwrap();
    assemble(store, YEAR).await.unwrap()
}

async fn demo_sqlite() -> (TestDb, ReportData) {
    let db = TestDb::sqlite().await.unwrap();
    let data = demo(&db.store).await;
    (db, data)
}

fn html_of(data: &ReportData) -> String {
    html::render(&sections::build(data))
}

/// The text between `start` and the next `end` after it.
fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let i = s.find(start).unwrap_or_else(|| panic!("'{start}' not found"));
    let rest = &s[i..];
    let stop = rest[start.len()..].find(end).map_or(rest.len(), |j| start.len() + j);
    &rest[..stop]
}

#[tokio::test]
async fn the_demo_data_reaches_every_section_on_both_backends() {
    for db in TestDb::all().await.unwrap() {
        let data = demo(&db.store).await;
        assert_eq!(data.regions.len(), 21);
        assert_eq!(data.strategies.as_ref().unwrap().year, 2019);
        assert_eq!(data.web_booking.as_ref().unwrap().period, "2020-03");
        let a = data.agreement.as_ref().unwrap();
        assert_eq!(a.agreement.id.as_str(), "professionsmiljarden-2017");
        assert_eq!(a.rows.len(), 21);
        assert!(!a.measures.is_empty());
        assert!(!a.findings.is_empty(), "the seed has amounts that the rules flag");
        let years: Vec<i32> = data.reports.iter().map(|r| r.agreement.year).collect();
        assert_eq!(
            years,
            [2019, 2017],
            "reports on god-och-nara-vard-2019 and professionsmiljarden-2017"
        );
        let s = data.survey.as_ref().unwrap();
        assert_eq!((s.population, s.responded, s.synthetic), (290, 226, 226));
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn a_year_before_the_data_leaves_its_sections_out() {
    let db = TestDb::sqlite().await.unwrap();
    reference::load(&db.store).await.unwrap();
    seeds::load(&db.store).await.unwrap();
    let data = assemble(&db.store, 2018).await.unwrap();
    assert!(data.strategies.is_none() && data.web_booking.is_none());
    assert_eq!(data.agreement.as_ref().unwrap().agreement.year, 2017);
    let html = html_of(&data);
    assert!(!html.contains("Mottagningar med webbtidbok"));
    assert!(html.contains("ingår därför inte i årets rapport"));
    db.finish().await.unwrap();
}

#[tokio::test]
async fn every_region_is_in_the_report_with_its_profile() {
    let (db, data) = demo_sqlite().await;
    let html = html_of(&data);
    let appendix = between(&html, "id=\"regionprofiler\"", "</section>");
    for r in &data.regions {
        assert!(
            appendix.contains(&format!("<h3>{}</h3>", r.organisation)),
            "{} has no profile",
            r.name
        );
        assert!(html.matches(&r.name).count() >= 3, "{} appears too rarely", r.name);
    }
    db.finish().await.unwrap();
}

#[tokio::test]
async fn tabell_1_and_2_hold_the_seed_values() {
    let (db, data) = demo_sqlite().await;
    let html = html_of(&data);
    let t1 = between(&html, "Tabell 1. </strong>", "</table>");
    assert!(t1.contains("Inriktningsdokument för en mer nära vård"));
    assert!(t1.contains("Närmare Kronobergaren – utvecklingsstrategi"));
    assert_eq!(t1.matches("<tr>").count(), 22, "header and 21 regions");
    let t2 = between(&html, "Tabell 2. </strong>", "</table>");
    assert!(t2.contains("Mottagningar med webbtidbok"));
    assert!(t2.contains("mars 2020"));
    // Stockholm: 873 visa tid, 660 boka tid; Halland 668 / 494 (seed 003, Tabell 2).
    assert!(t2.contains(r#"<th scope="row">Stockholm</th><td class="num">873</td><td class="num">660</td>"#));
    assert!(t2.contains(r#"<th scope="row">Halland</th><td class="num">668</td><td class="num">494</td>"#));
    let visa: i64 = data.web_booking.as_ref().unwrap().rows.iter().map(|r| r.visa_tid).sum();
    assert_eq!(visa, 5076);
    assert!(t2.contains("<th scope=\"row\">Totalt</th><td class=\"num\">5\u{a0}076</td>"));
    assert!(html.contains("Källa: Inera"));
    assert!(html.contains("Källa: Regionerna"));
    db.finish().await.unwrap();
}

#[tokio::test]
async fn tabell_3_and_the_survey_figure_give_the_seed_counts() {
    let (db, data) = demo_sqlite().await;
    let html = html_of(&data);
    let t3 = between(&html, "Tabell 3. </strong>", "</table>");
    assert!(t3.contains("Bedömning av balans mellan tillgång och efterfrågan på legitimerad personal"));
    // Seed 003, Tabell 3: counts with percent in brackets. The counts are the seed's;
    // percentages are recomputed from them (the seed prints 47 for 105 of 226).
    let row = |label: &str, cells: [&str; 5]| {
        let mut r = format!(r#"<th scope="row">{label}</th>"#);
        for c in cells {
            r.push_str(&format!(r#"<td class="num">{c}</td>"#));
        }
        r
    };
    for expected in [
        row(
            "Arbetsterapeut",
            ["105 (46)", "114 (50)", "2 (0,9)", "4 (2)", "1 (0,4)"],
        ),
        row(
            "Sjuksköterska",
            ["132 (58)", "90 (40)", "2 (0,9)", "1 (0,4)", "1 (0,4)"],
        ),
        row(
            "Specialistsjuksköterska",
            ["168 (74)", "38 (17)", "0 (0)", "6 (3)", "14 (6)"],
        ),
        row("Dietist", ["8 (4)", "25 (11)", "1 (0,4)", "15 (7)", "177 (78)"]),
    ] {
        assert!(t3.contains(&expected), "Tabell 3 lacks {expected}\n{t3}");
    }
    assert!(
        t3.find("Arbetsterapeut") < t3.find("Dietist"),
        "professions in Swedish alphabetical order"
    );
    let survey = between(&html, "id=\"samverkan\"", "</section>");
    assert!(survey.contains("Beslut om samverkan mellan kommun och region"));
    assert!(survey.contains("226 av 290 kommuner"));
    assert!(survey.contains("syntetiska"), "reconstructed answers say so");
    db.finish().await.unwrap();
}

#[tokio::test]
async fn the_regions_reports_show_state_and_measure_status() {
    let (db, data) = demo_sqlite().await;
    let html = html_of(&data);
    let section = between(&html, "id=\"redovisningar\"", "</section>");
    assert!(section.contains("Regionernas redovisningar"));
    assert!(
        section.contains(r#"<th scope="row">Värmland</th><td>utkast</td><td>godkänd</td>"#),
        "{section:.2000}"
    );
    assert!(section.contains("Redovisade insatser efter status"));
    assert!(section.contains("<td>införd</td>"));
    let varmland = between(&html, "<h3>Region Värmland</h3>", "<h3>");
    assert!(
        varmland.contains("BEON (Bästa Effektiva OmhändertagandeNivå) på samtliga vårdcentraler – införd, 2017–2019")
    );
    assert!(
        varmland.contains("ännu inte inskickad och granskad"),
        "drafts are marked as such"
    );
    db.finish().await.unwrap();
}

#[tokio::test]
async fn the_map_has_21_titled_regions() {
    let (db, data) = demo_sqlite().await;
    let html = html_of(&data);
    let map = between(
        &html,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"500\"",
        "</svg>",
    );
    assert_eq!(map.matches("<path data-region=").count(), 21);
    for code in RegionCode::all() {
        let tag = format!("<path data-region=\"{code}\"");
        let path = between(map, &tag, "</path>");
        assert!(path.contains("<title>"), "region {code} has no title");
    }
    assert!(
        map.contains("<title>Stockholms län: 27,8</title>"),
        "660 per 2 377 081 residents"
    );
    db.finish().await.unwrap();
}

fn with_indicators(mut data: ReportData) -> ReportData {
    let regions: Vec<RegionCode> = RegionCode::all().collect();
    let values = regions
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let v = match r.as_str() {
                "09" => IndicatorValue::Suppressed,
                "23" => IndicatorValue::Missing,
                _ => IndicatorValue::Value(60.0 + i as f64 * 1.5),
            };
            (*r, v)
        })
        .collect();
    let year = |year: &str, national: IndicatorValue, regions: &Vec<(RegionCode, IndicatorValue)>| TrendYear {
        year: year.into(),
        national,
        regions: regions.clone(),
    };
    let earlier: Vec<(RegionCode, IndicatorValue)> =
        regions.iter().map(|r| (*r, IndicatorValue::Value(55.0))).collect();
    data.indicators = Some(IndicatorData {
        indicators: vec![IndicatorSeries {
            id: "medicinsk-bedomning-3-dagar".into(),
            name: "Medicinsk bedömning inom tre dagar".into(),
            unit: "procent".into(),
            scale: uppsikt_domain::indicator::Scale::Percent,
            period: "2019".into(),
            national: IndicatorValue::Value(71.3),
            trend: vec![
                year("2017", IndicatorValue::Value(66.0), &earlier),
                year("2018", IndicatorValue::Suppressed, &earlier),
                year("2019", IndicatorValue::Value(71.3), &values),
            ],
            regions: values,
            synthetic: true,
            revised: true,
            source: "Syntetiska registeruppgifter (testdata)".into(),
        }],
    });
    data
}

#[tokio::test]
async fn each_indicator_has_a_trend_over_the_years_that_breaks_at_a_suppressed_year() {
    let (db, data) = demo_sqlite().await;
    let mut data = with_indicators(data);
    let html = html_of(&data);
    let section = between(&html, "id=\"indikatorer\"", "</section>");
    let figure = between(
        section,
        "Medicinsk bedömning inom tre dagar över åren, 2017–2019",
        "</figure>",
    );
    assert!(figure.contains("Riket: 2017 66,0, 2018 –, 2019 71,3"), "{figure}");
    assert!(
        figure.contains("Regionernas värden 2019 ligger mellan 60,0 och 90,0"),
        "{figure}"
    );
    assert!(figure.contains("reviderats i en senare utgåva"), "{figure}");
    assert!(figure.contains("röjandeskäl"), "{figure}");
    // One year only: no trend to draw.
    let series = &mut data.indicators.as_mut().unwrap().indicators[0];
    series.trend.drain(..2);
    assert!(!html_of(&data).contains("Medicinsk bedömning inom tre dagar över åren"));
    db.finish().await.unwrap();
}

#[tokio::test]
async fn suppressed_cells_print_as_a_dash_with_a_footnote() {
    let (db, data) = demo_sqlite().await;
    let data = with_indicators(data);
    let html = html_of(&data);
    let section = between(&html, "id=\"indikatorer\"", "</section>");
    let table = between(section, "<table>", "</table>");
    assert!(table.contains(r#"<th scope="row">Gotland</th><td class="num suppressed" title="Skyddad uppgift">–</td>"#));
    assert!(table.contains(r#"<th scope="row">Jämtland Härjedalen</th><td class="num">..</td>"#));
    assert!(table.contains(r#"<th scope="row">Riket</th><td class="num">71,3</td>"#));
    assert!(section.contains("Uppgiften redovisas inte av röjandeskäl"));
    assert!(section.contains("<title>Gotlands län: –</title>"));
    assert!(section.contains("Syntetiska demonstrationsdata"));
    // The profile of Gotland shows the dash too, with the footnote.
    let gotland = between(&html, "<h3>Region Gotland</h3>", "<h3>");
    assert!(
        gotland.contains(">–</td>") && gotland.contains("röjandeskäl"),
        "{gotland}"
    );
    db.finish().await.unwrap();
}

#[tokio::test]
async fn region_texts_are_escaped() {
    let (db, mut data) = demo_sqlite().await;
    let s = data.strategies.as_mut().unwrap();
    s.rows[0].dokument = "Plan <script>alert('x')</script> & mål".into();
    data.regions[0].organisation = "Region <b>Stockholm</b>".into();
    let html = html_of(&data);
    assert!(!html.contains("<script>"));
    assert!(!html.contains("<b>Stockholm"));
    assert!(html.contains("Plan &lt;script&gt;alert('x')&lt;/script&gt; &amp; mål"));
    assert!(html.contains("Region &lt;b&gt;Stockholm&lt;/b&gt;"));
    // Typst gets the text as a string, not as markup: the PDF prints it literally.
    let pdf_text = pdf_to_text(&pdf::render(&sections::build(&data)).unwrap());
    assert!(pdf_text.contains("<script>alert("), "{pdf_text:.300}");
    db.finish().await.unwrap();
}

#[tokio::test]
async fn the_same_database_gives_the_same_bytes() {
    let (db, data) = demo_sqlite().await;
    let again = assemble(&db.store, YEAR).await.unwrap();
    let a = sections::build(&data);
    let b = sections::build(&again);
    assert_eq!(html::render(&a), html::render(&b));
    assert_eq!(pdf::render(&a).unwrap(), pdf::render(&b).unwrap());
    db.finish().await.unwrap();
}

fn tool(name: &str) -> bool {
    Command::new(name).arg("-v").output().is_ok()
}

fn pdf_to_text(pdf: &[u8]) -> String {
    assert!(
        tool("pdftotext"),
        "pdftotext (poppler-utils) is needed: .ci/run installs it"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn the_pdf_opens_and_carries_the_report() {
    let (db, data) = demo_sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let written = uppsikt_annual_report::write(&db.store, YEAR, dir.path()).await.unwrap();
    assert!(written.html.exists());
    let info = Command::new("pdfinfo")
        .arg(&written.pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    assert!(info.status.success());
    let info = String::from_utf8(info.stdout).unwrap();
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|p| p.trim().parse().ok())
        .expect("page count");
    assert!((15..=80).contains(&pages), "{pages} pages");
    assert!(info.contains("Title:") && info.contains("Uppföljning av omställningen"));
    assert!(!info.contains("CreationDate"), "no clock date in the PDF");
    let text = pdf_to_text(&std::fs::read(&written.pdf).unwrap());
    for needle in [
        "Sammanfattning",
        "Tabell 1. Inriktningsdokument för en mer nära vård",
        "Tabell 2. Mottagningar med webbtidbok",
        "Källa: Inera",
        "Figur 1. Beslut om samverkan mellan kommun och region",
        "Figur 2. Mottagningar med webbtidbok per region",
        "Tabell 3. Bedömning av balans mellan tillgång och efterfrågan",
        "105 (46)",
        "Bilaga. Omställningen i de 21 regionerna",
    ] {
        assert!(text.contains(needle), "PDF lacks '{needle}'");
    }
    for r in &data.regions {
        assert!(text.contains(&r.organisation), "PDF lacks {}", r.organisation);
    }
    db.finish().await.unwrap();
}
