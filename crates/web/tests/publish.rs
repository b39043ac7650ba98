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
    // Publishing needs a preview first.
    let r = server
        .post_form(
            &analyst,
            "/rapport/publicera",
            &[("csrf", csrf.as_str()), ("year", "2020")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("ingen förhandsvisning"));
    // A preview is for the agency only and publishes nothing.
    let r = server
        .post_form(&analyst, "/rapport", &[("csrf", csrf.as_str()), ("year", "2020")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/rapport?ar=2020&klart=forhandsvisning");
    let page = server.text(&analyst, "/rapport?ar=2020").await;
    assert!(page.contains("id=\"publish-report\"") && page.contains("data-confirm=\"Publicera rapporten för 2020?"));
    let preview = server.url("/rapport/forhandsvisning/2020.html");
    assert_eq!(analyst.get(&preview).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(c.get(&preview).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        region.get(&preview).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        c.get(server.url("/rapport.html")).send().await.unwrap().status(),
        StatusCode::NOT_FOUND,
        "a preview is not published"
    );
    // A region cannot publish it.
    let r = server
        .post_form(
            &region,
            "/rapport/publicera",
            &[("csrf", rcsrf.as_str()), ("year", "2020")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = server
        .post_form(
            &analyst,
            "/rapport/publicera",
            &[("csrf", csrf.as_str()), ("year", "2020")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = server.text(&analyst, "/rapport?ar=2020").await;
    assert!(
        page.contains("Startsidan visar rapporten för 2020"),
        "the live year is shown"
    );
    // Published by year as well as at the start page's address.
    let r = c.get(server.url("/rapport/2020.pdf")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(
        c.get(server.url("/rapport/2019.pdf")).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let r = c.get(server.url("/rapport.html")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let csp = r.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("sandbox") && !csp.contains("script-src"), "{csp}");
    let r = c.get(server.url("/rapport.pdf")).send().await.unwrap();
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF"));
    let home = server.text(&c, "/").await;
    assert!(home.contains("href=\"/rapport.pdf\""));
    server.finish().await;
}
