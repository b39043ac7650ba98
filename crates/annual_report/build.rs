//! Build script: sets the `postgres_tests` cfg when the tests also run on
//! PostgreSQL (see `build/postgres_cfg.rs`).

include!("../../build/postgres_cfg.rs");

fn main() {
    postgres_cfg();
}
