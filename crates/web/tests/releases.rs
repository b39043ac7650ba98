//! Indicator releases over the web: an analyst publishes through the API,
//! a bad file is refused whole with row and column, a second release of a
//! year is a revision, and the public sees both on the releases page and a
//! mark on the revised figure in the explorer.

mod common;

use common::TestUser;
use reqwest::StatusCode;
use serde_json::{Value, json};

const HEADER: &str = "indicator,region,period,sex,numerator,denominator,value,suppressed\n";

async fn publish(server: &common::Server, source: &str, rows: &str) -> (StatusCode, Value) {
    let r = server
        .client()
        .post(server.url("/api/v1/indicators/releases"))
        .bearer_auth(&server.tokens[&TestUser::Analyst])
        .json(&json!({"source": source, "file_name": "vb.csv", "csv": format!("{HEADER}{rows}")}))
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_release_and_its_revision_are_shown_to_everyone() {
    for server in common::servers().await {
        let (status, first) = publish(
            &server,
            "Vårdbarometern 2021",
            "fortroende_vard,01,2021,alla,,,61.5,false\nfortroende_vard,00,2021,alla,,,60.0,false\n",
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{first}");
        assert_eq!(
            (first["id"].as_i64(), first["published_by"].as_str()),
            (Some(1), Some("analytiker"))
        );

        // Refused whole, every problem placed: nothing stored.
        let (status, bad) = publish(
            &server,
            "Vårdbarometern 2021",
            "fortroende_vard,01,2021,alla,,,61.5,false\nfortroende_vard,77,2021,alla,,,x,false\n",
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let text = bad.to_string();
        assert!(
            text.contains("vb.csv: rad 3, kolumn ”region”") && text.contains("kolumn ”value”"),
            "{text}"
        );
        let listed: Vec<Value> = serde_json::from_value(
            server
                .json(&server.tokens[&TestUser::Analyst], "/api/v1/indicators/releases")
                .await,
        )
        .unwrap();
        assert_eq!(listed.len(), 1);

        // A release replaces the (indicator, period) it covers whole: the unchanged cell comes along.
        let (status, second) = publish(
            &server,
            "Vårdbarometern 2021, rättad",
            "fortroende_vard,01,2021,alla,,,63.0,false\nfortroende_vard,00,2021,alla,,,60.0,false\n",
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{second}");
        assert_eq!(second["revised"], 1, "{second}");

        // The public reads releases, a release's cells and the revisions.
        let public = server.client();
        let revs: Value = public
            .get(server.url("/api/v1/indicators/revisions?indicator=fortroende_vard"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(revs[0]["old_value"], 61.5);
        assert_eq!(revs[0]["new_value"], 63.0);
        let one: Value = public
            .get(server.url("/api/v1/indicators/releases/1"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(one["cells"].as_array().unwrap().len(), 2, "{one}");
        for (path, status) in [
            ("/api/v1/indicators/releases/9", StatusCode::NOT_FOUND),
            ("/api/v1/indicators/releases/x", StatusCode::BAD_REQUEST),
            ("/api/v1/indicators/revisions?release=0", StatusCode::BAD_REQUEST),
        ] {
            let r = public.get(server.url(path)).send().await.unwrap();
            assert_eq!(r.status(), status, "{path}");
            let body: Value = r.json().await.unwrap();
            assert!(body["error"].is_string(), "{path}: {body}");
        }

        let page = server.text(&public, "/indikatorer/utgavor").await;
        assert!(
            page.contains("Utgåvor och revideringar") && page.contains("Vårdbarometern 2021, rättad"),
            "{page}"
        );
        assert!(
            page.contains("61,5") && page.contains("63,0"),
            "old → new in Swedish numbers"
        );
        let explorer = server
            .text(&public, "/indikatorer?indikator=fortroende_vard&period=2021")
            .await;
        assert!(explorer.contains("class=\"revised\""), "the revised figure is marked");
        assert!(explorer.contains("href=\"/indikatorer/utgavor\""));
        server.finish().await;
    }
}

#[tokio::test]
async fn the_region_profile_shows_the_four_quantities_over_the_years() {
    for server in common::servers().await {
        let source = uppsikt_store::indicators::CellSource {
            synthetic: true,
            description: "SYNTETISKA värden".into(),
        };
        let cell = |region: &str, year: &str, value: Option<f64>| uppsikt_store::indicators::IndicatorCell {
            indicator: "fortroende_vard".into(),
            region: region.into(),
            period: year.into(),
            sex: "alla".into(),
            numerator: None,
            denominator: None,
            value,
            suppressed: value.is_none(),
        };
        let cells = vec![
            cell("00", "2018", Some(60.0)),
            cell("00", "2019", Some(61.0)),
            cell("00", "2020", Some(62.0)),
            cell("25", "2018", Some(55.0)),
            cell("25", "2019", None),
            cell("25", "2020", Some(57.5)),
        ];
        uppsikt_store::indicators::releases::publish_computed(
            &server.store,
            &source,
            &uppsikt_domain::indicator::imported(),
            &cells,
        )
        .await
        .unwrap();
        let (client, _) = server.login(TestUser::Region25).await;
        let page = server.text(&client, "/regioner/25").await;
        assert!(page.contains("De fyra storheterna i SOU 2018:39"), "{page}");
        assert!(
            page.contains("id=\"sou-fortroende_vard\""),
            "one chart per quantity with values"
        );
        assert!(
            !page.contains("id=\"sou-specialistbevis_allmanmedicin\""),
            "none without values"
        );
        assert!(page.contains("SYNTETISKA"), "synthetic values say so");
        assert!(
            page.contains("Förändring sedan första året: +2,5"),
            "2018 → 2020 across the suppressed year"
        );
        server.finish().await;
    }
}
