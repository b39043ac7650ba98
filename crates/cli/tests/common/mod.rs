//! The CLI tests' one harness: the real `uppsikt` binary on a temporary data
//! directory, with the environment cleared of variables that would change
//! what it does.
#![allow(dead_code)] // every test binary uses its own part

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use uppsikt_store::testing::TestDb;
use uppsikt_store::{Location, Store};

/// The workspace's root directory (where `Cargo.toml`, `deny.toml` and `fuzz/` are).
pub fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .parent()
        .unwrap()
}

/// Runs `uppsikt --data-dir DIR --quiet ARGS…`.
pub fn uppsikt(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_uppsikt"))
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--quiet")
        .args(args)
        .env_remove("UPPSIKT_DATABASE_URL")
        .env_remove("UPPSIKT_ACTOR")
        .env_remove("UPPSIKT_ROLE")
        .env_remove("UPPSIKT_NEW_PASSWORD")
        .output()
        .expect("run uppsikt")
}

/// Standard output of a run that must succeed.
pub fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Standard error of a run that must fail.
pub fn stderr(o: &Output) -> String {
    assert!(
        !o.status.success(),
        "unexpectedly succeeded: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Runs `uppsikt` and returns its standard output; the run must succeed.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = uppsikt(dir, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `args` followed by `who` (e.g. `--as NAME --role ROLE`).
pub fn with<'a>(args: &[&'a str], who: &[&'a str]) -> Vec<&'a str> {
    args.iter().chain(who).copied().collect()
}

/// Starts `uppsikt serve` on DIR at a free loopback port.
pub fn serve(dir: &Path) -> (Child, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_uppsikt"))
        .arg("--data-dir")
        .arg(dir)
        .args(["--quiet", "serve", "--addr", &format!("127.0.0.1:{port}")])
        .env_remove("UPPSIKT_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    (child, port)
}

/// The status line of `GET path`, waiting up to 30 s for the server to listen.
pub fn get(port: u16, path: &str) -> String {
    get_full(port, path).lines().next().unwrap_or_default().to_string()
}

/// The whole answer (status, headers, body) to `GET path`, waiting up to 30 s for the server to listen.
pub fn get_full(port: u16, path: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
            let mut answer = Vec::new();
            s.read_to_end(&mut answer).unwrap();
            return String::from_utf8_lossy(&answer).into_owned();
        }
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Runs a future to its end on a runtime of its own (the CLI tests are synchronous).
pub fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// The canonical content of every table of the store at `location`.
pub fn dump(location: Location) -> Vec<(String, Vec<String>)> {
    block_on(async {
        let store = Store::open(&location).await.unwrap();
        let d = uppsikt_store::backup::canonical_dump(&store).await.unwrap();
        store.close().await;
        d
    })
}

/// A data directory with its database: SQLite in the directory, or a fresh
/// PostgreSQL database.
pub struct Target {
    pub dir: tempfile::TempDir,
    pub db: Option<TestDb>,
}

impl Target {
    /// An empty data directory on SQLite.
    pub fn sqlite() -> Target {
        Target {
            dir: tempfile::tempdir().unwrap(),
            db: None,
        }
    }

    /// An empty data directory with a fresh PostgreSQL database, or `None`
    /// when the tests were built without one.
    pub fn postgres() -> Option<Target> {
        let db = block_on(TestDb::postgres()).expect("PostgreSQL test database")?;
        Some(Target {
            dir: tempfile::tempdir().unwrap(),
            db: Some(db),
        })
    }

    pub fn location(&self) -> Location {
        Location {
            data_dir: self.dir.path().to_path_buf(),
            database_url: self.db.as_ref().map(|db| db.store.display_url()),
        }
    }

    /// `uppsikt --data-dir DIR --quiet [--database-url URL] ARGS…`, not yet run.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_uppsikt"));
        c.arg("--data-dir").arg(self.dir.path()).arg("--quiet");
        if let Some(url) = &self.location().database_url {
            c.args(["--database-url", url]);
        }
        c.args(args)
            .env_remove("UPPSIKT_DATABASE_URL")
            .env_remove("UPPSIKT_ACTOR")
            .env_remove("UPPSIKT_ROLE")
            .env_remove("UPPSIKT_NEW_PASSWORD")
            .stdin(Stdio::null());
        c
    }

    /// Runs `uppsikt ARGS` on this target; it must succeed.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.command(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// The canonical content of every table.
    pub fn dump(&self) -> Vec<(String, Vec<String>)> {
        dump(self.location())
    }
}
