//! The web UI and JSON API of driftless campaigns (issue 6): `driftless serve`.
//!
//! The security team sees where every campaign stands (dashboard, campaign pages with the
//! violations table, the exceptions queue); each developer sees their violations, the code
//! at the scanned commit with the offending lines, the rule, the fix as a diff and what it
//! can break, and acts: propose the fix, ask for an exception, reassign. Everything the
//! pages do is also a JSON API under `/api/v1`, described at `/api/v1/openapi.json`.
//!
//! The modules form layers; each uses only those above it (no import circle). The guard in
//! [`auth`] checks every route of the table in [`router`] with its role and CSRF token;
//! handlers answer [`ApiError`], or [`PageError`](error::PageError) on pages.
//!
//! ```text
//! limiter, counts, highlight   login attempts, cached campaign counts, HCL tokens: no crate types
//! identity, route              who a request acts as; what a route is and the Access it requires
//! state                        AppState (store, data folder, settings, limiter, counts)
//! views                        the templates and the page frame
//! error                        ApiError, and PageError, which renders the error page
//! auth                         credentials, sessions, API tokens, CSRF: the guard and Auth
//! openapi                      the OpenAPI document of a route list
//! routes                       the handlers, one module per resource
//! router                       the route table (ROUTES) and the axum application built from it
//! ```
//!
//! ```no_run
//! # async fn demo(store: std::sync::Arc<dyn driftless_campaign::Store>) -> std::io::Result<()> {
//! use driftless_server::{AppState, Settings};
//! let state = AppState::new(store, ".driftless".into(), Settings::default());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! driftless_server::launch_with_listener(state, listener, driftless_server::shutdown_signal()).await
//! # }
//! ```
#![warn(missing_docs)]

pub mod auth;
mod counts;
pub mod error;
pub mod highlight;
pub mod identity;
mod limiter;
pub mod openapi;
pub mod route;
pub mod router;
mod routes;
pub mod state;
mod views;

pub use error::ApiError;
pub use state::{AppState, Settings};

use std::future::Future;
use tokio::net::TcpListener;

/// Serves the web UI and the API on `listener` until `shutdown` completes, then finishes the
/// requests in flight (graceful shutdown). Tests bind `127.0.0.1:0` and pass a oneshot
/// receiver; `driftless serve` passes [`shutdown_signal`].
///
/// # Errors
/// When accepting connections fails.
pub async fn launch_with_listener(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "driftless web UI listening");
    }
    // The peer address keys the login limiter (see `limiter::LoginLimiter`).
    let app = router::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing the requests in flight");
}
