//! Load benchmark (not a test): 290 municipalities submit the survey at the
//! same moment over loopback. Prints p50/p99/max latency, the same for a
//! burst of 290 requests to a static asset (the peer: the HTTP stack's own
//! cost) and checks that all 290 responses are stored. Run from the repository root:
//!
//! ```text
//! cargo run --release -p uppsikt-web --example survey_load
//! ```
//!
//! Uses a fresh SQLite database in a temporary directory (or PostgreSQL with
//! `UPPSIKT_BENCH_DATABASE_URL=postgres://…`, which must be an empty database).

use std::time::{Duration, Instant};

use uppsikt_store::{Store, Workload, reference, survey};
use uppsikt_web::{AppState, ServeConfig};

mod common;

use common::SURVEY;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = std::env::var("UPPSIKT_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| uppsikt_store::sqlite_url(&dir.path().join(uppsikt_store::SQLITE_FILE)));
    let store = Store::connect_for(&url, Workload::Server).await?;
    reference::load(&store).await?;
    survey::open(&store, SURVEY).await?;
    let invited = survey::invite(&store, SURVEY).await?;
    anyhow::ensure!(
        invited.len() == 290,
        "expected 290 municipalities, got {}",
        invited.len()
    );
    let answers = common::complete_answers(&store).await?;
    let body = serde_json::json!({ "answers": answers }).to_string();

    let state = AppState::new(store.clone(), ServeConfig::new(dir.path().to_path_buf()));
    let (listener, addr) = uppsikt_web::bind("127.0.0.1:0").await?;
    tokio::spawn(uppsikt_web::serve(listener, state));
    let client = reqwest::Client::builder().pool_max_idle_per_host(300).build()?;
    // Warm-up: one connection per municipality, so connection set-up is in
    // neither of the measured bursts (they both reuse these connections).
    let asset = || client.get(format!("http://{addr}/assets/style.css"));
    burst((0..invited.len()).map(|_| asset())).await?;

    // The peer, measured in the same run: the same burst of 290 requests to
    // a static asset held in memory, i.e. what the HTTP stack, the security
    // layer and loopback cost before the survey's store path adds anything.
    let floor = burst((0..invited.len()).map(|_| asset())).await?;
    let submit = burst(invited.iter().map(|inv| {
        client
            .post(format!("http://{addr}/api/v1/survey/{}/submit", inv.token))
            .header("content-type", "application/json")
            .body(body.clone())
    }))
    .await?;
    let status = survey::status(&store, SURVEY).await?;
    println!("backend: {:?}", store.backend());
    floor.print("static asset (peer)");
    submit.print("survey submit");
    println!(
        "ratio submit/peer: p50 {:.1}, p99 {:.1}",
        ms(submit.pct(0.50)) / ms(floor.pct(0.50)),
        ms(submit.pct(0.99)) / ms(floor.pct(0.99))
    );
    println!("stored complete responses: {} of 290", status.responded);
    anyhow::ensure!(
        floor.failed == 0 && submit.failed == 0 && status.responded == 290,
        "not every request succeeded or not every submission was stored"
    );
    Ok(())
}

/// Latencies of one burst of concurrent requests.
struct Burst {
    latencies: Vec<Duration>,
    failed: usize,
    wall: Duration,
}

impl Burst {
    /// The `p`-quantile (nearest rank).
    fn pct(&self, p: f64) -> Duration {
        let n = self.latencies.len();
        self.latencies[((n as f64 * p).ceil() as usize).clamp(1, n) - 1]
    }

    fn print(&self, what: &str) {
        println!(
            "{what}: {} requests at once, failed {}; latency ms p50 {:.1}, p99 {:.1}, max {:.1}; wall {:.1}",
            self.latencies.len(),
            self.failed,
            ms(self.pct(0.50)),
            ms(self.pct(0.99)),
            ms(self.pct(1.0)),
            ms(self.wall)
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Sends every request at the same moment and waits for all answers.
async fn burst(requests: impl Iterator<Item = reqwest::RequestBuilder>) -> anyhow::Result<Burst> {
    let start = Instant::now();
    let tasks: Vec<_> = requests
        .map(|request| {
            tokio::spawn(async move {
                let t = Instant::now();
                let ok = matches!(request.send().await, Ok(r) if r.status().is_success());
                (t.elapsed(), ok)
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(tasks.len());
    let mut failed = 0;
    for t in tasks {
        let (d, ok) = t.await?;
        failed += usize::from(!ok);
        latencies.push(d);
    }
    latencies.sort();
    Ok(Burst {
        latencies,
        failed,
        wall: start.elapsed(),
    })
}
