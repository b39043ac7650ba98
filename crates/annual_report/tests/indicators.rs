//! Indicator cells from the store reach the report; suppressed ones print as
//! `–` and their value never does, even when the store holds one.

use std::borrow::Cow;

use uppsikt_annual_report::data::IndicatorValue;
use uppsikt_annual_report::{assemble, html, sections};
use uppsikt_domain::RegionCode;
use uppsikt_domain::indicator::{Arrival, Direction, IndicatorDef, Scale};
use uppsikt_store::indicators::{self, CellSource, IndicatorCell};
use uppsikt_store::testing::TestDb;
use uppsikt_store::{reference, seeds};

fn cell(indicator: &str, region: &str, period: &str, value: f64, suppressed: bool) -> IndicatorCell {
    IndicatorCell {
        indicator: indicator.into(),
        region: region.into(),
        period: period.into(),
        sex: "alla".into(),
        numerator: Some(3),
        denominator: Some(40),
        value: Some(value),
        suppressed,
    }
}

#[tokio::test]
async fn stored_cells_make_the_indicator_section_and_suppressed_values_never_show() {
    for db in TestDb::all().await.unwrap() {
        let store = &db.store;
        reference::load(store).await.unwrap();
        seeds::load(store).await.unwrap();
        let mut cells = vec![cell("vardgaranti_3d", "00", "2019", 71.3, false)];
        for (i, r) in RegionCode::all().enumerate() {
            // Gotland's cell is suppressed; the store even keeps a value, which must not leak.
            let suppressed = r.as_str() == "09";
            let v = if suppressed { 87.6543 } else { 60.0 + i as f64 };
            cells.push(cell("vardgaranti_3d", r.as_str(), "2019", v, suppressed));
            // A later year beyond the report year and a monthly cell are not shown.
            cells.push(cell("vardgaranti_3d", r.as_str(), "2021", 99.9, false));
            cells.push(cell("vardgaranti_3d", r.as_str(), "2019-05", 55.5, false));
        }
        let source = CellSource {
            synthetic: true,
            description: "SYNTHETIC: test cells".into(),
        };
        let def = IndicatorDef {
            id: Cow::Borrowed("vardgaranti_3d"),
            name_sv: Cow::Borrowed("Medicinsk bedömning inom tre dagar i primärvården"),
            description_sv: Cow::Borrowed("Test."),
            unit_sv: Cow::Borrowed("procent"),
            scale: Scale::Percent,
            direction: Direction::HigherIsBetter,
            monthly: true,
            source_sv: Cow::Borrowed("Test."),
            arrival: Arrival::Register,
        };
        indicators::releases::publish_computed(store, &source, &[def], &cells)
            .await
            .unwrap();

        let data = assemble(store, 2020).await.unwrap();
        let ind = data.indicators.as_ref().expect("indicator data");
        assert_eq!(ind.indicators.len(), 1);
        let s = &ind.indicators[0];
        assert_eq!((s.id.as_str(), s.period.as_str()), ("vardgaranti_3d", "2019"));
        assert_eq!(s.national, IndicatorValue::Value(71.3));
        assert_eq!(s.value("09".parse().unwrap()), IndicatorValue::Suppressed);
        assert!(s.synthetic);

        let html = html::render(&sections::build(&data));
        assert!(html.contains("Medicinsk bedömning inom tre dagar i primärvården"));
        assert!(
            html.contains(r#"<th scope="row">Gotland</th><td class="num suppressed" title="Skyddad uppgift">–</td>"#)
        );
        assert!(html.contains("<title>Gotlands län: –</title>"));
        assert!(html.contains("röjandeskäl"));
        assert!(html.contains("Syntetiska registerdata"));
        // The text of the page, tags and attributes (and so SVG coordinates) removed.
        let mut text = String::new();
        let mut in_tag = false;
        for ch in html.chars() {
            match ch {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    text.push(' ');
                }
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        for leak in ["87,7", "87,65", "99,9", "55,5"] {
            let at = text
                .find(leak)
                .map(|i| &text[i.saturating_sub(60)..(i + 20).min(text.len())]);
            assert!(at.is_none(), "{leak} must not appear: {at:?}");
        }
        // 21 regions + the country in the table, a bar chart and a map.
        assert!(html.contains("Figur 3. </strong>Medicinsk bedömning inom tre dagar i primärvården per region, 2019"));
        assert!(
            html.contains(
                "Figur 4. </strong>Medicinsk bedömning inom tre dagar i primärvården per region, karta, 2019"
            )
        );
        db.finish().await.unwrap();
    }
}

uppsikt_store::postgres_backend_test!();
