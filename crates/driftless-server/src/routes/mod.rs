//! The handlers, one module per resource; [`crate::router`] maps them to paths and roles.
//!
//! Page handlers return HTML (errors as [`PageError`](crate::error::PageError)); API
//! handlers return JSON (errors as [`ApiError`](crate::ApiError)). Both call the same
//! functions of `driftless_campaign` the CLI calls.

pub(crate) mod assets;
pub(crate) mod campaigns;
pub(crate) mod exceptions;
pub(crate) mod me;
pub(crate) mod session;
pub(crate) mod violations;

use crate::error::ApiError;
use crate::state::AppState;
use crate::views::{Choice, SortLink, ViolationRow, ViolationTable};
use driftless_campaign::{
    Id, Page, User, Violation, ViolationQuery, ViolationSort, ViolationStatus,
};
use driftless_diagnostics::Severity;
use std::collections::HashMap;
use time::{Date, OffsetDateTime};

/// The default page size of violation listings.
pub(crate) const DEFAULT_LIMIT: u32 = 50;
/// The largest page size.
pub(crate) const MAX_LIMIT: u32 = 500;

/// The filters, sort and cursor of a violations listing, as query parameters:
/// `status`, `severity`, `owner` (repeatable or comma-separated), `repository` (name),
/// `rule`, `campaign` (name; API), `mine` (API), `sort`, `desc`, `after`, `limit`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Filters {
    pub campaign: Option<String>,
    pub statuses: Vec<ViolationStatus>,
    pub severities: Vec<Severity>,
    pub owners: Vec<String>,
    pub repository: Option<String>,
    pub rule: Option<String>,
    pub sort: ViolationSort,
    pub descending: bool,
    pub after: Option<String>,
    pub limit: u32,
    pub mine: bool,
}

/// The query string pairs of a raw query.
pub(crate) fn pairs(query: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn sort_name(sort: ViolationSort) -> &'static str {
    match sort {
        ViolationSort::Id => "id",
        ViolationSort::Severity => "severity",
        ViolationSort::Rule => "rule",
        ViolationSort::Path => "path",
        ViolationSort::Owner => "owner",
        ViolationSort::Due => "due",
        ViolationSort::Status => "status",
    }
}

fn parse_sort(text: &str) -> Option<ViolationSort> {
    Some(match text {
        "id" => ViolationSort::Id,
        "severity" => ViolationSort::Severity,
        "rule" => ViolationSort::Rule,
        "path" => ViolationSort::Path,
        "owner" => ViolationSort::Owner,
        "due" => ViolationSort::Due,
        "status" => ViolationSort::Status,
        _ => return None,
    })
}

fn truthy(v: &str) -> bool {
    matches!(v, "1" | "true" | "yes" | "on")
}

impl Filters {
    /// Reads the filters of a query string.
    pub(crate) fn parse(query: Option<&str>) -> Result<Self, ApiError> {
        let mut f = Self {
            limit: DEFAULT_LIMIT,
            ..Self::default()
        };
        let bad = |what: &str, value: &str, expected: &str| {
            ApiError::BadRequest(format!("{what}={value}: expected {expected}"))
        };
        for (key, value) in pairs(query) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let items = || value.split(',').map(str::trim).filter(|s| !s.is_empty());
            match key.as_str() {
                "status" => {
                    for s in items() {
                        f.statuses.push(s.parse().map_err(
                            |e: driftless_campaign::ParseKeywordError| {
                                ApiError::BadRequest(e.to_string())
                            },
                        )?);
                    }
                }
                "severity" => {
                    for s in items() {
                        f.severities.push(s.parse().map_err(|_| {
                            bad("severity", s, "critical, high, medium, low or info")
                        })?);
                    }
                }
                "owner" => f.owners.extend(items().map(str::to_owned)),
                "repository" => f.repository = Some(value.to_owned()),
                "rule" => f.rule = Some(value.to_owned()),
                "campaign" => f.campaign = Some(value.to_owned()),
                "sort" => {
                    f.sort = parse_sort(value).ok_or_else(|| {
                        bad(
                            "sort",
                            value,
                            "id, severity, rule, path, owner, due or status",
                        )
                    })?;
                }
                "desc" => f.descending = truthy(value),
                "mine" => f.mine = truthy(value),
                "after" => f.after = Some(value.to_owned()),
                "limit" => {
                    f.limit = value
                        .parse::<u32>()
                        .ok()
                        .filter(|n| (1..=MAX_LIMIT).contains(n))
                        .ok_or_else(|| bad("limit", value, "a number from 1 to 500"))?;
                }
                _ => {}
            }
        }
        f.statuses.sort();
        f.statuses.dedup();
        f.severities.sort();
        f.severities.dedup();
        Ok(f)
    }

    /// The query string of these filters with another sort and cursor (for links).
    pub(crate) fn query_string(
        &self,
        sort: ViolationSort,
        descending: bool,
        after: Option<&str>,
    ) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for s in &self.statuses {
            q.append_pair("status", s.as_str());
        }
        for s in &self.severities {
            q.append_pair("severity", s.as_str());
        }
        if !self.owners.is_empty() {
            q.append_pair("owner", &self.owners.join(","));
        }
        if let Some(r) = &self.repository {
            q.append_pair("repository", r);
        }
        if let Some(r) = &self.rule {
            q.append_pair("rule", r);
        }
        q.append_pair("sort", sort_name(sort));
        if descending {
            q.append_pair("desc", "1");
        }
        if self.limit != DEFAULT_LIMIT {
            q.append_pair("limit", &self.limit.to_string());
        }
        if let Some(a) = after {
            q.append_pair("after", a);
        }
        q.finish()
    }

    /// The store query of these filters; `owners` are added to the owner filter.
    pub(crate) async fn to_query(
        &self,
        state: &AppState,
        campaign_id: Option<Id>,
        owners: &[String],
    ) -> Result<ViolationQuery, ApiError> {
        let repository_id = match &self.repository {
            Some(name) => Some(state.store.repository(name).await?.id),
            None => None,
        };
        let mut all_owners = self.owners.clone();
        all_owners.extend(owners.iter().cloned());
        Ok(ViolationQuery {
            campaign_id,
            statuses: self.statuses.clone(),
            severities: self.severities.clone(),
            owners: all_owners,
            repository_id,
            rule_id: self.rule.clone(),
            fingerprint: None,
            sort: self.sort,
            descending: self.descending,
            after: self.after.clone(),
            limit: self.limit,
        })
    }
}

/// The identities "my violations" matches: the user's name, e-mail and git identities.
pub(crate) fn identities(user: &User) -> Vec<String> {
    let mut all = vec![user.name.clone(), user.email.clone()];
    all.extend(user.git_identities.iter().cloned());
    all.retain(|s| !s.is_empty());
    all
}

/// Names of repositories and campaigns by id, for listing rows.
pub(crate) struct Names {
    repositories: HashMap<Id, String>,
    campaigns: HashMap<Id, String>,
}

impl Names {
    pub(crate) async fn load(state: &AppState) -> Result<Self, ApiError> {
        Ok(Self {
            repositories: state
                .store
                .repositories()
                .await?
                .into_iter()
                .map(|r| (r.id, r.name))
                .collect(),
            campaigns: state
                .store
                .campaigns()
                .await?
                .into_iter()
                .map(|c| (c.id, c.name))
                .collect(),
        })
    }

    pub(crate) fn repository(&self, id: Id) -> String {
        self.repositories.get(&id).cloned().unwrap_or_default()
    }

    pub(crate) fn campaign(&self, id: Id) -> String {
        self.campaigns.get(&id).cloned().unwrap_or_default()
    }
}

/// Today (UTC).
pub(crate) fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

/// A row of the violations table.
pub(crate) fn row(v: &Violation, names: &Names, today: Date) -> ViolationRow {
    ViolationRow {
        id: v.id,
        campaign: names.campaign(v.campaign_id),
        severity: v.severity.as_str().to_owned(),
        rule_id: v.rule_id.to_string(),
        message: v.message.clone(),
        address: v.address.to_string(),
        repository: names.repository(v.repository_id),
        location: format!("{}:{}", v.path, v.start_line),
        owner: v.owner.clone().unwrap_or_default(),
        status: v.status.as_str().to_owned(),
        due: v.due_date.map(|d| d.to_string()).unwrap_or_default(),
        overdue: v.status.is_outstanding() && v.due_date.is_some_and(|d| d < today),
        self_suppressed: v.suppression.is_some(),
    }
}

/// The repositories and rules a campaign's table offers as filters (sorted, distinct).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Choices<'a> {
    pub repositories: &'a [String],
    pub rules: &'a [String],
}

/// The violations table of a page: rows, sortable headers, filter choices (repositories and
/// rules from `choices` when given), and the links to the first and next pages.
pub(crate) fn table(
    action: &str,
    filters: &Filters,
    page: &Page<Violation>,
    names: &Names,
    choices: Option<Choices<'_>>,
    show_campaign: bool,
) -> ViolationTable {
    let today = today();
    let columns = [
        ("#", ViolationSort::Id),
        ("Severity", ViolationSort::Severity),
        ("Rule", ViolationSort::Rule),
        ("Location", ViolationSort::Path),
        ("Owner", ViolationSort::Owner),
        ("Status", ViolationSort::Status),
        ("Due", ViolationSort::Due),
    ]
    .into_iter()
    .map(|(label, sort)| {
        let current = filters.sort == sort;
        let descending = if current {
            !filters.descending
        } else {
            sort == ViolationSort::Severity
        };
        SortLink {
            label,
            key: sort_name(sort),
            href: format!("{action}?{}", filters.query_string(sort, descending, None)),
            aria: match (current, filters.descending) {
                (false, _) => "none",
                (true, false) => "ascending",
                (true, true) => "descending",
            },
        }
    })
    .collect();
    let statuses = ViolationStatus::ALL
        .iter()
        .map(|s| Choice {
            value: s.as_str().to_owned(),
            label: s.as_str().replace('_', " "),
            checked: filters.statuses.contains(s),
        })
        .collect();
    let severities = Severity::ALL
        .iter()
        .rev()
        .map(|s| Choice {
            value: s.as_str().to_owned(),
            label: s.as_str().to_owned(),
            checked: filters.severities.contains(s),
        })
        .collect();
    let options = |values: &[String], chosen: &Option<String>| -> Vec<Choice> {
        values
            .iter()
            .map(|v| Choice {
                checked: chosen.as_deref() == Some(v.as_str()),
                label: v.clone(),
                value: v.clone(),
            })
            .collect()
    };
    let (repositories, rules) = match choices {
        Some(c) => (
            options(c.repositories, &filters.repository),
            options(c.rules, &filters.rule),
        ),
        None => (Vec::new(), Vec::new()),
    };
    ViolationTable {
        action: action.to_owned(),
        rows: page.items.iter().map(|v| row(v, names, today)).collect(),
        columns,
        statuses,
        severities,
        repositories,
        rules,
        owner: filters.owners.join(","),
        sort: sort_name(filters.sort).to_owned(),
        descending: filters.descending,
        limit: filters.limit,
        next_href: page.next.as_deref().map(|cursor| {
            format!(
                "{action}?{}",
                filters.query_string(filters.sort, filters.descending, Some(cursor))
            )
        }),
        first_href: filters.after.as_ref().map(|_| {
            format!(
                "{action}?{}",
                filters.query_string(filters.sort, filters.descending, None)
            )
        }),
        show_campaign,
    }
}

/// Whether `path` is a local path to redirect to after a form (`/...`, not `//host`).
pub(crate) fn is_local_path(path: &str) -> bool {
    // No control character or whitespace at all: browsers drop tabs and newlines from URLs
    // (`/\t/evil.example` becomes `//evil.example`), and a header cannot carry them.
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// Parses a `YYYY-MM-DD` expiry as the end of that day (UTC), as the CLI does.
pub(crate) fn end_of_day(text: &str) -> Result<OffsetDateTime, ApiError> {
    driftless_campaign::exception::end_of_day(text)
        .map_err(|e| ApiError::BadRequest(format!("expires={text}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_round_trip_through_links() {
        let f = Filters::parse(Some(
            "status=open,in_review&status=open&severity=high&owner=%40team&repository=infra&rule=aws-x&sort=due&desc=1&limit=20&after=abc&repository=",
        ))
        .unwrap();
        assert_eq!(
            f.statuses,
            [ViolationStatus::Open, ViolationStatus::InReview]
        );
        assert_eq!(f.severities, [Severity::High]);
        assert_eq!(f.owners, ["@team"]);
        assert_eq!(f.repository.as_deref(), Some("infra"));
        assert_eq!(
            (f.sort, f.descending, f.limit),
            (ViolationSort::Due, true, 20)
        );
        let again =
            Filters::parse(Some(&f.query_string(f.sort, f.descending, Some("abc")))).unwrap();
        assert_eq!(again.statuses, f.statuses);
        assert_eq!(again.owners, f.owners);
        assert_eq!(again.after.as_deref(), Some("abc"));
        assert_eq!(again.limit, 20);
        for bad in [
            "status=nope",
            "severity=x",
            "sort=x",
            "limit=0",
            "limit=501",
        ] {
            assert!(Filters::parse(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert!(is_local_path("/violations/1"));
        // Regression (security QA): a tab or vertical tab after the slash made an open
        // redirect (browsers drop tabs) or a 500 (not a valid header value).
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "",
            "x",
            "/\t/evil.example",
            "/\u{b}/evil",
            "/ /evil",
        ] {
            assert!(!is_local_path(bad), "{bad}");
        }
    }
}
