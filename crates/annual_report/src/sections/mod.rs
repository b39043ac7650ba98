//! The report's sections, in document order. Each module turns the part of
//! [`ReportData`] it needs into [`Block`]s; a section whose data is missing
//! is left out rather than printed empty.

mod allocation;
mod indicator_trend;
mod indicators;
mod measures;
mod profiles;
mod quantities;
mod reports;
mod strategies;
mod summary;
mod survey;
mod themes;
mod web_booking;

use crate::data::ReportData;
use crate::doc::{Document, Numbering, Section};

/// Builds the whole document from the data; numbers tables and figures in order.
pub fn build(data: &ReportData) -> Document {
    let mut n = Numbering::default();
    let mut sections = vec![summary::section(data), about(data)];
    sections.extend(strategies::section(data, &mut n));
    sections.extend(survey::collaboration(data, &mut n));
    sections.extend(web_booking::section(data, &mut n));
    sections.extend(survey::staffing(data, &mut n));
    sections.extend(allocation::section(data, &mut n));
    sections.extend(measures::section(data, &mut n));
    sections.extend(reports::section(data, &mut n));
    sections.extend(indicators::section(data, &mut n));
    sections.extend(quantities::section(data, &mut n));
    sections.extend(themes::section(data, &mut n));
    sections.push(profiles::section(data));
    Document {
        title: "Uppföljning av omställningen till en mer nära vård".into(),
        subtitle: format!(
            "Utvecklingen i regioner och kommuner och uppföljning av statens utvecklingsmedel – rapport {}",
            data.year
        ),
        year: data.year,
        publisher: "Sammanställd med Uppsikt ur uppföljningens databas".into(),
        colophon: colophon(data),
        sections,
    }
}

fn colophon(data: &ReportData) -> Vec<String> {
    let mut lines = vec![format!(
        "Rapporten för {} är framställd direkt ur uppföljningens databas. Varje avsnitt bygger på de senaste uppgifterna som är daterade {} eller tidigare; avsnittet anger vilken period uppgifterna avser och varifrån de kommer.",
        data.year, data.year
    )];
    lines.push(
        "Tabeller och figurer numreras i den ordning de förekommer. Under varje tabell och figur anges källan. Diagram och karta har en textbeskrivning, och diagrammens värden finns i tabellerna."
            .into(),
    );
    if data
        .indicators
        .as_ref()
        .is_some_and(|i| i.indicators.iter().any(|s| s.synthetic))
    {
        lines.push(
            "Indikatorvärdena i denna rapport är syntetiska demonstrationsdata, inte verkliga registeruppgifter."
                .into(),
        );
    }
    lines
}

fn about(data: &ReportData) -> Section {
    use crate::doc::Block;
    let mut blocks = vec![Block::Paragraph {
        text: "Rapporten följer upp hur regionerna och kommunerna arbetar med omställningen till en mer nära vård och hur statens utvecklingsmedel har fördelats och använts. Den bygger på regionernas redovisningar, uppgifter från Inera, Socialstyrelsens enkät till kommunerna och indikatorer ur hälsodataregistren, i den mån uppgifterna finns i databasen."
            .into(),
    }];
    let mut missing = Vec::new();
    if data.strategies.is_none() {
        missing.push("regionernas inriktningsdokument");
    }
    if data.web_booking.is_none() {
        missing.push("webbtidbok");
    }
    if data.survey.is_none() {
        missing.push("enkäten till kommunerna");
    }
    if data.agreement.is_none() {
        missing.push("regionernas redovisningar av medel");
    }
    if data.indicators.is_none() {
        missing.push("indikatorer");
    }
    if !missing.is_empty() {
        blocks.push(Block::Paragraph {
            text: format!(
                "Databasen innehåller inga uppgifter för {} eller tidigare om {}; {} ingår därför inte i årets rapport.",
                data.year,
                join_sv(&missing),
                if missing.len() == 1 { "det avsnittet" } else { "de avsnitten" }
            ),
        });
    }
    Section {
        id: "om-rapporten".into(),
        title: "Om rapporten".into(),
        appendix: false,
        blocks,
    }
}

/// `a, b och c`.
pub(crate) fn join_sv(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} och {}", rest.join(", "), last),
    }
}

/// A sort key that orders Swedish names as a Swedish reader expects (å, ä, ö after z).
pub(crate) fn swedish_key(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'å' => '{',
            'ä' | 'æ' => '|',
            'ö' | 'ø' => '}',
            'é' => 'e',
            c => c,
        })
        .collect()
}

/// Where rows taken from a seed text come from, e.g. `003_….txt, Tabell 2`.
pub(crate) fn seed_note(seed: &str, section: &str) -> String {
    format!(
        "Uppgifterna är hämtade ur {}.",
        uppsikt_domain::source::cite(seed, section)
    )
}
