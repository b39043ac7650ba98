//! Exporting a survey's responses: CSV in the exchange format of
//! `shared/spec/municipal-survey.md`, or an xlsx workbook with names,
//! status, provenance, the questions and a sheet about the data.

use std::io::Write;

use rust_xlsxwriter::{Format as XlsxFormat, Workbook, Worksheet, XlsxError};
use uppsikt_domain::survey::Questionnaire;

use uppsikt_domain::format::csv_safe;

use super::{MUNICIPALITY_COLUMN, ResponseRow, SurveyStatus};

/// The responses as an xlsx workbook's bytes.
pub fn xlsx(q: &Questionnaire, rows: &[ResponseRow], status: &SurveyStatus) -> Result<Vec<u8>, XlsxError> {
    workbook(q, rows, status)?.save_to_buffer()
}

/// The contract's response file: `kommun` and every question id; empty = not
/// answered. Free text that a spreadsheet would take for a formula gets a
/// leading `'` ([`csv_safe`]); the import takes it off again.
pub fn write_csv(out: &mut dyn Write, q: &Questionnaire, rows: &[ResponseRow]) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec![MUNICIPALITY_COLUMN.to_string()];
    header.extend(q.items().iter().map(|i| i.id.clone()));
    w.write_record(&header)?;
    for r in rows {
        let mut rec = vec![r.municipality.clone()];
        rec.extend(q.items().iter().map(|i| {
            r.answers
                .get(&i.id)
                .map_or_else(String::new, |v| csv_safe(v).into_owned())
        }));
        w.write_record(&rec)?;
    }
    w.flush()?;
    Ok(())
}

fn workbook(q: &Questionnaire, rows: &[ResponseRow], status: &SurveyStatus) -> Result<Workbook, XlsxError> {
    let bold = XlsxFormat::new().set_bold();
    let mut wb = Workbook::new();

    let ws = wb.add_worksheet();
    ws.set_name("Svar")?;
    let fixed = ["kommun", "namn", "region", "status", "inskickat", "källa", "syntetiskt"];
    let header: Vec<&str> = fixed
        .iter()
        .copied()
        .chain(q.items().iter().map(|i| i.id.as_str()))
        .collect();
    write_header(ws, &header, &bold)?;
    for (n, r) in rows.iter().enumerate() {
        let row = n as u32 + 1;
        let fixed_values = [
            r.municipality.as_str(),
            r.name.as_str(),
            r.region.as_str(),
            r.status.label_sv(),
            r.completed_at.as_deref().unwrap_or(""),
            r.source.as_deref().unwrap_or(""),
            if r.synthetic { "ja" } else { "nej" },
        ];
        for (c, v) in fixed_values.iter().enumerate() {
            ws.write_string(row, c as u16, *v)?;
        }
        for (k, item) in q.items().iter().enumerate() {
            if let Some(v) = r.answers.get(&item.id) {
                ws.write_string(row, (fixed.len() + k) as u16, v)?;
            }
        }
    }
    ws.set_freeze_panes(1, 2)?;
    ws.autofit();

    let ws = wb.add_worksheet();
    ws.set_name("Frågor")?;
    write_header(
        ws,
        &["id", "nummer", "fråga", "svarskoder", "visas om", "hjälptext"],
        &bold,
    )?;
    for (n, item) in q.items().iter().enumerate() {
        let row = n as u32 + 1;
        let codes = match item.choices() {
            Some(ch) => ch
                .iter()
                .map(|c| format!("{} = {}", c.code, c.label))
                .collect::<Vec<_>>()
                .join("; "),
            None => "fritext".to_string(),
        };
        let cond = item
            .show_if
            .as_ref()
            .map(|c| format!("{} = {}", c.item, c.equals))
            .unwrap_or_default();
        let values = [
            item.id.as_str(),
            item.number.as_str(),
            item.label.as_str(),
            &codes,
            &cond,
            item.help.as_deref().unwrap_or(""),
        ];
        for (c, v) in values.iter().enumerate() {
            ws.write_string(row, c as u16, *v)?;
        }
    }

    let ws = wb.add_worksheet();
    ws.set_name("Om data")?;
    let mut about = vec![
        ("Enkät", format!("{} ({})", q.title, q.id)),
        ("Frågornas källa", q.source.clone()),
        ("Kommuner som enkäten gäller", status.population.to_string()),
        ("Inbjudna", status.invited.to_string()),
        ("Svarat", status.responded.to_string()),
        (
            "Svarsfrekvens (%)",
            status.response_rate.map(|p| format!("{p:.1}")).unwrap_or_default(),
        ),
    ];
    if status.synthetic > 0 {
        about.push((
            "OBS",
            format!(
                "{} svar är en REKONSTRUKTION: syntetiska enskilda svar som återger de publicerade resultaten, \
                 inte kommunernas verkliga svar (se kolumnerna källa och syntetiskt).",
                status.synthetic
            ),
        ));
    }
    for (n, (k, v)) in about.iter().enumerate() {
        ws.write_string_with_format(n as u32, 0, *k, &bold)?;
        ws.write_string(n as u32, 1, v)?;
    }
    ws.autofit();
    Ok(wb)
}

fn write_header(ws: &mut Worksheet, header: &[&str], bold: &XlsxFormat) -> Result<(), XlsxError> {
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, bold)?;
    }
    Ok(())
}
