//! `driftless serve`, `user passwd`, `user add --password-stdin` and `token` end to end
//! through the binary on a SQLite store: passwords from standard input, a token printed
//! once, the server printing its URL, answering with the token and the password, stopping on
//! SIGTERM.

mod common;

use common::{failed, http, succeeded, user_add};
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Command, Output, Stdio};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn command(&self, actor: Option<&str>, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_driftless"));
        cmd.args(args)
            .current_dir(self.dir.path())
            .env("DRIFTLESS_DATABASE_URL", self.url())
            .env("DRIFTLESS_DATA_DIR", self.dir.path().join("data"))
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env_remove("DRIFTLESS_USER")
            .env_remove("DRIFTLESS_LISTEN");
        if let Some(a) = actor {
            cmd.env("DRIFTLESS_USER", a);
        }
        cmd
    }

    fn url(&self) -> String {
        format!("sqlite:{}", self.dir.path().join("store.db").display())
    }

    fn run(&self, actor: Option<&str>, args: &[&str], stdin: &str) -> Output {
        let mut child = self
            .command(actor, args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    fn ok(&self, actor: Option<&str>, args: &[&str], stdin: &str) -> String {
        succeeded(args, &self.run(actor, args, stdin))
    }

    fn fails(&self, actor: Option<&str>, args: &[&str], stdin: &str) -> String {
        failed(args, &self.run(actor, args, stdin))
    }
}

fn get(addr: &str, path: &str, header: &str) -> (u16, String) {
    http(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{header}\r\n"),
    )
}

#[test]
fn serve_with_passwords_and_tokens() {
    let env = Env {
        dir: tempfile::tempdir().unwrap(),
    };
    let mut root = user_add("root", "root@example.com", "admin");
    root.push("--password-stdin");
    let e = env.fails(None, &root, "short\n");
    assert!(e.contains("at least 8 characters"), "{e}");
    env.ok(None, &root, "root password 1\n");
    let dev = user_add("dev", "dev@example.com", "developer");
    env.ok(Some("root"), &dev, "");

    // Admins set anyone's password, users their own, nobody else's.
    env.ok(Some("root"), &["user", "passwd", "dev"], "dev password 1\n");
    env.ok(
        Some("dev"),
        &["user", "passwd", "dev"],
        "dev password 2\r\n",
    );
    let e = env.fails(Some("dev"), &["user", "passwd", "root"], "hijacked!!\n");
    assert!(e.contains("may not set root's password"), "{e}");

    // A token is printed once; only admins create one for someone else.
    let out = env.ok(Some("dev"), &["token", "create", "ci"], "");
    let token = out.lines().last().unwrap().trim().to_owned();
    assert!(token.starts_with("dl_") && token.len() == 67, "{out}");
    let e = env.fails(Some("dev"), &["token", "create", "x", "--for", "root"], "");
    assert!(e.contains("may not create tokens for root"), "{e}");
    env.ok(
        Some("root"),
        &["token", "create", "robot", "--for", "dev"],
        "",
    );
    let list = env.ok(Some("dev"), &["token", "list", "--format", "json"], "");
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert!(
        !list.to_string().contains(&token[3..]),
        "no token or hash listed"
    );
    let db = std::fs::read(env.dir.path().join("store.db")).unwrap();
    assert!(
        !db.windows(token.len()).any(|w| w == token.as_bytes()),
        "the token itself is not stored"
    );

    // The server prints its URL and answers the token and the password.
    let mut server = env
        .command(None, &["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_owned();
    let (status, body) = get(
        &addr,
        "/api/v1/me",
        &format!("Authorization: Bearer {token}\r\n"),
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"name\":\"dev\""), "{body}");
    let form = "username=dev&password=dev+password+2";
    let (status, body) = http(
        &addr,
        &format!(
            "POST /login HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
            form.len()
        ),
    );
    assert_eq!(status, 303, "{body}");
    assert!(body.contains("HttpOnly; SameSite=Strict"), "{body}");

    let id = list[0]["id"].as_i64().unwrap().to_string();
    env.ok(Some("dev"), &["token", "revoke", &id], "");
    let (status, _) = get(
        &addr,
        "/api/v1/me",
        &format!("Authorization: Bearer {token}\r\n"),
    );
    assert_eq!(status, 401);

    // SIGTERM stops it gracefully.
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = server.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{status:?}");
    let _ = Path::new(".");
}
