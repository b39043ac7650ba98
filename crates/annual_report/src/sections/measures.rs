//! Insatser: the regions' reported measures by development area and per region.

use std::collections::BTreeMap;

use uppsikt_domain::{Measure, RegionCode};

use crate::data::{AgreementData, ReportData};
use crate::doc::{Block, Cell, Numbering, Section, Table};
use uppsikt_domain::format as fmt;

/// The area (or earmarked part) a measure is counted under, in the agreement's order.
fn area_of(a: &AgreementData, m: &Measure) -> (usize, String) {
    let ag = &a.agreement;
    if let Some(i) = m
        .area
        .as_deref()
        .and_then(|id| ag.areas.iter().position(|x| x.id == id))
    {
        return (i, ag.areas[i].name.clone());
    }
    if let Some(i) = m
        .earmark
        .as_deref()
        .and_then(|id| ag.earmarks.iter().position(|x| x.id == id))
    {
        return (ag.areas.len() + i, format!("Öronmärkt: {}", ag.earmarks[i].name));
    }
    (usize::MAX, "Ej kopplad till utvecklingsområde".into())
}

#[derive(Default)]
struct Tally {
    count: i64,
    with_amount: i64,
    amount: i64,
}

impl Tally {
    fn add(&mut self, m: &Measure) {
        self.count += 1;
        if let Some(a) = m.cost {
            self.with_amount += 1;
            self.amount += a.0;
        }
    }

    fn cells(&self) -> [Cell; 3] {
        [
            Cell::text(fmt::int(self.count)),
            Cell::text(fmt::int(self.with_amount)),
            Cell::text(fmt::int(self.amount)),
        ]
    }
}

/// The measures section, or `None` without reported measures.
pub fn section(data: &ReportData, n: &mut Numbering) -> Option<Section> {
    let a = data.agreement.as_ref()?;
    if a.measures.is_empty() {
        return None;
    }
    // Itemised lines (part_of) make up a total reported as another measure: count the total only.
    let top: Vec<&(RegionCode, Measure)> = a.measures.iter().filter(|(_, m)| m.part_of.is_none()).collect();
    let mut by_area: BTreeMap<(usize, String), Tally> = BTreeMap::new();
    for (_, m) in &top {
        by_area.entry(area_of(a, m)).or_default().add(m);
    }
    let mut all = Tally::default();
    top.iter().for_each(|(_, m)| all.add(m));
    let head = vec![
        "Antal insatser".to_string(),
        "Varav med belopp".to_string(),
        "Belopp (kr)".to_string(),
    ];
    let itemised = a.measures.len() - top.len();
    let mut notes = vec![
        "Insatserna är placerade i ett utvecklingsområde endast där regionens redovisning själv gör det.".to_string(),
    ];
    if itemised > 0 {
        notes.push(format!(
            "{itemised} delposter som specificerar en redovisad summa ingår i den summan och räknas inte separat."
        ));
    }
    let source = "Regionernas redovisningar".to_string();
    let t_area = Table {
        number: Some(n.table()),
        title: format!("Redovisade insatser per utvecklingsområde, {}", a.agreement.short_name),
        caption: Some("Antal insatser, antal med angivet belopp och summa belopp (kronor)".into()),
        head: std::iter::once("Utvecklingsområde".to_string())
            .chain(head.clone())
            .collect(),
        numeric: vec![false, true, true, true],
        rows: by_area
            .iter()
            .map(|((_, name), t)| std::iter::once(Cell::text(name)).chain(t.cells()).collect())
            .collect(),
        total: Some(std::iter::once(Cell::text("Totalt")).chain(all.cells()).collect()),
        source: source.clone(),
        notes,
        widths: vec![6, 2, 2, 3],
    };
    let t_region = Table {
        number: Some(n.table()),
        title: format!("Redovisade insatser per region, {}", a.agreement.short_name),
        caption: Some("Antal insatser, antal med angivet belopp och summa belopp (kronor)".into()),
        head: std::iter::once("Region".to_string()).chain(head).collect(),
        numeric: vec![false, true, true, true],
        rows: data
            .regions
            .iter()
            .map(|r| {
                let mut t = Tally::default();
                top.iter()
                    .filter(|(region, _)| *region == r.code)
                    .for_each(|(_, m)| t.add(m));
                std::iter::once(Cell::text(&r.name)).chain(t.cells()).collect()
            })
            .collect(),
        total: Some(std::iter::once(Cell::text("Riket")).chain(all.cells()).collect()),
        source,
        notes: vec![],
        widths: vec![4, 2, 2, 3],
    };
    Some(Section {
        id: "insatser".into(),
        title: "Insatser per utvecklingsområde".into(),
        appendix: false,
        blocks: vec![
            Block::Paragraph {
                text: format!(
                    "Regionerna har redovisat {} insatser inom {}. {} visar dem per utvecklingsområde i överenskommelsen och {} per region. Varje regions insatser beskrivs i bilagan.",
                    all.count,
                    a.agreement.short_name,
                    t_area.number.clone().unwrap_or_default(),
                    t_region.number.clone().unwrap_or_default()
                ),
            },
            Block::Table(t_area),
            Block::Table(t_region),
        ],
    })
}
