//! `uppsikt serve`: the web application over the data directory; and the demo
//! accounts `uppsikt demo` creates before serving.

use std::path::Path;

use uppsikt_domain::RegionCode;
use uppsikt_domain::access::Role;
use uppsikt_domain::survey::Questionnaire;
use uppsikt_store::{Location, Store, survey, users};
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

/// The demo survey: the 2019 questionnaire under its own id, open, every
/// municipality invited, so the municipal respondent's journey can be tried
/// (the real 2019 survey is closed with its reconstructed answers). SYNTHETIC.
pub const DEMO_SURVEY: &str = "kommunenkat-demo";

/// Creates (once) and opens the demo survey; returns the link path of one
/// municipality that has not submitted yet, with its name.
pub async fn demo_survey(store: &Store) -> anyhow::Result<Option<(String, String)>> {
    let (_, text) = survey::BUILTIN[0];
    let text = text
        .replacen("id = \"kommunenkat-2019\"", &format!("id = \"{DEMO_SURVEY}\""), 1)
        .replacen("title = \"", "title = \"DEMO (syntetisk): ", 1);
    let q = Questionnaire::from_toml(&text).map_err(|e| anyhow::anyhow!("demo survey: {e}"))?;
    let mut tx = store.pool().begin().await?;
    survey::upsert_questionnaire(&mut tx, &q, &text).await?;
    tx.commit().await?;
    if survey::state(store, DEMO_SURVEY).await?.0 != survey::SurveyState::Open {
        survey::open(store, DEMO_SURVEY).await?;
    }
    survey::invite(store, DEMO_SURVEY).await?;
    let Some(p) = survey::pending(store, DEMO_SURVEY).await?.into_iter().next() else {
        return Ok(None);
    };
    let token = uppsikt_web::reads::participant_token(store, DEMO_SURVEY, &p.municipality).await?;
    Ok(token.map(|t| (format!("/enkat/{t}"), p.name)))
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
    let survey_link = demo_survey(store).await?;
    if let Some((path, name)) = &survey_link {
        // The respondent has no account: the CSV gets the link instead.
        let file = location.data_dir.join("demo-users.csv");
        let mut text = std::fs::read_to_string(&file)?;
        text.push_str(&format!(
            "kommun,kommun,,,\"{name}: http://{addr}{path} (demoenkät, syntetisk)\"\n"
        ));
        std::fs::write(&file, text)?;
    }
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
    if let Some((path, name)) = &survey_link {
        println!("  kommun ({name}): http://{addr}{path}  (demoenkät, syntetisk; ingen inloggning)");
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
