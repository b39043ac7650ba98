//! Fuzzing: every parser of outside input runs under libFuzzer (`fuzz/`,
//! `cargo fuzz`) for a bounded time, starting from the seed corpus kept in
//! `fuzz/corpus/<target>/`: the questionnaire definition, the measures CSV,
//! the survey response CSV, the filled-in report template (.xlsx), Word
//! documents, REFI-QDA projects, the register tables (CSV and Parquet) of the
//! indicator engine, and the JSON and form bodies of every web endpoint that
//! takes one (through the whole application; a 5xx fails). Any panic, an input that takes longer
//! than [`HANG_SECONDS`], or more than [`RSS_LIMIT_MB`] of memory fails the
//! test with libFuzzer's report and the input that did it.
//!
//! Needs `cargo-fuzz` (`.ci/run` installs it); without it the test is
//! ignored, and with `UPPSIKT_REQUIRE_TOOLS` set the build fails instead. The
//! instrumented build goes to its own target directory (`UPPSIKT_FUZZ_TARGET_DIR`,
//! or `~/.cache/uppsikt-fuzz-target`): the outer `cargo test`
//! holds the main one.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::workspace;

/// The fuzz targets (binaries of `fuzz/Cargo.toml`).
const TARGETS: [&str; 8] = [
    "questionnaire",
    "measures_csv",
    "survey_csv",
    "report_xlsx",
    "docx",
    "qdpx",
    "register_input",
    "web_bodies",
];
/// How long each target runs.
const SECONDS: u32 = 10;
/// One input taking longer than this is a hang.
const HANG_SECONDS: u32 = 10;
/// More memory than this is a failure (a zip bomb, say).
const RSS_LIMIT_MB: u32 = 2048;

fn target_dir() -> PathBuf {
    match std::env::var_os("UPPSIKT_FUZZ_TARGET_DIR") {
        Some(dir) => dir.into(),
        None => Path::new(&std::env::var_os("HOME").expect("HOME")).join(".cache/uppsikt-fuzz-target"),
    }
}

/// `cargo fuzz ARGS` in the workspace, on the stable toolchain (cargo fuzz
/// passes `-Z` flags, which `RUSTC_BOOTSTRAP` allows).
fn cargo_fuzz(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO"));
    c.arg("fuzz")
        .args(args)
        .current_dir(workspace())
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS");
    c
}

/// Starts `target` on a scratch copy of its seed corpus (what libFuzzer
/// finds stays out of the repository).
fn start(target: &str, scratch: &Path) -> Child {
    let corpus = scratch.join(target);
    std::fs::create_dir_all(&corpus).unwrap();
    for seed in std::fs::read_dir(workspace().join("fuzz/corpus").join(target)).unwrap() {
        let seed = seed.unwrap().path();
        std::fs::copy(&seed, corpus.join(seed.file_name().unwrap())).unwrap();
    }
    let artifacts = format!("-artifact_prefix={}/", scratch.display());
    cargo_fuzz(&["run", target, corpus.to_str().unwrap(), "--"])
        .args([
            format!("-max_total_time={SECONDS}"),
            format!("-timeout={HANG_SECONDS}"),
            format!("-rss_limit_mb={RSS_LIMIT_MB}"),
            // LeakSanitizer reports glibc's list of per-thread destructors as a
            // leak when a target starts threads (the register reader reads on
            // every core). What the targets look for is panics, hangs and memory.
            "-detect_leaks=0".to_string(),
            "-print_final_stats=1".to_string(),
            artifacts,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cargo fuzz runs")
}

#[test]
#[cfg_attr(not(cargo_fuzz), ignore = "fuzzing skipped: cargo install --locked cargo-fuzz")]
fn every_parser_of_outside_input_survives_the_fuzzer() {
    let built = cargo_fuzz(&["build"]).output().unwrap();
    assert!(
        built.status.success(),
        "cargo fuzz build failed:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let scratch = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    // Two at a time: one per core.
    for pair in TARGETS.chunks(2) {
        let running: Vec<(&str, Child)> = pair.iter().map(|t| (*t, start(t, scratch.path()))).collect();
        for (target, child) in running {
            let out = child.wait_with_output().unwrap();
            let log = String::from_utf8_lossy(&out.stderr);
            let runs = log
                .lines()
                .rev()
                .find_map(|l| l.strip_prefix("stat::number_of_executed_units: "))
                .unwrap_or("?")
                .to_string();
            eprintln!("{target}: {runs} inputs in {SECONDS} s");
            if !out.status.success() {
                failures.push(format!("--- {target} ---\n{log}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "the fuzzer broke a parser:\n{}",
        failures.join("\n")
    );
}
