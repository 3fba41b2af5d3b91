//! `driftless repo`: the repositories campaigns scan, with their forge.

use super::store::{block_on, workspace, write_json, write_table};
use crate::ExitStatus;
use crate::args::{ListFormat, RepoArgs, RepoCommand};
use anyhow::{Context as _, bail};
use driftless_campaign::NewRepository;
use std::io::Write as _;

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
pub fn run(args: &RepoArgs) -> anyhow::Result<ExitStatus> {
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
