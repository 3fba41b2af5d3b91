//! Logging in and out.

use super::{is_local_path, pairs};
use crate::auth::{self, Auth, check_password, clear_session_cookie, session_cookie};
use crate::error::{ApiError, PageError};
use crate::identity::Via;
use crate::state::AppState;
use crate::views::{Layout, LoginPage, render};
use axum::Form;
use axum::extract::{ConnectInfo, RawQuery, State};
use axum::http::{HeaderMap, HeaderName, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use driftless_campaign::NewSession;
use serde::Deserialize;
use time::OffsetDateTime;

/// `GET /login`.
pub(crate) async fn login_page(RawQuery(query): RawQuery) -> Result<Response, PageError> {
    let next = pairs(query.as_deref())
        .into_iter()
        .find(|(k, _)| k == "next")
        .map(|(_, v)| v)
        .filter(|v| is_local_path(v))
        .unwrap_or_else(|| "/".to_owned());
    Ok(render(&LoginPage {
        layout: Layout::anonymous("Log in"),
        next,
        name: String::new(),
        failed: false,
    })?)
}

/// The login form.
#[derive(Debug, Deserialize)]
pub(crate) struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// Refuses a cross-site login (login CSRF).
///
/// A browser says where a form comes from in `Sec-Fetch-Site`: only `same-origin` (or
/// `none`, a request the user made) logs in. Browsers without it are judged by `Origin`,
/// which must name this host. `Origin` alone is not enough: under this server's
/// `Referrer-Policy: no-referrer` a browser sends `Origin: null` even from the server's own
/// login form (Fetch, "serializing a request origin"), so `null` is judged by
/// `Sec-Fetch-Site`, and refused without it. A client with neither header (curl, scripts) is
/// no browser and cannot be led into a login CSRF.
fn same_origin(headers: &HeaderMap) -> bool {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text(HeaderName::from_static("sec-fetch-site")) {
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = text(header::ORIGIN) else {
        return true;
    };
    let host = text(header::HOST).unwrap_or("");
    origin
        .split_once("://")
        .is_some_and(|(_, authority)| authority == host)
}

/// `POST /login`: checks the password (argon2), creates a session and sets its cookie.
pub(crate) async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    if !same_origin(&headers) {
        return Err(ApiError::Forbidden("cross-site login refused".to_owned()).into());
    }
    let settings = &state.settings;
    let name = form.username.trim();
    let client = peer.ip();
    if !state.limiter.attempt(
        name,
        client,
        settings.max_failed_logins,
        settings.login_window,
    ) {
        return Err(ApiError::TooManyRequests.into());
    }
    let Some(user) = check_password(&state, name, &form.password).await? else {
        tracing::info!(user = name, "failed login");
        let mut response = render(&LoginPage {
            layout: Layout::anonymous("Log in"),
            next: form.next.clone(),
            name: name.to_owned(),
            failed: true,
        })?;
        *response.status_mut() = StatusCode::UNAUTHORIZED;
        return Ok(response);
    };
    state.limiter.succeeded(name, client);
    let id = auth::random_hex(32);
    let now = OffsetDateTime::now_utc();
    let ttl = settings.session_ttl;
    state
        .store
        .create_session(&NewSession {
            id_hash: auth::sha256_hex(&id),
            user: user.name.clone(),
            csrf_token: auth::random_hex(32),
            created_at: now,
            expires_at: now + ttl,
        })
        .await?;
    // Sessions that ended are removed now and then; a failure here does not matter.
    if let Err(e) = state.store.delete_expired_sessions(now).await {
        tracing::warn!(error = %e, "removing expired sessions");
    }
    tracing::info!(user = %user.name, "login");
    let next = if is_local_path(&form.next) {
        form.next.as_str()
    } else {
        "/"
    };
    let mut response = Redirect::to(next).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(&id, ttl, settings.secure_cookies),
    );
    Ok(response)
}

/// `POST /logout`: ends the session and removes the cookie.
pub(crate) async fn logout(
    State(state): State<AppState>,
    Auth(auth): Auth,
) -> Result<Response, PageError> {
    if let Via::Session { id_hash, .. } = &auth.via {
        state.store.delete_session(id_hash).await?;
    }
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        clear_session_cookie(state.settings.secure_cookies),
    );
    Ok(response)
}
