//! A Ballista cluster on loopback, in this process: a scheduler and its
//! executors, as the published binaries would run them. Shared by the
//! Ballista test and the engine example's `cluster` subcommand, which
//! includes this file with `#[path]`.

use ballista_core::serde::BallistaCodec;
use ballista_core::serde::protobuf::scheduler_grpc_client::SchedulerGrpcClient;

/// Starts a scheduler and `executors` executors with `slots` task slots each;
/// returns the scheduler's port once every executor has been started, or an
/// error when the scheduler does not answer within ten seconds.
pub async fn start_cluster(executors: usize, slots: usize) -> anyhow::Result<u16> {
    let addr = ballista_scheduler::standalone::new_standalone_scheduler().await?;
    let url = format!("http://localhost:{}", addr.port());
    // The scheduler's gRPC server comes up in the background.
    let mut attempts = 0;
    let scheduler = loop {
        match SchedulerGrpcClient::connect(url.clone()).await {
            Ok(c) => break c,
            Err(e) if attempts == 100 => anyhow::bail!("the scheduler at {url} does not answer: {e}"),
            Err(_) => {
                attempts += 1;
                tokio::time::sleep(std::time::Duration::from_millis(100)).await
            }
        }
    };
    for _ in 0..executors {
        ballista_executor::new_standalone_executor(scheduler.clone(), slots, BallistaCodec::default()).await?;
    }
    Ok(addr.port())
}
