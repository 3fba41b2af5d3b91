//! `driftless serve` (the web UI and JSON API, issue 6) and `driftless token` (API tokens
//! for CI).

use super::exception::exception_policy;
use super::store::{actor, block_on, data_dir, now, open, write_json, write_table};
use crate::ExitStatus;
use crate::args::{ListFormat, ServeArgs, TokenArgs, TokenCommand};
use anyhow::{Context as _, bail};
use driftless_campaign::{NewApiToken, Role, Store};
use driftless_server::{AppState, Settings};
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

/// Runs `driftless serve`: opens the store, binds `--listen`, prints the URL, and serves
/// until SIGINT or SIGTERM.
///
/// # Errors
/// When the store cannot be opened or the address cannot be bound.
pub fn run(args: &ServeArgs) -> anyhow::Result<ExitStatus> {
    block_on(async {
        let store = open(&args.store).await?;
        let verify = super::verify::for_review(&args.verify, "driftless serve")?;
        if let Some(reason) = verify.skipped_because() {
            eprintln!("proposed fixes will not be verified: {reason}");
        }
        let settings = Settings {
            secure_cookies: args.secure_cookies,
            exception_policy: exception_policy()?,
            verify,
            ..Settings::default()
        };
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        let addr = listener.local_addr()?;
        {
            let mut out = std::io::stdout().lock();
            writeln!(out, "driftless web UI: http://{addr}/ (Ctrl-C stops it)")?;
            out.flush()?;
        }
        serve(store, data_dir(&args.store), settings, listener).await?;
        Ok(ExitStatus::Clean)
    })
}

/// Serves the web UI and the API of `store` (its mirrors in `data_dir`) on `listener` until
/// SIGINT or SIGTERM: what `serve` and the end of `demo` share.
///
/// # Errors
/// When accepting connections fails.
pub async fn serve(
    store: Arc<dyn Store>,
    data_dir: PathBuf,
    settings: Settings,
    listener: tokio::net::TcpListener,
) -> anyhow::Result<()> {
    let state = AppState::new(store, data_dir, settings);
    driftless_server::launch_with_listener(state, listener, driftless_server::shutdown_signal())
        .await
        .context("serving")
}

/// Runs a `token` subcommand.
///
/// # Errors
/// When the store fails or the actor may not act.
pub fn token(args: &TokenArgs) -> anyhow::Result<ExitStatus> {
    block_on(async {
        let store = open(&args.store).await?;
        let by = actor(store.as_ref(), &args.store).await?;
        let mut out = std::io::stdout().lock();
        match &args.command {
            TokenCommand::Create { name, user } => {
                let user = user.clone().unwrap_or_else(|| by.name.clone());
                if user != by.name && by.role != Role::Admin {
                    bail!(
                        "{} ({}) may not create tokens for {user}: admins do",
                        by.name,
                        by.role
                    );
                }
                let user = store.user(&user).await?.name;
                let (token, hash) = driftless_server::auth::new_api_token();
                let created = store
                    .create_api_token(
                        &NewApiToken {
                            name: name.clone(),
                            user: user.clone(),
                            token_hash: hash,
                            created_at: now()?,
                        },
                        &by.name,
                    )
                    .await?;
                writeln!(
                    out,
                    "created API token {} ({}) acting as {user}; it is shown once, keep it secret:",
                    created.id, created.name
                )?;
                writeln!(out, "{token}")?;
            }
            TokenCommand::List { format } => {
                let mine = (by.role != Role::Admin).then_some(by.name.as_str());
                let tokens = store.api_tokens(mine).await?;
                if *format == ListFormat::Json {
                    write_json(&mut out, &tokens)?;
                } else {
                    let day = |t: Option<time::OffsetDateTime>| {
                        t.map(|t| t.date().to_string()).unwrap_or_default()
                    };
                    let rows: Vec<Vec<String>> = tokens
                        .iter()
                        .map(|t| {
                            vec![
                                t.id.to_string(),
                                t.name.clone(),
                                t.user.clone(),
                                day(Some(t.created_at)),
                                day(t.last_used_at),
                                day(t.revoked_at),
                            ]
                        })
                        .collect();
                    write_table(
                        &mut out,
                        &["id", "name", "user", "created", "last used", "revoked"],
                        &rows,
                    )?;
                }
            }
            TokenCommand::Revoke { id } => {
                let token = store
                    .api_tokens(None)
                    .await?
                    .into_iter()
                    .find(|t| t.id == *id)
                    .with_context(|| format!("no API token {id}"))?;
                if token.user != by.name && by.role != Role::Admin {
                    bail!(
                        "{} ({}) may not revoke {}'s token: admins do",
                        by.name,
                        by.role,
                        token.user
                    );
                }
                store.revoke_api_token(*id, &by.name, now()?).await?;
                writeln!(out, "revoked API token {id} ({})", token.name)?;
            }
        }
        Ok(ExitStatus::Clean)
    })
}
