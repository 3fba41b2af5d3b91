//! Who a request acts as, once authenticated: the [`Authenticated`] user and how they were
//! recognised ([`Via`]). The guard (in [`auth`](crate::auth)) puts it in the request; the
//! handlers and the page frame read it.

use driftless_campaign::{Id, User};

/// How a request was authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// The session cookie.
    Session {
        /// The stored hash of the session id (for logout).
        id_hash: String,
        /// The session's CSRF token (pages put it in their forms).
        csrf_token: String,
    },
    /// An API token.
    Token {
        /// The token's row id.
        id: Id,
    },
}

/// The user a request acts as, as the guard found it.
#[derive(Debug, Clone)]
pub struct Authenticated {
    /// The user.
    pub user: User,
    /// How.
    pub via: Via,
}

impl Authenticated {
    /// The CSRF token for the page's forms (empty for bearer requests).
    #[must_use]
    pub fn csrf_token(&self) -> &str {
        match &self.via {
            Via::Session { csrf_token, .. } => csrf_token,
            Via::Token { .. } => "",
        }
    }
}
