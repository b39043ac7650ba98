//! Login rate limit, in memory: after [`MAX_FAILURES`] failed sign-ins for one
//! account or from one address within [`WINDOW`], further attempts are refused
//! until the window has passed. A successful sign-in clears the account's count.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed attempts allowed per key and window.
pub const MAX_FAILURES: u32 = 5;
/// How long failures are remembered.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Failure counts per account name and per client address.
#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginLimiter {
    fn keys(username: &str, ip: &str) -> [String; 2] {
        [format!("user:{}", username.to_lowercase()), format!("ip:{ip}")]
    }

    /// Whether another attempt for `username` from `ip` may be checked now.
    pub fn allowed(&self, username: &str, ip: &str) -> bool {
        let mut map = self.failures.lock().expect("limiter lock");
        let now = Instant::now();
        map.retain(|_, (_, since)| now.duration_since(*since) < WINDOW);
        Self::keys(username, ip)
            .iter()
            .all(|k| map.get(k).is_none_or(|(n, _)| *n < MAX_FAILURES))
    }

    /// Counts a failed attempt.
    pub fn failed(&self, username: &str, ip: &str) {
        let mut map = self.failures.lock().expect("limiter lock");
        let now = Instant::now();
        for k in Self::keys(username, ip) {
            let e = map.entry(k).or_insert((0, now));
            e.0 += 1;
        }
    }

    /// Clears the account's failures after a successful sign-in.
    pub fn succeeded(&self, username: &str) {
        let mut map = self.failures.lock().expect("limiter lock");
        map.remove(&format!("user:{}", username.to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit_per_account_and_address() {
        let l = LoginLimiter::default();
        for _ in 0..MAX_FAILURES {
            assert!(l.allowed("anna", "10.0.0.1"));
            l.failed("anna", "10.0.0.1");
        }
        assert!(!l.allowed("anna", "10.0.0.2"), "account blocked from any address");
        assert!(!l.allowed("bertil", "10.0.0.1"), "address blocked for any account");
        assert!(l.allowed("bertil", "10.0.0.2"));
    }
}
