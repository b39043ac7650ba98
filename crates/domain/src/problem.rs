//! Problems in input files, each with its place: the one type behind every
//! import error (CSV, Excel, the documents of the qualitative follow-up), so
//! that every message names the file, the row or cell, the column and the
//! problem in the same words.

use std::fmt;

use crate::tr;

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The file as a whole (unreadable, empty, a missing column).
    File,
    /// A row of a CSV file (1-based, as an editor shows it: the header is row 1),
    /// and the column, where the problem is in one.
    Row {
        /// The row number.
        row: u64,
        /// The column's heading.
        column: Option<String>,
    },
    /// A cell of a spreadsheet, e.g. `Insatser!D7`.
    Cell(String),
}

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblem {
    /// The file's name as the user gave it.
    pub file: String,
    /// Where in the file.
    pub place: Place,
    /// What is wrong, in Swedish.
    pub problem: String,
}

impl InputProblem {
    /// A problem with the file as a whole.
    pub fn file(file: impl Into<String>, problem: impl Into<String>) -> InputProblem {
        InputProblem {
            file: file.into(),
            place: Place::File,
            problem: problem.into(),
        }
    }

    /// A problem in `column` of `row`.
    pub fn cell(file: impl Into<String>, row: u64, column: Option<&str>, problem: impl Into<String>) -> InputProblem {
        InputProblem {
            file: file.into(),
            place: Place::Row {
                row,
                column: column.map(str::to_string),
            },
            problem: problem.into(),
        }
    }

    /// The row, where the problem is in one.
    pub fn row(&self) -> Option<u64> {
        match self.place {
            Place::Row { row, .. } => Some(row),
            _ => None,
        }
    }

    /// The column, where the problem is in one.
    pub fn column(&self) -> Option<&str> {
        match &self.place {
            Place::Row { column, .. } => column.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = match &self.place {
            Place::File => String::new(),
            Place::Row { row, column: None } => tr!(problem.row, row = row),
            Place::Row {
                row,
                column: Some(column),
            } => tr!(problem.row_column, row = row, column = column),
            Place::Cell(cell) => tr!(problem.cell, cell = cell),
        };
        if place.is_empty() {
            write!(f, "{}: {}", self.file, self.problem)
        } else {
            write!(f, "{}: {place}: {}", self.file, self.problem)
        }
    }
}

/// Every problem found in one input, reported together so that one round of
/// fixes suffices. Nothing of the input has been stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputProblems(pub Vec<InputProblem>);

/// How many problems a message lists before it only counts the rest.
pub const SHOWN_PROBLEMS: usize = 20;

impl fmt::Display for InputProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let heading = tr!(problem.heading, count = self.0.len());
        match self.0.first().map(|p| &p.file) {
            Some(file) if self.0.iter().all(|p| &p.file == file) => writeln!(f, "{file}: {heading}")?,
            _ => writeln!(f, "{heading}")?,
        }
        for p in self.0.iter().take(SHOWN_PROBLEMS) {
            writeln!(f, "  {p}")?;
        }
        if self.0.len() > SHOWN_PROBLEMS {
            writeln!(f, "  {}", tr!(problem.more, count = self.0.len() - SHOWN_PROBLEMS))?;
        }
        Ok(())
    }
}

impl From<InputProblem> for InputProblems {
    fn from(p: InputProblem) -> Self {
        InputProblems(vec![p])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_file_row_column_and_problem() {
        let p = InputProblem::cell("insatser.csv", 3, Some("Kostnad (kr)"), "Beloppet saknas.");
        assert_eq!(
            p.to_string(),
            "insatser.csv: rad 3, kolumn ”Kostnad (kr)”: Beloppet saknas."
        );
        let p = InputProblem {
            file: "mall.xlsx".into(),
            place: Place::Cell("Insatser!D7".into()),
            problem: "Status saknas.".into(),
        };
        assert_eq!(p.to_string(), "mall.xlsx: cell Insatser!D7: Status saknas.");
        assert_eq!(InputProblem::file("a.csv", "Tom.").to_string(), "a.csv: Tom.");
        let all = InputProblems((0..25).map(|i| InputProblem::cell("a.csv", i, None, "x")).collect());
        let text = all.to_string();
        assert!(text.starts_with("a.csv: 25 fel – inget har sparats:"), "{text}");
        assert!(text.contains("och 5 fel till"), "{text}");
    }
}
