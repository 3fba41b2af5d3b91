//! The store's contract, run on both backends: every test below is instantiated once for
//! SQLite (a file in a temporary folder) and once for PostgreSQL (a fresh database on
//! `DRIFTLESS_TEST_POSTGRES_URL`, or on a throwaway server the harness starts; see
//! `driftless_campaign::testing`).

// The cases name their campaign, repository and observations c, r, a, b, ... as the store's
// own documentation does; longer names would not make them clearer.
#![allow(clippy::many_single_char_names)]

use driftless_campaign::store::{
    SqlStore, StoreSettings, open, open_postgres, open_sqlite, open_with,
};
use driftless_campaign::testing::with_test_database;
use driftless_campaign::{
    AuditEntry, AuditQuery, CampaignState, ExceptionQuery, ExceptionState, NewApiToken,
    NewCampaign, NewException, NewRepository, NewSession, NewUser, Observation, OwnerSource,
    PullRequestState, RemediationRecord, Role, RuleSelector, Store, StoreError, SyncBatch,
    SyncSummary, Violation, ViolationQuery, ViolationSort, ViolationStatus,
};
use driftless_diagnostics::{
    Applicability, PlanAction, PlannedChange, RuleId, Severity, Verification,
};
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use time::{Date, OffsetDateTime};

type Db = Arc<dyn Store>;

/// Instantiates each named `async fn(Db)` for both backends.
macro_rules! store_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let dir = tempfile::tempdir().unwrap();
                    let path = dir.path().join("nested").join("driftless.db");
                    let store = super::open(&format!("sqlite://{}", path.display())).await.unwrap();
                    super::$name(store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    super::with_test_database(|url| async move {
                        let store = super::open(&url).await.unwrap();
                        super::$name(store).await;
                    })
                    .await;
                }
            )*
        }
    };
}

store_tests!(
    users,
    repositories,
    campaigns,
    sync_inserts_then_changes_nothing_the_second_time,
    sync_moves_last_seen_only_when_the_commit_changes,
    sync_updates_but_keeps_manual_owners_and_due_dates,
    sync_fixes_only_tracked_violations_and_reopens_them,
    failed_sync_leaves_nothing,
    exceptions_request_decide_and_expire,
    exception_follows_its_fingerprint_into_a_new_campaign,
    assign_and_set_status,
    remediations_upsert_and_move_outstanding_violations,
    a_push_stores_fix_verifications_until_the_fix_changes,
    listing_walks_every_sort_both_ways,
    listing_rejects_foreign_cursors,
    counts_group_every_dimension,
    snapshots_replace_the_day,
    audit_is_newest_first_and_filtered,
    audit_log_refuses_updates,
    password_hash_is_set_and_ends_sessions,
    sessions_expire_and_end,
    api_tokens_authenticate_until_revoked,
    revision_changes_with_every_write,
);

// ---------------------------------------------------------------- fixtures

const C1: &str = "1111111111111111111111111111111111111111";
const C2: &str = "2222222222222222222222222222222222222222";
const C3: &str = "3333333333333333333333333333333333333333";

fn at(seconds: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_750_000_000 + seconds).unwrap()
}

fn day(d: u8) -> Date {
    Date::from_calendar_date(2025, time::Month::July, d).unwrap()
}

fn obs(fingerprint: &str, rule: &str, severity: Severity, path: &str, line: u32) -> Observation {
    Observation {
        fingerprint: fingerprint.to_owned(),
        rule_id: RuleId::parse(rule).unwrap(),
        severity,
        message: format!("{rule} fired"),
        address: format!("aws_instance.{fingerprint}").parse().unwrap(),
        instances: vec![format!("aws_instance.{fingerprint}[0]").parse().unwrap()],
        root_module: ".".to_owned(),
        path: path.to_owned(),
        start_line: line,
        end_line: line + 3,
        call_chain: vec!["module.web (main.tf:12)".to_owned()],
        fix_diff: Some("--- a\n+++ b\n".to_owned()),
        fix_applicability: Some(Applicability::Review),
        impact_note: Some("IMDSv1 clients stop".to_owned()),
        recommendation: None,
        suppression: None,
        owner: Some("@org/platform".to_owned()),
        owner_source: Some(OwnerSource::Codeowners),
        due_date: Some(day(30)),
    }
}

fn batch(
    campaign_id: i64,
    repository_id: i64,
    commit: &str,
    now: OffsetDateTime,
    seen: Vec<Observation>,
    fixed: &[&str],
) -> SyncBatch {
    SyncBatch {
        campaign_id,
        repository_id,
        commit: commit.to_owned(),
        now,
        seen,
        fixed: fixed.iter().map(|s| (*s).to_owned()).collect(),
    }
}

fn new_campaign(name: &str) -> NewCampaign {
    NewCampaign {
        name: name.to_owned(),
        description: "Require IMDSv2 everywhere".to_owned(),
        rules: RuleSelector {
            select: vec!["aws-ec2-".to_owned()],
            ignore: vec!["aws-ec2-ebs-".to_owned()],
            min_severity: Some(Severity::Medium),
        },
        repositories: vec!["infra-*".to_owned()],
        due_days: BTreeMap::from([(Severity::Critical, 7), (Severity::High, 30)]),
        default_assignee: Some("secops".to_owned()),
        count_suppressed: true,
    }
}

fn new_repo(name: &str) -> NewRepository {
    NewRepository {
        name: name.to_owned(),
        url: format!("/srv/git/{name}.git"),
        default_branch: Some("main".to_owned()),
        forge: "push-only".to_owned(),
        api_url: None,
        slug: None,
    }
}

/// A campaign and a repository.
async fn setup(store: &Db) -> (i64, i64) {
    let c = store
        .create_campaign(&new_campaign("imdsv2"), "alice")
        .await
        .unwrap();
    let r = store
        .upsert_repository(&new_repo("infra-prod"), "alice")
        .await
        .unwrap();
    (c.id, r.id)
}

/// Applies `batch` as `driftless`.
async fn sync(store: &Db, batch: SyncBatch) -> SyncSummary {
    store.apply_sync(&batch, "driftless").await.unwrap()
}

/// [`setup`], then a first sync of `seen` at commit `C1`, time 0.
async fn setup_synced(store: &Db, seen: Vec<Observation>) -> (i64, i64) {
    let (c, r) = setup(store).await;
    sync(store, batch(c, r, C1, at(0), seen, &[])).await;
    (c, r)
}

/// A push of `violation_ids` to `driftless/imdsv2` at `C2`, time 100, no pull request, no
/// verifications.
fn push(campaign_id: i64, repository_id: i64, violation_ids: Vec<i64>) -> RemediationRecord {
    RemediationRecord {
        campaign_id,
        repository_id,
        group_key: String::new(),
        branch: "driftless/imdsv2".to_owned(),
        base_branch: "main".to_owned(),
        pushed_commit: C2.to_owned(),
        url: None,
        number: None,
        state: PullRequestState::None,
        violation_ids,
        verifications: BTreeMap::new(),
        now: at(100),
    }
}

/// The newest audit entry about violation `id`, alone in a list.
async fn latest_violation_audit(store: &Db, id: i64) -> Vec<AuditEntry> {
    store
        .audit(&AuditQuery {
            subject: Some(format!("violation:{id}")),
            limit: 1,
            ..AuditQuery::default()
        })
        .await
        .unwrap()
}

async fn audit_len(store: &Db) -> usize {
    store.audit(&AuditQuery::default()).await.unwrap().len()
}

async fn all(store: &Db, campaign_id: i64) -> Vec<Violation> {
    store
        .violations(&ViolationQuery {
            campaign_id: Some(campaign_id),
            ..ViolationQuery::default()
        })
        .await
        .unwrap()
        .items
}

async fn by_fp(store: &Db, campaign_id: i64, fp: &str) -> Violation {
    let page = store
        .violations(&ViolationQuery {
            campaign_id: Some(campaign_id),
            fingerprint: Some(fp.to_owned()),
            ..ViolationQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1, "{fp}");
    page.items.into_iter().next().unwrap()
}

fn assert_conflict<T: std::fmt::Debug>(result: Result<T, StoreError>, needle: &str) {
    match result {
        Err(StoreError::Conflict(message)) => {
            assert!(
                message.contains(needle),
                "`{message}` should name `{needle}`"
            );
        }
        other => panic!("expected a conflict naming `{needle}`, got {other:?}"),
    }
}

fn assert_not_found<T: std::fmt::Debug>(result: &Result<T, StoreError>) {
    assert!(
        matches!(result, Err(StoreError::NotFound { .. })),
        "expected NotFound, got {result:?}"
    );
}

// ---------------------------------------------------------------- the tests

async fn users(store: Db) {
    let alice = NewUser {
        name: "alice".to_owned(),
        email: "alice@example.com".to_owned(),
        git_identities: vec!["@alice-gh".to_owned(), "alice@users.noreply".to_owned()],
        role: Role::Security,
        password_hash: Some("$argon2id$v=19$stub".to_owned()),
    };
    let added = store.add_user(&alice, "admin").await.unwrap();
    assert_eq!(added.name, "alice");
    assert_eq!(store.user("alice").await.unwrap(), added);
    let bob = NewUser {
        name: "bob".to_owned(),
        email: "bob@example.com".to_owned(),
        git_identities: vec![],
        role: Role::Developer,
        password_hash: None,
    };
    store.add_user(&bob, "admin").await.unwrap();
    assert_conflict(store.add_user(&alice, "admin").await, "alice");

    let names: Vec<_> = store
        .users()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(names, ["alice", "bob"]);
    let found = store.user_by_identity("@ALICE-gh").await.unwrap().unwrap();
    assert_eq!(found.name, "alice");
    assert_eq!(
        store
            .user_by_identity("BOB@example.com")
            .await
            .unwrap()
            .unwrap()
            .name,
        "bob"
    );
    assert!(store.user_by_identity("carol").await.unwrap().is_none());
    assert_eq!(
        store.password_hash("alice").await.unwrap().as_deref(),
        Some("$argon2id$v=19$stub")
    );
    assert_eq!(store.password_hash("bob").await.unwrap(), None);
    assert_not_found(&store.password_hash("carol").await);
    assert_not_found(&store.user("carol").await);

    let log = store.audit(&AuditQuery::default()).await.unwrap();
    assert_eq!(log.len(), 2, "the failed add left no entry");
    assert_eq!(log[1].action, "user.add");
    assert_eq!(log[1].subject, "user:alice");
    assert_eq!(log[1].actor, "admin");
    assert!(
        !log[1].detail.to_string().contains("argon2"),
        "no hash in the log"
    );
}

async fn repositories(store: Db) {
    let a = store
        .upsert_repository(&new_repo("infra-prod"), "alice")
        .await
        .unwrap();
    assert_eq!(store.repository("infra-prod").await.unwrap(), a);
    assert_eq!(store.repository_by_id(a.id).await.unwrap(), a);
    let again = store
        .upsert_repository(&new_repo("infra-prod"), "alice")
        .await
        .unwrap();
    assert_eq!(again, a);
    assert_eq!(
        audit_len(&store).await,
        1,
        "an unchanged upsert is not audited"
    );

    let mut changed = new_repo("infra-prod");
    "github".clone_into(&mut changed.forge);
    changed.slug = Some("org/infra-prod".to_owned());
    let updated = store.upsert_repository(&changed, "bob").await.unwrap();
    assert_eq!(updated.id, a.id);
    assert_eq!(updated.created_at, a.created_at);
    assert_eq!(updated.slug.as_deref(), Some("org/infra-prod"));
    assert_eq!(store.repository("infra-prod").await.unwrap(), updated);
    store
        .upsert_repository(&new_repo("infra-dev"), "bob")
        .await
        .unwrap();
    let names: Vec<_> = store
        .repositories()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, ["infra-dev", "infra-prod"]);
    assert_eq!(audit_len(&store).await, 3);
    assert_not_found(&store.repository("nope").await);
    assert_not_found(&store.repository_by_id(9999).await);
}

async fn campaigns(store: Db) {
    let first = store
        .create_campaign(&new_campaign("imdsv2"), "alice")
        .await
        .unwrap();
    assert_eq!(first.state, CampaignState::Draft);
    assert_eq!(first.created_by, "alice");
    assert_eq!(store.campaign("imdsv2").await.unwrap(), first);
    assert_eq!(store.campaign_by_id(first.id).await.unwrap(), first);
    assert_conflict(
        store
            .create_campaign(&new_campaign("imdsv2"), "alice")
            .await,
        "imdsv2",
    );
    let second = store
        .create_campaign(&new_campaign("ebs"), "bob")
        .await
        .unwrap();
    let names: Vec<_> = store
        .campaigns()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["ebs", "imdsv2"], "newest first");

    let active = store
        .set_campaign_state(second.id, CampaignState::Active, "bob")
        .await
        .unwrap();
    assert_eq!(active.state, CampaignState::Active);
    assert_eq!(
        store.campaign("ebs").await.unwrap().state,
        CampaignState::Active
    );
    let log = store
        .audit(&AuditQuery {
            campaign_id: Some(second.id),
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(log[0].action, "campaign.state");
    assert_eq!(log[0].detail["from"], "draft");
    assert_eq!(log[0].detail["to"], "active");
    assert_not_found(
        &store
            .set_campaign_state(9999, CampaignState::Closed, "bob")
            .await,
    );
    assert_not_found(&store.campaign("nope").await);
}

async fn sync_inserts_then_changes_nothing_the_second_time(store: Db) {
    let (c, r) = setup(&store).await;
    let seen = vec![
        obs(
            "fp-a",
            "aws-ec2-imdsv2-required",
            Severity::High,
            "main.tf",
            10,
        ),
        obs(
            "fp-b",
            "aws-ec2-imdsv2-required",
            Severity::High,
            "web.tf",
            3,
        ),
        obs("fp-c", "aws-s3-public", Severity::Critical, "s3.tf", 1),
    ];
    let b = batch(c, r, C1, at(0), seen, &[]);
    let first = store.apply_sync(&b, "driftless").await.unwrap();
    assert_eq!((first.new, first.updated, first.unchanged), (3, 0, 0));
    let rows = all(&store, c).await;
    assert_eq!(rows.len(), 3);
    let a = &rows[0];
    assert_eq!(a.status, ViolationStatus::Open);
    assert_eq!(a.first_seen, at(0));
    assert_eq!(a.scanned_commit, C1);
    assert_eq!(a.instances, ["aws_instance.fp-a[0]".parse().unwrap()]);
    assert_eq!(a.call_chain, ["module.web (main.tf:12)"]);
    assert_eq!(a.owner.as_deref(), Some("@org/platform"));
    assert_eq!(a.due_date, Some(day(30)));
    let log_len = audit_len(&store).await;

    let second = store.apply_sync(&b, "driftless").await.unwrap();
    assert_eq!(
        second,
        driftless_campaign::SyncSummary {
            unchanged: 3,
            ..Default::default()
        }
    );
    assert_eq!(all(&store, c).await, rows, "no row changed");
    assert_eq!(audit_len(&store).await, log_len, "no audit entry");
    // A later sync of the same commit changes nothing either.
    let later = batch(c, r, C1, at(3600), b.seen.clone(), &[]);
    assert_eq!(sync(&store, later).await.unchanged, 3);
    assert_eq!(all(&store, c).await, rows);

    assert_not_found(
        &store
            .apply_sync(&batch(9999, r, C1, at(0), vec![], &[]), "x")
            .await,
    );
    assert_not_found(
        &store
            .apply_sync(&batch(c, 9999, C1, at(0), vec![], &[]), "x")
            .await,
    );
}

async fn sync_moves_last_seen_only_when_the_commit_changes(store: Db) {
    let seen = vec![obs("fp-a", "test-rule-a", Severity::High, "main.tf", 10)];
    let (c, r) = setup_synced(&store, seen.clone()).await;
    sync(&store, batch(c, r, C1, at(60), seen.clone(), &[])).await;
    let v = by_fp(&store, c, "fp-a").await;
    assert_eq!((v.last_seen, v.scanned_commit.as_str()), (at(0), C1));
    let log_len = audit_len(&store).await;
    let summary = sync(&store, batch(c, r, C2, at(120), seen, &[])).await;
    assert_eq!((summary.updated, summary.unchanged), (0, 1));
    let v = by_fp(&store, c, "fp-a").await;
    assert_eq!((v.last_seen, v.scanned_commit.as_str()), (at(120), C2));
    assert_eq!(v.first_seen, at(0));
    assert_eq!(
        audit_len(&store).await,
        log_len,
        "a new commit alone is no change to audit"
    );
}

async fn sync_updates_but_keeps_manual_owners_and_due_dates(store: Db) {
    let seen = vec![
        obs("fp-a", "test-rule-a", Severity::High, "main.tf", 10),
        obs("fp-b", "test-rule-a", Severity::High, "main.tf", 40),
    ];
    let (c, r) = setup_synced(&store, seen).await;
    let a = by_fp(&store, c, "fp-a").await;
    let assigned = store.assign(a.id, "carol", "alice").await.unwrap();
    assert_eq!(assigned.owner.as_deref(), Some("carol"));
    assert_eq!(assigned.owner_source, Some(OwnerSource::Manual));

    let mut moved_a = obs("fp-a", "test-rule-a", Severity::High, "main.tf", 12);
    moved_a.owner = Some("@org/other".to_owned());
    moved_a.due_date = Some(day(1));
    let mut moved_b = obs("fp-b", "test-rule-a", Severity::High, "main.tf", 40);
    moved_b.owner = Some("dave@example.com".to_owned());
    moved_b.owner_source = Some(OwnerSource::Blame);
    moved_b.due_date = Some(day(2));
    let summary = sync(&store, batch(c, r, C1, at(10), vec![moved_a, moved_b], &[])).await;
    assert_eq!((summary.updated, summary.unchanged), (2, 0));
    let a = by_fp(&store, c, "fp-a").await;
    assert_eq!(a.start_line, 12, "the location follows the scan");
    assert_eq!(a.owner.as_deref(), Some("carol"), "a manual owner is kept");
    assert_eq!(a.owner_source, Some(OwnerSource::Manual));
    assert_eq!(a.due_date, Some(day(30)), "an existing due date is kept");
    let b = by_fp(&store, c, "fp-b").await;
    assert_eq!(b.owner.as_deref(), Some("dave@example.com"));
    assert_eq!(b.owner_source, Some(OwnerSource::Blame));
    assert_eq!(b.due_date, Some(day(30)));
}

async fn sync_fixes_only_tracked_violations_and_reopens_them(store: Db) {
    let (c, r) = setup(&store).await;
    let a = obs("fp-a", "test-rule-a", Severity::High, "main.tf", 10);
    let b = obs("fp-b", "test-rule-a", Severity::Low, "main.tf", 20);
    sync(
        &store,
        batch(c, r, C1, at(0), vec![a.clone(), b.clone()], &[]),
    )
    .await;
    let summary = sync(
        &store,
        batch(c, r, C2, at(60), vec![b.clone()], &["fp-a", "fp-unknown"]),
    )
    .await;
    assert_eq!((summary.fixed, summary.new, summary.unchanged), (1, 0, 1));
    let fixed = by_fp(&store, c, "fp-a").await;
    assert_eq!(fixed.status, ViolationStatus::Fixed);
    assert_eq!(fixed.fixed_commit.as_deref(), Some(C2));
    assert_eq!(fixed.fixed_at, Some(at(60)));
    assert_eq!(
        all(&store, c).await.len(),
        2,
        "an untracked fingerprint is ignored"
    );
    let log = store
        .audit(&AuditQuery {
            subject: Some(format!("violation:{}", fixed.id)),
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(log[0].action, "violation.status");
    assert_eq!(log[0].detail["to"], "fixed");
    assert_eq!(log[0].detail["commit"], C2);

    // Fixed again: nothing changes.
    let again = sync(&store, batch(c, r, C2, at(60), vec![b.clone()], &["fp-a"])).await;
    assert_eq!((again.fixed, again.unchanged), (0, 1));
    assert_eq!(by_fp(&store, c, "fp-a").await, fixed);

    // Seen again: reopened, audited.
    let reopened = sync(&store, batch(c, r, C3, at(120), vec![a, b], &[])).await;
    assert_eq!((reopened.reopened, reopened.unchanged), (1, 1));
    let v = by_fp(&store, c, "fp-a").await;
    assert_eq!(v.status, ViolationStatus::Open);
    assert_eq!((v.fixed_commit, v.fixed_at), (None, None));
    let log = latest_violation_audit(&store, v.id).await;
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].detail["from"].as_str(), log[0].detail["to"].as_str()),
        (Some("fixed"), Some("open"))
    );
}

async fn failed_sync_leaves_nothing(store: Db) {
    let (c, r1) = setup(&store).await;
    let r2 = store
        .upsert_repository(&new_repo("infra-dev"), "alice")
        .await
        .unwrap()
        .id;
    sync(
        &store,
        batch(
            c,
            r1,
            C1,
            at(0),
            vec![obs("fp-x", "test-rule-x", Severity::High, "a.tf", 1)],
            &[],
        ),
    )
    .await;
    let before = all(&store, c).await;
    let log_len = audit_len(&store).await;
    // The second repository's batch inserts fp-new, then collides on fp-x (tracked for the
    // first repository): the whole batch is refused.
    let result = store
        .apply_sync(
            &batch(
                c,
                r2,
                C2,
                at(10),
                vec![
                    obs("fp-new", "test-rule-x", Severity::High, "b.tf", 1),
                    obs("fp-x", "test-rule-x", Severity::High, "a.tf", 1),
                ],
                &[],
            ),
            "driftless",
        )
        .await;
    assert_conflict(result, "fp-x");
    assert_eq!(all(&store, c).await, before, "no half-written rows");
    assert_eq!(audit_len(&store).await, log_len, "no audit entries");
}

async fn exceptions_request_decide_and_expire(store: Db) {
    let seen = vec![
        obs("fp-a", "test-rule-a", Severity::High, "main.tf", 10),
        obs("fp-b", "test-rule-a", Severity::High, "main.tf", 20),
    ];
    let (c, r) = setup_synced(&store, seen.clone()).await;
    let v = by_fp(&store, c, "fp-a").await;
    let request = NewException {
        violation_id: v.id,
        reason: "legacy agent needs IMDSv1".to_owned(),
        requester: "bob".to_owned(),
        expires_at: at(86_400),
        now: at(100),
    };
    let e = store.request_exception(&request).await.unwrap();
    assert_eq!(e.state, ExceptionState::Requested);
    assert_eq!(e.fingerprint, "fp-a");
    assert_eq!(e.campaign_id, c);
    assert_eq!(store.exception(e.id).await.unwrap(), e);
    assert_conflict(store.request_exception(&request).await, &v.id.to_string());

    let denied = store
        .decide_exception(e.id, false, "alice", Some("fix it"), at(200))
        .await
        .unwrap();
    assert_eq!(denied.state, ExceptionState::Denied);
    assert_eq!(by_fp(&store, c, "fp-a").await.status, ViolationStatus::Open);
    assert_conflict(
        store
            .decide_exception(e.id, true, "alice", None, at(201))
            .await,
        "denied",
    );

    let e2 = store.request_exception(&request).await.unwrap();
    let approved = store
        .decide_exception(e2.id, true, "alice", Some("ok until the upgrade"), at(300))
        .await
        .unwrap();
    assert_eq!(approved.state, ExceptionState::Approved);
    assert_eq!(approved.approver.as_deref(), Some("alice"));
    assert_eq!(approved.decided_at, Some(at(300)));
    assert_eq!(store.exception(e2.id).await.unwrap(), approved);
    assert_eq!(
        by_fp(&store, c, "fp-a").await.status,
        ViolationStatus::Excepted
    );
    assert_conflict(
        store
            .decide_exception(e2.id, false, "alice", None, at(301))
            .await,
        "approved",
    );
    assert_conflict(store.request_exception(&request).await, "already");

    // Excepted stays excepted through syncs while the exception holds.
    let log_len = audit_len(&store).await;
    let s = sync(&store, batch(c, r, C1, at(400), seen.clone(), &[])).await;
    assert_eq!(s.unchanged, 2);
    assert_eq!(audit_len(&store).await, log_len);
    assert_eq!(
        by_fp(&store, c, "fp-a").await.status,
        ViolationStatus::Excepted
    );

    let listed = store
        .exceptions(&ExceptionQuery {
            campaign_id: Some(c),
            ..ExceptionQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(
        listed.iter().map(|e| e.id).collect::<Vec<_>>(),
        [e2.id, e.id]
    );
    let approved_only = store
        .exceptions(&ExceptionQuery {
            states: vec![ExceptionState::Approved],
            violation_id: Some(v.id),
            ..ExceptionQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(approved_only, std::slice::from_ref(&approved));

    // Not yet due: nothing expires.
    assert!(
        store
            .expire_exceptions(at(86_399), "driftless")
            .await
            .unwrap()
            .is_empty()
    );
    let expired = store
        .expire_exceptions(at(86_400), "driftless")
        .await
        .unwrap();
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0].id, e2.id);
    assert_eq!(expired[0].state, ExceptionState::Expired);
    assert_eq!(
        store.exception(e2.id).await.unwrap().state,
        ExceptionState::Expired
    );
    let reopened = by_fp(&store, c, "fp-a").await;
    assert_eq!(reopened.status, ViolationStatus::Open);
    let log = latest_violation_audit(&store, v.id).await;
    assert_eq!(log[0].detail["to"], "open");
    assert_eq!(log[0].actor, "driftless");
    assert!(
        store
            .expire_exceptions(at(90_000), "driftless")
            .await
            .unwrap()
            .is_empty()
    );
    // Now a new request is allowed again.
    store.request_exception(&request).await.unwrap();

    assert_not_found(
        &store
            .request_exception(&NewException {
                violation_id: 9999,
                ..request.clone()
            })
            .await,
    );
    assert_not_found(
        &store
            .decide_exception(9999, true, "alice", None, at(0))
            .await,
    );
    assert_not_found(&store.exception(9999).await);
}

async fn exception_follows_its_fingerprint_into_a_new_campaign(store: Db) {
    let seen = vec![obs("fp-a", "test-rule-a", Severity::High, "main.tf", 10)];
    let (c, r) = setup_synced(&store, seen.clone()).await;
    let v = by_fp(&store, c, "fp-a").await;
    let e = store
        .request_exception(&NewException {
            violation_id: v.id,
            reason: "accepted".to_owned(),
            requester: "bob".to_owned(),
            expires_at: at(1000),
            now: at(1),
        })
        .await
        .unwrap();
    store
        .decide_exception(e.id, true, "alice", None, at(2))
        .await
        .unwrap();
    let other = store
        .create_campaign(&new_campaign("all-high"), "alice")
        .await
        .unwrap();
    let s = sync(&store, batch(other.id, r, C1, at(10), seen.clone(), &[])).await;
    assert_eq!(s.new, 1);
    assert_eq!(
        by_fp(&store, other.id, "fp-a").await.status,
        ViolationStatus::Excepted
    );
    // After expiry both reopen, and a new fingerprint is open.
    store
        .expire_exceptions(at(1000), "driftless")
        .await
        .unwrap();
    assert_eq!(by_fp(&store, c, "fp-a").await.status, ViolationStatus::Open);
    assert_eq!(
        by_fp(&store, other.id, "fp-a").await.status,
        ViolationStatus::Open
    );
    let third = store
        .create_campaign(&new_campaign("third"), "alice")
        .await
        .unwrap();
    sync(&store, batch(third.id, r, C1, at(2000), seen, &[])).await;
    assert_eq!(
        by_fp(&store, third.id, "fp-a").await.status,
        ViolationStatus::Open
    );
}

async fn assign_and_set_status(store: Db) {
    let seen = vec![
        obs("fp-a", "test-rule-a", Severity::High, "main.tf", 10),
        obs("fp-b", "test-rule-a", Severity::High, "main.tf", 20),
    ];
    let (c, _) = setup_synced(&store, seen).await;
    let a = by_fp(&store, c, "fp-a").await;
    let b = by_fp(&store, c, "fp-b").await;
    let log_len = audit_len(&store).await;
    assert_not_found(
        &store
            .set_status(&[a.id, 9999], ViolationStatus::WontFix, "no", "alice")
            .await,
    );
    assert_eq!(by_fp(&store, c, "fp-a").await, a, "nothing changed");
    assert_eq!(audit_len(&store).await, log_len);
    assert_conflict(
        store
            .set_status(&[a.id], ViolationStatus::Fixed, "by hand", "alice")
            .await,
        "fixed",
    );
    store
        .set_status(
            &[a.id, b.id],
            ViolationStatus::WontFix,
            "decommissioned",
            "alice",
        )
        .await
        .unwrap();
    assert_eq!(
        by_fp(&store, c, "fp-b").await.status,
        ViolationStatus::WontFix
    );
    assert_eq!(audit_len(&store).await, log_len + 2);
    let log = latest_violation_audit(&store, a.id).await;
    assert_eq!(log[0].detail["note"], "decommissioned");
    assert_eq!(log[0].actor, "alice");
    store
        .set_status(&[a.id], ViolationStatus::Open, "reconsidered", "alice")
        .await
        .unwrap();
    assert_eq!(by_fp(&store, c, "fp-a").await.status, ViolationStatus::Open);

    let assigned = store.assign(b.id, "erin", "alice").await.unwrap();
    assert_eq!(store.violation(b.id).await.unwrap(), assigned);
    assert_eq!(assigned.owner_source, Some(OwnerSource::Manual));
    let log = latest_violation_audit(&store, b.id).await;
    assert_eq!(log[0].action, "violation.assign");
    assert_eq!(log[0].detail["to"], "erin");
    assert_not_found(&store.assign(9999, "erin", "alice").await);
    assert_not_found(&store.violation(9999).await);
}

async fn remediations_upsert_and_move_outstanding_violations(store: Db) {
    let seen = vec![
        obs("fp-a", "test-rule-a", Severity::High, "main.tf", 10),
        obs("fp-b", "test-rule-a", Severity::High, "main.tf", 20),
        obs("fp-c", "test-rule-a", Severity::High, "main.tf", 30),
    ];
    let (c, r) = setup_synced(&store, seen).await;
    let [a, b, cc] = ["fp-a", "fp-b", "fp-c"].map(std::borrow::ToOwned::to_owned);
    let a = by_fp(&store, c, &a).await;
    let b = by_fp(&store, c, &b).await;
    let cv = by_fp(&store, c, &cc).await;
    store
        .set_status(&[cv.id], ViolationStatus::WontFix, "no", "alice")
        .await
        .unwrap();
    let record = push(c, r, vec![a.id, cv.id]);
    let first = store.record_remediation(&record, "alice").await.unwrap();
    assert_eq!(first.violation_ids, [a.id, cv.id]);
    assert_eq!(first.pushed_commit.as_deref(), Some(C2));
    assert_eq!(first.created_at, at(100));
    assert_eq!(
        store.violation(a.id).await.unwrap().status,
        ViolationStatus::FixProposed
    );
    assert_eq!(
        store.violation(cv.id).await.unwrap().status,
        ViolationStatus::WontFix,
        "only outstanding violations move"
    );

    let second = store
        .record_remediation(
            &RemediationRecord {
                pushed_commit: C3.to_owned(),
                url: Some("https://github.example/org/infra-prod/pull/7".to_owned()),
                number: Some(7),
                state: PullRequestState::Open,
                violation_ids: vec![a.id, b.id],
                now: at(200),
                ..record.clone()
            },
            "alice",
        )
        .await
        .unwrap();
    assert_eq!(
        second.id, first.id,
        "one remediation per (campaign, repository, group)"
    );
    assert_eq!(second.violation_ids, [a.id, b.id]);
    assert_eq!((second.created_at, second.updated_at), (at(100), at(200)));
    assert_eq!(second.number, Some(7));
    assert_eq!(
        store.violation(a.id).await.unwrap().status,
        ViolationStatus::InReview
    );
    assert_eq!(
        store.violation(b.id).await.unwrap().status,
        ViolationStatus::InReview
    );

    let by_owner = store
        .record_remediation(
            &RemediationRecord {
                group_key: "@org/platform".to_owned(),
                branch: "driftless/imdsv2/org-platform".to_owned(),
                violation_ids: vec![],
                ..record.clone()
            },
            "alice",
        )
        .await
        .unwrap();
    assert_ne!(by_owner.id, first.id);

    let merged = store
        .set_remediation_state(first.id, PullRequestState::Merged, Some(C3), "driftless")
        .await
        .unwrap();
    assert_eq!(merged.state, PullRequestState::Merged);
    assert_eq!(merged.merge_commit.as_deref(), Some(C3));
    let listed = store.remediations(c).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0], merged);
    assert_eq!(listed[1], by_owner);

    assert_not_found(
        &store
            .record_remediation(
                &RemediationRecord {
                    violation_ids: vec![a.id, 9999],
                    ..record.clone()
                },
                "alice",
            )
            .await,
    );
    assert_eq!(
        store.remediations(c).await.unwrap(),
        listed,
        "nothing changed"
    );
    assert_not_found(
        &store
            .record_remediation(
                &RemediationRecord {
                    campaign_id: 9999,
                    ..record
                },
                "alice",
            )
            .await,
    );
    assert_not_found(
        &store
            .set_remediation_state(9999, PullRequestState::Closed, None, "x")
            .await,
    );
}

async fn a_push_stores_fix_verifications_until_the_fix_changes(store: Db) {
    let seen = vec![
        obs("fp-a", "test-rule-a", Severity::High, "main.tf", 10),
        obs("fp-b", "test-rule-a", Severity::High, "main.tf", 20),
    ];
    let (c, r) = setup_synced(&store, seen.clone()).await;
    let a = by_fp(&store, c, "fp-a").await;
    let b = by_fp(&store, c, "fp-b").await;
    assert_eq!(a.fix_verification, None, "nothing proposed yet");
    let planned = Verification::Planned {
        tool: "terraform 1.11.4".to_owned(),
        root_modules: vec![".".to_owned()],
        state_files: Vec::new(),
        changes: vec![PlannedChange {
            root_module: ".".to_owned(),
            address: "aws_instance.fp-a[0]".parse().unwrap(),
            action: PlanAction::Update,
            replace_paths: vec![],
            changed_paths: vec!["metadata_options[0].http_tokens".to_owned()],
        }],
    };
    let skipped = Verification::Skipped {
        reason: "Terraform was not found".to_owned(),
    };
    let record = RemediationRecord {
        verifications: BTreeMap::from([(a.id, planned.clone()), (b.id, skipped.clone())]),
        ..push(c, r, vec![a.id, b.id])
    };
    store.record_remediation(&record, "alice").await.unwrap();
    assert_eq!(
        store.violation(a.id).await.unwrap().fix_verification,
        Some(planned.clone())
    );
    assert_eq!(
        store.violation(b.id).await.unwrap().fix_verification,
        Some(skipped)
    );
    // A second push, the status unchanged: the new verification replaces the old, and a
    // violation pushed without one is left without one.
    let again = RemediationRecord {
        verifications: BTreeMap::from([(b.id, planned.clone())]),
        ..record
    };
    store.record_remediation(&again, "alice").await.unwrap();
    let (a, b) = (
        store.violation(a.id).await.unwrap(),
        store.violation(b.id).await.unwrap(),
    );
    assert_eq!(a.status, ViolationStatus::FixProposed);
    assert_eq!(a.fix_verification, None);
    assert_eq!(b.fix_verification, Some(planned.clone()));
    // A sync that sees the same fix keeps it; one that sees a different fix drops it.
    sync(&store, batch(c, r, C2, at(200), seen.clone(), &[])).await;
    assert_eq!(
        store.violation(b.id).await.unwrap().fix_verification,
        Some(planned)
    );
    let mut changed = seen;
    changed[1].fix_diff = Some("--- a\n+++ b\n@@ -1 +1 @@\n".to_owned());
    sync(&store, batch(c, r, C3, at(300), changed, &[])).await;
    assert_eq!(store.violation(b.id).await.unwrap().fix_verification, None);
}

/// A campaign of 61 violations with many ties in every sort column.
async fn listing_fixture(store: &Db) -> (i64, i64, i64) {
    let (c, r1) = setup(store).await;
    let r2 = store
        .upsert_repository(&new_repo("infra-dev"), "alice")
        .await
        .unwrap()
        .id;
    let severities = [
        Severity::Low,
        Severity::High,
        Severity::Critical,
        Severity::Medium,
    ];
    let mut by_repo: [Vec<Observation>; 2] = [vec![], vec![]];
    for i in 0..61_u32 {
        let mut o = obs(
            &format!("fp-{i:03}"),
            ["test-rule-b", "test-rule-a", "test-rule-c"][(i % 3) as usize],
            severities[(i % 4) as usize],
            ["b.tf", "a.tf", "mod/c.tf"][(i % 3 / 2) as usize],
            i % 5 + 1,
        );
        o.owner = match i % 4 {
            0 => None,
            1 => Some("Bob".to_owned()),
            2 => Some("alice".to_owned()),
            _ => Some("@org/team".to_owned()),
        };
        o.due_date = (i % 3 != 0).then(|| day(1 + (i % 2) as u8));
        by_repo[(i % 2) as usize].push(o);
    }
    for (repo, seen) in [r1, r2].into_iter().zip(by_repo) {
        sync(store, batch(c, repo, C1, at(0), seen, &[])).await;
    }
    let ids: Vec<i64> = all(store, c).await.iter().map(|v| v.id).collect();
    store
        .set_status(&ids[..10], ViolationStatus::WontFix, "x", "alice")
        .await
        .unwrap();
    (c, r1, r2)
}

fn sort_key(v: &Violation, sort: ViolationSort) -> (i64, String, i64, i64) {
    let rank =
        |s: Severity| i64::try_from(Severity::ALL.iter().position(|x| *x == s).unwrap()).unwrap();
    match sort {
        ViolationSort::Id => (0, String::new(), 0, v.id),
        ViolationSort::Severity => (rank(v.severity), String::new(), 0, v.id),
        ViolationSort::Rule => (0, v.rule_id.to_string(), 0, v.id),
        ViolationSort::Path => (0, v.path.clone(), i64::from(v.start_line), v.id),
        ViolationSort::Owner => (0, v.owner.clone().unwrap_or_default(), 0, v.id),
        ViolationSort::Due => (
            0,
            v.due_date
                .map_or("9999-12-31".to_owned(), |d| d.to_string()),
            0,
            v.id,
        ),
        ViolationSort::Status => (0, v.status.as_str().to_owned(), 0, v.id),
    }
}

async fn listing_walks_every_sort_both_ways(store: Db) {
    let (c, _r1, r2) = listing_fixture(&store).await;
    let everything = all(&store, c).await;
    assert_eq!(everything.len(), 61);
    let filters: Vec<(&str, ViolationQuery)> = vec![
        ("none", ViolationQuery::default()),
        (
            "status+severity",
            ViolationQuery {
                statuses: vec![ViolationStatus::Open],
                severities: vec![Severity::High, Severity::Critical],
                ..ViolationQuery::default()
            },
        ),
        (
            "owners+repo",
            ViolationQuery {
                owners: vec!["BOB".to_owned(), "@ORG/team".to_owned()],
                repository_id: Some(r2),
                ..ViolationQuery::default()
            },
        ),
        (
            "rule",
            ViolationQuery {
                rule_id: Some("test-rule-a".to_owned()),
                ..ViolationQuery::default()
            },
        ),
    ];
    let sorts = [
        ViolationSort::Id,
        ViolationSort::Severity,
        ViolationSort::Rule,
        ViolationSort::Path,
        ViolationSort::Owner,
        ViolationSort::Due,
        ViolationSort::Status,
    ];
    for (label, filter) in &filters {
        let matching: Vec<&Violation> = everything
            .iter()
            .filter(|v| filter.statuses.is_empty() || filter.statuses.contains(&v.status))
            .filter(|v| filter.severities.is_empty() || filter.severities.contains(&v.severity))
            .filter(|v| {
                filter.owners.is_empty()
                    || v.owner
                        .as_ref()
                        .is_some_and(|o| filter.owners.iter().any(|f| f.eq_ignore_ascii_case(o)))
            })
            .filter(|v| filter.repository_id.is_none_or(|r| v.repository_id == r))
            .filter(|v| {
                filter
                    .rule_id
                    .as_ref()
                    .is_none_or(|r| v.rule_id.as_str() == r)
            })
            .collect();
        assert!(!matching.is_empty(), "{label}");
        for sort in sorts {
            for descending in [false, true] {
                let mut expected: Vec<&Violation> = matching.clone();
                expected.sort_by_key(|v| sort_key(v, sort));
                if descending {
                    expected.reverse();
                }
                let mut walked = Vec::new();
                let mut after = None;
                let mut pages = 0;
                loop {
                    let page = store
                        .violations(&ViolationQuery {
                            campaign_id: Some(c),
                            sort,
                            descending,
                            after: after.take(),
                            limit: 7,
                            ..filter.clone()
                        })
                        .await
                        .unwrap();
                    assert!(page.items.len() <= 7);
                    walked.extend(page.items);
                    pages += 1;
                    assert!(pages < 100, "the walk ends");
                    match page.next {
                        Some(next) => after = Some(next),
                        None => break,
                    }
                }
                let got: Vec<i64> = walked.iter().map(|v| v.id).collect();
                let want: Vec<i64> = expected.iter().map(|v| v.id).collect();
                assert_eq!(got, want, "{label} {sort:?} descending={descending}");
                let unique: HashSet<i64> = got.iter().copied().collect();
                assert_eq!(unique.len(), got.len(), "every row once");
            }
        }
    }
}

async fn listing_rejects_foreign_cursors(store: Db) {
    let (c, _, _) = listing_fixture(&store).await;
    let query = ViolationQuery {
        campaign_id: Some(c),
        sort: ViolationSort::Severity,
        limit: 5,
        ..ViolationQuery::default()
    };
    let page = store.violations(&query).await.unwrap();
    let cursor = page.next.unwrap();
    let other_sort = ViolationQuery {
        sort: ViolationSort::Rule,
        after: Some(cursor.clone()),
        ..query.clone()
    };
    assert!(matches!(
        store.violations(&other_sort).await,
        Err(StoreError::Conflict(_))
    ));
    let other_order = ViolationQuery {
        descending: true,
        after: Some(cursor),
        ..query.clone()
    };
    assert!(matches!(
        store.violations(&other_order).await,
        Err(StoreError::Conflict(_))
    ));
    for junk in ["", "zz", "7b7d", "not a cursor"] {
        let bad = ViolationQuery {
            after: Some(junk.to_owned()),
            ..query.clone()
        };
        assert!(
            matches!(store.violations(&bad).await, Err(StoreError::Conflict(_))),
            "{junk}"
        );
    }
}

async fn counts_group_every_dimension(store: Db) {
    let (c, r) = setup(&store).await;
    let mut a = obs("fp-a", "test-rule-a", Severity::High, "main.tf", 10);
    a.due_date = Some(day(5));
    let mut b = obs("fp-b", "test-rule-a", Severity::High, "main.tf", 20);
    b.due_date = Some(day(5));
    let mut s = obs("fp-s", "test-rule-a", Severity::High, "main.tf", 30);
    s.suppression = Some("checkov:skip=CKV_AWS_79".to_owned());
    s.due_date = None;
    let mut f = obs("fp-f", "test-rule-b", Severity::Low, "main.tf", 40);
    f.owner = None;
    f.owner_source = None;
    f.due_date = Some(day(1));
    sync(&store, batch(c, r, C1, at(0), vec![a, b, s, f], &[])).await;
    sync(&store, batch(c, r, C2, at(10), vec![], &["fp-f"])).await;
    let rows = store.counts(c, day(10)).await.unwrap();
    let find = |status: ViolationStatus, suppressed: bool| {
        rows.iter()
            .find(|row| row.status == status && row.suppressed == suppressed)
            .cloned()
    };
    assert_eq!(rows.len(), 3, "{rows:#?}");
    let overdue = find(ViolationStatus::Open, false).unwrap();
    assert_eq!(overdue.count, 2);
    assert!(overdue.overdue);
    assert_eq!(overdue.owner.as_deref(), Some("@org/platform"));
    assert_eq!(overdue.repository, "infra-prod");
    assert_eq!(overdue.rule_id.as_str(), "test-rule-a");
    assert_eq!(overdue.severity, Severity::High);
    let suppressed = find(ViolationStatus::Open, true).unwrap();
    assert_eq!((suppressed.count, suppressed.overdue), (1, false));
    let fixed = find(ViolationStatus::Fixed, false).unwrap();
    assert_eq!((fixed.count, fixed.overdue, fixed.owner), (1, false, None));
    // Before the due day nothing is overdue.
    assert!(
        store
            .counts(c, day(5))
            .await
            .unwrap()
            .iter()
            .all(|r| !r.overdue)
    );
    assert!(store.counts(9999, day(5)).await.unwrap().is_empty());
}

/// Every write that changes what counts and listings show changes the revision (the web
/// server caches campaign counts on it).
async fn revision_changes_with_every_write(store: Db) {
    let mut last = store.revision().await.unwrap();
    let changed = |last: &mut String, what: &str, now: String| {
        assert_ne!(now, *last, "{what} left the revision at {last}");
        *last = now;
    };
    let (c, r) = setup(&store).await;
    changed(&mut last, "setup", store.revision().await.unwrap());
    // Reads leave it alone.
    all(&store, c).await;
    store.counts(c, day(1)).await.unwrap();
    store.audit(&AuditQuery::default()).await.unwrap();
    assert_eq!(store.revision().await.unwrap(), last);
    let seen = vec![
        obs("fp-a", "test-rule-a", Severity::High, "main.tf", 10),
        obs("fp-b", "test-rule-b", Severity::Low, "main.tf", 20),
        obs("fp-c", "test-rule-b", Severity::Low, "main.tf", 30),
    ];
    sync(&store, batch(c, r, C1, at(0), seen.clone(), &[])).await;
    changed(&mut last, "a sync", store.revision().await.unwrap());
    let mut moved = seen.clone();
    moved[0].owner = Some("@org/other".to_owned());
    sync(&store, batch(c, r, C1, at(1), moved, &[])).await;
    changed(
        &mut last,
        "a sync that changes an owner",
        store.revision().await.unwrap(),
    );
    sync(&store, batch(c, r, C2, at(2), vec![], &["fp-c"])).await;
    changed(
        &mut last,
        "a sync that fixes",
        store.revision().await.unwrap(),
    );
    let a = by_fp(&store, c, "fp-a").await;
    let b = by_fp(&store, c, "fp-b").await;
    store
        .set_status(&[a.id], ViolationStatus::WontFix, "no", "alice")
        .await
        .unwrap();
    changed(&mut last, "set_status", store.revision().await.unwrap());
    store.assign(a.id, "erin", "alice").await.unwrap();
    changed(&mut last, "assign", store.revision().await.unwrap());
    let e = store
        .request_exception(&NewException {
            violation_id: b.id,
            reason: "legacy".to_owned(),
            requester: "bob".to_owned(),
            expires_at: at(100),
            now: at(3),
        })
        .await
        .unwrap();
    changed(
        &mut last,
        "request_exception",
        store.revision().await.unwrap(),
    );
    store
        .decide_exception(e.id, true, "alice", None, at(4))
        .await
        .unwrap();
    changed(
        &mut last,
        "decide_exception",
        store.revision().await.unwrap(),
    );
    store.expire_exceptions(at(200), "driftless").await.unwrap();
    changed(
        &mut last,
        "expire_exceptions",
        store.revision().await.unwrap(),
    );
    store
        .set_campaign_state(c, CampaignState::Closed, "alice")
        .await
        .unwrap();
    changed(
        &mut last,
        "set_campaign_state",
        store.revision().await.unwrap(),
    );
}

/// PostgreSQL transactions may commit out of id order: the revision read after a newer
/// audit id committed still changes when a transaction holding an older id commits.
#[tokio::test]
async fn postgres_revision_sees_commits_out_of_id_order() {
    with_test_database(|url| async move {
        let store = open(&url).await.unwrap();
        setup(&store).await;
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        let insert = "INSERT INTO audit_log (at, actor, action, campaign_id, subject, detail) \
                      VALUES (now(), 'test', 'test', NULL, 'test', '{}'::jsonb)";
        let mut older = pool.begin().await.unwrap();
        sqlx::query(insert).execute(&mut *older).await.unwrap();
        let mut newer = pool.begin().await.unwrap();
        sqlx::query(insert).execute(&mut *newer).await.unwrap();
        newer.commit().await.unwrap();
        let before = store.revision().await.unwrap();
        older.commit().await.unwrap();
        assert_ne!(store.revision().await.unwrap(), before);
        pool.close().await;
    })
    .await;
}

async fn snapshots_replace_the_day(store: Db) {
    let (c, r) = setup_synced(
        &store,
        vec![
            obs("fp-a", "test-rule-a", Severity::High, "main.tf", 10),
            obs("fp-b", "test-rule-a", Severity::High, "main.tf", 20),
        ],
    )
    .await;
    let first = store.record_snapshot(c, day(1)).await.unwrap();
    assert_eq!(first.counts[&ViolationStatus::Open], 2);
    assert_eq!(first.counts.len(), ViolationStatus::ALL.len());
    assert_eq!(first.counts[&ViolationStatus::Fixed], 0);
    sync(&store, batch(c, r, C2, at(10), vec![], &["fp-a"])).await;
    let replaced = store.record_snapshot(c, day(1)).await.unwrap();
    store.record_snapshot(c, day(2)).await.unwrap();
    let all = store.snapshots(c).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0], replaced);
    assert_eq!(all[0].counts[&ViolationStatus::Open], 1);
    assert_eq!(all[0].counts[&ViolationStatus::Fixed], 1);
    assert_eq!(all[1].day, day(2));
    assert_not_found(&store.record_snapshot(9999, day(1)).await);
}

async fn audit_is_newest_first_and_filtered(store: Db) {
    let (c, _) = setup_synced(
        &store,
        vec![obs("fp-a", "test-rule-a", Severity::High, "main.tf", 10)],
    )
    .await;
    let log = store.audit(&AuditQuery::default()).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "campaign.sync",
            "violation.create",
            "repository.add",
            "campaign.create"
        ]
    );
    assert!(log.windows(2).all(|w| w[0].id > w[1].id));
    assert_eq!(log[0].at, at(0));
    assert_eq!(log[0].detail["new"], 1);
    assert_eq!(log[0].subject, "repository:infra-prod");
    let limited = store
        .audit(&AuditQuery {
            limit: 2,
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(limited, log[..2]);
    let of_campaign = store
        .audit(&AuditQuery {
            campaign_id: Some(c),
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(of_campaign.len(), 3, "repository.add is not a campaign's");
}

async fn audit_log_refuses_updates(store: Db) {
    // Backend-independent half: the store has no path that changes the log; the database
    // half is in `sqlite_audit_trigger` and `postgres_audit_trigger` below.
    setup(&store).await;
    let before = store.audit(&AuditQuery::default()).await.unwrap();
    store
        .set_campaign_state(before[1].campaign_id.unwrap(), CampaignState::Active, "x")
        .await
        .unwrap();
    let after = store.audit(&AuditQuery::default()).await.unwrap();
    assert_eq!(after[1..], before[..], "earlier entries are untouched");
}

// ---------------------------------------------------------------- backend-specific

#[tokio::test]
async fn sqlite_locked_database_fails_fast_with_a_clear_message() {
    use sqlx::Connection as _;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("locked.db").display());
    let mut settings = StoreSettings::new(url.clone());
    settings.busy_timeout = std::time::Duration::from_millis(200);
    let store = open_with(&settings).await.unwrap();
    let mut holder = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::raw_sql("BEGIN IMMEDIATE")
        .execute(&mut holder)
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let result = store.create_campaign(&new_campaign("x"), "alice").await;
    match result {
        Err(StoreError::Database(message)) => assert!(message.contains("locked"), "{message}"),
        other => panic!("expected a Database error, got {other:?}"),
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    sqlx::raw_sql("ROLLBACK")
        .execute(&mut holder)
        .await
        .unwrap();
    store
        .create_campaign(&new_campaign("x"), "alice")
        .await
        .unwrap();
    assert!(store.campaigns().await.unwrap().len() == 1);
}

#[tokio::test]
async fn sqlite_audit_trigger() {
    let dir = tempfile::tempdir().unwrap();
    let settings = StoreSettings::new(format!("sqlite://{}", dir.path().join("a.db").display()));
    let store: SqlStore = open_sqlite(&settings).await.unwrap();
    assert_audit_log_refuses(
        &store,
        &[
            "UPDATE audit_log SET actor = 'mallory'",
            "DELETE FROM audit_log",
        ],
    )
    .await;
}

#[tokio::test]
async fn postgres_audit_trigger() {
    with_test_database(|url| async move {
        let store: SqlStore = open_postgres(&StoreSettings::new(url)).await.unwrap();
        assert_audit_log_refuses(
            &store,
            &[
                "UPDATE audit_log SET actor = 'mallory'",
                "DELETE FROM audit_log",
                "TRUNCATE audit_log",
            ],
        )
        .await;
    })
    .await;
}

/// Migrates `store`, writes one audit entry, and checks that the database refuses each of
/// `statements` on the audit log with its `append-only` error.
async fn assert_audit_log_refuses(store: &SqlStore, statements: &[&'static str]) {
    store.migrate().await.unwrap();
    store
        .create_campaign(&new_campaign("x"), "alice")
        .await
        .unwrap();
    for &sql in statements {
        let result = match (store.sqlite_pool(), store.postgres_pool()) {
            (Some(pool), _) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
            (None, Some(pool)) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
            (None, None) => unreachable!("a store is on SQLite or PostgreSQL"),
        };
        let err = result.unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
    }
}

#[tokio::test]
async fn open_picks_the_backend_by_url() {
    assert!(matches!(
        open("mysql://localhost/x").await,
        Err(StoreError::UnsupportedUrl(_))
    ));
    let dir = tempfile::tempdir().unwrap();
    let default = driftless_campaign::store::default_url(dir.path());
    let store = open(&default).await.unwrap();
    assert!(dir.path().join(".driftless/driftless.db").is_file());
    store
        .create_campaign(&new_campaign("x"), "a")
        .await
        .unwrap();
    drop(store);
    // Reopening migrates nothing and keeps the data.
    let store = open(&format!(
        "sqlite:{}",
        dir.path().join(".driftless/driftless.db").display()
    ))
    .await
    .unwrap();
    assert_eq!(store.campaigns().await.unwrap().len(), 1);
    let memory = open("sqlite::memory:").await.unwrap();
    memory
        .create_campaign(&new_campaign("x"), "a")
        .await
        .unwrap();
    assert_eq!(memory.campaigns().await.unwrap().len(), 1);
}

// ---------------------------------------------------------------- benchmark

/// Syncs 100 000 violations into one campaign, then times first pages and a deep page of
/// the web UI's listing. `cargo test -p driftless-campaign --release --test store -- --ignored
/// --nocapture bench_`.
async fn bench_listing(store: Db, backend: &str) {
    let (c, r) = setup(&store).await;
    let severities = Severity::ALL;
    let seen: Vec<Observation> = (0..100_000_u32)
        .map(|i| {
            let mut o = obs(
                &format!("fp-{i:06}"),
                &format!("aws-rule-{:02}", i % 40),
                severities[(i % 5) as usize],
                &format!("modules/m{}/main.tf", i % 300),
                i % 500 + 1,
            );
            o.owner = (i % 7 != 0).then(|| format!("@org/team-{}", i % 25));
            o.due_date = (i % 3 != 0).then(|| day(1 + (i % 28) as u8));
            o
        })
        .collect();
    let started = std::time::Instant::now();
    let s = sync(&store, batch(c, r, C1, at(0), seen.clone(), &[])).await;
    assert_eq!(s.new, 100_000);
    let first_sync = started.elapsed();
    let started = std::time::Instant::now();
    let s = sync(&store, batch(c, r, C1, at(1), seen, &[])).await;
    assert_eq!(s.unchanged, 100_000);
    let second_sync = started.elapsed();
    eprintln!("{backend}: sync 100k new {first_sync:?}, same batch again {second_sync:?}");
    let ids: Vec<i64> = (1..=30_000).collect();
    store
        .set_status(&ids, ViolationStatus::WontFix, "bench", "alice")
        .await
        .unwrap();
    for (sort, descending, statuses) in [
        (ViolationSort::Id, false, vec![]),
        (ViolationSort::Severity, true, vec![ViolationStatus::Open]),
        (ViolationSort::Rule, false, vec![ViolationStatus::Open]),
        (ViolationSort::Path, false, vec![]),
        (ViolationSort::Owner, true, vec![ViolationStatus::WontFix]),
        (ViolationSort::Due, false, vec![ViolationStatus::Open]),
        (ViolationSort::Status, true, vec![]),
    ] {
        let mut query = ViolationQuery {
            campaign_id: Some(c),
            statuses,
            sort,
            descending,
            limit: 50,
            ..ViolationQuery::default()
        };
        let started = std::time::Instant::now();
        let page = store.violations(&query).await.unwrap();
        let first = started.elapsed();
        // Walk 200 pages deep (10 000 rows), then time one more page.
        for _ in 0..200 {
            query.after = store.violations(&query).await.unwrap().next;
        }
        let started = std::time::Instant::now();
        let deep = store.violations(&query).await.unwrap();
        let deep_time = started.elapsed();
        assert_eq!((page.items.len(), deep.items.len()), (50, 50));
        eprintln!(
            "{backend}: {sort:?} desc={descending} filter={:?}: first page {first:?}, page 201 {deep_time:?}",
            query.statuses
        );
    }
    let started = std::time::Instant::now();
    let counts = store.counts(c, day(15)).await.unwrap();
    eprintln!(
        "{backend}: counts ({} groups) {:?}",
        counts.len(),
        started.elapsed()
    );
}

#[tokio::test]
#[ignore = "benchmark: 100k violations"]
async fn bench_listing_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&format!("sqlite://{}", dir.path().join("b.db").display()))
        .await
        .unwrap();
    bench_listing(store, "sqlite").await;
}

#[tokio::test]
#[ignore = "benchmark: 100k violations"]
async fn bench_listing_postgres() {
    with_test_database(|url| async move {
        let store = open(&url).await.unwrap();
        bench_listing(store, "postgres").await;
    })
    .await;
}

// ---------------------------------------------------------------- web auth

async fn web_user(store: &Db, name: &str, role: Role) {
    store
        .add_user(
            &NewUser {
                name: name.to_owned(),
                email: format!("{name}@example.com"),
                git_identities: vec![],
                role,
                password_hash: None,
            },
            "admin",
        )
        .await
        .unwrap();
}

fn new_session(hash: &str, user: &str, created: i64, lifetime: i64) -> NewSession {
    NewSession {
        id_hash: hash.to_owned(),
        user: user.to_owned(),
        csrf_token: format!("csrf-{hash}"),
        created_at: at(created),
        expires_at: at(created + lifetime),
    }
}

async fn password_hash_is_set_and_ends_sessions(store: Db) {
    web_user(&store, "alice", Role::Security).await;
    assert_eq!(store.password_hash("alice").await.unwrap(), None);
    store
        .create_session(&new_session("h1", "alice", 0, 3600))
        .await
        .unwrap();
    store
        .set_password_hash("alice", Some("$argon2id$v=19$new"), "alice")
        .await
        .unwrap();
    assert_eq!(
        store.password_hash("alice").await.unwrap().as_deref(),
        Some("$argon2id$v=19$new")
    );
    assert!(
        store.session("h1", at(1)).await.unwrap().is_none(),
        "a new password ends the user's sessions"
    );
    store
        .set_password_hash("alice", None, "admin")
        .await
        .unwrap();
    assert_eq!(store.password_hash("alice").await.unwrap(), None);
    assert_not_found(&store.set_password_hash("carol", Some("x"), "admin").await);

    let log = store
        .audit(&AuditQuery {
            subject: Some("user:alice".to_owned()),
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    let actions: Vec<_> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["user.password", "user.password", "user.add"]);
    assert_eq!(log[1].actor, "alice");
    assert_eq!(log[1].detail["password"], true);
    assert_eq!(log[0].detail["password"], false);
    assert!(
        !log.iter().any(|e| e.detail.to_string().contains("argon2")),
        "no hash in the log"
    );
}

async fn sessions_expire_and_end(store: Db) {
    web_user(&store, "bob", Role::Developer).await;
    let before = audit_len(&store).await;
    let s = store
        .create_session(&new_session("aa", "bob", 0, 100))
        .await
        .unwrap();
    assert_eq!(s.user.name, "bob");
    assert_eq!(s.user.role, Role::Developer);
    assert_eq!(s.csrf_token, "csrf-aa");
    assert_eq!(s.expires_at, at(100));
    let found = store.session("aa", at(99)).await.unwrap().unwrap();
    assert_eq!(found, s);
    assert!(
        store.session("aa", at(100)).await.unwrap().is_none(),
        "expired"
    );
    assert!(
        store.session("zz", at(1)).await.unwrap().is_none(),
        "unknown"
    );
    assert_conflict(
        store
            .create_session(&new_session("aa", "bob", 5, 100))
            .await,
        "session",
    );
    assert_not_found(
        &store
            .create_session(&new_session("bb", "carol", 0, 100))
            .await,
    );

    store
        .create_session(&new_session("cc", "bob", 50, 100))
        .await
        .unwrap();
    assert_eq!(store.delete_expired_sessions(at(100)).await.unwrap(), 1);
    assert!(store.session("cc", at(101)).await.unwrap().is_some());
    store.delete_session("cc").await.unwrap();
    store.delete_session("cc").await.unwrap();
    assert!(
        store.session("cc", at(101)).await.unwrap().is_none(),
        "logged out"
    );
    assert_eq!(audit_len(&store).await, before, "logins are not audited");
}

async fn api_tokens_authenticate_until_revoked(store: Db) {
    web_user(&store, "ci", Role::Viewer).await;
    web_user(&store, "dev", Role::Developer).await;
    let new = |name: &str, user: &str, hash: &str| NewApiToken {
        name: name.to_owned(),
        user: user.to_owned(),
        token_hash: hash.to_owned(),
        created_at: at(0),
    };
    let t = store
        .create_api_token(&new("pipeline", "ci", "h-1"), "admin")
        .await
        .unwrap();
    assert_eq!((t.name.as_str(), t.user.as_str()), ("pipeline", "ci"));
    assert_eq!((t.last_used_at, t.revoked_at), (None, None));
    assert_conflict(
        store
            .create_api_token(&new("pipeline", "ci", "h-2"), "admin")
            .await,
        "pipeline",
    );
    assert_not_found(
        &store
            .create_api_token(&new("x", "carol", "h-3"), "admin")
            .await,
    );
    store
        .create_api_token(&new("pipeline", "dev", "h-4"), "dev")
        .await
        .unwrap();

    let (token, user) = store
        .authenticate_api_token("h-1", at(10))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((token.id, user.name.as_str()), (t.id, "ci"));
    assert_eq!(token.last_used_at, Some(at(10)));
    // Within a minute the last use is not written again.
    store
        .authenticate_api_token("h-1", at(30))
        .await
        .unwrap()
        .unwrap();
    let listed = store.api_tokens(Some("ci")).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].last_used_at, Some(at(10)));
    store
        .authenticate_api_token("h-1", at(200))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        store.api_tokens(Some("ci")).await.unwrap()[0].last_used_at,
        Some(at(200))
    );
    assert!(
        store
            .authenticate_api_token("nope", at(10))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.api_tokens(None).await.unwrap().len(), 2);

    let revoked = store
        .revoke_api_token(t.id, "admin", at(300))
        .await
        .unwrap();
    assert_eq!(revoked.revoked_at, Some(at(300)));
    assert!(
        store
            .authenticate_api_token("h-1", at(301))
            .await
            .unwrap()
            .is_none()
    );
    let again = store
        .revoke_api_token(t.id, "admin", at(400))
        .await
        .unwrap();
    assert_eq!(
        again.revoked_at,
        Some(at(300)),
        "revoking twice changes nothing"
    );
    assert_not_found(&store.revoke_api_token(999, "admin", at(400)).await);
    // The name of a revoked token can be used again.
    store
        .create_api_token(&new("pipeline", "ci", "h-5"), "admin")
        .await
        .unwrap();

    let log = store.audit(&AuditQuery::default()).await.unwrap();
    let actions: Vec<_> = log
        .iter()
        .filter(|e| e.action.starts_with("token."))
        .map(|e| (e.action.as_str(), e.actor.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("token.create", "admin"),
            ("token.revoke", "admin"),
            ("token.create", "dev"),
            ("token.create", "admin"),
        ]
    );
    assert!(
        !log.iter().any(|e| e.detail.to_string().contains("h-")),
        "no token hash in the log"
    );
}
