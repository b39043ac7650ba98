//! Printing rows as a table, CSV or JSON (`--format`).

use std::io::Write;

use clap::ValueEnum;
use serde::Serialize;
use serde_json::Value;
use uppsikt_domain::tr;

use crate::error::CliResult;

/// Output format of every command that prints data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Aligned columns for reading in a terminal.
    #[default]
    Table,
    /// RFC 4180 CSV with a header row, for spreadsheets and scripts.
    Csv,
    /// A JSON array of objects.
    Json,
}

/// A table column's Swedish heading: the catalogue's `[cli_columns]` label
/// of the field. A field without one is a programming error: debug builds
/// (and so the tests) panic, release builds show the field name.
pub fn heading(field: &str) -> &str {
    match uppsikt_domain::i18n::sv().cli_columns.get(field) {
        Some(label) => label,
        None => {
            debug_assert!(false, "no [cli_columns] heading for the field {field}");
            field
        }
    }
}

/// Prints `rows` (structs serialising to flat objects) in `format`; the
/// columns are the struct's fields in declaration order, headed in a table
/// by their Swedish labels and in CSV and JSON by the field names.
pub fn print_rows<T: Serialize>(rows: &[T], format: Format) -> CliResult {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    write_rows(&mut out, rows, format)?;
    out.flush()?;
    Ok(())
}

/// Writes `rows` in `format` to `out`.
pub fn write_rows<T: Serialize>(out: &mut dyn Write, rows: &[T], format: Format) -> CliResult {
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, rows)?;
        writeln!(out)?;
        return Ok(());
    }
    let values: Vec<serde_json::Map<String, Value>> = rows
        .iter()
        .map(|r| match serde_json::to_value(r) {
            Ok(Value::Object(m)) => m,
            // Every row type is a struct of plain fields.
            other => panic!("a row is not an object: {other:?}"),
        })
        .collect();
    if values.is_empty() {
        // Without a row there are no field names to print; an empty CSV is an empty file.
        if format == Format::Table {
            writeln!(out, "{}", tr!(cli.no_rows))?;
        }
        return Ok(());
    }
    let headers: Vec<String> = values.first().map(|m| m.keys().cloned().collect()).unwrap_or_default();
    let cells = |m: &serde_json::Map<String, Value>| -> Vec<String> {
        headers.iter().map(|h| cell(m.get(h).unwrap_or(&Value::Null))).collect()
    };
    match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(&headers)?;
            for m in &values {
                // A spreadsheet must not run a title or an answer as a formula.
                w.write_record(
                    cells(m)
                        .iter()
                        .map(|c| uppsikt_domain::format::csv_safe(c).into_owned()),
                )?;
            }
            w.flush()?;
        }
        Format::Table => {
            let mut t = comfy_table::Table::new();
            t.load_style(comfy_table::presets::UTF8_BORDERS_ONLY);
            t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
            t.set_header(headers.iter().map(|h| heading(h)));
            for m in &values {
                t.add_row(cells(m));
            }
            writeln!(out, "{t}")?;
        }
        Format::Json => unreachable!(),
    }
    Ok(())
}

/// One cell's text: numbers and strings as they are, null as empty.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => format_float(f),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// Floats print with up to four decimals and no trailing zeros.
fn format_float(f: f64) -> String {
    let s = format!("{f:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        b: &'static str,
        a: Option<i64>,
        f: f64,
    }

    #[test]
    fn csv_keeps_field_order_and_empties_nulls() {
        let mut out = Vec::new();
        write_rows(
            &mut out,
            &[Row {
                b: "x,y",
                a: None,
                f: 23.018_54,
            }],
            Format::Csv,
        )
        .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "b,a,f\n\"x,y\",,23.0185\n");
    }

    #[derive(Serialize)]
    struct Counted {
        region: &'static str,
        response_rate: f64,
    }

    #[test]
    fn a_table_is_headed_in_swedish_and_csv_by_the_field_names() {
        let rows = [Counted {
            region: "01",
            response_rate: 59.7,
        }];
        let mut table = Vec::new();
        write_rows(&mut table, &rows, Format::Table).unwrap();
        let table = String::from_utf8(table).unwrap();
        assert!(
            table.contains("Region") && table.contains("Svarsfrekvens (%)"),
            "{table}"
        );
        assert!(!table.contains("response_rate"), "{table}");
        let mut csv = Vec::new();
        write_rows(&mut csv, &rows, Format::Csv).unwrap();
        assert!(String::from_utf8(csv).unwrap().starts_with("region,response_rate\n"));
    }

    #[test]
    #[should_panic(expected = "no [cli_columns] heading")]
    fn a_field_without_a_heading_fails_in_debug_builds() {
        heading("no_such_field");
    }
}
