//! Indikatorer: each indicator per region with the national value, as a
//! table, a bar chart and a map. Suppressed values print as `–` with a
//! footnote; the report receives no value for them, so none can leak.

use uppsikt_domain::indicator::Scale;

use crate::chart::{self, BarChart, Series};
use crate::data::{IndicatorSeries, IndicatorValue, ReportData};
use crate::doc::{Block, Cell, Figure, Numbering, Section, Table};
use crate::map::{self, Choropleth, MapValue};
use uppsikt_domain::format as fmt;

/// The footnote under every table or figure with a suppressed value.
pub const SUPPRESSION_NOTE: &str = "– = Uppgiften redovisas inte av röjandeskäl: värdet bygger på för få personer. Även värden som annars skulle kunna räknas fram ur övriga uppgifter är skyddade.";
/// The footnote for regions without a value.
pub const MISSING_NOTE: &str = ".. = Uppgift saknas.";

/// A value as a table cell.
pub fn cell(v: IndicatorValue) -> Cell {
    match v {
        IndicatorValue::Value(x) => Cell::text(fmt::dec(x, 1)),
        IndicatorValue::Suppressed => Cell::suppressed(),
        IndicatorValue::Missing => Cell::text(".."),
    }
}

fn notes(series: &[&IndicatorSeries]) -> Vec<String> {
    let mut notes = Vec::new();
    let any = |k: IndicatorValue| {
        series
            .iter()
            .any(|s| s.regions.iter().any(|(_, v)| *v == k) || s.national == k)
    };
    if any(IndicatorValue::Suppressed) {
        notes.push(SUPPRESSION_NOTE.to_string());
    }
    if any(IndicatorValue::Missing) {
        notes.push(MISSING_NOTE.to_string());
    }
    if series.iter().any(|s| s.synthetic) {
        notes.push("Syntetiska demonstrationsdata, inte verkliga registeruppgifter.".to_string());
    }
    notes
}

fn sources(series: &[&IndicatorSeries]) -> String {
    let mut s: Vec<&str> = series.iter().map(|s| s.source.as_str()).collect();
    s.sort_unstable();
    s.dedup();
    s.join("; ")
}

/// The indicator's name with its unit in brackets.
pub fn label(s: &IndicatorSeries) -> String {
    if s.unit.is_empty() {
        s.name.clone()
    } else {
        format!("{} ({})", s.name, s.unit)
    }
}

/// The indicator section, or `None` without indicator data.
pub fn section(data: &ReportData, n: &mut Numbering) -> Option<Section> {
    let ind = data.indicators.as_ref()?;
    if ind.indicators.is_empty() {
        return None;
    }
    let all: Vec<&IndicatorSeries> = ind.indicators.iter().collect();
    let mut blocks = vec![Block::Paragraph {
        text: format!(
            "Indikatorerna beräknas ur registeruppgifter per region. Tabellen visar varje indikator per region och för riket; därefter visas varje indikator som diagram, där linjen markerar rikets värde, som karta och, när det finns värden för flera år, över åren. Perioder: {}.",
            {
                let mut p: Vec<&str> = all.iter().map(|s| s.period.as_str()).collect();
                p.sort_unstable();
                p.dedup();
                p.join(", ")
            }
        ),
    }];
    // At most four indicators side by side keep the table readable on A4; split evenly.
    let tables = all.len().div_ceil(4);
    for chunk in all.chunks(all.len().div_ceil(tables)) {
        let mut head = vec!["Region".to_string()];
        head.extend(chunk.iter().map(|s| format!("{}, {}", label(s), s.period)));
        let table = Table {
            number: Some(n.table()),
            title: format!(
                "Indikatorer per region: {}",
                chunk.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ")
            ),
            caption: Some("Värde per region och för riket".into()),
            numeric: std::iter::once(false).chain(chunk.iter().map(|_| true)).collect(),
            head,
            rows: data
                .regions
                .iter()
                .map(|r| {
                    std::iter::once(Cell::text(&r.name))
                        .chain(chunk.iter().map(|s| cell(s.value(r.code))))
                        .collect()
                })
                .collect(),
            total: Some(
                std::iter::once(Cell::text("Riket"))
                    .chain(chunk.iter().map(|s| cell(s.national)))
                    .collect(),
            ),
            source: sources(chunk),
            notes: notes(chunk),
            widths: std::iter::once(3).chain(chunk.iter().map(|_| 2)).collect(),
        };
        blocks.push(Block::Table(table));
    }
    for (i, s) in all.iter().enumerate() {
        blocks.push(Block::Heading { text: s.name.clone() });
        let values: Vec<IndicatorValue> = data.regions.iter().map(|r| s.value(r.code)).collect();
        let national = match s.national {
            IndicatorValue::Value(v) => Some(("Riket".to_string(), v)),
            _ => None,
        };
        let svg = chart::horizontal_bars(&BarChart {
            labels: data.regions.iter().map(|r| r.name.clone()).collect(),
            series: vec![Series {
                name: s.name.clone(),
                values: values
                    .iter()
                    .map(|v| {
                        if let IndicatorValue::Value(x) = v {
                            Some(*x)
                        } else {
                            None
                        }
                    })
                    .collect(),
            }],
            axis: s.axis(),
            decimals: 1,
            reference: national,
            missing_mark: "–".into(),
            max: (s.scale == Scale::Percent).then_some(100.0),
        });
        let described: Vec<String> = data
            .regions
            .iter()
            .zip(&values)
            .map(|(r, v)| format!("{} {}", r.name, cell(*v).text))
            .collect();
        let alt = format!(
            "Liggande stapeldiagram: {} per region, {}{}. {}. Skyddade värden visas som – utan stapel.",
            label(s),
            s.period,
            match s.national {
                IndicatorValue::Value(v) => format!(", riket {} (lodrät linje)", fmt::dec(v, 1)),
                _ => String::new(),
            },
            described.join(", ")
        );
        let one = [*s];
        blocks.push(Block::Figure(Figure {
            number: n.figure(),
            title: format!("{} per region, {}", s.name, s.period),
            caption: Some(label(s)),
            svg,
            pdf_width: 0.95,
            alt,
            source: s.source.clone(),
            notes: notes(&one),
        }));
        let map_svg = map::choropleth(&Choropleth {
            id: &format!("karta-indikator-{i}"),
            values: data
                .regions
                .iter()
                .zip(&values)
                .map(|(r, v)| {
                    (
                        r.code,
                        if let IndicatorValue::Value(x) = v {
                            MapValue::Value(*x)
                        } else {
                            MapValue::NoValue
                        },
                    )
                })
                .collect(),
            decimals: 1,
            unit: if s.scale == Scale::Percent { "%" } else { "" },
            title: &label(s),
            no_value_label: "Skyddat (–) eller saknas (..)",
        });
        blocks.push(Block::Figure(Figure {
            number: n.figure(),
            title: format!("{} per region, karta, {}", s.name, s.period),
            caption: Some(format!(
                "{}; mörkare färg = högre värde, streckat = skyddat eller saknas",
                label(s)
            )),
            svg: map_svg,
            pdf_width: 0.62,
            alt: format!(
                "Karta över de 21 regionerna, färgade efter {} {}. Värden per region: {}.",
                label(s).to_lowercase(),
                s.period,
                described.join(", ")
            ),
            source: format!("{}. {}", s.source, map::MAP_SOURCE),
            notes: notes(&one),
        }));
        blocks.extend(super::indicator_trend::figure(s, n).map(Block::Figure));
    }
    Some(Section {
        id: "indikatorer".into(),
        title: "Indikatorer per region".into(),
        appendix: false,
        blocks,
    })
}
