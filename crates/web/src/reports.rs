//! The web layer's bridge to the regional reports: who may open which
//! report, and turning the store's refusals into HTTP answers. Shared by the
//! pages and the API; the rules themselves live in the domain's workflow.

use uppsikt_domain::access::{Principal, Role};
use uppsikt_domain::report::{self, Refusal, Report};
use uppsikt_domain::{Agreement, RegionCode};
use uppsikt_store::agreements;
use uppsikt_store::reports::{self as store_reports, Actor, SubmitBlocked};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The workflow's role for a signed-in principal.
pub fn workflow_role(p: &Principal) -> report::Role {
    match (p.role, p.region) {
        (Role::Region, Some(r)) => report::Role::Region(r),
        (Role::Admin, _) => report::Role::Admin,
        _ => report::Role::Analytiker,
    }
}

/// The principal acting now.
pub fn actor(p: &Principal) -> Actor {
    Actor::now(&p.username, workflow_role(p))
}

/// The agreement and region of a report address, if the principal may read
/// that region's reports (403 otherwise; 404 for unknown codes).
pub async fn open(
    state: &AppState,
    p: &Principal,
    agreement: &str,
    region: &str,
) -> AppResult<(Agreement, RegionCode)> {
    let region: RegionCode = region.parse().map_err(|_| AppError::NotFound)?;
    let agreement = agreements::get(&state.store, agreement)
        .await
        .map_err(|_| AppError::NotFound)?;
    if !p.reads_region(region) {
        return Err(AppError::Forbidden);
    }
    Ok((agreement, region))
}

/// The report, if it exists.
pub async fn get(state: &AppState, agreement: &Agreement, region: RegionCode) -> AppResult<Option<Report>> {
    Ok(store_reports::get(&state.store, &agreement.id, region).await?)
}

/// A store error as an HTTP answer: the workflow's refusals are 403 (role) or
/// 409 (state, missing text, blocked submission), with the domain's Swedish message.
pub fn refusal(e: anyhow::Error) -> AppError {
    if let Some(r) = e.downcast_ref::<Refusal>() {
        return match r {
            Refusal::NotPermitted { .. } | Refusal::OtherRegion { .. } => AppError::Forbidden,
            other => AppError::Conflict(other.to_string()),
        };
    }
    if let Some(b) = e.downcast_ref::<SubmitBlocked>() {
        return AppError::Conflict(b.to_string());
    }
    AppError::Internal(e)
}

/// Whether the principal could do `action` on a report in `state` (for showing only the possible buttons).
pub fn can(p: &Principal, state: report::ReportState, action: &report::Action, region: RegionCode) -> bool {
    report::transition(state, action, workflow_role(p), region).is_ok()
}
