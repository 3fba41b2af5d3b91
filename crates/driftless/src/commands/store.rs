//! What the store-backed commands share: opening the store, finding the acting user, the
//! workspace, the async runtime, and table printing.

use crate::args::StoreArgs;
use anyhow::{Context as _, bail};
use driftless_campaign::workflow::Workspace;
use driftless_campaign::{Store, User};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use time::OffsetDateTime;

/// Runs `f` to completion on a runtime for this command.
///
/// # Errors
/// When the runtime cannot start, or `f` fails.
pub fn block_on<T>(f: impl Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?
        .block_on(f)
}

/// The data folder: `--data-dir`, or `.driftless` in the working directory.
#[must_use]
pub fn data_dir(args: &StoreArgs) -> PathBuf {
    args.data_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(".driftless"))
}

/// Opens (and migrates) the store `args` names.
///
/// # Errors
/// When the store cannot be opened.
pub async fn open(args: &StoreArgs) -> anyhow::Result<Arc<dyn Store>> {
    let url = if let Some(url) = &args.database_url {
        url.clone()
    } else {
        let dir = data_dir(args);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        format!("sqlite:{}", dir.join("driftless.db").display())
    };
    driftless_campaign::store::open(&url)
        .await
        .context("cannot open the campaign store")
}

/// The time commands act at: now, or `DRIFTLESS_NOW` (RFC 3339; for tests and rehearsals
/// of expiry).
///
/// # Errors
/// When `DRIFTLESS_NOW` is set and not RFC 3339.
pub fn now() -> anyhow::Result<OffsetDateTime> {
    match std::env::var("DRIFTLESS_NOW") {
        Ok(text) => OffsetDateTime::parse(&text, &time::format_description::well_known::Rfc3339)
            .with_context(|| {
                format!("DRIFTLESS_NOW={text}: expected RFC 3339 like 2026-11-30T12:00:00Z")
            }),
        Err(_) => Ok(OffsetDateTime::now_utc()),
    }
}

/// The identity of `git config user.email` in the working directory, if any.
fn git_email() -> Option<String> {
    let out = std::process::Command::new("git")
        .args(["config", "user.email"])
        .output()
        .ok()?;
    let email = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (!email.is_empty()).then_some(email)
}

/// The acting user: `--as`, else the user whose identity is `git config user.email`.
///
/// # Errors
/// When no registered user matches.
pub async fn actor(store: &dyn Store, args: &StoreArgs) -> anyhow::Result<User> {
    let (who, from) = match &args.actor {
        Some(a) => (a.clone(), "--as"),
        None => match git_email() {
            Some(e) => (e, "git config user.email"),
            None => bail!(
                "who is acting? pass --as USER (or set DRIFTLESS_USER); add users with `driftless user add`"
            ),
        },
    };
    if let Some(user) = store.user_by_identity(&who).await? {
        return Ok(user);
    }
    bail!(
        "no user `{who}` (from {from}) in the store: act as a registered user with --as USER (or DRIFTLESS_USER), or add one with `driftless user add NAME --email E --role ROLE`"
    )
}

/// The workspace of a workflow command: store, data folder, actor, now, forge tokens.
///
/// # Errors
/// As [`open`], [`actor`] and [`now`].
pub async fn workspace(args: &StoreArgs) -> anyhow::Result<Workspace> {
    let store = open(args).await?;
    let actor = actor(store.as_ref(), args).await?;
    Ok(Workspace {
        store,
        data_dir: data_dir(args),
        actor,
        now: now()?,
    })
}

/// Writes rows as an aligned table with a header; the last column is not padded.
///
/// # Errors
/// When `out` cannot be written.
pub fn write_table(
    out: &mut dyn std::io::Write,
    header: &[&str],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let mut line = |cells: Vec<&str>| -> std::io::Result<()> {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                let _ = write!(text, "{cell:<w$}  ", w = widths[i]);
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(header.to_vec())?;
    for row in rows {
        line(row.iter().map(String::as_str).collect())?;
    }
    Ok(())
}

/// Writes `value` as pretty JSON and a newline.
///
/// # Errors
/// When `out` cannot be written.
pub fn write_json(
    out: &mut dyn std::io::Write,
    value: &impl serde::Serialize,
) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}
