//! Pull (merge) requests on the forge that hosts a repository.
//!
//! A remediation is a branch driftless pushed plus, on forges with an API, one pull request
//! from that branch. [`Forge`] is the small part of each forge's REST API that driftless
//! needs: find the open pull request of a branch, create one, update its title and body, and
//! read its state. [`Forge::open_or_update`] combines them so that running `propose` again
//! updates the same pull request and never opens a duplicate.
//!
//! Implementations: [`GitHub`] (github.com and GitHub Enterprise Server), [`GitLab`]
//! (merge requests), [`Gitea`] (Gitea and Forgejo). A `push-only` repository has no client:
//! [`connect`] returns `None` for it, and [`push_only::compare_url`] gives the page where a
//! person opens the pull request by hand.
//!
//! Tokens come from `DRIFTLESS_GITHUB_TOKEN`, `DRIFTLESS_GITLAB_TOKEN` and
//! `DRIFTLESS_GITEA_TOKEN` ([`Token::from_env`]). A [`Token`] never appears in `Debug`
//! output, in an error or in a URL: it travels only in a request header.

mod gitea;
mod github;
mod gitlab;
mod http;
pub mod push_only;
mod remote;

use std::fmt;
use std::str::FromStr;

pub use gitea::Gitea;
pub use github::GitHub;
pub use gitlab::GitLab;
pub use remote::RemoteUrl;

/// Which kind of forge hosts a repository. Written `github`, `gitlab`, `gitea` and
/// `push-only` in configuration, on the command line and in serde formats (`forgejo` is read
/// as `gitea`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ForgeKind {
    /// GitHub or GitHub Enterprise Server: REST API v3.
    #[serde(rename = "github")]
    GitHub,
    /// GitLab (gitlab.com or self-managed): REST API v4.
    #[serde(rename = "gitlab")]
    GitLab,
    /// Gitea or Forgejo: REST API v1.
    #[serde(rename = "gitea", alias = "forgejo")]
    Gitea,
    /// No API: driftless pushes the branch and prints a compare URL.
    #[serde(rename = "push-only")]
    PushOnly,
}

impl ForgeKind {
    /// Every kind, in the order they are listed in help texts.
    pub const ALL: [ForgeKind; 4] = [
        ForgeKind::GitHub,
        ForgeKind::GitLab,
        ForgeKind::Gitea,
        ForgeKind::PushOnly,
    ];

    /// The name used in configuration: `github`, `gitlab`, `gitea` or `push-only`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ForgeKind::GitHub => "github",
            ForgeKind::GitLab => "gitlab",
            ForgeKind::Gitea => "gitea",
            ForgeKind::PushOnly => "push-only",
        }
    }

    /// The environment variable the kind's token is read from; `None` for `push-only`.
    #[must_use]
    pub fn token_variable(self) -> Option<&'static str> {
        match self {
            ForgeKind::GitHub => Some("DRIFTLESS_GITHUB_TOKEN"),
            ForgeKind::GitLab => Some("DRIFTLESS_GITLAB_TOKEN"),
            ForgeKind::Gitea => Some("DRIFTLESS_GITEA_TOKEN"),
            ForgeKind::PushOnly => None,
        }
    }

    /// The API base URL used when none is configured: `https://api.github.com` for GitHub,
    /// `https://gitlab.com/api/v4` for GitLab; `None` for Gitea (every instance is
    /// self-hosted) and `push-only`.
    #[must_use]
    pub fn default_api_url(self) -> Option<&'static str> {
        match self {
            ForgeKind::GitHub => Some("https://api.github.com"),
            ForgeKind::GitLab => Some("https://gitlab.com/api/v4"),
            ForgeKind::Gitea | ForgeKind::PushOnly => None,
        }
    }

    /// The API base URL of the forge serving `remote`: `https://api.github.com` for
    /// github.com, `https://<host>/api/v3` for another GitHub (Enterprise Server) host,
    /// `https://<host>/api/v4` for GitLab and `https://<host>/api/v1` for Gitea; `None` for
    /// `push-only`. A guess for when the configuration gives none: hosts that serve the web
    /// pages and the API on different ports or paths need the API URL configured.
    #[must_use]
    pub fn api_url_for(self, remote: &RemoteUrl) -> Option<String> {
        let host = remote.host();
        match self {
            ForgeKind::GitHub if host.eq_ignore_ascii_case("github.com") => {
                Some("https://api.github.com".to_owned())
            }
            ForgeKind::GitHub => Some(format!("https://{host}/api/v3")),
            ForgeKind::GitLab => Some(format!("https://{host}/api/v4")),
            ForgeKind::Gitea => Some(format!("https://{host}/api/v1")),
            ForgeKind::PushOnly => None,
        }
    }
}

impl fmt::Display for ForgeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A forge kind that is not one of `github`, `gitlab`, `gitea` (or `forgejo`), `push-only`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown forge {0:?}: expected github, gitlab, gitea or push-only")]
pub struct UnknownForgeKind(pub String);

impl FromStr for ForgeKind {
    type Err = UnknownForgeKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "github" => Ok(ForgeKind::GitHub),
            "gitlab" => Ok(ForgeKind::GitLab),
            "gitea" | "forgejo" => Ok(ForgeKind::Gitea),
            "push-only" | "push_only" | "none" => Ok(ForgeKind::PushOnly),
            _ => Err(UnknownForgeKind(s.to_owned())),
        }
    }
}

/// An API token. Its `Debug` output is `Token(<redacted>)`, it has no `Display`, and it is
/// only ever sent in a request header.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Token {
        Token(token.into())
    }

    /// Reads the token of `kind` from its environment variable
    /// ([`ForgeKind::token_variable`]); surrounding whitespace is trimmed.
    ///
    /// # Errors
    /// [`ForgeError::MissingToken`] when the variable is unset, empty or not Unicode, or
    /// `kind` is `push-only`.
    pub fn from_env(kind: ForgeKind) -> Result<Token, ForgeError> {
        let missing = || ForgeError::MissingToken { kind };
        let variable = kind.token_variable().ok_or_else(missing)?;
        match std::env::var(variable) {
            Ok(value) if !value.trim().is_empty() => Ok(Token(value.trim().to_owned())),
            _ => Err(missing()),
        }
    }

    pub(crate) fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// Errors from a forge client. None of them carries the token; URLs are API URLs, which
/// never contain it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ForgeError {
    /// The forge answered with an error status.
    #[error("{method} {url}: HTTP {status}: {message}")]
    Status {
        /// `GET`, `POST`, `PATCH` or `PUT`.
        method: &'static str,
        /// The request URL.
        url: String,
        /// The HTTP status code, e.g. 401, 404, 409, 422.
        status: u16,
        /// The forge's own explanation (its JSON `message`, GitHub's `errors[].message`,
        /// GitLab's `error`), else the start of the response body.
        message: String,
    },
    /// The forge could not be reached: DNS, connection refused, TLS, or a timeout.
    #[error("{method} {url}: cannot reach the forge")]
    Unreachable {
        /// The request method.
        method: &'static str,
        /// The request URL.
        url: String,
        /// The transport error.
        #[source]
        source: reqwest::Error,
    },
    /// The forge answered 2xx with a body that is not the JSON its API documents.
    #[error("{method} {url}: unexpected response: {message}")]
    UnexpectedResponse {
        /// The request method.
        method: &'static str,
        /// The request URL.
        url: String,
        /// What did not fit, e.g. the JSON decoding error.
        message: String,
    },
    /// No token for a forge that needs one.
    #[error("no {kind} token: set {}", kind.token_variable().unwrap_or("a token"))]
    MissingToken {
        /// The forge kind whose token is missing.
        kind: ForgeKind,
    },
    /// No API URL was given and the kind has no default ([`ForgeKind::default_api_url`]).
    #[error("{kind} needs an API URL (e.g. https://gitea.example.com/api/v1)")]
    MissingApiUrl {
        /// The forge kind.
        kind: ForgeKind,
    },
    /// The API URL is not an absolute `http` or `https` URL.
    #[error("invalid API URL {url:?}: {message}")]
    InvalidApiUrl {
        /// The URL as given.
        url: String,
        /// Why it was refused.
        message: String,
    },
    /// The repository is not `owner/name` (GitHub, Gitea) or `group[/subgroup...]/name`
    /// (GitLab).
    #[error("invalid repository {repository:?}: expected {expected}")]
    InvalidRepository {
        /// The repository as given.
        repository: String,
        /// The expected shape.
        expected: &'static str,
    },
    /// The token cannot be sent in an HTTP header (it contains a newline or another control
    /// character, typically from a file read with its line ending).
    #[error("the {kind} token contains characters that cannot be sent in an HTTP header")]
    InvalidToken {
        /// The forge kind whose token it is.
        kind: ForgeKind,
    },
    /// The HTTP client could not be built (no usable TLS roots, for example).
    #[error("cannot build the HTTP client")]
    Client {
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
}

impl ForgeError {
    /// The HTTP status of a [`ForgeError::Status`].
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        match self {
            ForgeError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// The state of a pull request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PullRequestState {
    /// Open (GitLab: `opened`; a draft counts as open).
    Open,
    /// Closed without merging (GitLab: `closed` or `locked`).
    Closed,
    /// Merged.
    Merged {
        /// The commit the merge produced on the base branch: the merge commit, or the squashed
        /// or rebased commit (GitHub's `merge_commit_sha`, GitLab's `merge_commit_sha` else
        /// `squash_commit_sha`, Gitea's `merge_commit_sha`); `None` when the forge did not
        /// say (a fast-forward merge on GitLab).
        merge_commit: Option<String>,
    },
}

/// A pull request (GitLab: merge request) as driftless sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullRequest {
    /// The number shown to people and used in API paths: GitHub's `number`, GitLab's `iid`,
    /// Gitea's `number` (its index).
    pub number: u64,
    /// The web page of the pull request (`html_url`, GitLab's `web_url`).
    pub url: String,
    /// Its title.
    pub title: String,
    /// Its body (GitLab: description); empty when the forge has none.
    pub body: String,
    /// The head (source) branch name, without `owner:`.
    pub head: String,
    /// The base (target) branch name.
    pub base: String,
    /// Open, closed or merged.
    pub state: PullRequestState,
}

/// What to open: see [`Forge::create_pull_request`] and [`Forge::open_or_update`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPullRequest {
    /// Title.
    pub title: String,
    /// Body, Markdown.
    pub body: String,
    /// The branch with the changes, in the same repository (driftless pushes there).
    pub head: String,
    /// The branch to merge into, usually the default branch.
    pub base: String,
}

/// What [`Forge::open_or_update`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// No pull request was open for the head branch; one was created.
    Created,
    /// One was open; its title or body was changed.
    Updated,
    /// One was open with the same title and body; nothing was sent.
    Unchanged,
}

/// A forge's pull request API (see the module documentation).
///
/// Implementations hold the repository they act on, so the methods take branch names and
/// numbers only. All methods are `async` and need a tokio runtime (reqwest's).
#[async_trait::async_trait]
pub trait Forge: Send + Sync + fmt::Debug {
    /// Which forge this is.
    fn kind(&self) -> ForgeKind;

    /// The repository acted on, as given (`owner/name`, GitLab `group/subgroup/name`).
    fn repository(&self) -> &str;

    /// The open pull request whose head is branch `head` of this repository, if any (the most
    /// recent, should there be several).
    ///
    /// # Errors
    /// Any [`ForgeError`] from the request.
    async fn find_open_pull_request(&self, head: &str) -> Result<Option<PullRequest>, ForgeError>;

    /// Opens a pull request.
    ///
    /// # Errors
    /// [`ForgeError::Status`] with the forge's status and message; when one is already open
    /// for the branch that is 422 on GitHub and 409 on GitLab and Gitea.
    async fn create_pull_request(&self, new: &NewPullRequest) -> Result<PullRequest, ForgeError>;

    /// Replaces the title and body of pull request `number`.
    ///
    /// # Errors
    /// Any [`ForgeError`] from the request (404 when there is no such pull request).
    async fn update_pull_request(
        &self,
        number: u64,
        title: &str,
        body: &str,
    ) -> Result<PullRequest, ForgeError>;

    /// Pull request `number`, with its state (merged, with the merge commit).
    ///
    /// # Errors
    /// Any [`ForgeError`] from the request (404 when there is no such pull request).
    async fn pull_request(&self, number: u64) -> Result<PullRequest, ForgeError>;

    /// Makes sure exactly one pull request is open from `new.head`, with `new`'s title and
    /// body: updates the open one if there is one (its base is left as it is), creates one
    /// otherwise. Should the creation be refused because one was opened meanwhile (422 on
    /// GitHub, 409 elsewhere), that one is found and updated instead.
    ///
    /// # Errors
    /// Any [`ForgeError`] from the requests.
    async fn open_or_update(
        &self,
        new: &NewPullRequest,
    ) -> Result<(PullRequest, Opened), ForgeError> {
        if let Some(open) = self.find_open_pull_request(&new.head).await? {
            return update_if_changed(self, open, new).await;
        }
        match self.create_pull_request(new).await {
            Ok(created) => Ok((created, Opened::Created)),
            Err(error) if matches!(error.status(), Some(409 | 422)) => {
                match self.find_open_pull_request(&new.head).await? {
                    Some(open) => update_if_changed(self, open, new).await,
                    None => Err(error),
                }
            }
            Err(error) => Err(error),
        }
    }
}

async fn update_if_changed<F: Forge + ?Sized>(
    forge: &F,
    open: PullRequest,
    new: &NewPullRequest,
) -> Result<(PullRequest, Opened), ForgeError> {
    if open.title == new.title && open.body == new.body {
        return Ok((open, Opened::Unchanged));
    }
    let updated = forge
        .update_pull_request(open.number, &new.title, &new.body)
        .await?;
    Ok((updated, Opened::Updated))
}

/// The client for a repository: `kind`, the API base URL (`None` for the kind's default, see
/// [`ForgeKind::default_api_url`]), the repository (`owner/name`; GitLab
/// `group/subgroup/name`) and the token (`None` to read it with [`Token::from_env`]).
///
/// Returns `Ok(None)` for [`ForgeKind::PushOnly`], which has no API.
///
/// # Errors
/// [`ForgeError::MissingToken`], [`ForgeError::MissingApiUrl`],
/// [`ForgeError::InvalidApiUrl`], [`ForgeError::InvalidRepository`] or
/// [`ForgeError::Client`].
pub fn connect(
    kind: ForgeKind,
    api_url: Option<&str>,
    repository: &str,
    token: Option<Token>,
) -> Result<Option<Box<dyn Forge>>, ForgeError> {
    if kind == ForgeKind::PushOnly {
        return Ok(None);
    }
    let api_url = api_url
        .or(kind.default_api_url())
        .ok_or(ForgeError::MissingApiUrl { kind })?;
    let token = match token {
        Some(token) => token,
        None => Token::from_env(kind)?,
    };
    Ok(Some(match kind {
        ForgeKind::GitHub => Box::new(GitHub::new(api_url, repository, &token)?),
        ForgeKind::GitLab => Box::new(GitLab::new(api_url, repository, &token)?),
        ForgeKind::Gitea => Box::new(Gitea::new(api_url, repository, &token)?),
        ForgeKind::PushOnly => unreachable!("handled above"),
    }))
}

/// Splits `owner/name` (GitHub, Gitea).
fn owner_and_name(repository: &str) -> Result<(String, String), ForgeError> {
    let invalid = || ForgeError::InvalidRepository {
        repository: repository.to_owned(),
        expected: "owner/name",
    };
    let (owner, name) = repository
        .trim_matches('/')
        .split_once('/')
        .ok_or_else(invalid)?;
    if owner.is_empty() || name.is_empty() || name.contains('/') {
        return Err(invalid());
    }
    Ok((owner.to_owned(), name.trim_end_matches(".git").to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for kind in ForgeKind::ALL {
            assert_eq!(kind.to_string().parse::<ForgeKind>(), Ok(kind));
        }
        assert_eq!("Forgejo".parse::<ForgeKind>(), Ok(ForgeKind::Gitea));
        assert!("bitbucket".parse::<ForgeKind>().is_err());
        for kind in ForgeKind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{kind}\""));
            assert_eq!(serde_json::from_str::<ForgeKind>(&json).unwrap(), kind);
        }
        assert_eq!(
            serde_json::from_str::<ForgeKind>("\"forgejo\"").unwrap(),
            ForgeKind::Gitea
        );
    }

    #[test]
    fn tokens_are_redacted() {
        assert!(matches!(
            Token::from_env(ForgeKind::PushOnly),
            Err(ForgeError::MissingToken { .. })
        ));
        let token = Token::new("ghp_secret");
        assert_eq!(format!("{token:?}"), "Token(<redacted>)");
        let client = GitHub::new("https://api.github.com", "octo/infra", &token).unwrap();
        assert!(!format!("{client:?}").contains("ghp_secret"));
    }

    #[test]
    fn connect_checks_its_inputs() {
        assert!(
            connect(ForgeKind::PushOnly, None, "o/r", None)
                .unwrap()
                .is_none()
        );
        let err = connect(ForgeKind::Gitea, None, "o/r", Some(Token::new("t"))).unwrap_err();
        assert!(matches!(err, ForgeError::MissingApiUrl { .. }), "{err}");
        let err = connect(
            ForgeKind::GitHub,
            None,
            "just-a-name",
            Some(Token::new("t")),
        )
        .unwrap_err();
        assert!(matches!(err, ForgeError::InvalidRepository { .. }), "{err}");
        let err = connect(
            ForgeKind::GitHub,
            Some("ftp://x"),
            "o/r",
            Some(Token::new("t")),
        )
        .unwrap_err();
        assert!(matches!(err, ForgeError::InvalidApiUrl { .. }), "{err}");
        let forge = connect(ForgeKind::GitLab, None, "g/s/p", Some(Token::new("t")))
            .unwrap()
            .unwrap();
        assert_eq!(forge.kind(), ForgeKind::GitLab);
        assert_eq!(forge.repository(), "g/s/p");
    }

    #[test]
    fn api_urls_from_remotes() {
        let remote = RemoteUrl::parse("git@github.com:octo/infra.git").unwrap();
        assert_eq!(
            ForgeKind::GitHub.api_url_for(&remote).as_deref(),
            Some("https://api.github.com")
        );
        let remote = RemoteUrl::parse("https://ghe.corp.example/octo/infra").unwrap();
        assert_eq!(
            ForgeKind::GitHub.api_url_for(&remote).as_deref(),
            Some("https://ghe.corp.example/api/v3")
        );
        assert_eq!(
            ForgeKind::Gitea.api_url_for(&remote).as_deref(),
            Some("https://ghe.corp.example/api/v1")
        );
    }
}
