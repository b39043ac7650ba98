//! Progress reporting on stderr (indicatif), hidden with `--quiet` or when stderr is not a terminal.

use std::future::Future;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// Shows steps of a longer job.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
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
    pub async fn step<T>(&self, message: &str, fut: impl Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
        let pb = self.spinner(message);
        let result = fut.await;
        match &result {
            Ok(_) => pb.finish_with_message(format!("{message}: klart")),
            Err(_) => pb.abandon_with_message(format!("{message}: misslyckades")),
        }
        result
    }
}
