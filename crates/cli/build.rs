//! Build script: sets the `postgres_tests` cfg (the backup tests also run on
//! PostgreSQL) and the `cargo_deny` cfg (the supply-chain test has `cargo-deny`).

include!("../../build/postgres_cfg.rs");
include!("../../build/tool_cfg.rs");

fn main() {
    postgres_cfg();
    tool_cfg("cargo-deny", "cargo_deny");
}
