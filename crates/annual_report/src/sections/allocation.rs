//! Medel och fördelning: allocation by population share next to what each
//! region reports receiving and spending, and the validation findings.

use uppsikt_domain::validation::{Finding, Severity};

use crate::data::{AgreementData, ReportData};
use crate::doc::{Block, Cell, Numbering, Section, Table};
use uppsikt_domain::format as fmt;

fn opt_kr(v: Option<i64>) -> Cell {
    Cell::text(v.map_or_else(|| "..".to_string(), fmt::int))
}

/// `1 fel, 2 varningar` for the region's findings, or `–`.
pub fn finding_counts(findings: &[&Finding]) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let mut parts = Vec::new();
    match count(Severity::Error) {
        0 => {}
        1 => parts.push("1 fel".to_string()),
        k => parts.push(format!("{k} fel")),
    }
    match count(Severity::Warning) {
        0 => {}
        1 => parts.push("1 varning".to_string()),
        k => parts.push(format!("{k} varningar")),
    }
    match count(Severity::Info) {
        0 => {}
        k => parts.push(format!("{k} info")),
    }
    if parts.is_empty() {
        "Inga".into()
    } else {
        parts.join(", ")
    }
}

/// The findings concerning one region, in rule order.
pub fn region_findings<'a>(a: &'a AgreementData, code: &str) -> Vec<&'a Finding> {
    a.findings
        .iter()
        .filter(|f| f.region.as_deref() == Some(code))
        .collect()
}

fn sources(a: &AgreementData) -> String {
    let mut seeds: Vec<String> = a
        .measures
        .iter()
        .filter_map(|(_, m)| m.source.as_ref())
        .map(|s| uppsikt_domain::source::cite(&s.seed, ""))
        .collect();
    seeds.sort_unstable();
    seeds.dedup();
    let mut s = format!(
        "Folkmängd: SCB. Fördelning: {}. Erhållet och kostnader: regionernas redovisningar",
        uppsikt_domain::source::cite_all(&a.agreement.source)
    );
    if !seeds.is_empty() {
        s.push_str(&format!(" (hämtade ur {})", seeds.join(", ")));
    }
    s
}

/// The allocation section, or `None` when no agreement has been reported on.
pub fn section(data: &ReportData, n: &mut Numbering) -> Option<Section> {
    let a = data.agreement.as_ref()?;
    let ag = &a.agreement;
    let pop_year = data.regions.first().map_or(0, |r| r.population_year);
    let rows: Vec<Vec<Cell>> = a
        .rows
        .iter()
        .map(|r| {
            vec![
                Cell::text(&r.name),
                Cell::text(fmt::dec(r.share_percent, 2)),
                opt_kr(r.allocated_sek),
                opt_kr(r.received_sek),
                opt_kr(r.spent_sek),
                Cell::text(finding_counts(&region_findings(a, &r.region))),
            ]
        })
        .collect();
    let sum = |f: fn(&uppsikt_store::allocation_table::GrantRow) -> Option<i64>| {
        let v: Vec<i64> = a.rows.iter().filter_map(f).collect();
        if v.is_empty() { None } else { Some(v.iter().sum()) }
    };
    let agreement_wide: Vec<&Finding> = a.findings.iter().filter(|f| f.region.is_none()).collect();
    let total = vec![
        Cell::text("Riket"),
        Cell::text(fmt::dec(a.rows.iter().map(|r| r.share_percent).sum(), 2)),
        opt_kr(sum(|r| r.allocated_sek)),
        opt_kr(sum(|r| r.received_sek)),
        opt_kr(sum(|r| r.spent_sek)),
        Cell::text(if agreement_wide.is_empty() {
            String::new()
        } else {
            finding_counts(&agreement_wide)
        }),
    ];
    let mut notes = vec![format!(
        "Fördelat = överenskommelsens totalbelopp fördelat efter regionernas andel av folkmängden 31 december {pop_year}. Erhållet och redovisade kostnader är regionernas egna uppgifter; redovisade kostnader är summan av insatser med belopp (delposter räknas inte två gånger). .. = uppgift saknas."
    )];
    if let Some(note) = &ag.total_note {
        notes.push(format!("Totalbelopp: {note}"));
    }
    let alloc = Table {
        number: Some(n.table()),
        title: format!("Fördelning och användning av medel, {}", ag.short_name),
        caption: Some("Befolkningsandel (procent), fördelat, erhållet och redovisade kostnader (kronor) samt valideringsfynd per region".into()),
        head: vec![
            "Region".into(),
            "Befolkningsandel (%)".into(),
            "Fördelat (kr)".into(),
            "Erhållet (kr)".into(),
            "Redovisade kostnader (kr)".into(),
            "Valideringsfynd".into(),
        ],
        numeric: vec![false, true, true, true, true, false],
        rows,
        total: Some(total),
        source: sources(a),
        notes,
        widths: vec![3, 2, 3, 3, 3, 3],
    };
    let mut blocks = vec![Block::Paragraph {
        text: format!(
            "Överenskommelsen {} ({}){} omfattar {}. {} visar hur medlen fördelas efter befolkningsandel och vad regionerna själva redovisar att de har erhållit och använt.",
            ag.name,
            ag.year,
            ag.reference.as_ref().map(|r| format!(", {r},")).unwrap_or_default(),
            ag.total_sek.map_or_else(
                || "ett totalbelopp som inte anges i underlaget".to_string(),
                |t| fmt::mnkr(t.0)
            ),
            alloc.number.clone().unwrap_or_default()
        ),
    }];
    blocks.push(Block::Table(alloc));
    if !a.findings.is_empty() {
        let t = Table {
            number: Some(n.table()),
            title: format!("Valideringsfynd i regionernas redovisningar, {}", ag.short_name),
            caption: Some("Fynd från de automatiska kontrollerna av redovisningarna, per region och regel".into()),
            head: vec!["Region".into(), "Allvarlighet".into(), "Fynd".into()],
            numeric: vec![false, false, false],
            rows: a
                .findings
                .iter()
                .map(|f| {
                    let region = f
                        .region
                        .as_deref()
                        .and_then(|c| c.parse().ok())
                        .map_or_else(|| "Alla".to_string(), |c| data.region_name(c));
                    vec![Cell::text(region), Cell::text(f.severity.label_sv()), Cell::text(&f.message)]
                })
                .collect(),
            total: None,
            source: "Uppsikts valideringsregler (data/reference/validation-rules.toml) tillämpade på regionernas redovisningar".into(),
            notes: vec!["Fel ska rättas innan redovisningen godkänns; varningar ska förklaras eller rättas.".into()],
            widths: vec![2, 2, 8],
        };
        blocks.push(Block::Paragraph {
            text: format!(
                "Redovisningarna har kontrollerats mot uppföljningens valideringsregler. {} listar fynden.",
                t.number.clone().unwrap_or_default()
            ),
        });
        blocks.push(Block::Table(t));
    }
    Some(Section {
        id: "medel".into(),
        title: "Fördelade och använda medel".into(),
        appendix: false,
        blocks,
    })
}
