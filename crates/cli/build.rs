//! Build script: sets the `postgres_tests` cfg (the backup tests also run on
//! PostgreSQL), the `cargo_deny` cfg (the supply-chain test has `cargo-deny`)
//! and the `cargo_fuzz` cfg (the fuzz test has `cargo-fuzz`).

include!("../../build/postgres_cfg.rs");
include!("../../build/tool_cfg.rs");
include!("../../build/watch.rs");

fn main() {
    postgres_cfg();
    tool_cfg("cargo-deny", "cargo_deny");
    tool_cfg("cargo-fuzz", "cargo_fuzz");
}
