//! The whole route table, in one place, and the axum application built from it. Each line of
//! the table is a method, a path, the [`Access`] the route requires, whether it is a page or
//! part of the JSON API, its handler and a summary; a new route is one more line (see
//! `docs/architecture.md`, section 4: one route table, so no route can miss its check).
//!
//! The table expands to both the axum routes and [`ROUTES`] (a list of [`RouteInfo`]), which
//! the OpenAPI document and the route-by-role tests read. Every route gets the [`guard`] with
//! its access, so no handler can forget to check the role or the CSRF token; every response
//! gets the security headers ([`security_headers`]). This module sits above the handlers:
//! it builds the OpenAPI document from [`ROUTES`] once and hands it to the handler that
//! serves it.

use crate::auth::{Guard, guard};
use crate::error::{ApiError, PageError};
use crate::openapi;
use crate::route::{Access, RouteInfo};
use crate::routes::assets::ApiDocument;
use crate::routes::{assets, campaigns, exceptions, me, session, violations};
use crate::state::AppState;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Router};
use std::sync::Arc;

macro_rules! route_table {
    ($($method:ident $path:literal $access:ident $kind:ident => $handler:path, $summary:literal;)*) => {
        /// Every route the server answers, in the order of the table.
        pub const ROUTES: &[RouteInfo] = &[
            $(RouteInfo {
                method: stringify!($method),
                path: $path,
                access: Access::$access,
                api: route_table!(@api $kind),
                summary: $summary,
            },)*
        ];

        fn table(state: &AppState) -> Router<AppState> {
            let mut router = Router::new();
            $(
                let g = Guard {
                    state: state.clone(),
                    access: Access::$access,
                    api: route_table!(@api $kind),
                };
                router = router.route(
                    $path,
                    route_table!(@method $method)($handler)
                        .layer(middleware::from_fn_with_state(g, guard)),
                );
            )*
            router
        }
    };
    (@api page) => { false };
    (@api api) => { true };
    (@method GET) => { axum::routing::get };
    (@method POST) => { axum::routing::post };
}

route_table! {
    // ---- pages
    GET  "/login"                              Public page => session::login_page, "The login form";
    POST "/login"                              Public page => session::login, "Log in with a user name and password: sets the session cookie";
    POST "/logout"                             Read   page => session::logout, "Log out: ends the session";
    GET  "/"                                   Read   page => campaigns::dashboard, "Dashboard: every campaign's progress and burndown";
    GET  "/campaigns/{name}"                   Read   page => campaigns::page, "A campaign: counts and the violations table (filters, sort, pages)";
    GET  "/violations/{id}"                    Read   page => violations::page, "A violation: the code, the rule, the fix, history and actions";
    GET  "/violations/{id}/files/{*path}"      Read   page => violations::file_page, "Another file of the violation's repository at the scanned commit";
    POST "/violations/{id}/propose"            Act    page => violations::propose_form, "Propose the violation's fix (pushes the campaign's branch)";
    POST "/violations/{id}/exceptions"         Act    page => violations::request_exception_form, "Request an exception for the violation";
    POST "/violations/{id}/assign"             Act    page => violations::assign_form, "Reassign the violation";
    GET  "/exceptions"                         Read   page => exceptions::page, "The exceptions queue";
    POST "/exceptions/{id}/approve"            Decide page => exceptions::approve_form, "Approve a requested exception";
    POST "/exceptions/{id}/deny"               Decide page => exceptions::deny_form, "Deny a requested exception";
    GET  "/me/violations"                      Read   page => me::page, "The violations the user owns";
    GET  "/static/{file}"                      Public page => assets::file, "Stylesheet and script";
    GET  "/healthz"                            Public page => assets::health, "Liveness: `ok`";
    // ---- JSON API
    GET  "/api/v1/openapi.json"                Public api  => assets::openapi, "This API's OpenAPI 3.1 document";
    GET  "/api/v1/me"                          Read   api  => me::api_me, "The user the request acts as";
    GET  "/api/v1/campaigns"                   Read   api  => campaigns::api_list, "Campaigns with their counts";
    GET  "/api/v1/campaigns/{name}"            Read   api  => campaigns::api_report, "A campaign's report: counts by every dimension and the burndown";
    GET  "/api/v1/violations"                  Read   api  => violations::api_list, "A page of violations (filters, sort, cursor)";
    GET  "/api/v1/violations/{id}"             Read   api  => violations::api_show, "A violation with its rule, history and exceptions";
    GET  "/api/v1/violations/{id}/source"      Read   api  => violations::api_source, "The violation's file at the scanned commit";
    GET  "/api/v1/violations/{id}/files/{*path}" Read api  => violations::api_file, "Another file of the violation's repository at the scanned commit";
    POST "/api/v1/violations/{id}/propose"     Act    api  => violations::api_propose, "Propose the violation's fix";
    POST "/api/v1/violations/{id}/exceptions"  Act    api  => violations::api_request_exception, "Request an exception for the violation";
    POST "/api/v1/violations/{id}/assign"      Act    api  => violations::api_assign, "Reassign the violation";
    GET  "/api/v1/exceptions"                  Read   api  => exceptions::api_list, "Exceptions (filters: state, campaign, violation)";
    POST "/api/v1/exceptions/{id}/approve"     Decide api  => exceptions::api_approve, "Approve a requested exception";
    POST "/api/v1/exceptions/{id}/deny"        Decide api  => exceptions::api_deny, "Deny a requested exception";
}

/// The application: the route table, a 404 for anything else (JSON under `/api/`), and the
/// security headers on every response. The OpenAPI document is built here, once, from
/// [`ROUTES`].
pub fn router(state: AppState) -> Router {
    let document = ApiDocument(Arc::new(openapi::document(ROUTES)));
    table(&state)
        .fallback(not_found)
        .layer(Extension(document))
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

async fn not_found(req: Request) -> Response {
    let error = ApiError::NotFound("no such page".to_owned());
    if req.uri().path().starts_with("/api/") {
        error.into_response()
    } else {
        PageError(error).into_response()
    }
}

/// The Content-Security-Policy of every response: only this server's own scripts,
/// stylesheets and images (no inline script or style), forms post only here, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Adds the security headers to every response, and `Cache-Control: no-store` to every
/// response but the static files (pages hold the user's data and CSRF token).
pub async fn security_headers(req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/static/");
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if !is_static {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
