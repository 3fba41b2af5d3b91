//! Seeds a campaign store for the web load bench (`bench/web_load.py`, issue 6 scope 5).
//!
//! ```text
//! cargo run --release -p driftless-server --example seed_violations -- \
//!     --database-url sqlite:/tmp/bench/driftless.db --violations 100000
//! ```
//!
//! Writes, through the public [`Store`] API only (no SQL): a few repositories, one active
//! campaign `bench` with `--violations` violations spread over the rule catalog, the five
//! severities, ~60 owning teams (and unowned ones), ~9 000 files, due dates around today
//! (some overdue), one sync per repository; then moves them on as a real campaign does:
//! ~20 % fixed by a second sync, ~15 % carried by pull requests (in review or proposed),
//! ~8 % won't fix, ~2 % excepted through requested and approved exceptions, the rest open.
//! Finally a security user `bench` with an API token, printed as the last line
//! (`token dl_...`) for the load tool's `Authorization: Bearer` header.
//!
//! The spread is deterministic (a fixed-seed generator): two runs give the same store.

use driftless_campaign::store::{StoreSettings, open_with};
use driftless_campaign::{
    CampaignState, Id, NewApiToken, NewCampaign, NewException, NewRepository, NewUser, Observation,
    OwnerSource, PullRequestState, RemediationRecord, Role, RuleSelector, SyncBatch,
    ViolationQuery, ViolationStatus,
};
use driftless_diagnostics::{Applicability, RuleId, Severity};
use std::collections::{BTreeMap, HashMap};
use std::time::Instant;
use time::{Duration, OffsetDateTime};

const USAGE: &str =
    "usage: seed_violations --database-url URL [--violations N] [--campaign NAME] [--user NAME]";

/// Repositories and their share of the violations (a few large monorepos, a long tail).
const REPOSITORIES: &[(&str, u32)] = &[
    ("infra-prod", 22),
    ("infra-staging", 16),
    ("platform-network", 12),
    ("payments-infra", 10),
    ("data-lake", 9),
    ("identity", 7),
    ("edge-cdn", 6),
    ("ml-training", 5),
    ("observability", 5),
    ("search-infra", 4),
    ("legacy-ec2", 3),
    ("sandbox", 1),
];

/// A small deterministic generator (SplitMix64): no dependency, same store every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// An index picked with the given weights.
    fn weighted(&mut self, weights: impl IntoIterator<Item = u32> + Clone) -> usize {
        let total: u64 = weights.clone().into_iter().map(u64::from).sum();
        let mut x = self.below(total);
        for (i, w) in weights.into_iter().enumerate() {
            if x < u64::from(w) {
                return i;
            }
            x -= u64::from(w);
        }
        0
    }
}

struct Args {
    database_url: String,
    violations: u32,
    campaign: String,
    user: String,
}

fn parse_args() -> Result<Args, String> {
    let mut database_url = None;
    let mut violations = 100_000;
    let mut campaign = "bench".to_owned();
    let mut user = "bench".to_owned();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--database-url" => database_url = Some(value()?),
            "--violations" => {
                violations = value()?.parse().map_err(|e| format!("--violations: {e}"))?;
            }
            "--campaign" => campaign = value()?,
            "--user" => user = value()?,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(Args {
        database_url: database_url
            .or_else(|| std::env::var("DRIFTLESS_DATABASE_URL").ok())
            .ok_or_else(|| USAGE.to_owned())?,
        violations,
        campaign,
        user,
    })
}

fn commit(n: u64) -> String {
    format!("{n:040x}")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = parse_args().map_err(anyhow::Error::msg)?;
    let started = Instant::now();
    let store = open_with(&StoreSettings::new(&args.database_url)).await?;
    let store = store.as_ref();
    let actor = "seed";
    let now = OffsetDateTime::now_utc();
    let today = now.date();
    let mut rng = Rng(0x00d7_1f71_e55b_e4c4);

    let rules: Vec<(RuleId, Severity)> = driftless_rules::all_rules()
        .iter()
        .map(|r| (r.meta().id.clone(), r.meta().severity))
        .collect();
    anyhow::ensure!(!rules.is_empty(), "the rule catalog is empty");
    let teams: Vec<String> = (0..60)
        .map(|i| {
            let area = ["platform", "payments", "data", "identity", "edge", "ml"][i % 6];
            format!("@acme/{area}-team-{i:02}")
        })
        .collect();
    let due_days = BTreeMap::from([
        (Severity::Critical, 7),
        (Severity::High, 30),
        (Severity::Medium, 90),
    ]);

    let mut repos = Vec::new();
    for (name, _) in REPOSITORIES {
        let repo = store
            .upsert_repository(
                &NewRepository {
                    name: (*name).to_owned(),
                    url: format!("https://git.example.com/acme/{name}.git"),
                    default_branch: Some("main".to_owned()),
                    forge: "gitea".to_owned(),
                    api_url: None,
                    slug: Some(format!("acme/{name}")),
                },
                actor,
            )
            .await?;
        repos.push(repo.id);
    }
    let campaign = store
        .create_campaign(
            &NewCampaign {
                name: args.campaign.clone(),
                description: format!(
                    "Load bench: {} violations over {} repositories",
                    args.violations,
                    repos.len()
                ),
                rules: RuleSelector {
                    select: vec!["aws-".to_owned()],
                    ignore: Vec::new(),
                    min_severity: None,
                },
                repositories: vec!["*".to_owned()],
                due_days: due_days.clone(),
                default_assignee: Some("@acme/security".to_owned()),
                count_suppressed: true,
            },
            actor,
        )
        .await?;

    // ---- the first sync of every repository: everything open.
    let first_seen = now - Duration::days(45);
    let mut seen: Vec<Vec<Observation>> = vec![Vec::new(); repos.len()];
    for i in 0..args.violations {
        let r = rng.weighted(REPOSITORIES.iter().map(|(_, w)| *w));
        let (rule, rule_severity) = &rules[usize::try_from(rng.below(rules.len() as u64))?];
        // Mostly the rule's own severity; a campaign's severity overrides give a few others.
        let severity = if rng.below(10) < 8 {
            *rule_severity
        } else {
            Severity::ALL[rng.weighted([5, 25, 40, 25, 5])]
        };
        let module = rng.below(150);
        let file = [
            "main.tf",
            "variables.tf",
            "iam.tf",
            "network.tf",
            "storage.tf",
            "compute.tf",
        ][usize::try_from(rng.below(6))?];
        let path = format!("modules/m{module:03}/{file}");
        let line = u32::try_from(rng.below(800))? + 1;
        let owner = match rng.below(10) {
            0 => None,
            _ => Some(
                teams[rng.weighted((0..teams.len()).map(|t| 60 - u32::try_from(t).unwrap_or(60)))]
                    .clone(),
            ),
        };
        let due_date = due_days.get(&severity).map(|_| {
            // Due dates from ~2 months ago to ~3 months ahead: some overdue.
            today + Duration::days(i64::try_from(rng.below(150)).unwrap_or(0) - 60)
        });
        let fingerprint = format!("bench-{i:07}-{:016x}", rng.next());
        seen[r].push(Observation {
            message: format!("{rule} fires on aws_instance.web_{i}"),
            address: format!("module.m{module:03}.aws_instance.web_{i}").parse()?,
            instances: vec![format!("module.m{module:03}.aws_instance.web_{i}[0]").parse()?],
            root_module: ".".to_owned(),
            path,
            start_line: line,
            end_line: line + u32::try_from(rng.below(12))?,
            call_chain: vec![format!("module.m{module:03} (main.tf:{})", 10 + module)],
            fix_diff: Some(format!(
                "--- a/modules/m{module:03}/{file}\n+++ b/modules/m{module:03}/{file}\n@@ -{line},3 +{line},4 @@\n resource \"aws_instance\" \"web_{i}\" {{\n+  metadata_options {{ http_tokens = \"required\" }}\n }}\n"
            )),
            fix_applicability: Some(Applicability::Review),
            impact_note: (rng.below(3) == 0)
                .then(|| "Clients still calling IMDSv1 stop working".to_owned()),
            recommendation: None,
            suppression: (rng.below(100) == 0)
                .then(|| "driftless:ignore accepted by the owning team".to_owned()),
            owner_source: owner.as_ref().map(|_| OwnerSource::Codeowners),
            owner,
            due_date,
            fingerprint,
            rule_id: rule.clone(),
            severity,
        });
    }
    for (r, repo) in repos.iter().enumerate() {
        store
            .apply_sync(
                &SyncBatch {
                    campaign_id: campaign.id,
                    repository_id: *repo,
                    commit: commit(1),
                    now: first_seen,
                    seen: std::mem::take(&mut seen[r]),
                    fixed: Vec::new(),
                },
                actor,
            )
            .await?;
    }
    store
        .set_campaign_state(campaign.id, CampaignState::Active, actor)
        .await?;
    eprintln!(
        "seeded {} open violations in {:.1?}",
        args.violations,
        started.elapsed()
    );

    // ---- move them on: pick a fate for every violation.
    let all = store
        .violations(&ViolationQuery {
            campaign_id: Some(campaign.id),
            limit: 0,
            ..ViolationQuery::default()
        })
        .await?
        .items;
    let mut fixed: HashMap<Id, Vec<String>> = HashMap::new();
    let mut in_review: HashMap<Id, Vec<Id>> = HashMap::new();
    let mut proposed: HashMap<Id, Vec<Id>> = HashMap::new();
    let mut wont_fix = Vec::new();
    let mut excepted = Vec::new();
    for v in &all {
        match rng.below(100) {
            0..20 => fixed
                .entry(v.repository_id)
                .or_default()
                .push(v.fingerprint.clone()),
            20..30 => in_review.entry(v.repository_id).or_default().push(v.id),
            30..35 => proposed.entry(v.repository_id).or_default().push(v.id),
            35..43 => wont_fix.push(v.id),
            43..45 => excepted.push(v.id),
            _ => {}
        }
    }
    for (repo, fps) in fixed {
        store
            .apply_sync(
                &SyncBatch {
                    campaign_id: campaign.id,
                    repository_id: repo,
                    commit: commit(2),
                    now: now - Duration::days(3),
                    seen: Vec::new(),
                    fixed: fps,
                },
                actor,
            )
            .await?;
    }
    let mut number = 0;
    for (groups, state) in [
        (in_review, PullRequestState::Open),
        (proposed, PullRequestState::None),
    ] {
        for (repo, ids) in groups {
            for chunk in ids.chunks(250) {
                number += 1;
                store
                    .record_remediation(
                        &RemediationRecord {
                            campaign_id: campaign.id,
                            repository_id: repo,
                            group_key: format!("batch-{number}"),
                            branch: format!("driftless/{}-{number}", args.campaign),
                            base_branch: "main".to_owned(),
                            pushed_commit: commit(1000 + number),
                            url: (state == PullRequestState::Open)
                                .then(|| format!("https://git.example.com/pulls/{number}")),
                            number: (state == PullRequestState::Open)
                                .then(|| i64::try_from(number).unwrap_or(0)),
                            state,
                            violation_ids: chunk.to_vec(),
                            verifications: std::collections::BTreeMap::new(),
                            now: now - Duration::days(7),
                        },
                        actor,
                    )
                    .await?;
            }
        }
    }
    for chunk in wont_fix.chunks(2000) {
        store
            .set_status(chunk, ViolationStatus::WontFix, "accepted risk", actor)
            .await?;
    }
    for id in &excepted {
        let e = store
            .request_exception(&NewException {
                violation_id: *id,
                reason: "Compensating control: the instance has no credentials".to_owned(),
                requester: "seed".to_owned(),
                expires_at: now + Duration::days(90),
                now: now - Duration::days(10),
            })
            .await?;
        store
            .decide_exception(e.id, true, actor, Some("ok"), now - Duration::days(9))
            .await?;
    }

    // ---- the reader: a security user with an API token.
    store
        .add_user(
            &NewUser {
                name: args.user.clone(),
                email: format!("{}@example.com", args.user),
                git_identities: Vec::new(),
                role: Role::Security,
                password_hash: None,
            },
            actor,
        )
        .await?;
    let (token, hash) = driftless_server::auth::new_api_token();
    store
        .create_api_token(
            &NewApiToken {
                name: "web-load-bench".to_owned(),
                user: args.user.clone(),
                token_hash: hash,
                created_at: now,
            },
            actor,
        )
        .await?;
    let counts = store.counts(campaign.id, today).await?;
    let mut by_status: BTreeMap<&str, u64> = BTreeMap::new();
    for row in &counts {
        *by_status.entry(row.status.as_str()).or_default() += row.count;
    }
    eprintln!(
        "campaign {}: {} violations {by_status:?}, {} count groups; seeded in {:.1?}",
        campaign.name,
        by_status.values().sum::<u64>(),
        counts.len(),
        started.elapsed()
    );
    println!("campaign {}", campaign.name);
    println!("token {token}");
    Ok(())
}
