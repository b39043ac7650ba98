//! Sammanfattning: the key figures of every dataset in the report.

use uppsikt_domain::validation::Severity;

use crate::data::{IndicatorValue, ReportData};
use crate::doc::{Block, Fact, Section};
use uppsikt_domain::format as fmt;

/// The summary section; always present.
pub fn section(data: &ReportData) -> Section {
    let mut facts = vec![Fact {
        label: "Regioner".into(),
        value: fmt::int(data.regions.len() as i64),
    }];
    let mut bullets = Vec::new();
    if let Some(a) = &data.agreement {
        let received: i64 = a.rows.iter().filter_map(|r| r.received_sek).sum();
        let spent: i64 = a.rows.iter().filter_map(|r| r.spent_sek).sum();
        let reporting = a.rows.iter().filter(|r| r.received_sek.is_some()).count();
        if let Some(total) = a.agreement.total_sek {
            facts.push(Fact {
                label: format!("{}, totalt till regionerna", a.agreement.short_name),
                value: fmt::mnkr(total.0),
            });
        }
        facts.push(Fact {
            label: "Erhållet enligt regionerna".into(),
            value: fmt::mnkr(received),
        });
        facts.push(Fact {
            label: "Redovisade kostnader".into(),
            value: fmt::mnkr(spent),
        });
        let measures = a.measures.iter().filter(|(_, m)| m.part_of.is_none()).count();
        facts.push(Fact {
            label: "Redovisade insatser".into(),
            value: fmt::int(measures as i64),
        });
        let errors = a.findings.iter().filter(|f| f.severity == Severity::Error).count();
        let warnings = a.findings.iter().filter(|f| f.severity == Severity::Warning).count();
        bullets.push(format!(
            "{} av {} regioner har redovisat vad de erhållit inom {} och {} insatser. Redovisade kostnader uppgår till {} av erhållna {}.",
            reporting,
            data.regions.len(),
            a.agreement.short_name,
            measures,
            fmt::mnkr(spent),
            fmt::mnkr(received)
        ));
        bullets.push(format!(
            "Valideringen av redovisningarna gav {} fel och {} varningar; de redovisas per region i avsnittet om medel och i bilagan.",
            errors, warnings
        ));
    }
    if let Some(s) = &data.strategies {
        bullets.push(format!(
            "{} regioner redovisar ett inriktningsdokument för omställningen till en mer nära vård ({}).",
            s.rows.len(),
            s.year
        ));
    }
    if let Some(w) = &data.web_booking {
        let visa: i64 = w.rows.iter().map(|r| r.visa_tid).sum();
        let boka: i64 = w.rows.iter().map(|r| r.boka_tid).sum();
        facts.push(Fact {
            label: format!(
                "Mottagningar där invånare kan boka tid via webbtidbok, {}",
                super::web_booking::month_sv(&w.period)
            ),
            value: fmt::int(boka),
        });
        bullets.push(format!(
            "I {} kunde invånarna se sina tider via webbtidbok hos {} mottagningar och boka tid hos {}.",
            super::web_booking::month_sv(&w.period),
            fmt::int(visa),
            fmt::int(boka)
        ));
    }
    if let Some(s) = &data.survey {
        let rate = if s.population > 0 {
            100.0 * s.responded as f64 / s.population as f64
        } else {
            0.0
        };
        facts.push(Fact {
            label: "Svarsfrekvens i enkäten till kommunerna".into(),
            value: format!("{} av {} ({})", s.responded, s.population, fmt::percent(rate)),
        });
        bullets.push(format!(
            "Enkäten till kommunerna besvarades av {} av {} kommuner ({}).",
            s.responded,
            s.population,
            fmt::percent(rate)
        ));
    }
    if let Some(ind) = &data.indicators {
        facts.push(Fact {
            label: "Indikatorer per region".into(),
            value: fmt::int(ind.indicators.len() as i64),
        });
        let suppressed = ind
            .indicators
            .iter()
            .flat_map(|s| s.regions.iter())
            .filter(|(_, v)| *v == IndicatorValue::Suppressed)
            .count();
        if suppressed > 0 {
            bullets.push(format!(
                "{} regionvärden för indikatorerna är skyddade av röjandeskäl och redovisas som –.",
                suppressed
            ));
        }
    }
    let mut blocks = vec![
        Block::Paragraph {
            text: format!(
                "Rapporten sammanfattar uppföljningen {} av omställningen till en mer nära vård: hur statens medel har fördelats och använts, regionernas strategier och insatser, kommunernas bedömningar och utvecklingen av indikatorer per region.",
                data.year
            ),
        },
        Block::Facts { items: facts },
    ];
    if !bullets.is_empty() {
        blocks.push(Block::Bullets { items: bullets });
    }
    Section {
        id: "sammanfattning".into(),
        title: "Sammanfattning".into(),
        appendix: false,
        blocks,
    }
}
