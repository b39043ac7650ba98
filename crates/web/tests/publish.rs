//! Generating the annual report from the web and serving it to the public.

mod common;

use common::TestUser;
use reqwest::StatusCode;

#[tokio::test]
async fn an_analyst_publishes_the_report_and_the_public_reads_it() {
    let server = common::start(uppsikt_store::testing::TestDb::sqlite().await.unwrap()).await;
    let c = server.client();
    assert_eq!(
        c.get(server.url("/rapport.html")).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let (region, rcsrf) = server.login(TestUser::Region25).await;
    let r = server
        .post_form(&region, "/rapport", &[("csrf", rcsrf.as_str()), ("year", "2020")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(!server.data_dir.path().join("rapport").exists());
    let (analyst, csrf) = server.login(TestUser::Analyst).await;
    let r = server
        .post_form(&analyst, "/rapport", &[("csrf", csrf.as_str()), ("year", "2020")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = c.get(server.url("/rapport.html")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let csp = r.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("sandbox") && !csp.contains("script-src"), "{csp}");
    let r = c.get(server.url("/rapport.pdf")).send().await.unwrap();
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF"));
    let home = c.get(server.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("href=\"/rapport.pdf\""));
    server.finish().await;
}
