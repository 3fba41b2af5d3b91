//! The campaign commands end to end through the binary, on a real git remote and a SQLite
//! store: users and roles, repositories, create, sync, list, exceptions with expiry, reports.
//! (The library's own end-to-end test, `driftless-campaign/tests/workflow.rs`, runs the
//! loop on SQLite and PostgreSQL.)

mod common;

use common::{failed, succeeded, user_add};
use driftless_testkit::{git, seed_remote};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

struct Env {
    dir: tempfile::TempDir,
}

const KMS_TF: &str = "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n";

impl Env {
    /// A remote whose `main.tf` holds a KMS key without rotation.
    fn new() -> Self {
        Self::with_main_tf(KMS_TF)
    }

    /// A remote whose `main.tf` is `main_tf`, owned by `@platform`.
    fn with_main_tf(main_tf: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let remote = dir.path().join("infra.git");
        seed_remote(&remote, &dir.path().join("work"), |work| {
            std::fs::write(work.join("CODEOWNERS"), "* @platform\n").unwrap();
            std::fs::write(work.join("main.tf"), main_tf).unwrap();
        });
        Self { dir }
    }

    fn run(&self, actor: Option<&str>, args: &[&str]) -> Output {
        self.run_with(actor, args, &[])
    }

    fn run_with(&self, actor: Option<&str>, args: &[&str], vars: &[(&str, &str)]) -> Output {
        self.command(actor, args, vars)
            .output()
            .expect("driftless runs")
    }

    /// The `driftless` command, with the store, data folder, clock and actor set.
    fn command(&self, actor: Option<&str>, args: &[&str], vars: &[(&str, &str)]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_driftless"));
        cmd.envs(vars.iter().copied());
        cmd.args(args)
            .current_dir(self.dir.path())
            .env(
                "DRIFTLESS_DATABASE_URL",
                format!("sqlite:{}", self.dir.path().join("store.db").display()),
            )
            .env("DRIFTLESS_DATA_DIR", self.dir.path().join("data"))
            .env("DRIFTLESS_NOW", "2026-11-30T09:00:00Z")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env_remove("DRIFTLESS_USER")
            .env("NO_COLOR", "1");
        if let Some(a) = actor {
            cmd.env("DRIFTLESS_USER", a);
        }
        cmd
    }

    fn ok(&self, actor: Option<&str>, args: &[&str]) -> String {
        succeeded(args, &self.run(actor, args))
    }

    fn fails(&self, actor: Option<&str>, args: &[&str]) -> String {
        failed(args, &self.run(actor, args))
    }
}

/// The arguments `exception request ID --reason REASON --expires EXPIRES`.
fn exception_request<'a>(id: &'a str, reason: &'a str, expires: &'a str) -> [&'a str; 7] {
    [
        "exception",
        "request",
        id,
        "--reason",
        reason,
        "--expires",
        expires,
    ]
}

#[test]
fn campaign_commands_with_roles_and_expiry() {
    let env = Env::new();
    // The first user must be able to approve; then only admins add users.
    let e = env.fails(None, &user_add("dev", "dev@example.com", "developer"));
    assert!(e.contains("first user must be an admin or security"), "{e}");
    env.ok(None, &user_add("root", "root@example.com", "admin"));
    env.ok(
        Some("root"),
        &user_add("sec", "sec@example.com", "security"),
    );
    let e = env.fails(Some("sec"), &user_add("boss", "b@example.com", "admin"));
    assert!(e.contains("may not add an admin"), "{e}");
    let mut dev = user_add("dev", "dev@example.com", "developer");
    dev.extend(["--identity", "@platform"]);
    env.ok(Some("sec"), &dev);
    let e = env.fails(Some("dev"), &user_add("eve", "e@example.com", "admin"));
    assert!(e.contains("may not add users"), "{e}");
    let e = env.fails(Some("nobody"), &["campaign", "list"]);
    assert!(e.contains("no user `nobody`"), "{e}");

    let remote = env.dir.path().join("infra.git");
    env.ok(
        Some("sec"),
        &["repo", "add", "infra", remote.to_str().unwrap()],
    );
    let e = env.fails(Some("sec"), &["campaign", "create", "Bad Name"]);
    assert!(e.contains("lowercase letters, digits and `-`"), "{e}");
    let e = env.fails(
        Some("sec"),
        &["campaign", "create", "x", "--select", "aws-nope"],
    );
    assert!(e.contains("no rule matches aws-nope"), "{e}");
    let e = env.fails(Some("dev"), &["campaign", "create", "kms"]);
    assert!(e.contains("may not create a campaign"), "{e}");
    env.ok(
        Some("sec"),
        &[
            "campaign",
            "create",
            "kms",
            "--select",
            "aws-kms",
            "--due",
            "medium=10",
        ],
    );

    let out = env.ok(Some("sec"), &["campaign", "sync", "kms"]);
    assert!(out.contains("infra at main"), "{out}");
    assert!(out.contains("1 new"), "{out}");
    let out = env.ok(Some("sec"), &["campaign", "sync", "kms"]);
    assert!(
        out.contains("0 new, 0 updated, 0 reopened, 0 fixed, 1 unchanged"),
        "{out}"
    );

    // The developer's own violations, by CODEOWNERS handle.
    let list: Value = serde_json::from_str(&env.ok(
        Some("dev"),
        &["violation", "list", "--mine", "--format", "json"],
    ))
    .unwrap();
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["owner"], "@platform");
    assert_eq!(items[0]["due_date"], "2026-12-10");
    let id = items[0]["id"].as_i64().unwrap().to_string();
    let shown = env.ok(Some("dev"), &["violation", "show", &id]);
    assert!(shown.contains("+  enable_key_rotation = true"), "{shown}");

    // Exceptions: requested by the developer, refused to them, approved by security.
    let out = env.ok(
        Some("dev"),
        &exception_request(&id, "key imported from an HSM", "2027-01-31"),
    );
    assert!(out.contains("until 2027-01-31"), "{out}");
    let e = env.fails(Some("dev"), &["exception", "approve", "1"]);
    assert!(e.contains("may not approve an exception"), "{e}");
    env.ok(
        Some("sec"),
        &[
            "exception",
            "approve",
            "1",
            "--note",
            "ok until rotation ships",
        ],
    );
    let e = env.fails(Some("sec"), &["exception", "approve", "1"]);
    assert!(!e.is_empty());
    let report = env.ok(
        Some("sec"),
        &["campaign", "report", "kms", "--format", "csv"],
    );
    assert!(report.contains("campaign,kms,0,0,0,0,1,0,0,1"), "{report}");

    // After the expiry, a sync reopens the violation.
    let later = Command::new(env!("CARGO_BIN_EXE_driftless"))
        .args(["campaign", "sync", "kms", "--as", "sec"])
        .current_dir(env.dir.path())
        .env(
            "DRIFTLESS_DATABASE_URL",
            format!("sqlite:{}", env.dir.path().join("store.db").display()),
        )
        .env("DRIFTLESS_DATA_DIR", env.dir.path().join("data"))
        .env("DRIFTLESS_NOW", "2027-02-01T00:00:00Z")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&later.stdout);
    assert!(text.contains("exception 1 expired on 2027-01-31"), "{text}");
    let chart = env.dir.path().join("burndown.svg");
    let md = env.ok(
        Some("sec"),
        &[
            "campaign",
            "report",
            "kms",
            "--format",
            "markdown",
            "--chart",
            chart.to_str().unwrap(),
        ],
    );
    assert!(md.contains("## Campaign `kms`"), "{md}");
    assert!(std::fs::read_to_string(&chart).unwrap().starts_with("<svg"));
    let list = env.ok(Some("sec"), &["exception", "list", "--state", "expired"]);
    assert!(list.contains("expired"), "{list}");
    let long = "x".repeat(201);
    let e = env.fails(Some("dev"), &["violation", "assign", &id, &long]);
    assert!(e.contains("longer than 200 characters"), "{e}");
    let e = env.fails(Some("dev"), &exception_request(&id, "x", "2027-13-01"));
    assert!(e.contains("expected a date as YYYY-MM-DD"), "{e}");
    assert_eq!(
        e.matches("could not be parsed").count(),
        1,
        "said once: {e}"
    );
    env.ok(Some("sec"), &["campaign", "close", "kms"]);
    let e = env.fails(Some("sec"), &["campaign", "sync", "kms"]);
    assert!(e.contains("closed"), "{e}");
    let e = env.fails(Some("sec"), &["campaign", "close", "kms"]);
    assert!(e.contains("already closed"), "{e}");
    let e = env.fails(
        Some("dev"),
        &["exception", "request", &id, "--reason", "later"],
    );
    assert!(e.contains("is closed"), "{e}");
}

#[test]
fn campaign_sync_from_scanner_findings_through_state() {
    // The bundled example as a repository, its Security Hub findings and its state outside it.
    let env = Env::new();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/vulnerable");
    let remote = env.dir.path().join("example.git");
    seed_remote(&remote, &env.dir.path().join("example"), |work| {
        for (path, text) in driftless::commands::demo::EXAMPLE {
            let ext = std::path::Path::new(path).extension();
            if ext.is_some_and(|e| e == "tf" || e == "tfvars") {
                let dest = work.join(path);
                std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
                std::fs::write(dest, text).unwrap();
            }
        }
    });
    env.ok(None, &user_add("sec", "sec@example.com", "security"));
    env.ok(
        Some("sec"),
        &["repo", "add", "example", remote.to_str().unwrap()],
    );
    env.ok(
        Some("sec"),
        &["campaign", "create", "hub", "--repo", "example"],
    );
    let findings = example.join("findings/securityhub.asff.json");
    let state = example.join("terraform.tfstate");
    let mut sync = vec![
        "campaign",
        "sync",
        "hub",
        "--findings",
        findings.to_str().unwrap(),
    ];
    let e = env.fails(Some("sec"), &sync);
    assert!(e.contains("--findings needs --state"), "{e}");
    sync.extend(["--state", state.to_str().unwrap()]);
    let out = env.ok(Some("sec"), &sync);
    assert!(out.contains("example at main"), "{out}");
    let list: Value = serde_json::from_str(&env.ok(
        Some("sec"),
        &["violation", "list", "--campaign", "hub", "--format", "json"],
    ))
    .unwrap();
    let ingested = list["items"].as_array().unwrap().len();
    assert!(ingested > 0, "{list}");
    // The same identities as driftless's own scan: a code sync adds the rest, and finds
    // every ingested one again (updated with every instance of its block, or unchanged).
    let out = env.ok(Some("sec"), &["campaign", "sync", "hub"]);
    let numbers: Vec<usize> = out
        .lines()
        .next()
        .unwrap()
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    let n = numbers.len();
    let (updated, reopened, fixed, unchanged) = (
        numbers[n - 4],
        numbers[n - 3],
        numbers[n - 2],
        numbers[n - 1],
    );
    assert_eq!((reopened, fixed), (0, 0), "{out}");
    assert_eq!(updated + unchanged, ingested, "{out}");
    let db = std::fs::read(env.dir.path().join("store.db")).unwrap();
    assert!(
        !db.windows(14).any(|w| w == b"s3cr3t-hunter2"),
        "the state's secrets are never stored"
    );
}

/// A fake GitHub REST API on 127.0.0.1: pull requests in memory, every request recorded
/// (method, path with query, authorization header, JSON body).
struct FakeGitHub {
    url: String,
    state: std::sync::Arc<std::sync::Mutex<FakeState>>,
}

#[derive(Default)]
struct FakeState {
    pulls: Vec<Value>,
    requests: Vec<(String, String, String, Value)>,
}

impl FakeGitHub {
    fn start() -> Self {
        use std::io::{BufRead as _, BufReader, Read as _, Write as _};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = std::sync::Arc::new(std::sync::Mutex::new(FakeState::default()));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    continue;
                }
                let mut parts = request_line.split_whitespace();
                let (method, target) = (
                    parts.next().unwrap_or_default().to_owned(),
                    parts.next().unwrap_or_default().to_owned(),
                );
                let (mut length, mut auth) = (0usize, String::new());
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    let (name, value) = line.split_once(':').unwrap_or((line, ""));
                    match name.to_ascii_lowercase().as_str() {
                        "content-length" => length = value.trim().parse().unwrap_or(0),
                        "authorization" => value.trim().clone_into(&mut auth),
                        _ => {}
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                let mut st = shared.lock().unwrap();
                st.requests
                    .push((method.clone(), target.clone(), auth, body.clone()));
                let path = target.split('?').next().unwrap_or_default();
                let (status, reply) = match (method.as_str(), path) {
                    ("GET", "/repos/acme/infra/pulls") => (
                        200,
                        Value::Array(
                            st.pulls
                                .iter()
                                .filter(|p| p["state"] == "open")
                                .cloned()
                                .collect(),
                        ),
                    ),
                    ("POST", "/repos/acme/infra/pulls") => {
                        let number = st.pulls.len() + 1;
                        let pull = serde_json::json!({
                            "number": number,
                            "html_url": format!("https://github.example/acme/infra/pull/{number}"),
                            "title": body["title"], "body": body["body"], "state": "open",
                            "merged": false, "merge_commit_sha": null,
                            "head": {"ref": body["head"]}, "base": {"ref": body["base"]},
                        });
                        st.pulls.push(pull.clone());
                        (201, pull)
                    }
                    (m, p) if p.starts_with("/repos/acme/infra/pulls/") => {
                        let n: usize = p.rsplit('/').next().unwrap().parse().unwrap();
                        let pull = &mut st.pulls[n - 1];
                        if m == "PATCH" {
                            pull["title"] = body["title"].clone();
                            pull["body"] = body["body"].clone();
                        }
                        (200, pull.clone())
                    }
                    _ => (404, serde_json::json!({"message": "Not Found"})),
                };
                let text = reply.to_string();
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                    text.len()
                );
            }
        });
        Self { url, state }
    }
}

#[test]
fn propose_through_github_survives_an_unreachable_api_and_never_duplicates() {
    let env = Env::new();
    let remote = env.dir.path().join("infra.git");
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    env.ok(None, &user_add("sec", "sec@example.com", "security"));
    register_on_github(&env, &closed);
    env.ok(
        Some("sec"),
        &["campaign", "create", "kms", "--select", "aws-kms"],
    );
    env.ok(Some("sec"), &["campaign", "sync", "kms"]);
    let token = [("DRIFTLESS_GITHUB_TOKEN", "t0ken")];

    // The API is down: the branch is pushed and recorded, the command fails.
    let out = env.run_with(Some("sec"), &["campaign", "propose", "kms"], &token);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("failed"), "{text}");
    assert!(!text.contains("t0ken"), "the token never prints");
    git(&remote, &["rev-parse", "--verify", "driftless/kms"]);

    // The API is back: the same command opens the pull request on the recorded branch.
    let github = FakeGitHub::start();
    register_on_github(&env, &github.url);
    let out = env.run_with(Some("sec"), &["campaign", "propose", "kms"], &token);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("https://github.example/acme/infra/pull/1"),
        "{text}"
    );
    // Again: found and left as it is (same title and body), never a second one.
    let out = env.run_with(Some("sec"), &["campaign", "propose", "kms"], &token);
    assert_eq!(out.status.code(), Some(0));
    let st = github.state.lock().unwrap();
    let posts: Vec<_> = st.requests.iter().filter(|r| r.0 == "POST").collect();
    assert_eq!(posts.len(), 1, "{:?}", st.requests);
    let (_, path, auth, body) = posts[0];
    assert_eq!(path, "/repos/acme/infra/pulls");
    assert_eq!(auth, "Bearer t0ken");
    assert_eq!(body["head"], "driftless/kms");
    assert_eq!(body["base"], "main");
    assert!(
        body["body"]
            .as_str()
            .unwrap()
            .contains("aws-kms-key-rotation-required")
    );
    assert!(st.requests.iter().all(|r| r.2 == "Bearer t0ken"));
    assert!(
        st.requests.iter().any(|r| r.0 == "GET"
            && r.1.contains("head=acme%3Adriftless%2Fkms")
            && r.1.contains("state=open")),
        "{:?}",
        st.requests
    );
}

/// Registers (or moves) the remote as `acme/infra` on the GitHub API at `api`, as `sec`.
fn register_on_github(env: &Env, api: &str) {
    let remote = env.dir.path().join("infra.git");
    env.ok(
        Some("sec"),
        &[
            "repo",
            "add",
            "infra",
            remote.to_str().unwrap(),
            "--forge",
            "github",
            "--api-url",
            api,
            "--slug",
            "acme/infra",
        ],
    );
}

/// A security user, the remote registered on the GitHub API at `api`, and campaign `name` of
/// the rules `select`, synced.
fn on_github(env: &Env, api: &str, name: &str, select: &str) {
    env.ok(None, &user_add("sec", "sec@example.com", "security"));
    register_on_github(env, api);
    env.ok(
        Some("sec"),
        &["campaign", "create", name, "--select", select],
    );
    env.ok(Some("sec"), &["campaign", "sync", name]);
}

/// The body of the one pull request `github` was asked to open.
fn opened_body(github: &FakeGitHub) -> String {
    let st = github.state.lock().unwrap();
    let posts: Vec<_> = st.requests.iter().filter(|r| r.0 == "POST").collect();
    assert_eq!(posts.len(), 1, "{:?}", st.requests);
    posts[0].3["body"].as_str().unwrap().to_owned()
}

#[test]
fn propose_without_terraform_says_so_in_the_pull_request() {
    let env = Env::new();
    let github = FakeGitHub::start();
    on_github(&env, &github.url, "kms", "aws-kms");
    // A PATH with git and nothing else: no Terraform to be found.
    let git_path = std::env::split_paths(&std::env::var_os("PATH").unwrap())
        .map(|dir| dir.join("git"))
        .find(|git| git.is_file())
        .expect("git on the PATH");
    let bin = env.dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(git_path, bin.join("git")).unwrap();
    let args = ["campaign", "propose", "kms"];
    let out = env
        .command(Some("sec"), &args, &[("DRIFTLESS_GITHUB_TOKEN", "t0ken")])
        .env("PATH", &bin)
        .env_remove("DRIFTLESS_TERRAFORM")
        .output()
        .unwrap();
    let text = succeeded(&args, &out);
    let line = "Verification was skipped: no terraform or tofu on the PATH and DRIFTLESS_TERRAFORM \
                is not set: install Terraform or OpenTofu, or point DRIFTLESS_TERRAFORM (or \
                --terraform) at one";
    assert!(text.starts_with(&format!("{line}\n")), "{text}");
    let body = opened_body(&github);
    assert!(body.contains(&format!("\n\n{line}\n")), "{body}");
    // The violation keeps it.
    let shown = env.ok(Some("sec"), &["violation", "show", "1"]);
    assert!(
        shown.contains("  not verified: no terraform or tofu on the PATH"),
        "{shown}"
    );
}

/// An instance accepting IMDSv1 and an unencrypted volume: the fixes update the instance in
/// place and replace the volume.
const EC2_TF: &str = "\
resource \"aws_instance\" \"web\" {
  ami           = \"ami-0abc\"
  instance_type = \"t3.micro\"
}

resource \"aws_ebs_volume\" \"scratch\" {
  availability_zone = \"eu-west-1a\"
  size              = 10
}
";

#[test]
fn proposed_fixes_carry_terraforms_plan_into_the_pull_request() {
    let Some(tools) = driftless_testkit::terraform() else {
        return;
    };
    let env = Env::with_main_tf(EC2_TF);
    let github = FakeGitHub::start();
    on_github(
        &env,
        &github.url,
        "ec2",
        "aws-ec2-imdsv2-required,aws-ebs-encryption-required",
    );
    let args = [
        "campaign",
        "propose",
        "ec2",
        "--applicability",
        "review",
        "--terraform",
        tools.binary.to_str().unwrap(),
        "--provider-mirror",
        tools.mirror.to_str().unwrap(),
    ];
    let text = succeeded(
        &args,
        &env.run_with(Some("sec"), &args, &[("DRIFTLESS_GITHUB_TOKEN", "t0ken")]),
    );
    assert!(!text.contains("Verification was skipped"), "{text}");
    assert!(text.contains("fixing 2 violations"), "{text}");
    let body = without_tool_version(&opened_body(&github));
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!("proposed_with_terraform_plan", body));
}

/// `text` with the version after every `Terraform ` or `OpenTofu ` (any case: `Terraform
/// 1.11.4`) written `[version]`, so the snapshot holds on any release.
fn without_tool_version(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // ASCII lowercasing keeps every byte offset.
    while let Some(at) = ["terraform ", "tofu "]
        .iter()
        .filter_map(|tool| rest.to_ascii_lowercase().find(tool).map(|i| i + tool.len()))
        .min()
    {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let version = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
            .unwrap_or(rest.len());
        if rest[..version].starts_with(|c: char| c.is_ascii_digit()) {
            out.push_str("[version]");
            rest = &rest[version..];
        }
    }
    out + rest
}
