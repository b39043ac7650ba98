//! Målbilder och strategier: Tabell 1, the regions' strategy documents.

use super::{seed_note, swedish_key};
use crate::data::ReportData;
use crate::doc::{Block, Cell, Numbering, Section, Table};

/// The strategies section, or `None` without strategy data.
pub fn section(data: &ReportData, n: &mut Numbering) -> Option<Section> {
    let s = data.strategies.as_ref()?;
    let mut rows: Vec<_> = s.rows.iter().collect();
    rows.sort_by_key(|r| swedish_key(&data.region_name(r.region)));
    let missing: Vec<String> = data
        .regions
        .iter()
        .filter(|r| !s.rows.iter().any(|x| x.region == r.code))
        .map(|r| r.name.clone())
        .collect();
    let mut notes = Vec::new();
    if let Some(first) = s.rows.first() {
        notes.push(seed_note(&first.source_seed, &first.source_section));
    }
    if !missing.is_empty() {
        notes.push(format!("Uppgift saknas för: {}.", missing.join(", ")));
    }
    let table = Table {
        number: Some(n.table()),
        title: "Inriktningsdokument för en mer nära vård".into(),
        caption: Some(format!(
            "Regionernas inriktningsdokument för en mer nära vård, {}.",
            s.year
        )),
        head: vec![
            "Region".into(),
            "Regionens inriktningsdokument".into(),
            "Politiskt beslut".into(),
            "Inriktningsdokument för region och kommuner".into(),
        ],
        numeric: vec![false; 4],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::text(data.region_name(r.region)),
                    Cell::text(&r.dokument),
                    Cell::text(&r.politiskt_beslut),
                    Cell::text(&r.gemensamt_med_kommunerna),
                ]
            })
            .collect(),
        total: None,
        source: "Regionerna".into(),
        notes,
        widths: vec![2, 4, 4, 4],
    };
    let joint = s
        .rows
        .iter()
        .filter(|r| !r.gemensamt_med_kommunerna.trim().is_empty())
        .count();
    Some(Section {
        id: "strategier".into(),
        title: "Målbilder, strategier och samverkan".into(),
        appendix: false,
        blocks: vec![
            Block::Paragraph {
                text: format!(
                    "{} ger en översikt över regionernas strategier för omställningsarbetet till en mer nära vård. {} av {} regioner beskriver också ett inriktningsdokument eller ett pågående arbete tillsammans med kommunerna.",
                    table.number.clone().unwrap_or_default(),
                    joint,
                    s.rows.len()
                ),
            },
            Block::Table(table),
        ],
    })
}
