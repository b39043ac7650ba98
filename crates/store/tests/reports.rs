//! Regional reports on every backend: the workflow, submission checks,
//! the audit trail and its guarantees, reporting rates, and the demo reports.

use sqlx::AssertSqlSafe;
use uppsikt_domain::measure::{Measure, MeasureStatus, Period};
use uppsikt_domain::report::{Action, ActionKind, Question, ReportContent, ReportState};
use uppsikt_domain::{Actor, Agreement, RegionCode, Sek};
use uppsikt_store::reports::{self, Saved};
use uppsikt_store::testing::TestDb;
use uppsikt_store::{Error, Store, agreements, grants, reference, seeds};

uppsikt_store::postgres_backend_test!();

async fn loaded() -> Vec<TestDb> {
    let dbs = TestDb::all().await.expect("test databases");
    for db in &dbs {
        reference::load(&db.store).await.expect("reference data");
        seeds::load(&db.store).await.expect("seed data");
    }
    dbs
}

fn region(c: &str) -> RegionCode {
    c.parse().unwrap()
}

/// Who acts, and when.
struct Who {
    actor: Actor,
    at: String,
}

fn actor(name: &str, role: &str, at: &str) -> Who {
    Who {
        actor: Actor::new(name, role.parse().unwrap()),
        at: at.into(),
    }
}

async fn save(s: &Store, w: &Who, a: &Agreement, r: RegionCode, c: ReportContent) -> Result<Saved, Error> {
    reports::save_content(s, &w.actor, &w.at, a, r, c, None).await
}

async fn act(s: &Store, w: &Who, a: &Agreement, r: RegionCode, kind: ActionKind, text: &str) -> Result<Saved, Error> {
    reports::act(s, &w.actor, &w.at, a, r, Action::new(kind, text), None).await
}

fn measure(title: &str, cost: i64) -> Measure {
    Measure {
        number: None,
        title: title.into(),
        description: Some("Sjuksköterskeledda mottagningar".into()),
        area: Some("omstallning".into()),
        earmark: None,
        status: Some(MeasureStatus::Pilot),
        cost: Some(Sek(cost)),
        grant_funded: Some(Sek(cost / 2)),
        approx: false,
        period: Some(Period { from: 2019, to: 2019 }),
        results: None,
        target_group: None,
        part_of: None,
        source: None,
    }
}

fn content(measures: Vec<Measure>) -> ReportContent {
    let mut c = ReportContent::default();
    c.answers
        .set(Question::Decisions, Some("Utvecklingsplan beslutad 2019".into()));
    c.measures = measures;
    c
}

const DEMO_AT: &str = "2020-01-01T00:00:00Z";

async fn audit_count(store: &Store, a: &Agreement) -> usize {
    reports::audit(store, &a.id, None).await.unwrap().len()
}

#[tokio::test]
async fn the_workflow_runs_end_to_end_and_refuses_what_it_must() {
    for db in loaded().await {
        let s = &db.store;
        let a = agreements::get(s, "god-och-nara-vard-2019").await.unwrap();
        let r = region("17");
        let coordinator = actor("karin", "region:17", "2019-10-01T09:00:00Z");
        let analyst = actor("anna", "analytiker", "2019-10-20T09:00:00Z");
        let admin = actor("adam", "admin", "2019-11-01T09:00:00Z");

        // Nothing to act on before the report exists.
        let e = act(s, &analyst, &a, r, ActionKind::Approve, "").await.unwrap_err();
        assert_eq!(
            e.to_string(),
            "Redovisningen för god-och-nara-vard-2019/17 finns inte ännu."
        );
        // An analyst does not write a region's report; another region cannot either.
        let e = save(s, &analyst, &a, r, content(vec![])).await.unwrap_err();
        assert_eq!(e.to_string(), "Rollen analytiker får inte skapa redovisningar.");
        let other = actor("olle", "region:18", "2019-10-01T09:00:00Z");
        let e = save(s, &other, &a, r, content(vec![])).await.unwrap_err();
        assert_eq!(
            e.to_string(),
            "Rollen regionsamordnare (18) får bara hantera sin egen regions redovisning, inte region 17."
        );
        assert_eq!(audit_count(s, &a).await, 0);

        let saved = save(s, &coordinator, &a, r, content(vec![measure("BEON", 1000)]))
            .await
            .unwrap();
        assert_eq!((saved.report.state, saved.report.version), (ReportState::Draft, 1));
        let submitted = act(s, &coordinator, &a, r, ActionKind::Submit, "").await.unwrap();
        assert_eq!(submitted.report.state, ReportState::Submitted);
        assert_eq!(
            submitted.report.first_submitted_at.as_deref(),
            Some("2019-10-01T09:00:00Z")
        );
        // Under review the region cannot change it.
        let e = save(s, &coordinator, &a, r, content(vec![])).await.unwrap_err();
        assert_eq!(
            e.to_string(),
            "Redovisningen är inlämnad. Att ändra redovisningen går bara när den är utkast eller återsänd."
        );
        let e = act(s, &analyst, &a, r, ActionKind::Return, " ").await.unwrap_err();
        assert_eq!(e.to_string(), "Kommentar till regionen saknas.");
        let returned = act(s, &analyst, &a, r, ActionKind::Return, "Ange resultat")
            .await
            .unwrap();
        assert_eq!(returned.report.state, ReportState::Returned);
        assert_eq!(returned.report.comment.as_deref(), Some("Ange resultat"));
        let mut m = measure("BEON", 1000);
        m.results = Some("Minskade hyrläkarkostnader".into());
        save(s, &coordinator, &a, r, content(vec![m])).await.unwrap();
        act(s, &coordinator, &a, r, ActionKind::Submit, "").await.unwrap();
        let e = act(s, &coordinator, &a, r, ActionKind::Approve, "").await.unwrap_err();
        assert_eq!(
            e.to_string(),
            "Rollen regionsamordnare (17) får inte godkänna redovisningen."
        );
        let approved = act(s, &analyst, &a, r, ActionKind::Approve, "").await.unwrap();
        assert_eq!(approved.report.state, ReportState::Approved);
        // The first submission date stays, for timeliness.
        assert_eq!(
            approved.report.first_submitted_at.as_deref(),
            Some("2019-10-01T09:00:00Z")
        );

        // Approval locks: no edit, and nothing written.
        let before = audit_count(s, &a).await;
        let e = save(s, &coordinator, &a, r, content(vec![])).await.unwrap_err();
        assert_eq!(
            e.to_string(),
            "Redovisningen är godkänd och låst. Bara en administratör kan öppna den, genom upplåsning med motivering."
        );
        assert_eq!(audit_count(s, &a).await, before);
        let stored = reports::get(s, &a.id, r).await.unwrap().unwrap();
        assert_eq!(stored.content.measures.len(), 1);

        let e = act(s, &analyst, &a, r, ActionKind::Publish, "").await.unwrap_err();
        assert_eq!(
            e.to_string(),
            "Redovisningen är godkänd. Att publicera redovisningen går bara när den är faktagranskad."
        );
        act(
            s,
            &analyst,
            &a,
            r,
            ActionKind::SendForFactCheck,
            "Värmland har infört BEON.",
        )
        .await
        .unwrap();
        let checked = act(s, &coordinator, &a, r, ActionKind::ConfirmFactCheck, "Stämmer")
            .await
            .unwrap();
        assert_eq!(checked.report.state, ReportState::FactChecked);
        let published = act(s, &analyst, &a, r, ActionKind::Publish, "").await.unwrap();
        assert_eq!(published.report.state, ReportState::Published);
        let e = act(s, &analyst, &a, r, ActionKind::Unlock, "fel").await.unwrap_err();
        assert_eq!(e.to_string(), "Rollen analytiker får inte låsa upp redovisningar.");
        let unlocked = act(s, &admin, &a, r, ActionKind::Unlock, "Fel belopp").await.unwrap();
        assert_eq!(unlocked.report.state, ReportState::Returned);
        assert_eq!(unlocked.report.comment.as_deref(), Some("Fel belopp"));

        let trail = reports::audit(s, &a.id, Some(r)).await.unwrap();
        let actions: Vec<&str> = trail
            .iter()
            .filter(|e| e.field.as_deref() == Some("state"))
            .map(|e| e.action.as_str())
            .collect();
        assert_eq!(
            actions,
            [
                "create",
                "submit",
                "return",
                "submit",
                "approve",
                "send_for_fact_check",
                "confirm_fact_check",
                "publish",
                "unlock"
            ]
        );
        let unlock = trail
            .iter()
            .find(|e| e.action == "unlock" && e.field.as_deref() == Some("state"))
            .unwrap();
        assert_eq!(
            (unlock.actor.as_str(), unlock.role.as_str(), unlock.at.as_str()),
            ("adam", "admin", "2019-11-01T09:00:00Z")
        );
        assert_eq!(
            (unlock.old.as_deref(), unlock.new.as_deref()),
            (Some("published"), Some("returned"))
        );
        assert_eq!(unlock.comment.as_deref(), Some("Fel belopp"));
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn submission_is_refused_while_an_error_finding_stands() {
    for db in loaded().await {
        let s = &db.store;
        let a = agreements::get(s, "professionsmiljarden-2017").await.unwrap();
        let r = region("04");
        let received = grants::grants(s, &a.id)
            .await
            .unwrap()
            .into_iter()
            .find(|g| g.region == r)
            .unwrap()
            .received;
        let coordinator = actor("sara", "region:04", "2018-02-01T10:00:00Z");
        // Costs typed in thousands: a thousandth of the grant, as Sörmland's 2017 figures.
        let mut m = measure("Kompetensutveckling", received.0 / 1000);
        m.area = Some("kompetensanvandning".into());
        m.grant_funded = None;
        let saved = save(s, &coordinator, &a, r, content(vec![m.clone()])).await.unwrap();
        assert!(saved.findings.iter().any(|f| f.rule == "spent-unit-low"));
        let before = audit_count(s, &a).await;
        let e = act(s, &coordinator, &a, r, ActionKind::Submit, "").await.unwrap_err();
        let Error::Blocked(blocked) = &e else {
            panic!("blocked by findings: {e}")
        };
        assert_eq!(blocked.len(), 1);
        assert_eq!(
            e.to_string().replace('\u{a0}', " "),
            "Redovisningen kan inte lämnas in förrän 1 fel är rättade:\n  – Sörmland: redovisade kostnader \
             27 500 kr är bara 0,10 % av erhållet bidrag 27 500 000 kr. Troligt enhetsfel (kronor i stället för \
             tusental eller miljoner) – kontrollera beloppen."
        );
        assert_eq!(audit_count(s, &a).await, before);
        assert_eq!(
            reports::get(s, &a.id, r).await.unwrap().unwrap().state,
            ReportState::Draft
        );
        // Corrected to kronor, it goes through.
        m.cost = Some(received);
        save(s, &coordinator, &a, r, content(vec![m])).await.unwrap();
        let ok = act(s, &coordinator, &a, r, ActionKind::Submit, "").await.unwrap();
        assert_eq!(ok.report.state, ReportState::Submitted);
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn every_change_is_in_the_audit_trail_and_replays_to_the_stored_report() {
    for db in loaded().await {
        let s = &db.store;
        let a = agreements::get(s, "god-och-nara-vard-2019").await.unwrap();
        let r = region("18");
        let who = actor("oskar", "region:18", "2019-09-01T08:00:00Z");
        // Each version is made from the stored one, as the editor and the API do.
        save(s, &who, &a, r, content(vec![measure("A", 10)])).await.unwrap();
        let mut c = reports::get(s, &a.id, r).await.unwrap().unwrap().content;
        c.measures[0].cost = Some(Sek(12));
        c.measures.push(measure("B", 5));
        save(s, &who, &a, r, c).await.unwrap();
        let mut c = reports::get(s, &a.id, r).await.unwrap().unwrap().content;
        assert!(c.remove_measure(1));
        c.answers
            .set(Question::Economy, Some("Omfördelning till primärvården".into()));
        save(s, &who, &a, r, c).await.unwrap();
        // Saving the same content again changes nothing and writes nothing.
        let n = audit_count(s, &a).await;
        let again = reports::get(s, &a.id, r).await.unwrap().unwrap().content;
        let saved = save(s, &who, &a, r, again).await.unwrap();
        assert_eq!((audit_count(s, &a).await, saved.report.version), (n, 3));

        let stored = reports::get(s, &a.id, r).await.unwrap().unwrap();
        let trail = reports::audit(s, &a.id, Some(r)).await.unwrap();
        // Every version has audit rows, and they are numbered without gaps.
        let mut seen: Vec<i64> = trail.iter().map(|e| e.version).collect();
        seen.dedup();
        assert_eq!(seen, (1..=stored.version).collect::<Vec<_>>());
        // Replaying old → new per field gives the stored answers and measures.
        let mut fields = std::collections::BTreeMap::new();
        // `measure` rows mark a measure added or removed; the fields themselves follow.
        for e in trail.iter().filter(|e| e.field.as_deref() != Some("measure")) {
            let key = (e.measure, e.field.clone().unwrap());
            assert_eq!(
                fields.get(&key).cloned().flatten(),
                e.old,
                "old value of {key:?} matches"
            );
            fields.insert(key, e.new.clone());
        }
        for q in Question::ALL {
            let key = (None, format!("answers.{}", q.code()));
            assert_eq!(
                fields.get(&key).cloned().flatten().as_deref(),
                stored.content.answers.get(q)
            );
        }
        let titles: Vec<String> = (1..=3)
            .filter_map(|i| fields.get(&(Some(i), "title".to_string())).cloned().flatten())
            .collect();
        assert_eq!(titles, ["B"]);
        assert_eq!(
            fields.get(&(Some(2), "cost".to_string())).cloned().flatten(),
            Some("5".to_string()),
            "B keeps number 2 after measure 1 is removed"
        );
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn a_measure_keeps_its_number_and_no_number_is_given_twice() {
    for db in loaded().await {
        let s = &db.store;
        let a = agreements::get(s, "god-och-nara-vard-2019").await.unwrap();
        let r = region("19");
        let who = actor("vera", "region:19", "2019-09-01T08:00:00Z");
        let numbers = |c: &ReportContent| -> Vec<(i32, String)> {
            c.measures
                .iter()
                .map(|m| (m.number.unwrap(), m.title.clone()))
                .collect()
        };
        let stored = || async { reports::get(s, &a.id, r).await.unwrap().unwrap().content };
        let saved = save(
            s,
            &who,
            &a,
            r,
            content(vec![measure("A", 1), measure("B", 2), measure("C", 3)]),
        )
        .await
        .unwrap();
        assert_eq!(
            numbers(&saved.report.content),
            [(1, "A".into()), (2, "B".into()), (3, "C".into())]
        );
        assert_eq!(
            saved.report.content,
            stored().await,
            "what commit returns is what is stored"
        );

        // Removing the first measure changes no other number; the trail records only its removal.
        let mut c = stored().await;
        assert!(c.remove_measure(1));
        let before = audit_count(s, &a).await;
        save(s, &who, &a, r, c).await.unwrap();
        let trail = reports::audit(s, &a.id, Some(r)).await.unwrap();
        let changed: Vec<Option<i64>> = trail[before..].iter().map(|e| e.measure).collect();
        assert!(changed.iter().all(|m| *m == Some(1)), "{changed:?}");
        assert_eq!(numbers(&stored().await), [(2, "B".into()), (3, "C".into())]);

        // A new measure gets a new number; a removed number is never given again.
        let mut c = stored().await;
        assert!(c.remove_measure(3));
        c.measures.push(measure("D", 4));
        save(s, &who, &a, r, c).await.unwrap();
        assert_eq!(numbers(&stored().await), [(2, "B".into()), (4, "D".into())]);

        // Content that names a number the report does not have, or one twice, is refused whole.
        let version = reports::get(s, &a.id, r).await.unwrap().unwrap().version;
        for (number, message) in [
            (
                3,
                "Rapporten har ingen insats nummer 3. Den kan ha tagits bort; läs rapporten igen och gör om ändringen.",
            ),
            (2, "Insats nummer 2 finns två gånger i det som skickades."),
        ] {
            let mut c = stored().await;
            c.measures[1].number = Some(number);
            let e = save(s, &who, &a, r, c).await.unwrap_err();
            assert!(matches!(e, Error::Invalid(_)), "{e:?}");
            assert_eq!(e.to_string(), message);
        }
        assert_eq!(reports::get(s, &a.id, r).await.unwrap().unwrap().version, version);

        // A file lists the whole report without numbers: its rows keep the numbers by place.
        let file = content(vec![measure("B", 2), measure("D ändrad", 4), measure("E", 5)]);
        let mut c = file.clone();
        c.number_by_position(&stored().await);
        save(s, &who, &a, r, c).await.unwrap();
        assert_eq!(
            numbers(&stored().await),
            [(2, "B".into()), (4, "D ändrad".into()), (5, "E".into())]
        );
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn the_database_refuses_a_change_without_an_audit_row_and_any_change_to_audit_rows() {
    for db in loaded().await {
        let s = &db.store;
        let a = agreements::get(s, "god-och-nara-vard-2019").await.unwrap();
        let r = region("23");
        let who = actor("jonas", "region:23", "2019-09-01T08:00:00Z");
        save(s, &who, &a, r, content(vec![measure("Virtuellt akutrum", 100)]))
            .await
            .unwrap();
        let before = (reports::get(s, &a.id, r).await.unwrap(), audit_count(s, &a).await);
        let attempts = [
            ("UPDATE reports SET state = 'approved'", "change without an audit row"),
            (
                "UPDATE reports SET state = 'approved', version = version + 1",
                "change without an audit row",
            ),
            ("DELETE FROM reports", "reports cannot be deleted"),
            ("UPDATE report_measures SET cost_sek = 1", "change without an audit row"),
            (
                "UPDATE report_measures SET cost_sek = 1, version = version + 1",
                "change without an audit row",
            ),
            ("DELETE FROM report_measures", "change without an audit row"),
            (
                "INSERT INTO report_measures (agreement_id, region, seq, title, approx, version)
                 VALUES ('god-och-nara-vard-2019', '23', 2, 'Smygad', 0, 1)",
                "change without an audit row",
            ),
            (
                "INSERT INTO reports (agreement_id, region, state, version) VALUES ('god-och-nara-vard-2019', '01', 'approved', 9)",
                "change without an audit row",
            ),
            ("UPDATE audit_log SET actor = 'någon annan'", "audit_log is append-only"),
            ("DELETE FROM audit_log", "audit_log is append-only"),
        ];
        for (sql, expected) in attempts {
            let e = sqlx::query(AssertSqlSafe(sql)).execute(s.pool()).await.unwrap_err();
            assert!(e.to_string().contains(expected), "{:?} {sql}: {e}", s.backend());
        }
        let after = (reports::get(s, &a.id, r).await.unwrap(), audit_count(s, &a).await);
        assert_eq!(before, after);
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn reporting_rates_count_submitted_and_on_time_reports() {
    for db in loaded().await {
        let s = &db.store;
        let a = agreements::get(s, "god-och-nara-vard-2019").await.unwrap();
        for (code, at, submit) in [
            ("17", "2019-10-15T16:00:00Z", true),
            ("18", "2019-10-16T08:00:00Z", true),
            ("23", "2019-10-01T08:00:00Z", false),
        ] {
            let who = actor("x", &format!("region:{code}"), at);
            save(s, &who, &a, region(code), content(vec![measure("M", 10)]))
                .await
                .unwrap();
            if submit {
                act(s, &who, &a, region(code), ActionKind::Submit, "").await.unwrap();
            }
        }
        let rates = reports::rates(s, &a).await.unwrap();
        assert_eq!(rates.deadline.as_deref(), Some("2019-10-15"));
        assert_eq!(
            (rates.expected, rates.submitted, rates.on_time, rates.approved),
            (21, 2, 1, 0)
        );
        let row = |c: &str| rates.rows.iter().find(|r| r.region == c).unwrap();
        assert_eq!(
            (row("17").state, row("17").on_time),
            (Some(ReportState::Submitted), Some(true))
        );
        assert_eq!(row("18").on_time, Some(false));
        assert_eq!((row("23").state, row("23").on_time), (Some(ReportState::Draft), None));
        assert_eq!(row("01").state, None);
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn demo_reports_come_from_the_seeds_keep_their_sources_and_load_idempotently() {
    for db in loaded().await {
        let s = &db.store;
        let first = reports::demo::load(s, DEMO_AT).await.unwrap();
        assert_eq!((first.created, first.kept), (24, 0));
        let a17 = agreements::get(s, "professionsmiljarden-2017").await.unwrap();
        let trail = audit_count(s, &a17).await;
        let second = reports::demo::load(s, DEMO_AT).await.unwrap();
        assert_eq!((second.created, second.kept), (0, 24));
        assert_eq!(audit_count(s, &a17).await, trail);

        let list = reports::list(s, &a17.id).await.unwrap();
        assert_eq!(list.len(), 21);
        assert!(list.iter().all(|r| r.state == ReportState::Approved));
        let seed_measures = seeds::measures_2017(&a17).unwrap();
        let total: usize = list.iter().map(|r| r.content.measures.len()).sum();
        assert_eq!(total, seed_measures.len());
        let skane = list.iter().find(|r| r.region == region("12")).unwrap();
        assert_eq!(skane.source.as_ref().unwrap().section, "2.Region Skåne");
        assert!(skane.content.measures.iter().all(|m| {
            let src = m.source.as_ref().unwrap();
            src.seed == "004_4b1049023f6152cb.txt" && src.quote.is_some()
        }));
        let rates = reports::rates(s, &a17).await.unwrap();
        assert_eq!((rates.submitted, rates.approved), (21, 21));

        let a19 = agreements::get(s, "god-och-nara-vard-2019").await.unwrap();
        let drafts = reports::list(s, &a19.id).await.unwrap();
        let codes: Vec<&str> = drafts.iter().map(|r| r.region.as_str()).collect();
        assert_eq!(codes, ["17", "18", "23"]);
        let varmland = &drafts[0];
        assert_eq!(varmland.state, ReportState::Draft);
        let beon = &varmland.content.measures[0];
        assert_eq!(beon.status, Some(MeasureStatus::Implemented));
        assert!(beon.source.as_ref().unwrap().quote.as_ref().unwrap().contains("BEON"));
        db.finish().await.unwrap();
    }
}
