//! `uppsikt serve`: the web application over the data directory; and the demo
//! accounts `uppsikt demo` creates before serving.

use std::path::Path;

use uppsikt_domain::RegionCode;
use uppsikt_domain::access::Role;
use uppsikt_store::{Location, Store, users};
use uppsikt_web::auth::{password, secret};
use uppsikt_web::{AppState, ServeConfig};

/// Serves until interrupted.
pub async fn run(store: &Store, location: &Location, addr: &str, secure_cookies: bool) -> anyhow::Result<()> {
    let mut config = ServeConfig::new(location.data_dir.clone());
    config.secure_cookies = secure_cookies;
    let (listener, local) = uppsikt_web::bind(addr).await?;
    println!("Uppsikt körs på http://{local}/  (avsluta med Ctrl-C)");
    uppsikt_web::serve(listener, AppState::new(store.clone(), config)).await
}

/// The demo accounts: one per role. Synthetic, for trying the platform.
const DEMO_ACCOUNTS: [(&str, Role, Option<&str>); 3] = [
    ("demo-admin", Role::Admin, None),
    ("demo-analytiker", Role::Analytiker, None),
    ("demo-region", Role::Region, Some("25")),
];

/// Creates the demo accounts (or resets their passwords when they exist),
/// writes them to `demo-users.csv` in `data_dir` and returns (name, role, region, password).
pub async fn demo_accounts(store: &Store, data_dir: &Path) -> anyhow::Result<Vec<(String, Role, String, String)>> {
    let mut out = Vec::new();
    for (name, role, region) in DEMO_ACCOUNTS {
        let pw = secret::random_password();
        let region: Option<RegionCode> = region.map(str::parse).transpose()?;
        users::upsert(store, name, role, region, &password::hash(&pw)?).await?;
        out.push((
            name.to_string(),
            role,
            region.map(|r| r.to_string()).unwrap_or_default(),
            pw,
        ));
    }
    std::fs::create_dir_all(data_dir)?;
    let file = data_dir.join("demo-users.csv");
    let mut w = csv::Writer::from_path(&file)?;
    w.write_record(["username", "role", "region", "password", "note"])?;
    for (name, role, region, pw) in &out {
        w.write_record([name.as_str(), role.as_str(), region, pw, "syntetiskt demokonto"])?;
    }
    w.flush()?;
    Ok(out)
}

/// After `uppsikt demo`: demo accounts, then serve unless `no_serve`. A
/// script or test (standard output not a terminal) would wait forever on a
/// server it did not ask for, so there demo serves only with `force_serve`.
pub async fn after_demo(
    store: &Store,
    location: &Location,
    no_serve: bool,
    force_serve: bool,
    addr: &str,
) -> anyhow::Result<()> {
    let accounts = demo_accounts(store, &location.data_dir).await?;
    println!(
        "Demokonton (syntetiska; sparade i {}):",
        location.data_dir.join("demo-users.csv").display()
    );
    for (name, role, region, pw) in &accounts {
        let bound = if region.is_empty() {
            String::new()
        } else {
            format!(" region {region}")
        };
        println!("  {name:<16} {role}{bound}  lösenord: {pw}");
    }
    let interactive = std::io::IsTerminal::is_terminal(&std::io::stdout());
    if no_serve || !(interactive || force_serve) {
        if !no_serve {
            println!("Starta webbplatsen med `uppsikt serve` (eller `uppsikt demo --serve`).");
        }
        return Ok(());
    }
    run(store, location, addr, false).await
}
