//! What a new user meets (issue #16): page titles and icon, no server paths,
//! no raw codes or ids where a Swedish name belongs, bad parameters said in
//! Swedish, and refusals that say the right thing.

mod common;

use common::TestUser;
use reqwest::StatusCode;
use uppsikt_store::indicators::{self, CellSource, IndicatorCell};

/// The text a reader sees: the page without its tags and attributes.
fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn def() -> uppsikt_domain::IndicatorDef {
    common::indicator_def("aterinskrivning_30d", "Oplanerade återinskrivningar inom 30 dagar")
}

fn cell(region: &str, value: f64) -> IndicatorCell {
    IndicatorCell {
        indicator: "aterinskrivning_30d".into(),
        region: region.into(),
        period: "2019".into(),
        sex: "alla".into(),
        numerator: Some(134),
        denominator: Some(1000),
        value: Some(value),
        suppressed: false,
    }
}

#[tokio::test]
async fn public_pages_show_names_titles_and_no_server_paths() {
    let server = common::start(uppsikt_store::testing::TestDb::sqlite().await.unwrap()).await;
    let source = CellSource {
        synthetic: true,
        description: "Syntetiska registerdata, inte verkliga personer".into(),
    };
    indicators::releases::publish_computed(&server.store, &source, &[def()], &[cell("00", 13.4), cell("01", 12.0)])
        .await
        .unwrap();
    let c = server.client();
    let data_dir = server.data_dir.path().to_string_lossy().to_string();
    for path in [
        "/",
        "/indikatorer",
        "/?karta=indikator-aterinskrivning_30d",
        "/logga-in",
    ] {
        let html = server.text(&c, path).await;
        let text = visible_text(&html);
        assert!(!html.contains("Uppsikt – Uppsikt"), "{path}: doubled title");
        assert!(html.contains("rel=\"icon\""), "{path}: no icon link");
        assert!(!html.contains(&data_dir), "{path}: the data directory leaks");
        assert!(!text.contains("SYNTHETIC"), "{path}: English synthetic note");
        assert!(
            !text.contains("aterinskrivning_30d"),
            "{path}: the indicator's id shows where its name belongs:\n{text}"
        );
    }
    let html = server.text(&c, "/indikatorer").await;
    assert!(html.contains("Oplanerade återinskrivningar inom 30 dagar"));
    assert!(html.contains("procent"), "the unit is shown");
    // The map's legend says what it shows, and its classes do not share bounds.
    let html = server.text(&c, "/?karta=indikator-aterinskrivning_30d").await;
    assert!(
        html.contains("font-weight=\"bold\">Oplanerade"),
        "the legend has a heading"
    );
    assert!(
        html.contains(">över "),
        "classes above the first start above their lower bound"
    );
    // Counts (web booking) have no decimals.
    let html = server.text(&c, "/?karta=webbtidbok").await;
    let legend = &html[html.find("font-weight=\"bold\"").expect("a legend")..];
    assert!(
        !legend[..legend.find("</svg>").unwrap()].contains(",0 –"),
        "counts print as whole numbers"
    );
    let icon = c.get(server.url("/favicon.ico")).send().await.unwrap();
    assert_eq!(icon.status(), StatusCode::OK);
    assert_eq!(icon.headers()["content-type"], "image/svg+xml");
    server.finish().await;
}

#[tokio::test]
async fn bad_explorer_parameters_are_named_in_swedish() {
    let server = common::start(uppsikt_store::testing::TestDb::sqlite().await.unwrap()).await;
    let c = server.client();
    for (query, name) in [
        ("indikator=finnsinte", "indikator"),
        ("period=abc", "period"),
        ("region=99", "region"),
        ("okand=1", "parameter"),
    ] {
        let r = c
            .get(server.url(&format!("/indikatorer?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{query}");
        let text = visible_text(&r.text().await.unwrap());
        assert!(text.contains(name), "{query}: {text}");
        assert!(
            !text.contains("Failed to deserialize") && !text.contains("unknown field"),
            "{query}: axum's English text: {text}"
        );
    }
    server.finish().await;
}

#[tokio::test]
async fn refusals_say_what_happened() {
    let server = common::start(uppsikt_store::testing::TestDb::sqlite().await.unwrap()).await;
    let (region, csrf) = server.login(TestUser::Region25).await;
    // A plain page the role may not see is not about an expired form.
    let r = region.get(server.url("/handelselogg")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let text = r.text().await.unwrap();
    assert!(text.contains("behörighet") && !text.contains("säkerhetskod"), "{text}");
    // A form without its token is.
    let r = server
        .post_form(
            &region,
            "/redovisningar/god-och-nara-vard-2019/25/svar",
            &[("version", "0")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("säkerhetskod"));
    drop(csrf);
    server.finish().await;
}

#[tokio::test]
async fn signed_in_pages_use_names_and_swedish_labels() {
    let server = common::start(uppsikt_store::testing::TestDb::sqlite().await.unwrap()).await;
    let (analyst, _) = server.login(TestUser::Analyst).await;
    for path in [
        "/oversikt",
        "/redovisningar",
        "/handelselogg",
        "/granskning",
        "/overenskommelser",
    ] {
        let html = server.text(&analyst, path).await;
        let text = visible_text(&html);
        for code in [
            "draft",
            "submitted",
            "approved",
            "transcribe",
            "spent-over-received",
            "Region \"25\"",
            "1 inlämnade",
            "tillganglighet",
        ] {
            assert!(!text.contains(code), "{path} shows the code {code:?}:\n{text}");
        }
    }
    server.finish().await;
}

#[tokio::test]
async fn a_report_not_begun_reads_the_same_in_the_list_and_the_editor() {
    let server = common::start(uppsikt_store::testing::TestDb::sqlite().await.unwrap()).await;
    let (region, _) = server.login(TestUser::Region25).await;
    let get = |path: &'static str| {
        let region = region.clone();
        let url = server.url(path);
        async move { visible_text(&region.get(url).send().await.unwrap().text().await.unwrap()) }
    };
    let list = get("/oversikt").await;
    let editor = get("/redovisningar/god-och-nara-vard-2019/25").await;
    assert!(list.contains("ej påbörjad"), "{list}");
    assert!(editor.contains("ej påbörjad") && !editor.contains("utkast"), "{editor}");
    server.finish().await;
}
