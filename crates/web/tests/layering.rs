//! The API does not import the pages (ARCHITECTURE.md, `crates/web`): what
//! both need lives in a module of its own (`access`, `accounts`,
//! `indicator_filter`, `qual_access`), so a page can change its markup
//! without touching an API contract.

use std::path::Path;

#[test]
fn the_api_does_not_import_the_pages() {
    let api = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
    let mut read = 0;
    for entry in std::fs::read_dir(&api).expect("src/api") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("a source file");
            assert!(!text.contains("crate::pages"), "{} imports the pages", path.display());
            read += 1;
        }
    }
    assert!(read > 5, "read only {read} files of src/api");
}
