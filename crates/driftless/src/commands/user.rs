//! `driftless user`: who may act on the campaign store (names, roles, git identities,
//! web UI passwords).

use super::store::{actor, block_on, open, write_json, write_table};
use crate::ExitStatus;
use crate::args::{ListFormat, UserArgs, UserCommand};
use anyhow::{Context as _, bail};
use driftless_campaign::{NewUser, Role};
use std::io::Write as _;

/// Runs a `user` subcommand.
///
/// # Errors
/// When the store fails or the actor may not add users.
pub fn run(args: &UserArgs) -> anyhow::Result<ExitStatus> {
    block_on(async {
        let store = open(&args.store).await?;
        let mut out = std::io::stdout().lock();
        match &args.command {
            UserCommand::Add {
                name,
                email,
                role,
                identities,
                password_stdin,
            } => {
                let role: Role = role.parse()?;
                let password_hash = if *password_stdin {
                    Some(driftless_server::auth::hash_password(&read_password()?)?)
                } else {
                    None
                };
                let first = store.users().await?.is_empty();
                let by = if first {
                    if !matches!(role, Role::Admin | Role::Security) {
                        bail!(
                            "the first user must be an admin or security user, to approve exceptions and add the others"
                        );
                    }
                    name.clone()
                } else {
                    let by = actor(store.as_ref(), &args.store).await?;
                    if !by.role.can_run_campaigns() {
                        bail!(
                            "{} ({}) may not add users: admins and security users do",
                            by.name,
                            by.role
                        );
                    }
                    if role == Role::Admin && by.role != Role::Admin {
                        bail!("{} ({}) may not add an admin: admins do", by.name, by.role);
                    }
                    by.name
                };
                let user = store
                    .add_user(
                        &NewUser {
                            name: name.clone(),
                            email: email.clone(),
                            git_identities: identities.clone(),
                            role,
                            password_hash,
                        },
                        &by,
                    )
                    .await?;
                writeln!(out, "added {} ({}, {})", user.name, user.email, user.role)?;
            }
            UserCommand::Passwd { name } => {
                let by = actor(store.as_ref(), &args.store).await?;
                if by.role != Role::Admin && by.name != *name {
                    bail!(
                        "{} ({}) may not set {name}'s password: admins do, or {name}",
                        by.name,
                        by.role
                    );
                }
                let hash = driftless_server::auth::hash_password(&read_password()?)?;
                store.set_password_hash(name, Some(&hash), &by.name).await?;
                writeln!(out, "password of {name} set; their sessions ended")?;
            }
            UserCommand::List { format } => {
                let users = store.users().await?;
                if *format == ListFormat::Json {
                    write_json(&mut out, &users)?;
                } else {
                    let rows: Vec<Vec<String>> = users
                        .iter()
                        .map(|u| {
                            vec![
                                u.name.clone(),
                                u.role.to_string(),
                                u.email.clone(),
                                u.git_identities.join(", "),
                            ]
                        })
                        .collect();
                    write_table(&mut out, &["name", "role", "email", "identities"], &rows)?;
                }
            }
        }
        Ok(ExitStatus::Clean)
    })
}

/// The least length of a web UI password, in characters.
const MIN_PASSWORD_CHARS: usize = 8;

/// Reads a password from the first line of standard input (the line end is not part of it).
fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    if password.chars().count() < MIN_PASSWORD_CHARS {
        bail!(
            "the password (the first line of standard input) needs at least {MIN_PASSWORD_CHARS} characters"
        );
    }
    Ok(password)
}
