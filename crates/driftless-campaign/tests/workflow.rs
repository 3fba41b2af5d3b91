//! The campaign loop end to end (issue 5, "Done when"), with real git repositories and a
//! bare remote, on SQLite and on PostgreSQL: create -> sync -> propose (push-only) -> merge
//! in the remote -> sync -> fixed with the merge commit; exceptions with roles and expiry;
//! a failed push leaves nothing behind and a second run completes.

use driftless_campaign::exception::{self, ExceptionPolicy};
use driftless_campaign::model::{
    AuditQuery, NewCampaign, NewUser, OwnerSource, PullRequestState, Role, User, Violation,
    ViolationQuery, ViolationStatus,
};
use driftless_campaign::store::{self, Store};
use driftless_campaign::testing::{TestDatabase, baseline_campaign, push_only_repository};
use driftless_campaign::workflow::propose::pull_request_body;
use driftless_campaign::workflow::{self, ProposeOptions, Verify, WorkflowError, Workspace};
use driftless_diagnostics::{Applicability, Verification};
use driftless_testkit::{git, seed_remote};
use std::path::PathBuf;
use std::sync::Arc;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const NOW: OffsetDateTime = datetime!(2026-11-30 09:00 UTC);

const CODEOWNERS: &str = "# owners\n*           @platform\n/network/   @net-team\n";
const NETWORK: &str = "resource \"aws_kms_key\" \"net\" {\n  description         = \"network\"\n  enable_key_rotation = false\n}\n";
const APP: &str = "resource \"aws_sqs_queue\" \"jobs\" {\n  name                    = \"jobs\"\n  sqs_managed_sse_enabled = false\n}\n\nresource \"aws_instance\" \"web\" {\n  ami = \"ami-0abc\"\n}\n";

/// A bare remote holding the vulnerable configuration and a CODEOWNERS file.
struct Remote {
    _dir: tempfile::TempDir,
    bare: PathBuf,
    clone: PathBuf,
}

impl Remote {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let bare = dir.path().join("infra.git");
        let clone = dir.path().join("work");
        seed_remote(&bare, &clone, |clone| {
            std::fs::create_dir_all(clone.join("network")).unwrap();
            std::fs::create_dir_all(clone.join("app")).unwrap();
            std::fs::write(clone.join("CODEOWNERS"), CODEOWNERS).unwrap();
            std::fs::write(clone.join("network/main.tf"), NETWORK).unwrap();
            std::fs::write(clone.join("app/main.tf"), APP).unwrap();
        });
        Self {
            _dir: dir,
            bare,
            clone,
        }
    }

    /// Merges `branch` into main in the remote (a merge commit), returning it.
    fn merge(&self, branch: &str) -> String {
        git(&self.clone, &["fetch", "origin"]);
        git(
            &self.clone,
            &[
                "merge",
                "--no-ff",
                "-m",
                "Merge fixes",
                &format!("origin/{branch}"),
            ],
        );
        git(&self.clone, &["push", "origin", "main"]);
        git(&self.clone, &["rev-parse", "HEAD"])
    }
}

struct Setup {
    remote: Remote,
    _data: tempfile::TempDir,
    ws: Workspace,
    developer: User,
    other_security: User,
}

async fn setup(store: Arc<dyn Store>) -> Setup {
    let remote = Remote::new();
    let data = tempfile::tempdir().unwrap();
    let user = |name: &str, role| NewUser {
        name: name.into(),
        email: format!("{name}@example.com"),
        git_identities: vec![],
        role,
        password_hash: None,
    };
    let security = store
        .add_user(&user("sec", Role::Security), "test")
        .await
        .unwrap();
    let developer = store
        .add_user(&user("dev", Role::Developer), "sec")
        .await
        .unwrap();
    let other_security = store
        .add_user(&user("sec2", Role::Security), "sec")
        .await
        .unwrap();
    let url = remote.bare.display().to_string();
    store
        .upsert_repository(&push_only_repository("infra", &url), "sec")
        .await
        .unwrap();
    store
        .create_campaign(&baseline_campaign(), "sec")
        .await
        .unwrap();
    let ws = Workspace {
        store,
        data_dir: data.path().to_path_buf(),
        actor: security,
        now: NOW,
    };
    Setup {
        remote,
        _data: data,
        ws,
        developer,
        other_security,
    }
}

async fn violations(ws: &Workspace) -> Vec<Violation> {
    let mut v = ws
        .store
        .violations(&ViolationQuery::default())
        .await
        .unwrap()
        .items;
    v.sort_by(|a, b| a.rule_id.cmp(&b.rule_id));
    v
}

fn by_rule<'a>(vs: &'a [Violation], rule: &str) -> &'a Violation {
    vs.iter()
        .find(|v| v.rule_id.as_str() == rule)
        .unwrap_or_else(|| panic!("no {rule} in {vs:#?}"))
}

/// Worktrees the mirror knows besides itself.
fn stray_worktrees(ws: &Workspace) -> Vec<String> {
    let mirror = ws.data_dir.join("repos/infra.git");
    git(&mirror, &["worktree", "list", "--porcelain"])
        .lines()
        .filter(|l| l.starts_with("worktree "))
        .skip(1)
        .map(str::to_owned)
        .collect()
}

async fn the_whole_loop(url: String) {
    let store = store::open(&url).await.unwrap();
    let s = setup(store).await;
    let ws = &s.ws;

    // Sync: three violations, owners from CODEOWNERS (last matching pattern wins).
    let report = workflow::sync(ws, "baseline").await.unwrap();
    let r = &report.repositories[0];
    assert_eq!(r.error, None);
    assert_eq!((r.summary.new, r.summary.fixed), (3, 0));
    let vs = violations(ws).await;
    let kms = by_rule(&vs, "aws-kms-key-rotation-required");
    let sqs = by_rule(&vs, "aws-sqs-encryption-required");
    let web = by_rule(&vs, "aws-ec2-imdsv2-required");
    assert_eq!(kms.owner.as_deref(), Some("@net-team"));
    assert_eq!(kms.owner_source, Some(OwnerSource::Codeowners));
    assert_eq!(sqs.owner.as_deref(), Some("@platform"));
    assert_eq!((kms.path.as_str(), kms.start_line), ("network/main.tf", 3));
    assert_eq!(web.due_date, Some((NOW + Duration::days(14)).date()));
    assert!(vs.iter().all(|v| v.status == ViolationStatus::Open));
    let main_before = git(&s.remote.bare, &["rev-parse", "main"]);
    assert_eq!(kms.scanned_commit, main_before);

    // Sync twice changes nothing, and writes no audit entry.
    let audit_before = ws.store.audit(&AuditQuery::default()).await.unwrap().len();
    let again = workflow::sync(ws, "baseline").await.unwrap();
    let summary = again.repositories[0].summary;
    assert_eq!((summary.new, summary.updated, summary.unchanged), (0, 0, 3));
    assert_eq!(violations(ws).await, vs);
    let audit_after = ws.store.audit(&AuditQuery::default()).await.unwrap().len();
    assert_eq!(audit_before, audit_after);

    // Propose (safe fixes, push-only): one branch with exactly the two safe fixes.
    let outcomes = workflow::propose(ws, "baseline", &ProposeOptions::default())
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 1, "{outcomes:#?}");
    let o = &outcomes[0];
    assert_eq!(o.error, None);
    assert_eq!(o.branch, "driftless/baseline");
    let mut fixed = o.fixed.clone();
    fixed.sort_unstable();
    let mut want = vec![kms.id, sqs.id];
    want.sort_unstable();
    assert_eq!(fixed, want);
    assert_eq!(o.skipped.len(), 1);
    assert_eq!(o.skipped[0].0, web.id);
    assert!(
        o.skipped[0].1.contains("--applicability review"),
        "{:?}",
        o.skipped
    );
    let pushed = o.commit.clone().unwrap();
    assert_eq!(
        git(&s.remote.bare, &["rev-parse", "driftless/baseline"]),
        pushed
    );
    let changed = git(
        &s.remote.bare,
        &["diff", "--name-only", "main", "driftless/baseline"],
    );
    assert_eq!(changed, "app/main.tf\nnetwork/main.tf");
    let network = git(
        &s.remote.bare,
        &["show", "driftless/baseline:network/main.tf"],
    );
    assert_eq!(network, NETWORK.replace("= false", "= true").trim_end());
    let app = git(&s.remote.bare, &["show", "driftless/baseline:app/main.tf"]);
    assert_eq!(
        app,
        APP.replace(
            "sqs_managed_sse_enabled = false",
            "sqs_managed_sse_enabled = true"
        )
        .trim_end()
    );
    let message = git(
        &s.remote.bare,
        &["log", "-1", "--format=%B", "driftless/baseline"],
    );
    assert!(
        message.starts_with("driftless: fix 2 violations of campaign baseline"),
        "{message}"
    );
    assert!(
        message.contains("- aws-kms-key-rotation-required: aws_kms_key.net (network/main.tf:3)"),
        "{message}"
    );
    assert!(
        message.contains("- aws-sqs-encryption-required: aws_sqs_queue.jobs (app/main.tf:3)"),
        "{message}"
    );
    assert!(!message.contains("imdsv2"), "{message}");
    assert!(stray_worktrees(ws).is_empty());
    let vs = violations(ws).await;
    assert_eq!(
        by_rule(&vs, "aws-kms-key-rotation-required").status,
        ViolationStatus::FixProposed
    );
    assert_eq!(
        by_rule(&vs, "aws-ec2-imdsv2-required").status,
        ViolationStatus::Open
    );

    // Propose again: the same branch (the lease names the recorded commit), one remediation.
    let outcomes = workflow::propose(ws, "baseline", &ProposeOptions::default())
        .await
        .unwrap();
    assert_eq!(outcomes[0].error, None, "{outcomes:#?}");
    let remediations = ws
        .store
        .remediations(ws.store.campaign("baseline").await.unwrap().id)
        .await
        .unwrap();
    assert_eq!(remediations.len(), 1);
    assert_eq!(remediations[0].pushed_commit, outcomes[0].commit);
    let pushed = outcomes[0].commit.clone().unwrap();

    // Merged in the remote: the sync closes both with the merge commit; the rest stays open.
    let merge = s.remote.merge("driftless/baseline");
    assert_ne!(merge, pushed);
    let report = workflow::verify(ws, "baseline").await.unwrap();
    assert_eq!(
        report.remediations[0].remediation.state,
        PullRequestState::Merged
    );
    assert_eq!(
        report.remediations[0].remediation.merge_commit.as_deref(),
        Some(merge.as_str())
    );
    assert_eq!(report.sync.repositories[0].summary.fixed, 2);
    assert_eq!(report.remaining, 1);
    let vs = violations(ws).await;
    for rule in [
        "aws-kms-key-rotation-required",
        "aws-sqs-encryption-required",
    ] {
        let v = by_rule(&vs, rule);
        assert_eq!(v.status, ViolationStatus::Fixed);
        assert_eq!(v.fixed_commit.as_deref(), Some(merge.as_str()));
    }
    let web = by_rule(&vs, "aws-ec2-imdsv2-required").clone();
    assert_eq!(web.status, ViolationStatus::Open);

    // Exceptions: a developer asks, cannot approve; security approves; expiry reopens.
    let request = exception::request(
        ws.store.as_ref(),
        &s.developer,
        web.id,
        "legacy AMI agent still calls IMDSv1",
        Some(NOW + Duration::days(30)),
        ExceptionPolicy::default(),
        NOW,
    )
    .await
    .unwrap();
    let denied =
        exception::decide(ws.store.as_ref(), &s.developer, request.id, true, None, NOW).await;
    assert!(
        matches!(denied, Err(WorkflowError::Forbidden { .. })),
        "{denied:?}"
    );
    let too_long = exception::request(
        ws.store.as_ref(),
        &s.developer,
        web.id,
        "forever",
        Some(NOW + Duration::days(400)),
        ExceptionPolicy::default(),
        NOW,
    )
    .await;
    assert!(
        matches!(too_long, Err(WorkflowError::Invalid(_))),
        "{too_long:?}"
    );
    exception::decide(
        ws.store.as_ref(),
        &s.other_security,
        request.id,
        true,
        Some("until Q1"),
        NOW,
    )
    .await
    .unwrap();
    assert_eq!(
        ws.store.violation(web.id).await.unwrap().status,
        ViolationStatus::Excepted
    );
    // An excepted violation stays out of pull requests.
    let outcomes = workflow::propose(
        ws,
        "baseline",
        &ProposeOptions {
            applicability: Applicability::Review,
            ..ProposeOptions::default()
        },
    )
    .await
    .unwrap();
    assert!(outcomes.is_empty(), "{outcomes:#?}");
    // A sync while it holds keeps it excepted; after expiry the violation reopens.
    workflow::sync(ws, "baseline").await.unwrap();
    assert_eq!(
        ws.store.violation(web.id).await.unwrap().status,
        ViolationStatus::Excepted
    );
    let later = Workspace {
        now: NOW + Duration::days(31),
        ..ws.clone()
    };
    let report = workflow::sync(&later, "baseline").await.unwrap();
    assert_eq!(report.expired.len(), 1);
    assert_eq!(
        ws.store.violation(web.id).await.unwrap().status,
        ViolationStatus::Open
    );

    // The burndown has a snapshot per day synced.
    let snapshots = ws
        .store
        .snapshots(ws.store.campaign("baseline").await.unwrap().id)
        .await
        .unwrap();
    assert_eq!(snapshots.len(), 2);
    assert!(stray_worktrees(ws).is_empty());
}

async fn a_failed_push_leaves_nothing(url: String) {
    let store = store::open(&url).await.unwrap();
    let s = setup(store).await;
    let ws = &s.ws;
    workflow::sync(ws, "baseline").await.unwrap();
    let before = violations(ws).await;
    let audit_before = ws.store.audit(&AuditQuery::default()).await.unwrap().len();

    // The remote refuses every push.
    let hook = s.remote.bare.join("hooks/pre-receive");
    std::fs::write(&hook, "#!/bin/sh\necho 'pushes are frozen' >&2\nexit 1\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let outcomes = workflow::propose(ws, "baseline", &ProposeOptions::default())
        .await
        .unwrap();
    assert!(outcomes[0].error.is_some(), "{outcomes:#?}");
    assert_eq!(outcomes[0].commit, None);
    assert!(
        ws.store
            .remediations(ws.store.campaign("baseline").await.unwrap().id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(violations(ws).await, before);
    assert_eq!(
        ws.store.audit(&AuditQuery::default()).await.unwrap().len(),
        audit_before
    );
    assert!(stray_worktrees(ws).is_empty());
    assert!(git(&s.remote.bare, &["branch", "--list", "driftless/*"]).is_empty());

    // Pushes allowed again: the same command completes the work.
    std::fs::remove_file(&hook).unwrap();
    let outcomes = workflow::propose(ws, "baseline", &ProposeOptions::default())
        .await
        .unwrap();
    assert_eq!(outcomes[0].error, None, "{outcomes:#?}");
    assert_eq!(
        ws.store
            .remediations(ws.store.campaign("baseline").await.unwrap().id)
            .await
            .unwrap()
            .len(),
        1
    );

    assert!(stray_worktrees(ws).is_empty());
}

async fn roles_are_enforced(url: String) {
    let store = store::open(&url).await.unwrap();
    let s = setup(store).await;
    let as_developer = Workspace {
        actor: s.developer.clone(),
        ..s.ws.clone()
    };
    let sync = workflow::sync(&as_developer, "baseline").await;
    assert!(
        matches!(sync, Err(WorkflowError::Forbidden { .. })),
        "{sync:?}"
    );
    workflow::sync(&s.ws, "baseline").await.unwrap();
    let v = &violations(&s.ws).await[0];
    // Security cannot approve its own request (four eyes).
    let own = exception::request(
        s.ws.store.as_ref(),
        &s.ws.actor,
        v.id,
        "accepted risk",
        None,
        ExceptionPolicy::default(),
        NOW,
    )
    .await
    .unwrap();
    assert_eq!(own.expires_at, NOW + Duration::days(90));
    let self_approved =
        exception::decide(s.ws.store.as_ref(), &s.ws.actor, own.id, true, None, NOW).await;
    assert!(
        matches!(self_approved, Err(WorkflowError::Invalid(_))),
        "{self_approved:?}"
    );
    let denied = exception::decide(
        s.ws.store.as_ref(),
        &s.other_security,
        own.id,
        false,
        None,
        NOW,
    )
    .await
    .unwrap();
    assert_eq!(denied.approver.as_deref(), Some("sec2"));
    assert_eq!(
        s.ws.store.violation(v.id).await.unwrap().status,
        ViolationStatus::Open
    );

    // A branch driftless did not create is never overwritten, and nothing is recorded.
    git(
        &s.remote.clone,
        &["push", "origin", "main:refs/heads/driftless/baseline"],
    );
    let foreign = git(&s.remote.bare, &["rev-parse", "driftless/baseline"]);
    let outcomes = workflow::propose(&s.ws, "baseline", &ProposeOptions::default())
        .await
        .unwrap();
    let error = outcomes[0].error.as_deref().unwrap();
    assert!(error.contains("driftless did not create it"), "{error}");
    assert_eq!(
        git(&s.remote.bare, &["rev-parse", "driftless/baseline"]),
        foreign
    );
    let campaign = s.ws.store.campaign("baseline").await.unwrap();
    assert!(
        s.ws.store
            .remediations(campaign.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(stray_worktrees(&s.ws).is_empty());
}

async fn branches_after_merges_and_foreign_commits(url: String) {
    let store = store::open(&url).await.unwrap();
    let s = setup(store).await;
    let ws = &s.ws;
    let campaign = ws.store.campaign("baseline").await.unwrap();
    workflow::sync(ws, "baseline").await.unwrap();
    let first = workflow::propose(ws, "baseline", &ProposeOptions::default())
        .await
        .unwrap();
    let pushed = first[0].commit.clone().unwrap();

    // Nothing new: no push (same tree), the branch stays where it is.
    let again = workflow::propose(ws, "baseline", &ProposeOptions::default())
        .await
        .unwrap();
    assert!(again[0].unchanged, "{again:#?}");
    assert_eq!(again[0].commit.as_deref(), Some(pushed.as_str()));
    assert_eq!(
        git(&s.remote.bare, &["rev-parse", "driftless/baseline"]),
        pushed
    );

    // Proposing one more violation adds it to what the branch carries.
    let web = by_rule(&violations(ws).await, "aws-ec2-imdsv2-required").id;
    let one = workflow::propose(
        ws,
        "baseline",
        &ProposeOptions {
            applicability: Applicability::Review,
            violations: Some(vec![web]),
            ..ProposeOptions::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(one[0].error, None, "{one:#?}");
    assert_eq!(one[0].fixed.len(), 3, "{one:#?}");
    let carried = &ws.store.remediations(campaign.id).await.unwrap()[0].violation_ids;
    assert_eq!(carried.len(), 3);
    // Unknown or ineligible choices are errors, not silence.
    let bad = workflow::propose(
        ws,
        "baseline",
        &ProposeOptions {
            violations: Some(vec![9999]),
            ..ProposeOptions::default()
        },
    )
    .await;
    assert!(
        matches!(bad, Err(WorkflowError::Invalid(ref m)) if m.contains("no violation 9999")),
        "{bad:?}"
    );
    let bad = workflow::propose(
        ws,
        "baseline",
        &ProposeOptions {
            repositories: vec!["nope".into()],
            ..ProposeOptions::default()
        },
    )
    .await;
    assert!(
        matches!(bad, Err(WorkflowError::Invalid(ref m)) if m.contains("no repository nope")),
        "{bad:?}"
    );

    // A reviewer pushes onto the branch: driftless does not overwrite their work.
    git(&s.remote.clone, &["fetch", "origin"]);
    git(
        &s.remote.clone,
        &[
            "checkout",
            "-q",
            "-b",
            "review",
            "origin/driftless/baseline",
        ],
    );
    std::fs::write(s.remote.clone.join("NOTES.md"), "reviewed\n").unwrap();
    git(&s.remote.clone, &["add", "-A"]);
    git(&s.remote.clone, &["commit", "-q", "-m", "review notes"]);
    git(
        &s.remote.clone,
        &["push", "origin", "review:driftless/baseline"],
    );
    let refused = workflow::propose(ws, "baseline", &ProposeOptions::default())
        .await
        .unwrap();
    let error = refused[0].error.as_deref().unwrap_or_default();
    assert!(
        error.contains("has commits driftless did not push"),
        "{refused:#?}"
    );

    // Merged, and the branch deleted (a forge's default): the next propose starts afresh.
    git(&s.remote.clone, &["checkout", "-q", "main"]);
    s.remote.merge("driftless/baseline");
    git(&s.remote.bare, &["branch", "-D", "driftless/baseline"]);
    let report = workflow::verify(ws, "baseline").await.unwrap();
    assert_eq!(
        report.remediations[0].remediation.state,
        PullRequestState::Merged
    );
    assert_eq!(report.remaining, 0);
    std::fs::write(
        s.remote.clone.join("app/queue.tf"),
        "resource \"aws_sqs_queue\" \"more\" {\n  sqs_managed_sse_enabled = false\n}\n",
    )
    .unwrap();
    git(&s.remote.clone, &["add", "-A"]);
    git(&s.remote.clone, &["commit", "-q", "-m", "another queue"]);
    git(&s.remote.clone, &["push", "origin", "main"]);
    workflow::sync(ws, "baseline").await.unwrap();
    let fresh = workflow::propose(ws, "baseline", &ProposeOptions::default())
        .await
        .unwrap();
    assert_eq!(fresh[0].error, None, "{fresh:#?}");
    assert_eq!(fresh[0].fixed.len(), 1);
    let r = &ws.store.remediations(campaign.id).await.unwrap()[0];
    assert_eq!(r.state, PullRequestState::None);
    assert_eq!(r.pushed_commit, fresh[0].commit);

    // Per-owner branches cannot live beside the per-repository one.
    let switched = workflow::propose(
        ws,
        "baseline",
        &ProposeOptions {
            group_by_owner: true,
            ..ProposeOptions::default()
        },
    )
    .await
    .unwrap();
    assert!(
        switched.iter().all(|o| o
            .error
            .as_deref()
            .is_some_and(|e| e.contains("before switching --group-by"))),
        "{switched:#?}"
    );
    assert!(stray_worktrees(ws).is_empty());
}

/// Regression (security QA): a symbolic link in a pushed repository that points at a server
/// file must not put that file's lines into violations, diffs or pull requests.
async fn links_out_of_the_repository_are_never_read(url: String) {
    let store = store::open(&url).await.unwrap();
    let s = setup(store).await;
    let ws = &s.ws;
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("server-secret.tf");
    std::fs::write(
        &secret,
        "resource \"aws_kms_key\" \"leaked\" {\n  description = \"SERVER-SECRET\"\n  enable_key_rotation = false\n}\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, s.remote.clone.join("network/leak.tf")).unwrap();
    git(&s.remote.clone, &["add", "-A"]);
    git(&s.remote.clone, &["commit", "-q", "-m", "a link"]);
    git(&s.remote.clone, &["push", "origin", "main"]);

    let report = workflow::sync(ws, "baseline").await.unwrap();
    let r = &report.repositories[0];
    assert_eq!(r.summary.new, 3, "{r:#?}");
    assert!(
        r.input_errors
            .iter()
            .any(|e| e.contains("network/leak.tf") && e.contains("outside the repository")),
        "{:?}",
        r.input_errors
    );
    let vs = violations(ws).await;
    assert!(vs.iter().all(|v| !v.address.to_string().contains("leaked")));
    assert!(vs.iter().all(|v| {
        !v.fix_diff
            .as_deref()
            .unwrap_or_default()
            .contains("SERVER-SECRET")
    }));
    let outcomes = workflow::propose(ws, "baseline", &ProposeOptions::default())
        .await
        .unwrap();
    assert_eq!(outcomes[0].error, None, "{outcomes:#?}");
    let tree = git(
        &s.remote.bare,
        &["ls-tree", "driftless/baseline", "network/leak.tf"],
    );
    assert!(tree.starts_with("120000 "), "the link stays a link: {tree}");
    assert!(stray_worktrees(ws).is_empty());
}

/// Inline suppressions are listed as self-suppressed; whether they count in progress (the
/// report and the burndown) is the campaign's setting.
async fn self_suppressed_violations_count_only_when_the_campaign_says_so(url: String) {
    let store = store::open(&url).await.unwrap();
    let s = setup(store).await;
    let ws = &s.ws;
    std::fs::write(
        s.remote.clone.join("app/legacy.tf"),
        "resource \"aws_kms_key\" \"legacy\" {\n  # driftless:ignore aws-kms-key-rotation-required reason=\"HSM-backed\"\n  enable_key_rotation = false\n}\n",
    )
    .unwrap();
    git(&s.remote.clone, &["add", "-A"]);
    git(&s.remote.clone, &["commit", "-q", "-m", "legacy key"]);
    git(&s.remote.clone, &["push", "origin", "main"]);
    let baseline = ws.store.campaign("baseline").await.unwrap();
    let quiet = ws
        .store
        .create_campaign(
            &NewCampaign {
                name: "quiet".into(),
                description: String::new(),
                rules: baseline.rules.clone(),
                repositories: vec![],
                due_days: std::collections::BTreeMap::new(),
                default_assignee: None,
                count_suppressed: false,
            },
            "sec",
        )
        .await
        .unwrap();
    for (campaign, open) in [(&baseline, 4), (&quiet, 3)] {
        workflow::sync(ws, &campaign.name).await.unwrap();
        let snapshot = ws
            .store
            .snapshots(campaign.id)
            .await
            .unwrap()
            .pop()
            .unwrap();
        assert_eq!(
            snapshot.counts[&ViolationStatus::Open],
            open,
            "{}",
            campaign.name
        );
        let rows = ws.store.counts(campaign.id, NOW.date()).await.unwrap();
        let report = driftless_campaign::report::CampaignReport::new(
            ws.store.campaign_by_id(campaign.id).await.unwrap(),
            NOW.date(),
            &rows,
            vec![],
        );
        assert_eq!((report.totals.total, report.self_suppressed), (open, 1));
    }
    let listed = violations(ws).await;
    let legacy: Vec<_> = listed
        .iter()
        .filter(|v| v.address.to_string() == "aws_kms_key.legacy")
        .collect();
    assert_eq!(legacy.len(), 2, "listed in both campaigns");
    assert!(
        legacy.iter().all(|v| v
            .suppression
            .as_deref()
            .is_some_and(|t| t.starts_with("driftless:ignore at app/legacy.tf:2")
                && t.contains("HSM-backed")))
    );
}

/// Verification asked for but impossible: the fixes are proposed, each violation keeps why
/// it was not verified, and the pull request body says so at the top and for each fix.
async fn unverified_fixes_say_why_in_the_pull_request_and_on_their_violations(url: String) {
    let store = store::open(&url).await.unwrap();
    let s = setup(store).await;
    let ws = &s.ws;
    workflow::sync(ws, "baseline").await.unwrap();
    let reason = "no terraform or tofu on the PATH and DRIFTLESS_TERRAFORM is not set";
    let options = ProposeOptions {
        verify: Verify::Unavailable(reason.to_owned()),
        ..ProposeOptions::default()
    };
    let outcomes = workflow::propose(ws, "baseline", &options).await.unwrap();
    assert_eq!(outcomes[0].error, None, "{outcomes:#?}");
    assert_eq!(outcomes[0].fixed.len(), 2);
    let vs = violations(ws).await;
    let skipped = Some(Verification::Skipped {
        reason: reason.to_owned(),
    });
    let fixed: Vec<&Violation> = [
        "aws-kms-key-rotation-required",
        "aws-sqs-encryption-required",
    ]
    .map(|rule| by_rule(&vs, rule))
    .into();
    for v in &fixed {
        assert_eq!(v.fix_verification, skipped, "{}", v.rule_id);
    }
    assert_eq!(
        by_rule(&vs, "aws-ec2-imdsv2-required").fix_verification,
        None,
        "not proposed (review)"
    );
    let campaign = ws.store.campaign("baseline").await.unwrap();
    let body = pull_request_body(&campaign, &fixed, &[]);
    assert!(
        body.contains(&format!(
            "Review each fix below; fixes marked `review` can break clients.\n\n\
             Verification was skipped: {reason}\n"
        )),
        "{body}"
    );
    assert_eq!(
        body.matches(&format!("\n**Not verified:** {reason}\n"))
            .count(),
        2,
        "{body}"
    );
}

/// Runs a scenario on SQLite and on PostgreSQL.
macro_rules! on_both_backends {
    ($($scenario:ident),+ $(,)?) => {
        $(
            mod $scenario {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let dir = tempfile::tempdir().unwrap();
                    let url = format!("sqlite:{}", dir.path().join("driftless.db").display());
                    super::$scenario(url).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let db = super::TestDatabase::create().await;
                    super::$scenario(db.url().to_owned()).await;
                    db.drop_database().await;
                }
            }
        )+
    };
}

on_both_backends!(
    the_whole_loop,
    unverified_fixes_say_why_in_the_pull_request_and_on_their_violations,
    a_failed_push_leaves_nothing,
    roles_are_enforced,
    branches_after_merges_and_foreign_commits,
    links_out_of_the_repository_are_never_read,
    self_suppressed_violations_count_only_when_the_campaign_says_so
);
