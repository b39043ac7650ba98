//! What the load benchmarks share.

use serde_json::{Map, Value};
use uppsikt_store::{Store, survey};

/// The survey the benchmarks submit.
pub const SURVEY: &str = "kommunenkat-2019";

/// A complete response to [`SURVEY`]: the first code of every unconditional
/// item, q2 = nej and then q2a.
pub async fn complete_answers(store: &Store) -> anyhow::Result<Map<String, Value>> {
    let q = survey::questionnaire(store, SURVEY).await?;
    let mut answers = Map::new();
    for item in q.items() {
        if let (Some(c), None) = (item.choices(), &item.show_if) {
            answers.insert(item.id.clone(), c[0].code.clone().into());
        }
    }
    answers.insert("q2".into(), "nej".into());
    answers.insert("q2a".into(), "ja".into());
    Ok(answers)
}
