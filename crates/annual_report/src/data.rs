//! Everything the report shows, as plain data. [`ReportData`] is assembled in
//! one place ([`crate::assemble`]) from the store; the sections only read it,
//! so a section can be tested from a hand-built `ReportData`.

use serde::Serialize;
use uppsikt_domain::report::Report;
use uppsikt_domain::validation::Finding;
use uppsikt_domain::{Agreement, Measure, Region, RegionCode};
use uppsikt_store::allocation_table::GrantRow;
use uppsikt_store::reports::Rates;
use uppsikt_store::strategies::Strategy;
use uppsikt_store::web_booking::WebBooking;

/// The data of one annual report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportData {
    /// The report year: each section uses the latest data dated in or before it.
    pub year: i32,
    /// All 21 regions in SCB code order.
    pub regions: Vec<Region>,
    /// The regions' strategy documents, if any are dated in or before `year`.
    pub strategies: Option<StrategyData>,
    /// Care units with web booking, for the latest month in or before `year`.
    pub web_booking: Option<WebBookingData>,
    /// The latest agreement up to `year` that the regions have reported on.
    pub agreement: Option<AgreementData>,
    /// The regions' own reports, per agreement dated in or before `year`, newest first.
    pub reports: Vec<ReportsData>,
    /// The newest municipal survey up to `year` that anyone has answered.
    pub survey: Option<SurveyData>,
    /// Published register-data indicators, for their latest year up to the report's.
    pub indicators: Option<IndicatorData>,
    /// The qualitative follow-up's most frequent themes, with quotes from publishable documents.
    pub themes: Option<ThemeData>,
    /// The SOU 2018:39 quantities followed over two years or more up to `year`.
    pub quantities: Option<QuantityData>,
}

/// The SOU 2018:39 quantities over the years.
#[derive(Debug, Clone, Serialize)]
pub struct QuantityData {
    /// In the order of `SOU_2018_39`; only those with values in two years or more.
    pub quantities: Vec<QuantitySeries>,
}

/// One quantity: its first and latest year, per region and for the country.
#[derive(Debug, Clone, Serialize)]
pub struct QuantitySeries {
    /// The indicator's id.
    pub id: String,
    /// Its Swedish name.
    pub name: String,
    /// Its unit.
    pub unit: String,
    /// The first year with a published value.
    pub first: String,
    /// The latest year up to the report's.
    pub last: String,
    /// The country's (first, latest) values.
    pub national: (IndicatorValue, IndicatorValue),
    /// Each region's (first, latest) values, in region order.
    pub regions: Vec<(RegionCode, (IndicatorValue, IndicatorValue))>,
    /// Synthetic demo values.
    pub synthetic: bool,
    /// Some shown value was changed by a later release.
    pub revised: bool,
    /// Where the values come from.
    pub source: String,
}

/// The coded documents' themes, for the report's theme section and the profiles.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeData {
    /// Per agreement (by name; `None` for documents without one): the most frequent themes.
    pub groups: Vec<(Option<String>, Vec<ThemeRow>)>,
    /// Per region: themes with a quote about it, those linked to indicators first, then most frequent.
    pub by_region: Vec<(RegionCode, Vec<(ThemeRow, Quote)>)>,
    /// The coders whose codings are counted.
    pub coders: Vec<String>,
}

/// A top-level theme of the codebook (its sub-codes counted with it).
#[derive(Debug, Clone, Serialize)]
pub struct ThemeRow {
    /// The code's id.
    pub code_id: String,
    /// Its name.
    pub name: String,
    /// Documents coded with it.
    pub documents: u64,
    /// Its codings.
    pub codings: u64,
    /// The indicators the theme is linked to.
    pub indicators: Vec<String>,
    /// Up to two quotes.
    pub quotes: Vec<Quote>,
}

/// A coded passage that may be printed.
#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    /// The passage.
    pub text: String,
    /// The document's title.
    pub title: String,
    /// The document's region.
    pub region: Option<RegionCode>,
    /// Where the document comes from (seed and section, or synthetic).
    pub source: Option<String>,
}

impl ReportData {
    /// The region with this code (the registry always holds all 21).
    pub fn region(&self, code: RegionCode) -> Option<&Region> {
        self.regions.iter().find(|r| r.code == code)
    }

    /// The region's short name, or its code if the registry lacks it.
    pub fn region_name(&self, code: RegionCode) -> String {
        self.region(code)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| code.to_string())
    }
}

/// The regions' strategy documents (Tabell 1 of the 2020 follow-up).
#[derive(Debug, Clone, Serialize)]
pub struct StrategyData {
    /// The year the documents describe.
    pub year: i32,
    /// One row per region.
    pub rows: Vec<Strategy>,
}

/// Care units with web booking per region for one month.
#[derive(Debug, Clone, Serialize)]
pub struct WebBookingData {
    /// `YYYY-MM`.
    pub period: String,
    /// One row per region.
    pub rows: Vec<WebBooking>,
}

/// One agreement's allocation, what the regions reported and the validation findings.
#[derive(Debug, Clone, Serialize)]
pub struct AgreementData {
    /// The agreement.
    pub agreement: Agreement,
    /// One row per region, in region order.
    pub rows: Vec<GrantRow>,
    /// The measures of the regions' reports, with their region, by region and number.
    pub measures: Vec<(RegionCode, Measure)>,
    /// What the validation rules found in the regions' reports.
    pub findings: Vec<Finding>,
}

/// The regions' reports on one agreement and where each stands in review.
#[derive(Debug, Clone, Serialize)]
pub struct ReportsData {
    /// The agreement reported on.
    pub agreement: Agreement,
    /// Reporting rates and one status row per region.
    pub rates: Rates,
    /// The reports that exist, in region order.
    pub reports: Vec<Report>,
}

/// Results of a municipal survey.
#[derive(Debug, Clone, Serialize)]
pub struct SurveyData {
    /// The survey's id, e.g. `kommunenkat-2019`.
    pub id: String,
    /// The survey's title.
    pub title: String,
    /// The year the survey was sent.
    pub year: i32,
    /// When it could be answered, as text.
    pub period: Option<String>,
    /// Municipalities the survey is for (every municipality), the response rate's denominator.
    pub population: i64,
    /// Municipalities that responded.
    pub responded: i64,
    /// Of the responses, how many are synthetic (e.g. a reconstruction of published results).
    pub synthetic: i64,
    /// Where the questionnaire comes from.
    pub source: String,
    /// The closed questions (matrix rows count as questions), in questionnaire order.
    pub questions: Vec<SurveyQuestion>,
}

/// Counts per answer to one closed question.
#[derive(Debug, Clone, Serialize)]
pub struct SurveyQuestion {
    /// The answer id, e.g. `q3_dietist`.
    pub id: String,
    /// The matrix row's label, or the question text.
    pub label: String,
    /// Municipalities that answered this question.
    pub answered: i64,
    /// One count per answer code, in the questionnaire's order.
    pub answers: Vec<SurveyAnswer>,
}

/// One answer code's count.
#[derive(Debug, Clone, Serialize)]
pub struct SurveyAnswer {
    /// The answer code, e.g. `ja`.
    pub code: String,
    /// The answer option's label.
    pub label: String,
    /// Municipalities that gave this answer.
    pub count: i64,
}

impl SurveyQuestion {
    /// The count for answer `code` (0 when absent).
    pub fn count(&self, code: &str) -> i64 {
        self.answers.iter().find(|a| a.code == code).map_or(0, |a| a.count)
    }
}

/// Published indicator values per region for one period.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorData {
    /// One series per indicator, by id.
    pub indicators: Vec<IndicatorSeries>,
}

/// One indicator's values for the 21 regions and the country.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorSeries {
    /// The indicator's id.
    pub id: String,
    /// Its Swedish name, from its definition.
    pub name: String,
    /// Its unit, e.g. `procent` or `per 100 000 invånare`.
    pub unit: String,
    /// How its value follows from its counts (a percentage has 100 as its ceiling).
    pub scale: uppsikt_domain::indicator::Scale,
    /// The year the values are for.
    pub period: String,
    /// The value for the whole country (riket).
    pub national: IndicatorValue,
    /// One entry per region in region order; regions without a cell are `Missing`.
    pub regions: Vec<(RegionCode, IndicatorValue)>,
    /// The cells are synthetic demo data, not real register data.
    pub synthetic: bool,
    /// Some shown value was changed by a later release.
    pub revised: bool,
    /// Where the values come from, as the report cites it.
    pub source: String,
    /// Every year with published values up to the report's, oldest first
    /// (`period` last); the trend chart is drawn from two years.
    pub trend: Vec<TrendYear>,
}

/// One year of an indicator's trend: the country's value and every region's.
#[derive(Debug, Clone, Serialize)]
pub struct TrendYear {
    /// The year, `YYYY`.
    pub year: String,
    /// The value for the whole country (riket).
    pub national: IndicatorValue,
    /// One entry per region in region order.
    pub regions: Vec<(RegionCode, IndicatorValue)>,
}

/// A published indicator value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum IndicatorValue {
    /// The published value.
    Value(f64),
    /// Withheld by disclosure control; the value is not known to the report.
    Suppressed,
    /// No cell (the denominator was zero or the region had no data).
    Missing,
}

impl IndicatorSeries {
    /// The text beside a chart's value axis: the unit, or the name without one.
    pub fn axis(&self) -> String {
        if self.unit.is_empty() {
            self.name.clone()
        } else {
            self.unit.clone()
        }
    }

    /// The value for `region`.
    pub fn value(&self, region: RegionCode) -> IndicatorValue {
        self.regions
            .iter()
            .find(|(r, _)| *r == region)
            .map_or(IndicatorValue::Missing, |(_, v)| *v)
    }
}
