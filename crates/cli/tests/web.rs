//! `uppsikt users` and the demo's accounts, run as a user runs them.

use std::path::Path;
use std::process::{Command, Output};

fn uppsikt(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_uppsikt"))
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--quiet")
        .args(args)
        .env_remove("UPPSIKT_DATABASE_URL")
        .env_remove("UPPSIKT_NEW_PASSWORD")
        .output()
        .expect("run uppsikt")
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn err(o: &Output) -> String {
    assert!(!o.status.success(), "succeeded: {}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn users_are_added_listed_and_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&uppsikt(d, &["init"]));
    let out = ok(&uppsikt(d, &["users", "add", "anna", "--role", "analytiker"]));
    assert!(out.contains("Lösenord (visas bara nu): "), "{out}");
    ok(&uppsikt(
        d,
        &[
            "users",
            "add",
            "nils",
            "--role",
            "region",
            "--region",
            "25",
            "--password",
            "ett-langt-losenord",
        ],
    ));
    assert!(err(&uppsikt(d, &["users", "add", "nils", "--role", "admin"])).contains("already exists"));
    assert!(err(&uppsikt(d, &["users", "add", "olle", "--role", "region"])).contains("--region"));
    assert!(err(&uppsikt(d, &["users", "add", "per", "--role", "kommun"])).contains("not a role"));
    assert!(
        err(&uppsikt(
            d,
            &["users", "add", "kort", "--role", "admin", "--password", "kort"]
        ))
        .contains("too short")
    );
    ok(&uppsikt(d, &["users", "disable", "anna"]));
    assert!(err(&uppsikt(d, &["users", "disable", "ingen"])).contains("no user 'ingen'"));
    let csv = ok(&uppsikt(d, &["users", "list", "--format", "csv"]));
    assert_eq!(csv.lines().next().unwrap(), "username,role,region,disabled,created_at");
    assert!(
        csv.contains("anna,analytiker,,true,") && csv.contains("nils,region,25,false,"),
        "{csv}"
    );
    assert!(!csv.contains("argon2"));
    let token = ok(&uppsikt(d, &["users", "token", "nils"]));
    assert_eq!(token.trim().len(), 64);
}

#[test]
fn demo_writes_accounts_and_stays_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let first = ok(&uppsikt(d, &["demo", "--no-serve"]));
    assert!(first.contains("demo-analytiker"), "{first}");
    let csv1 = std::fs::read_to_string(d.join("demo-users.csv")).unwrap();
    // Not a terminal: demo does not start a server without --serve.
    let second = ok(&uppsikt(d, &["demo"]));
    assert!(second.contains("uppsikt serve"), "{second}");
    let csv2 = std::fs::read_to_string(d.join("demo-users.csv")).unwrap();
    assert_eq!(csv1.lines().count(), 5, "{csv1}");
    assert!(csv1.contains("kommun,kommun,,,") && csv1.contains("/enkat/"), "{csv1}");
    assert_ne!(csv1, csv2, "passwords are reset on every run");
    assert!(csv2.contains("demo-region,region,25,") && csv2.contains("syntetiskt demokonto"));
    let list = ok(&uppsikt(d, &["users", "list", "--format", "csv"]));
    assert_eq!(list.lines().count(), 4, "{list}");
}
