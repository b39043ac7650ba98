//! The measures CSV of `uppsikt reports import FILE.csv` (either separator,
//! decimal comma, any encoding): refused with problems or read, never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use uppsikt_domain::Agreement;

fn agreement() -> &'static Agreement {
    static A: OnceLock<Agreement> = OnceLock::new();
    A.get_or_init(|| {
        uppsikt_store::reference::agreements()
            .expect("reference agreements")
            .into_iter()
            .find(|a| a.id.as_str() == "god-och-nara-vard-2019")
            .expect("the 2019 agreement")
    })
}

fuzz_target!(|bytes: &[u8]| {
    let text = uppsikt_store::csv_input::decode(bytes);
    let _ = uppsikt_store::reports::import::parse_measures_csv("fuzz.csv", &text, agreement());
});
