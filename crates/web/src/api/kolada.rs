//! Open data in Kolada's v3 shape (`../shared/spec/open-data.md`): the
//! published yearly indicator cells under `/api/kolada/v3/`, public and
//! read-only, so a Kolada client reads Uppsikt by changing its base URL.
//! Suppressed cells are served as `null` with status `undertryckt`.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::routing::get;
use serde_json::{Value, json};
use uppsikt_domain::tr;
use uppsikt_store::indicators::{self, IndicatorCell};
use uppsikt_store::registry;

use super::paging::{Paging, bad};
use crate::error::{AppError, AppResult};
use crate::extract::Json;
use crate::state::AppState;

/// Where the routes live.
pub const BASE: &str = "/api/kolada/v3";

/// The routes of the Kolada-compatible API.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&format!("{BASE}/kpi"), get(kpi_list))
        .route(&format!("{BASE}/kpi/{{ids}}"), get(kpi_by_id))
        .route(&format!("{BASE}/municipality"), get(area_list))
        .route(&format!("{BASE}/municipality/{{ids}}"), get(area_by_id))
        .route(&format!("{BASE}/data"), get(data_query))
        .route(&format!("{BASE}/data/{{*segments}}"), get(data_path))
}

/// The query's pairs, in order, repeated keys kept.
fn pairs(uri: &Uri) -> Vec<(String, String)> {
    form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Every id given for `name`: comma lists and repeated parameters alike.
fn ids_of(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .flat_map(|(_, v)| split(v))
        .collect()
}

fn split(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The value of a single-valued parameter.
fn one<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn check_kpi_ids(ids: &[String]) -> AppResult<()> {
    for id in ids {
        let ok = id.len() <= 64
            && id.starts_with(|c: char| c.is_ascii_lowercase())
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !ok {
            return Err(bad("kpi_id", id));
        }
    }
    Ok(())
}

fn check_area_ids(ids: &[String]) -> AppResult<()> {
    match ids
        .iter()
        .find(|id| id.len() != 4 || !id.bytes().all(|b| b.is_ascii_digit()))
    {
        Some(id) => Err(bad("municipality_id", id)),
        None => Ok(()),
    }
}

fn years_of(list: &[String]) -> AppResult<Vec<i32>> {
    list.iter()
        .map(|y| {
            (y.len() == 4)
                .then(|| y.parse::<i32>().ok())
                .flatten()
                .ok_or_else(|| bad("year", y))
        })
        .collect()
}

/// Kolada's area id of a cell's region: `0000` the country, `00LL` a county.
fn area_of(region: &str) -> String {
    format!("00{region}")
}

/// Kolada's gender of a cell's sex.
fn gender_of(sex: &str) -> &'static str {
    match sex {
        "K" => "K",
        "M" => "M",
        _ => "T",
    }
}

/// The published value as the output contract rounds it: one decimal.
fn rounded(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// One page of `all`, wrapped as Kolada wraps lists, with absolute links to
/// the neighbouring pages.
fn page(all: Vec<Value>, uri: &Uri, headers: &HeaderMap) -> AppResult<Json<Value>> {
    let q = pairs(uri);
    let paging = Paging::parse(one(&q, "page"), one(&q, "per_page"))?;
    let (values, count) = paging.cut(all);
    let link = |n: usize| -> String {
        let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("localhost");
        // Behind the documented TLS proxy the scheme is the proxy's.
        let scheme = headers
            .get("x-forwarded-proto")
            .and_then(|h| h.to_str().ok())
            .filter(|s| *s == "https")
            .unwrap_or("http");
        let rest: Vec<(String, String)> = q.iter().filter(|(k, _)| k != "page").cloned().collect();
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.extend_pairs(rest).append_pair("page", &n.to_string());
        format!("{scheme}://{host}{}?{}", uri.path(), query.finish())
    };
    let next = paging.has_next(count).then(|| link(paging.page + 1));
    let previous = (paging.page > 1).then(|| link(paging.page - 1));
    Ok(Json(json!({
        "values": values,
        "count": count,
        "next_url": next,
        "previous_url": previous,
    })))
}

/// The yearly published cells, the only ones served here.
async fn yearly_cells(state: &AppState) -> AppResult<Vec<IndicatorCell>> {
    Ok(indicators::list(&state.store, None)
        .await?
        .into_iter()
        .map(|(c, _)| c)
        .filter(|c| c.period.len() == 4)
        .collect())
}

/// Every KPI as Kolada describes one, in id order.
async fn kpis(state: &AppState) -> AppResult<Vec<Value>> {
    let cells = yearly_cells(state).await?;
    let published = indicators::published_at(&state.store).await?;
    let mut out = Vec::new();
    for d in indicators::definitions(&state.store).await? {
        let mine: Vec<&IndicatorCell> = cells.iter().filter(|c| c.indicator == d.id).collect();
        if mine.is_empty() {
            continue;
        }
        let date = published
            .iter()
            .find(|(id, _)| *id == d.id)
            .map(|(_, at)| at.chars().take(10).collect::<String>());
        out.push(json!({
            "id": d.id,
            "title": d.name_sv,
            "description": format!("{} Enhet: {}.", d.description_sv, d.unit_sv),
            "is_divided_by_gender": mine.iter().any(|c| c.sex == "K" || c.sex == "M"),
            // Only county and national cells are published so far.
            "municipality_type": "L",
            "operating_area": "Hälso- och sjukvård",
            "has_ou_data": false,
            "publication_date": date,
            "auspices": "X",
            "source": d.source_sv,
            "unit": d.unit_sv,
        }));
    }
    Ok(out)
}

/// The items whose `title` holds `title` (any case), all when `None`.
fn titled(all: Vec<Value>, title: Option<&str>) -> Vec<Value> {
    let Some(want) = title.map(str::to_lowercase) else {
        return all;
    };
    all.into_iter()
        .filter(|v| v["title"].as_str().is_some_and(|t| t.to_lowercase().contains(&want)))
        .collect()
}

/// The items whose `id` is one of `ids`.
fn with_ids(all: Vec<Value>, ids: &[String]) -> Vec<Value> {
    all.into_iter()
        .filter(|v| ids.iter().any(|id| v["id"] == id.as_str()))
        .collect()
}

async fn kpi_list(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> AppResult<Json<Value>> {
    let q = pairs(&uri);
    page(titled(kpis(&state).await?, one(&q, "title")), &uri, &headers)
}

async fn kpi_by_id(
    State(state): State<AppState>,
    Path(ids): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> AppResult<Json<Value>> {
    let ids = split(&ids);
    check_kpi_ids(&ids)?;
    page(with_ids(kpis(&state).await?, &ids), &uri, &headers)
}

/// Every area: the country, the counties, the municipalities; in id order.
async fn areas(state: &AppState) -> AppResult<Vec<Value>> {
    let mut out = vec![json!({"id": "0000", "title": "Riket", "type": "L"})];
    for r in registry::regions(&state.store).await? {
        out.push(json!({"id": area_of(r.code.as_str()), "title": r.organisation, "type": "L"}));
    }
    for m in registry::municipalities(&state.store).await? {
        out.push(json!({"id": m.code.as_str(), "title": m.name, "type": "K"}));
    }
    out.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    Ok(out)
}

async fn area_list(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> AppResult<Json<Value>> {
    let q = pairs(&uri);
    let kind = one(&q, "type");
    if let Some(k) = kind.filter(|k| !matches!(*k, "K" | "L")) {
        return Err(bad("type", k));
    }
    let all = areas(&state)
        .await?
        .into_iter()
        .filter(|a| kind.is_none_or(|k| a["type"] == k))
        .collect();
    page(titled(all, one(&q, "title")), &uri, &headers)
}

async fn area_by_id(
    State(state): State<AppState>,
    Path(ids): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> AppResult<Json<Value>> {
    let ids = split(&ids);
    check_area_ids(&ids)?;
    page(with_ids(areas(&state).await?, &ids), &uri, &headers)
}

/// What `data` is asked for; an empty list means any.
#[derive(Default)]
struct DataFilter {
    kpis: Vec<String>,
    areas: Vec<String>,
    years: Vec<i32>,
}

async fn data(state: &AppState, f: DataFilter, uri: &Uri, headers: &HeaderMap) -> AppResult<Json<Value>> {
    check_kpi_ids(&f.kpis)?;
    check_area_ids(&f.areas)?;
    if f.kpis.is_empty() && f.areas.is_empty() && f.years.is_empty() {
        return Err(AppError::BadRequest(tr!(open_data.no_dimension)));
    }
    let mut cells: Vec<(String, String, i32, IndicatorCell)> = yearly_cells(state)
        .await?
        .into_iter()
        .filter_map(|c| {
            let year = c.period.parse::<i32>().ok()?;
            Some((c.indicator.clone(), area_of(&c.region), year, c))
        })
        .filter(|(k, a, y, _)| {
            (f.kpis.is_empty() || f.kpis.contains(k))
                && (f.areas.is_empty() || f.areas.contains(a))
                && (f.years.is_empty() || f.years.contains(y))
        })
        .collect();
    cells.sort_by(|a, b| (&a.0, &a.1, a.2, gender_of(&a.3.sex)).cmp(&(&b.0, &b.1, b.2, gender_of(&b.3.sex))));
    let mut items: Vec<Value> = Vec::new();
    for (kpi, area, year, c) in cells {
        let entry = if c.suppressed {
            json!({"gender": gender_of(&c.sex), "count": 1, "status": "undertryckt", "value": null})
        } else {
            json!({"gender": gender_of(&c.sex), "count": 1, "status": "", "value": c.value.map(rounded)})
        };
        let same = items
            .last()
            .is_some_and(|l| l["kpi"] == kpi.as_str() && l["municipality"] == area.as_str() && l["period"] == year);
        if same {
            if let Some(Value::Array(values)) = items.last_mut().and_then(|l| l.get_mut("values")) {
                values.push(entry);
            }
        } else {
            items.push(json!({"kpi": kpi, "municipality": area, "period": year, "values": [entry]}));
        }
    }
    page(items, uri, headers)
}

async fn data_query(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> AppResult<Json<Value>> {
    let q = pairs(&uri);
    let f = DataFilter {
        kpis: ids_of(&q, "kpi_id"),
        areas: ids_of(&q, "municipality_id"),
        years: years_of(&ids_of(&q, "year"))?,
    };
    data(&state, f, &uri, &headers).await
}

/// `data/kpi/{ids}/municipality/{ids}/year/{years}`: any two or three of
/// the segments, in that order; anything else is an unknown route.
async fn data_path(
    State(state): State<AppState>,
    Path(segments): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> AppResult<Json<Value>> {
    let parts: Vec<&str> = segments.split('/').collect();
    if !parts.len().is_multiple_of(2) || !(4..=6).contains(&parts.len()) {
        return Err(AppError::NotFound);
    }
    let mut f = DataFilter::default();
    let mut order = 0;
    for pair in parts.chunks(2) {
        let rank = match pair[0] {
            "kpi" => 1,
            "municipality" => 2,
            "year" => 3,
            _ => return Err(AppError::NotFound),
        };
        if rank <= order {
            return Err(AppError::NotFound);
        }
        order = rank;
        match rank {
            1 => f.kpis = split(pair[1]),
            2 => f.areas = split(pair[1]),
            _ => f.years = years_of(&split(pair[1]))?,
        }
    }
    data(&state, f, &uri, &headers).await
}
