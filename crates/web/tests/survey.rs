//! The survey form behind a token: skip logic on the server, partial saves
//! that resume, submission, and results for analysts.

mod common;

use common::{TestUser, csrf_of};
use reqwest::StatusCode;
use uppsikt_store::survey;

#[tokio::test]
async fn a_municipality_saves_resumes_and_submits() {
    for server in common::servers().await {
        let token = common::open_survey(&server.store).await;
        let url = server.url(&format!("/enkat/{token}"));
        let c = server.client();
        let html = c.get(&url).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Kiruna") && html.contains("data-show-if-item=\"q2\""));
        assert!(
            html.contains("id=\"block-q2a\" data-show-if-item=\"q2\" data-show-if-equals=\"nej\" hidden"),
            "q2a starts hidden"
        );
        let csrf = csrf_of(&html);
        // q2 = ja hides q2a: an answer to it sent anyway is dropped by the server.
        let r = c
            .post(&url)
            .form(&[
                ("csrf", csrf.as_str()),
                ("intent", "save"),
                ("q2", "ja"),
                ("q2a", "ja"),
                ("q4", "Halvvägs"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let saved = survey::fetch_by_token(&server.store, &token).await.unwrap().unwrap();
        assert_eq!(saved.status, uppsikt_domain::survey::ResponseStatus::Partial);
        assert_eq!(saved.answers.get("q2").map(String::as_str), Some("ja"));
        assert!(!saved.answers.contains_key("q2a"));
        // Coming back with a new browser shows what was saved.
        let html = server.client().get(&url).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("value=\"ja\" checked") && html.contains("Halvvägs"));
        // Submitting with required questions open is refused, in Swedish, and keeps the answers.
        let r = c
            .post(&url)
            .form(&[
                ("csrf", csrf.as_str()),
                ("intent", "submit"),
                ("q2", "nej"),
                ("q2a", "nej"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text().await.unwrap();
        assert!(html.contains("Obligatorisk fråga som inte är besvarad."), "{html}");
        assert!(!html.contains("id=\"block-q2a\" data-show-if-item=\"q2\" data-show-if-equals=\"nej\" hidden"));
        // A complete response is accepted once.
        let mut form: Vec<(String, String)> = vec![("csrf".into(), csrf.clone()), ("intent".into(), "submit".into())];
        let complete = serde_json::from_value::<std::collections::BTreeMap<String, String>>(complete()).unwrap();
        form.extend(complete);
        let r = c.post(&url).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let html = c.get(&url).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Tack för dina svar"));
        let r = c.post(&url).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT);
        let status = survey::status(&server.store, "kommunenkat-2019").await.unwrap();
        assert_eq!((status.responded, status.partial), (1, 0));
        // The analyst sees the result with a chart.
        let (analyst, _) = server.login(TestUser::Analyst).await;
        let html = analyst
            .get(server.url("/enkater/kommunenkat-2019"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("svg class=\"chart\"") && html.contains("Svarsfrekvens"));
        server.finish().await;
    }
}

fn complete() -> serde_json::Value {
    let q = survey::builtin_questionnaires().unwrap().remove(0).0;
    let mut m = serde_json::Map::new();
    for item in q.items() {
        if let (Some(c), None) = (item.choices(), &item.show_if) {
            m.insert(item.id.clone(), serde_json::json!(c[0].code));
        }
    }
    m.insert("q2".into(), serde_json::json!("nej"));
    m.insert("q2a".into(), serde_json::json!("ja"));
    serde_json::Value::Object(m)
}
