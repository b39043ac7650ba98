//! The municipal survey: decisions on collaboration (a stacked bar chart, the
//! seed's Figur 5) and supply of licensed staff (the seed's Tabell 3: counts
//! with percent in brackets).

use super::swedish_key;
use crate::chart;
use crate::data::{ReportData, SurveyData, SurveyQuestion};
use crate::doc::{Block, Cell, Figure, Numbering, Section, Table};
use uppsikt_domain::format as fmt;

/// Percent of `count` in `answered`, whole numbers; shares under one percent keep a decimal.
pub fn share(count: i64, answered: i64) -> String {
    if answered <= 0 {
        return "–".into();
    }
    let p = 100.0 * count as f64 / answered as f64;
    if p > 0.0 && p < 1.0 {
        fmt::dec(p, 1)
    } else {
        fmt::dec(p, 0)
    }
}

fn matrix<'a>(s: &'a SurveyData, prefix: &str) -> Vec<&'a SurveyQuestion> {
    s.questions.iter().filter(|q| q.id.starts_with(prefix)).collect()
}

fn source(s: &SurveyData) -> String {
    format!("Enkät till kommunerna ({})", s.title)
}

/// Says so when responses are synthetic, e.g. reconstructed from published results.
fn synthetic_note(s: &SurveyData) -> Option<String> {
    (s.synthetic > 0).then(|| {
        format!(
            "{} av {} svar är syntetiska: de är rekonstruerade så att de återger enkätens publicerade resultat och är inte kommunernas egna enskilda svar.",
            s.synthetic, s.responded
        )
    })
}

fn response_text(s: &SurveyData) -> String {
    let rate = if s.population > 0 {
        100.0 * s.responded as f64 / s.population as f64
    } else {
        0.0
    };
    format!(
        "Enkäten{} besvarades av totalt {} av {} kommuner ({}).",
        s.period
            .as_ref()
            .map(|p| format!(", som kunde besvaras {p},"))
            .unwrap_or_default(),
        s.responded,
        s.population,
        fmt::percent(rate)
    )
}

/// Beslut om samverkan: share answering yes per level, as a chart and a table.
pub fn collaboration(data: &ReportData, n: &mut Numbering) -> Option<Section> {
    let s = data.survey.as_ref()?;
    let q1 = matrix(s, "q1_");
    if q1.is_empty() || s.responded == 0 {
        return None;
    }
    let labels: Vec<String> = q1.iter().map(|q| q.label.clone()).collect();
    let pct = |q: &SurveyQuestion, code: &str| {
        let answered = q.count("ja") + q.count("nej");
        if answered > 0 {
            100.0 * q.count(code) as f64 / answered as f64
        } else {
            0.0
        }
    };
    let yes: Vec<f64> = q1.iter().map(|q| pct(q, "ja")).collect();
    let no: Vec<f64> = q1.iter().map(|q| pct(q, "nej")).collect();
    let svg = chart::stacked_percent(
        &labels,
        &[("Ja".into(), yes.clone()), ("Nej".into(), no)],
        "Andel kommuner",
    );
    let alt = format!(
        "Liggande staplar, en per beslutsnivå, som visar andelen kommuner som svarat ja (mörk del) och nej (ljus del): {}.",
        q1.iter()
            .zip(&yes)
            .map(|(q, y)| format!(
                "{} {} ja av {} svar",
                q.label.to_lowercase(),
                fmt::percent(*y),
                q.count("ja") + q.count("nej")
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let figure = Figure {
        number: n.figure(),
        title: "Beslut om samverkan mellan kommun och region".into(),
        caption: Some(
            "Beslut om samverkan mellan kommun och region gällande omställningen till en nära vård på olika nivåer"
                .into(),
        ),
        svg,
        pdf_width: 0.95,
        alt,
        source: source(s),
        notes: std::iter::once(format!(
            "Antal kommuner som besvarat respektive fråga: {}.",
            q1.iter()
                .map(|q| format!("{} {}", q.label.to_lowercase(), q.count("ja") + q.count("nej")))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .chain(synthetic_note(s))
        .collect(),
    };
    let mut blocks = vec![Block::Paragraph {
        text: format!(
            "{} {} visar andelen kommuner som uppger att det finns beslut om samverkan mellan kommun och region för omställningen till en mer nära vård, på olika nivåer.",
            response_text(s),
            figure.number
        ),
    }];
    blocks.push(Block::Figure(figure));
    if let Some(q2) = s.questions.iter().find(|q| q.id == "q2") {
        let answered = q2.count("ja") + q2.count("nej");
        blocks.push(Block::Paragraph {
            text: format!(
                "{} kommuner ({} procent) uppger att det finns en överenskommen målbild mellan kommunen och regionen för hur omställningen till en nära vård ska gå till; {} kommuner ({} procent) svarade att en sådan saknas.",
                q2.count("ja"),
                share(q2.count("ja"), answered),
                q2.count("nej"),
                share(q2.count("nej"), answered)
            ),
        });
    }
    Some(Section {
        id: "samverkan".into(),
        title: "Beslut om samverkan mellan kommun och region".into(),
        appendix: false,
        blocks,
    })
}

/// Tillgång och efterfrågan på legitimerad personal: counts with percent in brackets.
pub fn staffing(data: &ReportData, n: &mut Numbering) -> Option<Section> {
    let s = data.survey.as_ref()?;
    let mut q3 = matrix(s, "q3_");
    q3.retain(|q| !q.answers.is_empty());
    if q3.is_empty() {
        return None;
    }
    q3.sort_by_key(|q| swedish_key(&q.label));
    let codes: Vec<(String, String)> = q3[0]
        .answers
        .iter()
        .map(|a| (a.code.clone(), a.label.clone()))
        .collect();
    let mut head = vec!["Profession".to_string()];
    head.extend(codes.iter().map(|(_, label)| format!("{label} (%)")));
    let table = Table {
        number: Some(n.table()),
        title: "Bedömning av balans mellan tillgång och efterfrågan på legitimerad personal i kommunal hälso- och sjukvård"
            .into(),
        caption: Some(
            "Hur kommunerna bedömer balansen mellan tillgång och efterfrågan på arbetskraft inom legitimationsyrken i den kommunala hälso- och sjukvården, anges i antal och procent i parentes"
                .into(),
        ),
        numeric: std::iter::once(false).chain(codes.iter().map(|_| true)).collect(),
        head,
        rows: q3
            .iter()
            .map(|q| {
                std::iter::once(Cell::text(&q.label))
                    .chain(codes.iter().map(|(code, _)| {
                        let c = q.count(code);
                        Cell::text(format!("{} ({})", c, share(c, q.answered)))
                    }))
                    .collect()
            })
            .collect(),
        total: None,
        source: "Kommunerna".into(),
        notes: std::iter::once(format!(
            "Procent av de kommuner som besvarat frågan för respektive profession ({}).",
            q3.iter().map(|q| format!("{} {}", q.label.to_lowercase(), q.answered)).collect::<Vec<_>>().join(", ")
        ))
        .chain(synthetic_note(s))
        .collect(),
        widths: vec![3, 2, 2, 2, 2, 3],
    };
    Some(Section {
        id: "kompetensforsorjning".into(),
        title: "Tillgång och efterfrågan på legitimerad personal i kommunerna".into(),
        appendix: false,
        blocks: vec![
            Block::Paragraph {
                text: format!(
                    "I enkäten har kommunerna bedömt balansen mellan tillgång och efterfrågan på legitimerad personal. {} visar antal kommuner per svarsalternativ och profession, med andelen i procent inom parentes.",
                    table.number.clone().unwrap_or_default()
                ),
            },
            Block::Table(table),
        ],
    })
}
