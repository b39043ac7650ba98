//! Regionernas redovisningar: where each region's report stands in review,
//! and the reported measures by status (planerad, pilot, breddinförande, införd).

use uppsikt_domain::measure::{Measure, MeasureStatus};
use uppsikt_domain::report::Report;

use crate::data::{ReportData, ReportsData};
use crate::doc::{Block, Cell, Numbering, Section, Table};
use uppsikt_domain::format as fmt;

/// The status word of a measure, `ej angiven` where the report gives none.
pub fn status_label(m: &Measure) -> &'static str {
    m.status.map_or("ej angiven", MeasureStatus::label_sv)
}

/// Says what a report's state means for the reader of the annual report.
pub fn state_note(r: &Report) -> String {
    use uppsikt_domain::report::ReportState::*;
    let label = r.state.label_sv();
    match r.state {
        Draft | Returned => format!("{label}: ännu inte inskickad och granskad"),
        Submitted | FactCheck => format!("{label}: inskickad, under granskning"),
        _ => label.to_string(),
    }
}

fn rates_text(d: &ReportsData) -> String {
    let r = &d.rates;
    format!(
        "{}: {} av {} regioner har en redovisning i uppföljningen, {} har lämnat in sin{} och {} är godkända.",
        d.agreement.short_name,
        d.reports.len(),
        r.expected,
        r.submitted,
        d.agreement
            .deadline
            .as_ref()
            .map(|dl| format!(" ({} i tid före {dl})", r.on_time))
            .unwrap_or_default(),
        r.approved
    )
}

/// The reports section, or `None` when no region has a report.
pub fn section(data: &ReportData, n: &mut Numbering) -> Option<Section> {
    if data.reports.is_empty() {
        return None;
    }
    let mut blocks = vec![Block::Paragraph {
        text: "Regionerna redovisar sina insatser i Uppsikt. Varje redovisning granskas innan den godkänns; redovisningar som ännu inte är granskade anges som sådana."
            .into(),
    }];
    blocks.push(Block::Bullets {
        items: data.reports.iter().map(rates_text).collect(),
    });
    let mut head = vec!["Region".to_string()];
    head.extend(data.reports.iter().map(|d| d.agreement.short_name.clone()));
    let status_table = Table {
        number: Some(n.table()),
        title: "Regionernas redovisningar".into(),
        caption: Some("Redovisningens status per region och överenskommelse".into()),
        numeric: vec![false; head.len()],
        head,
        rows: data
            .regions
            .iter()
            .map(|r| {
                std::iter::once(Cell::text(&r.name))
                    .chain(data.reports.iter().map(|d| {
                        Cell::text(
                            d.reports
                                .iter()
                                .find(|x| x.region == r.code)
                                .map_or("saknas", |x| x.state.label_sv()),
                        )
                    }))
                    .collect()
            })
            .collect(),
        total: None,
        source: "Regionernas redovisningar i Uppsikt".into(),
        notes: vec![],
        widths: vec![],
    };
    blocks.push(Block::Table(status_table));

    let mut rows = Vec::new();
    for d in &data.reports {
        let measures: Vec<&Measure> = d
            .reports
            .iter()
            .flat_map(|r| r.content.measures.iter())
            .filter(|m| m.part_of.is_none())
            .collect();
        let labels = MeasureStatus::ALL
            .iter()
            .map(|s| s.label_sv())
            .chain(std::iter::once("ej angiven"));
        for label in labels {
            let of: Vec<_> = measures.iter().filter(|m| status_label(m) == label).collect();
            if of.is_empty() {
                continue;
            }
            let costs: Vec<i64> = of.iter().filter_map(|m| m.cost.map(|c| c.0)).collect();
            rows.push(vec![
                Cell::text(&d.agreement.short_name),
                Cell::text(label),
                Cell::text(fmt::int(of.len() as i64)),
                Cell::text(if costs.is_empty() {
                    "..".into()
                } else {
                    fmt::int(costs.iter().sum())
                }),
            ]);
        }
    }
    if !rows.is_empty() {
        blocks.push(Block::Table(Table {
            number: Some(n.table()),
            title: "Redovisade insatser efter status".into(),
            caption: Some("Antal insatser och redovisad kostnad (kronor) per överenskommelse och status".into()),
            head: vec![
                "Överenskommelse".into(),
                "Status".into(),
                "Antal insatser".into(),
                "Kostnad (kr)".into(),
            ],
            numeric: vec![false, false, true, true],
            rows,
            total: None,
            source: "Regionernas redovisningar i Uppsikt".into(),
            notes: vec![
                "Status anges av regionen: planerad, pilot, breddinförande eller införd. Insatser i äldre redovisningar som förts över från källtexter saknar ofta status. Delposter räknas inte separat. .. = kostnad saknas."
                    .into(),
            ],
            widths: vec![4, 3, 2, 3],
        }));
    }
    Some(Section {
        id: "redovisningar".into(),
        title: "Regionernas redovisningar".into(),
        appendix: false,
        blocks,
    })
}
