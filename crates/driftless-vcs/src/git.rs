//! A thin typed wrapper over the `git` command line.
//!
//! driftless never touches the user's working tree. For each repository it keeps its own bare
//! [`Mirror`] under a cache directory, checks commits out into temporary detached
//! [`Worktree`]s, commits there, and pushes with `--force-with-lease` so that it only ever
//! moves a branch it created itself ([`Mirror::push_branch`]).
//!
//! Every command runs as `git --no-pager -C <dir> -c core.hooksPath=/dev/null ...` with
//! `GIT_TERMINAL_PROMPT=0` (a missing credential fails instead of waiting for a password),
//! `LC_ALL=C` (messages are parsed), no pager and no standard input; `GIT_DIR`,
//! `GIT_WORK_TREE` and `GIT_INDEX_FILE` inherited from a caller (a git hook, say) are removed
//! so that `-C` means what it says. Repository hooks never run. Credentials come from the
//! user's own git configuration (credential helpers, SSH agent), as DEPENDENCIES.md §3 wants.
//!
//! Commit ids are returned as the full lowercase hexadecimal object name (40 characters, 64 in
//! a SHA-256 repository).

use std::collections::HashSet;
use std::ffi::OsStr;
use std::fmt;
use std::io::Write as _;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Errors from running `git`.
///
/// Command lines in these errors are shown with any password in a URL replaced by `***`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GitError {
    /// `git` could not be started (not installed, or not on `PATH`).
    #[error("cannot run `{command}`")]
    Spawn {
        /// The command line.
        command: String,
        /// Why it could not be started.
        #[source]
        source: std::io::Error,
    },
    /// `git` ran and failed.
    #[error("`{command}` failed ({status}): {stderr}")]
    Failed {
        /// The command line.
        command: String,
        /// The exit status, as the operating system reports it (`exit status: 128`).
        status: String,
        /// What `git` wrote to its standard error, trimmed.
        stderr: String,
    },
    /// The remote refused a push: the lease did not hold (the branch moved since driftless
    /// last pushed it, was deleted, or exists although driftless expected it absent), or a
    /// server-side rule (protected branch, hook) refused it. Nothing was changed on the remote.
    #[error("push of {branch} to {url} was rejected: {reason}")]
    PushRejected {
        /// The remote's URL.
        url: String,
        /// The branch, without `refs/heads/`.
        branch: String,
        /// git's reason, e.g. `stale info` or `remote rejected (hook declined)`.
        reason: String,
    },
    /// A revision does not name a commit in the repository.
    #[error("{rev:?} is not a commit in {repository}")]
    UnknownRevision {
        /// The repository searched.
        repository: PathBuf,
        /// The revision as given.
        rev: String,
    },
    /// The remote's `HEAD` does not point at a branch (an empty repository, or a server that
    /// does not advertise symbolic refs).
    #[error(
        "{url} has no default branch: it has no commit yet, or its HEAD is not a branch (set the branch with --branch)"
    )]
    NoDefaultBranch {
        /// The remote's URL.
        url: String,
    },
    /// A branch name is not valid for git (`git check-ref-format --branch` refuses it).
    #[error("{branch:?} is not a valid branch name")]
    InvalidBranch {
        /// The branch as given.
        branch: String,
    },
    /// `git` succeeded but printed something this wrapper cannot read.
    #[error("`{command}`: unexpected output: {message}")]
    UnexpectedOutput {
        /// The command line.
        command: String,
        /// What was wrong with it.
        message: String,
    },
    /// A directory exists where the mirror should be, and it is not a bare repository.
    #[error("{path} exists and is not a bare git repository")]
    NotAMirror {
        /// The directory.
        path: PathBuf,
    },
    /// A file or directory could not be created, read or removed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

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
struct Git {
    command: Command,
    shown: Vec<String>,
    stdin: Option<Vec<u8>>,
}

impl Git {
    /// `git --no-pager -C dir -c core.hooksPath=/dev/null` with the environment described in
    /// the module documentation.
    fn new(dir: &Path) -> Self {
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

    fn arg(&mut self, arg: impl AsRef<OsStr>) -> &mut Self {
        let arg = arg.as_ref();
        self.shown.push(redact(&arg.to_string_lossy()));
        self.command.arg(arg);
        self
    }

    fn args<I, S>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        for arg in args {
            self.arg(arg);
        }
        self
    }

    fn env(&mut self, key: &str, value: impl AsRef<OsStr>) -> &mut Self {
        self.command.env(key, value);
        self
    }

    fn stdin(&mut self, input: Vec<u8>) -> &mut Self {
        self.stdin = Some(input);
        self
    }

    fn shown(&self) -> String {
        self.shown.join(" ")
    }

    /// Runs the command and returns its output, whatever its exit status.
    fn output(&mut self) -> Result<Output, GitError> {
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

    fn failed(&self, output: &Output) -> GitError {
        GitError::Failed {
            command: self.shown(),
            status: output.status.to_string(),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        }
    }

    /// Runs the command; its standard output on success, [`GitError::Failed`] otherwise.
    fn run(&mut self) -> Result<String, GitError> {
        let output = self.output()?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(self.failed(&output))
        }
    }

    /// Runs a command whose exit status 0 means yes and 1 means no.
    fn run_yes_no(&mut self) -> Result<bool, GitError> {
        let output = self.output()?;
        match output.status.code() {
            Some(0) => Ok(true),
            Some(1) => Ok(false),
            _ => Err(self.failed(&output)),
        }
    }

    fn unexpected(&self, message: impl Into<String>) -> GitError {
        GitError::UnexpectedOutput {
            command: self.shown(),
            message: message.into(),
        }
    }
}

/// Replaces the password of a `scheme://user:password@host` URL with `***`.
fn redact(arg: &str) -> String {
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

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim()
}

/// Splits `-z` output into its entries.
fn split_nul(text: &str) -> impl Iterator<Item = &str> {
    text.split('\0').filter(|entry| !entry.is_empty())
}

/// driftless's own bare clone of a repository.
///
/// Layout: a bare repository whose remote `origin` is the repository's URL, fetched with the
/// refspecs `+refs/heads/*:refs/remotes/origin/*` and `+refs/tags/*:refs/tags/*` and
/// `--prune`. So after [`fetch`](Self::fetch), `refs/remotes/origin/<branch>` is exactly the
/// remote's branch `<branch>` (deleted branches disappear), and the mirror has no local
/// branches of its own: worktrees are detached and pushes name commits, so nothing in the
/// mirror needs to be kept in step with anything.
#[derive(Debug, Clone)]
pub struct Mirror {
    path: PathBuf,
    url: String,
}

impl Mirror {
    /// Opens the mirror at `path` (e.g. `.driftless/repos/<name>.git`, chosen by the caller),
    /// or creates it there and fetches `url` into it.
    ///
    /// `url` is anything `git fetch` accepts: a local path, `file://`, `https://`, `ssh://` or
    /// `git@host:owner/repo.git`. An existing mirror is not fetched (call
    /// [`fetch`](Self::fetch)); if its `origin` points elsewhere it is re-pointed at `url`, and
    /// stale worktree entries (a process killed before it could clean up) are pruned. When the
    /// first fetch of a new mirror fails, the directory is removed again, so the next call starts
    /// afresh.
    ///
    /// # Errors
    /// [`GitError::NotAMirror`] when `path` is a non-empty directory that is not a bare
    /// repository; [`GitError::Io`] when it cannot be created; [`GitError::Failed`] when `git`
    /// fails (an unreachable or missing remote, among others).
    pub fn open_or_clone(path: impl Into<PathBuf>, url: &str) -> Result<Mirror, GitError> {
        let path = path.into();
        let mirror = Mirror {
            path,
            url: url.to_owned(),
        };
        let io = |source| GitError::Io {
            path: mirror.path.clone(),
            source,
        };
        let exists = mirror.path.exists();
        let empty = exists
            && mirror.path.is_dir()
            && std::fs::read_dir(&mirror.path)
                .map_err(io)?
                .next()
                .is_none();
        if exists && !empty {
            mirror.check_bare()?;
            let current = mirror
                .git()
                .args(["config", "--get", "remote.origin.url"])
                .output()?;
            if !current.status.success() {
                mirror.git().args(["remote", "add", "origin", url]).run()?;
                mirror.configure_refspecs()?;
            } else if first_line(&String::from_utf8_lossy(&current.stdout)) != url {
                mirror
                    .git()
                    .args(["remote", "set-url", "origin", url])
                    .run()?;
            }
            mirror.git().args(["worktree", "prune"]).run()?;
            return Ok(mirror);
        }
        std::fs::create_dir_all(&mirror.path).map_err(io)?;
        let created = (|| {
            mirror.git().args(["init", "--bare", "--quiet"]).run()?;
            mirror.git().args(["remote", "add", "origin", url]).run()?;
            mirror.configure_refspecs()?;
            mirror.fetch()
        })();
        if let Err(error) = created {
            let _ = std::fs::remove_dir_all(&mirror.path);
            return Err(error);
        }
        Ok(mirror)
    }

    /// Opens the existing mirror at `path` without changing, fetching or cloning anything
    /// (for readers such as the web UI's code view).
    ///
    /// # Errors
    /// [`GitError::NotAMirror`] when `path` is missing or is not a bare repository of its own.
    pub fn open(path: impl Into<PathBuf>) -> Result<Mirror, GitError> {
        let mirror = Mirror {
            path: path.into(),
            url: String::new(),
        };
        if !mirror.path.is_dir() {
            return Err(GitError::NotAMirror { path: mirror.path });
        }
        mirror.check_bare()?;
        Ok(mirror)
    }

    fn configure_refspecs(&self) -> Result<(), GitError> {
        self.git()
            .args([
                "config",
                "--replace-all",
                "remote.origin.fetch",
                "+refs/heads/*:refs/remotes/origin/*",
            ])
            .run()?;
        self.git()
            .args([
                "config",
                "--add",
                "remote.origin.fetch",
                "+refs/tags/*:refs/tags/*",
            ])
            .run()?;
        Ok(())
    }

    /// Checks that `self.path` is itself a bare repository (not a folder inside some other
    /// repository's working tree).
    fn check_bare(&self) -> Result<(), GitError> {
        let not_a_mirror = || GitError::NotAMirror {
            path: self.path.clone(),
        };
        let output = self
            .git()
            .args(["rev-parse", "--is-bare-repository", "--absolute-git-dir"])
            .output()?;
        if !output.status.success() {
            return Err(not_a_mirror());
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let mut lines = stdout.lines();
        let bare = lines.next() == Some("true");
        let git_dir = lines.next().map(PathBuf::from);
        let same = match (git_dir, std::fs::canonicalize(&self.path)) {
            (Some(git_dir), Ok(path)) => std::fs::canonicalize(git_dir).ok() == Some(path),
            _ => false,
        };
        if bare && same {
            Ok(())
        } else {
            Err(not_a_mirror())
        }
    }

    fn git(&self) -> Git {
        Git::new(&self.path)
    }

    /// The mirror's directory (the bare repository).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The URL the mirror fetches from and pushes to, as given to
    /// [`open_or_clone`](Self::open_or_clone) (empty for a mirror opened with [`open`](Self::open)).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `git fetch --prune origin`: every branch of the remote into `refs/remotes/origin/*`,
    /// its tags into `refs/tags/*`; branches deleted on the remote are deleted here.
    ///
    /// # Errors
    /// [`GitError::Failed`] when the remote cannot be reached or read.
    pub fn fetch(&self) -> Result<(), GitError> {
        self.git()
            .args([
                "fetch",
                "--prune",
                "--quiet",
                "--no-write-fetch-head",
                "origin",
            ])
            .run()?;
        Ok(())
    }

    /// The remote's default branch (where its `HEAD` points), e.g. `main`, asked of the remote
    /// itself with `git ls-remote --symref origin HEAD`.
    ///
    /// # Errors
    /// [`GitError::NoDefaultBranch`] when `HEAD` is not a symbolic ref to a branch;
    /// [`GitError::Failed`] when the remote cannot be reached.
    pub fn default_branch(&self) -> Result<String, GitError> {
        let stdout = self
            .git()
            .args(["ls-remote", "--symref", "origin", "HEAD"])
            .run()?;
        // `ref: refs/heads/main<TAB>HEAD`
        stdout
            .lines()
            .filter_map(|line| line.strip_prefix("ref: "))
            .filter_map(|line| line.split_once('\t'))
            .find(|(_, name)| *name == "HEAD")
            .and_then(|(target, _)| target.strip_prefix("refs/heads/"))
            .map(str::to_owned)
            .ok_or_else(|| GitError::NoDefaultBranch {
                url: redact(&self.url),
            })
    }

    /// The commit a revision names in the mirror: a commit id (full or abbreviated), a tag, or a
    /// full ref such as `refs/remotes/origin/main`. A bare branch name is not looked up among
    /// the fetched branches; use [`branch`](Self::branch) for that.
    ///
    /// # Errors
    /// [`GitError::UnknownRevision`] when `rev` names no commit.
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        let mut git = self.git();
        git.args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
            .arg(format!("{rev}^{{commit}}"));
        let output = git.output()?;
        match output.status.code() {
            Some(0) => Ok(first_line(&String::from_utf8_lossy(&output.stdout)).to_owned()),
            Some(1) => Err(GitError::UnknownRevision {
                repository: self.path.clone(),
                rev: rev.to_owned(),
            }),
            _ => Err(git.failed(&output)),
        }
    }

    /// The commit of the remote's branch `branch` as of the last [`fetch`](Self::fetch) (or
    /// push), i.e. of `refs/remotes/origin/<branch>`; `None` when there is no such branch.
    ///
    /// # Errors
    /// [`GitError::Failed`] when `git` fails.
    pub fn branch(&self, branch: &str) -> Result<Option<String>, GitError> {
        match self.resolve(&format!("refs/remotes/origin/{branch}")) {
            Ok(commit) => Ok(Some(commit)),
            Err(GitError::UnknownRevision { .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// The commit of branch `branch` on the remote right now (`git ls-remote origin
    /// refs/heads/<branch>`), without fetching; `None` when the remote has no such branch.
    ///
    /// # Errors
    /// [`GitError::Failed`] when the remote cannot be reached.
    pub fn remote_branch(&self, branch: &str) -> Result<Option<String>, GitError> {
        let reference = format!("refs/heads/{branch}");
        let stdout = self
            .git()
            .args(["ls-remote", "origin"])
            .arg(&reference)
            .run()?;
        // `<sha><TAB>refs/heads/<branch>`; the pattern also matches longer refs ending the same way.
        Ok(stdout
            .lines()
            .filter_map(|line| line.split_once('\t'))
            .find(|(_, name)| *name == reference)
            .map(|(commit, _)| commit.to_owned()))
    }

    /// Creates a temporary detached worktree of `commit` (`git worktree add --detach`) in a
    /// new directory under the system's temporary directory.
    ///
    /// # Errors
    /// [`GitError::UnknownRevision`] when `commit` is not in the mirror; [`GitError::Io`] when
    /// the directory cannot be created; [`GitError::Failed`] when `git` fails.
    pub fn worktree(&self, commit: &str) -> Result<Worktree, GitError> {
        let base = self.resolve(commit)?;
        let dir = tempfile::Builder::new()
            .prefix("driftless-worktree-")
            .tempdir()
            .map_err(|source| GitError::Io {
                path: std::env::temp_dir(),
                source,
            })?;
        let path = dir.path().to_path_buf();
        self.git()
            .args(["worktree", "add", "--detach", "--quiet"])
            .arg(&path)
            .arg(&base)
            .run()?;
        Ok(Worktree {
            repository: self.path.clone(),
            path,
            dir: Some(dir),
            base,
        })
    }

    /// `git worktree prune`: forgets worktrees whose directories are gone.
    ///
    /// # Errors
    /// [`GitError::Failed`] when `git` fails.
    pub fn prune_worktrees(&self) -> Result<(), GitError> {
        self.git().args(["worktree", "prune"]).run()?;
        Ok(())
    }

    /// Pushes `commit` to branch `branch` of the remote, only if the branch is where driftless
    /// left it.
    ///
    /// Runs `git push --porcelain --force-with-lease=refs/heads/<branch>:<expected> origin
    /// <commit>:refs/heads/<branch>`. With `expected` = `Some(sha)` the push succeeds only if
    /// the remote branch is at `sha` now (it may then move anywhere, non-fast-forward
    /// included); with `None` only if the branch does not exist, so driftless never overwrites
    /// a branch it did not create. Pushing the commit the branch already has succeeds and
    /// changes nothing. `refs/remotes/origin/<branch>` in the mirror follows a successful push.
    ///
    /// # Errors
    /// [`GitError::PushRejected`] when the lease does not hold or the server refuses the
    /// update; [`GitError::InvalidBranch`] for a name git refuses;
    /// [`GitError::UnknownRevision`] when `commit` is not in the mirror; [`GitError::Failed`]
    /// for anything else (unreachable remote, missing credentials).
    pub fn push_branch(
        &self,
        commit: &str,
        branch: &str,
        expected: Option<&str>,
    ) -> Result<(), GitError> {
        check_branch_name(&self.path, branch)?;
        let commit = self.resolve(commit)?;
        let reference = format!("refs/heads/{branch}");
        let mut git = self.git();
        git.args(["push", "--porcelain", "--quiet"])
            .arg(format!(
                "--force-with-lease={reference}:{}",
                expected.unwrap_or("")
            ))
            .arg("origin")
            .arg(format!("{commit}:{reference}"));
        let output = git.output()?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        // Porcelain lines: `<flag><TAB><from>:<to><TAB><summary>`; `!` marks a rejected ref.
        let rejected = stdout.lines().find_map(|line| {
            let mut fields = line.split('\t');
            (fields.next() == Some("!")).then(|| {
                let _ = fields.next();
                fields.next().unwrap_or("rejected").trim().to_owned()
            })
        });
        if let Some(summary) = rejected {
            let reason = summary
                .strip_prefix("[rejected] ")
                .map(|reason| reason.trim_matches(|c| c == '(' || c == ')'))
                .unwrap_or(&summary)
                .to_owned();
            return Err(GitError::PushRejected {
                url: redact(&self.url),
                branch: branch.to_owned(),
                reason,
            });
        }
        if output.status.success() {
            Ok(())
        } else {
            Err(git.failed(&output))
        }
    }

    /// The full message of commit `rev` (`git log -1 --format=%B`), e.g. to read the trailers
    /// by which driftless recognises the branches it created.
    ///
    /// # Errors
    /// [`GitError::Failed`] when `rev` names no commit in the mirror.
    pub fn commit_message(&self, rev: &str) -> Result<String, GitError> {
        self.git()
            .args(["log", "-1", "--format=%B", "--end-of-options", rev, "--"])
            .run()
    }

    /// The tree a commit records (`git rev-parse <rev>^{tree}`): two commits with the same
    /// tree carry the same files.
    ///
    /// # Errors
    /// [`GitError::UnknownRevision`] when `rev` names no commit in the mirror.
    pub fn tree_of(&self, rev: &str) -> Result<String, GitError> {
        let commit = self.resolve(rev)?;
        Ok(first_line(
            &self
                .git()
                .args(["rev-parse", "--verify", "--end-of-options"])
                .arg(format!("{commit}^{{tree}}"))
                .run()?,
        )
        .to_owned())
    }

    /// Whether `ancestor` is an ancestor of (or the same commit as) `descendant`
    /// (`git merge-base --is-ancestor`). Use it to see whether a pushed branch was merged into
    /// the fetched default branch: `is_ancestor(pushed, "refs/remotes/origin/main")`.
    ///
    /// # Errors
    /// [`GitError::Failed`] when either revision is unknown.
    pub fn is_ancestor(&self, ancestor: &str, descendant: &str) -> Result<bool, GitError> {
        self.git()
            .args(["merge-base", "--is-ancestor", "--end-of-options"])
            .args([ancestor, descendant])
            .run_yes_no()
    }

    /// The commit through which `commit` entered the first-parent history of `tip` (for
    /// example `refs/remotes/origin/main`): the merge commit when it was merged, `commit`
    /// itself when it was fast-forwarded or is on that history already; `None` when `commit`
    /// is not an ancestor of `tip` (not merged, or squashed or rebased into other commits, for
    /// which the forge's merge commit is the answer).
    ///
    /// # Errors
    /// [`GitError::UnknownRevision`] or [`GitError::Failed`] when a revision is unknown.
    pub fn merge_commit_of(&self, commit: &str, tip: &str) -> Result<Option<String>, GitError> {
        let commit = self.resolve(commit)?;
        let tip = self.resolve(tip)?;
        if !self.is_ancestor(&commit, &tip)? {
            return Ok(None);
        }
        let range = format!("{commit}..{tip}");
        let first_parent = self
            .git()
            .args(["rev-list", "--first-parent", &range])
            .run()?;
        let ancestry = self
            .git()
            .args(["rev-list", "--ancestry-path", &range])
            .run()?;
        let ancestry: HashSet<&str> = ancestry.lines().collect();
        // Oldest first: the first mainline commit that descends from `commit`.
        let Some(entry) = first_parent
            .lines()
            .rev()
            .find(|candidate| ancestry.contains(candidate))
        else {
            return Ok(Some(commit));
        };
        let parent = self.resolve(&format!("{entry}^1"))?;
        Ok(Some(if parent == commit {
            commit
        } else {
            entry.to_owned()
        }))
    }

    /// The bytes of the regular file at `path` (repository-relative, `/`-separated) in
    /// `commit`, read from git's objects (never from a checkout); `None` when there is no
    /// such file. Same as [`read_file_limited`](Self::read_file_limited) without a limit.
    ///
    /// # Errors
    /// As [`read_file_limited`](Self::read_file_limited).
    pub fn read_file(&self, commit: &str, path: &str) -> Result<Option<Vec<u8>>, GitError> {
        Ok(match self.read_file_limited(commit, path, u64::MAX)? {
            Some(FileContent::Bytes(bytes)) => Some(bytes),
            Some(FileContent::TooLarge { .. }) | None => None,
        })
    }

    /// The regular file at `path` in `commit`, or its size when it is larger than
    /// `max_bytes` bytes (its content is then not read).
    ///
    /// Returns `None`, without asking git anything that could reach outside the repository,
    /// for a `commit` that is not a full hexadecimal object id, for a `path` that is empty,
    /// absolute, holds a NUL, a backslash, an empty, `.` or `..` component; and, after
    /// asking, for a commit the mirror lacks, a path the commit does not hold, and an entry
    /// that is not a regular file: a directory, a submodule, or a symbolic link (whose blob
    /// is its target's name; it is never followed).
    ///
    /// # Errors
    /// [`GitError::Failed`] or [`GitError::UnexpectedOutput`] when `git` fails otherwise.
    pub fn read_file_limited(
        &self,
        commit: &str,
        path: &str,
        max_bytes: u64,
    ) -> Result<Option<FileContent>, GitError> {
        if !is_object_id(commit) || !is_safe_path(path) {
            return Ok(None);
        }
        match self.resolve(commit) {
            Ok(_) => {}
            Err(GitError::UnknownRevision { .. }) => return Ok(None),
            Err(error) => return Err(error),
        }
        // `<mode> SP <type> SP <object> SP <size> TAB <path> NUL`, for the entry `path` itself
        // (literal pathspecs: no globbing).
        let mut git = self.git();
        git.args([
            "--literal-pathspecs",
            "ls-tree",
            "-z",
            "--long",
            "--full-tree",
        ])
        .arg(commit)
        .arg("--")
        .arg(path);
        let listing = git.run()?;
        let Some(entry) =
            split_nul(&listing).find(|e| e.split_once('\t').is_some_and(|(_, name)| name == path))
        else {
            return Ok(None);
        };
        let (meta, _) = entry
            .split_once('\t')
            .ok_or_else(|| git.unexpected(format!("no tab in {entry:?}")))?;
        let fields: Vec<&str> = meta.split_whitespace().collect();
        let [mode, kind, object, size] = fields[..] else {
            return Err(git.unexpected(format!("cannot read the entry {entry:?}")));
        };
        if kind != "blob" || !matches!(mode, "100644" | "100755") {
            return Ok(None);
        }
        let size: u64 = size
            .parse()
            .map_err(|_| git.unexpected(format!("size {size:?}")))?;
        if size > max_bytes {
            return Ok(Some(FileContent::TooLarge { size }));
        }
        let mut cat = self.git();
        cat.args(["cat-file", "blob"]).arg(object);
        let output = cat.output()?;
        if !output.status.success() {
            return Err(cat.failed(&output));
        }
        Ok(Some(FileContent::Bytes(output.stdout)))
    }

    /// [`blame`] in this mirror.
    ///
    /// # Errors
    /// As [`blame`].
    pub fn blame(
        &self,
        commit: &str,
        path: &str,
        lines: RangeInclusive<u32>,
    ) -> Result<Vec<BlameAuthor>, GitError> {
        blame(&self.path, commit, path, lines)
    }
}

/// What [`Mirror::read_file_limited`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileContent {
    /// The file's bytes, as committed (any encoding).
    Bytes(Vec<u8>),
    /// The file is larger than the limit asked for.
    TooLarge {
        /// Its size in bytes.
        size: u64,
    },
}

/// Whether `text` is a full object id: 40 (SHA-1) or 64 (SHA-256) hexadecimal digits.
fn is_object_id(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether `path` is a plain repository-relative path: not empty, not absolute, no NUL or
/// backslash, and no empty, `.` or `..` component.
fn is_safe_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(['\0', '\\'])
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

fn check_branch_name(dir: &Path, branch: &str) -> Result<(), GitError> {
    let valid = !branch.starts_with('-')
        && Git::new(dir)
            .args(["check-ref-format", "--branch", branch])
            .output()?
            .status
            .success();
    if valid {
        Ok(())
    } else {
        Err(GitError::InvalidBranch {
            branch: branch.to_owned(),
        })
    }
}

/// A temporary, detached worktree of one commit of a [`Mirror`].
///
/// The worktree is removed (`git worktree remove --force`, then `git worktree prune`, then the
/// directory itself) by [`remove`](Self::remove) or, failing that, when the value is dropped,
/// so a step that fails half-way never leaves a stray worktree behind.
pub struct Worktree {
    repository: PathBuf,
    path: PathBuf,
    dir: Option<tempfile::TempDir>,
    base: String,
}

impl fmt::Debug for Worktree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Worktree")
            .field("repository", &self.repository)
            .field("path", &self.path)
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

/// Identity recorded on commits driftless makes, as author and committer.
#[derive(Debug, Clone, Copy)]
pub struct Signature<'a> {
    /// `user.name`, e.g. `driftless`.
    pub name: &'a str,
    /// `user.email`, e.g. `driftless@example.com`.
    pub email: &'a str,
}

impl Worktree {
    fn git(&self) -> Git {
        Git::new(&self.path)
    }

    /// The worktree's directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The commit the worktree was created at.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The commit checked out now: [`base`](Self::base) until
    /// [`commit_all`](Self::commit_all) made one.
    ///
    /// # Errors
    /// [`GitError::Failed`] when `git` fails.
    pub fn head(&self) -> Result<String, GitError> {
        Ok(first_line(&self.git().args(["rev-parse", "HEAD"]).run()?).to_owned())
    }

    /// Paths (relative to the worktree, `/`-separated, sorted) that differ between
    /// [`base`](Self::base) and the files on disk now, committed or not: modified, added
    /// (untracked files not ignored by `.gitignore` included) and deleted files.
    ///
    /// # Errors
    /// [`GitError::Failed`] when `git` fails.
    pub fn changed_files(&self) -> Result<Vec<String>, GitError> {
        let tracked = self
            .git()
            .args([
                "diff",
                "--name-only",
                "--no-renames",
                "-z",
                &self.base,
                "--",
            ])
            .run()?;
        let untracked = self
            .git()
            .args(["ls-files", "--others", "--exclude-standard", "-z"])
            .run()?;
        let mut files: Vec<String> = split_nul(&tracked)
            .chain(split_nul(&untracked))
            .map(str::to_owned)
            .collect();
        files.sort();
        files.dedup();
        Ok(files)
    }

    /// Stages every change (`git add --all`) and commits it with `message`, as `signature`
    /// for both author and committer, without hooks or signing. Returns the new commit, or
    /// `None` (and makes no commit) when nothing changed.
    ///
    /// # Errors
    /// [`GitError::Failed`] when `git` fails.
    pub fn commit_all(
        &self,
        message: &str,
        signature: Signature<'_>,
    ) -> Result<Option<String>, GitError> {
        self.git().args(["add", "--all"]).run()?;
        let unchanged = self
            .git()
            .args(["diff", "--cached", "--quiet", "--exit-code"])
            .run_yes_no()?;
        if unchanged {
            return Ok(None);
        }
        self.git()
            .arg("-c")
            .arg(format!("user.name={}", signature.name))
            .arg("-c")
            .arg(format!("user.email={}", signature.email))
            .args(["-c", "commit.gpgSign=false"])
            .args(["commit", "--quiet", "--no-verify", "--file=-"])
            .env("GIT_AUTHOR_NAME", signature.name)
            .env("GIT_AUTHOR_EMAIL", signature.email)
            .env("GIT_COMMITTER_NAME", signature.name)
            .env("GIT_COMMITTER_EMAIL", signature.email)
            .stdin(message.as_bytes().to_vec())
            .run()?;
        self.head().map(Some)
    }

    /// [`blame`] in this worktree's repository.
    ///
    /// # Errors
    /// As [`blame`].
    pub fn blame(
        &self,
        commit: &str,
        path: &str,
        lines: RangeInclusive<u32>,
    ) -> Result<Vec<BlameAuthor>, GitError> {
        blame(&self.path, commit, path, lines)
    }

    /// Removes the worktree now, reporting failures (dropping it removes it too, silently).
    ///
    /// # Errors
    /// [`GitError::Failed`] when `git worktree remove` fails; [`GitError::Io`] when the
    /// directory cannot be deleted.
    pub fn remove(mut self) -> Result<(), GitError> {
        self.cleanup()
    }

    fn cleanup(&mut self) -> Result<(), GitError> {
        let Some(dir) = self.dir.take() else {
            return Ok(());
        };
        let removed = Git::new(&self.repository)
            .args(["worktree", "remove", "--force"])
            .arg(&self.path)
            .run();
        let pruned = Git::new(&self.repository).args(["worktree", "prune"]).run();
        // `git worktree remove` deletes the directory; `close` copes with either case.
        let deleted = match dir.close() {
            Err(source) if source.kind() != std::io::ErrorKind::NotFound => Err(GitError::Io {
                path: self.path.clone(),
                source,
            }),
            _ => Ok(()),
        };
        removed.and(pruned).map(drop).and(deleted)
    }
}

impl Drop for Worktree {
    fn drop(&mut self) {
        let _ = self.cleanup();
    }
}

/// The author e-mail of every line of `path` as of `commit`, in line order (index 0 is
/// line 1): one `git blame --line-porcelain` of the whole file, so that owners of many
/// violations in one file cost one process, not one each.
///
/// # Errors
/// As [`blame`].
pub fn blame_file(repository: &Path, commit: &str, path: &str) -> Result<Vec<String>, GitError> {
    let mut git = Git::new(repository);
    git.args(["blame", "--line-porcelain", commit, "--", path]);
    let stdout = git.run()?;
    let mut emails = Vec::new();
    for line in stdout.lines() {
        if let Some(value) = line.strip_prefix("author-mail ") {
            emails.push(
                value
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_owned(),
            );
        }
    }
    Ok(emails)
}

/// One author's share of a blamed line range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlameAuthor {
    /// The author's name as recorded in the commit.
    pub name: String,
    /// The author's email, without the angle brackets.
    pub email: String,
    /// How many lines of the range this author last changed.
    pub lines: u32,
}

/// Who last changed lines `lines` (1-based, inclusive) of `path` (relative to the repository
/// root) as of `commit`: `git blame --line-porcelain -L <start>,<end> <commit> -- <path>` in
/// `repository` (a [`Mirror`]'s or a [`Worktree`]'s directory).
///
/// Authors are grouped by name and email and sorted by line count, most lines first, ties in
/// the order they first appear in the range.
///
/// # Errors
/// [`GitError::Failed`] when the commit, the path or the range does not exist (git says which);
/// [`GitError::UnexpectedOutput`] if the porcelain output cannot be read.
pub fn blame(
    repository: &Path,
    commit: &str,
    path: &str,
    lines: RangeInclusive<u32>,
) -> Result<Vec<BlameAuthor>, GitError> {
    let mut git = Git::new(repository);
    git.args(["blame", "--line-porcelain", "-L"])
        .arg(format!("{},{}", lines.start(), lines.end()))
        .args([commit, "--", path]);
    let stdout = git.run()?;
    let mut authors: Vec<BlameAuthor> = Vec::new();
    let (mut name, mut email) = (None::<&str>, None::<&str>);
    for line in stdout.lines() {
        if let Some(value) = line.strip_prefix("author ") {
            name = Some(value);
        } else if let Some(value) = line.strip_prefix("author-mail ") {
            email = Some(value.trim_start_matches('<').trim_end_matches('>'));
        } else if line.starts_with('\t') {
            let (Some(author), Some(mail)) = (name.take(), email.take()) else {
                return Err(git.unexpected("a blamed line without `author` and `author-mail`"));
            };
            match authors
                .iter_mut()
                .find(|known| known.name == author && known.email == mail)
            {
                Some(known) => known.lines += 1,
                None => authors.push(BlameAuthor {
                    name: author.to_owned(),
                    email: mail.to_owned(),
                    lines: 1,
                }),
            }
        }
    }
    authors.sort_by_key(|author| std::cmp::Reverse(author.lines));
    Ok(authors)
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
