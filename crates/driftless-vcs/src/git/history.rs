//! Questions about a [`Mirror`]'s history: commit messages, trees, ancestry and merges.

use std::collections::HashSet;

use super::command::first_line;
use super::{GitError, Mirror};

impl Mirror {
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
}
