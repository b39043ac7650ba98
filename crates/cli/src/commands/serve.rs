//! `uppsikt serve`: the web application over the data directory; and the demo
//! accounts and demo survey `uppsikt demo` creates before serving.

use std::path::Path;

use uppsikt_domain::access::Role;
use uppsikt_domain::survey::Questionnaire;
use uppsikt_domain::tr;
use uppsikt_store::{Location, Store, survey, users};
use uppsikt_web::auth::{password, secret};
use uppsikt_web::{AppState, ServeConfig};

use crate::error::{CliError, CliResult};

/// How `uppsikt serve` runs the web application.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeOptions {
    /// Mark the session cookie Secure (when served behind HTTPS).
    #[arg(long)]
    pub secure_cookies: bool,
    /// Address of a reverse proxy whose X-Forwarded-For names the client
    /// (repeat for a chain of proxies). Without it the header is ignored.
    #[arg(long = "trusted-proxy", env = "UPPSIKT_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Minutes without a request after which a signed-in session ends.
    #[arg(long, default_value_t = uppsikt_web::state::IDLE_MINUTES, value_parser = clap::value_parser!(u16).range(1..))]
    pub idle_minutes: u16,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions {
            secure_cookies: false,
            trusted_proxies: Vec::new(),
            idle_minutes: uppsikt_web::state::IDLE_MINUTES,
        }
    }
}

/// Serves until interrupted.
pub async fn run(store: &Store, location: &Location, addr: &str, options: &ServeOptions) -> CliResult {
    let mut config = ServeConfig::new(location.data_dir.clone());
    config.secure_cookies = options.secure_cookies;
    config.trusted_proxies = options.trusted_proxies.clone();
    config.idle_seconds = i64::from(options.idle_minutes) * 60;
    let (listener, local) = uppsikt_web::bind(addr)
        .await
        .map_err(|e| crate::usage(tr!(cli.cannot_listen, addr = addr, error = e)))?;
    println!("{}", tr!(cli.serving, addr = local));
    Ok(uppsikt_web::serve(listener, AppState::new(store.clone(), config)).await?)
}

/// The demo accounts: one per role. Synthetic, for trying the platform.
const DEMO_ACCOUNTS: [(&str, &str); 3] = [
    ("demo-admin", "admin"),
    ("demo-analytiker", "analyst"),
    ("demo-region", "region:25"),
];

/// A demo account with its one-time password.
pub struct DemoAccount {
    /// The account name.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// The password, generated now.
    pub password: String,
}

/// Creates the demo accounts (or resets their passwords when they exist).
pub async fn demo_accounts(store: &Store) -> CliResult<Vec<DemoAccount>> {
    let mut out = Vec::new();
    for (name, role) in DEMO_ACCOUNTS {
        let role: Role = role.parse().expect("a valid role");
        let pw = secret::random_password();
        let hash = password::hash(&pw).expect("generated passwords are long enough");
        users::upsert(store, name, role, &hash).await?;
        out.push(DemoAccount {
            name: name.to_string(),
            role,
            password: pw,
        });
    }
    Ok(out)
}

/// The demo survey: the 2019 questionnaire under its own id, open, every
/// municipality invited, so the municipal respondent's journey can be tried
/// (the real 2019 survey is closed with its reconstructed answers). SYNTHETIC.
pub const DEMO_SURVEY: &str = "kommunenkat-demo";

/// Creates (once) and opens the demo survey; returns the link path of one
/// municipality that has not submitted yet, with its name.
pub async fn demo_survey(store: &Store) -> CliResult<Option<(String, String)>> {
    let (_, text) = survey::BUILTIN[0];
    let original = Questionnaire::from_toml(text).map_err(uppsikt_store::Error::from)?;
    let title = tr!(cli.demo_survey_title, title = original.title);
    let (q, definition) =
        Questionnaire::copy_definition(text, DEMO_SURVEY, &title).map_err(uppsikt_store::Error::from)?;
    survey::install(store, &q, &definition).await?;
    if survey::state(store, DEMO_SURVEY).await?.0 != survey::SurveyState::Open {
        survey::open(store, DEMO_SURVEY).await?;
    }
    survey::invite(store, DEMO_SURVEY).await?;
    let invited = survey::pending(store, DEMO_SURVEY)
        .await?
        .into_iter()
        .find(|p| p.status.is_some());
    let Some(p) = invited else {
        return Ok(None);
    };
    // Only digests of the links are kept: the demo makes this one afresh on every run.
    let token = survey::new_link(store, DEMO_SURVEY, &p.municipality).await?;
    Ok(token.map(|t| (format!("/enkat/{t}"), p.name)))
}

/// Writes the demo accounts and the survey link to `demo-users.csv`, readable
/// by the owner only: it holds passwords.
fn write_demo_users(
    file: &Path,
    accounts: &[DemoAccount],
    survey_link: Option<&(String, String)>,
    addr: &str,
) -> CliResult {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["username", "role", "region", "password", "note"])?;
    for a in accounts {
        let region = a.role.region().map(|r| r.to_string()).unwrap_or_default();
        w.write_record([
            a.name.as_str(),
            a.role.code(),
            &region,
            &a.password,
            &tr!(cli.demo_account_note),
        ])?;
    }
    if let Some((path, name)) = survey_link {
        let note = tr!(
            cli.demo_survey_link,
            municipality = name,
            link = format!("http://{addr}{path}")
        );
        w.write_record(["kommun", "kommun", "", "", &note])?;
    }
    let bytes = w.into_inner().map_err(|e| std::io::Error::other(e.to_string()))?;
    uppsikt_files::write_private(file, &bytes).map_err(|e| CliError::io(file, e))
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
) -> CliResult {
    let accounts = demo_accounts(store).await?;
    let survey_link = demo_survey(store).await?;
    let file = location.data_dir.join(uppsikt_store::layout::DEMO_USERS);
    write_demo_users(&file, &accounts, survey_link.as_ref(), addr)?;
    println!("{}", tr!(cli.demo_accounts, file = file.display()));
    for a in &accounts {
        println!(
            "  {:<16} {:<28} {}",
            a.name,
            a.role.label_sv(),
            tr!(cli.demo_password, password = a.password)
        );
    }
    if let Some((path, name)) = &survey_link {
        println!(
            "  {}",
            tr!(
                cli.demo_survey_link,
                municipality = name,
                link = format!("http://{addr}{path}")
            )
        );
    }
    let interactive = std::io::IsTerminal::is_terminal(&std::io::stdout());
    if no_serve || !(interactive || force_serve) {
        if !no_serve {
            println!("{}", tr!(cli.demo_start_server));
        }
        return Ok(());
    }
    run(store, location, addr, &ServeOptions::default()).await
}
