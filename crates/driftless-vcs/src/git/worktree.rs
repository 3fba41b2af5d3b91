//! Temporary detached [`Worktree`]s of a [`Mirror`], and the commits driftless makes in them.

use std::fmt;
use std::path::{Path, PathBuf};

use super::command::{Git, first_line, split_nul};
use super::{GitError, Mirror};

impl Mirror {
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
            repository: self.path().to_path_buf(),
            path,
            dir: Some(dir),
            base,
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
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The commit the worktree was created at.
    #[must_use]
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
