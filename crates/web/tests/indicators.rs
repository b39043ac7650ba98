//! The indicator explorer shows suppressed cells as `–` and the API never
//! returns their numbers, whatever the store holds.

mod common;

use serde_json::Value;
use uppsikt_domain::indicator::{Arrival, Direction, IndicatorDef, Scale};
use uppsikt_store::indicators::{self, CellSource, IndicatorCell};

/// A definition for the test's indicator: the store keeps no cell without one.
fn def() -> IndicatorDef {
    IndicatorDef {
        id: "vardgaranti".into(),
        name_sv: "Vårdgarantin i primärvården".into(),
        description_sv: "Test.".into(),
        unit_sv: "procent".into(),
        scale: Scale::Percent,
        direction: Direction::HigherIsBetter,
        monthly: false,
        source_sv: "Test".into(),
        arrival: Arrival::Register,
    }
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
        indicators::replace(&server.store, &source, &[def()], &cells)
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
    indicators::replace(&server.store, &source, &[def()], &cells)
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
