//! Questionnaires parsed once, for a server that takes many answers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sqlx::{Any, Transaction};
use uppsikt_domain::survey::Questionnaire;

use crate::Result;

/// Questionnaires by survey id, each parsed from its definition once. A
/// survey's definition does not change while a server answers it (it is
/// installed before the survey opens), so entries are never invalidated.
#[derive(Debug, Default)]
pub struct QuestionnaireCache(Mutex<HashMap<String, Arc<Questionnaire>>>);

impl QuestionnaireCache {
    /// The questionnaire of `survey_id`, from the cache or read inside `tx`
    /// (the caller holds the connection; SQLite's pool has only one).
    /// `survey_id` must exist.
    pub(crate) async fn get_in(&self, tx: &mut Transaction<'_, Any>, survey_id: &str) -> Result<Arc<Questionnaire>> {
        if let Some(q) = self.cached(survey_id) {
            return Ok(q);
        }
        let definition: String = sqlx::query_scalar("SELECT definition FROM surveys WHERE id = $1")
            .bind(survey_id)
            .fetch_one(&mut **tx)
            .await?;
        Ok(self.remember(Questionnaire::from_toml(&definition)?))
    }

    fn cached(&self, survey_id: &str) -> Option<Arc<Questionnaire>> {
        self.0.lock().expect("questionnaire cache lock").get(survey_id).cloned()
    }

    fn remember(&self, q: Questionnaire) -> Arc<Questionnaire> {
        let q = Arc::new(q);
        self.0
            .lock()
            .expect("questionnaire cache lock")
            .insert(q.id.clone(), q.clone());
        q
    }
}
