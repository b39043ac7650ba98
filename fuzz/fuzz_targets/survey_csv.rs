//! The survey response CSV of `uppsikt survey import` against the 2019
//! questionnaire and the municipality register: refused with problems or
//! read, never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use uppsikt_domain::MunicipalityCode;
use uppsikt_domain::survey::Questionnaire;

struct Fixture {
    questionnaire: Questionnaire,
    municipalities: Vec<MunicipalityCode>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| Fixture {
        questionnaire: Questionnaire::from_toml(uppsikt_store::survey::BUILTIN[0].1).expect("the 2019 questionnaire"),
        municipalities: uppsikt_store::reference::municipalities()
            .expect("reference municipalities")
            .into_iter()
            .map(|m| m.code)
            .collect(),
    })
}

fuzz_target!(|bytes: &[u8]| {
    let f = fixture();
    let text = uppsikt_store::csv_input::decode(bytes);
    let _ = uppsikt_store::survey::parse_responses(&f.questionnaire, &f.municipalities, "fuzz.csv", &text);
});
