//! Running one Terraform command: in a given folder, with an environment that keeps it offline
//! and away from the user's settings, within a time limit.
//!
//! The environment is the caller's minus what would change what Terraform does or reach a
//! cloud: every `TF_*` variable except the `TF_VAR_*` values of input variables (so no
//! `TF_CLI_ARGS`, `TF_DATA_DIR`, `TF_WORKSPACE`, user CLI configuration or registry token), every
//! `AWS_*` variable (no profile, role or credentials of the user reaches the provider), and
//! every proxy setting. Then HTTP and HTTPS go through a proxy address where nothing listens
//! ([`DEAD_PROXY`]): a request the provider or Terraform tries fails at once with "connection
//! refused" instead of reaching a cloud or waiting on a network that is not there.

use super::error::{RunError, Stage};
use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A proxy address nothing listens on: every HTTP(S) request through it is refused at once.
pub const DEAD_PROXY: &str = "http://127.0.0.1:9";

/// What a finished command printed.
pub(crate) struct Finished {
    pub(crate) status: ExitStatus,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Finished {
    /// The exit status as the system words it, for messages.
    pub(crate) fn status_text(&self) -> String {
        self.status.to_string()
    }

    /// The last lines of what the command printed, for a message when nothing better exists.
    pub(crate) fn tail(&self) -> String {
        let text = if self.stderr.trim().is_empty() {
            &self.stdout
        } else {
            &self.stderr
        };
        let lines: Vec<&str> = text.trim().lines().collect();
        lines[lines.len().saturating_sub(8)..].join("\n")
    }
}

/// Whether an inherited environment variable is dropped.
fn dropped(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    let upper = name.to_ascii_uppercase();
    (upper.starts_with("TF_") && !name.starts_with("TF_VAR_"))
        || upper.starts_with("AWS_")
        || upper.ends_with("_PROXY")
        || upper == "CHECKPOINT_DISABLE"
}

/// Runs `binary args` in `dir` with the offline environment plus `extra`, stopping it (and
/// the provider plugins it started) after `timeout`.
pub(crate) fn run(
    binary: &Path,
    args: &[&OsStr],
    dir: &Path,
    extra: &[(&str, &OsStr)],
    timeout: Duration,
    stage: Stage,
) -> Result<Finished, RunError> {
    let mut command = Command::new(binary);
    command
        .args(args)
        .current_dir(dir)
        .env_clear()
        .envs(std::env::vars_os().filter(|(name, _)| !dropped(name)))
        .envs(["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"].map(|k| (k, DEAD_PROXY)))
        .envs([
            ("CHECKPOINT_DISABLE", "1"),
            ("TF_IN_AUTOMATION", "1"),
            ("TF_INPUT", "0"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ])
        .envs(extra.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        // Its own process group, so that a timeout stops the provider plugins too.
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let mut child = command.spawn().map_err(|source| RunError::Spawn {
        binary: binary.to_path_buf(),
        source,
    })?;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                stop(&mut child);
                let _ = (stdout.join(), stderr.join());
                return Err(RunError::Timeout {
                    stage,
                    after: timeout,
                });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(source) => {
                stop(&mut child);
                return Err(RunError::Spawn {
                    binary: binary.to_path_buf(),
                    source,
                });
            }
        }
    };
    Ok(Finished {
        status,
        stdout: joined(stdout),
        stderr: joined(stderr),
    })
}

/// Reads a pipe to its end on a thread of its own, so a full pipe never blocks the command.
fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut out);
        }
        out
    })
}

fn joined(reader: JoinHandle<Vec<u8>>) -> String {
    String::from_utf8_lossy(&reader.join().unwrap_or_default()).into_owned()
}

/// Stops the command and its process group.
fn stop(child: &mut Child) {
    #[cfg(unix)]
    {
        let group: OsString = format!("-{}", child.id()).into();
        let _ = Command::new("kill")
            .args([OsStr::new("-KILL"), OsStr::new("--"), &group])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_users_terraform_aws_and_proxy_settings_are_dropped() {
        for name in [
            "TF_CLI_ARGS",
            "TF_CLI_ARGS_plan",
            "TF_DATA_DIR",
            "TF_CLI_CONFIG_FILE",
            "TF_TOKEN_app_terraform_io",
            "AWS_PROFILE",
            "AWS_SECRET_ACCESS_KEY",
            "https_proxy",
            "NO_PROXY",
            "CHECKPOINT_DISABLE",
        ] {
            assert!(dropped(OsStr::new(name)), "{name}");
        }
        for name in ["TF_VAR_region", "PATH", "HOME", "XDG_CACHE_HOME"] {
            assert!(!dropped(OsStr::new(name)), "{name}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_command_over_its_time_is_stopped() {
        let started = Instant::now();
        let e = run(
            Path::new("sh"),
            &[OsStr::new("-c"), OsStr::new("sleep 30 & sleep 30")],
            Path::new("."),
            &[],
            Duration::from_millis(300),
            Stage::Plan,
        )
        .err()
        .unwrap();
        assert!(
            matches!(
                e,
                RunError::Timeout {
                    stage: Stage::Plan,
                    ..
                }
            ),
            "{e}"
        );
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[cfg(unix)]
    #[test]
    fn output_and_status_are_kept() {
        let done = run(
            Path::new("sh"),
            &[
                OsStr::new("-c"),
                OsStr::new("echo \"$HTTPS_PROXY\"; echo oops >&2; exit 3"),
            ],
            Path::new("."),
            &[],
            Duration::from_secs(10),
            Stage::Init,
        )
        .unwrap();
        assert_eq!(done.stdout.trim(), DEAD_PROXY);
        assert_eq!(done.status.code(), Some(3));
        assert_eq!(done.tail(), "oops");
    }
}
