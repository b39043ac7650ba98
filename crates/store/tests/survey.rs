//! The municipal survey on every backend: import, its errors, tracking,
//! the population, results.

use sqlx::Row;
use uppsikt_domain::survey::Answers;
use uppsikt_store::survey::{self, PopulationChoice, ResponseStatus};
use uppsikt_store::testing::TestDb;
use uppsikt_store::{Conflict, Error, Invalid};

uppsikt_store::postgres_backend_test!();
use uppsikt_store::{Store, reference};

const ID: &str = "kommunenkat-2019";

async fn initialised() -> Vec<TestDb> {
    let dbs = TestDb::all().await.expect("test databases");
    for db in &dbs {
        reference::load(&db.store).await.expect("reference data");
    }
    dbs
}

async fn count(store: &Store, table: &'static str) -> i64 {
    let sql = match table {
        "survey_answers" => "SELECT COUNT(*) AS n FROM survey_answers",
        "survey_participants" => "SELECT COUNT(*) AS n FROM survey_participants",
        other => panic!("no count for {other}"),
    };
    sqlx::query(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// The survey `token` opens, as the answer form finds it.
async fn survey_of(store: &Store, token: &str) -> Option<String> {
    survey::fetch_by_token(store, token).await.unwrap().map(|t| t.survey_id)
}

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn find<'a>(
    rows: &'a [uppsikt_domain::survey::AnswerCount],
    item: &str,
    code: &str,
) -> &'a uppsikt_domain::survey::AnswerCount {
    rows.iter().find(|r| r.item == item && r.code == code).unwrap()
}

const GOOD: &str = "kommun,q1_politisk,q2,q2a,q3_dietist,q4\n\
0114,ja,nej,ja,finns_ej,Hyrpersonal under sommaren.\n\
1280,nej,ja,,brist,\n\
2584,,nej,nej,balans,\"Delegering, utbildning\"\n";

#[tokio::test]
async fn the_questionnaire_is_loaded_by_init_and_reloads() {
    for db in initialised().await {
        let s = &db.store;
        reference::load(s).await.unwrap();
        let q = survey::questionnaire(s, ID).await.unwrap();
        assert_eq!(q.items().len(), 14);
        assert_eq!(q.questions[2].number, "2a");
        let (state, opened, closed) = survey::state(s, ID).await.unwrap();
        assert_eq!((state, opened, closed), (survey::SurveyState::Draft, None, None));
        let err = survey::questionnaire(s, "enkat-1999").await.unwrap_err().to_string();
        assert_eq!(err, "Enkäten ”enkat-1999” finns inte. Kända: kommunenkat-2019.");
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn import_stores_long_rows_and_counts_them() {
    for db in initialised().await {
        let s = &db.store;
        let summary = survey::import_csv(s, ID, "svar.csv", GOOD).await.unwrap();
        assert_eq!(summary.municipalities, 3);
        assert_eq!(summary.answers, 12);
        assert_eq!(
            count(s, "survey_answers").await,
            12,
            "one row per municipality × answered question"
        );
        let rows = survey::results(s, ID).await.unwrap();
        assert_eq!(rows.len(), 42, "every closed item × code, zeros included");
        let q2_nej = find(&rows, "q2", "nej");
        assert_eq!((q2_nej.count, q2_nej.answered, q2_nej.percent()), (2, 3, Some(66.7)));
        let pol = find(&rows, "q1_politisk", "ja");
        assert_eq!((pol.count, pol.answered, pol.percent()), (1, 2, Some(50.0)));
        let over = find(&rows, "q3_dietist", "overskott");
        assert_eq!((over.count, over.answered), (0, 3));
        assert_eq!(find(&rows, "q3_farmaceut", "brist").percent(), None);

        let st = survey::status(s, ID).await.unwrap();
        assert_eq!((st.invited, st.responded, st.partial, st.synthetic), (3, 3, 0, 0));
        // The survey is for all 290 municipalities, not only those whose answers came in.
        assert_eq!((st.population, st.response_rate), (290, Some(1.0)));
        let pending = survey::pending(s, ID).await.unwrap();
        assert_eq!(pending.len(), 287, "the non-responders, invited or not");
        assert!(pending.iter().all(|p| p.status.is_none() && p.invited_at.is_none()));
        let free = survey::free_text(s, ID).await.unwrap();
        let texts: Vec<(&str, &str)> = free
            .iter()
            .map(|f| (f.municipality.as_str(), f.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                ("0114", "Hyrpersonal under sommaren."),
                ("2584", "Delegering, utbildning")
            ]
        );
        assert!(free.iter().all(|f| f.item == "q4" && !f.synthetic));

        let by_region = survey::results_by_region(s, ID).await.unwrap();
        assert_eq!(by_region.len(), 21 * 42);
        let norrbotten = by_region
            .iter()
            .find(|r| r.region == "25" && r.count.item == "q2a" && r.count.code == "nej")
            .unwrap();
        assert_eq!((norrbotten.count.count, norrbotten.count.answered), (1, 1));

        // A second file with a subset of columns replaces only those; an empty field clears.
        survey::import_csv(s, ID, "rattelse.csv", "kommun,q4,q3_dietist\n0114,,brist\n")
            .await
            .unwrap();
        let rows = survey::results(s, ID).await.unwrap();
        assert_eq!(find(&rows, "q3_dietist", "brist").count, 2);
        assert_eq!(find(&rows, "q2a", "ja").count, 1, "q2a kept");
        assert_eq!(survey::free_text(s, ID).await.unwrap().len(), 1);
        let exported = survey::responses(s, ID).await.unwrap();
        assert_eq!(exported.len(), 3);
        assert_eq!(exported[0].source.as_deref(), Some("import: rattelse.csv"));
        db.finish().await.unwrap();
    }
}

/// Each contract error: the first row is fine, a later one is not; the
/// message names file, row and column, and nothing at all is stored.
#[tokio::test]
async fn every_contract_error_rejects_the_whole_file() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "unknown municipality",
            "kommun,q2\n0114,ja\n0199,nej\n",
            "bad.csv: rad 3, kolumn ”kommun”: ”0199” är ingen känd kommunkod (fyra siffror för en av de 290 kommunerna, t.ex. 0114).",
        ),
        (
            "malformed municipality",
            "kommun,q2\n0114,ja\n114,nej\n",
            "bad.csv: rad 3, kolumn ”kommun”: ”114” är ingen känd kommunkod",
        ),
        (
            "same municipality twice",
            "kommun,q2\n0114,ja\n1280,nej\n0114,nej\n",
            "bad.csv: rad 4, kolumn ”kommun”: Kommun 0114 förekommer två gånger (också på rad 2).",
        ),
        (
            "unknown answer code",
            "kommun,q2,q3_farmaceut\n0114,ja,brist\n1280,nej,massor\n",
            "bad.csv: rad 3, kolumn ”q3_farmaceut”: ”massor” är inget svar på frågan (välj något av: brist, balans, overskott, vet_inte, finns_ej).",
        ),
        (
            "q2a when q2 is ja",
            "kommun,q2,q2a\n0114,nej,ja\n1280,ja,ja\n",
            "bad.csv: rad 3, kolumn ”q2a”: Frågan ställs bara när q2 = nej, men q2 är ”ja”.",
        ),
        (
            "q2a when q2 is not answered",
            "kommun,q2,q2a\n0114,nej,ja\n1280,,nej\n",
            "bad.csv: rad 3, kolumn ”q2a”: Frågan ställs bara när q2 = nej, men q2 är inte besvarad.",
        ),
        (
            "unknown column",
            "kommun,q2,q5\n0114,ja,x\n",
            "bad.csv: rad 1, kolumn ”q5”: Okänd kolumn. Väntade kommun och fråge-id:n i kommunenkat-2019: q1_politisk,",
        ),
        (
            "missing kommun column",
            "q2\nja\n",
            "bad.csv: rad 1, kolumn ”kommun”: Kolumnen med kommunens fyrsiffriga kod saknas.",
        ),
    ];
    for db in initialised().await {
        let s = &db.store;
        for (what, text, expected) in cases {
            let err = survey::import_csv(s, ID, "bad.csv", text).await.unwrap_err();
            let msg = err.to_string();
            let first_problem = msg.lines().nth(1).unwrap_or_default().trim();
            assert!(
                msg.starts_with("bad.csv: 1 fel – inget har sparats:") && first_problem.starts_with(expected),
                "{what}: got\n{msg}\nexpected\n{expected}"
            );
            assert_eq!(count(s, "survey_answers").await, 0, "{what}: answers stored");
            assert_eq!(count(s, "survey_participants").await, 0, "{what}: participants stored");
        }
        // Every problem of a file is reported at once.
        let err = survey::import_csv(s, ID, "bad.csv", "kommun,q2,q2a\n0199,ja,\n1280,jo,\n1280,ja,nej\n")
            .await
            .unwrap_err();
        assert_eq!(err.to_string().lines().count(), 1 + 3, "{err}");
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn skip_logic_holds_against_answers_stored_earlier() {
    for db in initialised().await {
        let s = &db.store;
        survey::import_csv(s, ID, "a.csv", "kommun,q2,q2a\n0114,nej,ja\n")
            .await
            .unwrap();
        let err = survey::import_csv(s, ID, "b.csv", "kommun,q2\n0114,ja\n")
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string().trim(),
            "b.csv: 1 fel – inget har sparats:\n  \
             b.csv: rad 2, kolumn ”q2”: Gör det sparade svaret på q2a ogiltigt: Frågan ställs bara när q2 = nej, men q2 är ”ja”."
        );
        survey::import_csv(s, ID, "c.csv", "kommun,q2,q2a\n0114,ja,\n")
            .await
            .unwrap();
        let rows = survey::results(s, ID).await.unwrap();
        assert_eq!(
            (find(&rows, "q2", "ja").count, find(&rows, "q2a", "ja").answered),
            (1, 0)
        );
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn invitations_track_status_through_the_token_flow() {
    for db in initialised().await {
        let s = &db.store;
        let invited = survey::invite(s, ID).await.unwrap();
        assert_eq!(invited.len(), 290);
        let tokens: std::collections::BTreeSet<&str> = invited.iter().map(|i| i.token.as_str()).collect();
        assert_eq!(tokens.len(), 290, "one distinct token each");
        assert!(
            survey::invite(s, ID).await.unwrap().is_empty(),
            "inviting again adds no one"
        );
        let st = survey::status(s, ID).await.unwrap();
        assert_eq!((st.invited, st.responded, st.response_rate), (290, 0, Some(0.0)));

        let stockholm = invited.iter().find(|i| i.municipality == "0180").unwrap();
        let token = stockholm.token.as_str();
        let session = survey::fetch_by_token(s, token).await.unwrap().unwrap();
        assert_eq!(
            (session.municipality_name.as_str(), session.status),
            ("Stockholm", ResponseStatus::Invited)
        );
        assert!(survey::fetch_by_token(s, "nope").await.unwrap().is_none());

        let part = answers(&[("q1_politisk", "ja"), ("q2", "nej")]);
        assert!(matches!(
            survey::save_partial(s, token, &part).await,
            Err(Error::Conflict(Conflict::SurveyNotOpen(survey::SurveyState::Draft)))
        ));
        survey::open(s, ID).await.unwrap();
        assert!(
            survey::open(s, ID)
                .await
                .unwrap_err()
                .to_string()
                .contains("redan öppen")
        );
        survey::save_partial(s, token, &part).await.unwrap();
        let session = survey::fetch_by_token(s, token).await.unwrap().unwrap();
        assert_eq!(
            (session.status, session.answers.clone()),
            (ResponseStatus::Partial, part.clone())
        );
        let st = survey::status(s, ID).await.unwrap();
        assert_eq!((st.partial, st.responded), (1, 0));

        // Server-side skip logic: q2a only after nej on q2.
        let hidden = answers(&[("q2", "ja"), ("q2a", "ja")]);
        match survey::save_partial(s, token, &hidden).await {
            Err(Error::Invalid(Invalid::Answers(p))) => assert_eq!(p[0].item, "q2a"),
            other => panic!("{other:?}"),
        }
        // A form's leftover answer to a hidden question is dropped, not refused.
        let cache = survey::QuestionnaireCache::default();
        let partial = uppsikt_domain::survey::Completeness::Partial;
        let kept = survey::answer(s, &cache, token, hidden.clone(), partial, survey::HiddenAnswers::Drop)
            .await
            .unwrap();
        assert_eq!(kept, answers(&[("q2", "ja")]));
        let session = survey::fetch_by_token(s, token).await.unwrap().unwrap();
        assert_eq!(session.answers, kept);
        match survey::submit(s, token, &part).await {
            Err(Error::Invalid(Invalid::Answers(p))) => assert!(p.iter().any(|x| x.item == "q2a")),
            other => panic!("{other:?}"),
        }
        let full = answers(&[
            ("q1_politisk", "ja"),
            ("q1_ledning", "ja"),
            ("q1_verksamhetschef", "nej"),
            ("q1_profession", "nej"),
            ("q2", "ja"),
            ("q3_sjukskoterska", "brist"),
            ("q3_specialistsjukskoterska", "brist"),
            ("q3_fysioterapeut", "balans"),
            ("q3_arbetsterapeut", "balans"),
            ("q3_dietist", "finns_ej"),
            ("q3_farmaceut", "finns_ej"),
        ]);
        survey::submit(s, token, &full).await.unwrap();
        // The submission replaces what was saved, items saved before included.
        let session = survey::fetch_by_token(s, token).await.unwrap().unwrap();
        assert_eq!(
            (session.status, session.answers),
            (ResponseStatus::Complete, full.clone())
        );
        assert!(matches!(
            survey::submit(s, token, &full).await,
            Err(Error::Conflict(Conflict::ResponseComplete))
        ));
        let st = survey::status(s, ID).await.unwrap();
        assert_eq!(
            (st.invited, st.partial, st.responded, st.response_rate),
            (290, 0, 1, Some(0.3))
        );
        let pending = survey::pending(s, ID).await.unwrap();
        assert_eq!(pending.len(), 289);
        assert!(
            pending
                .iter()
                .all(|p| p.municipality != "0180" && p.reminded_at.is_none())
        );
        assert_eq!(survey::mark_reminded(s, ID).await.unwrap(), 289);
        assert!(
            survey::pending(s, ID)
                .await
                .unwrap()
                .iter()
                .all(|p| p.reminded_at.is_some())
        );

        survey::close(s, ID).await.unwrap();
        assert!(survey::close(s, ID).await.is_err());
        let other = &invited.iter().find(|i| i.municipality == "0114").unwrap().token;
        assert!(matches!(
            survey::save_partial(s, other, &part).await,
            Err(Error::Conflict(Conflict::SurveyNotOpen(survey::SurveyState::Closed)))
        ));
        let (state, opened, closed) = survey::state(s, ID).await.unwrap();
        assert_eq!(state, survey::SurveyState::Closed);
        assert!(opened.is_some() && closed.is_some());
        assert_eq!(count(s, "survey_answers").await, 11);
        db.finish().await.unwrap();
    }
}

/// Invitation tokens are kept only as digests: the database never holds a
/// link, tokens stored in clear before migration 0012 become digests and keep
/// working, and a new link replaces the old one.
#[tokio::test]
async fn tokens_are_stored_as_digests_and_a_new_link_replaces_the_old() {
    for db in initialised().await {
        let s = &db.store;
        let invited = survey::invite(s, ID).await.unwrap();
        let token = invited[0].token.clone();
        let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM survey_participants")
            .fetch_all(s.pool())
            .await
            .unwrap();
        assert!(
            stored
                .iter()
                .all(|h| h.len() == 64 && !invited.iter().any(|i| &i.token == h))
        );
        assert_eq!(survey_of(s, &token).await.as_deref(), Some(ID));

        // A token from before the migration, in clear, is digested and still opens.
        let old = "GammalToken0123456789abcdefghijk";
        sqlx::query("UPDATE survey_participants SET token_hash = $1 WHERE municipality = $2")
            .bind(old)
            .bind(&invited[1].municipality)
            .execute(s.pool())
            .await
            .unwrap();
        assert_eq!(survey::digest_clear_tokens(s).await.unwrap(), 1);
        assert_eq!(
            survey::digest_clear_tokens(s).await.unwrap(),
            0,
            "a second run changes nothing"
        );
        assert_eq!(survey_of(s, old).await.as_deref(), Some(ID));

        // A new link: the old one stops working.
        let fresh = survey::new_link(s, ID, &invited[0].municipality)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(survey_of(s, &token).await, None);
        assert_eq!(survey_of(s, &fresh).await.as_deref(), Some(ID));
        assert_eq!(survey::new_link(s, ID, "9999").await.unwrap(), None);
    }
}

/// Two submissions of the same response at the same moment: exactly one is
/// stored, the other is told the response is complete (on PostgreSQL they
/// race on separate connections; the guarded status update decides).
#[tokio::test]
async fn racing_submissions_of_one_response_store_exactly_one() {
    for db in initialised().await {
        let s = &db.store;
        let invited = survey::invite(s, ID).await.unwrap();
        survey::open(s, ID).await.unwrap();
        let token = invited.into_iter().find(|i| i.municipality == "0180").unwrap().token;
        let q = survey::questionnaire(s, ID).await.unwrap();
        let mut full = Answers::new();
        for item in q.items() {
            if let (Some(c), None) = (item.choices(), &item.show_if) {
                full.insert(item.id.clone(), c[0].code.clone());
            }
        }
        let complete = uppsikt_domain::survey::Completeness::Complete;
        let cache = survey::QuestionnaireCache::default();
        let refuse = survey::HiddenAnswers::Refuse;
        let (a, b) = tokio::join!(
            survey::answer(s, &cache, &token, full.clone(), complete, refuse),
            survey::answer(s, &cache, &token, full.clone(), complete, refuse)
        );
        let stored = [&a, &b].iter().filter(|r| r.is_ok()).count();
        assert_eq!(stored, 1, "{a:?} / {b:?}");
        let lost = |r: &Result<Answers, Error>| matches!(r, Err(Error::Conflict(Conflict::ResponseComplete)));
        assert!(lost(&a) || lost(&b));
        assert_eq!(count(s, "survey_answers").await, full.len() as i64);
        db.finish().await.unwrap();
    }
}

// A survey's population: all 290 by default, set to a region or a list, and
// counted by the response rate, the pending list, the invitations and the import.

#[tokio::test]
async fn a_survey_goes_to_all_290_until_told_otherwise_and_the_rate_counts_against_its_population() {
    for db in initialised().await {
        let s = &db.store;
        assert_eq!(survey::population(s, ID).await.unwrap().len(), 290);
        // Two of three answering municipalities, with nobody invited: 2 / 290.
        survey::import_csv(s, ID, "svar.csv", "kommun,q1_politisk\n0114,ja\n2584,nej\n")
            .await
            .unwrap();
        let st = survey::status(s, ID).await.unwrap();
        assert_eq!((st.population, st.responded, st.response_rate), (290, 2, Some(0.7)));
        assert_eq!(survey::pending(s, ID).await.unwrap().len(), 288);

        let n = survey::set_population(s, ID, &PopulationChoice::Regions(vec!["25".parse().unwrap()]))
            .await
            .unwrap_err();
        // 0114 (Upplands Väsby, Stockholm) has answered: it must stay in.
        match n {
            Error::Invalid(Invalid::Rule(m)) => assert!(m.contains("0114"), "{m}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        let chosen = PopulationChoice::Regions(vec!["01".parse().unwrap(), "25".parse().unwrap()]);
        assert_eq!(survey::set_population(s, ID, &chosen).await.unwrap(), 26 + 14);
        // Refreshing the reference data keeps a population that was set.
        reference::load(s).await.unwrap();
        let st = survey::status(s, ID).await.unwrap();
        assert_eq!((st.population, st.responded, st.response_rate), (40, 2, Some(5.0)));
        let pending = survey::pending(s, ID).await.unwrap();
        assert_eq!(pending.len(), 38);
        assert!(pending.iter().all(|p| p.region == "01" || p.region == "25"));
        // Invitations go to the population only.
        let invited = survey::invite(s, ID).await.unwrap();
        assert_eq!(invited.len(), 38);

        // A municipality outside the population is named with its row and
        // column, and nothing of the file is stored.
        let before = count(s, "survey_answers").await;
        let err = survey::import_csv(s, ID, "fler.csv", "kommun,q1_politisk\n2580,ja\n1280,nej\n")
            .await
            .unwrap_err();
        let Error::Invalid(Invalid::Input(problems)) = err else {
            panic!("expected input problems, got {err:?}");
        };
        assert_eq!(problems.0.len(), 1, "{problems}");
        let text = problems.to_string();
        assert!(
            text.contains("fler.csv") && text.contains("rad 3") && text.contains("kommun"),
            "{text}"
        );
        assert!(
            text.contains("1280 ingår inte i enkätens population (40 kommuner)"),
            "{text}"
        );
        assert_eq!(before, count(s, "survey_answers").await);

        // Back to every municipality.
        assert_eq!(
            survey::set_population(s, ID, &PopulationChoice::All).await.unwrap(),
            290
        );
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn a_population_must_be_known_and_not_empty() {
    for db in initialised().await {
        let s = &db.store;
        let refused = |r: Result<usize, Error>| match r {
            Err(Error::Invalid(Invalid::Rule(m))) => m,
            other => panic!("expected a refusal, got {other:?}"),
        };
        let m = refused(survey::set_population(s, ID, &PopulationChoice::Municipalities(vec![])).await);
        assert!(m.contains("inte vara tom"), "{m}");
        let m = refused(survey::set_population(s, ID, &PopulationChoice::Regions(vec![])).await);
        assert!(m.contains("inte vara tom"), "{m}");
        assert!(matches!(
            survey::set_population(s, "finns-inte", &PopulationChoice::All).await,
            Err(Error::NotFound(_))
        ));
        assert_eq!(survey::population(s, ID).await.unwrap().len(), 290);
        db.finish().await.unwrap();
    }
}
