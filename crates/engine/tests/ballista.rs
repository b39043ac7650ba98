//! The same plans on Ballista: a scheduler and an executor started in this
//! process on loopback give exactly the cells of the local engine.
#![cfg(feature = "cluster")]

#[path = "common/cluster.rs"]
mod loopback;

use uppsikt_engine::Engine;
use uppsikt_engine::compute::compute_dir;
use uppsikt_engine::synth::{SynthFormat, SynthOptions, generate};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ballista_standalone_gives_the_local_cells() {
    let dir = tempfile::tempdir().unwrap();
    let opts = SynthOptions {
        scale: 0.001,
        seed: 3,
        out: dir.path().to_path_buf(),
        format: SynthFormat::Parquet,
        year: uppsikt_engine::synth::YEAR,
    };
    generate(&opts, &|_| {}).unwrap();
    let local = compute_dir(dir.path(), &Engine::Local).await.unwrap();
    let cluster = compute_dir(dir.path(), &Engine::BallistaStandalone).await.unwrap();
    assert!(local.len() > 300, "{} cells", local.len());
    assert_eq!(local, cluster);
}

/// `--engine ballista://HOST:PORT`: a scheduler and an executor started on
/// loopback (as the published binaries would be), the client connecting by URL.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ballista_cluster_by_url_gives_the_local_cells() {
    let port = loopback::start_cluster(1, 2).await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let opts = SynthOptions {
        scale: 0.0005,
        seed: 4,
        out: dir.path().to_path_buf(),
        format: SynthFormat::Csv,
        year: uppsikt_engine::synth::YEAR,
    };
    generate(&opts, &|_| {}).unwrap();
    let engine: Engine = format!("ballista://localhost:{port}").parse().unwrap();
    assert!(matches!(engine, Engine::Ballista { .. }));
    let local = compute_dir(dir.path(), &Engine::Local).await.unwrap();
    let cluster = compute_dir(dir.path(), &engine).await.unwrap();
    assert!(local.len() > 200, "{} cells", local.len());
    assert_eq!(local, cluster);
}
