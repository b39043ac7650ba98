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

/// The progress of `indicators compute`: a spinner with the current step and,
/// while the register tables are read, a bar per table with the records read
/// and checked and the rate. Hidden with `--quiet`.
pub struct ComputeProgress {
    multi: indicatif::MultiProgress,
    step: ProgressBar,
    tables: std::sync::Mutex<Vec<(String, ProgressBar)>>,
}

impl ComputeProgress {
    /// Starts the spinner (drawn only when `progress` is not quiet).
    pub fn new(progress: Progress, first_step: &str) -> ComputeProgress {
        let target = if progress.quiet {
            indicatif::ProgressDrawTarget::hidden()
        } else {
            indicatif::ProgressDrawTarget::stderr()
        };
        let multi = indicatif::MultiProgress::with_draw_target(target);
        let step = multi.add(ProgressBar::new_spinner());
        step.set_style(ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("valid template"));
        step.set_message(first_step.to_string());
        step.enable_steady_tick(Duration::from_millis(120));
        ComputeProgress {
            multi,
            step,
            tables: Default::default(),
        }
    }

    /// Clears the spinner; the tables' bars stay with their final counts.
    pub fn finish(&self) {
        self.finish_tables();
        self.step.finish_and_clear();
    }

    fn finish_tables(&self) {
        for (_, bar) in self.tables.lock().expect("progress bars").iter() {
            if !bar.is_finished() {
                bar.finish();
            }
        }
    }
}

/// `1 234 567 av 44 600 000 poster` (or without the total), Swedish digits.
fn records(state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write) {
    let done = uppsikt_domain::format::int(state.pos() as i64);
    let text = match state.len() {
        Some(total) => tr!(
            cli.records_of,
            done = done,
            total = uppsikt_domain::format::int(total as i64)
        ),
        None => tr!(cli.records, done = done),
    };
    let _ = w.write_str(&text);
}

/// `2 345 678 poster/s`.
fn rate(state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write) {
    let per_sec = uppsikt_domain::format::int(state.per_sec().round() as i64);
    let _ = w.write_str(&tr!(cli.records_per_second, rate = per_sec));
}

impl uppsikt_engine::Progress for ComputeProgress {
    fn step(&self, message: &str) {
        self.step.set_message(message.to_string());
    }

    fn reading(&self, file: &str, rows: Option<u64>) {
        let bar = match rows {
            Some(n) => ProgressBar::new(n),
            None => ProgressBar::no_length(),
        };
        let template = match rows {
            Some(_) => "{prefix:>18} {bar:28} {records} ({rate})",
            None => "{prefix:>18} {spinner} {records} ({rate})",
        };
        bar.set_style(
            ProgressStyle::with_template(template)
                .expect("valid template")
                .with_key("records", records)
                .with_key("rate", rate),
        );
        bar.set_prefix(file.to_string());
        let bar = self.multi.insert_before(&self.step, bar);
        self.tables.lock().expect("progress bars").push((file.to_string(), bar));
    }

    fn read(&self, file: &str, rows: u64) {
        let tables = self.tables.lock().expect("progress bars");
        if let Some((_, bar)) = tables.iter().find(|(f, _)| f == file) {
            bar.inc(rows);
            if bar.length() == Some(bar.position()) {
                bar.finish();
            }
        }
    }
}
