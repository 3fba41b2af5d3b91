//! The user's own page: "my violations" (matched by name, e-mail and git identities, as
//! `driftless violation list --mine`), and `GET /api/v1/me`.

use super::{Filters, Names, identities, table};
use crate::auth::Auth;
use crate::error::{ApiError, PageError};
use crate::identity::Via;
use crate::state::AppState;
use crate::views::{Layout, MinePage, render};
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use driftless_campaign::{User, ViolationStatus};
use serde::Serialize;

/// `GET /me/violations`: outstanding ones unless the filter says otherwise.
#[tracing::instrument(skip_all)]
pub(crate) async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let mut filters = Filters::parse(query.as_deref())?;
    if query.as_deref().is_none_or(str::is_empty) {
        filters.statuses = vec![
            ViolationStatus::Open,
            ViolationStatus::FixProposed,
            ViolationStatus::InReview,
        ];
        filters.statuses.sort();
    }
    let mine = identities(&auth.user);
    let store_query = filters.to_query(&state, None, &mine).await?;
    let page = state.store.violations(&store_query).await?;
    let names = Names::load(&state).await?;
    Ok(render(&MinePage {
        layout: Layout::new("My violations", &auth),
        identities: mine.join(", "),
        table: table("/me/violations", &filters, &page, &names, None, true),
    })?)
}

/// The user as `GET /api/v1/me` shows them.
#[derive(Debug, Serialize)]
pub(crate) struct Me {
    user: User,
    /// `session` or `token`.
    authenticated_by: &'static str,
    /// The session's CSRF token, for scripts that post with the cookie (`X-CSRF-Token`).
    #[serde(skip_serializing_if = "Option::is_none")]
    csrf_token: Option<String>,
}

/// `GET /api/v1/me`.
pub(crate) async fn api_me(Auth(auth): Auth) -> Result<Json<Me>, ApiError> {
    let (authenticated_by, csrf_token) = match &auth.via {
        Via::Session { csrf_token, .. } => ("session", Some(csrf_token.clone())),
        Via::Token { .. } => ("token", None),
    };
    Ok(Json(Me {
        user: auth.user,
        authenticated_by,
        csrf_token,
    }))
}
