//! Fresh, migrated databases for tests, on SQLite and (when configured) PostgreSQL.
//!
//! `UPPSIKT_TEST_POSTGRES_URL` names a PostgreSQL server where the test user
//! may create databases (e.g. `postgres://postgres@127.0.0.1:5432/postgres`);
//! `.ci/run` sets it. Each test gets its own database, dropped afterwards,
//! also when the test panics.
//!
//! Without the variable the PostgreSQL part of a test is skipped, and each
//! test binary shows it in cargo's summary as an ignored test named
//! `postgres_backend`, with the reason (see [`postgres_backend_test!`]). With
//! `UPPSIKT_REQUIRE_POSTGRES` set (`.ci/run` sets it), a missing server fails
//! the tests instead.

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::{AnyConnection, AssertSqlSafe, Connection};

use crate::Store;

/// Environment variable naming the PostgreSQL server for tests.
pub const POSTGRES_ENV: &str = "UPPSIKT_TEST_POSTGRES_URL";

/// Environment variable that turns a skipped PostgreSQL part into a failure.
pub const REQUIRE_POSTGRES_ENV: &str = "UPPSIKT_REQUIRE_POSTGRES";

/// A database that exists for one test.
pub struct TestDb {
    /// The migrated store.
    pub store: Store,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
    Done,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

impl TestDb {
    /// A migrated SQLite database in a temporary directory.
    pub async fn sqlite() -> Result<TestDb, Box<dyn std::error::Error + Send + Sync>> {
        let dir = tempfile::tempdir()?;
        let store = Store::connect(&crate::sqlite_url(&dir.path().join(crate::SQLITE_FILE))).await?;
        Ok(TestDb {
            store,
            cleanup: Cleanup::Sqlite(dir),
        })
    }

    /// A migrated, freshly created PostgreSQL database, or `None` when
    /// `UPPSIKT_TEST_POSTGRES_URL` is not set.
    pub async fn postgres() -> Result<Option<TestDb>, Box<dyn std::error::Error + Send + Sync>> {
        let Ok(admin_url) = std::env::var(POSTGRES_ENV) else {
            if std::env::var_os(REQUIRE_POSTGRES_ENV).is_some() {
                return Err(format!("{REQUIRE_POSTGRES_ENV} is set but {POSTGRES_ENV} is not").into());
            }
            return Ok(None);
        };
        sqlx::any::install_default_drivers();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .subsec_nanos();
        let name = format!(
            "uppsikt_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            nanos
        );
        let mut admin = AnyConnection::connect(&admin_url).await?;
        // The name is generated above from digits only; identifiers cannot be bound.
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name} TEMPLATE template0")))
            .execute(&mut admin)
            .await?;
        admin.close().await?;
        let url = replace_database(&admin_url, &name);
        let store = Store::connect(&url).await?;
        Ok(Some(TestDb {
            store,
            cleanup: Cleanup::Postgres { admin_url, name },
        }))
    }

    /// Every backend available: SQLite always, PostgreSQL when configured.
    pub async fn all() -> Result<Vec<TestDb>, Box<dyn std::error::Error + Send + Sync>> {
        let mut dbs = vec![TestDb::sqlite().await?];
        dbs.extend(TestDb::postgres().await?);
        Ok(dbs)
    }

    /// Closes the pool and drops the database (dropping the `TestDb` does the same).
    pub async fn finish(mut self) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        self.store.close().await;
        if let Cleanup::Postgres { admin_url, name } = std::mem::replace(&mut self.cleanup, Cleanup::Done) {
            drop_database(&admin_url, &name).await?;
        }
        Ok(())
    }
}

impl Drop for TestDb {
    /// A test that panics never reaches [`TestDb::finish`]: drop its
    /// PostgreSQL database here, on a thread of its own (a `Drop` cannot await,
    /// and the test's runtime may be the one unwinding). `WITH (FORCE)` ends
    /// the pool's connections that are still open.
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = std::mem::replace(&mut self.cleanup, Cleanup::Done) {
            let dropped = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
                rt.block_on(drop_database(&admin_url, &name))
            })
            .join();
            if !matches!(dropped, Ok(Ok(()))) {
                eprintln!("warning: a test database could not be dropped");
            }
        }
    }
}

async fn drop_database(admin_url: &str, name: &str) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut admin = AnyConnection::connect(admin_url).await?;
    // The name is generated from digits only; identifiers cannot be bound.
    sqlx::query(AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    Ok(())
}

/// A test for each test binary whose tests run on every backend: it checks
/// that the PostgreSQL server answers, and, when the binary was built without
/// `UPPSIKT_TEST_POSTGRES_URL`, it is ignored with the reason, so cargo's
/// summary says that the PostgreSQL part was skipped. The crate's build script
/// sets the `postgres_tests` cfg (see `build/postgres_cfg.rs`).
#[macro_export]
macro_rules! postgres_backend_test {
    () => {
        #[tokio::test]
        #[cfg_attr(
            not(postgres_tests),
            ignore = "PostgreSQL part skipped: UPPSIKT_TEST_POSTGRES_URL was not set when the tests were built"
        )]
        async fn postgres_backend() {
            let db = $crate::testing::TestDb::postgres()
                .await
                .expect("PostgreSQL test database")
                .expect("UPPSIKT_TEST_POSTGRES_URL is set");
            assert_eq!(db.store.backend(), $crate::Backend::Postgres);
            db.finish().await.expect("drop the test database");
        }
    };
}

/// `postgres://u@h:p/db?x` with `db` replaced by `name`.
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let after_scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[after_scheme..].find('/') {
        Some(i) => &base[..after_scheme + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_the_database_name() {
        assert_eq!(
            super::replace_database("postgres://u@h:5432/postgres", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(super::replace_database("postgres://u@h", "x"), "postgres://u@h/x");
        assert_eq!(
            super::replace_database("postgres://u@h/db?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }
}
