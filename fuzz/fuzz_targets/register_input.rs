//! One register table (`shared/spec/register-data.md`) as `uppsikt indicators
//! compute` reads it: the first byte picks the table and the format (CSV or
//! Parquet), the rest is the file. Every record is kept or rejected with its
//! row and a reason, or the file is refused; never a panic.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use uppsikt_register::input::{self, Format};
use uppsikt_register::schema::Table;

/// One directory for every run: libFuzzer runs the inputs one at a time.
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temporary directory").keep())
}

fuzz_target!(|bytes: &[u8]| {
    // libFuzzer's hook aborts on any panic, even one the reader contains:
    // the Parquet decoder asserts on some damaged files, and the reader turns
    // that into a file error (`read.rs`, `contained`). A panic that escapes
    // to here still aborts (libfuzzer-sys aborts after an unwinding panic).
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let Some((&pick, content)) = bytes.split_first() else { return };
    let table = Table::ALL[usize::from(pick) % Table::ALL.len()];
    let format = if (pick / 4) % 2 == 0 { Format::Csv } else { Format::Parquet };
    let dir = dir();
    for entry in std::fs::read_dir(dir).expect("the directory") {
        std::fs::remove_file(entry.expect("an entry").path()).expect("removed");
    }
    let ext = match format {
        Format::Csv => "csv",
        Format::Parquet => "parquet",
    };
    std::fs::write(dir.join(format!("{}.{ext}", table.name())), content).expect("written");
    let files = input::discover(dir).expect("one file, found");
    let Ok(loaded) = input::load(&files, &|_, _| true, &()) else { return };
    let first_row = match format {
        Format::Csv => 2,
        Format::Parquet => 1,
    };
    for r in &loaded.rejected {
        assert!(r.row >= first_row, "row {} of a rejected record", r.row);
        assert!(!r.reasons.is_empty(), "a record rejected without a reason");
    }
    assert!(loaded.rejected.windows(2).all(|w| w[0].row <= w[1].row), "rejected rows out of order");
});
