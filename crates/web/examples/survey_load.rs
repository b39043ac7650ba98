//! Load benchmark (not a test): 290 municipalities submit the survey at the
//! same moment over loopback. Prints p50/p99/max latency and checks that all
//! 290 responses are stored. Run from the repository root:
//!
//! ```text
//! cargo run --release -p uppsikt-web --example survey_load
//! ```
//!
//! Uses a fresh SQLite database in a temporary directory (or PostgreSQL with
//! `UPPSIKT_BENCH_DATABASE_URL=postgres://…`, which must be an empty database).

use std::time::{Duration, Instant};

use uppsikt_store::{Store, reference, survey};
use uppsikt_web::{AppState, ServeConfig};

const SURVEY: &str = "kommunenkat-2019";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = std::env::var("UPPSIKT_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| uppsikt_store::sqlite_url(&dir.path().join(uppsikt_store::SQLITE_FILE)));
    let store = Store::connect(&url).await?;
    reference::load(&store).await?;
    survey::open(&store, SURVEY).await?;
    let invited = survey::invite(&store, SURVEY).await?;
    anyhow::ensure!(
        invited.len() == 290,
        "expected 290 municipalities, got {}",
        invited.len()
    );
    let q = survey::questionnaire(&store, SURVEY).await?;
    // A complete response: the first code of every unconditional item, q2 = nej and then q2a.
    let mut answers = serde_json::Map::new();
    for item in q.items() {
        if let (Some(c), None) = (item.choices(), &item.show_if) {
            answers.insert(item.id.clone(), c[0].code.clone().into());
        }
    }
    answers.insert("q2".into(), "nej".into());
    answers.insert("q2a".into(), "ja".into());
    let body = serde_json::json!({ "answers": answers }).to_string();

    let state = AppState::new(store.clone(), ServeConfig::new(dir.path().to_path_buf()));
    let (listener, addr) = uppsikt_web::bind("127.0.0.1:0").await?;
    tokio::spawn(uppsikt_web::serve(listener, state));
    let client = reqwest::Client::builder().pool_max_idle_per_host(300).build()?;
    // Warm-up: one request so connection setup of the server is not in the figures.
    client
        .get(format!("http://{addr}/api/v1/public/summary"))
        .send()
        .await?;

    let start = Instant::now();
    let tasks: Vec<_> = invited
        .into_iter()
        .map(|inv| {
            let client = client.clone();
            let body = body.clone();
            let url = format!("http://{addr}/api/v1/survey/{}/submit", inv.token);
            tokio::spawn(async move {
                let t = Instant::now();
                let r = client
                    .post(url)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await;
                let status = r.map(|r| r.status().as_u16()).unwrap_or(0);
                (t.elapsed(), status)
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(tasks.len());
    let mut failed = 0;
    for t in tasks {
        let (d, status) = t.await?;
        if status != 200 {
            failed += 1;
        }
        latencies.push(d);
    }
    let wall = start.elapsed();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let status = survey::status(&store, SURVEY).await?;
    println!("backend: {:?}", store.backend());
    println!("requests: {} at once, failed: {failed}", latencies.len());
    println!(
        "latency ms: p50 {:.1}, p99 {:.1}, max {:.1}; wall {:.1}",
        ms(pct(0.50)),
        ms(pct(0.99)),
        ms(pct(1.0)),
        ms(wall)
    );
    println!("stored complete responses: {} of 290", status.responded);
    anyhow::ensure!(
        failed == 0 && status.responded == 290,
        "not every submission was stored"
    );
    Ok(())
}
