//! The GitHub, GitLab and Gitea clients against fake forges on 127.0.0.1.
//!
//! Each fake checks every request (method, path, query, JSON body, auth and API headers),
//! keeps its pull requests in memory, and answers with JSON shaped like the forge's public API
//! documents, status codes included (201 on create; 422 on GitHub and 409 on GitLab and Gitea
//! when a pull request is already open for the branch). A request the fake does not expect is
//! recorded as a problem, and every test ends by asserting there were none. No test reaches
//! the network.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use driftless_vcs::forge::{
    Forge, ForgeError, ForgeKind, NewPullRequest, Opened, PullRequest, PullRequestState, Token,
    connect,
};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// The fake forge's model and plumbing, shared by the three dialects.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Open,
    Closed,
    Merged,
}

#[derive(Debug, Clone)]
struct FakePr {
    number: u64,
    title: String,
    body: String,
    head: String,
    base: String,
    state: State,
    merge_sha: Option<String>,
    /// The head branch lives in a fork, not in the repository itself.
    fork: bool,
}

#[derive(Debug, Default)]
struct Fake {
    prs: Vec<FakePr>,
    /// What the client asked for, in order: `list`, `create`, `update 3`, `get 3`.
    ops: Vec<String>,
    /// Requests that did not look as the API documents.
    problems: Vec<String>,
    /// Answer the next list request with nothing (a pull request opened meanwhile).
    hide_next_list: bool,
    /// Pages requested (Gitea).
    pages: Vec<String>,
}

impl Fake {
    fn expect(&mut self, ok: bool, what: impl Into<String>) {
        if !ok {
            self.problems.push(what.into());
        }
    }

    fn unknown(&mut self, request: &Request) -> (u16, Value) {
        self.problems
            .push(format!("unexpected {} {}", request.method, request.path));
        (404, json!({"message": "Not Found"}))
    }

    fn seed(&mut self, head: &str, state: State, fork: bool) -> u64 {
        let number = self.prs.iter().map(|pr| pr.number).max().unwrap_or(0) + 1;
        self.prs.push(FakePr {
            number,
            title: format!("old title {number}"),
            body: format!("old body {number}"),
            head: head.to_owned(),
            base: "main".to_owned(),
            state,
            merge_sha: (state == State::Merged).then(|| format!("{number:0>40}")),
            fork,
        });
        number
    }

    fn open_for(&mut self, head: Option<&str>) -> Vec<FakePr> {
        if std::mem::take(&mut self.hide_next_list) {
            return Vec::new();
        }
        self.prs
            .iter()
            .filter(|pr| pr.state == State::Open && head.is_none_or(|head| pr.head == head))
            .cloned()
            .collect()
    }

    /// The JSON body, checked to be an object with exactly `keys`, all strings.
    fn body(&mut self, request: &Request, keys: &[&str]) -> BTreeMap<String, String> {
        self.expect(
            request.header("content-type") == Some("application/json"),
            format!("{} {}: content-type", request.method, request.path),
        );
        let mut fields = BTreeMap::new();
        match &request.body {
            Some(Value::Object(map)) => {
                let mut got: Vec<&str> = map.keys().map(String::as_str).collect();
                got.sort_unstable();
                let mut want = keys.to_vec();
                want.sort_unstable();
                self.expect(got == want, format!("body keys {got:?}, expected {want:?}"));
                for (key, value) in map {
                    match value.as_str() {
                        Some(text) => {
                            fields.insert(key.clone(), text.to_owned());
                        }
                        None => self.problems.push(format!("{key} is not a string")),
                    }
                }
            }
            other => self
                .problems
                .push(format!("body is not an object: {other:?}")),
        }
        fields
    }

    fn query(&mut self, request: &Request, want: &[(&str, &str)]) {
        let want: BTreeMap<String, String> = want
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        self.expect(
            request.query == want,
            format!("query {:?}, expected {want:?}", request.query),
        );
    }

    fn create(&mut self, head: &str, base: &str, title: &str, body: &str) -> FakePr {
        self.seed(head, State::Open, false);
        let pr = self.prs.last_mut().unwrap();
        base.clone_into(&mut pr.base);
        title.clone_into(&mut pr.title);
        body.clone_into(&mut pr.body);
        pr.clone()
    }

    fn find(&self, number: &str) -> Option<usize> {
        let number: u64 = number.parse().ok()?;
        self.prs.iter().position(|pr| pr.number == number)
    }
}

#[derive(Debug)]
struct Request {
    method: Method,
    /// As sent, percent-encoding kept.
    path: String,
    query: BTreeMap<String, String>,
    headers: HeaderMap,
    body: Option<Value>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

type Shared = Arc<Mutex<Fake>>;

/// The names a forge gives the fields of a pull request in the bodies it is sent: create sends
/// all four, edit sends `title` and `body`.
struct Fields {
    head: &'static str,
    base: &'static str,
    title: &'static str,
    body: &'static str,
}

/// One forge's dialect: how to build its client and how its fake answers. [`handle`] routes
/// the requests every forge answers alike; the dialect gives what differs.
trait Dialect {
    const KIND: ForgeKind;
    /// The API path prefix the tests use (an on-premises installation's).
    const PREFIX: &'static str;
    const TOKEN: &'static str;
    const REPOSITORY: &'static str;
    /// The status the forge answers when a pull request is already open for the branch.
    const DUPLICATE: u16;
    /// The path of the repository's pull requests, as sent (percent-encoding kept).
    const PULLS: &'static str;
    /// The method that edits a pull request, and the status the forge answers it with.
    const EDIT: (&'static str, u16);
    /// The field names in create and edit bodies.
    const FIELDS: Fields;
    /// The forge's JSON object for a pull request.
    const JSON: fn(&FakePr) -> Value;
    /// Checks the token (`Err` with the forge's 401 answer when it is wrong) and records a
    /// problem for any other header the API wants and did not get.
    fn authorize(fake: &mut Fake, request: &Request) -> Result<(), (u16, Value)>;
    /// Answers a list request (each forge filters and pages in its own way).
    fn list(fake: &mut Fake, request: &Request) -> (u16, Value);
    /// The answer to creating a pull request while `open` is open for the same branch.
    fn duplicate(open: &FakePr) -> (u16, Value);
    /// The body of a 404 for a pull request that does not exist.
    fn not_found() -> Value;
    /// A 2xx answer that is not a pull request (asked for as number 500).
    fn not_a_pull_request() -> Value;
}

/// Answers one request the way forge `D` does.
fn handle<D: Dialect>(fake: &mut Fake, request: &Request) -> (u16, Value) {
    if let Err(answer) = D::authorize(fake, request) {
        return answer;
    }
    let Some(rest) = request.path.strip_prefix(D::PULLS) else {
        return fake.unknown(request);
    };
    let fields = D::FIELDS;
    let (edit_method, edit_status) = D::EDIT;
    match (
        request.method.as_str(),
        rest.strip_prefix('/').unwrap_or(rest),
    ) {
        ("GET", "") => {
            fake.ops.push("list".to_owned());
            D::list(fake, request)
        }
        ("POST", "") => {
            fake.ops.push("create".to_owned());
            let body = fake.body(
                request,
                &[fields.title, fields.body, fields.head, fields.base],
            );
            let head = body.get(fields.head).cloned().unwrap_or_default();
            if let Some(open) = fake
                .prs
                .iter()
                .find(|pr| pr.head == head && pr.state == State::Open && !pr.fork)
            {
                return D::duplicate(open);
            }
            let pr = fake.create(
                &head,
                &body[fields.base],
                &body[fields.title],
                &body[fields.body],
            );
            (201, (D::JSON)(&pr))
        }
        (method, number) if method == edit_method => {
            fake.ops.push(format!("update {number}"));
            let body = fake.body(request, &[fields.title, fields.body]);
            let Some(index) = fake.find(number) else {
                return (404, D::not_found());
            };
            let pr = &mut fake.prs[index];
            pr.title.clone_from(&body[fields.title]);
            pr.body.clone_from(&body[fields.body]);
            (edit_status, (D::JSON)(&pr.clone()))
        }
        ("GET", number) => {
            fake.ops.push(format!("get {number}"));
            fake.query(request, &[]);
            if number == "500" {
                return (200, D::not_a_pull_request());
            }
            match fake.find(number) {
                Some(index) => (200, (D::JSON)(&fake.prs[index])),
                None => (404, D::not_found()),
            }
        }
        _ => fake.unknown(request),
    }
}

async fn start<D: Dialect>(fake: Shared) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = Router::new().fallback(
        move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let fake = fake.clone();
            async move {
                let query = uri
                    .query()
                    .map(|query| {
                        reqwest::Url::parse(&format!("http://fake/?{query}"))
                            .unwrap()
                            .query_pairs()
                            .map(|(k, v)| (k.into_owned(), v.into_owned()))
                            .collect()
                    })
                    .unwrap_or_default();
                let mut fake = fake.lock().unwrap();
                let body = if body.is_empty() {
                    None
                } else {
                    match serde_json::from_slice(&body) {
                        Ok(value) => Some(value),
                        Err(error) => {
                            fake.problems.push(format!("body is not JSON: {error}"));
                            None
                        }
                    }
                };
                let request = Request {
                    method,
                    path: uri.path().to_owned(),
                    query,
                    headers,
                    body,
                };
                if request.method == Method::GET && request.body.is_some() {
                    fake.problems.push("GET with a body".to_owned());
                }
                let (status, value) = handle::<D>(&mut fake, &request);
                (
                    StatusCode::from_u16(status).unwrap(),
                    [(header::CONTENT_TYPE, "application/json")],
                    value.to_string(),
                )
            }
        },
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}{}", D::PREFIX)
}

struct Harness {
    fake: Shared,
    forge: Box<dyn Forge>,
}

impl Harness {
    async fn new<D: Dialect>() -> Harness {
        Harness::with_token::<D>(D::TOKEN).await
    }

    async fn with_token<D: Dialect>(token: &str) -> Harness {
        let fake = Shared::default();
        let api = start::<D>(fake.clone()).await;
        let forge = connect(D::KIND, Some(&api), D::REPOSITORY, Some(Token::new(token)))
            .unwrap()
            .unwrap();
        Harness { fake, forge }
    }

    fn fake(&self) -> std::sync::MutexGuard<'_, Fake> {
        self.fake.lock().unwrap()
    }

    /// The requests made so far, forgotten; panics on any problem.
    fn take_ops(&self) -> Vec<String> {
        let mut fake = self.fake();
        assert_eq!(
            fake.problems,
            Vec::<String>::new(),
            "requests the API would refuse"
        );
        std::mem::take(&mut fake.ops)
    }
}

fn new_pr(head: &str) -> NewPullRequest {
    NewPullRequest {
        title: "driftless: Require IMDSv2 (3 violations)".to_owned(),
        body: "## Violations\n- `aws_instance.web`: aws-ec2-imdsv2-required\n".to_owned(),
        head: head.to_owned(),
        base: "main".to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// The scenarios, run against each dialect.

async fn creates_when_none_is_open<D: Dialect>() {
    let h = Harness::new::<D>().await;
    let head = "driftless/imdsv2";
    {
        let mut fake = h.fake();
        fake.seed(head, State::Closed, false);
        fake.seed(head, State::Merged, false);
        fake.seed("someone/else", State::Open, false);
        fake.seed(head, State::Open, true);
    }
    let wanted = new_pr(head);
    let (pr, opened) = h.forge.open_or_update(&wanted).await.unwrap();
    assert_eq!(opened, Opened::Created);
    assert_eq!(h.take_ops(), ["list", "create"]);
    assert_eq!(pr.number, 5);
    assert_eq!(
        (
            pr.title.as_str(),
            pr.body.as_str(),
            pr.head.as_str(),
            pr.base.as_str()
        ),
        (wanted.title.as_str(), wanted.body.as_str(), head, "main")
    );
    assert_eq!(pr.state, PullRequestState::Open);
    assert!(pr.url.ends_with('5'), "{}", pr.url);
    let fake = h.fake();
    let stored = fake.prs.last().unwrap();
    assert_eq!(
        (
            stored.title.as_str(),
            stored.body.as_str(),
            stored.base.as_str()
        ),
        (wanted.title.as_str(), wanted.body.as_str(), "main")
    );
}

async fn updates_the_open_one_and_never_duplicates<D: Dialect>() {
    let h = Harness::new::<D>().await;
    let head = "driftless/imdsv2";
    let number = {
        let mut fake = h.fake();
        fake.seed("other", State::Open, false);
        fake.seed(head, State::Open, false)
    };
    let mut wanted = new_pr(head);
    let (pr, opened) = h.forge.open_or_update(&wanted).await.unwrap();
    assert_eq!(opened, Opened::Updated);
    assert_eq!(
        h.take_ops(),
        ["list".to_owned(), format!("update {number}")]
    );
    assert_eq!(
        (pr.number, pr.title.as_str()),
        (number, wanted.title.as_str())
    );
    assert_eq!(h.fake().prs.len(), 2);
    assert_eq!(h.fake().prs[1].body, wanted.body);

    // The same again: nothing to send.
    let (pr, opened) = h.forge.open_or_update(&wanted).await.unwrap();
    assert_eq!((opened, pr.number), (Opened::Unchanged, number));
    assert_eq!(h.take_ops(), ["list"]);

    // Opened meanwhile: creation is refused as a duplicate, the open one is updated.
    wanted.body.push_str("- one more\n");
    h.fake().hide_next_list = true;
    let (pr, opened) = h.forge.open_or_update(&wanted).await.unwrap();
    assert_eq!((opened, pr.number), (Opened::Updated, number));
    assert_eq!(
        h.take_ops(),
        [
            "list".to_owned(),
            "create".to_owned(),
            "list".to_owned(),
            format!("update {number}")
        ]
    );
    assert_eq!(h.fake().prs.len(), 2);

    // Creating directly surfaces the forge's duplicate status and message.
    let err = h.forge.create_pull_request(&wanted).await.unwrap_err();
    assert_eq!(err.status(), Some(D::DUPLICATE), "{err}");
    assert!(err.to_string().contains("already exists"), "{err}");
    assert_eq!(h.take_ops(), ["create"]);
}

async fn reports_states<D: Dialect>() {
    let h = Harness::new::<D>().await;
    let (open, closed, merged) = {
        let mut fake = h.fake();
        (
            fake.seed("a", State::Open, false),
            fake.seed("b", State::Closed, false),
            fake.seed("c", State::Merged, false),
        )
    };
    let state = |pr: PullRequest| pr.state;
    assert_eq!(
        state(h.forge.pull_request(open).await.unwrap()),
        PullRequestState::Open
    );
    assert_eq!(
        state(h.forge.pull_request(closed).await.unwrap()),
        PullRequestState::Closed
    );
    let pr = h.forge.pull_request(merged).await.unwrap();
    assert_eq!(
        pr.state,
        PullRequestState::Merged {
            merge_commit: Some(format!("{merged:0>40}"))
        }
    );
    assert_eq!((pr.head.as_str(), pr.base.as_str()), ("c", "main"));
    assert_eq!(
        h.take_ops(),
        [
            format!("get {open}"),
            format!("get {closed}"),
            format!("get {merged}")
        ]
    );
}

async fn errors_are_typed<D: Dialect>() {
    // A missing pull request: the forge's status and message.
    let h = Harness::new::<D>().await;
    let err = h.forge.pull_request(404).await.unwrap_err();
    match &err {
        ForgeError::Status {
            status, message, ..
        } => {
            assert_eq!(*status, 404);
            // The forge's own words ("Not Found", "404 Not found", "The target couldn't be
            // found."), not the JSON around them.
            assert!(message.to_lowercase().contains("found"), "{message}");
            assert!(!message.contains('{'), "{message}");
        }
        other => panic!("expected Status, got {other:?}"),
    }
    let err = h
        .forge
        .update_pull_request(404, "t", "b")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    // A 2xx answer that is not a pull request.
    let err = h.forge.pull_request(500).await.unwrap_err();
    assert!(
        matches!(err, ForgeError::UnexpectedResponse { .. }),
        "{err:?}"
    );
    assert_eq!(h.take_ops(), ["get 404", "update 404", "get 500"]);

    // A bad token: 401 with the forge's message, and the token appears nowhere.
    let h = Harness::with_token::<D>("wrong-token-value").await;
    let err = h
        .forge
        .find_open_pull_request("driftless/x")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");
    let shown = format!("{err} {err:?} {:?}", h.forge);
    assert!(!shown.contains("wrong-token-value"), "{shown}");
    assert!(!shown.contains(D::TOKEN), "{shown}");
}

async fn an_unreachable_forge_is_typed<D: Dialect>() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let api = format!("http://{address}{}", D::PREFIX);
    let forge = connect(
        D::KIND,
        Some(&api),
        D::REPOSITORY,
        Some(Token::new(D::TOKEN)),
    )
    .unwrap()
    .unwrap();
    let err = forge.pull_request(1).await.unwrap_err();
    match &err {
        ForgeError::Unreachable { method, url, .. } => {
            assert_eq!(*method, "GET");
            assert!(url.starts_with(&api), "{url}");
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
    assert!(!format!("{err:?}").contains(D::TOKEN));
}

macro_rules! scenarios {
    ($module:ident, $dialect:ty) => {
        mod $module {
            #[tokio::test]
            async fn creates_when_none_is_open() {
                super::creates_when_none_is_open::<$dialect>().await;
            }

            #[tokio::test]
            async fn updates_the_open_one_and_never_duplicates() {
                super::updates_the_open_one_and_never_duplicates::<$dialect>().await;
            }

            #[tokio::test]
            async fn reports_states() {
                super::reports_states::<$dialect>().await;
            }

            #[tokio::test]
            async fn errors_are_typed() {
                super::errors_are_typed::<$dialect>().await;
            }

            #[tokio::test]
            async fn an_unreachable_forge_is_typed() {
                super::an_unreachable_forge_is_typed::<$dialect>().await;
            }
        }
    };
}

scenarios!(github, super::GitHub);
scenarios!(gitlab, super::GitLab);
scenarios!(gitea, super::Gitea);

// ---------------------------------------------------------------------------------------------
// GitHub: https://docs.github.com/en/rest/pulls/pulls (API version 2022-11-28)

struct GitHub;

fn github_json(pr: &FakePr) -> Value {
    let merged = pr.state == State::Merged;
    json!({
        "url": format!("https://ghe.example/api/v3/repos/octo/infra/pulls/{}", pr.number),
        "id": 1000 + pr.number,
        "number": pr.number,
        "state": if pr.state == State::Open { "open" } else { "closed" },
        "locked": false,
        "title": pr.title,
        "body": if pr.body.is_empty() { Value::Null } else { json!(pr.body) },
        "html_url": format!("https://ghe.example/octo/infra/pull/{}", pr.number),
        "user": {"login": "driftless-bot"},
        "draft": false,
        "head": {
            "label": format!("{}:{}", if pr.fork { "fork" } else { "octo" }, pr.head),
            "ref": pr.head,
            "sha": "1111111111111111111111111111111111111111",
            "repo": {"full_name": if pr.fork { "fork/infra" } else { "octo/infra" }},
        },
        "base": {
            "label": format!("octo:{}", pr.base),
            "ref": pr.base,
            "sha": "2222222222222222222222222222222222222222",
            "repo": {"full_name": "octo/infra"},
        },
        "merged": merged,
        "merged_at": if merged { json!("2026-11-02T10:00:00Z") } else { Value::Null },
        // GitHub fills this for open pull requests too (the test merge commit).
        "merge_commit_sha": pr.merge_sha.clone().unwrap_or_else(|| "3".repeat(40)),
    })
}

impl Dialect for GitHub {
    const KIND: ForgeKind = ForgeKind::GitHub;
    const PREFIX: &'static str = "/api/v3";
    const TOKEN: &'static str = "ghp_fake_github_token";
    const REPOSITORY: &'static str = "octo/infra";
    const DUPLICATE: u16 = 422;
    const PULLS: &'static str = "/api/v3/repos/octo/infra/pulls";
    const EDIT: (&'static str, u16) = ("PATCH", 200);
    const FIELDS: Fields = Fields {
        head: "head",
        base: "base",
        title: "title",
        body: "body",
    };
    const JSON: fn(&FakePr) -> Value = github_json;

    fn authorize(fake: &mut Fake, request: &Request) -> Result<(), (u16, Value)> {
        if request.header("authorization") != Some(&format!("Bearer {}", Self::TOKEN)) {
            return Err((
                401,
                json!({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"}),
            ));
        }
        fake.expect(
            request.header("accept") == Some("application/vnd.github+json"),
            "Accept",
        );
        fake.expect(
            request.header("x-github-api-version") == Some("2022-11-28"),
            "X-GitHub-Api-Version",
        );
        fake.expect(
            request
                .header("user-agent")
                .is_some_and(|agent| agent.starts_with("driftless/")),
            "User-Agent",
        );
        Ok(())
    }

    fn list(fake: &mut Fake, request: &Request) -> (u16, Value) {
        let head = request.query.get("head").cloned().unwrap_or_default();
        fake.query(
            request,
            &[("head", &head), ("state", "open"), ("per_page", "100")],
        );
        let branch = head.strip_prefix("octo:");
        fake.expect(
            branch.is_some(),
            format!("head {head:?} is not octo:<branch>"),
        );
        // GitHub filters on the head repository's owner: fork pull requests are not listed.
        let list: Vec<Value> = fake
            .open_for(branch)
            .iter()
            .filter(|pr| !pr.fork)
            .map(github_json)
            .collect();
        (200, Value::Array(list))
    }

    fn duplicate(open: &FakePr) -> (u16, Value) {
        (
            422,
            json!({
                "message": "Validation Failed",
                "errors": [{"resource": "PullRequest", "code": "custom", "message": format!("A pull request already exists for octo:{}.", open.head)}],
                "documentation_url": "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
                "status": "422"
            }),
        )
    }

    fn not_found() -> Value {
        json!({"message": "Not Found", "documentation_url": "https://docs.github.com/rest/pulls/pulls#get-a-pull-request", "status": "404"})
    }

    fn not_a_pull_request() -> Value {
        json!({"message": "this is no pull request"})
    }
}

// ---------------------------------------------------------------------------------------------
// GitLab: https://docs.gitlab.com/api/merge_requests/

struct GitLab;

fn gitlab_json(pr: &FakePr) -> Value {
    json!({
        "id": 2000 + pr.number,
        "iid": pr.number,
        "project_id": 7,
        "title": pr.title,
        "description": pr.body,
        "state": match pr.state { State::Open => "opened", State::Closed => "closed", State::Merged => "merged" },
        "source_branch": pr.head,
        "target_branch": pr.base,
        "source_project_id": if pr.fork { 8 } else { 7 },
        "target_project_id": 7,
        "draft": false,
        "sha": "1111111111111111111111111111111111111111",
        "merge_commit_sha": pr.merge_sha,
        "squash_commit_sha": null,
        "web_url": format!("https://gitlab.example/group/sub/infra/-/merge_requests/{}", pr.number),
    })
}

impl Dialect for GitLab {
    const KIND: ForgeKind = ForgeKind::GitLab;
    const PREFIX: &'static str = "/api/v4";
    const TOKEN: &'static str = "glpat-fake-gitlab-token";
    const REPOSITORY: &'static str = "group/sub/infra";
    const DUPLICATE: u16 = 409;
    // The project id is the URL-encoded path.
    const PULLS: &'static str = "/api/v4/projects/group%2Fsub%2Finfra/merge_requests";
    const EDIT: (&'static str, u16) = ("PUT", 200);
    const FIELDS: Fields = Fields {
        head: "source_branch",
        base: "target_branch",
        title: "title",
        body: "description",
    };
    const JSON: fn(&FakePr) -> Value = gitlab_json;

    fn authorize(fake: &mut Fake, request: &Request) -> Result<(), (u16, Value)> {
        if request.header("private-token") != Some(Self::TOKEN) {
            return Err((401, json!({"message": "401 Unauthorized"})));
        }
        fake.expect(
            request.header("authorization").is_none(),
            "Authorization sent to GitLab",
        );
        Ok(())
    }

    fn list(fake: &mut Fake, request: &Request) -> (u16, Value) {
        let head = request
            .query
            .get("source_branch")
            .cloned()
            .unwrap_or_default();
        fake.query(
            request,
            &[
                ("source_branch", &head),
                ("state", "opened"),
                ("per_page", "100"),
            ],
        );
        // GitLab lists merge requests from forks into this project too.
        let list: Vec<Value> = fake.open_for(Some(&head)).iter().map(gitlab_json).collect();
        (200, Value::Array(list))
    }

    fn duplicate(open: &FakePr) -> (u16, Value) {
        (
            409,
            json!({"message": [format!("Another open merge request already exists for this source branch: !{}", open.number)]}),
        )
    }

    fn not_found() -> Value {
        json!({"message": "404 Not found"})
    }

    fn not_a_pull_request() -> Value {
        json!([])
    }
}

// ---------------------------------------------------------------------------------------------
// Gitea / Forgejo: /api/swagger (repoListPullRequests, repoCreatePullRequest,
// repoEditPullRequest, repoGetPullRequest)

struct Gitea;

fn gitea_json(pr: &FakePr) -> Value {
    let merged = pr.state == State::Merged;
    json!({
        "id": 3000 + pr.number,
        "url": format!("https://gitea.example/team/infra/pulls/{}", pr.number),
        "number": pr.number,
        "user": {"login": "driftless"},
        "title": pr.title,
        "body": pr.body,
        "state": if pr.state == State::Open { "open" } else { "closed" },
        "html_url": format!("https://gitea.example/team/infra/pulls/{}", pr.number),
        "mergeable": true,
        "merged": merged,
        "merged_at": if merged { json!("2026-11-02T10:00:00Z") } else { Value::Null },
        "merge_commit_sha": pr.merge_sha,
        "head": {
            "label": pr.head,
            "ref": pr.head,
            "sha": "1111111111111111111111111111111111111111",
            "repo_id": if pr.fork { 2 } else { 1 },
        },
        "base": {
            "label": pr.base,
            "ref": pr.base,
            "sha": "2222222222222222222222222222222222222222",
            "repo_id": 1,
        },
    })
}

impl Dialect for Gitea {
    const KIND: ForgeKind = ForgeKind::Gitea;
    const PREFIX: &'static str = "/api/v1";
    const TOKEN: &'static str = "fake-gitea-token";
    const REPOSITORY: &'static str = "team/infra";
    const DUPLICATE: u16 = 409;
    const PULLS: &'static str = "/api/v1/repos/team/infra/pulls";
    // Gitea answers an edit with 201 Created.
    const EDIT: (&'static str, u16) = ("PATCH", 201);
    const FIELDS: Fields = Fields {
        head: "head",
        base: "base",
        title: "title",
        body: "body",
    };
    const JSON: fn(&FakePr) -> Value = gitea_json;

    fn authorize(_fake: &mut Fake, request: &Request) -> Result<(), (u16, Value)> {
        if request.header("authorization") != Some(&format!("token {}", Self::TOKEN)) {
            return Err((
                401,
                json!({"message": "user does not exist [uid: 0, name: ]", "url": "https://gitea.example/api/swagger"}),
            ));
        }
        Ok(())
    }

    fn list(fake: &mut Fake, request: &Request) -> (u16, Value) {
        let page = request.query.get("page").cloned().unwrap_or_default();
        fake.query(
            request,
            &[("state", "open"), ("page", &page), ("limit", "50")],
        );
        fake.pages.push(page.clone());
        let page: usize = page.parse().unwrap_or(0);
        fake.expect(page >= 1, "page starts at 1");
        // No head filter in this API: every open pull request, newest first, paged.
        let mut open = fake.open_for(None);
        open.reverse();
        let list: Vec<Value> = open
            .iter()
            .skip((page.max(1) - 1) * 50)
            .take(50)
            .map(gitea_json)
            .collect();
        (200, Value::Array(list))
    }

    fn duplicate(open: &FakePr) -> (u16, Value) {
        (
            409,
            json!({
                "message": format!("pull request already exists for these targets [id: {}, issue_id: {}, head_repo_id: 1, base_repo_id: 1, head_branch: {}, base_branch: main]", open.number, open.number, open.head),
                "url": "https://gitea.example/api/swagger"
            }),
        )
    }

    fn not_found() -> Value {
        json!({"message": "The target couldn't be found.", "url": "https://gitea.example/api/swagger", "errors": []})
    }

    fn not_a_pull_request() -> Value {
        json!({"number": "five hundred"})
    }
}

#[tokio::test]
async fn gitea_pages_through_open_pull_requests() {
    let h = Harness::new::<Gitea>().await;
    let head = "driftless/s3";
    let number = {
        let mut fake = h.fake();
        let number = fake.seed(head, State::Open, false);
        for i in 0..60 {
            fake.seed(&format!("feature/{i}"), State::Open, false);
        }
        number
    };
    let found = h.forge.find_open_pull_request(head).await.unwrap().unwrap();
    assert_eq!(found.number, number);
    assert_eq!(h.take_ops(), ["list", "list"]);
    assert_eq!(h.fake().pages, ["1", "2"]);
    assert_eq!(
        h.forge.find_open_pull_request("nothing").await.unwrap(),
        None
    );
}

#[tokio::test]
async fn github_ignores_an_open_test_merge_commit() {
    let h = Harness::new::<GitHub>().await;
    let number = h.fake().seed("driftless/x", State::Open, false);
    let pr = h.forge.pull_request(number).await.unwrap();
    // An open pull request carries a `merge_commit_sha` (the test merge); it is not merged.
    assert_eq!(pr.state, PullRequestState::Open);
    assert_eq!(
        pr.url,
        format!("https://ghe.example/octo/infra/pull/{number}")
    );
    h.take_ops();
}
