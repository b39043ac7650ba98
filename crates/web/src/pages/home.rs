//! The public start page: key figures, the region map, the latest report.

use axum::extract::State;
use maud::{Markup, html};
use serde::Deserialize;
use uppsikt_domain::format;
use uppsikt_store::key_figures::{self, RegionValues};
use uppsikt_store::{agreements, grants, indicators, registry};

use crate::auth::Viewer;
use crate::error::AppResult;
use crate::extract::Query;
use crate::pages::layout::page;
use crate::pages::map::MapValue;
use crate::state::AppState;

/// Query of the start page: which measure the map shows.
#[derive(Deserialize, Default)]
pub struct HomeQuery {
    /// `webbtidbok`, `mottaget-AGREEMENT` or `indikator-ID`.
    #[serde(default)]
    pub karta: Option<String>,
}

/// What the map can show: (choice, label).
async fn map_choices(state: &AppState) -> AppResult<Vec<(String, String)>> {
    let t = &state.t.home;
    let mut out = vec![("webbtidbok".to_string(), t.map_web_booking.clone())];
    for a in agreements::list(&state.store).await? {
        if !grants::grants(&state.store, &a.id).await?.is_empty() {
            out.push((
                format!("mottaget-{}", a.id),
                uppsikt_domain::i18n::fill(&t.map_received, &[("agreement", &a.short_name)]),
            ));
        }
    }
    let defs = indicators::definitions(&state.store).await?;
    let cells = indicators::list(&state.store, None).await?;
    let mut ids: Vec<(String, bool)> = cells.iter().map(|(c, s)| (c.indicator.clone(), s.synthetic)).collect();
    ids.dedup_by(|a, b| a.0 == b.0);
    for (id, synthetic) in ids {
        let label = defs
            .iter()
            .find(|d| d.id == id)
            .map_or_else(|| id.clone(), |d| d.label_sv());
        let label = if synthetic {
            format!("{label} ({})", state.t.site.synthetic_note.to_lowercase())
        } else {
            label
        };
        out.push((format!("indikator-{id}"), label));
    }
    Ok(out)
}

/// How a map's values are printed: decimals and unit.
#[derive(Clone, Copy)]
struct MapFormat {
    decimals: usize,
    unit: &'static str,
}

/// The values of a map choice, formatted, with the period they are for and their format.
async fn map_values(state: &AppState, choice: &str) -> AppResult<(Vec<MapValue>, Option<String>, MapFormat)> {
    let (period, values, decimals, unit): (Option<String>, RegionValues, usize, &str) =
        if let Some(id) = choice.strip_prefix("indikator-") {
            let (period, v) = key_figures::indicator_latest_year(&state.store, id).await?;
            (period, v, 1, "")
        } else if let Some(agreement) = choice.strip_prefix("mottaget-") {
            let a = agreements::get(&state.store, agreement).await?;
            (
                None,
                key_figures::received_per_inhabitant(&state.store, &a.id).await?,
                0,
                " kr",
            )
        } else {
            let (period, v) = key_figures::web_booking_latest(&state.store).await?;
            (period, v, 0, "")
        };
    let regions = registry::regions(&state.store).await?;
    let out = values
        .into_iter()
        .map(|(code, value)| MapValue {
            code: code.to_string(),
            name: regions
                .iter()
                .find(|r| r.code == code)
                .map_or_else(|| code.to_string(), |r| r.name.clone()),
            value,
            label: value.map_or_else(
                || format::DASH.to_string(),
                |x| format!("{}{unit}", format::dec(x, decimals)),
            ),
        })
        .collect();
    Ok((
        out,
        period,
        MapFormat {
            decimals,
            unit: unit.trim(),
        },
    ))
}

/// The newest published report's files, if any: (html, pdf).
pub fn published_report(state: &AppState) -> (bool, bool) {
    use uppsikt_annual_report::archive::Format;
    let a = crate::pages::publish::archive(state);
    a.live().map_or((false, false), |y| {
        (a.file(y, Format::Html).is_some(), a.file(y, Format::Pdf).is_some())
    })
}

/// The report crate's choropleth of the regions (real county boundaries).
fn region_map(values: &[MapValue], format: MapFormat, title: &str, no_data: &str) -> Markup {
    use uppsikt_annual_report::map::{Choropleth, MapValue as V, choropleth};
    let map = Choropleth {
        id: "home-map",
        values: values
            .iter()
            .filter_map(|v| {
                let code = v.code.parse().ok()?;
                Some((code, v.value.map(V::Value).unwrap_or(V::NoValue)))
            })
            .collect(),
        decimals: format.decimals,
        unit: format.unit,
        title,
        no_value_label: no_data,
    };
    maud::PreEscaped(choropleth(&map))
}

/// `GET /`
pub async fn show(State(state): State<AppState>, viewer: Viewer, Query(q): Query<HomeQuery>) -> AppResult<Markup> {
    let t = &state.t.home;
    let k = key_figures::key_figures(&state.store).await?;
    let choices = map_choices(&state).await?;
    let chosen = q
        .karta
        .filter(|k| choices.iter().any(|(id, _)| id == k))
        .unwrap_or_else(|| choices[0].0.clone());
    let chosen_label = choices
        .iter()
        .find(|(id, _)| *id == chosen)
        .map(|c| c.1.clone())
        .unwrap_or_default();
    let (values, period, map_format) = map_values(&state, &chosen).await?;
    let chosen_label = match &period {
        Some(p) => format!("{chosen_label}, {p}"),
        None => chosen_label,
    };
    let (has_html, has_pdf) = published_report(&state);
    let body = html! {
        p.lead { (t.intro) }
        section aria-labelledby="kf" {
            h2 #kf { (t.key_figures) }
            dl.figures {
                div { dt { (t.agreements) } dd { (k.agreements) } }
                div {
                    dt { (t.total_sek) }
                    dd { @if k.totals_approximate { (t.approx_prefix) " " } (format::kronor(k.total_sek)) }
                    dd.small { (uppsikt_domain::i18n::fill(&t.total_sek_note, &[("known", &k.totals_known), ("all", &k.agreements)])) }
                }
                div { dt { (t.regions) } dd { (k.regions) } }
                div { dt { (t.measures) } dd { (k.measures) } dd.small { (t.measures_note) } }
            }
        }
        section aria-labelledby="map-h" {
            h2 #map-h { (t.map_title) }
            form.inline method="get" action="/" {
                label for="karta" { (t.map_indicator) }
                select #karta name="karta" {
                    @for (id, label) in &choices {
                        option value=(id) selected[*id == chosen] { (label) }
                    }
                }
                button type="submit" { (state.t.findings.show) }
            }
            div.map-wrap {
                figure #region-map role="group" aria-label=(chosen_label) {
                    (region_map(&values, map_format, &chosen_label, &t.map_no_data))
                    figcaption.caption { (uppsikt_annual_report::map::MAP_SOURCE) }
                }
                details {
                    summary { (chosen_label) }
                    table {
                        thead { tr { th scope="col" { (state.t.agreements.region) } th scope="col" { (chosen_label) } } }
                        tbody {
                            @for v in &values { tr { th scope="row" { (v.name) } td.num { (v.label) } } }
                        }
                    }
                }
            }
            p.caption { (t.map_caption) }
        }
        section aria-labelledby="rep" {
            h2 #rep { (t.latest_report) }
            @if has_html || has_pdf {
                ul {
                    @if has_html { li { a href="/rapport.html" { (t.download_html) } } }
                    @if has_pdf { li { a href="/rapport.pdf" { (t.download_pdf) } } }
                }
            } @else {
                p { (t.no_report) }
            }
        }
    };
    Ok(page(&state, &viewer, &t.title, body))
}
