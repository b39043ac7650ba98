//! Bilaga: one profile per region (the seed's Bilaga 5). Each profile puts the
//! region's strategy and measures (qualitative follow-up) next to its grants,
//! web booking and indicators (quantitative follow-up).

use uppsikt_domain::Region;

use super::allocation::{finding_counts, region_findings};
use super::{indicators, reports};
use crate::data::ReportData;
use crate::doc::{Block, Cell, Fact, Section, Table};
use uppsikt_domain::format as fmt;
use uppsikt_domain::report::Question;

/// The appendix with all 21 profiles; always present.
pub fn section(data: &ReportData) -> Section {
    let mut blocks = vec![Block::Paragraph {
        text: "Bilagan beskriver varje region för sig: regionens inriktningsdokument och redovisade insatser står bredvid de kvantitativa uppgifterna om medel, webbtidbok och indikatorer, så att den kvalitativa och den kvantitativa uppföljningen kan läsas tillsammans."
            .into(),
    }];
    for r in &data.regions {
        blocks.extend(profile(data, r));
    }
    Section {
        id: "regionprofiler".into(),
        title: "Bilaga. Omställningen i de 21 regionerna".into(),
        appendix: true,
        blocks,
    }
}

fn profile(data: &ReportData, r: &Region) -> Vec<Block> {
    let mut out = vec![Block::Heading {
        text: r.organisation.clone(),
    }];
    let mut facts = vec![Fact {
        label: format!("Folkmängd 31 december {}", r.population_year),
        value: fmt::int(r.population),
    }];
    if let Some(a) = &data.agreement
        && let Some(row) = a.rows.iter().find(|x| x.region == r.code.as_str())
    {
        facts.push(Fact {
            label: "Befolkningsandel".into(),
            value: fmt::percent(row.share_percent),
        });
        let kr = |v: Option<i64>| v.map_or_else(|| "uppgift saknas".to_string(), |v| format!("{} kr", fmt::int(v)));
        facts.push(Fact {
            label: format!("Erhållet, {}", a.agreement.short_name),
            value: kr(row.received_sek),
        });
        facts.push(Fact {
            label: "Redovisade kostnader".into(),
            value: kr(row.spent_sek),
        });
        facts.push(Fact {
            label: "Valideringsfynd".into(),
            value: finding_counts(&region_findings(a, r.code.as_str())),
        });
    }
    if let Some(w) = &data.web_booking
        && let Some(row) = w.rows.iter().find(|x| x.region == r.code)
    {
        facts.push(Fact {
            label: format!(
                "Webbtidbok {}: visa tid / boka tid",
                super::web_booking::month_sv(&w.period)
            ),
            value: format!("{} / {} mottagningar", row.visa_tid, row.boka_tid),
        });
    }
    out.push(Block::Facts { items: facts });

    if let Some(s) = data
        .strategies
        .as_ref()
        .and_then(|s| s.rows.iter().find(|x| x.region == r.code))
    {
        let mut items = vec![format!("Inriktningsdokument: {}", s.dokument)];
        if !s.politiskt_beslut.trim().is_empty() {
            items.push(format!("Politiskt beslut: {}", s.politiskt_beslut));
        }
        if !s.gemensamt_med_kommunerna.trim().is_empty() {
            items.push(format!("Tillsammans med kommunerna: {}", s.gemensamt_med_kommunerna));
        }
        out.push(Block::Label {
            text: format!("Strategi ({})", s.year),
        });
        out.push(Block::Bullets { items });
    }

    if let Some(a) = &data.agreement {
        let measures: Vec<_> = a
            .measures
            .iter()
            .filter(|(region, _)| *region == r.code)
            .map(|(_, m)| m)
            .collect();
        if measures.is_empty() {
            out.push(Block::Paragraph {
                text: format!(
                    "Regionen har inte redovisat några insatser inom {}.",
                    a.agreement.short_name
                ),
            });
        } else {
            out.push(Block::Label {
                text: format!("Redovisade insatser, {}", a.agreement.short_name),
            });
            let items = measures
                .iter()
                .map(|m| {
                    let mut s = String::new();
                    if m.part_of.is_some() {
                        s.push_str("varav ");
                    }
                    s.push_str(&m.title);
                    if let Some(amount) = m.cost {
                        s.push_str(&format!(
                            ": {}{} kr",
                            if m.approx { "cirka " } else { "" },
                            fmt::int(amount.0)
                        ));
                    }
                    let area = m
                        .area
                        .as_deref()
                        .and_then(|id| a.agreement.area(id))
                        .map(|x| x.name.clone())
                        .or_else(|| {
                            m.earmark
                                .as_deref()
                                .and_then(|id| a.agreement.earmark(id))
                                .map(|x| x.name.clone())
                        });
                    if let Some(area) = area {
                        s.push_str(&format!(" ({area})"));
                    }
                    s
                })
                .collect();
            out.push(Block::Bullets { items });
        }
        let findings = region_findings(a, r.code.as_str());
        if !findings.is_empty() {
            out.push(Block::Note {
                text: format!(
                    "Valideringsfynd: {}",
                    findings
                        .iter()
                        .map(|f| format!("{} ({})", f.message, f.severity.label_sv()))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            });
        }
    }

    for d in &data.reports {
        // The measures of the allocation's agreement are listed above already.
        if data
            .agreement
            .as_ref()
            .is_some_and(|a| a.agreement.id == d.agreement.id)
        {
            continue;
        }
        let Some(rep) = d.reports.iter().find(|x| x.region == r.code) else {
            continue;
        };
        out.push(Block::Label {
            text: format!("Redovisning, {} ({})", d.agreement.short_name, reports::state_note(rep)),
        });
        let answers: Vec<String> = Question::ALL
            .iter()
            .filter_map(|q| {
                rep.content
                    .answers
                    .get(*q)
                    .map(|a| format!("{}: {a}", question_label(*q)))
            })
            .collect();
        if !answers.is_empty() {
            out.push(Block::Bullets { items: answers });
        }
        let items: Vec<String> = rep
            .content
            .measures
            .iter()
            .map(|m| {
                let mut s = format!("{} – {}", m.title, reports::status_label(m));
                if let Some(p) = &m.period {
                    s.push_str(&format!(", {p}"));
                }
                if let Some(c) = m.cost {
                    s.push_str(&format!(", {} kr", fmt::int(c.0)));
                }
                if let Some(res) = &m.results {
                    s.push_str(&format!(". Resultat: {res}"));
                }
                s
            })
            .collect();
        if !items.is_empty() {
            out.push(Block::Bullets { items });
        }
    }

    if let Some(ind) = &data.indicators
        && !ind.indicators.is_empty()
    {
        let series: Vec<_> = ind.indicators.iter().collect();
        let suppressed = series
            .iter()
            .any(|s| s.value(r.code) == crate::data::IndicatorValue::Suppressed);
        let mut notes = Vec::new();
        if suppressed {
            notes.push(indicators::SUPPRESSION_NOTE.to_string());
        }
        out.push(Block::Table(Table {
            number: None,
            title: format!("Indikatorer för {}", r.name),
            caption: None,
            head: vec!["Indikator".into(), "Period".into(), r.name.clone(), "Riket".into()],
            numeric: vec![false, false, true, true],
            rows: series
                .iter()
                .map(|s| {
                    vec![
                        Cell::text(if s.unit.is_empty() {
                            s.name.clone()
                        } else {
                            format!("{} ({})", s.name, s.unit)
                        }),
                        Cell::text(&s.period),
                        indicators::cell(s.value(r.code)),
                        indicators::cell(s.national),
                    ]
                })
                .collect(),
            total: None,
            source: {
                let mut s: Vec<&str> = series.iter().map(|s| s.source.as_str()).collect();
                s.dedup();
                s.join("; ")
            },
            notes,
            widths: vec![6, 2, 2, 2],
        }));
    }
    // The qualitative follow-up next to the numbers: coded quotes and the theme's indicator.
    out.extend(super::themes::profile_blocks(data, r.code));
    out
}

/// A short Swedish label for each of SKR's four questions.
fn question_label(q: Question) -> &'static str {
    match q {
        Question::Decisions => "Formella beslut",
        Question::Organisation => "Organisation",
        Question::Changes => "Konkreta förändringar",
        Question::Economy => "Ekonomi",
    }
}
