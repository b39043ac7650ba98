//! Storing and reading questionnaire definitions.

use sqlx::{Any, Row, Transaction};
use uppsikt_domain::survey::{ItemKind, Questionnaire};

use crate::{BackendError, Error, Result, Store};

/// The built-in questionnaires (id, TOML definition), loaded by `init`.
pub const BUILTIN: &[(&str, &str)] = &[(
    "kommunenkat-2019",
    include_str!("../../../../data/reference/kommunenkat-2019.toml"),
)];

/// Parses the built-in questionnaires.
pub fn builtin_questionnaires() -> Result<Vec<(Questionnaire, &'static str)>> {
    BUILTIN
        .iter()
        .map(|(id, text)| {
            let q = Questionnaire::from_toml(text)
                .map_err(|e| Error::Backend(BackendError::Corrupt(format!("data/reference/{id}.toml: {e}"))))?;
            // Shipped data, tested: a mismatch is a bug in the repository.
            assert_eq!(q.id, *id, "data/reference/{id}.toml declares another id");
            Ok((q, *text))
        })
        .collect()
}

/// Loads (or refreshes) the built-in questionnaires in `tx`. Idempotent; the
/// survey's state and its responses are left as they are.
pub async fn load_builtin(tx: &mut Transaction<'_, Any>) -> Result<()> {
    for (q, text) in builtin_questionnaires()? {
        upsert_questionnaire(tx, &q, text).await?;
    }
    Ok(())
}

/// Inserts or updates a questionnaire, its items and answer codes.
pub async fn upsert_questionnaire(tx: &mut Transaction<'_, Any>, q: &Questionnaire, definition: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO surveys (id, title, year, source, definition, state) VALUES ($1, $2, $3, $4, $5, 'draft')
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, year = excluded.year,
           source = excluded.source, definition = excluded.definition",
    )
    .bind(&q.id)
    .bind(&q.title)
    .bind(q.year as i64)
    .bind(&q.source)
    .bind(definition)
    .execute(&mut **tx)
    .await?;
    super::population::default_in(tx, &q.id).await?;
    for (pos, item) in q.items().iter().enumerate() {
        let kind = match item.kind {
            ItemKind::Choice(_) => "choice",
            ItemKind::FreeText => "free_text",
        };
        sqlx::query(
            "INSERT INTO survey_items (survey_id, id, question_id, number, position, kind, label, help, required,
               show_if_item, show_if_equals)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (survey_id, id) DO UPDATE SET question_id = excluded.question_id,
               number = excluded.number, position = excluded.position, kind = excluded.kind,
               label = excluded.label, help = excluded.help, required = excluded.required,
               show_if_item = excluded.show_if_item, show_if_equals = excluded.show_if_equals",
        )
        .bind(&q.id)
        .bind(&item.id)
        .bind(&item.question_id)
        .bind(&item.number)
        .bind(pos as i64)
        .bind(kind)
        .bind(&item.label)
        .bind(item.help.as_deref())
        .bind(item.required as i64)
        .bind(item.show_if.as_ref().map(|c| c.item.as_str()))
        .bind(item.show_if.as_ref().map(|c| c.equals.as_str()))
        .execute(&mut **tx)
        .await?;
        for (cpos, c) in item.choices().unwrap_or_default().iter().enumerate() {
            sqlx::query(
                "INSERT INTO survey_choices (survey_id, item_id, code, label, position) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (survey_id, item_id, code) DO UPDATE SET label = excluded.label,
                   position = excluded.position",
            )
            .bind(&q.id)
            .bind(&item.id)
            .bind(&c.code)
            .bind(&c.label)
            .bind(cpos as i64)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Stores (or updates) a questionnaire and its definition text in one
/// transaction; its state and answers are left as they are.
pub async fn install(store: &Store, q: &Questionnaire, definition: &str) -> Result<()> {
    let mut tx = store.pool().begin().await?;
    upsert_questionnaire(&mut tx, q, definition).await?;
    tx.commit().await?;
    Ok(())
}

/// The stored questionnaire `survey_id`.
pub async fn questionnaire(store: &Store, survey_id: &str) -> Result<Questionnaire> {
    let row = sqlx::query("SELECT definition FROM surveys WHERE id = $1")
        .bind(survey_id)
        .fetch_optional(store.pool())
        .await?;
    let Some(row) = row else {
        return Err(super::unknown_survey(store, survey_id).await);
    };
    let text: String = row.try_get("definition")?;
    Ok(Questionnaire::from_toml(&text)?)
}
