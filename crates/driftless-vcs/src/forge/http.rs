//! The HTTP plumbing the forge clients share: one reqwest client per forge, JSON in and out,
//! error responses turned into [`ForgeError`]s that carry the forge's own message, and the
//! requests on a repository's pull requests that every forge makes alike ([`PullRequests`]).
//!
//! TLS is rustls with the *ring* provider (the workspace builds no aws-lc-sys and no
//! OpenSSL), installed as the process default before the first client is built. Redirects are
//! not followed: a forge's API does not redirect a correct request, and following one to
//! another host would carry a token header there.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{ForgeError, ForgeKind, PullRequest, Token};

/// How long one request may take, connection included.
const TIMEOUT: Duration = Duration::from_mins(1);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// How much of a non-JSON error body is kept in [`ForgeError::Status`].
const BODY_EXCERPT: usize = 300;

/// A forge's API: its base URL and a client that sends the forge's headers.
pub(crate) struct Api {
    client: reqwest::Client,
    base: Url,
}

impl fmt::Debug for Api {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The client holds the token in its default headers: never print it.
        f.debug_struct("Api")
            .field("base", &self.base.as_str())
            .finish_non_exhaustive()
    }
}

/// A header carrying the token, marked sensitive so that hyper never logs it.
pub(crate) fn secret_header(
    kind: ForgeKind,
    name: &'static str,
    prefix: &str,
    token: &Token,
) -> Result<(HeaderName, HeaderValue), ForgeError> {
    let mut value = HeaderValue::from_str(&format!("{prefix}{}", token.secret()))
        .map_err(|_| ForgeError::InvalidToken { kind })?;
    value.set_sensitive(true);
    Ok((HeaderName::from_static(name), value))
}

impl Api {
    /// A client for the API at `api_url` (absolute `http`/`https`, no query) sending
    /// `headers` with every request.
    pub(crate) fn new(
        api_url: &str,
        headers: impl IntoIterator<Item = (HeaderName, HeaderValue)>,
    ) -> Result<Api, ForgeError> {
        let invalid = |message: &str| ForgeError::InvalidApiUrl {
            url: api_url.to_owned(),
            message: message.to_owned(),
        };
        let base = Url::parse(api_url).map_err(|error| invalid(&error.to_string()))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(invalid("the scheme must be http or https"));
        }
        if base.cannot_be_a_base() || base.host_str().is_none() {
            return Err(invalid("not an absolute URL with a host"));
        }
        if base.query().is_some() || base.fragment().is_some() {
            return Err(invalid("an API URL has no query or fragment"));
        }
        if !base.username().is_empty() || base.password().is_some() {
            return Err(invalid("put the token in the environment, not in the URL"));
        }
        // The process-wide default; an error only means one is installed already.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .user_agent(concat!("driftless/", env!("CARGO_PKG_VERSION")))
            .default_headers(headers.into_iter().collect::<HeaderMap>())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .build()
            .map_err(|source| ForgeError::Client { source })?;
        Ok(Api { client, base })
    }

    /// The base URL with `segments` appended, each percent-encoded as one path segment (so a
    /// GitLab project path `group/project` becomes `group%2Fproject`).
    pub(crate) fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    /// `GET url`, decoding the JSON answer.
    pub(crate) async fn get<T: DeserializeOwned>(&self, url: Url) -> Result<T, ForgeError> {
        self.send(Method::GET, url, None::<&()>).await
    }

    /// Sends one request with an optional JSON body and decodes the JSON answer. Any 2xx
    /// status is success.
    pub(crate) async fn send<T: DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        method: Method,
        url: Url,
        body: Option<&B>,
    ) -> Result<T, ForgeError> {
        let method_name = method_name(&method);
        let shown = url.to_string();
        let mut request = self.client.request(method, url);
        if let Some(body) = body {
            request = request.json(body);
        }
        let unreachable = |source| ForgeError::Unreachable {
            method: method_name,
            url: shown.clone(),
            source,
        };
        let response = request.send().await.map_err(unreachable)?;
        let status = response.status();
        let text = response.text().await.map_err(unreachable)?;
        if !status.is_success() {
            return Err(ForgeError::Status {
                method: method_name,
                url: shown,
                status: status.as_u16(),
                message: error_message(&text),
            });
        }
        serde_json::from_str(&text).map_err(|error| ForgeError::UnexpectedResponse {
            method: method_name,
            url: shown,
            message: error.to_string(),
        })
    }
}

/// A repository's pull (merge) requests in a forge's API: the collection at `<api>/<path>`
/// (listed with a query, created with `POST`) and each one at `<api>/<path>/<number>` (read
/// with `GET`, edited with the forge's method). The forge answers with its own JSON object
/// `W`, which becomes a [`PullRequest`]. Each forge gives its path, query, bodies and edit
/// method; what is the same for all is here.
pub(crate) struct PullRequests<W> {
    api: Api,
    path: Vec<String>,
    wire: PhantomData<fn() -> W>,
}

impl<W> fmt::Debug for PullRequests<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PullRequests")
            .field("api", &self.api)
            .field("path", &self.path)
            .finish()
    }
}

impl<W: DeserializeOwned + Into<PullRequest>> PullRequests<W> {
    /// The pull requests at `path` (segments, each percent-encoded as one, see [`Api::url`]).
    pub(crate) fn new(api: Api, path: &[&str]) -> PullRequests<W> {
        PullRequests {
            api,
            path: path.iter().map(|&segment| segment.to_owned()).collect(),
            wire: PhantomData,
        }
    }

    fn url(&self, number: Option<u64>) -> Url {
        let number = number.map(|number| number.to_string());
        let mut segments: Vec<&str> = self.path.iter().map(String::as_str).collect();
        segments.extend(number.as_deref());
        self.api.url(&segments)
    }

    /// `GET <path>?<query>`: one page of the forge's own objects, for the caller to filter.
    pub(crate) async fn list(&self, query: &[(&str, &str)]) -> Result<Vec<W>, ForgeError> {
        let mut url = self.url(None);
        url.query_pairs_mut().extend_pairs(query);
        self.api.get(url).await
    }

    /// `POST <path>` with `body`: the pull request created.
    pub(crate) async fn create<B: Serialize + ?Sized>(
        &self,
        body: &B,
    ) -> Result<PullRequest, ForgeError> {
        let created: W = self
            .api
            .send(Method::POST, self.url(None), Some(body))
            .await?;
        Ok(created.into())
    }

    /// `<method> <path>/<number>` with `body`: the pull request as edited.
    pub(crate) async fn edit<B: Serialize + ?Sized>(
        &self,
        method: Method,
        number: u64,
        body: &B,
    ) -> Result<PullRequest, ForgeError> {
        let edited: W = self
            .api
            .send(method, self.url(Some(number)), Some(body))
            .await?;
        Ok(edited.into())
    }

    /// `GET <path>/<number>`.
    pub(crate) async fn get(&self, number: u64) -> Result<PullRequest, ForgeError> {
        let pull: W = self.api.get(self.url(Some(number))).await?;
        Ok(pull.into())
    }
}

fn method_name(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        _ => "request",
    }
}

/// The forge's explanation in an error body.
///
/// - GitHub: `{"message": "Validation Failed", "errors": [{"message": "A pull request
///   already exists for o:b."}]}`
/// - GitLab: `{"message": ["Another open merge request already exists ..."]}`, `{"message":
///   {"title": ["is too long"]}}`, `{"error": "..."}`
/// - Gitea: `{"message": "...", "url": "..."}`
pub(crate) fn error_message(body: &str) -> String {
    let mut parts = Vec::new();
    if let Ok(value) = serde_json::from_str::<Value>(body) {
        if let Some(message) = value.get("message") {
            flatten(message, None, &mut parts);
        }
        if let Some(Value::Array(errors)) = value.get("errors") {
            for error in errors {
                match error {
                    Value::String(text) => parts.push(text.clone()),
                    Value::Object(fields) => {
                        if let Some(Value::String(text)) = fields.get("message") {
                            parts.push(text.clone());
                        } else if let Some(Value::String(code)) = fields.get("code") {
                            let field = fields.get("field").and_then(Value::as_str).unwrap_or("");
                            parts.push(format!("{field} {code}").trim().to_owned());
                        }
                    }
                    _ => {}
                }
            }
        }
        for key in ["error", "error_description"] {
            if let Some(Value::String(text)) = value.get(key) {
                parts.push(text.clone());
            }
        }
    }
    if !parts.is_empty() {
        return parts.join(": ");
    }
    let body = body.trim();
    if body.is_empty() {
        return "(empty response body)".to_owned();
    }
    match body.char_indices().nth(BODY_EXCERPT) {
        Some((end, _)) => format!("{}...", &body[..end]),
        None => body.to_owned(),
    }
}

fn flatten(value: &Value, key: Option<&str>, parts: &mut Vec<String>) {
    match value {
        Value::String(text) => parts.push(match key {
            Some(key) => format!("{key} {text}"),
            None => text.clone(),
        }),
        Value::Array(items) => items.iter().for_each(|item| flatten(item, key, parts)),
        Value::Object(fields) => fields
            .iter()
            .for_each(|(field, item)| flatten(item, Some(field), parts)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_of_each_forge() {
        assert_eq!(
            error_message(
                r#"{"message":"Validation Failed","errors":[{"resource":"PullRequest","code":"custom","message":"A pull request already exists for o:b."}],"documentation_url":"https://docs.github.com/rest"}"#
            ),
            "Validation Failed: A pull request already exists for o:b."
        );
        assert_eq!(
            error_message(
                r#"{"message":["Another open merge request already exists for this source branch: !3"]}"#
            ),
            "Another open merge request already exists for this source branch: !3"
        );
        assert_eq!(
            error_message(r#"{"message":{"title":["is too long"]}}"#),
            "title is too long"
        );
        assert_eq!(
            error_message(r#"{"error":"insufficient_scope"}"#),
            "insufficient_scope"
        );
        assert_eq!(
            error_message("<html>Bad gateway</html>"),
            "<html>Bad gateway</html>"
        );
        assert_eq!(error_message(""), "(empty response body)");
        assert_eq!(error_message(&"x".repeat(1000)).len(), BODY_EXCERPT + 3);
    }

    #[test]
    fn urls_encode_each_segment() {
        let api = Api::new("https://gitlab.example/api/v4/", []).unwrap();
        assert_eq!(
            api.url(&["projects", "group/sub/proj", "merge_requests"])
                .as_str(),
            "https://gitlab.example/api/v4/projects/group%2Fsub%2Fproj/merge_requests"
        );
    }

    #[test]
    fn api_urls_are_checked() {
        for bad in [
            "api.github.com",
            "ftp://host/api",
            "https://host/api?x=1",
            "https://user:pw@host/api",
        ] {
            assert!(
                matches!(Api::new(bad, []), Err(ForgeError::InvalidApiUrl { .. })),
                "{bad}"
            );
        }
    }
}
