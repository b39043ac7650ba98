//! Test harness: the real server on 127.0.0.1:0 over a fresh, migrated
//! database (SQLite, and PostgreSQL when configured), with one user per role.
#![allow(dead_code)]

use std::collections::BTreeMap;

use reqwest::{Client, StatusCode};
use sqlx::{AssertSqlSafe, Row};
use uppsikt_domain::access::Role;
use uppsikt_store::testing::TestDb;
use uppsikt_store::{Backend, Store, reference, reports, seeds, users};
use uppsikt_web::auth::{password, secret};
use uppsikt_web::{AppState, ServeConfig};

// Each test binary says in cargo's summary whether its PostgreSQL part ran.
uppsikt_store::postgres_backend_test!();

/// Password of every test user.
pub const PASSWORD: &str = "korrekt-hast-batteri";

/// The test users of the role matrix (and the public, who is no user).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TestUser {
    Public,
    Admin,
    Analyst,
    /// Region user bound to 25 (Norrbotten).
    Region25,
    /// Region user bound to 01 (Stockholm).
    Region01,
}

impl TestUser {
    pub const ALL: [TestUser; 5] = [
        TestUser::Public,
        TestUser::Admin,
        TestUser::Analyst,
        TestUser::Region25,
        TestUser::Region01,
    ];

    pub fn username(self) -> Option<&'static str> {
        match self {
            TestUser::Public => None,
            TestUser::Admin => Some("admin"),
            TestUser::Analyst => Some("analytiker"),
            TestUser::Region25 => Some("norrbotten"),
            TestUser::Region01 => Some("stockholm"),
        }
    }
}

/// A running server.
pub struct Server {
    pub base: String,
    pub store: Store,
    pub data_dir: tempfile::TempDir,
    /// Bearer token per signed-in caller.
    pub tokens: BTreeMap<TestUser, String>,
    db: Option<TestDb>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Posts a form as `client` to `path` on this server.
    #[allow(dead_code)] // not every test binary posts forms
    pub async fn post_form<T: serde::Serialize + ?Sized>(
        &self,
        client: &Client,
        path: &str,
        form: &T,
    ) -> reqwest::Response {
        client.post(self.url(path)).form(form).send().await.unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// The body of `GET path` as `client` sees it.
    #[allow(dead_code)] // not every test binary reads pages
    pub async fn text(&self, client: &Client, path: &str) -> String {
        client.get(self.url(path)).send().await.unwrap().text().await.unwrap()
    }

    /// The JSON body of `GET path` with a bearer `token`; the call must succeed.
    #[allow(dead_code)] // not every test binary reads the API
    pub async fn json(&self, token: &str, path: &str) -> serde_json::Value {
        let r = self
            .client()
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "GET {path}: {}", r.status());
        r.json().await.unwrap()
    }

    pub async fn finish(mut self) {
        self.task.abort();
        if let Some(db) = self.db.take() {
            db.finish().await.unwrap();
        }
    }

    /// A client with a cookie jar that does not follow redirects.
    pub fn client(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    /// Signs `caller` in through the login form; returns the client (with its
    /// session cookie) and the session's CSRF token.
    pub async fn login(&self, caller: TestUser) -> (Client, String) {
        let c = self.client();
        let page = c.get(self.url("/logga-in")).send().await.unwrap().text().await.unwrap();
        let csrf = csrf_of(&page);
        let r = c
            .post(self.url("/logga-in"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("username", caller.username().unwrap()),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "login of {caller:?}");
        let page = c.get(self.url("/oversikt")).send().await.unwrap().text().await.unwrap();
        let csrf = csrf_of(&page);
        (c, csrf)
    }
}

/// The CSRF token in a page's first form.
pub fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a form with a csrf field") + 19;
    html[at..at + 64].to_string()
}

/// Starts a server on every test database, with reference and seed data and one user per role.
pub async fn servers() -> Vec<Server> {
    let mut out = Vec::new();
    for db in TestDb::all().await.unwrap() {
        out.push(start(db).await);
    }
    out
}

/// Starts a server over `db`.
pub async fn start(db: TestDb) -> Server {
    start_with(db, |_| {}).await
}

/// Starts a server over `db` with its configuration changed by `configure`.
pub async fn start_with(db: TestDb, configure: impl FnOnce(&mut ServeConfig)) -> Server {
    let store = db.store.clone();
    reference::load(&store).await.unwrap();
    seeds::load(&store).await.unwrap();
    reports::demo::load(&store, "2020-01-01T00:00:00Z").await.unwrap();
    uppsikt_qual::demo::load(&store).await.unwrap();
    let hash = password::hash(PASSWORD).unwrap();
    let mut tokens = BTreeMap::new();
    for caller in TestUser::ALL {
        let Some(name) = caller.username() else { continue };
        let role = match caller {
            TestUser::Admin => Role::Admin,
            TestUser::Analyst => Role::Analyst,
            TestUser::Region25 => Role::Region("25".parse().unwrap()),
            TestUser::Region01 => Role::Region("01".parse().unwrap()),
            TestUser::Public => unreachable!(),
        };
        users::add(&store, name, role, &hash).await.unwrap();
        let token = secret::random_token();
        users::add_token(&store, name, &secret::digest(&token), "test", 30)
            .await
            .unwrap();
        tokens.insert(caller, token);
    }
    let data_dir = tempfile::tempdir().unwrap();
    let mut config = ServeConfig::new(data_dir.path().to_path_buf());
    configure(&mut config);
    let state = AppState::new(store.clone(), config);
    let (listener, addr) = uppsikt_web::bind("127.0.0.1:0").await.unwrap();
    let task = tokio::spawn(async move {
        uppsikt_web::serve(listener, state).await.unwrap();
    });
    Server {
        base: format!("http://{addr}"),
        store,
        data_dir,
        tokens,
        db: Some(db),
        task,
    }
}

/// Opens the 2019 municipal survey, invites every municipality and returns
/// the token of Kiruna (2584).
pub async fn open_survey(store: &Store) -> String {
    uppsikt_store::survey::open(store, "kommunenkat-2019").await.unwrap();
    let invited = uppsikt_store::survey::invite(store, "kommunenkat-2019").await.unwrap();
    invited.into_iter().find(|i| i.municipality == "2584").unwrap().token
}

/// A new link token of `municipality` in the 2019 survey (after [`open_survey`]).
pub async fn participant_token(store: &Store, municipality: &str) -> String {
    uppsikt_store::survey::new_link(store, "kommunenkat-2019", municipality)
        .await
        .unwrap()
        .unwrap()
}

/// Every row of every table, as text: equal fingerprints mean nothing was stored.
pub async fn fingerprint(store: &Store) -> String {
    let tables_sql = match store.backend() {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_sqlx%' ESCAPE '\\' \
             AND name NOT LIKE 'sqlite%' ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_name NOT LIKE '\\_sqlx%' ORDER BY table_name"
        }
    };
    let tables: Vec<String> = sqlx::query(tables_sql)
        .fetch_all(store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>("name"))
        .collect();
    assert!(tables.iter().any(|t| t == "users"), "{tables:?}");
    let mut out = String::new();
    for t in tables {
        // Table names come from the catalogue above, not from input.
        let rows = sqlx::query(AssertSqlSafe(format!("SELECT * FROM {t}")))
            .fetch_all(store.pool())
            .await
            .unwrap();
        let mut lines: Vec<String> = rows
            .iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| {
                        if let Ok(v) = r.try_get::<Option<String>, _>(i) {
                            format!("{v:?}")
                        } else if let Ok(v) = r.try_get::<Option<i64>, _>(i) {
                            format!("{v:?}")
                        } else if let Ok(v) = r.try_get::<Option<f64>, _>(i) {
                            format!("{v:?}")
                        } else {
                            "?".to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        lines.sort();
        out.push_str(&format!("## {t}\n{}\n", lines.join("\n")));
    }
    out
}

/// A test indicator's definition: the store keeps no published cell without one.
#[allow(dead_code)] // not every test binary publishes cells
pub fn indicator_def(id: &'static str, name: &'static str) -> uppsikt_domain::IndicatorDef {
    use uppsikt_domain::indicator::{Arrival, Direction, Scale};
    uppsikt_domain::IndicatorDef {
        id: id.into(),
        name_sv: name.into(),
        description_sv: "Test.".into(),
        unit_sv: "procent".into(),
        scale: Scale::Percent,
        direction: Direction::HigherIsBetter,
        monthly: false,
        source_sv: "Syntetiska testdata".into(),
        arrival: Arrival::Register,
    }
}
