//! The workspace's dependencies pass `cargo deny` against `deny.toml`:
//! permissive licences only, no OpenSSL, no wildcard versions, crates only
//! from crates.io; and no known advisory where the RustSec database can be
//! had. `.ci/run` installs `cargo-deny`; without it the test is ignored (and
//! with `UPPSIKT_REQUIRE_TOOLS` set the build fails instead).

mod common;

use std::process::Command;

use common::workspace;

fn cargo_deny(args: &[&str]) -> std::process::Output {
    Command::new("cargo-deny")
        .args(args)
        .current_dir(workspace())
        .output()
        .expect("cargo-deny runs")
}

#[test]
#[cfg_attr(
    not(cargo_deny),
    ignore = "supply-chain check skipped: cargo install --locked cargo-deny"
)]
fn dependencies_pass_cargo_deny() {
    // The advisory database lives on GitHub, which this machine may not reach
    // (only the package registries are): then every other check still runs.
    let fetched = cargo_deny(&["fetch", "db"]).status.success();
    let checks: &[&str] = if fetched {
        &["advisories", "bans", "licenses", "sources"]
    } else {
        eprintln!(
            "note: the RustSec advisory database could not be fetched (no network beyond the \
             package registries); advisories are not checked, licences, bans and sources are"
        );
        &["bans", "licenses", "sources"]
    };
    let mut args = vec!["--color", "never", "check"];
    args.extend_from_slice(checks);
    let out = cargo_deny(&args);
    // Findings go to standard error, the summary line to standard output.
    let findings = String::from_utf8_lossy(&out.stderr);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "cargo deny check failed:\n{findings}");
    for check in checks {
        let ok = format!("{check} ok");
        assert!(summary.contains(&ok), "no '{ok}' in: {summary}");
    }
}
