//! `uppsikt validate AGREEMENT`: findings of the validation rules.

use serde::Serialize;
use uppsikt_domain::tr;
use uppsikt_store::{Store, agreements, validation};

use crate::error::CliResult;
use crate::output::{Format, print_rows};

#[derive(Serialize)]
struct Row {
    severity: &'static str,
    rule: String,
    region: Option<String>,
    measure: Option<i32>,
    message: String,
}

/// Prints the findings of the validation rules over `agreement`.
pub async fn run(store: &Store, agreement: &str, format: Format) -> CliResult {
    let a = agreements::get(store, agreement).await?;
    let findings = validation::findings(store, &a).await?;
    let rows: Vec<Row> = findings
        .into_iter()
        .map(|f| Row {
            severity: f.severity.label_sv(),
            rule: f.rule,
            region: f.region,
            measure: f.measure_seq,
            message: f.message,
        })
        .collect();
    if rows.is_empty() && format == Format::Table {
        println!("{}", tr!(cli.no_findings, agreement = agreement));
        return Ok(());
    }
    print_rows(&rows, format)
}
