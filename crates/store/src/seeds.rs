//! The real data of the seed texts, transcribed into `data/seeds/` (see its
//! README for every interpretation), embedded here and loaded by `demo`.
//! Every record keeps its source: seed file and table or section.

use std::collections::HashSet;

use serde::Deserialize;
use uppsikt_domain::source::{SEED_FOLLOW_UP_2020, SEED_SPENDING_2017};
use uppsikt_domain::{Agreement, AgreementId, GrantReceived, Measure, RegionCode, Sek, Source};

use crate::csv_input::{InputError, InputErrors, read_records};
use crate::datasets::{self, Strategy, WebBooking};
use crate::{Store, agreements, grants};

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
pub fn grants_2017() -> Result<Vec<GrantReceived>, InputErrors> {
    let agreement: AgreementId = AGREEMENT_2017.parse().expect("valid slug");
    read_records::<GrantRow, _>(GRANTS_FILE, GRANTS_CSV, |r, c| {
        let region: RegionCode = c.parse("region", &r.region)?;
        if r.received_sek < 0 || r.earmarked_sek.is_some_and(|e| e < 0 || e > r.received_sek) {
            c.fail(
                "earmarked_sek",
                "amounts must be non-negative and the earmarked part within the total",
            );
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

/// The 2017 spending lines, checked against the agreement's areas and earmarks.
pub fn measures_2017(agreement: &Agreement) -> Result<Vec<Measure>, InputErrors> {
    let mut seen = HashSet::new();
    let measures = read_records::<MeasureRow, _>(MEASURES_FILE, MEASURES_CSV, |r, c| {
        let region: RegionCode = c.parse("region", &r.region)?;
        let area = nonempty(r.area);
        let earmark = nonempty(r.earmark);
        if let Some(a) = &area
            && agreement.area(a).is_none()
        {
            c.fail("area", format!("'{a}' is not a development area of {}", agreement.id));
        }
        if let Some(e) = &earmark
            && agreement.earmark(e).is_none()
        {
            c.fail("earmark", format!("'{e}' is not an earmarked part of {}", agreement.id));
        }
        if !seen.insert((region, r.seq)) {
            c.fail("seq", format!("region {region} has seq {} twice", r.seq));
        }
        Some(Measure {
            agreement: agreement.id.clone(),
            region,
            seq: r.seq,
            title: r.title,
            amount: r.amount_sek.map(Sek),
            approx: r.approx,
            area,
            earmark,
            parent_seq: r.parent_seq,
            source: Source {
                seed: SEED_SPENDING_2017.into(),
                section: r.section,
                quote: Some(r.quote),
            },
        })
    })?;
    let problems: Vec<InputError> = measures
        .iter()
        .filter(|m| m.parent_seq.is_some_and(|p| !seen.contains(&(m.region, p))))
        .map(|m| InputError {
            file: MEASURES_FILE.into(),
            row: 0,
            column: Some("parent_seq".into()),
            problem: format!(
                "region {} seq {}: parent {} does not exist",
                m.region,
                m.seq,
                m.parent_seq.unwrap()
            ),
        })
        .collect();
    if problems.is_empty() {
        Ok(measures)
    } else {
        Err(InputErrors(problems))
    }
}

/// Tabell 2: care units with web booking per region, March 2020 (source: Inera).
pub fn web_booking() -> Result<Vec<WebBooking>, InputErrors> {
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
pub fn strategies() -> Result<Vec<Strategy>, InputErrors> {
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

/// Loads every seed dataset in one transaction; running it again gives the same database.
pub async fn load(store: &Store) -> anyhow::Result<()> {
    let agreement = agreements::get(store, AGREEMENT_2017).await?;
    let g = grants_2017()?;
    let m = measures_2017(&agreement)?;
    let w = web_booking()?;
    let s = strategies()?;
    let mut tx = store.pool().begin().await?;
    grants::replace_grants(&mut tx, &agreement.id, SEED_SPENDING_2017, &g).await?;
    grants::replace_measures(&mut tx, &agreement.id, SEED_SPENDING_2017, &m).await?;
    datasets::replace_web_booking(&mut tx, &w).await?;
    datasets::replace_strategies(&mut tx, &s).await?;
    tx.commit().await?;
    Ok(())
}
