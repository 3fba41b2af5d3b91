//! Who owns a violation (issue 5 scope 4): the CODEOWNERS entry of its file (the last
//! matching pattern wins; its first owner is the owner), else the author of most of the
//! offending lines by `git blame` at the scanned commit, else the campaign's default
//! assignee.

use crate::model::OwnerSource;
use driftless_vcs::codeowners::Codeowners;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Decides owners for the violations of one repository at one commit; blames each file
/// once (one `git blame` of the whole file, however many violations it holds).
#[derive(Debug)]
pub struct Owners {
    codeowners: Option<Codeowners>,
    repo_dir: PathBuf,
    commit: String,
    default_assignee: Option<String>,
    /// Author e-mail per line (index 0 = line 1), per file; `None` when blame failed.
    blamed: HashMap<String, Option<Vec<String>>>,
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
        let lines = self
            .blamed
            .entry(path.to_owned())
            .or_insert_with(|| {
                if path.starts_with("../") {
                    return None;
                }
                driftless_vcs::git::blame_file(&self.repo_dir, &self.commit, path).ok()
            })
            .as_deref();
        let blamed = lines.and_then(|lines| majority(lines, start, end));
        if let Some(email) = blamed {
            return Some((email, OwnerSource::Blame));
        }
        self.default_assignee
            .clone()
            .map(|d| (d, OwnerSource::Default))
    }
}

/// The author of most of lines `start..=end` (1-based) of a file blamed line by line; ties go
/// to the author seen first in the range.
fn majority(lines: &[String], start: u32, end: u32) -> Option<String> {
    let from = usize::try_from(start.max(1) - 1).ok()?;
    let to = usize::try_from(end.max(start)).ok()?.min(lines.len());
    let range = lines.get(from..to)?;
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for email in range {
        match counts.iter_mut().find(|(e, _)| *e == email.as_str()) {
            Some((_, n)) => *n += 1,
            None => counts.push((email, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(e, _)| e.to_owned())
}

#[cfg(test)]
mod tests {
    use super::majority;

    #[test]
    fn the_author_of_most_lines_wins_ties_to_the_first() {
        let lines: Vec<String> = ["a", "b", "b", "a", "c"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        assert_eq!(majority(&lines, 1, 3).as_deref(), Some("b"));
        assert_eq!(majority(&lines, 1, 1).as_deref(), Some("a"));
        assert_eq!(majority(&lines, 3, 5).as_deref(), Some("b"));
        assert_eq!(majority(&lines, 4, 5).as_deref(), Some("a"));
        assert_eq!(majority(&lines, 5, 9).as_deref(), Some("c"));
        assert_eq!(majority(&lines, 9, 9), None);
    }
}
