//! Progress reporting on stderr (indicatif), hidden with `--quiet` or when stderr is not a terminal.

use std::future::Future;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use uppsikt_domain::tr;

/// Shows steps of a longer job.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Show nothing.
    pub quiet: bool,
}

impl Progress {
    /// A spinner for one step, or a hidden bar when quiet.
    pub fn spinner(&self, message: &str) -> ProgressBar {
        if self.quiet {
            return ProgressBar::hidden();
        }
        let pb = ProgressBar::new_spinner();
        pb.set_style(ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("valid template"));
        pb.set_message(message.to_string());
        pb.enable_steady_tick(Duration::from_millis(120));
        pb
    }

    /// Runs `fut` under a spinner and leaves a line saying it is done.
    pub async fn step<T, E>(&self, message: &str, fut: impl Future<Output = Result<T, E>>) -> Result<T, E> {
        let pb = self.spinner(message);
        let result = fut.await;
        match &result {
            Ok(_) => pb.finish_with_message(tr!(cli.step_done, step = message)),
            Err(_) => pb.abandon_with_message(tr!(cli.step_failed, step = message)),
        }
        result
    }
}
