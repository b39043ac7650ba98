//! The two migration folders describe one schema: after migrating, SQLite and
//! PostgreSQL have the same tables, the same columns with the same kind of
//! type and nullability, and the same indexes by name.

use std::collections::BTreeSet;

use sqlx::Row;
use uppsikt_store::testing::TestDb;
use uppsikt_store::{Backend, Store};

uppsikt_store::postgres_backend_test!();

/// The kind of a column's type, as both backends see it.
fn kind(declared: &str) -> &'static str {
    let t = declared.to_ascii_lowercase();
    if t.contains("int") {
        "integer"
    } else if t.contains("real") || t.contains("double") || t.contains("float") || t.contains("numeric") {
        "real"
    } else if t.contains("bool") {
        "boolean"
    } else if t.contains("bytea") || t.contains("blob") {
        "bytes"
    } else {
        "text"
    }
}

/// (table, column, type kind, nullable) for every column of every table
/// migrations made, sqlx's own bookkeeping left out.
async fn columns(store: &Store) -> BTreeSet<(String, String, &'static str, bool)> {
    let mut out = BTreeSet::new();
    match store.backend() {
        Backend::Sqlite => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table'
                 AND name NOT LIKE 'sqlite%' AND name NOT LIKE '\\_sqlx%' ESCAPE '\\'",
            )
            .fetch_all(store.pool())
            .await
            .unwrap();
            for t in tables {
                // pragma_table_info as a table function takes the name as a bound value.
                let rows = sqlx::query("SELECT name, type, \"notnull\" AS not_null, pk FROM pragma_table_info($1)")
                    .bind(&t)
                    .fetch_all(store.pool())
                    .await
                    .unwrap();
                for r in rows {
                    let not_null: i64 = r.get("not_null");
                    let pk: i64 = r.get("pk");
                    // A primary key column is NOT NULL in PostgreSQL whatever it says.
                    out.insert((
                        t.clone(),
                        r.get::<String, _>("name"),
                        kind(&r.get::<String, _>("type")),
                        not_null == 0 && pk == 0,
                    ));
                }
            }
        }
        Backend::Postgres => {
            let rows = sqlx::query(
                "SELECT CAST(table_name AS TEXT) AS t, CAST(column_name AS TEXT) AS c,
                        CAST(data_type AS TEXT) AS ty, CAST(is_nullable AS TEXT) AS nullable
                 FROM information_schema.columns
                 WHERE table_schema = 'public' AND table_name NOT LIKE '\\_sqlx%'",
            )
            .fetch_all(store.pool())
            .await
            .unwrap();
            for r in rows {
                out.insert((
                    r.get("t"),
                    r.get("c"),
                    kind(&r.get::<String, _>("ty")),
                    r.get::<String, _>("nullable") == "YES",
                ));
            }
        }
    }
    out
}

/// Index names migrations created (not those backing a primary key or UNIQUE constraint).
async fn indexes(store: &Store) -> BTreeSet<String> {
    let sql = match store.backend() {
        Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
        Backend::Postgres => {
            "SELECT CAST(i.indexname AS TEXT) FROM pg_indexes i
             WHERE i.schemaname = 'public'
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
        }
    };
    sqlx::query_scalar::<_, String>(sql)
        .fetch_all(store.pool())
        .await
        .unwrap()
        .into_iter()
        .collect()
}

#[tokio::test]
async fn sqlite_and_postgresql_migrate_to_the_same_schema() {
    let dbs = TestDb::all().await.unwrap();
    let sqlite = &dbs[0];
    let cols = columns(&sqlite.store).await;
    assert!(
        cols.iter()
            .any(|(t, c, k, _)| t == "indicator_definitions" && c == "scale" && *k == "text"),
        "the schema is read: {cols:?}"
    );
    assert!(cols.len() > 50, "{} columns", cols.len());
    // The PostgreSQL run is required in CI (UPPSIKT_REQUIRE_POSTGRES); here it
    // is compared when it is there.
    for other in &dbs[1..] {
        let theirs = columns(&other.store).await;
        let only_sqlite: Vec<_> = cols.difference(&theirs).collect();
        let only_postgres: Vec<_> = theirs.difference(&cols).collect();
        assert!(
            only_sqlite.is_empty() && only_postgres.is_empty(),
            "the migrations disagree.\nonly in SQLite: {only_sqlite:#?}\nonly in PostgreSQL: {only_postgres:#?}"
        );
        let (a, b) = (indexes(&sqlite.store).await, indexes(&other.store).await);
        assert_eq!(a, b, "indexes differ");
    }
    for db in dbs {
        db.finish().await.unwrap();
    }
}
