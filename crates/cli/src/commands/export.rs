//! `uppsikt export DATASET`: every dataset as CSV or JSON, sources included.

use clap::ValueEnum;
use serde::Serialize;
use uppsikt_store::{Store, agreements, grants, registry, reports, strategies, web_booking};

use crate::error::CliResult;
use crate::output::{Format, print_rows};

/// The datasets that can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Dataset {
    /// The 21 regions with their populations.
    Regions,
    /// The 290 municipalities.
    Municipalities,
    /// The agreements with their areas and earmarked parts.
    Agreements,
    /// Grants received, per agreement and region.
    Grants,
    /// The measures of the regions' reports, per agreement and region.
    Measures,
    /// Care units with web booking per region.
    Webbtidbok,
    /// The regions' strategy documents.
    Strategies,
}

#[derive(Serialize)]
struct AgreementRow {
    id: String,
    name: String,
    short_name: String,
    year: i32,
    total_sek: Option<i64>,
    total_note: Option<String>,
    reference: Option<String>,
    deadline: Option<String>,
    /// Development areas as `id: name`, separated by ` | `.
    areas: String,
    /// Earmarked parts as `id: name (amount)`, separated by ` | `.
    earmarks: String,
    source: String,
}

#[derive(Serialize)]
struct GrantRow {
    agreement: String,
    region: String,
    received_sek: i64,
    earmarked_sek: Option<i64>,
    approx: bool,
    note: Option<String>,
    source_seed: String,
    source_section: String,
    source_quote: Option<String>,
}

#[derive(Serialize)]
struct MeasureRow {
    agreement: String,
    region: String,
    seq: i32,
    title: String,
    amount_sek: Option<i64>,
    approx: bool,
    area: Option<String>,
    earmark: Option<String>,
    parent_seq: Option<i32>,
    /// Where a transcribed measure was read; empty for measures the region entered.
    source_seed: Option<String>,
    source_section: Option<String>,
    source_quote: Option<String>,
}

/// Prints `dataset` in `format`, sources included.
pub async fn run(store: &Store, dataset: Dataset, format: Format) -> CliResult {
    match dataset {
        Dataset::Regions => print_rows(&registry::regions(store).await?, format),
        Dataset::Municipalities => print_rows(&registry::municipalities(store).await?, format),
        Dataset::Agreements => {
            let rows: Vec<AgreementRow> = agreements::list(store)
                .await?
                .into_iter()
                .map(|a| AgreementRow {
                    areas: a
                        .areas
                        .iter()
                        .map(|x| format!("{}: {}", x.id, x.name))
                        .collect::<Vec<_>>()
                        .join(" | "),
                    earmarks: a
                        .earmarks
                        .iter()
                        .map(|e| match e.amount_sek {
                            Some(s) => format!("{}: {} ({} kr)", e.id, e.name, s.0),
                            None => format!("{}: {}", e.id, e.name),
                        })
                        .collect::<Vec<_>>()
                        .join(" | "),
                    id: a.id.to_string(),
                    name: a.name,
                    short_name: a.short_name,
                    year: a.year,
                    total_sek: a.total_sek.map(|s| s.0),
                    total_note: a.total_note,
                    reference: a.reference,
                    deadline: a.deadline,
                    source: a.source,
                })
                .collect();
            print_rows(&rows, format)
        }
        Dataset::Grants => {
            let mut rows = Vec::new();
            for a in agreements::list(store).await? {
                for g in grants::grants(store, &a.id).await? {
                    rows.push(GrantRow {
                        agreement: a.id.to_string(),
                        region: g.region.to_string(),
                        received_sek: g.received.0,
                        earmarked_sek: g.earmarked.map(|s| s.0),
                        approx: g.approx,
                        note: g.note,
                        source_seed: g.source.seed,
                        source_section: g.source.section,
                        source_quote: g.source.quote,
                    });
                }
            }
            print_rows(&rows, format)
        }
        Dataset::Measures => {
            let mut rows = Vec::new();
            for a in agreements::list(store).await? {
                for (region, m) in reports::measures(store, &a.id, reports::Scope::All).await? {
                    let source = m.source;
                    rows.push(MeasureRow {
                        agreement: a.id.to_string(),
                        region: region.to_string(),
                        seq: m.number.unwrap_or_default(),
                        title: m.title,
                        amount_sek: m.cost.map(|s| s.0),
                        approx: m.approx,
                        area: m.area,
                        earmark: m.earmark,
                        parent_seq: m.part_of,
                        source_seed: source.as_ref().map(|s| s.seed.clone()),
                        source_section: source.as_ref().map(|s| s.section.clone()),
                        source_quote: source.and_then(|s| s.quote),
                    });
                }
            }
            print_rows(&rows, format)
        }
        Dataset::Webbtidbok => print_rows(&web_booking::list(store).await?, format),
        Dataset::Strategies => print_rows(&strategies::list(store).await?, format),
    }
}
