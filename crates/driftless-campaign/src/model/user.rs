//! Users, their web sessions and API tokens, and what each role may do.

use super::Id;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

keyword_enum! {
    /// What a user may do. `admin` and `security` approve exceptions; `developer` requests
    /// them, proposes fixes and reassigns; `viewer` reads.
    Role, "role" {
        /// Everything, including managing users.
        Admin => "admin",
        /// Approves and denies exceptions, runs campaigns.
        Security => "security",
        /// Requests exceptions, proposes fixes, reassigns violations.
        Developer => "developer",
        /// Reads only.
        Viewer => "viewer",
    }
}

impl Role {
    /// Whether the role may approve or deny exceptions (issue 5: "only by a user with the
    /// security role"; admins hold every right).
    #[must_use]
    pub fn can_decide_exceptions(self) -> bool {
        matches!(self, Self::Admin | Self::Security)
    }

    /// Whether the role may create, sync, propose and close campaigns.
    #[must_use]
    pub fn can_run_campaigns(self) -> bool {
        matches!(self, Self::Admin | Self::Security)
    }

    /// Whether the role may change violations (request exceptions, reassign, propose one).
    #[must_use]
    pub fn can_act_on_violations(self) -> bool {
        !matches!(self, Self::Viewer)
    }
}

/// A person who uses driftless.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Row id.
    pub id: Id,
    /// Unique login name: `alice`.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// The identities their commits and CODEOWNERS entries use: e-mails, `@handles`,
    /// `@org/team` handles; matched case-insensitively for "my violations".
    pub git_identities: Vec<String>,
    /// What they may do.
    pub role: Role,
    /// When the user was added.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl User {
    /// Whether `owner` (a CODEOWNERS handle, an e-mail, a user name) names this user.
    #[must_use]
    pub fn is(&self, owner: &str) -> bool {
        owner.eq_ignore_ascii_case(&self.name)
            || owner.eq_ignore_ascii_case(&self.email)
            || self
                .git_identities
                .iter()
                .any(|i| i.eq_ignore_ascii_case(owner))
    }
}

/// A user to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    /// Unique login name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Commit and CODEOWNERS identities.
    pub git_identities: Vec<String>,
    /// Role.
    pub role: Role,
    /// An argon2 PHC string for web login, when the user has a password.
    pub password_hash: Option<String>,
}

/// A web login: the browser holds a random 256-bit id in a cookie; the store keeps only its
/// SHA-256 (`id_hash`), so a read of the database does not give anyone a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Row id.
    pub id: Id,
    /// Lowercase hex SHA-256 of the cookie's id (64 hex digits).
    pub id_hash: String,
    /// The user logged in.
    pub user: User,
    /// The session's CSRF token: every cookie-authenticated form sends it back.
    pub csrf_token: String,
    /// When the user logged in.
    pub created_at: OffsetDateTime,
    /// When the session ends (the cookie is refused from then on).
    pub expires_at: OffsetDateTime,
}

/// A session to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// Lowercase hex SHA-256 of the cookie's id.
    pub id_hash: String,
    /// The user's name.
    pub user: String,
    /// The CSRF token.
    pub csrf_token: String,
    /// Now.
    pub created_at: OffsetDateTime,
    /// When it ends.
    pub expires_at: OffsetDateTime,
}

/// An API token for CI (`Authorization: Bearer ...`); the store keeps only its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    /// Row id.
    pub id: Id,
    /// What it is for: `ci-infra-prod`. Unique among the user's live tokens.
    pub name: String,
    /// The user it acts as.
    pub user: String,
    /// Lowercase hex SHA-256 of the token (64 hex digits); never the token itself.
    #[serde(skip)]
    pub token_hash: String,
    /// When it was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it was last used (recorded at most once a minute).
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
    /// When it was revoked: it no longer authenticates.
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
}

/// An API token to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiToken {
    /// Its name.
    pub name: String,
    /// The user it acts as.
    pub user: String,
    /// Lowercase hex SHA-256 of the token.
    pub token_hash: String,
    /// Now.
    pub created_at: OffsetDateTime,
}
