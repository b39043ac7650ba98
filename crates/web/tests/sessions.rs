//! Sessions and sign-in, as an attacker would try them: fixation, sign-out,
//! idle and absolute ends, cookie flags; the sign-in throttle per account and
//! per client address behind a trusted proxy; the security log.

mod common;

use std::time::Duration;

use common::{PASSWORD, Server, TestUser, csrf_of};
use reqwest::{Client, Response, StatusCode};
use uppsikt_store::users;
use uppsikt_web::auth::ratelimit::LoginLimits;

/// The session cookie's value in a response's `Set-Cookie`.
fn session_cookie(r: &Response) -> String {
    let c = r.headers()["set-cookie"].to_str().unwrap();
    let first = c.split(';').next().unwrap();
    first.split_once('=').unwrap().1.to_string()
}

/// The status of `GET /oversikt` with only this session cookie.
async fn overview_with(server: &Server, cookie: &str) -> StatusCode {
    Client::new()
        .get(server.url("/oversikt"))
        .header("cookie", format!("{}={cookie}", uppsikt_web::auth::viewer::COOKIE))
        .send()
        .await
        .unwrap()
        .status()
}

/// A sign-in attempt as `username` from the client address `from` (told by
/// the proxy's `X-Forwarded-For`).
async fn attempt(server: &Server, from: &str, username: &str, password: &str) -> Response {
    let c = server.client();
    let page = server.text(&c, "/logga-in").await;
    let form = [
        ("csrf", csrf_of(&page)),
        ("username", username.to_string()),
        ("password", password.to_string()),
    ];
    c.post(server.url("/logga-in"))
        .header("x-forwarded-for", from)
        .form(&form)
        .send()
        .await
        .unwrap()
}

fn retry_after(r: &Response) -> u64 {
    r.headers()["retry-after"].to_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn signing_in_makes_a_new_session_and_signing_out_ends_it_on_the_server() {
    for server in common::servers().await {
        let c = server.client();
        let r = c.get(server.url("/logga-in")).send().await.unwrap();
        let before = session_cookie(&r);
        let csrf = csrf_of(&r.text().await.unwrap());
        let form = [
            ("csrf", csrf.as_str()),
            ("username", "analytiker"),
            ("password", PASSWORD),
        ];
        let r = server.post_form(&c, "/logga-in", &form).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let after = session_cookie(&r);
        assert_ne!(before, after, "a planted session id must not survive sign-in");
        assert_eq!(overview_with(&server, &before).await, StatusCode::UNAUTHORIZED);
        assert_eq!(overview_with(&server, &after).await, StatusCode::OK);

        let page = server.text(&c, "/oversikt").await;
        let r = server.post_form(&c, "/logga-ut", &[("csrf", csrf_of(&page))]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(r.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
        // A copy of the cookie kept by an attacker is worth nothing now.
        assert_eq!(overview_with(&server, &after).await, StatusCode::UNAUTHORIZED);
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE username = 'analytiker'")
            .fetch_one(server.store.pool())
            .await
            .unwrap();
        assert_eq!(left, 0);
        server.finish().await;
    }
}

#[tokio::test]
async fn sessions_end_when_idle_and_at_their_absolute_end_and_use_keeps_them() {
    for db in uppsikt_store::testing::TestDb::all().await.unwrap() {
        let server = common::start_with(db, |c| c.idle_seconds = 600).await;
        let set = |column: &'static str, seconds: i64| {
            let store = server.store.clone();
            async move {
                let sql = format!("UPDATE sessions SET {column} = $1 WHERE username = 'analytiker'");
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(users::in_seconds(seconds))
                    .execute(store.pool())
                    .await
                    .unwrap();
            }
        };
        let last_seen = || async {
            sqlx::query_scalar::<_, String>("SELECT last_seen_at FROM sessions WHERE username = 'analytiker'")
                .fetch_one(server.store.pool())
                .await
                .unwrap()
        };
        // Used five minutes ago: still alive, and this use is noted.
        let (c, _) = server.login(TestUser::Analyst).await;
        set("last_seen_at", -300).await;
        assert_eq!(
            c.get(server.url("/oversikt")).send().await.unwrap().status(),
            StatusCode::OK
        );
        assert!(last_seen().await >= users::in_seconds(-10), "use is recorded");
        // Unused for longer than the idle limit: ended.
        set("last_seen_at", -601).await;
        assert_eq!(
            c.get(server.url("/oversikt")).send().await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
        // In use, but past its absolute end: ended.
        let (c, _) = server.login(TestUser::Analyst).await;
        set("expires_at", -1).await;
        assert_eq!(
            c.get(server.url("/oversikt")).send().await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
        server.finish().await;
    }
}

#[tokio::test]
async fn cookies_are_secure_behind_https() {
    for db in uppsikt_store::testing::TestDb::all().await.unwrap() {
        let server = common::start_with(db, |c| c.secure_cookies = true).await;
        let c = server.client();
        let page = c.get(server.url("/logga-in")).send().await.unwrap();
        let anonymous = page.headers()["set-cookie"].to_str().unwrap().to_string();
        let form = [
            ("csrf", csrf_of(&page.text().await.unwrap())),
            ("username", "analytiker".to_string()),
            ("password", PASSWORD.to_string()),
        ];
        let r = server.post_form(&c, "/logga-in", &form).await;
        let signed_in = r.headers()["set-cookie"].to_str().unwrap().to_string();
        for cookie in [&anonymous, &signed_in] {
            for flag in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
                assert!(cookie.split("; ").any(|p| p == flag), "{flag} missing: {cookie}");
            }
        }
        assert!(signed_in.contains(&format!("Max-Age={}", 8 * 3600)), "{signed_in}");
        server.finish().await;
    }
}

/// Five wrong passwords slow the account down from anywhere, but its owner
/// gets in once the short delay has passed: nobody can lock another out.
#[tokio::test]
async fn an_account_under_attack_slows_down_but_its_owner_gets_in() {
    for db in uppsikt_store::testing::TestDb::all().await.unwrap() {
        let server = common::start_with(db, |c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
        for _ in 0..LoginLimits::default().free_attempts {
            let r = attempt(&server, "203.0.113.9", "analytiker", "fel-losenord-123").await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        }
        // The right password, from the owner's own address, must wait a moment.
        let r = attempt(&server, "198.51.100.20", "analytiker", PASSWORD).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(r.headers().get("set-cookie").is_none(), "no session is made");
        // Another account from the attacker's address is not touched.
        assert_eq!(
            attempt(&server, "203.0.113.9", "admin", PASSWORD).await.status(),
            StatusCode::SEE_OTHER
        );
        let r = attempt(&server, "198.51.100.20", "analytiker", PASSWORD).await;
        let wait = retry_after(&r);
        assert!((1..=2).contains(&wait), "Retry-After {wait}");
        tokio::time::sleep(Duration::from_secs(wait)).await;
        let r = attempt(&server, "198.51.100.20", "analytiker", PASSWORD).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "the owner signs in after the delay");
        server.finish().await;
    }
}

/// Behind a trusted proxy, the address limit falls on the client that fails,
/// not on everyone behind the proxy; without the proxy configured, a client
/// cannot dodge the limit by sending its own `X-Forwarded-For`.
#[tokio::test]
async fn the_address_limit_falls_on_the_client_not_on_the_proxy() {
    let limits = LoginLimits {
        per_address: 4,
        ..LoginLimits::default()
    };
    for db in uppsikt_store::testing::TestDb::all().await.unwrap() {
        let server = common::start_with(db, |c| {
            c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
            c.login_limits = limits;
        })
        .await;
        for name in ["okand-1", "okand-2", "okand-3", "okand-4"] {
            assert_eq!(
                attempt(&server, "203.0.113.9", name, "gissning").await.status(),
                StatusCode::UNAUTHORIZED
            );
        }
        let r = attempt(&server, "203.0.113.9", "analytiker", PASSWORD).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(retry_after(&r) > 60);
        assert_eq!(
            attempt(&server, "198.51.100.20", "analytiker", PASSWORD).await.status(),
            StatusCode::SEE_OTHER,
            "a colleague behind the same proxy signs in"
        );

        // The security log tells the operator who failed from where, and what was refused.
        let region = server.login(TestUser::Region25).await.0;
        assert_eq!(
            region
                .get(server.url("/admin/anvandare"))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::FORBIDDEN
        );
        let anonymous = server.client().get(server.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
        let log = std::fs::read_to_string(server.data_dir.path().join(uppsikt_store::layout::SECURITY_LOG)).unwrap();
        assert!(
            !log.contains(PASSWORD) && !log.contains("gissning"),
            "no password in the log"
        );
        let events: Vec<serde_json::Value> = log.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let has = |f: &dyn Fn(&serde_json::Value) -> bool| events.iter().any(f);
        assert!(has(&|e| e["event"] == "sign_in_failed"
            && e["user"] == "okand-1"
            && e["address"] == "203.0.113.9"));
        assert!(has(&|e| e["event"] == "sign_in_throttled"
            && e["scope"] == "address"
            && e["address"] == "203.0.113.9"));
        assert!(has(&|e| e["event"] == "signed_in"
            && e["user"] == "analytiker"
            && e["address"] == "198.51.100.20"));
        assert!(has(&|e| e["event"] == "refused"
            && e["status"] == 403
            && e["user"] == "norrbotten"
            && e["path"] == "/admin/anvandare"));
        assert!(has(&|e| e["event"] == "refused"
            && e["status"] == 401
            && e["path"] == "/api/v1/me"));
        assert!(
            events
                .iter()
                .all(|e| e["at"].as_str().is_some_and(|t| t.ends_with('Z')))
        );
        server.finish().await;
    }

    // Without a trusted proxy the header is the client's own word: ignored.
    for db in uppsikt_store::testing::TestDb::all().await.unwrap() {
        let server = common::start_with(db, |c| c.login_limits = limits).await;
        for (i, name) in ["okand-1", "okand-2", "okand-3", "okand-4"].iter().enumerate() {
            let claimed = format!("203.0.113.{i}");
            attempt(&server, &claimed, name, "gissning").await;
        }
        assert_eq!(
            attempt(&server, "198.51.100.99", "analytiker", PASSWORD).await.status(),
            StatusCode::TOO_MANY_REQUESTS
        );
        server.finish().await;
    }
}
