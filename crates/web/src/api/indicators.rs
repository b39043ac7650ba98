//! API endpoint of the published indicator cells (public).

use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::routing::get;
use uppsikt_store::indicators;

use super::paging::Paging;
use super::{Access, Endpoint};
use crate::error::AppResult;
use crate::extract::{Json, Query};
use crate::indicator_filter::{CellOut, Filter, select, to_out};
use crate::state::AppState;

/// The endpoints of this module.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint {
            method: Method::GET,
            path: "/api/v1/indicators/definitions",
            summary: "The definition of every indicator with published cells or shipped with Uppsikt: \
                      Swedish name, description, unit, scale, direction, source",
            access: Access::Public,
            body: None,
            handler: get(definitions),
        },
        Endpoint {
            method: Method::GET,
            path: "/api/v1/indicators",
            summary: "Published indicator cells after disclosure control (query: indikator, region, period, kon); \
                  suppressed cells have no numbers",
            access: Access::Public,
            body: None,
            handler: get(list),
        },
    ]
}

async fn definitions(State(state): State<AppState>) -> AppResult<Json<Vec<uppsikt_domain::IndicatorDef>>> {
    Ok(Json(indicators::definitions(&state.store).await?))
}

async fn list(
    State(state): State<AppState>,
    uri: Uri,
    Query(f): Query<Filter>,
) -> AppResult<(HeaderMap, Json<Vec<CellOut>>)> {
    f.check(&indicators::definitions(&state.store).await?)?;
    let paging = Paging::parse(f.page.as_deref(), f.per_page.as_deref())?;
    let all = indicators::list(&state.store, None).await?;
    let (page, total) = paging.cut(to_out(select(&all, &f).0));
    Ok((paging.headers(&uri, total), Json(page)))
}
