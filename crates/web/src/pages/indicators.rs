//! The indicator explorer: published, disclosure-controlled cells by
//! indicator, region, period and sex, as a table and a chart. Public.

use axum::extract::State;
use axum::http::Uri;
use maud::{Markup, html};
use uppsikt_domain::format::{dec, opt_int, signed_dec};
use uppsikt_domain::registry::area_name;
use uppsikt_domain::tr;
use uppsikt_store::indicators::{self, IndicatorCell};
use uppsikt_store::registry;

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::indicator_filter::{Filter, select};
use crate::pages::chart::{Bar, Series, bars, lines};
use crate::pages::layout::page;
use crate::state::AppState;

/// The regions to compare over the years (`jamfor`, repeated or a comma
/// list), and the rest of the query as the explorer's [`Filter`].
fn compare_and_filter(uri: &Uri) -> AppResult<(Vec<String>, Filter)> {
    let mut compare = Vec::new();
    let mut rest = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()) {
        if k == "jamfor" {
            compare.extend(
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
        } else {
            rest.append_pair(&k, &v);
        }
    }
    let rest: Uri = format!("/indikatorer?{}", rest.finish())
        .parse()
        .map_err(|_| AppError::BadRequest(uppsikt_domain::i18n::sv().errors.bad_query.clone()))?;
    let axum::extract::Query(f) = axum::extract::Query::<Filter>::try_from_uri(&rest)?;
    for code in &compare {
        if code.parse::<uppsikt_domain::RegionCode>().is_err() {
            return Err(AppError::BadRequest(tr!(
                indicators.bad_parameter,
                name = "jamfor",
                value = code
            )));
        }
    }
    Ok((compare, f))
}

/// `GET /indikatorer`
pub async fn show(State(state): State<AppState>, viewer: Viewer, uri: Uri) -> AppResult<Markup> {
    let (compare, mut f) = compare_and_filter(&uri)?;
    let t = &state.t.indicators;
    let defs = indicators::definitions(&state.store).await?;
    f.check(&defs)?;
    let everything = indicators::list(&state.store, None).await?;
    let revised = indicators::releases::revised_now(&state.store).await?;
    let (mut rows, ids) = select(&everything, &f);
    if f.indikator.is_empty() {
        f.indikator = ids.first().cloned().unwrap_or_default();
    }
    let of_indicator: Vec<&IndicatorCell> = everything
        .iter()
        .map(|(c, _)| c)
        .filter(|c| c.indicator == f.indikator)
        .collect();
    let mut periods: Vec<String> = of_indicator.iter().map(|c| c.period.clone()).collect();
    periods.sort();
    periods.dedup();
    let regions = registry::regions(&state.store).await?;
    let name = |code: &str| area_name(&regions, code);
    let sex_label = |s: &str| match s {
        "K" => t.sex_k.as_str(),
        "M" => t.sex_m.as_str(),
        _ => t.sex_all.as_str(),
    };
    rows.truncate(2000);
    // The chart: one period and sex, every region.
    let chart_period = if f.period.is_empty() {
        periods.last().cloned().unwrap_or_default()
    } else {
        f.period.clone()
    };
    let chart_sex = if f.kon.is_empty() {
        "alla".to_string()
    } else {
        f.kon.clone()
    };
    // Without a region chosen, the table shows what the chart shows (one
    // period and sex, every region), not every cell there is; with one, the
    // region's whole series.
    if f.region.is_empty() {
        rows.retain(|(c, _)| c.period == chart_period && c.sex == chart_sex);
    }
    let chart_cells: Vec<&IndicatorCell> = of_indicator
        .iter()
        .copied()
        .filter(|c| c.period == chart_period && c.sex == chart_sex)
        .collect();
    let max = chart_cells
        .iter()
        .filter(|c| !c.suppressed)
        .filter_map(|c| c.value)
        .fold(0.0_f64, f64::max);
    let chart: Vec<Bar> = chart_cells
        .iter()
        .map(|c| {
            let v = if c.suppressed { None } else { c.value };
            Bar {
                label: name(&c.region),
                value_label: v.map(|x| dec(x, 1)).unwrap_or_else(|| "–".into()),
                percent: v.filter(|_| max > 0.0).map(|x| 100.0 * x / max).unwrap_or(0.0),
            }
        })
        .collect();
    // Over the years: the country and the regions chosen to compare, yearly
    // cells of the chosen sex; a suppressed year is a gap, never bridged.
    let years: Vec<String> = periods.iter().filter(|p| p.len() == 4).cloned().collect();
    let series_of = |region: &str, reference: bool| Series {
        label: name(region),
        reference,
        values: years
            .iter()
            .map(|y| {
                of_indicator
                    .iter()
                    .find(|c| c.region == region && &c.period == y && c.sex == chart_sex)
                    .filter(|c| !c.suppressed)
                    .and_then(|c| c.value)
            })
            .collect(),
    };
    let mut trend = vec![series_of("00", true)];
    trend.extend(compare.iter().map(|code| series_of(code, false)));
    let name_of = |id: &str| {
        defs.iter()
            .find(|d| d.id == id)
            .map_or_else(|| id.to_string(), |d| d.name_sv.to_string())
    };
    let def = defs.iter().find(|d| d.id == f.indikator);
    let synthetic = everything
        .iter()
        .any(|(c, s)| c.indicator == f.indikator && s.synthetic);
    let source = everything
        .iter()
        .find(|(c, _)| c.indicator == f.indikator)
        .map(|(_, s)| s.description.clone());
    let body = html! {
        p { (t.intro) }
        @if ids.is_empty() { p { (t.none) } } @else {
            @if synthetic { p.notice { strong { (state.t.site.synthetic_note) } ": " (source.clone().unwrap_or_default()) } }
            form.inline method="get" action="/indikatorer" {
                label for="indikator" { (t.indicator) }
                select #indikator name="indikator" { @for id in &ids {
                    option value=(id) selected[*id == f.indikator] { (name_of(id)) }
                } }
                label for="region" { (t.region) }
                select #region name="region" {
                    option value="" { (t.all) }
                    option value="00" selected[f.region == "00"] { (t.nation) }
                    @for r in &regions { option value=(r.code) selected[f.region == r.code.as_str()] { (r.name) } }
                }
                label for="period" { (t.period) }
                select #period name="period" {
                    option value="" { (t.all) }
                    @for p in &periods { option value=(p) selected[*p == f.period] { (p) } }
                }
                label for="kon" { (t.sex) }
                select #kon name="kon" {
                    option value="" { (t.all) }
                    @for (code, label) in [("alla", &t.sex_all), ("K", &t.sex_k), ("M", &t.sex_m)] {
                        option value=(code) selected[f.kon == code] { (label) }
                    }
                }
                button type="submit" { (state.t.findings.show) }
            }
            @if !chart.is_empty() {
                h2 { (name_of(&f.indikator)) " " (t.chart_title) ", " (chart_period) ", " (sex_label(&chart_sex)) }
                @if let Some(d) = def {
                    dl.definition {
                        dt { (t.unit) } dd { (d.unit_sv) }
                        dt { (t.definition) } dd { (d.description_sv) " (" (d.direction.label_sv()) ")" }
                    }
                }
                (bars("indicator-chart", &format!("{} {}", name_of(&f.indikator), t.chart_title), &chart))
            }
            @if !years.is_empty() {
                h2 #trend-h { (name_of(&f.indikator)) " " (t.trend_title) ", " (sex_label(&chart_sex)) }
                form.inline method="get" action="/indikatorer" {
                    input type="hidden" name="indikator" value=(f.indikator);
                    @if !f.kon.is_empty() { input type="hidden" name="kon" value=(f.kon); }
                    label for="jamfor" { (t.compare) }
                    select #jamfor name="jamfor" multiple size="5" {
                        @for r in &regions { option value=(r.code) selected[compare.iter().any(|c| c == r.code.as_str())] { (r.name) } }
                    }
                    button type="submit" #compare-regions { (state.t.findings.show) }
                }
                (lines("trend-chart", &format!("{} {}", name_of(&f.indikator), t.trend_title), &years, &trend))
                div.scroll tabindex="0" { table #trend-table {
                    caption { (t.trend_table) }
                    thead { tr { th scope="col" { (t.region) } @for y in &years { th scope="col" { (y) } } th scope="col" { (t.change) } } }
                    tbody { @for s in &trend { tr {
                        th scope="row" { (s.label) }
                        @for v in &s.values { td.num { (v.map(|v| dec(v, 1)).unwrap_or_else(|| "–".into())) } }
                        td.num { (change(&s.values)) }
                    } } }
                } }
            }
            div.scroll tabindex="0" { table #indicator-table {
                thead { tr {
                    th scope="col" { (t.region) } th scope="col" { (t.period) } th scope="col" { (t.sex) }
                    th scope="col" { (t.numerator) } th scope="col" { (t.denominator) } th scope="col" { (t.value) }
                } }
                tbody { @for (c, _) in &rows { tr {
                    th scope="row" { (name(&c.region)) }
                    td { (c.period) } td { (sex_label(&c.sex)) }
                    td.num { (opt_int(c.numerator)) } td.num { (opt_int(c.denominator)) }
                    td.num {
                        @if c.suppressed { abbr title=(t.suppressed) { "–" } }
                        @else { (c.value.map(|v| dec(v, 1)).unwrap_or_else(|| "–".into())) }
                        @if revised.contains(c) {
                            " " a.revised href="/indikatorer/utgavor#revisions-h" title=(state.t.releases.revised_title) {
                                (state.t.release.revised_note)
                            }
                        }
                    }
                } } }
            } }
            @if let Some(s) = &source { p.caption { (state.t.site.source_label) ": " (s) } }
            p {
                a #releases-link href="/indikatorer/utgavor" { (state.t.releases.link) } " · "
                a #open-data-link href="/oppna-data" { (state.t.open_data.title) }
            }
        }
    };
    Ok(page(&state, &viewer, &t.title, body))
}

/// The change between the last two years that have a value, e.g. `+1,2`;
/// `–` without two values.
fn change(values: &[Option<f64>]) -> String {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    match known.as_slice() {
        [.., a, b] => signed_dec(b - a, 1),
        _ => "–".into(),
    }
}
