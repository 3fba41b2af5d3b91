//! Version control for remediations: everything driftless does to a repository that is not
//! reading Terraform.
//!
//! - [`git`]: a thin typed wrapper over the `git` command line (rather than a git library: the
//!   command line gets credential helpers, SSH agents and proxies right). driftless works in its own bare
//!   [`Mirror`](git::Mirror) of each repository and in temporary detached
//!   [`Worktree`](git::Worktree)s, never in the user's working tree, and pushes with a lease so
//!   it never overwrites a branch it did not create.
//! - [`codeowners`]: GitHub and GitLab `CODEOWNERS` files, for assigning violations to owners.
//! - [`forge`]: opening and following pull (merge) requests on GitHub, GitLab and Gitea/Forgejo,
//!   or only a compare URL for `push-only` repositories.
//!
//! Errors are typed ([`git::GitError`], [`codeowners::CodeownersError`],
//! [`forge::ForgeError`]) and carry the command line, path or URL they are about; none carries a
//! token.
#![warn(missing_docs)]

pub mod codeowners;
pub mod forge;
pub mod git;
