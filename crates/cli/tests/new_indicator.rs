//! Adding an indicator takes one file and one line: a definition with its SQL
//! (the `Dummy` below stands for the new file) and its place in the list
//! (`compute_with` stands for the line in `indicators::all()`). Nothing else
//! changes, and the annual report, the web page and the API show it by its
//! Swedish name and unit.
#![cfg(feature = "engine")]

use uppsikt_domain::IndicatorDef;
use uppsikt_engine::indicators::{Indicator, additive};
use uppsikt_engine::schema::Table;
use uppsikt_engine::synth::{SynthFormat, SynthOptions, generate};
use uppsikt_engine::{ComputeOptions, Engine};
use uppsikt_store::indicators::{self, CellSource, IndicatorCell};
use uppsikt_store::reference;
use uppsikt_store::testing::TestDb;
use uppsikt_web::{AppState, ServeConfig};

uppsikt_engine::indicator_def!(DEF {
    id: "telefonbesok",
    name_sv: "Telefonbesök i primärvården",
    description_sv: "Andel av primärvårdens besök som skedde per telefon (testindikator).",
    unit_sv: "procent av besöken",
    scale: Percent,
    direction: Neutral,
    monthly: false,
    source_sv: "Syntetiska registerdata (test)",
});

/// The new indicator's file: its definition and its SQL.
struct Telefonbesok;

impl Indicator for Telefonbesok {
    fn def(&self) -> &'static IndicatorDef {
        &DEF
    }

    fn tables(&self) -> &'static [Table] {
        &[Table::Visits]
    }

    fn sql(&self) -> String {
        additive(
            "",
            "SELECT region, sex, visit_date AS day, CASE WHEN mode = 'telefon' THEN 1 ELSE 0 END AS hit FROM visits",
            false,
        )
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sixth_indicator_reaches_the_report_the_web_and_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("register");
    let synth = SynthOptions {
        scale: 0.002,
        seed: 7,
        out: input.clone(),
        format: SynthFormat::Parquet,
        year: uppsikt_engine::synth::YEAR,
    };
    generate(&synth, &|_| {}).unwrap();
    let opts = ComputeOptions {
        input,
        out: dir.path().join("out.csv"),
        publish: true,
        reject_file: None,
        engine: Engine::Local,
        staging_dir: None,
        years: None,
    };
    let (_, cells) = uppsikt_engine::compute::compute_with(&opts, &[&Telefonbesok], &())
        .await
        .unwrap();
    assert!(cells.iter().all(|c| c.indicator == "telefonbesok") && !cells.is_empty());

    let db = TestDb::sqlite().await.unwrap();
    let store = &db.store;
    reference::load(store).await.unwrap();
    let published: Vec<IndicatorCell> = cells
        .iter()
        .map(|c| {
            IndicatorCell {
                indicator: c.indicator.clone(),
                region: c.region.clone(),
                period: c.period.clone(),
                sex: c.sex.clone(),
                numerator: Some(c.numerator),
                denominator: Some(c.denominator),
                value: c.value().parse().ok(),
                suppressed: c.suppressed,
            }
            .masked()
        })
        .collect();
    let source = CellSource {
        synthetic: true,
        description: "Syntetiska registerdata (test)".into(),
    };
    indicators::releases::publish_computed(store, &source, &[Telefonbesok.def().clone()], &published)
        .await
        .unwrap();

    // The annual report.
    let data = uppsikt_annual_report::assemble(store, 2025).await.unwrap();
    let html = uppsikt_annual_report::html::render(&uppsikt_annual_report::sections::build(&data));
    assert!(
        html.contains("Telefonbesök i primärvården (procent av besöken)"),
        "the report names it"
    );

    // The web page and the API.
    let data_dir = tempfile::tempdir().unwrap();
    let state = AppState::new(store.clone(), ServeConfig::new(data_dir.path().to_path_buf()));
    let (listener, addr) = uppsikt_web::bind("127.0.0.1:0").await.unwrap();
    let server = tokio::spawn(uppsikt_web::serve(listener, state));
    let get = |path: String| async move { reqwest::get(format!("http://{addr}{path}")).await.unwrap() };
    let page = get("/indikatorer?indikator=telefonbesok".into())
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Telefonbesök i primärvården"), "the explorer names it");
    assert!(page.contains("procent av besöken"), "the explorer gives its unit");
    let defs: serde_json::Value = get("/api/v1/indicators/definitions".into()).await.json().await.unwrap();
    let def = defs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "telefonbesok")
        .expect("the API lists it");
    assert_eq!(
        (def["name_sv"].as_str(), def["unit_sv"].as_str()),
        (Some("Telefonbesök i primärvården"), Some("procent av besöken"))
    );
    let api: serde_json::Value = get("/api/v1/indicators?indikator=telefonbesok".into())
        .await
        .json()
        .await
        .unwrap();
    assert!(!api.as_array().unwrap().is_empty(), "the API serves its cells");
    server.abort();
    db.finish().await.unwrap();
}
