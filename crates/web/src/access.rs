//! What the acting person may open: the web layer's questions to the
//! domain's access rules, shared by the pages and the API. The rules
//! themselves live in [`uppsikt_domain::access`] and the report workflow.

use uppsikt_domain::report::{Action, ActionKind, Report, ReportState};
use uppsikt_domain::validation::Finding;
use uppsikt_domain::{Actor, Agreement, RegionCode};
use uppsikt_store::survey::{self, TokenSession};
use uppsikt_store::{agreements, reports, validation};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The current time as stored (ISO-8601 UTC), for the audit trail.
pub fn now() -> String {
    survey::now()
}

/// The agreement and region of a report address, if the actor may read
/// that region's reports (403 otherwise; 404 for unknown codes).
pub async fn open_report(
    state: &AppState,
    actor: &Actor,
    agreement: &str,
    region: &str,
) -> AppResult<(Agreement, RegionCode)> {
    let region: RegionCode = region.parse().map_err(|_| AppError::NotFound)?;
    let agreement = agreements::get(&state.store, agreement).await?;
    if !actor.reads_region(region) {
        return Err(AppError::Forbidden);
    }
    Ok((agreement, region))
}

/// The report, if it exists.
pub async fn report(state: &AppState, agreement: &Agreement, region: RegionCode) -> AppResult<Option<Report>> {
    Ok(reports::get(&state.store, &agreement.id, region).await?)
}

/// Whether the actor could take `kind` on a report in `state` (to show only
/// the possible buttons); a text is assumed where one is needed.
pub fn can(actor: &Actor, state: ReportState, kind: ActionKind, region: RegionCode) -> bool {
    let action = Action::new(kind, "…");
    uppsikt_domain::report::transition(state, &action, actor.role, region).is_ok()
}

/// The findings of `agreement` the actor may see: all for analysts and
/// admins, their own region's for a region coordinator.
pub async fn visible_findings(state: &AppState, actor: &Actor, agreement: &str) -> AppResult<Vec<Finding>> {
    let a = agreements::get(&state.store, agreement).await?;
    let all = validation::findings(&state.store, &a).await?;
    Ok(all
        .into_iter()
        .filter(|f| {
            actor.reads_everything()
                || f.region
                    .as_deref()
                    .and_then(|r| r.parse().ok())
                    .is_some_and(|r| actor.reads_region(r))
        })
        .collect())
}

/// What a survey token opens, or 404 (an unknown token reveals nothing).
pub async fn survey_session(state: &AppState, token: &str) -> AppResult<TokenSession> {
    survey::fetch_by_token(&state.store, token)
        .await?
        .ok_or(AppError::NotFound)
}
