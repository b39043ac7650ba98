//! The qualitative follow-up's themes: per agreement the most frequent
//! themes of the coded documents, each illustrated by quotes. Quotes come
//! only from documents whose kind may be published (see
//! [`crate::assemble_themes`]); every quote names its document and region.

use uppsikt_domain::tr;

use crate::data::{ReportData, ThemeData};
use crate::doc::{Block, Cell, Numbering, Section, Table};

/// The section, when any publishable document is coded.
pub fn section(data: &ReportData, n: &mut Numbering) -> Option<Section> {
    let themes = data.themes.as_ref()?;
    let t = &uppsikt_domain::i18n::sv().qual_report;
    let mut blocks = vec![Block::Paragraph { text: t.intro.clone() }];
    for (agreement, rows) in &themes.groups {
        let name = agreement.clone().unwrap_or_else(|| t.other_documents.clone());
        blocks.push(Block::Heading { text: name.clone() });
        blocks.push(Block::Table(Table {
            number: Some(n.table()),
            title: tr!(qual_report.table_title, agreement = name),
            caption: None,
            head: vec![
                t.theme.clone(),
                t.documents.clone(),
                t.codings.clone(),
                t.indicators.clone(),
            ],
            numeric: vec![false, true, true, false],
            rows: rows
                .iter()
                .map(|r| {
                    vec![
                        Cell::text(&r.name),
                        Cell::text(r.documents.to_string()),
                        Cell::text(r.codings.to_string()),
                        Cell::text(indicator_names(data, &r.indicators)),
                    ]
                })
                .collect(),
            total: None,
            source: tr!(qual_report.source, coders = themes.coders.join(", ")),
            notes: notes(themes),
            widths: vec![4, 1, 1, 4],
        }));
        for r in rows.iter().filter(|r| !r.quotes.is_empty()) {
            blocks.push(Block::Label {
                text: tr!(qual_report.quotes, theme = r.name),
            });
            blocks.push(Block::Bullets {
                items: r
                    .quotes
                    .iter()
                    .map(|q| {
                        let region = q
                            .region
                            .map(|c| format!(", {}", data.region_name(c)))
                            .unwrap_or_default();
                        tr!(qual_report.quote, text = q.text, title = q.title, region = region)
                    })
                    .collect(),
            });
        }
    }
    Some(Section {
        id: "teman".into(),
        title: t.title.clone(),
        appendix: false,
        blocks,
    })
}

/// The indicators' Swedish names where the report has them, else their ids.
pub fn indicator_names(data: &ReportData, ids: &[String]) -> String {
    ids.iter()
        .map(|id| {
            data.indicators
                .as_ref()
                .and_then(|i| i.indicators.iter().find(|s| &s.id == id))
                .map_or_else(|| id.clone(), |s| s.name.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn notes(themes: &ThemeData) -> Vec<String> {
    let synthetic = themes
        .groups
        .iter()
        .flat_map(|(_, rows)| rows)
        .flat_map(|r| &r.quotes)
        .any(|q| {
            q.source
                .as_deref()
                .is_some_and(|s| s.starts_with(&uppsikt_domain::i18n::sv().qual.synthetic_source))
        });
    if synthetic {
        vec![uppsikt_domain::i18n::sv().qual_report.synthetic.clone()]
    } else {
        Vec::new()
    }
}

/// The profile's lines for one region: up to two themes, each with a quote,
/// and the theme's first linked indicator for the region next to the nation.
pub fn profile_blocks(data: &ReportData, region: uppsikt_domain::RegionCode) -> Vec<Block> {
    let Some(themes) = &data.themes else { return Vec::new() };
    let Some((_, list)) = themes.by_region.iter().find(|(r, _)| *r == region) else {
        return Vec::new();
    };
    let items: Vec<String> = list
        .iter()
        .take(2)
        .map(|(row, q)| {
            let mut s = tr!(
                qual_report.profile_item,
                theme = row.name,
                text = q.text,
                title = q.title
            );
            let series = data.indicators.as_ref().and_then(|i| {
                row.indicators
                    .iter()
                    .find_map(|id| i.indicators.iter().find(|s| &s.id == id))
            });
            if let Some(series) = series {
                s.push(' ');
                s.push_str(&tr!(
                    qual_report.profile_indicator,
                    name = series.name,
                    value = super::indicators::cell(series.value(region)).text,
                    national = super::indicators::cell(series.national).text,
                    period = series.period
                ));
            }
            s
        })
        .collect();
    if items.is_empty() {
        return Vec::new();
    }
    vec![
        Block::Label {
            text: uppsikt_domain::i18n::sv().qual_report.profile_label.clone(),
        },
        Block::Bullets { items },
    ]
}
