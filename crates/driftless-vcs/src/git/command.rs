//! Running the `git` command line: one invocation with the environment the module
//! documentation describes, its command line kept (passwords redacted) for errors.

use std::ffi::OsStr;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use super::GitError;

/// Variables that would make `git -C dir` look somewhere else than `dir`.
const LOCATION_VARIABLES: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
];

/// One `git` invocation, with the command line kept for error messages.
pub(super) struct Git {
    command: Command,
    shown: Vec<String>,
    stdin: Option<Vec<u8>>,
}

impl Git {
    /// `git --no-pager -C dir -c core.hooksPath=/dev/null` with the environment described in
    /// the module documentation.
    pub(super) fn new(dir: &Path) -> Self {
        let mut command = Command::new("git");
        command
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C")
            .env("GIT_PAGER", "cat")
            .env("PAGER", "cat");
        for variable in LOCATION_VARIABLES {
            command.env_remove(variable);
        }
        let mut git = Self {
            command,
            shown: vec!["git".to_owned()],
            stdin: None,
        };
        git.arg("--no-pager")
            .arg("-C")
            .arg(dir)
            .arg("-c")
            .arg("core.hooksPath=/dev/null");
        git
    }

    pub(super) fn arg(&mut self, arg: impl AsRef<OsStr>) -> &mut Self {
        let arg = arg.as_ref();
        self.shown.push(redact(&arg.to_string_lossy()));
        self.command.arg(arg);
        self
    }

    pub(super) fn args<I, S>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        for arg in args {
            self.arg(arg);
        }
        self
    }

    pub(super) fn env(&mut self, key: &str, value: impl AsRef<OsStr>) -> &mut Self {
        self.command.env(key, value);
        self
    }

    pub(super) fn stdin(&mut self, input: Vec<u8>) -> &mut Self {
        self.stdin = Some(input);
        self
    }

    fn shown(&self) -> String {
        self.shown.join(" ")
    }

    /// Runs the command and returns its output, whatever its exit status.
    pub(super) fn output(&mut self) -> Result<Output, GitError> {
        let spawn_error = |git: &Self, source| GitError::Spawn {
            command: git.shown(),
            source,
        };
        self.command
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = match self.command.spawn() {
            Ok(child) => child,
            Err(source) => return Err(spawn_error(self, source)),
        };
        if let Some(input) = self.stdin.take() {
            // `take()` leaves `None`, so the pipe closes when `stdin` drops at the end of the block.
            if let Some(mut stdin) = child.stdin.take()
                && let Err(source) = stdin.write_all(&input)
            {
                let _ = child.kill();
                let _ = child.wait();
                return Err(spawn_error(self, source));
            }
        }
        child
            .wait_with_output()
            .map_err(|source| spawn_error(self, source))
    }

    pub(super) fn failed(&self, output: &Output) -> GitError {
        GitError::Failed {
            command: self.shown(),
            status: output.status.to_string(),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        }
    }

    /// Runs the command; its standard output on success, [`GitError::Failed`] otherwise.
    pub(super) fn run(&mut self) -> Result<String, GitError> {
        let output = self.output()?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(self.failed(&output))
        }
    }

    /// Runs a command whose exit status 0 means yes and 1 means no.
    pub(super) fn run_yes_no(&mut self) -> Result<bool, GitError> {
        let output = self.output()?;
        match output.status.code() {
            Some(0) => Ok(true),
            Some(1) => Ok(false),
            _ => Err(self.failed(&output)),
        }
    }

    pub(super) fn unexpected(&self, message: impl Into<String>) -> GitError {
        GitError::UnexpectedOutput {
            command: self.shown(),
            message: message.into(),
        }
    }
}

/// Replaces the password of a `scheme://user:password@host` URL with `***`.
pub(super) fn redact(arg: &str) -> String {
    let Some(scheme_end) = arg.find("://") else {
        return arg.to_owned();
    };
    let rest = &arg[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let Some(at) = authority.rfind('@') else {
        return arg.to_owned();
    };
    let Some(colon) = authority[..at].find(':') else {
        return arg.to_owned();
    };
    format!(
        "{}{}:***{}",
        &arg[..scheme_end + 3],
        &authority[..colon],
        &rest[at..]
    )
}

pub(super) fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim()
}

/// Splits `-z` output into its entries.
pub(super) fn split_nul(text: &str) -> impl Iterator<Item = &str> {
    text.split('\0').filter(|entry| !entry.is_empty())
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redacts_passwords_in_urls() {
        assert_eq!(
            redact("https://x-access-token:secret@github.com/o/r.git"),
            "https://x-access-token:***@github.com/o/r.git"
        );
        assert_eq!(
            redact("https://github.com/o/r.git"),
            "https://github.com/o/r.git"
        );
        assert_eq!(
            redact("ssh://git@host:22/o/r.git"),
            "ssh://git@host:22/o/r.git"
        );
        assert_eq!(redact("git@host:o/r.git"), "git@host:o/r.git");
        assert_eq!(redact("--quiet"), "--quiet");
    }
}
