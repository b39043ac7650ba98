//! The participant table: invitations with secret tokens, status, reminders.

use serde::Serialize;
use sqlx::Row;
use uppsikt_domain::survey::percent_one_decimal;

use super::{ResponseStatus, SurveyState, now};
use crate::{Result, Store};

/// Length of an invitation token (URL-safe characters, 6 bits each: 192 bits).
pub const TOKEN_LEN: usize = 32;
const TOKEN_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A fresh secret token from the operating system's random source. It
/// starts with a letter or digit: a token starting with `-` would be taken
/// for a formula by a spreadsheet, and every CSV the platform writes guards
/// against that by prefixing `'`, which would break the link.
pub(crate) fn new_token() -> Result<String> {
    let mut bytes = [0u8; TOKEN_LEN];
    // Without the system's random source no secret can be made; nothing sensible can go on.
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    // The alphabet's last two characters are `-` and `_`: draw the first again until it is neither.
    while bytes[0] & 63 >= 62 {
        getrandom::fill(&mut bytes[..1]).expect("the operating system's random source");
    }
    // 64 divides 256, so taking 6 bits of each byte keeps every character equally likely.
    Ok(bytes
        .iter()
        .map(|b| TOKEN_ALPHABET[(b & 63) as usize] as char)
        .collect())
}

/// What the database keeps of an invitation token: its SHA-256 digest (hex).
pub(crate) fn token_digest(token: &str) -> String {
    crate::sha256_hex(token.as_bytes())
}

/// A municipality invited, with the token to put in its link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invitation {
    /// The municipality's code.
    pub municipality: String,
    /// Its name.
    pub name: String,
    /// Its secret token (the link is `/enkat/TOKEN`). Only its digest is
    /// stored: this is the one time it can be read.
    pub token: String,
}

/// Invites every municipality of the survey's population that is not yet a participant,
/// each with its own secret token, in one transaction. Returns the new ones.
pub async fn invite(store: &Store, survey_id: &str) -> Result<Vec<Invitation>> {
    super::state(store, survey_id).await?;
    let rows = sqlx::query(
        "SELECT m.code, m.name FROM survey_population sp JOIN municipalities m ON m.code = sp.municipality
         WHERE sp.survey_id = $1
           AND NOT EXISTS (SELECT 1 FROM survey_participants p WHERE p.survey_id = $1 AND p.municipality = m.code)
         ORDER BY m.code",
    )
    .bind(survey_id)
    .fetch_all(store.pool())
    .await?;
    let at = now();
    let mut out = Vec::with_capacity(rows.len());
    let mut tx = store.pool().begin().await?;
    for r in &rows {
        let inv = Invitation {
            municipality: r.try_get("code")?,
            name: r.try_get("name")?,
            token: new_token()?,
        };
        sqlx::query(
            "INSERT INTO survey_participants (survey_id, municipality, token_hash, status, invited_at)
             VALUES ($1, $2, $3, 'invited', $4)",
        )
        .bind(survey_id)
        .bind(&inv.municipality)
        .bind(token_digest(&inv.token))
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        out.push(inv);
    }
    tx.commit().await?;
    Ok(out)
}

/// Invited, partial and complete counts and the response rate. The response
/// rate counts against the survey's population (see [`super::population`];
/// all 290 municipalities unless set otherwise), invited or not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyStatus {
    /// The survey's id.
    pub survey: String,
    /// Whether it takes answers.
    pub state: SurveyState,
    /// When it was opened.
    pub opened_at: Option<String>,
    /// When it was closed.
    pub closed_at: Option<String>,
    /// Municipalities the survey is for: its population.
    pub population: i64,
    /// Municipalities invited.
    pub invited: i64,
    /// Started but not submitted.
    pub partial: i64,
    /// Responded: submitted or imported.
    pub responded: i64,
    /// 100 × responded / population, one decimal.
    pub response_rate: Option<f64>,
    /// Of the responses, how many are synthetic (a reconstruction, not real answers).
    pub synthetic: i64,
}

/// The survey's tracking figures.
pub async fn status(store: &Store, survey_id: &str) -> Result<SurveyStatus> {
    let (state, opened_at, closed_at): (SurveyState, _, _) = super::state(store, survey_id).await?;
    let rows = sqlx::query(
        "SELECT status, synthetic, COUNT(*) AS n FROM survey_participants WHERE survey_id = $1 GROUP BY status, synthetic",
    )
    .bind(survey_id)
    .fetch_all(store.pool())
    .await?;
    let mut s = SurveyStatus {
        survey: survey_id.to_string(),
        state,
        opened_at,
        closed_at,
        population: sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM survey_population WHERE survey_id = $1")
            .bind(survey_id)
            .fetch_one(store.pool())
            .await?,
        invited: 0,
        partial: 0,
        responded: 0,
        response_rate: None,
        synthetic: 0,
    };
    for r in &rows {
        let n: i64 = r.try_get("n")?;
        let status: String = r.try_get("status")?;
        s.invited += n;
        match status.as_str() {
            "partial" => s.partial += n,
            "complete" => {
                s.responded += n;
                if r.try_get::<i64, _>("synthetic")? == 1 {
                    s.synthetic += n;
                }
            }
            _ => {}
        }
    }
    s.response_rate = percent_one_decimal(s.responded, s.population);
    Ok(s)
}

/// A municipality that has not responded: who to remind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pending {
    /// The municipality's code.
    pub municipality: String,
    /// Its name.
    pub name: String,
    /// Its region's code.
    pub region: String,
    /// Invited or partial; `None` when it has not been invited.
    pub status: Option<ResponseStatus>,
    /// When it was invited.
    pub invited_at: Option<String>,
    /// When it was last reminded.
    pub reminded_at: Option<String>,
}

/// The municipalities of the survey's population without a complete
/// response, invited or not, in code order.
pub async fn pending(store: &Store, survey_id: &str) -> Result<Vec<Pending>> {
    super::state(store, survey_id).await?;
    let rows = sqlx::query(
        "SELECT m.code AS municipality, m.name, m.region, p.status, p.invited_at, p.reminded_at
         FROM survey_population sp
         JOIN municipalities m ON m.code = sp.municipality
         LEFT JOIN survey_participants p ON p.municipality = m.code AND p.survey_id = sp.survey_id
         WHERE sp.survey_id = $1 AND (p.status IS NULL OR p.status <> 'complete')
         ORDER BY m.code",
    )
    .bind(survey_id)
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Pending {
                municipality: r.try_get("municipality")?,
                name: r.try_get("name")?,
                region: r.try_get("region")?,
                status: r
                    .try_get::<Option<String>, _>("status")?
                    .map(|s| s.parse())
                    .transpose()?,
                invited_at: r.try_get("invited_at")?,
                reminded_at: r.try_get("reminded_at")?,
            })
        })
        .collect()
}

/// Records that every pending municipality was reminded now. Returns how many.
pub async fn mark_reminded(store: &Store, survey_id: &str) -> Result<u64> {
    super::state(store, survey_id).await?;
    let done =
        sqlx::query("UPDATE survey_participants SET reminded_at = $2 WHERE survey_id = $1 AND status <> 'complete'")
            .bind(survey_id)
            .bind(now())
            .execute(store.pool())
            .await?;
    Ok(done.rows_affected())
}

/// A new invitation token for a municipality already invited (its link was
/// lost, say): the old link stops working. `None` when it is not invited.
pub async fn new_link(store: &Store, survey_id: &str, municipality: &str) -> Result<Option<String>> {
    let token = new_token()?;
    let done = sqlx::query("UPDATE survey_participants SET token_hash = $3 WHERE survey_id = $1 AND municipality = $2")
        .bind(survey_id)
        .bind(municipality)
        .bind(token_digest(&token))
        .execute(store.pool())
        .await?;
    Ok((done.rows_affected() == 1).then_some(token))
}

/// Replaces invitation tokens stored in clear (before migration 0012) by
/// their digests; run after the migrations. A digest is 64 hex characters, a
/// token 32 of its own alphabet, so a second run changes nothing.
pub async fn digest_clear_tokens(store: &Store) -> Result<u64> {
    let clear: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT survey_id, municipality, token_hash FROM survey_participants WHERE LENGTH(token_hash) <> 64",
    )
    .fetch_all(store.pool())
    .await?;
    if clear.is_empty() {
        // Every open after the first: nothing to write.
        return Ok(0);
    }
    let mut tx = store.pool().begin().await?;
    for (survey_id, municipality, token) in &clear {
        sqlx::query("UPDATE survey_participants SET token_hash = $3 WHERE survey_id = $1 AND municipality = $2")
            .bind(survey_id)
            .bind(municipality)
            .bind(token_digest(token))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(clear.len() as u64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_long_url_safe_and_different() {
        let a = super::new_token().unwrap();
        let b = super::new_token().unwrap();
        assert_eq!(a.len(), super::TOKEN_LEN);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        assert_ne!(a, b);
    }

    #[test]
    fn tokens_never_start_like_a_spreadsheet_formula() {
        // One in 32 would start with `-` or `_` if the first character were not drawn again.
        for _ in 0..2000 {
            let t = super::new_token().unwrap();
            assert!(t.as_bytes()[0].is_ascii_alphanumeric(), "{t}");
        }
    }
}
