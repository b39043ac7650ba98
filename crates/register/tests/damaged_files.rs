//! Damaged files found by the fuzzer (`fuzz/`, target `register_input`):
//! each is read or refused as a file error, never a panic.

use std::path::Path;

use uppsikt_register::input;
use uppsikt_register::schema::Table;

/// Copies `fixture` into a fresh directory as the table `name`.
fn input_dir(fixture: &str, name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    std::fs::copy(from, dir.path().join(name)).unwrap();
    dir
}

/// A population table written by pyarrow whose embedded Arrow schema
/// (`ARROW:schema`) the fuzzer damaged: decoding that schema panicked inside
/// arrow-ipc. The file is now read from its Parquet schema, whose pages are
/// damaged too: a file error naming the file.
#[test]
fn a_damaged_embedded_arrow_schema_is_a_file_error_not_a_panic() {
    let dir = input_dir("damaged-arrow-schema.parquet", "population.parquet");
    let files = input::discover(dir.path()).unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].table, Table::Population);
    let Err(input::InputError::Files(problems)) = input::load(&files, &|_, _| true, &()) else {
        panic!("a damaged file was read");
    };
    assert_eq!(problems.len(), 1);
    assert!(problems[0].starts_with("population.parquet: "), "{problems:?}");
}

/// A visits table whose metadata gives a column chunk a negative offset:
/// the Parquet decoder asserts on it; the reader reports a damaged file.
#[test]
fn a_negative_column_offset_is_a_damaged_file_not_a_panic() {
    let dir = input_dir("negative-column-offset.parquet", "visits.parquet");
    let files = input::discover(dir.path()).unwrap();
    let Err(input::InputError::Files(problems)) = input::load(&files, &|_, _| true, &()) else {
        panic!("a damaged file was read");
    };
    assert_eq!(
        problems,
        [
            "visits.parquet: filen är skadad: dess Parquet-metadata eller sidor säger något omöjligt. \
          Exportera filen på nytt ur källsystemet."
        ]
    );
}
