//! Who is asking, and may they: sessions, API tokens, CSRF tokens, roles, on every request.
//!
//! - **Passwords** are argon2id PHC strings ([`hash_password`], [`verify_password`]; the
//!   secrets themselves are in the private `credentials` module, re-exported here).
//! - **Sessions**: a login sets the cookie [`SESSION_COOKIE`] to a random 256-bit id
//!   (`HttpOnly; SameSite=Strict; Path=/`, plus `Secure` when configured); the store keeps
//!   only its SHA-256, with a per-session CSRF token.
//! - **API tokens** (`Authorization: Bearer dl_...`) are for CI; the store keeps only their
//!   SHA-256 ([`new_api_token`]). A bearer request needs no CSRF token: a browser never
//!   adds that header by itself.
//! - **The guard** ([`guard`]) runs on every route of the route table with the route's
//!   [`Access`]: it authenticates, checks the role, and on every cookie-authenticated
//!   request that changes something checks the CSRF token (the `X-CSRF-Token` header or
//!   the `csrf_token` form field, compared in constant time). Handlers read the result, an
//!   [`Authenticated`], with the [`Auth`] extractor.

mod credentials;

pub use credentials::{
    TOKEN_PREFIX, hash_password, new_api_token, random_hex, secrets_equal, sha256_hex,
    verify_password,
};

use crate::error::{ApiError, PageError};
use crate::identity::{Authenticated, Via};
use crate::route::Access;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use driftless_campaign::User;
use std::time::Duration;
use time::OffsetDateTime;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "driftless_session";
/// The form field that carries the CSRF token.
pub const CSRF_FIELD: &str = "csrf_token";
/// The header that carries the CSRF token (for scripts using the session cookie).
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The largest form body the guard reads to find the CSRF token (64 KiB).
const MAX_FORM_BYTES: usize = 64 * 1024;

/// The extractor handlers use: the [`Authenticated`] user the guard put in the request.
#[derive(Debug, Clone)]
pub struct Auth(pub Authenticated);

impl<S: Send + Sync> FromRequestParts<S> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Authenticated>()
            .cloned()
            .map(Auth)
            .ok_or(ApiError::Unauthorized)
    }
}

/// The value of cookie `name` in the request's `Cookie` headers.
#[must_use]
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The user of a request: the bearer token when there is an `Authorization` header (a bad
/// one is not retried as a cookie), else the session cookie; `None` when neither is valid.
///
/// # Errors
/// [`ApiError::Internal`] when the store fails.
pub async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<Authenticated>, ApiError> {
    let now = OffsetDateTime::now_utc();
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| t.starts_with(TOKEN_PREFIX) && t.len() == TOKEN_PREFIX.len() + 64);
        let Some(token) = token else {
            return Ok(None);
        };
        return Ok(state
            .store
            .authenticate_api_token(&sha256_hex(token), now)
            .await?
            .map(|(token, user)| Authenticated {
                user,
                via: Via::Token { id: token.id },
            }));
    }
    let Some(id) = cookie(headers, SESSION_COOKIE)
        .filter(|id| id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit()))
    else {
        return Ok(None);
    };
    let id_hash = sha256_hex(&id);
    Ok(state
        .store
        .session(&id_hash, now)
        .await?
        .map(|session| Authenticated {
            user: session.user,
            via: Via::Session {
                id_hash,
                csrf_token: session.csrf_token,
            },
        }))
}

/// The `Set-Cookie` value of a new session.
#[must_use]
pub fn session_cookie(id: &str, ttl: Duration, secure: bool) -> HeaderValue {
    let value = format!(
        "{SESSION_COOKIE}={id}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}",
        ttl.as_secs(),
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The `Set-Cookie` value that removes the session cookie.
#[must_use]
pub fn clear_session_cookie(secure: bool) -> HeaderValue {
    if secure {
        HeaderValue::from_static(
            "driftless_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0; Secure",
        )
    } else {
        HeaderValue::from_static("driftless_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0")
    }
}

/// What the guard of one route checks.
#[derive(Clone)]
pub struct Guard {
    /// The application.
    pub state: AppState,
    /// The access the route requires.
    pub access: Access,
    /// Whether the route is part of the JSON API (errors as JSON, 401 instead of a redirect
    /// to the login page).
    pub api: bool,
}

/// The middleware on every route (see the module documentation).
pub async fn guard(State(g): State<Guard>, req: Request, next: Next) -> Response {
    let reject = |e: ApiError| {
        if g.api {
            e.into_response()
        } else {
            PageError(e).into_response()
        }
    };
    if g.access == Access::Public {
        return next.run(req).await;
    }
    let auth = match authenticate(&g.state, req.headers()).await {
        Ok(Some(auth)) => auth,
        Ok(None) if g.api => return ApiError::Unauthorized.into_response(),
        Ok(None) => {
            let here = req
                .uri()
                .path_and_query()
                .map_or("/", axum::http::uri::PathAndQuery::as_str);
            let next: String = form_urlencoded::byte_serialize(here.as_bytes()).collect();
            return Redirect::to(&format!("/login?next={next}")).into_response();
        }
        Err(e) => return reject(e),
    };
    if !g.access.allows(auth.user.role) {
        return reject(ApiError::Forbidden(format!(
            "{} ({}) may not {}",
            auth.user.name,
            auth.user.role,
            g.access.action()
        )));
    }
    let req = if changes_state(req.method()) {
        match check_csrf(&auth, req).await {
            Ok(req) => req,
            Err(e) => return reject(e),
        }
    } else {
        req
    };
    let mut req = req;
    req.extensions_mut().insert(auth);
    next.run(req).await
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Checks the CSRF token of a cookie-authenticated request (bearer requests pass): the
/// header, or the form field (the body is read, up to 64 KiB, and put back).
async fn check_csrf(auth: &Authenticated, req: Request) -> Result<Request, ApiError> {
    let Via::Session { csrf_token, .. } = &auth.via else {
        return Ok(req);
    };
    let refused = || {
        ApiError::Forbidden("missing or wrong CSRF token: reload the page and try again".to_owned())
    };
    if let Some(sent) = req.headers().get(CSRF_HEADER) {
        return match sent.to_str() {
            Ok(sent) if secrets_equal(sent, csrf_token) => Ok(req),
            _ => Err(refused()),
        };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(refused());
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| ApiError::BadRequest("the form is too large (64 KiB at most)".to_owned()))?;
    let sent = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == CSRF_FIELD)
        .map(|(_, v)| v.into_owned());
    match sent {
        Some(sent) if secrets_equal(&sent, csrf_token) => {
            Ok(Request::from_parts(parts, Body::from(bytes)))
        }
        _ => Err(refused()),
    }
}

/// Checks a login: the user and whether the password matches (argon2 runs on a blocking
/// thread; an unknown user or one without a password costs the same time).
///
/// # Errors
/// [`ApiError::Internal`] when the store fails.
pub async fn check_password(
    state: &AppState,
    name: &str,
    password: &str,
) -> Result<Option<User>, ApiError> {
    let user = match state.store.user(name).await {
        Ok(user) => Some(user),
        Err(driftless_campaign::StoreError::NotFound { .. }) => None,
        Err(e) => return Err(e.into()),
    };
    let hash = match &user {
        Some(u) => state.store.password_hash(&u.name).await?,
        None => None,
    };
    let has_hash = hash.is_some();
    let hash = hash.unwrap_or_else(|| credentials::dummy_hash().to_owned());
    let password = password.to_owned();
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash)).await?;
    Ok(user.filter(|_| ok && has_hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; driftless_session=xyz"),
        );
        headers.append(header::COOKIE, HeaderValue::from_static("b=2"));
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("xyz"));
        assert_eq!(cookie(&headers, "b").as_deref(), Some("2"));
        assert_eq!(cookie(&headers, "c"), None);
        let set = session_cookie("abc", Duration::from_mins(1), true);
        assert_eq!(
            set.to_str().unwrap(),
            "driftless_session=abc; HttpOnly; SameSite=Strict; Path=/; Max-Age=60; Secure"
        );
    }
}
