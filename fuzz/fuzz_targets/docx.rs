//! A Word document (.docx) of `uppsikt qual import`: refused or read, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = uppsikt_qual::docx::text(bytes);
});
