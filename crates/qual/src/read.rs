//! Reading the import files of the contract: `documents.csv` with the files
//! it names, the codebook CSV and the codings CSV. Every problem names the
//! file, row and column; all of a file's problems are reported at once.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Component, Path};

use uppsikt_domain::format::csv_restore;
use uppsikt_domain::qual::{Code, Coding, DocKind, check_code_id, check_coder, check_doc_id, is_color, normalize};
use uppsikt_domain::{InputProblem, InputProblems, MunicipalityCode, RegionCode, tr};
use uppsikt_store::qual::DocumentInput;

/// The index file of an import directory.
pub const DOCUMENTS_CSV: &str = "documents.csv";

/// The columns of `documents.csv`, required ones first.
pub const DOCUMENT_COLUMNS: [&str; 9] = [
    "doc_id",
    "file",
    "title",
    "kind",
    "region",
    "municipality",
    "agreement",
    "date",
    "participants",
];
const DOCUMENT_REQUIRED: [&str; 4] = ["doc_id", "file", "title", "kind"];

/// The columns of the codebook CSV.
pub const CODEBOOK_COLUMNS: [&str; 6] = ["code_id", "parent_id", "name", "description", "color", "indicators"];
const CODEBOOK_REQUIRED: [&str; 2] = ["code_id", "name"];

/// The columns of the codings CSV.
pub const CODING_COLUMNS: [&str; 6] = ["doc_id", "start", "end", "code_id", "coder", "memo"];
const CODING_REQUIRED: [&str; 5] = ["doc_id", "start", "end", "code_id", "coder"];

/// A CSV file's rows as maps from column to (restored, untrimmed) value, with
/// the row number (the header is row 1). Unknown and missing columns are problems.
struct Table {
    rows: Vec<(u64, HashMap<String, String>)>,
}

fn table(file: &str, bytes: &[u8], columns: &[&str], required: &[&str]) -> Result<Table, InputProblems> {
    let text = uppsikt_store::csv_input::decode(bytes);
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(_) => {
            return Err(InputProblems(vec![InputProblem::file(
                file,
                tr!(input.unreadable_header),
            )]));
        }
    };
    let mut problems = Vec::new();
    for h in headers.iter() {
        if !columns.contains(&h.trim()) {
            let p = tr!(qual.unknown_column, column = h, known = columns.join(", "));
            problems.push(InputProblem::cell(file, 1, Some(h), p));
        }
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !headers.iter().any(|h| h.trim() == *c))
        .collect();
    if !missing.is_empty() {
        problems.push(InputProblem::cell(
            file,
            1,
            None,
            tr!(qual.missing_columns, columns = missing.join(", ")),
        ));
    }
    if !problems.is_empty() {
        return Err(InputProblems(problems));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let row = r.position().map_or(0, |p| p.line());
                let map = headers
                    .iter()
                    .zip(r.iter())
                    .map(|(h, v)| (h.trim().to_string(), csv_restore(v).to_string()))
                    .collect();
                rows.push((row, map));
            }
            Err(e) => {
                let row = e.position().map_or(0, |p| p.line());
                problems.push(InputProblem::cell(file, row, None, tr!(input.unreadable_row)));
            }
        }
    }
    if problems.is_empty() {
        Ok(Table { rows })
    } else {
        Err(InputProblems(problems))
    }
}

/// A value of one row: trimmed, `None` when empty.
fn value<'a>(row: &'a HashMap<String, String>, column: &str) -> Option<&'a str> {
    row.get(column).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// Reads `DIR/documents.csv` and the files it names into documents, their
/// texts normalised, each with its row.
pub fn documents(dir: &Path) -> Result<Vec<(u64, DocumentInput)>, InputProblems> {
    let index = dir.join(DOCUMENTS_CSV);
    let file = index.display().to_string();
    let bytes = std::fs::read(&index).map_err(|_| {
        InputProblems(vec![InputProblem::file(
            &file,
            tr!(qual.dir_missing, dir = dir.display()),
        )])
    })?;
    let table = table(&file, &bytes, &DOCUMENT_COLUMNS, &DOCUMENT_REQUIRED)?;
    let problems = RefCell::new(Vec::new());
    let mut out = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (row, r) in &table.rows {
        let row = *row;
        let fail = |column: &str, p: String| {
            problems
                .borrow_mut()
                .push(InputProblem::cell(&file, row, Some(column), p))
        };
        let required = |column: &str| -> Option<String> {
            let v = value(r, column).map(str::to_string);
            if v.is_none() {
                fail(column, tr!(qual.required));
            }
            v
        };
        let (doc_id, path, title, kind) = (
            required("doc_id"),
            required("file"),
            required("title"),
            required("kind"),
        );
        if let Some(id) = &doc_id {
            if let Err(e) = check_doc_id(id) {
                fail("doc_id", e.to_string());
            } else if let Some(first) = seen.insert(id.clone(), row) {
                seen.insert(id.clone(), first);
                fail("doc_id", tr!(qual.duplicate_doc, id = id, row = first));
            }
        }
        let kind = kind.and_then(|k| k.parse::<DocKind>().map_err(|e| fail("kind", e.to_string())).ok());
        let mut region =
            value(r, "region").and_then(|c| c.parse::<RegionCode>().map_err(|e| fail("region", e.to_string())).ok());
        let municipality = value(r, "municipality").and_then(|c| {
            c.parse::<MunicipalityCode>()
                .map_err(|e| fail("municipality", e.to_string()))
                .ok()
        });
        if let Some(m) = municipality {
            match region {
                Some(reg) if reg != m.region() => fail(
                    "region",
                    tr!(
                        qual.region_mismatch,
                        municipality = m.as_str(),
                        county = m.region().as_str(),
                        region = reg.as_str()
                    ),
                ),
                _ => region = Some(m.region()),
            }
        }
        let date = value(r, "date").map(str::to_string);
        if let Some(d) = &date
            && !is_date(d)
        {
            fail("date", tr!(qual.bad_date, date = d));
        }
        let text = path.and_then(|p| read_text(dir, &p).map_err(|e| fail("file", e)).ok());
        if let (Some(doc_id), Some(title), Some(kind), Some(text)) = (doc_id, title, kind, text) {
            out.push((
                row,
                DocumentInput {
                    doc_id,
                    title,
                    kind,
                    region,
                    municipality,
                    agreement: value(r, "agreement").map(str::to_string),
                    date,
                    participants: value(r, "participants").map(str::to_string),
                    text,
                    source: None,
                },
            ));
        }
    }
    let problems = problems.into_inner();
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(InputProblems(problems))
    }
}

/// The normalised text of `name` inside `dir`, or the problem in Swedish.
fn read_text(dir: &Path, name: &str) -> Result<String, String> {
    let relative = Path::new(name);
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(tr!(qual.file_outside, file = name));
    }
    let path = dir.join(relative);
    let bytes = std::fs::read(&path).map_err(|_| tr!(qual.file_missing, file = name))?;
    let extension = relative
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let raw = match extension.as_deref() {
        Some("txt" | "md") => String::from_utf8(bytes).map_err(|_| tr!(qual.file_not_utf8, file = name))?,
        Some("docx") => crate::docx::text(&bytes).map_err(|e| tr!(qual.docx_unreadable, file = name, error = e))?,
        _ => return Err(tr!(qual.file_type, file = name)),
    };
    Ok(normalize(&raw))
}

/// Whether `s` is a real calendar date `YYYY-MM-DD`.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| {
        s.get(r)
            .filter(|p| p.bytes().all(|c| c.is_ascii_digit()))?
            .parse::<u32>()
            .ok()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Reads a codebook CSV.
pub fn codebook(file: &str, bytes: &[u8]) -> Result<Vec<(u64, Code)>, InputProblems> {
    let table = table(file, bytes, &CODEBOOK_COLUMNS, &CODEBOOK_REQUIRED)?;
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for (row, r) in &table.rows {
        let mut fail = |column: &str, p: String| problems.push(InputProblem::cell(file, *row, Some(column), p));
        let code_id = value(r, "code_id");
        let name = value(r, "name");
        if code_id.is_none() {
            fail("code_id", tr!(qual.required));
        }
        if name.is_none() {
            fail("name", tr!(qual.required));
        }
        if let Some(Err(e)) = code_id.map(check_code_id) {
            fail("code_id", e.to_string());
        }
        let parent_id = value(r, "parent_id");
        if let Some(Err(e)) = parent_id.map(check_code_id) {
            fail("parent_id", e.to_string());
        }
        let color = value(r, "color");
        if let Some(c) = color
            && !is_color(c)
        {
            fail("color", tr!(qual.bad_color, color = c));
        }
        let indicators: Vec<String> = value(r, "indicators")
            .unwrap_or_default()
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if let (Some(code_id), Some(name)) = (code_id, name) {
            out.push((
                *row,
                Code {
                    code_id: code_id.to_string(),
                    parent_id: parent_id.map(str::to_string),
                    name: name.to_string(),
                    description: value(r, "description").unwrap_or_default().to_string(),
                    color: color.map(|c| c.to_ascii_lowercase()),
                    indicators,
                },
            ));
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(InputProblems(problems))
    }
}

/// Reads a codings CSV.
pub fn codings(file: &str, bytes: &[u8]) -> Result<Vec<(u64, Coding)>, InputProblems> {
    let table = table(file, bytes, &CODING_COLUMNS, &CODING_REQUIRED)?;
    let problems = RefCell::new(Vec::new());
    let mut out = Vec::new();
    for (row, r) in &table.rows {
        let fail = |column: &str, p: String| {
            problems
                .borrow_mut()
                .push(InputProblem::cell(file, *row, Some(column), p))
        };
        let position = |column: &str| -> Option<u32> {
            match value(r, column) {
                None => {
                    fail(column, tr!(qual.required));
                    None
                }
                Some(v) => v.parse::<u32>().ok().or_else(|| {
                    fail(column, tr!(qual.not_a_position, value = v));
                    None
                }),
            }
        };
        let (start, end) = (position("start"), position("end"));
        let text = |column: &str| value(r, column).map(str::to_string);
        let (doc_id, code_id, coder) = (text("doc_id"), text("code_id"), text("coder"));
        for (column, v) in [("doc_id", &doc_id), ("code_id", &code_id), ("coder", &coder)] {
            if v.is_none() {
                fail(column, tr!(qual.required));
            }
        }
        if let Some(Err(e)) = coder.as_deref().map(check_coder) {
            fail("coder", e.to_string());
        }
        if let (Some(doc_id), Some(start), Some(end), Some(code_id), Some(coder)) = (doc_id, start, end, code_id, coder)
        {
            out.push((
                *row,
                Coding {
                    doc_id,
                    start,
                    end,
                    code_id,
                    coder,
                    memo: r.get("memo").map(String::as_str).unwrap_or_default().to_string(),
                },
            ));
        }
    }
    let problems = problems.into_inner();
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(InputProblems(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_date("2019-05-14"));
        assert!(is_date("2020-02-29"));
        assert!(!is_date("2019-02-29"));
        assert!(!is_date("2019-13-01"));
        assert!(!is_date("2019-5-14"));
        assert!(!is_date("14/05/2019"));
    }

    #[test]
    fn codings_name_row_and_column() {
        let csv = "doc_id,start,end,code_id,coder,memo\nd1,0,5,x,anna,\nd1,-1,5,x,Anna,\n";
        let err = codings("k.csv", csv.as_bytes()).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("k.csv: rad 3, kolumn ”start”"), "{text}");
        assert!(text.contains("kolumn ”coder”"), "{text}");
    }

    #[test]
    fn unknown_column_is_named() {
        let err = codebook("c.csv", b"code_id,name,farg\nx,X,\n").unwrap_err();
        assert!(err.to_string().contains("”farg”"), "{err}");
    }
}
