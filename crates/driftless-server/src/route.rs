//! What a route of the web server is, apart from its handler: a method, a path, the
//! [`Access`] it requires, page or JSON API, a summary. The route table
//! ([`router::ROUTES`](crate::router::ROUTES)) is a list of these; the guard checks the access
//! and the OpenAPI document is built from the list, so both read the same table (see
//! `docs/architecture.md`, section 4).

use driftless_campaign::Role;

/// What a route requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Anyone, logged in or not (login page, static files, the OpenAPI document).
    Public,
    /// Any logged-in user (viewers read).
    Read,
    /// Users who act on violations: developers, security, admins (request exceptions,
    /// propose fixes, reassign).
    Act,
    /// Users who approve and deny exceptions: security and admins.
    Decide,
}

impl Access {
    /// Whether `role` has this access.
    #[must_use]
    pub fn allows(self, role: Role) -> bool {
        match self {
            Self::Public | Self::Read => true,
            Self::Act => role.can_act_on_violations(),
            Self::Decide => role.can_decide_exceptions(),
        }
    }

    /// What the access lets one do, as the refusal says it (`... may not {action}`).
    pub(crate) fn action(self) -> &'static str {
        match self {
            Self::Public | Self::Read => "read this",
            Self::Act => "act on violations (developers, security and admins do)",
            Self::Decide => "approve or deny exceptions (security and admins do)",
        }
    }
}

/// One route of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct RouteInfo {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The axum path: `/violations/{id}`.
    pub path: &'static str,
    /// What it requires.
    pub access: Access,
    /// Whether it is part of the JSON API (`/api/v1/...`).
    pub api: bool,
    /// What it does.
    pub summary: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_follows_roles() {
        use Role::*;
        for role in [Admin, Security, Developer, Viewer] {
            assert!(Access::Read.allows(role));
        }
        assert!(!Access::Act.allows(Viewer));
        assert!(Access::Act.allows(Developer));
        assert!(!Access::Decide.allows(Developer));
        assert!(Access::Decide.allows(Security) && Access::Decide.allows(Admin));
    }
}
