//! Reading CSV with errors that name the file, the row, the column and the problem.

use std::fmt;

use serde::de::DeserializeOwned;

/// A problem in one cell (or row) of an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub file: String,
    /// 1-based line number as an editor shows it (the header is row 1).
    pub row: u64,
    /// Column name, where the problem is in one column.
    pub column: Option<String>,
    pub problem: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(f, "{}: row {}, column '{}': {}", self.file, self.row, c, self.problem),
            None => write!(f, "{}: row {}: {}", self.file, self.row, self.problem),
        }
    }
}

impl std::error::Error for InputError {}

/// All problems found in one file; reported together so one fix round suffices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 10;
        for e in self.0.iter().take(SHOWN) {
            writeln!(f, "{e}")?;
        }
        if self.0.len() > SHOWN {
            writeln!(f, "… and {} more problems", self.0.len() - SHOWN)?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

/// Deserialises every record of `text` into `T`, then checks it with `check`.
/// Collects every problem rather than stopping at the first.
pub fn read_records<T, U>(
    file: &str,
    text: &str,
    mut check: impl FnMut(T, &mut RowCheck) -> Option<U>,
) -> Result<Vec<U>, InputErrors>
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
                errors.push(InputError {
                    file: file.into(),
                    row,
                    column: None,
                    problem: e.to_string(),
                });
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
                let column = match e.kind() {
                    csv::ErrorKind::Deserialize { err, .. } => {
                        err.field().and_then(|i| headers.get(i as usize)).map(str::to_string)
                    }
                    _ => None,
                };
                let problem = match e.kind() {
                    csv::ErrorKind::Deserialize { err, .. } => err.kind().to_string(),
                    _ => e.to_string(),
                };
                errors.push(InputError {
                    file: file.into(),
                    row,
                    column,
                    problem,
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(InputErrors(errors))
    }
}

/// Lets a row check report problems with the file and row filled in.
pub struct RowCheck<'a> {
    file: &'a str,
    row: u64,
    errors: &'a mut Vec<InputError>,
}

impl RowCheck<'_> {
    /// Records a problem in `column` of the current row.
    pub fn fail(&mut self, column: &str, problem: impl Into<String>) {
        self.errors.push(InputError {
            file: self.file.into(),
            row: self.row,
            column: Some(column.into()),
            problem: problem.into(),
        });
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
                c.fail("code", "not allowed");
            }
            Some(r.n)
        })
        .unwrap_err();
        let msgs: Vec<String> = err.0.iter().map(|e| e.to_string()).collect();
        assert_eq!(msgs[0], "t.csv: row 3, column 'n': invalid digit found in string");
        assert_eq!(msgs[1], "t.csv: row 4, column 'code': not allowed");
    }
}
