//! Bad input over the web (issue #15, item 7): an oversized body, malformed
//! JSON, a multipart body where none is taken, invalid UTF-8 and a path that
//! tries to leave its directory each get a 4xx with a Swedish message, and
//! nothing is stored. (A zip bomb is refused by the imports, which read
//! files: `crates/store/tests/reports_import.rs`, `crates/qual/src/docx.rs`.)

mod common;

use common::{Server, TestUser};
use reqwest::StatusCode;

const REPORT: &str = "/redovisningar/god-och-nara-vard-2019/25";
const CONTENT: &str = "/api/v1/reports/god-och-nara-vard-2019/25/content";

/// What is stored, apart from the sessions' last-seen times (which any
/// request of a signed-in browser moves).
async fn stored(server: &Server) -> String {
    let all = common::fingerprint(&server.store).await;
    let mut out = String::new();
    let mut in_sessions = false;
    for line in all.lines() {
        if let Some(table) = line.strip_prefix("## ") {
            in_sessions = table == "sessions";
        }
        if !in_sessions {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The status and the `error` of a JSON refusal.
async fn refusal(r: reqwest::Response) -> (StatusCode, String) {
    let status = r.status();
    let body: serde_json::Value = r.json().await.expect("a JSON error");
    (status, body["error"].as_str().expect("an error message").to_string())
}

#[tokio::test]
async fn bad_bodies_and_paths_are_refused_with_a_4xx_and_store_nothing() {
    for server in common::servers().await {
        let token = server.tokens[&TestUser::Region25].clone();
        let c = server.client();
        let post = |content_type: &'static str, body: Vec<u8>| {
            c.post(server.url(CONTENT))
                .bearer_auth(&token)
                .header("content-type", content_type)
                .body(body)
                .send()
        };
        // Signing in writes (the session, the account's last sign-in): before the fingerprint.
        let (browser, csrf) = server.login(TestUser::Region25).await;
        let analyst = server.login(TestUser::Analyst).await.0;
        // The regions' reports become narrative documents when the qualitative
        // half is first read (derived, not input): that happens here, not below.
        let r = analyst.get(server.url("/api/v1/qual/documents")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let before = stored(&server).await;

        // An API body over the limit: 413, in Swedish.
        let big = format!(r#"{{"answers":{{"decisions":"{}"}},"version":0}}"#, "x".repeat(3 << 20));
        let (status, error) = refusal(post("application/json", big.into_bytes()).await.unwrap()).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(error, "Det som skickades är för stort för att tas emot.");

        // More measures than one call takes (each call is one write
        // transaction, kept short), and an answer over its bound: 422, in Swedish.
        let measure = r#"{"title":"T","area":"omstallning","status":"pilot","cost":1}"#;
        let many = format!(r#"{{"measures":[{}],"version":0}}"#, vec![measure; 1_001].join(","));
        let (status, error) = refusal(post("application/json", many.into_bytes()).await.unwrap()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            error.starts_with("Ett anrop får ha högst 1\u{a0}000 insatser, detta har 1\u{a0}001."),
            "{error}"
        );
        let long = format!(r#"{{"answers":{{"decisions":"{}"}},"version":0}}"#, "x".repeat(50_001));
        let (status, error) = refusal(post("application/json", long.into_bytes()).await.unwrap()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(error.ends_with("högst 50\u{a0}000 får plats."), "{error}");

        // Malformed JSON, and JSON of the wrong shape: 400 and 422 are both the caller's.
        let (status, error) = refusal(post("application/json", b"{\"answers\": ".to_vec()).await.unwrap()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(error.starts_with("Innehållet är inte"), "{error}");

        // Invalid UTF-8 inside a JSON string.
        let mut bytes = br#"{"answers":{"decisions":""#.to_vec();
        bytes.extend_from_slice(&[0xff, 0xfe, b'"', b'}', b'}']);
        let (status, _) = refusal(post("application/json", bytes).await.unwrap()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);

        // Multipart, which the API never takes, and a malformed one at that.
        let multipart = b"--x\r\nContent-Disposition: form-data; name=\"answers\"\r\n\r\n{}\r\n--".to_vec();
        let (status, error) = refusal(post("multipart/form-data; boundary=x", multipart).await.unwrap()).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(!error.is_empty());

        // The same through the report editor's forms, signed in.
        let form = |body: Vec<u8>, content_type: &'static str| {
            browser
                .post(server.url(&format!("{REPORT}/svar")))
                .header("content-type", content_type)
                .body(body)
                .send()
        };
        let urlencoded = "application/x-www-form-urlencoded";
        let big = format!("csrf={csrf}&decisions={}&version=0", "x".repeat(2 << 20));
        let r = form(big.into_bytes(), urlencoded).await.unwrap();
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert!(r.text().await.unwrap().contains("för stort"));
        // Invalid UTF-8, percent-encoded and raw.
        for body in [
            format!("csrf={csrf}&decisions=%FF%FE&version=0").into_bytes(),
            [
                format!("csrf={csrf}&decisions=").as_bytes(),
                &[0xff, 0xfe],
                b"&version=0",
            ]
            .concat(),
        ] {
            let r = form(body, urlencoded).await.unwrap();
            assert_eq!(r.status(), StatusCode::BAD_REQUEST);
            assert!(r.text().await.unwrap().contains("inte giltig UTF-8"));
        }
        // A multipart form, even one carrying the right token.
        let multipart = format!(
            "--x\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--x\r\n\
             Content-Disposition: form-data; name=\"decisions\"\r\n\r\nBeslut\r\n--x--\r\n"
        );
        let r = form(multipart.into_bytes(), "multipart/form-data; boundary=x")
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("Formuläret kom i en form som sidan inte tar emot")
        );

        // Paths that try to leave their directory: not found, whoever asks.
        for path in [
            "/rapport/..%2F..%2Fuppsikt.db",
            "/rapport/%2E%2E%2Fsecurity.log",
            "/rapport/forhandsvisning/..%2F..%2Fuppsikt.db",
            "/oppna-data/..%2Fuppsikt.db",
            "/oppna-data/%2Fetc%2Fpasswd",
            "/kvalitativt/dokument/..%2F..%2Fuppsikt.db",
            "/api/v1/qual/documents/..%2F..%2Fuppsikt.db",
        ] {
            let r = analyst.get(server.url(path)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::NOT_FOUND, "GET {path}");
            let body = r.text().await.unwrap();
            assert!(!body.contains("SQLite format"), "GET {path} served a file");
        }

        let after = stored(&server).await;
        let changed: Vec<&str> = after.lines().filter(|l| !before.lines().any(|b| b == *l)).collect();
        assert!(changed.is_empty(), "a refused request stored something: {changed:?}");
        server.finish().await;
    }
}
