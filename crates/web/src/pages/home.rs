//! The public start page: key figures, the region map, the latest report.

use axum::extract::{Query, State};
use maud::{Markup, html};
use serde::Deserialize;
use uppsikt_store::{agreements, datasets, grants, registry};

use crate::auth::Viewer;
use crate::error::AppResult;
use crate::pages::format::{dec, int};
use crate::pages::layout::page;
use crate::pages::map::MapValue;
use crate::state::AppState;

/// Query of the start page: which indicator the map shows.
#[derive(Deserialize, Default)]
pub struct HomeQuery {
    #[serde(default)]
    pub karta: Option<String>,
}

/// An indicator the map can show: (id, label).
async fn map_choices(state: &AppState) -> anyhow::Result<Vec<(String, String)>> {
    let mut out = vec![(
        "webbtidbok".to_string(),
        "Vårdenheter med webbtidbok (boka tid)".to_string(),
    )];
    for a in agreements::list(&state.store).await? {
        if !grants::grants(&state.store, &a.id).await?.is_empty() {
            out.push((
                format!("mottaget-{}", a.id),
                format!("Mottaget per invånare (kr), {}", a.short_name),
            ));
        }
    }
    let cells = uppsikt_store::indicators::list(&state.store, None).await?;
    let mut ids: Vec<(String, bool)> = cells.iter().map(|(c, s)| (c.indicator.clone(), s.synthetic)).collect();
    ids.dedup_by(|a, b| a.0 == b.0);
    for (id, synthetic) in ids {
        let note = if synthetic { ", syntetiska registerdata" } else { "" };
        out.push((
            format!("indikator-{id}"),
            format!("Indikator: {id} (senaste period{note})"),
        ));
    }
    Ok(out)
}

/// Values of a published indicator: both sexes, latest period; suppressed cells have no value.
async fn indicator_values(state: &AppState, id: &str) -> anyhow::Result<Vec<MapValue>> {
    let regions = registry::regions(&state.store).await?;
    let cells: Vec<_> = uppsikt_store::indicators::list(&state.store, Some(id))
        .await?
        .into_iter()
        .map(|(c, _)| c)
        .filter(|c| c.sex == "alla" && c.region != "00")
        .collect();
    let latest = cells.iter().map(|c| c.period.clone()).max();
    Ok(regions
        .iter()
        .map(|r| {
            let v = cells
                .iter()
                .find(|c| c.region == r.code.as_str() && Some(&c.period) == latest.as_ref())
                .filter(|c| !c.suppressed)
                .and_then(|c| c.value);
            MapValue {
                code: r.code.to_string(),
                name: r.name.clone(),
                value: v,
                label: v.map(|x| dec(x, 1)).unwrap_or_else(|| "–".into()),
            }
        })
        .collect())
}

async fn map_values(state: &AppState, choice: &str) -> anyhow::Result<Vec<MapValue>> {
    if let Some(id) = choice.strip_prefix("indikator-") {
        return indicator_values(state, id).await;
    }
    let regions = registry::regions(&state.store).await?;
    if let Some(agreement) = choice.strip_prefix("mottaget-") {
        let a = agreements::get(&state.store, agreement).await?;
        let g = grants::grants(&state.store, &a.id).await?;
        return Ok(regions
            .iter()
            .map(|r| {
                let v = g
                    .iter()
                    .find(|x| x.region == r.code)
                    .filter(|_| r.population > 0)
                    .map(|x| x.received.0 as f64 / r.population as f64);
                MapValue {
                    code: r.code.to_string(),
                    name: r.name.clone(),
                    value: v,
                    label: v.map(|x| format!("{} kr", dec(x, 1))).unwrap_or_else(|| "–".into()),
                }
            })
            .collect());
    }
    let wb = datasets::web_booking(&state.store).await?;
    let latest = wb.iter().map(|w| w.period.clone()).max();
    Ok(regions
        .iter()
        .map(|r| {
            let v = wb
                .iter()
                .find(|w| w.region == r.code && Some(&w.period) == latest.as_ref())
                .map(|w| w.boka_tid as f64);
            MapValue {
                code: r.code.to_string(),
                name: r.name.clone(),
                value: v,
                label: v.map(|x| int(x as i64)).unwrap_or_else(|| "–".into()),
            }
        })
        .collect())
}

/// The published report files in the data directory, if any: (html, pdf).
pub fn published_report(state: &AppState) -> (bool, bool) {
    let dir = crate::pages::report_dir(state);
    (dir.join("report.html").is_file(), dir.join("report.pdf").is_file())
}

/// The report crate's choropleth of the regions (real county boundaries).
fn region_map(values: &[MapValue], no_data: &str) -> Markup {
    use uppsikt_report::map::{Choropleth, MapValue as V, choropleth};
    let map = Choropleth {
        id: "home-map",
        values: values
            .iter()
            .filter_map(|v| {
                let code = v.code.parse().ok()?;
                Some((code, v.value.map(V::Value).unwrap_or(V::NoValue)))
            })
            .collect(),
        decimals: 1,
        unit: "",
        no_value_label: no_data,
    };
    maud::PreEscaped(choropleth(&map))
}

/// `GET /`
pub async fn show(State(state): State<AppState>, viewer: Viewer, Query(q): Query<HomeQuery>) -> AppResult<Markup> {
    let t = &state.t.home;
    let all = agreements::list(&state.store).await?;
    let total: i64 = all.iter().filter_map(|a| a.total_sek.map(|s| s.0)).sum();
    let mut measures = 0usize;
    for a in &all {
        measures += grants::measures(&state.store, &a.id).await?.len();
    }
    let regions = registry::regions(&state.store).await?.len();
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
    let values = map_values(&state, &chosen).await?;
    let (has_html, has_pdf) = published_report(&state);
    let body = html! {
        p.lead { (t.intro) }
        section aria-labelledby="kf" {
            h2 #kf { (t.key_figures) }
            dl.figures {
                div { dt { (t.agreements) } dd { (all.len()) } }
                div { dt { (t.total_sek) } dd { (int(total)) " kr" } }
                div { dt { (t.regions) } dd { (regions) } }
                div { dt { (t.measures) } dd { (measures) } }
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
                    (region_map(&values, &t.map_no_data))
                    figcaption.caption { (uppsikt_report::map::MAP_SOURCE) }
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
