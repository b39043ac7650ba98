// Shared by the build scripts of the crates whose tests run on PostgreSQL too
// (included with `include!`): sets the `postgres_tests` cfg when the tests are
// built with UPPSIKT_TEST_POSTGRES_URL, so a skipped PostgreSQL part shows in
// cargo's test summary as an ignored test (`uppsikt_store::postgres_backend_test!`).
fn postgres_cfg() {
    println!("cargo::rustc-check-cfg=cfg(postgres_tests)");
    println!("cargo::rerun-if-env-changed=UPPSIKT_TEST_POSTGRES_URL");
    if std::env::var_os("UPPSIKT_TEST_POSTGRES_URL").is_some() {
        println!("cargo::rustc-cfg=postgres_tests");
    }
}
