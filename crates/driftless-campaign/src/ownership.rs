//! Who owns a violation (issue 5 scope 4): the CODEOWNERS entry of its file (the last
//! matching pattern wins; its first owner is the owner), else the author of most of the
//! offending lines by `git blame` at the scanned commit, else the campaign's default
//! assignee.

use crate::model::OwnerSource;
use driftless_vcs::codeowners::Codeowners;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Decides owners for the violations of one repository at one commit; caches blame per
/// (file, lines).
#[derive(Debug)]
pub struct Owners {
    codeowners: Option<Codeowners>,
    repo_dir: PathBuf,
    commit: String,
    default_assignee: Option<String>,
    blamed: HashMap<(String, u32, u32), Option<String>>,
}

impl Owners {
    /// Reads the CODEOWNERS file of the checkout at `worktree` (GitHub and GitLab
    /// locations); blame runs in `repo_dir` (the mirror) at `commit`. Also returns the
    /// problems found in the CODEOWNERS file (`.github/CODEOWNERS:3: ...`), which the sync
    /// reports; an unreadable file counts as none.
    #[must_use]
    pub fn new(
        worktree: &Path,
        repo_dir: &Path,
        commit: &str,
        default_assignee: Option<String>,
    ) -> (Self, Vec<String>) {
        let mut warnings = Vec::new();
        let codeowners = match Codeowners::find(worktree) {
            Ok(Some(file)) => {
                warnings.extend(
                    file.warnings
                        .iter()
                        .map(|w| format!("{}:{}: {}", file.path.display(), w.line, w.message)),
                );
                Some(file.codeowners)
            }
            Ok(None) => None,
            Err(e) => {
                warnings.push(e.to_string());
                None
            }
        };
        let owners = Self {
            codeowners,
            repo_dir: repo_dir.to_path_buf(),
            commit: commit.to_owned(),
            default_assignee,
            blamed: HashMap::new(),
        };
        (owners, warnings)
    }

    /// The owner of lines `start..=end` (1-based) of `path` (repository-relative), and how
    /// it was decided; `None` when nothing decides.
    pub fn owner(&mut self, path: &str, start: u32, end: u32) -> Option<(String, OwnerSource)> {
        if let Some(first) = self
            .codeowners
            .as_ref()
            .and_then(|c| c.owners_for(path).first())
        {
            return Some((first.clone(), OwnerSource::Codeowners));
        }
        let key = (path.to_owned(), start, end);
        let blamed = self
            .blamed
            .entry(key)
            .or_insert_with(|| {
                if path.starts_with("../") {
                    return None;
                }
                driftless_vcs::git::blame(&self.repo_dir, &self.commit, path, start..=end)
                    .ok()
                    // Most lines first (ties: the author seen first in the range).
                    .and_then(|authors| authors.into_iter().next().map(|a| a.email))
            })
            .clone();
        if let Some(email) = blamed {
            return Some((email, OwnerSource::Blame));
        }
        self.default_assignee
            .clone()
            .map(|d| (d, OwnerSource::Default))
    }
}
