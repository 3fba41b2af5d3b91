//! The errors of the git wrapper.

use std::path::PathBuf;

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
