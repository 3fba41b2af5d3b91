//! Static files (embedded in the binary), the liveness probe and the OpenAPI document.

use crate::error::ApiError;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use std::sync::Arc;

/// The embedded static files: name, content type, content.
const FILES: &[(&str, &str, &str)] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("../../static/app.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/app.js"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_str!("../../static/favicon.svg"),
    ),
];

/// `GET /static/{file}`.
pub(crate) async fn file(Path(name): Path<String>) -> Result<Response, ApiError> {
    let (_, content_type, body) = FILES
        .iter()
        .find(|(n, _, _)| *n == name)
        .ok_or_else(|| ApiError::not_found(format!("static file {name}")))?;
    let mut response = (*body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    Ok(response)
}

/// `GET /healthz`.
pub(crate) async fn health() -> &'static str {
    "ok"
}

/// The OpenAPI document the router built from the route table, handed to [`openapi`] as a
/// request extension (the table names this module's handlers, so they cannot read it).
#[derive(Debug, Clone)]
pub(crate) struct ApiDocument(pub(crate) Arc<serde_json::Value>);

/// `GET /api/v1/openapi.json`.
pub(crate) async fn openapi(
    Extension(ApiDocument(doc)): Extension<ApiDocument>,
) -> Json<serde_json::Value> {
    Json(doc.as_ref().clone())
}
