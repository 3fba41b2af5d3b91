//! One error type for every handler: handlers use `?`, each variant's doc says the status it
//! answers with, and internal failures are logged with `tracing` and answered with a generic
//! message, never with their details.
//!
//! API routes answer JSON (`{"error": {"status": 404, "message": "..."}}`); page routes wrap
//! the same error in [`PageError`], which answers an HTML page (or, for 401, a redirect to
//! the login page).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use driftless_campaign::StoreError;
use driftless_campaign::workflow::WorkflowError;

/// An error of a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// 401 Unauthorized: no valid session cookie or API token.
    #[error("log in first: no valid session or API token")]
    Unauthorized,
    /// 403 Forbidden: the user's role does not allow the action, or the CSRF token is
    /// missing or wrong.
    #[error("{0}")]
    Forbidden(String),
    /// 404 Not Found.
    #[error("{0}")]
    NotFound(String),
    /// 400 Bad Request: a malformed parameter or body.
    #[error("{0}")]
    BadRequest(String),
    /// 409 Conflict: the change contradicts what is stored (an exception already requested,
    /// decided twice).
    #[error("{0}")]
    Conflict(String),
    /// 422 Unprocessable Entity: the request is well-formed but not acceptable (an empty
    /// reason, an expiry too far away, approving one's own request).
    #[error("{0}")]
    Unprocessable(String),
    /// 429 Too Many Requests: too many failed logins for this user name; try again later.
    #[error("too many failed logins: try again in a few minutes")]
    TooManyRequests,
    /// 500 Internal Server Error: anything else. Logged; the client sees a generic message.
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// The status the error answers with.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the client is told: the message, except for internal errors.
    #[must_use]
    pub fn public_message(&self) -> String {
        match self {
            Self::Internal(_) => {
                "internal server error: the details are in the server's log".to_owned()
            }
            other => other.to_string(),
        }
    }

    /// A 404 for `what` (`violation 12`).
    #[must_use]
    pub fn not_found(what: impl std::fmt::Display) -> Self {
        Self::NotFound(format!("no {what}"))
    }

    fn log(&self) {
        if let Self::Internal(e) = self {
            tracing::error!(error = format!("{e:#}"), "request failed");
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { what } => Self::NotFound(format!("no {what}")),
            StoreError::Conflict(message) => Self::Conflict(message),
            other => Self::Internal(anyhow::Error::new(other)),
        }
    }
}

impl From<WorkflowError> for ApiError {
    fn from(e: WorkflowError) -> Self {
        match e {
            WorkflowError::Forbidden { .. } => Self::Forbidden(e.to_string()),
            WorkflowError::Invalid(message) => Self::Unprocessable(message),
            WorkflowError::Store(store) => store.into(),
            other => Self::Internal(anyhow::Error::new(other)),
        }
    }
}

impl From<askama::Error> for ApiError {
    fn from(e: askama::Error) -> Self {
        Self::Internal(anyhow::Error::new(e).context("rendering a template"))
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        Self::Internal(anyhow::Error::new(e).context("a background task failed"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.log();
        let status = self.status();
        let body = serde_json::json!({
            "error": { "status": status.as_u16(), "message": self.public_message() }
        });
        let mut response = (status, axum::Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"driftless\""),
            );
        }
        response
    }
}

/// [`ApiError`] on a page route: an HTML error page, or for 401 a redirect to the login page.
#[derive(Debug)]
pub struct PageError(pub ApiError);

impl<E> From<E> for PageError
where
    ApiError: From<E>,
{
    fn from(e: E) -> Self {
        Self(ApiError::from(e))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let error = self.0;
        if matches!(error, ApiError::Unauthorized) {
            return Redirect::to("/login").into_response();
        }
        error.log();
        crate::views::error_page(error.status(), &error.public_message())
    }
}

/// Shorthand for handler results.
pub type ApiResult<T> = Result<T, ApiError>;
