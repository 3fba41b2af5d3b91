//! Repositories campaigns scan.

use super::Id;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// A git repository campaigns scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repository {
    /// Row id.
    pub id: Id,
    /// Unique short name, used in fingerprints and branch listings: `infra-prod`.
    pub name: String,
    /// Where to fetch and push: a local path or any git URL.
    pub url: String,
    /// The branch campaigns scan and target; `None` means the remote's HEAD.
    pub default_branch: Option<String>,
    /// The forge kind: `github`, `gitlab`, `gitea` or `push-only`.
    pub forge: String,
    /// The forge API base URL (`https://api.github.com`), when not the kind's default.
    pub api_url: Option<String>,
    /// The repository's path on the forge: `owner/name` (GitHub, Gitea) or
    /// `group/subgroup/name` (GitLab).
    pub slug: Option<String>,
    /// When it was registered.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A repository to register, or to update by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRepository {
    /// Unique short name.
    pub name: String,
    /// Local path or git URL.
    pub url: String,
    /// Default branch, or `None` for the remote's HEAD.
    pub default_branch: Option<String>,
    /// Forge kind (see [`Repository::forge`]).
    pub forge: String,
    /// Forge API base URL.
    pub api_url: Option<String>,
    /// Path on the forge.
    pub slug: Option<String>,
}
