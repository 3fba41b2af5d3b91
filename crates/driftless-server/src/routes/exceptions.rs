//! The exceptions queue and decisions (security role), through
//! `driftless_campaign::exception::decide`, as `driftless exception approve|deny`.

use super::violations::{exception_row, json_body};
use super::{Names, is_local_path, pairs};
use crate::auth::Auth;
use crate::error::{ApiError, PageError};
use crate::state::AppState;
use crate::views::{ExceptionsPage, Layout, render};
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use driftless_campaign::exception;
use driftless_campaign::{Exception, ExceptionQuery, ExceptionState, User};
use serde::Deserialize;
use time::OffsetDateTime;

/// How many decided exceptions the queue page lists.
const DECIDED_SHOWN: usize = 50;

/// `GET /exceptions`.
#[tracing::instrument(skip_all)]
pub(crate) async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let all = state.store.exceptions(&ExceptionQuery::default()).await?;
    let names = Names::load(&state).await?;
    let row = |e: &Exception| {
        let campaign = names.campaign(e.campaign_id);
        exception_row(e, &format!("violation #{}", e.violation_id), &campaign)
    };
    // The oldest request first: it has waited longest.
    let mut requested: Vec<_> = all
        .iter()
        .filter(|e| e.state == ExceptionState::Requested)
        .map(row)
        .collect();
    requested.reverse();
    let decided = all
        .iter()
        .filter(|e| e.state != ExceptionState::Requested)
        .take(DECIDED_SHOWN)
        .map(row)
        .collect();
    let done = match pairs(query.as_deref())
        .into_iter()
        .find(|(k, _)| k == "done")
        .map(|(_, v)| v)
        .as_deref()
    {
        Some("approved") => "Exception approved: the violation is excepted.",
        Some("denied") => "Exception denied.",
        _ => "",
    };
    Ok(render(&ExceptionsPage {
        layout: Layout::new("Exceptions", &auth),
        requested,
        decided,
        return_to: "/exceptions".to_owned(),
        done,
    })?)
}

/// The decision form.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct DecisionForm {
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    return_to: Option<String>,
}

async fn decide(
    state: &AppState,
    actor: &User,
    id: i64,
    approve: bool,
    note: Option<&str>,
) -> Result<Exception, ApiError> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    Ok(exception::decide(
        state.store.as_ref(),
        actor,
        id,
        approve,
        note,
        OffsetDateTime::now_utc(),
    )
    .await?)
}

async fn decide_form(
    state: &AppState,
    actor: &User,
    id: i64,
    approve: bool,
    form: &DecisionForm,
) -> Result<Response, PageError> {
    decide(state, actor, id, approve, form.note.as_deref()).await?;
    let back = form
        .return_to
        .as_deref()
        .filter(|p| is_local_path(p))
        .unwrap_or("/exceptions");
    let sep = if back.contains('?') { '&' } else { '?' };
    let done = if approve { "approved" } else { "denied" };
    Ok(Redirect::to(&format!("{back}{sep}done={done}")).into_response())
}

/// `POST /exceptions/{id}/approve`.
#[tracing::instrument(skip_all, fields(exception.id = id))]
pub(crate) async fn approve_form(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    decide_form(&state, &auth.user, id, true, &form).await
}

/// `POST /exceptions/{id}/deny`.
#[tracing::instrument(skip_all, fields(exception.id = id))]
pub(crate) async fn deny_form(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    decide_form(&state, &auth.user, id, false, &form).await
}

/// `GET /api/v1/exceptions?state=requested&campaign=NAME&violation=ID`.
pub(crate) async fn api_list(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<Vec<Exception>>, ApiError> {
    let mut q = ExceptionQuery::default();
    for (key, value) in pairs(query.as_deref()) {
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "state" => {
                for s in value.split(',') {
                    q.states.push(s.trim().parse().map_err(
                        |e: driftless_campaign::ParseKeywordError| {
                            ApiError::BadRequest(e.to_string())
                        },
                    )?);
                }
            }
            "campaign" => q.campaign_id = Some(state.store.campaign(&value).await?.id),
            "violation" => {
                q.violation_id = Some(value.parse().map_err(|_| {
                    ApiError::BadRequest(format!("violation={value}: expected an id"))
                })?);
            }
            _ => {}
        }
    }
    Ok(Json(state.store.exceptions(&q).await?))
}

/// The decision body: `{"note": "..."}` (optional).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct DecisionBody {
    #[serde(default)]
    note: Option<String>,
}

/// `POST /api/v1/exceptions/{id}/approve`.
pub(crate) async fn api_approve(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Json<Exception>, ApiError> {
    decide_api(&state, &auth.user, id, true, &body).await
}

/// `POST /api/v1/exceptions/{id}/deny`.
pub(crate) async fn api_deny(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Json<Exception>, ApiError> {
    decide_api(&state, &auth.user, id, false, &body).await
}

/// A decision through the API: the body is a [`DecisionBody`]; the answer, the exception.
async fn decide_api(
    state: &AppState,
    actor: &User,
    id: i64,
    approve: bool,
    body: &[u8],
) -> Result<Json<Exception>, ApiError> {
    let body: DecisionBody = json_body(body)?;
    Ok(Json(
        decide(state, actor, id, approve, body.note.as_deref()).await?,
    ))
}
