//! Soak benchmark (not a test): the whole follow-up at work at once, over
//! loopback, for a bounded time (issue #15, item 6). Run from the repository root:
//!
//! ```text
//! cargo run --release -p uppsikt-web --example mixed_soak
//! UPPSIKT_SOAK_SECONDS=60 cargo run --release -p uppsikt-web --example mixed_soak
//! ```
//!
//! - 21 regions, two browser tabs each (two workers on one report, so
//!   optimistic-concurrency conflicts really happen): read the report, save
//!   answers and measures with the version read, now and then hand it in;
//! - 290 municipalities save and then submit the survey, spread over the run;
//! - four analysts read the dashboard page, the report list and rates, the
//!   indicator API, and return every handed-in report with a comment.
//!
//! It prints throughput, p50/p99 per route and the answers by status, then
//! checks that every accepted write is stored exactly once (each report's
//! version is its number of accepted writes; the survey's responded count
//! is its number of accepted submissions), that no answer was a 5xx, and
//! that every conflict is a 409 with a Swedish message.
//!
//! A fresh SQLite database in a temporary directory, or PostgreSQL with
//! `UPPSIKT_BENCH_DATABASE_URL=postgres://…` (an empty database).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use uppsikt_domain::access::Role;
use uppsikt_store::{Store, Workload, reference, seeds, survey, users};
use uppsikt_web::auth::{password, secret};
use uppsikt_web::{AppState, ServeConfig};

mod common;

use common::SURVEY;

const AGREEMENT: &str = "god-och-nara-vard-2019";
const ANALYSTS: usize = 4;
const SURVEY_WORKERS: usize = 10;

/// Every answer, by route.
#[derive(Default)]
struct Log {
    by_route: BTreeMap<&'static str, Route>,
    /// Accepted writes per region (content saves and workflow steps).
    accepted: BTreeMap<String, i64>,
    accepted_submissions: i64,
    conflicts_without_swedish: usize,
}

#[derive(Default)]
struct Route {
    latencies: Vec<Duration>,
    statuses: BTreeMap<u16, usize>,
}

type Shared = Arc<Mutex<Log>>;

struct Bench {
    base: String,
    client: reqwest::Client,
    log: Shared,
    deadline: Instant,
}

impl Bench {
    /// Sends `request`, logs it under `route`, and returns the status and JSON body.
    async fn send(&self, route: &'static str, request: reqwest::RequestBuilder) -> (u16, Value) {
        let t = Instant::now();
        let (status, body) = match request.send().await {
            Ok(r) => {
                let status = r.status().as_u16();
                (status, r.json::<Value>().await.unwrap_or(Value::Null))
            }
            // A refused connection counts as a server failure.
            Err(_) => (599, Value::Null),
        };
        let mut log = self.log.lock().unwrap();
        if status == 409 && !body["error"].as_str().is_some_and(is_swedish) {
            log.conflicts_without_swedish += 1;
        }
        let r = log.by_route.entry(route).or_default();
        r.latencies.push(t.elapsed());
        *r.statuses.entry(status).or_default() += 1;
        (status, body)
    }

    /// Counts an accepted write to `region`'s report.
    fn accepted(&self, region: &str) {
        *self.log.lock().unwrap().accepted.entry(region.to_string()).or_default() += 1;
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn running(&self) -> bool {
        Instant::now() < self.deadline
    }
}

/// Whether a message reads as the catalogue's Swedish (å, ä or ö, or a Swedish word).
fn is_swedish(m: &str) -> bool {
    m.contains(['å', 'ä', 'ö', 'Å', 'Ä', 'Ö']) || m.contains(" och ") || m.contains(" inte ")
}

/// A small deterministic generator for think times.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn think(&mut self) -> Duration {
        Duration::from_millis(100 + self.next() % 200)
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let seconds: u64 = std::env::var("UPPSIKT_SOAK_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let dir = tempfile::tempdir()?;
    let url = std::env::var("UPPSIKT_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| uppsikt_store::sqlite_url(&dir.path().join(uppsikt_store::SQLITE_FILE)));
    let store = Store::connect_for(&url, Workload::Server).await?;
    reference::load(&store).await?;
    seeds::load(&store).await?;
    survey::open(&store, SURVEY).await?;
    let invited = survey::invite(&store, SURVEY).await?;
    anyhow::ensure!(invited.len() == 290, "expected 290 municipalities");

    // One account and token per region and per analyst.
    let hash = password::hash("ett-langt-losenord-for-soak")?;
    let regions: Vec<String> = uppsikt_store::registry::regions(&store)
        .await?
        .into_iter()
        .map(|r| r.code.to_string())
        .collect();
    anyhow::ensure!(regions.len() == 21, "expected 21 regions");
    let mut region_tokens = Vec::new();
    for code in &regions {
        let name = format!("region-{code}");
        users::add(&store, &name, Role::Region(code.parse()?), &hash).await?;
        region_tokens.push((code.clone(), token(&store, &name).await?));
    }
    let mut analyst_tokens = Vec::new();
    for i in 0..ANALYSTS {
        let name = format!("analytiker-{i}");
        users::add(&store, &name, Role::Analyst, &hash).await?;
        analyst_tokens.push(token(&store, &name).await?);
    }
    let answers = Arc::new(Value::Object(common::complete_answers(&store).await?));

    let state = AppState::new(store.clone(), ServeConfig::new(dir.path().to_path_buf()));
    let (listener, addr) = uppsikt_web::bind("127.0.0.1:0").await?;
    tokio::spawn(uppsikt_web::serve(listener, state));
    let bench = Arc::new(Bench {
        base: format!("http://{addr}"),
        client: reqwest::Client::builder().pool_max_idle_per_host(400).build()?,
        log: Shared::default(),
        deadline: Instant::now() + Duration::from_secs(seconds),
    });
    println!(
        "backend: {:?}; {seconds} s; 21 regions × 2 tabs, 290 municipalities, {ANALYSTS} analysts",
        store.backend()
    );

    let started = Instant::now();
    let mut tasks = Vec::new();
    for (i, (code, token)) in region_tokens.iter().enumerate() {
        for tab in 0..2 {
            let (b, code, token) = (bench.clone(), code.clone(), token.clone());
            let seed = 1 + (i * 2 + tab) as u64;
            tasks.push(tokio::spawn(
                async move { region_tab(b, code, token, tab == 0, seed).await },
            ));
        }
    }
    for (i, token) in analyst_tokens.into_iter().enumerate() {
        let b = bench.clone();
        tasks.push(tokio::spawn(async move { analyst(b, token, 100 + i as u64).await }));
    }
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let tokens: Arc<Vec<String>> = Arc::new(invited.into_iter().map(|i| i.token).collect());
    // Each survey worker takes the next municipality at its pace, so the
    // 290 submissions spread over the first 90 % of the run.
    let pace = Duration::from_secs_f64(seconds as f64 * 0.9 * SURVEY_WORKERS as f64 / 290.0);
    for _ in 0..SURVEY_WORKERS {
        let (b, next, tokens, answers) = (bench.clone(), next.clone(), tokens.clone(), answers.clone());
        tasks.push(tokio::spawn(async move {
            municipalities(b, next, tokens, answers, pace).await
        }));
    }
    for t in tasks {
        t.await?;
    }
    let wall = started.elapsed();

    let log = std::mem::take(&mut *bench.log.lock().unwrap());
    let total: usize = log.by_route.values().map(|r| r.latencies.len()).sum();
    println!(
        "{total} requests in {:.0} s: {:.1} requests/s",
        wall.as_secs_f64(),
        total as f64 / wall.as_secs_f64()
    );
    println!("| route | requests | p50 ms | p99 ms | max ms | answers |");
    println!("|---|---|---|---|---|---|");
    for (route, r) in &log.by_route {
        let mut l = r.latencies.clone();
        l.sort();
        let statuses: Vec<String> = r.statuses.iter().map(|(s, n)| format!("{s}: {n}")).collect();
        println!(
            "| {route} | {} | {:.1} | {:.1} | {:.1} | {} |",
            l.len(),
            ms(pct(&l, 0.50)),
            ms(pct(&l, 0.99)),
            ms(pct(&l, 1.0)),
            statuses.join(", ")
        );
    }
    let server_errors: usize = log
        .by_route
        .values()
        .flat_map(|r| r.statuses.iter())
        .filter(|(s, _)| **s >= 500)
        .map(|(_, n)| n)
        .sum();

    // Consistency: each report's version counts its accepted writes exactly.
    let mut mismatched = Vec::new();
    for (code, _) in &region_tokens {
        let version = uppsikt_store::reports::get(&store, &AGREEMENT.parse()?, code.parse()?)
            .await?
            .map_or(0, |r| r.version);
        let accepted = log.accepted.get(code).copied().unwrap_or(0);
        if version != accepted {
            mismatched.push(format!("region {code}: version {version}, accepted writes {accepted}"));
        }
    }
    let status = survey::status(&store, SURVEY).await?;
    println!(
        "stored: {} reports with every accepted write exactly once; {} of {} accepted submissions ({} municipalities)",
        21 - mismatched.len(),
        status.responded,
        log.accepted_submissions,
        290
    );
    println!(
        "5xx: {server_errors}; conflicts without a Swedish message: {}",
        log.conflicts_without_swedish
    );
    anyhow::ensure!(mismatched.is_empty(), "writes lost or doubled: {mismatched:?}");
    anyhow::ensure!(
        status.responded as i64 == log.accepted_submissions && status.responded == 290,
        "survey submissions lost or doubled"
    );
    anyhow::ensure!(server_errors == 0, "{server_errors} server errors");
    anyhow::ensure!(log.conflicts_without_swedish == 0, "a 409 without a Swedish message");
    Ok(())
}

async fn token(store: &Store, name: &str) -> anyhow::Result<String> {
    let token = secret::random_token();
    users::add_token(store, name, &secret::digest(&token), "soak", 1).await?;
    Ok(token)
}

/// One browser tab of a region's coordinator.
async fn region_tab(b: Arc<Bench>, code: String, token: String, hands_in: bool, seed: u64) {
    let mut rng = Xorshift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let report = b.url(&format!("/api/v1/reports/{AGREEMENT}/{code}"));
    let mut saves = 0u64;
    while b.running() {
        let (status, body) = b.send("GET report", b.client.get(&report).bearer_auth(&token)).await;
        let (version, state) = match status {
            200 => (
                body["report"]["version"].as_i64(),
                body["report"]["state"].as_str().unwrap_or("").to_string(),
            ),
            _ => (None, "draft".to_string()),
        };
        tokio::time::sleep(rng.think()).await;
        if state != "draft" && state != "returned" {
            continue;
        }
        saves += 1;
        let content = json!({
            "answers": {"decisions": format!("Beslut i regionstyrelsen, version {saves} av flik {seed}.")},
            "measures": [{"title": format!("Mobila team {saves}"), "area": "omstallning", "status": "pilot",
                          "cost": 1000 * saves, "period": "2019"}],
            "version": version.unwrap_or(0),
        });
        let (status, body) = b
            .send(
                "POST content",
                b.client
                    .post(format!("{report}/content"))
                    .bearer_auth(&token)
                    .json(&content),
            )
            .await;
        if status == 200 {
            b.accepted(&code);
            if hands_in && saves.is_multiple_of(4) {
                let step = json!({"action": "submit", "version": body["report"]["version"]});
                let (status, _) = b
                    .send(
                        "POST actions (submit)",
                        b.client
                            .post(format!("{report}/actions"))
                            .bearer_auth(&token)
                            .json(&step),
                    )
                    .await;
                if status == 200 {
                    b.accepted(&code);
                }
            }
        }
        tokio::time::sleep(rng.think()).await;
    }
}

/// An analyst: reads the dashboard and the API, returns handed-in reports.
async fn analyst(b: Arc<Bench>, token: String, seed: u64) {
    let mut rng = Xorshift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    while b.running() {
        let rates = format!("/api/v1/reports/{AGREEMENT}/rates");
        for (route, path) in [
            ("GET /oversikt (page)", "/oversikt"),
            ("GET indicators", "/api/v1/indicators"),
            ("GET rates", rates.as_str()),
        ] {
            b.send(route, b.client.get(b.url(path)).bearer_auth(&token)).await;
        }
        let (_, list) = b
            .send(
                "GET reports",
                b.client
                    .get(b.url(&format!("/api/v1/reports/{AGREEMENT}")))
                    .bearer_auth(&token),
            )
            .await;
        for r in list.as_array().into_iter().flatten() {
            if r["state"] != "submitted" {
                continue;
            }
            let code = r["region"].as_str().unwrap_or_default().to_string();
            let step = json!({"action": "return", "text": "Komplettera kostnaderna.", "version": r["version"]});
            let (status, _) = b
                .send(
                    "POST actions (return)",
                    b.client
                        .post(b.url(&format!("/api/v1/reports/{AGREEMENT}/{code}/actions")))
                        .bearer_auth(&token)
                        .json(&step),
                )
                .await;
            if status == 200 {
                b.accepted(&code);
            }
        }
        tokio::time::sleep(rng.think()).await;
    }
}

/// A survey worker: municipalities in turn save part of the survey, then submit it.
async fn municipalities(
    b: Arc<Bench>,
    next: Arc<std::sync::atomic::AtomicUsize>,
    tokens: Arc<Vec<String>>,
    answers: Arc<Value>,
    pace: Duration,
) {
    loop {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(token) = tokens.get(i) else { break };
        let started = Instant::now();
        let partial: serde_json::Map<String, Value> = answers
            .as_object()
            .into_iter()
            .flatten()
            .take(3)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        b.send(
            "POST survey save",
            b.client
                .post(b.url(&format!("/api/v1/survey/{token}/save")))
                .json(&json!({"answers": partial})),
        )
        .await;
        let (status, _) = b
            .send(
                "POST survey submit",
                b.client
                    .post(b.url(&format!("/api/v1/survey/{token}/submit")))
                    .json(&json!({"answers": *answers})),
            )
            .await;
        if status == 200 {
            b.log.lock().unwrap().accepted_submissions += 1;
        }
        tokio::time::sleep(pace.saturating_sub(started.elapsed())).await;
    }
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let n = sorted.len();
    if n == 0 {
        return Duration::ZERO;
    }
    sorted[((n as f64 * p).ceil() as usize).clamp(1, n) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
