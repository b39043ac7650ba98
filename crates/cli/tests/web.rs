//! `uppsikt users` and the demo's accounts, run as a user runs them.

mod common;

use common::{stderr, stdout, uppsikt};

#[test]
fn users_are_added_listed_and_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    stdout(&uppsikt(d, &["init"]));
    let out = stdout(&uppsikt(d, &["users", "add", "anna", "--role", "analytiker"]));
    assert!(out.contains("Lösenord (visas bara nu): "), "{out}");
    stdout(&uppsikt(
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
    assert!(stderr(&uppsikt(d, &["users", "add", "nils", "--role", "admin"])).contains("finns redan"));
    assert!(stderr(&uppsikt(d, &["users", "add", "olle", "--role", "region"])).contains("--region"));
    assert!(stderr(&uppsikt(d, &["users", "add", "per", "--role", "kommun"])).contains("är ingen roll"));
    assert!(
        stderr(&uppsikt(
            d,
            &["users", "add", "kort", "--role", "admin", "--password", "kort"]
        ))
        .contains("för kort")
    );
    stdout(&uppsikt(d, &["users", "disable", "anna"]));
    assert!(stderr(&uppsikt(d, &["users", "disable", "ingen"])).contains("Användaren ”ingen” finns inte"));
    let csv = stdout(&uppsikt(d, &["users", "list", "--format", "csv"]));
    assert_eq!(csv.lines().next().unwrap(), "username,role,region,disabled,created_at");
    assert!(
        csv.contains("anna,analyst,,true,") && csv.contains("nils,region,25,false,"),
        "{csv}"
    );
    assert!(!csv.contains("argon2"));
    let token = stdout(&uppsikt(d, &["users", "token", "nils"]));
    assert_eq!(token.trim().len(), 64);
}

#[test]
fn demo_writes_accounts_and_stays_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let first = stdout(&uppsikt(d, &["demo", "--no-serve"]));
    assert!(first.contains("demo-analytiker"), "{first}");
    let csv1 = std::fs::read_to_string(d.join("demo-users.csv")).unwrap();
    // Not a terminal: demo does not start a server without --serve.
    let second = stdout(&uppsikt(d, &["demo"]));
    assert!(second.contains("uppsikt serve"), "{second}");
    let csv2 = std::fs::read_to_string(d.join("demo-users.csv")).unwrap();
    assert_eq!(csv1.lines().count(), 5, "{csv1}");
    assert!(csv1.contains("kommun,kommun,,,") && csv1.contains("/enkat/"), "{csv1}");
    assert_ne!(csv1, csv2, "passwords are reset on every run");
    assert!(csv2.contains("demo-region,region,25,") && csv2.contains("syntetiskt demokonto"));
    let list = stdout(&uppsikt(d, &["users", "list", "--format", "csv"]));
    assert_eq!(list.lines().count(), 4, "{list}");
}
