//! Leased pushes: driftless moves a branch on the remote only if it is where driftless left it.

use std::path::Path;

use super::command::{Git, redact};
use super::{GitError, Mirror};

impl Mirror {
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
        check_branch_name(self.path(), branch)?;
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
                .map_or(summary.as_str(), |reason| {
                    reason.trim_matches(|c| c == '(' || c == ')')
                })
                .to_owned();
            return Err(GitError::PushRejected {
                url: redact(self.url()),
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
