//! A filled-in report template (.xlsx) as `uppsikt reports import` reads it:
//! any bytes (a broken zip, a zip bomb, a workbook of another shape) are
//! refused with problems or read, never a panic.
#![no_main]

use std::io::Write;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use uppsikt_domain::Agreement;

fn agreements() -> &'static [Agreement] {
    static A: OnceLock<Vec<Agreement>> = OnceLock::new();
    A.get_or_init(|| uppsikt_store::reference::agreements().expect("reference agreements"))
}

fuzz_target!(|bytes: &[u8]| {
    let mut file = tempfile::Builder::new()
        .suffix(".xlsx")
        .tempfile()
        .expect("a temporary file");
    file.write_all(bytes).expect("written");
    let _ = uppsikt_store::reports::import::read_template(file.path(), agreements());
});
