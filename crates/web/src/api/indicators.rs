//! API endpoint of the published indicator cells (public).

use axum::Json;
use axum::extract::{Query, State};
use axum::http::Method;
use axum::routing::get;
use uppsikt_store::indicators;

use super::{Access, Endpoint};
use crate::error::AppResult;
use crate::pages::indicators::{CellOut, Filter, select, to_out};
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
    let all = indicators::list(&state.store, None).await?;
    Ok(Json(to_out(select(&all, &f).0)))
}
