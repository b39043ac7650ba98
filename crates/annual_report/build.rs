include!("../../build/postgres_cfg.rs");

fn main() {
    postgres_cfg();
}
