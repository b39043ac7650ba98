//! A questionnaire definition (TOML), as `uppsikt survey install` reads it:
//! any text is refused with a message or read, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = uppsikt_domain::survey::Questionnaire::from_toml(text);
});
