//! Published indicator values for the report: per indicator its latest year
//! up to the report's, with every earlier year for the trend; and the helper
//! both this and the SOU 2018:39 comparison read the published cells through.

use uppsikt_domain::RegionCode;
use uppsikt_domain::indicator::{Arrival, Scale};
use uppsikt_store::indicators::releases::Revised;
use uppsikt_store::indicators::{CellSource, IndicatorCell};
use uppsikt_store::{Result, Store, indicators};

use crate::data::{IndicatorData, IndicatorSeries, IndicatorValue, TrendYear};

/// One indicator's published yearly cells for both sexes together, in years up to the report's.
pub(crate) struct Yearly<'a> {
    cells: Vec<&'a (IndicatorCell, CellSource)>,
}

impl<'a> Yearly<'a> {
    /// The cells of `id` among `all` for years up to `year`.
    pub(crate) fn of(all: &'a [(IndicatorCell, CellSource)], id: &str, year: i32) -> Self {
        let cells = all
            .iter()
            .filter(|(c, _)| c.indicator == id && c.sex == "alla" && c.period.len() == 4)
            .filter(|(c, _)| c.period.parse::<i32>().is_ok_and(|y| y <= year))
            .collect();
        Yearly { cells }
    }

    /// The years with a cell, oldest first.
    pub(crate) fn years(&self) -> Vec<&'a str> {
        let mut years: Vec<&str> = self.cells.iter().map(|(c, _)| c.period.as_str()).collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// The value of `region` (`00` for the country) in `period`. A suppressed
    /// cell is [`IndicatorValue::Suppressed`] without its value, whatever the store holds.
    pub(crate) fn value(&self, region: &str, period: &str) -> IndicatorValue {
        self.cells
            .iter()
            .find(|(c, _)| c.period == period && c.region == region)
            .map_or(IndicatorValue::Missing, |(c, _)| match (c.suppressed, c.value) {
                (true, _) => IndicatorValue::Suppressed,
                (false, Some(v)) => IndicatorValue::Value(v),
                (false, None) => IndicatorValue::Missing,
            })
    }

    /// The country's and every region's value in `period`.
    pub(crate) fn year(&self, period: &str) -> TrendYear {
        TrendYear {
            year: period.to_string(),
            national: self.value("00", period),
            regions: RegionCode::all().map(|r| (r, self.value(r.as_str(), period))).collect(),
        }
    }

    /// The releases' source descriptions, sorted, each once.
    pub(crate) fn sources(&self) -> Vec<&'a str> {
        let mut s: Vec<&str> = self.cells.iter().map(|(_, s)| s.description.as_str()).collect();
        s.sort_unstable();
        s.dedup();
        s
    }

    /// Whether some cell is synthetic demo data.
    pub(crate) fn synthetic(&self) -> bool {
        self.cells.iter().any(|(_, s)| s.synthetic)
    }

    /// Whether some cell's current value was changed by a later release.
    pub(crate) fn revised(&self, revised: &Revised) -> bool {
        self.cells.iter().any(|(c, _)| revised.contains(c))
    }
}

/// What the store has published: every cell with its source, the
/// definitions and which current values are revisions; read once for the
/// indicator section and the SOU 2018:39 comparison.
pub(crate) struct Published {
    pub(crate) cells: Vec<(IndicatorCell, CellSource)>,
    pub(crate) defs: Vec<uppsikt_domain::IndicatorDef>,
    pub(crate) revised: Revised,
}

impl Published {
    /// Reads it from the store.
    pub(crate) async fn read(store: &Store) -> Result<Published> {
        Ok(Published {
            cells: indicators::list(store, None).await?,
            defs: indicators::definitions(store).await?,
            revised: indicators::releases::revised_now(store).await?,
        })
    }
}

/// The published indicators for `year`: per indicator its latest year up to
/// `year`, and every year up to it for the trend.
pub(crate) fn published(p: &Published, year: i32) -> Option<IndicatorData> {
    let Published { cells, defs, revised } = p;
    let mut ids: Vec<&str> = cells.iter().map(|(c, _)| c.indicator.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut series = Vec::new();
    for id in ids {
        let of = Yearly::of(cells, id, year);
        let years = of.years();
        let Some(period) = years.last() else {
            continue;
        };
        let latest = of.year(period);
        let sources = of.sources().join("; ");
        let synthetic = of.synthetic();
        // Every published cell's indicator has a stored definition; an old
        // database without one shows the id rather than nothing.
        let def = defs.iter().find(|d| d.id == id);
        let (name, unit, scale) = def.map_or_else(
            || (id.to_string(), String::new(), Scale::Percent),
            |d| (d.name_sv.to_string(), d.unit_sv.to_string(), d.scale),
        );
        series.push(IndicatorSeries {
            id: id.to_string(),
            name,
            unit,
            scale,
            national: latest.national,
            regions: latest.regions,
            synthetic,
            revised: of.revised(revised),
            // Register data says so; values imported from elsewhere cite their own source.
            source: match (synthetic, def.is_none_or(|d| d.arrival == Arrival::Register)) {
                (true, true) => format!("Syntetiska registerdata ({sources})"),
                (true, false) => format!("Syntetiska data ({sources})"),
                (false, true) => format!("Registeruppgifter ({sources})"),
                (false, false) => sources,
            },
            trend: years.iter().map(|y| of.year(y)).collect(),
            period: period.to_string(),
        });
    }
    (!series.is_empty()).then_some(IndicatorData { indicators: series })
}
