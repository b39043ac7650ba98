//! Sign-in throttling, in memory, in two parts that answer two threats:
//!
//! - **Per account, a backoff.** After [`LoginLimits::free_attempts`] failures
//!   for one account, each further attempt must wait twice as long as the one
//!   before, up to [`LoginLimits::max_delay`]. Guessing slows to a crawl, but
//!   the account's owner is never locked out for longer than that delay:
//!   nobody can shut another person out by typing wrong passwords in their name.
//! - **Per client address, a limit.** An address with
//!   [`LoginLimits::per_address`] failures within [`LoginLimits::window`] is
//!   refused until the window has passed. Behind a reverse proxy, the address
//!   is the client's as the trusted proxy reports it ([`super::client`]), so
//!   one visitor cannot lock out everyone behind the same proxy.
//!
//! Refused attempts are not checked and do not count. A successful sign-in
//! clears the account's failures.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The limits, part of [`crate::ServeConfig`].
#[derive(Debug, Clone, Copy)]
pub struct LoginLimits {
    /// Failures per account before the backoff starts.
    pub free_attempts: u32,
    /// The longest an account's owner waits between attempts.
    pub max_delay: Duration,
    /// Failures per client address within the window before it is refused.
    pub per_address: u32,
    /// How long failures are remembered.
    pub window: Duration,
}

impl Default for LoginLimits {
    /// Five free attempts, then 1, 2, 4 … seconds up to a minute; 30 failures
    /// per address in 15 minutes.
    fn default() -> LoginLimits {
        LoginLimits {
            free_attempts: 5,
            max_delay: Duration::from_secs(60),
            per_address: 30,
            window: Duration::from_secs(15 * 60),
        }
    }
}

/// Why an attempt must wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The account is in its backoff.
    Account,
    /// The client address has too many failures.
    Address,
}

impl Scope {
    /// The name the security log uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Account => "account",
            Scope::Address => "address",
        }
    }
}

/// Whether an attempt may be checked now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Check the password.
    Go,
    /// Refuse without checking; the client may try again after `retry_after`.
    Wait {
        /// What is throttled.
        scope: Scope,
        /// How long until the next attempt is checked.
        retry_after: Duration,
    },
}

/// Failures since `first`, the latest at `last`.
#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    first: Instant,
    last: Instant,
}

/// Entries kept before forgotten ones are swept out.
const SWEEP_ABOVE: usize = 10_000;

/// Failure counts per account and per client address.
#[derive(Default)]
pub struct LoginLimiter {
    limits: LoginLimits,
    accounts: Mutex<HashMap<String, Failures>>,
    addresses: Mutex<HashMap<IpAddr, Failures>>,
}

impl LoginLimiter {
    /// A limiter with these limits.
    pub fn new(limits: LoginLimits) -> LoginLimiter {
        LoginLimiter {
            limits,
            ..LoginLimiter::default()
        }
    }

    fn account_key(username: &str) -> String {
        username.to_lowercase()
    }

    /// How long an account with `count` failures waits after its latest one.
    fn backoff(&self, count: u32) -> Duration {
        let Some(over) = count.checked_sub(self.limits.free_attempts) else {
            return Duration::ZERO;
        };
        let seconds = 1u64.checked_shl(over).unwrap_or(u64::MAX);
        Duration::from_secs(seconds).min(self.limits.max_delay)
    }

    /// Whether an attempt for `username` from `ip` may be checked at `now`.
    pub fn check(&self, username: &str, ip: IpAddr) -> Verdict {
        self.check_at(username, ip, Instant::now())
    }

    fn check_at(&self, username: &str, ip: IpAddr, now: Instant) -> Verdict {
        let window = self.limits.window;
        if let Some(f) = self.addresses.lock().expect("limiter lock").get(&ip)
            && f.count >= self.limits.per_address
            && now.duration_since(f.first) < window
        {
            return Verdict::Wait {
                scope: Scope::Address,
                retry_after: window - now.duration_since(f.first),
            };
        }
        if let Some(f) = self
            .accounts
            .lock()
            .expect("limiter lock")
            .get(&Self::account_key(username))
            && now.duration_since(f.last) < window
        {
            let ready = f.last + self.backoff(f.count);
            if now < ready {
                return Verdict::Wait {
                    scope: Scope::Account,
                    retry_after: ready - now,
                };
            }
        }
        Verdict::Go
    }

    /// Counts a failed attempt.
    pub fn failed(&self, username: &str, ip: IpAddr) {
        self.failed_at(username, ip, Instant::now());
    }

    fn failed_at(&self, username: &str, ip: IpAddr, now: Instant) {
        let window = self.limits.window;
        count(
            &mut self.accounts.lock().expect("limiter lock"),
            Self::account_key(username),
            now,
            window,
        );
        count(&mut self.addresses.lock().expect("limiter lock"), ip, now, window);
    }

    /// Clears the account's failures after a successful sign-in.
    pub fn succeeded(&self, username: &str) {
        self.accounts
            .lock()
            .expect("limiter lock")
            .remove(&Self::account_key(username));
    }
}

/// Adds a failure to `key`'s count, starting afresh once the window has passed.
fn count<K: std::hash::Hash + Eq>(map: &mut HashMap<K, Failures>, key: K, now: Instant, window: Duration) {
    if map.len() > SWEEP_ABOVE {
        map.retain(|_, f| now.duration_since(f.last) < window);
    }
    let f = map.entry(key).or_insert(Failures {
        count: 0,
        first: now,
        last: now,
    });
    if now.duration_since(f.last) >= window {
        *f = Failures {
            count: 0,
            first: now,
            last: now,
        };
    }
    f.count += 1;
    f.last = now;
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2));

    #[test]
    fn an_account_backs_off_but_is_never_locked_for_longer_than_the_cap() {
        let l = LoginLimiter::default();
        let t0 = Instant::now();
        for i in 0..5 {
            assert_eq!(l.check_at("anna", A, t0), Verdict::Go, "free attempt {i}");
            l.failed_at("anna", A, t0);
        }
        // From any address: the backoff belongs to the account.
        let wait = l.check_at("Anna", B, t0);
        assert_eq!(
            wait,
            Verdict::Wait {
                scope: Scope::Account,
                retry_after: Duration::from_secs(1)
            }
        );
        assert_eq!(l.check_at("anna", B, t0 + Duration::from_secs(1)), Verdict::Go);
        // The delay doubles with each failure and stops at the cap.
        let mut t = t0 + Duration::from_secs(1);
        for expected in [2, 4, 8, 16, 32, 60, 60] {
            l.failed_at("anna", B, t);
            assert!(matches!(l.check_at("anna", B, t), Verdict::Wait { .. }));
            t += Duration::from_secs(expected);
            assert_eq!(l.check_at("anna", B, t), Verdict::Go, "after {expected} s");
        }
        // Another account is not touched, and success clears the backoff.
        assert_eq!(l.check_at("bertil", B, t0), Verdict::Go);
        l.failed_at("anna", B, t);
        l.succeeded("ANNA");
        assert_eq!(l.check_at("anna", B, t), Verdict::Go);
    }

    #[test]
    fn an_address_is_refused_after_its_limit_and_only_that_address() {
        let l = LoginLimiter::new(LoginLimits {
            per_address: 3,
            ..LoginLimits::default()
        });
        let t0 = Instant::now();
        for name in ["a1", "a2", "a3"] {
            l.failed_at(name, A, t0);
        }
        assert!(matches!(
            l.check_at("a4", A, t0),
            Verdict::Wait {
                scope: Scope::Address,
                ..
            }
        ));
        assert_eq!(l.check_at("a4", B, t0), Verdict::Go);
        // After the window the address starts afresh.
        let later = t0 + LoginLimits::default().window;
        assert_eq!(l.check_at("a4", A, later), Verdict::Go);
        l.failed_at("a4", A, later);
        assert_eq!(l.check_at("a5", A, later), Verdict::Go);
    }
}
