//! Real git repositories for tests: running `git` with a fixed identity, and a bare remote
//! seeded with one commit.

use std::path::Path;
use std::process::Command;

/// Runs `git args` in `dir` as `Dev <dev@example.com>`, with `main` as the first branch, no
/// commit signing and neither the user's nor the system's git configuration; returns its
/// standard output, trimmed.
///
/// # Panics
/// When git cannot run or fails (the message holds its standard error).
// Called as often for its effect (`commit`, `push`) as for its output.
#[allow(clippy::must_use_candidate)]
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Dev", "-c", "user.email=dev@example.com"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgSign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Makes `bare` a bare repository whose `main` holds one commit (`infra`) of the files that
/// `write` puts in `clone`, a new repository whose `origin` is `bare`. Both folders are
/// created.
///
/// # Panics
/// When a folder cannot be created or git fails.
pub fn seed_remote(bare: &Path, clone: &Path, write: impl FnOnce(&Path)) {
    std::fs::create_dir_all(bare).unwrap();
    git(bare, &["init", "--bare", "-b", "main"]);
    std::fs::create_dir_all(clone).unwrap();
    git(clone, &["init", "-b", "main"]);
    write(clone);
    git(clone, &["add", "-A"]);
    git(clone, &["commit", "-m", "infra"]);
    git(clone, &["remote", "add", "origin", bare.to_str().unwrap()]);
    git(clone, &["push", "origin", "main"]);
}
