//! The campaign commands end to end through the binary, on a real git remote and a SQLite
//! store: users and roles, repositories, create, sync, list, exceptions with expiry, reports.
//! (The library's own end-to-end test, `driftless-campaign/tests/workflow.rs`, runs the
//! loop on SQLite and PostgreSQL.)

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let remote = dir.path().join("infra.git");
        let work = dir.path().join("work");
        std::fs::create_dir_all(&remote).unwrap();
        std::fs::create_dir_all(&work).unwrap();
        git(&remote, &["init", "--bare", "-b", "main"]);
        git(&work, &["init", "-b", "main"]);
        std::fs::write(work.join("CODEOWNERS"), "* @platform\n").unwrap();
        std::fs::write(
            work.join("main.tf"),
            "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n",
        )
        .unwrap();
        git(&work, &["add", "-A"]);
        git(&work, &["commit", "-m", "infra"]);
        git(&work, &["push", remote.to_str().unwrap(), "main"]);
        Self { dir }
    }

    fn run(&self, actor: Option<&str>, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_driftless"));
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
        cmd.output().expect("driftless runs")
    }

    fn ok(&self, actor: Option<&str>, args: &[&str]) -> String {
        let out = self.run(actor, args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn fails(&self, actor: Option<&str>, args: &[&str]) -> String {
        let out = self.run(actor, args);
        assert_eq!(out.status.code(), Some(2), "{args:?} should fail");
        String::from_utf8(out.stderr).unwrap()
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Dev", "-c", "user.email=dev@example.com"])
        .args(["-c", "init.defaultBranch=main"])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn campaign_commands_with_roles_and_expiry() {
    let env = Env::new();
    // The first user must be able to approve; then only admins add users.
    let e = env.fails(
        None,
        &[
            "user",
            "add",
            "dev",
            "--email",
            "dev@example.com",
            "--role",
            "developer",
        ],
    );
    assert!(e.contains("first user must be an admin or security"), "{e}");
    env.ok(
        None,
        &[
            "user",
            "add",
            "root",
            "--email",
            "root@example.com",
            "--role",
            "admin",
        ],
    );
    env.ok(
        Some("root"),
        &[
            "user",
            "add",
            "sec",
            "--email",
            "sec@example.com",
            "--role",
            "security",
        ],
    );
    env.ok(
        Some("root"),
        &[
            "user",
            "add",
            "dev",
            "--email",
            "dev@example.com",
            "--role",
            "developer",
            "--identity",
            "@platform",
        ],
    );
    let e = env.fails(
        Some("dev"),
        &[
            "user",
            "add",
            "eve",
            "--email",
            "e@example.com",
            "--role",
            "admin",
        ],
    );
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
        &[
            "exception",
            "request",
            &id,
            "--reason",
            "key imported from an HSM",
            "--expires",
            "2027-01-31",
        ],
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
    env.ok(Some("sec"), &["campaign", "close", "kms"]);
    let e = env.fails(Some("sec"), &["campaign", "sync", "kms"]);
    assert!(e.contains("closed"), "{e}");
}
