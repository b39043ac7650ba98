//! The real data of the seed texts, transcribed into `data/seeds/` (see its
//! README for every interpretation), embedded here and loaded by `demo`.
//! Every record keeps its source: seed file and table or section.

use std::collections::HashSet;

use serde::Deserialize;
use uppsikt_domain::source::{SEED_FOLLOW_UP_2020, SEED_SPENDING_2017};
use uppsikt_domain::{
    Agreement, AgreementId, GrantReceived, InputProblem, InputProblems, Measure, RegionCode, Sek, Source, tr,
};

use crate::csv_input::read_records;
use crate::strategies::{self, Strategy};
use crate::web_booking::{self, WebBooking};
use crate::{Result, Store, agreements, grants};

const GRANTS_FILE: &str = "data/seeds/professionsmiljarden-2017-grants.csv";
const GRANTS_CSV: &str = include_str!("../../../data/seeds/professionsmiljarden-2017-grants.csv");
const MEASURES_FILE: &str = "data/seeds/professionsmiljarden-2017-measures.csv";
const MEASURES_CSV: &str = include_str!("../../../data/seeds/professionsmiljarden-2017-measures.csv");
const WEB_BOOKING_FILE: &str = "data/seeds/webbtidbok-2020-03.csv";
const WEB_BOOKING_CSV: &str = include_str!("../../../data/seeds/webbtidbok-2020-03.csv");
const STRATEGIES_FILE: &str = "data/seeds/strategier-2019.csv";
const STRATEGIES_CSV: &str = include_str!("../../../data/seeds/strategier-2019.csv");

/// The agreement the 2017 spending seed reports on.
pub const AGREEMENT_2017: &str = "professionsmiljarden-2017";

#[derive(Deserialize)]
struct GrantRow {
    region: String,
    received_sek: i64,
    earmarked_sek: Option<i64>,
    approx: bool,
    quote: String,
    section: String,
    note: Option<String>,
}

#[derive(Deserialize)]
struct MeasureRow {
    region: String,
    seq: i32,
    title: String,
    amount_sek: Option<i64>,
    approx: bool,
    area: Option<String>,
    earmark: Option<String>,
    parent_seq: Option<i32>,
    quote: String,
    section: String,
}

#[derive(Deserialize)]
struct WebBookingRow {
    region: String,
    label: String,
    visa_tid: i64,
    boka_tid: i64,
}

#[derive(Deserialize)]
struct StrategyRow {
    region: String,
    label: String,
    dokument: String,
    politiskt_beslut: String,
    gemensamt_med_kommunerna: String,
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.filter(|v| !v.trim().is_empty())
}

/// The 2017 grants received, one per region.
pub fn grants_2017() -> Result<Vec<GrantReceived>, InputProblems> {
    let agreement: AgreementId = AGREEMENT_2017.parse().expect("valid slug");
    read_records::<GrantRow, _>(GRANTS_FILE, GRANTS_CSV, |r, c| {
        let region: RegionCode = c.parse("region", &r.region)?;
        if r.received_sek < 0 || r.earmarked_sek.is_some_and(|e| e < 0 || e > r.received_sek) {
            c.fail("earmarked_sek", tr!(input.earmark_outside_total));
            return None;
        }
        Some(GrantReceived {
            agreement: agreement.clone(),
            region,
            received: Sek(r.received_sek),
            earmarked: r.earmarked_sek.map(Sek),
            approx: r.approx,
            note: nonempty(r.note),
            source: Source {
                seed: SEED_SPENDING_2017.into(),
                section: r.section,
                quote: Some(r.quote),
            },
        })
    })
}

/// The 2017 spending lines per region, checked against the agreement's areas
/// and earmarks; a line's `seq` is its number in the region's report (1, 2, …
/// without gaps) and `parent_seq` the line it itemises.
pub fn measures_2017(agreement: &Agreement) -> Result<Vec<(RegionCode, Measure)>, InputProblems> {
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    let measures = read_records::<MeasureRow, _>(MEASURES_FILE, MEASURES_CSV, |r, c| {
        rows.push(c.row());
        let region: RegionCode = c.parse("region", &r.region)?;
        let area = nonempty(r.area);
        let earmark = nonempty(r.earmark);
        if let Some(a) = &area
            && agreement.area(a).is_none()
        {
            c.fail(
                "area",
                tr!(measure.unknown_area, area = a, agreement = agreement.short_name),
            );
        }
        if let Some(e) = &earmark
            && agreement.earmark(e).is_none()
        {
            c.fail(
                "earmark",
                tr!(input.unknown_earmark, earmark = e, agreement = agreement.short_name),
            );
        }
        let expected = seen.iter().filter(|(r, _)| *r == region).count() as i32 + 1;
        if r.seq != expected || !seen.insert((region, r.seq)) {
            c.fail(
                "seq",
                tr!(
                    input.seq_out_of_order,
                    region = region,
                    seq = r.seq,
                    expected = expected
                ),
            );
        }
        let measure = Measure {
            number: Some(r.seq),
            title: r.title,
            description: None,
            area,
            earmark,
            // The 2017 figures say what was spent, not how far each measure came.
            status: None,
            cost: r.amount_sek.map(Sek),
            grant_funded: None,
            approx: r.approx,
            period: Some(uppsikt_domain::measure::Period { from: 2017, to: 2017 }),
            results: None,
            target_group: None,
            part_of: r.parent_seq,
            source: Some(Source {
                seed: SEED_SPENDING_2017.into(),
                section: r.section,
                quote: Some(r.quote),
            }),
        };
        Some((region, measure))
    })?;
    // A line may itemise a total listed after it: check the links once all are read.
    let problems: Vec<InputProblem> = measures
        .iter()
        .zip(&rows)
        .filter_map(|((region, m), row)| {
            let parent = m.part_of?;
            (!seen.contains(&(*region, parent))).then(|| {
                InputProblem::cell(
                    MEASURES_FILE,
                    *row,
                    Some("parent_seq"),
                    tr!(input.unknown_parent, region = region, parent = parent),
                )
            })
        })
        .collect();
    if problems.is_empty() {
        Ok(measures)
    } else {
        Err(InputProblems(problems))
    }
}

/// Tabell 2: care units with web booking per region, March 2020 (source: Inera).
pub fn web_booking() -> Result<Vec<WebBooking>, InputProblems> {
    read_records::<WebBookingRow, _>(WEB_BOOKING_FILE, WEB_BOOKING_CSV, |r, c| {
        Some(WebBooking {
            region: c.parse("region", &r.region)?,
            period: "2020-03".into(),
            label: r.label,
            visa_tid: r.visa_tid,
            boka_tid: r.boka_tid,
            source_seed: SEED_FOLLOW_UP_2020.into(),
            source_section: "Tabell 2. Mottagningar med webbtidbok".into(),
        })
    })
}

/// Tabell 1: the regions' strategy documents, 2019 (source: the regions).
pub fn strategies() -> Result<Vec<Strategy>, InputProblems> {
    read_records::<StrategyRow, _>(STRATEGIES_FILE, STRATEGIES_CSV, |r, c| {
        Some(Strategy {
            region: c.parse("region", &r.region)?,
            year: 2019,
            label: r.label,
            dokument: r.dokument,
            politiskt_beslut: r.politiskt_beslut,
            gemensamt_med_kommunerna: r.gemensamt_med_kommunerna,
            source_seed: SEED_FOLLOW_UP_2020.into(),
            source_section: "Tabell 1. Inriktningsdokument för en mer nära vård".into(),
        })
    })
}

/// Loads the seed datasets that are not reports (grants received, web
/// booking, strategies) in one transaction; running it again gives the same
/// database. The 2017 spending lines become the regions' 2017 reports
/// ([`crate::reports::demo`]).
pub async fn load(store: &Store) -> Result<()> {
    let agreement = agreements::get(store, AGREEMENT_2017).await?;
    let g = grants_2017()?;
    measures_2017(&agreement)?;
    let w = web_booking()?;
    let s = strategies()?;
    let mut tx = store.pool().begin().await?;
    grants::replace_grants(&mut tx, &agreement.id, SEED_SPENDING_2017, &g).await?;
    web_booking::replace(&mut tx, &w).await?;
    strategies::replace(&mut tx, &s).await?;
    tx.commit().await?;
    Ok(())
}
