//! The qualitative half over HTTP on both backends: who sees which document,
//! coding through the page's form, the Swedish search with its filters and
//! the contract's result shape, and the link to the numbers on the region
//! profile and the theme page.

mod common;

use common::{Server, TestUser};
use reqwest::StatusCode;
use serde_json::Value;

async fn api(server: &Server, caller: TestUser, path: &str) -> Value {
    server.json(&server.tokens[&caller], path).await
}

fn ids(hits: &Value) -> Vec<&str> {
    hits.as_array()
        .unwrap()
        .iter()
        .map(|h| h["doc_id"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn regions_see_their_own_narratives_and_analysts_everything() {
    for server in common::servers().await {
        let mine = api(&server, TestUser::Region25, "/api/v1/qual/documents").await;
        let mine = mine.as_array().unwrap();
        assert!(!mine.is_empty());
        assert!(
            mine.iter().all(|d| d["region"] == "25" && d["kind"] == "redovisning"),
            "{mine:?}"
        );
        let all = api(&server, TestUser::Analyst, "/api/v1/qual/documents").await;
        assert!(all.as_array().unwrap().iter().any(|d| d["kind"] == "fallstudie"));
        // The interview-like passage about VGR: found by the analyst, never by a region.
        let hits = api(
            &server,
            TestUser::Analyst,
            "/api/v1/qual/search?q=n%C3%A4rsv%C3%A5rdsteam",
        )
        .await;
        assert_eq!(ids(&hits), ["nulage-vgr-mobila-team"]);
        let snippet = hits[0]["snippets"][0].as_str().unwrap();
        assert!(snippet.contains("<mark>närsvårdsteam</mark>"), "{snippet}");
        assert!(hits[0]["score"].as_f64().unwrap() > 0.0);
        let region = api(
            &server,
            TestUser::Region25,
            "/api/v1/qual/search?q=n%C3%A4rsv%C3%A5rdsteam",
        )
        .await;
        assert!(ids(&region).is_empty(), "{region}");
        // A region cannot widen its search by asking for another region.
        let other = api(&server, TestUser::Region01, "/api/v1/qual/search?q=team&region=14").await;
        assert!(ids(&other).iter().all(|id| id.ends_with("-01")), "{other}");
        server.finish().await;
    }
}

#[tokio::test]
async fn an_analyst_codes_through_the_form_and_search_filters_by_the_code() {
    for server in common::servers().await {
        let (client, csrf) = server.login(TestUser::Analyst).await;
        let doc = "/kvalitativt/dokument/fall-sormland-halsoprogram";
        let page = server.text(&client, doc).await;
        assert!(page.contains("id=\"coding-form\""), "analysts get the coding form");
        // "Hälsoprogram Sörmland" starts at position 25: "Region Sörmland beskriver " is 25 characters.
        let r = server
            .post_form(
                &client,
                &format!("{doc}/kodningar"),
                &[
                    ("csrf", csrf.as_str()),
                    ("code_id", "framgangsfaktorer"),
                    ("start", "26"),
                    ("end", "47"),
                    ("memo", "Modell för prevention"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let page = server.text(&client, doc).await;
        assert!(page.contains("<mark class=\"coded\""), "the span is highlighted");
        assert!(
            page.contains("Hälsoprogram Sörmland</td>"),
            "the coded text is listed: {page}"
        );
        let found = server
            .text(
                &client,
                "/kvalitativt?q=modell%20h%C3%A4lsoarbete&kod=framgangsfaktorer",
            )
            .await;
        assert!(
            found.contains("href=\"/kvalitativt/dokument/fall-sormland-halsoprogram\""),
            "{found}"
        );
        let none = server.text(&client, "/kvalitativt?q=modell&kod=hinder").await;
        assert!(!none.contains("fall-sormland-halsoprogram"));
        // The analysis page: the matrix as a heat map, and agreement between the demo coder and this one.
        let analysis = server.text(&client, "/kvalitativt/analys?a=demo&b=analytiker").await;
        assert!(
            analysis.contains("id=\"matris\"") && analysis.contains("heat-4"),
            "a heat map"
        );
        assert!(
            analysis.contains("id=\"agreement\""),
            "an agreement table for the two coders"
        );
        // A bad span is refused in Swedish and stores nothing.
        let r = server
            .post_form(
                &client,
                &format!("{doc}/kodningar"),
                &[
                    ("csrf", csrf.as_str()),
                    ("code_id", "hinder"),
                    ("start", "10"),
                    ("end", "99999"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("efter textens slut"));
        // A region coordinator gets neither the form nor the page of a case study.
        let (region, csrf) = server.login(TestUser::Region25).await;
        let r = server
            .post_form(
                &region,
                &format!("{doc}/kodningar"),
                &[
                    ("csrf", csrf.as_str()),
                    ("code_id", "hinder"),
                    ("start", "0"),
                    ("end", "5"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        server.finish().await;
    }
}

#[tokio::test]
async fn the_region_profile_and_the_theme_put_quotes_next_to_indicators() {
    for server in common::servers().await {
        publish(&server.store).await;
        let (client, _) = server.login(TestUser::Analyst).await;
        let profile = server.text(&client, "/regioner/14").await;
        assert!(profile.contains("id=\"teman\""), "the profile has its themes");
        assert!(profile.contains("hemsjukvårdsläkare och närsvårdsteam införts som ordinarie verksamhet"));
        assert!(
            profile.contains("Undvikbar slutenvård"),
            "the theme's indicator is next to its quotes"
        );
        assert!(
            profile.contains("12,3") && profile.contains("10,1"),
            "the region's value next to the nation's"
        );
        let theme = server.text(&client, "/kvalitativt/teman/mobila-team").await;
        assert!(theme.contains("Västra Götaland"), "quotes by region");
        assert!(theme.contains("Socialstyrelsen"), "each quote keeps its source");
        // The region's coordinator sees no quote from another region's documents.
        let (region, _) = server.login(TestUser::Region25).await;
        let theme = server.text(&region, "/kvalitativt/teman/mobila-team").await;
        assert!(!theme.contains("närsvårdsteam"));
        server.finish().await;
    }
}

/// One year of the avoidable-hospitalisation indicator for VGR and the nation (synthetic test data).
async fn publish(store: &uppsikt_store::Store) {
    use uppsikt_store::indicators::{CellSource, IndicatorCell, releases::publish_computed};
    let def = common::indicator_def("undvikbar_slutenvard", "Undvikbar slutenvård");
    let cell = |region: &str, value: f64| IndicatorCell {
        indicator: "undvikbar_slutenvard".into(),
        region: region.into(),
        period: "2019".into(),
        sex: "alla".into(),
        numerator: Some(123),
        denominator: Some(1000),
        value: Some(value),
        suppressed: false,
    };
    let source = CellSource {
        synthetic: true,
        description: "Syntetiska testdata".into(),
    };
    publish_computed(store, &source, &[def], &[cell("14", 12.3), cell("00", 10.1)])
        .await
        .unwrap();
}
