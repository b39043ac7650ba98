//! The security log: sign-ins, refused and throttled sign-ins, sign-outs and
//! refused requests (401 and 403), one JSON object a line in the data
//! directory's `security.log` (created readable by its owner only), and the
//! same events through `tracing` with target `uppsikt::security`.
//!
//! Operators read it; it never holds a password, a session id or a token.

use std::fs::File;
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;

/// What happened.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event<'a> {
    /// A user signed in.
    SignedIn {
        /// The account.
        user: &'a str,
    },
    /// A sign-in with a wrong password, or for an unknown or disabled account.
    SignInFailed {
        /// The account name typed.
        user: &'a str,
    },
    /// A sign-in refused unchecked by the throttle.
    SignInThrottled {
        /// The account name typed.
        user: &'a str,
        /// `account` or `address`.
        scope: &'static str,
        /// Seconds until the next attempt is checked.
        retry_after_seconds: u64,
    },
    /// A user signed out.
    SignedOut {
        /// The account.
        user: &'a str,
    },
    /// A request refused for want of authentication (401) or permission (403).
    Refused {
        /// The status answered.
        status: u16,
        /// The request's method.
        method: &'a str,
        /// The request's path, without its query.
        path: &'a str,
        /// Who asked, when signed in.
        #[serde(skip_serializing_if = "Option::is_none")]
        user: Option<&'a str>,
    },
}

#[derive(Serialize)]
struct Line<'a> {
    at: String,
    address: IpAddr,
    #[serde(flatten)]
    event: &'a Event<'a>,
}

/// The log file, opened on first use.
pub struct SecurityLog {
    path: PathBuf,
    file: Mutex<Option<File>>,
}

impl SecurityLog {
    /// The log of a data directory.
    pub fn in_dir(data_dir: &Path) -> SecurityLog {
        SecurityLog {
            path: data_dir.join(uppsikt_store::layout::SECURITY_LOG),
            file: Mutex::new(None),
        }
    }

    /// Where the log is written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records an event from a client address. A log that cannot be written
    /// is reported to the operator's log and does not fail the request.
    pub fn record(&self, address: IpAddr, event: Event<'_>) {
        let line = Line {
            at: uppsikt_store::users::now_iso(),
            address,
            event: &event,
        };
        let mut text = match serde_json::to_string(&line) {
            Ok(t) => t,
            Err(e) => return tracing::error!(error = %e, "security log line not serialisable"),
        };
        // Sign-ins and sign-outs are routine; failures and refusals are what an operator watches.
        match event {
            Event::SignedIn { .. } | Event::SignedOut { .. } => tracing::info!(target: "uppsikt::security", "{text}"),
            _ => tracing::warn!(target: "uppsikt::security", "{text}"),
        }
        text.push('\n');
        let mut file = self.file.lock().expect("security log lock");
        if file.is_none() {
            match uppsikt_files::open_private_log(&self.path) {
                Ok(f) => *file = Some(f),
                Err(e) => {
                    return tracing::error!(path = %self.path.display(), error = %e, "security log cannot be opened");
                }
            }
        }
        if let Some(f) = file.as_mut()
            && let Err(e) = f.write_all(text.as_bytes())
        {
            tracing::error!(path = %self.path.display(), error = %e, "security log cannot be written");
            // Open it afresh next time (it may have been rotated away).
            *file = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_json_lines_in_a_private_file() {
        let dir = tempfile::tempdir().unwrap();
        let log = SecurityLog::in_dir(dir.path());
        let ip: IpAddr = "203.0.113.9".parse().unwrap();
        log.record(ip, Event::SignInFailed { user: "anna" });
        log.record(
            ip,
            Event::Refused {
                status: 403,
                method: "GET",
                path: "/anvandare",
                user: None,
            },
        );
        let text = std::fs::read_to_string(log.path()).unwrap();
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["event"], "sign_in_failed");
        assert_eq!(lines[0]["user"], "anna");
        assert_eq!(lines[0]["address"], "203.0.113.9");
        assert_eq!(lines[1]["event"], "refused");
        assert_eq!(lines[1]["status"], 403);
        assert!(lines[1].get("user").is_none());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(log.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
