//! Where the indicator plans run: a local DataFusion context over the
//! validated in-memory tables, or a Ballista cluster reading the validated
//! tables from Parquet files that every executor can reach.

use std::path::Path;
use std::sync::Arc;

#[cfg(feature = "cluster")]
use ballista::prelude::SessionContextExt;
use datafusion::arrow::array::RecordBatch;
use datafusion::datasource::MemTable;
use datafusion::prelude::{SessionConfig, SessionContext};
use uppsikt_domain::tr;

use crate::input::Loaded;
use crate::{Error, Result};

/// The engine that runs the indicator plans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// DataFusion in this process.
    Local,
    /// A Ballista cluster: the scheduler at `host:port`.
    Ballista {
        /// The scheduler's host name or address.
        host: String,
        /// The scheduler's port.
        port: u16,
    },
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
        let rest = s
            .strip_prefix("ballista://")
            .ok_or_else(|| tr!(engine.bad_engine, engine = s))?;
        let rest = rest.trim_end_matches('/');
        let (host, port) = match rest.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse::<u16>()
                    .map_err(|_| tr!(engine.bad_port, port = p, engine = s))?,
            ),
            None => (rest, 50050),
        };
        if host.is_empty() {
            return Err(tr!(engine.no_host, engine = s));
        }
        Ok(Engine::Ballista {
            host: host.to_string(),
            port,
        })
    }
}

/// A context with the input tables registered under their contract names.
pub struct Session {
    /// The context the plans run in.
    pub ctx: SessionContext,
    /// Parquet files written for a cluster; removed when the session is dropped.
    _staging: Option<tempfile::TempDir>,
}

/// Opens a session on `engine` holding `tables`. For Ballista, the tables are
/// written as Parquet under `staging_dir` (default: the system temp directory),
/// which must be reachable by every executor at the same path.
pub async fn open(engine: &Engine, loaded: &Loaded, staging_dir: Option<&Path>) -> Result<Session> {
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
        #[cfg(feature = "cluster")]
        Engine::Ballista { host, port } => {
            let ctx = SessionContext::remote(&format!("df://{host}:{port}"))
                .await
                .map_err(|e| Error::Cluster(tr!(engine.cluster, address = format!("{host}:{port}"), error = e)))?;
            cluster::staged(ctx, loaded, staging_dir).await
        }
        #[cfg(feature = "cluster")]
        Engine::BallistaStandalone => {
            let ctx = SessionContext::standalone()
                .await
                .map_err(|e| Error::Cluster(tr!(engine.standalone, error = e)))?;
            cluster::staged(ctx, loaded, staging_dir).await
        }
        // Built without the Ballista client (the `cluster` feature): say how to get it.
        #[cfg(not(feature = "cluster"))]
        Engine::Ballista { .. } | Engine::BallistaStandalone => {
            let _ = staging_dir;
            Err(Error::Cluster(tr!(engine.no_cluster)))
        }
    }
}

/// Staging the validated tables as Parquet for a Ballista cluster.
#[cfg(feature = "cluster")]
mod cluster {
    use std::path::{Path, PathBuf};

    use datafusion::arrow::array::RecordBatch;
    use datafusion::arrow::datatypes::SchemaRef;
    use datafusion::parquet::arrow::ArrowWriter;
    use datafusion::prelude::{ParquetReadOptions, SessionContext};
    use uppsikt_domain::tr;

    use super::Session;
    use crate::input::Loaded;
    use crate::schema::Table;
    use crate::{Error, Result};

    pub(super) async fn staged(ctx: SessionContext, loaded: &Loaded, staging_dir: Option<&Path>) -> Result<Session> {
        let dir = match staging_dir {
            Some(d) => tempfile::Builder::new().prefix("uppsikt-staging-").tempdir_in(d),
            None => tempfile::Builder::new().prefix("uppsikt-staging-").tempdir(),
        }
        .map_err(|e| Error::io(staging_dir.unwrap_or(&std::env::temp_dir()), e))?;
        for (table, batches) in &loaded.tables {
            let path = write_parquet(dir.path(), *table, &loaded.schemas[table], batches)?;
            ctx.register_parquet(
                table.name(),
                path.to_string_lossy().as_ref(),
                ParquetReadOptions::default(),
            )
            .await
            .map_err(|e| Error::Cluster(tr!(engine.register, file = path.display(), error = e)))?;
        }
        Ok(Session {
            ctx,
            _staging: Some(dir),
        })
    }

    /// Writes the validated batches of `table` as `DIR/TABLE.parquet`.
    fn write_parquet(dir: &Path, table: Table, schema: &SchemaRef, batches: &[RecordBatch]) -> Result<PathBuf> {
        let path = dir.join(format!("{}.parquet", table.name()));
        let mut file = uppsikt_files::AtomicFile::create(&path).map_err(|e| Error::io(&path, e))?;
        let mut w = ArrowWriter::try_new(file.file(), schema.clone(), None)?;
        for b in batches {
            w.write(b)?;
        }
        w.close()?;
        file.commit().map_err(|e| Error::io(&path, e))?;
        Ok(path)
    }
}
