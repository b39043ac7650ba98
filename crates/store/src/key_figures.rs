//! The public start page's key figures and the values its region map can
//! show: read models over the store, computed here so that the page only
//! formats them.

use serde::Serialize;
use uppsikt_domain::RegionCode;

use crate::{Result, Store, agreements, grants, indicators, registry, reports, web_booking};

/// The start page's key figures, with what each counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyFigures {
    /// Agreements in the store.
    pub agreements: usize,
    /// The sum of the agreements' totals, where the sources state one.
    pub total_sek: i64,
    /// How many agreements' totals are in `total_sek`.
    pub totals_known: usize,
    /// Whether any summed total is approximate in its source.
    pub totals_approximate: bool,
    /// Regions in the registry.
    pub regions: usize,
    /// Measures in the reports the regions have handed in, all agreements; lines that itemise
    /// another measure's cost are not counted again.
    pub measures: usize,
}

/// The key figures of the start page.
pub async fn key_figures(store: &Store) -> Result<KeyFigures> {
    let all = agreements::list(store).await?;
    let known: Vec<_> = all.iter().filter(|a| a.total_sek.is_some()).collect();
    let mut measures = 0;
    for a in &all {
        measures += reports::measures(store, &a.id, reports::Scope::HandedIn)
            .await?
            .iter()
            .filter(|(_, m)| m.part_of.is_none())
            .count();
    }
    Ok(KeyFigures {
        agreements: all.len(),
        total_sek: known.iter().filter_map(|a| a.total_sek.map(|s| s.0)).sum(),
        totals_known: known.len(),
        totals_approximate: known.iter().any(|a| a.total_note.is_some()),
        regions: registry::regions(store).await?.len(),
        measures,
    })
}

/// A value per region for the map (`None` where there is none), in region order.
pub type RegionValues = Vec<(RegionCode, Option<f64>)>;

/// Kronor received per inhabitant under `agreement`.
pub async fn received_per_inhabitant(store: &Store, agreement: &uppsikt_domain::AgreementId) -> Result<RegionValues> {
    let received = grants::grants(store, agreement).await?;
    Ok(registry::regions(store)
        .await?
        .iter()
        .map(|r| {
            let v = received
                .iter()
                .find(|g| g.region == r.code)
                .filter(|_| r.population > 0)
                .map(|g| g.received.0 as f64 / r.population as f64);
            (r.code, v)
        })
        .collect())
}

/// Care units where residents can book a time, in the latest month there are
/// figures for; with that month.
pub async fn web_booking_latest(store: &Store) -> Result<(Option<String>, RegionValues)> {
    let rows = web_booking::list(store).await?;
    let latest = rows.iter().map(|w| w.period.clone()).max();
    let values = RegionCode::all()
        .map(|code| {
            let v = rows
                .iter()
                .find(|w| w.region == code && Some(&w.period) == latest.as_ref())
                .map(|w| w.boka_tid as f64);
            (code, v)
        })
        .collect();
    Ok((latest, values))
}

/// A published indicator for both sexes in its latest year, with that year.
/// Suppressed cells have no value.
pub async fn indicator_latest_year(store: &Store, indicator: &str) -> Result<(Option<String>, RegionValues)> {
    let cells: Vec<_> = indicators::list(store, Some(indicator))
        .await?
        .into_iter()
        .map(|(c, _)| c.masked())
        .filter(|c| c.sex == "alla" && c.region != "00" && c.period.len() == 4)
        .collect();
    let latest = cells.iter().map(|c| c.period.clone()).max();
    let values = RegionCode::all()
        .map(|code| {
            let v = cells
                .iter()
                .find(|c| c.region == code.as_str() && Some(&c.period) == latest.as_ref())
                .and_then(|c| c.value);
            (code, v)
        })
        .collect();
    Ok((latest, values))
}
