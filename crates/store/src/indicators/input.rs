//! Reading a file of indicator cells to publish: the engine's output
//! (`shared/spec/register-data.md`, "Output", internal or `--publish`), or
//! values computed elsewhere in the same columns. Every problem is named with
//! file, row and column, and one problem refuses the whole file.
//!
//! Beyond the contract's columns, the file must keep disclosure control: an
//! unsuppressed cell whose numerator and denominator are given must not be
//! small (`primarily_suppressed`). Suppressed cells lose their numbers here,
//! whatever the file holds.

use std::collections::HashSet;

use uppsikt_domain::indicator::primarily_suppressed;
use uppsikt_domain::{IndicatorDef, InputProblem, InputProblems, RegionCode, tr};

use super::IndicatorCell;
use crate::csv_input::{RowCheck, decode, read_records};

/// The columns of the contract's output, in its order.
pub const COLUMNS: [&str; 8] = [
    "indicator",
    "region",
    "period",
    "sex",
    "numerator",
    "denominator",
    "value",
    "suppressed",
];

#[derive(serde::Deserialize)]
struct Row {
    indicator: String,
    region: String,
    period: String,
    sex: String,
    numerator: String,
    denominator: String,
    value: String,
    suppressed: String,
}

/// The cells of `bytes` (UTF-8 or Windows-1252), checked against `defs`.
pub fn read_cells(file: &str, bytes: &[u8], defs: &[IndicatorDef]) -> Result<Vec<IndicatorCell>, InputProblems> {
    let text = decode(bytes);
    let header: Vec<String> = text
        .lines()
        .next()
        .unwrap_or_default()
        .split(',')
        .map(|h| h.trim().to_string())
        .collect();
    let missing: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| !header.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        return Err(InputProblems(vec![InputProblem::cell(
            file,
            1,
            None,
            tr!(
                release.columns_missing,
                columns = missing.join(", "),
                expected = COLUMNS.join(",")
            ),
        )]));
    }
    let mut seen = HashSet::new();
    let cells = read_records::<Row, _>(file, &text, |r, c| {
        let cell = check_row(r, c, defs)?;
        if !seen.insert((
            cell.indicator.clone(),
            cell.region.clone(),
            cell.period.clone(),
            cell.sex.clone(),
        )) {
            c.fail("indicator", tr!(release.key_twice));
            return None;
        }
        Some(cell)
    })?;
    if cells.is_empty() {
        return Err(InputProblems(vec![InputProblem::file(file, tr!(release.empty))]));
    }
    Ok(cells)
}

fn check_row(r: Row, c: &mut RowCheck, defs: &[IndicatorDef]) -> Option<IndicatorCell> {
    let before = c.problems();
    let def = defs.iter().find(|d| d.id == r.indicator);
    if def.is_none() {
        c.fail("indicator", tr!(store.undefined_indicator, id = r.indicator));
    }
    if r.region != "00" && r.region.parse::<RegionCode>().is_err() {
        c.fail("region", tr!(release.bad_region, region = r.region));
    }
    if !period_ok(&r.period, def.is_none_or(|d| d.monthly)) {
        c.fail("period", tr!(release.bad_period, period = r.period));
    }
    if !matches!(r.sex.as_str(), "K" | "M" | "alla") {
        c.fail("sex", tr!(release.bad_sex, sex = r.sex));
    }
    let suppressed = match r.suppressed.as_str() {
        "true" => true,
        "false" => false,
        other => {
            c.fail("suppressed", tr!(input.not_a_boolean, value = other));
            false
        }
    };
    let count = |c: &mut RowCheck, column: &str, text: &str| -> Option<i64> {
        if text.is_empty() {
            return None;
        }
        match text.parse::<i64>() {
            Ok(n) if n >= 0 => Some(n),
            _ => {
                c.fail(column, tr!(release.bad_count, value = text));
                None
            }
        }
    };
    let numerator = count(c, "numerator", &r.numerator);
    let denominator = count(c, "denominator", &r.denominator);
    let value = if r.value.is_empty() {
        None
    } else {
        match r.value.parse::<f64>() {
            Ok(v) if v.is_finite() => Some(v),
            _ => {
                c.fail("value", tr!(release.bad_value, value = r.value));
                None
            }
        }
    };
    if !suppressed {
        if r.value.is_empty() {
            c.fail("value", tr!(release.value_missing));
        }
        let (n_given, d_given) = (!r.numerator.is_empty(), !r.denominator.is_empty());
        if n_given != d_given {
            let column = if n_given { "denominator" } else { "numerator" };
            c.fail(column, tr!(release.both_or_neither));
        } else if let (Some(n), Some(d)) = (numerator, denominator) {
            if d == 0 {
                c.fail("denominator", tr!(release.zero_denominator));
            } else if def.is_some_and(|def| primarily_suppressed(n, d, def.scale.numerator_only_suppression())) {
                c.fail(
                    "suppressed",
                    tr!(release.not_suppressed, numerator = n, denominator = d),
                );
            }
        }
    }
    if c.problems() > before {
        return None;
    }
    Some(
        IndicatorCell {
            indicator: r.indicator,
            region: r.region,
            period: r.period,
            sex: r.sex,
            numerator,
            denominator,
            value: value.map(|v| (v * 10.0).round() / 10.0),
            suppressed,
        }
        .masked(),
    )
}

/// `YYYY`, or `YYYY-MM` where monthly cells are allowed; years 1900–2199.
fn period_ok(period: &str, monthly: bool) -> bool {
    let year_ok = |y: &str| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) && ("1900".."2200").contains(&y);
    match period.split_once('-') {
        None => year_ok(period),
        Some((y, m)) => monthly && year_ok(y) && m.len() == 2 && m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m)),
    }
}

#[cfg(test)]
mod tests {
    use super::period_ok;

    #[test]
    fn periods_are_years_or_months_where_allowed() {
        assert!(period_ok("2021", false));
        assert!(period_ok("2021-03", true));
        assert!(!period_ok("2021-03", false));
        assert!(!period_ok("2021-13", true));
        assert!(!period_ok("21", false));
        assert!(!period_ok("1899", false));
    }
}
