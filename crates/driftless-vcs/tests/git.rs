//! The git wrapper against real repositories in temporary directories: a bare "remote" with
//! commits made by a separate clone, as a forge would hold them.
//!
//! The helper commands run with `GIT_CONFIG_GLOBAL=/dev/null` and an explicit identity, so
//! nothing depends on the machine's git configuration (CI runs as root on a fresh machine).

use std::path::{Path, PathBuf};
use std::process::Command;

use driftless_vcs::git::{BlameAuthor, FileContent, GitError, Mirror, Signature};

const ALICE: (&str, &str) = ("Alice Admin", "alice@example.com");
const BOB: (&str, &str) = ("Bob Builder", "bob@example.com");
const BOT: Signature<'static> = Signature {
    name: "driftless",
    email: "driftless@example.com",
};

/// Runs git in `dir` as `who`; panics with stderr on failure.
fn git_as(dir: &Path, who: (&str, &str), args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", &format!("user.name={}", who.0)])
        .args(["-c", &format!("user.email={}", who.1)])
        .args(["-c", "init.defaultBranch=main"])
        .args(["-c", "protocol.file.allow=always"])
        .args(["-c", "commit.gpgSign=false"])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", who.0)
        .env("GIT_AUTHOR_EMAIL", who.1)
        .env("GIT_COMMITTER_NAME", who.0)
        .env("GIT_COMMITTER_EMAIL", who.1)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

fn git(dir: &Path, args: &[&str]) -> String {
    git_as(dir, ALICE, args)
}

/// A bare remote (`remote.git`) and a clone of it (`work`) used to make commits "upstream".
struct Upstream {
    tmp: tempfile::TempDir,
    url: String,
}

impl Upstream {
    fn new() -> Upstream {
        let tmp = tempfile::tempdir().unwrap();
        let url = tmp.path().join("remote.git").to_str().unwrap().to_owned();
        let up = Upstream { tmp, url };
        std::fs::create_dir(up.bare()).unwrap();
        git(&up.bare(), &["init", "--bare", "--quiet"]);
        std::fs::create_dir(up.work()).unwrap();
        git(&up.work(), &["init", "--quiet"]);
        git(&up.work(), &["remote", "add", "origin", up.url()]);
        up.commit(
            ALICE,
            "main.tf",
            "resource \"aws_instance\" \"web\" {\n  ami = \"ami-0abc\"\n}\n",
            "initial",
        );
        git(&up.work(), &["push", "--quiet", "origin", "main"]);
        up
    }

    fn bare(&self) -> PathBuf {
        self.tmp.path().join("remote.git")
    }

    fn url(&self) -> &str {
        &self.url
    }

    fn work(&self) -> PathBuf {
        self.tmp.path().join("work")
    }

    fn cache(&self) -> PathBuf {
        self.tmp.path().join("cache/repos/infra.git")
    }

    /// Writes `file` and commits it in `work` as `who`; returns the commit.
    fn commit(&self, who: (&str, &str), file: &str, text: &str, message: &str) -> String {
        let path = self.work().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        git_as(&self.work(), who, &["add", "--all"]);
        git_as(&self.work(), who, &["commit", "--quiet", "-m", message]);
        git(&self.work(), &["rev-parse", "HEAD"])
    }

    fn push(&self, refspec: &str) {
        git(
            &self.work(),
            &["push", "--quiet", "--force", "origin", refspec],
        );
    }

    fn mirror(&self) -> Mirror {
        Mirror::open_or_clone(self.cache(), self.url()).unwrap()
    }
}

fn worktree_count(mirror: &Mirror) -> usize {
    git(mirror.path(), &["worktree", "list", "--porcelain"])
        .lines()
        .filter(|line| line.starts_with("worktree "))
        .count()
}

#[test]
fn mirror_clones_fetches_and_knows_the_default_branch() {
    let up = Upstream::new();
    let first = git(&up.work(), &["rev-parse", "HEAD"]);
    let mirror = up.mirror();
    assert_eq!(
        git(mirror.path(), &["rev-parse", "--is-bare-repository"]),
        "true"
    );
    assert_eq!(mirror.url(), up.url());
    assert_eq!(mirror.default_branch().unwrap(), "main");
    assert_eq!(
        mirror.branch("main").unwrap().as_deref(),
        Some(first.as_str())
    );
    assert_eq!(mirror.resolve("refs/remotes/origin/main").unwrap(), first);
    assert_eq!(mirror.resolve(&first[..10]).unwrap(), first);
    assert!(matches!(
        mirror.resolve("no-such-thing"),
        Err(GitError::UnknownRevision { .. })
    ));
    assert_eq!(mirror.branch("nope").unwrap(), None);
    assert_eq!(
        mirror.remote_branch("main").unwrap().as_deref(),
        Some(first.as_str())
    );
    assert_eq!(mirror.remote_branch("nope").unwrap(), None);

    // New commits and branches upstream appear after fetch; deleted branches disappear.
    let second = up.commit(BOB, "vars.tf", "variable \"x\" {}\n", "second");
    up.push("main");
    up.push("main:refs/heads/feature");
    git(&up.work(), &["tag", "v1"]);
    up.push("v1");
    assert_eq!(
        mirror.branch("main").unwrap().as_deref(),
        Some(first.as_str())
    );
    mirror.fetch().unwrap();
    assert_eq!(
        mirror.branch("main").unwrap().as_deref(),
        Some(second.as_str())
    );
    assert_eq!(
        mirror.branch("feature").unwrap().as_deref(),
        Some(second.as_str())
    );
    assert_eq!(mirror.resolve("v1").unwrap(), second);
    git(
        &up.work(),
        &["push", "--quiet", "origin", ":refs/heads/feature"],
    );
    mirror.fetch().unwrap();
    assert_eq!(mirror.branch("feature").unwrap(), None);

    // The default branch is asked of the remote.
    up.push("main:refs/heads/develop");
    git(&up.bare(), &["symbolic-ref", "HEAD", "refs/heads/develop"]);
    assert_eq!(mirror.default_branch().unwrap(), "develop");

    // Opening again reuses the mirror, and follows a changed URL.
    let again = Mirror::open_or_clone(mirror.path(), up.url()).unwrap();
    assert_eq!(
        again.branch("main").unwrap().as_deref(),
        Some(second.as_str())
    );
    let moved = up.tmp.path().join("moved.git");
    git(
        up.tmp.path(),
        &[
            "clone",
            "--bare",
            "--quiet",
            up.url(),
            moved.to_str().unwrap(),
        ],
    );
    let again = Mirror::open_or_clone(mirror.path(), moved.to_str().unwrap()).unwrap();
    assert_eq!(
        git(again.path(), &["config", "--get", "remote.origin.url"]),
        moved.to_str().unwrap()
    );
}

#[test]
fn mirror_refuses_foreign_directories_and_cleans_up_a_failed_clone() {
    let up = Upstream::new();
    // A non-empty directory that is not a bare repository (here: inside the work clone).
    let foreign = up.work();
    assert!(matches!(
        Mirror::open_or_clone(&foreign, up.url()),
        Err(GitError::NotAMirror { .. })
    ));
    // A remote that does not exist: the error names the command, the directory is gone.
    let target = up.tmp.path().join("cache/missing.git");
    let missing = up.tmp.path().join("does-not-exist.git");
    let err = Mirror::open_or_clone(&target, missing.to_str().unwrap()).unwrap_err();
    match &err {
        GitError::Failed {
            command, stderr, ..
        } => {
            assert!(command.starts_with("git --no-pager -C "), "{command}");
            assert!(command.contains("fetch"), "{command}");
            assert!(!stderr.is_empty());
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(!target.exists());
    // An empty directory is fine.
    let empty = up.tmp.path().join("cache/empty.git");
    std::fs::create_dir_all(&empty).unwrap();
    let mirror = Mirror::open_or_clone(&empty, up.url()).unwrap();
    assert!(mirror.branch("main").unwrap().is_some());
}

#[test]
fn worktree_commit_and_remove() {
    let up = Upstream::new();
    let mirror = up.mirror();
    let base = mirror.branch("main").unwrap().unwrap();
    let worktree = mirror.worktree(&base).unwrap();
    let path = worktree.path().to_path_buf();
    assert!(path.join("main.tf").is_file());
    assert_eq!(worktree.base(), base);
    assert_eq!(worktree.head().unwrap(), base);
    assert_eq!(worktree_count(&mirror), 2);

    // Nothing changed: no commit.
    assert_eq!(worktree.changed_files().unwrap(), Vec::<String>::new());
    assert_eq!(worktree.commit_all("nothing", BOT).unwrap(), None);

    std::fs::write(
        path.join("main.tf"),
        "resource \"aws_instance\" \"web\" {\n  ami = \"ami-0abc\"\n  metadata_options {\n    http_tokens = \"required\"\n  }\n}\n",
    )
    .unwrap();
    std::fs::create_dir_all(path.join("modules/s3")).unwrap();
    std::fs::write(path.join("modules/s3/main.tf"), "# new\n").unwrap();
    assert_eq!(
        worktree.changed_files().unwrap(),
        ["main.tf", "modules/s3/main.tf"]
    );
    let message = "driftless: require IMDSv2\n\n- aws-ec2-imdsv2-required aws_instance.web\n";
    let commit = worktree.commit_all(message, BOT).unwrap().unwrap();
    assert_eq!(worktree.head().unwrap(), commit);
    assert_eq!(worktree.base(), base);
    // Still the same files relative to the base, now committed.
    assert_eq!(
        worktree.changed_files().unwrap(),
        ["main.tf", "modules/s3/main.tf"]
    );
    let shown = git(
        mirror.path(),
        &["show", "-s", "--format=%an <%ae>|%cn <%ce>|%P|%B", &commit],
    );
    assert_eq!(
        shown,
        format!(
            "driftless <driftless@example.com>|driftless <driftless@example.com>|{base}|{}",
            message.trim_end()
        )
    );
    // The commit lives in the mirror's object store, ready to push.
    assert_eq!(mirror.resolve(&commit).unwrap(), commit);

    worktree.remove().unwrap();
    assert!(!path.exists());
    assert_eq!(worktree_count(&mirror), 1);
}

#[test]
fn dropping_a_worktree_removes_it() {
    let up = Upstream::new();
    let mirror = up.mirror();
    let path = {
        let worktree = mirror.worktree("refs/remotes/origin/main").unwrap();
        std::fs::write(worktree.path().join("dirty.tf"), "x").unwrap();
        worktree.path().to_path_buf()
    };
    assert!(!path.exists());
    assert_eq!(worktree_count(&mirror), 1);

    // A step that fails half-way (here: an error returned with `?`) leaves nothing behind.
    assert!(failing_step(&mirror).is_err());
    assert_eq!(worktree_count(&mirror), 1);
    assert!(matches!(
        mirror.worktree("no-such-commit"),
        Err(GitError::UnknownRevision { .. })
    ));
}

/// Makes a worktree, then fails with `?` while it is still in scope.
fn failing_step(mirror: &Mirror) -> Result<PathBuf, GitError> {
    let worktree = mirror.worktree("refs/remotes/origin/main")?;
    let path = worktree.path().to_path_buf();
    mirror.resolve("no-such-commit")?;
    Ok(path)
}

/// Makes a commit on top of the mirror's `main` with one changed file.
fn fix_commit(mirror: &Mirror, text: &str) -> String {
    let worktree = mirror.worktree("refs/remotes/origin/main").unwrap();
    std::fs::write(worktree.path().join("main.tf"), text).unwrap();
    worktree.commit_all("driftless fix", BOT).unwrap().unwrap()
}

#[test]
fn push_with_leases() {
    let up = Upstream::new();
    let mirror = up.mirror();
    let branch = "driftless/imdsv2";
    let first = fix_commit(&mirror, "# first\n");

    // New branch: the lease requires it to be absent.
    mirror.push_branch(&first, branch, None).unwrap();
    assert_eq!(
        mirror.remote_branch(branch).unwrap().as_deref(),
        Some(first.as_str())
    );
    assert_eq!(
        mirror.branch(branch).unwrap().as_deref(),
        Some(first.as_str())
    );
    assert_eq!(
        git(&up.bare(), &["rev-parse", &format!("refs/heads/{branch}")]),
        first
    );

    // Again, with the right lease: the branch moves (not a fast-forward: a sibling commit).
    let second = fix_commit(&mirror, "# second\n");
    mirror.push_branch(&second, branch, Some(&first)).unwrap();
    assert_eq!(
        mirror.remote_branch(branch).unwrap().as_deref(),
        Some(second.as_str())
    );
    // Pushing what is already there is fine.
    mirror.push_branch(&second, branch, Some(&second)).unwrap();

    // A stale lease is refused and changes nothing.
    let third = fix_commit(&mirror, "# third\n");
    let err = mirror
        .push_branch(&third, branch, Some(&first))
        .unwrap_err();
    match &err {
        GitError::PushRejected {
            url,
            branch: rejected,
            reason,
        } => {
            assert_eq!(url, up.url());
            assert_eq!(rejected, branch);
            assert!(reason.contains("stale info"), "{reason}");
        }
        other => panic!("expected PushRejected, got {other:?}"),
    }
    assert_eq!(
        mirror.remote_branch(branch).unwrap().as_deref(),
        Some(second.as_str())
    );

    // `None` never overwrites a branch that exists (here: one a person created).
    let theirs = up.commit(BOB, "theirs.tf", "# theirs\n", "a person's branch");
    up.push("HEAD:refs/heads/driftless/theirs");
    let err = mirror
        .push_branch(&third, "driftless/theirs", None)
        .unwrap_err();
    assert!(matches!(err, GitError::PushRejected { .. }), "{err:?}");
    assert_eq!(
        mirror.remote_branch("driftless/theirs").unwrap().as_deref(),
        Some(theirs.as_str())
    );

    // A branch deleted on the remote (merged and cleaned up) fails a lease naming a commit.
    git(
        &up.work(),
        &[
            "push",
            "--quiet",
            "origin",
            &format!(":refs/heads/{branch}"),
        ],
    );
    let err = mirror
        .push_branch(&third, branch, Some(&second))
        .unwrap_err();
    assert!(matches!(err, GitError::PushRejected { .. }), "{err:?}");

    // Names git refuses, and failures that are not rejections.
    assert!(matches!(
        mirror.push_branch(&third, "bad..name", None),
        Err(GitError::InvalidBranch { .. })
    ));
    assert!(matches!(
        mirror.push_branch(&third, "-f", None),
        Err(GitError::InvalidBranch { .. })
    ));
    let unknown = "0123456789012345678901234567890123456789";
    assert!(matches!(
        mirror.push_branch(unknown, "driftless/other", None),
        Err(GitError::UnknownRevision { .. })
    ));
}

#[test]
fn ancestry_and_merge_commits_after_a_merge_in_the_remote() {
    let up = Upstream::new();
    let mirror = up.mirror();
    let fix = fix_commit(&mirror, "# fixed\n");
    mirror.push_branch(&fix, "driftless/fix", None).unwrap();
    assert!(
        !mirror
            .is_ancestor(&fix, "refs/remotes/origin/main")
            .unwrap()
    );
    assert_eq!(
        mirror
            .merge_commit_of(&fix, "refs/remotes/origin/main")
            .unwrap(),
        None
    );

    // Upstream: main moves on, then merges the branch with a merge commit, then moves on again.
    up.commit(BOB, "other.tf", "# other\n", "unrelated");
    git(&up.work(), &["fetch", "--quiet", "origin"]);
    git(
        &up.work(),
        &[
            "merge",
            "--no-ff",
            "--quiet",
            "-m",
            "Merge driftless/fix",
            "origin/driftless/fix",
        ],
    );
    let merge = git(&up.work(), &["rev-parse", "HEAD"]);
    let after = up.commit(ALICE, "later.tf", "# later\n", "later");
    up.push("main");

    mirror.fetch().unwrap();
    assert!(
        mirror
            .is_ancestor(&fix, "refs/remotes/origin/main")
            .unwrap()
    );
    assert!(mirror.is_ancestor(&fix, &fix).unwrap());
    assert!(!mirror.is_ancestor(&after, &fix).unwrap());
    assert_eq!(
        mirror
            .merge_commit_of(&fix, "refs/remotes/origin/main")
            .unwrap(),
        Some(merge.clone())
    );
    // A commit on the first-parent history is its own answer.
    assert_eq!(
        mirror
            .merge_commit_of(&merge, "refs/remotes/origin/main")
            .unwrap(),
        Some(merge)
    );
    assert_eq!(
        mirror
            .merge_commit_of(&after, "refs/remotes/origin/main")
            .unwrap(),
        Some(after)
    );
    assert!(matches!(
        mirror.is_ancestor("no-such", "refs/remotes/origin/main"),
        Err(GitError::Failed { .. })
    ));
}

#[test]
fn blame_counts_lines_per_author() {
    let up = Upstream::new();
    let alice_text = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n  acl    = \"public-read\"\n  tags   = {}\n}\n";
    up.commit(ALICE, "s3.tf", alice_text, "bucket");
    let bob_text = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"company-logs\"\n  acl    = \"private\"\n  tags   = {}\n  force_destroy = true\n}\n";
    let commit = up.commit(BOB, "s3.tf", bob_text, "tweak bucket");
    up.push("main");
    let mirror = up.mirror();

    let whole = mirror.blame(&commit, "s3.tf", 1..=6).unwrap();
    assert_eq!(
        whole,
        [
            // A tie: the author of the first line comes first.
            BlameAuthor {
                name: ALICE.0.to_owned(),
                email: ALICE.1.to_owned(),
                lines: 3,
            },
            BlameAuthor {
                name: BOB.0.to_owned(),
                email: BOB.1.to_owned(),
                lines: 3,
            },
        ]
    );
    let top = mirror.blame(&commit, "s3.tf", 1..=1).unwrap();
    assert_eq!(top.len(), 1);
    assert_eq!((top[0].name.as_str(), top[0].lines), (ALICE.0, 1));
    let middle = mirror.blame(&commit, "s3.tf", 2..=4).unwrap();
    assert_eq!(
        middle
            .iter()
            .map(|a| (a.email.as_str(), a.lines))
            .collect::<Vec<_>>(),
        [(BOB.1, 2), (ALICE.1, 1)]
    );
    // From a worktree too.
    let worktree = mirror.worktree(&commit).unwrap();
    assert_eq!(worktree.blame(&commit, "s3.tf", 1..=6).unwrap(), whole);
    // Out of range, or a missing file: a failure that names the command.
    let err = mirror.blame(&commit, "s3.tf", 10..=12).unwrap_err();
    assert!(
        matches!(&err, GitError::Failed { command, .. } if command.contains("blame --line-porcelain -L 10,12")),
        "{err:?}"
    );
    assert!(mirror.blame(&commit, "nope.tf", 1..=1).is_err());
}

#[test]
fn read_file_serves_regular_files_of_a_commit_only() {
    let up = Upstream::new();
    let work = up.work();
    std::fs::create_dir_all(work.join("modules/net")).unwrap();
    std::fs::write(work.join("modules/net/main.tf"), "# <b>net</b>\n").unwrap();
    std::fs::write(work.join("latin1.tf"), b"# caf\xe9\n").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", work.join("passwd.tf")).unwrap();
    std::os::unix::fs::symlink("../../etc/hostname", work.join("up.tf")).unwrap();
    let commit = up.commit(ALICE, "big.tf", &"x".repeat(1000), "more files");
    up.push("main");
    up.mirror().fetch().unwrap();
    // A reader opens the mirror as it is.
    let mirror = Mirror::open(up.cache()).unwrap();
    assert!(matches!(
        Mirror::open(up.tmp.path().join("missing.git")),
        Err(GitError::NotAMirror { .. })
    ));
    assert!(matches!(
        Mirror::open(up.work()),
        Err(GitError::NotAMirror { .. })
    ));

    assert_eq!(
        mirror.read_file(&commit, "modules/net/main.tf").unwrap(),
        Some(b"# <b>net</b>\n".to_vec())
    );
    assert_eq!(
        mirror.read_file(&commit, "latin1.tf").unwrap(),
        Some(b"# caf\xe9\n".to_vec()),
        "bytes as committed"
    );
    assert_eq!(
        mirror.read_file_limited(&commit, "big.tf", 999).unwrap(),
        Some(FileContent::TooLarge { size: 1000 })
    );
    assert!(matches!(
        mirror.read_file_limited(&commit, "big.tf", 1000).unwrap(),
        Some(FileContent::Bytes(b)) if b.len() == 1000
    ));
    let first = git(&up.work(), &["rev-list", "--max-parents=0", "HEAD"]);
    assert_eq!(
        mirror.read_file(&first, "big.tf").unwrap(),
        None,
        "not in that commit"
    );
    for refused in [
        "passwd.tf",
        "up.tf",
        "modules",
        "modules/net",
        "modules/net/",
        "../remote.git/config",
        "modules/../main.tf",
        "./main.tf",
        "/etc/passwd",
        "modules//net/main.tf",
        "modules\\net\\main.tf",
        "main.tf\0",
        "",
        "*.tf",
        "m*/net/main.tf",
    ] {
        assert_eq!(
            mirror.read_file(&commit, refused).unwrap(),
            None,
            "{refused:?} is refused"
        );
    }
    assert!(mirror.read_file(&commit, "main.tf").unwrap().is_some());
    for bad_commit in [
        "HEAD",
        "main",
        "--output=/tmp/x",
        &commit[..12],
        "0000000000000000000000000000000000000000",
    ] {
        assert_eq!(
            mirror.read_file(bad_commit, "main.tf").unwrap(),
            None,
            "{bad_commit:?}"
        );
    }
}
