//! `uppsikt users add|list|disable|enable|token`: accounts of the web application.

use clap::Subcommand;
use serde::Serialize;
use uppsikt_domain::access::Role;
use uppsikt_domain::{RegionCode, tr};
use uppsikt_store::{Store, users};
use uppsikt_web::auth::{password, secret};

use crate::error::CliResult;
use crate::output::{Format, print_rows};

/// What to do with users.
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a user. Without --password a random one is generated and printed once.
    Add {
        /// The account name.
        username: String,
        /// admin, analyst or region (`analytiker` is accepted for analyst).
        #[arg(long)]
        role: String,
        /// The county code a region user is bound to, e.g. 25.
        #[arg(long)]
        region: Option<RegionCode>,
        /// The password (at least 10 characters); also read from UPPSIKT_NEW_PASSWORD.
        #[arg(long, env = "UPPSIKT_NEW_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// List users (never their password hashes).
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Disable a user: their sessions end and their API tokens stop working.
    Disable {
        /// The account name.
        username: String,
    },
    /// Enable a disabled user again.
    Enable {
        /// The account name.
        username: String,
    },
    /// Create an API bearer token for a user; it is printed once and stored only as a digest.
    Token {
        /// The account name.
        username: String,
        /// A label for the token, e.g. what uses it.
        #[arg(long, default_value = "cli")]
        label: String,
        /// Days the token is valid (1 to 365).
        #[arg(long, default_value_t = users::TOKEN_DAYS)]
        days: i64,
    },
    /// A user's API tokens: label, made, expires, revoked (never the token itself).
    Tokens {
        /// The account name.
        username: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Revoke a user's API tokens at once (only those with --label when given).
    RevokeTokens {
        /// The account name.
        username: String,
        /// Only the tokens with this label.
        #[arg(long)]
        label: Option<String>,
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

/// Runs a users command.
pub async fn run(store: &Store, command: UsersCommand) -> CliResult {
    match command {
        UsersCommand::Add {
            username,
            role,
            region,
            password: given,
        } => {
            let role = Role::bind(&role, region).map_err(|e| crate::usage(e.to_string()))?;
            let generated = given.is_none();
            let pw = given.unwrap_or_else(secret::random_password);
            let hash = password::hash(&pw).map_err(|e| crate::usage(e.to_string()))?;
            users::add(store, &username, role, &hash).await?;
            println!("{}", tr!(cli.user_added, name = username, role = role.label_sv()));
            if generated {
                println!("{}", tr!(cli.password_once, password = pw));
            }
        }
        UsersCommand::List { format } => {
            let rows: Vec<UserRow> = users::list(store)
                .await?
                .into_iter()
                .map(|u| UserRow {
                    username: u.username,
                    role: u.role.code().to_string(),
                    region: u.role.region().map(|r| r.to_string()),
                    disabled: u.disabled,
                    created_at: u.created_at,
                })
                .collect();
            print_rows(&rows, format)?;
        }
        UsersCommand::Disable { username } => {
            users::set_disabled(store, &username, true).await?;
            println!("{}", tr!(cli.user_disabled, name = username));
        }
        UsersCommand::Enable { username } => {
            users::set_disabled(store, &username, false).await?;
            println!("{}", tr!(cli.user_enabled, name = username));
        }
        UsersCommand::Token { username, label, days } => {
            let token = secret::random_token();
            let expires = users::add_token(store, &username, &secret::digest(&token), &label, days).await?;
            println!("{token}");
            eprintln!("{}", tr!(cli.token_expires, expires = expires));
        }
        UsersCommand::Tokens { username, format } => {
            print_rows(&users::tokens(store, &username).await?, format)?;
        }
        UsersCommand::RevokeTokens { username, label } => {
            let n = users::revoke_tokens(store, &username, label.as_deref()).await?;
            println!("{}", tr!(cli.tokens_revoked, count = n, name = username));
        }
    }
    Ok(())
}
