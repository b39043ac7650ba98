// Shared by the build scripts (included with `include!`): asks cargo to run
// the script again when `path` changes, or, while it does not exist, when its
// nearest existing ancestor does. Cargo treats a missing watched path as
// always changed, which would rebuild the crate on every build.
fn watch(path: &std::path::Path) {
    let existing = path.ancestors().find(|p| !p.as_os_str().is_empty() && p.exists());
    if let Some(p) = existing {
        println!("cargo::rerun-if-changed={}", p.display());
    }
}
