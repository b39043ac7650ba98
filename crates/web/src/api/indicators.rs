//! API endpoint of the published indicator cells (public).

use axum::Json;
use axum::extract::{Query, State};
use axum::http::Method;
use axum::routing::get;

use super::{Access, Endpoint};
use crate::error::AppResult;
use crate::pages::indicators::{CellOut, Filter, cells, to_out};
use crate::state::AppState;

/// The endpoints of this module.
pub fn endpoints() -> Vec<Endpoint> {
    vec![Endpoint {
        method: Method::GET,
        path: "/api/v1/indicators",
        summary: "Published indicator cells after disclosure control (query: indikator, region, period, kon); \
                  suppressed cells have no numbers",
        access: Access::Public,
        body: None,
        handler: get(list),
    }]
}

async fn list(State(state): State<AppState>, Query(f): Query<Filter>) -> AppResult<Json<Vec<CellOut>>> {
    Ok(Json(to_out(cells(&state, &f).await?.0)))
}
