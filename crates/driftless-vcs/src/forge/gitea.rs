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
use serde::{Deserialize, Serialize};

use super::http::{Api, secret_header};
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
    api: Api,
    repository: String,
    owner: String,
    name: String,
}

impl Gitea {
    /// A client for `repository` (`owner/name`) through the API at `api_url`
    /// (`https://<host>/api/v1`).
    ///
    /// # Errors
    /// [`ForgeError::InvalidApiUrl`], [`ForgeError::InvalidRepository`],
    /// [`ForgeError::InvalidToken`] or [`ForgeError::Client`].
    pub fn new(api_url: &str, repository: &str, token: Token) -> Result<Gitea, ForgeError> {
        let (owner, name) = owner_and_name(repository)?;
        let headers = [secret_header(
            ForgeKind::Gitea,
            "authorization",
            "token ",
            &token,
        )?];
        Ok(Gitea {
            api: Api::new(api_url, headers)?,
            repository: repository.to_owned(),
            owner,
            name,
        })
    }

    fn pulls_url(&self, index: Option<u64>) -> reqwest::Url {
        let index = index.map(|index| index.to_string());
        let mut segments = vec!["repos", &self.owner, &self.name, "pulls"];
        segments.extend(index.as_deref());
        self.api.url(&segments)
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

#[derive(Serialize)]
struct Edit<'a> {
    title: &'a str,
    body: &'a str,
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
        for page in 1..=MAX_PAGES {
            let mut url = self.pulls_url(None);
            url.query_pairs_mut()
                .append_pair("state", "open")
                .append_pair("page", &page.to_string())
                .append_pair("limit", &PAGE_SIZE.to_string());
            let pulls: Vec<Pull> = self.api.get(url).await?;
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
        #[derive(Serialize)]
        struct Create<'a> {
            title: &'a str,
            body: &'a str,
            head: &'a str,
            base: &'a str,
        }
        let body = Create {
            title: &new.title,
            body: &new.body,
            head: &new.head,
            base: &new.base,
        };
        let pull: Pull = self
            .api
            .send(Method::POST, self.pulls_url(None), Some(&body))
            .await?;
        Ok(pull.into())
    }

    async fn update_pull_request(
        &self,
        number: u64,
        title: &str,
        body: &str,
    ) -> Result<PullRequest, ForgeError> {
        let pull: Pull = self
            .api
            .send(
                Method::PATCH,
                self.pulls_url(Some(number)),
                Some(&Edit { title, body }),
            )
            .await?;
        Ok(pull.into())
    }

    async fn pull_request(&self, number: u64) -> Result<PullRequest, ForgeError> {
        let pull: Pull = self.api.get(self.pulls_url(Some(number))).await?;
        Ok(pull.into())
    }
}
