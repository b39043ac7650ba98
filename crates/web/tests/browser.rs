//! End-to-end journeys in a real browser: Debian's Chromium driven by
//! playwright-core (crates/web/e2e/journeys.mjs) against the real server,
//! with axe-core accessibility checks. Screenshots go to `target/screenshots/`.
//!
//! Needs `/usr/bin/chromium` and `npm ci` in crates/web/e2e (`.ci/run` does
//! both). Without them the test is ignored, and cargo's summary says so with
//! the reason (the build script sets `browser_tests` when they are there);
//! with `UPPSIKT_REQUIRE_BROWSER` set (`.ci/run` sets it) a missing browser
//! fails the build, never a silent pass.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use uppsikt_store::testing::TestDb;

fn e2e_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e")
}

/// Two years of one indicator for every region and the country, marked
/// synthetic, so the explorer has series to compare.
async fn publish_two_years(store: &uppsikt_store::Store) {
    use uppsikt_store::indicators::{CellSource, IndicatorCell, releases::publish_computed};
    let def = common::indicator_def("vardgaranti_3d", "Medicinsk bedömning inom tre dagar");
    let mut cells = Vec::new();
    for (i, region) in std::iter::once("00".to_string())
        .chain(uppsikt_domain::RegionCode::all().map(|c| c.to_string()))
        .enumerate()
    {
        for (year, base) in [("2019", 70.0), ("2020", 74.0)] {
            cells.push(IndicatorCell {
                indicator: "vardgaranti_3d".into(),
                region: region.clone(),
                period: year.into(),
                sex: "alla".into(),
                numerator: Some(700 + i as i64),
                denominator: Some(1000),
                value: Some(base + i as f64 / 10.0),
                suppressed: false,
            });
        }
    }
    let source = CellSource {
        synthetic: true,
        description: "Syntetiska testdata".into(),
    };
    publish_computed(store, &source, &[def], &cells).await.unwrap();
}

#[tokio::test]
#[cfg_attr(
    not(browser_tests),
    ignore = "browser journeys skipped: install chromium and run npm ci in crates/web/e2e"
)]
async fn browser_journeys_and_accessibility() {
    let server = common::start(TestDb::sqlite().await.unwrap()).await;
    publish_two_years(&server.store).await;
    let token = common::open_survey(&server.store).await;
    let other = common::participant_token(&server.store, "0114").await;
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    let out = tokio::task::spawn_blocking({
        let base = server.base.clone();
        move || {
            Command::new("node")
                .arg("journeys.mjs")
                .current_dir(e2e_dir())
                .env("BASE_URL", base)
                .env("SURVEY_TOKEN", token)
                .env("SURVEY_TOKEN_2", other)
                .env("REGION_USER", common::TestUser::Region25.username().unwrap())
                .env("ANALYST_USER", common::TestUser::Analyst.username().unwrap())
                .env("PASSWORD", common::PASSWORD)
                .env("SCREENSHOT_DIR", shots)
                .output()
                .expect("run node")
        }
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(out.status.success(), "browser journeys failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("all browser journeys passed"));
    server.finish().await;
}
