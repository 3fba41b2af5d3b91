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
//! user's own git configuration (credential helpers, SSH agent): driftless runs the git command
//! line rather than a git library because the command line gets credential helpers, SSH agents
//! and proxies right.
//!
//! Commit ids are returned as the full lowercase hexadecimal object name (40 characters, 64 in
//! a SHA-256 repository).
//!
//! One module a concern: [`GitError`] (`error`), running the command line (`command`), the
//! [`Mirror`] and its remote (`mirror`), [`Worktree`]s and commits (`worktree`), leased pushes
//! (`push`), history questions such as merges and ancestry (`history`), reading committed
//! files (`files`), and [`blame`].

mod blame;
mod command;
mod error;
mod files;
mod history;
mod mirror;
mod push;
mod worktree;

pub use blame::{BlameAuthor, blame, blame_file};
pub use error::GitError;
pub use files::FileContent;
pub use mirror::Mirror;
pub use worktree::{Signature, Worktree};
