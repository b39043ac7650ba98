//! Reading CSV with errors that name the file, the row, the column and the
//! problem ([`InputProblem`]), every problem of a file at once.

use std::fmt;

use serde::de::DeserializeOwned;
use uppsikt_domain::{InputProblem, InputProblems, tr};

/// Text of a CSV file as a person saved it: UTF-8 with or without a BOM, or,
/// when it is not valid UTF-8, Windows-1252 (what Swedish Excel writes for
/// "CSV (semikolonavgränsad)"), decoded by the WHATWG rules of encoding_rs so
/// that every byte maps to the character Excel meant.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// A deserialisation error in one cell, in Swedish.
fn cell_problem(kind: &csv::DeserializeErrorKind, value: &str) -> String {
    use csv::DeserializeErrorKind as K;
    match kind {
        K::ParseInt(_) => tr!(input.not_an_integer, value = value),
        K::ParseFloat(_) => tr!(input.not_a_number, value = value),
        K::ParseBool(_) => tr!(input.not_a_boolean, value = value),
        K::InvalidUtf8(_) => tr!(input.not_utf8),
        K::UnexpectedEndOfRow => tr!(input.too_few_fields),
        K::Message(m) if m.starts_with("missing field") => tr!(input.missing_column),
        K::Message(_) | K::Unsupported(_) => tr!(input.unreadable_value, value = value),
    }
}

/// Deserialises every record of `text` into `T`, then checks it with `check`.
/// Collects every problem rather than stopping at the first.
pub fn read_records<T, U>(
    file: &str,
    text: &str,
    mut check: impl FnMut(T, &mut RowCheck) -> Option<U>,
) -> Result<Vec<U>, InputProblems>
where
    T: DeserializeOwned,
{
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader.headers().cloned().unwrap_or_default();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let row = e.position().map(|p| p.line()).unwrap_or(0);
                errors.push(InputProblem::cell(file, row, None, tr!(input.unreadable_row)));
                continue;
            }
        };
        let row = record.position().map(|p| p.line()).unwrap_or(0);
        match record.deserialize::<T>(Some(&headers)) {
            Ok(value) => {
                let mut rc = RowCheck {
                    file,
                    row,
                    errors: &mut errors,
                };
                if let Some(u) = check(value, &mut rc) {
                    out.push(u);
                }
            }
            Err(e) => {
                let (column, problem) = match e.kind() {
                    csv::ErrorKind::Deserialize { err, .. } => {
                        let i = err.field().map(|i| i as usize);
                        let value = i.and_then(|i| record.get(i)).unwrap_or("");
                        (i.and_then(|i| headers.get(i)), cell_problem(err.kind(), value))
                    }
                    _ => (None, tr!(input.unreadable_row)),
                };
                errors.push(InputProblem::cell(file, row, column, problem));
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(InputProblems(errors))
    }
}

/// Lets a row check report problems with the file and row filled in.
pub struct RowCheck<'a> {
    file: &'a str,
    row: u64,
    errors: &'a mut Vec<InputProblem>,
}

impl RowCheck<'_> {
    /// Records a problem in `column` of the current row.
    pub fn fail(&mut self, column: &str, problem: impl Into<String>) {
        self.errors
            .push(InputProblem::cell(self.file, self.row, Some(column), problem));
    }

    /// Parses `value` with `FromStr`, recording the error under `column`.
    pub fn parse<V: std::str::FromStr>(&mut self, column: &str, value: &str) -> Option<V>
    where
        V::Err: fmt::Display,
    {
        match value.parse::<V>() {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(column, e.to_string());
                None
            }
        }
    }

    /// How many problems the file has so far (to tell whether a row added one).
    pub fn problems(&self) -> usize {
        self.errors.len()
    }

    /// The current row (1-based, the header is row 1).
    pub fn row(&self) -> u64 {
        self.row
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct R {
        code: String,
        n: i64,
    }

    #[test]
    fn names_file_row_and_column() {
        let text = "code,n\n01,1\n02,x\n03,3\n";
        let err = read_records::<R, _>("t.csv", text, |r, c| {
            if r.code == "03" {
                c.fail("code", "Inte tillåten.");
            }
            Some(r.n)
        })
        .unwrap_err();
        let msgs: Vec<String> = err.0.iter().map(|e| e.to_string()).collect();
        assert_eq!(msgs[0], "t.csv: rad 3, kolumn ”n”: ”x” är inget heltal.");
        assert_eq!(msgs[1], "t.csv: rad 4, kolumn ”code”: Inte tillåten.");
    }

    #[test]
    fn decodes_every_windows_1252_byte_as_excel_meant_it() {
        // 0x80–0x9F are where Windows-1252 differs from Latin-1: each is a
        // printable character (or, for the five unused bytes, passes through).
        let bytes: Vec<u8> = (0x80u8..=0x9f).collect();
        let text = decode(&bytes);
        let expected = "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8d}Ž\u{8f}\u{90}‘’“”•–—˜™š›œ\u{9d}žŸ";
        assert_eq!(text, expected);
        assert_eq!(decode(b"\xE5\xE4\xF6 \x94citat\x94"), "åäö ”citat”");
        assert_eq!(decode("åäö".as_bytes()), "åäö");
        assert_eq!(decode(b"\xEF\xBB\xBFa"), "a");
    }
}
