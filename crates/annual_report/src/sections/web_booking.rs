//! Webbtidbok: Tabell 2 (care units with web booking per region), a bar
//! chart of it and a map of units that take bookings per 100 000 residents.

use super::{seed_note, swedish_key};
use crate::chart::{self, BarChart, Series};
use crate::data::ReportData;
use crate::doc::{Block, Cell, Figure, Numbering, Section, Table};
use crate::map::{self, Choropleth, MapValue};
use uppsikt_domain::format as fmt;

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// `2020-03` → `mars 2020`.
pub fn month_sv(period: &str) -> String {
    match (period.get(..4), period.get(5..7).and_then(|m| m.parse::<usize>().ok())) {
        (Some(y), Some(m)) if (1..=12).contains(&m) => format!("{} {}", MONTHS[m - 1], y),
        _ => period.to_string(),
    }
}

/// The web booking section, or `None` without data.
pub fn section(data: &ReportData, n: &mut Numbering) -> Option<Section> {
    let w = data.web_booking.as_ref()?;
    let month = month_sv(&w.period);
    let mut rows: Vec<_> = w.rows.iter().collect();
    rows.sort_by_key(|r| swedish_key(&data.region_name(r.region)));
    let names: Vec<String> = rows.iter().map(|r| data.region_name(r.region)).collect();
    let (visa, boka): (i64, i64) = (
        rows.iter().map(|r| r.visa_tid).sum(),
        rows.iter().map(|r| r.boka_tid).sum(),
    );
    let mut notes = vec![
        "Uppgift saknas om hur många mottagningar det finns totalt i respektive län som skulle kunna vara anslutna till webbtidbok, och om fördelningen mellan primärvård och specialistvård bland de anslutna."
            .to_string(),
    ];
    if let Some(first) = w.rows.first() {
        notes.push(seed_note(&first.source_seed, &first.source_section));
    }
    let table = Table {
        number: Some(n.table()),
        title: "Mottagningar med webbtidbok".into(),
        caption: Some(format!("Antal mottagningar per region med webbtidbok, {month}")),
        head: vec!["Region".into(), "Visa tid".into(), "Boka tid".into()],
        numeric: vec![false, true, true],
        rows: rows
            .iter()
            .zip(&names)
            .map(|(r, name)| {
                vec![
                    Cell::text(name),
                    Cell::text(fmt::int(r.visa_tid)),
                    Cell::text(fmt::int(r.boka_tid)),
                ]
            })
            .collect(),
        total: Some(vec![
            Cell::text("Totalt"),
            Cell::text(fmt::int(visa)),
            Cell::text(fmt::int(boka)),
        ]),
        source: "Inera".into(),
        notes,
        widths: vec![3, 2, 2],
    };
    let bars = chart::horizontal_bars(&BarChart {
        labels: names.clone(),
        series: vec![
            Series {
                name: "Visa tid".into(),
                values: rows.iter().map(|r| Some(r.visa_tid as f64)).collect(),
            },
            Series {
                name: "Boka tid".into(),
                values: rows.iter().map(|r| Some(r.boka_tid as f64)).collect(),
            },
        ],
        axis: "Antal mottagningar".into(),
        decimals: 0,
        reference: None,
        missing_mark: "–".into(),
        max: None,
    });
    let most = rows.iter().max_by_key(|r| (r.boka_tid, std::cmp::Reverse(r.region)));
    let least = rows.iter().min_by_key(|r| (r.boka_tid, r.region));
    let mut alt = format!(
        "Liggande stapeldiagram med två staplar per region: mottagningar som visar tid (ljus stapel) och som tar emot bokningar (mörk stapel) via webbtidbok, {month}. Totalt visar {} mottagningar tid och {} tar emot bokningar.",
        fmt::int(visa),
        fmt::int(boka)
    );
    if let (Some(m), Some(l)) = (most, least) {
        alt.push_str(&format!(
            " Flest mottagningar som tar emot bokningar har {} ({}), färst {} ({}). Värdena finns i {}.",
            data.region_name(m.region),
            m.boka_tid,
            data.region_name(l.region),
            l.boka_tid,
            table.number.clone().unwrap_or_default()
        ));
    }
    let bar_figure = Figure {
        number: n.figure(),
        title: "Mottagningar med webbtidbok per region".into(),
        caption: Some(format!(
            "Antal mottagningar som visar respektive bokar tid via webbtidbok, {month}"
        )),
        svg: bars,
        pdf_width: 0.95,
        alt,
        source: "Inera".into(),
        notes: vec![],
    };
    let per_capita: Vec<_> = data
        .regions
        .iter()
        .map(|r| {
            let v = w
                .rows
                .iter()
                .find(|x| x.region == r.code)
                .filter(|_| r.population > 0)
                .map(|x| 100_000.0 * x.boka_tid as f64 / r.population as f64);
            (r.code, r.name.clone(), v)
        })
        .collect();
    let svg = map::choropleth(&Choropleth {
        id: "karta-webbtidbok",
        values: per_capita
            .iter()
            .map(|(c, _, v)| (*c, v.map_or(MapValue::NoValue, MapValue::Value)))
            .collect(),
        decimals: 1,
        unit: "",
        title: "Mottagningar med webbtidbok per 100 000 invånare",
        no_value_label: "Uppgift saknas",
    });
    let pop_year = data.regions.first().map_or(0, |r| r.population_year);
    let mut sorted: Vec<_> = per_capita
        .iter()
        .filter_map(|(_, name, v)| v.map(|v| (name, v)))
        .collect();
    sorted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let map_alt = format!(
        "Karta över Sveriges 21 regioner, färgade efter antal mottagningar som tar emot bokningar via webbtidbok per 100 000 invånare, {month}; mörkare färg betyder fler. Per region, från flest till färst: {}.",
        sorted
            .iter()
            .map(|(name, v)| format!("{name} {}", fmt::dec(*v, 1)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let map_figure = Figure {
        number: n.figure(),
        title: "Mottagningar som tar emot bokningar via webbtidbok per 100 000 invånare".into(),
        caption: Some(format!("Boka tid per 100 000 invånare, {month}")),
        svg,
        pdf_width: 0.62,
        alt: map_alt,
        source: format!("Inera; folkmängd 31 december {pop_year}: SCB. {}", map::MAP_SOURCE),
        notes: vec![],
    };
    Some(Section {
        id: "webbtidbok".into(),
        title: "Införande av webbtidbok".into(),
        appendix: false,
        blocks: vec![
            Block::Paragraph {
                text: format!(
                    "{} ger en överblick över hur många mottagningar i respektive region som var anslutna till webbtidbok i {month}. Webbtidbok innebär att mottagningar erbjuder möjlighet att boka, alternativt endast av- eller omboka, en tid direkt i journalsystemets tidbok via 1177 Vårdguiden. {} visar antalen som diagram och {} antalet mottagningar som tar emot bokningar i förhållande till folkmängden.",
                    table.number.clone().unwrap_or_default(),
                    bar_figure.number,
                    map_figure.number
                ),
            },
            Block::Table(table),
            Block::Figure(bar_figure),
            Block::Figure(map_figure),
        ],
    })
}
