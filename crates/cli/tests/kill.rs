//! Crash safety, shown by killing. Each writer runs as the real `uppsikt`
//! binary and is killed with SIGKILL at several points spread over the time
//! an uninterrupted run takes: the measures import (CSV) and the filled-in
//! Excel template, the survey CSV import, indicator publishing, the
//! qualitative document import and a restore; and the server with web survey
//! submissions in flight. After each kill the database opens and passes its
//! own integrity check, every table holds what it held before the command
//! or what a whole run leaves (never a part), the audit trail matches the
//! reports, and the same command then succeeds. On SQLite and PostgreSQL.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Instant;

use common::{Target, block_on};
use uppsikt_store::testing::TestDb;
use uppsikt_store::{Store, backup};

uppsikt_store::postgres_backend_test!();

/// Kill points per writer and backend, spread evenly over a whole run.
const POINTS: u32 = 3;

/// Row counts per table.
type Counts = BTreeMap<String, usize>;

/// A target on SQLite, or on a fresh PostgreSQL database.
fn target(postgres: bool) -> Target {
    if postgres {
        Target::postgres().expect("PostgreSQL configured")
    } else {
        Target::sqlite()
    }
}

/// Opens the store (which must work), checks its integrity and the audit
/// trail, and returns every table's row count.
fn check(t: &Target) -> Counts {
    block_on(async {
        let store = Store::open(&t.location())
            .await
            .expect("the database opens after a kill");
        if t.db.is_none() {
            let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_one(store.pool())
                .await
                .unwrap();
            assert_eq!(verdict, "ok", "SQLite integrity check");
        }
        audit_matches_reports(&store).await;
        let counts = backup::canonical_dump(&store)
            .await
            .unwrap()
            .into_iter()
            .filter(|(t, _)| !VOLATILE.contains(&t.as_str()))
            .map(|(t, rows)| (t, rows.len()))
            .collect();
        store.close().await;
        counts
    })
}

/// Tables a command may touch outside its transaction by design.
const VOLATILE: [&str; 1] = ["sessions"];

/// Every report's version has its audit rows, and no audit row is of a
/// version the report never reached (a change half written).
async fn audit_matches_reports(store: &Store) {
    let orphans: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log a WHERE NOT EXISTS (
           SELECT 1 FROM reports r WHERE r.agreement_id = a.agreement_id AND r.region = a.region
             AND r.version >= a.version)",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(orphans, 0, "audit rows of changes that are not there");
    let unaudited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM reports r WHERE NOT EXISTS (
           SELECT 1 FROM audit_log a WHERE a.agreement_id = r.agreement_id AND a.region = r.region
             AND a.version = r.version)",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(unaudited, 0, "report versions without their audit rows");
}

/// One writer: how to make its starting point, and its command.
struct Writer<'a> {
    name: &'a str,
    prepare: &'a dyn Fn(&Target),
    args: &'a [&'a str],
    /// Whether running it again over a finished run leaves the same rows
    /// (a publication makes a new release instead).
    repeatable: bool,
}

/// Runs `w` uninterrupted to learn its duration and end state, then kills it
/// at [`POINTS`] points and checks each survivor.
fn kill_at_points(w: &Writer<'_>, postgres: bool) {
    let reference = target(postgres);
    (w.prepare)(&reference);
    let before = check(&reference);
    let started = Instant::now();
    reference.ok(w.args);
    let took = started.elapsed();
    let after = check(&reference);
    assert_ne!(before, after, "{}: the command changes nothing", w.name);

    for point in 1..=POINTS {
        let target = target(postgres);
        (w.prepare)(&target);
        let delay = took.mul_f64(f64::from(point) / f64::from(POINTS + 1));
        let mut child = target
            .command(w.args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL; it may have finished already
        child.wait().unwrap();
        let survived = check(&target);
        assert!(
            survived == before || survived == after,
            "{} killed after {delay:?} (of {took:?}, PostgreSQL: {postgres}) left a part:\n{}",
            w.name,
            differences(&before, &after, &survived)
        );
        target.ok(w.args);
        let rerun = check(&target);
        if w.repeatable || survived == before {
            assert_eq!(rerun, after, "{}: the run after the kill", w.name);
        }
    }
}

fn differences(before: &Counts, after: &Counts, found: &Counts) -> String {
    found
        .iter()
        .filter(|(t, n)| before.get(*t) != Some(n) || after.get(*t) != Some(n))
        .map(|(t, n)| {
            format!(
                "  {t}: before {:?}, after {:?}, found {n}\n",
                before.get(t),
                after.get(t)
            )
        })
        .collect()
}

fn backends() -> Vec<bool> {
    let mut out = vec![false];
    if block_on(TestDb::postgres()).unwrap().is_some() {
        out.push(true);
    }
    out
}

/// Files the writers read, made once.
struct Inputs {
    dir: tempfile::TempDir,
}

impl Inputs {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn inputs() -> Inputs {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 500 measures for Värmland's report.
    let mut csv = String::from("Titel;Utvecklingsområde;Status;Kostnad (kr);Varav statsbidrag (kr)\n");
    for i in 1..=500 {
        csv.push_str(&format!("Insats nummer {i};omstallning;införd;{i} 000,00;{i} 00\n"));
    }
    std::fs::write(d.join("insatser.csv"), csv).unwrap();
    // Cells for every region and sex over ten years.
    let mut cells = String::from("indicator,region,period,sex,numerator,denominator,value,suppressed\n");
    let regions = std::iter::once("00".to_string()).chain(uppsikt_domain::RegionCode::all().map(|c| c.to_string()));
    for region in regions {
        for year in 2010..2020 {
            for sex in ["alla", "K", "M"] {
                cells.push_str(&format!(
                    "aterinskrivning_30d,{region},{year},{sex},300,2000,15.0,false\n"
                ));
            }
        }
    }
    std::fs::write(d.join("celler.csv"), cells).unwrap();
    // 120 interview notes.
    let docs = d.join("dokument");
    std::fs::create_dir(&docs).unwrap();
    let mut list = String::from("doc_id,file,title,kind,region,agreement\n");
    for i in 1..=120 {
        let text = format!("Intervju {i} om omställningen till nära vård.\n").repeat(40);
        std::fs::write(docs.join(format!("intervju-{i}.txt")), text).unwrap();
        list.push_str(&format!(
            "intervju-{i},intervju-{i}.txt,Intervju {i},intervju,17,god-och-nara-vard-2019\n"
        ));
    }
    std::fs::write(docs.join("documents.csv"), list).unwrap();
    // The 226 reconstructed responses of the 2019 survey, as the survey's CSV.
    let source = Target::sqlite();
    source.ok(&["init"]);
    block_on(async {
        let store = Store::open(&source.location()).await.unwrap();
        uppsikt_store::survey::reconstruction::load(&store).await.unwrap();
        store.close().await;
    });
    block_on(async {
        let store = Store::open(&source.location()).await.unwrap();
        filled_template(&store, &d.join("rapport.xlsx")).await;
        store.close().await;
    });
    let responses = source.ok(&["survey", "export", "kommunenkat-2019"]);
    assert!(responses.lines().count() > 200);
    std::fs::write(d.join("svar.csv"), responses).unwrap();
    Inputs { dir }
}

/// Värmland's report template with an answer and 500 measures typed in.
async fn filled_template(store: &Store, path: &Path) {
    use uppsikt_store::reports::template::{self, SHEET_MEASURES, SHEET_QUESTIONS};
    let a = uppsikt_store::agreements::get(store, "god-och-nara-vard-2019")
        .await
        .unwrap();
    let r = uppsikt_store::registry::regions(store)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.code.as_str() == "17")
        .unwrap();
    let mut wb = template::build(&a, &r).unwrap();
    let q = wb.worksheet_from_name(SHEET_QUESTIONS).unwrap();
    q.write_string(1, 2, "Utvecklingsplan för nära vård, beslut 2019")
        .unwrap();
    let m = wb.worksheet_from_name(SHEET_MEASURES).unwrap();
    for i in 1..=500u32 {
        m.write_string(i, 0, format!("Insats {i}")).unwrap();
        m.write_string(i, 2, "tillganglighet").unwrap();
        m.write_string(i, 3, "pilot").unwrap();
        m.write_number(i, 4, f64::from(i) * 1000.0).unwrap();
        m.write_string(i, 6, "2019").unwrap();
    }
    wb.save(path).unwrap();
}

fn init(t: &Target) {
    t.ok(&["init"]);
}

/// `init` and one account, with a password so nothing is printed.
fn init_with_user(t: &Target, account: &[&str]) {
    t.ok(&["init"]);
    let mut args = vec!["users", "add"];
    args.extend_from_slice(account);
    args.extend(["--password", "ett-langt-losenord"]);
    t.ok(&args);
}

fn init_with_region_user(t: &Target) {
    init_with_user(t, &["karin", "--role", "region", "--region", "17"]);
}

fn init_with_analyst(t: &Target) {
    init_with_user(t, &["anna", "--role", "analyst"]);
}

#[test]
fn killed_writers_leave_all_or_nothing_and_run_again() {
    let inputs = inputs();
    let measures = inputs.path("insatser.csv");
    let cells = inputs.path("celler.csv");
    let docs = inputs.path("dokument");
    let (measures, cells, docs) = (
        measures.to_str().unwrap(),
        cells.to_str().unwrap(),
        docs.to_str().unwrap(),
    );
    let responses = inputs.path("svar.csv");
    let responses = responses.to_str().unwrap();
    let template = inputs.path("rapport.xlsx");
    let template = template.to_str().unwrap();
    let writers = [
        Writer {
            name: "reports import (CSV)",
            prepare: &init_with_region_user,
            args: &[
                "reports",
                "import",
                measures,
                "--agreement",
                "god-och-nara-vard-2019",
                "--region",
                "17",
                "--as",
                "karin",
                "--role",
                "region:17",
            ],
            repeatable: false,
        },
        Writer {
            name: "reports import (Excel template)",
            prepare: &init_with_region_user,
            args: &["reports", "import", template, "--as", "karin", "--role", "region:17"],
            repeatable: false,
        },
        Writer {
            name: "survey import (CSV)",
            prepare: &init,
            args: &["survey", "import", "kommunenkat-2019", responses],
            repeatable: true,
        },
        Writer {
            name: "indicators publish",
            prepare: &init_with_analyst,
            args: &["indicators", "publish", cells, "--source", "Test", "--as", "anna"],
            repeatable: false,
        },
        Writer {
            name: "qual import",
            prepare: &init,
            args: &["qual", "import", docs],
            repeatable: true,
        },
    ];
    for postgres in backends() {
        for w in &writers {
            kill_at_points(w, postgres);
        }
    }
}

/// A backup of a data directory with reports and documents, restored into
/// empty targets and killed along the way: the target is then empty again
/// or whole, and the restore runs again to the end.
#[test]
fn a_killed_restore_leaves_an_empty_or_whole_target_and_runs_again() {
    let inputs = inputs();
    let source = Target::sqlite();
    source.ok(&["init"]);
    source.ok(&["qual", "import", inputs.path("dokument").to_str().unwrap()]);
    let published = source.dir.path().join("rapport/2019");
    std::fs::create_dir_all(&published).unwrap();
    std::fs::write(published.join("report.html"), "<p>2019</p>".repeat(100_000)).unwrap();
    let file = inputs.path("kopia.uppsikt-backup");
    let file = file.to_str().unwrap();
    source.ok(&["backup", "--out", file]);
    let whole = check(&source);
    let restore: &[&str] = &["restore", file];
    for postgres in backends() {
        let reference = target(postgres);
        let started = Instant::now();
        reference.ok(restore);
        let took = started.elapsed();
        assert_eq!(check(&reference), whole);
        for point in 1..=POINTS {
            let target = target(postgres);
            let delay = took.mul_f64(f64::from(point) / f64::from(POINTS + 1));
            let mut child = target
                .command(restore)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(delay);
            let _ = child.kill();
            child.wait().unwrap();
            // A restore is finished when its marker is gone from a target it
            // wrote to; then the target is whole and a second restore refuses
            // it as not empty. Otherwise the same restore runs to the end.
            let marker = target.dir.path().join(uppsikt_store::layout::RESTORE_MARKER);
            let wrote = target.dir.path().join("rapport").exists() || target.dir.path().join("uppsikt.sqlite").exists();
            if marker.exists() || !wrote {
                let out = target.command(restore).output().unwrap();
                assert!(
                    out.status.success(),
                    "restore after a kill at {delay:?} of {took:?} (PostgreSQL: {postgres}): {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            assert!(!marker.exists(), "a finished restore leaves no marker");
            assert_eq!(check(&target), whole);
            assert_same_files(source.dir.path(), target.dir.path());
        }
    }
}

/// The published reports under `a` are in `b` with the same bytes.
fn assert_same_files(a: &Path, b: &Path) {
    let mut dirs = vec![a.join(uppsikt_store::layout::ANNUAL_REPORTS)];
    let mut seen = 0;
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                let rel = p.strip_prefix(a).unwrap();
                assert_eq!(
                    std::fs::read(&p).unwrap(),
                    std::fs::read(b.join(rel)).unwrap(),
                    "{rel:?}"
                );
                seen += 1;
            }
        }
    }
    assert!(seen > 0, "the backup holds published files");
}

/// Survey answers per municipality from the survey's CSV (empty cells left out).
fn answers_by_municipality(csv_text: &str) -> Vec<(String, uppsikt_domain::survey::Answers)> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let answers = header
                .iter()
                .zip(r.iter())
                .skip(1)
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            (r[0].to_string(), answers)
        })
        .collect()
}

/// What became of one web submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// Not sent yet.
    Unsent,
    /// Answered 200: it must be stored, whole.
    Accepted,
    /// Sent, but the server died before answering: stored whole or not at all.
    InFlight,
    /// In flight at a kill, to be sent again: if it was stored, the server
    /// refuses the second submission with 409.
    Resend,
}

/// The server with municipalities submitting the survey through their links:
/// killed three times while submissions are in flight. Each time, every
/// accepted submission is stored whole, every other one whole or not at all,
/// and after a restart the rest go in.
#[test]
fn web_survey_submissions_in_flight_are_stored_whole_or_not_at_all() {
    let inputs = inputs();
    let csv_text = std::fs::read_to_string(inputs.path("svar.csv")).unwrap();
    let (_, definition) = uppsikt_store::survey::BUILTIN[0];
    let q = uppsikt_domain::survey::Questionnaire::from_toml(definition).unwrap();
    // Those whose answers make a complete response (the rest were partial).
    let all: Vec<_> = answers_by_municipality(&csv_text)
        .into_iter()
        .filter(|(_, a)| q.validate(a, uppsikt_domain::survey::Completeness::Complete).is_empty())
        .collect();
    assert!(all.len() > 150, "{} complete responses", all.len());
    for postgres in backends() {
        let target = target(postgres);
        target.ok(&["init"]);
        let invited = target.ok(&["survey", "invite", "kommunenkat-2019", "--format", "csv"]);
        target.ok(&["survey", "open", "kommunenkat-2019"]);
        let tokens: BTreeMap<String, String> = invited
            .lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                (f[0].to_string(), f[f.len() - 1].to_string())
            })
            .collect();
        let mut fates = vec![Fate::Unsent; all.len()];
        // Killed after this many more accepted submissions, then once more at the end.
        for kill_after in [15, 40, 60, usize::MAX] {
            let (mut server, port) = serve(&target);
            block_on(submit_until(port, &all, &tokens, &mut fates, kill_after, &mut server));
            server.wait().unwrap();
            check_responses(&target, &q, &all, &fates);
            // What was in flight is sent again after the restart.
            for f in &mut fates {
                if *f == Fate::InFlight {
                    *f = Fate::Resend;
                }
            }
        }
        assert!(fates.iter().all(|f| *f == Fate::Accepted), "every municipality got in");
    }
}

/// Starts `uppsikt serve` on the target at a free port and waits until it answers.
fn serve(t: &Target) -> (std::process::Child, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = t
        .command(&["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    assert_eq!(common::get(port, "/"), "HTTP/1.1 200 OK");
    (child, port)
}

/// Submits, eight at a time, every unsent municipality's answers; once
/// `kill_after` more have been accepted (or all are sent) kills the server
/// with SIGKILL under the submissions still in flight.
async fn submit_until(
    port: u16,
    all: &[(String, uppsikt_domain::survey::Answers)],
    tokens: &BTreeMap<String, String>,
    fates: &mut [Fate],
    kill_after: usize,
    server: &mut std::process::Child,
) {
    let client = reqwest::Client::new();
    let mut pending = tokio::task::JoinSet::new();
    let waiting = |f: &Fate| matches!(f, Fate::Unsent | Fate::Resend);
    let mut next = fates.iter().position(waiting);
    let mut accepted = 0;
    loop {
        while pending.len() < 8
            && let Some(i) = next
        {
            let resend = fates[i] == Fate::Resend;
            fates[i] = Fate::InFlight;
            let (m, answers) = &all[i];
            let url = format!("http://127.0.0.1:{port}/api/v1/survey/{}/submit", tokens[m]);
            let request = client.post(url).json(&serde_json::json!({ "answers": answers }));
            pending.spawn(async move {
                let answer = match request.send().await {
                    Ok(r) => Ok((r.status().as_u16(), r.text().await.unwrap_or_default())),
                    Err(e) => Err(e),
                };
                (i, resend, answer)
            });
            next = fates.iter().skip(i + 1).position(waiting).map(|p| p + i + 1);
        }
        let Some(done) = pending.join_next().await else { break };
        let (i, resend, status) = done.unwrap();
        match status {
            Ok((200, _)) => {
                fates[i] = Fate::Accepted;
                accepted += 1;
            }
            // Stored before the kill after all (the check then sees it whole).
            Ok((409, _)) if resend => fates[i] = Fate::Accepted,
            other => panic!("{}: submission answered {other:?}", all[i].0),
        }
        if accepted >= kill_after {
            break;
        }
    }
    server.kill().unwrap();
    // What was answered before the kill counts as accepted; the rest died in flight.
    while let Some(done) = pending.join_next().await {
        if let (i, _, Ok((200, _))) = done.unwrap() {
            fates[i] = Fate::Accepted;
        }
    }
}

/// Every accepted submission is stored whole; every one in flight whole or
/// not at all; no unsent one has answers; the database is sound.
fn check_responses(
    t: &Target,
    q: &uppsikt_domain::survey::Questionnaire,
    all: &[(String, uppsikt_domain::survey::Answers)],
    fates: &[Fate],
) {
    check(t);
    block_on(async {
        let store = Store::open(&t.location()).await.unwrap();
        for ((m, answers), fate) in all.iter().zip(fates) {
            let status: String = sqlx::query_scalar(
                "SELECT status FROM survey_participants WHERE survey_id = 'kommunenkat-2019' AND municipality = $1",
            )
            .bind(m)
            .fetch_one(store.pool())
            .await
            .unwrap();
            let stored: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM survey_answers WHERE survey_id = 'kommunenkat-2019' AND municipality = $1",
            )
            .bind(m)
            .fetch_one(store.pool())
            .await
            .unwrap();
            let whole = i64::try_from(q.prune_hidden(answers.clone()).len()).unwrap();
            let state = (status.as_str(), stored);
            match fate {
                Fate::Accepted => assert_eq!(state, ("complete", whole), "{m}: accepted"),
                // A resend the kill came before is as much in flight as the first send.
                Fate::InFlight | Fate::Resend => assert!(
                    state == ("complete", whole) || state == ("invited", 0),
                    "{m}: in flight at the kill, found {state:?} (whole is {whole})"
                ),
                Fate::Unsent => assert_eq!(state, ("invited", 0), "{m}: never sent"),
            }
        }
        store.close().await;
    });
}
