//! Every growing list of the API comes in pages (issue #15, item 8): walking
//! a list page by page along its `Link` headers gives the whole list, once,
//! in order, and `X-Total-Count` counts it.

mod common;

use common::TestUser;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The next page's address in a `Link` header, if there is one.
fn next(link: Option<&str>) -> Option<String> {
    link?
        .split(", ")
        .find(|l| l.ends_with("rel=\"next\""))
        .and_then(|l| l.strip_prefix('<'))
        .and_then(|l| l.split_once('>'))
        .map(|(url, _)| url.to_string())
}

/// The list at `path` (read from `field` of the body, or the body itself)
/// whole, and walked in pages of two.
async fn whole_and_paged(
    server: &common::Server,
    token: &str,
    path: &str,
    field: Option<&str>,
) -> (Vec<Value>, Vec<Value>) {
    let items = |body: Value| -> Vec<Value> {
        let list = match field {
            Some(f) => body[f].clone(),
            None => body,
        };
        list.as_array().expect("a list").clone()
    };
    let whole = items(server.json(token, path).await);
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut url = Some(format!("{path}{sep}per_page=2"));
    let mut paged = Vec::new();
    let mut pages = 0;
    while let Some(u) = url {
        let r = server
            .client()
            .get(server.url(&u))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{u}");
        let total = r.headers()["x-total-count"].to_str().unwrap().parse::<usize>().unwrap();
        assert_eq!(total, whole.len(), "{u}: X-Total-Count");
        url = next(r.headers().get("link").map(|l| l.to_str().unwrap()));
        let page = items(r.json().await.unwrap());
        assert!(page.len() <= 2, "{u}: a page holds at most per_page items");
        paged.extend(page);
        pages += 1;
        assert!(pages <= whole.len() / 2 + 1, "{u}: the pages end");
    }
    (whole, paged)
}

#[tokio::test]
async fn every_growing_list_comes_in_pages_that_add_up_to_the_whole() {
    for server in common::servers().await {
        let analyst = server.tokens[&TestUser::Analyst].clone();
        let region = server.tokens[&TestUser::Region25].clone();
        let c = server.client();
        // Five measures in region 25's report, two releases of five cells (the second revises three).
        let m = |t: &str| json!({"title": t, "area": "omstallning", "status": "pilot", "cost": 1});
        let r = c
            .post(server.url("/api/v1/reports/god-och-nara-vard-2019/25/content"))
            .bearer_auth(&region)
            .json(&json!({"measures": [m("A"), m("B"), m("C"), m("D"), m("E")]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        for values in [[60.0, 61.0, 62.0, 63.0, 64.0], [60.0, 71.0, 72.0, 73.0, 64.0]] {
            let csv: String = ["00", "01", "03", "04", "05"]
                .iter()
                .zip(values)
                .map(|(r, v)| format!("fortroende_vard,{r},2021,alla,,,{v},false\n"))
                .collect();
            let r = c
                .post(server.url("/api/v1/indicators/releases"))
                .bearer_auth(&analyst)
                .json(&json!({"source": "Vårdbarometern 2021", "csv": format!(
                    "indicator,region,period,sex,numerator,denominator,value,suppressed\n{csv}")}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK);
        }

        for (token, path, field, at_least) in [
            (&analyst, "/api/v1/qual/documents", None, 3),
            (&region, "/api/v1/regions/25/measures", None, 5),
            (&analyst, "/api/v1/indicators/releases", None, 2),
            (&analyst, "/api/v1/indicators?indikator=fortroende_vard", None, 5),
            (&analyst, "/api/v1/indicators/releases/1", Some("cells"), 5),
            (
                &analyst,
                "/api/v1/indicators/revisions?indicator=fortroende_vard",
                None,
                3,
            ),
        ] {
            let (whole, paged) = whole_and_paged(&server, token, path, field).await;
            assert!(whole.len() >= at_least, "{path}: {} items", whole.len());
            assert_eq!(paged, whole, "{path}: the pages add up to the whole list, in order");
        }

        // A page size out of bounds is the caller's mistake, named in Swedish.
        for path in [
            "/api/v1/qual/documents?per_page=0",
            "/api/v1/indicators/revisions?per_page=5001",
        ] {
            let r = c.get(server.url(path)).bearer_auth(&analyst).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}");
            let body: Value = r.json().await.unwrap();
            assert!(
                body["error"].as_str().unwrap().starts_with("Parametern per_page"),
                "{body}"
            );
        }
        server.finish().await;
    }
}
