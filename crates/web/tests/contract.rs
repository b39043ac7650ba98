//! The API against its own contract: Schemathesis (PyPI) reads
//! `/api/openapi.json` from the real server over the demo reports and
//! documents, generates requests for every operation (examples, boundary
//! values, random and invalid data, and stateful sequences along the
//! document's links) and checks every answer: no 5xx, the status, content
//! type, headers and body the document declares, invalid data refused,
//! authentication not ignored. It runs anonymously, as an analyst and as a
//! region user, each with a bounded number of examples and a fixed seed.
//!
//! `.ci/run` installs Schemathesis; without it the test is ignored (and with
//! `UPPSIKT_REQUIRE_TOOLS` set the build fails instead).

mod common;

use std::process::Command;

use common::TestUser;
use uppsikt_store::testing::TestDb;

/// Examples per operation and phase: enough to find the classes of fault,
/// bounded so that the three runs take two or three minutes.
const MAX_EXAMPLES: &str = "25";

/// Runs Schemathesis against `base` with `extra` arguments; returns whether
/// it passed and what it printed.
fn schemathesis(base: &str, report_dir: &std::path::Path, extra: &[&str]) -> (bool, String) {
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/schemathesis.toml");
    let out = Command::new("schemathesis")
        .args(["--config-file", config, "run"])
        .arg(format!("{base}/api/openapi.json"))
        .args(["--url", base])
        .args(["--checks", "all"])
        .args(["--max-examples", MAX_EXAMPLES])
        .args(["--seed", "20261201"])
        // One worker: with two, Schemathesis generates in two threads, and
        // CPython 3.11's AST constructor keeps its recursion depth in state
        // the threads share (python/cpython#106905); Hypothesis parses lambda
        // sources while describing strategies, and the two threads then
        // trip "AST constructor recursion depth mismatch" now and then, an
        // error of the tool, not of the API.
        .args(["--workers", "1"])
        .args(["--wait-for-schema", "30"])
        .args(["--request-timeout", "30"])
        .args(["--output-truncate", "false"])
        .arg("--report-dir")
        .arg(report_dir)
        .args(["--report", "junit"])
        .args(extra)
        .env("NO_COLOR", "1")
        // Schemathesis keeps a cache where it runs: not in the source tree.
        .current_dir(report_dir.parent().unwrap_or(report_dir))
        .output()
        .expect("schemathesis runs");
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    not(schemathesis),
    ignore = "API contract test skipped: python3 -m pip install schemathesis"
)]
async fn the_api_holds_its_own_contract_for_every_caller() {
    let server = common::start(TestDb::sqlite().await.unwrap()).await;
    let reports = tempfile::tempdir().unwrap();
    let base = server.base.clone();
    let mut failures = Vec::new();
    for who in [TestUser::Public, TestUser::Analyst, TestUser::Region25] {
        let header = server.tokens.get(&who).map(|t| format!("Authorization: Bearer {t}"));
        let mut extra: Vec<String> = Vec::new();
        if let Some(h) = &header {
            extra.extend(["--header".to_string(), h.clone()]);
            // Revoking tokens would revoke the very token the run signs in
            // with; `tokens_expire_can_be_revoked_and_are_not_revived` covers it.
            extra.extend(["--exclude-path".to_string(), "/api/v1/tokens/revoke".to_string()]);
        }
        let dir = reports.path().join(format!("{who:?}"));
        let base = base.clone();
        let (passed, text) = tokio::task::spawn_blocking(move || {
            let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
            schemathesis(&base, &dir, &extra)
        })
        .await
        .unwrap();
        eprintln!("--- Schemathesis as {who:?} ---\n{text}");
        if !passed {
            failures.push(format!("{who:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "Schemathesis found faults as {failures:?} (see the output above)"
    );
    server.finish().await;
}
