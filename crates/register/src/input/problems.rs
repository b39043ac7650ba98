//! Problems found in input rows, reported as the contract asks: file, row
//! number and problem, the first few and then a count.

use std::fmt;

use uppsikt_domain::tr;

/// One rejected row: where it is and every reason it was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// File name as found in the input directory, e.g. `contacts.csv`.
    pub file: String,
    /// CSV: the line number as an editor shows it (the header is row 1).
    /// Parquet: the 1-based record number.
    pub row: u64,
    /// Problems of this row, e.g. `column 'sex': unknown value 'X' (expected K or M)`.
    pub reasons: Vec<String>,
}

impl Rejected {
    /// All reasons in one line.
    pub fn reason(&self) -> String {
        self.reasons.join("; ")
    }
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.file,
            tr!(problem.row, row = self.row),
            self.reason()
        )
    }
}

/// How many problems an error message shows before it only counts the rest.
pub const SHOWN_PROBLEMS: usize = 10;

/// The input breaks the contract: the run stops and writes no output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// Problems with whole files (missing directory, missing column, unreadable file).
    Files(Vec<String>),
    /// Rows that break the contract, in file and row order.
    Rows(Vec<Rejected>),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Files(problems) => {
                writeln!(f, "{}", tr!(engine.contract_files))?;
                for p in problems {
                    writeln!(f, "  {p}")?;
                }
                Ok(())
            }
            InputError::Rows(rows) => {
                let n_reasons: usize = rows.iter().map(|r| r.reasons.len()).sum();
                writeln!(
                    f,
                    "{}",
                    tr!(engine.contract_rows, rows = rows.len(), problems = n_reasons)
                )?;
                for r in rows.iter().take(SHOWN_PROBLEMS) {
                    writeln!(f, "  {r}")?;
                }
                if rows.len() > SHOWN_PROBLEMS {
                    writeln!(f, "  {}", tr!(engine.more_rows, count = rows.len() - SHOWN_PROBLEMS))?;
                }
                write!(f, "{}", tr!(engine.fix_rows))
            }
        }
    }
}

impl std::error::Error for InputError {}

/// Writes rejected rows as CSV `file,row,reason`.
pub fn write_rejects(w: impl std::io::Write, rows: &[Rejected]) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(["file", "row", "reason"])?;
    for r in rows {
        out.write_record([r.file.as_str(), &r.row.to_string(), &r.reason()])?;
    }
    out.flush()?;
    Ok(())
}
