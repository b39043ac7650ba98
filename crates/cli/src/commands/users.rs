//! `uppsikt users add|list|disable|enable|token`: accounts of the web application.

use clap::Subcommand;
use serde::Serialize;
use uppsikt_domain::RegionCode;
use uppsikt_domain::access::Role;
use uppsikt_store::{Store, users};
use uppsikt_web::auth::{password, secret};

use crate::output::{Format, print_rows};

/// What to do with users.
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a user. Without --password a random one is generated and printed once.
    Add {
        username: String,
        /// admin, analytiker or region.
        #[arg(long)]
        role: Role,
        /// The county code a region user is bound to, e.g. 25.
        #[arg(long)]
        region: Option<RegionCode>,
        /// The password (at least 10 characters); also read from UPPSIKT_NEW_PASSWORD.
        #[arg(long, env = "UPPSIKT_NEW_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// List users (never their password hashes).
    List {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Disable a user: their sessions end and their API tokens stop working.
    Disable { username: String },
    /// Enable a disabled user again.
    Enable { username: String },
    /// Create an API bearer token for a user; it is printed once and stored only as a digest.
    Token {
        username: String,
        #[arg(long, default_value = "cli")]
        label: String,
    },
}

#[derive(Serialize)]
struct UserRow {
    username: String,
    role: String,
    region: Option<String>,
    disabled: bool,
    created_at: String,
}

pub async fn run(store: &Store, command: UsersCommand) -> anyhow::Result<()> {
    match command {
        UsersCommand::Add {
            username,
            role,
            region,
            password: given,
        } => {
            let generated = given.is_none();
            let pw = given.unwrap_or_else(secret::random_password);
            users::add(store, &username, role, region, &password::hash(&pw)?).await?;
            println!("Användaren {username} ({role}) är tillagd.");
            if generated {
                println!("Lösenord (visas bara nu): {pw}");
            }
        }
        UsersCommand::List { format } => {
            let rows: Vec<UserRow> = users::list(store)
                .await?
                .into_iter()
                .map(|u| UserRow {
                    username: u.username,
                    role: u.role.to_string(),
                    region: u.region.map(|r| r.to_string()),
                    disabled: u.disabled,
                    created_at: u.created_at,
                })
                .collect();
            print_rows(&rows, format)?;
        }
        UsersCommand::Disable { username } => {
            users::set_disabled(store, &username, true).await?;
            println!("Användaren {username} är inaktiverad.");
        }
        UsersCommand::Enable { username } => {
            users::set_disabled(store, &username, false).await?;
            println!("Användaren {username} är aktiverad.");
        }
        UsersCommand::Token { username, label } => {
            let token = secret::random_token();
            users::add_token(store, &username, &secret::digest(&token), &label).await?;
            println!("{token}");
        }
    }
    Ok(())
}
