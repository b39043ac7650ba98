//! Choosing published indicator cells by indicator, region, period and sex,
//! for the explorer page and the API alike.

use serde::{Deserialize, Serialize};
use uppsikt_domain::IndicatorDef;
use uppsikt_store::indicators::{CellSource, IndicatorCell};

use crate::error::{AppError, AppResult};

/// The explorer's filters; empty means all (the indicator: the first one).
#[derive(Deserialize, Default, Clone)]
#[serde(default, deny_unknown_fields)]
pub struct Filter {
    /// An indicator id.
    pub indikator: String,
    /// A county code or `00`.
    pub region: String,
    /// `YYYY` or `YYYY-MM`.
    pub period: String,
    /// `K`, `M` or `alla`.
    pub kon: String,
    /// The API's page ([`crate::api::paging`]); the explorer shows its selection whole.
    pub page: Option<String>,
    /// The API's page size.
    pub per_page: Option<String>,
}

impl Filter {
    /// Refuses a filter naming what cannot exist, with a Swedish message
    /// naming the parameter (an unknown indicator is checked against `defs`).
    pub fn check(&self, defs: &[IndicatorDef]) -> AppResult<()> {
        let t = &uppsikt_domain::i18n::sv().indicators;
        let bad = |name: &str, value: &str| {
            Err(AppError::BadRequest(uppsikt_domain::i18n::fill(
                &t.bad_parameter,
                &[("name", &name), ("value", &value)],
            )))
        };
        if !self.indikator.is_empty() && !defs.iter().any(|d| d.id == self.indikator) {
            return bad("indikator", &self.indikator);
        }
        if !self.region.is_empty() && self.region != "00" && self.region.parse::<uppsikt_domain::RegionCode>().is_err()
        {
            return bad("region", &self.region);
        }
        let period_ok = |p: &str| {
            let b = p.as_bytes();
            (b.len() == 4 && b.iter().all(u8::is_ascii_digit))
                || (b.len() == 7 && b[4] == b'-' && b.iter().enumerate().all(|(i, c)| i == 4 || c.is_ascii_digit()))
        };
        if !self.period.is_empty() && !period_ok(&self.period) {
            return bad("period", &self.period);
        }
        if !matches!(self.kon.as_str(), "" | "K" | "M" | "alla") {
            return bad("kon", &self.kon);
        }
        Ok(())
    }
}

/// One cell as the API returns it: suppressed cells have no numbers.
#[derive(Serialize)]
pub struct CellOut {
    /// The cell.
    #[serde(flatten)]
    pub cell: IndicatorCell,
    /// Computed from synthetic data.
    pub synthetic: bool,
    /// Where it comes from.
    pub source: String,
}

/// Of `all` published cells (as `indicators::list` gives them), those
/// matching `f`, and every indicator id there is. A suppressed cell never
/// carries numbers, whatever the store holds.
pub fn select(all: &[(IndicatorCell, CellSource)], f: &Filter) -> (Vec<(IndicatorCell, CellSource)>, Vec<String>) {
    let mut ids: Vec<String> = all.iter().map(|(c, _)| c.indicator.clone()).collect();
    ids.dedup();
    let chosen = if f.indikator.is_empty() {
        ids.first().cloned().unwrap_or_default()
    } else {
        f.indikator.clone()
    };
    let out = all
        .iter()
        .filter(|(c, _)| c.indicator == chosen)
        .filter(|(c, _)| f.region.is_empty() || c.region == f.region)
        .filter(|(c, _)| f.period.is_empty() || c.period == f.period)
        .filter(|(c, _)| f.kon.is_empty() || c.sex == f.kon)
        .map(|(c, s)| (c.clone().masked(), s.clone()))
        .collect();
    (out, ids)
}

/// The API form of cells.
pub fn to_out(cells: Vec<(IndicatorCell, CellSource)>) -> Vec<CellOut> {
    cells
        .into_iter()
        .map(|(cell, s)| CellOut {
            cell,
            synthetic: s.synthetic,
            source: s.description,
        })
        .collect()
}
