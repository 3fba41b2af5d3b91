//! Gitea and Forgejo pull requests, REST API v1.
//!
//! Endpoints (the instance's own `/api/swagger`; <https://gitea.com/api/swagger>):
//! - `repoListPullRequests`: `GET /repos/{owner}/{repo}/pulls?state=open&page=..&limit=..`.
//!   It has no head-branch filter, so driftless pages through the open pull requests (at most
//!   [`MAX_PAGES`] pages of [`PAGE_SIZE`]) and keeps those whose `head.ref` is the branch.
//! - `repoCreatePullRequest`: `POST /repos/{owner}/{repo}/pulls` with `title`, `body`, `head`,
//!   `base`; 201, or 409 "pull request already exists for these targets".
//! - `repoEditPullRequest`: `PATCH /repos/{owner}/{repo}/pulls/{index}` with `title`, `body`
//!   (201).
//! - `repoGetPullRequest`: `GET /repos/{owner}/{repo}/pulls/{index}`, with `merged` and
//!   `merge_commit_sha`.
//!
//! Header: `Authorization: token <token>`.

use reqwest::Method;
use serde::Deserialize;

// Gitea's create and edit bodies are GitHub's: `title`, `body`, `head`, `base`.
use super::github::{Create, Edit};
use super::http::{Api, PullRequests, secret_header};
use super::{
    Forge, ForgeError, ForgeKind, NewPullRequest, PullRequest, PullRequestState, Token,
    owner_and_name,
};

/// Pull requests asked for per page when looking for a branch's open pull request (Gitea's
/// default maximum page size is 50).
const PAGE_SIZE: usize = 50;
/// Pages read at most when looking for a branch's open pull request.
const MAX_PAGES: usize = 20;

/// A Gitea or Forgejo repository's pull requests.
#[derive(Debug)]
pub struct Gitea {
    pulls: PullRequests<Pull>,
    repository: String,
}

impl Gitea {
    /// A client for `repository` (`owner/name`) through the API at `api_url`
    /// (`https://<host>/api/v1`).
    ///
    /// # Errors
    /// [`ForgeError::InvalidApiUrl`], [`ForgeError::InvalidRepository`],
    /// [`ForgeError::InvalidToken`] or [`ForgeError::Client`].
    pub fn new(api_url: &str, repository: &str, token: &Token) -> Result<Gitea, ForgeError> {
        let (owner, name) = owner_and_name(repository)?;
        let headers = [secret_header(
            ForgeKind::Gitea,
            "authorization",
            "token ",
            token,
        )?];
        let api = Api::new(api_url, headers)?;
        Ok(Gitea {
            pulls: PullRequests::new(api, &["repos", &owner, &name, "pulls"]),
            repository: repository.to_owned(),
        })
    }
}

/// The fields of Gitea's `PullRequest` object that driftless reads.
#[derive(Debug, Deserialize)]
struct Pull {
    number: u64,
    html_url: String,
    title: String,
    body: Option<String>,
    state: State,
    #[serde(default)]
    merged: bool,
    #[serde(default)]
    merge_commit_sha: Option<String>,
    head: Branch,
    base: Branch,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum State {
    Open,
    Closed,
}

#[derive(Debug, Deserialize)]
struct Branch {
    #[serde(rename = "ref")]
    name: String,
    #[serde(default)]
    repo_id: Option<u64>,
}

impl Pull {
    /// Whether the head branch lives in the repository itself (not in a fork).
    fn in_same_repository(&self) -> bool {
        match (self.head.repo_id, self.base.repo_id) {
            (Some(head), Some(base)) => head == base,
            _ => true,
        }
    }
}

impl From<Pull> for PullRequest {
    fn from(pull: Pull) -> PullRequest {
        PullRequest {
            number: pull.number,
            url: pull.html_url,
            title: pull.title,
            body: pull.body.unwrap_or_default(),
            head: pull.head.name,
            base: pull.base.name,
            state: match pull.state {
                _ if pull.merged => PullRequestState::Merged {
                    merge_commit: pull.merge_commit_sha,
                },
                State::Open => PullRequestState::Open,
                State::Closed => PullRequestState::Closed,
            },
        }
    }
}

#[async_trait::async_trait]
impl Forge for Gitea {
    fn kind(&self) -> ForgeKind {
        ForgeKind::Gitea
    }

    fn repository(&self) -> &str {
        &self.repository
    }

    async fn find_open_pull_request(&self, head: &str) -> Result<Option<PullRequest>, ForgeError> {
        let mut found: Option<Pull> = None;
        let limit = PAGE_SIZE.to_string();
        for page in 1..=MAX_PAGES {
            let page = page.to_string();
            let query = [("state", "open"), ("page", &page), ("limit", &limit)];
            let pulls = self.pulls.list(&query).await?;
            let last_page = pulls.len() < PAGE_SIZE;
            for pull in pulls {
                if pull.head.name == head
                    && pull.in_same_repository()
                    && found.as_ref().is_none_or(|best| pull.number > best.number)
                {
                    found = Some(pull);
                }
            }
            if last_page {
                break;
            }
        }
        Ok(found.map(PullRequest::from))
    }

    async fn create_pull_request(&self, new: &NewPullRequest) -> Result<PullRequest, ForgeError> {
        self.pulls.create(&Create::from(new)).await
    }

    async fn update_pull_request(
        &self,
        number: u64,
        title: &str,
        body: &str,
    ) -> Result<PullRequest, ForgeError> {
        self.pulls
            .edit(Method::PATCH, number, &Edit { title, body })
            .await
    }

    async fn pull_request(&self, number: u64) -> Result<PullRequest, ForgeError> {
        self.pulls.get(number).await
    }
}
