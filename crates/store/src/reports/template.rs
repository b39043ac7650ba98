//! The Excel template a region's coordinator fills in: instructions in
//! Swedish, SKR's four questions, and a measures sheet with drop-down lists
//! for area and status. Headers and instructions are protected; only the
//! answer and measure cells are open for typing.

use std::path::Path;

use rust_xlsxwriter::Worksheet;
use rust_xlsxwriter::{DataValidation, DataValidationRule, Format, FormatAlign, Formula, Workbook, XlsxError};
use uppsikt_domain::measure::{Measure, MeasureField, MeasureStatus};
use uppsikt_domain::report::{Question, ReportContent};
use uppsikt_domain::{Agreement, Region};

/// Sheet with instructions and the report's agreement and region.
pub const SHEET_INSTRUCTIONS: &str = "Instruktioner";
/// Sheet with the four questions; answers in column C, rows 2–5.
pub const SHEET_QUESTIONS: &str = "Frågor";
/// Sheet with one measure per row from row 2.
pub const SHEET_MEASURES: &str = "Insatser";
/// Hidden sheet holding the drop-down lists.
pub const SHEET_LISTS: &str = "Listor";
/// Rows open for measures (2 to 1 + this).
pub const MEASURE_ROWS: u32 = 200;
/// Where the instructions sheet states the agreement id (0-based row, column).
pub const AGREEMENT_CELL: (u32, u16) = (2, 1);
/// Where the instructions sheet states the region code (0-based row, column).
pub const REGION_CELL: (u32, u16) = (3, 1);

const INSTRUCTIONS: &[&str] = &[
    "Så fyller du i mallen",
    "1. Svara på de fyra frågorna på bladet Frågor, i kolumn C (Svar). Fråga 3 kan ta upp hinder, framgångsfaktorer och kulturförändringar.",
    "2. Fyll i en rad per insats på bladet Insatser, från rad 2. Titel, utvecklingsområde, status och kostnad måste anges.",
    "3. Välj utvecklingsområde och status i listorna. Status: planerad, pilot, breddinförande eller införd.",
    "4. Kostnad och varav statsbidrag anges i hela kronor (inte tusental eller miljoner). Varav statsbidrag får inte vara större än kostnaden.",
    "5. Period anges som ett år (2019) eller ett spann (2018–2019).",
    "6. Ändra inte rubrikerna eller uppgifterna om överenskommelse och region nedan; de är skyddade.",
    "7. Spara som .xlsx och läs in filen med: uppsikt reports import FIL.xlsx --as NAMN --role region:KOD",
    "Hela filen kontrolleras innan något sparas. Varje fel anges med blad och cell, t.ex. Insatser!D7.",
];

/// Writes the template for `region`'s report on `agreement` to `path`,
/// filled in with `content` (the report as it stands, or empty).
pub fn write_template(
    path: &Path,
    agreement: &Agreement,
    region: &Region,
    content: &ReportContent,
) -> crate::Result<()> {
    let mut wb = build_filled(agreement, region, content)
        .map_err(|e| crate::Error::io(path, std::io::Error::other(e.to_string())))?;
    let bytes = wb
        .save_to_buffer()
        .map_err(|e| crate::Error::io(path, std::io::Error::other(e.to_string())))?;
    uppsikt_files::write(path, &bytes).map_err(|e| crate::Error::io(path, e))
}

/// The empty template as a workbook, for writing or for tests to fill in.
pub fn build(agreement: &Agreement, region: &Region) -> Result<Workbook, XlsxError> {
    build_filled(agreement, region, &ReportContent::default())
}

/// The template filled in with `content`, so a returned report can be
/// corrected in Excel and imported again.
pub fn build_filled(agreement: &Agreement, region: &Region, content: &ReportContent) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let open = Format::new().set_unlocked().set_text_wrap().set_align(FormatAlign::Top);

    let ws = wb.add_worksheet();
    ws.set_name(SHEET_INSTRUCTIONS)?;
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 110)?;
    ws.write_string_with_format(0, 0, format!("Redovisning: {}", agreement.name), &bold)?;
    ws.write_string(AGREEMENT_CELL.0, 0, "Överenskommelse")?;
    ws.write_string(AGREEMENT_CELL.0, AGREEMENT_CELL.1, agreement.id.as_str())?;
    ws.write_string(REGION_CELL.0, 0, "Region (kod)")?;
    ws.write_string(REGION_CELL.0, REGION_CELL.1, region.code.as_str())?;
    ws.write_string(4, 0, "Region")?;
    ws.write_string(4, 1, &region.name)?;
    ws.write_string(5, 0, "Sista dag")?;
    ws.write_string(5, 1, agreement.deadline.as_deref().unwrap_or("ej fastställd"))?;
    for (i, line) in INSTRUCTIONS.iter().enumerate() {
        let row = 7 + i as u32;
        if i == 0 {
            ws.write_string_with_format(row, 0, *line, &bold)?;
        } else {
            ws.write_string_with_format(row, 1, *line, &wrap)?;
        }
    }
    ws.protect();

    let ws = wb.add_worksheet();
    ws.set_name(SHEET_QUESTIONS)?;
    ws.set_column_width(0, 5)?;
    ws.set_column_width(1, 70)?;
    ws.set_column_width(2, 90)?;
    for (c, h) in ["Nr", "Fråga", "Svar"].iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, q) in Question::ALL.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_number(row, 0, (i + 1) as f64)?;
        ws.write_string_with_format(row, 1, q.text_sv(), &wrap)?;
        match content.answers.get(*q) {
            Some(text) => ws.write_string_with_format(row, 2, text, &open)?,
            None => ws.write_blank(row, 2, &open)?,
        };
        ws.set_row_height(row, 90)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.protect();

    let ws = wb.add_worksheet();
    ws.set_name(SHEET_MEASURES)?;
    let widths = [40, 50, 45, 16, 16, 20, 12, 40, 25];
    for f in MeasureField::ALL {
        let c = f.column();
        ws.set_column_width(c, widths[c as usize])?;
        ws.set_column_format(c, &open)?;
        ws.write_string_with_format(0, c, f.heading_sv(), &bold)?;
    }
    for (i, m) in content.measures.iter().enumerate() {
        write_measure(ws, 1 + i as u32, agreement, m, &open)?;
    }
    let last = MEASURE_ROWS;
    let areas = DataValidation::new()
        .allow_list_formula(Formula::new(format!(
            "={SHEET_LISTS}!$A$1:$A${}",
            agreement.areas.len().max(1)
        )))
        .set_error_title("Utvecklingsområde")?
        .set_error_message("Välj ett av överenskommelsens utvecklingsområden i listan.")?;
    let col = MeasureField::Area.column();
    ws.add_data_validation(1, col, last, col, &areas)?;
    let labels: Vec<&str> = MeasureStatus::ALL.iter().map(|s| s.label_sv()).collect();
    let status = DataValidation::new()
        .allow_list_strings(&labels)?
        .set_error_title("Status")?
        .set_error_message("Välj planerad, pilot, breddinförande eller införd.")?;
    let col = MeasureField::Status.column();
    ws.add_data_validation(1, col, last, col, &status)?;
    let money = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_error_title("Belopp")?
        .set_error_message("Ange beloppet i hela kronor, 0 eller mer.")?;
    for f in [MeasureField::Cost, MeasureField::GrantFunded] {
        ws.add_data_validation(1, f.column(), last, f.column(), &money)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.protect();

    let ws = wb.add_worksheet();
    ws.set_name(SHEET_LISTS)?;
    for (i, a) in agreement.areas.iter().enumerate() {
        ws.write_string(i as u32, 0, &a.name)?;
    }
    for (i, s) in MeasureStatus::ALL.iter().enumerate() {
        ws.write_string(i as u32, 1, s.label_sv())?;
    }
    ws.set_hidden(true);
    ws.protect();
    Ok(wb)
}

/// One measure on its row, as a coordinator would have typed it.
fn write_measure(
    ws: &mut Worksheet,
    row: u32,
    agreement: &Agreement,
    m: &Measure,
    open: &Format,
) -> Result<(), XlsxError> {
    let area = m.area.as_deref().map(|id| {
        agreement
            .area(id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| id.to_string())
    });
    for f in MeasureField::ALL {
        let c = f.column();
        let text = match f {
            MeasureField::Cost | MeasureField::GrantFunded => {
                let v = if f == MeasureField::Cost {
                    m.cost
                } else {
                    m.grant_funded
                };
                if let Some(v) = v {
                    ws.write_number_with_format(row, c, v.0 as f64, open)?;
                }
                continue;
            }
            MeasureField::Title => Some(m.title.clone()),
            MeasureField::Description => m.description.clone(),
            MeasureField::Area => area.clone(),
            MeasureField::Status => m.status.map(|s| s.label_sv().to_string()),
            MeasureField::Period => m.period.map(|p| p.to_string()),
            MeasureField::Results => m.results.clone(),
            MeasureField::TargetGroup => m.target_group.clone(),
        };
        if let Some(t) = text {
            ws.write_string_with_format(row, c, t, open)?;
        }
    }
    Ok(())
}
