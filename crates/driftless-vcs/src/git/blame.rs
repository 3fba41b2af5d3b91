//! Who last changed which lines: `git blame` of a file or a line range.

use std::ops::RangeInclusive;
use std::path::Path;

use super::command::Git;
use super::{GitError, Mirror, Worktree};

impl Mirror {
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
        blame(self.path(), commit, path, lines)
    }
}

impl Worktree {
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
        blame(self.path(), commit, path, lines)
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
