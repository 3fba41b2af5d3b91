//! Test support (cargo feature `testing`): a PostgreSQL server for tests and a fresh,
//! empty database per test, so the store's test suite (and the CLI's end-to-end tests, as a
//! dev-dependency with this feature) run on PostgreSQL as well as SQLite: both backends are
//! real, and every store test runs on each.
//!
//! The server is the one [`ENV_URL`] names when it is set: a URL whose user may
//! `CREATE DATABASE`, e.g. `postgres://postgres@127.0.0.1:5432/postgres` (CI sets it). When
//! it is unset, the first test that asks starts a throwaway PostgreSQL for the whole test
//! process: `initdb` and `pg_ctl` from `/usr/lib/postgresql/<version>/bin` (or `pg_config
//! --bindir`, or `PATH`), trust authentication, listening on 127.0.0.1 on a free port, its
//! data and socket in a temporary folder. `initdb` refuses to run as root, so as root both
//! run as the `postgres` user (`runuser`). A small watchdog process waits for the test
//! process to exit, then stops the server (`pg_ctl stop -m fast`) and removes the folder.
//! Without server binaries and without [`ENV_URL`], tests fail with a message saying how
//! to set it: they are never skipped.
//!
//! [`baseline_campaign`] and [`push_only_repository`] are what the workflow's and the web
//! server's end-to-end tests seed the store with.
//!
//! ```no_run
//! # async fn demo() {
//! use driftless_campaign::testing::TestDatabase;
//! let db = TestDatabase::create().await;
//! let store = driftless_campaign::store::open(db.url()).await.unwrap();
//! // ... use the store ...
//! drop(store);
//! db.drop_database().await;
//! # }
//! ```

mod seed;

pub use seed::{baseline_campaign, push_only_repository};

use sqlx::Connection as _;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// The environment variable naming an existing PostgreSQL server for tests.
pub const ENV_URL: &str = "DRIFTLESS_TEST_POSTGRES_URL";

/// A fresh database on the test server, with its own name (`t_<pid>_<n>_<nanos>`) and the
/// `C` collation, so text sorts the same as on SQLite.
#[derive(Debug)]
pub struct TestDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl TestDatabase {
    /// Creates an empty database on the test server (starting the throwaway server first
    /// when [`ENV_URL`] is unset).
    ///
    /// # Panics
    /// When no server can be had (no binaries and no [`ENV_URL`]; the message says how to
    /// set it) or the database cannot be created.
    pub async fn create() -> Self {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let admin_url = server_url();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "t_{}_{}_{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let mut conn = sqlx::PgConnection::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to the test PostgreSQL server: {e}"));
        let create = format!(
            "CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' \
             LC_COLLATE 'C' LC_CTYPE 'C'"
        );
        sqlx::raw_sql(sqlx::AssertSqlSafe(create))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        let _ = conn.close().await;
        let url = with_database(&admin_url, &name);
        Self {
            admin_url,
            name,
            url,
        }
    }

    /// The database's URL, for [`crate::store::open`].
    #[must_use]
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Drops the database, closing whatever connections are still open to it. Errors are
    /// ignored: the throwaway server is removed anyway.
    pub async fn drop_database(self) {
        if let Ok(mut conn) = sqlx::PgConnection::connect(&self.admin_url).await {
            let drop = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
            let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
                .execute(&mut conn)
                .await;
            let _ = conn.close().await;
        }
    }
}

/// Runs `test` with the URL of a fresh database, then drops the database, also when `test`
/// panics (the panic is then resumed).
///
/// # Panics
/// When `test` panics, or as [`TestDatabase::create`].
pub async fn with_test_database<F, Fut>(test: F)
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let db = TestDatabase::create().await;
    let outcome = tokio::spawn(test(db.url().to_owned())).await;
    db.drop_database().await;
    if let Err(e) = outcome {
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
        panic!("test task failed: {e}");
    }
}

/// The URL of the test server's `postgres` database: [`ENV_URL`] when set, else the
/// throwaway server's (started on first use, once per process).
///
/// # Panics
/// When no server can be had; the message says how to set [`ENV_URL`].
#[must_use]
pub fn server_url() -> String {
    static SERVER: OnceLock<Result<String, String>> = OnceLock::new();
    SERVER
        .get_or_init(|| match std::env::var(ENV_URL) {
            Ok(url) if !url.trim().is_empty() => Ok(url),
            _ => start_server(),
        })
        .clone()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// `url` with its database (path) replaced by `name`, query kept.
#[must_use]
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let authority = base.find("://").map_or(0, |i| i + 3);
    let path = base[authority..]
        .find('/')
        .map_or(base.len(), |i| authority + i);
    let query = query.map(|q| format!("?{q}")).unwrap_or_default();
    format!("{}/{name}{query}", &base[..path])
}

fn missing_server(detail: &str) -> String {
    format!(
        "cannot start a throwaway PostgreSQL for the tests: {detail}. Install PostgreSQL \
         (Debian: `apt-get install postgresql`; initdb and pg_ctl are looked up in \
         /usr/lib/postgresql/*/bin, `pg_config --bindir` and PATH) or point {ENV_URL} at a \
         server whose user may create databases, e.g. \
         {ENV_URL}=postgres://postgres@127.0.0.1:5432/postgres"
    )
}

/// Starts the throwaway server; returns its admin URL.
fn start_server() -> Result<String, String> {
    let bin = find_bindir().ok_or_else(|| missing_server("no initdb and pg_ctl found"))?;
    let as_root = is_root();
    let dir = tempfile::Builder::new()
        .prefix("driftless-test-pg-")
        .tempdir()
        .map_err(|e| missing_server(&format!("no temporary folder: {e}")))?
        .keep();
    let result = init_and_start(&bin, &dir, as_root);
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

fn init_and_start(bin: &Path, dir: &Path, as_root: bool) -> Result<String, String> {
    let data = dir.join("data");
    let sockets = dir.join("sockets");
    std::fs::create_dir_all(&sockets).map_err(|e| missing_server(&e.to_string()))?;
    if as_root {
        let status = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(dir)
            .status()
            .map_err(|e| missing_server(&format!("chown: {e}")))?;
        if !status.success() {
            return Err(missing_server(
                "running as root, and the `postgres` user to run initdb as is missing",
            ));
        }
    }
    let log = dir.join("initdb.log");
    run(
        as_root,
        &bin.join("initdb"),
        &[
            "-D".as_ref(),
            data.as_os_str(),
            "-U".as_ref(),
            "postgres".as_ref(),
            "--auth=trust".as_ref(),
            "--no-locale".as_ref(),
            "-E".as_ref(),
            "UTF8".as_ref(),
            "--no-sync".as_ref(),
        ],
        &log,
    )?;
    let mut last_error = String::new();
    for _ in 0..3 {
        let port = free_port().map_err(|e| missing_server(&format!("no free port: {e}")))?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off \
             -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            sockets.display()
        );
        let started = run(
            as_root,
            &bin.join("pg_ctl"),
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-l".as_ref(),
                dir.join("server.log").as_os_str(),
                "-o".as_ref(),
                options.as_ref(),
                "-w".as_ref(),
                "-t".as_ref(),
                "60".as_ref(),
                "start".as_ref(),
            ],
            &dir.join("pg_ctl.log"),
        );
        match started {
            Ok(()) => {
                spawn_watchdog(bin, dir, &data, as_root)?;
                return Ok(format!("postgres://postgres@127.0.0.1:{port}/postgres"));
            }
            Err(e) => last_error = e,
        }
    }
    Err(last_error)
}

/// Runs `program` (as `postgres` when root), its output to `log`.
fn run(as_root: bool, program: &Path, args: &[&std::ffi::OsStr], log: &Path) -> Result<(), String> {
    let mut command = if as_root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    };
    command.args(args).stdin(Stdio::null());
    let out = std::fs::File::create(log).map_err(|e| e.to_string())?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let status = command
        .stdout(out)
        .stderr(err)
        .status()
        .map_err(|e| missing_server(&format!("cannot run {}: {e}", program.display())))?;
    if status.success() {
        Ok(())
    } else {
        let output = std::fs::read_to_string(log).unwrap_or_default();
        Err(missing_server(&format!(
            "{} failed ({status}): {}",
            program.display(),
            output.trim()
        )))
    }
}

/// Starts a detached `sh` that waits for this process to exit, then stops the server and
/// removes its folder.
fn spawn_watchdog(bin: &Path, dir: &Path, data: &Path, as_root: bool) -> Result<(), String> {
    use std::os::unix::process::CommandExt as _;
    let quote = |p: &Path| format!("'{}'", p.display().to_string().replace('\'', "'\\''"));
    let stop = format!(
        "{}{} -D {} stop -m fast -w",
        if as_root {
            "runuser -u postgres -- "
        } else {
            ""
        },
        quote(&bin.join("pg_ctl")),
        quote(data)
    );
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop}; rm -rf {dir}",
        pid = std::process::id(),
        dir = quote(dir)
    );
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map(drop)
        .map_err(|e| missing_server(&format!("cannot start the watchdog: {e}")))
}

fn find_bindir() -> Option<PathBuf> {
    let has = |d: &Path| d.join("initdb").is_file() && d.join("pg_ctl").is_file();
    let mut debian: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|d| has(d))
        .collect();
    // Highest version first (directory names are major versions).
    debian.sort_by_key(|d| {
        d.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    if let Some(d) = debian.pop() {
        return Some(d);
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let d = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if out.status.success() && has(&d) {
            return Some(d);
        }
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .find(|d| has(d))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn replaces_the_database_of_a_url() {
        assert_eq!(
            with_database("postgres://u:p@h:5/postgres?sslmode=disable", "t_1"),
            "postgres://u:p@h:5/t_1?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h", "t_2"), "postgres://h/t_2");
    }
}
