//! The CLI tests' one harness: the real `uppsikt` binary on a temporary data
//! directory, with the environment cleared of variables that would change
//! what it does.
#![allow(dead_code)] // every test binary uses its own part

use std::path::Path;
use std::process::{Command, Output};

/// Runs `uppsikt --data-dir DIR --quiet ARGS…`.
pub fn uppsikt(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_uppsikt"))
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--quiet")
        .args(args)
        .env_remove("UPPSIKT_DATABASE_URL")
        .env_remove("UPPSIKT_ACTOR")
        .env_remove("UPPSIKT_ROLE")
        .env_remove("UPPSIKT_NEW_PASSWORD")
        .output()
        .expect("run uppsikt")
}

/// Standard output of a run that must succeed.
pub fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Standard error of a run that must fail.
pub fn stderr(o: &Output) -> String {
    assert!(
        !o.status.success(),
        "unexpectedly succeeded: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Runs `uppsikt` and returns its standard output; the run must succeed.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = uppsikt(dir, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `args` followed by `who` (e.g. `--as NAME --role ROLE`).
pub fn with<'a>(args: &[&'a str], who: &[&'a str]) -> Vec<&'a str> {
    args.iter().chain(who).copied().collect()
}
