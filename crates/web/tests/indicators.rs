//! The indicator explorer shows suppressed cells as `–` and the API never
//! returns their numbers, whatever the store holds.

mod common;

use serde_json::Value;
use uppsikt_store::indicators::{self, CellSource, IndicatorCell};

/// A definition for the test's indicator: the store keeps no cell without one.
fn def() -> uppsikt_domain::IndicatorDef {
    common::indicator_def("vardgaranti", "Vårdgarantin i primärvården")
}

fn cell(region: &str, value: Option<f64>, suppressed: bool) -> IndicatorCell {
    IndicatorCell {
        indicator: "vardgaranti".into(),
        region: region.into(),
        period: "2024".into(),
        sex: "alla".into(),
        numerator: Some(if suppressed { 2 } else { 900 }),
        denominator: Some(if suppressed { 3 } else { 1000 }),
        value,
        suppressed,
    }
}

#[tokio::test]
async fn suppressed_cells_are_dashes_and_carry_no_numbers() {
    for server in common::servers().await {
        let source = CellSource {
            synthetic: true,
            description: "SYNTHETIC: test".into(),
        };
        // The suppressed cell is stored with numbers on purpose: the web layer must not show them.
        let cells = [cell("01", Some(90.0), false), cell("25", Some(66.7), true)];
        indicators::releases::publish_computed(&server.store, &source, &[def()], &cells)
            .await
            .unwrap();
        let c = server.client();
        let html = c
            .get(server.url("/indikatorer?indikator=vardgaranti"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("Syntetiska demodata") && html.contains("90,0"));
        assert!(
            html.contains("<abbr title=\"Skyddad (för få personer)\">–</abbr>"),
            "{html}"
        );
        assert!(!html.contains("66,7"), "a suppressed value leaked");
        let api: Vec<Value> = c
            .get(server.url("/api/v1/indicators?indikator=vardgaranti&region=25"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(api.len(), 1);
        assert_eq!(api[0]["suppressed"], true);
        assert!(api[0]["value"].is_null() && api[0]["numerator"].is_null() && api[0]["denominator"].is_null());
        server.finish().await;
    }
}

#[tokio::test]
async fn the_start_page_maps_a_published_indicator_without_suppressed_values() {
    let server = common::start(uppsikt_store::testing::TestDb::sqlite().await.unwrap()).await;
    let source = CellSource {
        synthetic: true,
        description: "SYNTHETIC: test".into(),
    };
    let cells = [cell("01", Some(90.0), false), cell("25", Some(66.7), true)];
    indicators::releases::publish_computed(&server.store, &source, &[def()], &cells)
        .await
        .unwrap();
    let html = server
        .client()
        .get(server.url("/?karta=indikator-vardgaranti"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("value=\"indikator-vardgaranti\" selected"), "{html}");
    assert!(html.contains("90,0") && !html.contains("66,7"));
    server.finish().await;
}

#[tokio::test]
async fn a_series_over_the_years_breaks_at_a_suppressed_year_and_never_bridges_it() {
    let server = common::start(uppsikt_store::testing::TestDb::sqlite().await.unwrap()).await;
    let source = CellSource {
        synthetic: true,
        description: "SYNTHETIC: test".into(),
    };
    let at = |region: &str, period: &str, value: Option<f64>| IndicatorCell {
        period: period.into(),
        ..cell(region, value, value.is_none())
    };
    let cells = [
        at("00", "2018", Some(80.0)),
        at("00", "2019", Some(81.0)),
        at("00", "2020", Some(82.0)),
        at("01", "2018", Some(70.0)),
        at("01", "2019", None),
        at("01", "2020", Some(75.5)),
    ];
    indicators::releases::publish_computed(&server.store, &source, &[def()], &cells)
        .await
        .unwrap();
    let html = server
        .client()
        .get(server.url("/indikatorer?indikator=vardgaranti&jamfor=01"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let series = |label: &str| {
        let start = html
            .find(&format!("data-label=\"{label}\""))
            .unwrap_or_else(|| panic!("{label}: {html}"));
        let rest = &html[start..];
        rest[..rest.find("</g>").unwrap()].to_string()
    };
    assert_eq!(
        series("Riket").matches("<polyline").count(),
        1,
        "the country's line is whole"
    );
    assert_eq!(
        series("Stockholm").matches("<polyline").count(),
        0,
        "no two neighbouring years to join"
    );
    assert_eq!(
        series("Stockholm").matches("<circle").count(),
        2,
        "2018 and 2020 are points, 2019 a gap"
    );
    assert!(
        html.contains("+5,5"),
        "the change is over the last two years with a value"
    );
    assert!(!html.contains("66,7"));
    // A region to compare that does not exist is a 400, in Swedish.
    let r = server
        .client()
        .get(server.url("/indikatorer?jamfor=99"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::BAD_REQUEST);
    server.finish().await;
}
