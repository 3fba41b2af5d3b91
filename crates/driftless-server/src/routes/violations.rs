//! The violation page (the IDE-like view) and its actions, and the violations API.
//!
//! The code view reads files only from driftless's own mirror of the violation's registered
//! repository (`<data dir>/repos/<name>.git`), at the violation's scanned commit, through
//! git's objects ([`Mirror::read_file_limited`]): no checkout is read, a symbolic link is
//! never followed, and a path with `..`, an absolute path or anything but a regular file
//! is not found.

use super::{Filters, Names, end_of_day, identities};
use crate::auth::Auth;
use crate::error::{ApiError, PageError};
use crate::highlight::highlight;
use crate::state::AppState;
use crate::views::{
    CodeLine, CodeView, DiffLine, ExceptionRow, FilePage, HistoryRow, Layout, OutcomeRow,
    ProposedPage, RuleView, Seg, VerificationView, ViolationPage, render,
};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use driftless_campaign::exception;
use driftless_campaign::workflow::{self, ProposeOptions, ProposeOutcome, Workspace};
use driftless_campaign::{
    AuditEntry, AuditQuery, Exception, ExceptionQuery, ExceptionState, Page, User, Violation,
};
use driftless_diagnostics::Applicability;
use driftless_vcs::git::{FileContent, GitError, Mirror};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// A file of a repository at a commit, as read from the mirror.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// UTF-8 text.
    Text(String),
    /// Not UTF-8 (or holds NUL bytes): not shown.
    Binary { size: u64 },
    /// Larger than the settings allow: not shown.
    TooLarge { size: u64 },
    /// The commit does not hold a regular file at that path (or the path is refused).
    Missing,
    /// driftless has no mirror of the repository in its data folder.
    NoMirror,
}

/// Reads `path` at `commit` from the mirror of repository `repo` (on a blocking thread).
pub(crate) async fn read_source(
    state: &AppState,
    repo: &str,
    commit: &str,
    path: &str,
) -> Result<Source, ApiError> {
    let dir = state.mirror_dir(repo);
    let max = state.settings.max_file_bytes;
    let (commit, path) = (commit.to_owned(), path.to_owned());
    tokio::task::spawn_blocking(move || {
        let mirror = match Mirror::open(dir) {
            Ok(m) => m,
            Err(GitError::NotAMirror { .. }) => return Ok(Source::NoMirror),
            Err(e) => return Err(ApiError::Internal(e.into())),
        };
        Ok(
            match mirror
                .read_file_limited(&commit, &path, max)
                .map_err(|e| ApiError::Internal(e.into()))?
            {
                None => Source::Missing,
                Some(FileContent::TooLarge { size }) => Source::TooLarge { size },
                Some(FileContent::Bytes(bytes)) => {
                    let size = bytes.len() as u64;
                    match String::from_utf8(bytes) {
                        Ok(text) if !text.contains('\0') => Source::Text(text),
                        _ => Source::Binary { size },
                    }
                }
            },
        )
    })
    .await?
}

/// The code view of `source`, with `lines` (1-based, inclusive) highlighted and the rule's
/// note after the last of them.
fn code_view(
    path: &str,
    commit: &str,
    repo: &str,
    source: &Source,
    lines: Option<(u32, u32)>,
) -> CodeView {
    let notice = match source {
        Source::Text(_) => String::new(),
        Source::Binary { size } => {
            format!("This file is not UTF-8 text ({size} bytes): it is not shown.")
        }
        Source::TooLarge { size } => format!("This file is too large to show ({size} bytes)."),
        Source::Missing => {
            "The scanned commit holds no such file (it may be a symbolic link or a directory)."
                .to_owned()
        }
        Source::NoMirror => format!(
            "driftless has no mirror of {repo} in its data folder: run `driftless campaign sync` with the same --data-dir."
        ),
    };
    let lines = match source {
        Source::Text(text) => {
            let (first, last) = lines.unwrap_or((0, 0));
            let highlighted = highlight(text);
            // The note goes after the last highlighted line that exists.
            let note_at = usize::try_from(last).unwrap_or(0).min(highlighted.len());
            highlighted
                .into_iter()
                .enumerate()
                .map(|(i, segs)| {
                    let number = i + 1;
                    let n = u32::try_from(number).unwrap_or(u32::MAX);
                    CodeLine {
                        number,
                        segs: segs
                            .into_iter()
                            .map(|(class, text)| Seg {
                                class: class.css(),
                                text,
                            })
                            .collect(),
                        highlight: lines.is_some() && n >= first && n <= last,
                        annotate: lines.is_some() && number == note_at,
                    }
                })
                .collect()
        }
        _ => Vec::new(),
    };
    CodeView {
        path: path.to_owned(),
        commit: commit.to_owned(),
        lines,
        notice,
    }
}

/// The lines of a unified diff, classed for display.
fn diff_lines(diff: &str) -> Vec<DiffLine> {
    diff.lines()
        .map(|line| DiffLine {
            kind: if line.starts_with("+++") || line.starts_with("---") {
                "file"
            } else if line.starts_with("@@") {
                "hunk"
            } else if line.starts_with('+') {
                "add"
            } else if line.starts_with('-') {
                "del"
            } else {
                "context"
            },
            text: line.to_owned(),
        })
        .collect()
}

/// The rule's title, "Why it matters" and references, from the catalog.
fn rule_view(rule_id: &str) -> RuleView {
    driftless_rules::find_rule(rule_id).map_or_else(RuleView::default, |rule| {
        let meta = rule.meta();
        RuleView {
            title: meta.title.to_owned(),
            why: meta
                .section("Why it matters")
                .unwrap_or_default()
                .replace('\n', " "),
            references: meta.references.iter().map(|s| (*s).to_owned()).collect(),
        }
    })
}

async fn history(state: &AppState, id: i64) -> Result<Vec<AuditEntry>, ApiError> {
    Ok(state
        .store
        .audit(&AuditQuery {
            campaign_id: None,
            subject: Some(format!("violation:{id}")),
            limit: 200,
        })
        .await?)
}

async fn exceptions_of(state: &AppState, id: i64) -> Result<Vec<Exception>, ApiError> {
    Ok(state
        .store
        .exceptions(&ExceptionQuery {
            violation_id: Some(id),
            ..ExceptionQuery::default()
        })
        .await?)
}

fn date(t: OffsetDateTime) -> String {
    t.date().to_string()
}

fn minute(t: OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    t.format(f).unwrap_or_default()
}

/// An exception as the pages list it.
pub(crate) fn exception_row(e: &Exception, violation: &str, campaign: &str) -> ExceptionRow {
    ExceptionRow {
        id: e.id,
        violation_id: e.violation_id,
        violation: violation.to_owned(),
        campaign: campaign.to_owned(),
        state: e.state.as_str().to_owned(),
        requester: e.requester.clone(),
        requested: date(e.requested_at),
        reason: e.reason.clone(),
        expires: date(e.expires_at),
        approver: e.approver.clone().unwrap_or_default(),
        note: e.decision_note.clone().unwrap_or_default(),
        decidable: e.state == ExceptionState::Requested,
    }
}

fn done_message(query: Option<&str>) -> &'static str {
    match super::pairs(query)
        .into_iter()
        .find(|(k, _)| k == "done")
        .map(|(_, v)| v)
        .as_deref()
    {
        Some("requested") => "Exception requested: a security user approves or denies it.",
        Some("assigned") => "Violation reassigned.",
        Some("approved") => "Exception approved: the violation is excepted.",
        Some("denied") => "Exception denied.",
        _ => "",
    }
}

/// `GET /violations/{id}`.
#[tracing::instrument(skip_all, fields(violation.id = id))]
pub(crate) async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let v = state.store.violation(id).await?;
    let repo = state.store.repository_by_id(v.repository_id).await?;
    let campaign = state.store.campaign_by_id(v.campaign_id).await?;
    let source = read_source(&state, &repo.name, &v.scanned_commit, &v.path).await?;
    let code = code_view(
        &v.path,
        &v.scanned_commit,
        &repo.name,
        &source,
        Some((v.start_line, v.end_line)),
    );
    let exceptions = exceptions_of(&state, id).await?;
    let pending = exceptions.iter().any(|e| {
        matches!(
            e.state,
            ExceptionState::Requested | ExceptionState::Approved
        )
    });
    let now = OffsetDateTime::now_utc();
    let policy = state.settings.exception_policy;
    let layout = Layout::new(format!("Violation #{id}"), &auth);
    let label = format!("#{}", v.id);
    let page = ViolationPage {
        can_propose: layout.can_act && v.status.is_outstanding() && v.fix_diff.is_some(),
        can_request: layout.can_act && v.status.is_outstanding() && !pending,
        default_expiry: date(now + time::Duration::days(i64::from(policy.default_days))),
        max_expiry: date(now + time::Duration::days(i64::from(policy.max_days))),
        done: done_message(query.as_deref()),
        layout,
        id,
        campaign: campaign.name.clone(),
        repository: repo.name.clone(),
        rule: rule_view(v.rule_id.as_str()),
        rule_id: v.rule_id.to_string(),
        severity: v.severity.as_str().to_owned(),
        message: v.message.clone(),
        address: v.address.to_string(),
        instances: v.instances.iter().map(ToString::to_string).collect(),
        status: v.status.as_str().to_owned(),
        owner: v.owner.clone().unwrap_or_default(),
        owner_source: v
            .owner_source
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
        due: v.due_date.map(|d| d.to_string()).unwrap_or_default(),
        location: if v.start_line == v.end_line {
            format!("{}:{}", v.path, v.start_line)
        } else {
            format!("{}:{}-{}", v.path, v.start_line, v.end_line)
        },
        start_line: v.start_line,
        scanned_commit: v.scanned_commit.chars().take(12).collect(),
        code,
        diff: v.fix_diff.as_deref().map(diff_lines).unwrap_or_default(),
        applicability: v
            .fix_applicability
            .map(|a| a.as_str().to_owned())
            .unwrap_or_default(),
        impact_note: v.impact_note.clone().unwrap_or_default(),
        verification: v.fix_verification.as_ref().map(VerificationView::of),
        recommendation: v.recommendation.clone().unwrap_or_default(),
        suppression: v.suppression.clone().unwrap_or_default(),
        call_chain: v.call_chain.clone(),
        history: history(&state, id)
            .await?
            .into_iter()
            .map(|h| HistoryRow {
                at: minute(h.at),
                actor: h.actor,
                action: h.action,
                detail: h.detail.to_string(),
            })
            .collect(),
        exceptions: exceptions
            .iter()
            .map(|e| exception_row(e, &label, ""))
            .collect(),
        return_to: format!("/violations/{id}"),
    };
    Ok(render(&page)?)
}

/// `GET /violations/{id}/files/{*path}`: another file of the repository at the scanned
/// commit (a module the violation's call chain goes through, say).
#[tracing::instrument(skip_all, fields(violation.id = id))]
pub(crate) async fn file_page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path((id, path)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    let v = state.store.violation(id).await?;
    let repo = state.store.repository_by_id(v.repository_id).await?;
    let source = read_source(&state, &repo.name, &v.scanned_commit, &path).await?;
    if source == Source::Missing {
        return Err(ApiError::NotFound(format!(
            "no file {path} in {} at the scanned commit",
            repo.name
        ))
        .into());
    }
    let highlight_lines = (path == v.path).then_some((v.start_line, v.end_line));
    let mut code = code_view(
        &path,
        &v.scanned_commit,
        &repo.name,
        &source,
        highlight_lines,
    );
    for line in &mut code.lines {
        line.annotate = false;
    }
    Ok(render(&FilePage {
        layout: Layout::new(path.clone(), &auth),
        id,
        repository: repo.name,
        code,
    })?)
}

/// Proposes violation `id`'s fix as `actor`: the campaign's branch for its repository, with
/// only this violation chosen (`campaign propose --violation ID --repo REPO`). Git and the
/// forge run on a blocking thread.
async fn propose(
    state: &AppState,
    actor: User,
    id: i64,
    applicability: Applicability,
) -> Result<Vec<ProposeOutcome>, ApiError> {
    let v = state.store.violation(id).await?;
    let campaign = state.store.campaign_by_id(v.campaign_id).await?;
    let repo = state.store.repository_by_id(v.repository_id).await?;
    let ws = Workspace {
        store: state.store.clone(),
        data_dir: state.data_dir.clone(),
        actor,
        now: OffsetDateTime::now_utc(),
    };
    let options = ProposeOptions {
        applicability,
        group_by_owner: false,
        violations: Some(vec![id]),
        repositories: vec![repo.name],
        verify: state.settings.verify.clone(),
    };
    let handle = tokio::runtime::Handle::current();
    let outcomes = tokio::task::spawn_blocking(move || {
        handle.block_on(async move { workflow::propose(&ws, &campaign.name, &options).await })
    })
    .await??;
    Ok(outcomes)
}

fn applicability(text: Option<&str>) -> Result<Applicability, ApiError> {
    match text.unwrap_or("safe") {
        "safe" => Ok(Applicability::Safe),
        "review" => Ok(Applicability::Review),
        other => Err(ApiError::BadRequest(format!(
            "applicability={other}: expected safe or review"
        ))),
    }
}

async fn request_exception(
    state: &AppState,
    actor: &User,
    id: i64,
    reason: &str,
    expires: Option<&str>,
) -> Result<Exception, ApiError> {
    let expires = expires
        .filter(|e| !e.trim().is_empty())
        .map(end_of_day)
        .transpose()?;
    Ok(exception::request(
        state.store.as_ref(),
        actor,
        id,
        reason,
        expires,
        state.settings.exception_policy,
        OffsetDateTime::now_utc(),
    )
    .await?)
}

async fn assign(
    state: &AppState,
    actor: &User,
    id: i64,
    owner: &str,
) -> Result<Violation, ApiError> {
    let owner = driftless_campaign::check_owner(owner).map_err(ApiError::Unprocessable)?;
    Ok(state.store.assign(id, owner, &actor.name).await?)
}

/// The propose form.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ProposeForm {
    applicability: Option<String>,
}

/// `POST /violations/{id}/propose`.
#[tracing::instrument(skip_all, fields(violation.id = id))]
pub(crate) async fn propose_form(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    Form(form): Form<ProposeForm>,
) -> Result<Response, PageError> {
    let applicability = applicability(form.applicability.as_deref())?;
    let outcomes = propose(&state, auth.user.clone(), id, applicability).await?;
    let outcomes = outcomes
        .into_iter()
        .map(|o| OutcomeRow {
            repository: o.repository,
            branch: o.branch,
            commit: o.commit.unwrap_or_default(),
            url: o
                .url
                .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
                .unwrap_or_default(),
            fixed: o
                .fixed
                .iter()
                .map(|id| format!("#{id}"))
                .collect::<Vec<_>>()
                .join(", "),
            skipped: o
                .skipped
                .into_iter()
                .map(|(id, why)| format!("#{id}: {why}"))
                .collect(),
            error: o.error.unwrap_or_default(),
        })
        .collect();
    Ok(render(&ProposedPage {
        layout: Layout::new(format!("Propose #{id}"), &auth),
        id,
        outcomes,
    })?)
}

/// The exception request form and body.
#[derive(Debug, Deserialize)]
pub(crate) struct ExceptionRequest {
    /// Why the violation is acceptable.
    reason: String,
    /// The last day, `YYYY-MM-DD` (default: the policy's default days).
    #[serde(default)]
    expires: Option<String>,
}

/// `POST /violations/{id}/exceptions`.
#[tracing::instrument(skip_all, fields(violation.id = id))]
pub(crate) async fn request_exception_form(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    Form(form): Form<ExceptionRequest>,
) -> Result<Response, PageError> {
    request_exception(
        &state,
        &auth.user,
        id,
        &form.reason,
        form.expires.as_deref(),
    )
    .await?;
    Ok(Redirect::to(&format!("/violations/{id}?done=requested")).into_response())
}

/// The reassign form and body.
#[derive(Debug, Deserialize)]
pub(crate) struct AssignRequest {
    /// The new owner: a user name, e-mail or CODEOWNERS handle.
    owner: String,
}

/// `POST /violations/{id}/assign`.
#[tracing::instrument(skip_all, fields(violation.id = id))]
pub(crate) async fn assign_form(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    Form(form): Form<AssignRequest>,
) -> Result<Response, PageError> {
    assign(&state, &auth.user, id, &form.owner).await?;
    Ok(Redirect::to(&format!("/violations/{id}?done=assigned")).into_response())
}

// ---- API

/// `GET /api/v1/violations`.
pub(crate) async fn api_list(
    State(state): State<AppState>,
    Auth(auth): Auth,
    RawQuery(query): RawQuery,
) -> Result<Json<Page<Violation>>, ApiError> {
    let filters = Filters::parse(query.as_deref())?;
    let campaign_id = match &filters.campaign {
        Some(name) => Some(state.store.campaign(name).await?.id),
        None => None,
    };
    let mine = if filters.mine {
        identities(&auth.user)
    } else {
        Vec::new()
    };
    let store_query = filters.to_query(&state, campaign_id, &mine).await?;
    Ok(Json(state.store.violations(&store_query).await?))
}

/// The rule as the API shows it.
#[derive(Debug, Serialize)]
pub(crate) struct RuleJson {
    id: String,
    title: String,
    why_it_matters: String,
    references: Vec<String>,
}

/// One violation as the API shows it.
#[derive(Debug, Serialize)]
pub(crate) struct ViolationJson {
    violation: Violation,
    campaign: String,
    repository: String,
    rule: RuleJson,
    history: Vec<AuditEntry>,
    exceptions: Vec<Exception>,
}

/// `GET /api/v1/violations/{id}`.
pub(crate) async fn api_show(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<ViolationJson>, ApiError> {
    let v = state.store.violation(id).await?;
    let names = Names::load(&state).await?;
    let rule = rule_view(v.rule_id.as_str());
    Ok(Json(ViolationJson {
        campaign: names.campaign(v.campaign_id),
        repository: names.repository(v.repository_id),
        rule: RuleJson {
            id: v.rule_id.to_string(),
            title: rule.title,
            why_it_matters: rule.why,
            references: rule.references,
        },
        history: history(&state, id).await?,
        exceptions: exceptions_of(&state, id).await?,
        violation: v,
    }))
}

/// A file as the API shows it.
#[derive(Debug, Serialize)]
pub(crate) struct SourceJson {
    repository: String,
    path: String,
    commit: String,
    /// `text`, `binary`, `too_large` or `no_mirror`.
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
}

async fn source_json(
    state: &AppState,
    id: i64,
    path: Option<String>,
) -> Result<Json<SourceJson>, ApiError> {
    let v = state.store.violation(id).await?;
    let repo = state.store.repository_by_id(v.repository_id).await?;
    let path = path.unwrap_or_else(|| v.path.clone());
    let source = read_source(state, &repo.name, &v.scanned_commit, &path).await?;
    let (kind, text, size) = match source {
        Source::Text(t) => ("text", Some(t), None),
        Source::Binary { size } => ("binary", None, Some(size)),
        Source::TooLarge { size } => ("too_large", None, Some(size)),
        Source::NoMirror => ("no_mirror", None, None),
        Source::Missing => {
            return Err(ApiError::NotFound(format!(
                "no file {path} in {} at the scanned commit",
                repo.name
            )));
        }
    };
    Ok(Json(SourceJson {
        repository: repo.name,
        path,
        commit: v.scanned_commit,
        kind,
        text,
        size,
    }))
}

/// `GET /api/v1/violations/{id}/source`.
pub(crate) async fn api_source(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<SourceJson>, ApiError> {
    source_json(&state, id, None).await
}

/// `GET /api/v1/violations/{id}/files/{*path}`.
pub(crate) async fn api_file(
    State(state): State<AppState>,
    Path((id, path)): Path<(i64, String)>,
) -> Result<Json<SourceJson>, ApiError> {
    source_json(&state, id, Some(path)).await
}

/// Reads an optional JSON body (an empty body is the default value).
pub(crate) fn json_body<T: serde::de::DeserializeOwned + Default>(
    body: &[u8],
) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| ApiError::BadRequest(format!("the JSON body: {e}")))
}

/// Reads a required JSON body.
pub(crate) fn json_required<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::BadRequest(format!("the JSON body: {e}")))
}

/// The outcome of a propose.
#[derive(Debug, Serialize)]
pub(crate) struct ProposeJson {
    outcomes: Vec<ProposeOutcome>,
}

/// `POST /api/v1/violations/{id}/propose` (body optional: `{"applicability": "review"}`).
pub(crate) async fn api_propose(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Json<ProposeJson>, ApiError> {
    let form: ProposeForm = json_body(&body)?;
    let applicability = applicability(form.applicability.as_deref())?;
    let outcomes = propose(&state, auth.user, id, applicability).await?;
    Ok(Json(ProposeJson { outcomes }))
}

/// `POST /api/v1/violations/{id}/exceptions` (`{"reason": "...", "expires": "YYYY-MM-DD"}`).
pub(crate) async fn api_request_exception(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<Exception>), ApiError> {
    let request: ExceptionRequest = json_required(&body)?;
    let e = request_exception(
        &state,
        &auth.user,
        id,
        &request.reason,
        request.expires.as_deref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(e)))
}

/// `POST /api/v1/violations/{id}/assign` (`{"owner": "@team"}`).
pub(crate) async fn api_assign(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Json<Violation>, ApiError> {
    let request: AssignRequest = json_required(&body)?;
    Ok(Json(assign(&state, &auth.user, id, &request.owner).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs_are_classed_per_line() {
        let kinds: Vec<_> =
            diff_lines("--- a/main.tf\n+++ b/main.tf\n@@ -1,2 +1,2 @@\n x\n-a\n+b\n")
                .into_iter()
                .map(|d| d.kind)
                .collect();
        assert_eq!(kinds, ["file", "file", "hunk", "context", "del", "add"]);
    }

    #[test]
    fn code_view_highlights_and_annotates() {
        let source = Source::Text("a = 1\nb = 2\nc = 3\n".to_owned());
        let view = code_view("main.tf", "c0", "infra", &source, Some((2, 3)));
        let marks: Vec<_> = view
            .lines
            .iter()
            .map(|l| (l.highlight, l.annotate))
            .collect();
        assert_eq!(marks, [(false, false), (true, false), (true, true)]);
        // A range past the end of the file puts the note on the last line.
        let view = code_view("main.tf", "c0", "infra", &source, Some((9, 12)));
        assert!(view.lines[2].annotate);
        let view = code_view("x", "c0", "infra", &Source::Binary { size: 3 }, None);
        assert!(view.lines.is_empty() && view.notice.contains("not UTF-8"));
    }
}
