//! The [`Mirror`]: driftless's own bare clone of a repository, and its remote's branches.

use std::path::{Path, PathBuf};

use super::GitError;
use super::command::{Git, first_line, redact};

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

    pub(super) fn git(&self) -> Git {
        Git::new(&self.path)
    }

    /// The mirror's directory (the bare repository).
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The URL the mirror fetches from and pushes to, as given to
    /// [`open_or_clone`](Self::open_or_clone) (empty for a mirror opened with [`open`](Self::open)).
    #[must_use]
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

    /// `git worktree prune`: forgets worktrees whose directories are gone.
    ///
    /// # Errors
    /// [`GitError::Failed`] when `git` fails.
    pub fn prune_worktrees(&self) -> Result<(), GitError> {
        self.git().args(["worktree", "prune"]).run()?;
        Ok(())
    }
}
