//! Who is asking, and may they: passwords, sessions, API tokens, CSRF tokens, roles.
//!
//! - **Passwords** are argon2id PHC strings ([`hash_password`], [`verify_password`]).
//! - **Sessions**: a login sets the cookie [`SESSION_COOKIE`] to a random 256-bit id
//!   (`HttpOnly; SameSite=Strict; Path=/`, plus `Secure` when configured); the store keeps
//!   only its SHA-256, with a per-session CSRF token.
//! - **API tokens** (`Authorization: Bearer dl_...`) are for CI; the store keeps only their
//!   SHA-256 ([`new_api_token`]). A bearer request needs no CSRF token: a browser never
//!   adds that header by itself.
//! - **The guard** ([`guard`]) runs on every route of the route table with the route's
//!   [`Access`]: it authenticates, checks the role, and on every cookie-authenticated
//!   request that changes something checks the CSRF token (the `X-CSRF-Token` header or
//!   the `csrf_token` form field, compared in constant time). Handlers read the result with
//!   the [`Auth`] extractor.

use crate::error::{ApiError, PageError};
use crate::state::AppState;
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use driftless_campaign::{Id, Role, User};
use sha2::{Digest as _, Sha256};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq as _;
use time::OffsetDateTime;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "driftless_session";
/// The form field that carries the CSRF token.
pub const CSRF_FIELD: &str = "csrf_token";
/// The header that carries the CSRF token (for scripts using the session cookie).
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The prefix of API tokens, so they are recognisable in logs and secret scanners.
pub const TOKEN_PREFIX: &str = "dl_";
/// The largest form body the guard reads to find the CSRF token (64 KiB).
const MAX_FORM_BYTES: usize = 64 * 1024;

/// Hashes a password for storage: argon2id with the default parameters and a random salt,
/// as a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`).
///
/// # Errors
/// When the system's random number generator fails.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing the password: {e}"))
}

/// Whether `password` matches the PHC string `phc` (false for a malformed string).
#[must_use]
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// A PHC string of a random password, verified against when a user is unknown or has no
/// password, so a login takes as long whether the user exists or not.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password(&random_hex(16)).unwrap_or_default())
}

/// `n` random bytes as lowercase hex (`2n` digits), from the operating system.
///
/// # Panics
/// When the operating system's random number generator fails (nothing safe can be done).
#[must_use]
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).expect("the operating system's random number generator works");
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The lowercase hex SHA-256 of `text`: how session ids and API tokens are stored.
#[must_use]
pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// A new API token (`dl_` and 64 hex digits: 256 random bits) and the hash to store.
#[must_use]
pub fn new_api_token() -> (String, String) {
    let token = format!("{TOKEN_PREFIX}{}", random_hex(32));
    let hash = sha256_hex(&token);
    (token, hash)
}

/// Whether two secrets are equal, in time independent of where they differ.
#[must_use]
pub fn secrets_equal(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

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

    fn action(self) -> &'static str {
        match self {
            Self::Public | Self::Read => "read this",
            Self::Act => "act on violations (developers, security and admins do)",
            Self::Decide => "approve or deny exceptions (security and admins do)",
        }
    }
}

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

/// Login attempts, to slow down password guessing without letting anyone lock a user out.
///
/// Two counters per window: attempts for (client address, user name), limited to `max`, and
/// attempts from a client address over every name, limited to `5 × max` (password spraying).
/// An attempt is counted *before* the password is checked, so parallel requests cannot all
/// slip under the limit; a successful login clears its (address, name) counter and gives its
/// attempt back to the address. Keying by address means a stranger's failures never lock a
/// user out from their own address. Behind a reverse proxy every client has the proxy's
/// address: put the proxy's own rate limiting in front.
#[derive(Debug, Default)]
pub struct LoginLimiter {
    attempts: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginLimiter {
    fn keys(name: &str, client: IpAddr) -> (String, String) {
        (
            format!("{client}|{}", name.to_lowercase()),
            client.to_string(),
        )
    }

    /// Counts an attempt of `name` from `client`; `false` (and nothing counted) when either
    /// counter is at its limit for the current `window`.
    pub fn attempt(&self, name: &str, client: IpAddr, max: u32, window: Duration) -> bool {
        let mut map = self
            .attempts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() > 10_000 {
            map.retain(|_, (_, since)| since.elapsed() < window);
        }
        let (user_key, client_key) = Self::keys(name, client);
        let count = |map: &HashMap<String, (u32, Instant)>, key: &str| {
            map.get(key)
                .filter(|(_, since)| since.elapsed() < window)
                .map_or(0, |(n, _)| *n)
        };
        if count(&map, &user_key) >= max || count(&map, &client_key) >= max.saturating_mul(5) {
            return false;
        }
        for key in [user_key, client_key] {
            let entry = map.entry(key).or_insert((0, Instant::now()));
            if entry.1.elapsed() >= window {
                *entry = (0, Instant::now());
            }
            entry.0 += 1;
        }
        true
    }

    /// Clears the (address, name) counter after a successful login and gives the attempt
    /// back to the address.
    pub fn succeeded(&self, name: &str, client: IpAddr) {
        let mut map = self
            .attempts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (user_key, client_key) = Self::keys(name, client);
        map.remove(&user_key);
        if let Some(entry) = map.get_mut(&client_key) {
            entry.0 = entry.0.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod limiter_tests {
    use super::LoginLimiter;
    use std::net::{IpAddr, Ipv4Addr};
    use std::time::Duration;

    const A: IpAddr = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2));

    #[test]
    fn attempts_are_counted_before_checking_and_per_address() {
        let l = LoginLimiter::default();
        let w = Duration::from_secs(300);
        for _ in 0..3 {
            assert!(l.attempt("dev", A, 3, w));
        }
        assert!(
            !l.attempt("dev", A, 3, w),
            "the fourth attempt from A is refused"
        );
        assert!(!l.attempt("DEV", A, 3, w), "names are case-insensitive");
        assert!(
            l.attempt("dev", B, 3, w),
            "the user can still log in from elsewhere"
        );
        l.succeeded("dev", B);
        // Spraying many names from one address stops at 5 x max attempts.
        let sprayed = (0..40)
            .filter(|i| l.attempt(&format!("u{i}"), B, 3, w))
            .count();
        assert_eq!(sprayed, 15);
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
    let hash = hash.unwrap_or_else(|| dummy_hash().to_owned());
    let password = password.to_owned();
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash)).await?;
    Ok(user.filter(|_| ok && has_hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let phc = hash_password("correct horse").unwrap();
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(verify_password("correct horse", &phc));
        assert!(!verify_password("correct horsf", &phc));
        assert!(!verify_password("correct horse", "not a phc string"));
        assert_ne!(phc, hash_password("correct horse").unwrap(), "salted");
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, ha) = new_api_token();
        let (b, _) = new_api_token();
        assert_ne!(a, b);
        assert!(a.starts_with("dl_") && a.len() == 67, "{a}");
        assert_eq!(ha, sha256_hex(&a));
        assert_eq!(ha.len(), 64);
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(secrets_equal("abc", "abc"));
        assert!(!secrets_equal("abc", "abd"));
        assert!(!secrets_equal("abc", "abcd"));
        assert!(!secrets_equal("", "a"));
    }

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
        let set = session_cookie("abc", Duration::from_secs(60), true);
        assert_eq!(
            set.to_str().unwrap(),
            "driftless_session=abc; HttpOnly; SameSite=Strict; Path=/; Max-Age=60; Secure"
        );
    }

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
