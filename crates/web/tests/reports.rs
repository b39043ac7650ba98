//! The report editor through its forms: validation shown inline, submit,
//! return with a comment, escaping of what regions write.

mod common;

use common::{TestUser, csrf_of};
use reqwest::StatusCode;

const EDITOR: &str = "/redovisningar/god-och-nara-vard-2019/25";

fn measure<'a>(csrf: &'a str, cost: &'a str, version: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("version", version),
        ("title", "Mobil hemsjukvård"),
        ("area", "omstallning"),
        ("status", "pilot"),
        ("cost", cost),
        ("period", "2019"),
    ]
}

#[tokio::test]
async fn the_editor_validates_submits_and_returns() {
    for server in common::servers().await {
        let (region, csrf) = server.login(TestUser::Region25).await;
        // A bad amount is refused next to its field, and nothing is stored.
        let r = server
            .post_form(&region, &format!("{EDITOR}/insatser"), &measure(&csrf, "mycket", "0"))
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("är inget belopp") && html.contains("aria-invalid=\"true\""),
            "{html}"
        );
        let a = uppsikt_store::agreements::get(&server.store, "god-och-nara-vard-2019")
            .await
            .unwrap();
        let code = "25".parse().unwrap();
        assert!(
            uppsikt_store::reports::get(&server.store, &a.id, code)
                .await
                .unwrap()
                .is_none()
        );
        // Another region's coordinator cannot write into it.
        let (other, other_csrf) = server.login(TestUser::Region01).await;
        let r = server
            .post_form(
                &other,
                &format!("{EDITOR}/insatser"),
                &measure(&other_csrf, "1000", "0"),
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert!(
            uppsikt_store::reports::get(&server.store, &a.id, code)
                .await
                .unwrap()
                .is_none()
        );
        // A good measure and an answer with markup in it.
        let r = server
            .post_form(&region, &format!("{EDITOR}/insatser"), &measure(&csrf, "250 000", "0"))
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        // A form made from an older version is a conflict, not a silent overwrite.
        let r = server
            .post_form(&region, &format!("{EDITOR}/insatser"), &measure(&csrf, "1", "0"))
            .await;
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert!(r.text().await.unwrap().contains("ändrades av någon annan"));
        // A form without its version is refused in Swedish, not with axum's English text.
        let r = server
            .post_form(
                &region,
                &format!("{EDITOR}/atgard"),
                &[("csrf", csrf.as_str()), ("action", "submit")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(r.text().await.unwrap().contains("Formuläret är ofullständigt"));
        let r = server
            .post_form(
                &region,
                &format!("{EDITOR}/svar"),
                &[
                    ("csrf", csrf.as_str()),
                    ("version", "1"),
                    ("decisions", "<script>alert(1)</script> beslut"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let r = server
            .post_form(
                &region,
                &format!("{EDITOR}/atgard"),
                &[("csrf", csrf.as_str()), ("action", "submit"), ("version", "2")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        // The analyst sees it, escaped, and returns it with a comment; an empty comment is refused.
        let (analyst, acsrf) = server.login(TestUser::Analyst).await;
        let html = analyst
            .get(server.url(EDITOR))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; beslut") && !html.contains("<script>alert"));
        assert!(html.contains("inlämnad") && html.contains("Mobil hemsjukvård"));
        let r = server
            .post_form(
                &analyst,
                &format!("{EDITOR}/atgard"),
                &[
                    ("csrf", acsrf.as_str()),
                    ("action", "return"),
                    ("text", " "),
                    ("version", "3"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::CONFLICT);
        let r = server
            .post_form(
                &analyst,
                &format!("{EDITOR}/atgard"),
                &[
                    ("csrf", acsrf.as_str()),
                    ("action", "return"),
                    ("text", "Ange målgrupp."),
                    ("version", "3"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        // The analyst cannot edit the content.
        let r = server
            .post_form(&analyst, &format!("{EDITOR}/insatser"), &measure(&acsrf, "1", "4"))
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let html = region
            .get(server.url(EDITOR))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("återsänd") && html.contains("Ange målgrupp."));
        assert_eq!(csrf_of(&html), csrf);
        let report = uppsikt_store::reports::get(&server.store, &a.id, code)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(report.content.measures.len(), 1);
        server.finish().await;
    }
}

#[tokio::test]
async fn a_concurrent_edit_through_the_api_is_a_409_in_swedish() {
    for server in common::servers().await {
        let token = &server.tokens[&TestUser::Region25];
        let url = server.url(&format!(
            "/api/v1{}/content",
            EDITOR.replace("/redovisningar", "/reports")
        ));
        let body = |version: i64, title: &str| {
            serde_json::json!({
                "answers": {"decisions": "Beslut i regionfullmäktige."},
                "measures": [{"title": title, "area": "omstallning", "status": "pilot", "cost": 1000, "period": "2019"}],
                "version": version,
            })
        };
        let c = reqwest::Client::new();
        // Two clients read version 0; the first write wins, the second is refused.
        let first = c
            .post(&url)
            .bearer_auth(token)
            .json(&body(0, "Först"))
            .send()
            .await
            .unwrap();
        assert_eq!(first.status(), StatusCode::OK, "{}", first.text().await.unwrap());
        let second = c
            .post(&url)
            .bearer_auth(token)
            .json(&body(0, "Sedan"))
            .send()
            .await
            .unwrap();
        assert_eq!(second.status(), StatusCode::CONFLICT);
        let err: serde_json::Value = second.json().await.unwrap();
        let message = err.to_string();
        assert!(message.contains("ändrades av någon annan"), "{message}");
        let a = uppsikt_store::agreements::get(&server.store, "god-och-nara-vard-2019")
            .await
            .unwrap();
        let stored = uppsikt_store::reports::get(&server.store, &a.id, "25".parse().unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            stored.content.measures[0].title, "Först",
            "the refused write changed nothing"
        );
        server.finish().await;
    }
}

#[tokio::test]
async fn a_nul_character_is_bad_input_on_every_backend_never_a_500() {
    for server in common::servers().await {
        let token = &server.tokens[&TestUser::Region25];
        let url = server.url(&format!(
            "/api/v1{}/content",
            EDITOR.replace("/redovisningar", "/reports")
        ));
        let body = serde_json::json!({"answers": {"decisions": "före\u{0}efter"}, "measures": [], "version": 0});
        let r = reqwest::Client::new()
            .post(&url)
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        // SQLite stores the character; PostgreSQL cannot, and says so in Swedish.
        match server.store.backend() {
            uppsikt_store::Backend::Sqlite => assert_eq!(status, StatusCode::OK, "{text}"),
            uppsikt_store::Backend::Postgres => {
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
                assert!(text.contains("NUL-tecken"), "{text}");
            }
        }
        server.finish().await;
    }
}

/// The stored report of region 25.
async fn stored(server: &common::Server) -> uppsikt_domain::report::Report {
    let a = uppsikt_store::agreements::get(&server.store, "god-och-nara-vard-2019")
        .await
        .unwrap();
    uppsikt_store::reports::get(&server.store, &a.id, "25".parse().unwrap())
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn measures_are_addressed_by_their_number_in_the_pages_and_the_api() {
    for server in common::servers().await {
        let token = &server.tokens[&TestUser::Region25];
        let api = EDITOR.replace("/redovisningar", "/api/v1/reports");
        let c = reqwest::Client::new();
        let post = |body: serde_json::Value| {
            c.post(server.url(&format!("{api}/content")))
                .bearer_auth(token)
                .json(&body)
                .send()
        };
        let m =
            |title: &str| serde_json::json!({"title": title, "area": "omstallning", "status": "pilot", "cost": 1000});
        let r = post(serde_json::json!({"measures": [m("A"), m("B"), m("C")], "version": 0}))
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let body: serde_json::Value = r.json().await.unwrap();
        let numbers: Vec<i64> = body["report"]["content"]["measures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["number"].as_i64().unwrap())
            .collect();
        assert_eq!(numbers, [1, 2, 3]);

        // What the API gives can be sent back as it is, and changes nothing.
        let got = server.json(token, &api).await;
        let report = &got["report"];
        let back = serde_json::json!({
            "answers": report["content"]["answers"],
            "measures": report["content"]["measures"],
            "version": report["version"],
        });
        let r = post(back).await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        assert_eq!(
            stored(&server).await.version,
            1,
            "sending back what was read changes nothing"
        );

        // The page removes measure 1: B and C keep their numbers and their links.
        let (browser, csrf) = server.login(TestUser::Region25).await;
        let remove = |n: i32, version: i64| {
            let path = format!("{EDITOR}/insatser/{n}/ta-bort");
            let fields = vec![("csrf", csrf.clone()), ("version", version.to_string())];
            let (server, browser) = (&server, &browser);
            async move { server.post_form(browser, &path, &fields).await }
        };
        let r = remove(1, 1).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let page = server.text(&browser, EDITOR).await;
        assert!(page.contains("?redigera=2#") && page.contains("?redigera=3#"), "{page}");
        assert!(!page.contains("?redigera=1#") && !page.contains("/insatser/1/ta-bort"));
        // A stale tab that still shows measure 1 and its version is refused, in Swedish.
        let r = remove(2, 1).await;
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert!(r.text().await.unwrap().contains("ändrades av någon annan"));
        // Editing measure 3 edits C, whatever came before it.
        let fields = [
            ("csrf", csrf.as_str()),
            ("version", "2"),
            ("title", "C ändrad"),
            ("area", "omstallning"),
            ("status", "införd"),
            ("cost", "2000"),
        ];
        let r = server
            .post_form(&browser, &format!("{EDITOR}/insatser/3"), &fields)
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let titles: Vec<(Option<i32>, String)> = stored(&server)
            .await
            .content
            .measures
            .iter()
            .map(|m| (m.number, m.title.clone()))
            .collect();
        assert_eq!(titles, [(Some(2), "B".into()), (Some(3), "C ändrad".into())]);
        // A removed number is gone for good: the page has no such measure, the API refuses it.
        let r = browser
            .get(server.url(&format!("{EDITOR}?redigera=1")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let mut gone = m("A igen");
        gone["number"] = 1.into();
        let r = post(serde_json::json!({"measures": [gone], "version": 3}))
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let error: serde_json::Value = r.json().await.unwrap();
        assert_eq!(
            error["error"],
            "Rapporten har ingen insats nummer 1. Den kan ha tagits bort; läs rapporten igen och gör om ändringen."
        );
        assert_eq!(stored(&server).await.version, 3);
        server.finish().await;
    }
}
