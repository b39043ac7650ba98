//! Fresh, migrated databases for tests, on SQLite and (when configured) PostgreSQL.
//!
//! `UPPSIKT_TEST_POSTGRES_URL` names a PostgreSQL server where the test user
//! may create databases (e.g. `postgres://postgres@127.0.0.1:5432/postgres`);
//! `.ci/run` sets it. Each test gets its own database, dropped afterwards.

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::{AnyConnection, AssertSqlSafe, Connection};

use crate::Store;

/// Environment variable naming the PostgreSQL server for tests.
pub const POSTGRES_ENV: &str = "UPPSIKT_TEST_POSTGRES_URL";

/// A database that exists for one test.
pub struct TestDb {
    pub store: Store,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

impl TestDb {
    /// A migrated SQLite database in a temporary directory.
    pub async fn sqlite() -> anyhow::Result<TestDb> {
        let dir = tempfile::tempdir()?;
        let store = Store::connect(&crate::sqlite_url(&dir.path().join(crate::SQLITE_FILE))).await?;
        Ok(TestDb {
            store,
            cleanup: Cleanup::Sqlite(dir),
        })
    }

    /// A migrated, freshly created PostgreSQL database, or `None` when
    /// `UPPSIKT_TEST_POSTGRES_URL` is not set.
    pub async fn postgres() -> anyhow::Result<Option<TestDb>> {
        let Ok(admin_url) = std::env::var(POSTGRES_ENV) else {
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
    pub async fn all() -> anyhow::Result<Vec<TestDb>> {
        let mut dbs = vec![TestDb::sqlite().await?];
        match TestDb::postgres().await? {
            Some(pg) => dbs.push(pg),
            None => eprintln!("note: {POSTGRES_ENV} not set, PostgreSQL part of this test skipped"),
        }
        Ok(dbs)
    }

    /// Closes the pool and drops the database.
    pub async fn finish(self) -> anyhow::Result<()> {
        self.store.close().await;
        if let Cleanup::Postgres { admin_url, name } = self.cleanup {
            let mut admin = AnyConnection::connect(&admin_url).await?;
            sqlx::query(AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name}")))
                .execute(&mut admin)
                .await?;
            admin.close().await?;
        }
        Ok(())
    }
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
