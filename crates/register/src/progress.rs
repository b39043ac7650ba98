//! What a long run tells whoever shows its progress: the CLI draws a bar per
//! table with indicatif; tests and embedders pass a closure that takes the
//! steps, or `&()` for nothing.

/// Receives a run's progress. The tables are read on several threads at
/// once, so it is `Sync`; every method but [`Progress::step`] may be ignored.
pub trait Progress: Sync {
    /// A step begins; `message` says which, in Swedish.
    fn step(&self, message: &str);
    /// Reading `file` begins; `rows` is its number of records when the file
    /// records it (Parquet), `None` otherwise (CSV).
    fn reading(&self, _file: &str, _rows: Option<u64>) {}
    /// `rows` more records of `file` were read and checked.
    fn read(&self, _file: &str, _rows: u64) {}
}

/// A closure takes the steps.
impl<F: Fn(&str) + Sync> Progress for F {
    fn step(&self, message: &str) {
        self(message)
    }
}

/// Nothing is shown.
impl Progress for () {
    fn step(&self, _message: &str) {}
}
