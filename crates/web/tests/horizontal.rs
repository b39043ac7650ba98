//! Horizontal access (issue #15, item 5): a region's coordinator tries every
//! other region's report, its content and workflow calls, its audit trail,
//! its measures and its documents, under every agreement, by id and through
//! the list calls. Each by-id call is refused with exactly 403; each list
//! holds the caller's own region and nothing else; a refused call stores
//! nothing. The role × endpoint matrix
//! (`roles.rs`) covers the vertical direction.

mod common;

use common::TestUser;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const OWN: &str = "25";

#[tokio::test]
async fn a_region_reaches_no_other_region_by_id_or_through_a_list() {
    for server in common::servers().await {
        let token = server.tokens[&TestUser::Region25].clone();
        let analyst = server.tokens[&TestUser::Analyst].clone();
        let c = server.client();
        let send = |method: Method, path: String, body: Option<Value>, token: String| {
            let mut r = c.request(method, server.url(&path)).bearer_auth(token);
            if let Some(b) = body {
                r = r.json(&b);
            }
            r.send()
        };
        // The regions' reports become narrative documents when the qualitative
        // half is first read (derived, not input): that happens before the fingerprint.
        let r = send(Method::GET, "/api/v1/qual/documents".into(), None, analyst.clone())
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let before = common::fingerprint(&server.store).await;

        let regions: Vec<String> = uppsikt_store::registry::regions(&server.store)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.code.to_string())
            .collect();
        let agreements: Vec<String> = uppsikt_store::agreements::list(&server.store)
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.id.to_string())
            .collect();
        assert_eq!(regions.len(), 21);
        assert!(agreements.len() >= 4, "{agreements:?}");

        let mut wrong = Vec::new();
        for a in &agreements {
            for r in regions.iter().filter(|r| *r != OWN) {
                let report = format!("/api/v1/reports/{a}/{r}");
                let content = json!({"answers": {"decisions": "Intrång"}, "measures": [], "version": 0});
                for (method, path, body) in [
                    (Method::GET, report.clone(), None),
                    (Method::GET, format!("{report}/audit"), None),
                    (Method::POST, format!("{report}/content"), Some(content)),
                    (
                        Method::POST,
                        format!("{report}/actions"),
                        Some(json!({"action": "submit"})),
                    ),
                    (
                        Method::POST,
                        format!("{report}/actions"),
                        Some(json!({"action": "approve"})),
                    ),
                ] {
                    let status = send(method.clone(), path.clone(), body, token.clone())
                        .await
                        .unwrap()
                        .status();
                    if status != StatusCode::FORBIDDEN {
                        wrong.push(format!("{method} {path}: {status}"));
                    }
                }
            }
            // The lists: only the caller's own region.
            for path in [
                format!("/api/v1/reports/{a}"),
                format!("/api/v1/agreements/{a}/findings"),
            ] {
                let r = send(Method::GET, path.clone(), None, token.clone()).await.unwrap();
                assert_eq!(r.status(), StatusCode::OK, "GET {path}");
                let rows: Vec<Value> = r.json().await.unwrap();
                for row in rows.iter().filter(|row| row["region"] != OWN) {
                    wrong.push(format!("GET {path} lists {row}"));
                }
            }
        }
        for r in regions.iter().filter(|r| *r != OWN) {
            let path = format!("/api/v1/regions/{r}/measures");
            let status = send(Method::GET, path.clone(), None, token.clone())
                .await
                .unwrap()
                .status();
            if status != StatusCode::FORBIDDEN {
                wrong.push(format!("GET {path}: {status}"));
            }
        }

        // Documents: every one the agency has that is not the region's own.
        let all: Vec<Value> = send(Method::GET, "/api/v1/qual/documents".into(), None, analyst.clone())
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let own: Vec<Value> = send(Method::GET, "/api/v1/qual/documents".into(), None, token.clone())
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let own_ids: Vec<&str> = own.iter().filter_map(|d| d["doc_id"].as_str()).collect();
        assert!(!own_ids.is_empty() && own_ids.len() < all.len(), "{own_ids:?}");
        for d in &own {
            if d["region"] != OWN {
                wrong.push(format!("GET /api/v1/qual/documents lists {d}"));
            }
        }
        for d in &all {
            let id = d["doc_id"].as_str().expect("a doc_id");
            if own_ids.contains(&id) {
                continue;
            }
            for path in [
                format!("/api/v1/qual/documents/{id}"),
                format!("/kvalitativt/dokument/{id}"),
            ] {
                let status = send(Method::GET, path.clone(), None, token.clone())
                    .await
                    .unwrap()
                    .status();
                if status != StatusCode::FORBIDDEN {
                    wrong.push(format!("GET {path}: {status}"));
                }
            }
            let coding = json!({"code_id": "hinder", "start": 0, "end": 5});
            let path = format!("/api/v1/qual/documents/{id}/codings");
            let status = send(Method::POST, path.clone(), Some(coding), token.clone())
                .await
                .unwrap()
                .status();
            if status != StatusCode::FORBIDDEN {
                wrong.push(format!("POST {path}: {status}"));
            }
        }
        // Search finds only what the region may read.
        let hits: Value = send(Method::GET, "/api/v1/qual/search?q=vård".into(), None, token.clone())
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for hit in hits.as_array().expect("a list of hits") {
            if !hit["doc_id"].as_str().is_some_and(|id| own_ids.contains(&id)) {
                wrong.push(format!("search found {hit}"));
            }
        }

        assert!(
            wrong.is_empty(),
            "a region reached another's data:\n{}",
            wrong.join("\n")
        );
        assert_eq!(
            before,
            common::fingerprint(&server.store).await,
            "a refused call stored something"
        );
        server.finish().await;
    }
}
