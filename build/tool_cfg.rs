// Shared by the build scripts of crates whose tests run a third-party program
// (included with `include!`): sets `cfg(<cfg>)` when `program` is on PATH, so
// that without it the test shows in cargo's summary as ignored, with the
// reason. With UPPSIKT_REQUIRE_TOOLS set (`.ci/run` sets it) a missing program
// fails the build instead: CI never passes by skipping. Needs `watch.rs`.
fn tool_cfg(program: &str, cfg: &str) {
    println!("cargo::rustc-check-cfg=cfg({cfg})");
    println!("cargo::rerun-if-env-changed=UPPSIKT_REQUIRE_TOOLS");
    let dirs: Vec<std::path::PathBuf> =
        std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    let found = dirs.iter().map(|d| d.join(program)).find(|p| p.is_file());
    match found {
        Some(path) => {
            watch(&path);
            println!("cargo::rustc-cfg={cfg}");
        }
        None => {
            // Look again once it is installed.
            for d in &dirs {
                watch(d);
            }
            if std::env::var_os("UPPSIKT_REQUIRE_TOOLS").is_some() {
                panic!("UPPSIKT_REQUIRE_TOOLS is set, but `{program}` is not on PATH");
            }
        }
    }
}
