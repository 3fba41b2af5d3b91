//! The pages' templates (askama: compiled in, HTML auto-escaped) and the data they show.
//!
//! Every value from a user or a repository reaches the page through `{{ }}`, which
//! escapes it. The one `|safe` is the burndown chart: SVG drawn by
//! `driftless_campaign::report::burndown_svg`, which escapes the campaign name itself and
//! uses presentation attributes only (no `style`, no script), so it passes the
//! Content-Security-Policy.

use crate::identity::Authenticated;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use driftless_campaign::workflow::pull_request;
use driftless_diagnostics::Verification;

/// What the page frame shows: the user, their role, the CSRF token for the logout form.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    /// The page's title.
    pub title: String,
    /// The user's name; empty when nobody is logged in.
    pub user: String,
    /// Their role.
    pub role: String,
    /// The session's CSRF token.
    pub csrf: String,
    /// Whether the user approves exceptions.
    pub can_decide: bool,
    /// Whether the user acts on violations.
    pub can_act: bool,
}

impl Layout {
    pub(crate) fn new(title: impl Into<String>, auth: &Authenticated) -> Self {
        Self {
            title: title.into(),
            user: auth.user.name.clone(),
            role: auth.user.role.to_string(),
            csrf: auth.csrf_token().to_owned(),
            can_decide: auth.user.role.can_decide_exceptions(),
            can_act: auth.user.role.can_act_on_violations(),
        }
    }

    pub(crate) fn anonymous(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }
}

/// Renders a template into a response.
///
/// # Errors
/// When the template fails to render (handlers turn it into a 500 with `?`).
pub(crate) fn render(template: &impl Template) -> Result<Response, askama::Error> {
    Ok(Html(template.render()?).into_response())
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    status: u16,
    reason: &'a str,
    message: &'a str,
}

/// An HTML error page.
pub(crate) fn error_page(status: StatusCode, message: &str) -> Response {
    let page = ErrorPage {
        layout: Layout::anonymous(format!(
            "{} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        )),
        status: status.as_u16(),
        reason: status.canonical_reason().unwrap_or("Error"),
        message,
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, message.to_owned()).into_response(),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
pub(crate) struct LoginPage {
    pub layout: Layout,
    pub next: String,
    pub name: String,
    pub failed: bool,
}

/// One campaign on the dashboard.
#[derive(Debug)]
pub(crate) struct CampaignCard {
    pub name: String,
    pub description: String,
    pub state: String,
    pub total: u64,
    pub open: u64,
    pub fix_proposed: u64,
    pub in_review: u64,
    pub fixed: u64,
    pub excepted: u64,
    pub wont_fix: u64,
    pub overdue: u64,
    pub self_suppressed: u64,
    pub done_percent: u64,
    pub svg: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
pub(crate) struct DashboardPage {
    pub layout: Layout,
    pub campaigns: Vec<CampaignCard>,
    pub requested_exceptions: usize,
}

/// One row of a violations table.
#[derive(Debug)]
pub(crate) struct ViolationRow {
    pub id: i64,
    pub campaign: String,
    pub severity: String,
    pub rule_id: String,
    pub message: String,
    pub address: String,
    pub repository: String,
    pub location: String,
    pub owner: String,
    pub status: String,
    pub due: String,
    pub overdue: bool,
    /// Whether an inline comment in the code silences it (self-suppressed, not approved).
    pub self_suppressed: bool,
}

/// A sortable column header.
#[derive(Debug)]
pub(crate) struct SortLink {
    pub label: &'static str,
    pub key: &'static str,
    pub href: String,
    /// `ascending`, `descending` or `none` (for `aria-sort`).
    pub aria: &'static str,
}

/// A choice of a filter.
#[derive(Debug)]
pub(crate) struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// A violations table with its filters and pagination.
#[derive(Debug)]
pub(crate) struct ViolationTable {
    /// Where the filter form submits (the page's own path).
    pub action: String,
    pub rows: Vec<ViolationRow>,
    pub columns: Vec<SortLink>,
    pub statuses: Vec<Choice>,
    pub severities: Vec<Choice>,
    pub repositories: Vec<Choice>,
    pub rules: Vec<Choice>,
    pub owner: String,
    pub sort: String,
    pub descending: bool,
    pub limit: u32,
    pub next_href: Option<String>,
    pub first_href: Option<String>,
    pub show_campaign: bool,
}

#[derive(Template)]
#[template(path = "campaign.html")]
pub(crate) struct CampaignPage {
    pub layout: Layout,
    pub card: CampaignCard,
    pub table: ViolationTable,
}

#[derive(Template)]
#[template(path = "mine.html")]
pub(crate) struct MinePage {
    pub layout: Layout,
    pub identities: String,
    pub table: ViolationTable,
}

/// One segment of a highlighted line.
#[derive(Debug)]
pub(crate) struct Seg {
    pub class: &'static str,
    pub text: String,
}

/// One line of the code view.
#[derive(Debug)]
pub(crate) struct CodeLine {
    pub number: usize,
    pub segs: Vec<Seg>,
    pub highlight: bool,
    /// The rule's explanation goes after this line.
    pub annotate: bool,
}

/// A file shown in the code view, or why it is not.
#[derive(Debug)]
pub(crate) struct CodeView {
    pub path: String,
    pub commit: String,
    pub lines: Vec<CodeLine>,
    /// Why there are no lines (binary, too large, not in the mirror), empty when shown.
    pub notice: String,
}

/// One line of the fix's diff.
#[derive(Debug)]
pub(crate) struct DiffLine {
    /// `add`, `del`, `hunk`, `file` or `context`.
    pub kind: &'static str,
    pub text: String,
}

/// What Terraform's plan said the violation's fix does, as the fix section shows it.
#[derive(Debug)]
pub(crate) struct VerificationView {
    /// `planned`, `destructive` (the plan destroys or replaces something) or `skipped`.
    pub kind: &'static str,
    /// "Verified by terraform 1.11.4:" or "Not verified:".
    pub title: String,
    /// "update in place", "replaces `aws_ebs_volume.scratch`: ...",
    /// or why it was not verified.
    pub text: String,
    /// Per resource instance: its address (with its root module when the fix touches
    /// several) and what the plan does to it.
    pub changes: Vec<(String, String)>,
}

impl VerificationView {
    /// The view of a stored verification.
    pub(crate) fn of(v: &Verification) -> Self {
        let (kind, title) = match v {
            Verification::Skipped { .. } => ("skipped", "Not verified:".to_owned()),
            Verification::Planned { tool, changes, .. } => (
                if changes.iter().any(|c| c.action.is_destructive()) {
                    "destructive"
                } else {
                    "planned"
                },
                format!("Verified by {tool}:"),
            ),
        };
        Self {
            kind,
            title,
            text: pull_request::what_the_plan_does(v),
            changes: pull_request::instance_changes(v),
        }
    }
}

/// A row of the history.
#[derive(Debug)]
pub(crate) struct HistoryRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

/// An exception as listed.
#[derive(Debug)]
pub(crate) struct ExceptionRow {
    pub id: i64,
    pub violation_id: i64,
    pub violation: String,
    pub campaign: String,
    pub state: String,
    pub requester: String,
    pub requested: String,
    pub reason: String,
    pub expires: String,
    pub approver: String,
    pub note: String,
    pub decidable: bool,
}

/// The rule as the violation page explains it.
#[derive(Debug, Default)]
pub(crate) struct RuleView {
    pub title: String,
    pub why: String,
    pub references: Vec<String>,
}

#[derive(Template)]
#[template(path = "violation.html")]
pub(crate) struct ViolationPage {
    pub layout: Layout,
    pub id: i64,
    pub campaign: String,
    pub repository: String,
    pub rule_id: String,
    pub severity: String,
    pub message: String,
    pub address: String,
    pub instances: Vec<String>,
    pub status: String,
    pub owner: String,
    pub owner_source: String,
    pub due: String,
    pub location: String,
    pub start_line: u32,
    pub scanned_commit: String,
    pub rule: RuleView,
    pub code: CodeView,
    pub diff: Vec<DiffLine>,
    pub applicability: String,
    pub impact_note: String,
    pub verification: Option<VerificationView>,
    pub recommendation: String,
    pub suppression: String,
    pub call_chain: Vec<String>,
    pub history: Vec<HistoryRow>,
    pub exceptions: Vec<ExceptionRow>,
    /// Where the decision forms return.
    pub return_to: String,
    pub can_propose: bool,
    pub can_request: bool,
    pub done: &'static str,
    pub default_expiry: String,
    pub max_expiry: String,
}

#[derive(Template)]
#[template(path = "file.html")]
pub(crate) struct FilePage {
    pub layout: Layout,
    pub id: i64,
    pub repository: String,
    pub code: CodeView,
}

#[derive(Template)]
#[template(path = "exceptions.html")]
pub(crate) struct ExceptionsPage {
    pub layout: Layout,
    pub requested: Vec<ExceptionRow>,
    pub decided: Vec<ExceptionRow>,
    /// Where the decision forms return.
    pub return_to: String,
    pub done: &'static str,
}

/// One branch of a propose.
#[derive(Debug)]
pub(crate) struct OutcomeRow {
    pub repository: String,
    pub branch: String,
    pub commit: String,
    pub url: String,
    pub fixed: String,
    pub skipped: Vec<String>,
    pub error: String,
}

#[derive(Template)]
#[template(path = "proposed.html")]
pub(crate) struct ProposedPage {
    pub layout: Layout,
    pub id: i64,
    pub outcomes: Vec<OutcomeRow>,
}
