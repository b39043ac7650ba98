//! Where the indicator plans run: a local DataFusion context over the
//! validated in-memory tables, or a Ballista cluster reading the validated
//! tables from Parquet files that every executor can reach.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use ballista::prelude::SessionContextExt;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::datasource::MemTable;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};

use crate::input::Loaded;
use crate::schema::Table;

/// The engine that runs the indicator plans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// DataFusion in this process.
    Local,
    /// A Ballista cluster: the scheduler at `host:port`.
    Ballista { host: String, port: u16 },
    /// A Ballista scheduler and executor started inside this process (for tests and trials).
    BallistaStandalone,
}

impl std::str::FromStr for Engine {
    type Err = String;

    /// `local`, `ballista://HOST:PORT` or `ballista-standalone`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "local" {
            return Ok(Engine::Local);
        }
        if s == "ballista-standalone" {
            return Ok(Engine::BallistaStandalone);
        }
        let rest = s.strip_prefix("ballista://").ok_or_else(|| {
            format!(
                "unknown engine '{s}': use local, ballista://HOST:PORT (a Ballista scheduler) or ballista-standalone"
            )
        })?;
        let rest = rest.trim_end_matches('/');
        let (host, port) = match rest.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse::<u16>()
                    .map_err(|_| format!("'{p}' in '{s}' is not a port number"))?,
            ),
            None => (rest, 50050),
        };
        if host.is_empty() {
            return Err(format!("'{s}' names no host: use ballista://HOST:PORT"));
        }
        Ok(Engine::Ballista {
            host: host.to_string(),
            port,
        })
    }
}

/// A context with the input tables registered under their contract names.
pub struct Session {
    pub ctx: SessionContext,
    /// Parquet files written for a cluster; removed when the session is dropped.
    _staging: Option<tempfile::TempDir>,
}

/// Opens a session on `engine` holding `tables`. For Ballista, the tables are
/// written as Parquet under `staging_dir` (default: the system temp directory),
/// which must be reachable by every executor at the same path.
pub async fn open(engine: &Engine, loaded: &Loaded, staging_dir: Option<&Path>) -> anyhow::Result<Session> {
    match engine {
        Engine::Local => {
            // The indicator plans run concurrently (see `compute::cells_of`),
            // so each gets a share of the cores rather than all of them: on
            // two cores, one partition per plan was 20 % faster at scale 1.0
            // than two, whose hash repartitioning cost more than it gave
            // (docs/BENCHMARKS-indicators.md).
            let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
            let partitions = (cores / 2).max(1);
            let config = SessionConfig::new().with_target_partitions(partitions);
            let ctx = SessionContext::new_with_config(config);
            for (table, batches) in &loaded.tables {
                // Round-robin the batches into partitions so scans run in parallel.
                let mut parts: Vec<Vec<RecordBatch>> = vec![Vec::new(); partitions];
                for (i, b) in batches.iter().enumerate() {
                    parts[i % partitions].push(b.clone());
                }
                let mem = MemTable::try_new(loaded.schemas[table].clone(), parts)?;
                ctx.register_table(table.name(), Arc::new(mem))?;
            }
            Ok(Session { ctx, _staging: None })
        }
        Engine::Ballista { host, port } => {
            let ctx = SessionContext::remote(&format!("df://{host}:{port}"))
                .await
                .with_context(|| format!("cannot reach the Ballista scheduler at {host}:{port}"))?;
            staged(ctx, loaded, staging_dir).await
        }
        Engine::BallistaStandalone => {
            let ctx = SessionContext::standalone()
                .await
                .context("cannot start Ballista in-process")?;
            staged(ctx, loaded, staging_dir).await
        }
    }
}

async fn staged(ctx: SessionContext, loaded: &Loaded, staging_dir: Option<&Path>) -> anyhow::Result<Session> {
    let dir = match staging_dir {
        Some(d) => tempfile::Builder::new().prefix("uppsikt-staging-").tempdir_in(d),
        None => tempfile::Builder::new().prefix("uppsikt-staging-").tempdir(),
    }
    .context("cannot create a staging directory for the cluster")?;
    for (table, batches) in &loaded.tables {
        let path = write_parquet(dir.path(), *table, &loaded.schemas[table], batches)?;
        ctx.register_parquet(
            table.name(),
            path.to_string_lossy().as_ref(),
            ParquetReadOptions::default(),
        )
        .await
        .with_context(|| format!("cannot register {} with the cluster", path.display()))?;
    }
    Ok(Session {
        ctx,
        _staging: Some(dir),
    })
}

/// Writes the validated batches of `table` as `DIR/TABLE.parquet`.
fn write_parquet(dir: &Path, table: Table, schema: &SchemaRef, batches: &[RecordBatch]) -> anyhow::Result<PathBuf> {
    let path = dir.join(format!("{}.parquet", table.name()));
    let file = std::fs::File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut w = ArrowWriter::try_new(file, schema.clone(), None)?;
    for b in batches {
        w.write(b)?;
    }
    w.close()?;
    Ok(path)
}
