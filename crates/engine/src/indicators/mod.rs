//! The indicators of the contract, one module each, registered in [`all`].
//!
//! Every indicator is one SQL query over the tables `contacts`, `visits`,
//! `stays` and `population` (typed as in [`crate::schema`]) that returns the
//! columns `region, sex, yr, mon, numerator, denominator`: `region` is a
//! county code or `00`, `sex` is `K`, `M` or `alla`, `mon` is null for a year
//! cell. Rows whose denominator is 0 are dropped afterwards. Because the
//! definitions are plain DataFusion SQL, the same plans run locally and on a
//! Ballista cluster. Locally, an indicator with a streamed form
//! ([`Indicator::streamed`]) is computed as the records are read instead.

mod aterinskrivning;
mod digitala_besok;
mod kontinuitet;
mod undvikbar;
mod vardgaranti;

use uppsikt_domain::IndicatorDef;

use crate::schema::Table;
use crate::streamed::Partial;

/// One indicator of the contract: its definition (Swedish name, unit,
/// direction; read by the store, the annual report, the web and the API) and
/// its SQL, side by side in one file.
pub trait Indicator: Send + Sync {
    /// The definition; its `id` is the `indicator` column value, e.g. `vardgaranti_3d`.
    fn def(&self) -> &'static IndicatorDef;
    /// The tables the indicator reads; it is skipped when one is missing.
    fn tables(&self) -> &'static [Table];
    /// The SQL computing its cells (see the module documentation for the
    /// columns): the definition, run on Ballista, and locally when the
    /// indicator has no streamed form.
    fn sql(&self) -> String;
    /// A fresh partial result of the indicator computed as the records are
    /// read, when it has that form (one per reading thread; see
    /// [`crate::streamed`]). It must give the same rows as [`Indicator::sql`];
    /// `tests/streamed.rs` holds every streamed indicator to that.
    fn streamed(&self) -> Option<Box<dyn Partial>> {
        None
    }
    /// Whether primary suppression looks only at the numerator (rates over a population).
    fn numerator_only_suppression(&self) -> bool {
        self.def().scale.numerator_only_suppression()
    }
    /// The indicator's id.
    fn id(&self) -> &'static str {
        let def: &'static IndicatorDef = self.def();
        &def.id
    }
}

/// Defines an indicator's definition as a `static`, from string literals.
#[macro_export]
macro_rules! indicator_def {
    ($name:ident { id: $id:literal, name_sv: $n:literal, description_sv: $d:literal, unit_sv: $u:literal,
      scale: $scale:ident, direction: $dir:ident, monthly: $m:literal, source_sv: $src:literal $(,)? }) => {
        static $name: uppsikt_domain::IndicatorDef = uppsikt_domain::IndicatorDef {
            id: std::borrow::Cow::Borrowed($id),
            name_sv: std::borrow::Cow::Borrowed($n),
            description_sv: std::borrow::Cow::Borrowed($d),
            unit_sv: std::borrow::Cow::Borrowed($u),
            scale: uppsikt_domain::indicator::Scale::$scale,
            direction: uppsikt_domain::indicator::Direction::$dir,
            monthly: $m,
            source_sv: std::borrow::Cow::Borrowed($src),
            arrival: uppsikt_domain::indicator::Arrival::Register,
        };
    };
}

/// The definitions of every indicator the engine computes, in output order.
pub fn definitions() -> Vec<IndicatorDef> {
    all().iter().map(|i| i.def().clone()).collect()
}

/// Every indicator, in output order. Adding one = a new module + one line here.
pub fn all() -> Vec<&'static dyn Indicator> {
    vec![
        &aterinskrivning::Aterinskrivning30d,
        &digitala_besok::DigitalaBesok,
        &kontinuitet::KontinuitetLakare,
        &undvikbar::UndvikbarSlutenvard,
        &vardgaranti::Vardgaranti3d,
    ]
}

/// The key columns of a query grouped with [`grouping_sets`]: rolled-up
/// region is the whole country `00`, rolled-up sex is `alla`, rolled-up month is a year cell.
pub const KEYS: &str = "COALESCE(region, '00') AS region, COALESCE(sex, 'alla') AS sex, yr, mon";

/// `GROUPING SETS` over region (and the country), sex (and both), year and
/// month; when `monthly`, also the whole year. Expects columns `region, sex, yr, mon`
/// (`mon` null throughout when not `monthly`).
pub fn grouping_sets(monthly: bool) -> String {
    let mut sets = Vec::new();
    for region in ["region, ", ""] {
        for sex in ["sex, ", ""] {
            // Without months `mon` is always null and is kept as a grouping column.
            sets.push(format!("({region}{sex}yr, mon)"));
            if monthly {
                sets.push(format!("({region}{sex}yr)"));
            }
        }
    }
    format!("GROUPING SETS ({})", sets.join(", "))
}

/// The SQL of an additive indicator, whose numerator and denominator count
/// records. `records` selects `region, sex, day, hit` (`hit` 0 or 1), one row
/// per record in the denominator; `with` holds CTEs it uses (`name AS (…), `,
/// or empty). The records are first counted per region, sex and day, a few
/// thousand groups, and only those counts are rolled up into the grouping
/// sets. That is exact, because counts add up, and it spares grouping every
/// record eight times and taking the year and month of every record's date.
pub fn additive(with: &str, records: &str, monthly: bool) -> String {
    let mon = if monthly {
        month_of("day")
    } else {
        "CAST(NULL AS BIGINT)".to_string()
    };
    format!(
        "WITH {with}records AS ({records}),
         per_day AS (
           SELECT region, sex, day, SUM(hit) AS num, COUNT(*) AS den FROM records GROUP BY region, sex, day
         ),
         dated AS (SELECT region, sex, {yr} AS yr, {mon} AS mon, num, den FROM per_day)
         SELECT {KEYS}, CAST(SUM(num) AS BIGINT) AS numerator, CAST(SUM(den) AS BIGINT) AS denominator
         FROM dated GROUP BY {sets}",
        yr = year_of("day"),
        sets = grouping_sets(monthly),
    )
}

/// SQL for the calendar year of a date column, as BIGINT.
pub fn year_of(col: &str) -> String {
    format!("CAST(date_part('year', {col}) AS BIGINT)")
}

/// SQL for the month (1–12) of a date column, as BIGINT.
pub fn month_of(col: &str) -> String {
    format!("CAST(date_part('month', {col}) AS BIGINT)")
}
