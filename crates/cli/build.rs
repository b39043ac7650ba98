//! Build script: sets the `postgres_tests` cfg (the backup tests also run on PostgreSQL).

include!("../../build/postgres_cfg.rs");

fn main() {
    postgres_cfg();
}
