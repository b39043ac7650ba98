//! The four quantities SOU 2018:39 asks to follow every year, as small
//! multiples on a region's profile: one chart per quantity with the region
//! against the country over the years, and the change since the first year.
//! A suppressed or missing year is a gap, never bridged; synthetic values
//! say so.

use maud::{Markup, html};
use uppsikt_domain::RegionCode;
use uppsikt_domain::format::signed_dec;
use uppsikt_domain::indicator::SOU_2018_39;
use uppsikt_store::indicators::{self, CellSource, IndicatorCell};

use crate::error::AppResult;
use crate::pages::chart::{Series, lines};
use crate::state::AppState;

/// The section, or nothing when none of the four has a published yearly value.
pub async fn four_quantities(state: &AppState, region: RegionCode, region_name: &str) -> AppResult<Option<Markup>> {
    let t = &state.t.sou;
    let defs = indicators::definitions(&state.store).await?;
    let all = indicators::list(&state.store, None).await?;
    let yearly = |id: &str, code: &str| -> Vec<&(IndicatorCell, CellSource)> {
        all.iter()
            .filter(|(c, _)| c.indicator == id && c.region == code && c.sex == "alla" && c.period.len() == 4)
            .collect()
    };
    let mut charts = Vec::new();
    let mut synthetic = false;
    for id in SOU_2018_39 {
        let (mine, nation) = (yearly(id, region.as_str()), yearly(id, "00"));
        let mut years: Vec<String> = mine.iter().chain(&nation).map(|(c, _)| c.period.clone()).collect();
        years.sort();
        years.dedup();
        if years.is_empty() {
            continue;
        }
        synthetic |= mine.iter().chain(&nation).any(|(_, s)| s.synthetic);
        let values = |cells: &[&(IndicatorCell, CellSource)]| -> Vec<Option<f64>> {
            years
                .iter()
                .map(|y| {
                    cells
                        .iter()
                        .find(|(c, _)| &c.period == y && !c.suppressed)
                        .and_then(|(c, _)| c.value)
                })
                .collect()
        };
        let series = vec![
            Series {
                label: state.t.indicators.nation.clone(),
                values: values(&nation),
                reference: true,
            },
            Series {
                label: region_name.to_string(),
                values: values(&mine),
                reference: false,
            },
        ];
        let name = defs
            .iter()
            .find(|d| d.id == id)
            .map_or_else(|| id.to_string(), |d| d.label_sv());
        charts.push((id, name, years, series));
    }
    if charts.is_empty() {
        return Ok(None);
    }
    Ok(Some(html! {
        section #sou-quantities aria-labelledby="sou-h" {
            h2 #sou-h { (t.title) }
            p { (t.intro) }
            @if synthetic { p.notice { strong { (state.t.site.synthetic_note) } ": " (t.synthetic) } }
            div.small-multiples {
                @for (id, name, years, series) in &charts {
                    figure.small-multiple {
                        figcaption { (name) }
                        (lines(&format!("sou-{id}"), name, years, series))
                        p.small { (t.change) ": " (change_since_first(&series[1].values)) }
                    }
                }
            }
        }
    }))
}

/// From the first year with a value to the last, e.g. `+2,4`; `–` without two.
fn change_since_first(values: &[Option<f64>]) -> String {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    match known.as_slice() {
        [first, .., last] => signed_dec(last - first, 1),
        _ => "–".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::change_since_first;

    #[test]
    fn the_change_runs_from_the_first_known_year_to_the_last() {
        assert_eq!(change_since_first(&[None, Some(10.0), None, Some(12.5)]), "+2,5");
        assert_eq!(change_since_first(&[Some(3.0)]), "–");
        assert_eq!(change_since_first(&[Some(3.0), Some(2.0)]), "\u{2212}1,0");
    }
}
