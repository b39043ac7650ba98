//! Creating accounts, shared by the user administration page and the API:
//! the role and its region are bound and checked by the domain, the password
//! is hashed here, the account is stored by the store.

use serde::Deserialize;
use uppsikt_domain::access::Role;
use uppsikt_store::users;

use crate::auth::password;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// A new account as the form or the API body gives it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// The account name.
    pub username: String,
    /// `admin`, `analyst` or `region`.
    pub role: String,
    /// The county code, for a region coordinator only.
    #[serde(default)]
    pub region: Option<String>,
    /// The password, at least [`password::MIN_LENGTH`] characters.
    pub password: String,
}

/// Checks and stores a new account; problems are answered as 422 with a
/// Swedish message, a taken name as 409.
pub async fn create(state: &AppState, u: &NewUser) -> AppResult<()> {
    let region = match u.region.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(r) => Some(
            r.parse()
                .map_err(|e: uppsikt_domain::CodeError| AppError::Invalid(e.to_string()))?,
        ),
    };
    let role = Role::bind(&u.role, region).map_err(|e| AppError::Invalid(e.to_string()))?;
    let hash = password::hash(&u.password).map_err(|e| AppError::Invalid(e.to_string()))?;
    users::add(&state.store, u.username.trim(), role, &hash).await?;
    tracing::info!(user = u.username.trim(), role = %role, "account created");
    Ok(())
}
