//! Build script: sets the `postgres_tests` cfg (tests also run on PostgreSQL),
//! the `browser_tests` cfg (Chromium and the e2e packages are installed) and
//! the `schemathesis` cfg (the API contract test has Schemathesis).

include!("../../build/postgres_cfg.rs");
include!("../../build/tool_cfg.rs");
include!("../../build/watch.rs");

/// Sets the `browser_tests` cfg when Chromium and the e2e packages are
/// installed, so that without them the browser test shows in cargo's summary
/// as ignored, with the reason. With `UPPSIKT_REQUIRE_BROWSER` set (`.ci/run`
/// sets it) a missing browser fails the build instead.
fn browser_cfg() {
    println!("cargo::rustc-check-cfg=cfg(browser_tests)");
    println!("cargo::rerun-if-env-changed=CHROMIUM");
    println!("cargo::rerun-if-env-changed=UPPSIKT_REQUIRE_BROWSER");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let playwright = "e2e/node_modules/playwright-core/package.json";
    watch(std::path::Path::new(&chromium));
    watch(std::path::Path::new(playwright));
    let present = std::path::Path::new(&chromium).exists() && std::path::Path::new(playwright).exists();
    if present {
        println!("cargo::rustc-cfg=browser_tests");
    } else if std::env::var_os("UPPSIKT_REQUIRE_BROWSER").is_some() {
        panic!("UPPSIKT_REQUIRE_BROWSER is set, but {chromium} or crates/web/{playwright} is missing");
    }
}

fn main() {
    postgres_cfg();
    browser_cfg();
    tool_cfg("schemathesis", "schemathesis");
}
