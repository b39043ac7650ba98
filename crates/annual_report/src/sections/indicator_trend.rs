//! The trend figure of one indicator in the indicator section: the country
//! and every region over the years up to the report's, so the report year
//! reads against the years before it.

use uppsikt_domain::format as fmt;

use super::indicators::{MISSING_NOTE, SUPPRESSION_NOTE, cell, label};
use crate::chart::trend::{TrendChart, trend_lines};
use crate::data::{IndicatorSeries, IndicatorValue};
use crate::doc::{Figure, Numbering};

/// The note under a trend with a value changed by a later release.
pub const REVISED_NOTE: &str =
    "Några värden har reviderats i en senare utgåva; diagrammet visar de senast publicerade.";

fn shown(v: IndicatorValue) -> Option<f64> {
    match v {
        IndicatorValue::Value(x) => Some(x),
        IndicatorValue::Suppressed | IndicatorValue::Missing => None,
    }
}

/// The figure, or `None` when the indicator has values in one year only.
pub fn figure(s: &IndicatorSeries, n: &mut Numbering) -> Option<Figure> {
    let (first, last) = (s.trend.first()?, s.trend.last()?);
    if s.trend.len() < 2 {
        return None;
    }
    let regions = first.regions.len();
    let svg = trend_lines(&TrendChart {
        years: s.trend.iter().map(|y| y.year.clone()).collect(),
        highlight: "Riket".into(),
        national: s.trend.iter().map(|y| shown(y.national)).collect(),
        others: "Regionerna, var för sig".into(),
        regions: (0..regions)
            .map(|r| {
                s.trend
                    .iter()
                    .map(|y| y.regions.get(r).and_then(|(_, v)| shown(*v)))
                    .collect()
            })
            .collect(),
        axis: s.axis(),
        decimals: 1,
        missing_mark: fmt::DASH.to_string(),
    });
    let national: Vec<String> = s
        .trend
        .iter()
        .map(|y| format!("{} {}", y.year, cell(y.national).text))
        .collect();
    let latest: Vec<f64> = last.regions.iter().filter_map(|(_, v)| shown(*v)).collect();
    let spread = match (
        latest.iter().copied().reduce(f64::min),
        latest.iter().copied().reduce(f64::max),
    ) {
        (Some(lo), Some(hi)) => format!(
            " Regionernas värden {} ligger mellan {} och {}.",
            last.year,
            fmt::dec(lo, 1),
            fmt::dec(hi, 1)
        ),
        _ => String::new(),
    };
    let values = || {
        s.trend
            .iter()
            .flat_map(|y| y.regions.iter().map(|(_, v)| *v).chain([y.national]))
    };
    let mut notes = Vec::new();
    if values().any(|v| v == IndicatorValue::Suppressed) {
        notes.push(SUPPRESSION_NOTE.to_string());
    }
    if values().any(|v| v == IndicatorValue::Missing) {
        notes.push(MISSING_NOTE.to_string());
    }
    if s.revised {
        notes.push(REVISED_NOTE.to_string());
    }
    if s.synthetic {
        notes.push("Syntetiska demonstrationsdata, inte verkliga uppgifter.".to_string());
    }
    Some(Figure {
        number: n.figure(),
        title: format!("{} över åren, {}–{}", s.name, first.year, last.year),
        caption: Some(format!(
            "{}; tjock linje = riket, tunna linjer = regionerna. En linje bryts där ett värde är skyddat (–) eller saknas.",
            label(s)
        )),
        svg,
        pdf_width: 0.9,
        alt: format!(
            "Linjediagram: {} per år, {}–{}. Riket: {}.{spread} Linjerna bryts vid skyddade eller saknade värden.",
            label(s),
            first.year,
            last.year,
            national.join(", ")
        ),
        source: s.source.clone(),
        notes,
    })
}
