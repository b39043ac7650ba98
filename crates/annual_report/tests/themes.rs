//! The annual report's theme section and the profiles' quotes: the most
//! frequent themes per agreement with quotes from publishable documents only,
//! and in a region's profile a quote next to the theme's indicator.

use uppsikt_annual_report::{assemble, html, sections};
use uppsikt_domain::qual::{Coding, DocKind, normalize};
use uppsikt_store::qual::{DocumentInput, Origin, codings, documents};
use uppsikt_store::testing::TestDb;
use uppsikt_store::{reference, reports, seeds};

uppsikt_store::postgres_backend_test!();

#[tokio::test]
async fn themes_are_illustrated_by_publishable_quotes_only() {
    for db in TestDb::all().await.unwrap() {
        let store = &db.store;
        reference::load(store).await.unwrap();
        seeds::load(store).await.unwrap();
        reports::demo::load(store, "2020-01-01T00:00:00Z").await.unwrap();
        uppsikt_qual::demo::load(store).await.unwrap();
        // An interview note about VGR, coded with the same theme: internal, never printed.
        let secret = "Intervjupersonen sa i förtroende att teamen saknar läkare.";
        let interview = DocumentInput {
            doc_id: "int-vgr-1".into(),
            title: "Intervju VGR".into(),
            kind: DocKind::Interview,
            region: Some("14".parse().unwrap()),
            municipality: None,
            agreement: Some("god-och-nara-vard-2019".into()),
            date: Some("2020-02-01".into()),
            participants: None,
            text: normalize(secret),
            source: None,
        };
        documents::import(store, "t", &[(1, interview)], Origin::Import)
            .await
            .unwrap();
        let coding = Coding {
            doc_id: "int-vgr-1".into(),
            start: 0,
            end: 20,
            code_id: "mobila-team".into(),
            coder: "anna".into(),
            memo: String::new(),
        };
        codings::import(store, "t", &[(1, coding)], false).await.unwrap();
        publish_avoidable_care(store).await;

        let data = assemble(store, 2020).await.unwrap();
        let themes = data.themes.as_ref().expect("coded documents make a theme section");
        let (agreement, rows) = themes
            .groups
            .iter()
            .find(|(a, _)| a.as_deref().is_some_and(|a| a.starts_with("God och nära vård 2019")))
            .expect("the 2019 agreement's themes");
        assert!(agreement.is_some());
        assert!(
            rows.len() <= 5 && rows.windows(2).all(|w| w[0].codings >= w[1].codings),
            "most frequent first"
        );
        let (_, vgr) = themes.by_region.iter().find(|(r, _)| r.as_str() == "14").unwrap();
        let (mobile, quote) = vgr.iter().find(|(r, _)| r.code_id == "mobila-team").unwrap();
        assert_eq!(
            mobile.codings, 1,
            "the interview's coding is not counted: it may not be printed"
        );
        assert!(
            quote.source.as_deref().unwrap().contains("Socialstyrelsen"),
            "a quote keeps its source"
        );
        let html = html::render(&sections::build(&data));
        assert!(html.contains("Teman i den kvalitativa uppföljningen"));
        assert!(html.contains("hemsjukvårdsläkare och närsvårdsteam införts som ordinarie verksamhet"));
        assert!(!html.contains("förtroende"), "an interview note is never quoted");
        // VGR's profile: the quote next to the theme's indicator for the region and the nation.
        let profile = &html[html.find("Västra Götalandsregionen</h").unwrap()..];
        let profile = &profile[..profile.find("Region Värmland").unwrap_or(profile.len())];
        assert!(profile.contains("Teman i regionens dokument"), "{profile}");
        assert!(profile.contains("Mobila team: ”hemsjukvårdsläkare"));
        assert!(
            profile.contains("Undvikbar slutenvård: 12,3 i regionen, 10,1 i riket (2019)."),
            "the theme's indicator next to its quote: {profile}"
        );
        db.finish().await.unwrap();
    }
}

/// One year of the theme's indicator for VGR and the nation (synthetic test cells).
async fn publish_avoidable_care(store: &uppsikt_store::Store) {
    use std::borrow::Cow;
    use uppsikt_domain::indicator::{Arrival, Direction, IndicatorDef, Scale};
    use uppsikt_store::indicators::{CellSource, IndicatorCell, releases::publish_computed};
    let cell = |region: &str, value: f64| IndicatorCell {
        indicator: "undvikbar_slutenvard".into(),
        region: region.into(),
        period: "2019".into(),
        sex: "alla".into(),
        numerator: Some(123),
        denominator: Some(1_000_000),
        value: Some(value),
        suppressed: false,
    };
    let def = IndicatorDef {
        id: Cow::Borrowed("undvikbar_slutenvard"),
        name_sv: Cow::Borrowed("Undvikbar slutenvård"),
        description_sv: Cow::Borrowed("Test."),
        unit_sv: Cow::Borrowed("per 100 000 invånare"),
        scale: Scale::PerHundredThousand,
        direction: Direction::LowerIsBetter,
        monthly: false,
        source_sv: Cow::Borrowed("Test."),
        arrival: Arrival::Register,
    };
    let source = CellSource {
        synthetic: true,
        description: "SYNTHETIC: test cells".into(),
    };
    publish_computed(store, &source, &[def], &[cell("14", 12.3), cell("00", 10.1)])
        .await
        .unwrap();
}
