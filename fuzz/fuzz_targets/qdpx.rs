//! A REFI-QDA project (.qdpx) of `uppsikt qual import --qdpx`: refused with
//! a message or read, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = uppsikt_qual::qdpx::import("fuzz.qdpx", bytes);
});
