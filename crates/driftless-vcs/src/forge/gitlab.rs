//! GitLab merge requests, REST API v4.
//!
//! The project is addressed by its URL-encoded path (`group%2Fsubgroup%2Fproject`), which the
//! API accepts wherever it takes `:id`. Endpoints
//! (<https://docs.gitlab.com/api/merge_requests/>):
//! - "List project merge requests": `GET /projects/:id/merge_requests?source_branch=..&state=opened`
//! - "Create MR": `POST /projects/:id/merge_requests` with `source_branch`, `target_branch`,
//!   `title`, `description`; 201, or 409 "Another open merge request already exists for this
//!   source branch"
//! - "Update MR": `PUT /projects/:id/merge_requests/:merge_request_iid` with `title`,
//!   `description`
//! - "Get single MR": `GET /projects/:id/merge_requests/:merge_request_iid`; `state` is
//!   `opened`, `closed`, `locked` or `merged`, with `merge_commit_sha` (or
//!   `squash_commit_sha`) once merged.
//!
//! Header: `PRIVATE-TOKEN: <token>` (a personal, project or group access token).

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::http::{Api, PullRequests, secret_header};
use super::{Forge, ForgeError, ForgeKind, NewPullRequest, PullRequest, PullRequestState, Token};

/// A GitLab project's merge requests.
#[derive(Debug)]
pub struct GitLab {
    merge_requests: PullRequests<MergeRequest>,
    repository: String,
}

impl GitLab {
    /// A client for project `repository` (`group/name`, `group/subgroup/name`, ...) through
    /// the API at `api_url`: `https://gitlab.com/api/v4` or `https://<host>/api/v4`.
    ///
    /// # Errors
    /// [`ForgeError::InvalidApiUrl`], [`ForgeError::InvalidRepository`],
    /// [`ForgeError::InvalidToken`] or [`ForgeError::Client`].
    pub fn new(api_url: &str, repository: &str, token: &Token) -> Result<GitLab, ForgeError> {
        let repository = repository.trim_matches('/');
        let repository = repository.strip_suffix(".git").unwrap_or(repository);
        if !repository.contains('/') || repository.split('/').any(str::is_empty) {
            return Err(ForgeError::InvalidRepository {
                repository: repository.to_owned(),
                expected: "group/name or group/subgroup/name",
            });
        }
        let headers = [secret_header(
            ForgeKind::GitLab,
            "private-token",
            "",
            token,
        )?];
        let api = Api::new(api_url, headers)?;
        Ok(GitLab {
            merge_requests: PullRequests::new(api, &["projects", repository, "merge_requests"]),
            repository: repository.to_owned(),
        })
    }
}

/// The fields of GitLab's merge request object that driftless reads.
#[derive(Debug, Deserialize)]
struct MergeRequest {
    iid: u64,
    web_url: String,
    title: String,
    description: Option<String>,
    state: State,
    #[serde(default)]
    merge_commit_sha: Option<String>,
    #[serde(default)]
    squash_commit_sha: Option<String>,
    source_branch: String,
    target_branch: String,
    #[serde(default)]
    source_project_id: Option<u64>,
    #[serde(default)]
    target_project_id: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum State {
    Opened,
    Closed,
    Locked,
    Merged,
}

impl MergeRequest {
    /// Whether the source branch lives in the project itself (not in a fork).
    fn in_same_project(&self) -> bool {
        match (self.source_project_id, self.target_project_id) {
            (Some(source), Some(target)) => source == target,
            _ => true,
        }
    }
}

impl From<MergeRequest> for PullRequest {
    fn from(mr: MergeRequest) -> PullRequest {
        PullRequest {
            number: mr.iid,
            url: mr.web_url,
            title: mr.title,
            body: mr.description.unwrap_or_default(),
            head: mr.source_branch,
            base: mr.target_branch,
            state: match mr.state {
                State::Opened => PullRequestState::Open,
                State::Closed | State::Locked => PullRequestState::Closed,
                State::Merged => PullRequestState::Merged {
                    merge_commit: mr.merge_commit_sha.or(mr.squash_commit_sha),
                },
            },
        }
    }
}

#[derive(Serialize)]
struct Edit<'a> {
    title: &'a str,
    description: &'a str,
}

#[async_trait::async_trait]
impl Forge for GitLab {
    fn kind(&self) -> ForgeKind {
        ForgeKind::GitLab
    }

    fn repository(&self) -> &str {
        &self.repository
    }

    async fn find_open_pull_request(&self, head: &str) -> Result<Option<PullRequest>, ForgeError> {
        let query = [
            ("source_branch", head),
            ("state", "opened"),
            ("per_page", "100"),
        ];
        let merge_requests = self.merge_requests.list(&query).await?;
        Ok(merge_requests
            .into_iter()
            .filter(|mr| mr.source_branch == head && mr.in_same_project())
            .max_by_key(|mr| mr.iid)
            .map(PullRequest::from))
    }

    async fn create_pull_request(&self, new: &NewPullRequest) -> Result<PullRequest, ForgeError> {
        #[derive(Serialize)]
        struct Create<'a> {
            source_branch: &'a str,
            target_branch: &'a str,
            title: &'a str,
            description: &'a str,
        }
        let body = Create {
            source_branch: &new.head,
            target_branch: &new.base,
            title: &new.title,
            description: &new.body,
        };
        self.merge_requests.create(&body).await
    }

    async fn update_pull_request(
        &self,
        number: u64,
        title: &str,
        body: &str,
    ) -> Result<PullRequest, ForgeError> {
        let edit = Edit {
            title,
            description: body,
        };
        self.merge_requests.edit(Method::PUT, number, &edit).await
    }

    async fn pull_request(&self, number: u64) -> Result<PullRequest, ForgeError> {
        self.merge_requests.get(number).await
    }
}
