//! The harness of the server's tests: a real git remote, a real store (SQLite in a
//! temporary folder, or a fresh PostgreSQL database), users of every role, a campaign synced
//! through `workflow::sync`, and the real server on `127.0.0.1:0`; plus a small HTTP/1.1
//! client over a plain TCP stream, so tests send paths exactly as written (`..`, `%2e%2e`)
//! and see every header.

#![allow(dead_code)] // each test binary uses part of the harness

use driftless_campaign::model::{NewCampaign, NewUser, Role, User};
use driftless_campaign::store::{self, Store};
use driftless_campaign::testing::{baseline_campaign, push_only_repository};
use driftless_campaign::workflow::{self, Workspace};
use driftless_server::{AppState, Settings};
use driftless_testkit::seed_remote;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use time::OffsetDateTime;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

/// Every test user's password.
pub(crate) const PASSWORD: &str = "correct horse battery staple";

/// The number of violations the fixture's sync finds.
pub(crate) const VIOLATIONS: usize = 23;

const CODEOWNERS: &str = "*           @platform\n/network/   @net-team\n";
const NETWORK: &str = "resource \"aws_kms_key\" \"net\" {\n  description         = \"network\"\n  enable_key_rotation = false\n}\n";
/// HTML in a repository file: the code view shows it as text.
pub(crate) const APP: &str = "# <script>alert(\"owned\")</script> <b>bold</b>\nresource \"aws_sqs_queue\" \"jobs\" {\n  name                    = \"jobs\"\n  sqs_managed_sse_enabled = false\n}\n\nresource \"aws_instance\" \"web\" {\n  ami = \"ami-0abc\"\n}\n";

/// The PHC string of [`PASSWORD`], hashed once per test process.
fn password_hash() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| driftless_server::auth::hash_password(PASSWORD).unwrap())
        .clone()
}

/// A bare remote with the vulnerable configuration, twenty more instances, and a
/// symbolic link pointing out of the repository.
fn remote(dir: &Path) -> PathBuf {
    let bare = dir.join("infra.git");
    seed_remote(&bare, &dir.join("work"), |clone| {
        for sub in ["network", "app", "links"] {
            std::fs::create_dir_all(clone.join(sub)).unwrap();
        }
        std::fs::write(clone.join("CODEOWNERS"), CODEOWNERS).unwrap();
        std::fs::write(clone.join("network/main.tf"), NETWORK).unwrap();
        std::fs::write(clone.join("app/main.tf"), APP).unwrap();
        let fleet = (0..20).fold(String::new(), |mut fleet, i| {
            let _ = write!(
                fleet,
                "resource \"aws_instance\" \"node_{i:02}\" {{\n  ami = \"ami-0abc\"\n}}\n\n"
            );
            fleet
        });
        std::fs::write(clone.join("app/fleet.tf"), fleet).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", clone.join("links/passwd")).unwrap();
        std::fs::create_dir_all(clone.join("blobs")).unwrap();
        std::fs::write(clone.join("blobs/latin1.txt"), b"caf\xe9 <b>\n").unwrap();
        std::fs::write(clone.join("blobs/big.txt"), "x".repeat(2 * 1024 * 1024)).unwrap();
    });
    bare
}

/// A running server over a seeded store.
pub(crate) struct Server {
    pub addr: SocketAddr,
    pub store: Arc<dyn Store>,
    pub state: AppState,
    pub users: Vec<User>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Seeds the store at `url` and starts the server.
    pub(crate) async fn start(url: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let bare = remote(dir.path());
        let store = store::open(url).await.unwrap();
        let hash = password_hash();
        let mut users = Vec::new();
        for (name, role, identities) in [
            ("root", Role::Admin, vec![]),
            ("sec", Role::Security, vec![]),
            ("sec2", Role::Security, vec![]),
            ("dev", Role::Developer, vec!["@platform".to_owned()]),
            ("view", Role::Viewer, vec![]),
        ] {
            users.push(
                store
                    .add_user(
                        &NewUser {
                            name: name.into(),
                            email: format!("{name}@example.com"),
                            git_identities: identities,
                            role,
                            password_hash: Some(hash.clone()),
                        },
                        "root",
                    )
                    .await
                    .unwrap(),
            );
        }
        store
            .upsert_repository(
                &push_only_repository("infra", &bare.display().to_string()),
                "sec",
            )
            .await
            .unwrap();
        let campaign = NewCampaign {
            repositories: vec![],
            default_assignee: None,
            count_suppressed: false,
            ..baseline_campaign()
        };
        store.create_campaign(&campaign, "sec").await.unwrap();
        let data_dir = dir.path().join("data");
        let ws = Workspace {
            store: store.clone(),
            data_dir: data_dir.clone(),
            actor: users[1].clone(),
            now: OffsetDateTime::now_utc(),
        };
        let report = workflow::sync(&ws, "baseline").await.unwrap();
        assert_eq!(report.repositories[0].error, None, "{report:?}");
        assert_eq!(
            report.repositories[0].summary.new as usize, VIOLATIONS,
            "{report:?}"
        );
        let state = AppState::new(store.clone(), data_dir, Settings::default());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let handle = tokio::spawn(driftless_server::launch_with_listener(
            state.clone(),
            listener,
            async {
                let _ = rx.await;
            },
        ));
        Self {
            addr,
            store,
            state,
            users,
            shutdown: Some(tx),
            handle: Some(handle),
            _dir: dir,
        }
    }

    /// Stops the server gracefully and waits for it.
    pub(crate) async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(handle) = self.handle.take() {
            handle.await.unwrap().unwrap();
        }
    }

    /// A client without credentials.
    pub(crate) fn anonymous(&self) -> Client {
        Client {
            addr: self.addr,
            cookie: None,
            csrf: None,
            bearer: None,
        }
    }

    /// A client logged in as `name` through the login form.
    pub(crate) async fn login(&self, name: &str) -> Client {
        let mut client = self.anonymous();
        let r = client
            .post_form(
                "/login",
                &[("username", name), ("password", PASSWORD), ("next", "/")],
            )
            .await;
        assert_eq!(r.status, 303, "login of {name}: {}", r.body);
        let set = r.header("set-cookie").expect("a session cookie").to_owned();
        let value = set.split(';').next().unwrap().to_owned();
        client.cookie = Some(value);
        let me = client.get("/api/v1/me").await;
        assert_eq!(me.status, 200, "{}", me.body);
        client.csrf = Some(me.json()["csrf_token"].as_str().unwrap().to_owned());
        client
    }

    /// A client with a new API token of `name`.
    pub(crate) async fn bearer(&self, name: &str) -> (Client, i64) {
        let (token, hash) = driftless_server::auth::new_api_token();
        let created = self
            .store
            .create_api_token(
                &driftless_campaign::NewApiToken {
                    name: format!("ci-{}", driftless_server::auth::random_hex(4)),
                    user: name.to_owned(),
                    token_hash: hash,
                    created_at: OffsetDateTime::now_utc(),
                },
                "root",
            )
            .await
            .unwrap();
        let mut client = self.anonymous();
        client.bearer = Some(token);
        (client, created.id)
    }

    /// Violations of the campaign, by id.
    pub(crate) async fn violations(&self) -> Vec<driftless_campaign::Violation> {
        self.store
            .violations(&driftless_campaign::ViolationQuery::default())
            .await
            .unwrap()
            .items
    }

    /// The first violation of `rule` in `path`.
    pub(crate) async fn violation(&self, rule: &str, path: &str) -> driftless_campaign::Violation {
        self.violations()
            .await
            .into_iter()
            .find(|v| v.rule_id.as_str() == rule && v.path == path)
            .unwrap_or_else(|| panic!("no {rule} in {path}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// An HTTP response.
#[derive(Debug)]
pub(crate) struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    /// The first header named `name` (case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// A client: the session cookie and its CSRF token, or an API token.
#[derive(Debug, Clone)]
pub(crate) struct Client {
    pub addr: SocketAddr,
    pub cookie: Option<String>,
    pub csrf: Option<String>,
    pub bearer: Option<String>,
}

fn encode(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

impl Client {
    /// Sends one request (the path exactly as given) and reads the whole response.
    pub(crate) async fn send(
        &self,
        method: &str,
        path: &str,
        extra: &[(&str, &str)],
        body: Option<(&str, Vec<u8>)>,
    ) -> Response {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        if let Some(c) = &self.cookie {
            let _ = write!(head, "Cookie: {c}\r\n");
        }
        if let Some(t) = &self.bearer {
            let _ = write!(head, "Authorization: Bearer {t}\r\n");
        }
        for (k, v) in extra {
            let _ = write!(head, "{k}: {v}\r\n");
        }
        let body = body.map_or_else(Vec::new, |(content_type, bytes)| {
            let _ = write!(head, "Content-Type: {content_type}\r\n");
            bytes
        });
        let _ = write!(head, "Content-Length: {}\r\n\r\n", body.len());
        let mut stream = tokio::net::TcpStream::connect(self.addr).await.unwrap();
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(&body).await.unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.unwrap();
        parse(&raw)
    }

    pub(crate) async fn get(&self, path: &str) -> Response {
        self.send("GET", path, &[], None).await
    }

    /// Posts a form, with the session's CSRF token added when there is one.
    pub(crate) async fn post_form(&self, path: &str, pairs: &[(&str, &str)]) -> Response {
        let mut all: Vec<(&str, &str)> = pairs.to_vec();
        if let Some(csrf) = &self.csrf {
            all.push(("csrf_token", csrf));
        }
        self.post_form_raw(path, &all).await
    }

    /// Posts a form exactly as given.
    pub(crate) async fn post_form_raw(&self, path: &str, pairs: &[(&str, &str)]) -> Response {
        self.send(
            "POST",
            path,
            &[],
            Some((
                "application/x-www-form-urlencoded",
                encode(pairs).into_bytes(),
            )),
        )
        .await
    }

    /// Posts JSON, with the session's CSRF token as `X-CSRF-Token` when there is one.
    pub(crate) async fn post_json(&self, path: &str, body: &serde_json::Value) -> Response {
        let csrf = self.csrf.clone();
        let extra: Vec<(&str, &str)> = csrf
            .as_deref()
            .map(|c| vec![("X-CSRF-Token", c)])
            .unwrap_or_default();
        self.send(
            "POST",
            path,
            &extra,
            Some(("application/json", body.to_string().into_bytes())),
        )
        .await
    }
}

fn parse(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let line_end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..line_end]).trim(), 16)
                .unwrap();
            rest = &rest[line_end + 2..];
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[..size]);
            rest = &rest[size + 2..];
        }
        body = out;
    }
    Response {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// The values of `attr="..."` on elements whose opening tag contains `marker`.
pub(crate) fn attrs(html: &str, marker: &str, attr: &str) -> Vec<String> {
    html.split('<')
        .filter(|tag| tag.contains(marker))
        .filter_map(|tag| {
            let start = tag.find(&format!("{attr}=\""))? + attr.len() + 2;
            let end = tag[start..].find('"')? + start;
            Some(unescape(&tag[start..end]))
        })
        .collect()
}

/// `text` as the templates escape it (askama: numeric character references).
pub(crate) fn esc(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// The reverse of [`esc`], for attribute values.
pub(crate) fn unescape(text: &str) -> String {
    text.replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .replace("&#38;", "&")
}
