//! `driftless user`, `repo`, `exception` and `violation`: the store's people, repositories,
//! exceptions and violations.

use super::store::{actor, block_on, open, workspace, write_json, write_table};
use crate::ExitStatus;
use crate::args::{
    ExceptionArgs, ExceptionCommand, ListFormat, RepoArgs, RepoCommand, UserArgs, UserCommand,
    ViolationArgs, ViolationCommand, ViolationListArgs,
};
use anyhow::{Context as _, bail};
use driftless_campaign::exception::{self, ExceptionPolicy};
use driftless_campaign::{
    AuditQuery, ExceptionQuery, ExceptionState, NewRepository, NewUser, Role, ViolationQuery,
    ViolationStatus,
};
use driftless_diagnostics::Severity;
use std::io::Write as _;

/// Runs a `user` subcommand.
///
/// # Errors
/// When the store fails or the actor may not add users.
pub fn user(args: &UserArgs) -> anyhow::Result<ExitStatus> {
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

/// The `owner/name` path of a forge URL: `https://github.com/acme/infra.git` and
/// `git@github.com:acme/infra.git` give `acme/infra`.
fn slug_of(url: &str) -> Option<String> {
    let rest = if let Some((_, r)) = url.split_once("://") {
        r.split_once('/')?.1
    } else if let Some((host, r)) = url.split_once(':') {
        if host.contains('/') {
            return None;
        }
        r
    } else {
        return None;
    };
    let slug = rest.trim_end_matches('/').trim_end_matches(".git");
    slug.contains('/').then(|| slug.to_owned())
}

/// Runs a `repo` subcommand.
///
/// # Errors
/// When the store fails or the actor may not register repositories.
pub fn repo(args: &RepoArgs) -> anyhow::Result<ExitStatus> {
    block_on(async {
        let ws = workspace(&args.store).await?;
        let mut out = std::io::stdout().lock();
        match &args.command {
            RepoCommand::Add {
                name,
                url,
                branch,
                forge,
                api_url,
                slug,
            } => {
                ws.require_campaign_role("register repositories")?;
                let kind: driftless_vcs::forge::ForgeKind = forge.parse().map_err(|_| {
                    anyhow::anyhow!("--forge {forge}: expected github, gitlab, gitea or push-only")
                })?;
                if name.is_empty()
                    || !name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                    || name.starts_with('.')
                {
                    bail!("repository name `{name}`: expected letters, digits, `-`, `_` and `.`");
                }
                // A local path is stored absolute, so commands work from any folder.
                let url = match std::path::Path::new(url).canonicalize() {
                    Ok(p) if !url.contains("://") => p.display().to_string(),
                    _ => url.clone(),
                };
                // Fetch it now into driftless's mirror: a wrong URL fails here, not at the
                // first sync, and the first sync starts warm.
                let mirror_dir = ws.data_dir.join("repos").join(format!("{name}.git"));
                let mirror = driftless_vcs::git::Mirror::open_or_clone(mirror_dir, &url)
                    .with_context(|| format!("cannot fetch {url}"))?;
                mirror
                    .fetch()
                    .with_context(|| format!("cannot fetch {url}"))?;
                if branch.is_none() {
                    mirror.default_branch().with_context(|| {
                        format!(
                            "{url} has no default branch yet: push a first commit, or pass --branch"
                        )
                    })?;
                }
                let repo = ws
                    .store
                    .upsert_repository(
                        &NewRepository {
                            name: name.clone(),
                            slug: slug.clone().or_else(|| slug_of(&url)),
                            url,
                            default_branch: branch.clone(),
                            forge: kind.to_string(),
                            api_url: api_url.clone(),
                        },
                        &ws.actor.name,
                    )
                    .await?;
                writeln!(
                    out,
                    "registered {} ({}, {})",
                    repo.name, repo.url, repo.forge
                )?;
            }
            RepoCommand::List { format } => {
                let repos = ws.store.repositories().await?;
                if *format == ListFormat::Json {
                    write_json(&mut out, &repos)?;
                } else {
                    let rows: Vec<Vec<String>> = repos
                        .iter()
                        .map(|r| {
                            vec![
                                r.name.clone(),
                                r.forge.clone(),
                                r.default_branch.clone().unwrap_or_else(|| "(HEAD)".into()),
                                r.url.clone(),
                            ]
                        })
                        .collect();
                    write_table(&mut out, &["name", "forge", "branch", "url"], &rows)?;
                }
            }
        }
        Ok(ExitStatus::Clean)
    })
}

/// Runs an `exception` subcommand.
///
/// # Errors
/// When the store fails or the actor may not act.
pub fn exception(args: &ExceptionArgs) -> anyhow::Result<ExitStatus> {
    block_on(async {
        let ws = workspace(&args.store).await?;
        let mut out = std::io::stdout().lock();
        let policy = exception_policy()?;
        match &args.command {
            ExceptionCommand::Request {
                violation,
                reason,
                expires,
            } => {
                let expires = expires
                    .as_deref()
                    .map(|t| {
                        exception::end_of_day(t).map_err(|e| anyhow::anyhow!("--expires {t}: {e}"))
                    })
                    .transpose()?;
                let e = exception::request(
                    ws.store.as_ref(),
                    &ws.actor,
                    *violation,
                    reason,
                    expires,
                    policy,
                    ws.now,
                )
                .await?;
                writeln!(
                    out,
                    "requested exception {} for violation {} until {}: a security user approves it with `driftless exception approve {}`",
                    e.id,
                    e.violation_id,
                    e.expires_at.date(),
                    e.id
                )?;
            }
            ExceptionCommand::Approve { id, note } | ExceptionCommand::Deny { id, note } => {
                let approve = matches!(args.command, ExceptionCommand::Approve { .. });
                let e = exception::decide(
                    ws.store.as_ref(),
                    &ws.actor,
                    *id,
                    approve,
                    note.as_deref(),
                    ws.now,
                )
                .await?;
                writeln!(
                    out,
                    "exception {} {} (violation {}, until {})",
                    e.id,
                    e.state,
                    e.violation_id,
                    e.expires_at.date()
                )?;
            }
            ExceptionCommand::List {
                campaign,
                state,
                format,
            } => {
                let campaign_id = match campaign {
                    Some(name) => Some(ws.store.campaign(name).await?.id),
                    None => None,
                };
                let states = state
                    .iter()
                    .map(|s| s.parse::<ExceptionState>())
                    .collect::<Result<Vec<_>, _>>()?;
                let list = ws
                    .store
                    .exceptions(&ExceptionQuery {
                        campaign_id,
                        violation_id: None,
                        states,
                    })
                    .await?;
                if *format == ListFormat::Json {
                    write_json(&mut out, &list)?;
                } else {
                    let rows: Vec<Vec<String>> = list
                        .iter()
                        .map(|e| {
                            vec![
                                e.id.to_string(),
                                e.state.to_string(),
                                e.violation_id.to_string(),
                                e.requester.clone(),
                                e.approver.clone().unwrap_or_default(),
                                e.expires_at.date().to_string(),
                                e.reason.clone(),
                            ]
                        })
                        .collect();
                    write_table(
                        &mut out,
                        &[
                            "id",
                            "state",
                            "violation",
                            "requester",
                            "approver",
                            "expires",
                            "reason",
                        ],
                        &rows,
                    )?;
                }
            }
        }
        Ok(ExitStatus::Clean)
    })
}

/// The exception policy: `[exceptions]` of `driftless.toml` in the working directory.
pub(crate) fn exception_policy() -> anyhow::Result<ExceptionPolicy> {
    let config = crate::config::Config::load(std::path::Path::new("."))?;
    let mut policy = ExceptionPolicy::default();
    if let Some(e) = &config.exceptions {
        if let Some(d) = e.default_days {
            policy.default_days = d;
        }
        if let Some(m) = e.max_days {
            policy.max_days = m;
        }
    }
    if policy.default_days > policy.max_days {
        bail!(
            "driftless.toml: [exceptions] default-days ({}) exceeds max-days ({})",
            policy.default_days,
            policy.max_days
        );
    }
    Ok(policy)
}

/// Runs a `violation` subcommand.
///
/// # Errors
/// When the store fails or the actor may not act.
pub fn violation(args: &ViolationArgs) -> anyhow::Result<ExitStatus> {
    block_on(async {
        let ws = workspace(&args.store).await?;
        let mut out = std::io::stdout().lock();
        match &args.command {
            ViolationCommand::List(a) => list(&ws, a, &mut out).await?,
            ViolationCommand::Show { id } => {
                let v = ws.store.violation(*id).await?;
                let repo = ws.store.repository_by_id(v.repository_id).await?;
                writeln!(out, "violation {} ({}): {}", v.id, v.status, v.message)?;
                writeln!(out, "  rule: {} ({})", v.rule_id, v.severity)?;
                writeln!(out, "  resource: {} in {}", v.address, repo.name)?;
                writeln!(out, "  at: {}:{}-{}", v.path, v.start_line, v.end_line)?;
                for c in &v.call_chain {
                    writeln!(out, "  via: {c}")?;
                }
                writeln!(
                    out,
                    "  owner: {} ({})",
                    v.owner.as_deref().unwrap_or("(unowned)"),
                    v.owner_source.map_or("-", |s| s.as_str())
                )?;
                if let Some(d) = v.due_date {
                    writeln!(out, "  due: {d}")?;
                }
                if let Some(s) = &v.suppression {
                    writeln!(out, "  self-suppressed: {s}")?;
                }
                writeln!(out, "  scanned: {}", v.scanned_commit)?;
                if let Some(c) = &v.fixed_commit {
                    writeln!(out, "  fixed by: {c}")?;
                }
                if let Some(a) = &v.fix_applicability {
                    writeln!(
                        out,
                        "  fix ({a}): {}",
                        v.impact_note.as_deref().unwrap_or("")
                    )?;
                }
                if let Some(r) = &v.recommendation {
                    writeln!(out, "  recommendation: {r}")?;
                }
                if let Some(d) = &v.fix_diff {
                    write!(out, "{d}")?;
                }
                let history = ws
                    .store
                    .audit(&AuditQuery {
                        campaign_id: None,
                        subject: Some(format!("violation:{}", v.id)),
                        limit: 50,
                    })
                    .await?;
                for h in history.iter().rev() {
                    writeln!(
                        out,
                        "  {} {} {} {}",
                        h.at.date(),
                        h.actor,
                        h.action,
                        h.detail
                    )?;
                }
            }
            ViolationCommand::Assign { id, owner } => {
                if !ws.actor.role.can_act_on_violations() {
                    bail!(
                        "{} ({}) may not reassign violations",
                        ws.actor.name,
                        ws.actor.role
                    );
                }
                let owner = driftless_campaign::check_owner(owner).map_err(anyhow::Error::msg)?;
                let v = ws.store.assign(*id, owner, &ws.actor.name).await?;
                writeln!(out, "violation {} assigned to {owner}", v.id)?;
            }
        }
        Ok(ExitStatus::Clean)
    })
}

async fn list(
    ws: &driftless_campaign::workflow::Workspace,
    a: &ViolationListArgs,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    let campaign_id = match &a.campaign {
        Some(name) => Some(ws.store.campaign(name).await?.id),
        None => None,
    };
    let repository_id = match &a.repo {
        Some(name) => Some(ws.store.repository(name).await?.id),
        None => None,
    };
    let mut owners = a.owner.clone();
    if a.mine {
        owners.push(ws.actor.name.clone());
        owners.push(ws.actor.email.clone());
        owners.extend(ws.actor.git_identities.iter().cloned());
    }
    let query = ViolationQuery {
        campaign_id,
        statuses: a
            .status
            .iter()
            .map(|s| s.parse::<ViolationStatus>())
            .collect::<Result<_, _>>()?,
        severities: a
            .severity
            .iter()
            .map(|s| s.parse::<Severity>().map_err(anyhow::Error::msg))
            .collect::<Result<_, _>>()?,
        owners,
        repository_id,
        rule_id: a.rule.clone(),
        limit: a.limit,
        ..ViolationQuery::default()
    };
    let page = ws.store.violations(&query).await?;
    if a.format == ListFormat::Json {
        return write_json(out, &page);
    }
    // Without --campaign, the same resource can appear once per campaign: name it.
    let campaigns: std::collections::BTreeMap<i64, String> = if a.campaign.is_none() {
        ws.store
            .campaigns()
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect()
    } else {
        std::collections::BTreeMap::new()
    };
    let rows: Vec<Vec<String>> = page
        .items
        .iter()
        .map(|v| {
            let mut row = vec![v.id.to_string()];
            if a.campaign.is_none() {
                row.push(campaigns.get(&v.campaign_id).cloned().unwrap_or_default());
            }
            row.extend([
                v.status.to_string(),
                v.severity.to_string(),
                v.rule_id.to_string(),
                format!("{}:{}", v.path, v.start_line),
                v.owner.clone().unwrap_or_default(),
                v.due_date.map(|d| d.to_string()).unwrap_or_default(),
                v.address.to_string(),
            ]);
            row
        })
        .collect();
    let mut header = vec!["id"];
    if a.campaign.is_none() {
        header.push("campaign");
    }
    header.extend([
        "status", "severity", "rule", "location", "owner", "due", "resource",
    ]);
    write_table(out, &header, &rows)?;
    if a.mine && rows.is_empty() {
        let mut ids = vec![ws.actor.name.clone(), ws.actor.email.clone()];
        ids.extend(ws.actor.git_identities.iter().cloned());
        writeln!(
            out,
            "no violation is owned by {} (owners are matched against: {}); CODEOWNERS handles such as @org/team count once they are among the user's identities (`user add ... --identity @org/team`)",
            ws.actor.name,
            ids.join(", ")
        )?;
    }
    if page.next.is_some() {
        writeln!(out, "(more: raise --limit)")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::slug_of;

    #[test]
    fn slugs_from_forge_urls() {
        assert_eq!(
            slug_of("https://github.com/acme/infra.git").as_deref(),
            Some("acme/infra")
        );
        assert_eq!(
            slug_of("git@gitlab.com:grp/sub/infra.git").as_deref(),
            Some("grp/sub/infra")
        );
        assert_eq!(slug_of("/srv/git/infra.git"), None);
        assert_eq!(
            slug_of("file:///srv/git/infra.git").as_deref(),
            Some("srv/git/infra")
        );
    }
}
