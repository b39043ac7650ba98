//! Benchmark (not a test): a measures CSV of 1 000, 10 000 and 100 000 rows
//! imported as one region's report, then imported again with every title
//! changed (issue #15, item 8: imports were quadratic, 8 000 measures took
//! 32 s). Prints the time per import and per row, so that linearity shows,
//! and the peer measured in the same run on the same backend: the same rows
//! inserted into a bare table of the same columns, without audit rows or
//! triggers, in one transaction of multi-row INSERTs (the floor of writing
//! them at all). Run from the repository root:
//!
//! ```text
//! cargo run --release -p uppsikt-store --example measures_import
//! UPPSIKT_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!   cargo run --release -p uppsikt-store --example measures_import
//! ```
//!
//! Each size gets a fresh SQLite file and, with the URL, a fresh PostgreSQL
//! database (`TestDb`). `UPPSIKT_BENCH_ROWS=1000,5000` picks other sizes.

use std::path::Path;
use std::time::{Duration, Instant};

use sqlx::AssertSqlSafe;
use uppsikt_domain::{Actor, RegionCode};
use uppsikt_store::testing::TestDb;
use uppsikt_store::{agreements, bulk, reference, reports};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

const AT: &str = "2019-10-01T09:00:00Z";

/// A measures CSV of `n` rows whose titles start with `prefix`.
fn write_csv(path: &Path, n: usize, prefix: &str) -> Result<()> {
    let mut text = String::from("Titel;Utvecklingsområde;Status;Kostnad (kr);Beskrivning;Målgrupp\n");
    for i in 1..=n {
        text.push_str(&format!(
            "{prefix} {i};omstallning;pilot;{};Insats nummer {i} i regionens plan;Äldre\n",
            i * 1000
        ));
    }
    std::fs::write(path, text)?;
    Ok(())
}

/// The floor: the same rows into a bare table of the report's measure
/// columns, no audit, no triggers, one transaction.
async fn floor(db: &TestDb, n: usize) -> Result<Duration> {
    let pool = db.store.pool();
    sqlx::query(
        "CREATE TABLE bench_measures (agreement_id TEXT, region TEXT, seq BIGINT, title TEXT, description TEXT,
           area_id TEXT, status TEXT, cost_sek BIGINT, target_group TEXT, version BIGINT,
           PRIMARY KEY (agreement_id, region, seq))",
    )
    .execute(pool)
    .await?;
    let started = Instant::now();
    let mut tx = pool.begin().await?;
    const COLUMNS: usize = 10;
    let rows: Vec<usize> = (1..=n).collect();
    // As many rows per statement as the store writes (`bulk`).
    for chunk in rows.chunks(bulk::rows_per_statement(COLUMNS)) {
        let values = bulk::values(chunk.len(), COLUMNS, 1);
        let sql = format!("INSERT INTO bench_measures VALUES {values}");
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for &i in chunk {
            q = q
                .bind("god-och-nara-vard-2019")
                .bind("17")
                .bind(i as i64)
                .bind(format!("Insats {i}"))
                .bind(format!("Insats nummer {i} i regionens plan"))
                .bind("omstallning")
                .bind("pilot")
                .bind((i * 1000) as i64)
                .bind("Äldre")
                .bind(1i64);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(started.elapsed())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> Result<()> {
    let sizes: Vec<usize> = std::env::var("UPPSIKT_BENCH_ROWS")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    let coordinator = Actor::new("karin", "region:17".parse()?);
    let region: RegionCode = "17".parse()?;
    let dir = tempfile::tempdir()?;
    println!("| backend | rows | import ms | µs/row | re-import (all changed) ms | µs/row | floor ms | import/floor |");
    println!("|---|---|---|---|---|---|---|---|");
    for n in sizes {
        for db in TestDb::all().await? {
            let s = &db.store;
            reference::load(s).await?;
            let a = agreements::get(s, "god-och-nara-vard-2019").await?;
            let csv = dir.path().join("insatser.csv");
            write_csv(&csv, n, "Insats")?;
            let started = Instant::now();
            let saved = reports::import_measures_csv(s, &coordinator, AT, &csv, &a, region).await?;
            let import = started.elapsed();
            assert_eq!(saved.report.content.measures.len(), n, "every row stored");
            write_csv(&csv, n, "Ändrad")?;
            let started = Instant::now();
            let saved = reports::import_measures_csv(s, &coordinator, AT, &csv, &a, region).await?;
            let again = started.elapsed();
            assert_eq!(saved.report.content.measures[n - 1].title, format!("Ändrad {n}"));
            let floor = floor(&db, n).await?;
            println!(
                "| {:?} | {n} | {:.0} | {:.1} | {:.0} | {:.1} | {:.0} | {:.1} |",
                s.backend(),
                ms(import),
                ms(import) * 1000.0 / n as f64,
                ms(again),
                ms(again) * 1000.0 / n as f64,
                ms(floor),
                ms(import) / ms(floor)
            );
            db.finish().await?;
        }
    }
    Ok(())
}
