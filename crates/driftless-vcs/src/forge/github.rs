//! GitHub and GitHub Enterprise Server, REST API version 2022-11-28.
//!
//! Endpoints (<https://docs.github.com/en/rest/pulls/pulls>):
//! - "List pull requests": `GET /repos/{owner}/{repo}/pulls?head={owner}:{branch}&state=open`
//! - "Create a pull request": `POST /repos/{owner}/{repo}/pulls` with `title`, `body`, `head`,
//!   `base`; 201, or 422 "A pull request already exists for {owner}:{branch}."
//! - "Update a pull request": `PATCH /repos/{owner}/{repo}/pulls/{pull_number}` with `title`,
//!   `body`
//! - "Get a pull request": `GET /repos/{owner}/{repo}/pulls/{pull_number}`, whose `merged`
//!   and `merge_commit_sha` tell whether and how it was merged.
//!
//! Headers: `Authorization: Bearer <token>`, `Accept: application/vnd.github+json`,
//! `X-GitHub-Api-Version: 2022-11-28`, and a `User-Agent`, which GitHub requires.

use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use serde::{Deserialize, Serialize};

use super::http::{Api, PullRequests, secret_header};
use super::{
    Forge, ForgeError, ForgeKind, NewPullRequest, PullRequest, PullRequestState, Token,
    owner_and_name,
};

/// A GitHub repository's pull requests.
#[derive(Debug)]
pub struct GitHub {
    pulls: PullRequests<Pull>,
    repository: String,
    owner: String,
}

impl GitHub {
    /// A client for `repository` (`owner/name`) through the API at `api_url`:
    /// `https://api.github.com`, or `https://<host>/api/v3` for GitHub Enterprise Server.
    ///
    /// # Errors
    /// [`ForgeError::InvalidApiUrl`], [`ForgeError::InvalidRepository`],
    /// [`ForgeError::InvalidToken`] or [`ForgeError::Client`].
    pub fn new(api_url: &str, repository: &str, token: &Token) -> Result<GitHub, ForgeError> {
        let (owner, name) = owner_and_name(repository)?;
        let headers = [
            secret_header(ForgeKind::GitHub, "authorization", "Bearer ", token)?,
            (
                reqwest::header::ACCEPT,
                HeaderValue::from_static("application/vnd.github+json"),
            ),
            (
                HeaderName::from_static("x-github-api-version"),
                HeaderValue::from_static("2022-11-28"),
            ),
        ];
        let api = Api::new(api_url, headers)?;
        Ok(GitHub {
            pulls: PullRequests::new(api, &["repos", &owner, &name, "pulls"]),
            repository: repository.to_owned(),
            owner,
        })
    }
}

/// The fields of GitHub's "pull request" object that driftless reads.
#[derive(Debug, Deserialize)]
struct Pull {
    number: u64,
    html_url: String,
    title: String,
    body: Option<String>,
    state: State,
    /// Only in "Get a pull request"; the list has `merged_at` instead.
    #[serde(default)]
    merged: Option<bool>,
    #[serde(default)]
    merged_at: Option<String>,
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
}

impl From<Pull> for PullRequest {
    fn from(pull: Pull) -> PullRequest {
        let merged = pull.merged.unwrap_or(false) || pull.merged_at.is_some();
        PullRequest {
            number: pull.number,
            url: pull.html_url,
            title: pull.title,
            body: pull.body.unwrap_or_default(),
            head: pull.head.name,
            base: pull.base.name,
            state: match pull.state {
                _ if merged => PullRequestState::Merged {
                    merge_commit: pull.merge_commit_sha,
                },
                State::Open => PullRequestState::Open,
                State::Closed => PullRequestState::Closed,
            },
        }
    }
}

/// The body of "Create a pull request" (Gitea's `repoCreatePullRequest` takes the same).
#[derive(Serialize)]
pub(super) struct Create<'a> {
    title: &'a str,
    body: &'a str,
    head: &'a str,
    base: &'a str,
}

impl<'a> From<&'a NewPullRequest> for Create<'a> {
    fn from(new: &'a NewPullRequest) -> Create<'a> {
        Create {
            title: &new.title,
            body: &new.body,
            head: &new.head,
            base: &new.base,
        }
    }
}

/// The body of "Update a pull request" (Gitea's `repoEditPullRequest` takes the same).
#[derive(Serialize)]
pub(super) struct Edit<'a> {
    pub(super) title: &'a str,
    pub(super) body: &'a str,
}

#[async_trait::async_trait]
impl Forge for GitHub {
    fn kind(&self) -> ForgeKind {
        ForgeKind::GitHub
    }

    fn repository(&self) -> &str {
        &self.repository
    }

    async fn find_open_pull_request(&self, head: &str) -> Result<Option<PullRequest>, ForgeError> {
        let owner_head = format!("{}:{head}", self.owner);
        let query = [
            ("head", owner_head.as_str()),
            ("state", "open"),
            ("per_page", "100"),
        ];
        let pulls = self.pulls.list(&query).await?;
        Ok(pulls
            .into_iter()
            .filter(|pull| pull.head.name == head)
            .max_by_key(|pull| pull.number)
            .map(PullRequest::from))
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
