//! CSRF, cookies and headers, escaping, disabled users (sessions and the
//! sign-in throttle: `sessions.rs`).

mod common;

use common::{PASSWORD, TestUser, csrf_of};
use reqwest::StatusCode;
use uppsikt_store::users;

#[tokio::test]
async fn forms_and_cookie_api_calls_need_the_csrf_token() {
    for server in common::servers().await {
        let (c, csrf) = server.login(TestUser::Admin).await;
        let before = common::fingerprint(&server.store).await;
        for token in ["", "0000000000000000000000000000000000000000000000000000000000000000"] {
            let r = server
                .post_form(
                    &c,
                    "/admin/anvandare",
                    &[
                        ("csrf", token),
                        ("username", "utan-csrf"),
                        ("role", "analyst"),
                        ("password", "ett-langt-losenord"),
                    ],
                )
                .await;
            assert_eq!(r.status(), StatusCode::FORBIDDEN);
        }
        // A JSON call by cookie without the header, and one that is not JSON at all.
        let r = c
            .post(server.url("/api/v1/tokens"))
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = server.post_form(&c, "/api/v1/tokens", &[("label", "x")]).await;
        assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(r.text().await.unwrap().contains("API:et tar emot JSON"));
        assert_eq!(
            before,
            common::fingerprint(&server.store).await,
            "a refused call stored something"
        );
        let r = c
            .post(server.url("/api/v1/tokens"))
            .header("content-type", "application/json")
            .header("x-csrf-token", &csrf)
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        // Logging out needs the token too.
        assert_eq!(
            c.post(server.url("/logga-ut")).send().await.unwrap().status(),
            StatusCode::FORBIDDEN
        );
        server.finish().await;
    }
}

#[tokio::test]
async fn cookies_and_headers_are_strict() {
    for server in common::servers().await {
        let c = server.client();
        let r = c.get(server.url("/logga-in")).send().await.unwrap();
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
            "{cookie}"
        );
        let csp = r.headers()["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        let html = r.text().await.unwrap();
        assert!(
            !html.contains("<script>") && !html.contains("style="),
            "inline code in the page"
        );
        // The cookie's session id is not what the database stores.
        let id = cookie.split(';').next().unwrap().split('=').nth(1).unwrap();
        let stored = common::fingerprint(&server.store).await;
        assert!(!stored.contains(id), "session id stored in clear");
        for token in server.tokens.values() {
            assert!(!stored.contains(token.as_str()), "API token stored in clear");
        }
        assert!(!stored.contains(PASSWORD) && stored.contains("$argon2id$"));
        server.finish().await;
    }
}

#[tokio::test]
async fn output_is_escaped() {
    for server in common::servers().await {
        let c = server.client();
        let csrf = csrf_of(
            &c.get(server.url("/logga-in"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        );
        let evil = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";
        let html = server
            .post_form(
                &c,
                "/logga-in",
                &[
                    ("csrf", csrf.as_str()),
                    ("username", evil),
                    ("password", "fel-losenord-123"),
                ],
            )
            .await
            .text()
            .await
            .unwrap();
        assert!(
            !html.contains("<script>alert") && !html.contains("<img src=x"),
            "unescaped input"
        );
        assert!(html.contains("&lt;script&gt;"));
        server.finish().await;
    }
}

#[tokio::test]
async fn a_disabled_user_loses_sessions_and_tokens() {
    for server in common::servers().await {
        let (c, _) = server.login(TestUser::Analyst).await;
        assert_eq!(
            c.get(server.url("/oversikt")).send().await.unwrap().status(),
            StatusCode::OK
        );
        users::set_disabled(&server.store, "analytiker", true).await.unwrap();
        assert_eq!(
            c.get(server.url("/oversikt")).send().await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
        let r = server
            .client()
            .get(server.url("/api/v1/me"))
            .bearer_auth(&server.tokens[&TestUser::Analyst])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        server.finish().await;
    }
}

/// Every cookie-less visit to the sign-in page makes an anonymous session (it
/// carries the form's CSRF token); their number is capped and they expire
/// soon, so a flood of visits cannot grow the table, and the newest visitor
/// can still sign in.
#[tokio::test]
async fn anonymous_sessions_are_capped_and_short_lived() {
    for db in uppsikt_store::testing::TestDb::all().await.unwrap() {
        let server = common::start_with(db, |c| c.anonymous_sessions_max = 20).await;
        for _ in 0..60 {
            let r = server.client().get(server.url("/logga-in")).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
            assert!(
                cookie.contains("Max-Age=3600"),
                "an anonymous session lives an hour: {cookie}"
            );
        }
        let anonymous: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE username IS NULL")
            .fetch_one(server.store.pool())
            .await
            .unwrap();
        assert!(anonymous <= 20, "{anonymous} anonymous sessions kept");
        // The newest visitor's session survives the cap: sign-in works.
        let (client, _) = server.login(TestUser::Analyst).await;
        let page = server.text(&client, "/oversikt").await;
        assert!(page.contains(TestUser::Analyst.username().unwrap()));
        server.finish().await;
    }
}

/// An anonymous call to an endpoint that needs an account is 401 before its
/// body is looked at: a bad body or the wrong content type does not answer
/// first. Survey-token endpoints stay open to the token's holder.
#[tokio::test]
async fn authentication_comes_before_the_body() {
    for server in common::servers().await {
        let c = server.client();
        for (path, content_type, body) in [
            ("/api/v1/users", "application/json", "{ not json"),
            ("/api/v1/users", "text/plain", "x"),
            ("/api/v1/tokens", "application/json", "[]"),
            (
                "/api/v1/qual/documents/nulage-vgr-mobila-team/codings",
                "application/json",
                "{}",
            ),
        ] {
            let before = common::fingerprint(&server.store).await;
            let r = c
                .post(server.url(path))
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "POST {path} ({content_type})");
            assert_eq!(before, common::fingerprint(&server.store).await);
        }
        // The survey token is the credential: its endpoints answer about the body.
        let token = common::open_survey(&server.store).await;
        let r = c
            .post(server.url(&format!("/api/v1/survey/{token}/save")))
            .header("content-type", "application/json")
            .body("{ not json")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        server.finish().await;
    }
}

/// API tokens expire, can be revoked by their owner, and stay revoked when
/// a disabled user is enabled again.
#[tokio::test]
async fn tokens_expire_can_be_revoked_and_are_not_revived() {
    for server in common::servers().await {
        let c = server.client();
        let own = &server.tokens[&TestUser::Analyst];
        let make = |label: &str, days: i64| {
            c.post(server.url("/api/v1/tokens"))
                .bearer_auth(own)
                .json(&serde_json::json!({"label": label, "days": days}))
                .send()
        };
        let me = |token: String| c.get(server.url("/api/v1/me")).bearer_auth(token).send();
        assert_eq!(
            make("for-lange", 400).await.unwrap().status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let r: serde_json::Value = make("skript", 7).await.unwrap().json().await.unwrap();
        let token = r["token"].as_str().unwrap().to_string();
        assert!(r["expires_at"].as_str().unwrap() > "2026");
        assert_eq!(me(token.clone()).await.unwrap().status(), StatusCode::OK);
        let listed = server.json(own, "/api/v1/tokens").await;
        assert!(
            listed
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["label"] == "skript" && t["revoked_at"].is_null())
        );
        assert!(
            !listed.to_string().contains(&token),
            "a token is shown once, never listed"
        );
        // Revoked by its label: gone at once; the caller's other tokens still work.
        let r = c
            .post(server.url("/api/v1/tokens/revoke"))
            .bearer_auth(own)
            .json(&serde_json::json!({"label": "skript"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(me(token).await.unwrap().status(), StatusCode::UNAUTHORIZED);
        assert_eq!(me(own.clone()).await.unwrap().status(), StatusCode::OK);
        // Expired: refused.
        let r: serde_json::Value = make("kort", 1).await.unwrap().json().await.unwrap();
        let short = r["token"].as_str().unwrap().to_string();
        sqlx::query("UPDATE api_tokens SET expires_at = '2000-01-01T00:00:00Z' WHERE label = 'kort'")
            .execute(server.store.pool())
            .await
            .unwrap();
        assert_eq!(me(short).await.unwrap().status(), StatusCode::UNAUTHORIZED);
        // Disabled, then enabled again: the old token stays dead.
        let region = server.tokens[&TestUser::Region25].clone();
        let name = TestUser::Region25.username().unwrap();
        users::set_disabled(&server.store, name, true).await.unwrap();
        users::set_disabled(&server.store, name, false).await.unwrap();
        assert_eq!(me(region).await.unwrap().status(), StatusCode::UNAUTHORIZED);
        server.finish().await;
    }
}

/// A known API path called with a method it does not take answers 405 with
/// `Allow` and a Swedish JSON error, before authentication or the body.
#[tokio::test]
async fn a_wrong_method_is_405_with_allow() {
    for server in common::servers().await {
        let c = server.client();
        for (method, path, allow) in [
            (reqwest::Method::PUT, "/api/v1/users", "GET, POST"),
            (reqwest::Method::DELETE, "/api/v1/agreements", "GET"),
            (reqwest::Method::POST, "/api/openapi.json", "GET"),
            (reqwest::Method::PATCH, "/api/v1/qual/documents/x/codings", "POST"),
        ] {
            let r = c
                .request(method.clone(), server.url(path))
                .bearer_auth(&server.tokens[&TestUser::Admin])
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            assert_eq!(r.headers()["allow"], allow, "{method} {path}");
            let body: serde_json::Value = r.json().await.unwrap();
            assert!(body["error"].as_str().unwrap().contains("metoden"), "{body}");
        }
        server.finish().await;
    }
}
