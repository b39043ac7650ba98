//! Reading a filled-in template (.xlsx) or a measures CSV, all or nothing:
//! every problem is collected with its place (`Insatser!D7`, or file, row and
//! column for CSV) before anything is stored, and nothing is stored unless
//! the whole file is valid.

use std::path::Path;

use calamine::{Data, Range, Reader, open_workbook_auto};
use uppsikt_domain::measure::{AmountInput, Measure, MeasureField, MeasureInput};
use uppsikt_domain::report::{Question, ReportContent};
use uppsikt_domain::{Agreement, InputProblem, InputProblems, Place, RegionCode, tr};
use uppsikt_files::unzip;

use super::template::{AGREEMENT_CELL, REGION_CELL, SHEET_INSTRUCTIONS, SHEET_MEASURES, SHEET_QUESTIONS};
use crate::csv_input::decode;

/// The contents of a filled-in template.
#[derive(Debug, Clone)]
pub struct ParsedTemplate {
    /// The agreement the file names.
    pub agreement: Agreement,
    /// The region the file names.
    pub region: RegionCode,
    /// Its answers and measures.
    pub content: ReportContent,
}

/// Column letters of a 0-based column index: 0 → A, 26 → AA.
pub fn column_name(mut c: u16) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ascii")
}

/// `Sheet!A1` for a 0-based row and column.
pub fn cell_ref(sheet: &str, row: u32, col: u16) -> String {
    format!("{sheet}!{}{}", column_name(col), row + 1)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A cell's text; numbers as Excel shows them without trailing `.0`.
fn text(cell: Option<&Data>) -> Result<String, String> {
    match cell {
        None | Some(Data::Empty) => Ok(String::new()),
        Some(Data::String(s)) => Ok(s.trim().to_string()),
        Some(Data::Int(i)) => Ok(i.to_string()),
        Some(Data::Float(f)) if f.fract() == 0.0 && f.abs() < 1e15 => Ok(format!("{}", *f as i64)),
        Some(Data::Float(f)) => Ok(f.to_string()),
        Some(Data::Bool(b)) => Ok(if *b { "SANT" } else { "FALSKT" }.into()),
        Some(Data::Error(e)) => Err(tr!(input.excel_error, error = e)),
        Some(other) => Ok(other.to_string()),
    }
}

fn amount(cell: Option<&Data>) -> Result<AmountInput, String> {
    match cell {
        Some(Data::Float(f)) => Ok(AmountInput::Number(*f)),
        Some(Data::Int(i)) => Ok(AmountInput::Number(*i as f64)),
        other => Ok(AmountInput::Text(text(other)?)),
    }
}

/// Reads a filled-in template. `agreements` are the known agreements; the
/// file names its own in `Instruktioner!B3`.
pub fn read_template(path: &Path, agreements: &[Agreement]) -> Result<ParsedTemplate, InputProblems> {
    let file = file_name(path);
    let at = |cell: String, problem: String| InputProblem {
        file: file.clone(),
        place: Place::Cell(cell),
        problem,
    };
    let fail = |problem: String| InputProblems(vec![InputProblem::file(file.clone(), problem)]);
    // Unpacked once within the bound before calamine unpacks it for real.
    let zip = std::fs::File::open(path).map_err(|_| fail(tr!(input.not_xlsx)))?;
    match unzip::check_unpacked_size(std::io::BufReader::new(zip), unzip::MAX_UNPACKED_BYTES) {
        Ok(()) => {}
        Err(unzip::UnzipError::TooLarge { limit }) => {
            return Err(fail(tr!(input.xlsx_too_large, mb = limit >> 20)));
        }
        Err(_) => return Err(fail(tr!(input.not_xlsx))),
    }
    let mut wb = open_workbook_auto(path).map_err(|_| fail(tr!(input.not_xlsx)))?;
    let mut sheet = |name: &str| -> Result<Range<Data>, InputProblems> {
        if !wb.sheet_names().iter().any(|s| s == name) {
            return Err(fail(tr!(input.sheet_missing, sheet = name)));
        }
        wb.worksheet_range(name)
            .map_err(|e| fail(tr!(input.sheet_unreadable, sheet = name, error = e)))
    };
    let instructions = sheet(SHEET_INSTRUCTIONS)?;
    let questions = sheet(SHEET_QUESTIONS)?;
    let measures = sheet(SHEET_MEASURES)?;

    let mut errors = Vec::new();
    let mut err = |place: String, problem: String| errors.push(at(place, problem));

    let a_ref = cell_ref(SHEET_INSTRUCTIONS, AGREEMENT_CELL.0, AGREEMENT_CELL.1);
    let a_text = text(instructions.get_value((AGREEMENT_CELL.0, AGREEMENT_CELL.1 as u32))).unwrap_or_default();
    let agreement = agreements.iter().find(|a| a.id.as_str() == a_text).cloned();
    if agreement.is_none() {
        return Err(at(a_ref, tr!(input.unknown_agreement_in_template, agreement = a_text)).into());
    }
    let agreement = agreement.expect("checked");
    let r_ref = cell_ref(SHEET_INSTRUCTIONS, REGION_CELL.0, REGION_CELL.1);
    let r_text = text(instructions.get_value((REGION_CELL.0, REGION_CELL.1 as u32))).unwrap_or_default();
    let region = match r_text.parse::<RegionCode>() {
        Ok(r) => Some(r),
        Err(_) => {
            err(r_ref, tr!(input.bad_region_in_template, region = r_text));
            None
        }
    };

    let mut content = ReportContent::default();
    for (i, q) in Question::ALL.iter().enumerate() {
        let row = 1 + i as u32;
        match text(questions.get_value((row, 2))) {
            Ok(t) => content.answers.set(*q, Some(t)),
            Err(p) => err(cell_ref(SHEET_QUESTIONS, row, 2), p),
        }
    }

    for f in MeasureField::ALL {
        let got = text(measures.get_value((0, f.column() as u32))).unwrap_or_default();
        if got != f.heading_sv() {
            err(
                cell_ref(SHEET_MEASURES, 0, f.column()),
                tr!(input.wrong_heading, expected = f.heading_sv(), got = got),
            );
        }
    }
    let last_row = measures.end().map(|(r, _)| r).unwrap_or(0);
    for row in 1..=last_row {
        let cell = |f: MeasureField| measures.get_value((row, f.column() as u32));
        let mut input = MeasureInput::default();
        // (column, problem), sorted by column so messages read left to right.
        let mut row_errors: Vec<(u16, String)> = Vec::new();
        for f in MeasureField::ALL {
            match f {
                MeasureField::Cost | MeasureField::GrantFunded => match amount(cell(f)) {
                    Ok(v) if f == MeasureField::Cost => input.cost = v,
                    Ok(v) => input.grant_funded = v,
                    Err(p) => row_errors.push((f.column(), p)),
                },
                _ => match text(cell(f)) {
                    Ok(t) => *text_field(&mut input, f) = t,
                    Err(p) => row_errors.push((f.column(), p)),
                },
            }
        }
        if input.is_empty() && row_errors.is_empty() {
            continue; // an empty row
        }
        match input.parse(&agreement) {
            Ok(m) if row_errors.is_empty() => content.measures.push(m),
            Ok(_) => {}
            Err(field_errors) => row_errors.extend(field_errors.into_iter().map(|e| (e.field.column(), e.problem))),
        }
        row_errors.sort_by_key(|(col, _)| *col);
        for (col, problem) in row_errors {
            err(cell_ref(SHEET_MEASURES, row, col), problem);
        }
    }
    if errors.is_empty() && content == ReportContent::default() {
        errors.push(InputProblem::file(file.clone(), tr!(input.template_empty)));
    }
    if !errors.is_empty() {
        return Err(InputProblems(errors));
    }
    Ok(ParsedTemplate {
        agreement,
        region: region.expect("no errors"),
        content,
    })
}

fn text_field(input: &mut MeasureInput, f: MeasureField) -> &mut String {
    match f {
        MeasureField::Title => &mut input.title,
        MeasureField::Description => &mut input.description,
        MeasureField::Area => &mut input.area,
        MeasureField::Status => &mut input.status,
        MeasureField::Period => &mut input.period,
        MeasureField::Results => &mut input.results,
        MeasureField::TargetGroup => &mut input.target_group,
        MeasureField::Cost | MeasureField::GrantFunded => unreachable!("amounts are numbers"),
    }
}

/// Reads measures from a CSV file with the template's column headings,
/// separated by `;` (Swedish Excel, decimal comma) or `,`.
pub fn read_measures_csv(path: &Path, agreement: &Agreement) -> Result<Vec<Measure>, InputProblems> {
    let file = file_name(path);
    let bytes =
        std::fs::read(path).map_err(|e| InputProblem::file(file.clone(), tr!(input.unreadable_file, error = e)))?;
    parse_measures_csv(&file, &decode(&bytes), agreement)
}

/// Parses CSV text (see [`read_measures_csv`]); `file` names it in messages.
pub fn parse_measures_csv(file: &str, text: &str, agreement: &Agreement) -> Result<Vec<Measure>, InputProblems> {
    let header_line = text.lines().next().unwrap_or("");
    let sep = if header_line.contains(';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut errors = Vec::new();
    let one = |problem: String| InputProblems(vec![InputProblem::cell(file, 1, None, problem)]);
    let headers = reader.headers().map_err(|_| one(tr!(input.unreadable_header)))?.clone();
    let index: Vec<Option<usize>> = MeasureField::ALL
        .iter()
        .map(|f| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(f.heading_sv()))
        })
        .collect();
    let required = [
        MeasureField::Title,
        MeasureField::Area,
        MeasureField::Status,
        MeasureField::Cost,
    ];
    let missing: Vec<String> = required
        .iter()
        .filter(|f| index[f.column() as usize].is_none())
        .map(|f| format!("”{}”", f.heading_sv()))
        .collect();
    if !missing.is_empty() {
        return Err(one(tr!(input.columns_missing, columns = missing.join(", "))));
    }
    let mut out = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let row = e.position().map(|p| p.line()).unwrap_or(0);
                errors.push(InputProblem::cell(file, row, None, tr!(input.unreadable_row)));
                continue;
            }
        };
        let row = record.position().map(|p| p.line()).unwrap_or(0);
        let get = |f: MeasureField| {
            index[f.column() as usize]
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let input = MeasureInput {
            title: get(MeasureField::Title),
            description: get(MeasureField::Description),
            area: get(MeasureField::Area),
            status: get(MeasureField::Status),
            cost: AmountInput::Text(get(MeasureField::Cost)),
            grant_funded: AmountInput::Text(get(MeasureField::GrantFunded)),
            period: get(MeasureField::Period),
            results: get(MeasureField::Results),
            target_group: get(MeasureField::TargetGroup),
            ..MeasureInput::default()
        };
        match input.parse(agreement) {
            Ok(m) => out.push(m),
            Err(es) => errors.extend(
                es.into_iter()
                    .map(|e| InputProblem::cell(file, row, Some(e.field.heading_sv()), e.problem)),
            ),
        }
    }
    if errors.is_empty() && out.is_empty() {
        errors.push(InputProblem::file(file, tr!(input.no_measures)));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(InputProblems(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_columns_and_cells() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(cell_ref("Insatser", 6, 3), "Insatser!D7");
    }
}
