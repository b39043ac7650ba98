//! End-to-end journeys in a real browser: Debian's Chromium driven by
//! playwright-core (crates/web/e2e/journeys.mjs) against the real server,
//! with axe-core accessibility checks. Screenshots go to `target/screenshots/`.
//!
//! Needs `/usr/bin/chromium` and `npm ci` in crates/web/e2e (`.ci/run` does
//! both). Without them the test is skipped with a note, except when `CI` or
//! `UPPSIKT_REQUIRE_BROWSER` is set (`.ci/run` sets it): there a missing
//! browser is a failure, never a silent pass.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use uppsikt_store::testing::TestDb;

fn e2e_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e")
}

/// Whether the browser and the npm packages are there; fails under CI when not.
fn browser_available() -> bool {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let missing: Vec<String> = [
        (
            Path::new(&chromium).exists(),
            format!("{chromium} (apt-get install chromium)"),
        ),
        (
            e2e_dir().join("node_modules/playwright-core").exists(),
            "crates/web/e2e/node_modules (npm ci in crates/web/e2e)".to_string(),
        ),
        (
            Command::new("node")
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success()),
            "node".to_string(),
        ),
    ]
    .into_iter()
    .filter(|(ok, _)| !ok)
    .map(|(_, what)| what)
    .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none() && std::env::var_os("UPPSIKT_REQUIRE_BROWSER").is_none(),
        "browser tests cannot run in CI, missing: {}",
        missing.join(", ")
    );
    eprintln!("note: browser journeys skipped, missing: {}", missing.join(", "));
    false
}

#[tokio::test]
async fn browser_journeys_and_accessibility() {
    if !browser_available() {
        return;
    }
    let server = common::start(TestDb::sqlite().await.unwrap()).await;
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
                .env("REGION_USER", common::Caller::Region25.username().unwrap())
                .env("ANALYST_USER", common::Caller::Analytiker.username().unwrap())
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
