//! Build script: sets the `postgres_tests` cfg (the backup tests also run on
//! PostgreSQL), the `cargo_deny` cfg (the supply-chain test has `cargo-deny`)
//! and the `cargo_fuzz` cfg (the fuzz test has `cargo-fuzz`).

include!("../../build/postgres_cfg.rs");
include!("../../build/tool_cfg.rs");
include!("../../build/watch.rs");

fn main() {
    release_link_args();
    postgres_cfg();
    tool_cfg("cargo-deny", "cargo_deny");
    tool_cfg("cargo-fuzz", "cargo_fuzz");
}

/// Shrinks the release binary at link time (BENCHMARKS.md, "Build"). lld folds identical functions: Rust gives function addresses no
/// meaning, so folding them is sound. Where the C library loading the binary
/// can read packed relative relocations (RELR, glibc 2.36 and later), the
/// position-independent binary carries them packed: 8 MB less. Debug builds
/// skip both, to link fast.
fn release_link_args() {
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    if env("PROFILE") != "release" || env("CARGO_CFG_TARGET_OS") != "linux" {
        return;
    }
    println!("cargo::rustc-link-arg-bins=-Wl,--icf=all");
    let native = env("HOST") == env("TARGET");
    if native && env("CARGO_CFG_TARGET_ENV") == "gnu" && glibc_at_least(2, 36) {
        println!("cargo::rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether this machine's glibc (`getconf GNU_LIBC_VERSION`: `glibc 2.36`) is
/// at least `major.minor`; false when it cannot tell.
fn glibc_at_least(major: u32, minor: u32) -> bool {
    let Ok(out) = std::process::Command::new("getconf").arg("GNU_LIBC_VERSION").output() else {
        return false;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text
        .trim()
        .trim_start_matches("glibc ")
        .split('.')
        .map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(a), Some(b)) => (a, b) >= (major, minor),
        _ => false,
    }
}
