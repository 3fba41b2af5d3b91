//! Repositories campaigns scan.

use super::codec::now;
use super::db::{Exec, Pool, Query, Row};
use super::log::Log;
use super::{StoreError, StoreResult};
use crate::model::{Id, NewRepository, Repository};
use serde_json::json;

const INSERT_REPOSITORY: &str = "INSERT INTO repositories (name, url, default_branch, forge, \
     api_url, slug, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
const UPDATE_REPOSITORY: &str = "UPDATE repositories SET url = $2, default_branch = $3, \
     forge = $4, api_url = $5, slug = $6 WHERE id = $1";
/// The columns [`repository_from_row`] reads (filters and order appended).
const SELECT_REPOSITORIES: &str = "SELECT id, name, url, default_branch, forge, api_url, slug, \
     created_at FROM repositories";

fn repository_from_row(row: &Row) -> StoreResult<Repository> {
    Ok(Repository {
        id: row.get("id")?,
        name: row.get("name")?,
        url: row.get("url")?,
        default_branch: row.get("default_branch")?,
        forge: row.get("forge")?,
        api_url: row.get("api_url")?,
        slug: row.get("slug")?,
        created_at: row.time("created_at")?,
    })
}

/// [`Store::upsert_repository`](super::Store::upsert_repository).
pub(super) async fn upsert(
    db: &Pool,
    repo: &NewRepository,
    actor: &str,
) -> StoreResult<Repository> {
    let log = Log { actor, at: now() };
    let mut tx = db.begin_write().await?;
    let existing = find_by_name(&mut tx, &repo.name).await?;
    let detail = json!({
        "url": repo.url, "default_branch": repo.default_branch, "forge": repo.forge,
        "api_url": repo.api_url, "slug": repo.slug,
    });
    let subject = format!("repository:{}", repo.name);
    let stored = if let Some(old) = existing {
        let new = Repository {
            url: repo.url.clone(),
            default_branch: repo.default_branch.clone(),
            forge: repo.forge.clone(),
            api_url: repo.api_url.clone(),
            slug: repo.slug.clone(),
            ..old.clone()
        };
        if new != old {
            let q = Query::new(UPDATE_REPOSITORY).bind(new.id);
            bind_settings(q, repo).execute(&mut tx).await?;
            log.append(&mut tx, "repository.update", None, &subject, detail)
                .await?;
        }
        new
    } else {
        let q = Query::new(INSERT_REPOSITORY).bind(&repo.name);
        let row = bind_settings(q, repo)
            .bind(log.at)
            .fetch_one(&mut tx)
            .await
            .map_err(|e| {
                e.conflict_if_unique(|| {
                    format!("a repository named `{}` already exists", repo.name)
                })
            })?;
        log.append(&mut tx, "repository.add", None, &subject, detail)
            .await?;
        Repository {
            id: row.get("id")?,
            name: repo.name.clone(),
            url: repo.url.clone(),
            default_branch: repo.default_branch.clone(),
            forge: repo.forge.clone(),
            api_url: repo.api_url.clone(),
            slug: repo.slug.clone(),
            created_at: log.at,
        }
    };
    tx.commit().await?;
    Ok(stored)
}

/// Binds what a registration sets: url, default branch, forge, API URL and slug.
fn bind_settings(q: Query, repo: &NewRepository) -> Query {
    q.bind(&repo.url)
        .bind(&repo.default_branch)
        .bind(&repo.forge)
        .bind(&repo.api_url)
        .bind(&repo.slug)
}

/// The repository named `name`, if there is one.
async fn find_by_name<'c>(on: impl Into<Exec<'c>>, name: &str) -> StoreResult<Option<Repository>> {
    let q = Query::new(&format!("{SELECT_REPOSITORIES} WHERE name = $1")).bind(name);
    q.fetch_optional(on)
        .await?
        .map(|row| repository_from_row(&row))
        .transpose()
}

/// [`Store::repository`](super::Store::repository).
pub(super) async fn by_name(db: &Pool, name: &str) -> StoreResult<Repository> {
    find_by_name(&mut db.acquire().await?, name)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            what: format!("repository `{name}`"),
        })
}

/// The repository with row id `id` ([`Store::repository_by_id`](super::Store::repository_by_id)).
pub(super) async fn by_id<'c>(on: impl Into<Exec<'c>>, id: Id) -> StoreResult<Repository> {
    let q = Query::new(&format!("{SELECT_REPOSITORIES} WHERE id = $1")).bind(id);
    q.one(on, || format!("repository {id}"), repository_from_row)
        .await
}

/// [`Store::repositories`](super::Store::repositories).
pub(super) async fn all(db: &Pool) -> StoreResult<Vec<Repository>> {
    let q = Query::new(&format!("{SELECT_REPOSITORIES} ORDER BY name"));
    q.all(&mut db.acquire().await?, repository_from_row).await
}
