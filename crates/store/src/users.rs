//! Users of the web application, their sessions and API bearer tokens.
//!
//! This module stores what it is given: password hashes (argon2id PHC strings)
//! and SHA-256 digests of session ids and tokens are computed by the web
//! layer, so no secret in clear ever reaches the database.

use serde::Serialize;
use sqlx::Row;
use uppsikt_domain::access::{Actor, Role};
use uppsikt_domain::tr;

use crate::{Conflict, Entity, Error, NotFound, Result, Store};

/// A user account as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// The account name.
    pub username: String,
    /// The role, with its region for a region coordinator (`region:17`).
    pub role: Role,
    /// Disabled accounts cannot sign in, and their sessions and tokens stop working.
    pub disabled: bool,
    /// When the account was created (ISO-8601 UTC).
    pub created_at: String,
    /// The argon2id hash of the password.
    #[serde(skip)]
    pub password_hash: String,
}

impl User {
    /// The user as the one who acts.
    pub fn actor(&self) -> Actor {
        Actor::new(self.username.clone(), self.role)
    }
}

/// A session row: who (if anyone) is signed in, and the form token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// SHA-256 digest of the session id in the cookie.
    pub id_hash: String,
    /// Who is signed in, if anyone.
    pub username: Option<String>,
    /// The token forms must carry.
    pub csrf_token: String,
    /// When the session ends whatever happens (ISO-8601 UTC).
    pub expires_at: String,
    /// When the session was last used, to the minute (ISO-8601 UTC): a
    /// signed-in session unused for longer than the idle limit has ended.
    pub last_seen_at: String,
}

/// Current UTC time as ISO-8601 text; such strings compare in time order.
pub fn now_iso() -> String {
    iso(chrono::Utc::now())
}

/// UTC time `seconds` from now, as ISO-8601 text.
pub fn in_seconds(seconds: i64) -> String {
    iso(chrono::Utc::now() + chrono::Duration::seconds(seconds))
}

fn iso(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Checks a username: 2–64 characters of letters, digits, `.`, `-`, `_` or `@`.
pub fn check_username(name: &str) -> Result<()> {
    let ok = (2..=64).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'));
    if ok {
        Ok(())
    } else {
        Err(Error::rule(tr!(store.bad_username, name = name)))
    }
}

fn user_from_row(r: &sqlx::any::AnyRow) -> Result<User> {
    let role: String = r.try_get("role")?;
    let region = r
        .try_get::<Option<String>, _>("region")?
        .map(|s| s.parse())
        .transpose()?;
    Ok(User {
        username: r.try_get("username")?,
        role: Role::bind(&role, region)?,
        disabled: r.try_get::<i64, _>("disabled")? != 0,
        created_at: r.try_get("created_at")?,
        password_hash: r.try_get("password_hash")?,
    })
}

/// Creates a user; fails if the name is taken.
pub async fn add(store: &Store, username: &str, role: Role, password_hash: &str) -> Result<()> {
    check_username(username)?;
    if get(store, username).await?.is_some() {
        return Err(Conflict::Exists(tr!(store.user_exists, name = username)).into());
    }
    sqlx::query(
        "INSERT INTO users (username, role, region, password_hash, disabled, created_at)
         VALUES ($1, $2, $3, $4, 0, $5)",
    )
    .bind(username)
    .bind(role.code())
    .bind(role.region().map(|r| r.to_string()))
    .bind(password_hash)
    .bind(now_iso())
    .execute(store.pool())
    .await?;
    Ok(())
}

/// Creates the user, or resets role, region and password of an existing one
/// and enables it again (for the idempotent demo).
pub async fn upsert(store: &Store, username: &str, role: Role, password_hash: &str) -> Result<()> {
    check_username(username)?;
    sqlx::query(
        "INSERT INTO users (username, role, region, password_hash, disabled, created_at)
         VALUES ($1, $2, $3, $4, 0, $5)
         ON CONFLICT (username) DO UPDATE SET role = excluded.role, region = excluded.region,
           password_hash = excluded.password_hash, disabled = 0",
    )
    .bind(username)
    .bind(role.code())
    .bind(role.region().map(|r| r.to_string()))
    .bind(password_hash)
    .bind(now_iso())
    .execute(store.pool())
    .await?;
    Ok(())
}

/// One user by name.
pub async fn get(store: &Store, username: &str) -> Result<Option<User>> {
    let sql = "SELECT username, role, region, password_hash, disabled, created_at FROM users WHERE username = $1";
    let row = sqlx::query(sql).bind(username).fetch_optional(store.pool()).await?;
    row.as_ref().map(user_from_row).transpose()
}

/// The active account `username` as the one who acts: unknown and disabled
/// accounts are not found. For commands that must name a real account.
pub async fn active_actor(store: &Store, username: &str) -> Result<Actor> {
    match get(store, username).await? {
        Some(u) if !u.disabled => Ok(u.actor()),
        _ => Err(NotFound::new(Entity::User, username).into()),
    }
}

/// All users by name.
pub async fn list(store: &Store) -> Result<Vec<User>> {
    let rows =
        sqlx::query("SELECT username, role, region, password_hash, disabled, created_at FROM users ORDER BY username")
            .fetch_all(store.pool())
            .await?;
    rows.iter().map(user_from_row).collect()
}

/// Disables (or enables) a user; a disabled user's sessions and tokens stop working at once.
pub async fn set_disabled(store: &Store, username: &str, disabled: bool) -> Result<()> {
    let mut tx = store.pool().begin().await?;
    let done = sqlx::query("UPDATE users SET disabled = $1 WHERE username = $2")
        .bind(i64::from(disabled))
        .bind(username)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(NotFound::new(Entity::User, username).into());
    }
    if disabled {
        sqlx::query("DELETE FROM sessions WHERE username = $1")
            .bind(username)
            .execute(&mut *tx)
            .await?;
        // Revoked, not paused: enabling the user again does not revive them.
        sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE username = $1 AND revoked_at IS NULL")
            .bind(username)
            .bind(now_iso())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets a new password hash.
pub async fn set_password(store: &Store, username: &str, password_hash: &str) -> Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE username = $2")
        .bind(password_hash)
        .bind(username)
        .execute(store.pool())
        .await?;
    Ok(())
}

/// Stores a new session.
pub async fn create_session(store: &Store, s: &Session) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (id_hash, username, csrf_token, created_at, expires_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&s.id_hash)
    .bind(s.username.as_deref())
    .bind(&s.csrf_token)
    .bind(now_iso())
    .bind(&s.expires_at)
    .bind(&s.last_seen_at)
    .execute(store.pool())
    .await?;
    Ok(())
}

/// A session that has not ended, with its user if signed in and not disabled.
/// A signed-in session ends at its absolute end or after `idle_seconds`
/// without use; an anonymous one (a form's CSRF token) only at its end.
pub async fn session(store: &Store, id_hash: &str, idle_seconds: i64) -> Result<Option<(Session, Option<User>)>> {
    let row = sqlx::query(
        "SELECT id_hash, username, csrf_token, expires_at, last_seen_at FROM sessions
         WHERE id_hash = $1 AND expires_at > $2 AND (username IS NULL OR last_seen_at > $3)",
    )
    .bind(id_hash)
    .bind(now_iso())
    .bind(in_seconds(-idle_seconds))
    .fetch_optional(store.pool())
    .await?;
    let Some(r) = row else { return Ok(None) };
    let s = Session {
        id_hash: r.try_get("id_hash")?,
        username: r.try_get("username")?,
        csrf_token: r.try_get("csrf_token")?,
        expires_at: r.try_get("expires_at")?,
        last_seen_at: r.try_get("last_seen_at")?,
    };
    let user = match &s.username {
        Some(u) => match get(store, u).await? {
            Some(user) if !user.disabled => Some(user),
            // A session of a disabled or removed user is no session at all.
            _ => return Ok(None),
        },
        None => None,
    };
    Ok(Some((s, user)))
}

/// Records that a session was used now.
pub async fn touch_session(store: &Store, id_hash: &str) -> Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
        .bind(now_iso())
        .bind(id_hash)
        .execute(store.pool())
        .await?;
    Ok(())
}

/// Ends a session.
pub async fn delete_session(store: &Store, id_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(store.pool())
        .await?;
    Ok(())
}

/// Removes expired sessions; returns how many.
pub async fn purge_expired_sessions(store: &Store) -> Result<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now_iso())
        .execute(store.pool())
        .await?;
    Ok(done.rows_affected())
}

/// Keeps only the `keep` newest anonymous (not signed-in) sessions; returns
/// how many older ones were removed.
pub async fn cap_anonymous_sessions(store: &Store, keep: u64) -> Result<u64> {
    // LIMIT with OFFSET reads the same on SQLite and PostgreSQL (SQLite needs
    // a LIMIT before an OFFSET).
    let done = sqlx::query(
        "DELETE FROM sessions WHERE id_hash IN (
           SELECT id_hash FROM sessions WHERE username IS NULL
           ORDER BY created_at DESC, id_hash LIMIT $1 OFFSET $2)",
    )
    .bind(i64::MAX)
    .bind(i64::try_from(keep).unwrap_or(i64::MAX))
    .execute(store.pool())
    .await?;
    Ok(done.rows_affected())
}

/// How long a new API token lives unless told otherwise.
pub const TOKEN_DAYS: i64 = 90;
/// The longest life a token may be given.
pub const TOKEN_DAYS_MAX: i64 = 365;

/// Stores the digest of a new API token for `username`, valid for `days`
/// (1 to [`TOKEN_DAYS_MAX`]); returns when it expires.
pub async fn add_token(store: &Store, username: &str, token_hash: &str, label: &str, days: i64) -> Result<String> {
    if get(store, username).await?.is_none() {
        return Err(NotFound::new(Entity::User, username).into());
    }
    if !(1..=TOKEN_DAYS_MAX).contains(&days) {
        return Err(Error::rule(tr!(store.bad_token_days, max = TOKEN_DAYS_MAX)));
    }
    let expires_at = in_seconds(days * 24 * 3600);
    sqlx::query(
        "INSERT INTO api_tokens (token_hash, username, label, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(username)
    .bind(label)
    .bind(now_iso())
    .bind(&expires_at)
    .execute(store.pool())
    .await?;
    Ok(expires_at)
}

/// An API token as its owner may see it (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TokenInfo {
    /// The label given when it was made.
    pub label: String,
    /// When it was made.
    pub created_at: String,
    /// When it stops working.
    pub expires_at: Option<String>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// The tokens of `username`, newest first.
pub async fn tokens(store: &Store, username: &str) -> Result<Vec<TokenInfo>> {
    let rows = sqlx::query(
        "SELECT label, created_at, expires_at, revoked_at FROM api_tokens WHERE username = $1
         ORDER BY created_at DESC, label",
    )
    .bind(username)
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(TokenInfo {
                label: r.try_get(0)?,
                created_at: r.try_get(1)?,
                expires_at: r.try_get(2)?,
                revoked_at: r.try_get(3)?,
            })
        })
        .collect()
}

/// Revokes the live tokens of `username` (only those labelled `label` when
/// given); returns how many.
pub async fn revoke_tokens(store: &Store, username: &str, label: Option<&str>) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $3
         WHERE username = $1 AND revoked_at IS NULL AND ($2 IS NULL OR label = $2)",
    )
    .bind(username)
    .bind(label)
    .bind(now_iso())
    .execute(store.pool())
    .await?;
    Ok(done.rows_affected())
}

/// The enabled user owning the live (neither expired nor revoked) token with this digest.
pub async fn user_by_token(store: &Store, token_hash: &str) -> Result<Option<User>> {
    let row = sqlx::query(
        "SELECT username FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL
           AND (expires_at IS NULL OR expires_at > $2)",
    )
    .bind(token_hash)
    .bind(now_iso())
    .fetch_optional(store.pool())
    .await?;
    let Some(r) = row else { return Ok(None) };
    let username: String = r.try_get("username")?;
    Ok(get(store, &username).await?.filter(|u| !u.disabled))
}
