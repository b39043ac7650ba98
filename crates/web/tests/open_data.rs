//! The Kolada-compatible open-data API (`shared/spec/open-data.md`) on both
//! backends: ids, lists and pages, query and path forms, suppressed cells,
//! refusals, and the headers a browser client needs.

mod common;

use reqwest::StatusCode;
use serde_json::{Value, json};
use uppsikt_store::indicators::{self, CellSource, IndicatorCell};

fn cell(indicator: &str, region: &str, period: &str, sex: &str, value: Option<f64>) -> IndicatorCell {
    IndicatorCell {
        indicator: indicator.into(),
        region: region.into(),
        period: period.into(),
        sex: sex.into(),
        numerator: value.map(|_| 1),
        denominator: value.map(|_| 2),
        value,
        suppressed: value.is_none(),
    }
}

async fn get(server: &common::Server, path: &str) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let r = server.client().get(server.url(path)).send().await.unwrap();
    let (status, headers) = (r.status(), r.headers().clone());
    (status, headers, r.json().await.unwrap())
}

#[tokio::test]
async fn kolada_clients_read_the_published_yearly_cells() {
    for server in common::servers().await {
        let source = CellSource {
            synthetic: true,
            description: "Syntetiska testdata".into(),
        };
        let cells = [
            cell("vardgaranti_3d", "00", "2019", "alla", Some(81.25)),
            cell("vardgaranti_3d", "01", "2019", "alla", Some(80.0)),
            cell("vardgaranti_3d", "01", "2019", "K", Some(82.0)),
            cell("vardgaranti_3d", "01", "2019", "M", None),
            cell("vardgaranti_3d", "01", "2020", "alla", Some(79.0)),
            cell("vardgaranti_3d", "01", "2020-03", "alla", Some(70.0)),
            cell("digitala_besok", "25", "2019", "alla", Some(10.0)),
        ];
        let defs = [
            common::indicator_def("vardgaranti_3d", "Vårdgaranti inom tre dagar"),
            common::indicator_def("digitala_besok", "Digitala besök"),
        ];
        indicators::releases::publish_computed(&server.store, &source, &defs, &cells)
            .await
            .unwrap();

        // KPIs: Kolada's fields, a title filter, ids in the path.
        let (status, headers, kpi) = get(&server, "/api/kolada/v3/kpi").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["access-control-allow-origin"], "*");
        assert_eq!(headers["content-type"], "application/json; charset=utf-8");
        assert_eq!(kpi["count"], 2);
        assert_eq!(
            (kpi["next_url"].clone(), kpi["previous_url"].clone()),
            (Value::Null, Value::Null)
        );
        let v = kpi["values"].as_array().unwrap();
        let vg = v.iter().find(|k| k["id"] == "vardgaranti_3d").unwrap();
        assert_eq!(vg["title"], "Vårdgaranti inom tre dagar");
        assert_eq!(vg["is_divided_by_gender"], true);
        assert_eq!(vg["municipality_type"], "L");
        assert_eq!(vg["has_ou_data"], false);
        assert_eq!(vg["auspices"], "X");
        assert_eq!(vg["publication_date"].as_str().unwrap().len(), 10, "YYYY-MM-DD");
        let db = v.iter().find(|k| k["id"] == "digitala_besok").unwrap();
        assert_eq!(db["is_divided_by_gender"], false);
        let (_, _, found) = get(&server, "/api/kolada/v3/kpi?title=VÅRDGARANTI").await;
        assert_eq!(found["count"], 1);
        let (_, _, both) = get(&server, "/api/kolada/v3/kpi/vardgaranti_3d,digitala_besok").await;
        assert_eq!(both["count"], 2);

        // Areas: the country, 21 counties, 290 municipalities.
        let (_, _, areas) = get(&server, "/api/kolada/v3/municipality").await;
        assert_eq!(areas["count"], 1 + 21 + 290);
        assert_eq!(areas["values"][0], json!({"id": "0000", "title": "Riket", "type": "L"}));
        let (_, _, counties) = get(&server, "/api/kolada/v3/municipality?type=L").await;
        assert_eq!(counties["count"], 22);
        let (_, _, two) = get(&server, "/api/kolada/v3/municipality/0001,0180").await;
        let types: Vec<&str> = two["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["type"].as_str().unwrap())
            .collect();
        assert_eq!(types, ["L", "K"]);

        // Data: one item per (kpi, area, year), genders inside; suppressed as null; no monthly cells.
        let (status, _, data) = get(
            &server,
            "/api/kolada/v3/data?kpi_id=vardgaranti_3d&municipality_id=0001&year=2019",
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(data["count"], 1);
        let item = &data["values"][0];
        assert_eq!(
            (
                item["kpi"].clone(),
                item["municipality"].clone(),
                item["period"].clone()
            ),
            (json!("vardgaranti_3d"), json!("0001"), json!(2019))
        );
        let values = item["values"].as_array().unwrap();
        assert_eq!(values.len(), 3);
        let m = values.iter().find(|v| v["gender"] == "M").unwrap();
        assert_eq!(
            m,
            &json!({"gender": "M", "count": 1, "status": "undertryckt", "value": null})
        );
        let t = values.iter().find(|v| v["gender"] == "T").unwrap();
        assert_eq!((t["value"].clone(), t["status"].clone()), (json!(80.0), json!("")));
        // The same through the path form, with repeated and comma-listed parameters.
        let (_, _, path) = get(
            &server,
            "/api/kolada/v3/data/kpi/vardgaranti_3d/municipality/0001/year/2019",
        )
        .await;
        assert_eq!(path["values"], data["values"]);
        let (_, _, repeated) = get(
            &server,
            "/api/kolada/v3/data?kpi_id=vardgaranti_3d&kpi_id=digitala_besok&year=2019",
        )
        .await;
        let (_, _, listed) = get(
            &server,
            "/api/kolada/v3/data?kpi_id=vardgaranti_3d,digitala_besok&year=2019",
        )
        .await;
        assert_eq!(repeated["count"], 3, "0000, 0001 and 0025 in 2019");
        assert_eq!(repeated["values"], listed["values"]);
        let order: Vec<(String, String)> = listed["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["kpi"].as_str().unwrap().into(),
                    i["municipality"].as_str().unwrap().into(),
                )
            })
            .collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted, "sorted by kpi, municipality, period");
        let (_, _, years) = get(&server, "/api/kolada/v3/data/kpi/vardgaranti_3d/municipality/0001").await;
        assert_eq!(years["count"], 2, "2019 and 2020; the monthly cell is not served");
        let (_, _, my) = get(&server, "/api/kolada/v3/data/municipality/0025/year/2019").await;
        assert_eq!(my["values"][0]["kpi"], "digitala_besok");

        // Pages of one: count over all pages, absolute links at both ends.
        let (_, _, p1) = get(&server, "/api/kolada/v3/data?year=2019&per_page=1").await;
        assert_eq!(
            (p1["count"].clone(), p1["values"].as_array().unwrap().len()),
            (json!(3), 1)
        );
        assert_eq!(p1["previous_url"], Value::Null);
        let next = p1["next_url"].as_str().unwrap();
        assert!(
            next.starts_with("http://127.0.0.1:") && next.contains("page=2") && next.contains("per_page=1"),
            "{next}"
        );
        let p2: Value = server.client().get(next).send().await.unwrap().json().await.unwrap();
        let p3: Value = server
            .client()
            .get(p2["next_url"].as_str().unwrap())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(p3["next_url"], Value::Null);
        assert!(p3["previous_url"].as_str().unwrap().contains("page=2"));
        let seen: Vec<Value> = [&p1, &p2, &p3].iter().map(|p| p["values"][0].clone()).collect();
        assert_eq!(
            &seen,
            listed["values"].as_array().unwrap(),
            "the pages together are the whole list"
        );

        // Refusals: 400 naming the parameter, 404 for an unknown route, JSON with CORS.
        for (path, name) in [
            ("/api/kolada/v3/data", "kpi_id"),
            ("/api/kolada/v3/data?year=19", "year"),
            ("/api/kolada/v3/data?kpi_id=Bad-Id", "kpi_id"),
            ("/api/kolada/v3/data?municipality_id=1", "municipality_id"),
            ("/api/kolada/v3/data?year=2019&per_page=5001", "per_page"),
            ("/api/kolada/v3/data?year=2019&page=0", "page"),
            ("/api/kolada/v3/municipality?type=X", "type"),
        ] {
            let (status, headers, body) = get(&server, path).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
            assert!(body["error"].as_str().unwrap().contains(name), "{path}: {body}");
            assert_eq!(headers["access-control-allow-origin"], "*");
        }
        for wrong in [
            "/api/kolada/v3/data/year/2019/kpi/vardgaranti_3d",
            "/api/kolada/v3/data/kpi/vardgaranti_3d",
        ] {
            let (status, _, body) = get(&server, wrong).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{wrong}: segments out of order or alone");
            assert!(body["error"].is_string());
        }
        let (status, headers, body) = get(&server, "/api/kolada/v3/finnsinte").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body["error"].is_string());
        assert_eq!(headers["content-type"], "application/json; charset=utf-8");
        server.finish().await;
    }
}
