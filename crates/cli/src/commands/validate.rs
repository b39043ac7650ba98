//! `uppsikt validate AGREEMENT`: findings of the validation rules.

use serde::Serialize;
use uppsikt_store::{Store, agreements, facts};

use crate::output::{Format, print_rows};

#[derive(Serialize)]
struct Row {
    severity: &'static str,
    rule: String,
    region: Option<String>,
    measure: Option<i32>,
    message: String,
}

pub async fn run(store: &Store, agreement: &str, format: Format) -> anyhow::Result<()> {
    let a = agreements::get(store, agreement).await?;
    let findings = facts::validate(store, &a).await?;
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
        println!("Inga fynd för {agreement}.");
        return Ok(());
    }
    print_rows(&rows, format)
}
