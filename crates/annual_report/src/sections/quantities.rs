//! De fyra storheterna: the report year compared with the first year, per
//! region and for the country, for each SOU 2018:39 quantity with values in
//! two years or more. Suppressed values print as `–`, never a change across them.

use uppsikt_domain::format as fmt;

use super::indicators::{MISSING_NOTE, SUPPRESSION_NOTE, cell};
use crate::data::{IndicatorValue, QuantitySeries, ReportData};
use crate::doc::{Block, Cell, Numbering, Section, Table};

/// The section, or `None` without a quantity followed over two years.
pub fn section(data: &ReportData, n: &mut Numbering) -> Option<Section> {
    let q = data.quantities.as_ref()?;
    let mut blocks = vec![Block::Paragraph {
        text: "Utredningen God och nära vård (SOU 2018:39) föreslog att fyra storheter följs varje år: befolkningens förtroende för hälso- och sjukvården, oplanerade återinskrivningar inom 30 dagar, andelen specialistbevis i allmänmedicin och primärvårdens andel av regionens hälso- och sjukvårdskostnader. Tabellerna jämför det senaste året med det första år som finns i uppföljningen, per region och för riket.".into(),
    }];
    for s in &q.quantities {
        blocks.push(Block::Table(table(data, s, n)));
    }
    Some(Section {
        id: "storheter".into(),
        title: "De fyra storheterna över åren".into(),
        appendix: false,
        blocks,
    })
}

fn table(data: &ReportData, s: &QuantitySeries, n: &mut Numbering) -> Table {
    let row = |name: &str, (a, b): (IndicatorValue, IndicatorValue)| -> Vec<Cell> {
        vec![Cell::text(name), cell(a), cell(b), Cell::text(change(a, b))]
    };
    let mut notes = Vec::new();
    let all = || s.regions.iter().map(|(_, v)| *v).chain(std::iter::once(s.national));
    if all().any(|(a, b)| a == IndicatorValue::Suppressed || b == IndicatorValue::Suppressed) {
        notes.push(SUPPRESSION_NOTE.to_string());
    }
    if all().any(|(a, b)| a == IndicatorValue::Missing || b == IndicatorValue::Missing) {
        notes.push(MISSING_NOTE.to_string());
    }
    if s.revised {
        notes.push("Några värden har reviderats i en senare utgåva; tabellen visar de senast publicerade.".into());
    }
    if s.synthetic {
        notes.push("Syntetiska demonstrationsvärden, inte verkliga uppgifter.".into());
    }
    let unit = if s.unit.is_empty() {
        String::new()
    } else {
        format!(" ({})", s.unit)
    };
    Table {
        number: Some(n.table()),
        title: format!("{}{unit}, {} och {}", s.name, s.first, s.last),
        caption: Some(format!(
            "Värde per region och för riket, och förändringen sedan {}",
            s.first
        )),
        numeric: vec![false, true, true, true],
        head: vec![
            "Region".into(),
            s.first.clone(),
            s.last.clone(),
            format!("Förändring sedan {}", s.first),
        ],
        rows: data
            .regions
            .iter()
            .map(|r| {
                let v = s
                    .regions
                    .iter()
                    .find(|(c, _)| *c == r.code)
                    .map_or((IndicatorValue::Missing, IndicatorValue::Missing), |(_, v)| *v);
                row(&r.name, v)
            })
            .collect(),
        total: Some(row("Riket", s.national)),
        source: s.source.clone(),
        notes,
        widths: vec![3, 2, 2, 2],
    }
}

/// `+1,2` between two values; `–` when either is suppressed, `..` when missing.
fn change(a: IndicatorValue, b: IndicatorValue) -> String {
    match (a, b) {
        (IndicatorValue::Value(x), IndicatorValue::Value(y)) => fmt::signed_dec(y - x, 1),
        (IndicatorValue::Suppressed, _) | (_, IndicatorValue::Suppressed) => fmt::DASH.to_string(),
        _ => "..".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_needs_two_values() {
        assert_eq!(change(IndicatorValue::Value(10.0), IndicatorValue::Value(12.5)), "+2,5");
        assert_eq!(
            change(IndicatorValue::Suppressed, IndicatorValue::Value(1.0)),
            fmt::DASH
        );
        assert_eq!(change(IndicatorValue::Missing, IndicatorValue::Value(1.0)), "..");
    }
}
