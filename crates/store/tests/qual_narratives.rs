//! The narratives in the store are documents too, kept in step: a survey's
//! free-text answers become an `enkatsvar` document, and when an answer
//! changes under a coding, the coding moves with its text or, if the text is
//! gone, is dropped, never left pointing into other words. On both backends.

use sqlx::Row;
use uppsikt_domain::qual::{Code, Coding, slice};
use uppsikt_store::qual::{codebook, codings, documents, narratives, revision};
use uppsikt_store::testing::TestDb;
use uppsikt_store::{reference, survey};

#[tokio::test]
async fn survey_answers_are_documents_and_codings_follow_their_text() {
    for db in TestDb::all().await.unwrap() {
        let store = &db.store;
        reference::load(store).await.unwrap();
        survey::reconstruction::load(store).await.unwrap();
        narratives::sync(store).await.unwrap();
        let docs = documents::list(store, None).await.unwrap();
        let doc = docs
            .iter()
            .find(|d| d.kind == "enkatsvar")
            .expect("a free-text answer is a document");
        assert!(
            doc.source.as_deref().unwrap().starts_with("SYNTETISKA"),
            "{:?}",
            doc.source
        );
        let before = revision(store).await.unwrap();
        narratives::sync(store).await.unwrap();
        assert_eq!(
            revision(store).await.unwrap(),
            before,
            "an unchanged narrative is not rewritten"
        );

        // Code the first four characters of one answer.
        let municipality = doc.municipality.clone().unwrap();
        let row = sqlx::query(
            "SELECT a.item_id, a.value FROM survey_answers a JOIN survey_items i
               ON i.survey_id = a.survey_id AND i.id = a.item_id
             WHERE a.municipality = $1 AND i.kind = 'free_text' AND a.value <> '' ORDER BY i.position",
        )
        .bind(&municipality)
        .fetch_one(store.pool())
        .await
        .unwrap();
        let (item, answer): (String, String) = (row.get(0), row.get(1));
        let text = documents::get(store, &doc.doc_id).await.unwrap().input.text;
        let quote: String = answer.chars().take(4).collect();
        let at = uppsikt_domain::qual::char_len(&text[..text.find(&answer).unwrap()]) as u32;
        let code = Code {
            code_id: "t".into(),
            parent_id: None,
            name: "T".into(),
            description: String::new(),
            color: None,
            indicators: vec![],
        };
        codebook::import(store, "t.csv", &[(2, code)]).await.unwrap();
        let coding = Coding {
            doc_id: doc.doc_id.clone(),
            start: at,
            end: at + 4,
            code_id: "t".into(),
            coder: "anna".into(),
            memo: String::new(),
        };
        codings::import(store, "k.csv", &[(2, coding)], false).await.unwrap();

        // Words put in front: the coding moves by as many characters.
        let update = |value: String| {
            sqlx::query("UPDATE survey_answers SET value = $1 WHERE municipality = $2 AND item_id = $3")
                .bind(value)
                .bind(municipality.clone())
                .bind(item.clone())
        };
        update(format!("Nytt: {answer}")).execute(store.pool()).await.unwrap();
        let s = narratives::sync(store).await.unwrap();
        assert_eq!((s.written, s.moved, s.dropped), (1, 1, 0));
        let moved = &codings::of_document(store, &doc.doc_id).await.unwrap()[0];
        assert_eq!(moved.start, at + 6);
        let text = documents::get(store, &doc.doc_id).await.unwrap().input.text;
        assert_eq!(
            slice(&text, moved.start as usize, moved.end as usize),
            Some(quote.as_str())
        );

        // The coded words gone: the coding goes, and says so.
        update("Helt annat.".into()).execute(store.pool()).await.unwrap();
        let s = narratives::sync(store).await.unwrap();
        assert_eq!(s.dropped, 1);
        assert!(codings::of_document(store, &doc.doc_id).await.unwrap().is_empty());
        db.finish().await.unwrap();
    }
}
